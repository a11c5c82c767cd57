"""Bad inputs, each through the real readers and the real coder: every input ends as exactly
one coded document or one failure with a stable code, and the batch goes on.

docs/RELIABILITY.md lists these cases with what sismo does; keep the two in step.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from sismo import Coder
from sismo.cli import main
from sismo.documents import Failure
from sismo.pipeline import CodedDocument
from sismo.readers import read_inputs
from sismo.store import Store

FR = "date 2020-01-15\nLa France a condamné la Russie.\n"
FR_TEXT = FR.split("\n", 1)[1]


def code_paths(coder: Coder, *paths: Path) -> list[CodedDocument | Failure]:
    return list(coder.code_all(read_inputs([str(p) for p in paths])))


def outcome(result: CodedDocument | Failure) -> str:
    """`coded:<roots>` or the failure's code."""
    if isinstance(result, Failure):
        return result.code
    return "coded:" + ",".join(e.root for e in result.events)


def test_empty_and_blank_files_fail_with_e005(tmp_path: Path, coder: Coder) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "header-only.txt").write_text("date 2020-01\n\n  \n")
    results = code_paths(coder, tmp_path / "empty.txt", tmp_path / "header-only.txt")
    assert [outcome(r) for r in results] == ["E005", "E005"]


def test_binary_files_fail_with_e060_once(tmp_path: Path, coder: Coder) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    (tmp_path / "image.txt").write_bytes(png)
    (tmp_path / "dump.jsonl").write_bytes(png)  # a line feed byte every 256: still one failure
    (tmp_path / "controls.txt").write_bytes(b"\x01\x02\x03\x04\x05\x06abc\x07\x08" * 200)
    (tmp_path / "ok.txt").write_text(FR, encoding="utf-8")
    results = code_paths(
        coder, *(tmp_path / n for n in ("image.txt", "dump.jsonl", "controls.txt", "ok.txt"))
    )
    assert [outcome(r) for r in results] == ["E060", "E060", "E060", "coded:11"]
    assert "binary content" in results[0].message  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("encoding", "bom", "recorded"),
    [
        ("utf-8", codecs.BOM_UTF8, {"encoding": "utf-8-sig"}),
        ("utf-16-le", codecs.BOM_UTF16_LE, {"encoding": "utf-16"}),
        ("utf-16-be", codecs.BOM_UTF16_BE, {"encoding": "utf-16"}),
        ("utf-32-le", codecs.BOM_UTF32_LE, {"encoding": "utf-32"}),
        ("cp1252", b"", {"encoding": "cp1252"}),
        ("latin-1", b"", {"encoding": "cp1252"}),
        ("utf-8", b"", {}),
    ],
)
def test_encodings_decode_to_the_same_text_and_events(
    tmp_path: Path, coder: Coder, encoding: str, bom: bytes, recorded: dict[str, str]
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + FR.encode(encoding))
    (result,) = code_paths(coder, path)
    assert isinstance(result, CodedDocument), result
    assert result.document.text == FR_TEXT and result.document.date == "2020-01-15"
    assert result.document.meta == recorded
    assert outcome(result) == "coded:11"


def test_bytes_neither_utf8_nor_windows_1252_fail_with_e002(tmp_path: Path, coder: Coder) -> None:
    (tmp_path / "bad.txt").write_bytes(FR.encode("cp1252") + b"\x81\x8d")
    (result,) = code_paths(coder, tmp_path / "bad.txt")
    assert outcome(result) == "E002"
    assert "Windows-1252" in result.message  # type: ignore[union-attr]


def test_utf16_json_lines_with_bom(tmp_path: Path, coder: Coder) -> None:
    lines = [
        json.dumps(
            {"id": f"r{i}", "date": "2020-01", "text": FR_TEXT, "lang": "fr"}, ensure_ascii=False
        )
        for i in range(2)
    ]
    (tmp_path / "wide.jsonl").write_bytes(
        codecs.BOM_UTF16_LE + "\n".join(lines).encode("utf-16-le")
    )
    results = code_paths(coder, tmp_path / "wide.jsonl")
    assert [outcome(r) for r in results] == ["coded:11", "coded:11"]
    assert [r.document.id for r in results] == ["r0", "r1"]  # type: ignore[union-attr]
    assert results[0].document.meta == {"encoding": "utf-16"}  # type: ignore[union-attr]


def test_malformed_json_line_fails_alone_with_its_line_number(tmp_path: Path, coder: Coder) -> None:
    good = json.dumps({"id": "a", "date": "2020-01", "text": FR_TEXT, "lang": "fr"})
    nested = "[" * 100_000 + "]" * 100_000
    lines = [good, '{"id": "b", "text": "unterminated', nested, good.replace('"a"', '"c"')]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = code_paths(coder, tmp_path / "mixed.jsonl")
    assert [outcome(r) for r in results] == ["coded:11", "E003", "E003", "coded:11"]
    assert results[1].source.endswith("mixed.jsonl:2")  # type: ignore[union-attr]
    assert results[2].source.endswith("mixed.jsonl:3")  # type: ignore[union-attr]


def test_lone_surrogate_from_json_is_replaced_not_fatal(tmp_path: Path, coder: Coder) -> None:
    line = json.dumps({"id": "s", "date": "2020-01", "lang": "fr", "text": FR_TEXT + "Fin @."})
    (tmp_path / "s.jsonl").write_text(line.replace("@", "\\ud800") + "\n", encoding="utf-8")
    (result,) = code_paths(coder, tmp_path / "s.jsonl")
    assert isinstance(result, CodedDocument), result
    assert "\ufffd" in result.document.text and outcome(result) == "coded:11"


def test_impossible_date_and_unsupported_or_unknown_language(tmp_path: Path, coder: Coder) -> None:
    (tmp_path / "a-date.txt").write_text("date 2020-13\n" + FR_TEXT, encoding="utf-8")
    (tmp_path / "b-german.txt").write_text(
        "date 2020-01\nDie Bundesregierung hat heute in Berlin eine neue Politik gegen die "
        "Inflation angekündigt, und die Opposition hat sie scharf kritisiert.\n",
        encoding="utf-8",
    )
    (tmp_path / "c-numbers.txt").write_text("date 2020-01\n12 345 678 90 — 1,5 %\n")
    results = code_paths(coder, tmp_path)
    assert [outcome(r) for r in results] == ["E004", "E006", "E011"]
    assert "'2020-13'" in results[0].message  # type: ignore[union-attr]
    assert "'de'" in results[1].message  # type: ignore[union-attr]


def test_html_without_body_fails_with_e041(tmp_path: Path, coder: Coder) -> None:
    (tmp_path / "empty.html").write_text(
        "<!doctype html><html><head><title>Rien</title></head></html>", encoding="utf-8"
    )
    (tmp_path / "body-less.html").write_text("<html><head></head><body></body></html>")
    results = code_paths(coder, tmp_path / "empty.html", tmp_path / "body-less.html")
    assert [outcome(r) for r in results] == ["E041", "E041"]


def test_truncated_gzip_fails_with_e042(tmp_path: Path, coder: Coder) -> None:
    whole = gzip.compress((FR + "Encore du texte. " * 2000).encode("utf-8"))
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    noise = random.Random(7)  # incompressible filler, so that half the bytes is half the lines
    lines = "".join(
        json.dumps(
            {
                "id": f"x{n}",
                "date": "2020-01",
                "lang": "fr",
                "text": FR_TEXT,
                "url": f"{noise.getrandbits(8000):x}",
            }
        )
        + "\n"
        for n in range(12)
    )
    packed = gzip.compress(lines.encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "ok.txt.gz").write_bytes(gzip.compress(FR.encode("utf-8")))
    results = code_paths(
        coder, *(tmp_path / n for n in ("cut.txt.gz", "cut.jsonl.gz", "ok.txt.gz"))
    )
    outcomes = [outcome(r) for r in results]
    assert outcomes[0] == "E042" and outcomes[-1] == "coded:11"
    assert outcomes[-2] == "E042"  # the lines before the cut were read, then the failure
    assert outcomes[1:-2] and set(outcomes[1:-2]) == {"coded:11"}


def test_truncated_warc_keeps_whole_records_and_fails_the_rest(
    tmp_path: Path, coder: Coder
) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(3):
        page = (
            f"<html><head><title>Page {n}</title></head><body><article><p>"
            f"{FR_TEXT * 20}</p></article></body></html>"
        ).encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
        )
        record = writer.create_warc_record(
            f"https://example.org/{n}", "response", payload=io.BytesIO(page), http_headers=headers
        )
        writer.write_record(record)
    data = buffer.getvalue()
    (tmp_path / "crawl.warc.gz").write_bytes(data[: len(data) - 200])
    results = code_paths(coder, tmp_path / "crawl.warc.gz")
    outcomes = [outcome(r) for r in results]
    assert outcomes[-1] == "E042", outcomes
    assert outcomes[:-1] and all(o.startswith("coded") for o in outcomes[:-1])


# --- accounting through `sismo ingest` ------------------------------------------------------


def _runs(db: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["runs", "--db", str(db), "--json", "--failures"])
    assert result.exit_code == 0, result.output
    runs: list[dict[str, object]] = json.loads(result.output)
    return runs


def test_ingest_accounts_for_every_input_and_exits_0_1_2(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-ok.txt").write_text(FR, encoding="utf-8")
    (corpus / "b-same-text.txt").write_text(FR, encoding="utf-8")  # duplicate content
    (corpus / "c-empty.txt").write_text("")
    (corpus / "d-date.txt").write_text("date 2020-13\n" + FR_TEXT, encoding="utf-8")
    (corpus / "e-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "f-lines.jsonl").write_text(
        json.dumps(
            {
                "id": "j1",
                "date": "2020-01",
                "lang": "fr",
                "text": "L'Allemagne a critiqué la Chine. Il pleut sur Paris.",
            }
        )
        + "\n{broken\n"
    )
    db = tmp_path / "acc.duckdb"
    runner = CliRunner()

    first = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert first.exit_code == 1, first.output  # some failed
    (run,) = _runs(db)
    assert (run["status"], run["coded"], run["skipped"], run["failed"]) == ("finished", 2, 1, 4)
    failures = run["failures"]
    assert [f["code"] for f in failures] == ["E005", "E004", "E060", "E003"]  # type: ignore
    with Store.open(str(db), read_only=True) as store:
        docs = store.fetch("SELECT doc_id, n_events, notes FROM documents ORDER BY doc_id")
    assert [(d["doc_id"], d["n_events"]) for d in docs] == [("a-ok", 1), ("j1", 1)]
    notes = {d["doc_id"]: json.loads(d["notes"]) for d in docs}
    assert notes["a-ok"] == []  # its one sentence gave its event
    assert [(n["sentence"], n["reason"]) for n in notes["j1"]] == [
        ("Il pleut sur Paris.", "no coded predicate")
    ]

    again = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 1  # the same inputs still fail; nothing is coded twice
    assert _runs(db)[0]["coded"] == 0 and _runs(db)[0]["skipped"] == 3

    only_good = runner.invoke(main, ["ingest", str(corpus / "a-ok.txt"), "--db", str(db)])
    assert only_good.exit_code == 0, only_good.output

    none_read = runner.invoke(
        main, ["ingest", str(corpus / "c-empty.txt"), str(corpus / "e-binary.txt"), "--db", str(db)]
    )
    assert none_read.exit_code == 2
    table = runner.invoke(main, ["runs", "--db", str(db), "--failures"])
    assert table.exit_code == 0
    assert "E060" in table.output and "finished" in table.output
