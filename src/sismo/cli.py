"""The `sismo` command: a thin click layer over the library.

Only this module turns SismoError into messages and exit codes: 0 all inputs coded, 1 some
inputs failed (each reported on stderr with its code), 2 nothing could be coded.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import compiled_modules
from .documents import Failure
from .errors import SismoError
from .evaluate import Report, evaluate
from .export import EXPORT_FORMATS, LIST_FORMATS, export, write_events
from .output import FORMATS, write_documents
from .parallel import ParallelCoder, code_parallel
from .pipeline import CodedDocument, Coder
from .query import MAX_LIST, Filters, check_limit
from .readers import read_inputs
from .settings import SUPPORTED_LANGUAGES, Settings
from .store import DEFAULT_DB, IngestSummary, Store

_LANG = click.Choice(SUPPORTED_LANGUAGES)


def _version_message() -> str:
    """`sismo --version`: the version and whether the coding stage runs compiled."""
    compiled = compiled_modules()
    build = f"compiled: {', '.join(compiled)}" if compiled else "pure Python"
    return f"%(prog)s %(version)s ({build})"


def _settings(
    lang: str | None, date: str | None, targetless: bool = False, vectors: float = 0.0
) -> Settings:
    try:
        return Settings(lang=lang, date=date, targetless=targetless, vector_threshold=vectors)
    except SismoError as exc:
        raise click.UsageError(str(exc)) from exc


F = TypeVar("F", bound=Callable[..., Any])


def _coding_options(command: F) -> F:
    """Options of every command that codes documents."""
    command = click.option(
        "--vectors",
        type=float,
        default=0.0,
        show_default=True,
        help="Code unseen verbs like their nearest lexicon verb above this cosine similarity "
        "(0 = off; needs a pipeline with word vectors).",
    )(command)
    return click.option(
        "--targetless",
        is_flag=True,
        help="Also keep events whose target is unknown (one-sided acts).",
    )(command)


def _workers_option(command: F) -> F:
    """--workers: how many processes code documents (the input is streamed through them)."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes coding in parallel (default: the number of cores); "
        "1 codes in this process.",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sismo", message=_version_message())
def main() -> None:
    """sismo: who did what to whom, when and where, from French and English news."""


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--lang", type=_LANG, help="Force the language of every document.")
@click.option("--date", help="Publication date (YYYY-MM or YYYY-MM-DD) for files without one.")
@click.option("--explain", is_flag=True, help="Also say why each sentence gave no event.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of stdout.",
)
@_coding_options
@_workers_option
def code_command(
    inputs: tuple[str, ...],
    fmt: str,
    lang: str | None,
    date: str | None,
    explain: bool,
    out_path: str | None,
    targetless: bool,
    vectors: float,
    workers: int | None,
) -> None:
    """Code INPUTS into events: text, JSON Lines, HTML, WARC, RSS/Atom files (.gz too),
    directories, feed or page URLs, or - for stdin."""
    settings = _settings(lang, date, targetless, vectors)
    failures: list[Failure] = []
    coded_count = 0

    def coded() -> Iterator[CodedDocument]:
        nonlocal coded_count
        try:
            stream = code_parallel(read_inputs(inputs, date=date, lang=lang), settings, workers)
            for item in stream:
                if isinstance(item, Failure):
                    failures.append(item)
                    click.echo(f"error {item.code}: {item.message}", err=True)
                    continue
                coded_count += 1
                yield item
        except SismoError as exc:
            raise click.ClickException(str(exc)) from exc

    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout  # noqa: SIM115
    try:
        n = write_documents(coded(), out, fmt, explain)
    finally:
        if out_path:
            out.close()
    click.echo(f"{coded_count} document(s) coded, {n} event(s), {len(failures)} failed", err=True)
    if failures:
        sys.exit(2 if coded_count == 0 else 1)


@main.command("evaluate")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", is_flag=True, help="List every missed and every false event.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_coding_options
def evaluate_command(
    gold: tuple[str, ...], errors: bool, as_json: bool, targetless: bool, vectors: float
) -> None:
    """Code the documents of GOLD files and score them against their hand-coded events."""
    try:
        report = evaluate(list(gold), Coder(_settings(None, None, targetless, vectors)))
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(format_report(report))
    if errors:
        click.echo(format_errors(report))
    for failure in report.failures:
        click.echo(f"error {failure.code}: {failure.message}", err=True)


def format_report(report: Report) -> str:
    d, a = report.dyadic, report.all_events
    lines = [
        f"documents: {report.documents}",
        f"dyadic      P={d.precision:.3f} R={d.recall:.3f} F1={d.f1:.3f}  "
        f"(matched {d.tp} of {d.gold} gold, {d.predicted} predicted)",
        f"all-events  P={a.precision:.3f} R={a.recall:.3f} F1={a.f1:.3f}  "
        f"(matched {a.tp} of {a.gold} gold, {a.predicted} predicted)",
        f"code accuracy {report.code_accuracy:.3f} on {report.code_total} matched dyadic "
        "events with a full gold code",
        f"location accuracy {_ratio(report.location_accuracy)} on {report.location_total} "
        "matched dyadic events with a gold location",
        f"date accuracy {_ratio(report.date_accuracy)} on {report.date_total} "
        "matched dyadic events with a gold date",
        "",
        "root  gold  pred  match     P      R     F1",
    ]
    for root, s in sorted(report.per_root.items()):
        lines.append(
            f"{root:>4}  {s.gold:>4}  {s.predicted:>4}  {s.tp:>5}  "
            f"{s.precision:5.2f}  {s.recall:5.2f}  {s.f1:5.2f}"
        )
    return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_errors(report: Report) -> str:
    lines = ["", f"MISSED ({len(report.misses)})"]
    for g in report.misses:
        lines.append(
            f"- [{g.doc_id}] {g.code} {g.source} -> {g.target or '-'} "
            f"trigger={g.trigger!r}\n    {' '.join(g.sentence.split())}"
        )
    lines.append(f"\nFALSE ({len(report.false_events)})")
    for p in report.false_events:
        lines.append(
            f"+ [{p.doc_id}] {p.code} {p.source} -> {p.target or '-'} "
            f"trigger={p.trigger!r} {p.detail}\n    {' '.join(p.sentence.split())}"
        )
    lines.append(f"\nWRONG LOCATION ({len(report.wrong_locations)})")
    for g, p in report.wrong_locations:
        lines.append(
            f"@ [{g.doc_id}] {g.code} {g.source} -> {g.target} gold={g.location} "
            f"predicted={p.location or '-'} trigger={p.trigger!r}\n"
            f"    {' '.join(p.sentence.split())}"
        )
    return "\n".join(lines)


# --- the event store: ingest, events, stats, export, serve ------------------------------------

_DB_HELP = "DuckDB file, or a directory / glob of Parquet event files (read-only)."


def _db_option(command: F) -> F:
    return click.option("--db", "db", default=DEFAULT_DB, show_default=True, help=_DB_HELP)(command)


def _filter_options(command: F) -> F:
    """The event filters shared by `sismo events` and the HTTP API (see sismo.query)."""
    options = [
        click.option("--actor", help="Root or actor code, as source or target (IRN, USAGOV)."),
        click.option("--source", help="Source actor (root or code)."),
        click.option("--target", help="Target actor (root or code)."),
        click.option("--dyad", help="SOURCE:TARGET, e.g. NATO:IRN."),
        click.option("--root", help="CAMEO root code (01-20)."),
        click.option("--quad", type=int, help="QuadClass 1-4."),
        click.option("--since", help="First date, inclusive (YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", help="Last date, inclusive (YYYY-MM or YYYY-MM-DD)."),
        click.option("--lang", help="Document language (fr, en)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _open_store(db: str, read_only: bool = True) -> Store:
    try:
        return Store.open(db, read_only=read_only)
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--lang", type=_LANG, help="Force the language of every document.")
@click.option("--date", help="Publication date (YYYY-MM or YYYY-MM-DD) for files without one.")
@click.option(
    "--server",
    metavar="URL",
    help="Ingest through a running `sismo serve --allow-ingest` (which owns its database) "
    "instead of opening --db.",
)
@click.option(
    "--engine",
    type=click.Choice(("local", "ray")),
    default="local",
    show_default=True,
    help="local: this machine's cores into the DuckDB file --db; ray: Ray Data actors into "
    "Parquet files under the folder --db (month=YYYY-MM/), which `sismo events --db` reads.",
)
@click.option("--ray-address", help="With --engine ray: a running Ray cluster (default: local).")
@_workers_option
@_coding_options
def ingest_command(
    inputs: tuple[str, ...],
    db: str,
    lang: str | None,
    date: str | None,
    server: str | None,
    engine: str,
    ray_address: str | None,
    workers: int | None,
    targetless: bool,
    vectors: float,
) -> None:
    """Code INPUTS and store documents and events in the DuckDB file --db.

    Documents already stored (same text and date) are skipped before coding, so ingesting the
    same inputs twice changes nothing.
    """
    if server:
        _ingest_remote(server, inputs, date, lang)
        return
    if engine == "ray":
        ctx = click.get_current_context()
        ctx.invoke(
            ray_ingest_command,
            inputs=inputs,
            out_dir=db,
            ray_address=ray_address,
            actors=workers,
            lang=lang,
            date=date,
            targetless=targetless,
            vectors=vectors,
        )
        return
    settings = _settings(lang, date, targetless, vectors)
    coder: Coder = Coder(settings) if workers == 1 else ParallelCoder(settings, workers)
    store = _open_store(db, read_only=False)
    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn(
            "{task.fields[docs]} docs, {task.fields[events]} events, "
            "{task.fields[skipped]} skipped, {task.fields[failed]} failed"
        ),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TimeElapsedColumn(),
    )
    started = time.monotonic()
    try:
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("ingesting", docs=0, events=0, skipped=0, failed=0, rate=0.0)

            def update(s: IngestSummary) -> None:
                elapsed = max(time.monotonic() - started, 1e-6)
                progress.update(
                    task,
                    docs=s.coded,
                    events=s.events,
                    skipped=s.skipped,
                    failed=s.failed,
                    rate=s.coded / elapsed,
                )

            summary = store.ingest(read_inputs(inputs, date=date, lang=lang), coder, update)
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    _report_ingest(db, summary)


def _report_ingest(where: str, summary: IngestSummary) -> None:
    """Every failure, then the run's counts; exit 0 all read, 1 some failed, 2 none read."""
    for failure in summary.failures:
        click.echo(f"error {failure.code}: {failure.message}", err=True)
    click.echo(
        f"{where}: {summary.coded} document(s) coded, {summary.events} event(s) stored, "
        f"{summary.skipped} skipped as already stored, {summary.failed} failed "
        f"({summary.seconds:.1f} s, run {summary.run_id})",
        err=True,
    )
    if summary.failures:
        sys.exit(2 if summary.coded == 0 and summary.skipped == 0 else 1)


@main.command("events")
@_db_option
@_filter_options
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many.")
@click.option("--unique", is_flag=True, help="One event per duplicate-report cluster.")
@click.option(
    "--format", "fmt", type=click.Choice(LIST_FORMATS), default="table", show_default=True
)
def events_command(db: str, limit: int, unique: bool, fmt: str, **filters: Any) -> None:
    """List stored events, newest first, filtered by actor, dyad, code, date or language."""
    try:
        query = Filters.from_mapping(filters)
        check_limit("limit", limit, MAX_LIST)
        with _open_store(db) as store:
            total, rows = store.events(query, limit=limit, unique=unique)
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    write_events(rows, sys.stdout, fmt)
    if fmt == "table":
        click.echo(f"{len(rows)} of {total} event(s)", err=True)


@main.command("stats")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_command(db: str, as_json: bool) -> None:
    """Count stored documents and events, by root code, by dyad and by month."""
    try:
        with _open_store(db) as store:
            stats = store.stats()
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"documents: {stats['documents']}\nevents: {stats['events']}\n"
        f"dates: {stats['first_date'] or '-'} to {stats['last_date'] or '-'}"
    )
    for title, key in (
        ("by root", "by_root"),
        ("by dyad (top 20)", "by_dyad"),
        ("by month", "by_month"),
    ):
        click.echo(f"\n{title}")
        for name, n in stats[key].items():
            click.echo(f"  {name:<20} {n:>8}")


@main.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of stdout (required for parquet).",
)
def export_command(db: str, fmt: str, out_path: str | None) -> None:
    """Export every stored event: Parquet, CSV, JSON Lines, or GDELT 2.0 event-table TSV."""
    try:
        with _open_store(db) as store:
            if fmt == "parquet" or not out_path:
                n = export(store, fmt, sys.stdout if fmt != "parquet" else None, out_path)
            else:
                with open(out_path, "w", encoding="utf-8", newline="") as out:
                    n = export(store, fmt, out, out_path)
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{n} event(s) exported as {fmt}" + (f" to {out_path}" if out_path else ""), err=True
    )


@main.command("serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--allow-ingest", is_flag=True, help="Open the database read-write and accept POST /api/ingest."
)
def serve_command(db: str, host: str, port: int, allow_ingest: bool) -> None:
    """Serve the HTTP API and the dashboard (http://HOST:PORT/)."""
    import uvicorn

    from .api import create_app

    try:
        app = create_app(db, allow_ingest=allow_ingest)
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"sismo: serving {db} on http://{host}:{port}/ (API docs: /docs)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: {host} is reachable from other machines and the API has no authentication",
            err=True,
        )
    uvicorn.run(app, host=host, port=port, log_level="warning")


# --- reliability: ingest through a server, runs -------------------------------------------


def _ingest_remote(
    server: str, inputs: tuple[str, ...], date: str | None, lang: str | None
) -> None:
    """`sismo ingest --server URL`: read here, code and store in the server's process."""
    from .remote import ingest_remote

    try:
        summary = ingest_remote(server, read_inputs(inputs, date=date, lang=lang))
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    _report_ingest(server, summary)


@main.command("runs")
@_db_option
@click.option("--failures", "show_failures", is_flag=True, help="Also list each run's failures.")
@click.option("--limit", type=int, default=20, show_default=True, help="The latest N runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
def runs_command(db: str, show_failures: bool, limit: int, as_json: bool) -> None:
    """List ingest runs (newest first): state, documents coded, skipped, failed, events."""
    try:
        with _open_store(db) as store:
            runs = store.runs(limit)
            failures = {r["run_id"]: store.failures(r["run_id"]) for r in runs}
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        out = [
            {
                **r,
                "started": str(r["started"]),
                "finished": r["finished"] and str(r["finished"]),
                **({"failures": failures[r["run_id"]]} if show_failures else {}),
            }
            for r in runs
        ]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    click.echo("run  state        started              coded  skipped  failed  events")
    for r in runs:
        started = str(r["started"])[:19]
        click.echo(
            f"{r['run_id']:>3}  {r['status'] or '?':<11}  {started:<19}  {r['coded']:>5}  "
            f"{r['skipped']:>7}  {r['failed']:>6}  {r['events']:>6}"
        )
        for f in failures[r["run_id"]] if show_failures else []:
            click.echo(f"       {f['code']} {f['message']}")


# --- scale: the Ray engine ---------------------------------------------------------------------


@main.command("ray-ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder of the Parquet event files (month=YYYY-MM/...).",
)
@click.option(
    "--ray-address", help="A running Ray cluster (ray start --head); default: a local Ray."
)
@click.option("--actors", type=click.IntRange(min=1), help="Coding actors (default: one per CPU).")
@click.option("--lang", type=_LANG, help="Force the language of every document.")
@click.option("--date", help="Publication date (YYYY-MM or YYYY-MM-DD) for files without one.")
@_coding_options
def ray_ingest_command(
    inputs: tuple[str, ...],
    out_dir: str,
    ray_address: str | None,
    actors: int | None,
    lang: str | None,
    date: str | None,
    targetless: bool,
    vectors: float,
) -> None:
    """Code INPUTS on Ray (files, folders, Parquet datasets) into Parquet events under --out."""
    from .ray_engine import ingest_with_ray

    settings = _settings(lang, date, targetless, vectors)
    try:
        summary = ingest_with_ray(
            inputs, out_dir, settings, address=ray_address, actors=actors, date=date, lang=lang
        )
    except SismoError as exc:
        raise click.ClickException(str(exc)) from exc
    for failure in summary.failures:
        click.echo(f"error {failure.code}: {failure.message}", err=True)
    click.echo(
        f"{out_dir}: {summary.coded} document(s) coded, {summary.events} event(s), "
        f"{len(summary.failures)} failed",
        err=True,
    )
    if summary.failures:
        sys.exit(2 if summary.coded == 0 else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
