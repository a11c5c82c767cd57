"""Score coded events against hand-annotated gold, exactly as `eval/README.md` defines it.

- dyadic P/R/F1: multisets of (root, source, target) per document, over gold events with a
  target; precision counts every predicted event that matches nothing, so a predicted event
  without a target (which no dyadic gold tuple can match) counts against it;
- all-events P/R/F1: multisets of (root, source) over every gold and predicted event;
- code accuracy: among matched dyadic pairs whose gold code is not root-only (root + "0"),
  the share with the same full code.
A predicted event matches at most one gold event; predicted events with an NGO source or
target are ignored (the gold does not annotate them). The coder only ever sees the documents
as `readers` yields them, so the gold `events` never reach it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import Failure
from .errors import InputError
from .events import Event
from .pipeline import CodedDocument, Coder
from .readers import read_inputs

IGNORED_ROOTS = frozenset({"NGO"})


@dataclass(frozen=True)
class GoldEvent:
    doc_id: str
    sentence: str
    root: str
    code: str
    source: str
    target: str
    trigger: str
    location: str
    date: str = ""

    @property
    def dyadic(self) -> tuple[str, str, str]:
        return (self.root, self.source, self.target)


@dataclass(frozen=True)
class Predicted:
    """The scoring view of an event: what the gold tuples compare with."""

    doc_id: str
    sentence: str
    root: str
    code: str
    source: str
    target: str
    trigger: str
    detail: str = ""
    location: str = ""
    date: str = ""

    @classmethod
    def from_event(cls, doc_id: str, e: Event) -> Predicted:
        tgt = e.target
        detail = f"{e.source.text!r} -> {tgt.text if tgt else None!r} [{e.lexicon_entry}]"
        return cls(
            doc_id,
            e.sentence,
            e.root,
            e.code,
            e.source.root,
            tgt.root if tgt else "",
            e.trigger,
            detail,
            e.location or "",
            e.date or "",
        )

    @property
    def dyadic(self) -> tuple[str, str, str]:
        return (self.root, self.source, self.target)


@dataclass
class Scores:
    tp: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Scores) -> None:
        self.tp += other.tp
        self.gold += other.gold
        self.predicted += other.predicted

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    documents: int = 0
    dyadic: Scores = field(default_factory=Scores)
    all_events: Scores = field(default_factory=Scores)
    code_correct: int = 0
    code_total: int = 0
    location_correct: int = 0
    location_total: int = 0
    date_correct: int = 0
    date_total: int = 0
    per_root: dict[str, Scores] = field(default_factory=dict)
    misses: list[GoldEvent] = field(default_factory=list)
    false_events: list[Predicted] = field(default_factory=list)
    wrong_locations: list[tuple[GoldEvent, Predicted]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def code_accuracy(self) -> float:
        return self.code_correct / self.code_total if self.code_total else 0.0

    @property
    def location_accuracy(self) -> float | None:
        """None when no matched event has a gold location (reported as "n/a")."""
        return self.location_correct / self.location_total if self.location_total else None

    @property
    def date_accuracy(self) -> float | None:
        """None when no matched event has a gold date: the gold files carry none today."""
        return self.date_correct / self.date_total if self.date_total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "dyadic": self.dyadic.to_dict(),
            "all_events": self.all_events.to_dict(),
            "code_accuracy": round(self.code_accuracy, 4),
            "code_compared": self.code_total,
            "location_accuracy": _rounded(self.location_accuracy),
            "location_compared": self.location_total,
            "date_accuracy": _rounded(self.date_accuracy),
            "date_compared": self.date_total,
            "per_root": {k: v.to_dict() for k, v in sorted(self.per_root.items())},
            "failures": [f.__dict__ for f in self.failures],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def load_gold(paths: Iterable[str | Path]) -> dict[str, list[GoldEvent]]:
    """Gold events by document id (the only place sismo reads the `events` field)."""
    out: dict[str, list[GoldEvent]] = {}
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc_id = str(record["id"])
                events = [
                    GoldEvent(
                        doc_id,
                        e.get("sentence", ""),
                        e["root"],
                        e.get("code", ""),
                        e["source"],
                        e.get("target", "") or "",
                        e.get("trigger", ""),
                        e.get("location", "") or "",
                        e.get("date", "") or "",
                    )
                    for e in record.get("events", [])
                ]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError("E013", path=str(path), line=n, field=str(exc)) from exc
            out.setdefault(doc_id, []).extend(events)
    return out


def _match(
    gold: Sequence[GoldEvent], pred: Sequence[Predicted], key: str
) -> tuple[list[tuple[GoldEvent, Predicted]], list[GoldEvent], list[Predicted]]:
    """Multiset matching on a tuple; within a tuple, same code and same sentence pair first."""
    remaining = list(pred)
    pairs: list[tuple[GoldEvent, Predicted]] = []
    missed: list[GoldEvent] = []
    for g in sorted(gold, key=lambda g: g.code.endswith("0")):
        options = [p for p in remaining if getattr(p, key) == getattr(g, key)]
        if not options:
            missed.append(g)
            continue
        best = max(options, key=lambda p: (p.code == g.code, p.sentence == g.sentence))
        remaining.remove(best)
        pairs.append((g, best))
    return pairs, missed, remaining


def _all_key(x: GoldEvent | Predicted) -> tuple[str, str]:
    return (x.root, x.source)


def score_document(report: Report, gold: list[GoldEvent], predicted: list[Predicted]) -> None:
    predicted = [
        p for p in predicted if p.source not in IGNORED_ROOTS and p.target not in IGNORED_ROOTS
    ]
    gold_dy = [g for g in gold if g.target]
    pred_dy = list(predicted)
    pairs, missed, false = _match(gold_dy, pred_dy, "dyadic")
    report.dyadic.add(Scores(len(pairs), len(gold_dy), len(pred_dy)))
    report.misses.extend(missed)
    report.false_events.extend(false)
    for g, p in pairs:
        if g.code and g.code != g.root + "0":
            report.code_total += 1
            report.code_correct += int(g.code == p.code)
        if g.location:
            report.location_total += 1
            report.location_correct += int(g.location == p.location)
            if g.location != p.location:
                report.wrong_locations.append((g, p))
        if g.date:
            report.date_total += 1
            report.date_correct += int(g.date == p.date)
    roots = Counter(g.root for g in gold_dy) + Counter(p.root for p in pred_dy)
    for root in roots:
        s = report.per_root.setdefault(root, Scores())
        s.add(
            Scores(
                sum(1 for g, _ in pairs if g.root == root),
                sum(1 for g in gold_dy if g.root == root),
                sum(1 for p in pred_dy if p.root == root),
            )
        )
    gold_keys = Counter(_all_key(g) for g in gold)
    pred_keys = Counter(_all_key(p) for p in predicted)
    tp = sum((gold_keys & pred_keys).values())
    report.all_events.add(Scores(tp, len(gold), len(predicted)))


def evaluate(paths: Sequence[str | Path], coder: Coder) -> Report:
    """Code the gold documents with `coder` and score them."""
    gold = load_gold(paths)
    report = Report()
    for result in coder.code_all(read_inputs([str(p) for p in paths])):
        if isinstance(result, Failure):
            report.failures.append(result)
            continue
        report.documents += 1
        score_coded(report, result, gold.get(result.document.id, []))
    return report


def score_coded(report: Report, coded: CodedDocument, gold: list[GoldEvent]) -> None:
    predicted = [Predicted.from_event(coded.document.id, e) for e in coded.events]
    score_document(report, gold, predicted)
