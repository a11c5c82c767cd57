"""Code a corpus on a Ray cluster (or a local Ray) into Parquet event files, one folder a month.

The pipeline is one Ray Data stream: input files are read in tasks (every format the readers
know, record by record), documents are coded in actors that each hold one Coder (the spaCy
pipelines load once per actor), and event rows (sismo.records.EVENT_COLUMNS) are written as
Parquet partitioned hive-style by month (`month=2020-01/...parquet`), which DuckDB queries in
place. Parquet files of documents (`id`, `text`, `date`, ...) are read too. Failures and
counts are logged by the actors as JSON Lines under `_sismo/` in the output folder (no
Parquet there: every Parquet file under the output folder is events).

Ray is an optional extra: `pip install 'sismo[ray]'`.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import Document, Failure, content_id
from .errors import MESSAGES, EngineError, InputError, SismoError
from .pipeline import Coder
from .readers import directory_files, read_inputs, record_document
from .records import EVENT_COLUMNS, event_rows
from .settings import Settings

LOG_DIR = "_sismo"
# Ray Data joins a task's output into blocks of up to DataContext.target_max_block_size
# (128 MiB by default), and an actor codes a whole block alone: a JSON Lines file read by
# one task would be one block, coded by one actor while the others wait. Blocks of about one
# coding batch (BLOCK_BYTES_PER_DOCUMENT a document) keep every actor busy to the end.
BLOCK_BYTES_PER_DOCUMENT = 2048
# Coded blocks are gathered up to this many bytes (in memory) before a write, so that each
# month folder gets one Parquet file per write rather than one per coding batch.
WRITE_BYTES = 16 * 1024 * 1024
# Columns of the document stream between the readers and the coding actors.
PARQUET_FIELDS = ("id", "text", "date", "lang", "title", "url")
ITEM_FIELDS = ("kind", "id", "text", "date", "lang", "title", "url", "source", "code", "message")
_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64"}


@dataclass
class RaySummary:
    """What a Ray ingest did: coded documents, events written, failures (from the actors' logs),
    and what the actors cost: CPU seconds (all actors, their start-up and pipelines' loading
    included) and the largest actor's peak memory (0 where the platform does not tell)."""

    out_dir: str
    coded: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)
    actor_cpu_seconds: float = 0.0
    actor_peak_mib: float = 0.0


def ingest_with_ray(
    inputs: Sequence[str],
    out_dir: str,
    settings: Settings,
    *,
    address: str | None = None,
    actors: int | None = None,
    date: str | None = None,
    lang: str | None = None,
    num_cpus: int | None = None,
) -> RaySummary:
    """Code `inputs` with Ray Data and write their events under `out_dir` as Parquet.

    `address` is a running cluster's (`ray start --head` prints it; "auto" finds the local
    one); without it a Ray is started on this machine (`num_cpus` cores, default all).
    `actors` coding actors run (default: one per CPU of the cluster). Paths must be readable
    from every node (a shared file system) on a multi-node cluster.
    """
    ray = _ray()
    run = uuid.uuid4().hex[:12]
    log_dir = os.path.join(os.path.abspath(out_dir), LOG_DIR, run)
    os.makedirs(log_dir, exist_ok=True)
    started_here = not ray.is_initialized()
    if started_here:
        _init(ray, address, num_cpus)
    try:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        documents = _documents(ray, inputs, date, lang, settings.batch_size)
        events = documents.map_batches(
            _CodeBatch,
            fn_constructor_args=(settings, log_dir),
            batch_size=settings.batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors or max(1, cpus)),
            num_cpus=1,
        )
        events.write_parquet(
            os.path.abspath(out_dir),
            partition_cols=["month"],
            min_bytes_per_file=WRITE_BYTES,
            ray_remote_args={"num_cpus": 0},  # as the readers: the actors hold every CPU
        )
    finally:
        if started_here:
            ray.shutdown()
    return _summary(out_dir, log_dir)


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise EngineError("E047", reason=str(exc)) from exc
    return ray


def _init(ray: Any, address: str | None, num_cpus: int | None) -> None:
    """Connect to `address`, or start a local Ray; quiet, without its dashboard."""
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address:
        options["address"] = address
    else:
        options["num_cpus"] = num_cpus
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise EngineError("E047", reason=f"cannot start or reach Ray: {exc}") from exc
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False


def _documents(
    ray: Any, inputs: Sequence[str], date: str | None, lang: str | None, batch_size: int
) -> Any:
    """The item stream: every input file read by a Ray task, one file per task, in blocks of
    about `batch_size` documents (BLOCK_BYTES_PER_DOCUMENT each), so that one large file is
    coded by every actor, not by the one that got its single block.

    Reading tasks ask for no CPU: the coding actors hold one each, and a reading task that
    waited for a CPU would wait forever once every CPU has its actor (which is also why
    Parquet is read here with pyarrow, not with Ray's readers: their file-listing stage needs
    a CPU; and why blocks are sized with the block-size limit, not with a CPU-bound
    `repartition` stage). A 0-CPU stage is never fused into the actors either; fused, one
    actor would read and code a whole file alone.
    """
    files = [{"path": f} for p in inputs for f in _expand(p)]
    listed = ray.data.from_items(files, override_num_blocks=max(1, len(files)))
    # the pipeline's own DataContext (from_items copies the current one): the limit applies
    # to this run's stages only
    listed.context.target_max_block_size = batch_size * BLOCK_BYTES_PER_DOCUMENT
    return listed.map_batches(
        _read_files,
        fn_kwargs={"date": date, "lang": lang},
        batch_size=1,
        batch_format="pyarrow",
        num_cpus=0,
    )


def _expand(path: str) -> Iterator[str]:
    """The files of an input (a directory's, recursively, sorted) or the input itself."""
    if os.path.isdir(path):
        yield from directory_files(path)
    else:
        yield path


def _read_files(batch: Any, date: str | None, lang: str | None) -> Iterator[Any]:
    """Ray task: read the file of a one-path batch, streaming tables of items."""
    rows: list[dict[str, Any]] = []
    for path in batch.column("path").to_pylist():
        for item in _read_file(path, date, lang):
            rows.append(_item_row(item))
            if len(rows) >= 64:
                yield _items_table(rows)
                rows = []
    if rows:
        yield _items_table(rows)


def _read_file(path: str, date: str | None, lang: str | None) -> Iterator[Document | Failure]:
    """A Parquet file of documents, row group by row group, or any file sismo's readers read."""
    if not path.lower().endswith(".parquet"):
        yield from read_inputs([path], date=date, lang=lang)
        return
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        wanted = [c for c in PARQUET_FIELDS if c in parquet.schema_arrow.names]
        number = 0
        for records in parquet.iter_batches(batch_size=256, columns=wanted):
            for record in records.to_pylist():
                number += 1
                yield _parquet_item(record, f"{path}:{number}", date, lang)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        yield _as_failure(InputError("E048", path=path, reason=str(exc)), path)


def _parquet_item(
    record: dict[str, Any], where: str, date: str | None, lang: str | None
) -> Document | Failure:
    """One Parquet row as a Document (its `id`, else a hash of its text), or a Failure."""
    doc_id = str(record.get("id") or content_id(str(record.get("text") or "")))
    try:
        return record_document(record, doc_id, where, date, lang)
    except SismoError as exc:
        return _as_failure(exc, where, doc_id)


def _as_failure(exc: SismoError, source: str, doc_id: str | None = None) -> Failure:
    return Failure(source, exc.code, MESSAGES[exc.code].format(**exc.fields), doc_id)


def _item_row(item: Document | Failure) -> dict[str, Any]:
    if isinstance(item, Failure):
        failed = ("failure", item.doc_id, None, None, None, None, None, item.source)
        return dict(zip(ITEM_FIELDS, (*failed, item.code, item.message), strict=True))
    fields = ("document", item.id, item.text, item.date, item.lang, item.title, item.url)
    return dict(zip(ITEM_FIELDS, (*fields, item.source, None, None), strict=True))


def _row_item(row: dict[str, Any]) -> Document | Failure:
    if row["kind"] == "failure":
        return Failure(row["source"], row["code"], row["message"], row["id"])
    fields = (row[f] for f in ("id", "text", "date", "lang", "title", "url", "source"))
    return Document(*fields)


def _items_table(rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    schema = pa.schema([(name, pa.string()) for name in ITEM_FIELDS])
    return pa.Table.from_pylist(rows, schema=schema)


def event_schema() -> Any:
    """EVENT_COLUMNS as an Arrow schema (DuckDB types mapped to Arrow's)."""
    import pyarrow as pa

    return pa.schema(
        [(name, pa.type_for_alias(_ARROW_TYPES[kind])) for name, kind in EVENT_COLUMNS.items()]
    )


class _CodeBatch:
    """Ray actor: one Coder for the actor's life; a batch of items in, its event rows out."""

    def __init__(self, settings: Settings, log_dir: str) -> None:
        self.coder = Coder(settings)
        self.schema = event_schema()
        self.log_path = os.path.join(log_dir, f"actor-{uuid.uuid4().hex[:12]}.jsonl")

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows: list[dict[str, Any]] = []
        coded, failures = 0, []
        for result in self.coder.code_all(_row_item(r) for r in batch.to_pylist()):
            if isinstance(result, Failure):
                failures.append(result.__dict__)
                continue
            coded += 1
            rows.extend(event_rows(result))
        with open(self.log_path, "a", encoding="utf-8") as log:
            line = {"coded": coded, "events": len(rows), "failures": failures}
            line.update(cpu_seconds=time.process_time(), peak_mib=_peak_mib())
            log.write(json.dumps(line, ensure_ascii=False) + "\n")
        return pa.Table.from_pylist(rows, schema=self.schema)


def _summary(out_dir: str, log_dir: str) -> RaySummary:
    """Add up the actors' logs of this run."""
    summary = RaySummary(out_dir)
    for log in sorted(Path(log_dir).glob("*.jsonl")):
        cpu = 0.0
        for line in log.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            summary.coded += record["coded"]
            summary.events += record["events"]
            summary.failures.extend(Failure(**f) for f in record["failures"])
            cpu = max(cpu, record.get("cpu_seconds", 0.0))  # the actor's total so far
            summary.actor_peak_mib = max(summary.actor_peak_mib, record.get("peak_mib", 0.0))
        summary.actor_cpu_seconds += cpu
    return summary


def _peak_mib() -> float:
    """This process's peak resident memory (ru_maxrss, KiB on Linux); 0 without `resource`."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
