"""What a word is, computed once per distinct string and cached by its string id.

The coding rules test every token of a Doc for a property of its word ("may it begin a city
name?", "does it start with 'anti'?"). A text is mostly the same few hundred words, so each
property is computed once per string id and looked up afterwards; a cache is emptied when it
outgrows LIMIT entries, so that it stays bounded whatever the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Generic, TypeVar

from spacy.strings import StringStore

LIMIT = 200_000
T = TypeVar("T")


def per_word(
    ids: list[int], known: dict[int, T], strings: StringStore, compute: Callable[[str], T]
) -> list[T]:
    """`compute(word)` for the word of each string id, in order, through the cache `known`.

    The lookups run in one `itemgetter` call (C, about half the cost of a Python-level map
    and a search for misses); only a text with a word never seen before pays for a set
    difference."""
    if len(known) > LIMIT:
        known.clear()
    if not ids:
        return []
    get = itemgetter(*ids)
    try:
        found = get(known)
    except KeyError:
        for i in set(ids).difference(known):
            known[i] = compute(strings[i])
        found = get(known)
    return list(found) if len(ids) > 1 else [found]


def one_word(
    word: int, known: dict[int, T], strings: StringStore, compute: Callable[[str], T]
) -> T:
    """`per_word` for a single string id, where the rules test one token at a time."""
    found = known.get(word)
    if found is None:
        if len(known) > LIMIT:
            known.clear()
        found = known[word] = compute(strings[word])
    return found


class WordSet(Generic[T]):
    """The words (string ids) that have a property, each computed once: `compute(word)` is
    what the word is, or None when it has none of what is looked for. The question "which
    words of this Doc have it?" is answered with set operations on the Doc's distinct ids
    (one pass over them), without a Python step per token."""

    __slots__ = ("_compute", "_seen", "_hits", "_hit_ids")

    def __init__(self, compute: Callable[[str], T | None]) -> None:
        self._compute = compute
        self._seen: set[int] = set()  # every id computed
        self._hits: dict[int, T] = {}  # the ids with a value, and their value
        self._hit_ids: set[int] = set()

    def found_in(self, ids: set[int], strings: StringStore) -> dict[int, T]:
        """The ids of `ids` whose word has a value, with their value."""
        if len(self._seen) > LIMIT:
            self._seen.clear()
            self._hits.clear()
            self._hit_ids.clear()
        new = ids.difference(self._seen)  # the words never seen before
        if new:
            for i in new:
                value = self._compute(strings[i])
                if value is not None:
                    self._hits[i] = value
                    self._hit_ids.add(i)
            self._seen.update(new)
        hits = self._hits
        return {i: hits[i] for i in self._hit_ids.intersection(ids)}

    def get(self, i: int) -> T | None:
        """The value of a word already looked at (`found_in`), None for a word without one."""
        return self._hits.get(i)
