"""Which reader a file needs: told by its extension, else by its first bytes; `.gz` unwrapped.

Formats: `text` (an article, optional `date` header), `jsonl`, `html`, `warc` and `feed`
(RSS/Atom). A file's name decides when its extension is known; otherwise its content does, so
that a crawl dump named `page` or `items.dat` is still read. Gzip is transparent: `x.html.gz`
is an HTML page and a gzipped file without a known extension is told by its decompressed
content.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path
from typing import IO, cast

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 4096

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
FORMATS = ("text", "jsonl", "html", "warc", "feed")

# A sismo text article: the `date YYYY-MM` header line (see readers.split_header).
_DATE_HEADER = re.compile(rb"^[ \t]*date[ \t:]+[0-9]{4}-[0-9]{2}", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def strip_gz(name: str) -> str:
    """The name without a trailing `.gz` (case-insensitive)."""
    return name[:-3] if name.lower().endswith(".gz") else name


def format_by_name(path: str) -> str | None:
    """The format that the file's extension (under an optional `.gz`) names, else None."""
    return EXTENSIONS.get(Path(strip_gz(path)).suffix.lower())


def stem(path: str) -> str:
    """The file name without `.gz` and without its extension: a document id base."""
    return Path(strip_gz(path)).stem


def is_gzip(path: str) -> bool:
    """True when the file starts with the gzip magic bytes (whatever its name)."""
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def open_binary(path: str) -> IO[bytes]:
    """Open a file for reading bytes, decompressing gzip transparently (streamed)."""
    if is_gzip(path):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")  # noqa: SIM115 (the caller closes it)


def read_bytes(path: str) -> bytes:
    """The whole content of a file, gunzipped when it is gzip (raises OSError, EOFError)."""
    with open_binary(path) as handle:
        return handle.read()


def head(path: str, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of the (decompressed) content; empty when gzip is corrupt."""
    with open_binary(path) as handle:
        try:
            return handle.read(size)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            return b""


def sniff(data: bytes, *, plain_text: bool = True) -> str | None:
    """The format the first bytes of a file show, or None when they show none.

    WARC starts with `WARC/`; feeds and pages are told by their root element; JSON Lines by a
    first line that is a JSON object. Any other UTF-8 text without NUL bytes is an article
    when `plain_text` is true; when false (a directory walk: a README or a CSV file there is
    not news) only text with a `date` header line counts.
    """
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if body.startswith(b"<"):
        if _FEED_ROOT.search(body):
            return "feed"
        if _HTML_ROOT.search(body):
            return "html"
    if body.startswith(b"{") and _json_object_line(body):
        return "jsonl"
    if not _is_text(data):
        return None
    if _DATE_HEADER.match(body) or plain_text:
        return "text"
    return None


def _json_object_line(body: bytes) -> bool:
    """True when the first line (whole in `body`) parses as a JSON object."""
    line, newline, _rest = body.partition(b"\n")
    if not newline and len(body) >= SNIFF_BYTES:
        return False  # a first line longer than the sniffed bytes: cannot tell
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _is_text(data: bytes) -> bool:
    """UTF-8 without NUL bytes (a multi-byte character cut at the end is allowed)."""
    if b"\x00" in data or not data.strip():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
    return True
