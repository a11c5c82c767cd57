"""Code documents on several processes of one machine: same output as Coder.code_all.

Each worker process builds one Coder when it starts (its spaCy pipelines load once, on first
use) and codes chunks of documents sent to it; results come back in input order. At most
`in_flight` chunks are out at any time, so memory stays flat however long the input stream is.
A worker that dies (killed, out of memory) costs only the documents of the chunk it held:
they become Failures (E046) and a fresh pool takes over the rest.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from .documents import Document, Failure
from .errors import MESSAGES, SettingsError
from .pipeline import CodedDocument, Coder
from .settings import Settings

Item = Document | Failure
Result = CodedDocument | Failure

# The Coder of a worker process, built once by _start_worker. Per-process state, not config.
_worker_coder: Coder | None = None


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def code_parallel(
    items: Iterable[Item],
    settings: Settings,
    workers: int | None = None,
    *,
    chunk_size: int | None = None,
    in_flight: int | None = None,
    start_method: str = "spawn",
) -> Iterator[Result]:
    """Code `items` on `workers` processes; yields exactly what Coder(settings).code_all would.

    `chunk_size` documents (default: settings.batch_size) go to a worker at a time, and at
    most `in_flight` chunks (default: 2 per worker) are out at once. One worker, or an input
    that fits in one chunk, is coded in this process: starting a worker would only add the
    cost of loading the pipelines there.
    """
    count = default_workers() if workers is None else workers
    size = chunk_size or settings.batch_size
    for name, value in (("workers", count), ("chunk_size", size), ("in_flight", in_flight)):
        if value is not None and value < 1:
            raise SettingsError("E012", name=name, value=value, reason="expected at least 1")
    return _code(iter(items), settings, count, size, in_flight or 2 * count, start_method)


class ParallelCoder(Coder):
    """A Coder whose code_all runs on a process pool: a drop-in for APIs that take a Coder
    (e.g. a store's ingest). `code` (one document) still codes in this process."""

    def __init__(self, settings: Settings | None = None, workers: int | None = None) -> None:
        super().__init__(settings)
        self.workers = workers

    def code_all(self, items: Iterable[Document | Failure]) -> Iterator[Result]:
        if self.workers == 1:
            return super().code_all(items)
        return code_parallel(items, self.settings, self.workers)


def _code(
    iterator: Iterator[Item],
    settings: Settings,
    workers: int,
    size: int,
    in_flight: int,
    start_method: str,
) -> Iterator[Result]:
    """The generator behind code_parallel, so that its argument checks run eagerly."""
    first = list(islice(iterator, size + 1))
    if workers == 1 or len(first) <= size:
        yield from Coder(settings).code_all(chain(first, iterator))
        return
    pool = _Pool(settings, workers, start_method)
    try:
        yield from _ordered(_chunks(chain(first, iterator), size), pool, in_flight)
    finally:
        pool.close()


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _ordered(chunks: Iterator[list[Item]], pool: _Pool, in_flight: int) -> Iterator[Result]:
    """Keep up to `in_flight` chunks submitted; yield their results in submission order."""
    pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
    for chunk in chunks:
        pending.append((chunk, pool.submit(chunk)))
        if len(pending) >= in_flight:
            yield from _next_results(pending, pool)
    while pending:
        yield from _next_results(pending, pool)


def _next_results(
    pending: deque[tuple[list[Item], Future[list[Result]]]], pool: _Pool
) -> list[Result]:
    """The results of the oldest chunk. When the pool broke, that chunk is run again alone on
    a fresh pool: if it breaks that one too it is the culprit and its documents fail; either
    way the chunks still pending are resubmitted."""
    chunk, future = pending.popleft()
    try:
        return future.result()
    except BrokenProcessPool:
        pool.restart()
    try:
        results = pool.submit(chunk).result()
    except BrokenProcessPool:
        pool.restart()
        results = [_lost(item, "its process died (killed or out of memory)") for item in chunk]
    except Exception as exc:  # noqa: BLE001 (a bug in a worker: this chunk only)
        results = [_lost(item, f"{type(exc).__name__}: {exc}") for item in chunk]
    for n, (other, _old) in enumerate(pending):
        pending[n] = (other, pool.submit(other))
    return results


def _lost(item: Item, reason: str) -> Failure:
    if isinstance(item, Failure):
        return item
    message = MESSAGES["E046"].format(where=item.id, reason=reason)
    return Failure(item.source or item.id, "E046", message, item.id)


class _Pool:
    """A process pool whose workers each hold one Coder; replaced when a worker dies."""

    def __init__(self, settings: Settings, workers: int, start_method: str) -> None:
        self._settings = settings
        self._workers = workers
        self._context = multiprocessing.get_context(start_method)
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self._settings,),
        )

    def submit(self, chunk: list[Item]) -> Future[list[Result]]:
        return self._executor.submit(_code_chunk, chunk)

    def restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _start_worker(settings: Settings) -> None:
    """Worker initializer: one Coder per process, reused for every chunk it codes."""
    global _worker_coder
    _watch_parent(os.getppid())
    _worker_coder = Coder(settings)


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """End this worker when its parent dies (a SIGKILLed `sismo ingest` cannot shut its pool
    down, and orphaned workers would hold their pipelines' memory forever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="sismo-parent-watch", daemon=True).start()


def _code_chunk(chunk: list[Item]) -> list[Result]:
    """Code one chunk in a worker (the Coder streams it in batches of settings.batch_size)."""
    if _worker_coder is None:  # pragma: no cover (the initializer always ran)
        raise RuntimeError("worker started without its coder")
    return list(_worker_coder.code_all(chunk))
