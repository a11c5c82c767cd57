"""Recognise actors: names in the text, then noun phrases resolved to (root, sector).

Two stages, as in the rest of the pipeline: `NameMatcher` finds every lexicon name in a Doc once
(countries, capitals, demonyms, organisations, people); `ActorResolver` then turns a noun phrase
of the parse into an `Actor`, joining a role ("le président", "security forces") to the country
or organisation that qualifies it, and resolving anaphora when it is certain.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, TypeVar

import numpy
from mypy_extensions import mypyc_attr
from spacy.attrs import SENT_START
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from . import lexicons
from .doc_view import DocView, morph_values, sid, sids
from .lexicons import NameEntry, RoleEntry, strip_accents
from .word_cache import LIMIT, one_word

# Dependencies that stay inside a noun phrase when we read its modifiers.
_NP_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "flat",
        "flat:name",
        "flat:foreign",
        "nmod:poss",
        "poss",
        "nummod",
        "appos",
        "nmod",
        "prep",
        "pobj",
        "case",
        "fixed",
        "det:poss",
        "npadvmod",
        "nn",
    }
)
_GENITIVE = frozenset({"de", "du", "des", "d'", "d’", "of", "'s", "’s", "'", "’"})
# Which entry of an ambiguous name wins (NameMention.pick).
_KIND_ORDER = {"person": 0, "organisation": 1, "capital": 2, "country": 3, "demonym": 4}
_PRONOUNS = {
    "fr": {
        "il": "sg",
        "elle": "sg",
        "ils": "pl",
        "elles": "pl",
        "je": "spk",
        "nous": "spk",
        "j'": "spk",
        "j’": "spk",
        "celui-ci": "sg",
        "celle-ci": "sg",
        "ceux-ci": "pl",
        "lui": "sg",
        "eux": "pl",
    },
    "en": {
        "he": "sg",
        "she": "sg",
        "they": "pl",
        "i": "spk",
        "we": "spk",
        "him": "sg",
        "her": "sg",
        "them": "pl",
        "us": "spk",
        "me": "spk",
    },
}
RELATIVE_PRONOUNS = frozenset(
    {
        "qui",
        "que",
        "qu'",
        "qu’",
        "lequel",
        "laquelle",
        "lesquels",
        "lesquelles",
        "who",
        "which",
        "that",
        "whom",
    }
)
# "other countries, leaders": not the article's country.
_NOT_DOMESTIC = frozenset(
    {
        "other",
        "foreign",
        "international",
        "autres",
        "autre",
        "étrangers",
        "étranger",
        "étrangère",
        "étrangères",
        "internationaux",
        "internationale",
        "internationales",
        "several",
        "many",
    }
)
_POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs", "its", "their", "his", "her"})
_PAIR_WORDS = frozenset({"deux", "two", "both"})
_PAIR_NOUNS = frozenset(
    {
        "homme",
        "dirigeant",
        "leader",
        "pays",
        "camp",
        "partie",
        "responsable",
        "président",
        "ministre",
        "chef",
        "man",
        "country",
        "side",
        "party",
        "official",
        "president",
        "minister",
        "nation",
        "government",
        "gouvernement",
        "delegation",
        "délégation",
    }
)


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class Actor:
    """A coded actor: surface text, CAMEO code, root actor and sector."""

    text: str
    code: str
    root: str
    sector: str
    start: int
    end: int
    how: str = ""  # which rule or lexicon entry resolved it

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "code": self.code, "root": self.root, "sector": self.sector}


_Record = TypeVar("_Record")


def without_init(cls: type[_Record], fields: dict[str, Any]) -> _Record:
    """An instance of the frozen dataclass `cls` holding `fields` (every field, in field
    order), built without its generated `__init__`: that one runs interpreted and sets each
    field through `object.__setattr__`, a cost paid for every actor and event coded. The
    instance equals the one `cls(**fields)` builds (tests/test_events.py checks)."""
    record = object.__new__(cls)
    record.__dict__.update(fields)
    return record


def new_actor(
    text: str, code: str, root: str, sector: str, start: int, end: int, how: str
) -> Actor:
    """`Actor(text, code, root, sector, start, end, how)`, built by `without_init`."""
    return without_init(
        Actor,
        {
            "text": text,
            "code": code,
            "root": root,
            "sector": sector,
            "start": start,
            "end": end,
            "how": how,
        },
    )


def actor_code(root: str, sector: str, cameo: str | None = None) -> str:
    """CAMEO actor code: ISO3 + sector for states, the organisation's code otherwise."""
    base = cameo if cameo and not (len(cameo) == 3 and cameo == root) else root
    if len(root) == 3 and root.isupper() and root not in lexicons.ORGANISATION_ROOTS:
        return root + sector if base == root else base
    return base


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class NameMention:
    start: int  # token index
    end: int
    entries: tuple[NameEntry, ...]

    @staticmethod
    def of(start: int, end: int, entries: tuple[NameEntry, ...]) -> NameMention:
        """`NameMention(start, end, entries)`, built by `without_init`."""
        return without_init(NameMention, {"start": start, "end": end, "entries": entries})

    def pick(self, day: dt.date | None) -> NameEntry | None:
        """The entry valid on `day`; for people, the mandate that holds then."""
        entries = self.entries
        if len(entries) == 1:  # most names have one entry
            only = entries[0]
            return only if day is None or only.valid_on(day) else None
        best: NameEntry | None = None  # the first valid entry of the first kind
        rank = 10
        for entry in entries:
            kind = _KIND_ORDER.get(entry.kind, 9)
            if kind < rank and (day is None or entry.valid_on(day)):
                best, rank = entry, kind
        return best


class NameMatcher:
    """Finds every lexicon name of one language in a Doc (built once per vocab)."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], lang: str) -> None:
        self.lang = lang
        self.entries: dict[str, list[NameEntry]] = {}
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.folded = PhraseMatcher(vocab, attr="LOWER")
        exact_patterns: dict[str, Doc] = {}
        folded_patterns: dict[str, Doc] = {}
        for entry in lexicons.all_names(lang):
            for form in _variants(entry.name):
                key = form if _is_acronym(form) else form.lower()
                self.entries.setdefault(key, []).append(entry)
                target = exact_patterns if _is_acronym(form) else folded_patterns
                if key not in target:
                    target[key] = make_doc(form)
        for key, pattern in exact_patterns.items():
            self.exact.add(key, [pattern])
        for key, pattern in folded_patterns.items():
            self.folded.add(key, [pattern])
        # per match id (the key's string id): what a match needs, read once here
        self._found: dict[int, _Found] = {
            sid(key): _Found(
                tuple(entries), entries[0].name[:1].isupper(), entries[0].kind == "demonym"
            )
            for key, entries in self.entries.items()
        }
        self._capitals: dict[int, bool] = {}  # per form id: begins with a capital
        self._prefixes: dict[int, bool] = {}  # per lowercase id: begins with "pro-", "anti-"

    def __call__(self, doc: Doc) -> list[NameMention]:
        found: list[tuple[int, int, _Found]] = []
        known = self._found
        view = DocView.of(doc)
        for match_id, start, end in self.exact(doc):
            found.append((start, end, known[match_id]))
        for match_id, start, end in self.folded(doc):
            name = known[match_id]
            # A capitalised lexicon name only matches capitalised text ("Chad", not "chad").
            if name.capitalised and not self._capitalised(view.orths[start], doc.vocab.strings):
                continue
            found.append((start, end, name))
        # "pro-russes", "anti-American": sympathy or hostility, not membership.
        found = [m for m in found if not (m[2].demonym and self._prefixed(view, m[0], doc))]
        # Longest match wins; ties go to the earliest.
        found.sort(key=_longest_first)
        taken: set[int] = set()
        mentions: list[NameMention] = []
        for start, end, name in found:
            if not taken.isdisjoint(range(start, end)):
                continue
            taken.update(range(start, end))
            mentions.append(NameMention.of(start, end, name.entries))
        mentions.sort(key=attrgetter("start"))
        return mentions

    def _capitalised(self, orth: int, strings: StringStore) -> bool:
        """Whether a word begins with a capital, cached per word."""
        return one_word(orth, self._capitals, strings, _begins_with_capital)

    def _prefixed(self, view: DocView, start: int, doc: Doc) -> bool:
        """Whether the name at `start` follows "pro-"/"anti-" ("pro-russes", "anti - US")."""
        if one_word(view.lowers[start], self._prefixes, doc.vocab.strings, _pro_or_anti):
            return True
        return (
            start >= 2 and view.orths[start - 1] == _HYPHEN and view.lowers[start - 2] in _PRO_ANTI
        )


class _Found(NamedTuple):
    """What a name's match needs: its entries, whether it must be capitalised in the text
    (its first entry is), whether it is a demonym (which "pro-"/"anti-" make no member)."""

    entries: tuple[NameEntry, ...]
    capitalised: bool
    demonym: bool


def _longest_first(match: tuple[int, int, _Found]) -> tuple[int, int]:
    return -(match[1] - match[0]), match[0]


_HYPHEN = sid("-")
_PRO_ANTI = sids(["pro", "anti"])


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _variants(name: str) -> set[str]:
    forms = {name, name.replace("'", "’"), name.replace("’", "'")}
    forms |= {strip_accents(f) for f in forms}
    lowered = name.lower()
    if lowered.startswith("the "):
        forms.add(name[4:])
    elif lowered.startswith(("l'", "l’")):
        forms.add(name[2:])
    elif lowered.startswith(("le ", "les ")):  # "au Caire", "aux Comores"
        forms.add(name.split(" ", 1)[1])
    return {f for f in forms if f.strip()}


def _begins_with_capital(word: str) -> bool:
    return word[:1].isupper()


def _pro_or_anti(word: str) -> bool:
    return word.startswith(("pro-", "anti-"))


def _lowered_id(word: str) -> int:
    return sid(word.lower())


# A word's role entries in the order tried, each with the (word, unaccented) string ids it needs.
_Options = tuple[tuple[RoleEntry, tuple[tuple[int, int], ...]], ...]


class RoleIndex:
    """Roles by head word; multiword roles also need their other words among the dependents."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.by_head: dict[str, list[RoleEntry]] = {}
        for entry in lexicons.roles(lang):
            head = _role_head(entry.term, lang)
            self.by_head.setdefault(head, []).append(entry)
            self.by_head.setdefault(strip_accents(head), []).append(entry)
        for entries in self.by_head.values():
            entries.sort(key=lambda e: -len(e.term))
        self.actor_lemmas: dict[int, bool] = {}  # string id -> `actor_lemma`
        self.actor_forms: dict[int, bool] = {}  # string id -> `actor_form`
        # per head word: its entries in the order tried, each with the words it also needs
        self._needs = {
            key: tuple((e, _needed_words(e.term, key)) for e in entries)
            for key, entries in self.by_head.items()
        }
        self._by_word: dict[tuple[int, int], _Options] = {}  # per (lemma, form) id
        self._lemma_lowers: dict[int, int] = {}  # lemma id -> id of the lemma lowercased

    def actor_lemma(self, lemma: str) -> bool:
        """Whether a lemma may make a noun phrase denote an actor: a role word, "hommes" in
        "les deux hommes"."""
        lower = lemma.lower()
        return lower in self._needs or lower in _PAIR_NOUNS

    def actor_form(self, word: str) -> bool:
        """Whether a word may make a noun phrase denote an actor: a role word, a pronoun."""
        lower = word.lower()
        return (
            lower in self._needs
            or lower in RELATIVE_PRONOUNS
            or lower in _PRONOUNS.get(self.lang, {})
        )

    def match(self, token: Token) -> RoleEntry | None:
        """The role a word names ("ministre", "foreign minister"), or None."""
        return self.match_at(DocView.of(token.doc), token.i, token.doc.vocab.strings)

    def match_at(self, view: DocView, i: int, strings: StringStore) -> RoleEntry | None:
        """`match` on token `i` of a Doc's view."""
        near: set[int] | None = None  # the dependents' words, read once per token
        for entry, needed in self._options(view.lemmas[i], view.lowers[i], strings):
            if not needed:
                return entry
            if near is None:
                near = self._near_words(view, i, strings)
            if all(word in near or bare in near for word, bare in needed):
                return entry
        return None

    def _options(self, lemma_id: int, lower_id: int, strings: StringStore) -> _Options:
        """The entries a word may name, in the order tried, cached per (lemma, form): lemma
        first, then the form (a set here made the entry, and `how`, hash-seed dependent).
        Each with the words it also needs, as string ids (the word, the word unaccented)."""
        key = (lemma_id, lower_id)
        found = self._by_word.get(key)
        if found is None:
            if len(self._by_word) > LIMIT:
                self._by_word.clear()
            lemma, form = strings[lemma_id].lower(), strings[lower_id]
            keys = (lemma,) if lemma == form else (lemma, form)
            found = self._by_word[key] = tuple(
                (entry, tuple((sid(w), sid(strip_accents(w))) for w in needed))
                for k in keys
                for entry, needed in self._needs.get(k, ())
            )
        return found

    def _near_words(self, view: DocView, i: int, strings: StringStore) -> set[int]:
        """Lowercased lemmas and forms (string ids) of the children and grandchildren of `i`."""
        near: set[int] = set()
        kids, lemmas, lowers = view.children, view.lemmas, view.lowers
        for child in kids[i]:
            near.add(self.lemma_lower(lemmas[child], strings))
            near.add(lowers[child])
            for grand in kids[child]:
                near.add(self.lemma_lower(lemmas[grand], strings))
                near.add(lowers[grand])
        return near

    def lemma_lower(self, lemma_id: int, strings: StringStore) -> int:
        """The string id of a lemma lowercased, cached per lemma."""
        return one_word(lemma_id, self._lemma_lowers, strings, _lowered_id)

    def is_actor_word(self, view: DocView, i: int, strings: StringStore) -> bool:
        """`actor_lemma` of token `i`'s lemma or `actor_form` of its form, cached per word."""
        if one_word(view.lemmas[i], self.actor_lemmas, strings, self.actor_lemma):
            return True
        return one_word(view.lowers[i], self.actor_forms, strings, self.actor_form)


_FUNCTION_WORDS = frozenset(
    {
        "de",
        "des",
        "du",
        "d'",
        "d’",
        "la",
        "le",
        "l'",
        "l’",
        "les",
        "of",
        "the",
        "a",
        "an",
        "à",
        "au",
        "aux",
        "et",
        "and",
        "en",
    }
)


def _role_head(term: tuple[str, ...], lang: str) -> str:
    content = [w for w in term if w not in _FUNCTION_WORDS]
    if not content:
        return term[0]
    if lang == "en" and not any(w in ("of",) for w in term):
        return content[-1]
    return content[0]


@lru_cache(maxsize=8192)
def _needed_words(words: tuple[str, ...], head: str) -> tuple[str, ...]:
    """The words of a multiword role, other than its head, that must depend on the head."""
    return tuple(w for w in words if w not in _FUNCTION_WORDS and w != head)


@dataclass
class _History:
    """Actors in reading order, for anaphora: every mention, and the groups named together."""

    actors: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor)
    groups: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)
    subjects: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)
    # `actors` sorted by token, kept until the next actor comes (anaphora read it often)
    _in_order: list[tuple[int, Actor]] | None = field(default=None, repr=False)

    def add(self, token_i: int, actors: list[Actor], subject: bool = False) -> None:
        if not actors:
            return
        self.actors.extend((token_i, a) for a in actors)
        self._in_order = None
        if len(actors) > 1:
            self.groups.append((token_i, tuple(actors)))
        if subject:
            self.subjects.append((token_i, tuple(actors)))

    def before(self, token_i: int) -> list[Actor]:
        if self._in_order is None:
            self._in_order = sorted(self.actors, key=itemgetter(0))  # stable: ties keep order
        return [a for i, a in self._in_order if i < token_i]

    def last_group(self, token_i: int) -> tuple[Actor, ...] | None:
        return _last_before(self.groups, token_i)

    def last_subject(self, token_i: int) -> tuple[Actor, ...] | None:
        return _last_before(self.subjects, token_i)


def _last_before(
    entries: list[tuple[int, tuple[Actor, ...]]], token_i: int
) -> tuple[Actor, ...] | None:
    """The entry read last before `token_i` (entries may be added out of reading order)."""
    earlier = [g for i, g in sorted(entries, key=itemgetter(0)) if i < token_i]
    return earlier[-1] if earlier else None


# The parse's labels, parts of speech and words the resolver tests, as string ids (DocView).
_PRON, _NOUN, _PROPN = (int(POS_IDS[tag]) for tag in ("PRON", "NOUN", "PROPN"))
_NOMINAL = frozenset({_NOUN, _PROPN})
_CONJ, _APPOS, _CASE, _DET = sid("conj"), sid("appos"), sid("case"), sid("det")
_NMOD, _PREP, _POBJ = sid("nmod"), sid("prep"), sid("pobj")
_OWNER_DEPS = frozenset({_NMOD, _PREP})  # "du gouvernement", "of the council"
_COUNTED_DEPS = frozenset({_NMOD, _POBJ})  # "des centaines de Tibétains"
_ANTECEDENT_POS = frozenset({_NOUN, _PROPN, _PRON})
_NP_DEP_IDS = sids(_NP_DEPS)
_RELCL = sids(["acl:relcl", "relcl", "acl"])
_EXPL = sids(["expl", "expl:subj", "expl:pv", "expl:comp"])
_NAME_PARTS = sids(["appos", "flat", "flat:name", "compound"])
# (doc, its view, its text, start, end) -> the country of the city that tokens start..end name
CityCountry = Callable[[Doc, DocView, str, int, int], "str | None"]
_CITY_PARTS = sids(["flat", "flat:name", "compound"])
# The end of `Actor.how` for a role joined to the article's country, not to a name in its phrase
ARTICLE_COUNTRY = "article country"
_OF = sid("of")
_GENITIVE_IDS = sids(_GENITIVE)
_RELATIVE_IDS = sids(RELATIVE_PRONOUNS)
_NOT_DOMESTIC_IDS = sids(_NOT_DOMESTIC)
_POSSESSIVE_IDS = sids(_POSSESSIVES)
_PAIR_WORD_IDS = sids(_PAIR_WORDS)
_PAIR_NOUN_IDS = sids(_PAIR_NOUNS)
# definite articles, without the French plural "les" (demonstratives: events.py's set)
_DEFINITE_ARTICLE_IDS = sids(["le", "la", "l'", "l’", "the"])
_PRONOUN_IDS = {
    lang: {sid(w): kind for w, kind in words.items()} for lang, words in _PRONOUNS.items()
}


class ActorResolver:
    """Resolves noun phrases of one Doc to actors; holds the document's anaphora history.

    The rules walk token indices on the Doc's `DocView` (a Token object per step cost most of
    the time); the public methods still take Tokens."""

    def __init__(
        self,
        doc: Doc,
        mentions: Iterable[NameMention],
        roles: RoleIndex,
        lang: str,
        day: dt.date | None,
        names: dict[str, list[NameEntry]] | None = None,
        text: str | None = None,
        city_country: CityCountry | None = None,
    ) -> None:
        self.names = names or {}
        # tokens start..end of a Doc -> the country (ISO3) of the city they name, or None
        self.city_country = city_country
        self.acts: list[tuple[str, Actor]] = []  # (root, source) of the events coded so far
        self.quote_depth = 0  # quotation marks left open by the sentences read so far
        self.quote_speaker: list[Actor] | None = None
        self.doc = doc
        self.view = DocView.of(doc)
        self.strings = doc.vocab.strings
        # the Doc's text: actor texts are sliced from it (a Span joins a Token per word)
        self.text = _kept_text(doc, text)
        self.lang = lang
        self.day = day
        self.roles = roles
        self.mention_at: dict[int, NameMention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.mention_at[i] = m
        self.history = _History()
        self._cache: dict[tuple[int, bool], list[Actor]] = {}
        self.skip: set[int] = set()  # tokens that are part of the predicate being coded
        self._pronouns = _PRONOUN_IDS.get(lang, {})
        self._entry_at: dict[int, NameEntry | None] = {}  # per mention start: pick(day)
        self._place_tokens: list[int] | None = None
        self._actor_word: list[bool | None] = [None] * self.view.n  # see _may_denote
        self._sent_starts: list[int] | None = None
        named = list(self._mentions())
        self.default_country = _dominant_country(named)
        self._seed_history(named)

    # -- document-level context -------------------------------------------------------------
    def _may_denote(self, head: int) -> bool:
        """Whether the phrase of `head` holds a word without which it denotes no actor: a
        name, role word, pronoun, relative pronoun, "les deux hommes"-like noun. One that
        holds none resolves to nothing, and is not read word by word. Each word is tested
        once per Doc, when a phrase first holds it."""
        view = self.view
        tok = self.doc[head]  # spaCy keeps the edges: cheaper than computing them all
        flags = self._actor_word
        for k in range(tok.left_edge.i, tok.right_edge.i + 1):
            flag = flags[k]
            if flag is None:
                flag = flags[k] = (
                    k in self.mention_at
                    or view.pos[k] == _PRON
                    or self.roles.is_actor_word(view, k, self.strings)
                )
            if flag:
                return True
        return False

    def _coordinated(self, i: int) -> bool:
        """Whether token `i` has conjuncts: it is one, or the head of one."""
        deps = self.view.deps
        return deps[i] == _CONJ or any(deps[c] == _CONJ for c in self.view.children[i])

    def _entry(self, m: NameMention) -> NameEntry | None:
        """`m.pick(self.day)`, once per mention."""
        try:
            return self._entry_at[m.start]
        except KeyError:
            entry = self._entry_at[m.start] = m.pick(self.day)
            return entry

    def _mentions(self) -> Iterator[tuple[NameMention, NameEntry]]:
        """Each name mention once, with the entry valid on the document date."""
        seen: set[int] = set()
        for m in self.mention_at.values():
            if m.start in seen:
                continue
            seen.add(m.start)
            entry = self._entry(m)
            if entry is not None:
                yield m, entry

    def _seed_history(self, named: list[tuple[NameMention, NameEntry]]) -> None:
        """Named people and organisations are antecedents even when they act in no event."""
        for m, entry in named:
            if entry.kind not in ("person", "organisation"):
                continue
            start = self._phrase_start(m)
            actor = self._actor(
                start,
                m.end,
                entry.root,
                entry.sector,
                actor_code(entry.root, entry.sector, entry.cameo),
                entry.source,
            )
            self.history.add(m.start, [actor])

    def _phrase_start(self, name: NameMention) -> int:
        """Where the phrase naming a person begins: "UN Secretary-General António Guterres"."""
        view = self.view
        root = self.doc[name.start : name.end].root.i
        while (
            view.deps[root] in _NAME_PARTS
            and view.pos[view.heads[root]] in _NOMINAL
            and view.heads[root] < name.start
        ):
            root = view.heads[root]
        return min(self.doc[root].left_edge.i, name.start)

    def name_actor(self, token: Token, form: str) -> Actor | None:
        """The actor a bare name or adjective denotes ("américains" in "anti-américains")."""
        entries = self.names.get(form.lower(), []) or self.names.get(
            strip_accents(form.lower()), []
        )
        entry = NameMention(token.i, token.i + 1, tuple(entries)).pick(self.day)
        if entry is None:
            return None
        return Actor(
            token.text,
            actor_code(entry.root, "", entry.cameo),
            entry.root,
            "",
            token.idx,
            token.idx + len(token.text),
            entry.source,
        )

    def place_tokens(self) -> list[int]:
        """The tokens (in order) of the names of countries and capitals, as of the document
        date: only they can say where an act happens."""
        if self._place_tokens is None:
            self._place_tokens = sorted(
                i
                for i, m in self.mention_at.items()
                if (entry := self._entry(m)) is not None and entry.kind in ("country", "capital")
            )
        return self._place_tokens

    # -- public -----------------------------------------------------------------------------
    def resolve(
        self, token: Token, speaker: list[Actor] | None = None, subject: bool = False
    ) -> list[Actor]:
        """All actors a noun phrase denotes: conjuncts give several ("Paris et Berlin")."""
        i = token.i
        key = (i, subject)
        known = self._cache.get(key)
        if known is not None:
            return known
        actors: list[Actor] = []
        heads = [i, *self.view.conjuncts(i)] if self._coordinated(i) else [i]
        for head in heads:
            # a conjunct names its own actor, it is not searched for whose it is
            for actor in self._resolve_one(head, speaker, 0 if head == i else 1):
                if all(a.root != actor.root or a.sector != actor.sector for a in actors):
                    actors.append(actor)
        self.history.add(i, actors, subject=subject)
        self._cache[key] = actors
        return actors

    # -- one noun phrase --------------------------------------------------------------------
    def _resolve_one(self, head: int, speaker: list[Actor] | None, depth: int = 0) -> list[Actor]:
        if not self._may_denote(head):
            return []
        view = self.view
        lower = view.lowers[head]
        if lower in _RELATIVE_IDS and view.deps[view.heads[head]] in _RELCL:
            # "les étudiants qui avaient envahi": the relative clause's noun
            antecedent = view.heads[view.heads[head]]
            if antecedent != head and view.pos[antecedent] in _ANTECEDENT_POS:
                return self._resolve_one(antecedent, speaker, depth + 1)
            return []
        if view.pos[head] == _PRON or lower in self._pronouns:
            return self._pronoun(head, speaker)
        pair = self._pair(head)
        if pair:
            return pair
        core = self._core_tokens(head)
        span_start = min(core)
        span_end = max(core) + 1

        def make(root: str, sector: str, cameo: str | None, how: str) -> Actor:
            return self._actor(
                span_start, span_end, root, sector, actor_code(root, sector, cameo), how
            )

        own = self.mention_at.get(head)
        own_entry = self._entry(own) if own is not None else None
        if own_entry is not None and own_entry.kind in ("person", "organisation"):
            assert own is not None
            # a role word inside the name ("Banque centrale européenne") is no sector
            role = self._role(head) if own.end - own.start == 1 else None
            sector = own_entry.sector or (role.sector if role else "")
            return [make(own_entry.root, sector, own_entry.cameo, own_entry.source)]
        role = self._role(head)
        qualifier = self._qualifier(head, core)
        if own_entry is not None and qualifier is None:
            sector = own_entry.sector
            if own_entry.kind == "demonym":
                # "des Tibétains", "the Iranians": the people, civilians of their state
                sector = role.sector if role else "CVL"
            return [make(own_entry.root, sector, own_entry.cameo, own_entry.source)]
        if (
            role is not None
            and qualifier is not None
            and qualifier.kind == "demonym"
            and qualifier.root in lexicons.ORGANISATION_ROOTS
            and role.sector not in ("GOV", "MIL", "LEG", "JUD", "")
        ):
            qualifier = None  # "les dirigeants européens" speak for the EU, "la population
            # européenne" does not
        if role is not None:
            return self._role_actor(head, core, role, qualifier, make)
        if qualifier is not None:
            sector = (
                qualifier.sector if qualifier.kind in ("person", "organisation", "capital") else ""
            )
            if qualifier.kind == "demonym" and any(
                view.deps[t] in _COUNTED_DEPS
                and view.pos[t] in _NOMINAL
                and self.mention_at.get(t) is not None
                for t in core
            ):
                sector = "CVL"  # "des centaines de Tibétains": people of that state
            return [make(qualifier.root, sector, qualifier.cameo, qualifier.source)]
        return self._whose(head, speaker, depth)

    def _role_actor(
        self,
        head: int,
        core: list[int],
        role: RoleEntry,
        qualifier: NameEntry | None,
        make: Callable[[str, str, str | None, str], Actor],
    ) -> list[Actor]:
        """A role word's actor: its qualifier's, the same role's earlier, the owner's of "ses
        forces", or the article's country."""
        if qualifier is not None:
            sector = (
                role.sector if qualifier.kind != "person" else (qualifier.sector or role.sector)
            )
            if qualifier.kind == "organisation" and qualifier.sector:
                sector = role.sector or qualifier.sector
            return [
                make(
                    qualifier.root,
                    sector,
                    qualifier.cameo if qualifier.kind in ("organisation",) else None,
                    f"{role.source} + {qualifier.source}",
                )
            ]
        city = self._city(head, core)
        if city is not None:  # "les rebelles de Homs", "the Aleppo police"
            return [make(city[0], role.sector, None, f"{role.source} + city: {city[1]}")]
        earlier = self._same_role_before(head)
        if earlier is not None:
            return [make(earlier.root, earlier.sector, None, f"anaphora: {earlier.text}")]
        view = self.view
        if any(view.lowers[c] in _POSSESSIVE_IDS for c in view.children[head]):
            # "l'OTAN … ses forces", "Iran … its troops": the owner is the clause's subject
            owner = self.history.last_subject(head)
            if owner:
                return [make(owner[0].root, role.sector, None, f"possessive: {owner[0].text}")]
        # "d'autres pays", "les forces de la coalition internationale": not the article's
        # country, whichever word of the phrase says so
        if self.default_country and not self._not_domestic(head, core):
            how = f"{role.source} + {ARTICLE_COUNTRY}"
            return [make(self.default_country, role.sector, None, how)]
        return []

    def _not_domestic(self, head: int, core: list[int]) -> bool:
        """Whether the phrase says its people are not the article's country's: a word of its
        own ("foreign leaders"), or one on the first of a list it ends ("other countries,
        leaders and organisations", "d'autres pays et dirigeants")."""
        view = self.view
        if any(view.lowers[t] in _NOT_DOMESTIC_IDS for t in core):
            return True
        first = head
        for _ in range(view.n):
            if view.deps[first] != _CONJ or view.heads[first] == first:
                break
            first = view.heads[first]
        return first != head and any(
            view.lowers[c] in _NOT_DOMESTIC_IDS for c in view.children[first]
        )

    def _whose(self, head: int, speaker: list[Actor] | None, depth: int) -> list[Actor]:
        """An unnamed phrase: what its apposition says it is, or whose thing it is."""
        view = self.view
        # "Jean Dupont, l'un des porte-parole du mouvement", "Hassan, un manifestant":
        # an unknown name is what its apposition says it is
        for child in view.children[head]:
            if view.deps[child] == _APPOS and child not in self.skip:
                found = self._resolve_one(child, speaker, depth)
                if found:
                    return [self._retext(a, head) for a in found]
        # "la création du gouvernement", "members of the council": whose thing it is.
        if depth < 1:
            for child in view.children[head]:
                if child in self.skip:
                    continue
                dep = view.deps[child]
                if dep in _OWNER_DEPS and self._is_genitive(child):
                    inner = self._child_noun(child)
                    if inner is not None:
                        found = self._resolve_one(inner, speaker, depth + 1)
                        if found:
                            return found
        return []

    def _role(self, head: int) -> RoleEntry | None:
        return self.roles.match_at(self.view, head, self.doc.vocab.strings)

    def _core_tokens(self, head: int) -> list[int]:
        """The head and its noun-phrase modifiers, without clauses or distant phrases."""
        kids, deps = self.view.children, self.view.deps
        out = [head]
        frontier = [(head, 0)]
        while frontier:
            tok, depth = frontier.pop()
            if depth >= 3:
                continue
            for child in kids[tok]:
                dep = deps[child]
                if dep not in _NP_DEP_IDS:
                    continue
                if dep in _OWNER_DEPS and not self._is_genitive(child):
                    continue
                out.append(child)
                frontier.append((child, depth + 1))
        return out

    def _is_genitive(self, tok: int) -> bool:
        view = self.view
        if view.deps[tok] == _PREP:
            return view.lowers[tok] == _OF
        cases = [view.lowers[c] for c in view.children[tok] if view.deps[c] == _CASE]
        return not cases or any(c in _GENITIVE_IDS for c in cases)

    def _child_noun(self, tok: int) -> int | None:
        """The noun of a genitive: the nmod itself (UD) or the object of "of" (English prep)."""
        view = self.view
        if view.deps[tok] == _PREP:
            return next((c for c in view.children[tok] if view.deps[c] == _POBJ), None)
        return tok

    def _qualifier(self, head: int, core: list[int]) -> NameEntry | None:
        """The nearest name inside the phrase that tells whose the head is."""
        best: tuple[int, NameEntry] | None = None
        for tok in core:
            if tok == head:
                continue
            m = self.mention_at.get(tok)
            if m is None or m.start <= head < m.end:
                continue
            entry = self._entry(m)
            if entry is None:
                continue
            rank = _QUALIFIER_ORDER.get(entry.kind, 9) * 1000 + abs(tok - head)
            if best is None or rank < best[0]:
                best = (rank, entry)
        return best[1] if best else None

    def _city(self, head: int, core: list[int]) -> tuple[str, str] | None:
        """The country of a city the phrase is of ("les rebelles de Homs", "the Aleppo
        police"), and the city's name: a role word with no state named tells whose it is by
        its city as well. A city only when the places' rules say so (`Locator.city_country`)."""
        if self.city_country is None:
            return None
        view = self.view
        text = self.text if self.text is not None else self.doc.text
        for tok in core:
            if tok == head or view.pos[tok] != _PROPN or tok in self.mention_at:
                continue
            if view.deps[tok] in _CITY_PARTS and view.pos[view.heads[tok]] == _PROPN:
                continue  # a part of a longer name, read from that name's head
            parts = [tok]
            for c in view.children[tok]:
                if view.deps[c] in _CITY_PARTS and view.pos[c] == _PROPN:
                    parts.append(c)
            first, last = min(parts), max(parts)
            if last - first + 1 != len(parts):
                continue
            country = self.city_country(self.doc, view, text, first, last + 1)
            if country is not None:
                return country, view.text(text, first, last + 1)
        return None

    def _same_role_before(self, head: int) -> Actor | None:
        """ "Le ministre" after "le ministre iranien": the latest actor named with that word."""
        view = self.view
        if not any(
            view.deps[c] == _DET and view.lowers[c] in _DEFINITE_ARTICLE_IDS
            for c in view.children[head]
        ):
            return None
        earlier = list(reversed(self.history.before(head)))
        word = self.doc.vocab.strings[view.lowers[head]]
        for actor in earlier:  # "the Secretary-General" after "UN Secretary-General Guterres"
            if word in actor.text.lower():
                return actor
        return None

    def _pair(self, head: int) -> list[Actor]:
        """ "Les deux hommes", "the two leaders", "both sides": the last two distinct actors."""
        view = self.view
        lemma = self.roles.lemma_lower(view.lemmas[head], self.doc.vocab.strings)
        if lemma not in _PAIR_NOUN_IDS:
            return []
        if _PAIR_WORD_IDS.isdisjoint([view.lowers[c] for c in view.children[head]]):
            return []
        group = self.history.last_group(head)
        if group is not None and len({a.root for a in group}) == 2:
            return [self._retext(a, head) for a in group]
        distinct: list[Actor] = []
        for actor in reversed(self.history.before(head)):
            if all(a.root != actor.root for a in distinct):
                distinct.append(actor)
            if len(distinct) == 2:
                return [self._retext(a, head) for a in reversed(distinct)]
        return []

    def _pronoun(self, head: int, speaker: list[Actor] | None) -> list[Actor]:
        kind = self._pronouns.get(self.view.lowers[head])
        if kind is None or self.view.deps[head] in _EXPL:
            return []
        if kind == "spk":
            return [self._retext(a, head) for a in speaker] if speaker else []
        if kind == "pl":
            # "ils", "they", "them": the last actors named together, if recent
            last_group_i = max((i for i, _ in self.history.groups if i < head), default=-1)
            group = self.history.last_group(head)
            # ... unless a plural subject came later ("the members of the Council … They")
            plural_i = max(
                (
                    i
                    for i, _ in self.history.subjects
                    if last_group_i < i < head
                    and "Plur" in morph_values(self.doc, self.view, i, "Number")
                ),
                default=-1,
            )
            if (
                group is not None
                and plural_i < 0
                and self._sentences_between(last_group_i, head) <= 2
            ):
                return [self._retext(a, head) for a in group]
        if kind in ("sg", "pl"):
            # Inside a quotation "ils" is never the speaker: look before the sentence.
            limit = self._sentence_start(head) if self._in_quote(head) else head
            subject = self.history.last_subject(limit)
            if subject is not None:
                return [self._retext(a, head) for a in subject]
        earlier = self.history.before(head)
        if not earlier:
            return []
        if kind == "it":
            for actor in reversed(earlier):
                if actor.root in lexicons.ORGANISATION_ROOTS or actor.sector == "":
                    return [self._retext(actor, head)]
            return []
        return [self._retext(earlier[-1], head)]

    # -- sentences and quotations -----------------------------------------------------------
    def _starts(self) -> list[int]:
        """The tokens that start a sentence, in order, read once."""
        if self._sent_starts is None:
            self._sent_starts = numpy.flatnonzero(self.doc.to_array(SENT_START) == 1).tolist()
        return self._sent_starts

    def _sentence_start(self, i: int) -> int:
        starts = self._starts()
        n = bisect_right(starts, i)
        return starts[n - 1] if n else 0

    def _in_quote(self, i: int) -> bool:
        """Whether token `i` stands inside a quotation opened earlier in its sentence."""
        depth = 0
        straight = 0
        orths = self.view.orths
        for k in range(self._sentence_start(i), i):
            orth = orths[k]
            if orth in _OPEN_QUOTE_IDS:
                depth += 1
            elif orth in _CLOSE_QUOTE_IDS:
                depth = max(0, depth - 1)
            elif orth == _STRAIGHT_QUOTE:
                straight += 1
        return depth > 0 or straight % 2 == 1

    def _sentences_between(self, start: int, end: int) -> int:
        if start < 0:
            return 10**6
        starts = self._starts()
        return bisect_left(starts, end) - bisect_left(starts, start)

    # -- actors -----------------------------------------------------------------------------
    def _actor(self, start: int, end: int, root: str, sector: str, code: str, how: str) -> Actor:
        """The actor of tokens `start`..`end` (exclusive)."""
        view = self.view
        last = end - 1
        text = (
            view.text(self.text, start, end) if self.text is not None else self.doc[start:end].text
        )
        return new_actor(
            text, code, root, sector, view.idx[start], view.idx[last] + view.length[last], how
        )

    def _retext(self, actor: Actor, head: int) -> Actor:
        """`actor` named again by the phrase of `head` (a pronoun: the pronoun alone)."""
        start = self.doc[head].left_edge.i if self.view.pos[head] != _PRON else head
        return self._actor(
            start, head + 1, actor.root, actor.sector, actor.code, f"anaphora: {actor.text}"
        )


_QUALIFIER_ORDER = {"person": 0, "organisation": 1, "demonym": 2, "country": 2, "capital": 3}
_OPEN_QUOTE_IDS = sids(["«", "“", "„"])
_CLOSE_QUOTE_IDS = sids(["»", "”"])
_STRAIGHT_QUOTE = sid('"')


def _dominant_country(named: list[tuple[NameMention, NameEntry]]) -> str | None:
    """The country the article is about, when one clearly dominates its mentions."""
    counts: Counter[str] = Counter()
    for _, entry in named:
        if entry.root not in lexicons.ORGANISATION_ROOTS:
            counts[entry.root] += 1
    if not counts:
        return None
    ranked = counts.most_common(2)
    top, n = ranked[0]
    if n >= 2 and (len(ranked) == 1 or n > ranked[1][1]):
        return top
    return None


def _kept_text(doc: Doc, text: str | None) -> str | None:
    """The text the Doc was made from: `text`, else the one the Coder kept
    (`doc._.sismo_text`), if it fits the Doc; None when neither does (`Span.text` then)."""
    if text is None and Doc.has_extension("sismo_text"):
        text = doc._.sismo_text
    if isinstance(text, str) and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return None
