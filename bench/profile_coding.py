"""Where sismo's time goes: cProfile (CPU time) of `Coder.code_all` over the benchmark corpus.

    .venv/bin/python bench/profile_coding.py [--repeat 6] [--top 25]

Pipelines are loaded and warmed before profiling. Prints sismo's own functions (src/sismo)
by cumulative time, as a share of the whole coding time (spaCy parse included).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from bench_coding import corpus

from sismo import Coder, Document, Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    data = corpus(args.repeat)
    coders = {lang: Coder(Settings(lang=lang)) for lang in data}
    batches = {
        lang: [Document(id=i, text=t, date=d, lang=lang) for i, d, t in docs]
        for lang, docs in data.items()
    }
    for lang, coder in coders.items():  # load and warm outside the profile
        list(coder.code_all(batches[lang][:32]))
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for lang, coder in coders.items():
        list(coder.code_all(batches[lang]))
    profile.disable()
    entries = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(ct for _, _, _, ct, _ in entries.values())
    rows = sorted(
        (
            (path, line, name, nc, tt, ct)
            for (path, line, name), (_, nc, tt, ct, _) in entries.items()
            if "/src/sismo/" in path
        ),
        key=lambda row: -row[5],
    )
    print(f"coding time profiled: {total:.2f} s CPU (spaCy parse included; cProfile inflates")
    print("pure-Python code such as sismo's relative to spaCy's compiled code)\n")
    print("| sismo function | calls | cumulative | share of coding | own |\n|---|--:|--:|--:|--:|")
    for path, line, name, calls, own, cum in rows[: args.top]:
        where = f"{path.split('/src/')[-1]}:{line} {name}"
        print(f"| {where} | {calls} | {cum:.2f} s | {cum / total:.1%} | {own:.2f} s |")


if __name__ == "__main__":
    main()
