"""The coder streams documents: every input gives exactly one result, failures included."""

from __future__ import annotations

from sismo import Coder, Document, Failure, Settings


def test_bad_documents_fail_alone_and_in_order() -> None:
    coder = Coder(Settings(max_chars=1000, max_document_chars=2000))
    items = [
        Document(
            id="long", text="La France a condamné la Russie. " * 100, date="2020-01", lang="fr"
        ),
        Document(
            id="german",
            text="Die Regierung hat heute in Berlin eine neue Politik "
            "gegen die Inflation angekündigt und die Opposition kritisiert.",
            date="2020-01",
        ),
        Failure("bad.txt", "E004", "bad.txt: invalid date '2020-13'"),
        Document(id="ok", text="La France a condamné la Russie.", date="2020-01", lang="fr"),
    ]
    results = list(coder.code_all(items))
    assert [r.code if isinstance(r, Failure) else r.document.id for r in results] == [
        "E015",
        "E006",
        "E004",
        "ok",
    ]
    ok = results[-1]
    assert not isinstance(ok, Failure) and [e.root for e in ok.events] == ["11"]


def test_mixed_languages_in_one_batch() -> None:
    coder = Coder(Settings())
    docs = [
        Document(id="fr", text="La France a condamné la Russie.", date="2020-01"),
        Document(id="en", text="The United States condemned Russia on Monday.", date="2020-01"),
    ]
    results = list(coder.code_all(docs))
    assert [(r.document.id, r.lang) for r in results if not isinstance(r, Failure)] == [
        ("fr", "fr"),
        ("en", "en"),
    ]
