"""Who codes what, when, in the Ray engine: the diagnostic behind BENCHMARKS.md's Ray section.

    .venv/bin/python bench/ray_timeline.py [--docs 600]

Runs sismo.ray_engine.ingest_with_ray on a local Ray (2 CPUs, 2 actors) over one generated
JSON Lines file (bench_scale's corpus), with a coding actor that also logs, for every batch,
its pid, start, end, rows and CPU time. Prints Ray Data's plan and per-stage stats (blocks
out of the read stage, tasks of the actor stage), then per actor: when it was ready, how
many batches and documents it coded, its busy and CPU seconds; and the CPUs Ray had free,
sampled every 2 s. Two actors that both code, and no free CPU while they do, is the
expected picture.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import bench_scale
import ray

import sismo.ray_engine as engine
from sismo.settings import Settings


class _TimedCodeBatch(engine._CodeBatch):
    """The engine's coding actor, also logging one JSON line per batch to `SISMO_TIMELINE`."""

    def __init__(self, settings: Settings, log_dir: str) -> None:
        super().__init__(settings, log_dir)
        self._note({"ready": time.time()})

    def __call__(self, batch: Any) -> Any:
        started, cpu = time.time(), time.process_time()
        out = super().__call__(batch)
        spent = time.process_time() - cpu
        self._note({"start": started, "end": time.time(), "rows": batch.num_rows, "cpu": spent})
        return out

    @staticmethod
    def _note(record: dict[str, Any]) -> None:
        with open(os.environ["SISMO_TIMELINE"], "a", encoding="utf-8") as log:
            log.write(json.dumps({"pid": os.getpid(), **record}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, timeline = Path(tmp) / "corpus.jsonl", Path(tmp) / "timeline.jsonl"
        bench_scale.write_corpus(corpus, args.docs)
        os.environ["SISMO_TIMELINE"] = str(timeline)  # inherited by the actors started below
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.WARNING)  # fmt: skip
        engine._CodeBatch = _TimedCodeBatch  # type: ignore[misc]
        written: list[Any] = []
        write = ray.data.Dataset.write_parquet

        def keep(dataset: Any, *a: Any, **k: Any) -> Any:
            written.append(dataset)
            return write(dataset, *a, **k)

        ray.data.Dataset.write_parquet = keep  # type: ignore[method-assign,assignment]
        free: list[tuple[float, float]] = []
        done = threading.Event()

        def sample() -> None:
            while not done.wait(2):
                free.append((time.time(), ray.available_resources().get("CPU", 0.0)))

        threading.Thread(target=sample, daemon=True).start()
        started = time.time()
        out = str(Path(tmp) / "out")
        summary = engine.ingest_with_ray([str(corpus)], out, Settings(), actors=2)
        total = time.time() - started
        done.set()
        stats = written[0]._write_ds.stats()
        records = [json.loads(line) for line in timeline.read_text().splitlines()]
        ray.shutdown()
    print(f"{summary.coded} documents, {summary.events} events in {total:.1f} s")
    print("\n".join(line for line in stats.splitlines() if line.startswith("Operator")))
    actors: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        actors[record["pid"]].append(record)
    for pid, rows in actors.items():
        batches = [r for r in rows if "start" in r]
        ready = next(r["ready"] for r in rows if "ready" in r) - started
        line = f"actor {pid}: ready at {ready:.1f} s, {len(batches)} batches"
        if batches:
            line += (f", {sum(r['rows'] for r in batches)} documents, "
                     f"{batches[0]['start'] - started:.1f}–{batches[-1]['end'] - started:.1f} s, "
                     f"busy {sum(r['end'] - r['start'] for r in batches):.1f} s, "
                     f"CPU {sum(r['cpu'] for r in batches):.1f} s")  # fmt: skip
        print(line)
    print("free CPUs:", " ".join(f"{t - started:.0f}s:{c:g}" for t, c in free))


if __name__ == "__main__":
    main()
