"""Pool the paired CPU overheads of several `bench_coding.py` runs into one estimate.

    for k in 1 2 3 4 5 6 7 8; do .venv/bin/python bench/bench_coding.py --json run$k.json; done
    .venv/bin/python bench/pool_runs.py run*.json [--target 0.15]

On a shared VM one run's paired median moves by several points from the next run of the same
build: what a process gets (its memory layout, its core, its neighbours) stays with it for
the whole run, so the passes of one run are not independent draws and eight of them do not
show how far the next run may land. This pools the per-pass ratios (sismo CPU time over
the parse's in the same pass, minus one) of every run, per language and process count, and
gives their median with a 95% interval from a cluster bootstrap: runs are resampled with
replacement, each drawn run bringing all its passes. The interval is for the median
overhead a run of this build has on this kind of machine; the last column counts the single
runs whose own paired median is above the target.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path

RESAMPLES = 4000


def pooled(runs: list[list[float]], seed: int = 0) -> tuple[float, float, float]:
    """Median of all the passes of `runs`, and the 2.5th and 97.5th percentiles of that
    median when the runs are resampled with replacement."""
    rng = random.Random(seed)
    medians = sorted(
        statistics.median([r for run in rng.choices(runs, k=len(runs)) for r in run])
        for _ in range(RESAMPLES)
    )
    everything = [r for run in runs for r in run]
    low = medians[int(0.025 * RESAMPLES)]
    high = medians[int(0.975 * RESAMPLES) - 1]
    return statistics.median(everything), low, high


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("files", type=Path, nargs="+", help="--json outputs of bench_coding.py")
    parser.add_argument("--target", type=float, default=0.15, help="overhead ceiling (0.15)")
    args = parser.parse_args()
    groups: dict[tuple[str, int], list[list[float]]] = {}
    commits: set[str] = set()
    for path in args.files:
        data = json.loads(path.read_text(encoding="utf-8"))
        commits.add(data.get("commit", "unknown"))
        for row in data["results"]:
            if "paired_cpu_ratios" not in row:
                raise SystemExit(f"{path}: no per-pass ratios (written before they were kept)")
            groups.setdefault((row["lang"], row["processes"]), []).append(row["paired_cpu_ratios"])
    print(f"{len(args.files)} runs, commits {', '.join(sorted(commits))}\n")
    print(
        "| lang | proc | runs | passes | overhead (CPU, pooled median) | 95% interval "
        f"| runs above {args.target:.0%} |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    for (lang, processes), runs in sorted(groups.items()):
        mid, low, high = pooled(runs)
        above = sum(statistics.median(run) > args.target for run in runs)
        print(
            f"| {lang} | {processes} | {len(runs)} | {sum(map(len, runs))} | {mid:+.1%} "
            f"| {low:+.1%} … {high:+.1%} | {above} of {len(runs)} |"
        )


if __name__ == "__main__":
    main()
