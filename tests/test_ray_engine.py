"""The Ray engine (local Ray, 2 CPUs) writes the same event rows as the single-process coder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from sismo import Coder, Settings
from sismo.documents import Failure
from sismo.ray_engine import ingest_with_ray
from sismo.readers import read_inputs
from sismo.records import EVENT_COLUMNS, event_rows

DATA = Path(__file__).resolve().parent / "data" / "web"


def make_corpus(root: Path, gold_dir: Path) -> list[str]:
    """A folder of mixed files (JSON Lines, HTML, an unreadable file) and a Parquet dataset of
    documents; French only, so that each actor loads one pipeline."""
    folder = root / "corpus"
    folder.mkdir()
    shutil.copy(gold_dir / "seed_fr.jsonl", folder / "seed.jsonl")
    shutil.copy(DATA / "otan-iran.html", folder / "page.html")
    (folder / "blob.bin").write_bytes(bytes(range(256)))  # E040: its format cannot be told
    lines = (gold_dir / "fr_wikinews_dev.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    records = [json.loads(line) for line in lines]
    columns = ("id", "date", "lang", "text")
    table = pa.table({c: [r[c] for r in records] for c in columns})
    (root / "docs").mkdir()
    pq.write_table(table, root / "docs" / "part-0.parquet")
    # the same documents as JSON Lines, for the single-process reference run; same ids, so
    # the same event ids
    reference = root / "en.jsonl"
    reference.write_text("".join(json.dumps({c: r[c] for c in columns}) + "\n" for r in records))
    return [str(folder), str(root / "docs"), str(reference)]


def key(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] for c in EVENT_COLUMNS)


def test_ray_matches_single_process(tmp_path: Path, gold_dir: Path, coder: Coder) -> None:
    folder, parquet, reference = make_corpus(tmp_path, gold_dir)
    expected: list[dict[str, Any]] = []
    failures: list[Failure] = []
    for result in coder.code_all(read_inputs([folder, reference])):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            expected.extend(event_rows(result))
    assert len(expected) > 15 and [f.code for f in failures] == ["E040"]

    out = tmp_path / "events"
    summary = ingest_with_ray([folder, parquet], str(out), Settings(), actors=2, num_cpus=2)

    months = sorted(p.name for p in out.iterdir() if p.name.startswith("month="))
    assert months == sorted({f"month={r['month']}" for r in expected})
    table = pads.dataset(str(out), format="parquet", partitioning="hive").to_table()
    got = [{c: row[c] for c in EVENT_COLUMNS} for row in table.to_pylist()]
    assert sorted(got, key=lambda r: r["event_id"]) == sorted(expected, key=lambda r: r["event_id"])
    assert summary.events == len(expected)
    assert summary.coded == 1 + 1 + 3  # seed, page; the Parquet documents
    assert [(f.source, f.code) for f in summary.failures] == [(failures[0].source, "E040")]
