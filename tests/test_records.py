"""The flat row schema shared by the store, Parquet files and exports."""

from __future__ import annotations

from sismo import Coder, Document
from sismo.records import (
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    document_hash,
    document_row,
    event_rows,
    row_to_event_dict,
)


def test_rows_have_every_column_and_round_trip(coder: Coder) -> None:
    doc = Document(id="r1", text="L'OTAN condamne l'Iran.", date="2020-01-08", lang="fr")
    coded = coder.code(doc)
    assert coded.events, "the sentence should give an event"
    rows = event_rows(coded)
    for n, row in enumerate(rows):
        assert list(row) == list(EVENT_COLUMNS)
        assert row["rank"] == n and row["month"] == "2020-01"
        assert row["event_id"] == f"{document_hash(doc)[:16]}-{n}"
        assert row_to_event_dict(row)["source"] == coded.events[n].source.to_dict()
    assert list(document_row(coded)) == list(DOCUMENT_COLUMNS)
    assert document_row(coded)["n_events"] == len(rows)


def test_hash_depends_on_text_and_date() -> None:
    a = Document(id="a", text="x", date="2020-01")
    assert document_hash(a) == document_hash(Document(id="b", text="x", date="2020-01"))
    assert document_hash(a) != document_hash(Document(id="a", text="x", date="2020-02"))
    assert document_hash(a) != document_hash(Document(id="a", text="y", date="2020-01"))
