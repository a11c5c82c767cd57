"""DocView answers as spaCy's Token API does, on real parses of both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, MORPH, ORTH, POS

from sismo.doc_view import DocView, label_starts, sid, sids
from sismo.models import load_parser

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"


def _texts(name: str, count: int) -> list[str]:
    lines = (GOLD / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:count]]


@pytest.mark.parametrize(
    ("lang", "gold"), [("fr", "fr_wikinews_dev.jsonl"), ("en", "en_news_dev.jsonl")]
)
def test_view_matches_token_api(lang: str, gold: str) -> None:
    nlp = load_parser(lang)
    checked = coordinated = 0
    for doc in nlp.pipe(_texts(gold, 3)):
        view = DocView.of(doc)
        assert DocView.of(doc) is view  # read once per Doc
        text = doc.text
        for tok in doc:
            i = tok.i
            assert view.heads[i] == tok.head.i
            assert view.deps[i] == tok.dep and view.pos[i] == tok.pos
            assert (view.lemmas[i], view.lowers[i], view.orths[i]) == (
                tok.lemma,
                tok.lower,
                tok.orth,
            )
            assert view.children[i] == [c.i for c in tok.children]
            assert view.morphs[i] == tok.morph.key
            assert view.subtree(i) == [t.i for t in tok.subtree]
            assert all(
                view.governs(i, k) == (k == i or tok.is_ancestor(doc[k])) for k in range(len(doc))
            )
            assert (view.left_edge(i), view.right_edge(i)) == (tok.left_edge.i, tok.right_edge.i)
            assert view.conjuncts(i) == [t.i for t in tok.conjuncts]
            coordinated += bool(view.conjuncts(i))
            assert view.text(text, i, i + 1) == tok.text
            assert view.conjuncts(i) == [c.i for c in tok.conjuncts]
            for prefix in ("obl", "nmod", "aux", ("obl", "nmod")):
                assert label_starts(doc.vocab.strings, view.deps[i], prefix) == (
                    tok.dep_.startswith(prefix)
                )
            checked += 1
        assert view.text(text, 0, len(doc)) == doc[:].text
        for attr in (DEP, POS, LEMMA, LOWER, ORTH, IDX, LENGTH, MORPH):
            assert view.column(attr).tolist() == doc.to_array(attr).tolist()
        with pytest.raises(ValueError):
            view.column(HEAD)
    assert checked > 500 and coordinated > 0


def test_string_ids_are_the_vocabulary_ids() -> None:
    doc = load_parser("fr")("Le président a appelé le ministre.")
    view = DocView.of(doc)
    assert sid("nsubj") in view.deps
    assert sid("appeler") in view.lemmas
    assert sids(["nsubj", "obj"]) == {doc.vocab.strings["nsubj"], doc.vocab.strings["obj"]}


def test_a_retokenized_doc_is_read_again() -> None:
    doc = load_parser("en")("The United Nations condemned the attack.")
    before = DocView.of(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[1:3])
    after = DocView.of(doc)
    assert after is not before and after.n == len(doc) == before.n - 1
