"""The coder streams documents: every input gives exactly one result, failures included."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sismo import CodedDocument, Coder, Document, Failure, Settings


def _outcomes(results: list[CodedDocument | Failure]) -> list[str]:
    """Per result, the document id when coded, the error code when it failed."""
    return [r.code if isinstance(r, Failure) else r.document.id for r in results]


def test_bad_documents_fail_alone_and_in_order() -> None:
    coder = Coder(Settings(max_chars=1000, max_document_chars=2000))
    items: list[Document | Failure] = [
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
    assert _outcomes(results) == ["E015", "E006", "E004", "ok"]
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


class _CrashOnMarker:
    """A component that raises on a Doc holding "Zorglub", and records the texts it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, doc: Doc) -> Doc:
        self.seen.append(doc.text)
        if "Zorglub" in doc.text:
            raise RuntimeError("injected fault")
        return doc


def _make_crash_on_marker(nlp: Language, name: str) -> _CrashOnMarker:
    return _CrashOnMarker()


def test_a_crash_inside_a_batch_fails_that_document_only() -> None:
    """A component that raises mid-batch: the documents already coded are kept (not coded
    again), the bad one is an E014 Failure, the rest of the batch is coded one by one, all
    in input order."""
    name = "sismo_test_crash_on_marker"
    if not Language.has_factory(name):
        Language.factory(name, func=_make_crash_on_marker)
    coder = Coder(Settings(batch_size=4))
    crash = coder.pipeline("fr").add_pipe(name, last=True)
    assert isinstance(crash, _CrashOnMarker)
    texts = [
        "La France a condamné la Russie.",
        "Le Japon a critiqué la Chine.",
        "Zorglub a condamné la Russie.",
        "L'Allemagne a condamné l'Iran.",
        "L'Italie a critiqué la Turquie.",
    ]
    items = [Document(id=str(n), text=t, date="2020-01", lang="fr") for n, t in enumerate(texts)]
    results = list(coder.code_all(items))
    assert _outcomes(results) == ["0", "1", "E014", "3", "4"]
    assert [crash.seen.count(t) for t in texts] == [1, 1, 2, 1, 1]  # the bad one: batch, alone
    bad = results[2]
    assert isinstance(bad, Failure) and "RuntimeError: injected fault" in bad.message
    alone = [next(iter(coder.code_all([item]))) for item in items]
    for streamed, single in zip(results, alone, strict=True):
        if not isinstance(streamed, Failure):
            assert not isinstance(single, Failure)
            assert streamed.events == single.events and streamed.events
