"""`sismo ingest / events / stats / export` through click, on real DuckDB files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from sismo import Coder, Document, read_inputs
from sismo.cli import main
from sismo.export import GDELT_COLUMNS, iso3_to_fips
from sismo.query import Filters
from sismo.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "otan-iran-2020-01.txt")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    """The example article plus one article placed in Iraq, with a URL and a cluster."""
    path = tmp_path_factory.mktemp("cli") / "c.duckdb"
    placed = Document(
        id="iq",
        text="Les États-Unis ont bombardé l'Irak.",
        date="2020-01-09",
        lang="fr",
        url="https://example.org/iq",
    )
    with Store.open(str(path)) as store:
        store.ingest([*read_inputs([EXAMPLE]), placed], coder)
    con = duckdb.connect(str(path))
    con.execute("UPDATE events SET cluster_id = 'k1' WHERE doc_id = 'iq'")
    con.execute("INSERT INTO clusters VALUES ('k1', 7, 3, 5)")
    con.close()
    return path


def test_ingest_twice_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "i.duckdb")
    bad = tmp_path / "bad.txt"
    bad.write_text("date 2020-13\nL'OTAN condamne l'Iran.", encoding="utf-8")
    code, _, err = run("ingest", EXAMPLE, str(bad), "--db", db)
    assert code == 1, err  # one input failed, the other was stored
    assert "error E004" in err and "1 document(s) coded" in err and "1 failed" in err
    with Store.open(db, read_only=True) as store:
        first = store.stats()
    code, _, err = run("ingest", EXAMPLE, "--db", db)
    assert code == 0, err
    assert "0 document(s) coded" in err and "1 skipped as already stored" in err
    with Store.open(db, read_only=True) as store:
        assert store.stats() == first
    code, out, _ = run("events", "--db", db, "--dyad", "NATO:IRN", "--format", "jsonl")
    events = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(events) >= 2
    assert all(e["source"]["root"] == "NATO" and e["target"]["root"] == "IRN" for e in events)
    assert all(e["doc_id"] == "otan-iran-2020-01" for e in events)


def test_events_formats_and_errors(db: Path) -> None:
    code, out, err = run("events", "--db", str(db), "--actor", "IRN", "--format", "table")
    assert code == 0 and "IRN" in out and "event(s)" in err
    code, out, _ = run("events", "--db", str(db), "--format", "csv", "--limit", "3")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 3 and rows[0]["event_id"]
    code, out, _ = run("events", "--db", str(db), "--unique", "--format", "jsonl")
    unique = [json.loads(line) for line in out.splitlines()]
    assert sum(1 for e in unique if e["cluster_id"] == "k1") == 1
    code, _, err = run("events", "--db", str(db), "--quad", "9")
    assert code == 1 and "E022" in err
    code, _, err = run("events", "--db", str(db.parent / "nope.duckdb"))
    assert code == 1 and "E020" in err


def test_stats(db: Path) -> None:
    code, out, _ = run("stats", "--db", str(db), "--json")
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 2
    assert sum(stats["by_root"].values()) == stats["events"] == sum(stats["by_month"].values())
    code, out, _ = run("stats", "--db", str(db))
    assert code == 0 and "by dyad" in out and "NATO:IRN" in out


def test_export_gdelt_has_61_columns_and_values(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.tsv"
    code, _, err = run("export", "--db", str(db), "--format", "gdelt", "--out", str(out))
    assert code == 0, err
    assert len(GDELT_COLUMNS) == 61
    con = duckdb.connect()
    rows = con.execute(
        "SELECT * FROM read_csv(?, delim='\t', header=false, all_varchar=true, quote='')",
        [str(out)],
    ).fetchall()
    with Store.open(str(db), read_only=True) as store:
        total, stored = store.events(Filters(), limit=1000)
    assert len(rows) == total and all(len(r) == 61 for r in rows)
    g = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]
    iq = [r for r in g if r["SOURCEURL"] == "https://example.org/iq"]
    assert iq, "the Iraq article's events carry its URL"
    one = iq[0]
    assert (one["SQLDATE"], one["MonthYear"], one["Year"]) == ("20200109", "202001", "2020")
    assert (one["NumMentions"], one["NumSources"], one["NumArticles"]) == ("7", "3", "5")
    assert one["Actor1CountryCode"] == "USA" and one["EventRootCode"] == one["EventCode"][:2]
    placed = [r for r in g if r["ActionGeo_CountryCode"]]
    assert placed and all(r["ActionGeo_CountryCode"] == "IZ" for r in placed)  # FIPS of IRQ
    nato = [r for r in g if r["Actor1Code"] == "IGOWSTNAT"]
    assert nato and nato[0]["Actor1KnownGroupCode"] == "NATO" and not nato[0]["Actor1CountryCode"]
    example = [r for r in g if r["SQLDATE"] == "20200101"]  # month-precision: the 1st
    con = duckdb.connect(str(db), read_only=True)
    mentions = dict(
        con.execute(
            "SELECT e.event_id, c.num_mentions FROM events e JOIN clusters c USING (cluster_id)"
            " WHERE e.doc_id = 'otan-iran-2020-01'"
        ).fetchall()
    )
    con.close()
    # the ingest clustered the article's repeated reports: GDELT counts come from there
    assert example and sorted(int(r["NumMentions"]) for r in example) == sorted(mentions.values())
    assert max(mentions.values()) > 1
    ids = [r["GlobalEventID"] for r in g]
    assert len(set(ids)) == len(ids) and all(i.isdigit() for i in ids)
    assert len(stored) == total


def test_export_csv_jsonl_parquet(db: Path, tmp_path: Path) -> None:
    with Store.open(str(db), read_only=True) as store:
        total = store.stats()["events"]
    code, out, _ = run("export", "--db", str(db), "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == total
    assert {"event_id", "doc_hash", "source"} <= set(json.loads(out.splitlines()[0]))
    code, out, _ = run("export", "--db", str(db), "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == total
    code, _, err = run("export", "--db", str(db), "--format", "parquet")
    assert code == 1 and "E029" in err
    parquet = tmp_path / "e.parquet"
    code, _, _ = run("export", "--db", str(db), "--format", "parquet", "--out", str(parquet))
    con = duckdb.connect()
    assert code == 0
    assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(parquet)]).fetchone() == (
        total,
    )


def test_fips_table_covers_the_countries() -> None:
    fips = iso3_to_fips()
    assert len(fips) > 240
    assert (fips["IRQ"], fips["DEU"], fips["GBR"], fips["USA"], fips["FRA"]) == (
        "IZ",
        "GM",
        "UK",
        "US",
        "FR",
    )
    assert len(set(fips.values())) == len(fips)
