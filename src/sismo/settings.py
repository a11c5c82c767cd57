"""All of sismo's knobs in one validated object (no module-level configuration)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .documents import validate_date
from .errors import SettingsError

SUPPORTED_LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Settings:
    """How documents are coded.

    `lang` forces a language for every document; `date` is the fallback publication date for
    documents without one. `targetless` also keeps events whose target is unknown (off by
    default: event data are dyads, and a one-sided act is rarely usable).
    `vector_threshold` is the cosine similarity above which an unseen
    verb borrows the code of its nearest lexicon verb (0 disables it; needs a pipeline with
    vectors). `models` overrides the spaCy package used per language.
    `max_chars` is the most text spaCy parses at once: a longer document is coded in parts of
    at most that size, cut at paragraph breaks, so memory stays bounded whatever its length;
    `max_document_chars` is the longest document accepted at all (E015 above it).
    """

    lang: str | None = None
    date: str | None = None
    targetless: bool = False
    vector_threshold: float = 0.0
    batch_size: int = 32
    max_chars: int = 100_000
    max_document_chars: int = 200_000_000
    models: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.lang is not None and self.lang not in SUPPORTED_LANGUAGES:
            raise SettingsError(
                "E012", name="lang", value=self.lang, reason="expected one of fr, en"
            )
        if self.date is not None:
            validate_date(self.date, where="--date")
        if not 0.0 <= self.vector_threshold <= 1.0:
            raise SettingsError(
                "E012",
                name="vector_threshold",
                value=self.vector_threshold,
                reason="expected a number between 0 and 1",
            )
        if self.batch_size < 1:
            raise SettingsError(
                "E012",
                name="batch_size",
                value=self.batch_size,
                reason="expected a positive integer",
            )
        if self.max_chars < 1000:
            raise SettingsError(
                "E012", name="max_chars", value=self.max_chars, reason="expected at least 1000"
            )
        if self.max_document_chars < self.max_chars:
            raise SettingsError(
                "E012",
                name="max_document_chars",
                value=self.max_document_chars,
                reason="expected at least max_chars",
            )
