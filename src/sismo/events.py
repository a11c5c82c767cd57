"""Code events on the dependency parse: predicate → CAMEO code, subject → source, object → target.

`EventExtractor.extract` reads one parsed Doc sentence by sentence and returns the events and,
for each sentence without one, the reason (`SentenceNote`), so a user can see why a sentence was
or was not coded.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Container
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple, cast

from mypy_extensions import mypyc_attr
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.symbols import ADP, AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from . import cameo
from .actors import (
    ARTICLE_COUNTRY,
    RELATIVE_PRONOUNS,
    Actor,
    ActorResolver,
    CityCountry,
    NameMention,
    RoleIndex,
    actor_code,
    new_actor,
    without_init,
)
from .doc_view import DocView, label_starts, morph_values, sid, sids
from .fallbacks import (
    act_of_doers,
    demanded_subject,
    detached_object_ids,
    detached_objects,
    is_case_marked,
    stranded_subject,
    withdrawal_targets,
    wrongdoing_roots,
)
from .intent import intent_code, is_announced
from .lexicons import NameEntry, VerbEntry, strip_accents, verb_index
from .modality import blocked_reason, is_question
from .similarity import VerbNeighbours
from .word_cache import WordSet

_SUBJ = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")
_PASSIVE_SUBJ = ("nsubj:pass", "nsubjpass")
_ACTIVE_SUBJ = ("nsubj", "csubj")  # a passive subject is what the act is done to
_OBJ = ("obj", "dobj", "iobj", "dative", "obl:arg")
_TARGET_CASES = {
    "fr": ("à", "au", "aux", "contre", "sur", "avec", "envers", "vers", "auprès", "entre"),
    "en": (
        "against",
        "on",
        "with",
        "to",
        "at",
        "toward",
        "towards",
        "upon",
        "into",
        "over",
        "between",
    ),
}
_AGENT_CASES = ("par", "by")
# Predicates that take the act their object names as done: condemning, criticising, deploring
# it (110, 111, 114: not 112, an accusation alleges), praising or apologising for it (051, 055)
_PRESUPPOSING_CODES = ("110", "111", "114", "051", "055")
# A government's own forces, or its country as such: its orders to them are no demand
# between actors (`_is_command`)
_COMMANDED_SECTORS = frozenset({"MIL", "COP", "SPY", ""})
# Roots whose act "with X" is joint: meet with, cooperate with, clash with.
_JOINT_ROOTS = ("04", "06", "19")
_MATERIAL_CONFLICT = ("17", "18", "19", "20")
# An act under these is asked, promised, threatened or refused, not done (rule 2).
_INTENT_ROOTS = ("02", "03", "10", "12", "13")
_SYMMETRIC_CASES = ("avec", "with", "entre", "between")
# What a rejection answers: an appeal, an offer or a demand made earlier in the article.
_ASKED_ROOTS = frozenset({"02", "03", "10"})
_DEFINITE_OR_DEMONSTRATIVE = (
    "le",
    "la",
    "les",
    "l'",
    "l’",
    "ce",
    "cet",
    "cette",
    "ces",
    "the",
    "this",
    "these",
    "that",
    "those",
)
_LOCATIVE = ("en", "au", "aux", "dans", "in", "at", "inside")
_LOCATION_CASES = ("en", "à", "au", "aux", "dans", "in", "at", "inside", "near", "près")
_TEMPORAL_CASES = (
    "depuis",
    "après",
    "avant",
    "since",
    "after",
    "before",
    "following",
    "suite",
    "until",
    "jusqu'à",
)
_SOURCE_CASES_NOUN = ("de", "du", "des", "d'", "d’", "of", "par", "by")
_PRED_POS = {"verb": ("VERB", "AUX"), "noun": ("NOUN",), "adj": ("ADJ", "VERB")}
_PREDICATE_TAGS = frozenset(tag for tags in _PRED_POS.values() for tag in tags)
# plain ints: numpy compares an array with an enum member (what POS_IDS holds) 4x slower
_PREDICATE_POS_IDS = frozenset(int(POS_IDS[tag]) for tag in _PREDICATE_TAGS)
_VERB_ID = int(POS_IDS["VERB"])
_SUBJ_IDS = frozenset(get_string_id(dep) for dep in _SUBJ)
_NOMINAL_IDS = frozenset((int(POS_IDS["NOUN"]), int(POS_IDS["PROPN"])))
_HYPHEN_ID = get_string_id("-")
_ACCORDING_IDS = frozenset(get_string_id(w) for w in ("selon", "according"))  # who speaks
_OPENING_QUOTE_IDS = frozenset(get_string_id(q) for q in ("«", "“"))
_CLOSING_QUOTE_IDS = frozenset(get_string_id(q) for q in ("»", "”"))
# Edges a multiword pattern never crosses: another clause is another predicate.
_CLAUSE_DEPS = ("conj", "parataxis", "ccomp", "advcl", "acl:relcl", "relcl", "csubj", "cc")
_CLAUSE_DEP_IDS = sids(_CLAUSE_DEPS)
_NOT_IN_PATTERN_IDS = _CLAUSE_DEP_IDS | sids(_ACTIVE_SUBJ)
_DETACHED_DEP_IDS = sids(("advmod", "dep"))  # the labels `detached_objects` looks at
_PREP_CASE_IDS = sids(("prep", "case"))
_CASE_ID = sid("case")
_FIRST_PERSON_IDS = sids(("je", "j'", "j’", "i", "nous", "we"))  # a quoted speaker's "I"
_TEMPORAL_CASE_IDS = sids(_TEMPORAL_CASES)
_INTENT_CHAIN_IDS = sids(("xcomp", "ccomp", "obj", "dobj"))  # an act asked, promised...
# How a noun hangs on the predicate whose argument it is (`_governing_predicate`).
_ARGUMENT_DEP_IDS = sids(("obj", "dobj", "pobj", "prep", "nmod", "obl", "obl:arg", "iobj"))

# The same labels and words as string ids, for the rules that walk a `DocView`.
_PASSIVE_SUBJ_IDS = sids(_PASSIVE_SUBJ)
_OBJ_IDS = sids(_OBJ)
_NSUBJ_IDS = sids(("nsubj",))
_POBJ_IDS = sids(("pobj",))
_XCOMP_IDS = sids(("xcomp",))
_CCOMP_IDS = sids(("ccomp",))
_ACL_IDS = sids(("acl",))
_CASE_IDS = sids(("case", "fixed"))
_PREP, _POBJ, _ACL, _XCOMP, _CCOMP = (sid(d) for d in ("prep", "pobj", "acl", "xcomp", "ccomp"))
_ADVCL = sid("advcl")
_CONJ_IDS = sids(("conj",))
_OBL_AGENT, _AGENT_DEP = sid("obl:agent"), sid("agent")
_OBL_ARG, _OBJ_DEP = sid("obl:arg"), sid("obj")
_AGENT_DEP_IDS = sids(("agent", "obl:agent"))
_PASSIVE_AUX_IDS = sids(("aux:pass", "auxpass"))
_SHARING_IDS = sids(("conj", "advcl", "ccomp", "xcomp", "acl", "parataxis"))
_CONTROLLER_OBJ_IDS = sids(("obj", "dobj", "iobj"))
_LIGHT_PATH_IDS = sids(("obj", "dobj", "pobj", "prep", "nmod", "nsubj:pass", "nsubjpass"))
_DETERMINER_IDS = sids(("det", "det:poss", "poss"))
_RELCL_IDS = sids(("relcl", "acl:relcl"))
_NAME_HEAD_IDS = sids(("flat", "flat:name", "compound"))
_NMOD_PREP_IDS = sids(("nmod", "prep"))
_MODIFIER_IDS = sids(("amod", "compound"))
_OWNER_IDS = sids(("nmod:poss", "poss", "amod", "compound"))
_DIRECT_OBJ_IDS = sids(("obj", "dobj"))
_ADVERBIAL_IDS = sids(("obl", "obl:mod", "nmod", "pobj"))
_NESTED_IDS = sids(("nmod", "prep", "pobj"))
_ASKED_DEP_IDS = sids(("prep", "obl", "obl:arg"))
_BETWEEN_HOP_IDS = sids(
    ("nmod", "prep", "pobj", "acl:relcl", "relcl", "acl", "obl", "obl:mod", "obl:arg", "appos")
)
_TARGET_CASE_IDS = {lang: sids(cases) for lang, cases in _TARGET_CASES.items()}
_AGENT_CASE_IDS = sids(_AGENT_CASES)
_SYMMETRIC_IDS = sids(_SYMMETRIC_CASES)
_DEFINITE_OR_DEMONSTRATIVE_IDS = sids(_DEFINITE_OR_DEMONSTRATIVE)
_LOCATIVE_IDS = sids(_LOCATIVE)
_LOCATION_CASE_IDS = sids(_LOCATION_CASES)
_SOURCE_CASE_IDS = sids(_SOURCE_CASES_NOUN)
_GENITIVE_CASE_IDS = sids(_SOURCE_CASES_NOUN[:6])  # "de", "of": not "par", "by"
_BETWEEN_IDS = sids(("between", "entre"))
_FOR_IDS = sids(("for", "pour"))
_SE_IDS = sids(("se", "s'", "s’"))
_RELATIVE_IDS = sids(RELATIVE_PRONOUNS)
_PAR, _ON, _A_ID = sid("par"), sid("on"), sid("à")
_NO_CASE = sid("")  # 0: no preposition, never one of the cases above
_CLAUSE_POS = (VERB, AUX)
_NOMINAL_POS = (NOUN, PROPN)
_AGENT_POS = (NOUN, PROPN, PRON)
_NAMING_POS = (PRON, PROPN)
_NOTHING: frozenset[int] = frozenset()


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class Event:
    """One coded event, with everything needed to check it against its sentence."""

    doc_id: str | None
    date: str | None
    lang: str
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    code: str
    root: str
    label: str
    quad_class: int
    goldstein: float
    plover: str | None
    location: str | None
    source: Actor
    target: Actor | None
    lexicon_entry: str
    # set by the geo and dates stages (sismo.geo, sismo.dates) after extraction
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    date_precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "date": self.date,
            "date_precision": self.date_precision,
            "lang": self.lang,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "code": self.code,
            "root": self.root,
            "label": self.label,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "location": self.location,
            "place": self.place,
            "lat": self.lat,
            "lon": self.lon,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "lexicon_entry": self.lexicon_entry,
        }


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class SentenceNote:
    """Why a sentence gave no event."""

    sentence: str
    start: int
    end: int
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
            "detail": self.detail,
        }


# A word's lexicon entries in the order they are tried, each with the words its pattern needs
# besides its head (None for a one-word pattern), up to the first one-word entry: it always
# matches, so the ones after it are never tried.
_Entries = tuple[tuple[VerbEntry, frozenset[str] | None], ...]


def _needs(entries: tuple[VerbEntry, ...]) -> _Entries:
    out: list[tuple[VerbEntry, frozenset[str] | None]] = []
    for entry in entries:
        if len(entry.pattern) == 1:
            out.append((entry, None))
            break
        out.append((entry, frozenset(entry.pattern[1:])))
    return tuple(out)


class _Word(NamedTuple):
    """What a word (a lemma or a lowercase form) is to the predicate rules."""

    head: bool  # a lexicon head (`_maybe_predicates`)
    forms: tuple[str, ...]  # the pattern words it is (`_dependent_forms`)
    anti: bool  # starts with "anti" (`_anti_target`; lowercase forms only)


class _Candidate:
    """A matched predicate: its token, the lexicon entry that fired, the other words of its
    pattern. A plain class, not a dataclass: compiled, its `__init__` is native code."""

    __slots__ = ("token", "entry", "words")

    def __init__(self, token: Token, entry: VerbEntry, words: list[Token]) -> None:
        self.token = token
        self.entry = entry
        self.words = words


class EventExtractor:
    """Finds coded predicates and their arguments in a parsed Doc of one language."""

    def __init__(
        self,
        lang: str,
        roles: RoleIndex,
        neighbours: VerbNeighbours | None = None,
        names: dict[str, list[NameEntry]] | None = None,
        city_country: CityCountry | None = None,
    ) -> None:
        self.names = names or {}
        self.lang = lang
        self.roles = roles
        self.city_country = city_country  # see ActorResolver
        self.index = verb_index(lang)
        self.heads = frozenset(head for head, _ in self.index)
        self.neighbours = neighbours
        # What a lemma and a lowercase form are to the predicate rules (`_Word`), per word
        self.lemma_words: WordSet[_Word] = WordSet(self._lemma_word)
        self.lower_words: WordSet[_Word] = WordSet(self._lower_word)
        # (tag, lemma, form) -> the entries `match` tries for a word not joined by hyphens,
        # each with the words its pattern needs besides its head
        self._entries: dict[tuple[int, int, int], _Entries] = {}
        # The Doc being coded, read once (`_read_doc`): its text; per token, whether `match`
        # may hit; its nominal subjects; per sentence, its predicates.
        self._doc: Doc | None = None
        self._view: DocView | None = None
        self._text = ""
        self._maybe: list[int] = []  # the tokens that may be predicates
        self._subjects: list[int] = []
        self._according: list[int] = []  # "selon", "according": a source named after it
        self._quotes: list[tuple[int, int]] = []  # quotation marks: (token, +1 open / -1 close)
        self._anti: list[int] = []  # tokens starting with "anti"
        self._predicates: dict[tuple[int, int], list[_Candidate]] = {}
        # Words of multiword patterns after their head, and those found in the Doc being read
        self.pattern_words = frozenset(
            word for entries in self.index.values() for e in entries for word in e.pattern[1:]
        )
        self._forms: set[str] = set()
        self._doc_entries: dict[tuple[int, int, int], tuple[VerbEntry, ...]] = {}  # `_possible`

    # -- predicates -------------------------------------------------------------------------
    def match(self, token: Token) -> _Candidate | None:
        if token.pos not in _PREDICATE_POS_IDS:
            return None
        self._read_doc(token.doc)
        return self._match_at(token.i, token)

    def _match_at(self, i: int, token: Token | None = None) -> _Candidate | None:
        """`match` for the token at `i` of the Doc being read, tagged as a predicate may be:
        read from the Doc's lists, a Token made only for a candidate (or `token`, given)."""
        doc, view = cast(Doc, self._doc), cast(DocView, self._view)
        joined = None
        if i + 1 < view.n and view.orths[i + 1] == _HYPHEN_ID:
            token = token or doc[i]
            joined = _hyphenated(token)
        if joined is None:  # the entries to try depend on the tag, lemma and form only
            key = (view.pos[i], view.lemmas[i], view.lowers[i])
            entries = self._doc_entries.get(key)
            if entries is None:
                lexical = self._entries.get(key)
                if lexical is None:
                    if len(self._entries) > 200_000:  # bounded by the vocabulary
                        self._entries.clear()
                    token = token or doc[i]
                    lexical = self._entries[key] = _needs(self._lexicon_entries(token, None))
                entries = self._doc_entries[key] = self._possible(lexical)
        else:
            entries = self._possible(_needs(self._lexicon_entries(cast(Token, token), joined)))
        near: dict[str, list[int]] | None = None  # dependents' forms, read once per token
        for entry in entries:
            if len(entry.pattern) == 1:
                return _Candidate(token or doc[i], entry, [])
            if near is None:
                near = self._dependent_forms(i)
            words = _pattern_tokens(near, entry.pattern[1:])
            if words is not None:
                return _Candidate(token or doc[i], entry, [doc[w] for w in words])
        if self.neighbours is not None and view.pos[i] == _VERB_ID:
            token = token or doc[i]
            nearest = self.neighbours.nearest(token.lemma_.lower())
            if nearest is not None:
                model, score = nearest
                borrowed = VerbEntry(
                    (token.lemma_.lower(),),
                    model.code,
                    "verb",
                    model.flags,
                    f"nearest to {model.source} {model.head} (cosine {score:.2f}):",
                )
                return _Candidate(token, borrowed, [])
        return None

    def _lexicon_entries(self, token: Token, joined: str | None) -> tuple[VerbEntry, ...]:
        """The lexicon entries `token` may fire, in the order they are tried: by part of
        speech, then by form (the hyphenated word, the lemma, the word, without accents),
        longest pattern first."""
        out: dict[VerbEntry, None] = {}
        for pos, tags in _PRED_POS.items():
            if token.pos_ not in tags:
                continue
            keys = [token.lemma_.lower(), token.lower_]
            if joined:
                keys.insert(0, joined)
            keys += [strip_accents(k) for k in keys]
            for key in dict.fromkeys(keys):
                out.update(dict.fromkeys(self.index.get((key, pos), ())))
        return tuple(out)

    def _lemma_word(self, lemma: str) -> _Word | None:
        lemma = lemma.lower()
        forms = (lemma,) if lemma in self.pattern_words else ()
        head = lemma in self.heads or strip_accents(lemma) in self.heads
        return _Word(head, forms, False) if head or forms else None

    def _lower_word(self, lower: str) -> _Word | None:
        bare = strip_accents(lower)
        forms = tuple({lower, bare} & self.pattern_words)
        head = lower in self.heads or bare in self.heads
        anti = _starts_anti(lower)
        return _Word(head, forms, anti) if head or forms or anti else None

    def _maybe_predicates(self, view: DocView, heads_l: set[int], heads_w: set[int]) -> list[int]:
        """The tokens for which `match` can return a candidate, in order: its first test (tag,
        lexicon head, hyphen) on the Doc's columns and its distinct words, so that `match`
        runs on the few tokens that may be predicates, not on every token."""
        lemmas, lowers, orths = view.lemmas, view.lowers, view.orths
        last = view.n - 1
        verbs = self.neighbours is not None
        return [
            i
            for i, tag in enumerate(view.pos)
            if tag in _PREDICATE_POS_IDS
            and (
                lemmas[i] in heads_l
                or lowers[i] in heads_w
                or (i < last and orths[i + 1] == _HYPHEN_ID)
                or (verbs and tag == _VERB_ID)
            )
        ]

    def _possible(self, entries: _Entries) -> tuple[VerbEntry, ...]:
        """The entries that may match in the Doc being read (`_read_doc`), up to
        the first one-word entry (which always matches): a multiword pattern with a word
        missing from the text cannot match, so its head's dependents need not be read."""
        if len(entries) == 1 and entries[0][1] is None:
            return (entries[0][0],)  # a one-word entry first: nothing depends on the Doc
        kept = []
        forms = self._forms
        for entry, needs in entries:
            if needs is None:
                kept.append(entry)
                break
            if needs <= forms:
                kept.append(entry)
        return tuple(kept)

    def pattern_forms_of(self, i: int, view: DocView) -> tuple[str, ...]:
        """The pattern words token `i` is (lemma lowercased, form, form without accents)."""
        by_lemma = self.lemma_words.get(view.lemmas[i])
        by_lower = self.lower_words.get(view.lowers[i])
        if by_lemma is None or not by_lemma.forms:
            return by_lower.forms if by_lower is not None else ()
        if by_lower is None or not by_lower.forms or by_lower.forms == by_lemma.forms:
            return by_lemma.forms
        return tuple(set(by_lemma.forms).union(by_lower.forms))

    def _dependent_forms(self, head: int) -> dict[str, list[int]]:
        """The words near `head` that a multiword pattern may use, by pattern word (see
        `_dependent_forms`, the module function)."""
        return _dependent_forms(cast(Doc, self._doc), cast(DocView, self._view), head, self)

    def _read_doc(self, doc: Doc, text: str | None = None) -> None:
        """What the sentences of a Doc need, read once per Doc rather than token by token."""
        if self._doc is doc:
            return
        view = DocView.of(doc)
        self._doc, self._view, self._predicates = doc, view, {}
        self._text = doc.text if text is None else text
        strings = doc.vocab.strings
        lemma_ids, lower_ids = set(view.lemmas), set(view.lowers)
        # the words that are something to the predicate rules, each read once (`_Word`)
        by_lemma = self.lemma_words.found_in(lemma_ids, strings)
        by_lower = self.lower_words.found_in(lower_ids, strings)
        words = [*by_lemma.values(), *by_lower.values()]
        self._forms = {form for word in words for form in word.forms}
        self._doc_entries = {}
        self._maybe = self._maybe_predicates(
            view,
            {i for i, word in by_lemma.items() if word.head},
            {i for i, word in by_lower.items() if word.head},
        )
        pos, lowers = view.pos, view.lowers
        self._subjects = [
            i for i, dep in enumerate(view.deps) if dep in _SUBJ_IDS and pos[i] in _NOMINAL_IDS
        ]
        self._according = _tokens_with(lowers, lower_ids & _ACCORDING_IDS)
        # a quotation mark is its own lowercase form
        opening = _tokens_with(lowers, lower_ids & _OPENING_QUOTE_IDS)
        closing = _tokens_with(lowers, lower_ids & _CLOSING_QUOTE_IDS)
        self._quotes = sorted([(i, 1) for i in opening] + [(i, -1) for i in closing])
        # the tokens that start with "anti": only they can say what an act is against
        self._anti = _tokens_with(lowers, {i for i, word in by_lower.items() if word.anti})

    def _sentence_text(self, sent: Span) -> str:
        """`sent.text` without joining its tokens again: a slice of the Doc's text."""
        self._read_doc(sent.doc)
        return self._text[sent.start_char : sent.end_char]

    def _sentence_subjects(self, sent: Span) -> list[Token]:
        """The nominal subjects of a sentence (NOUN or PROPN), in order."""
        self._read_doc(sent.doc)
        subjects = self._subjects
        first = bisect_left(subjects, sent.start)
        last = bisect_left(subjects, sent.end, first)
        return [sent.doc[i] for i in subjects[first:last]]

    def _sentence_predicates(self, sent: Span) -> list[_Candidate]:
        """Every matched predicate of a sentence, in order; computed once per sentence."""
        self._read_doc(sent.doc)
        key = (sent.start, sent.end)
        found = self._predicates.get(key)
        if found is None:
            maybe = self._maybe
            first = bisect_left(maybe, sent.start)
            found = []
            for i in maybe[first : bisect_left(maybe, sent.end, first)]:
                cand = self._match_at(i)
                if cand is not None:
                    found.append(cand)
            self._predicates[key] = found
        return found

    # -- one document -----------------------------------------------------------------------
    def extract(
        self,
        doc: Doc,
        mentions: list[NameMention],
        *,
        doc_id: str | None = None,
        date: str | None = None,
        targetless: bool = False,
        text: str | None = None,
    ) -> tuple[list[Event], list[SentenceNote]]:
        """The events of a Doc and a note for each sentence without one. `text`, when given,
        must be the Doc's text (it saves rebuilding it from the tokens)."""
        day = _day(date)
        self._read_doc(doc, text)
        resolver = ActorResolver(
            doc,
            mentions,
            self.roles,
            self.lang,
            day,
            self.names,
            self._text or None,
            self.city_country,
        )
        events: list[Event] = []
        notes: list[SentenceNote] = []
        for sent in doc.sents:
            found, reason, detail = self._sentence(sent, resolver, doc_id, date, targetless)
            resolver.quote_speaker = self._open_quote_speaker(sent, resolver)
            events.extend(found)
            resolver.acts.extend((e.root, e.source) for e in found)
            if not found:
                notes.append(
                    SentenceNote(
                        self._sentence_text(sent), sent.start_char, sent.end_char, reason, detail
                    )
                )
        self._doc, self._view, self._text, self._predicates = None, None, "", {}  # keep no Doc
        return events, notes

    def _sentence(
        self,
        sent: Span,
        resolver: ActorResolver,
        doc_id: str | None,
        date: str | None,
        targetless: bool,
    ) -> tuple[list[Event], str, str]:
        for tok in self._sentence_subjects(sent):  # every named subject is an antecedent,
            resolver.resolve(tok, subject=True)  # coded or not
        candidates = _prune(self._sentence_predicates(sent))
        if not candidates:
            return [], "no coded predicate", ""
        speaker = self._speaker(sent, candidates, resolver) or resolver.quote_speaker
        events: list[Event] = []
        blocked: list[str] = []
        unresolved: list[str] = []
        by_token = {c.token.i: c for c in candidates}
        question = is_question(self._sentence_text(sent))
        view = DocView.of(sent.doc)
        for cand in candidates:
            reason = blocked_reason(cand.token, self.lang, question) or _under_intent(
                cand, by_token
            )
            if reason is None and cand.entry.pos == "noun":
                reason = _noun_not_asserted(cand.token)
            if reason is not None:
                blocked.append(f"{cand.token.text}: {reason}")
                continue
            announced = intent_code(cand.entry.code)
            if announced is not None and is_announced(cand.token, self.lang):
                # "will send weapons", "quitteront le pays": an intent (03), not the act
                cand = _Candidate(cand.token, replace(cand.entry, code=announced), cand.words)
            # pattern words are no actors, except people ("évacuer des civils")
            resolver.skip = {w.i for w in cand.words if self.roles.match(w) is None}
            resolver.skip.add(cand.token.i)
            sources, targets, symmetric_with = self._arguments(cand, sent, view, resolver, speaker)
            resolver.skip = set()
            if not sources:
                unresolved.append(f"{cand.token.text}: no source actor")
                continue
            if (
                cand.entry.pos == "noun"
                and not targets
                and not (("symmetric" in cand.entry.flags or symmetric_with) and len(sources) >= 2)
            ):
                unresolved.append(f"{cand.token.text}: no target actor")
                continue
            location = self._location(view, cand.token.i, resolver)
            if cand.entry.code in ("0874", "0356"):
                targets = withdrawal_targets(cand.token, sources, targets, resolver, location)
            events.extend(
                self._assemble(cand, sources, targets, symmetric_with, sent, location, doc_id, date)
            )
        if not targetless:
            if events and all(e.target is None for e in events):
                unresolved.extend(sorted({f"{e.trigger}: no target actor" for e in events}))
            events = [e for e in events if e.target is not None]
        non_report = [e for e in events if "report" not in _flags_of(e, candidates)]
        if non_report:
            events = non_report
        events = _dedupe(events)
        if events:
            return events, "", ""
        if blocked and not unresolved:
            kinds = sorted({b.split(": ", 1)[1] for b in blocked})
            return [], kinds[0] if len(kinds) == 1 else "not asserted", "; ".join(blocked)
        detail = "; ".join(blocked + unresolved)
        if unresolved and all(u.endswith("no target actor") for u in unresolved):
            return [], "no target actor", detail
        return [], "no actor", detail

    # -- arguments --------------------------------------------------------------------------
    def _speaker(
        self, sent: Span, candidates: list[_Candidate], resolver: ActorResolver
    ) -> list[Actor] | None:
        """Who speaks in a quoted sentence: the subject of its reporting verb."""
        doc = sent.doc
        self._read_doc(doc)
        view = cast(DocView, self._view)
        deps, children = view.deps, view.children
        for cand in candidates:
            if "report" in cand.entry.flags:
                subj = next((c for c in children[cand.token.i] if deps[c] in _SUBJ_IDS), None)
                if subj is not None and view.lowers[subj] not in _FIRST_PERSON_IDS:
                    actors = resolver.resolve(doc[subj])
                    if actors:
                        return actors
        according = self._according
        first = bisect_left(according, sent.start)
        for i in according[first : bisect_left(according, sent.end, first)]:
            if deps[i] == _CASE_ID:
                target: int | None = view.heads[i]
            elif deps[i] == _PREP:
                target = next((c for c in children[i] if deps[c] == _POBJ), None)
            else:
                continue
            if target is not None:
                actors = resolver.resolve(doc[target])
                if actors:
                    return actors
        return None

    def _open_quote_speaker(self, sent: Span, resolver: ActorResolver) -> list[Actor] | None:
        """A quotation left open at the end of a sentence goes on in the next ones, in the
        voice of the same speaker ("Nous demandons…" three sentences after "a déclaré : «")."""
        depth = resolver.quote_depth
        self._read_doc(sent.doc)
        quotes = self._quotes
        first = bisect_left(quotes, (sent.start, -2))
        for _, step in quotes[first : bisect_left(quotes, (sent.end, -2), first)]:
            depth = depth + 1 if step > 0 else max(0, depth - 1)
        resolver.quote_depth = depth
        if depth == 0:
            return None
        candidates = self._sentence_predicates(sent)
        return self._speaker(sent, candidates, resolver) or resolver.quote_speaker

    def _arguments(
        self,
        cand: _Candidate,
        sent: Span,
        view: DocView,
        resolver: ActorResolver,
        speaker: list[Actor] | None,
    ) -> tuple[list[Actor], list[Actor], bool]:
        """Sources, targets and whether a "with" argument makes the act joint, for a predicate
        of `sent`. The parse is walked on token indices (`view`); a Token is made only for
        what is resolved or matched."""
        doc = resolver.doc
        t = cand.token.i
        flags = cand.entry.flags
        if cand.entry.pos == "noun":
            return self._noun_victims(
                cand,
                view,
                resolver,
                speaker,
                *self._noun_arguments(view, t, sent, resolver, speaker, flags),
            )
        # the words of a multiword pattern are not prepositional arguments of their head
        words = {w.i for w in cand.words}
        pattern = {i for i in words if view.pos[i] != ADP}
        if cand.entry.pos == "adj":
            src = _kid(view, t, _SUBJ_IDS)
            if src < 0:
                src = _inherited_subject(doc, view, t)
            adj_sources = resolver.resolve(doc[src], speaker) if src >= 0 else []
            agent = _agent(doc, view, t)
            adj_targets = resolver.resolve(doc[agent], speaker) if agent >= 0 else []
            return (
                adj_sources,
                adj_targets or self._prep_targets(view, t, resolver, pattern),
                False,
            )
        subj = _kid(view, t, _SUBJ_IDS)
        passive = _is_passive(view, t)
        if passive:
            source = _agent(doc, view, t)
            # "the statement was issued by X": a pattern word is what is done, not to whom
            target = subj if subj >= 0 and subj not in words else -1
        elif subj < 0 and view.deps[t] == _ACL and _agent(doc, view, t) >= 0:
            # "le gouvernement, soutenu par le PASOK": the participle's noun is acted on
            source = _agent(doc, view, t)
            target = view.heads[t]
        else:
            source = subj if subj >= 0 else _inherited_subject(doc, view, t)
            target = -1
        sources = resolver.resolve(doc[source], speaker, subject=True) if source >= 0 else []
        if passive and not sources and source >= 0:
            # "tué par un tir lancé par les rebelles": the agent of the weapon's act
            sources = _participle_agents(doc, view, source, resolver, speaker)
        if (
            not sources
            and self.lang == "fr"
            and not passive
            and (subj < 0 or is_case_marked(view, subj))
        ):
            # "Le gouvernement, affaibli, a de son côté condamné": a subject the parse lost
            stranded = stranded_subject(
                cand.token, sent, lambda t: bool(resolver.resolve(t, speaker))
            )
            if stranded is not None:
                source = stranded.i
                sources = resolver.resolve(stranded, speaker, subject=True)
        targets: list[Actor] = []
        if target >= 0:
            targets = resolver.resolve(doc[target], speaker)
        if "report" in flags and not passive:
            # a statement is addressed to someone or about someone named, not to whatever a
            # noun inside its object mentions ("constate des attaques contre la police")
            addressed = self._addressee(view, t, resolver, speaker)
            return sources, _without_press_audience(cand.entry.code, addressed), False
        if not targets and passive and subj >= 0:
            # "les sanctions contre l'Iran ont été levées"
            targets = self._prep_targets(view, subj, resolver, _NOTHING)
            if not targets:  # "l'accord entre la Grèce et le FMI a été signé par Athènes"
                roots = {a.root for a in sources}
                targets = [
                    p for p in self._between(view, subj, resolver, speaker) if p.root not in roots
                ]
        targets, symmetric_with = self._verb_targets(
            cand, sent, view, resolver, speaker, sources, targets, source
        )
        return sources, _without_press_audience(cand.entry.code, targets), symmetric_with

    def _verb_targets(
        self,
        cand: _Candidate,
        sent: Span,
        view: DocView,
        resolver: ActorResolver,
        speaker: list[Actor] | None,
        sources: list[Actor],
        targets: list[Actor],
        source: int,
    ) -> tuple[list[Actor], bool]:
        """The target of a verb or adjective predicate when its subject or passive voice gave
        none: objects, prepositional arguments, complements, earlier acts, victims."""
        doc = resolver.doc
        t = cand.token.i
        root = cand.entry.code[:2]
        flags = cand.entry.flags
        kids, deps = view.children, view.deps
        words = {w.i for w in cand.words}
        pattern = {i for i in words if view.pos[i] != ADP}
        if not targets:
            for obj in _kids(view, t, _OBJ_IDS) + detached_object_ids(view, t):
                if _is_clause(view, obj) or _is_reciprocal(view, obj):
                    continue
                if root == "04" and not self._names_actor(view, obj, resolver):
                    continue  # one meets or receives people, not "un tapis brodé du Maroc"
                if root == "11":
                    # "condemned the arrest of the journalists by Turkish police": one
                    # condemns the doer an act noun names, not those it was done to
                    agent = _agent_of(view, obj)
                    if agent >= 0:
                        targets = resolver.resolve(doc[_child_noun_of(view, agent)], speaker)
                        if targets:
                            break
                # "accepté la main tendue par X": the pattern's noun is no actor, its agent is;
                # "des slogans anti-américains": what they are against
                # "envahi l'ambassade du Royaume-Uni", "pris le contrôle de la ville syrienne":
                # force against a thing the pattern names hits its owner
                owned = obj not in words or root in _MATERIAL_CONFLICT
                targets = self._anti_target(view, obj, resolver, -1, own=True) or (
                    resolver.resolve(doc[obj], speaker) if owned else []
                )
                if not targets and not owned:
                    targets = self._owner_of(view, obj, resolver, speaker)
                if not targets:
                    targets = self._prep_targets(view, obj, resolver, pattern)
                if not targets and root in ("02", "10"):
                    # "exigent la publication des résultats par la commission": the doer of
                    # the act demanded is the addressee
                    agent = next((c for c in kids[obj] if _case_of(view, c) in _AGENT_CASE_IDS), -1)
                    if agent >= 0:
                        targets = resolver.resolve(doc[_child_noun_of(view, agent)], speaker)
                if not targets:
                    targets = _participle_agents(doc, view, obj, resolver, speaker)
                if targets:
                    break
        symmetric_with = False
        if not targets:
            targets, symmetric_with = self._prep_targets_sym(view, t, resolver, pattern)
        if not targets and "report" not in flags:
            for comp in _kids(view, t, _XCOMP_IDS):
                if _kid(view, comp, _SUBJ_IDS) < 0:
                    targets = self._verb_object(view, comp, resolver, speaker)
                    if not targets:
                        complement = self.match(doc[comp])
                        # "menacé de s'en prendre aux mosquées": who would suffer the force
                        if (
                            complement is not None
                            and complement.entry.code[:2] in _MATERIAL_CONFLICT
                        ):
                            targets = self._victims(view, comp, resolver, sources)
                    if targets:
                        break
        if not targets and root in ("02", "10"):
            # "called for a meeting of the Security Council": whose act is asked for
            for prep in kids[t]:
                if view.lowers[prep] in _FOR_IDS and deps[prep] in _ASKED_DEP_IDS:
                    asked = _kid(view, prep, _POBJ_IDS) if deps[prep] == _PREP else prep
                    if asked >= 0:
                        targets = resolver.resolve(doc[asked], speaker)
                    if targets:
                        break
        if not targets and root in _INTENT_ROOTS + ("11",):
            # "Washington exige que Pyongyang cesse": the addressee is the clause's subject
            for comp in _kids(view, t, _CCOMP_IDS):
                subj = _kid(view, comp, _SUBJ_IDS)
                if subj >= 0:
                    targets = resolver.resolve(doc[subj], speaker)
                    if targets:
                        break
            demanded = demanded_subject(cand.token, sent) if not targets else None
            if demanded is not None:
                targets = resolver.resolve(demanded, speaker)
        if not targets:
            targets = self._anti_target(view, t, resolver, source)
        if not targets and root not in _MATERIAL_CONFLICT:
            # "a condamné l'attaque": a verbal act about an earlier act ("arrêtez la
            # destruction" stops the act, it does not arrest its doers)
            targets = self._event_anaphora(view, t, resolver, sources, root)
        if not targets and root in _MATERIAL_CONFLICT:
            targets = self._victims(view, t, resolver, sources)
        return targets, symmetric_with

    def _owner_of(
        self, view: DocView, noun: int, resolver: ActorResolver, speaker: list[Actor] | None
    ) -> list[Actor]:
        """Whose the thing a pattern's noun names is: "rejected the American proposal",
        "accepted Turkey's offer", "a rejeté la proposition de Moscou". An adjective or
        compound counts only when it is a name, and then the whole phrase is read ("the
        Russian ambassador" is Russia's government, "Russian" alone its people)."""
        doc = resolver.doc
        for child in view.children[noun]:
            dep = view.deps[child]
            if dep in _MODIFIER_IDS:
                if child not in resolver.mention_at:
                    continue
                head = noun
            elif dep in _OWNER_IDS:
                head = child
            elif dep in _NMOD_PREP_IDS and _case_of(view, child) in _GENITIVE_CASE_IDS:
                head = _kid(view, child, _POBJ_IDS) if dep == _PREP else child
            else:
                continue
            found = resolver.resolve(doc[head], speaker) if head >= 0 else []
            if found:
                return found
        return []

    def _names_actor(self, view: DocView, i: int, resolver: ActorResolver) -> bool:
        """Whether the head of a phrase is itself a name, a role or a pronoun."""
        return (
            view.pos[i] in _NAMING_POS
            or i in resolver.mention_at
            or self.roles.match(resolver.doc[i]) is not None
        )

    def _addressee(
        self, view: DocView, t: int, resolver: ActorResolver, speaker: list[Actor] | None
    ) -> list[Actor]:
        """Whom a statement names: a direct object that is itself a name, role or pronoun, or
        a prepositional argument of the verb ("a déclaré à la France")."""
        for obj in _kids(view, t, _OBJ_IDS):
            if self._names_actor(view, obj, resolver):
                found = resolver.resolve(resolver.doc[obj], speaker)
                if found:
                    return found
        return self._prep_targets_sym(view, t, resolver, _NOTHING)[0]

    def _event_anaphora(
        self, view: DocView, t: int, resolver: ActorResolver, sources: list[Actor], root: str = ""
    ) -> list[Actor]:
        """ "a condamné l'attaque", "criticised the sanctions", "an offer which was accepted by
        Iran": an act named by a noun is the one coded earlier in the article, and its doers
        are the target."""
        named = [o for o in _kids(view, t, _OBJ_IDS) if _is_definite(view, o)]
        subj = _kid(view, t, _PASSIVE_SUBJ_IDS) if _is_passive(view, t) else -1
        if subj >= 0 and view.lowers[subj] in _RELATIVE_IDS and view.deps[t] in _RELCL_IDS:
            named.append(view.heads[t])  # the noun the relative clause describes
        elif subj >= 0 and _is_definite(view, subj):
            named.append(subj)
        for i in named:
            if view.pos[i] != NOUN:
                continue
            obj = act_of_doers(resolver.doc[i])  # "les auteurs de ces exactions": their act
            roots = {
                e.code[:2]
                for key in (obj.lemma_.lower(), obj.lower_)
                for e in self.index.get((key, "noun"), ())
            } | wrongdoing_roots(obj)
            if root == "12":
                roots |= _ASKED_ROOTS  # "ont refusé cet accès": who asked for it
            own = {s.code for s in sources}
            for n in range(len(resolver.acts) - 1, -1, -1):
                act_root, actor = resolver.acts[n]
                if act_root not in roots or actor.code in own:
                    continue
                doers = [a for r, a in resolver.acts if r == act_root and a.start == actor.start]
                return [
                    new_actor(
                        obj.text,
                        a.code,
                        a.root,
                        a.sector,
                        obj.idx,
                        obj.idx + len(obj.text),
                        f"doer of the earlier {act_root} act",
                    )
                    for a in dict.fromkeys(doers)
                ]
        return []

    def _noun_victims(
        self,
        cand: _Candidate,
        view: DocView,
        resolver: ActorResolver,
        speaker: list[Actor] | None,
        sources: list[Actor],
        targets: list[Actor],
        joint: bool,
    ) -> tuple[list[Actor], list[Actor], bool]:
        """ "la destruction de la mosquée par X": what a noun of force harms belongs to no
        actor; its victims are the civilians where it happens, as for a verb."""
        if sources and not targets and cand.entry.code[:2] in _MATERIAL_CONFLICT:
            t = cand.token.i
            words = {w.i for w in cand.words}
            harmed = [
                c
                for c in view.children[t]
                if view.deps[c] in _NMOD_PREP_IDS
                and c not in words
                and _case_of(view, c) in _GENITIVE_CASE_IDS
                and not resolver.resolve(resolver.doc[_child_noun_of(view, c)], speaker)
            ]
            if harmed:
                targets = self._victims(view, t, resolver, sources, harmed)
        return sources, targets, joint

    def _victims(
        self,
        view: DocView,
        t: int,
        resolver: ActorResolver,
        sources: list[Actor],
        acted_on: list[int] | None = None,
    ) -> list[Actor]:
        """Force against people or property with no named actor ("a attaqué un hôtel à
        Kaboul", "ont détruit la porte de la mosquée"): the civilians of the country where it
        happens, when the sentence or the article says which country that is. `acted_on`: what
        a noun predicate's genitive names ("la destruction de la porte")."""
        if len(sources) > 1 or _has_reciprocal(view, t):
            return []  # "l'armée et les rebelles se battent": they fight each other
        doc = resolver.doc
        if acted_on is None:
            kids, deps, strings = view.children[t], view.deps, doc.vocab.strings
            acted_on = (
                detached_object_ids(view, t)
                + [c for c in kids if deps[c] in _OBJ_IDS and not _is_reciprocal(view, c)]
                + [c for c in kids if label_starts(strings, deps[c], "obl") or deps[c] == _PREP]
            )
        # "arrêtez la destruction": an act named as object is no one harmed
        named = [c for c in acted_on if c not in resolver.skip]
        if not acted_on or (named and self.match(doc[named[0]]) is not None):
            return []
        country = self._location(view, t, resolver) or resolver.default_country
        # A state acting as a whole does not strike its own civilians in this reading; its
        # police, army or rebels may ("les islamistes ont détruit la porte de la mosquée").
        if country is None or any(s.root == country and s.sector in ("", "CVL") for s in sources):
            return []
        obj = acted_on[0]
        first, last = _edges(doc, obj)
        self._read_doc(doc)  # its text: the words harmed are sliced from it
        return [
            new_actor(
                view.text(self._text, first, last + 1),
                actor_code(country, "CVL"),
                country,
                "CVL",
                view.idx[first],
                view.idx[last] + view.length[last],
                f"victims in {country}",
            )
        ]

    def _verb_object(
        self, view: DocView, verb: int, resolver: ActorResolver, speaker: list[Actor] | None
    ) -> list[Actor]:
        for obj in _kids(view, verb, _OBJ_IDS):
            if not _is_clause(view, obj):
                found = resolver.resolve(resolver.doc[obj], speaker)
                if found:
                    return found
        return self._prep_targets(view, verb, resolver, _NOTHING)

    def _anti_target(
        self, view: DocView, t: int, resolver: ActorResolver, source: int, own: bool = False
    ) -> list[Actor]:
        """ "slogans anti-américains", "anti-government protests": what the act is against.
        With `own`, only the modifiers of `t` itself are read; `source`: the doer's token (its
        phrase is not what the act is against), or -1."""
        doc = resolver.doc
        self._read_doc(doc)
        anti = self._anti
        if not anti:
            return []  # no word of the text starts with "anti"
        if not own:  # the subtree lies between its edges
            left, right = _edges(doc, t)
            first = bisect_left(anti, left)
            if first == len(anti) or anti[first] > right:
                return []
        skip = set(view.subtree(source)) if source >= 0 else set()
        kids, deps = view.children, view.deps
        if own:
            # "des drapeaux, des portraits et des banderoles anti-israéliennes": every conjunct
            nodes = [
                c for h in (t, *view.conjuncts(t)) for c in kids[h] if deps[c] in _MODIFIER_IDS
            ]
            nodes += [g for c in nodes for g in kids[c]]
        else:
            nodes = view.subtree(t)
        marked = set(anti)  # only these can say "anti"
        strings = doc.vocab.strings
        for node in nodes:
            if node in skip or node not in marked:
                continue
            lower = strings[view.lowers[node]]
            if lower.startswith("anti-") and len(lower) > 5:
                # one token in French: "anti-américains"
                word = doc[node]
                against = resolver.name_actor(word, word.text[5:])
                if against is not None:
                    return [against]
                continue
            if lower not in ("anti", "anti-"):
                continue
            nxt = node + 1 if lower == "anti-" else node + 2
            if lower == "anti" and not (nxt - 1 < view.n and view.orths[nxt - 1] == _HYPHEN_ID):
                continue
            if nxt < view.n:
                found = resolver.resolve(doc[nxt])
                if found:
                    return found
        return []

    def _between(
        self, view: DocView, t: int, resolver: ActorResolver, speaker: list[Actor] | None
    ) -> list[Actor]:
        """The parties of an "entre X et Y" / "between X and Y" phrase on a noun, its
        complements or its relative clause."""
        kids, deps = view.children, view.deps
        frontier = [(t, 0)]
        while frontier:
            node, depth = frontier.pop(0)
            for child in kids[node]:
                if _case_of(view, child) in _BETWEEN_IDS:
                    inner = _kid(view, child, _POBJ_IDS) if deps[child] == _PREP else child
                    parties = resolver.resolve(resolver.doc[inner], speaker) if inner >= 0 else []
                    if len(parties) >= 2:
                        return parties
                elif depth < 2 and deps[child] in _BETWEEN_HOP_IDS:
                    frontier.append((child, depth + 1))
        return []

    def _participants(
        self,
        view: DocView,
        t: int,
        sent: Span,
        resolver: ActorResolver,
        speaker: list[Actor] | None,
    ) -> list[Actor]:
        """ "Au cours d'un appel, les deux hommes ont convenu", "During a meeting, A and B
        discussed": a joint act named in an adverbial of `sent` is done by the clause's
        subjects."""
        doc = resolver.doc
        for verb in range(sent.start, sent.end):
            if view.pos[verb] not in _CLAUSE_POS or verb == t:
                continue
            subj = _kid(view, verb, _NSUBJ_IDS)
            if subj < 0:
                continue
            found = resolver.resolve(doc[subj], speaker, subject=True)
            if len(found) >= 2:
                return found
        return []

    def _noun_arguments(
        self,
        view: DocView,
        t: int,
        sent: Span,
        resolver: ActorResolver,
        speaker: list[Actor] | None,
        flags: frozenset[str] = frozenset(),
    ) -> tuple[list[Actor], list[Actor], bool]:
        doc = resolver.doc
        kids, deps = view.children[t], view.deps
        sources: list[Actor] = []
        for child in kids:
            dep = deps[child]
            if dep in _MODIFIER_IDS and child not in resolver.mention_at:
                continue
            if dep in _OWNER_IDS or (
                dep in _NMOD_PREP_IDS and _case_of(view, child) in _AGENT_CASE_IDS
            ):
                head = _kid(view, child, _POBJ_IDS) if dep == _PREP else child
                if head >= 0:
                    sources = resolver.resolve(doc[head], speaker)
                if sources:
                    break
        genitive = -1
        for child in kids:
            if deps[child] in _NMOD_PREP_IDS and _case_of(view, child) in _SOURCE_CASE_IDS:
                genitive = _kid(view, child, _POBJ_IDS) if deps[child] == _PREP else child
                break
        if not sources:
            governor = _light_verb(view, t)
            if governor >= 0:
                src = _kid(view, governor, _NSUBJ_IDS)
                if src < 0:
                    src = _inherited_subject(doc, view, governor)
                if _is_passive(view, governor):
                    src = _agent(doc, view, governor)
                if src >= 0:
                    sources = resolver.resolve(doc[src], speaker)
        if not sources and "symmetric" in flags and deps[t] in _ADVERBIAL_IDS:
            sources = self._participants(view, t, sent, resolver, speaker)
        # "the swap between the United States and Russia", "la rupture des relations entre
        # les deux pays", "les négociations qui se déroulent entre Washington et Téhéran":
        # the parties named together do the act to each other
        parties = self._between(view, t, resolver, speaker)
        if len(parties) >= 2:
            return parties, [], True
        targets = self._prep_targets(view, t, resolver, _NOTHING)
        symmetric_with = any(_case_of(view, c) in _SYMMETRIC_IDS for c in kids)
        if genitive >= 0:
            actors = resolver.resolve(doc[genitive], speaker)
            if not sources:
                sources = actors
            elif not targets:
                targets = actors
        governor = _light_verb(view, t)
        if not targets and governor >= 0 and deps[t] in _DIRECT_OBJ_IDS:
            # "a organisé un sommet avec le Mali": the light verb carries the other party
            skip = {t} if view.pos[t] != ADP else _NOTHING
            targets, symmetric_with = self._prep_targets_sym(view, governor, resolver, skip)
        return sources, targets, symmetric_with

    def _prep_targets(
        self,
        view: DocView,
        t: int,
        resolver: ActorResolver,
        skip: AbstractSet[int],
        depth: int = 0,
    ) -> list[Actor]:
        """Targets inside a noun phrase: "a round of sanctions against Iran" (nested PPs)."""
        found, _ = self._prep_targets_sym(view, t, resolver, skip)
        if found or depth >= 2:
            return found
        deps = view.deps
        for child in view.children[t]:
            if deps[child] in _NESTED_IDS and view.pos[child] != VERB:
                inner = _kid(view, child, _POBJ_IDS) if deps[child] == _PREP else child
                if inner >= 0:
                    found = self._prep_targets(view, inner, resolver, skip, depth + 1)
                    if found:
                        return found
        return []

    def _prep_targets_sym(
        self, view: DocView, t: int, resolver: ActorResolver, skip: AbstractSet[int]
    ) -> tuple[list[Actor], bool]:
        """A target in a prepositional argument of `t` ("contre X", "on X", "with X"); `skip`:
        the pattern words that are no argument."""
        cases = _TARGET_CASE_IDS.get(self.lang, _NOTHING)
        deps, lowers = view.deps, view.lowers
        doc = resolver.doc
        for child in view.children[t]:
            if child in skip:
                continue
            if deps[child] == _PREP and lowers[child] in cases:
                # "to the families of the victims and to the government of Egypt": the
                # coordinated preposition hangs on the first one
                for prep in (child, *_kids(view, child, _CONJ_IDS)):
                    if lowers[prep] not in cases:
                        continue
                    obj = _kid(view, prep, _POBJ_IDS)
                    if obj >= 0 and not _is_location(lowers[prep], obj, resolver):
                        found = resolver.resolve(doc[obj])
                        if found:
                            return found, lowers[prep] in _SYMMETRIC_IDS
                continue
            case = _case_of(view, child)
            if case in cases and label_starts(doc.vocab.strings, deps[child], ("obl", "nmod")):
                if _is_location(case, child, resolver):
                    continue  # "au Caire", "en Irak": where, not whom
                found = resolver.resolve(doc[child])
                if found:
                    return found, case in _SYMMETRIC_IDS
        return [], False

    def _location(self, view: DocView, t: int, resolver: ActorResolver) -> str | None:
        """The country the sentence places the act in: "en Irak", "in Kabul"."""
        placed = resolver.place_tokens()
        left, right = _edges(resolver.doc, t)
        first = bisect_left(placed, left)
        last = bisect_right(placed, right, first)
        if first == last:
            return None  # no country or capital in the subtree, which lies between its edges
        # the places in the subtree, in its order (a crossing arc may put a token between
        # the edges outside the subtree)
        nodes = placed[first:last]
        if len(nodes) > 1 or not view.governs(t, nodes[0]):
            inside = set(nodes)
            nodes = [i for i in view.subtree(t) if i in inside]
        deps, heads = view.deps, view.heads
        for node in nodes:
            entry = resolver.mention_at[node].pick(resolver.day)
            if entry is None or entry.kind not in ("country", "capital"):
                continue
            head = node
            while deps[head] in _NAME_HEAD_IDS and heads[head] != head:
                head = heads[head]
            case = _case_of(view, head) if deps[head] != _POBJ else view.lowers[heads[head]]
            if case in _LOCATION_CASE_IDS:
                return entry.root
        return None

    # -- assembly ---------------------------------------------------------------------------
    def _assemble(
        self,
        cand: _Candidate,
        sources: list[Actor],
        targets: list[Actor],
        symmetric_with: bool,
        sent: Span,
        location: str | None,
        doc_id: str | None,
        date: str | None,
    ) -> list[Event]:
        symmetric = "symmetric" in cand.entry.flags
        pairs: list[tuple[Actor, Actor | None]] = []
        if targets:
            for src in sources:
                for tgt in targets:
                    if tgt.root == src.root and tgt.sector == src.sector:
                        continue
                    if _is_command(cand.entry.code, src, tgt):
                        continue
                    pairs.append((src, tgt))
                    if symmetric or (symmetric_with and cand.entry.code[:2] in _JOINT_ROOTS):
                        pairs.append((tgt, src))
            if not pairs:
                pairs = [(src, None) for src in sources]
        elif len(sources) >= 2 and (
            symmetric
            or cand.entry.code[:2] in _JOINT_ROOTS
            or cand.entry.code == "057"
            or _has_reciprocal(DocView.of(cand.token.doc), cand.token.i)
            or symmetric_with
        ):
            # "Washington et Pékin ont convenu…", "the two leaders pledged…": joint acts of
            # the parties named together are acts toward each other (rule 7).
            for a in sources:
                for b in sources:
                    if (a.root, a.sector) != (b.root, b.sector):
                        pairs.append((a, b))
        else:
            pairs = [(src, None) for src in sources]
        if cand.words:
            words = sorted([cand.token, *cand.words], key=lambda t: t.i)
            trigger = " ".join(t.text for t in words)
        else:
            trigger = cand.token.text
        # the same for every pair
        sentence = self._sentence_text(sent)
        start, end = sent.start_char, sent.end_char
        trigger_start = cand.token.idx
        trigger_end = trigger_start + len(cand.token.text)
        entry = cand.entry.describe()
        out = []
        for src, tgt_or_none in pairs:
            code = _repression(cand.entry.code, src, tgt_or_none)
            row = cameo.lookup(code)
            fields = {
                "doc_id": doc_id,
                "date": date,
                "lang": self.lang,
                "sentence": sentence,
                "start": start,
                "end": end,
                "trigger": trigger,
                "trigger_start": trigger_start,
                "trigger_end": trigger_end,
                "code": code,
                "root": code[:2],
                "label": row.label,
                "quad_class": row.quad_class,
                "goldstein": row.goldstein,
                "plover": row.plover,
                "location": location,
                "source": src,
                "target": tgt_or_none,
                "lexicon_entry": entry,
                "place": None,
                "lat": None,
                "lon": None,
                "date_precision": None,
            }
            out.append(without_init(Event, fields))
        return out


def _repression(code: str, source: Actor, target: Actor | None) -> str:
    """Force used by a state's police, army or government on its own civilians or opposition
    is "violent repression" (175) in the CAMEO codebook, whatever verb tells it."""
    if (
        target is not None
        and code[:2] in ("18", "19")
        and source.root == target.root
        and source.sector in ("COP", "MIL", "GOV")
        and target.sector in ("CVL", "OPP")
    ):
        return "175"
    return code


# -- parse helpers --------------------------------------------------------------------------
@lru_cache(maxsize=1024)
def _day(date: str | None) -> dt.date | None:
    if not date:
        return None
    parts = date.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 15)
    except (ValueError, IndexError):
        return None


def _starts_anti(word: str) -> bool:
    return word.startswith("anti")


def _tokens_with(words: list[int], values: set[int] | frozenset[int]) -> list[int]:
    """The tokens whose word is one of `values`; none to look for when the Doc's distinct
    words hold none of them (most Docs for a rare word)."""
    return [i for i, word in enumerate(words) if word in values] if values else []


def _dependent_forms(
    doc: Doc, view: DocView, head: int, extractor: EventExtractor
) -> dict[str, list[int]]:
    """The words near `head` a multiword pattern may use (token indices), by the pattern word
    they are as a lemma or a form (`EventExtractor.pattern_forms_of`).

    The subject is the doer, never part of what the predicate says ("clash police" is clashing
    with the police); another clause is another predicate."""
    deps, children = view.deps, view.children
    kids = [c for c in children[head] if deps[c] not in _NOT_IN_PATTERN_IDS]
    if deps[head] in _DETACHED_DEP_IDS:  # `detached_objects` finds none otherwise
        # "ils ont cassé la porte" parsed with "porte" on "ont"
        kids += [t.i for t in detached_objects(doc[head])]
    near = [*kids, *(g for c in kids for g in children[c] if deps[g] not in _CLAUSE_DEP_IDS)]
    near += [p for g in near if deps[g] in _PREP_CASE_IDS for p in children[g]]
    forms: dict[str, list[int]] = {}
    lemmas, lowers = view.lemmas, view.lowers
    by_lemma, by_lower = extractor.lemma_words.get, extractor.lower_words.get
    for tok in near:
        if by_lemma(lemmas[tok]) is None and by_lower(lowers[tok]) is None:
            continue  # no pattern word (most words)
        for form in extractor.pattern_forms_of(tok, view):
            forms.setdefault(form, []).append(tok)
    return forms


def _pattern_tokens(near: dict[str, list[int]], words: tuple[str, ...]) -> list[int] | None:
    found: list[int] = []
    for word in words:
        hit = next((t for t in near.get(word, ()) if t not in found), None)
        if hit is None:
            return None
        found.append(hit)
    return found


_RECIPROCAL = frozenset({"se", "s'", "s’", "each", "one"})
_RECIPROCAL_IDS = sids(_RECIPROCAL)


def _is_location(case: int, i: int, resolver: ActorResolver) -> bool:
    """ "en Irak", "in Iraq", "à Paris", "at Kabul": a place where, not a party to whom.
    ("à la France" stays a party: only a city takes a bare "à".) `case`: the preposition's
    lowercase string id."""
    mention = resolver.mention_at.get(i)
    entry = mention.pick(resolver.day) if mention else None
    if entry is None:
        return False
    if case in _LOCATIVE_IDS:
        return entry.kind in ("country", "capital")
    return case == _A_ID and entry.kind == "capital"


def _is_definite(view: DocView, i: int) -> bool:
    deps, lowers = view.deps, view.lowers
    return any(
        deps[c] in _DETERMINER_IDS and lowers[c] in _DEFINITE_OR_DEMONSTRATIVE_IDS
        for c in view.children[i]
    )


def _is_reciprocal(view: DocView, i: int) -> bool:
    """ "se battent", "fought each other": the object is the subjects themselves."""
    return view.pos[i] == PRON and view.lowers[i] in _RECIPROCAL_IDS


def _has_reciprocal(view: DocView, i: int) -> bool:
    """ "se battent": reciprocal; "s'attaquer à la porte", "s'en prendre à X": a pronominal
    verb with its own argument is done to that argument."""
    deps, pos, kids = view.deps, view.pos, view.children[i]
    if any(deps[c] == _OBL_ARG or (deps[c] == _OBJ_DEP and pos[c] != PRON) for c in kids):
        return False
    return any(_is_reciprocal(view, c) for c in kids)


def _participle_agents(
    doc: Doc, view: DocView, noun: int, resolver: ActorResolver, speaker: list[Actor] | None
) -> list[Actor]:
    """The agents of the participles that modify a noun ("la main tendue par X")."""
    for acl in _kids(view, noun, _ACL_IDS):
        agent = _agent(doc, view, acl)
        if agent >= 0:
            found = resolver.resolve(doc[agent], speaker)
            if found:
                return found
    return []


def _child_noun_of(view: DocView, i: int) -> int:
    """The noun of a prepositional phrase: the nmod itself (UD) or the object of the
    English preposition."""
    if view.deps[i] == _PREP:
        obj = _kid(view, i, _POBJ_IDS)
        return obj if obj >= 0 else i
    return i


def _edges(doc: Doc, i: int) -> tuple[int, int]:
    """The first and last token of `i`'s subtree, as the parser stored them: cheaper for a
    few predicates than `DocView`'s edge lists, which read the whole Doc."""
    tok = doc[i]
    return tok.left_edge.i, tok.right_edge.i


def _hyphenated(token: Token) -> str | None:
    """ "cease-fire", "sit-in": the word the tokenizer split at its hyphens, from its first part."""
    doc = token.doc
    i = token.i
    parts = [token.text]
    while (
        i + 2 < len(doc)
        and doc[i].whitespace_ == ""
        and doc[i + 1].text == "-"
        and doc[i + 1].whitespace_ == ""
        and doc[i + 2].is_alpha
    ):
        parts.append(doc[i + 2].text)
        i += 2
    return "-".join(parts).lower() if len(parts) > 1 else None


def _child(tok: Token, deps: tuple[str, ...]) -> Token | None:
    """The first child of `tok` with one of the labels `deps` (read on the Doc's view)."""
    doc = tok.doc
    found = _kid(DocView.of(doc), tok.i, _label_ids(deps))
    return doc[found] if found >= 0 else None


@lru_cache(maxsize=256)
def _label_ids(labels: tuple[str, ...]) -> frozenset[int]:
    return sids(labels)


def _kid(view: DocView, i: int, labels: AbstractSet[int]) -> int:
    """The first child of token `i` with one of `labels` (string ids), or -1."""
    deps = view.deps
    for c in view.children[i]:
        if deps[c] in labels:
            return c
    return -1


def _kids(view: DocView, i: int, labels: AbstractSet[int]) -> list[int]:
    deps = view.deps
    return [c for c in view.children[i] if deps[c] in labels]


def _case(tok: Token) -> str:
    """The preposition of a phrase ("contre X": "contre"), lowercase; "" for none."""
    case = _case_of(DocView.of(tok.doc), tok.i)
    return tok.vocab.strings[case] if case != _NO_CASE else ""


def _case_of(view: DocView, i: int) -> int:
    """`_case` on token indices: the lowercase string id of the preposition, 0 for none."""
    if view.deps[i] == _PREP:
        return view.lowers[i]
    deps = view.deps
    for c in view.children[i]:
        if deps[c] in _CASE_IDS:
            return view.lowers[c]
    return _NO_CASE


def _is_clause(view: DocView, i: int) -> bool:
    deps = view.deps
    return view.pos[i] in _CLAUSE_POS or any(deps[c] in _SUBJ_IDS for c in view.children[i])


def _is_passive(view: DocView, i: int) -> bool:
    """A passive with an auxiliary or an agent; the French pronominal "se" construction
    ("les manifestants se sont rassemblés") keeps its subject as the doer."""
    deps, lowers = view.deps, view.lowers
    auxiliary = pronominal = False
    for c in view.children[i]:
        if deps[c] in _AGENT_DEP_IDS:
            return True
        auxiliary = auxiliary or deps[c] in _PASSIVE_AUX_IDS
        pronominal = pronominal or lowers[c] in _SE_IDS
    # "se sont rassemblées": pronominal, the subject does it
    return auxiliary and not pronominal


def _agent(doc: Doc, view: DocView, i: int) -> int:
    """The agent of a passive or participle ("par X", "by X"), or -1."""
    deps, pos = view.deps, view.pos
    for c in view.children[i]:
        dep = deps[c]
        if dep == _OBL_AGENT or (
            pos[c] in _AGENT_POS
            and _case_of(view, c) == _PAR
            and label_starts(doc.vocab.strings, dep, "obl")
        ):
            return c  # "par ailleurs", "par exemple" are adverbs, not agents
        if dep == _AGENT_DEP:
            return _kid(view, c, _POBJ_IDS)
    return -1


def _inherited_subject(doc: Doc, view: DocView, i: int) -> int:
    """The subject a verb shares with the verb it hangs on (coordination, xcomp, gerund),
    or -1."""
    node = i
    for _ in range(5):
        dep = view.deps[node]
        parent = view.heads[node]
        if parent == node or dep not in _SHARING_IDS:
            return -1
        if dep == _XCOMP:
            controller = _controller(view, parent)
            if controller >= 0:
                return controller
        if dep == _ADVCL and "Inf" in morph_values(doc, view, node, "VerbForm"):
            # "calls on all sides to release", "relies on Iran to strike": the parser often
            # hangs the infinitive on the verb, not as its xcomp; the one called on does it
            controller = _on_object(view, parent)
            if controller >= 0:
                return controller
        if dep == _ACL and view.pos[parent] in _NOMINAL_POS:
            if "Part" in morph_values(doc, view, node, "VerbForm") and "Past" in morph_values(
                doc, view, node, "Tense"
            ):
                return _agent(doc, view, node)
            return parent
        if (
            dep == _CCOMP
            and _kid(view, node, _SUBJ_IDS) < 0
            and not ({"Part", "Ger", "Inf"} & set(morph_values(doc, view, node, "VerbForm")))
        ):
            return -1
        subj = _kid(view, parent, _SUBJ_IDS)
        if subj >= 0:
            # "X ont été prévenues et ont réussi à évacuer": X is the surface subject
            # shared by both verbs, whatever the voice of the first.
            return subj
        node = parent
    return -1


def _controller(view: DocView, verb: int) -> int:
    """The addressee that does the act of an xcomp: "urged X to", "called on X to"; -1."""
    obj = _kid(view, verb, _CONTROLLER_OBJ_IDS)
    if obj >= 0 and view.pos[obj] in _AGENT_POS:
        return obj
    return _on_object(view, verb)


def _on_object(view: DocView, verb: int) -> int:
    """X of "called on X", "relied on X"; -1. An infinitive after it is X's act, whereas one
    after a direct object may be the subject's purpose ("visited Paris to meet")."""
    for prep in view.children[verb]:
        if view.deps[prep] == _PREP and view.lowers[prep] == _ON:
            return _kid(view, prep, _POBJ_IDS)
    return -1


def _light_verb(view: DocView, noun: int) -> int:
    """The verb whose subject does what the noun names: "launched an invasion", "joined a
    day of protests", "a ordonné le retrait" (through objects and "of/de" phrases); -1."""
    node = noun
    for _ in range(4):
        if view.deps[node] not in _LIGHT_PATH_IDS:
            return -1
        node = view.heads[node]
        if view.pos[node] == VERB:
            return node
    return -1


def _noun_not_asserted(tok: Token) -> str | None:
    """Rule 11: a noun that only dates something ("depuis l'attaque") is not an event."""
    view = DocView.of(tok.doc)
    i, deps, lowers = tok.i, view.deps, view.lowers
    if deps[i] == _PREP:  # its case word (as `_case` reads it) is a temporal one
        temporal = lowers[i] in _TEMPORAL_CASE_IDS
    else:
        case = next((c for c in view.children[i] if deps[c] in _CASE_IDS), None)
        temporal = case is not None and lowers[case] in _TEMPORAL_CASE_IDS
    if temporal:
        return "noun only dates another fact"
    if deps[i] == _POBJ and lowers[view.heads[i]] in _TEMPORAL_CASE_IDS:
        return "noun only dates another fact"
    return None


def _under_intent(cand: _Candidate, by_token: dict[int, _Candidate]) -> str | None:
    """ "agreed to work together", "urged X to release": the inner act is not (yet) done."""
    view = DocView.of(cand.token.doc)
    node = cand.token.i
    for _ in range(3):
        head = view.heads[node]
        if view.deps[node] not in _INTENT_CHAIN_IDS or head == node:
            return None
        node = head
        governor = by_token.get(node)
        if governor is not None and governor.entry.code[:2] in _INTENT_ROOTS:
            return f"not asserted ({governor.token.lemma_.lower()})"
    return None


def _prune(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop predicates that are part of a longer pattern, and nouns that are only the
    argument of another predicate ("condamner les tirs": the condemnation is the event),
    unless that predicate takes the act as done and the noun names who did it (rule 11:
    "condemns the detention of X by Venezuelan forces" is also the detention)."""
    if not candidates:
        return candidates
    used = {w.i for c in candidates for w in c.words}
    heads = {c.token.i: c for c in candidates}
    view = DocView.of(candidates[0].token.doc)
    kept = []
    for cand in candidates:
        i = cand.token.i
        if i in used:
            continue
        if cand.entry.pos == "noun":
            governor = _governing_predicate(view, i, heads)
            if governor >= 0 and not (
                heads[governor].entry.code[:3] in _PRESUPPOSING_CODES and _agent_of(view, i) >= 0
            ):
                continue
        kept.append(cand)
    return kept


def _is_command(code: str, source: Actor, target: Actor) -> bool:
    """Whether a demand is an order down a state's own chain of command ("Hollande ordered the
    withdrawal of French troops"): no interaction between two actors, so no event."""
    return (
        code.startswith("10")
        and source.root == target.root
        and source.sector == "GOV"
        and target.sector in _COMMANDED_SECTORS
    )


def _without_press_audience(code: str, targets: list[Actor]) -> list[Actor]:
    """A statement's targets without the press it was made to: "told reporters", "speaking
    to journalists", "a déclaré à la presse" address no political actor. Journalists whom the
    text ties to a state or outlet by name stay ("told Iranian state media")."""
    if not code.startswith("01") or not targets:
        return targets
    return [a for a in targets if not (a.sector == "MED" and a.how.endswith(ARTICLE_COUNTRY))]


def _governing_predicate(view: DocView, tok: int, heads: Container[int]) -> int:
    """The predicate among `heads` whose argument the noun `tok` is, or -1."""
    node = tok
    for _ in range(2):
        if view.deps[node] not in _ARGUMENT_DEP_IDS:
            return -1
        node = view.heads[node]
        if node in heads:
            return node
    return -1


def _agent_of(view: DocView, noun: int) -> int:
    """The phrase that says who did the act a noun names ("by X", "par X"), or -1."""
    for child in view.children[noun]:
        if view.deps[child] in _NMOD_PREP_IDS and _case_of(view, child) in _AGENT_CASE_IDS:
            return child
    return -1


def _flags_of(event: Event, candidates: list[_Candidate]) -> frozenset[str]:
    for cand in candidates:
        if cand.token.idx == event.trigger_start and cand.entry.describe() == event.lexicon_entry:
            return cand.entry.flags
    return frozenset()


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[str, str, str, str, int]] = set()
    out = []
    for e in events:
        key = (
            e.code,
            e.source.root,
            e.source.sector,
            e.target.root if e.target else "",
            e.trigger_start,
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
