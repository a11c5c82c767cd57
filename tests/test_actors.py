"""Actor resolution on real parses: names, demonyms, capitals, acronyms, roles, people."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sismo import Coder, Event
from sismo.actors import Actor, ActorResolver, RoleIndex
from tests.conftest import triples

Code = Callable[..., list[Event]]


@pytest.mark.parametrize(
    ("text", "lang", "source", "target"),
    [
        # country names, French and English
        ("La France a condamné l'Allemagne.", "fr", "FRA", "DEU"),
        ("Brazil criticised Turkey on Tuesday.", "en", "BRA", "TUR"),
        # demonyms and adjectives
        ("Le gouvernement iranien a condamné les frappes américaines.", "fr", "IRN", "USA"),
        ("Iranian officials condemned the American strikes.", "en", "IRN", "USA"),
        # capitals and seats of power as the government
        ("Téhéran accuse Washington de mentir.", "fr", "IRN", "USA"),
        ("Le Kremlin a critiqué l'Élysée.", "fr", "RUS", "FRA"),
        ("The White House condemned Moscow.", "en", "USA", "RUS"),
        # acronyms of organisations, both languages
        ("L'OTAN exhorte l'Iran à la retenue.", "fr", "NATO", "IRN"),
        ("Daech a attaqué l'armée irakienne.", "fr", "ISIS", "IRQ"),
        ("The UN urged Israel to open the crossings.", "en", "UN", "ISR"),
        ("L'ONU a condamné la Syrie.", "fr", "UN", "SYR"),
    ],
)
def test_source_and_target_roots(
    code: Code, text: str, lang: str, source: str, target: str
) -> None:
    found = {(s, t) for _, s, t in triples(code(text, lang=lang))}
    assert (source, target) in found, found


def test_role_joined_to_its_country(code: Code) -> None:
    events = code("Le président américain a rencontré le ministre irakien.", lang="fr")
    pairs = {(e.source.code, e.target.code if e.target else None) for e in events}
    assert ("USAGOV", "IRQGOV") in pairs, pairs
    events = code("L'armée irakienne a attaqué les rebelles syriens.", lang="fr")
    assert any(
        e.source.code == "IRQMIL" and e.target and e.target.code == "SYRREB" for e in events
    ), [e.to_dict() for e in events]


def test_un_is_case_sensitive_in_french(code: Code) -> None:
    events = code("Un soldat a attaqué un village.", lang="fr")
    assert all(e.source.root != "UN" for e in events)


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2019-06-01", "USA"), ("2023-06-01", None), ("2025-06-01", "USA")],
)
def test_people_are_resolved_as_of_the_document_date(
    code: Code, date: str, expected: str | None
) -> None:
    events = code("Trump a menacé l'Iran.", lang="fr", date=date)
    roots = {e.source.root for e in events}
    if expected is None:
        assert "USA" not in roots
    else:
        assert expected in roots


def test_organisation_head_is_the_organisation(code: Code) -> None:
    events = code("Jens Stoltenberg a condamné la Russie.", lang="fr", date="2020-01-10")
    assert ("11", "NATO", "RUS") in triples(events)
    later = code("Jens Stoltenberg a condamné la Russie.", lang="fr", date="2025-01-10")
    assert all(e.source.root != "NATO" for e in later)


def test_pronoun_and_pair_anaphora(code: Code) -> None:
    text = (
        "Le président américain est arrivé à Paris. Il a condamné la Russie. "
        "Emmanuel Macron a reçu Joe Biden. Les deux hommes ont signé un accord."
    )
    events = code(text, lang="fr", date="2021-06-10")
    t = triples(events)
    assert ("11", "USA", "RUS") in t
    assert ("05", "FRA", "USA") in t and ("05", "USA", "FRA") in t, t


def test_organisation_adjective_only_for_its_officials(code: Code) -> None:
    leaders = code("Les dirigeants européens ont condamné la Russie.", lang="fr")
    assert ("11", "EU", "RUS") in triples(leaders)
    people = code("La Russie a menacé la population européenne.", lang="fr")
    assert all(e.target is None or e.target.root != "EU" for e in people)


def test_unknown_name_is_what_its_apposition_says(code: Code) -> None:
    events = code("Oumar Maïga, un responsable malien, a condamné la France.", lang="fr")
    assert ("11", "MLI", "FRA") in triples(events)


def test_possessive_role_belongs_to_the_subject(code: Code) -> None:
    text = "La Russie a bombardé la Géorgie. Ses troupes ont attaqué les forces géorgiennes."
    sources = {(e.source.text, e.source.root) for e in code(text, lang="fr")}
    assert ("Ses troupes", "RUS") in sources, sources


def test_people_of_a_region_are_civilians_of_their_state(code: Code) -> None:
    events = code("Des centaines de Tibétains manifestent contre l'occupation chinoise.", lang="fr")
    assert [
        (e.source.root, e.source.sector, e.target.root if e.target else None)
        for e in events
        if e.root == "14"
    ] == [("CHN", "CVL", "CHN")]


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        # the article's country (France, named twice) is not whose the rebels are: their city is
        (
            "Un journaliste français a été blessé en France. La France a protesté. "
            "Les rebelles d'Alep ont attaqué les forces françaises.",
            "fr",
            ("SYR", "REB"),
        ),
        ("La police de Marseille a arrêté deux militants iraniens.", "fr", ("FRA", "COP")),
        ("The Lagos police arrested two British journalists.", "en", ("NGA", "COP")),
        ("Mosul rebels attacked the Turkish army.", "en", ("IRQ", "REB")),
    ],
)
def test_role_of_a_city_belongs_to_its_country(
    code: Code, text: str, lang: str, source: tuple[str, str]
) -> None:
    sources = {(e.source.root, e.source.sector) for e in code(text, lang=lang)}
    assert source in sources, sources


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iranian pensioners protested against the Iranian government.", "en"),
        ("Iran's ethnic minorities protested against the Iranian government.", "en"),
        ("Des retraités iraniens ont manifesté contre le gouvernement iranien.", "fr"),
        ("Des élèves iraniens ont manifesté contre le gouvernement iranien.", "fr"),
    ],
)
def test_groups_of_people_are_civilians_of_their_state(code: Code, text: str, lang: str) -> None:
    sources = {(e.source.root, e.source.sector) for e in code(text, lang=lang)}
    assert ("IRN", "CVL") in sources, sources


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran accused Israel. Iran criticised other countries, leaders and officials.", "en"),
        ("L'Iran a accusé Israël. L'Iran a critiqué d'autres pays, dirigeants et élus.", "fr"),
    ],
)
def test_other_on_the_first_of_a_list_covers_the_list(code: Code, text: str, lang: str) -> None:
    # the article's country (Iran) is not whose the "other ... leaders" are
    targets = {(e.target.text, e.target.root) for e in code(text, lang=lang) if e.target}
    assert all(root != "IRN" for _, root in targets), targets


def test_a_capitalised_word_next_to_a_name_is_no_city(code: Code) -> None:
    # "Police" is a Polish town, "Security" an American one: parts of longer names here
    events = code("The Security Forces arrested two Iranian activists.", lang="en")
    assert all(e.source.root not in ("USA", "POL") for e in events), [e.to_dict() for e in events]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "fr",
            "Le président américain Joe Biden a rencontré le ministre irakien à Bagdad. "
            "Les deux hommes ont évoqué l'OTAN et ses forces. Il a critiqué la Russie.",
        ),
        (
            "en",
            "UN Secretary-General António Guterres met Iranian officials and the French "
            "minister in Tehran. The two leaders condemned Russia. They urged its troops to leave.",
        ),
    ],
)
def test_actor_texts_sliced_from_the_kept_text_equal_span_texts(
    coder: Coder, lang: str, text: str
) -> None:
    """The resolver slices actor texts from the Doc's text when it has it; without it (a Doc
    made by hand) it reads them from Spans: both give the same actors."""
    nlp = coder.pipeline(lang)
    doc = nlp.make_doc(text)
    doc._.sismo_text = text
    doc = nlp(doc)
    roles, mentions = RoleIndex(lang), doc._.sismo_names

    def resolve_all(resolver: ActorResolver) -> list[Actor]:
        return [a for tok in doc for a in resolver.resolve(tok, subject=tok.dep_ == "nsubj")]

    sliced = ActorResolver(doc, mentions, roles, lang, None, None, text=text)
    doc._.sismo_text = None
    joined = ActorResolver(doc, mentions, roles, lang, None, None)
    assert sliced.text == text and joined.text is None
    found = resolve_all(sliced)
    assert found == resolve_all(joined)
    assert len({a.root for a in found}) >= 3, found
    assert all(a.text == text[a.start : a.end] for a in found)


def test_name_matcher_case_and_pro_anti(coder: Coder) -> None:
    """A capitalised name needs a capital in the text; "pro-"/"anti-" make a demonym no
    member; the longest match wins."""
    nlp = coder.pipeline("en")
    matcher = nlp.get_pipe("sismo_events").actors.matcher
    doc = nlp.make_doc(
        "Chad and chad: pro-Russian and anti-American groups met Russian envoys "
        "and the United Nations."
    )
    found = [(doc[m.start : m.end].text, m.start) for m in matcher(doc)]
    texts = [text for text, _ in found]
    assert "Chad" in texts and "chad" not in texts, found
    assert texts.count("Russian") == 1 and "American" not in texts, found
    assert "United Nations" in texts and "Nations" not in texts, found
    assert [start for _, start in found] == sorted(start for _, start in found)
