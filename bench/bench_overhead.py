"""Coding overhead in one process: the spaCy parse alone and `Coder.code_all` on the same
documents, timed alternately, CPU time, best of `--trials` each.

    .venv/bin/python bench/bench_overhead.py [--lang fr en] [--trials 8]

`bench_coding.py` runs each path in its own pass over a pool of workers; on a shared VM whose
speed drifts between passes its single-process figure moves by several points from one run
to the next. Here the two paths alternate every ~0.5 s in the same process, so a drift hits
both, and the minimum of each is compared. Also timed: the same pipeline without sismo's
components, which shows that what is left is sismo's own work, not a different parse.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_coding import corpus  # noqa: E402

from sismo import Coder, Document, Settings  # noqa: E402
from sismo.models import load_parser  # noqa: E402


def measure(lang: str, trials: int) -> dict[str, float]:
    data = corpus(1)[lang]
    texts = [text for _, _, text in data]
    docs = [Document(id=str(i), text=text, date=day, lang=lang) for i, day, text in data]
    parser = load_parser(lang)
    coder = Coder(Settings(lang=lang, batch_size=32))
    nlp = coder.pipeline(lang)

    def bare() -> None:
        with nlp.select_pipes(disable=["sismo_events", "sismo_line_breaks"]):
            list(nlp.pipe(texts, batch_size=32))

    paths: dict[str, Callable[[], object]] = {
        "parse": lambda: list(parser.pipe(texts, batch_size=32)),
        "sismo pipeline without its components": bare,
        "sismo": lambda: list(coder.code_all(docs)),
    }
    for run in paths.values():  # warm: models, lexicons, gazetteer
        run()
    best = dict.fromkeys(paths, float("inf"))
    for _ in range(trials):
        for name, run in paths.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    return {name: seconds / len(docs) for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["fr", "en"])
    parser.add_argument("--trials", type=int, default=8)
    args = parser.parse_args()
    print("| lang | path | CPU ms/doc (best) | over the parse |")
    print("|---|---|--:|--:|")
    for lang in args.lang:
        times = measure(lang, args.trials)
        for name, seconds in times.items():
            over = seconds / times["parse"] - 1
            print(f"| {lang} | {name} | {seconds * 1000:.2f} | {over:+.1%} |", flush=True)


if __name__ == "__main__":
    main()
