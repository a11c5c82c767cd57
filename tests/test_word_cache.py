"""sismo.word_cache: a word's property computed once per string, the cache kept bounded."""

from __future__ import annotations

from spacy.strings import StringStore

from sismo import word_cache


def test_each_distinct_word_is_computed_once_and_results_follow_the_tokens() -> None:
    strings = StringStore(["Paris", "et", "Berlin"])
    ids = [strings["Paris"], strings["et"], strings["Paris"], strings["Berlin"]]
    seen: list[str] = []

    def capitalised(word: str) -> bool:
        seen.append(word)
        return word[:1].isupper()

    known: dict[int, bool] = {}
    assert word_cache.per_word(ids, known, strings, capitalised) == [True, False, True, True]
    assert word_cache.per_word(ids, known, strings, capitalised) == [True, False, True, True]
    assert sorted(seen) == ["Berlin", "Paris", "et"]  # once each, over both calls


def test_a_full_cache_is_emptied_before_it_grows_further(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(word_cache, "LIMIT", 2)
    strings = StringStore(["a", "b", "c", "d"])
    known: dict[int, int] = {}
    word_cache.per_word([strings[w] for w in "abc"], known, strings, len)
    assert len(known) == 3
    word_cache.per_word([strings["d"]], known, strings, len)
    assert known == {strings["d"]: 1}
