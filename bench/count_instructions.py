"""Instructions the coding component executes per document, counted by valgrind.

    .venv/bin/python bench/count_instructions.py [--lang en fr] [--parse] [--src DIR]

Timings on a shared VM move by 10% and more from one run to the next, even for the same
build; an instruction count does not move. Use this to compare two builds of the coding stage
(`--src` runs the sismo found in DIR, e.g. a checkout's `src/` or an in-place mypyc build),
and `bench_coding.py` for the time itself: instructions are not time (the parse runs dense
arithmetic at several instructions per cycle, the coding stage pointer-chasing at far fewer).

How: the gold texts (one copy of `bench_coding.py`'s corpus) are parsed natively by sismo's
pipeline without `sismo_events`, stored in a `DocBin`; a child process under
`valgrind --tool=callgrind` (Debian package `valgrind`) loads `sismo_events` on a blank
pipeline of the language, codes fresh copies of those Docs once unmeasured, then twice with
instrumentation on, counting only inside the component's calls (made through
`operator.call`, the only caller of that C function here). `--parse` also counts the spaCy
parse alone (`sismo.models.load_parser`) on the same texts, for the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def child(lang: str, folder: Path, what: str) -> None:
    """Runs under valgrind: set up, signal ready, wait for the go, run the measured calls."""
    import operator

    import spacy
    from spacy.tokens import DocBin

    import sismo.components  # noqa: F401  (registers sismo_events)
    from sismo.models import load_parser

    meta = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
    if what == "parse":
        parser = load_parser(lang)
        texts = [text for text, _, _ in meta]

        def run() -> None:
            operator.call(lambda: list(parser.pipe(texts, batch_size=32)))

        parser(texts[0])  # first-call set-up, unmeasured
    else:
        nlp = spacy.blank(lang)
        component = nlp.add_pipe("sismo_events", config={"lang": lang})
        store = DocBin().from_disk(folder / f"{lang}.spacy")

        def fresh() -> list[spacy.tokens.Doc]:
            docs = list(store.get_docs(nlp.vocab))
            for doc, (text, date, doc_id) in zip(docs, meta, strict=True):
                doc._.sismo_text, doc._.sismo_date, doc._.sismo_id = text, date, doc_id
            return docs

        def run() -> None:
            for doc in fresh():
                operator.call(component, doc)

        for doc in fresh():  # caches filled, unmeasured
            component(doc)
    flag = folder / f"{what}.{lang}"
    flag.with_suffix(".ready").touch()
    while not flag.with_suffix(".go").exists():
        time.sleep(0.1)
    for _ in range(PASSES):
        run()


def count(lang: str, folder: Path, what: str, src: str | None) -> int:
    """Instructions of `what` ("component" or "parse") over PASSES passes of the corpus."""
    flag = folder / f"{what}.{lang}"
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = src
    out = folder / f"callgrind.{what}.{lang}"
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
            what,
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
    while not flag.with_suffix(".ready").exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise RuntimeError(f"the {what} child failed:\n{err[-2000:]}")
        time.sleep(0.5)
    control = ["callgrind_control", "-i", "on", str(proc.pid)]
    subprocess.run(control, check=True, capture_output=True)
    flag.with_suffix(".go").touch()
    _, err = proc.communicate()
    found = re.search(r"Collected : (\d+)", err)
    if proc.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind failed ({proc.returncode}):\n{err[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--lang", nargs="+", default=["en", "fr"])
    parser.add_argument("--parse", action="store_true", help="also count the parse alone")
    parser.add_argument("--src", help="run the sismo of this folder (PYTHONPATH)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.lang[0], args.folder, args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for lang in args.lang:
            documents = prepare(lang, folder)
            component = count(lang, folder, "component", args.src) / PASSES / documents
            line = f"{lang}: sismo_events {component / 1e6:.3f} M instructions per document"
            if args.parse:
                parse = count(lang, folder, "parse", args.src) / PASSES / documents
                line += f"; parse {parse / 1e6:.2f} M; ratio {component / parse:.4f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
