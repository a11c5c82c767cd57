"""The CLI through click's CliRunner, on real files and the real pipelines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sismo import Document, read_inputs
from sismo.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "otan-iran-2020-01.txt"

EVENT_KEYS = {
    "doc_id",
    "date",
    "lang",
    "sentence",
    "start",
    "end",
    "trigger",
    "code",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "location",
    "place",
    "lat",
    "lon",
    "date_precision",
    "source",
    "target",
    "label",
    "lexicon_entry",
}
ACTOR_KEYS = {"text", "code", "root", "sector"}


def _records(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_code_example_jsonl_schema() -> None:
    result = CliRunner().invoke(main, ["code", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    assert len(records) >= 5
    document = next(read_inputs([str(EXAMPLE)]))
    assert isinstance(document, Document)
    text = document.text
    for r in records:
        assert set(r) >= EVENT_KEYS, set(r) ^ EVENT_KEYS
        assert r["doc_id"] == "otan-iran-2020-01" and r["date"] == "2020-01" and r["lang"] == "fr"
        assert set(r["source"]) == ACTOR_KEYS
        assert r["target"] is None or set(r["target"]) == ACTOR_KEYS
        assert text[r["start"] : r["end"]] == r["sentence"]
        assert r["code"].startswith(r["root"]) and r["quad_class"] in (1, 2, 3, 4)
        assert isinstance(r["goldstein"], float)
    assert any(
        r["source"]["root"] == "NATO" and (r["target"] or {}).get("root") == "IRN" for r in records
    )


def test_code_stdin_with_header_and_formats() -> None:
    text = "date 2021-03-02\nLa France a condamné la Russie.\n"
    runner = CliRunner()
    result = runner.invoke(main, ["code", "-", "--format", "tsv"], input=text)
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split("\t")[:4] == ["doc_id", "date", "lang", "code"]
    assert rows and rows[0].split("\t")[1] == "2021-03-02"
    table = runner.invoke(main, ["code", "-", "--format", "table"], input=text)
    assert "FRA" in table.stdout and "RUS" in table.stdout


def test_date_option_for_files_without_header(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("L'Iran a attaqué l'Irak.", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(f), "--date", "2019-05-04"])
    records = _records(result.stdout)
    assert records and all(r["date"] == "2019-05-04" for r in records)


def test_explain_gives_reasons(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("date 2020-01\nLa France n'a pas attaqué l'Allemagne. Il pleut.", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(f), "--explain"])
    notes = [r["no_event"] for r in _records(result.stdout) if "no_event" in r]
    assert [n["reason"] for n in notes] == ["negated", "no coded predicate"]


def test_bad_file_fails_alone_and_sets_exit_code(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("date 2020-01\nLa France a condamné la Russie.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("date 2020-13\nLa France a condamné la Russie.", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(bad), str(good)])
    assert result.exit_code == 1
    assert "E004" in result.stderr
    assert any(r["doc_id"] == "good" for r in _records(result.stdout))
    none = CliRunner().invoke(main, ["code", str(bad)])
    assert none.exit_code == 2


def test_invalid_date_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["code", "-", "--date", "2020-13"], input="x")
    assert result.exit_code == 2 and "E004" in result.output


def test_evaluate_prints_scores_and_errors(gold_dir: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(gold_dir / "seed_fr.jsonl"), "--errors"])
    assert result.exit_code == 0, result.output
    assert "dyadic" in result.stdout and "code accuracy" in result.stdout
    assert "MISSED" in result.stdout and "FALSE" in result.stdout
    as_json = CliRunner().invoke(main, ["evaluate", str(gold_dir / "seed_fr.jsonl"), "--json"])
    data = json.loads(as_json.stdout)
    assert data["documents"] == 1 and data["dyadic"]["gold"] == 11
