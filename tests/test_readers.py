"""Readers: text headers, JSON Lines, stdin, directories, ids and failures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sismo.documents import Document, Failure, content_id
from sismo.errors import InputError
from sismo.readers import read_inputs, read_text

ARTICLE = "Le président a rencontré son homologue à Paris.\n"


def write(path: Path, content: str | bytes) -> str:
    """Write a test input file (creating folders) and return its path as a string."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def read_one(path: str, **kwargs: str) -> Document | Failure:
    """Read a single input that yields exactly one result."""
    results = list(read_inputs([path], **kwargs))
    assert len(results) == 1
    return results[0]


def read_doc(path: str, **kwargs: str) -> Document:
    result = read_one(path, **kwargs)
    assert isinstance(result, Document), result
    return result


def read_failure(path: str, **kwargs: str) -> Failure:
    result = read_one(path, **kwargs)
    assert isinstance(result, Failure), result
    return result


# --- text header --------------------------------------------------------------------------


def test_header_with_leading_white_space(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path / "a.txt", " date 2020-01\n" + ARTICLE))
    assert doc.date == "2020-01"
    assert doc.text == ARTICLE


def test_header_full_date_case_insensitive(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path / "a.txt", "Date 2020-01-15\n" + ARTICLE))
    assert doc.date == "2020-01-15"
    assert doc.text == ARTICLE


def test_header_crlf_keeps_rest_untouched(tmp_path: Path) -> None:
    body = "  Premier.\r\n\r\nSecond.\r\n"
    doc = read_doc(write(tmp_path / "a.txt", ("date 2020-01\r\n" + body).encode()))
    assert doc.date == "2020-01"
    assert doc.text == body


def test_no_header_uses_date_argument(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path / "a.txt", ARTICLE), date="2019-05")
    assert doc.date == "2019-05"
    assert doc.text == ARTICLE


def test_no_header_no_argument_has_no_date(tmp_path: Path) -> None:
    assert read_doc(write(tmp_path / "a.txt", ARTICLE)).date is None


def test_article_starting_with_the_word_date_is_not_a_header(tmp_path: Path) -> None:
    text = "Date limite pour les négociations.\n" + ARTICLE
    doc = read_doc(write(tmp_path / "a.txt", text))
    assert doc.date is None
    assert doc.text == text


def test_header_wins_over_argument(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path / "a.txt", "date 2020-01\n" + ARTICLE), date="2019-05")
    assert doc.date == "2020-01"


def test_impossible_date_fails_but_batch_goes_on(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.txt", "date 2020-13\n" + ARTICLE)
    good = write(tmp_path / "good.txt", "date 2020-12\n" + ARTICLE)
    results = list(read_inputs([bad, good]))
    assert len(results) == 2
    failure, doc = results
    assert isinstance(failure, Failure)
    assert failure.code == "E004"
    assert failure.source == bad
    assert failure.doc_id == "bad"
    assert "2020-13" in failure.message
    assert isinstance(doc, Document)
    assert doc.date == "2020-12"


def test_bad_date_argument_raises_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    with pytest.raises(InputError) as info:
        read_inputs([path], date="2020-02-30")
    assert info.value.code == "E004"


def test_lang_argument_lowercased(tmp_path: Path) -> None:
    assert read_doc(write(tmp_path / "a.txt", ARTICLE), lang="FR").lang == "fr"


# --- read_text ----------------------------------------------------------------------------


def test_read_text_parses_header() -> None:
    doc = read_text("date 2021-03\n" + ARTICLE, date="2000-01")
    assert doc.date == "2021-03"
    assert doc.text == ARTICLE
    assert doc.id == content_id(ARTICLE)
    assert doc.source == "<text>"


def test_read_text_raises_instead_of_failing() -> None:
    with pytest.raises(InputError) as info:
        read_text("date 2020-13\n" + ARTICLE)
    assert info.value.code == "E004"
    with pytest.raises(InputError) as info:
        read_text("date 2020-01\n  \n")
    assert info.value.code == "E005"


# --- JSON Lines ---------------------------------------------------------------------------


def test_gold_file_read_without_events(gold_dir: Path) -> None:
    path = str(gold_dir / "seed_fr.jsonl")
    results = list(read_inputs([path]))
    assert len(results) == 1
    doc = results[0]
    assert isinstance(doc, Document)
    assert doc.id == "seed-otan-iran-2020-01"
    assert doc.lang == "fr"
    assert doc.date == "2020-01"
    assert doc.source == f"{path}:1"
    assert doc.text.startswith("Au cours de son allocution")
    assert not hasattr(doc, "events")
    assert "events" not in doc.meta
    assert not doc.meta
    with open(path, encoding="utf-8") as handle:
        gold = json.loads(handle.readline())
    assert gold["events"], "the gold file does carry events: the reader must drop them"
    assert doc.text == gold["text"]


def test_jsonl_record_date_overrides_argument_which_is_fallback(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "date": "2020-01", "text": ARTICLE}),
        json.dumps({"id": "b", "text": ARTICLE}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    docs = list(read_inputs([path], date="2019-05"))
    assert [(d.id, d.date) for d in docs if isinstance(d, Document)] == [
        ("a", "2020-01"),
        ("b", "2019-05"),
    ]


def test_jsonl_lang_kept_lowercased_and_forced_lang_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "b.jsonl", json.dumps({"id": "a", "lang": "FR", "text": ARTICLE}))
    assert read_doc(path).lang == "fr"
    assert read_doc(path, lang="en").lang == "en"


def test_jsonl_optional_fields(tmp_path: Path) -> None:
    record = {"id": "a", "text": ARTICLE, "title": "T", "url": "https://x.org", "other": 1}
    doc = read_doc(write(tmp_path / "b.jsonl", json.dumps(record)))
    assert (doc.title, doc.url) == ("T", "https://x.org")
    assert doc.meta == {}


def test_malformed_line_fails_with_line_number_and_next_line_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "one", "text": ARTICLE}),
        '{"id": "two", "text": ',
        json.dumps({"id": "three", "text": ARTICLE}),
    ]
    path = write(tmp_path / "b.jsonl", "\n".join(lines) + "\n")
    first, bad, third = list(read_inputs([path]))
    assert isinstance(first, Document) and first.id == "one"
    assert isinstance(bad, Failure)
    assert bad.code == "E003"
    assert bad.source == f"{path}:2"
    assert f"{path}:2:" in bad.message
    assert isinstance(third, Document) and third.id == "three"
    assert third.source == f"{path}:3"


def test_jsonl_non_object_line_is_malformed(tmp_path: Path) -> None:
    failure = read_failure(write(tmp_path / "b.jsonl", "[1, 2]\n"))
    assert failure.code == "E003"


def test_jsonl_missing_text_and_bad_date(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-date", "date": "2020-02-30", "text": ARTICLE}),
    ]
    path = write(tmp_path / "b.jsonl", "\n".join(lines))
    no_text, bad_date = list(read_inputs([path]))
    assert isinstance(no_text, Failure) and no_text.code == "E005"
    assert no_text.doc_id == "no-text"
    assert isinstance(bad_date, Failure) and bad_date.code == "E004"
    assert bad_date.source == f"{path}:2"


def test_jsonl_blank_lines_skipped_but_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", "\n" + json.dumps({"text": ARTICLE}) + "\n\n")
    doc = read_doc(path)
    assert doc.id == "feed-2"
    assert doc.source == f"{path}:2"


# --- stdin, directories, ids --------------------------------------------------------------


def test_stdin_with_header() -> None:
    stream = io.StringIO(" date 2020-01\n" + ARTICLE)
    (doc,) = list(read_inputs(["-"], stdin=stream))
    assert isinstance(doc, Document)
    assert doc.date == "2020-01"
    assert doc.text == ARTICLE
    assert doc.source == "<stdin>"
    assert doc.id == content_id(ARTICLE)


def test_directory_recursion_sorted(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a" / "z.txt", ARTICLE)
    write(tmp_path / "a" / "deep" / "c.jsonl", json.dumps({"id": "rec", "text": ARTICLE}))
    write(tmp_path / "unknown.md", ARTICLE)  # no date header: its format cannot be told
    write(tmp_path / ".hidden.txt", ARTICLE)  # hidden files are never read
    *docs, unknown = list(read_inputs([str(tmp_path)]))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.id for d in docs if isinstance(d, Document)] == ["rec", "z", "b"]
    assert isinstance(unknown, Failure) and unknown.code == "E040"


def test_id_rules(tmp_path: Path) -> None:
    assert read_doc(write(tmp_path / "article-7.txt", ARTICLE)).id == "article-7"
    path = write(tmp_path / "b.jsonl", json.dumps({"id": "given", "text": ARTICLE}))
    assert read_doc(path).id == "given"
    (doc,) = list(read_inputs(["-"], stdin=io.StringIO(ARTICLE)))
    assert isinstance(doc, Document)
    assert doc.id == content_id(ARTICLE)


def test_invalid_utf8_that_is_windows_1252_is_decoded_and_recorded(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path / "a.txt", b"date 2020-01\nCaf\xe9 au lait \x93bio\x94\n"))
    assert doc.text == "Café au lait “bio”\n"
    assert doc.meta == {"encoding": "cp1252"}


def test_bytes_undefined_in_utf8_and_windows_1252_fail(tmp_path: Path) -> None:
    failure = read_failure(write(tmp_path / "a.txt", b"date 2020-01\nCaf\xe9 \x81\n"))
    assert failure.code == "E002"
    assert "byte 16" in failure.message and "Windows-1252" in failure.message


def test_utf8_bom_accepted(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path / "a.txt", b"\xef\xbb\xbfdate 2020-01\n" + ARTICLE.encode()))
    assert doc.date == "2020-01"
    assert doc.text == ARTICLE


def test_empty_file(tmp_path: Path) -> None:
    assert read_failure(write(tmp_path / "a.txt", " \n\t\n")).code == "E005"
    assert read_failure(write(tmp_path / "b.txt", "date 2020-01\n")).code == "E005"


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    good = write(tmp_path / "a.txt", ARTICLE)
    failure, doc = list(read_inputs([missing, good]))
    assert isinstance(failure, Failure)
    assert failure.code == "E010"
    assert failure.source == missing
    assert isinstance(doc, Document)


def test_reference_example_header_on_the_article_line() -> None:
    """The bundled example puts "date 2020-01" and the article on one line."""
    root = Path(__file__).resolve().parent.parent
    items = list(read_inputs([str(root / "examples" / "otan-iran-2020-01.txt")]))
    assert len(items) == 1 and isinstance(items[0], Document)
    doc = items[0]
    assert doc.date == "2020-01" and doc.id == "otan-iran-2020-01"
    assert doc.text.startswith("Au cours de son allocution")
