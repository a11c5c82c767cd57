"""Duplicate reports: the pure clustering function and `recluster` on a real DuckDB file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from sismo import Coder, Document
from sismo.clustering import cluster_events, outlet, recluster
from sismo.errors import ClusterError
from sismo.records import DOCUMENT_COLUMNS, EVENT_COLUMNS, document_row, event_rows


def row(event_id: str, doc: str, date: str, **kw: Any) -> dict[str, Any]:
    base = {k: None for k in EVENT_COLUMNS}
    base.update(event_id=event_id, doc_hash=doc, date=date, root="19", source_root="IRN")
    base.update(target_root="USA", location="IRQ", url=f"https://{doc}.example/a", source=None)
    base.update(kw)
    return base


def test_window_dyad_country_and_precision() -> None:
    rows = [
        row("a-0", "d1", "2020-01-08"),
        row("b-0", "d2", "2020-01-10"),  # within 2 days of the first
        row("c-0", "d3", "2020-01-11"),  # 3 days after the first: a new cluster
        row("d-0", "d4", "2020-01-08", target_root="IRQ"),  # another dyad
        row("e-0", "d5", "2020-01-08", location="SYR"),  # another country
        row("f-0", "d6", "2020-01"),  # month precision joins the month's first cluster
        row("a-1", "d1", "2020-01-09"),  # same document, same happening: same cluster
    ]
    assignment, clusters = cluster_events(rows)
    assert assignment["a-0"] == assignment["b-0"] == assignment["f-0"] == assignment["a-1"] == "a-0"
    assert assignment["c-0"] == "c-0" and assignment["d-0"] == "d-0" and assignment["e-0"] == "e-0"
    first = next(c for c in clusters if c.cluster_id == "a-0")
    assert (first.num_mentions, first.num_articles, first.num_sources) == (4, 3, 3)


def test_outlet_is_the_host_else_the_source() -> None:
    assert outlet("https://www.lemonde.fr/a/b", None) == "lemonde.fr"
    assert outlet(None, "feed.jsonl") == "feed.jsonl"


def test_rows_without_the_needed_columns_are_refused() -> None:
    with pytest.raises(ClusterError):
        cluster_events([{"event_id": "x"}])


ARTICLES = [
    ("https://www.lemonde.fr/iran", "fr", "2020-01-08",
     "Ce matin, l'Iran a tiré des missiles sur des bases américaines situées en Irak."),
    ("https://apnews.com/iran", "en", "2020-01-08",
     "Iran fired missiles at U.S. bases in Iraq overnight, officials said."),
    ("https://www.bbc.co.uk/news/iran", "en", "2020-01-09",
     "Yesterday Iran launched missiles at American troops stationed in Iraq."),
    ("https://www.lemonde.fr/otan", "fr", "2020-01-09",
     "L'OTAN a exhorté l'Iran à la retenue."),
]  # fmt: skip


def _store(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    cols = ", ".join(f'"{k}" {v}' for k, v in DOCUMENT_COLUMNS.items())
    con.execute(f"CREATE TABLE documents ({cols}, PRIMARY KEY (doc_hash))")
    cols = ", ".join(f'"{k}" {v}' for k, v in EVENT_COLUMNS.items())
    con.execute(f"CREATE TABLE events ({cols}, PRIMARY KEY (event_id))")
    return con


def test_three_articles_on_one_attack_are_one_cluster(coder: Coder, tmp_path: Path) -> None:
    con = _store(tmp_path / "events.duckdb")
    for n, (url, lang, date, text) in enumerate(ARTICLES):
        doc = Document(id=f"a{n}", text=text, date=date, lang=lang, url=url)
        coded = coder.code(doc)
        drow = document_row(coded)
        con.execute(f"INSERT INTO documents VALUES ({', '.join('?' * len(drow))})",
                    list(drow.values()))  # fmt: skip
        for erow in event_rows(coded, drow["doc_hash"]):
            con.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(erow))})",
                        list(erow.values()))  # fmt: skip
    assert recluster(con) >= 2
    attacks = con.execute(
        "SELECT e.cluster_id, c.num_mentions, c.num_sources, c.num_articles FROM events e"
        " JOIN clusters c USING (cluster_id)"
        " WHERE e.root = '19' AND e.source_root = 'IRN' AND e.target_root = 'USA'"
    ).fetchall()
    assert len(attacks) == 3, attacks
    assert len({a[0] for a in attacks}) == 1
    # the rows carry the place and the resolved date (sismo.records reads them from to_dict)
    placed = con.execute(
        "SELECT DISTINCT location, place, round(lat), date_precision FROM events"
        " WHERE root = '19' AND source_root = 'IRN'"
    ).fetchall()
    assert placed == [("IRQ", "Iraq", 33.0, "day")], placed
    assert attacks[0][1:] == (3, 3, 3)
    others = con.execute(
        "SELECT count(*) FROM events WHERE cluster_id <> ? OR cluster_id IS NULL", [attacks[0][0]]
    ).fetchone()
    assert others is not None and others[0] >= 1
    # recomputing gives the same clusters
    before = con.execute("SELECT event_id, cluster_id FROM events ORDER BY 1").fetchall()
    recluster(con)
    assert con.execute("SELECT event_id, cluster_id FROM events ORDER BY 1").fetchall() == before
    assert con.execute("SELECT count(*) FROM clusters").fetchone() == (len({c for _, c in before}),)


def test_recluster_refuses_a_database_without_the_tables(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    with pytest.raises(ClusterError, match="E052"):
        recluster(con)
    con.execute("CREATE TABLE documents (doc_hash VARCHAR, url VARCHAR, source VARCHAR)")
    con.execute(
        "CREATE TABLE events (event_id VARCHAR, doc_hash VARCHAR, root VARCHAR,"
        " source_root VARCHAR, target_root VARCHAR, location VARCHAR, date VARCHAR)"
    )
    con.execute("INSERT INTO events VALUES ('e-0', 'd', '19', 'IRN', 'USA', 'IRQ', '2020-01-08')")
    with pytest.raises(ClusterError, match="E052"):  # no cluster_id column: nothing written
        recluster(con)
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name ="
                       " 'clusters'").fetchone() == (0,)  # fmt: skip
