"""Bounds on what one HTTP request may cost: its body's size and its coding time.

`BodyLimit` counts the bytes a request really sends, so a chunked body (which declares no
Content-Length) cannot go past the limit either; it buffers at most `limit` bytes. The
`CodingWorker` runs live coding one job at a time in a thread of its own and waits for each at
most `seconds`: a request that would take longer is answered 503 (E062) at the deadline while
its job finishes in the background, and at most `queue` jobs may wait, so slow requests cannot
pile up without bound.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar

from starlette.responses import JSONResponse

from .errors import MESSAGES, LimitError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
T = TypeVar("T")


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes, declared or streamed, gets 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await self._refuse(declared, scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(size, scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, size: int, scope: Scope, receive: Receive, send: Send) -> None:
        code, fields = "E028", {"size": size, "unit": "bytes", "limit": self.limit}
        body = {"error": {"code": code, "message": MESSAGES[code].format(**fields)}}
        await JSONResponse(body, status_code=413, headers={"Connection": "close"})(
            scope, receive, send
        )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class CodingWorker:
    """Live coding, one job at a time under `lock`, each awaited at most `seconds`."""

    def __init__(self, seconds: float, lock: threading.Lock, queue: int = 4) -> None:
        self.seconds = seconds
        self.lock = lock
        self._slots = threading.BoundedSemaphore(queue)
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sismo-code")

    def run(self, job: Callable[[], T]) -> T:
        """The job's result; E062 when it is not done in time or too many jobs wait."""
        if not self._slots.acquire(blocking=False):
            raise LimitError("E062", limit=self.seconds)
        try:
            future = self._pool.submit(self._locked, job)
        except RuntimeError:  # shut down
            self._slots.release()
            raise
        try:
            return future.result(timeout=self.seconds)
        except concurrent.futures.TimeoutError as exc:
            raise LimitError("E062", limit=self.seconds) from exc

    def _locked(self, job: Callable[[], T]) -> T:
        try:
            with self.lock:
                return job()
        finally:
            self._slots.release()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
