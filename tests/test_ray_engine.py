"""The Ray engine (local Ray, 2 CPUs) writes the same event rows as the single-process coder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from sismo import Coder, Settings, ray_engine
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
    # what the actors cost, from their own logs: each loaded the French pipeline
    assert summary.actor_cpu_seconds > 1 and summary.actor_peak_mib > 200


def test_one_large_file_reaches_the_actors_in_blocks_of_about_a_batch(
    tmp_path: Path, gold_dir: Path
) -> None:
    """An actor codes a whole block alone: a JSON Lines file read as one block (Ray Data's
    default block size is 128 MiB) was coded by one actor while the others waited."""
    record = json.loads((gold_dir / "seed_fr.jsonl").read_text(encoding="utf-8"))
    record = {key: record[key] for key in ("lang", "date", "text")}  # 2.2 kB of text
    corpus = tmp_path / "one.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(400):
            out.write(json.dumps({**record, "id": f"d{n}"}, ensure_ascii=False) + "\n")
    batch = 32
    ray = ray_engine._ray()
    ray_engine._init(ray, None, 2)
    try:
        documents = ray_engine._documents(ray, [str(corpus)], None, None, batch).materialize()
        sizes = [len(b["id"]) for b in documents.iter_batches(batch_size=None)]
    finally:
        ray.shutdown()
    assert sum(sizes) == 400
    # blocks of about a batch (BLOCK_BYTES_PER_DOCUMENT is close to this text's size)
    assert len(sizes) >= 400 // (2 * batch) and max(sizes) <= 2 * batch, sizes
