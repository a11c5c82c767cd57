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


def test_word_set_finds_the_words_with_the_property_computing_each_once() -> None:
    strings = StringStore(["antiguerre", "paix", "antisémite", "la"])
    ids = {strings[w] for w in ("antiguerre", "paix", "la")}
    seen: list[str] = []

    def anti(word: str) -> str | None:
        seen.append(word)
        return word[4:] if word.startswith("anti") else None

    words = word_cache.WordSet(anti)
    assert words.found_in(ids, strings) == {strings["antiguerre"]: "guerre"}
    more = {strings["paix"], strings["antisémite"]}
    assert words.found_in(more, strings) == {strings["antisémite"]: "sémite"}
    assert words.found_in(set(), strings) == {}
    assert sorted(seen) == ["antiguerre", "antisémite", "la", "paix"]  # once each
    assert words.get(strings["antiguerre"]) == "guerre" and words.get(strings["paix"]) is None


def test_a_full_word_set_is_emptied_before_it_grows_further(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(word_cache, "LIMIT", 2)
    strings = StringStore(["a", "b", "c", "d"])
    seen: list[str] = []

    def first_letters(word: str) -> bool | None:
        seen.append(word)
        return True if word in ("a", "d") else None

    words = word_cache.WordSet(first_letters)
    assert words.found_in({strings[w] for w in "abc"}, strings) == {strings["a"]: True}
    assert words.found_in({strings["d"]}, strings) == {strings["d"]: True}  # emptied first
    assert words.found_in({strings["a"]}, strings) == {strings["a"]: True}
    assert seen.count("a") == 2 and words.get(strings["b"]) is None


def test_per_word_on_one_word_and_on_none() -> None:
    strings = StringStore(["Paris"])
    known: dict[int, int] = {}
    assert word_cache.per_word([strings["Paris"]], known, strings, len) == [5]
    assert word_cache.per_word([], known, strings, len) == []


def test_one_word_is_computed_once_and_its_cache_stays_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(word_cache, "LIMIT", 2)
    strings = StringStore(["Paris", "et", "Berlin", "Rome"])
    seen: list[str] = []

    def capitalised(word: str) -> bool:
        seen.append(word)
        return word[:1].isupper()

    known: dict[int, bool] = {}
    assert word_cache.one_word(strings["Paris"], known, strings, capitalised) is True
    assert word_cache.one_word(strings["Paris"], known, strings, capitalised) is True
    assert word_cache.one_word(strings["et"], known, strings, capitalised) is False
    assert seen == ["Paris", "et"]
    word_cache.one_word(strings["Berlin"], known, strings, capitalised)
    word_cache.one_word(strings["Rome"], known, strings, capitalised)  # over LIMIT: emptied
    assert known == {strings["Rome"]: True}
