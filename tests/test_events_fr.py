"""French coding errors fixed by class: one or more sentences written for each class (never
taken from the gold), failing before the fix and passing after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sismo import Event
from tests.conftest import triples

Code = Callable[..., list[Event]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adverbial between auxiliary and participle: the parser hangs the verb on it
        (
            "Le gouvernement nigérien, affaibli, a de son côté dénoncé les rebelles nigériens.",
            ("11", "NER", "NER"),
        ),
        ("Le ministre iranien a pour sa part condamné les États-Unis.", ("11", "IRN", "USA")),
        # past a relative clause, and "par ailleurs" is no agent
        (
            "Le gouvernement iranien, qui a dénoncé l'accord, a par ailleurs condamné la Russie.",
            ("11", "IRN", "RUS"),
        ),
    ],
)
def test_subject_the_parse_lost(code: Code, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(code(text))


def test_lost_subject_is_never_an_unnamed_doer(code: Code) -> None:
    # the real subject names no actor: no other noun phrase is taken for it
    assert not code("Des inconnus ont attaqué l'ambassade de France et ont tué un garde.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le président français a retiré ses troupes d'Irak.", {("08", "FRA", "IRQ")}),
        ("Les soldats russes ont quitté le territoire ukrainien.", {("08", "RUS", "UKR")}),
        ("Les États-Unis retirent leurs soldats américains.", set()),
        ("L'armée américaine retire ses soldats de Syrie.", {("08", "USA", "SYR")}),
    ],
)
def test_troops_withdrawn_are_the_doer_s_own(
    code: Code, text: str, expected: set[tuple[str, str, str]]
) -> None:
    found = {t for t in triples(code(text)) if t[0] == "08"}
    assert found == expected


def test_generic_noun_of_wrongdoing_refers_to_the_latest_act_of_force(code: Code) -> None:
    text = (
        "Le Niger est en crise. Au Niger, les rebelles nigériens ont attaqué un village. "
        "Le gouvernement nigérien a condamné ces exactions et a menacé les auteurs de ces "
        "crimes de poursuites."
    )
    t = triples(code(text))
    assert {("11", "NER", "NER"), ("13", "NER", "NER")} <= t


def test_stopping_an_act_is_no_arrest_of_its_doers(code: Code) -> None:
    text = (
        "Au Niger, les rebelles nigériens ont attaqué un village. "
        "Le président français a déclaré : « arrêtez la destruction ! »"
    )
    assert not [e for e in code(text) if e.root == "17"]


@pytest.mark.parametrize("verb", ["s'en sont pris", "se sont attaqués"])
def test_pronominal_verb_with_its_own_argument_is_not_reciprocal(code: Code, verb: str) -> None:
    # force against a building: coded against the civilians of the country where it happens
    text = f"Le Niger est en crise. Au Niger, les rebelles nigériens {verb} à une mosquée."
    assert ("19", "NER", "NER") in triples(code(text))


def test_property_destroyed_by_breaking_it(code: Code) -> None:
    text = "Le Niger est en crise. Au Niger, les rebelles nigériens ont cassé la porte de l'école."
    assert ("17", "NER", "NER") in triples(code(text))


@pytest.mark.parametrize(
    "text",
    [
        "Le président afghan constate une recrudescence des attaques contre la police afghane.",
        "Le général De Gaulle proclamait l'indépendance de l'Algérie.",
    ],
)
def test_statement_targets_no_actor_named_inside_its_object(code: Code, text: str) -> None:
    assert not [e for e in code(text, date="1962-07") if e.root == "01"]


def test_statement_addressed_to_an_actor(code: Code) -> None:
    text = "Le président chinois a déclaré à la France qu'il était satisfait."
    assert ("01", "CHN", "FRA") in triples(code(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "L'Union africaine a appelé à ce que les militaires nigériens qui ont pris le "
            "pouvoir en soient écartés.",
            ("02", "AU", "NER"),
        ),
        (
            "Le Parlement européen a demandé à ce que les dirigeants russes qui ordonnent ces "
            "frappes en soient jugés responsables.",
            ("02", "EU", "RUS"),
        ),
    ],
)
def test_appeal_targets_the_subject_of_the_clause_it_introduces(
    code: Code, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(code(text))


def test_rejection_answers_the_earlier_request(code: Code) -> None:
    text = (
        "L'ONU a demandé à la Russie un accès aux prisonniers. "
        "Les autorités russes ont refusé cette demande."
    )
    assert ("12", "RUS", "UN") in triples(code(text))


def test_pronoun_subject_of_a_participle_the_parse_detached(code: Code) -> None:
    text = (
        "Au Niger, les rebelles nigériens ont attaqué un village. Un témoin a raconté : "
        "« Ils sont venus avec des haches, ils ont commencé par crier 'Victoire' et ils ont "
        "cassé la porte."
    )
    assert ("17", "NER", "NER") in triples(code(text))


def test_international_forces_are_not_the_article_s_country(code: Code) -> None:
    text = (
        "L'Irak est en guerre. En Irak, les forces de la coalition internationale ont évacué "
        "des dizaines de civils irakiens."
    )
    assert not [e for e in code(text) if e.source.root == "IRQ"]


def test_protest_signs_name_what_the_protest_is_against(code: Code) -> None:
    text = (
        "Les manifestants iraniens ont brandi des drapeaux, des portraits du président et des "
        "pancartes anti-américaines."
    )
    assert ("14", "IRN", "USA") in triples(code(text))


def test_noun_of_force_against_property_harms_the_country_s_civilians(code: Code) -> None:
    text = (
        "Le Niger est en crise. Au Niger, la destruction de la mosquée par les rebelles "
        "nigériens a choqué le pays."
    )
    assert ("17", "NER", "NER") in triples(code(text))


def test_handing_over_control_is_a_military_retreat(code: Code) -> None:
    text = "L'armée américaine a transféré le contrôle de la base aux forces irakiennes."
    assert ("08", "USA", "IRQ") in triples(code(text))


def test_one_receives_people_not_things(code: Code) -> None:
    text = "Le président algérien a reçu un tapis brodé du Maroc."
    assert not [e for e in code(text) if e.root == "04"]
    assert ("04", "DZA", "MAR") in triples(code("Le président algérien a reçu le roi du Maroc."))


def test_seizing_an_embassy_is_seizing_its_owner_s_property(code: Code) -> None:
    text = "Des étudiants iraniens ont envahi l'ambassade du Royaume-Uni à Téhéran."
    assert ("17", "IRN", "GBR") in triples(code(text))


@pytest.mark.parametrize(
    ("text", "lang", "code_"),
    [
        ("La France va livrer des armes à l'Ukraine.", "fr", "0332"),
        ("La France livrera des armes à l'Ukraine.", "fr", "0332"),
        ("La France a livré des armes à l'Ukraine.", "fr", "072"),
        ("The United States will send weapons to Ukraine.", "en", "0332"),
        ("The United States sent weapons to Ukraine.", "en", "072"),
    ],
)
def test_announced_cooperation_is_an_intent(code: Code, text: str, lang: str, code_: str) -> None:
    assert [e.code for e in code(text, lang=lang) if e.target is not None] == [code_]


@pytest.mark.parametrize(
    "text",
    [
        "Le Niger est en crise. La Cour de cassation a cassé le jugement du tribunal nigérien.",
        "Le Niger est en crise. Le parti nigérien a arraché la victoire aux élections.",
    ],
)
def test_breaking_verbs_destroy_only_things(code: Code, text: str) -> None:
    assert not [e for e in code(text) if e.root == "17"]
