"""Long inputs: time and peak memory of a 50 MB document and a 20,000-word sentence.

Each case runs in a fresh interpreter so that its RSS high-water mark is its own. The 50 MB
document is the example article three times (start, middle, end) in blank-line padding, as in
tests/test_long_inputs.py; the sentence repeats a clause with no full stop. Run:
    PYTHONPATH=src python bench/bench_long.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CASE = """
import json, resource, sys, time
from sismo import Coder, Document, Settings
from sismo.readers import read_inputs
coder = Coder(Settings(lang=sys.argv[2]))
coder.code(Document(id="warm", text="La France a condamné la Russie.", date="2020-01"))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
(result,) = coder.code_all(read_inputs([sys.argv[1]]))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": round(seconds, 2), "rss_growth_mb": round((peak - base) / 1024),
                  "chars": len(result.document.text), "events": len(result.events)}))
"""


def run(path: Path, lang: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CASE, str(path), lang], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    from sismo.readers import read_text

    article = read_text((ROOT / "examples" / "otan-iran-2020-01.txt").read_text()).text
    pad = (" " * 79 + "\n") * 12_500
    with tempfile.TemporaryDirectory() as tmp:
        huge = Path(tmp) / "huge.txt"
        huge.write_text(
            "date 2020-01\n" + article + "\n" + pad * 25 + article + "\n" + pad * 25 + article,
            encoding="utf-8",
        )
        words = (
            "the United States and France criticised the sanctions against Russia and " * 2000
        ).split()[:20_000]
        sentence = Path(tmp) / "sentence.txt"
        sentence.write_text("date 2020-01\nThe president said " + " ".join(words) + ".\n")
        print("50 MB document:", run(huge, "fr"))
        print("20,000-word sentence:", run(sentence, "en"))


if __name__ == "__main__":
    main()
