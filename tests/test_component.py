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
