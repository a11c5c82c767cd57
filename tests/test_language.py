"""Language detection and resolution."""

from __future__ import annotations

import pytest

from sismo.documents import Document
from sismo.errors import LanguageError
from sismo.language import SUPPORTED_LANGUAGES, detect_language, resolve_language

FRENCH = (
    "Le président de la République a reçu mardi le Premier ministre israélien à l'Élysée. "
    "Les deux dirigeants ont évoqué la situation au Proche-Orient et les négociations en cours."
)
ENGLISH = (
    "The Secretary of State met his Russian counterpart in Geneva on Tuesday. "
    "Both sides said the talks on arms control had been constructive but difficult."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag neue Sanktionen gegen Russland beschlossen. "
    "Der Außenminister sagte, die Maßnahmen seien notwendig und angemessen."
)


def test_supported() -> None:
    assert SUPPORTED_LANGUAGES == ("fr", "en")


def test_detects_french_and_english() -> None:
    assert detect_language(FRENCH) == "fr"
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"


def test_unsure_is_none() -> None:
    assert detect_language("1234 5678") is None
    assert detect_language("   ") is None


def test_resolve_detects() -> None:
    assert resolve_language(Document(id="d", text=FRENCH), None) == "fr"
    assert resolve_language(Document(id="d", text=ENGLISH), None) == "en"


def test_forced_language_wins() -> None:
    doc = Document(id="d", text=FRENCH, lang="fr")
    assert resolve_language(doc, "en") == "en"
    assert resolve_language(Document(id="d", text=ENGLISH), "FR") == "fr"


def test_document_lang_beats_detection() -> None:
    assert resolve_language(Document(id="d", text=ENGLISH, lang="fr"), None) == "fr"


def test_german_not_supported() -> None:
    with pytest.raises(LanguageError) as info:
        resolve_language(Document(id="d1", text=GERMAN), None)
    assert info.value.code == "E006"
    assert info.value.fields["lang"] == "de"
    assert "d1" in str(info.value)
    assert "fr, en" in str(info.value)


def test_unknown_language() -> None:
    with pytest.raises(LanguageError) as info:
        resolve_language(Document(id="d2", text="1234 5678"), None)
    assert info.value.code == "E011"
    assert "d2" in str(info.value)
