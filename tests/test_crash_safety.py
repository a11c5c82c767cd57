"""Crash safety and a served database: `sismo ingest` killed with SIGKILL mid-run and rerun
leaves a consistent, complete store; a running server answers during an ingest sent to it.

Real processes throughout: `sismo ingest` and `sismo serve` run as subprocesses on a real
DuckDB file, the server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

import sismo
from sismo import Coder
from sismo.pipeline import CodedDocument
from sismo.readers import read_inputs
from sismo.records import document_hash
from sismo.store import Store

ROOT = Path(__file__).resolve().parent.parent
SISMO = [sys.executable, "-m", "sismo.cli"]


def _env() -> dict[str, str]:
    """The subprocesses import the sismo the tests import (installed, or the source tree)."""
    env = dict(os.environ)
    where = str(Path(sismo.__file__).resolve().parents[1])
    env["PYTHONPATH"] = where + os.pathsep + env.get("PYTHONPATH", "")
    return env


def write_corpus(path: Path, n: int) -> Path:
    """n distinct short English articles (JSON Lines) made of real news sentences."""
    sentences: list[str] = []
    with open(ROOT / "eval" / "gold" / "en_news_dev.jsonl", encoding="utf-8") as gold:
        for line in gold:
            text = json.loads(line)["text"]
            sentences += [s.strip() + "." for s in re.split(r"\.\s", text) if len(s) > 40]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            picked = [sentences[(i * 3 + k) % len(sentences)] for k in range(3)]
            day = 1 + i % 28
            record = {
                "id": f"doc{i:04d}",
                "date": f"2020-02-{day:02d}",
                "lang": "en",
                "text": f"Report {i}. " + " ".join(picked),
            }
            out.write(json.dumps(record) + "\n")
    return path


def db_state(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "distinct_docs": one("SELECT count(DISTINCT doc_id) FROM documents"),
            "events": one("SELECT count(*) FROM events"),
            "distinct_events": one("SELECT count(DISTINCT (doc_hash, rank)) FROM events"),
            "n_events_sum": one("SELECT coalesce(sum(n_events), 0) FROM documents"),
            "orphans": one("SELECT count(*) FROM events e ANTI JOIN documents d USING (doc_hash)"),
            "runs": con.execute(
                "SELECT run_id, status, coded, skipped, failed, events FROM runs ORDER BY run_id"
            ).fetchall(),
        }
    finally:
        con.close()


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ingest_killed_mid_run_then_rerun_is_consistent_and_complete(
    tmp_path: Path, coder: Coder
) -> None:
    n = 240
    corpus = write_corpus(tmp_path / "corpus.jsonl", n)
    db = tmp_path / "kill.duckdb"
    wal = Path(str(db) + ".wal")
    command = [*SISMO, "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(
        command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        # The write-ahead log grows by every committed batch (documents, events, run counts);
        # kill once a few batches are in, long before the corpus is.
        deadline = time.monotonic() + 240
        while not (wal.exists() and wal.stat().st_size > 60_000):
            assert proc.poll() is None, f"ingest ended before it was killed: {proc.stderr}"
            assert time.monotonic() < deadline, "ingest committed nothing in time"
            time.sleep(0.02)
        workers = _children(proc.pid)  # the ingest's coding pool (one worker per core)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert workers, "the ingest codes on a process pool by default"
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)], "pool workers outlived the killed ingest"

    killed = db_state(db)
    assert 0 < int(killed["documents"]) < n, killed  # type: ignore[call-overload]
    assert killed["runs"] == [(1, "running", killed["documents"], 0, 0, killed["events"])]
    assert killed["events"] == killed["n_events_sum"] and killed["orphans"] == 0

    rerun = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    final = db_state(db)
    assert final["documents"] == final["distinct_docs"] == n
    assert final["events"] == final["distinct_events"] == final["n_events_sum"]
    assert final["orphans"] == 0
    (run1, run2) = final["runs"]  # type: ignore[misc]
    assert run1[:2] == (1, "interrupted")
    assert run2 == (
        2,
        "finished",
        n - killed["documents"],
        killed["documents"],
        0,
        final["events"] - killed["events"],
    )  # type: ignore[operator]

    # The same events as one uninterrupted run of the same corpus.
    expected = {}
    for item in coder.code_all(read_inputs([str(corpus)])):
        assert isinstance(item, CodedDocument), item
        expected[document_hash(item.document)] = len(item.events)
    con = duckdb.connect(str(db), read_only=True)
    stored = dict(con.execute("SELECT doc_hash, n_events FROM documents").fetchall())
    con.close()
    assert stored == expected


def listening_addresses(port: int) -> set[str]:
    """The local IPv4 addresses with a socket listening on `port`, from /proc/net/tcp."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """`sismo serve --allow-ingest` on an empty database, as a real process."""
    db = tmp_path / "served.duckdb"
    Store.open(str(db)).close()
    port = _free_port()
    proc = subprocess.Popen(
        [*SISMO, "serve", "--db", str(db), "--port", str(port), "--allow-ingest"],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        yield url, db, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_server_answers_during_an_ingest_sent_through_it(
    served: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    url, db, server = served
    n = 96
    corpus = write_corpus(tmp_path / "corpus.jsonl", n)

    # The served file is locked: a direct ingest says so at once, and what to do instead.
    direct = subprocess.run(
        [*SISMO, "ingest", str(corpus), "--db", str(db)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert direct.returncode == 1 and "E064" in direct.stderr and "--server" in direct.stderr

    port = int(url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}  # `sismo serve` binds loopback by default

    answers: list[tuple[int, int, float]] = []  # (status, documents, seconds)
    done = threading.Event()

    def poll() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            while not done.is_set():
                started = time.monotonic()
                response = client.get("/api/stats")
                docs = response.json().get("documents", -1) if response.is_success else -1
                answers.append((response.status_code, docs, time.monotonic() - started))
                client.get("/api/events", params={"actor": "USA", "limit": 5}).raise_for_status()
                time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        ingest = subprocess.run(
            [*SISMO, "ingest", str(corpus), "--server", url],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        done.set()
        poller.join(timeout=60)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    assert f"{n} document(s) coded" in ingest.stderr

    assert len(answers) >= 5 and all(status == 200 for status, _, _ in answers)
    seen = [docs for _, docs, _ in answers]
    assert seen == sorted(seen), "counts only grow"
    assert any(0 < docs < n for docs in seen), "reads were answered while batches went in"
    final = httpx.get(url + "/api/stats", timeout=10).json()
    assert final["documents"] == n

    server.terminate()  # releases the file: the batches were recorded as one run
    server.wait(timeout=30)
    state = db_state(db)
    assert state["runs"] == [(1, "finished", n, 0, 0, final["events"])]
