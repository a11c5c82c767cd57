"""Instructions the coding component executes per document, counted by valgrind.

    .venv/bin/python bench/count_instructions.py [--lang en fr] [--src DIR]

Timings on a shared VM move by 10% and more from one run to the next, even for the same
build; an instruction count repeats to within 0.2%. Use this to compare two builds of the
coding stage (`--src` runs the sismo found in DIR, e.g. a checkout's `src/` or an in-place
mypyc build), and `bench_coding.py` for the time itself: instructions are not time (the
parse runs dense arithmetic at several instructions per cycle, the coding stage
pointer-chasing at far fewer).

How: the gold texts (one copy of `bench_coding.py`'s corpus) are parsed natively by sismo's
pipeline without `sismo_events`, stored in a `DocBin`; a child process under
`valgrind --tool=callgrind` (Debian package `valgrind`) loads `sismo_events` on a blank
pipeline of the language, codes fresh copies of those Docs once unmeasured, then twice with
instrumentation on, counting only inside the component's calls (made through
`operator.call`, the only caller of that C function here). A run takes about a minute per
language.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
PASSES = 2


def prepare(lang: str, folder: Path) -> int:
    """Parse the corpus of `lang` without `sismo_events` into `folder`; the document count."""
    from bench_coding import corpus
    from spacy.tokens import DocBin

    from sismo import Coder, Document, Settings

    docs = [Document(id=i, text=t, date=d, lang=lang) for i, d, t in corpus(1)[lang]]
    coder = Coder(Settings(lang=lang))
    nlp = coder.pipeline(lang)
    with nlp.select_pipes(disable=["sismo_events"]):
        parsed = list(nlp.pipe([coder._make_doc(nlp, d) for d in docs]))
    attrs = ["ORTH", "NORM", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "SENT_START"]
    store = DocBin(attrs=attrs)
    for doc in parsed:
        store.add(doc)
    store.to_disk(folder / f"{lang}.spacy")
    meta = [[d.text, d.date, d.id] for d in docs]
    (folder / f"{lang}.json").write_text(json.dumps(meta), encoding="utf-8")
    return len(docs)


def child(lang: str, folder: Path) -> None:
    """Runs under valgrind: set up, signal ready, wait for the go, run the measured calls."""
    import operator

    import spacy
    from spacy.tokens import DocBin

    import sismo.components  # noqa: F401  (registers sismo_events)

    meta = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
    nlp = spacy.blank(lang)
    component = nlp.add_pipe("sismo_events", config={"lang": lang})
    store = DocBin().from_disk(folder / f"{lang}.spacy")

    def fresh() -> list[spacy.tokens.Doc]:
        docs = list(store.get_docs(nlp.vocab))
        for doc, (text, date, doc_id) in zip(docs, meta, strict=True):
            doc._.sismo_text, doc._.sismo_date, doc._.sismo_id = text, date, doc_id
        return docs

    for doc in fresh():  # caches filled, unmeasured
        component(doc)
    (folder / f"{lang}.ready").touch()
    while not (folder / f"{lang}.go").exists():
        time.sleep(0.1)
    for _ in range(PASSES):
        for doc in fresh():
            operator.call(component, doc)


def count(lang: str, folder: Path, src: str | None) -> int:
    """Instructions of the component over PASSES passes of the corpus of `lang`."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = src
    out = folder / f"callgrind.{lang}"
    proc = subprocess.Popen(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--collect-atstart=no",
            "--toggle-collect=_operator_call",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--child",
            "--lang",
            lang,
            "--folder",
            str(folder),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not (folder / f"{lang}.ready").exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise RuntimeError(f"the measured child failed:\n{err[-2000:]}")
        time.sleep(0.5)
    control = ["callgrind_control", "-i", "on", str(proc.pid)]
    subprocess.run(control, check=True, capture_output=True)
    (folder / f"{lang}.go").touch()
    _, err = proc.communicate()
    found = re.search(r"Collected : (\d+)", err)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind failed ({proc.returncode}):\n{err[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--lang", nargs="+", default=["en", "fr"])
    parser.add_argument("--src", help="run the sismo of this folder (PYTHONPATH)")
    parser.add_argument(
        "--keep", type=Path, help="copy callgrind's profile here (callgrind_annotate reads it)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.lang[0], args.folder)
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("needs valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for lang in args.lang:
            documents = prepare(lang, folder)
            component = count(lang, folder, args.src) / PASSES / documents
            print(f"{lang}: sismo_events {component / 1e6:.3f} M instructions per document")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(folder / f"callgrind.{lang}", args.keep / f"callgrind.{lang}")


if __name__ == "__main__":
    main()
