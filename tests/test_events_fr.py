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
