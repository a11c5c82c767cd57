"""Streaming readers: files, directories, stdin and JSON Lines become Documents or Failures.

HTML pages, WARC crawls, RSS/Atom feeds and web URLs are read by sismo.web_readers; this
module tells each file's format (extension, else content; `.gz` is transparent).

A bad file or line never stops a batch: it is yielded as a Failure carrying the error's stable
code and message, and reading goes on with the next input.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, TextIO

from .decoding import SNIFF_BYTES, bom_encoding, clean_text, decode_bytes, is_binary
from .documents import Document, Failure, content_id, validate_date
from .errors import MESSAGES, InputError, SismoError
from .formats import format_by_name, head, open_binary, read_bytes, sniff, stem
from .web_readers import read_feed_file, read_html_file, read_url, read_warc

STDIN = "-"
STDIN_SOURCE = "<stdin>"
URL_PREFIXES = ("http://", "https://")  # a feed or a page fetched from the web

# Header of a text file: "date 2020-01", " Date: 2020-01-15" ... alone on the first line, or
# followed on the same line by the article (as in the project's reference example). The value
# must start with a digit so that an article opening with the word "date" is not taken for one.
_HEADER_RE = re.compile(
    r"[ \t\ufeff]*date(?:[ \t]*:[ \t]*|[ \t]+)([0-9][0-9-]*)(?:[ \t]*\r?\n|[ \t]+|[ \t]*\r?$)",
    re.IGNORECASE,
)
# Fields a JSON Lines record may hold that the reader uses; everything else is ignored.
_STRING_FIELDS = ("id", "date", "text", "lang", "title", "url", "source_url")


def read_inputs(
    paths: Iterable[str],
    *,
    date: str | None = None,
    lang: str | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Document | Failure]:
    """Yield one Document or Failure per text file, JSON Lines record or stdin.

    `date` is the fallback for documents that carry none; `lang` forces every document's
    language. A bad `date` argument is the caller's mistake, not a document's: it raises E004
    at once instead of failing every document.
    """
    fallback = validate_date(date, "date argument") if date is not None else None
    return _read_all(paths, fallback, _lang(lang), stdin)


def read_text(
    text: str,
    *,
    doc_id: str | None = None,
    date: str | None = None,
    lang: str | None = None,
    source: str = "<text>",
) -> Document:
    """Make a Document from text that may open with a `date YYYY-MM[-DD]` header line.

    The header date wins over `date`. Raises InputError (E004, E005) rather than yielding.
    """
    return _text_document(text, doc_id=doc_id, date=date, lang=_lang(lang), source=source)


def split_header(raw: str) -> tuple[str | None, str]:
    """Split off a `date ...` first line: (header date or None, the article text).

    The article is everything after the header line's newline, untouched, so that character
    offsets into it are stable.
    """
    match = _HEADER_RE.match(raw)
    if match is None:
        return None, raw
    return match.group(1), raw[match.end() :]


def _read_all(
    paths: Iterable[str], date: str | None, lang: str | None, stdin: TextIO | None
) -> Iterator[Document | Failure]:
    """The generator behind read_inputs, so that its argument checks run eagerly."""
    for path in paths:
        if path == STDIN:
            yield _read_stdin(stdin if stdin is not None else sys.stdin, date, lang)
        else:
            yield from _read_path(path, date, lang)


def _read_path(path: str, date: str | None, lang: str | None) -> Iterator[Document | Failure]:
    """Read a file, a web URL, or every input file under a directory."""
    if path.startswith(URL_PREFIXES):
        yield from read_url(path, date, lang)
    elif os.path.isdir(path):
        for file in directory_files(path):
            yield from _read_file(file, date, lang, walking=True)
    elif os.path.exists(path):
        yield from _read_file(path, date, lang)
    else:
        yield _failure(InputError("E010", path=path), path)


def directory_files(root: str) -> Iterator[str]:
    """Files under `root`, recursively, in a stable (sorted) order, one folder at a time;
    hidden files and folders skipped, symlinks not followed."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from directory_files(entry.path)
        elif entry.is_file(follow_symlinks=False):
            yield entry.path


def _read_file(
    path: str, date: str | None, lang: str | None, walking: bool = False
) -> Iterator[Document | Failure]:
    """Dispatch on the format its extension names, else on its content (see sismo.formats).

    Given by name, a file of unknown extension holding UTF-8 text is an article; met in a
    directory walk it must show its format (a `date` header line for text), else E040.
    """
    fmt = format_by_name(path)
    if fmt is None:
        try:
            fmt = sniff(head(path), plain_text=not walking)
        except OSError as exc:
            yield _failure(InputError("E001", path=path, reason=_why(exc)), path)
            return
    if fmt == "jsonl":
        yield from _read_jsonl(path, date, lang)
    elif fmt == "text":
        yield _read_text_file(path, date, lang)
    elif fmt == "html":
        yield read_html_file(path, date, lang)
    elif fmt == "warc":
        yield from read_warc(path, date, lang)
    elif fmt == "feed":
        yield from read_feed_file(path, date, lang)
    else:
        yield _failure(InputError("E040", path=path), path)


def _read_text_file(path: str, date: str | None, lang: str | None) -> Document | Failure:
    """One text file is one article; its id is the file name without extension."""
    doc_id = stem(path)
    try:
        raw, encoding = decode_bytes(_read_bytes(path), path)
        return _text_document(
            raw, doc_id=doc_id, date=date, lang=lang, source=path, meta=_meta(encoding)
        )
    except InputError as exc:
        return _failure(exc, path, doc_id)


def _read_stdin(stream: TextIO, date: str | None, lang: str | None) -> Document | Failure:
    """Stdin is one text article; its id is a hash of its text."""
    encoding = "utf-8"
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:  # bytes, so that stdin follows the files' decoding policy
            raw, encoding = decode_bytes(buffer.read(), STDIN_SOURCE)
        else:
            raw = stream.read()
    except UnicodeDecodeError as exc:
        return _failure(InputError("E002", path=STDIN_SOURCE, reason=_why(exc)), STDIN_SOURCE)
    except OSError as exc:
        return _failure(InputError("E001", path=STDIN_SOURCE, reason=_why(exc)), STDIN_SOURCE)
    except InputError as exc:
        return _failure(exc, STDIN_SOURCE)
    try:
        return _text_document(
            raw, doc_id=None, date=date, lang=lang, source=STDIN_SOURCE, meta=_meta(encoding)
        )
    except InputError as exc:
        return _failure(exc, STDIN_SOURCE)


def _read_jsonl(path: str, date: str | None, lang: str | None) -> Iterator[Document | Failure]:
    """One record per line, streamed: a bad line becomes a Failure, the next line is read.

    A file opening with a UTF-16/32 byte order mark is read as text in that encoding; a binary
    file is one E060 failure, not one failure per stray line feed byte.
    """
    try:
        with open_binary(path) as handle:
            start = handle.read(SNIFF_BYTES)
            handle.seek(0)
            encoding = bom_encoding(start)
            if encoding in ("utf-16", "utf-32"):
                yield from _read_wide_jsonl(handle, path, encoding, date, lang)
                return
            if encoding is None and is_binary(start):
                yield _failure(InputError("E060", where=path), path)
                return
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _jsonl_record(line, path, number, date, lang)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield _failure(InputError("E042", path=path, what="gzip data", reason=_why(exc)), path)
    except OSError as exc:
        yield _failure(InputError("E001", path=path, reason=_why(exc)), path)


def _read_wide_jsonl(
    raw: IO[bytes], path: str, encoding: str, date: str | None, lang: str | None
) -> Iterator[Document | Failure]:
    """JSON Lines in UTF-16 or UTF-32 (with a byte order mark), streamed line by line."""
    number = 0
    try:
        with io.TextIOWrapper(raw, encoding=encoding, newline="\n") as handle:
            for number, line in enumerate(handle, start=1):  # noqa: B007
                if line.strip():
                    data = line.encode("utf-8", "surrogatepass")
                    yield _jsonl_record(data, path, number, date, lang, encoding)
    except UnicodeDecodeError as exc:
        where = f"{path}:{number + 1}"
        yield _failure(InputError("E002", path=where, reason=_why(exc)), where)


def _jsonl_record(
    line: bytes,
    path: str,
    number: int,
    date: str | None,
    lang: str | None,
    encoding: str | None = None,
) -> Document | Failure:
    """Turn one JSON Lines line into a Document, or a Failure located at path:line."""
    where = f"{path}:{number}"
    doc_id: str | None = None
    try:
        record, used = _parse_record(line, path, number)
        doc_id = record.get("id") or f"{stem(path)}-{number}"
        return record_document(record, doc_id, where, date, lang, _meta(encoding or used))
    except InputError as exc:
        return _failure(exc, where, doc_id)


def _parse_record(line: bytes, path: str, number: int) -> tuple[dict[str, str], str]:
    """Decode and parse a line, keeping only the known string fields (never `events`);
    also the encoding the line was decoded from."""
    text, encoding = decode_bytes(line, f"{path}:{number}")
    try:
        value = json.loads(text, object_pairs_hook=_drop_events)
    except json.JSONDecodeError as exc:
        raise InputError("E003", path=path, line=number, reason=_why(exc)) from exc
    except RecursionError as exc:
        raise InputError("E003", path=path, line=number, reason="nested too deeply") from exc
    if not isinstance(value, dict):
        reason = f"expected a JSON object, got {type(value).__name__}"
        raise InputError("E003", path=path, line=number, reason=reason)
    return _string_fields(value, path, number), encoding


def _drop_events(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON object hook: hand-coded gold `events` must never reach the coder."""
    return {key: value for key, value in pairs if key != "events"}


def _string_fields(record: dict[str, Any], path: str, number: int) -> dict[str, str]:
    """The used fields of a record, as strings; null counts as absent, a number id is allowed."""
    fields: dict[str, str] = {}
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            reason = f"field {name!r} must be a string, not {type(value).__name__}"
            raise InputError("E003", path=path, line=number, reason=reason)
        fields[name] = clean_text(value)
    return fields


def record_document(
    record: Mapping[str, Any],
    doc_id: str,
    where: str,
    date: str | None,
    lang: str | None,
    meta: dict[str, str] | None = None,
) -> Document:
    """Build the Document of a record (a JSON Lines line, a Parquet row): its date beats the
    argument, the forced lang beats its."""
    text = str(record.get("text") or "")
    if not text.strip():
        raise InputError("E005", where=where)
    when = record.get("date") or date
    return Document(
        id=doc_id,
        text=text,
        date=validate_date(str(when), where) if when is not None else None,
        lang=lang or _lang(record.get("lang")),
        title=record.get("title") or None,
        url=record.get("url") or record.get("source_url"),
        source=where,
        meta=meta or {},
    )


def _text_document(
    raw: str,
    *,
    doc_id: str | None,
    date: str | None,
    lang: str | None,
    source: str,
    meta: dict[str, str] | None = None,
) -> Document:
    """Build the Document of a text article; the header date wins over the `date` argument."""
    header, text = split_header(clean_text(raw))
    when = header if header is not None else date
    checked = validate_date(when, source) if when is not None else None
    if not text.strip():
        raise InputError("E005", where=source)
    return Document(
        id=doc_id or content_id(text),
        text=text,
        date=checked,
        lang=lang,
        source=source,
        meta=meta or {},
    )


def _read_bytes(path: str) -> bytes:
    """Read a whole file (gunzipped if gzip), turning OS errors into E001, bad gzip into E042."""
    try:
        return read_bytes(path)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError("E042", path=path, what="gzip data", reason=_why(exc)) from exc
    except OSError as exc:
        raise InputError("E001", path=path, reason=_why(exc)) from exc


def _meta(encoding: str) -> dict[str, str]:
    """The document's meta: the encoding it was decoded from, when not plain UTF-8."""
    return {} if encoding == "utf-8" else {"encoding": encoding}


def _lang(code: str | None) -> str | None:
    """Language codes are kept as given, lower-cased; blank means none."""
    if code is None:
        return None
    return code.strip().lower() or None


def _why(exc: Exception) -> str:
    """A short reason for an error message, without the traceback noise."""
    if isinstance(exc, UnicodeDecodeError):
        return f"{exc.reason} at byte {exc.start}"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _failure(exc: SismoError, source: str, doc_id: str | None = None) -> Failure:
    """Keep an error as data: its stable code and its message without the code prefix."""
    message = MESSAGES[exc.code].format(**exc.fields)
    return Failure(source=source, code=exc.code, message=message, doc_id=doc_id)
