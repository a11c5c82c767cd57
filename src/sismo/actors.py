"""Recognise actors: names in the text, then noun phrases resolved to (root, sector).

Two stages, as in the rest of the pipeline: `NameMatcher` finds every lexicon name in a Doc once
(countries, capitals, demonyms, organisations, people); `ActorResolver` then turns a noun phrase
of the parse into an `Actor`, joining a role ("le président", "security forces") to the country
or organisation that qualifies it, and resolving anaphora when it is certain.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from . import lexicons
from .lexicons import NameEntry, RoleEntry, strip_accents
from .word_cache import per_word

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
_PRON_ID = POS_IDS["PRON"]
_CONJ_ID = get_string_id("conj")
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


def actor_code(root: str, sector: str, cameo: str | None = None) -> str:
    """CAMEO actor code: ISO3 + sector for states, the organisation's code otherwise."""
    base = cameo if cameo and not (len(cameo) == 3 and cameo == root) else root
    if len(root) == 3 and root.isupper() and root not in lexicons.ORGANISATION_ROOTS:
        return root + sector if base == root else base
    return base


@dataclass(frozen=True)
class NameMention:
    start: int  # token index
    end: int
    entries: tuple[NameEntry, ...]

    def pick(self, day: dt.date | None) -> NameEntry | None:
        """The entry valid on `day`; for people, the mandate that holds then."""
        if len(self.entries) == 1:  # most names have one entry
            only = self.entries[0]
            return only if only.valid_on(day) else None
        valid = [e for e in self.entries if e.valid_on(day)]
        if not valid:
            return None
        return min(valid, key=lambda e: _KIND_ORDER.get(e.kind, 9))  # the first of its kind


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

    def __call__(self, doc: Doc) -> list[NameMention]:
        found: list[tuple[int, int, str]] = []
        strings = doc.vocab.strings
        for match_id, start, end in self.exact(doc):
            found.append((start, end, strings[match_id]))
        for match_id, start, end in self.folded(doc):
            key = strings[match_id]
            entries = self.entries.get(key, [])
            # A capitalised lexicon name only matches capitalised text ("Chad", not "chad").
            if entries and entries[0].name[:1].isupper() and not doc[start].text[:1].isupper():
                continue
            found.append((start, end, key))
        # "pro-russes", "anti-American": sympathy or hostility, not membership.
        found = [m for m in found if not _prefixed(doc, m[0], self.entries.get(m[2], []))]
        # Longest match wins; ties go to the earliest.
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        mentions: list[NameMention] = []
        for start, end, key in found:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            mentions.append(NameMention(start, end, tuple(self.entries[key])))
        mentions.sort(key=lambda m: m.start)
        return mentions


def _prefixed(doc: Doc, start: int, entries: list[NameEntry]) -> bool:
    if not entries or entries[0].kind != "demonym":
        return False
    first = doc[start].lower_
    if first.startswith(("pro-", "anti-")):
        return True
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("pro", "anti")


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
        # lemma first, then the form: a set here made the entry (and `how`) hash-seed dependent
        lemma, form = token.lemma_.lower(), token.text.lower()
        keys = (lemma,) if lemma == form else (lemma, form)
        near: set[str] | None = None  # the dependents' forms, read once per token
        for key in keys:
            for entry, needed in self._needs.get(key, ()):
                if not needed:
                    return entry
                if near is None:
                    near = _near_forms(token)
                if all(w in near or strip_accents(w) in near for w in needed):
                    return entry
        return None


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


def _near_forms(token: Token) -> set[str]:
    """Lemmas and forms of the children and grandchildren of `token`."""
    near: set[str] = set()
    for child in token.children:
        near.update((child.lemma_.lower(), child.text.lower()))
        for grand in child.children:
            near.update((grand.lemma_.lower(), grand.text.lower()))
    return near


@dataclass
class _History:
    """Actors in reading order, for anaphora: every mention, and the groups named together."""

    actors: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor)
    groups: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)
    subjects: list[tuple[int, tuple[Actor, ...]]] = field(default_factory=list)

    def add(self, token_i: int, actors: list[Actor], subject: bool = False) -> None:
        self.actors.extend((token_i, a) for a in actors)
        if len(actors) > 1:
            self.groups.append((token_i, tuple(actors)))
        if subject and actors:
            self.subjects.append((token_i, tuple(actors)))

    def before(self, token_i: int) -> list[Actor]:
        return [a for i, a in sorted(self.actors, key=lambda p: p[0]) if i < token_i]

    def last_group(self, token_i: int) -> tuple[Actor, ...] | None:
        return _last_before(self.groups, token_i)

    def last_subject(self, token_i: int) -> tuple[Actor, ...] | None:
        return _last_before(self.subjects, token_i)


def _last_before(
    entries: list[tuple[int, tuple[Actor, ...]]], token_i: int
) -> tuple[Actor, ...] | None:
    """The entry read last before `token_i` (entries may be added out of reading order)."""
    earlier = [g for i, g in sorted(entries, key=lambda p: p[0]) if i < token_i]
    return earlier[-1] if earlier else None


class ActorResolver:
    """Resolves noun phrases of one Doc to actors; holds the document's anaphora history."""

    def __init__(
        self,
        doc: Doc,
        mentions: Iterable[NameMention],
        roles: RoleIndex,
        lang: str,
        day: dt.date | None,
        names: dict[str, list[NameEntry]] | None = None,
    ) -> None:
        self.names = names or {}
        self.acts: list[tuple[str, Actor]] = []  # (root, source) of the events coded so far
        self.quote_depth = 0  # quotation marks left open by the sentences read so far
        self.quote_speaker: list[Actor] | None = None
        self.doc = doc
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
        self._place_tokens: list[int] | None = None
        self._actor_tokens: list[int] | None = None
        self._conjoined: set[int] | None = None
        self.default_country = self._dominant_country()
        self._seed_history()

    # -- document-level context -------------------------------------------------------------
    def _actor_words(self) -> list[int]:
        """The tokens (in order) without which a noun phrase denotes no actor: names, role
        words, pronouns, relative pronouns, "les deux hommes"-like nouns. A phrase whose
        subtree holds none of them resolves to nothing, and is not read word by word."""
        if self._actor_tokens is None:
            doc = self.doc
            cols = doc.to_array([POS, LEMMA, LOWER])
            strings, roles = doc.vocab.strings, self.roles
            lemmas = per_word(cols[:, 1].tolist(), roles.actor_lemmas, strings, roles.actor_lemma)
            forms = per_word(cols[:, 2].tolist(), roles.actor_forms, strings, roles.actor_form)
            found = [n for n, flags in enumerate(zip(lemmas, forms, strict=True)) if any(flags)]
            found.extend(numpy.flatnonzero(cols[:, 0] == _PRON_ID).tolist())
            found.extend(self.mention_at)
            self._actor_tokens = sorted(set(found))
        return self._actor_tokens

    def _coordinated(self) -> set[int]:
        """The tokens that have conjuncts: the conjuncts themselves and their heads (read from
        arrays once per Doc; `Token.conjuncts` walks the tree at each call)."""
        if self._conjoined is None:
            cols = self.doc.to_array([DEP, HEAD])
            conj = numpy.flatnonzero(cols[:, 0] == _CONJ_ID)
            heads = conj + cols[conj, 1].astype(numpy.int64)  # HEAD is an offset
            self._conjoined = set(conj.tolist()) | set(heads.tolist())
        return self._conjoined

    def _may_denote(self, head: Token) -> bool:
        words = self._actor_words()
        first = bisect_left(words, head.left_edge.i)
        return first < len(words) and words[first] <= head.right_edge.i

    def _mentions(self) -> Iterator[tuple[NameMention, NameEntry]]:
        """Each name mention once, with the entry valid on the document date."""
        seen: set[int] = set()
        for m in self.mention_at.values():
            if m.start in seen:
                continue
            seen.add(m.start)
            entry = m.pick(self.day)
            if entry is not None:
                yield m, entry

    def _dominant_country(self) -> str | None:
        """The country the article is about, when one clearly dominates its mentions."""
        counts: Counter[str] = Counter()
        for _, entry in self._mentions():
            if entry.root not in lexicons.ORGANISATION_ROOTS:
                counts[entry.root] += 1
        if not counts:
            return None
        ranked = counts.most_common(2)
        top, n = ranked[0]
        if n >= 2 and (len(ranked) == 1 or n > ranked[1][1]):
            return top
        return None

    def _seed_history(self) -> None:
        """Named people and organisations are antecedents even when they act in no event."""
        for m, entry in self._mentions():
            if entry.kind not in ("person", "organisation"):
                continue
            span = self.doc[_phrase_start(self.doc[m.start : m.end]) : m.end]
            actor = Actor(
                span.text,
                actor_code(entry.root, entry.sector, entry.cameo),
                entry.root,
                entry.sector,
                span.start_char,
                span.end_char,
                entry.source,
            )
            self.history.add(m.start, [actor])

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
                if (entry := m.pick(self.day)) is not None and entry.kind in ("country", "capital")
            )
        return self._place_tokens

    # -- public -----------------------------------------------------------------------------
    def resolve(
        self, token: Token, speaker: list[Actor] | None = None, subject: bool = False
    ) -> list[Actor]:
        """All actors a noun phrase denotes: conjuncts give several ("Paris et Berlin")."""
        key = (token.i, subject)
        if key in self._cache:
            return self._cache[key]
        actors: list[Actor] = []
        for head in [token, *token.conjuncts] if token.i in self._coordinated() else [token]:
            # a conjunct names its own actor, it is not searched for whose it is
            for actor in self._resolve_one(head, speaker, 0 if head is token else 1):
                if all(a.root != actor.root or a.sector != actor.sector for a in actors):
                    actors.append(actor)
        self.history.add(token.i, actors, subject=subject)
        self._cache[key] = actors
        return actors

    # -- one noun phrase --------------------------------------------------------------------
    def _resolve_one(self, head: Token, speaker: list[Actor] | None, depth: int = 0) -> list[Actor]:
        if not self._may_denote(head):
            return []
        lower = head.text.lower()
        if lower in RELATIVE_PRONOUNS and head.head.dep_ in ("acl:relcl", "relcl", "acl"):
            # "les étudiants qui avaient envahi": the relative clause's noun
            antecedent = head.head.head
            if antecedent.i != head.i and antecedent.pos_ in ("NOUN", "PROPN", "PRON"):
                return self._resolve_one(antecedent, speaker, depth + 1)
            return []
        if head.pos_ == "PRON" or lower in _PRONOUNS.get(self.lang, {}):
            return self._pronoun(head, speaker)
        pair = self._pair(head)
        if pair:
            return pair
        core = self._core_tokens(head)
        span_start = min(t.i for t in core)
        span_end = max(t.i for t in core) + 1
        text_span = self.doc[span_start:span_end]

        def make(root: str, sector: str, cameo: str | None, how: str) -> Actor:
            return Actor(
                text_span.text,
                actor_code(root, sector, cameo),
                root,
                sector,
                text_span.start_char,
                text_span.end_char,
                how,
            )

        own = self.mention_at.get(head.i)
        if own is not None:
            entry = own.pick(self.day)
            if entry is not None and entry.kind in ("person", "organisation"):
                # a role word inside the name ("Banque centrale européenne") is no sector
                role = self.roles.match(head) if own.end - own.start == 1 else None
                sector = entry.sector or (role.sector if role else "")
                return [make(entry.root, sector, entry.cameo, entry.source)]
        role = self.roles.match(head)
        qualifier = self._qualifier(head, core)
        if own is not None and qualifier is None:
            entry = own.pick(self.day)
            if entry is not None:
                sector = entry.sector
                if entry.kind == "demonym":
                    # "des Tibétains", "the Iranians": the people, civilians of their state
                    sector = role.sector if role else "CVL"
                return [make(entry.root, sector, entry.cameo, entry.source)]
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
            earlier = self._same_role_before(head)
            if earlier is not None:
                return [make(earlier.root, earlier.sector, None, f"anaphora: {earlier.text}")]
            if any(c.lower_ in _POSSESSIVES for c in head.children):
                # "l'OTAN … ses forces", "Iran … its troops": the owner is the clause's subject
                owner = self.history.last_subject(head.i)
                if owner:
                    return [make(owner[0].root, role.sector, None, f"possessive: {owner[0].text}")]
            # "d'autres pays", "les forces de la coalition internationale": not the article's
            # country, whichever word of the phrase says so
            if self.default_country and not any(t.lower_ in _NOT_DOMESTIC for t in core):
                return [
                    make(
                        self.default_country, role.sector, None, f"{role.source} + article country"
                    )
                ]
            return []
        if qualifier is not None:
            sector = (
                qualifier.sector if qualifier.kind in ("person", "organisation", "capital") else ""
            )
            if qualifier.kind == "demonym" and any(
                t.dep_ in ("nmod", "pobj")
                and t.pos_ in ("NOUN", "PROPN")
                and self.mention_at.get(t.i) is not None
                for t in core
            ):
                sector = "CVL"  # "des centaines de Tibétains": people of that state
            return [make(qualifier.root, sector, qualifier.cameo, qualifier.source)]
        # "Jean Dupont, l'un des porte-parole du mouvement", "Hassan, un manifestant":
        # an unknown name is what its apposition says it is
        for child in head.children:
            if child.dep_ == "appos" and child.i not in self.skip:
                found = self._resolve_one(child, speaker, depth)
                if found:
                    return [_retext(a, head) for a in found]
        # "la création du gouvernement", "members of the council": whose thing it is.
        if depth < 1:
            for child in head.children:
                if child.i in self.skip:
                    continue
                if child.dep_ in ("nmod", "prep") and self._is_genitive(child):
                    inner = _child_noun(child)
                    if inner is not None:
                        found = self._resolve_one(inner, speaker, depth + 1)
                        if found:
                            return found
        return []

    def _core_tokens(self, head: Token) -> list[Token]:
        """The head and its noun-phrase modifiers, without clauses or distant phrases."""
        out = [head]
        frontier = [(head, 0)]
        while frontier:
            tok, depth = frontier.pop()
            for child in tok.children:
                if child.dep_ not in _NP_DEPS or depth >= 3:
                    continue
                if child.dep_ in ("nmod", "prep") and not self._is_genitive(child):
                    continue
                out.append(child)
                frontier.append((child, depth + 1))
        return out

    def _is_genitive(self, tok: Token) -> bool:
        if tok.dep_ == "prep":
            return tok.lower_ in ("of",)
        cases = [c.lower_ for c in tok.children if c.dep_ == "case"]
        return not cases or any(c in _GENITIVE for c in cases)

    def _qualifier(self, head: Token, core: list[Token]) -> NameEntry | None:
        """The nearest name inside the phrase that tells whose the head is."""
        best: tuple[int, NameEntry] | None = None
        order = {"person": 0, "organisation": 1, "demonym": 2, "country": 2, "capital": 3}
        for tok in core:
            if tok.i == head.i:
                continue
            m = self.mention_at.get(tok.i)
            if m is None or head.i in range(m.start, m.end):
                continue
            entry = m.pick(self.day)
            if entry is None:
                continue
            rank = order.get(entry.kind, 9) * 1000 + abs(tok.i - head.i)
            if best is None or rank < best[0]:
                best = (rank, entry)
        return best[1] if best else None

    def _same_role_before(self, head: Token) -> Actor | None:
        """ "Le ministre" after "le ministre iranien": the latest actor named with that word."""
        if not any(
            c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’", "the") for c in head.children
        ):
            return None
        earlier = list(reversed(self.history.before(head.i)))
        word = head.text.lower()
        for actor in earlier:  # "the Secretary-General" after "UN Secretary-General Guterres"
            if word in actor.text.lower():
                return actor
        return None

    def _pair(self, head: Token) -> list[Actor]:
        """ "Les deux hommes", "the two leaders", "both sides": the last two distinct actors."""
        if head.lemma_.lower() not in _PAIR_NOUNS:
            return []
        if not any(c.lower_ in _PAIR_WORDS for c in head.children):
            return []
        group = self.history.last_group(head.i)
        if group is not None and len({a.root for a in group}) == 2:
            return [_retext(a, head) for a in group]
        distinct: list[Actor] = []
        for actor in reversed(self.history.before(head.i)):
            if all(a.root != actor.root for a in distinct):
                distinct.append(actor)
            if len(distinct) == 2:
                return [_retext(a, head) for a in reversed(distinct)]
        return []

    def _pronoun(self, head: Token, speaker: list[Actor] | None) -> list[Actor]:
        kind = _PRONOUNS.get(self.lang, {}).get(head.text.lower())
        if kind is None or head.dep_ in ("expl", "expl:subj", "expl:pv", "expl:comp"):
            return []
        if kind == "spk":
            return [_retext(a, head) for a in speaker] if speaker else []
        if kind == "pl":
            # "ils", "they", "them": the last actors named together, if recent
            last_group_i = max((i for i, _ in self.history.groups if i < head.i), default=-1)
            group = self.history.last_group(head.i)
            # ... unless a plural subject came later ("the members of the Council … They")
            plural_i = max(
                (
                    i
                    for i, _ in self.history.subjects
                    if last_group_i < i < head.i and "Plur" in self.doc[i].morph.get("Number", [])
                ),
                default=-1,
            )
            if (
                group is not None
                and plural_i < 0
                and _sentences_between(self.doc, last_group_i, head.i) <= 2
            ):
                return [_retext(a, head) for a in group]
        if kind in ("sg", "pl"):
            # Inside a quotation "ils" is never the speaker: look before the sentence.
            limit = _sentence_start(head) if _in_quote(head) else head.i
            subject = self.history.last_subject(limit)
            if subject is not None:
                return [_retext(a, head) for a in subject]
        earlier = self.history.before(head.i)
        if not earlier:
            return []
        if kind == "it":
            for actor in reversed(earlier):
                if actor.root in lexicons.ORGANISATION_ROOTS or actor.sector == "":
                    return [_retext(actor, head)]
            return []
        return [_retext(earlier[-1], head)]


def _phrase_start(name: Span) -> int:
    """Where the phrase naming a person begins: "UN Secretary-General António Guterres"."""
    root = name.root
    while (
        root.dep_ in ("appos", "flat", "flat:name", "compound")
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.i < name.start
    ):
        root = root.head
    return min(root.left_edge.i, name.start)


_OPEN_QUOTES = frozenset({"«", "“", "„"})
_CLOSE_QUOTES = frozenset({"»", "”"})


def _sentence_start(tok: Token) -> int:
    i = tok.i
    while i > 0 and not tok.doc[i].is_sent_start:
        i -= 1
    return i


def _in_quote(tok: Token) -> bool:
    """Whether `tok` stands inside a quotation opened earlier in its sentence."""
    depth = 0
    straight = 0
    for t in tok.doc[_sentence_start(tok) : tok.i]:
        if t.text in _OPEN_QUOTES:
            depth += 1
        elif t.text in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif t.text == '"':
            straight += 1
    return depth > 0 or straight % 2 == 1


def _sentences_between(doc: Doc, start: int, end: int) -> int:
    if start < 0:
        return 10**6
    return sum(1 for t in doc[start:end] if t.is_sent_start)


def _child_noun(tok: Token) -> Token | None:
    """The noun of a genitive: the nmod itself (UD) or the object of "of" (English prep)."""
    if tok.dep_ == "prep":
        return next((c for c in tok.children if c.dep_ == "pobj"), None)
    return tok


def _retext(actor: Actor, token: Token) -> Actor:
    span = (
        token.doc[token.left_edge.i : token.i + 1]
        if token.pos_ != "PRON"
        else token.doc[token.i : token.i + 1]
    )
    return Actor(
        span.text,
        actor.code,
        actor.root,
        actor.sector,
        span.start_char,
        span.end_char,
        f"anaphora: {actor.text}",
    )
