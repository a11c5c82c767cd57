"""sismo as a spaCy component in a user's own pipeline."""

from __future__ import annotations

import spacy

import sismo.components  # noqa: F401  (registers the factories, as the entry point does)
from sismo.models import model_package


def test_add_pipe_sets_doc_events() -> None:
    nlp = spacy.load(model_package("fr"), exclude=["ner"])
    nlp.add_pipe("sismo_events")
    doc = nlp.make_doc("L'OTAN exhorte l'Iran à la retenue.")
    doc._.sismo_date = "2020-01-08"
    doc = nlp(doc)
    assert [(e.source.root, e.target.root if e.target else None) for e in doc._.events] == [
        ("NATO", "IRN")
    ]
    assert doc._.events[0].root == "02"


def test_actors_component_alone() -> None:
    nlp = spacy.load(model_package("en"), exclude=["ner"])
    nlp.add_pipe("sismo_actors")
    doc = nlp("NATO and the United Nations met in Kyiv.")
    roots = {m.pick(None).root for m in doc._.sismo_names}
    assert {"NATO", "UN", "UKR"} <= roots


def test_line_breaks_sentence_limits() -> None:
    """A line break starts a sentence; no sentence starts after a word; "fin. »" stays whole;
    after a full stop, or a quote closing one, the parser decides."""
    nlp = spacy.blank("fr")
    nlp.add_pipe("sismo_line_breaks")
    doc = nlp("Titre\nIl dit : « Non. » Puis il part.\n\nFin")
    starts = {t.text: t.is_sent_start for t in doc if not t.is_space}
    assert [t.text for t in doc if t.is_sent_start] == ["Titre", "Il", "Fin"]
    assert starts["»"] is False  # the quote closes the sentence of "Non."
    assert starts["Puis"] is None  # after « … . », left to the parser
    assert starts["dit"] is False and starts["Non"] is False  # after ":" and "«": words
    assert nlp("Seul")[0].is_sent_start is True


def test_kept_text_gives_the_same_events_and_a_wrong_one_is_ignored() -> None:
    """`doc._.sismo_text` only spares rebuilding the text: the events, their offsets and the
    sentence notes are those of `doc.text`; a text that does not fit the Doc is not used."""
    nlp = spacy.load(model_package("fr"), exclude=["ner"])
    nlp.add_pipe("sismo_events")
    text = "Paris, 8 janvier.\nL'OTAN a condamné hier l'attaque de l'Iran contre Bagdad."

    def coded(kept: str | None) -> tuple[list[dict[str, object]], list[str]]:
        doc = nlp.make_doc(text)
        doc._.sismo_date = "2020-01-08"
        doc._.sismo_text = kept
        doc = nlp(doc)
        return [e.to_dict() for e in doc._.events], [n.sentence for n in doc._.sismo_notes]

    plain = coded(None)
    assert plain[0], "the sentence codes an event"
    assert coded(text) == plain
    assert coded(text.upper() + "!") == plain  # does not fit the Doc: doc.text is used
