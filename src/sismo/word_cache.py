"""What a word is, computed once per distinct string and cached by its string id.

The coding rules test every token of a Doc for a property of its word ("may it begin a city
name?", "does it start with 'anti'?"). A text is mostly the same few hundred words, so each
property is computed once per string id and looked up afterwards; a cache is emptied when it
outgrows LIMIT entries, so that it stays bounded whatever the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from spacy.strings import StringStore

LIMIT = 200_000
T = TypeVar("T")


def per_word(
    ids: list[int], known: dict[int, T], strings: StringStore, compute: Callable[[str], T]
) -> list[T]:
    """`compute(word)` for the word of each string id, in order, through the cache `known`.
    `compute` must not return None."""
    if len(known) > LIMIT:
        known.clear()
    found = list(map(known.get, ids))
    if None in found:
        for n, value in enumerate(found):
            if value is None:
                value = known.get(ids[n])  # the same new word may come twice
                if value is None:
                    value = known[ids[n]] = compute(strings[ids[n]])
                found[n] = value
    return cast(list[T], found)
