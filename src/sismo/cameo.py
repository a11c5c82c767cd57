"""The CAMEO code table: label, Goldstein score, QuadClass and PLOVER type of every code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import LexiconError


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    goldstein: float
    quad_class: int
    plover: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """Load the packaged copy of the reference table (read once per process)."""
    text = resources.files("sismo").joinpath("data/cameo_codes.tsv").read_text(encoding="utf-8")
    table: dict[str, CameoCode] = {}
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    for n, row in enumerate(rows, start=2):
        try:
            code = row["code"].strip()
            table[code] = CameoCode(
                code=code,
                label=row["label"].strip(),
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover=(row.get("plover") or "").strip() or None,
            )
        except (KeyError, ValueError, AttributeError) as exc:
            raise LexiconError("E009", file="cameo_codes.tsv", line=n, reason=str(exc)) from exc
    return table


def lookup(code: str) -> CameoCode:
    """The table row of `code`; a code missing from the table falls back to its root."""
    table = cameo_table()
    if code in table:
        return table[code]
    return table[code[:2]]
