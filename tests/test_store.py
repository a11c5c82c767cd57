"""The DuckDB event store on real files: idempotent ingest, filters, aggregates, Parquet input."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sismo import Coder, Document, Failure, read_inputs
from sismo.errors import NotFoundError, SismoError, StoreError
from sismo.query import Filters
from sismo.records import event_rows
from sismo.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "otan-iran-2020-01.txt")

# Short dated articles beside the example, so that dates, languages and weeks differ.
EXTRA = [
    Document(id="x1", text="L'OTAN condamne l'Iran.", date="2020-01-06", lang="fr"),
    Document(
        id="x2",
        text="The United States accused Iran of attacking ships.",
        date="2020-01-08",
        lang="en",
    ),
    Document(id="x3", text="La France a félicité l'Allemagne.", date="2020-02-14", lang="fr"),
]
COUNTED = ("documents", "events", "actors", "clusters")


def inputs() -> list[Document | Failure]:
    bad = Failure("bad.txt", "E004", "bad.txt: invalid date '2020-13'", "bad")
    return [*read_inputs([EXAMPLE]), *EXTRA, bad]


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path, coder: Coder) -> Path:
    path = tmp_path / "t.duckdb"
    with Store.open(str(path)) as store:
        store.ingest(inputs(), coder)
    return path


def test_ingesting_twice_changes_no_count(db: Path, coder: Coder) -> None:
    before = counts(db)
    assert before["documents"] == 4 and before["events"] > 0 and before["actors"] > 0
    with Store.open(str(db)) as store:
        summary = store.ingest(inputs(), coder)
        runs = store.fetch("SELECT * FROM runs ORDER BY run_id")
        failures = store.fetch("SELECT * FROM failures ORDER BY run_id")
    assert (summary.coded, summary.skipped, summary.events, summary.failed) == (0, 4, 0, 1)
    assert counts(db) == before
    # runs and failures are logs: one row per run, one per failed input of each run
    assert [(r["run_id"], r["coded"], r["skipped"], r["failed"]) for r in runs] == [
        (1, 4, 0, 1),
        (2, 0, 4, 1),
    ]
    assert all(r["finished"] is not None for r in runs)
    assert [(f["run_id"], f["code"], f["source"]) for f in failures] == [
        (1, "E004", "bad.txt"),
        (2, "E004", "bad.txt"),
    ]


def test_duplicate_inside_one_run_is_skipped(tmp_path: Path, coder: Coder) -> None:
    with Store.open(str(tmp_path / "d.duckdb")) as store:
        summary = store.ingest([EXTRA[0], EXTRA[0], EXTRA[1]], coder)
    assert (summary.coded, summary.skipped) == (2, 1)


def test_dyad_lists_the_example_nato_to_iran_events(db: Path, coder: Coder) -> None:
    expected = [
        e
        for e in coder.code(next(iter(read_inputs([EXAMPLE])))).events
        if e.source.root == "NATO" and e.target is not None and e.target.root == "IRN"
    ]
    assert expected, "the example article holds NATO -> Iran events"
    with Store.open(str(db), read_only=True) as store:
        total, rows = store.events(Filters(dyad="NATO:IRN"), limit=100)
    from_example = [r for r in rows if r["doc_id"] == "otan-iran-2020-01"]
    assert sorted((r["code"], r["trigger"]) for r in from_example) == sorted(
        (e.code, e.trigger) for e in expected
    )
    assert total == len(rows)
    assert all(r["source_root"] == "NATO" and r["target_root"] == "IRN" for r in rows)


def test_filters_select_the_right_rows(db: Path) -> None:
    with Store.open(str(db), read_only=True) as store:
        _, every = store.events(Filters(), limit=1000)

        def ids(f: Filters) -> set[str]:
            return {r["event_id"] for r in store.events(f, limit=1000)[1]}

        def expect(pred: object) -> set[str]:
            return {r["event_id"] for r in every if pred(r)}  # type: ignore[operator]

        assert ids(Filters(actor="irn")) == expect(
            lambda r: "IRN" in (r["source_root"], r["target_root"])
        )
        assert ids(Filters(lang="en")) == expect(lambda r: r["lang"] == "en")
        assert ids(Filters(since="2020-01-07")) == expect(lambda r: r["date"] >= "2020-01-07")
        assert ids(Filters(until="2020-01")) == expect(lambda r: r["date"][:7] <= "2020-01")
        assert ids(Filters(root="11")) == expect(lambda r: r["root"] == "11")
        assert ids(Filters(quad=1, lang="fr")) == expect(
            lambda r: r["quad_class"] == 1 and r["lang"] == "fr"
        )
        usagov = expect(lambda r: "USAGOV" in (r["source_code"], r["target_code"]))
        assert usagov and ids(Filters(actor="USAGOV")) == usagov
        assert [r["date"] for r in every] == sorted((r["date"] for r in every), reverse=True)


@pytest.mark.parametrize(
    "bad",
    [
        {"actor": "IRN' OR 1=1 --"},
        {"dyad": "NATO"},
        {"root": "21"},
        {"quad": 5},
        {"since": "2020-13"},
        {"lang": "fr' --"},
    ],
)
def test_bad_filter_values_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(SismoError) as info:
        Filters(**bad)  # type: ignore[arg-type]
    assert info.value.code == ("E004" if "since" in bad else "E022")


def test_filter_values_travel_as_parameters() -> None:
    sql, params = Filters(actor="IRN", dyad="NATO:IRN", since="2020-01", lang="fr").where()
    assert "IRN" not in sql and "NATO" not in sql and "2020" not in sql and "'fr'" not in sql
    assert params.count("IRN") == 6 and "fr" in params


def test_aggregates_agree_with_the_events(db: Path) -> None:
    with Store.open(str(db), read_only=True) as store:
        total, rows = store.events(Filters(), limit=1000)
        months = store.timeline(Filters(), "month")
        weeks = store.timeline(Filters(), "week")
        days = store.timeline(Filters(), "day")
        net = store.network(Filters())
        countries = store.countries(Filters())
        actors = store.actors(Filters())
        stats = store.stats()
    assert sum(b["total"] for b in months) == total == stats["events"]
    assert all(b["total"] == b["q1"] + b["q2"] + b["q3"] + b["q4"] for b in months)
    dated = [r for r in rows if len(r["date"]) == 10]
    assert sum(b["total"] for b in days) == len(dated) == sum(b["total"] for b in weeks)
    # weeks are named by their Monday: 2020-01-06 and 2020-01-08 share one
    assert {b["period"] for b in weeks} <= {"2020-01-06", "2020-02-10"}
    assert stats["by_month"] == {b["period"]: b["total"] for b in months}
    pairs = [(r["source_root"], r["target_root"]) for r in rows]
    for edge in net["edges"]:
        assert edge["source"] != edge["target"]
        assert edge["events"] == pairs.count((edge["source"], edge["target"]))
    node_ids = {n["id"] for n in net["nodes"]}
    assert node_ids == {e["source"] for e in net["edges"]} | {e["target"] for e in net["edges"]}
    assert sum(c["events"] for c in countries) == sum(1 for r in rows if r["location"])
    by_root = {a["root"]: a for a in actors}
    irn = sum(1 for r in rows if "IRN" in (r["source_root"], r["target_root"]))
    assert by_root["IRN"]["events"] == irn
    assert stats["documents"] == 4 and stats["first_date"] <= stats["last_date"]


def test_unique_keeps_one_event_per_cluster(db: Path) -> None:
    con = duckdb.connect(str(db))
    ids = [r[0] for r in con.execute("SELECT event_id FROM events ORDER BY event_id").fetchall()]
    con.execute("UPDATE events SET cluster_id = 'c1' WHERE event_id IN (?, ?, ?)", ids[:3])
    row = con.execute(
        "SELECT count(DISTINCT coalesce(cluster_id, event_id)) FROM events"
    ).fetchone()
    con.close()
    assert row is not None
    with Store.open(str(db), read_only=True) as store:
        total, _ = store.events(Filters(), limit=1000)
        unique, rows = store.events(Filters(), limit=1000, unique=True)
    assert unique == row[0] == len(rows) <= total - 2
    assert sum(1 for r in rows if r["cluster_id"] == "c1") == 1


def test_parquet_directory_is_read_in_place(db: Path, tmp_path: Path, coder: Coder) -> None:
    out = tmp_path / "parquet"
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"COPY events TO '{out}' (FORMAT PARQUET, PARTITION_BY (month))")
    con.close()
    assert sorted(p.name for p in out.iterdir()) == ["month=2020-01", "month=2020-02"]
    with Store.open(str(db), read_only=True) as store:
        want_total, want = store.events(Filters(dyad="NATO:IRN"))
        want_stats = store.stats()
    for source in (str(out), str(out / "*" / "*.parquet")):
        with Store.open(source) as parquet:
            assert parquet.parquet
            total, rows = parquet.events(Filters(dyad="NATO:IRN"))
            stats = parquet.stats()
        assert (total, [r["event_id"] for r in rows]) == (
            want_total,
            [r["event_id"] for r in want],
        )
        assert rows[0]["month"] == "2020-01"
        assert stats["events"] == want_stats["events"]
        assert stats["by_root"] == want_stats["by_root"]
    with Store.open(str(out)) as parquet, pytest.raises(StoreError) as refused:
        parquet.ingest(EXTRA, coder)  # Parquet event files are read, never written
    assert refused.value.code == "E030"
    with pytest.raises(StoreError) as info:
        Store.open(str(tmp_path / "none" / "*.parquet"))
    assert info.value.code == "E023"


def test_document_lookup_and_errors(db: Path, tmp_path: Path) -> None:
    with Store.open(str(db), read_only=True) as store:
        doc, rows = store.document("otan-iran-2020-01")
        again, _ = store.document(doc["doc_hash"])
        assert again["doc_id"] == "otan-iran-2020-01" and doc["n_events"] == len(rows)
        assert [r["rank"] for r in rows] == list(range(len(rows)))
        with pytest.raises(NotFoundError):
            store.document("no-such-doc")
    with pytest.raises(StoreError) as info:
        Store.open(str(tmp_path / "missing.duckdb"), read_only=True)
    assert info.value.code == "E020"
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    with pytest.raises(StoreError) as info:
        Store.open(str(db))
    assert info.value.code == "E024"


def test_a_batch_that_cannot_be_stored_leaves_nothing_behind(tmp_path: Path, coder: Coder) -> None:
    """A real constraint violation mid-batch: the batch's documents and events roll back."""
    path = tmp_path / "tx.duckdb"
    coded = coder.code(EXTRA[0])
    assert coded.events
    Store.open(str(path)).close()  # creates the schema
    con = duckdb.connect(str(path))
    # an event row squatting the id that EXTRA[0]'s first event will take
    clash = event_rows(coded)[0]
    names = ", ".join(f'"{c}"' for c in clash)
    marks = ", ".join("?" for _ in clash)
    con.execute(f"INSERT INTO events ({names}) VALUES ({marks})", list(clash.values()))
    con.close()
    with Store.open(str(path)) as store:
        summary = store.ingest([EXTRA[1], EXTRA[0]], coder, batch_size=10)
        assert (summary.coded, summary.failed) == (0, 2)
        assert {f.code for f in summary.failures} == {"E025"}
        assert store.fetch("SELECT count(*) AS n FROM documents")[0]["n"] == 0
        assert store.fetch("SELECT count(*) AS n FROM events")[0]["n"] == 1  # the squatter
        assert store.fetch("SELECT count(*) AS n FROM failures")[0]["n"] == 2


def test_read_only_store_caches_recent_queries(db: Path) -> None:
    with Store.open(str(db), read_only=True, cache_size=2) as store:
        first = store.events(Filters(actor="IRN"))
        again = store.events(Filters(actor="IRN"))
        assert again == first
        assert store.cache_stats() == {
            "entries": 2,  # the count and the page
            "rows": 1 + len(first[1]),
            "hits": 2,
            "misses": 2,
        }
        store.events(Filters(actor="USA"))
        assert store.cache_stats()["entries"] == 2  # the oldest were dropped
    with Store.open(str(db), cache_size=2) as writable:  # read-write: never cached
        writable.events(Filters())
        writable.events(Filters())
        assert writable.cache_stats() == {"entries": 0, "rows": 0, "hits": 0, "misses": 0}
