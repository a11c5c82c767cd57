"""Scale: the process pool (1 and 2 workers) and Ray (local) on one corpus; memory at 10x.

    .venv/bin/python bench/bench_scale.py [--docs 1500] [--scale 10] [--json out.json]

Corpus: real sentences, recombined. The texts of the gold sets (eval/gold: French Wikinews,
English news, the example article) are split into sentences; each generated document draws
4 to 10 sentences of one language at random (seeded), in paragraphs of three, with a random
date in 2010-2020. So every sentence is real news prose, and the corpus can be made as large
as needed. `--docs` documents for the speed runs, `--scale` times more for the memory run.

Runs (each in a fresh Python process, so that peak memory is its own):
  pool-1   sismo.parallel.code_parallel(workers=1): the in-process path of `sismo code`
  pool-2   code_parallel(workers=2): two spawned workers, chunks of 32, 4 chunks in flight
  ray-2    sismo.ray_engine.ingest_with_ray on a local Ray (num_cpus=2, 2 actors), writing
           Parquet; Ray itself is started before the clock starts (a cluster is up already)
  pool-2x  code_parallel(workers=2) on `--scale` times more documents: peak memory
Every run reads the corpus from a JSON Lines file with sismo's reader and turns each coded
document into its event rows (sismo.records.event_rows), as `ingest` does. Times are wall
clock from the first document read to the last result, model loading included (each worker
or actor loads its pipelines). Peak memory is the RSS high-water mark (getrusage ru_maxrss)
of the main process and of the largest worker (RUSAGE_CHILDREN, read after the pool is shut
down and its workers reaped; Ray's actors are the raylet's children, so they report their own,
with their CPU time, in the engine's summary). CPU seconds are the main process's, its reaped
children's and, for Ray, its coding actors' (not Ray Data's own helper actors).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
EXAMPLE = ROOT / "examples" / "otan-iran-2020-01.txt"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"“A-ZÀ-ÖØ-Þ])")


def sentences() -> dict[str, list[str]]:
    """Real sentences of the gold texts and the example article, by language."""
    texts: list[tuple[str, str]] = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append((record["lang"], record["text"]))
    example = EXAMPLE.read_text(encoding="utf-8").split(" ", 2)[2]  # drop " date 2020-01"
    texts.append(("fr", example))
    pool: dict[str, list[str]] = {"fr": [], "en": []}
    for lang, text in texts:
        for paragraph in text.splitlines():
            for sentence in _SENTENCE_END.split(paragraph.strip()):
                if 6 <= len(sentence.split()) <= 70:
                    pool[lang].append(sentence.strip())
    return pool


def write_corpus(path: Path, docs: int, seed: int = 4) -> int:
    """Write `docs` generated documents as JSON Lines; return their number of sentences."""
    pool = sentences()
    rng = random.Random(seed)
    langs = ["fr", "en"]
    weights = [len(pool["fr"]), len(pool["en"])]
    start, total = date(2010, 1, 1), 0
    with open(path, "w", encoding="utf-8") as out:
        for n in range(docs):
            lang = rng.choices(langs, weights)[0]
            picked = rng.sample(pool[lang], rng.randint(4, 10))
            total += len(picked)
            paragraphs = [" ".join(picked[i : i + 3]) for i in range(0, len(picked), 3)]
            day = start + timedelta(days=rng.randrange(4000))
            record = {"id": f"bench-{n}", "lang": lang, "date": day.isoformat()}
            record["text"] = "\n\n".join(paragraphs)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return total


def run_pool(corpus: str, workers: int) -> dict[str, float]:
    from sismo.documents import Failure
    from sismo.parallel import code_parallel
    from sismo.readers import read_inputs
    from sismo.records import event_rows
    from sismo.settings import Settings

    started = time.perf_counter()
    docs = events = failed = 0
    for result in code_parallel(read_inputs([corpus]), Settings(), workers):
        if isinstance(result, Failure):
            failed += 1
            continue
        docs += 1
        events += len(event_rows(result))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "docs": docs, "events": events, "failed": failed}


def run_ray(corpus: str, actors: int) -> dict[str, float]:
    import logging

    import ray

    from sismo.ray_engine import ingest_with_ray
    from sismo.settings import Settings

    ray.init(num_cpus=actors, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)  # fmt: skip
    ray.data.DataContext.get_current().enable_progress_bars = False
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        summary = ingest_with_ray([corpus], out, Settings(), actors=actors)
        seconds = time.perf_counter() - started
    ray.shutdown()
    failed = len(summary.failures)
    return {"seconds": seconds, "docs": summary.coded, "events": summary.events, "failed": failed,
            "actor_cpu_seconds": summary.actor_cpu_seconds,
            "actor_peak_mib": summary.actor_peak_mib}  # fmt: skip


def child(args: argparse.Namespace) -> None:
    """One measured run, in its own process: prints its figures as JSON on the last line."""
    if args.run == "ray":
        figures = run_ray(args.corpus, args.workers)
    else:
        figures = run_pool(args.corpus, args.workers)
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["main_peak_mib"] = me.ru_maxrss / 1024
    # Ray's actors are the raylet's children, not this process's: they report their own
    figures["worker_peak_mib"] = figures.pop("actor_peak_mib", children.ru_maxrss / 1024)
    # CPU seconds of this process and of its reaped workers (or Ray's actors): what the run
    # cost, whatever share of the machine it got
    figures["cpu_seconds"] = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    figures["cpu_seconds"] += figures.pop("actor_cpu_seconds", 0.0)
    print(json.dumps(figures))


def measure(run: str, corpus: Path, workers: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", run, "--corpus", str(corpus)]
    command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{run} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        cpu = next(ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if "Model name" in ln)
    except (OSError, StopIteration):
        pass
    commit = (
        os.environ.get("SISMO_COMMIT")
        or subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "commit": commit,
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1500)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--runs", default="pool-2,pool-1,ray-2,pool-2x", help="runs to do")
    parser.add_argument("--child", dest="run", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        child(args)
        return
    info = machine()
    print(f"# {info['date']}, commit {info['commit']}, {info['cpu']}, {info['cores']} cores, "
          f"Python {info['python']}, load {info['load_before']}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        sentences_small = write_corpus(small, args.docs)
        wanted = args.runs.split(",")
        sentences_large = write_corpus(large, args.docs * args.scale) if "pool-2x" in wanted else 0
        plan = [("pool-2", "pool", small, 2), ("pool-1", "pool", small, 1),
                ("ray-2", "ray", small, 2), ("pool-2x", "pool", large, 2)]  # fmt: skip
        results: dict[str, dict[str, float]] = {}
        for name, run, corpus, workers in [p for p in plan if p[0] in wanted]:
            figures = measure(run, corpus, workers)
            figures["sentences"] = sentences_large if corpus == large else sentences_small
            figures["load_after"] = os.getloadavg()[0]
            results[name] = figures
            print(name, json.dumps(figures), flush=True)
    report(results, info)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "runs": results}, indent=2))


def worker_peak(name: str, run: dict[str, float]) -> str:
    """The largest worker's (or Ray actor's) peak; "-" for pool-1, which has no worker."""
    return f"{run['worker_peak_mib']:.0f}" if run["worker_peak_mib"] else "-"


def report(results: dict[str, dict[str, float]], info: dict[str, str]) -> None:
    print(
        "\n| run | docs | events | seconds | docs/s | sentences/s | CPU s | main peak MiB "
        "| worker peak MiB | load after |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, r in results.items():
        print(f"| {name} | {r['docs']:.0f} | {r['events']:.0f} | {r['seconds']:.1f} "
              f"| {r['docs'] / r['seconds']:.1f} | {r['sentences'] / r['seconds']:.0f} "
              f"| {r.get('cpu_seconds', 0):.0f} | {r['main_peak_mib']:.0f} "
              f"| {worker_peak(name, r)} | {r['load_after']:.2f} |")  # fmt: skip
    p1, p2, ray2, big = (results.get(k) for k in ("pool-1", "pool-2", "ray-2", "pool-2x"))
    if p1 and p2:
        print(f"\nspeed-up 2 workers / 1: {p1['seconds'] / p2['seconds']:.2f}x")
    if p2 and ray2:
        print(f"Ray / pool time (2 each): {ray2['seconds'] / p2['seconds']:.2f}x")
    if p2 and big:
        print(f"peak at {big['docs'] / p2['docs']:.0f}x documents: main "
              f"{big['main_peak_mib'] / p2['main_peak_mib']:.2f}x, worker "
              f"{big['worker_peak_mib'] / p2['worker_peak_mib']:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
