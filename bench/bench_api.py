"""Latency of the HTTP API on a store of 100,000 events, through a real server on 127.0.0.1.

    .venv/bin/python bench/bench_api.py [--events 100000] [--requests 300] [--db PATH]

1. Codes the example article (examples/otan-iran-2020-01.txt) once and keeps its real event
   rows as templates.
2. Fills a fresh DuckDB store in bulk (one INSERT … SELECT over `range(n)` inside DuckDB): each
   synthetic event copies a template row and varies its source and target actors (20 roots,
   with their sectors), its date (every day of 2015-2024), its CAMEO code (every code of the
   packaged CAMEO table, with that code's root, QuadClass and Goldstein score) and its place;
   about five events per synthetic document.
3. Starts `sismo serve` (a subprocess, read-only) on a free port of 127.0.0.1 and sends
   `--requests` GET requests to each of /api/events and /api/timeline, one at a time, cycling
   through a fixed list of filter combinations (none, actor, dyad, root, quad, date range,
   interval day/week/month), each request made unique (a later page, a date bound a day off)
   so that the server's query cache never answers it; then the same number of repeated
   requests, which the cache answers. 10 warm-up requests per endpoint are not timed.
4. Prints p50 / p95 / max latency in milliseconds per endpoint, as a Markdown table, and the
   same figures for the store's queries alone (in this process, no HTTP, no JSON), which tell
   DuckDB's share of a request apart from the server's.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import duckdb
import httpx

from sismo import Coder, Failure, Settings, read_inputs
from sismo.cameo import cameo_table
from sismo.query import Filters
from sismo.records import EVENT_COLUMNS, event_rows
from sismo.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "otan-iran-2020-01.txt"
ROOTS = [
    ("IRN", "IRN", ""),
    ("USA", "USAGOV", "GOV"),
    ("NATO", "IGOWSTNAT", ""),
    ("FRA", "FRA", ""),
    ("RUS", "RUSMIL", "MIL"),
    ("UKR", "UKR", ""),
    ("SYR", "SYRREB", "REB"),
    ("ISR", "ISRGOV", "GOV"),
    ("CHN", "CHN", ""),
    ("DEU", "DEUGOV", "GOV"),
    ("UN", "IGOUNO", ""),
    ("EU", "IGOEUREEC", ""),
    ("GBR", "GBR", ""),
    ("TUR", "TURMIL", "MIL"),
    ("IRQ", "IRQCVL", "CVL"),
    ("AFG", "AFG", ""),
    ("MLI", "MLIGOV", "GOV"),
    ("EGY", "EGY", ""),
    ("PRK", "PRK", ""),
    ("VEN", "VENGOV", "GOV"),
]
EVENT_QUERIES: list[dict[str, object]] = [
    {},
    {"actor": "IRN"},
    {"dyad": "USA:IRN"},
    {"root": "19"},
    {"quad": 4},
    {"since": "2020-01", "until": "2020-06"},
    {"source": "NATO", "limit": 20, "offset": 40},
    {"actor": "USAGOV", "since": "2023-01-01"},
    {"lang": "fr", "root": "04"},
]
TIMELINE_QUERIES: list[dict[str, object]] = [
    {},
    {"interval": "week"},
    {"interval": "day", "actor": "IRN"},
    {"dyad": "USA:IRN"},
    {"quad": 4, "interval": "week"},
    {"since": "2020-01", "until": "2021-12"},
    {"root": "11"},
]


def fill(db: Path, n_events: int) -> None:
    """The store with n_events synthetic events made from the example's real rows."""
    coded = next(Coder(Settings()).code_all(read_inputs([str(EXAMPLE)])))
    assert not isinstance(coded, Failure), coded
    templates = event_rows(coded)
    with Store.open(str(db)):
        pass  # creates and migrates the file
    con = duckdb.connect(str(db))
    cols = list(EVENT_COLUMNS)
    con.execute("CREATE TEMP TABLE tpl AS SELECT * FROM events WHERE FALSE")
    for row in templates:
        con.execute(
            f"INSERT INTO tpl VALUES ({', '.join('?' for _ in cols)})", [row[c] for c in cols]
        )
    con.execute("CREATE TEMP TABLE tpl_n AS SELECT row_number() OVER () - 1 AS t, * FROM tpl")
    codes = [
        (c.code, c.code[:2], c.label, c.quad_class, c.goldstein, c.plover)
        for c in cameo_table().values()
        if len(c.code) >= 3
    ]
    con.execute(
        "CREATE TEMP TABLE codes (k INTEGER, code VARCHAR, root VARCHAR, label VARCHAR, "
        "quad_class INTEGER, goldstein DOUBLE, plover VARCHAR)"
    )
    con.executemany(
        "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?)", [(k, *c) for k, c in enumerate(codes)]
    )
    con.execute(
        "CREATE TEMP TABLE actors_b (k INTEGER, root VARCHAR, code VARCHAR, sector VARCHAR)"
    )
    con.executemany(
        "INSERT INTO actors_b VALUES (?, ?, ?, ?)", [(k, *a) for k, a in enumerate(ROOTS)]
    )
    n_tpl, n_codes, n_actors = len(templates), len(codes), len(ROOTS)
    replaced = {
        "event_id": "'bench-' || i",
        "doc_hash": "md5(CAST(i // 5 AS VARCHAR))",
        "doc_id": "'bench-doc-' || (i // 5)",
        "rank": "CAST(i % 5 AS INTEGER)",
        "date": "strftime(DATE '2015-01-01' + CAST(i % 3653 AS INTEGER), '%Y-%m-%d')",
        "month": "strftime(DATE '2015-01-01' + CAST(i % 3653 AS INTEGER), '%Y-%m')",
        "lang": "CASE WHEN i % 3 = 0 THEN 'en' ELSE 'fr' END",
        "code": "c.code",
        "root": "c.root",
        "label": "c.label",
        "quad_class": "c.quad_class",
        "goldstein": "c.goldstein",
        "plover": "c.plover",
        "location": "CASE WHEN i % 4 = 0 THEN s.root WHEN i % 4 = 1 THEN o.root END",
        "source_code": "s.code",
        "source_root": "s.root",
        "source_sector": "s.sector",
        "target_code": "o.code",
        "target_root": "o.root",
        "target_sector": "o.sector",
        "cluster_id": "NULL",
    }
    select = ", ".join(replaced.get(c, f't."{c}"') for c in cols)
    started = time.monotonic()
    con.execute(
        f"""INSERT INTO events
        SELECT {select} FROM range({n_events}) r(i)
        JOIN tpl_n t ON t.t = i % {n_tpl}
        JOIN codes c ON c.k = (i * 7) % {n_codes}
        JOIN actors_b s ON s.k = i % {n_actors}
        JOIN actors_b o ON o.k = (i // {n_actors} + 1 + i % {n_actors}) % {n_actors}"""
    )
    con.execute(
        """INSERT INTO documents (doc_hash, doc_id, date, month, lang, title, url, source,
                               n_chars, n_events, text)
        SELECT doc_hash, any_value(doc_id), min(date), min(month), any_value(lang), NULL, NULL,
               'bench', 2000, count(*), 'synthetic' FROM events GROUP BY doc_hash"""
    )
    con.close()
    print(f"filled {n_events} events in {time.monotonic() - started:.1f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def distinct(path: str, query: dict[str, object], cycle: int) -> dict[str, object]:
    """The query made unique to its cycle, so that the server's query cache never answers it:
    events pages further on, timelines end (or start) one day earlier (later)."""
    params = dict(query)
    if path == "/api/events":
        params["offset"] = int(params.get("offset", 0)) + cycle  # type: ignore[call-overload]
    elif "until" in params:
        params["since"] = (date(2020, 1, 1) + timedelta(days=cycle)).isoformat()
    else:
        params["until"] = (date(2024, 12, 31) - timedelta(days=cycle)).isoformat()
    return params


def measure(
    client: httpx.Client, path: str, queries: list[dict[str, object]], n: int, cold: bool
) -> list[float]:
    """Latencies of n requests; cold: each one new to the server's cache, else repeated."""
    for k in range(10):
        client.get(path, params=queries[k % len(queries)]).raise_for_status()  # type: ignore[arg-type]
    times = []
    for k in range(n):
        query = queries[k % len(queries)]
        params = distinct(path, query, 1 + k // len(queries)) if cold else query
        t0 = time.perf_counter()
        response = client.get(path, params=params)  # type: ignore[arg-type]
        times.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
    return times


def store_only(db: Path, n: int) -> dict[str, list[float]]:
    """The same queries on the store itself (after the server has closed the file).

    Also the CPU time of each query (this process, all DuckDB threads): unlike wall time it
    hardly depends on what else the machine runs.
    """
    out: dict[str, list[float]] = {}
    with Store.open(str(db), read_only=True) as store:
        for k in range(n):
            q = dict(EVENT_QUERIES[k % len(EVENT_QUERIES)])
            limit, offset = int(q.pop("limit", 50)), int(q.pop("offset", 0))  # type: ignore[call-overload]
            f = Filters(**q)  # type: ignore[arg-type]
            _timed(out, "store.events", partial(store.events, f, limit, offset))
            q = dict(TIMELINE_QUERIES[k % len(TIMELINE_QUERIES)])
            interval = str(q.pop("interval", "month"))
            f = Filters(**q)  # type: ignore[arg-type]
            _timed(out, "store.timeline", partial(store.timeline, f, interval))
    return out


def _timed(out: dict[str, list[float]], name: str, run: Callable[[], object]) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    out.setdefault(name, []).append((time.perf_counter() - wall) * 1000)
    out.setdefault(f"{name} (CPU time)", []).append((time.process_time() - cpu) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--db", help="keep the filled database here (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        if db.exists():
            db.unlink()
        fill(db, args.events)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "sismo.cli", "serve", "--db", str(db), "--port", str(port)],
        )
        try:
            client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/api/stats").raise_for_status()
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.2)
            total = client.get("/api/stats").json()["events"]
            results = {
                "/api/events": measure(client, "/api/events", EVENT_QUERIES, args.requests, True),
                "/api/timeline": measure(
                    client, "/api/timeline", TIMELINE_QUERIES, args.requests, True
                ),
                "/api/events (repeated: cached)": measure(
                    client, "/api/events", EVENT_QUERIES, args.requests, False
                ),
                "/api/timeline (repeated: cached)": measure(
                    client, "/api/timeline", TIMELINE_QUERIES, args.requests, False
                ),
            }
            client.close()
            load = os.getloadavg()
        finally:
            server.terminate()
            server.wait(timeout=20)
        results.update(store_only(db, args.requests))
    print(
        f"\n{date.today()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}; {total} events, {args.requests} requests each; "
        f"load average {load[0]:.1f} / {load[1]:.1f} (1 / 5 min) at the end\n"
    )
    print("| endpoint / query | requests | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for path, times in results.items():
        q = statistics.quantiles(times, n=100)
        print(f"| `{path}` | {len(times)} | {q[49]:.1f} | {q[94]:.1f} | {max(times):.1f} |")


if __name__ == "__main__":
    main()
