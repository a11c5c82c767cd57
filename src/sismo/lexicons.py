"""Load and validate the lexicon data files shipped in `sismo/data/`.

Each loader returns immutable records that remember the file and line they came from, so an
event can say which entry fired and a malformed entry fails loudly with its place.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .cameo import cameo_table
from .errors import LexiconError

ORGANISATION_ROOTS = frozenset(
    [
        "NATO",
        "UN",
        "EU",
        "AU",
        "ARAB_LEAGUE",
        "ASEAN",
        "OPEC",
        "IAEA",
        "ICC",
        "WHO",
        "IMF",
        "WORLD_BANK",
        "OSCE",
        "GCC",
        "ECOWAS",
        "OAS",
        "OIC",
        "G7",
        "G20",
        "ISIS",
        "AL_QAEDA",
        "HEZBOLLAH",
        "HAMAS",
        "TALIBAN",
        "AL_SHABAAB",
        "BOKO_HARAM",
        "NGO",
    ]
)
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "OPP",
        "REB",
        "CVL",
        "MED",
        "BUS",
        "NGO",
        "REF",
        "EDU",
        "HLH",
        "LAB",
        "ELI",
        "SPY",
        "CRM",
        "AGR",
        "ENV",
        "IGO",
    ]
)
LANGS = frozenset({"fr", "en", "*"})
_ISO3 = re.compile(r"^[A-Z]{3}$")
_CODE = re.compile(r"^\d{2,4}$")
VERB_POS = frozenset({"verb", "noun", "adj"})
VERB_FLAGS = frozenset({"report", "symmetric"})


@dataclass(frozen=True)
class VerbEntry:
    """One predicate pattern: head lemma plus lemmas that must depend on it."""

    pattern: tuple[str, ...]
    code: str
    pos: str
    flags: frozenset[str]
    source: str  # "verbs_fr.tsv:12"

    @property
    def head(self) -> str:
        return self.pattern[0]

    def describe(self) -> str:
        return f"{self.source} {' '.join(self.pattern)} ({self.pos}) -> {self.code}"


@dataclass(frozen=True)
class NameEntry:
    """A name that denotes an actor: country, capital, organisation, group or person."""

    name: str
    root: str
    sector: str
    kind: str  # country | capital | demonym | organisation | person
    cameo: str
    source: str
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        if self.start and day < self.start:
            return False
        return not (self.end and day >= self.end)


@dataclass(frozen=True)
class RoleEntry:
    term: tuple[str, ...]
    sector: str
    source: str


def _read_data(filename: str) -> str:
    return resources.files("sismo").joinpath(f"data/{filename}").read_text(encoding="utf-8")


def _data_lines(filename: str, text: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) of a TSV data file (or of `text`, read as that file),
    skipping header, comments and blanks."""
    if text is None:
        text = _read_data(filename)
    for n, line in enumerate(text.splitlines(), start=1):
        if n == 1 or not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, [c.strip() for c in line.rstrip("\n").split("\t")]


def _need(cells: list[str], count: int, filename: str, n: int) -> list[str]:
    if len(cells) < count:
        cells = cells + [""] * (count - len(cells))
    if len(cells) > count:
        raise LexiconError("E009", file=filename, line=n, reason=f"expected {count} columns")
    return cells


def _check_root(root: str, filename: str, n: int) -> None:
    if root not in ORGANISATION_ROOTS and not _ISO3.match(root):
        raise LexiconError("E009", file=filename, line=n, reason=f"unknown root actor {root!r}")


def _check_sector(sector: str, filename: str, n: int) -> None:
    if sector and sector not in SECTORS:
        raise LexiconError("E009", file=filename, line=n, reason=f"unknown sector {sector!r}")


def _check_lang(lang: str, filename: str, n: int) -> None:
    if lang not in LANGS:
        raise LexiconError("E009", file=filename, line=n, reason=f"unknown language {lang!r}")


def _parse_date(value: str, filename: str, n: int) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise LexiconError("E009", file=filename, line=n, reason=f"bad date {value!r}") from exc


@lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=4)
def verb_entries(lang: str) -> tuple[VerbEntry, ...]:
    return parse_verb_entries(f"verbs_{lang}.tsv")


def parse_verb_entries(filename: str, text: str | None = None) -> tuple[VerbEntry, ...]:
    """The entries of a verb lexicon file, or of `text` read as that file (tests give
    malformed ones)."""
    table = cameo_table()
    out: list[VerbEntry] = []
    for n, cells in _data_lines(filename, text):
        pattern, code, pos, flags = _need(cells, 4, filename, n)
        words = tuple(pattern.lower().split())
        if not words:
            raise LexiconError("E009", file=filename, line=n, reason="empty pattern")
        if not _CODE.match(code) or code not in table:
            raise LexiconError("E009", file=filename, line=n, reason=f"unknown CAMEO code {code!r}")
        if pos not in VERB_POS:
            raise LexiconError("E009", file=filename, line=n, reason=f"unknown pos {pos!r}")
        flagset = frozenset(f for f in flags.split("|") if f)
        if not flagset <= VERB_FLAGS:
            raise LexiconError("E009", file=filename, line=n, reason=f"unknown flags {flags!r}")
        out.append(VerbEntry(words, code, pos, flagset, f"{filename}:{n}"))
    return tuple(out)


@lru_cache(maxsize=4)
def verb_index(lang: str) -> dict[tuple[str, str], tuple[VerbEntry, ...]]:
    """Entries by (head lemma, pos), longest pattern first, file order within a length."""
    index: dict[tuple[str, str], list[VerbEntry]] = {}
    for entry in verb_entries(lang):
        index.setdefault((entry.head, entry.pos), []).append(entry)
        plain = strip_accents(entry.head)
        if plain != entry.head:
            index.setdefault((plain, entry.pos), []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.pattern))) for k, v in index.items()}


def _country_codes() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@lru_cache(maxsize=4)
def country_names(lang: str) -> tuple[NameEntry, ...]:
    """Country names from babel and pycountry, plus the press forms of countries_extra.tsv."""
    import pycountry
    from babel import Locale

    a2_to_a3 = _country_codes()
    out: list[NameEntry] = []
    for a2, name in Locale(lang).territories.items():
        a3 = a2_to_a3.get(a2)
        if a3 is None or not name:
            continue
        out.append(NameEntry(name, a3, "", "country", a3, f"babel:{lang}"))
        short = re.sub(r"\s*\(.*\)\s*$", "", name)
        if short != name:
            out.append(NameEntry(short, a3, "", "country", a3, f"babel:{lang}"))
    if lang == "en":
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    out.append(NameEntry(value, c.alpha_3, "", "country", c.alpha_3, "pycountry"))
    filename = "countries_extra.tsv"
    for n, cells in _data_lines(filename):
        iso3, lg, name = _need(cells, 3, filename, n)
        _check_root(iso3, filename, n)
        _check_lang(lg, filename, n)
        if lg in (lang, "*"):
            out.append(NameEntry(name, iso3, "", "country", iso3, f"{filename}:{n}"))
    return tuple(out)


@lru_cache(maxsize=4)
def demonyms(lang: str) -> tuple[NameEntry, ...]:
    filename = "demonyms.tsv"
    out: list[NameEntry] = []
    for n, cells in _data_lines(filename):
        iso3, lg, forms = _need(cells, 3, filename, n)
        _check_root(iso3, filename, n)
        _check_lang(lg, filename, n)
        if lg not in (lang, "*"):
            continue
        for form in forms.split("|"):
            if form.strip():
                out.append(NameEntry(form.strip(), iso3, "", "demonym", iso3, f"{filename}:{n}"))
    return tuple(out)


@lru_cache(maxsize=4)
def capitals(lang: str) -> tuple[NameEntry, ...]:
    filename = "capitals.tsv"
    out: list[NameEntry] = []
    for n, cells in _data_lines(filename):
        iso3, lg, name, sector = _need(cells, 4, filename, n)
        _check_root(iso3, filename, n)
        _check_lang(lg, filename, n)
        _check_sector(sector, filename, n)
        if lg in (lang, "*") and name:
            out.append(NameEntry(name, iso3, sector, "capital", iso3 + sector, f"{filename}:{n}"))
    return tuple(out)


@lru_cache(maxsize=4)
def organisations(lang: str) -> tuple[NameEntry, ...]:
    filename = "organizations.tsv"
    out: list[NameEntry] = []
    for n, cells in _data_lines(filename):
        root, cameo, sector, lg, names = _need(cells, 5, filename, n)
        _check_root(root, filename, n)
        _check_sector(sector, filename, n)
        _check_lang(lg, filename, n)
        if not cameo:
            raise LexiconError("E009", file=filename, line=n, reason="missing CAMEO actor code")
        if lg not in (lang, "*"):
            continue
        for name in names.split("|"):
            if name.strip():
                out.append(
                    NameEntry(name.strip(), root, sector, "organisation", cameo, f"{filename}:{n}")
                )
    return tuple(out)


@lru_cache(maxsize=1)
def people() -> tuple[NameEntry, ...]:
    filename = "people.tsv"
    out: list[NameEntry] = []
    for n, cells in _data_lines(filename):
        name, aliases, root, sector, start, end, _role = _need(cells, 7, filename, n)
        _check_root(root, filename, n)
        _check_sector(sector, filename, n)
        begin, finish = _parse_date(start, filename, n), _parse_date(end, filename, n)
        if begin is None:
            raise LexiconError("E009", file=filename, line=n, reason="missing start date")
        if finish is not None and finish <= begin:
            raise LexiconError("E009", file=filename, line=n, reason="end is not after start")
        cameo = root + sector if _ISO3.match(root) else root
        for form in [name, *aliases.split("|")]:
            if form.strip():
                out.append(
                    NameEntry(
                        form.strip(),
                        root,
                        sector,
                        "person",
                        cameo,
                        f"{filename}:{n}",
                        begin,
                        finish,
                    )
                )
    return tuple(out)


@lru_cache(maxsize=4)
def roles(lang: str) -> tuple[RoleEntry, ...]:
    filename = "roles.tsv"
    out: list[RoleEntry] = []
    for n, cells in _data_lines(filename):
        lg, term, sector = _need(cells, 3, filename, n)
        _check_lang(lg, filename, n)
        _check_sector(sector, filename, n)
        if not term:
            raise LexiconError("E009", file=filename, line=n, reason="empty term")
        if lg in (lang, "*"):
            out.append(RoleEntry(tuple(term.lower().split()), sector, f"{filename}:{n}"))
    return tuple(out)


def all_names(lang: str) -> tuple[NameEntry, ...]:
    """Every actor name of a language: what the actor matcher is built from."""
    return country_names(lang) + demonyms(lang) + capitals(lang) + organisations(lang) + people()
