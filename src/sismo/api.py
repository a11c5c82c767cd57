"""The HTTP API over the event store (FastAPI), and the dashboard's static files.

`create_app(db_path)` opens the DuckDB file read-only (read-write with `allow_ingest`) once and
answers every request from it, each on a cursor of its own. Errors are JSON
`{"error": {"code", "message"}}` with a 4xx status; the codes are those of sismo.errors.
The coder used by POST /api/code is created once, on first use, so the spaCy pipelines load once.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .documents import Document, Failure, validate_date
from .errors import InputError, LimitError, NotFoundError, QueryError, SismoError, StoreError
from .export import event_json
from .limits import BodyLimit, CodingWorker
from .pipeline import Coder
from .query import Filters, check_interval
from .records import document_hash, event_rows
from .settings import Settings
from .store import Store

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
MAX_TEXT_CHARS = 100_000  # POST /api/code and each document of POST /api/ingest
MAX_INGEST_DOCUMENTS = 500
MAX_BODY_BYTES = 8 * 1024 * 1024
CODE_SECONDS = 30.0  # POST /api/code answers within this (E062 past it)
MAX_PAGE = 1000
QUERY_CACHE = 256  # recent query results kept by a read-only server (see Store.open)


class CodeRequest(BaseModel):
    text: str
    date: str | None = None
    lang: Literal["fr", "en"] | None = None


class IngestDocument(BaseModel):
    id: str
    text: str
    date: str | None = None
    lang: Literal["fr", "en"] | None = None
    title: str | None = None
    url: str | None = None


class IngestFailure(BaseModel):
    """An input the client could not read: recorded in the run like any other failure."""

    source: str
    code: str
    message: str
    doc_id: str | None = None


class IngestRequest(BaseModel):
    documents: list[IngestDocument] = Field(default_factory=list)
    failures: list[IngestFailure] = Field(default_factory=list)
    run_id: int | None = None  # continue this run (`sismo ingest --server` sends batches)


def filters(
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    dyad: str | None = None,
    root: str | None = None,
    quad: int | None = None,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
) -> Filters:
    """The filter query parameters of every read endpoint (same meaning as `sismo events`)."""
    return Filters.from_mapping(locals())


FilterParams = Annotated[Filters, Depends(filters)]


class _Live:
    """The coder of the app, made on first use and used by one request at a time."""

    def __init__(self, coder: Coder | None) -> None:
        self.lock = threading.Lock()
        self._coder = coder

    def coder(self) -> Coder:
        if self._coder is None:
            self._coder = Coder(Settings())
        return self._coder


def create_app(
    db_path: str,
    allow_ingest: bool = False,
    coder: Coder | None = None,
    code_seconds: float = CODE_SECONDS,
) -> FastAPI:
    """The API app over `db_path` (read-only unless `allow_ingest`).

    `coder` lets a caller share an already loaded coder; by default one is made on first use.
    POST /api/code answers within `code_seconds` (503, E062, past it); request bodies are
    bounded by MAX_BODY_BYTES however they are sent (sismo.limits).
    """
    store = Store.open(db_path, read_only=not allow_ingest, cache_size=QUERY_CACHE)
    live = _Live(coder)
    worker = CodingWorker(code_seconds, live.lock)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        worker.close()
        store.close()

    app = FastAPI(
        title="sismo", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    _error_handlers(app)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)  # declared or chunked (sismo.limits)

    @app.get("/api/events", response_class=JSONResponse, response_model=None)
    def events(
        f: FilterParams,
        limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
        unique: bool = False,
    ) -> JSONResponse:
        total, rows = store.events(f, limit=limit, offset=offset, unique=unique)
        return _json(
            {
                "total": total,
                "limit": limit,
                "offset": offset,
                "events": [event_json(r) for r in rows],
            }
        )

    @app.get("/api/actors", response_class=JSONResponse, response_model=None)
    def actors(
        f: FilterParams, limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 100
    ) -> JSONResponse:
        return _json({"actors": store.actors(f, limit=limit)})

    @app.get("/api/timeline", response_class=JSONResponse, response_model=None)
    def timeline(f: FilterParams, interval: str = "month") -> JSONResponse:
        return _json({"interval": interval, "buckets": store.timeline(f, check_interval(interval))})

    @app.get("/api/network", response_class=JSONResponse, response_model=None)
    def network(
        f: FilterParams, limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 60
    ) -> JSONResponse:
        return _json(store.network(f, limit=limit))

    @app.get("/api/countries", response_class=JSONResponse, response_model=None)
    def countries(f: FilterParams) -> JSONResponse:
        return _json({"countries": store.countries(f)})

    @app.get("/api/stats", response_class=JSONResponse, response_model=None)
    def stats() -> JSONResponse:
        return _json(store.stats())

    @app.get("/api/documents/{key}", response_class=JSONResponse, response_model=None)
    def document(key: str) -> JSONResponse:
        doc, rows = store.document(key)
        out = {k: doc[k] for k in ("doc_id", "doc_hash", "date", "lang", "title", "url", "text")}
        out["events"] = [event_json(r) for r in rows]
        return _json(out)

    @app.post("/api/code", response_model=None)
    def code(body: CodeRequest) -> dict[str, Any] | JSONResponse:
        _check_text(body.text)
        date = validate_date(body.date, "date") if body.date else None
        if not body.text.strip():
            raise InputError("E005", where="text")
        doc = Document(id="api", text=body.text, date=date, lang=body.lang, source="<api>")
        result = worker.run(lambda: next(live.coder().code_all([doc])))
        if isinstance(result, Failure):
            return _failure_response(result)
        digest = document_hash(doc)
        return {
            "lang": result.lang,
            "date": date,
            "events": [event_json(r) for r in event_rows(result, digest)],
        }

    @app.post("/api/ingest")
    def ingest(body: IngestRequest) -> dict[str, Any]:
        if not allow_ingest:
            raise StoreError("E027")
        size = len(body.documents) + len(body.failures)
        if size > MAX_INGEST_DOCUMENTS:
            raise LimitError("E028", size=size, unit="documents", limit=MAX_INGEST_DOCUMENTS)
        items: list[Document | Failure] = [
            Failure(f.source, f.code, f.message, f.doc_id) for f in body.failures
        ]
        items += [_ingest_item(n, d) for n, d in enumerate(body.documents)]
        with live.lock:
            return store.ingest(items, live.coder(), run_id=body.run_id).to_dict()

    _offline_docs(app)
    if STATIC_DIR.is_dir():  # the dashboard, after the API routes so they win
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="dashboard")
    return app


def _offline_docs(app: FastAPI) -> None:
    """OpenAPI docs at /docs with Swagger UI served by sismo (FastAPI's default loads it from a
    CDN, which a closed network or a privacy-minded user does not reach)."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    app.mount(
        "/docs-assets",
        StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
        name="docs-assets",
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="sismo API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="data:,",
        )


def _json(content: Any) -> JSONResponse:
    """Rows from DuckDB are JSON-ready: skip FastAPI's slow generic encoder (16 ms a page)."""
    return JSONResponse(content)


def _check_text(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise LimitError("E028", size=len(text), unit="characters", limit=MAX_TEXT_CHARS)


def _ingest_item(n: int, d: IngestDocument) -> Document | Failure:
    """A request document as a Document, or a Failure carrying why it is not valid."""
    where = f"documents[{n}]"
    try:
        _check_text(d.text)
        if not d.text.strip():
            raise InputError("E005", where=where)
        date = validate_date(d.date, where) if d.date else None
    except SismoError as exc:
        message = str(exc).split(" ", 1)[1]
        return Failure(where, exc.code, message, d.id)
    return Document(
        id=d.id, text=d.text, date=date, lang=d.lang, title=d.title, url=d.url, source=where
    )


def _status(exc: SismoError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if exc.code == "E062":  # out of time: the server is busy, not the request too large
        return 503
    if isinstance(exc, LimitError):
        return 413
    if exc.code == "E027":
        return 403
    if isinstance(exc, QueryError | InputError):
        return 422
    return 500


def _error(status: int, exc: SismoError) -> JSONResponse:
    message = str(exc).split(" ", 1)[1] if " " in str(exc) else str(exc)
    return JSONResponse({"error": {"code": exc.code, "message": message}}, status_code=status)


def _failure_response(failure: Failure) -> JSONResponse:
    status = 422 if failure.code in {"E004", "E005", "E006", "E011", "E015"} else 500
    return JSONResponse(
        {"error": {"code": failure.code, "message": failure.message}}, status_code=status
    )


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SismoError)
    async def sismo_error(_: Request, exc: SismoError) -> JSONResponse:
        return _error(_status(exc), exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        return JSONResponse(
            {"error": {"code": "E022", "message": f"invalid request: {details}"}},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = (
            SismoError("E032", path=request.url.path)
            if exc.status_code == 404
            else SismoError("E033", status=exc.status_code, detail=exc.detail)
        )
        return _error(exc.status_code, error)
