"""Property tests (Hypothesis): whatever the bytes or the Unicode text, the readers and the coder
answer with Documents, Failures and well-formed events, never an exception.

Examples are bounded (a few dozen per property, short texts) so that the file runs in well
under a minute on the session's shared Coder.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sismo import Coder, Document, Settings
from sismo.cameo import cameo_table
from sismo.decoding import decode_bytes
from sismo.documents import Failure
from sismo.errors import InputError
from sismo.parts import part_spans
from sismo.pipeline import CodedDocument
from sismo.readers import read_inputs, read_text

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Words that reach deep into the coder: actors, roles, predicates, modality, punctuation.
_WORDS = (
    "la France", "l'Iran", "les États-Unis", "l'OTAN", "Moscou", "le président", "la police",
    "a condamné", "a rencontré", "n'a pas", "si", "menace d'envahir", "exhorte", "il", "elle",
    "the United States", "Russia", "NATO", "the minister", "they", "condemned", "met with",
    "did not", "urged", "to release", "attacked", "and", "et", ",", ".", "?", "«", "»", "\n",
    "\n\n", "—", "'s", "-", "anti-", "qui", "who", "ne", "pas", "2020", "é", "\u200b", "\t",
)  # fmt: skip
word_salad = st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join)
any_text = st.text(max_size=300)
texts = st.one_of(any_text, word_salad)


def check_events(result: CodedDocument, text: str) -> None:
    """Every event and note points inside the text at what it claims."""
    for e in result.events:
        assert 0 <= e.start <= e.trigger_start < e.trigger_end <= e.end <= len(text)
        assert text[e.start : e.end] == e.sentence
        assert e.code in cameo_table() and e.code.startswith(e.root)
        assert e.quad_class in (1, 2, 3, 4) and -10.0 <= e.goldstein <= 10.0
        assert e.source.code and (e.target is None or e.target.code)
        json.dumps(e.to_dict())
    for note in result.notes:
        assert 0 <= note.start <= note.end <= len(text)
        assert text[note.start : note.end] == note.sentence and note.reason


@pytest.mark.parametrize("lang", ["fr", "en"])
@FUZZ
@given(text=texts)
def test_coder_on_any_text(coder: Coder, lang: str, text: str) -> None:
    (result,) = coder.code_all([Document(id="f", text=text, date="2020-01-15", lang=lang)])
    if isinstance(result, Failure):  # only a blank text may fail; E014 would be a crash
        assert result.code == "E005" and not text.strip(), result
        return
    check_events(result, text)


@FUZZ
@given(text=word_salad, limit=st.integers(1000, 1200))
def test_coding_in_parts_keeps_offsets_on_the_whole(coder: Coder, text: str, limit: int) -> None:
    """A text longer than max_chars is cut into parts; offsets still index the whole text."""
    long = (text + "\n\n") * (1 + 2 * limit // (len(text) + 2))
    small = Coder(Settings(max_chars=limit))
    small._pipelines = coder._pipelines  # the session's loaded pipelines: no second load
    (result,) = small.code_all([Document(id="p", text=long, date="2020-01", lang="fr")])
    assert isinstance(result, CodedDocument), result
    check_events(result, long)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=3000), limit=st.integers(1, 500))
def test_parts_cover_any_text(text: str, limit: int) -> None:
    spans = list(part_spans(text, limit))
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(0 < b - a <= limit for a, b in spans)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_a_coded_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "x")
    except InputError as exc:
        assert exc.code in ("E002", "E060")
        return
    assert isinstance(text, str) and encoding
    text.encode("utf-8")  # no lone surrogates


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_read_text_on_any_text(text: str) -> None:
    try:
        doc = read_text(text, doc_id="t")
    except InputError as exc:
        assert exc.code in ("E004", "E005")
        return
    assert doc.text.strip() and text.endswith(doc.text)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=10) | st.integers(),
        "date": st.text(max_size=12),
        "text": st.text(max_size=80),
        "lang": st.text(max_size=5),
        "events": _json_values,
    },
)
_lines = st.lists(
    st.one_of(
        _records.map(json.dumps),
        _json_values.map(json.dumps),
        st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
    ),
    max_size=8,
)


@settings(max_examples=100, deadline=None)
@given(lines=_lines, raw=st.binary(max_size=300))
def test_readers_on_any_file_content(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], raw: bytes
) -> None:
    """JSON Lines of any values, and any bytes as a text, HTML or JSON Lines file."""
    folder = tmp_path_factory.mktemp("fuzz")
    jsonl = folder / "lines.jsonl"
    jsonl.write_text(
        "\n".join(line.replace("\n", " ") for line in lines),
        encoding="utf-8",
        errors="surrogatepass",
    )
    paths = [jsonl]
    for name in ("raw.txt", "raw.html", "raw.jsonl"):
        (folder / name).write_bytes(raw)
        paths.append(folder / name)
    results = list(read_inputs([str(p) for p in paths]))
    for item in results:
        assert isinstance(item, Document | Failure)
        if isinstance(item, Document):
            assert item.text.strip()
            item.text.encode("utf-8")
        else:
            assert item.code.startswith("E0") and item.message
    non_blank = sum(1 for line in lines if line.replace("\n", " ").encode("utf-8").strip())
    from_jsonl = [r for r in results if (r.source or "").startswith(str(jsonl))]
    assert len(from_jsonl) == non_blank
