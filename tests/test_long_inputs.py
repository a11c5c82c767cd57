"""Inputs too long for one parse: a 50 MB document and a 20,000-word sentence.

A 50 MB article is coded in parts (sismo.parts) in bounded memory, its offsets relative to the
whole text; a sentence with no stop is cut every MAX_SENTENCE_TOKENS tokens so that parsing and
coding stay linear.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sismo import Coder, Document
from sismo.components import MAX_SENTENCE_TOKENS
from sismo.parts import part_spans
from sismo.readers import read_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "otan-iran-2020-01.txt"
MB = 1_000_000

# Runs in a fresh interpreter, so that ru_maxrss is this coding's high-water mark alone.
_MEASURE = """
import json, resource, sys
from sismo import Coder, Document, Failure, Settings
from sismo.readers import read_inputs
coder = Coder(Settings(lang="fr"))
coder.code(Document(id="warm", text="La France a condamné la Russie.", date="2020-01"))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
(result,) = coder.code_all(read_inputs([sys.argv[1]]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert not isinstance(result, Failure), result
text = result.document.text
out = {"base_kb": base, "peak_kb": peak, "chars": len(text), "date": result.document.date,
       "events": [[e.start, e.end, e.trigger_start, e.code, e.source.code,
                   e.target.code if e.target else None] for e in result.events],
       "sentences_ok": all(text[e.start:e.end] == e.sentence for e in result.events)}
print(json.dumps(out))
"""


def _article() -> str:
    return read_text(EXAMPLE.read_text(encoding="utf-8")).text


def test_fifty_megabyte_document_is_coded_in_bounded_memory(tmp_path: Path, coder: Coder) -> None:
    """Three copies of the example article (start, middle, end) in 50 MB of blank lines."""
    article = _article()
    pad = (" " * 79 + "\n") * (MB // 80)  # 1 MB of blank lines
    middle = 25
    body = article + "\n" + pad * middle + article + "\n" + pad * (50 - middle) + article
    path = tmp_path / "huge.txt"
    path.write_text("date 2020-01\n" + body, encoding="utf-8")
    assert path.stat().st_size > 50 * MB

    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert out["chars"] == len(body) and out["date"] == "2020-01"
    assert out["sentences_ok"]

    alone = coder.code(Document(id="a", text=article, date="2020-01", lang="fr")).events
    expected = [
        [e.start, e.end, e.trigger_start, e.code, e.source.code, e.target and e.target.code]
        for e in alone
    ]
    assert expected, "the example article gives events"
    offsets = (0, len(article) + 1 + len(pad) * middle, len(body) - len(article))
    shifted = [
        [s + at, end + at, trig + at, *rest] for at in offsets for s, end, trig, *rest in expected
    ]
    assert out["events"] == shifted
    # The text alone is 50 MB; parsing it whole would take gigabytes. Reading keeps a few
    # copies of the text; coding adds only what one part needs.
    grown_mb = (out["peak_kb"] - out["base_kb"]) / 1024
    assert grown_mb < 400, f"peak memory grew by {grown_mb:.0f} MB"


def test_parts_cover_the_text_and_end_after_blank_lines() -> None:
    text = ("Un paragraphe court.\n\n" * 3000) + ("mot " * 40_000) + "x" * 5000
    spans = list(part_spans(text, 10_000))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= 10_000 for start, end in spans)
    paragraph_cuts = [end for _, end in spans if end <= 3000 * 22]
    assert all(text[end - 2 : end] == "\n\n" for end in paragraph_cuts[:-1])
    word_cuts = [end for _, end in spans if 3000 * 22 < end < len(text) - 5000]
    assert word_cuts and all(text[end - 1] == " " for end in word_cuts)


def test_twenty_thousand_word_sentence_is_cut(coder: Coder) -> None:
    words = "the United States and France criticised the sanctions against Russia and " * 2000
    text = "The president said " + " ".join(words.split()[:20_000]) + "."
    nlp = coder.pipeline("en")
    doc = nlp(text)  # the full pipeline, sismo_events included
    longest = max(len(sent) for sent in doc.sents)
    assert longest <= MAX_SENTENCE_TOKENS
    assert doc._.events, "the repeated clause codes as events"
    for event in doc._.events:
        assert text[event.start : event.end] == event.sentence
        assert event.end - event.start < len(text) // 50
