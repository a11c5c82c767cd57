"""French coding errors fixed by class: one or more sentences written for each class (never
taken from the gold), failing before the fix and passing after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sismo import Event
from tests.conftest import triples

Code = Callable[..., list[Event]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adverbial between auxiliary and participle: the parser hangs the verb on it
        (
            "Le gouvernement malien, impuissant, a de son côté dénoncé les rebelles maliens.",
            ("11", "MLI", "MLI"),
        ),
        ("Le ministre iranien a pour sa part condamné les États-Unis.", ("11", "IRN", "USA")),
    ],
)
def test_subject_the_parse_lost(code: Code, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(code(text))


def test_lost_subject_is_never_an_unnamed_doer(code: Code) -> None:
    # the real subject names no actor: no other noun phrase is taken for it
    assert not code("Des inconnus ont attaqué l'ambassade de France et ont tué un garde.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le président français a retiré ses troupes d'Irak.", {("08", "FRA", "IRQ")}),
        ("Les soldats russes ont quitté le territoire ukrainien.", {("08", "RUS", "UKR")}),
        ("Les États-Unis retirent leurs soldats américains.", set()),
        ("L'armée américaine retire ses soldats de Syrie.", {("08", "USA", "SYR")}),
    ],
)
def test_troops_withdrawn_are_the_doer_s_own(
    code: Code, text: str, expected: set[tuple[str, str, str]]
) -> None:
    found = {t for t in triples(code(text)) if t[0] == "08"}
    assert found == expected
