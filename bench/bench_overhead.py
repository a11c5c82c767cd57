"""Coding overhead in one process: the spaCy parse alone and `Coder.code_all` on the same
documents, timed in turn, CPU time.

    .venv/bin/python bench/bench_overhead.py [--lang fr en] [--trials 20] [--chunk 32]

`bench_coding.py` is the issue's benchmark (spawned workers, 1 and 2 processes, sentences/s).
This one is its diagnostic companion, in one process: the paths run one after the other on
one batch at a time (`--chunk` documents of the bench corpus, ~15 per language, ~0.5 s per
run, in an order that turns), and the overhead is the median over trials of each path's time
over the parse's time in the same trial; the quartiles show how much the machine's drift
still moves it. Best times per document are printed too. Chunks of 5 documents read about 3
points lower than batches of 15 or more (measured, cause not pinned down), hence a default of
a whole batch.

Also timed: the same pipeline without sismo's components (what is left is sismo's own work,
not a different parse), and the `sismo_events` component inside the sismo path, over the
rest of that same path: both sides of that ratio are measured in the same run, so it is
the steadiest figure. The build line says whether the coding stage runs compiled (setup.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_coding import corpus  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from sismo import Coder, Document, Settings, compiled_modules  # noqa: E402
from sismo.models import load_parser  # noqa: E402


def measure(lang: str, trials: int, chunk: int) -> dict[str, tuple[float, float, float, float]]:
    """Per path: best CPU seconds per document, and the median, first and third quartiles
    of its time over the parse's in the same trial."""
    data = corpus(1)[lang]
    parser = load_parser(lang)
    coder = Coder(Settings(lang=lang, batch_size=32))
    nlp = coder.pipeline(lang)
    chunks = [data[k : k + chunk] for k in range(0, len(data), chunk)]

    def paths(part: list[tuple[str, str | None, str]]) -> dict[str, Callable[[], object]]:
        texts = [text for _, _, text in part]
        docs = [Document(id=str(i), text=text, date=day, lang=lang) for i, day, text in part]

        def bare() -> None:
            with nlp.select_pipes(disable=["sismo_events", "sismo_line_breaks"]):
                list(nlp.pipe(texts, batch_size=32))

        return {
            "parse": lambda: list(parser.pipe(texts, batch_size=32)),
            "sismo pipeline without its components": bare,
            "sismo": lambda: list(coder.code_all(docs)),
        }

    component = nlp.get_pipe("sismo_events")
    inside = [0.0]  # CPU seconds spent in the component, read around each sismo run

    class Timed(type(component)):  # type: ignore[misc]
        def __call__(self, doc: Doc) -> Doc:
            start = time.process_time()
            try:
                return super().__call__(doc)
            finally:
                inside[0] += time.process_time() - start

    component.__class__ = Timed  # the same object, timed: nothing else changes
    runs = [paths(part) for part in chunks]
    names = list(runs[0])
    for part in runs:  # warm: models, lexicons, gazetteer
        for run in part.values():
            run()
    times: dict[str, list[float]] = {name: [0.0] * trials for name in names}
    own = [0.0] * trials  # per trial, the component's share of the sismo path
    for trial in range(trials):
        for k, part in enumerate(runs):  # the paths on a few documents each in turn
            turn = (trial + k) % len(names)
            for name in names[turn:] + names[:turn]:
                inside[0] = 0.0
                start = time.process_time()
                part[name]()
                times[name][trial] += time.process_time() - start
                if name == "sismo":
                    own[trial] += inside[0]
    out = {}
    for name, spent in times.items():
        ratios = [t / p - 1 for t, p in zip(spent, times["parse"], strict=True)]
        low, mid, high = statistics.quantiles(ratios, n=4) if trials > 1 else ratios * 3
        out[name] = (min(spent) / len(data), mid, low, high)
    ratios = [c / (t - c) for c, t in zip(own, times["sismo"], strict=True)]
    low, mid, high = statistics.quantiles(ratios, n=4) if trials > 1 else ratios * 3
    out["sismo_events component, over the rest of the sismo path"] = (
        min(own) / len(data),
        mid,
        low,
        high,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["fr", "en"])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--chunk", type=int, default=32, help="documents per timed run")
    args = parser.parse_args()
    compiled = compiled_modules()
    print(f"sismo build: {'compiled (' + ', '.join(compiled) + ')' if compiled else 'pure Python'}")
    print()
    print("| lang | path | CPU ms/doc (best) | over the parse: median | quartiles |")
    print("|---|---|--:|--:|--:|")
    for lang in args.lang:
        for name, (seconds, mid, low, high) in measure(lang, args.trials, args.chunk).items():
            spread = f"{low:+.1%} … {high:+.1%}"
            print(f"| {lang} | {name} | {seconds * 1000:.2f} | {mid:+.1%} | {spread} |", flush=True)


if __name__ == "__main__":
    main()
