"""Stored events out: table / JSONL / CSV listings, and whole-store exports (Parquet, GDELT).

The GDELT export writes the 61 columns of the GDELT 2.0 event table, tab-separated, without a
header, in GDELT's order, so tools that read GDELT files read sismo's. Fields sismo has no value
for are empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any, TextIO

import pycountry

from .errors import StoreError
from .query import Filters
from .records import EVENT_COLUMNS, row_to_event_dict
from .store import Store

LIST_FORMATS = ("table", "jsonl", "csv")
EXPORT_FORMATS = ("parquet", "csv", "jsonl", "gdelt")
_CSV_COLUMNS = [c for c in EVENT_COLUMNS if c != "explain"]

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)
GDELT_COLUMNS: list[str] = [
    "GlobalEventID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
]


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row in the JSONL event schema of `sismo code`, plus its doc_hash."""
    out = row_to_event_dict(row)
    out["doc_hash"] = row.get("doc_hash")
    return out


def write_events(rows: Iterable[dict[str, Any]], out: TextIO, fmt: str) -> int:
    """List event rows as a table, JSON Lines or CSV (with a header); returns the count."""
    writer = csv.writer(out) if fmt == "csv" else None
    if writer:
        writer.writerow(_CSV_COLUMNS)
    n = 0
    for row in rows:
        n += 1
        if fmt == "jsonl":
            out.write(json.dumps(event_json(row), ensure_ascii=False) + "\n")
        elif writer:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in _CSV_COLUMNS])
        else:
            target = row.get("target_code") or "-"
            out.write(
                f"{row.get('date') or '-':<10} {row.get('code'):<5} "
                f"{row.get('source_code'):<12} -> {target:<12} "
                f"{row.get('goldstein') or 0:+5.1f} Q{row.get('quad_class')} "
                f"{row.get('location') or '':<4} {row.get('doc_id')}  {row.get('trigger')}\n"
            )
    return n


def all_events(
    store: Store, filters: Filters | None = None, page: int = 5000
) -> Iterator[dict[str, Any]]:
    """Every matching event, oldest first, fetched page by page (bounded memory)."""
    where, params = (filters or Filters()).where()
    offset = 0
    while True:
        rows = store.fetch(
            "SELECT e.*, d.url AS url, c.num_mentions, c.num_sources, c.num_articles "
            f"FROM (SELECT * FROM events WHERE {where}) e "
            "LEFT JOIN documents d USING (doc_hash) "
            "LEFT JOIN clusters c ON c.cluster_id = e.cluster_id "
            "ORDER BY e.date NULLS LAST, e.event_id LIMIT ? OFFSET ?",
            [*params, page, offset],
        )
        yield from rows
        if len(rows) < page:
            return
        offset += page


def export(store: Store, fmt: str, out: TextIO | None, path: str | None) -> int:
    """Write every stored event in `fmt`; Parquet needs a path. Returns the number of events."""
    if fmt == "parquet":
        if not path:
            raise StoreError("E029", fmt=fmt)
        cur = store.cursor()
        try:
            cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
            rel = cur.sql(f"SELECT {cols} FROM events ORDER BY date NULLS LAST, event_id")
            rel.write_parquet(path)
            counted = cur.execute("SELECT count(*) FROM events").fetchone()
        finally:
            cur.close()
        return int(counted[0]) if counted else 0
    assert out is not None
    if fmt == "gdelt":
        added = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
        n = 0
        for row in all_events(store):
            out.write("\t".join(gdelt_row(row, added)) + "\n")
            n += 1
        return n
    return write_events(all_events(store), out, fmt)


def gdelt_row(row: dict[str, Any], date_added: str) -> list[str]:
    """One event as the 61 GDELT 2.0 event-table fields (strings, empty where unknown)."""
    date = row.get("date") or ""
    year, month = (int(date[:4]), int(date[5:7])) if len(date) >= 7 else (0, 0)
    day = int(date[8:10]) if len(date) == 10 else 1  # month-precision dates: the 1st
    code = row.get("code") or ""
    fields: dict[str, Any] = {
        # GDELT ids are integers: 48 bits of the document hash, then the event's rank
        "GlobalEventID": int(row["doc_hash"][:12], 16) * 1000 + int(row.get("rank") or 0),
        "SQLDATE": f"{year:04d}{month:02d}{day:02d}" if year else "",
        "MonthYear": f"{year:04d}{month:02d}" if year else "",
        "Year": year or "",
        # GDELT's approximation: (month * 30 + day) / 365
        "FractionDate": f"{year + (month * 30 + day) / 365:.4f}" if year else "",
        "IsRootEvent": 1 if int(row.get("rank") or 0) == 0 else 0,
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": row.get("root") or code[:2],
        "QuadClass": row.get("quad_class"),
        "GoldsteinScale": row.get("goldstein"),
        "NumMentions": row.get("num_mentions") or 1,
        "NumSources": row.get("num_sources") or 1,
        "NumArticles": row.get("num_articles") or 1,
        "DATEADDED": date_added,
        "SOURCEURL": row.get("url") or "",
    }
    for n, side in ((1, "source"), (2, "target")):
        fields.update(_gdelt_actor(n, row, side))
    location = row.get("location")
    if location:
        place, lat = row.get("place"), row.get("lat")
        fields.update(
            {
                "ActionGeo_Type": 4 if place and lat is not None else 1,
                "ActionGeo_FullName": place or _country_name(location),
                "ActionGeo_CountryCode": iso3_to_fips().get(location, ""),
                "ActionGeo_Lat": lat,
                "ActionGeo_Long": row.get("lon"),
            }
        )
    return ["" if fields.get(c) is None else str(fields.get(c, "")) for c in GDELT_COLUMNS]


def _gdelt_actor(n: int, row: dict[str, Any], side: str) -> dict[str, Any]:
    code = row.get(f"{side}_code")
    if not code:
        return {}
    root = row.get(f"{side}_root") or ""
    is_country = pycountry.countries.get(alpha_3=root) is not None
    return {
        f"Actor{n}Code": code,
        f"Actor{n}Name": (row.get(f"{side}_text") or "").upper(),
        f"Actor{n}CountryCode": root if is_country else "",
        f"Actor{n}KnownGroupCode": "" if is_country else root,
        f"Actor{n}Type1Code": row.get(f"{side}_sector") or "",
    }


@cache
def iso3_to_fips() -> dict[str, str]:
    """ISO 3166-1 alpha-3 → FIPS 10-4 country codes (GDELT's geography codes)."""
    text = resources.files("sismo").joinpath("data/iso3_fips.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {r[0]: r[1] for r in rows[1:]}


def _country_name(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.name if country else iso3
