"""Duplicate reports: events that tell the same happening, grouped into clusters.

One cluster model for every event, within a document and across documents: two events are
reports of one happening when they have the same CAMEO root, the same dyad (source root, target
root), the same country (`location`; unknown counts as its own value) and dates close enough:
within `window_days` of the cluster's earliest day for day-precision dates, the same month for
month-precision ones (a month-precision event joins the earliest day cluster of its month, or
forms a month cluster). A cluster's id is its smallest event id, so recomputing over the same
events gives the same ids. `num_mentions` counts its events, `num_articles` its distinct
documents, `num_sources` its distinct outlets (the url's host, else the document's source).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import ClusterError

WINDOW_DAYS = 2
_NEEDED = ("event_id", "doc_hash", "root", "source_root", "target_root", "location", "date")


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    num_mentions: int
    num_sources: int
    num_articles: int


def outlet(url: str | None, source: str | None) -> str:
    """Who published a document: the url's host without "www.", else its source."""
    if url:
        host = urlsplit(url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return source or ""


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date) if date and len(date) == 10 else None
    except ValueError:
        return None


def cluster_events(
    rows: Iterable[Mapping[str, Any]], window_days: int = WINDOW_DAYS
) -> tuple[dict[str, str], list[Cluster]]:
    """Cluster event rows (EVENT_COLUMNS keys, plus the document's `url` and `source`).

    Returns each event id's cluster id and the clusters with their counts."""
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        missing = [k for k in _NEEDED if k not in row]
        if missing:
            raise ClusterError("E052", reason=f"event row lacks {', '.join(missing)}")
        key = (row["root"], row["source_root"], row["target_root"], row["location"])
        groups.setdefault(key, []).append(row)
    members: list[list[Mapping[str, Any]]] = []
    for group in groups.values():
        members.extend(_split_by_date(group, window_days))
    assignment: dict[str, str] = {}
    clusters: list[Cluster] = []
    for found in members:
        cluster_id = min(str(r["event_id"]) for r in found)
        for r in found:
            assignment[str(r["event_id"])] = cluster_id
        clusters.append(
            Cluster(
                cluster_id,
                len(found),
                len({outlet(r.get("url"), r.get("source")) for r in found}),
                len({r["doc_hash"] for r in found}),
            )
        )
    clusters.sort(key=lambda c: c.cluster_id)
    return assignment, clusters


def _split_by_date(
    group: list[Mapping[str, Any]], window_days: int
) -> list[list[Mapping[str, Any]]]:
    """Day events: a cluster holds the events within `window_days` of its earliest one.
    Month events join the first day cluster of their month, else one cluster per month."""
    days = sorted(
        ((d, r) for r in group if (d := _day(r["date"])) is not None),
        key=lambda x: (x[0], str(x[1]["event_id"])),
    )
    out: list[list[Mapping[str, Any]]] = []
    by_month: dict[str, list[Mapping[str, Any]]] = {}
    start: dt.date | None = None
    for day, row in days:
        if start is None or (day - start).days > window_days:
            start = day
            out.append([])
            by_month.setdefault(day.isoformat()[:7], out[-1])
        out[-1].append(row)
    for row in group:
        if _day(row["date"]) is not None:
            continue
        month = str(row["date"] or "")[:7]
        if month not in by_month:
            by_month[month] = []
            out.append(by_month[month])
        by_month[month].append(row)
    return out


def recluster(con: Any, window_days: int = WINDOW_DAYS) -> int:
    """Recompute the clusters of a DuckDB store (tables `documents` and `events` with the
    columns of `sismo.records`): writes `events.cluster_id` and replaces the `clusters` table.
    Returns the number of clusters."""
    try:
        cursor = con.execute(
            "SELECT e.event_id, e.doc_hash, e.root, e.source_root, e.target_root, e.location,"
            " e.date, d.url, d.source FROM events e LEFT JOIN documents d USING (doc_hash)"
        )
    except Exception as exc:  # duckdb.CatalogException, BinderException: not a sismo store
        raise ClusterError("E052", reason=str(exc).splitlines()[0]) from exc
    names = [c[0] for c in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    assignment, clusters = cluster_events(rows, window_days)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE sismo_cluster_map (event_id VARCHAR, cid VARCHAR)"
        )
        # two list parameters, one statement: far faster than a row-by-row executemany
        con.execute(
            "INSERT INTO sismo_cluster_map SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [list(assignment), list(assignment.values())],
        )
        con.execute(
            "UPDATE events SET cluster_id = m.cid FROM sismo_cluster_map m"
            " WHERE events.event_id = m.event_id"
        )
        con.execute(
            "CREATE TABLE IF NOT EXISTS clusters (cluster_id VARCHAR PRIMARY KEY,"
            " num_mentions INT, num_sources INT, num_articles INT)"
        )
        con.execute("DELETE FROM clusters")
        con.execute(
            "INSERT INTO clusters SELECT unnest(?::VARCHAR[]), unnest(?::INT[]),"
            " unnest(?::INT[]), unnest(?::INT[])",
            [
                [c.cluster_id for c in clusters],
                [c.num_mentions for c in clusters],
                [c.num_sources for c in clusters],
                [c.num_articles for c in clusters],
            ],
        )
        con.execute("DROP TABLE sismo_cluster_map")
        con.execute("COMMIT")
    except Exception as exc:  # e.g. an events table without cluster_id
        con.execute("ROLLBACK")
        raise ClusterError("E052", reason=str(exc).splitlines()[0]) from exc
    return len(clusters)
