"""The `sismo` command: a thin click layer over the library.

Only this module turns SismoError into messages and exit codes: 0 all inputs coded, 1 some
inputs failed (each reported on stderr with its code), 2 nothing could be coded.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from .documents import Failure
from .errors import SismoError
from .evaluate import Report, evaluate
from .output import FORMATS, write_documents
from .parallel import code_parallel
from .pipeline import CodedDocument, Coder
from .readers import read_inputs
from .settings import SUPPORTED_LANGUAGES, Settings

_LANG = click.Choice(SUPPORTED_LANGUAGES)


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
@click.version_option(package_name="sismo")
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
        "",
        "root  gold  pred  match     P      R     F1",
    ]
    for root, s in sorted(report.per_root.items()):
        lines.append(
            f"{root:>4}  {s.gold:>4}  {s.predicted:>4}  {s.tp:>5}  "
            f"{s.precision:5.2f}  {s.recall:5.2f}  {s.f1:5.2f}"
        )
    return "\n".join(lines)


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
    return "\n".join(lines)


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
