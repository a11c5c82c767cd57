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


class WordSet(Generic[T]):
    """The words (string ids) for which `compute(word)` is true, cached per id: the question
    "which words of this Doc have the property?" is answered with set operations on the
    Doc's distinct ids, without a Python step per token. `value(i)` gives what `compute`
    returned for a word already asked about."""

    __slots__ = ("_compute", "_values", "_hits")

    def __init__(self, compute: Callable[[str], T]) -> None:
        self._compute = compute
        self._values: dict[int, T] = {}
        self._hits: set[int] = set()  # the ids whose value is true

    def hits_in(self, ids: set[int], strings: StringStore) -> set[int]:
        """The ids of `ids` whose word has the property."""
        values = self._values
        if len(values) > LIMIT:
            values.clear()
            self._hits.clear()
        for i in ids.difference(values):  # the words never seen before
            value = values[i] = self._compute(strings[i])
            if value:
                self._hits.add(i)
        return self._hits.intersection(ids)

    def value(self, i: int) -> T:
        return self._values[i]
