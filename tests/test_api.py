"""The HTTP API against a real DuckDB file and a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

import sismo
from sismo import Coder, Document, read_inputs
from sismo.api import MAX_BODY_BYTES, MAX_TEXT_CHARS, STATIC_DIR, create_app
from sismo.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "otan-iran-2020-01.txt")
EXTRA = Document(id="x1", text="L'OTAN condamne l'Iran.", date="2020-01-06", lang="fr")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn serving create_app(...) in a thread, on a free port of 127.0.0.1."""

    def __init__(self, db: Path, coder: Coder, allow_ingest: bool = False) -> None:
        app = create_app(str(db), allow_ingest=allow_ingest, coder=coder)
        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> httpx.Client:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=60)
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    with Store.open(str(path)) as store:
        store.ingest([*read_inputs([EXAMPLE]), EXTRA], coder)
    return path


@pytest.fixture(scope="module")
def api(db: Path, coder: Coder) -> Iterator[httpx.Client]:
    with Server(db, coder) as client:
        yield client


def ok(client: httpx.Client, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    return str(body["error"]["message"])


def test_events_page_filters_and_order(api: httpx.Client) -> None:
    every = ok(api, "/api/events", limit=1000)
    assert every["total"] == len(every["events"]) > 2
    keys = [(e["date"], e["event_id"]) for e in every["events"]]
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)
    first = every["events"][0]
    assert {"event_id", "doc_hash", "source", "target", "code", "sentence"} <= set(first)
    page = ok(api, "/api/events", limit=2, offset=1)
    assert (page["total"], page["limit"], page["offset"]) == (every["total"], 2, 1)
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in every["events"][1:3]]
    dyad = ok(api, "/api/events", dyad="NATO:IRN")
    assert dyad["total"] >= 2
    assert all(
        e["source"]["root"] == "NATO" and e["target"]["root"] == "IRN" for e in dyad["events"]
    )
    since = ok(api, "/api/events", since="2020-01-06")
    assert [e["doc_id"] for e in since["events"]] == ["x1"] * since["total"]


def test_aggregates_match_the_contract(api: httpx.Client) -> None:
    total = ok(api, "/api/events", limit=0)["total"]
    actors = ok(api, "/api/actors")["actors"]
    assert {"root", "events", "as_source", "as_target"} == set(actors[0])
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    timeline = ok(api, "/api/timeline")
    assert timeline["interval"] == "month"
    assert [b["period"] for b in timeline["buckets"]] == ["2020-01"]
    assert timeline["buckets"][0]["total"] == total
    week = ok(api, "/api/timeline", interval="week")["buckets"]
    assert [b["period"] for b in week] == ["2020-01-06"]  # the Monday of 2020-01-06
    net = ok(api, "/api/network", limit=60)
    assert {"source", "target", "events", "goldstein_mean"} == set(net["edges"][0])
    assert {n["id"] for n in net["nodes"]} >= {"NATO", "IRN"}
    countries = ok(api, "/api/countries")["countries"]
    assert all(len(c["iso3"]) == 3 and c["events"] > 0 for c in countries)
    stats = ok(api, "/api/stats")
    assert stats["documents"] == 2 and stats["events"] == total
    assert sum(stats["by_root"].values()) == total
    assert (stats["first_date"], stats["last_date"]) == ("2020-01", "2020-01-06")


def test_documents_by_id_and_hash(api: httpx.Client) -> None:
    doc = ok(api, "/api/documents/otan-iran-2020-01")
    assert doc["text"].startswith("Au cours de son allocution")
    assert {"doc_id", "doc_hash", "date", "lang", "title", "url", "text", "events"} <= set(doc)
    assert ok(api, f"/api/documents/{doc['doc_hash']}")["doc_id"] == "otan-iran-2020-01"
    assert all(e["doc_hash"] == doc["doc_hash"] for e in doc["events"])
    error(api.get("/api/documents/nothing-here"), 404, "E026")


def test_bad_requests_get_json_errors(api: httpx.Client) -> None:
    assert "quad" in error(api.get("/api/events", params={"quad": 9}), 422, "E022")
    error(api.get("/api/events", params={"since": "2020-13"}), 422, "E004")
    error(api.get("/api/events", params={"actor": "IRN' OR 1=1 --"}), 422, "E022")
    error(api.get("/api/events", params={"limit": 100000}), 422, "E022")
    error(api.get("/api/timeline", params={"interval": "year"}), 422, "E022")
    error(api.get("/api/nothing"), 404, "E032")
    response = api.post("/api/ingest", json={"documents": []})
    error(response, 403, "E027")


def test_code_live(api: httpx.Client, coder: Coder) -> None:
    before = ok(api, "/api/stats")
    body = {"text": "L'OTAN exhorte l'Iran à la retenue.", "date": "2020-01-08", "lang": "fr"}
    coded = api.post("/api/code", json=body)
    assert coded.status_code == 200, coded.text
    result = coded.json()
    assert (result["lang"], result["date"]) == ("fr", "2020-01-08")
    direct = coder.code(Document(id="d", text=body["text"], date=body["date"], lang="fr"))
    assert direct.events, "the sentence gives an event"
    got = [(e["code"], e["source"]["root"], e["target"]["root"]) for e in result["events"]]
    assert got == [
        (e.code, e.source.root, e.target.root if e.target else None) for e in direct.events
    ]
    assert all(e["source"]["root"] == "NATO" for e in result["events"])
    assert ok(api, "/api/stats") == before  # coded live, nothing stored
    error(api.post("/api/code", json={"text": "x", "date": "2020-13"}), 422, "E004")
    error(api.post("/api/code", json={"text": "x" * (MAX_TEXT_CHARS + 1)}), 413, "E028")
    huge = b'{"text": "' + b"x" * MAX_BODY_BYTES + b'"}'  # refused before it is read
    headers = {"content-type": "application/json"}
    error(api.post("/api/code", content=huge, headers=headers), 413, "E028")
    error(api.post("/api/code", json={"text": "x", "lang": "de"}), 422, "E022")


def test_ingest_when_allowed(tmp_path: Path, coder: Coder) -> None:
    db = tmp_path / "w.duckdb"
    Store.open(str(db)).close()
    docs = [
        {"id": "a", "date": "2020-03-02", "text": "La France condamne la Russie.", "lang": "fr"},
        {"id": "b", "date": "2020-13", "text": "Bad date."},
    ]
    with Server(db, coder, allow_ingest=True) as client:
        first = client.post("/api/ingest", json={"documents": docs}).json()
        again = client.post("/api/ingest", json={"documents": docs[:1]}).json()
        stats = ok(client, "/api/stats")
    assert (first["coded"], first["failed"], first["skipped"]) == (1, 1, 0)
    assert first["failures"][0]["code"] == "E004"
    assert (again["coded"], again["skipped"]) == (0, 1)
    assert stats["documents"] == 1 and stats["events"] == first["events"]


@pytest.mark.skipif(not (STATIC_DIR / "index.html").exists(), reason="no dashboard files")
def test_docs_are_served_offline(api: httpx.Client) -> None:
    page = api.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css"):
        assert api.get(asset).status_code == 200
    assert "/api/events" in api.get("/openapi.json").json()["paths"]


def test_dashboard_is_served_at_root(api: httpx.Client) -> None:
    response = api.get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert response.text == (STATIC_DIR / "index.html").read_text(encoding="utf-8")


def test_sismo_serve_command_serves_read_only(db: Path) -> None:
    """The real `sismo serve` process: answers, and leaves the file readable by others."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(sismo.__file__).resolve().parents[1])}
    command = [sys.executable, "-m", "sismo.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while True:
                try:
                    stats = client.get("/api/stats").json()
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    assert time.monotonic() < deadline, "sismo serve did not start"
                    time.sleep(0.2)
            with Store.open(str(db), read_only=True) as other:  # a second reader meanwhile
                assert other.stats() == stats
            error(client.post("/api/ingest", json={"documents": []}), 403, "E027")
    finally:
        server.terminate()
        server.wait(timeout=20)
