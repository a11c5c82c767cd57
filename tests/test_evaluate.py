"""The scoring follows eval/README.md exactly: multisets, one match per event, NGO ignored."""

from __future__ import annotations

from sismo.evaluate import GoldEvent, Predicted, Report, score_document


def g(root: str, src: str, tgt: str, code: str = "") -> GoldEvent:
    return GoldEvent("d", "s", root, code or root + "0", src, tgt, "t", "")


def p(root: str, src: str, tgt: str, code: str = "") -> Predicted:
    return Predicted("d", "s", root, code or root + "0", src, tgt, "t")


def test_multiset_matching_and_precision_counts_unmatched() -> None:
    report = Report()
    gold = [
        g("19", "IRN", "USA"),
        g("19", "IRN", "USA"),
        g("02", "NATO", "IRN"),
        g("01", "USA", ""),
    ]
    pred = [p("19", "IRN", "USA"), p("19", "IRN", "USA"), p("19", "IRN", "USA"), p("01", "USA", "")]
    score_document(report, gold, pred)
    # dyadic: 3 gold with a target; 2 of them matched; all 4 predictions count for precision
    assert (report.dyadic.tp, report.dyadic.gold, report.dyadic.predicted) == (2, 3, 4)
    assert report.dyadic.precision == 0.5 and abs(report.dyadic.recall - 2 / 3) < 1e-9
    # all events: (root, source) over every event
    assert (report.all_events.tp, report.all_events.gold, report.all_events.predicted) == (3, 4, 4)


def test_ngo_predictions_are_ignored() -> None:
    report = Report()
    score_document(
        report,
        [g("11", "USA", "RUS")],
        [p("11", "NGO", "RUS"), p("11", "USA", "NGO"), p("11", "USA", "RUS")],
    )
    assert report.dyadic.predicted == 1 and report.dyadic.tp == 1


def test_code_accuracy_skips_root_only_gold_codes() -> None:
    report = Report()
    gold = [
        g("02", "NATO", "IRN", "0256"),
        g("19", "IRN", "USA", "190"),
        g("11", "NATO", "IRN", "111"),
    ]
    pred = [
        p("02", "NATO", "IRN", "0256"),
        p("19", "IRN", "USA", "195"),
        p("11", "NATO", "IRN", "112"),
    ]
    score_document(report, gold, pred)
    assert report.dyadic.tp == 3
    assert (report.code_correct, report.code_total) == (1, 2)


def test_per_root_table_and_errors() -> None:
    report = Report()
    score_document(
        report,
        [g("19", "IRN", "USA"), g("04", "USA", "NATO")],
        [p("19", "IRN", "USA"), p("13", "USA", "IRN")],
    )
    assert report.per_root["19"].f1 == 1.0
    assert report.per_root["04"].recall == 0.0 and report.per_root["13"].precision == 0.0
    assert [m.root for m in report.misses] == ["04"]
    assert [f.root for f in report.false_events] == ["13"]
