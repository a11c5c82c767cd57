"""Flat rows of documents and events: the one schema shared by the store, Parquet and exports.

Every place that writes events as a table (the DuckDB store, the Ray engine's Parquet files,
CSV and GDELT exports) takes its rows from here, so their columns never drift apart. Event ids
are derived from the document's content hash and the event's rank in the document: the same
document coded twice, by any engine, gives the same ids.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .documents import Document
from .events import Event
from .pipeline import CodedDocument

# Column name -> DuckDB type. Order is the column order of tables and files.
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_hash": "VARCHAR",
    "doc_id": "VARCHAR",
    "date": "VARCHAR",
    "month": "VARCHAR",
    "lang": "VARCHAR",
    "title": "VARCHAR",
    "url": "VARCHAR",
    "source": "VARCHAR",
    "n_chars": "INTEGER",
    "n_events": "INTEGER",
    "text": "VARCHAR",
    "meta": "VARCHAR",  # JSON: how the document was read (e.g. {"encoding": "cp1252"})
    "notes": "VARCHAR",  # JSON: each sentence without an event, with the reason
}

EVENT_COLUMNS: dict[str, str] = {
    "event_id": "VARCHAR",
    "doc_hash": "VARCHAR",
    "doc_id": "VARCHAR",
    "rank": "INTEGER",
    "date": "VARCHAR",
    "month": "VARCHAR",
    "date_precision": "VARCHAR",
    "lang": "VARCHAR",
    "sentence": "VARCHAR",
    "start": "INTEGER",
    "end": "INTEGER",
    "trigger": "VARCHAR",
    "trigger_start": "INTEGER",
    "trigger_end": "INTEGER",
    "code": "VARCHAR",
    "root": "VARCHAR",
    "label": "VARCHAR",
    "quad_class": "INTEGER",
    "goldstein": "DOUBLE",
    "plover": "VARCHAR",
    "location": "VARCHAR",
    "place": "VARCHAR",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "source_text": "VARCHAR",
    "source_code": "VARCHAR",
    "source_root": "VARCHAR",
    "source_sector": "VARCHAR",
    "target_text": "VARCHAR",
    "target_code": "VARCHAR",
    "target_root": "VARCHAR",
    "target_sector": "VARCHAR",
    "lexicon_entry": "VARCHAR",
    "explain": "VARCHAR",
    "cluster_id": "VARCHAR",
}


def document_hash(document: Document) -> str:
    """The content hash that makes ingesting idempotent: same text, same date, same document."""
    digest = hashlib.sha1()
    digest.update((document.date or "").encode("utf-8"))
    digest.update(b"\x00")
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def month_of(date: str | None) -> str | None:
    """`YYYY-MM` of a `YYYY-MM` or `YYYY-MM-DD` date: the partition key of stored events."""
    return date[:7] if date and len(date) >= 7 else None


def document_row(coded: CodedDocument, doc_hash: str | None = None) -> dict[str, Any]:
    doc = coded.document
    return {
        "doc_hash": doc_hash or document_hash(doc),
        "doc_id": doc.id,
        "date": doc.date,
        "month": month_of(doc.date),
        "lang": coded.lang,
        "title": doc.title,
        "url": doc.url,
        "source": doc.source,
        "n_chars": len(doc.text),
        "n_events": len(coded.events),
        "text": doc.text,
        "meta": json.dumps(doc.meta, ensure_ascii=False) if doc.meta else None,
        "notes": json.dumps([n.to_dict() for n in coded.notes], ensure_ascii=False),
    }


def event_row(event: Event, doc_hash: str, rank: int) -> dict[str, Any]:
    """One event as a flat row; fields an Event does not carry yet are None."""
    d = event.to_dict()
    src = d["source"]
    tgt = d["target"] or {}
    explain = {
        "source": getattr(event.source, "how", None),
        "target": getattr(event.target, "how", None) if event.target else None,
    }
    return {
        "event_id": f"{doc_hash[:16]}-{rank}",
        "doc_hash": doc_hash,
        "doc_id": d["doc_id"],
        "rank": rank,
        "date": d["date"],
        "month": month_of(d["date"]),
        "date_precision": d.get("date_precision"),
        "lang": d["lang"],
        "sentence": d["sentence"],
        "start": d["start"],
        "end": d["end"],
        "trigger": d["trigger"],
        "trigger_start": d["trigger_start"],
        "trigger_end": d["trigger_end"],
        "code": d["code"],
        "root": d["root"],
        "label": d["label"],
        "quad_class": d["quad_class"],
        "goldstein": d["goldstein"],
        "plover": d["plover"],
        "location": d["location"],
        "place": d.get("place"),
        "lat": d.get("lat"),
        "lon": d.get("lon"),
        "source_text": src["text"],
        "source_code": src["code"],
        "source_root": src["root"],
        "source_sector": src["sector"],
        "target_text": tgt.get("text"),
        "target_code": tgt.get("code"),
        "target_root": tgt.get("root"),
        "target_sector": tgt.get("sector"),
        "lexicon_entry": d["lexicon_entry"],
        "explain": json.dumps(explain, ensure_ascii=False),
        "cluster_id": d.get("cluster_id"),
    }


def event_rows(coded: CodedDocument, doc_hash: str | None = None) -> list[dict[str, Any]]:
    """The rows of a coded document's events, ranked in document order."""
    h = doc_hash or document_hash(coded.document)
    return [event_row(e, h, n) for n, e in enumerate(coded.events)]


def row_to_event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row back in the JSONL event schema of `sismo code` (nested source/target)."""
    out = {
        k: row.get(k)
        for k in EVENT_COLUMNS
        if not k.startswith(("source_", "target_")) and k not in {"explain", "doc_hash", "rank"}
    }
    out["source"] = {
        "text": row.get("source_text"),
        "code": row.get("source_code"),
        "root": row.get("source_root"),
        "sector": row.get("source_sector"),
    }
    out["target"] = (
        {
            "text": row.get("target_text"),
            "code": row.get("target_code"),
            "root": row.get("target_root"),
            "sector": row.get("target_sector"),
        }
        if row.get("target_code")
        else None
    )
    return out
