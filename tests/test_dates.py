"""Event dates: relative and absolute expressions resolved against the document date."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from sismo import Event
from sismo.dates import _CASE_SAFE, DateResolver, DocDate

Code = Callable[..., list[Event]]
THURSDAY = "2020-01-09"  # a Thursday
GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"


@pytest.mark.parametrize(
    ("lang", "text", "date", "precision"),
    [
        ("fr", "hier soir", "2020-01-08", "day"),
        ("fr", "ce matin", "2020-01-09", "day"),
        ("fr", "avant-hier", "2020-01-07", "day"),
        ("fr", "mardi dernier", "2020-01-07", "day"),
        ("fr", "jeudi dernier", "2020-01-02", "day"),
        ("fr", "lundi prochain", "2020-01-13", "day"),
        ("fr", "il y a trois jours", "2020-01-06", "day"),
        ("fr", "il y a deux semaines", "2019-12-26", "day"),
        ("fr", "le 3 janvier", "2020-01-03", "day"),
        ("fr", "le 28 décembre", "2019-12-28", "day"),
        ("fr", "le 1er mai 1968", "1968-05-01", "day"),
        ("fr", "le 12 mars dernier", "2019-03-12", "day"),
        ("fr", "le mois dernier", "2019-12", "month"),
        ("en", "yesterday", "2020-01-08", "day"),
        ("en", "last night", "2020-01-08", "day"),
        ("en", "last Tuesday", "2020-01-07", "day"),
        ("en", "next Monday", "2020-01-13", "day"),
        ("en", "three days ago", "2020-01-06", "day"),
        ("en", "on January 3", "2020-01-03", "day"),
        ("en", "3rd of January 2019", "2019-01-03", "day"),
        ("en", "in December", "2019-12", "month"),
    ],
)
def test_expressions(lang: str, text: str, date: str, precision: str) -> None:
    ref = DocDate.parse(THURSDAY)
    assert ref is not None
    found = DateResolver(lang).mentions(f"Il s'est passé {text}." if lang == "fr" else text, ref)
    assert [(m.date, m.precision) for m in found] == [(date, precision)], found


def test_month_document_keeps_its_month_for_relative_days() -> None:
    ref = DocDate.parse("2020-01")
    assert ref is not None and ref.precision == "month"
    resolver = DateResolver("fr")
    assert [(m.date, m.precision) for m in resolver.mentions("hier soir", ref)] == [
        ("2020-01", "month")
    ]
    assert [m.date for m in resolver.mentions("le 3 janvier", ref)] == ["2020-01-03"]


def test_common_words_are_no_dates() -> None:
    ref = DocDate.parse(THURSDAY)
    assert ref is not None
    assert not DateResolver("fr").mentions("Le mardi gras est une fête; il y a des gens.", ref)[1:]
    assert not DateResolver("en").mentions("A few people came.", ref)


def test_event_takes_the_date_of_its_own_clause(code: Code) -> None:
    events = code("Mardi, la France a condamné l'Iran, qui avait attaqué l'Irak le 3 janvier.",
                  date=THURSDAY)  # fmt: skip
    dates = {e.root: (e.date, e.date_precision) for e in events}
    assert dates.get("11") == ("2020-01-07", "day") and dates.get("19") == ("2020-01-03", "day")
    events = code("On Monday, France condemned Iran, which had attacked Iraq last Friday.",
                  lang="en", date=THURSDAY)  # fmt: skip
    dates = {e.root: (e.date, e.date_precision) for e in events}
    assert dates.get("11") == ("2020-01-06", "day") and dates.get("19") == ("2020-01-03", "day")


def test_a_verb_in_the_future_looks_ahead(code: Code) -> None:
    for text, lang in (
        ("La France rencontrera l'Allemagne mardi.", "fr"),
        ("La France va rencontrer l'Allemagne mardi.", "fr"),
        ("France will meet Germany on Tuesday.", "en"),
    ):
        dates = {(e.date, e.date_precision) for e in code(text, lang=lang, date=THURSDAY)}
        assert dates == {("2020-01-14", "day")}, (text, dates)
    past = {e.date for e in code("France met Germany on Tuesday.", lang="en", date=THURSDAY)}
    assert past == {"2020-01-07"}


def test_without_expression_the_document_date_stands(code: Code) -> None:
    [event] = [e for e in code("La France a condamné l'Iran.", date="2020-01") if e.root == "11"]
    assert (event.date, event.date_precision) == ("2020-01", "month")
    [event] = [
        e for e in code("Hier, la France a condamné l'Iran.", date="2020-01") if e.root == "11"
    ]
    assert (event.date, event.date_precision) == ("2020-01", "month")


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int, dict[str, str | None]]]:
    return [
        (m.start(), m.end(), {k: v.lower() if v else v for k, v in m.groupdict().items()})
        for m in matches
    ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lowered_matching_finds_what_case_blind_matching_finds(lang: str) -> None:
    """Most text is matched lowered by a case-sensitive pattern (faster): the same offsets
    and groups as the case-blind pattern, on real news in any case, and text with characters
    whose case folding is not their lower case ("İ", "ſ") goes the case-blind way."""
    resolver = DateResolver(lang)
    # the lowered pattern exists (a "P" of "(?P<name>" once made its source look mixed-case,
    # and every text went the slow way unnoticed)
    assert resolver._lower is not None
    texts = [json.loads(line)["text"] for path in GOLD.glob("*.jsonl") for line in
             path.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    samples = ["Le 3 Janvier, MARDI DERNIER, il y a Trois Jours", "On JANUARY 3rd, Last TUESDAY"]
    found = 0
    for text in texts + [t.upper() for t in texts] + samples:
        expected = _spans(resolver._pattern.finditer(text))
        assert _spans(resolver._finditer(text)) == expected
        found += len(expected)
    assert found > 50
    for odd in ("İstanbul, le 3 janvier", "ſome day"):
        assert _CASE_SAFE.fullmatch(odd) is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Avant-hier, puis avant hier soir"),
        ("fr", "Hier matin et aujourd’hui, ce midi, ce soir"),
        ("fr", "Aujourd'hui, cet après-midi, cette nuit et cette semaine"),
        ("fr", "Après-demain, demain soir"),
        ("fr", "Il y a trois jours, il y a deux semaines"),
        ("fr", "Le mois dernier, au mois de mars, en Août"),
        ("fr", "Mardi prochain, le 1er janvier 2020"),
        ("en", "The day before yesterday, yesterday evening"),
        ("en", "Last night, overnight, tonight"),
        ("en", "Earlier today, this morning, this afternoon"),
        ("en", "The day after tomorrow, tomorrow"),
        ("en", "Three weeks ago, a few days ago"),
        ("en", "Last month, next month, since March, during Sept"),
        ("en", "Last Tuesday, on Friday, Jan. 3, 3rd of May 2020"),
    ],
)
def test_every_kind_of_expression_holds_an_anchor(lang: str, text: str) -> None:
    """Text with no anchor word (`_ANCHORS`, digits, months, weekdays) is not scanned: each
    kind of expression must hold one, else it would be skipped. Upper case too."""
    resolver = DateResolver(lang)
    for sample in (text, text.upper()):
        expected = _spans(resolver._pattern.finditer(sample))
        assert len(expected) >= 2, sample
        assert _spans(resolver._finditer(sample)) == expected
    assert not list(resolver._finditer("Rien à signaler." if lang == "fr" else "All quiet."))


@pytest.mark.parametrize(
    ("lang", "text", "plain"),
    [
        (
            "fr",
            "Le 3 ſeptembre 2019, la France a protesté.",
            "Le 3 septembre 2019, la France a protesté.",
        ),
        (
            "en",
            "On ſeptember 3, 2019, France protested.",
            "On September 3, 2019, France protested.",
        ),
        ("en", "Talks began on Frıday.", "Talks began on Friday."),  # dotless i
    ],
)
def test_letters_the_pattern_folds_to_ascii_resolve(lang: str, text: str, plain: str) -> None:
    """IGNORECASE lets "ſ" match "s" and "ı" match "i": the matched words must still be found
    in the month and weekday tables (they raised KeyError, failing the whole document)."""
    ref = DocDate.parse("2020-01-08")
    assert ref is not None
    resolver = DateResolver(lang)
    found = [(m.date, m.precision) for m in resolver.mentions(text, ref)]
    assert found and found == [(m.date, m.precision) for m in resolver.mentions(plain, ref)]
