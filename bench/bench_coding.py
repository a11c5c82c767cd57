"""Throughput of sismo end to end against the spaCy parse alone, on the same text.

    .venv/bin/python bench/bench_coding.py [--repeat 6] [--processes 1 2]

Corpus: the texts of the gold documents (French and English), repeated. Pipelines are loaded
and warmed before timing; each configuration codes the same documents. Prints a Markdown table
for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"


def corpus(repeat: int) -> dict[str, list[tuple[str, str, str]]]:
    """(id, date, text) per language, the gold texts repeated `repeat` times."""
    by_lang: dict[str, list[tuple[str, str, str]]] = {"fr": [], "en": []}
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for n in range(repeat):
                by_lang[record["lang"]].append((f"{record['id']}-{n}", record["date"],
                                                record["text"]))
    return by_lang


def run_share(args: tuple[str, str, list[tuple[str, str, str]]]) -> tuple[int, int, float]:
    """Code one share of the corpus in this process: (documents, sentences, seconds)."""
    mode, lang, docs = args
    from sismo import Coder, Document, Settings
    from sismo.models import load_parser

    if mode == "parse":
        nlp = load_parser(lang)
        list(nlp.pipe([docs[0][2]]))  # warm-up
        start = time.perf_counter()
        sentences = sum(len(list(d.sents)) for d in nlp.pipe((t for _, _, t in docs),
                                                              batch_size=32))
        return len(docs), sentences, time.perf_counter() - start
    coder = Coder(Settings(lang=lang))
    coder.code(Document(id="warm", text=docs[0][2], date=docs[0][1], lang=lang))
    start = time.perf_counter()
    sentences = 0
    for coded in coder.code_all(Document(id=i, text=t, date=d, lang=lang) for i, d, t in docs):
        sentences += len(getattr(coded, "notes", [])) + len({e.start for e in
                                                             getattr(coded, "events", [])})
    return len(docs), sentences, time.perf_counter() - start


def measure(mode: str, lang: str, docs: list[tuple[str, str, str]], processes: int) -> float:
    """Sentences per second (wall clock of the slowest worker)."""
    shares = [docs[i::processes] for i in range(processes)]
    if processes == 1:
        results = [run_share((mode, lang, shares[0]))]
    else:
        with mp.get_context("spawn").Pool(processes) as pool:
            results = pool.map(run_share, [(mode, lang, s) for s in shares])
    sentences = sum(r[1] for r in results)
    return sentences / max(r[2] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    data = corpus(args.repeat)
    print(f"date {date.today()}  machine {platform.machine()} {platform.processor() or ''} "
          f"{os.cpu_count()} cores  python {platform.python_version()}")
    print("| lang | processes | documents | spaCy parse (sent/s) | sismo (sent/s) | overhead |")
    print("|---|---|---|---|---|---|")
    for lang, docs in data.items():
        for processes in args.processes:
            parse = measure("parse", lang, docs, processes)
            full = measure("sismo", lang, docs, processes)
            print(f"| {lang} | {processes} | {len(docs)} | {parse:.0f} | {full:.0f} | "
                  f"{(parse / full - 1) * 100:+.1f}% |")


if __name__ == "__main__":
    main()
