"""Long documents in parts: spaCy's memory grows with the text it parses at once, so a
document longer than `Settings.max_chars` is coded part by part, cut where the article
itself breaks (a blank line, else a line break, else a sentence end, else white space), with
offsets shifted back so that they stay relative to the whole document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from .actors import Actor
from .events import Event, SentenceNote

_SENTENCE_END = re.compile(r"[.!?…][\"»”’)]*\s")
_LETTER = re.compile(r"[^\W\d_]")
# A cut is searched for in the last part of the window only, so parts stay near full size.
_SEARCH_SHARE = 0.5


def part_spans(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive parts covering `text`, each at most `limit` characters."""
    start, size = 0, len(text)
    while start < size:
        end = min(start + limit, size)
        if end < size:
            end = _cut(text, start + int(limit * _SEARCH_SHARE), end)
        yield start, end
        start = end


def _cut(text: str, low: int, high: int) -> int:
    """Where to end a part within text[low:high]: after the last blank line, else the last
    line break, else the last sentence end, else the last white space; each found from the
    end, so the cost does not grow with the amount of padding."""
    line = text.rfind("\n", low, high)
    pos = line
    while pos >= low:
        before = text.rfind("\n", low, pos)
        if before >= 0 and not text[before + 1 : pos].strip():
            return pos + 1
        pos = before
    if line >= low:
        return line + 1
    last = None
    for last in _SENTENCE_END.finditer(text, low, high):  # noqa: B007
        pass
    if last is not None:
        return last.end()
    space = max(text.rfind(c, low, high) for c in " \t\r\f\v")
    return space + 1 if space >= low else high  # one word longer than half a part: cut in it


def has_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a letter: a part of only padding has nothing to code."""
    return _LETTER.search(text, start, end) is not None


def shift_event(event: Event, offset: int) -> Event:
    """An event of a part, with its offsets made relative to the whole document."""
    if offset == 0:
        return event
    return dataclasses.replace(
        event,
        start=event.start + offset,
        end=event.end + offset,
        trigger_start=event.trigger_start + offset,
        trigger_end=event.trigger_end + offset,
        source=_shift_actor(event.source, offset),
        target=_shift_actor(event.target, offset) if event.target else None,
    )


def _shift_actor(actor: Actor, offset: int) -> Actor:
    return dataclasses.replace(actor, start=actor.start + offset, end=actor.end + offset)


def shift_note(note: SentenceNote, offset: int) -> SentenceNote:
    """A sentence note of a part, with its offsets relative to the whole document."""
    if offset == 0:
        return note
    return dataclasses.replace(note, start=note.start + offset, end=note.end + offset)
