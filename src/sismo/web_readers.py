"""Web formats: saved HTML pages, WARC crawls and RSS/Atom feeds become Documents or Failures.

Pages go through trafilatura, which keeps the article (not the menus and footers) and finds
its title, canonical URL and publication date; that date is the document's date. A WARC file
is streamed record by record (warcio): only HTML responses are read, each keeping its URL and
capture date. A feed entry's own text (content, else summary) is its document; an entry with
only a link has its page fetched. Every bad page, record or entry is one Failure; the rest go on.
"""

from __future__ import annotations

import gzip
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from .documents import Document, Failure, validate_date
from .errors import MESSAGES, InputError, SismoError
from .formats import read_bytes, sniff, stem

Fetch = Callable[[str], bytes]
HTML_TYPES = ("text/html", "application/xhtml+xml")
FETCH_TIMEOUT = 20.0
FETCH_LIMIT = 20_000_000  # bytes: a news page is far smaller; a bigger answer is not one
USER_AGENT = "sismo (+https://pypi.org/project/sismo/)"
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def html_document(
    page: bytes | str,
    *,
    doc_id: str,
    source: str,
    date: str | None,
    lang: str | None,
    url: str | None = None,
    meta: dict[str, str] | None = None,
) -> Document:
    """Extract a page's article: its date wins over `date`; raises E041 when no text is found.

    Bytes are passed as they are so that trafilatura honours the page's declared charset.
    """
    import trafilatura

    found = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if not text:
        raise InputError("E041", where=source)
    page_date = _valid_date(getattr(found, "date", None))
    when = page_date or date
    return Document(
        id=doc_id,
        text=text,
        date=validate_date(when, source) if when else None,
        lang=lang,
        title=getattr(found, "title", None) or None,
        url=url or getattr(found, "url", None) or None,
        source=source,
        meta=dict(meta or {}),
    )


def read_html_file(path: str, date: str | None, lang: str | None) -> Document | Failure:
    """One saved page (optionally gzipped) is one document, its id the file name's stem."""
    doc_id = stem(path)
    try:
        data = _file_bytes(path)
        return html_document(data, doc_id=doc_id, source=path, date=date, lang=lang)
    except SismoError as exc:
        return failure(exc, path, doc_id)


def read_warc(path: str, date: str | None, lang: str | None) -> Iterator[Document | Failure]:
    """Stream the HTML responses of a WARC (or WARC.gz) file, one record at a time.

    A record's date is the page's own date, else its WARC-Date (the capture), else `date`.
    Ids are the file's stem and the response's rank (`crawl-1`, `crawl-2` ...).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    base, rank = stem(path), 0
    try:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if not _is_html_response(record):
                    continue
                rank += 1
                document = _warc_document(record, f"{base}-{rank}", path, date, lang)
                if _cut_short(record):
                    reason = f"record {rank} ends before its declared length"
                    raise ValueError(reason)
                yield document
        _check_gzip_end(path)
    except OSError as exc:
        yield failure(InputError("E001", path=path, reason=exc.strerror or str(exc)), path)
    except (ArchiveLoadFailed, EOFError, ValueError, zlib.error, gzip.BadGzipFile) as exc:
        yield failure(InputError("E042", path=path, what="WARC file", reason=str(exc)), path)


def _cut_short(record: Any) -> bool:
    """True when a record's block ended before its Content-Length (a truncated file)."""
    stream = record.raw_stream
    while stream.read(65536):
        pass
    return bool(getattr(stream, "limit", 0))


def _check_gzip_end(path: str) -> None:
    """A gzipped WARC cut inside a member loses its last records silently in warcio:
    decompress to the end (streamed) so that the cut is reported (EOFError, E042)."""
    with open(path, "rb") as probe:
        if probe.read(2) != b"\x1f\x8b":
            return
    with gzip.open(path, "rb") as data:
        while data.read(1 << 20):
            pass


def _is_html_response(record: Any) -> bool:
    """A successful HTTP response whose body is an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return ctype in HTML_TYPES and record.http_headers.get_statuscode() == "200"


def _warc_document(
    record: Any, doc_id: str, path: str, date: str | None, lang: str | None
) -> Document | Failure:
    """The document of one HTML response record, located as `path:URL`."""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    captured = (headers.get_header("WARC-Date") or "")[:10]
    where = f"{path}:{url}"
    meta = {"warc_date": headers.get_header("WARC-Date") or ""}
    meta["warc_record_id"] = headers.get_header("WARC-Record-ID") or ""
    try:
        body = record.content_stream().read()
        if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
            raise InputError("E042", path=where, what="WARC record", reason="truncated")
        return html_document(
            body,
            doc_id=doc_id,
            source=where,
            date=_valid_date(captured) or date,
            lang=lang,
            url=url,
            meta=meta,
        )
    except SismoError as exc:
        return failure(exc, where, doc_id)


def read_feed_file(
    path: str, date: str | None, lang: str | None, fetch: Fetch | None = None
) -> Iterator[Document | Failure]:
    """The entries of an RSS/Atom file (optionally gzipped)."""
    try:
        data = _file_bytes(path)
    except SismoError as exc:
        yield failure(exc, path)
        return
    yield from read_feed(data, source=path, base=stem(path), date=date, lang=lang, fetch=fetch)


def read_feed(
    data: bytes,
    *,
    source: str,
    base: str,
    date: str | None,
    lang: str | None,
    fetch: Fetch | None = None,
) -> Iterator[Document | Failure]:
    """One document per entry: its content, else its summary, else its fetched link.

    The entry's published (else updated) date is the document's; a fetched page's own date
    wins. An entry whose page cannot be fetched is a Failure (E043); the next entry is read.
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no feed element")
        yield failure(InputError("E044", path=source, reason=reason), source)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_document(entry, number, source, base, date, lang, fetch or fetch_url)


def _entry_document(
    entry: Any,
    number: int,
    source: str,
    base: str,
    date: str | None,
    lang: str | None,
    fetch: Fetch,
) -> Document | Failure:
    where = f"{source}:{number}"
    link = entry.get("link") if str(entry.get("link")).startswith(("http://", "https://")) else None
    doc_id = str(entry.get("id") or link or f"{base}-{number}")
    when = _entry_date(entry) or date
    meta = {"feed": source}
    try:
        text = _entry_text(entry)
        if text:
            return Document(
                id=doc_id,
                text=text,
                date=validate_date(when, where) if when else None,
                lang=lang,
                title=entry.get("title") or None,
                url=link,
                source=where,
                meta=meta,
            )
        if not link:
            raise InputError("E045", where=where)
        page = html_document(
            fetch(link), doc_id=doc_id, source=link, date=when, lang=lang, url=link, meta=meta
        )
        return page if page.title else _with_title(page, entry.get("title"))
    except SismoError as exc:
        return failure(exc, where, doc_id)


def _with_title(doc: Document, title: str | None) -> Document:
    return Document(doc.id, doc.text, doc.date, doc.lang, title, doc.url, doc.source, doc.meta)


def _entry_text(entry: Any) -> str:
    """The entry's full content when it has one, else its summary; HTML made plain text."""
    parts = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if parts:
        best = max(parts, key=lambda c: len(c.get("value") or ""))
        return _plain(best.get("value") or "", best.get("type") or "text/html")
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary") or ""
    return _plain(summary, detail.get("type") or "text/html") if summary.strip() else ""


def _plain(value: str, kind: str) -> str:
    """Text of an HTML fragment (paragraphs one per line), or the value itself if plain."""
    if "html" not in kind:
        return value.strip()
    import trafilatura

    text = trafilatura.extract(f"<html><body>{value}</body></html>", favor_recall=True)
    return (text or "").strip()


def _entry_date(entry: Any) -> str | None:
    """YYYY-MM-DD of the entry's published (else updated) time, as feedparser read it."""
    for key in ("published_parsed", "updated_parsed"):
        stamp = entry.get(key)
        if stamp:
            return time.strftime("%Y-%m-%d", stamp)
    return None


def read_url(url: str, date: str | None, lang: str | None) -> Iterator[Document | Failure]:
    """A feed URL (its entries) or a page URL (one document), told by what the server sends."""
    try:
        data = fetch_url(url)
    except SismoError as exc:
        yield failure(exc, url)
        return
    if sniff(data[:4096], plain_text=False) == "feed":
        yield from read_feed(data, source=url, base=url, date=date, lang=lang)
        return
    try:
        yield html_document(data, doc_id=url, source=url, date=date, lang=lang, url=url)
    except SismoError as exc:
        yield failure(exc, url, url)


def fetch_url(url: str, timeout: float = FETCH_TIMEOUT) -> bytes:
    """GET a page or feed; any network or HTTP error is E043 (never an exception escaping)."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(FETCH_LIMIT + 1)
    except urllib.error.HTTPError as exc:
        raise InputError("E043", url=url, reason=f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError("E043", url=url, reason=str(reason)) from exc
    if len(data) > FETCH_LIMIT:
        raise InputError("E043", url=url, reason=f"larger than {FETCH_LIMIT} bytes")
    return data


def _file_bytes(path: str) -> bytes:
    """A file's (gunzipped) bytes; E001 when unreadable, E042 when the gzip is corrupt."""
    try:
        return read_bytes(path)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError("E042", path=path, what="gzip data", reason=str(exc)) from exc
    except OSError as exc:
        raise InputError("E001", path=path, reason=exc.strerror or str(exc)) from exc


def _valid_date(value: str | None) -> str | None:
    """A YYYY-MM-DD date from a page or record, or None when it is missing or malformed."""
    if not value:
        return None
    try:
        return validate_date(value[:10], "page")
    except InputError:
        return None


def failure(exc: SismoError, source: str, doc_id: str | None = None) -> Failure:
    """Keep an error as data: its stable code and its message without the code prefix."""
    message = MESSAGES[exc.code].format(**exc.fields)
    return Failure(source=source, code=exc.code, message=message, doc_id=doc_id)
