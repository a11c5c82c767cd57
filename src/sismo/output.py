"""Write events as JSON Lines, TSV or a readable table."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from .events import Event, SentenceNote
from .pipeline import CodedDocument

FORMATS = ("jsonl", "tsv", "table")
TSV_COLUMNS = (
    "doc_id",
    "date",
    "lang",
    "code",
    "root",
    "label",
    "quad_class",
    "goldstein",
    "plover",
    "source_text",
    "source_code",
    "source_root",
    "source_sector",
    "trigger",
    "target_text",
    "target_code",
    "target_root",
    "target_sector",
    "location",
    "start",
    "end",
    "sentence",
    "lexicon_entry",
)


def event_record(event: Event, explain: bool = False) -> dict[str, Any]:
    record = event.to_dict()
    if explain:
        record["explain"] = {
            "source": event.source.how,
            "target": event.target.how if event.target else None,
        }
    return record


def note_record(doc_id: str, note: SentenceNote) -> dict[str, Any]:
    return {"doc_id": doc_id, "no_event": note.to_dict()}


def _tsv_row(event: Event) -> list[str]:
    d = event.to_dict()
    src, tgt = d["source"], d["target"] or {}
    values = [
        d["doc_id"],
        d["date"],
        d["lang"],
        d["code"],
        d["root"],
        d["label"],
        d["quad_class"],
        d["goldstein"],
        d["plover"],
        src["text"],
        src["code"],
        src["root"],
        src["sector"],
        d["trigger"],
        tgt.get("text"),
        tgt.get("code"),
        tgt.get("root"),
        tgt.get("sector"),
        d["location"],
        d["start"],
        d["end"],
        d["sentence"],
        d["lexicon_entry"],
    ]
    return ["" if v is None else " ".join(str(v).split()) for v in values]


def _actor_cell(code: str | None, text: str | None) -> str:
    if code is None:
        return "-"
    return f"{code} ({text})" if text else code


def write_documents(
    coded: Iterable[CodedDocument], out: TextIO, fmt: str, explain: bool = False
) -> int:
    """Write the events of every coded document; returns how many events were written."""
    count = 0
    if fmt == "tsv":
        out.write("\t".join(TSV_COLUMNS) + "\n")
    for doc in coded:
        if fmt == "table":
            out.write(
                f"# {doc.document.id}  date={doc.date or '-'}  lang={doc.lang}  "
                f"events={len(doc.events)}\n"
            )
        for event in doc.events:
            count += 1
            if fmt == "jsonl":
                out.write(json.dumps(event_record(event, explain), ensure_ascii=False) + "\n")
            elif fmt == "tsv":
                out.write("\t".join(_tsv_row(event)) + "\n")
            else:
                tgt = event.target
                out.write(
                    f"  {event.code:<5} {event.source.code:<10} --[{event.trigger}]--> "
                    f"{tgt.code if tgt else '-':<10} {event.goldstein:+5.1f} "
                    f"Q{event.quad_class} {event.location or '':<4} {event.label}\n"
                    f"        {_actor_cell(event.source.code, event.source.text)} -> "
                    f"{_actor_cell(tgt.code if tgt else None, tgt.text if tgt else None)}\n"
                )
        if explain:
            for note in doc.notes:
                if fmt == "jsonl":
                    out.write(
                        json.dumps(note_record(doc.document.id, note), ensure_ascii=False) + "\n"
                    )
                elif fmt == "table":
                    snippet = " ".join(note.sentence.split())[:90]
                    detail = f" ({note.detail})" if note.detail else ""
                    out.write(f"  no event: {note.reason}{detail}: {snippet}\n")
    return count
