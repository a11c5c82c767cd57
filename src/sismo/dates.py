"""When an event happened: date expressions of its sentence resolved against the document date.

Rules of our own, in French and English ("hier soir", "mardi dernier", "il y a trois jours",
"le 3 janvier", "yesterday", "last Tuesday", "three days ago", "on January 3"): dateparser does
not resolve "hier soir", "mardi dernier" or "ce matin", and costs far more per sentence (see
BENCHMARKS.md). Only expressions of the act's own clause, or of a clause that governs it,
count; without one the document date stands. A document dated to the month gives no day from a
relative expression ("hier" in a "2020-01" article stays "2020-01"); an absolute one ("le 3
janvier") gives its day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mypy_extensions import mypyc_attr
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc

from .doc_view import DocView, morph_values, sid, sids

_MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
}
_EN_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "few": 3, "several": 3, "quelques": 3,
}  # fmt: skip
_RELATIVE_DAYS = {
    "fr": {
        r"avant[- ]hier": -2,
        r"hier(?: (?:soir|matin|midi|après-midi|après midi))?": -1,
        r"aujourd['’]hui|ce matin|ce midi|ce soir|cet après-midi|cette nuit|cette semaine": 0,
        r"après[- ]demain": 2,
        r"demain(?: (?:soir|matin))?": 1,
    },
    "en": {
        r"the day before yesterday": -2,
        r"yesterday(?: (?:morning|afternoon|evening|night))?|last night|overnight": -1,
        r"today|this (?:morning|afternoon|evening)|tonight|earlier today": 0,
        r"the day after tomorrow": 2,
        r"tomorrow": 1,
    },
}
# A word every expression of a kind holds, in lower case: a text holding none of these (nor a
# digit, month or weekday) holds no date expression, and is not scanned (`_finditer`).
_ANCHORS = {
    "fr": ("hier", "aujourd", "matin", "midi", "soir", "nuit", "semaine", "demain", "il y a",
           "mois"),
    "en": ("yesterday", "night", "today", "morning", "afternoon", "evening", "tomorrow", "ago",
           "month"),
}  # fmt: skip
_UNITS = {"jour": 1, "jours": 1, "day": 1, "days": 1, "semaine": 7, "semaines": 7, "week": 7,
          "weeks": 7}  # fmt: skip
_MONTH_UNITS = ("mois", "month", "months")
# Text whose every character matches case-blind exactly what its lower case matches: ASCII,
# Latin-1 but "µ" (also the Greek "μ"), general punctuation ("’", "«", "—"); no "ſ", "ı", "İ".
_CASE_SAFE = re.compile("[\u0000-\u00b4\u00b6-\u00ff\u2000-\u206f]*")
_GROUP_NAME = re.compile(r"\(\?P<\w+>")  # a named group's opening


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class DocDate:
    """A document date: its day (the 1st for a month-only date) and whether the day is known."""

    day: dt.date
    precision: str  # "day" | "month"

    @classmethod
    def parse(cls, value: str | None) -> DocDate | None:
        if not value:
            return None
        parts = value.split("-")
        try:
            if len(parts) == 2:
                return cls(dt.date(int(parts[0]), int(parts[1]), 1), "month")
            if len(parts) == 3:
                return cls(dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "day")
        except ValueError:
            return None
        return None


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class DateMention:
    """A date expression in the text and the date it resolves to."""

    start: int  # character offsets in the document
    end: int
    text: str
    date: str  # YYYY-MM-DD or YYYY-MM
    precision: str  # "day" | "month"


def _format(day: dt.date, precision: str) -> str:
    return day.isoformat() if precision == "day" else day.isoformat()[:7]


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# The letters an IGNORECASE pattern takes for ASCII ones ("ſ" for "s", "K" for "k"…), mapped
# back so that what the pattern matched is found in the month and weekday tables.
_UNICODE_CASE = str.maketrans({"ſ": "s", "ı": "i", "İ": "I", "\u212a": "K"})


def _fold(word: str) -> str:
    return word.translate(_UNICODE_CASE).lower()


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def _closest_year(month: int, day: int, ref: dt.date, direction: str) -> dt.date | None:
    """The year a date without one means: past after "dernier"/"last", future after
    "prochain"/"next", else the nearest to the document date."""
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if direction == "past":
        options = [d for d in options if d <= ref] or options
    elif direction == "future":
        options = [d for d in options if d >= ref] or options
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


class DateResolver:
    """Finds the date expressions of one language and resolves them; compiled once."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        months = _MONTHS.get(lang, _MONTHS["en"])
        self.months = {m: n for n, m in enumerate(months, start=1)}
        if lang == "en":
            self.months.update({a: n for n, a in enumerate(_EN_ABBREVIATIONS, start=1)})
            self.months["sept"] = 9
        self.weekdays = {w: n for n, w in enumerate(_WEEKDAYS.get(lang, _WEEKDAYS["en"]))}
        month = "|".join(sorted(self.months, key=len, reverse=True))
        weekday = "|".join(self.weekdays)
        relative = "|".join(f"(?:{p})" for p in _RELATIVE_DAYS.get(lang, {}))
        number = r"\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
        if lang == "fr":
            patterns = [
                rf"(?P<dm>(?:(?:{weekday}) )?(?P<d1>1er|\d{{1,2}}) (?P<m1>{month})"
                rf"(?: (?P<y1>\d{{4}}))?(?: (?P<dir1>dernier|prochain))?)",
                rf"(?P<ago>il y a (?:(?:tout )?juste )?(?P<n>{number}) (?P<unit>\w+))",
                rf"(?P<wd>(?P<w>{weekday})(?: (?:soir|matin|midi|après-midi))?"
                rf"(?: (?P<dir2>dernier|prochain))?)",
                rf"(?P<mo>(?:en |au mois de |mois de )(?P<m2>{month})(?: (?P<y2>\d{{4}}))?"
                rf"(?: (?P<dir3>dernier|prochain))?)",
                r"(?P<lm>le mois (?P<dir4>dernier|prochain))",
            ]
        else:
            patterns = [
                rf"(?P<dm>(?:(?P<m1>{month})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
                rf"|(?P<d1b>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m1b>{month})\.?)"
                rf"(?:,? (?P<y1>\d{{4}}))?)",
                rf"(?P<ago>(?P<n>{number}) (?P<unit>\w+) ago)",
                rf"(?P<wd>(?:(?P<dir2>last|next|this|on) )?(?P<w>{weekday})"
                r"(?: (?:morning|afternoon|evening|night))?)",
                rf"(?P<mo>(?:in |since |during )(?P<m2>{month})(?: (?P<y2>\d{{4}}))?)",
                r"(?P<lm>(?P<dir4>last|next) month)",
            ]
        # every expression begins with a word character: "(?=\w)" rejects the other positions
        # before the alternatives are tried (about twice as fast, same matches)
        source = rf"(?=\w)\b(?:(?P<rel>{relative})|" + "|".join(patterns) + r")\b"
        self._pattern = re.compile(source, re.IGNORECASE)
        # the same pattern, case-sensitive, for lowercased text (2 to 3 times faster): its
        # words are all lower case, so it only needs the text lowered (`_finditer`). Only the
        # words are compared: the "P" of "(?P<name>" is syntax.
        words = _GROUP_NAME.sub("(", source)
        self._lower = re.compile(source) if words == words.lower() else None
        # every expression holds a digit, a month, a weekday or one of the language's anchors
        self._anchors = (
            tuple("0123456789")
            + tuple(self.months)
            + tuple(self.weekdays)
            + _ANCHORS.get(lang, _ANCHORS["en"])
        )

    def _finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the pattern in `text`. Text made of characters whose lower case is
        all that ignoring case means (ASCII, Latin-1 letters but "µ", punctuation) is
        matched lowered by the case-sensitive pattern: same offsets and, lowered, same
        groups (the resolution lowers them anyway); other text by the case-blind one. Text
        with none of the words every expression holds (`_anchors`) is not scanned at all."""
        if self._lower is not None and _CASE_SAFE.fullmatch(text):
            lowered = text.lower()
            if not any(anchor in lowered for anchor in self._anchors):
                return iter(())  # most sentences: a few substring tests, not a regex scan
            return self._lower.finditer(lowered)
        return self._pattern.finditer(text)

    def mentions(
        self, text: str, ref: DocDate, offset: int = 0, future: bool = False
    ) -> list[DateMention]:
        """Every date expression of `text` that resolves against the document date `ref`;
        `future`: the verb is in the future, so a bare "mardi" or "le 3 mars" lies ahead."""
        out = []
        for m in self._finditer(text):
            resolved = self._resolve(m, ref, future)
            if resolved is not None:
                date, precision = resolved
                start, end = m.start(), m.end()
                out.append(
                    DateMention(offset + start, offset + end, text[start:end], date, precision)
                )
        return out

    def _resolve(self, m: re.Match[str], ref: DocDate, future: bool) -> tuple[str, str] | None:
        g = {k: (_fold(v) if isinstance(v, str) else v) for k, v in m.groupdict().items()}
        day = ref.day
        if g["rel"]:
            offset = next(
                n for p, n in _RELATIVE_DAYS[self.lang].items() if re.fullmatch(p, g["rel"])
            )
            return self._relative(ref, day + dt.timedelta(days=offset))
        if g["dm"]:
            number = g["d1"] or g.get("d1b") or ""
            name = g["m1"] or g.get("m1b") or ""
            month = self.months[name.rstrip(".")]
            date_day = 1 if number == "1er" else int(number)
            direction = _direction(g.get("dir1")) or ("future" if future else "")
            try:
                found = (
                    dt.date(int(g["y1"]), month, date_day)
                    if g["y1"]
                    else _closest_year(month, date_day, day, direction)
                )
            except ValueError:
                return None
            return (found.isoformat(), "day") if found else None
        if g["ago"]:
            n = _number(g["n"])
            if n is None:
                return None
            if g["unit"] in _MONTH_UNITS:
                return _format(_shift_month(day, -n), "month"), "month"
            if g["unit"] not in _UNITS:
                return None
            return self._relative(ref, day - dt.timedelta(days=n * _UNITS[g["unit"]]))
        if g["wd"]:
            direction = _direction(g.get("dir2")) or ("coming" if future else "")
            return self._weekday(ref, self.weekdays[g["w"]], direction)
        if g["mo"]:
            month = self.months[g["m2"].rstrip(".")]
            if g["y2"]:
                return f"{int(g['y2']):04d}-{month:02d}", "month"
            found = _closest_year(
                month,
                1,
                dt.date(day.year, day.month, 1),
                _direction(g.get("dir3")) or ("future" if future else ""),
            )
            return (_format(found, "month"), "month") if found else None
        if g["lm"]:
            step = -1 if _direction(g["dir4"]) == "past" else 1
            return _format(_shift_month(day, step), "month"), "month"
        return None

    @staticmethod
    def _relative(ref: DocDate, day: dt.date) -> tuple[str, str]:
        """A day counted from the document date; a month-only document keeps its month."""
        if ref.precision == "month":
            return _format(ref.day, "month"), "month"
        return day.isoformat(), "day"

    def _weekday(self, ref: DocDate, weekday: int, direction: str) -> tuple[str, str]:
        """ "mardi dernier"/"last Tuesday": the one before the document day; "prochain"/"next":
        the one after; a bare weekday in news is the latest one, the document day included,
        or with a verb in the future ("coming") the next one, the document day included."""
        day = ref.day
        back = (day.weekday() - weekday) % 7
        if direction == "coming":
            return self._relative(ref, day + dt.timedelta(days=(weekday - day.weekday()) % 7))
        if direction == "future":
            ahead = (weekday - day.weekday()) % 7 or 7
            return self._relative(ref, day + dt.timedelta(days=ahead))
        if direction == "past" and back == 0:
            back = 7
        return self._relative(ref, day - dt.timedelta(days=back))

    def memo(self, doc_date: str | None) -> DateMemo:
        """A memo for the events of one Doc dated `doc_date`."""
        return DateMemo(doc_date)

    def event_date(
        self,
        doc: Doc,
        view: DocView,
        trigger: int,
        sent: tuple[int, int],
        text: str,
        memo: DateMemo,
    ) -> tuple[str | None, str | None]:
        """The date and its precision for the act at token `trigger` of the sentence `sent`
        (first and end token): the expression of its own clause first, then of the nearest
        clause that governs it; else the document date. `text` is the Doc's text; `memo` (one
        per Doc) keeps what the events of one Doc share, so a sentence is read once."""
        ref = memo.ref
        if ref is None:
            return memo.doc_date, None
        act = clause_head(view, trigger)
        future = memo.is_future(doc, view, act)
        best: tuple[int, DateMention] | None = None
        for mention, head in self._sentence_mentions(doc, view, sent, text, memo, ref, future):
            depth = clause_depth(view, act, head)
            if depth is not None and (best is None or depth < best[0]):
                best = (depth, mention)
        if best is None:
            return memo.doc_date, ref.precision
        return best[1].date, best[1].precision

    def _sentence_mentions(
        self,
        doc: Doc,
        view: DocView,
        sent: tuple[int, int],
        text: str,
        memo: DateMemo,
        ref: DocDate,
        future: bool,
    ) -> list[tuple[DateMention, int]]:
        """The date expressions of a sentence resolved for a verb tense, each with the clause
        it belongs to; the text is matched once per sentence, resolved once per tense."""
        key = (sent[0], future)
        found = memo.resolved.get(key)
        if found is not None:
            return found
        matches = memo.matches.get(sent[0])
        if matches is None:
            offset = view.idx[sent[0]]
            end = view.idx[sent[1] - 1] + view.length[sent[1] - 1]
            matches = []
            for m in self._finditer(text[offset:end]):
                start, stop = offset + m.start(), offset + m.end()
                span = doc.char_span(start, stop, alignment_mode="expand")
                if span is not None:
                    matches.append((m, start, stop, clause_head(view, span.root.i)))
            memo.matches[sent[0]] = matches
        found = []
        for m, start, stop, head in matches:
            resolved = self._resolve(m, ref, future)
            if resolved is not None:
                date, precision = resolved
                found.append((DateMention(start, stop, text[start:stop], date, precision), head))
        memo.resolved[key] = found
        return found


class DateMemo:
    """What the events of one Doc share: its date parsed, per sentence the date expressions
    and the clause each sits in, per verb whether it speaks of the future."""

    def __init__(self, doc_date: str | None) -> None:
        self.doc_date = doc_date
        self.ref = DocDate.parse(doc_date)
        # per sentence: (match, start_char, end_char, clause head token)
        self.matches: dict[int, list[tuple[re.Match[str], int, int, int]]] = {}
        self.resolved: dict[tuple[int, bool], list[tuple[DateMention, int]]] = {}
        self._future: dict[int, bool] = {}

    def is_future(self, doc: Doc, view: DocView, verb: int) -> bool:
        found = self._future.get(verb)
        if found is None:
            found = self._future[verb] = _is_future(doc, view, verb)
        return found


_FUTURE_AUX = sids({"will", "shall", "'ll", "wo"})
_AUX, _XCOMP, _ALLER, _GOING = sid("aux"), sid("xcomp"), sid("aller"), sid("going")
_CLAUSE_POS = frozenset({VERB, AUX})


def _is_future(doc: Doc, view: DocView, verb: int) -> bool:
    """ "rencontrera", "va rencontrer", "will meet", "is going to meet"."""
    if "Fut" in morph_values(doc, view, verb, "Tense"):
        return True
    deps, lowers = view.deps, view.lowers
    if any(deps[c] == _AUX and lowers[c] in _FUTURE_AUX for c in view.children[verb]):
        return True
    head = view.heads[verb]
    return deps[verb] == _XCOMP and (
        (view.lemmas[head] == _ALLER and "Pres" in morph_values(doc, view, head, "Tense"))
        or lowers[head] == _GOING
    )


def _direction(word: str | None) -> str:
    if word in ("dernier", "last"):
        return "past"
    if word in ("prochain", "next"):
        return "future"
    return ""


def clause_head(view: DocView, i: int) -> int:
    """The verb whose clause token `i` belongs to (for a noun trigger, the verb it depends
    on)."""
    pos, heads = view.pos, view.heads
    node = i
    for _ in range(8):
        if pos[node] in _CLAUSE_POS or heads[node] == node:
            return node
        node = heads[node]
    return node


def clause_depth(view: DocView, act: int, clause: int) -> int | None:
    """How many clauses up from the act `clause` is (0: the act's own clause), or None when
    `clause` does not govern the act (a sibling or embedded clause)."""
    heads = view.heads
    node = act
    for depth in range(12):
        if node == clause:
            return depth
        if heads[node] == node:
            return None
        node = clause_head(view, heads[node])
    return None
