"""Cost of places, dates and clusters: what issue 6 adds to coding and to each ingest.

    .venv/bin/python bench/bench_geo.py [--events 200000]

1. building the gazetteer (GeoNames cities ≥ 15,000 and country points), once per component;
2. `EventsComponent.place_and_date` on the parsed gold documents (places of the document, the
   place and date of each event), against the whole coding of the same documents;
3. `DateResolver.mentions` per sentence of the gold texts (the rules dateparser is compared
   with in BENCHMARKS.md);
4. `clustering.recluster` on a DuckDB file of `--events` synthetic event rows.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import duckdb  # noqa: E402

from sismo import Coder, Settings  # noqa: E402
from sismo.clustering import recluster  # noqa: E402
from sismo.components import EventsComponent  # noqa: E402
from sismo.dates import DateResolver, DocDate  # noqa: E402
from sismo.geo import Gazetteer  # noqa: E402
from sismo.readers import read_inputs  # noqa: E402
from sismo.records import DOCUMENT_COLUMNS, EVENT_COLUMNS  # noqa: E402

GOLD = ROOT / "eval" / "gold"


def gazetteer_build() -> None:
    start = time.perf_counter()
    gaz = Gazetteer()
    print(
        f"gazetteer build: {time.perf_counter() - start:.2f} s, {len(gaz.first_words)} first words"
    )


def place_and_date() -> None:
    coder = Coder(Settings())
    for name, lang in (("fr_wikinews_dev.jsonl", "fr"), ("en_news_dev.jsonl", "en")):
        nlp = coder.pipeline(lang)
        docs = [d for d in read_inputs([str(GOLD / name)]) if hasattr(d, "text")]
        start = time.perf_counter()
        parsed = []
        for d in docs:
            doc = nlp.make_doc(d.text)  # type: ignore[union-attr]
            doc._.sismo_date = d.date  # type: ignore[union-attr]
            parsed.append(nlp(doc))
        total = time.perf_counter() - start
        component = nlp.get_pipe("sismo_events")
        assert isinstance(component, EventsComponent)
        start = time.perf_counter()
        n = 0
        for doc in parsed:
            n += len(component.place_and_date(doc, doc._.events, doc._.sismo_date))
        geo = time.perf_counter() - start
        print(
            f"{lang}: place_and_date {1000 * geo / len(parsed):.2f} ms/doc ({n} events), "
            f"coding {1000 * total / len(parsed):.1f} ms/doc: {100 * geo / total:.1f}% of it"
        )


def dates_per_sentence() -> None:
    ref = DocDate.parse("2020-01-09")
    assert ref is not None
    for name, lang in (("fr_wikinews_dev.jsonl", "fr"), ("en_news_dev.jsonl", "en")):
        resolver = DateResolver(lang)
        sentences = []
        for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            sentences += [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
        start = time.perf_counter()
        found = sum(len(resolver.mentions(s, ref)) for s in sentences)
        elapsed = time.perf_counter() - start
        print(
            f"{lang}: DateResolver.mentions {1000 * elapsed / len(sentences):.3f} ms/sentence "
            f"({len(sentences)} sentences, {found} expressions)"
        )


def clusters(n_events: int) -> None:
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        cols = ", ".join(f'"{k}" {v}' for k, v in DOCUMENT_COLUMNS.items())
        con.execute(f"CREATE TABLE documents ({cols}, PRIMARY KEY (doc_hash))")
        cols = ", ".join(f'"{k}" {v}' for k, v in EVENT_COLUMNS.items())
        con.execute(f"CREATE TABLE events ({cols}, PRIMARY KEY (event_id))")
        docs = [f"{i:040x}" for i in range(n_events // 4)]
        con.execute(
            "INSERT INTO documents (doc_hash, url) SELECT unnest(?::VARCHAR[]),"
            " 'https://outlet' || (random() * 50)::INT || '.example/a'",
            [docs],
        )
        roots = ("USA", "IRN", "IRQ", "SYR", "RUS", "UKR")
        columns: list[list[str]] = [[], [], [], [], [], [], []]
        for doc in docs:
            for rank in range(4):
                values = (
                    f"{doc[-16:]}-{rank}",
                    doc,
                    f"2020-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    rng.choice(("19", "04", "11", "01")),
                    rng.choice(roots),
                    rng.choice(roots),
                    rng.choice(roots),
                )
                for column, value in zip(columns, values, strict=True):
                    column.append(value)
        con.execute(
            "INSERT INTO events (event_id, doc_hash, date, root, source_root, target_root,"
            " location) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
            " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
            " unnest(?::VARCHAR[])",
            columns,
        )
        start = time.perf_counter()
        n = recluster(con)
        elapsed = time.perf_counter() - start
        print(f"recluster: {len(columns[0])} events -> {n} clusters in {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    gazetteer_build()
    dates_per_sentence()
    place_and_date()
    clusters(args.events)


if __name__ == "__main__":
    main()
