"""Which language a document is in, and whether sismo can code it."""

from __future__ import annotations

import functools

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from .documents import Document
from .errors import LanguageError

SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "en")

# A moderate candidate set: enough to tell "not French or English" apart from French or English,
# small enough to keep the detector quick to build and light in memory.
_CANDIDATES: tuple[str, ...] = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ar", "ru", "tr", "pl", "zh",
)  # fmt: skip
_SAMPLE_CHARS = 2000
# Below this gap between the two best languages lingua answers None ("unsure").
_MIN_RELATIVE_DISTANCE = 0.1


@functools.lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """Build the lingua detector once: building it loads language models."""
    codes = [IsoCode639_1.from_str(code) for code in _CANDIDATES]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_minimum_relative_distance(_MIN_RELATIVE_DISTANCE)
        .build()
    )


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when lingua is unsure.

    Only the opening characters are read: news language is settled long before 2000 characters.
    """
    sample = text[:_SAMPLE_CHARS]
    if not sample.strip():
        return None
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def _normalise(code: str | None) -> str | None:
    """Lower-case a language code and drop a region part ("fr-FR" -> "fr"); blank -> None."""
    if code is None:
        return None
    code = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return code or None


def resolve_language(doc: Document, forced: str | None) -> str:
    """The language to code `doc` in: forced, else the document's own, else detected.

    Raises E011 when no language can be told and E006 when sismo has no pipeline for it.
    """
    lang = _normalise(forced) or _normalise(doc.lang) or detect_language(doc.text)
    if lang is None:
        raise LanguageError("E011", where=doc.id)
    if lang not in SUPPORTED_LANGUAGES:
        raise LanguageError(
            "E006", where=doc.id, lang=lang, supported=", ".join(SUPPORTED_LANGUAGES)
        )
    return lang
