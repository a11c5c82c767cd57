"""The document: what every reader yields and the coder consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .errors import InputError

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def validate_date(value: str, where: str) -> str:
    """Return `value` if it is a real YYYY-MM or YYYY-MM-DD date, else raise E004."""
    import datetime as _dt

    m = _DATE_RE.match(value.strip())
    if not m:
        raise InputError("E004", where=where, value=value)
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    try:
        _dt.date(year, month, day)
    except ValueError as exc:
        raise InputError("E004", where=where, value=value) from exc
    return value.strip()


def content_id(text: str) -> str:
    """A stable id for a document that has neither an id field nor a file name."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One dated article. `date` is the publication date (YYYY-MM or YYYY-MM-DD)."""

    id: str
    text: str
    date: str | None = None
    lang: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None  # where it was read from: file path, "path:line", "<stdin>"
    meta: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Failure:
    """A document (or input) that could not be read or coded: kept, never raised mid-batch."""

    source: str
    code: str
    message: str
    doc_id: str | None = None
