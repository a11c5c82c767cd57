"""Throughput of sismo end to end against the spaCy parse alone, on the same text.

    .venv/bin/python bench/bench_coding.py [--repeat 6] [--processes 1 2] [--trials 8]
                                           [--lang fr en] [--json results.json]

Corpus: the texts of the gold documents (eval/gold, French and English), `--repeat` copies
of the whole set. For every (language, process count) a fresh spawned pool of that many
workers splits the documents round-robin; each worker loads both the bare parser
(`sismo.models.load_parser`) and `sismo.Coder`, warms both on a full batch, then runs
`--trials` timed passes over its share, every pass started on a barrier so the workers run
together. Within a pass the two paths take the share one batch at a time and in turn (parse
batch 1, sismo batch 1, sismo batch 2, parse batch 2, ...: the order alternates, and the next
pass starts with sismo), each batch timed: a path's time in a pass is the sum of its batches.
So both paths see the same machine, to within a second, however the host's speed drifts
during the ~6 s of a pass; timing each path over a whole pass, one after the other, let that
drift move the overhead by tens of points. Every batch runs first in half the passes and
second in the others: the path that runs right after the other one finds its own model's
weights out of the caches, and until 2026-12-04 a share of two batches (2 processes) ran
sismo's large batch second in every pass, which added about 5 points to the 2-process
overhead. Both paths use the same documents and the same batch size
(`nlp.pipe(batch_size=BATCH)`, `Settings(batch_size=BATCH)`, one batch per call).

Per pass, a path's wall time is the longest of the workers' sums (the workers run their
batches at the same time); its CPU time is the sum of the workers' process times. The table
keeps the best (minimum) of the trials, since other load only ever adds time, and the paired
column gives the median over trials of each pass's sismo CPU time over its parse CPU time.
The overhead (sismo time / parse time - 1) compares the same documents, so it does not
depend on how sentences are counted.

Sentences are reported for information: parse side `doc.sents` of the bare parser; sismo
side the sentences it coded (one note per sentence without an event plus the distinct
sentences of its events), which sismo also splits at line breaks (`sismo_line_breaks`), hence
more of them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from datetime import date
from multiprocessing.synchronize import Barrier
from pathlib import Path

from sismo import compiled_modules

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
BATCH = 32
Doc3 = tuple[str, str | None, str]  # (id, date, text)

_barrier: Barrier | None = None


@dataclass
class Row:
    lang: str
    processes: int
    documents: int
    parse_sentences: int
    sismo_sentences: int
    parse_seconds: float
    sismo_seconds: float
    parse_cpu_seconds: float
    sismo_cpu_seconds: float
    # median over trials of (sismo / parse - 1) in CPU time, the two paths of the same pass
    # (timed batch by batch in turn)
    paired_cpu_overhead: float
    # per trial, sismo / parse - 1 in CPU time (what `pool_runs.py` pools over runs)
    paired_cpu_ratios: list[float]

    @property
    def overhead(self) -> float:
        return self.sismo_seconds / self.parse_seconds - 1

    @property
    def cpu_overhead(self) -> float:
        return self.sismo_cpu_seconds / self.parse_cpu_seconds - 1

    @property
    def parallelism(self) -> float:
        """CPU / (wall x processes): ~1 when every worker was busy the whole pass, 0.5 when two
        workers had to share one core (another job on the machine)."""
        cpu = self.parse_cpu_seconds + self.sismo_cpu_seconds
        return cpu / ((self.parse_seconds + self.sismo_seconds) * self.processes)


def corpus(repeat: int) -> dict[str, list[Doc3]]:
    """(id, date, text) per language: `repeat` copies of the gold texts."""
    by_lang: dict[str, list[Doc3]] = {"fr": [], "en": []}
    records = [
        json.loads(line)
        for path in sorted(GOLD.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    for n in range(repeat):  # whole copies: a batch holds different articles, as news does
        for record in records:
            by_lang[record["lang"]].append(
                (f"{record['id']}-{n}", record.get("date"), record["text"])
            )
    return by_lang


def _init(barrier: Barrier) -> None:
    global _barrier
    _barrier = barrier


def _start() -> None:
    assert _barrier is not None
    _barrier.wait(timeout=600)


PassTimes = dict[str, tuple[int, float, float]]  # per path: sentences, wall and CPU seconds


def run_share(args: tuple[str, list[Doc3], int]) -> list[PassTimes]:
    """Time `trials` passes over one share, the two paths batch by batch in turn."""
    lang, docs, trials = args
    from sismo import CodedDocument, Coder, Document, Settings
    from sismo.models import load_parser

    nlp = load_parser(lang)
    coder = Coder(Settings(lang=lang, batch_size=BATCH))
    batches = [
        (
            [t for _, _, t in docs[k : k + BATCH]],
            [Document(id=i, text=t, date=d, lang=lang) for i, d, t in docs[k : k + BATCH]],
        )
        for k in range(0, len(docs), BATCH)
    ]

    def parse(texts: list[str], _: list[Document]) -> int:
        return sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=BATCH))

    def code(_: list[str], documents: list[Document]) -> int:
        sentences = 0
        for coded in coder.code_all(documents):
            if not isinstance(coded, CodedDocument):
                raise RuntimeError(f"sismo failed on a document: {coded}")
            sentences += len(coded.notes) + len({e.start for e in coded.events})
        return sentences

    parse(*batches[0])  # warm-up: a full batch each
    code(*batches[0])
    timings: list[PassTimes] = []
    paths = [("parse", parse), ("sismo", code)]
    for trial in range(trials):
        # which path goes first alternates from batch to batch, and each pass starts with
        # the other path than the last: with an even number of batches per share, a
        # per-batch flip alone would give every batch the same order in every pass
        turn = trial % 2
        sentences = {"parse": 0, "sismo": 0}
        walls = {"parse": 0.0, "sismo": 0.0}
        cpus = {"parse": 0.0, "sismo": 0.0}
        _start()
        for batch in batches:
            for mode, run in paths[turn:] + paths[:turn]:
                wall, cpu = time.perf_counter(), time.process_time()
                sentences[mode] += run(*batch)
                walls[mode] += time.perf_counter() - wall
                cpus[mode] += time.process_time() - cpu
            turn = 1 - turn
        timings.append({mode: (sentences[mode], walls[mode], cpus[mode]) for mode in walls})
    return timings


def measure(lang: str, docs: list[Doc3], processes: int, trials: int) -> Row:
    """Best wall and CPU time per path over the trials, all workers running together."""
    ctx = mp.get_context("spawn")
    shares = [(lang, docs[i::processes], trials) for i in range(processes)]
    with ctx.Pool(processes, initializer=_init, initargs=(ctx.Barrier(processes),)) as pool:
        per_worker = pool.map(run_share, shares, chunksize=1)
    walls: dict[str, list[float]] = {"parse": [], "sismo": []}
    cpus: dict[str, list[float]] = {"parse": [], "sismo": []}
    sentences: dict[str, int] = {}
    for k in range(trials):  # pass k of every worker ran together
        passes = [timings[k] for timings in per_worker]
        for mode in ("parse", "sismo"):
            walls[mode].append(max(p[mode][1] for p in passes))
            cpus[mode].append(sum(p[mode][2] for p in passes))
            sentences[mode] = sum(p[mode][0] for p in passes)
    ratios = [s / p - 1 for p, s in zip(cpus["parse"], cpus["sismo"], strict=True)]
    return Row(
        lang,
        processes,
        len(docs),
        sentences["parse"],
        sentences["sismo"],
        min(walls["parse"]),
        min(walls["sismo"]),
        min(cpus["parse"]),
        min(cpus["sismo"]),
        statistics.median(ratios),
        ratios,
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| lang | proc | docs | parse docs/s | sismo docs/s | parse sent/s | sismo sent/s "
        "| sentences (parse / sismo) | overhead (wall) | overhead (CPU) "
        "| overhead (CPU, paired median) | sismo speed-up | parallelism |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    single = {r.lang: r.sismo_seconds for r in rows if r.processes == 1}
    for r in rows:
        speedup = f"{single[r.lang] / r.sismo_seconds:.2f}x" if r.lang in single else "-"
        lines.append(
            f"| {r.lang} | {r.processes} | {r.documents} "
            f"| {r.documents / r.parse_seconds:.1f} | {r.documents / r.sismo_seconds:.1f} "
            f"| {r.parse_sentences / r.parse_seconds:.0f} "
            f"| {r.sismo_sentences / r.sismo_seconds:.0f} "
            f"| {r.parse_sentences} / {r.sismo_sentences} | {r.overhead * 100:+.1f}% "
            f"| {r.cpu_overhead * 100:+.1f}% | {r.paired_cpu_overhead * 100:+.1f}% "
            f"| {speedup} | {r.parallelism:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=6, help="copies of the gold texts")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--trials", type=int, default=8, help="timed passes")
    parser.add_argument("--lang", nargs="+", choices=["fr", "en"], default=["fr", "en"])
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    data = corpus(args.repeat)
    load_before = os.getloadavg()[0]
    rows = [measure(lang, data[lang], n, args.trials) for lang in args.lang for n in args.processes]
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    info = {
        "date": str(date.today()),
        "commit": commit or "unknown",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "batch_size": BATCH,
        "repeat": args.repeat,
        "trials": args.trials,
        "loadavg": round(load_before, 2),  # 1-min load average before the run
        "build": ",".join(compiled_modules()) or "pure-python",  # setup.py's mypyc build
    }
    print("  ".join(f"{k} {v}" for k, v in info.items()) + "\n")
    print(table(rows))
    if load_before > 0.5 or any(r.parallelism < 0.85 for r in rows):
        print("\nwarning: other jobs were using the CPU (load average, or parallelism < 0.85);")
        print("the wall-clock numbers are noisy, the CPU overhead much less so")
    if args.json:
        results = [
            asdict(r)
            | {"overhead": r.overhead, "cpu_overhead": r.cpu_overhead, "parallelism": r.parallelism}
            for r in rows
        ]
        args.json.write_text(json.dumps({**info, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
