"""Shared test fixtures: the real spaCy pipelines, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sismo import Coder, Document, Event, Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def gold_dir() -> Path:
    """The hand-coded gold files shipped in eval/gold."""
    return ROOT / "eval" / "gold"


@pytest.fixture(scope="session")
def coder() -> Coder:
    """One coder for the whole session: each pipeline loads once."""
    return Coder(Settings())


@pytest.fixture(scope="session")
def code(coder: Coder) -> Callable[..., list[Event]]:
    """Code one text and return its events: `code("...", lang="fr", date="2020-01")`."""

    def run(text: str, lang: str = "fr", date: str = "2020-01-15") -> list[Event]:
        return coder.code(Document(id="t", text=text, date=date, lang=lang)).events

    return run


def triples(events: list[Event]) -> set[tuple[str, str, str]]:
    """(root, source root, target root or "") of each event."""
    return {(e.root, e.source.root, e.target.root if e.target else "") for e in events}
