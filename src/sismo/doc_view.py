"""The parse of a Doc as plain Python lists, read once per Doc.

Walking the parse through spaCy's API creates a `Token` object at every step (`tok.head`,
`tok.children`, `doc[i]`), about 2,000 per news article; the coding rules make thousands of
such steps. `DocView` reads the attribute arrays once (one `to_array`) and answers the same
questions with list lookups on token indices. Label and word comparisons use string ids
(`sid("nsubj")`), which are the same in every vocabulary.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any, ClassVar

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, MORPH, ORTH, POS
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, MorphAnalysis

__all__ = ["DocView", "label_starts", "morph_values", "sid", "sids"]

_CONJ = int(get_string_id("conj"))


def sid(label: str) -> int:
    """The string id spaCy stores for `label` (a dependency label, lemma or word)."""
    return int(get_string_id(label))


def sids(labels: Iterable[str]) -> frozenset[int]:
    return frozenset(sid(label) for label in labels)


# (label id, prefix) -> whether the label starts with it; a parser has a few dozen labels
_PREFIXED: dict[tuple[int, str | tuple[str, ...]], bool] = {}


def label_starts(strings: StringStore, label: int, prefix: str | tuple[str, ...]) -> bool:
    """Whether the label of string id `label` starts with `prefix` ("obl" for "obl:arg"), as
    `tok.dep_.startswith(prefix)`: each label is decoded once, not at every test."""
    key = (label, prefix)
    found = _PREFIXED.get(key)
    if found is None:
        if len(_PREFIXED) > 10_000:  # bounded whatever the labels
            _PREFIXED.clear()
        found = _PREFIXED[key] = strings[label].startswith(prefix)
    return found


# (analysis key, field) -> its values: the same few analyses recur on every verb
_MORPH_VALUES: dict[tuple[int, str], tuple[str, ...]] = {}


def morph_values(doc: Doc, view: DocView, i: int, field: str) -> tuple[str, ...]:
    """`doc[i].morph.get(field)` without a Token, computed once per distinct analysis: each
    `morph.get` builds an array and splits strings."""
    key = (view.morphs[i], field)
    found = _MORPH_VALUES.get(key)
    if found is None:
        if len(_MORPH_VALUES) > 20_000:  # bounded by the analyses a model gives
            _MORPH_VALUES.clear()
        analysis = MorphAnalysis.from_id(doc.vocab, key[0])
        found = _MORPH_VALUES[key] = tuple(analysis.get(field, []))
    return found


class DocView:
    """Per token: head, label, part of speech (`spacy.symbols` ids), lemma, lowercase and
    exact form (string ids), character offset and length, morphological analysis (the key
    `Token.morph` is read from); per token, its children in order.
    Build it with `DocView.of(doc)`, which reads a Doc once however many rules ask."""

    __slots__ = (
        "__weakref__",
        "n",
        "heads",
        "deps",
        "pos",
        "lemmas",
        "lowers",
        "orths",
        "idx",
        "length",
        "morphs",
        "_children",
        "_edges",
        "_array",
    )

    # one view per live Doc; entries go with their Doc (weak keys), so nothing is kept alive
    _cache: ClassVar[weakref.WeakKeyDictionary[Doc, DocView]] = weakref.WeakKeyDictionary()

    _ATTRS: ClassVar[tuple[int, ...]] = (HEAD, DEP, POS, LEMMA, LOWER, ORTH, IDX, LENGTH, MORPH)

    def __init__(self, doc: Doc) -> None:
        cols = doc.to_array(list(self._ATTRS))
        self._array = cols
        self.n = len(doc)
        # HEAD is an offset, stored unsigned; added to the positions in numpy (3x a Python loop)
        self.heads: list[int] = (cols[:, 0].astype("int64") + numpy.arange(self.n)).tolist()
        self.deps: list[int] = cols[:, 1].tolist()
        self.pos: list[int] = cols[:, 2].tolist()
        self.lemmas: list[int] = cols[:, 3].tolist()
        self.lowers: list[int] = cols[:, 4].tolist()
        self.orths: list[int] = cols[:, 5].tolist()
        self.idx: list[int] = cols[:, 6].tolist()
        self.length: list[int] = cols[:, 7].tolist()
        self.morphs: list[int] = cols[:, 8].tolist()  # morphological analysis keys
        self._children: list[list[int]] | None = None
        self._edges: tuple[list[int], list[int]] | None = None

    # the Doc asked for last and its view: the rules ask for the same Doc's view again and
    # again, and a weak reference's call is cheaper than a WeakKeyDictionary lookup
    _last_doc: ClassVar[weakref.ReferenceType[Doc] | None] = None
    _last_view: ClassVar[DocView | None] = None

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        last, view, n = cls._last_doc, cls._last_view, len(doc)
        if last is not None and view is not None and view.n == n and last() is doc:
            return view
        view = cls._cache.get(doc)
        if view is None or view.n != n:  # a retokenized Doc is read again
            view = cls._cache[doc] = cls(doc)
        cls._last_doc, cls._last_view = weakref.ref(doc), view
        return view

    @property
    def children(self) -> list[list[int]]:
        """Per token, its children in document order (as `Token.children`)."""
        if self._children is None:
            kids: list[list[int]] = [[] for _ in range(self.n)]
            for i, head in enumerate(self.heads):
                if head != i:
                    kids[head].append(i)
            self._children = kids
        return self._children

    def column(self, attr: int) -> Any:
        """One attribute of every token as a numpy array (as `doc.to_array(attr)`, without
        reading the Doc again), for whole-Doc tests done in numpy rather than token by
        token. `attr` is one of DEP, POS, LEMMA, LOWER, ORTH, IDX, LENGTH, MORPH (`spacy.attrs`)."""
        if attr == HEAD:
            raise ValueError("HEAD is stored as an offset: use `heads`")
        return self._array[:, self._ATTRS.index(attr)]

    def left_edge(self, i: int) -> int:
        return self._edge_lists()[0][i]

    def right_edge(self, i: int) -> int:
        return self._edge_lists()[1][i]

    def subtree(self, i: int) -> list[int]:
        """The tokens of `i`'s subtree in document order (as `Token.subtree`, also when an
        arc crosses another)."""
        kids = self.children
        out: list[int] = []
        stack: list[tuple[int, bool]] = [(i, False)]
        while stack:
            k, expanded = stack.pop()
            if expanded:
                out.append(k)
                continue
            # left children, the token, right children; pushed in reverse
            for c in reversed(kids[k]):
                if c > k:
                    stack.append((c, False))
            stack.append((k, True))
            for c in reversed(kids[k]):
                if c < k:
                    stack.append((c, False))
        return out

    def conjuncts(self, i: int) -> list[int]:
        """The tokens coordinated with `i`, without `i`, in `Token.conjuncts` order: from the
        first conjunct, then each one's right "conj" children, breadth first."""
        heads, deps, kids = self.heads, self.deps, self.children
        start = i
        while heads[start] != start and deps[start] == _CONJ:
            start = heads[start]
        found = [start]
        for k in found:  # grows while read: breadth first
            found.extend(c for c in kids[k] if c > k and deps[c] == _CONJ)
        return [k for k in found if k != i]

    def governs(self, ancestor: int, k: int) -> bool:
        """Whether token `k` lies in the subtree of `ancestor` (walking up its heads)."""
        heads = self.heads
        for _ in range(self.n):  # a parse is a tree: at most n steps up to its root
            if k == ancestor:
                return True
            if heads[k] == k:
                return False
            k = heads[k]
        return False

    def _edge_lists(self) -> tuple[list[int], list[int]]:
        """Per token, the first and last token of its subtree."""
        if self._edges is None:
            left = list(range(self.n))
            right = list(range(self.n))
            kids = self.children
            order = [i for i in range(self.n) if self.heads[i] == i]  # roots, then breadth first
            for k in order:
                order.extend(kids[k])
            for k in reversed(order):  # children before their heads
                for c in kids[k]:
                    if left[c] < left[k]:
                        left[k] = left[c]
                    if right[c] > right[k]:
                        right[k] = right[c]
            self._edges = (left, right)
        return self._edges

    def text(self, text: str, start: int, end: int) -> str:
        """The text of tokens `start`..`end` (exclusive), sliced from the Doc's `text`."""
        if end <= start:
            return ""
        return text[self.idx[start] : self.idx[end - 1] + self.length[end - 1]]
