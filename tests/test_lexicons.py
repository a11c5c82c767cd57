"""Every lexicon entry loads and is well formed (the loaders validate each line)."""

from __future__ import annotations

import pytest

from sismo import lexicons
from sismo.cameo import cameo_table

LANGS = ("fr", "en")


def test_cameo_table_has_all_roots_with_scores() -> None:
    table = cameo_table()
    roots = {f"{n:02d}" for n in range(1, 21)}
    assert roots <= set(table)
    for row in table.values():
        assert -10.0 <= row.goldstein <= 10.0
        assert row.quad_class in (1, 2, 3, 4)


@pytest.mark.parametrize("lang", LANGS)
def test_verb_lexicon_covers_all_twenty_roots(lang: str) -> None:
    entries = lexicons.verb_entries(lang)
    assert len(entries) > 500
    roots = {e.code[:2] for e in entries}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    table = cameo_table()
    for e in entries:
        assert e.code in table, e.describe()
        assert all(w == w.lower() and w.strip() for w in e.pattern), e.describe()


@pytest.mark.parametrize("lang", LANGS)
def test_verb_patterns_are_unique(lang: str) -> None:
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    for e in lexicons.verb_entries(lang):
        key = (e.pattern, e.pos)
        assert key not in seen, f"{e.describe()} duplicates {seen[key]}"
        seen[key] = e.source


@pytest.mark.parametrize("lang", LANGS)
def test_actor_names_load_and_are_well_formed(lang: str) -> None:
    names = lexicons.all_names(lang)
    kinds = {n.kind for n in names}
    assert {"country", "demonym", "capital", "organisation", "person"} <= kinds
    for n in names:
        assert n.name.strip() == n.name and n.name, n
        assert n.root in lexicons.ORGANISATION_ROOTS or (len(n.root) == 3 and n.root.isupper())
        assert n.sector == "" or n.sector in lexicons.SECTORS, n


@pytest.mark.parametrize("lang", LANGS)
def test_every_un_member_has_a_name_and_a_demonym(lang: str) -> None:
    import pycountry

    named = {n.root for n in lexicons.country_names(lang)}
    demonym = {n.root for n in lexicons.demonyms(lang)}
    capital = {n.root for n in lexicons.capitals(lang)}
    for code in ("USA", "IRN", "IRQ", "FRA", "MLI", "SYR", "CHN", "RUS", "UKR", "PSE", "BRA"):
        assert pycountry.countries.get(alpha_3=code) is not None
        assert code in named and code in demonym and code in capital, code
    assert len(named) > 190 and len(demonym) > 190 and len(capital) > 185


def test_people_have_ordered_mandates() -> None:
    people = lexicons.people()
    assert len({p.source for p in people}) > 300
    for p in people:
        assert p.start is not None
        assert p.end is None or p.start < p.end, p


@pytest.mark.parametrize("lang", LANGS)
def test_roles_cover_the_main_sectors(lang: str) -> None:
    sectors = {r.sector for r in lexicons.roles(lang)}
    assert {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "CVL", "MED"} <= sectors


def test_malformed_entry_is_reported_with_file_and_line() -> None:
    from sismo.errors import LexiconError

    bad = "pattern\tcode\tpos\tflags\nattaquer\t999\tverb\t\n"
    with pytest.raises(LexiconError) as info:
        lexicons.parse_verb_entries("verbs_xx.tsv", bad)
    assert "verbs_xx.tsv:2" in str(info.value)
