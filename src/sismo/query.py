"""Event filters → parameterised SQL, shared by `sismo events`, `sismo stats` and the HTTP API.

User values only ever travel as query parameters (`?`); the SQL text is built from constant
fragments, so no filter value can change a query's meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from .documents import validate_date
from .errors import QueryError

_ACTOR_RE = re.compile(r"^[A-Z0-9]{2,15}$")
_ROOT_RE = re.compile(r"^(0[1-9]|1[0-9]|20)$")
_LANG_RE = re.compile(r"^[a-z]{2}$")
INTERVALS = ("day", "week", "month")
MAX_LIST = 1_000_000  # the largest page a caller may ask for


@dataclass(frozen=True)
class Filters:
    """The event filters; every field is optional and all given ones must hold.

    `actor` matches the source or the target, `source`/`target` one side, `dyad` is `A:B`
    (source A, target B). An actor value matches the root actor (`IRN`, `NATO`) or the full
    CAMEO actor code (`USAGOV`). `since`/`until` are inclusive YYYY-MM or YYYY-MM-DD dates.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: str | None = None
    root: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None

    def __post_init__(self) -> None:
        for name in ("actor", "source", "target"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _actor(name, value))
        if self.dyad is not None:
            parts = self.dyad.split(":")
            if len(parts) != 2:
                raise QueryError("E022", name="dyad", value=self.dyad, reason="expected A:B")
            object.__setattr__(
                self, "dyad", f"{_actor('dyad', parts[0])}:{_actor('dyad', parts[1])}"
            )
        if self.root is not None:
            root = self.root.strip().zfill(2)
            if not _ROOT_RE.match(root):
                raise QueryError(
                    "E022", name="root", value=self.root, reason="expected a CAMEO root 01-20"
                )
            object.__setattr__(self, "root", root)
        if self.quad is not None and self.quad not in (1, 2, 3, 4):
            raise QueryError("E022", name="quad", value=self.quad, reason="expected 1, 2, 3 or 4")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, validate_date(value, name))
        if self.lang is not None and not _LANG_RE.match(self.lang):
            raise QueryError(
                "E022", name="lang", value=self.lang, reason="expected a 2-letter code"
            )

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Filters:
        """Build from a dict (CLI options, query parameters), ignoring None and other keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v not in (None, "")})

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (`TRUE` when no filter is set) and its parameters, in order."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append(f"({_side('source')} OR {_side('target')})")
            params += [self.actor] * 4
        if self.source:
            clauses.append(_side("source"))
            params += [self.source] * 2
        if self.target:
            clauses.append(_side("target"))
            params += [self.target] * 2
        if self.dyad:
            a, b = self.dyad.split(":")
            clauses.append(f"{_side('source')} AND {_side('target')}")
            params += [a, a, b, b]
        if self.root:
            clauses.append("root = ?")
            params.append(self.root)
        if self.quad:
            clauses.append("quad_class = ?")
            params.append(self.quad)
        if self.since:
            # a month-precision bound compares on the event date's month, a day bound on the day
            clauses.append("substr(date, 1, ?) >= ?")
            params += [len(self.since), self.since]
        if self.until:
            clauses.append("substr(date, 1, ?) <= ?")
            params += [len(self.until), self.until]
        if self.lang:
            clauses.append("lang = ?")
            params.append(self.lang)
        return (" AND ".join(clauses) or "TRUE"), params


def _side(side: str) -> str:
    """Actor match on one side: the root or the full code (side is a constant, never input)."""
    return f"({side}_root = ? OR {side}_code = ?)"


def _actor(name: str, value: str) -> str:
    code = value.strip().upper()
    if not _ACTOR_RE.match(code):
        raise QueryError(
            "E022", name=name, value=value, reason="expected a CAMEO actor code (IRN, USAGOV)"
        )
    return code


def check_interval(interval: str) -> str:
    """Validate a timeline interval (day, week, month)."""
    if interval not in INTERVALS:
        raise QueryError(
            "E022", name="interval", value=interval, reason="expected day, week or month"
        )
    return interval


def check_limit(name: str, value: int, maximum: int) -> int:
    """Validate a page size or offset: 0 ≤ value ≤ maximum."""
    if not 0 <= value <= maximum:
        raise QueryError("E022", name=name, value=value, reason=f"expected 0 to {maximum}")
    return value
