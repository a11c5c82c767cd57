"""Ingest through a running server: the way to add documents to a database being served.

DuckDB lets one process write a database file and no other process open it meanwhile (not
even read-only), so `sismo serve` and `sismo ingest --db` cannot share a file. With
`sismo serve --allow-ingest` the server is the file's one writer; `sismo ingest --server URL`
reads the inputs here and sends them in batches to POST /api/ingest, all recorded as one run.
The server keeps answering reads between and during batches (each request has its own cursor).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from .documents import Document, Failure
from .errors import StoreError
from .settings import SUPPORTED_LANGUAGES
from .store import IngestSummary

BATCH = 32  # documents per request: well under the server's limit (api.MAX_INGEST_DOCUMENTS)
TIMEOUT = 600.0  # seconds one batch may take to code on the server


def ingest_remote(
    server: str,
    items: Iterable[Document | Failure],
    on_progress: Callable[[IngestSummary], None] | None = None,
    batch: int = BATCH,
) -> IngestSummary:
    """Send documents (and reading failures, to be recorded) to `server` in batches."""
    url = server.rstrip("/") + "/api/ingest"
    total: IngestSummary | None = None
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, batch))
        if not chunk and total is not None:
            return total
        body = _request_body(chunk, total.run_id if total else None)
        answer = _post(url, body)
        total = _add(total, answer)
        if on_progress:
            on_progress(total)
        if not chunk:
            return total


def _request_body(chunk: list[Document | Failure], run_id: int | None) -> dict[str, Any]:
    documents: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for item in chunk:
        if isinstance(item, Failure):
            failures.append(_failure_json(item))
        elif item.lang is not None and item.lang not in SUPPORTED_LANGUAGES:
            message = (
                f"{item.id}: language {item.lang!r} is not supported "
                f"(sismo codes: {', '.join(SUPPORTED_LANGUAGES)})"
            )
            failures.append(
                _failure_json(Failure(item.source or item.id, "E006", message, item.id))
            )
        else:
            documents.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "date": item.date,
                    "lang": item.lang,
                    "title": item.title,
                    "url": item.url,
                }
            )
    return {"documents": documents, "failures": failures, "run_id": run_id}


def _failure_json(f: Failure) -> dict[str, Any]:
    return {"source": f.source, "doc_id": f.doc_id, "code": f.code, "message": f.message}


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer: dict[str, Any] = json.loads(response.read())
            return answer
    except urllib.error.HTTPError as exc:
        try:
            error = json.loads(exc.read())["error"]
            reason = f"{error['code']} {error['message']}"
        except (ValueError, KeyError, TypeError):
            reason = f"HTTP {exc.code}"
        raise StoreError("E021", path=url, reason=reason) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError("E021", path=url, reason=str(getattr(exc, "reason", exc))) from exc


def _add(total: IngestSummary | None, answer: dict[str, Any]) -> IngestSummary:
    """Sum a batch's summary into the run's."""
    failures = [
        Failure(f["source"], f["code"], f["message"], f.get("doc_id"))
        for f in answer.get("failures", [])
    ]
    if total is None:
        total = IngestSummary(run_id=int(answer["run_id"]))
    total.coded += int(answer["coded"])
    total.skipped += int(answer["skipped"])
    total.events += int(answer["events"])
    total.seconds += float(answer["seconds"])
    total.failures += failures
    return total
