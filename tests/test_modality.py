"""sismo.modality on real parses: the Doc-list reads agree with the Token API, and the
negation / hypothesis / question tests give their reasons."""

from __future__ import annotations

import pytest

from sismo.doc_view import DocView, label_starts, morph_values
from sismo.intent import is_announced
from sismo.modality import blocked_reason
from sismo.models import load_parser


@pytest.fixture(scope="module")
def fr():  # type: ignore[no-untyped-def]
    return load_parser("fr")


@pytest.fixture(scope="module")
def en():  # type: ignore[no-untyped-def]
    return load_parser("en")


def test_morphology_and_label_reads_agree_with_the_token_api(fr) -> None:  # type: ignore[no-untyped-def]
    doc = fr("L'armée aurait bombardé la ville et les rebelles quitteront le pays.")
    view = DocView.of(doc)
    for tok in doc:
        for field in ("Mood", "Tense", "VerbForm"):
            assert morph_values(doc, view, tok.i, field) == tuple(tok.morph.get(field, []))
        for prefix in ("aux", "nsubj"):
            assert label_starts(doc.vocab.strings, view.deps[tok.i], prefix) == tok.dep_.startswith(
                prefix
            )


def _verb(doc, lemma: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.lemma_ == lemma)


@pytest.mark.parametrize(
    ("text", "lemma", "reason"),
    [
        ("L'armée n'a pas bombardé la ville.", "bombarder", "negated"),
        ("Si l'armée bombardait la ville, les rebelles partiraient.", "bombarder", "hypothetical"),
        ("L'armée a refusé d'attaquer la ville.", "attaquer", "not asserted (refuser)"),
        ("L'armée a bombardé la ville.", "bombarder", None),
    ],
)
def test_blocked_reason_in_french(fr, text: str, lemma: str, reason: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = fr(text)
    assert blocked_reason(_verb(doc, lemma), "fr") == reason


def test_blocked_reason_and_announcement_in_english(en) -> None:  # type: ignore[no-untyped-def]
    nlp = en
    assert blocked_reason(_verb(nlp("Russia did not attack Ukraine."), "attack"), "en") == "negated"
    assert blocked_reason(_verb(nlp("Did Russia attack Ukraine?"), "attack"), "en") == "question"
    assert blocked_reason(_verb(nlp("Russia could attack Ukraine."), "attack"), "en") == (
        "hypothetical"
    )
    assert is_announced(_verb(nlp("The United States will send weapons."), "send"), "en")
    assert not is_announced(_verb(nlp("The United States sent weapons."), "send"), "en")
