"""HTML pages, WARC crawls, RSS/Atom feeds, gzip and mixed directories, read and coded."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sismo import Coder
from sismo.documents import Document, Failure
from sismo.formats import sniff
from sismo.readers import read_inputs

DATA = Path(__file__).resolve().parent / "data" / "web"
PAGE = DATA / "otan-iran.html"
FEED = DATA / "monde.rss"

UNDATED_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Talks in Geneva</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>Talks in Geneva</h1>
<p>The United States and Russia held talks in Geneva on arms control, officials said.
Both delegations agreed to meet again next month to discuss the extension of the treaty.</p>
<p>The German foreign minister welcomed the talks and urged both countries to reach a deal
before the treaty expires.</p></article><footer>Copyright Example News</footer></body></html>
"""


def coded_triples(coder: Coder, docs: list[Document]) -> dict[str, set[tuple[str, str, str]]]:
    """doc id -> {(code, source code, target code)} of its events."""
    out: dict[str, set[tuple[str, str, str]]] = {}
    for result in coder.code_all(docs):
        assert not isinstance(result, Failure), result
        out[result.document.id] = {
            (e.code, e.source.code, e.target.code if e.target else "") for e in result.events
        }
    return out


def make_warc(path: Path) -> None:
    """A small gzipped WARC: warcinfo, a request, two HTML pages, an image and a 404."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(url: str, body: bytes, ctype: str, status: str, date: str) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        request = writer.create_warc_record(
            "https://quotidien.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        response(
            "https://quotidien.example/a",
            PAGE.read_bytes(),
            "text/html; charset=utf-8",
            "200 OK",
            "2020-02-01T10:00:00Z",
        )
        response("https://img.example/x.png", b"\x89PNG\r\n", "image/png", "200 OK", "2020-02-01")
        response(
            "https://news.example/gone",
            b"<html>gone</html>",
            "text/html",
            "404 Not Found",
            "2020-02-01T10:00:00Z",
        )
        response(
            "https://news.example/geneva",
            UNDATED_PAGE.encode(),
            "text/html",
            "200 OK",
            "2019-08-02T12:30:00Z",
        )


def test_saved_html_page(coder: Coder) -> None:
    (doc,) = list(read_inputs([str(PAGE)], date="1999-01"))
    assert isinstance(doc, Document), doc
    assert doc.id == "otan-iran"
    assert doc.date == "2020-01-09"  # article:published_time beats --date
    assert doc.title == "L'OTAN exhorte l'Iran à la retenue"
    assert doc.url == "https://quotidien.example/international/2020/01/09/otan-iran-retenue"
    assert "La France a condamné les frappes iraniennes" in doc.text
    assert "Mentions légales" not in doc.text and "S'abonner" not in doc.text
    events = coded_triples(coder, [doc])["otan-iran"]
    assert ("0256", "IGOWSTNAT", "IRN") in events
    assert ("111", "FRA", "IRN") in events


def test_undated_page_takes_the_fallback_date(tmp_path: Path) -> None:
    page = tmp_path / "geneva.htm"
    page.write_text(UNDATED_PAGE, encoding="utf-8")
    (doc,) = list(read_inputs([str(page)], date="2019-08"))
    assert isinstance(doc, Document) and doc.date == "2019-08"
    (bare,) = list(read_inputs([str(page)]))
    assert isinstance(bare, Document) and bare.date is None


def test_page_without_article_text(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>x</title></head><body><nav></nav></body></html>")
    (failure,) = list(read_inputs([str(page)]))
    assert isinstance(failure, Failure) and failure.code == "E041"


def test_warc_gz_html_responses_only(tmp_path: Path, coder: Coder) -> None:
    warc = tmp_path / "crawl.warc.gz"
    make_warc(warc)
    docs = list(read_inputs([str(warc)], lang="en"))
    assert all(isinstance(d, Document) for d in docs), docs
    assert [(d.id, d.url, d.date) for d in docs if isinstance(d, Document)] == [
        ("crawl-1", "https://quotidien.example/a", "2020-01-09"),  # the page's own date
        ("crawl-2", "https://news.example/geneva", "2019-08-02"),  # the capture date
    ]
    geneva = docs[1]
    assert isinstance(geneva, Document)
    assert geneva.meta["warc_date"] == "2019-08-02T12:30:00Z"
    assert geneva.meta["warc_record_id"].startswith("<urn:uuid:")
    events = coded_triples(coder, [geneva])["crawl-2"]
    assert ("043", "USA", "RUS") in events or ("040", "USA", "RUS") in events, events


def test_truncated_warc_keeps_the_records_before(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    make_warc(warc)
    data = warc.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 200])
    results = list(read_inputs([str(cut)]))
    assert isinstance(results[0], Document) and results[0].id == "cut-1"
    assert isinstance(results[-1], Failure) and results[-1].code == "E042", results


def test_rss_file(coder: Coder) -> None:
    results = list(read_inputs([str(FEED)]))
    assert len(results) == 3
    first, second, third = results
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.date, first.title) == (
        "wnd-2020-0114-001",
        "2020-01-14",
        "Russia and Ukraine sign a prisoner exchange deal",
    )
    assert first.text.startswith("Russia and Ukraine signed an agreement")  # content, not summary
    assert "\n" in first.text  # paragraphs kept as lines
    assert second.text.startswith("Japan lodged a formal protest")  # the summary
    assert second.url == "https://worldnews.example/2020/01/15/japan-china"
    # a link-only entry whose page cannot be fetched fails alone
    assert isinstance(third, Failure) and third.code == "E043"
    assert third.source == f"{FEED}:3" and third.doc_id == "wnd-2020-0115-003"
    events = coded_triples(coder, [first, second])
    assert ("057", "RUS", "UKR") in events["wnd-2020-0114-001"]
    assert ("114", "JPN", "CHN") in events["wnd-2020-0115-002"]


def test_atom_feed(tmp_path: Path) -> None:
    atom = tmp_path / "feed.atom"
    atom.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2021-03-02T10:00:00Z</updated>
<entry><title>Talks</title><id>urn:wire:1</id><updated>2021-03-02T10:00:00Z</updated>
<published>2021-03-01T22:10:00Z</published>
<content type="html">&lt;p&gt;Germany and France held talks in Berlin.&lt;/p&gt;</content></entry>
</feed>""",
        encoding="utf-8",
    )
    (doc,) = list(read_inputs([str(atom)]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.date, doc.text) == (
        "urn:wire:1",
        "2021-03-01",
        "Germany and France held talks in Berlin.",
    )


class _Site(BaseHTTPRequestHandler):
    """A real local web server: a feed whose entries link to pages on it (one missing)."""

    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        found = self.pages.get(self.path)
        if found is None:
            self.send_error(404)
            return
        ctype, body = found
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Geneva</title><link>{base}/geneva</link><guid>g1</guid>
<pubDate>Fri, 02 Aug 2019 12:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/gone</link><guid>g2</guid></item>
<item><title>Nothing</title><guid>g3</guid></item>
</channel></rss>"""
    _Site.pages = {
        "/feed.xml": ("application/rss+xml", feed.encode()),
        "/geneva": ("text/html; charset=utf-8", UNDATED_PAGE.encode()),
        "/article": ("text/html; charset=utf-8", PAGE.read_bytes()),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_feed_url_fetches_linked_pages(site: str) -> None:
    results = list(read_inputs([f"{site}/feed.xml", f"{site}/article", f"{site}/missing"]))
    assert len(results) == 5
    geneva, gone, nothing, article, missing = results
    assert isinstance(geneva, Document), geneva
    assert (geneva.id, geneva.date, geneva.title) == ("g1", "2019-08-02", "Talks in Geneva")
    assert geneva.text.startswith("Talks in Geneva\nThe United States and Russia held talks")
    assert isinstance(gone, Failure) and gone.code == "E043" and "HTTP 404" in gone.message
    assert isinstance(nothing, Failure) and nothing.code == "E045"
    assert isinstance(article, Document) and article.date == "2020-01-09"
    assert isinstance(missing, Failure) and missing.code == "E043"


def test_mixed_directory(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "web").mkdir(parents=True)
    (root / "wire").mkdir()
    (root / "a-note.txt").write_text("date 2020-03\nGermany and France held talks.\n")
    shutil.copy(PAGE, root / "web" / "b-page.html")
    (root / "web" / "c-saved").write_bytes(PAGE.read_bytes())  # HTML told by its content
    make_warc(root / "web" / "d-crawl.warc.gz")
    shutil.copy(FEED, root / "wire" / "e-feed.xml")
    record = {"id": "f-rec", "date": "2020-04-02", "text": "Japan protested to China."}
    (root / "wire" / "f.jsonl.gz").write_bytes(gzip.compress(json.dumps(record).encode()))
    (root / "wire" / "g.txt.gz").write_bytes(gzip.compress(b"date 2020-05\nIran met Iraq.\n"))
    (root / "wire" / "h-blob.bin").write_bytes(bytes(range(256)))  # cannot be told: E040
    (root / "wire" / "i-readme.md").write_text("Plain notes, no date header.\n")  # E040
    (root / ".cache").mkdir()
    (root / ".cache" / "x.txt").write_text("date 2020-01\nhidden, never read\n")
    results = list(read_inputs([str(root)]))
    summary = [
        (r.id, r.date) if isinstance(r, Document) else (Path(r.source).name, r.code)
        for r in results
    ]
    assert summary == [
        ("a-note", "2020-03"),
        ("b-page", "2020-01-09"),
        ("c-saved", "2020-01-09"),
        ("d-crawl-1", "2020-01-09"),
        ("d-crawl-2", "2019-08-02"),
        ("wnd-2020-0114-001", "2020-01-14"),
        ("wnd-2020-0115-002", "2020-01-15"),
        ("e-feed.xml:3", "E043"),
        ("f-rec", "2020-04-02"),
        ("g", "2020-05"),
        ("h-blob.bin", "E040"),
        ("i-readme.md", "E040"),
    ]


def test_given_files_unknown_extension_and_bad_gzip(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Germany and France held talks.\n")
    blob = tmp_path / "blob.dat"
    blob.write_bytes(b"\x00\x01\x02" * 100)
    bad = tmp_path / "bad.txt.gz"
    bad.write_bytes(gzip.compress(b"date 2020-01\nGermany and France held talks.\n")[:-12])
    doc, blob_failure, bad_failure = list(read_inputs([str(notes), str(blob), str(bad)]))
    assert isinstance(doc, Document) and doc.id == "notes"  # named by the user: an article
    assert isinstance(blob_failure, Failure) and blob_failure.code == "E040"
    assert isinstance(bad_failure, Failure) and bad_failure.code == "E042"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"\xef\xbb\xbf<!DOCTYPE html>\n<html lang='fr'>", "html"),
        (b'{"id": "a", "text": "x"}\n{"id"', "jsonl"),
        (b"date 2020-01\nArticle", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
    ],
)
def test_sniff(head: bytes, expected: str | None) -> None:
    assert sniff(head, plain_text=False) == expected
