"""The process pool codes exactly what the in-process coder codes, in order, failures kept."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import signal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from sismo import Coder, Settings
from sismo.cli import main
from sismo.documents import Document, Failure
from sismo.errors import SettingsError
from sismo.parallel import ParallelCoder, code_parallel
from sismo.pipeline import CodedDocument

ROOT = Path(__file__).resolve().parent.parent


def corpus(gold_dir: Path, limit: int = 10) -> list[Document | Failure]:
    """Real articles of both languages, a reader's Failure and a document too long to code."""
    items: list[Document | Failure] = []
    for name in ("fr_wikinews_dev.jsonl", "en_news_dev.jsonl"):
        lines = (gold_dir / name).read_text(encoding="utf-8").splitlines()[: limit // 2]
        for line in lines:
            record = json.loads(line)
            items.append(Document(record["id"], record["text"], record["date"], record["lang"]))
    items.insert(3, Failure("bad.txt", "E002", "bad.txt: not valid UTF-8 text", "bad"))
    # A language without a pipeline fails in the coder (a long text is coded in parts now).
    items.insert(
        7,
        Document(
            "german",
            "Die Regierung hat heute in Berlin eine neue Politik gegen die Inflation angekündigt.",
            "2020-01",
            "de",
        ),
    )  # E006
    return items


def test_same_output_as_code_all_in_order(gold_dir: Path, coder: Coder) -> None:
    items = corpus(gold_dir)
    settings = Settings()
    expected = list(coder.code_all(items))
    got = list(code_parallel(items, settings, workers=2, chunk_size=2, in_flight=2))
    assert got == expected
    # the drop-in Coder (for APIs taking a Coder): default chunks of batch_size documents
    assert list(ParallelCoder(Settings(batch_size=3), workers=2).code_all(items)) == expected
    assert [type(r).__name__ for r in got].count("Failure") == 2
    assert isinstance(got[7], Failure) and got[7].code == "E006"
    assert sum(len(r.events) for r in got if isinstance(r, CodedDocument)) > 10
    assert pickle.loads(pickle.dumps(got)) == got


def test_a_killed_worker_loses_nothing(gold_dir: Path, coder: Coder) -> None:
    items = [i for i in corpus(gold_dir, 8)[:6] if isinstance(i, Document) and i.lang == "fr"]
    expected = list(coder.code_all(items))
    stream = code_parallel(items, Settings(), workers=2, chunk_size=1, in_flight=4)
    got = [next(stream)]
    for child in multiprocessing.active_children():  # the pool's workers
        os.kill(child.pid or 0, signal.SIGKILL)
    got.extend(stream)
    assert got == expected


def test_bad_worker_count() -> None:
    with pytest.raises(SettingsError) as caught:
        code_parallel([], Settings(), workers=0)
    assert caught.value.code == "E012"


def test_cli_workers(tmp_path: Path) -> None:
    example = (ROOT / "examples" / "otan-iran-2020-01.txt").read_text(encoding="utf-8")
    text = example.split("\n\n")[1]
    dates = [f"2020-{n // 28 + 1:02d}-{n % 28 + 1:02d}" for n in range(34)]  # distinct hashes
    records = [{"id": f"d{n}", "date": d, "text": text} for n, d in enumerate(dates)]
    corpus_file = tmp_path / "c.jsonl"
    corpus_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    runs = [
        CliRunner().invoke(main, ["code", str(corpus_file), "--workers", n]) for n in ("2", "1")
    ]
    assert runs[0].exit_code == 0, runs[0].output
    lines = runs[0].stdout.splitlines()
    assert lines == runs[1].stdout.splitlines()
    assert {json.loads(line)["doc_id"] for line in lines} == {f"d{n}" for n in range(34)}
    assert CliRunner().invoke(main, ["code", str(corpus_file), "--workers", "0"]).exit_code == 2
    stored = []
    for n in ("2", "1"):
        db = str(tmp_path / f"w{n}.duckdb")
        run = CliRunner().invoke(main, ["ingest", str(corpus_file), "--db", db, "--workers", n])
        assert run.exit_code == 0, run.output
        con = duckdb.connect(db, read_only=True)
        rows = con.execute("SELECT * EXCLUDE (cluster_id) FROM events ORDER BY 1").fetchall()
        stored.append(rows)
        con.close()
    assert stored[0] == stored[1] and len(stored[0]) == len(lines)
