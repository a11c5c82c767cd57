"""API hardening against a real uvicorn server on 127.0.0.1 and a real DuckDB file: body size
(declared or chunked), coding time, SQL injection in every filter, loopback binding.

That the page never runs markup from an article is checked in a real browser by
tests/test_dashboard_browser.py (a <script> and an onerror handler in a stored article).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner

from sismo import Coder, Document
from sismo.api import MAX_BODY_BYTES, create_app
from sismo.cli import main, serve_command
from sismo.store import Store

FR = "La France a condamné la Russie. L'OTAN exhorte l'Iran à la retenue."
INJECTIONS = (
    "' OR '1'='1",
    "IRN' OR 1=1 --",
    "x'); DROP TABLE events; --",
    "1 UNION SELECT * FROM documents",
    '" OR ""="',
    "2020-01' OR date IS NOT NULL --",
    "%' --",
    "IRN:USA'; DELETE FROM events; --",
)
FILTERS = ("actor", "source", "target", "dyad", "root", "quad", "since", "until", "lang")
ENDPOINTS = ("/api/events", "/api/actors", "/api/timeline", "/api/network", "/api/countries")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    path = tmp_path_factory.mktemp("hardening") / "h.duckdb"
    with Store.open(str(path)) as store:
        store.ingest([Document(id="d1", text=FR, date="2020-01-15", lang="fr")], coder)
    return path


@pytest.fixture(scope="module")
def api(db: Path, coder: Coder) -> Iterator[httpx.Client]:
    """The app with a short coding deadline, served by uvicorn in a thread."""
    app = create_app(str(db), coder=coder, code_seconds=1.0)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        yield client
    server.should_exit = True
    thread.join(timeout=10)


def _counts(client: httpx.Client) -> tuple[int, int]:
    stats = client.get("/api/stats").json()
    return stats["documents"], stats["events"]


def test_sql_injection_in_every_filter_is_refused_or_inert(api: httpx.Client) -> None:
    before = _counts(api)
    assert before[1] > 0
    for endpoint in ENDPOINTS:
        for name in FILTERS:
            for value in INJECTIONS:
                response = api.get(endpoint, params={name: value})
                assert response.status_code == 422, (endpoint, name, value, response.text)
                assert response.json()["error"]["code"] in ("E022", "E004")  # filter, date
    for value in INJECTIONS:
        for extra in ({"limit": value}, {"offset": value}, {"interval": value}):
            response = api.get(
                "/api/timeline" if "interval" in extra else "/api/events", params=extra
            )
            assert response.status_code == 422, (extra, response.text)
        response = api.get(f"/api/documents/{value}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "E026"
    assert _counts(api) == before
    # A value that passes validation still travels as a parameter: it matches nothing.
    assert api.get("/api/events", params={"actor": "OR1EQ1"}).json()["total"] == 0


def test_sql_injection_through_the_cli_is_refused(db: Path) -> None:
    for value in INJECTIONS[:3]:
        result = CliRunner().invoke(main, ["events", "--db", str(db), "--actor", value])
        assert result.exit_code != 0 and "E022" in result.output
    with Store.open(str(db), read_only=True) as store:
        assert store.fetch("SELECT count(*) AS n FROM events")[0]["n"] > 0


def test_declared_and_chunked_bodies_over_the_limit_get_413(api: httpx.Client) -> None:
    big = b'{"text": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}'
    declared = api.post("/api/code", content=big, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "E028"

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        yield b'{"text": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    chunked = api.post("/api/code", content=chunks(), headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413 and chunked.json()["error"]["code"] == "E028"
    small = api.post("/api/code", json={"text": FR, "date": "2020-01-15", "lang": "fr"})
    assert small.status_code == 200 and small.json()["events"]


def test_code_past_its_deadline_gets_503_and_the_server_recovers(api: httpx.Client) -> None:
    # ~98,600 characters, just under the 100,000 the API takes: about three seconds of parsing
    # on a fast machine, well past the 1 s deadline (a third of it parsed in about a second)
    text = (FR + "\n") * 1450
    started = time.monotonic()
    slow = api.post("/api/code", json={"text": text, "lang": "fr"})
    waited = time.monotonic() - started
    assert slow.status_code == 503, slow.text[:300]
    assert slow.json()["error"]["code"] == "E062" and waited < 10
    assert api.get("/api/stats").status_code == 200  # reads are not held up meanwhile
    deadline = time.monotonic() + 180
    while True:  # once the slow job is done, coding answers again
        quick = api.post("/api/code", json={"text": FR, "lang": "fr"})
        if quick.status_code == 200:
            break
        assert quick.status_code == 503 and time.monotonic() < deadline
        time.sleep(0.5)
    assert quick.json()["events"]


def test_serve_binds_loopback_unless_told() -> None:
    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"
