"""Places of events: the offline gazetteer and the place a sentence states for the act."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from sismo import Coder, Event
from sismo.geo import Gazetteer, PlaceMention, place_key

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"

Code = Callable[..., list[Event]]


@pytest.fixture(scope="module")
def gazetteer(coder: Coder) -> Gazetteer:
    """The gazetteer the French pipeline's component built (loaded once per process)."""
    return coder.pipeline("fr").get_pipe("sismo_events").locator.gazetteer  # type: ignore[no-any-return]


def test_one_gazetteer_per_coder(coder: Coder, gazetteer: Gazetteer) -> None:
    english = coder.pipeline("en").get_pipe("sismo_events").locator.gazetteer
    assert english is gazetteer


def test_exact_index_knows_french_and_english_names(gazetteer: Gazetteer) -> None:
    assert place_key("Téhéran") == "teheran" and place_key("N'Djamena") == "n djamena"
    for name in ("Bagdad", "Baghdad"):
        city = gazetteer.resolve(place_key(name))
        assert city is not None and (city.name, city.country) == ("Baghdad", "IRQ")
    assert gazetteer.resolve(place_key("Pékin")).country == "CHN"  # type: ignore[union-attr]
    assert not gazetteer.cities("bagd")  # exact match, never a prefix or a substring
    assert gazetteer.country("FRA") is not None and gazetteer.country("FRA").kind == "country"  # type: ignore[union-attr]


def test_ambiguous_names_resolved_by_size_context_or_not_at_all(gazetteer: Gazetteer) -> None:
    washington = gazetteer.resolve("washington")
    assert washington is not None and washington.country == "USA" and washington.lat < 39.5
    paris = gazetteer.resolve("paris")
    assert paris is not None and paris.country == "FRA"
    texas = gazetteer.resolve("paris", country="USA", admin1="TX")
    assert texas is not None and texas.country == "USA" and texas.lon < -90
    assert gazetteer.resolve("tripoli") is None  # Libya or Lebanon: nothing says which
    springfield = gazetteer.resolve("springfield")  # five US cities of that name: the country
    assert springfield is not None and (springfield.kind, springfield.country) == (
        "country",
        "USA",
    )
    lebanon = gazetteer.resolve("tripoli", Counter({"LBN": 2}))
    assert lebanon is not None and lebanon.country == "LBN" and lebanon.kind == "city"


def _one(events: list[Event], root: str) -> Event:
    found = [e for e in events if e.root == root]
    assert found, [(e.trigger, e.root) for e in events]
    return found[0]


@pytest.mark.parametrize(
    ("text", "lang", "place", "country"),
    [
        # the place of the act, not of its actors
        ("L'Iran a tiré des missiles sur des bases américaines situées en Irak.", "fr", "Iraq",
         "IRQ"),
        ("Yesterday, Iran fired missiles at U.S. bases in Iraq.", "en", "Iraq", "IRQ"),
        # a city inside a noun phrase of place, French and English names
        ("L'armée irakienne a bombardé l'État islamique au niveau de la zone verte de Bagdad.",
         "fr", "Baghdad", "IRQ"),
        ("Syrian troops shelled Turkish soldiers in the city of Aleppo.", "en", "Aleppo", "SYR"),
        ("Kenyan police arrested opposition supporters in Nairobi's Kibera slum.", "en",
         "Nairobi", "KEN"),
        ("Les troupes syriennes ont bombardé des soldats turcs à Alep.", "fr", "Aleppo", "SYR"),
        # ambiguous names: a qualifier or the article's country decides
        ("Russia condemned Ukraine at a meeting in Paris, Texas.", "en", "Paris", "USA"),
        ("L'armée israélienne a bombardé le Hezbollah à Tripoli, au Liban.", "fr", "Tripoli",
         "LBN"),
        ("Israeli jets struck Hezbollah near Tripoli. Lebanon protested.", "en", "Tripoli", "LBN"),
        # a capital as a government is an actor; the meeting's city is the place
        ("Washington a condamné l'Iran lors d'une réunion à Genève.", "fr", "Geneva", "CHE"),
    ],
)  # fmt: skip
def test_place_of_the_act(code: Code, text: str, lang: str, place: str, country: str) -> None:
    events = code(text, lang=lang)
    event = next((e for e in events if e.root in ("19", "11", "18", "17")), None)
    assert event is not None, [(e.trigger, e.root) for e in events]
    assert (event.place, event.location) == (place, country), event.to_dict()
    assert event.lat is not None and event.lon is not None
    row = event.to_dict()
    assert (row["place"], row["lat"], row["lon"]) == (event.place, event.lat, event.lon)


def test_capital_as_actor_places_the_act_only_when_nothing_else_does(code: Code) -> None:
    alone = _one(code("Washington a condamné l'Iran."), "11")
    assert alone.location == "USA" and alone.place == "Washington"


def test_person_named_like_a_city_is_no_place(code: Code) -> None:
    events = code("Florence Parly a rencontré le ministre irakien.")
    assert events and all(e.place != "Florence" for e in events)
    assert all(e.location is None for e in events)


def test_state_acting_at_home_without_a_place_is_located_in_that_state(code: Code) -> None:
    event = _one(code("Syrian security forces fired on Syrian protesters.", lang="en"), "17")
    assert (event.location, event.place) == ("SYR", "Syria")
    event = _one(code("La police égyptienne a arrêté des manifestants égyptiens."), "17")
    assert (event.location, event.place) == ("EGY", "Egypt")


def test_paragraph_places_frame_the_acts_that_follow(code: Code) -> None:
    text = "À Kaboul, la tension monte. Les talibans ont attaqué la police afghane."
    attack = _one(code(text), "19")
    assert (attack.location, attack.place) == ("AFG", "Kabul")
    praise = _one(code("Le sommet s'est tenu à Dakar. Le président sénégalais a félicité le "
                       "président malien."), "05")  # fmt: skip
    assert (praise.location, praise.place) == ("SEN", "Dakar")
    # a place named after the act belongs to a later act
    condemned = _one(code("La France a condamné l'Iran. Le ministre se trouvait à Berlin."), "11")
    assert condemned.location is None and condemned.place is None


def _places(
    coder: Coder, lang: str, text: str, ranges: list[tuple[int, int]] | None
) -> tuple[Doc, list[PlaceMention]]:
    """The places `Locator.mentions` finds in `text`, scanning cities in `ranges` only."""
    nlp = coder.pipeline(lang)
    doc = nlp(text)
    locator = nlp.get_pipe("sismo_events").locator
    names = doc._.sismo_names or []
    return doc, locator.mentions(doc, names, lambda m: m.pick(None), doc.text, ranges)


def _starting_in(places: list[PlaceMention], ranges: list[tuple[int, int]]) -> list[PlaceMention]:
    return [p for p in places if any(a <= p.start < b for a, b in ranges)]


@pytest.mark.parametrize(
    ("lang", "gold"), [("fr", "fr_wikinews_dev.jsonl"), ("en", "en_news_dev.jsonl")]
)
def test_city_scan_of_some_sentences_finds_what_the_whole_scan_finds_there(
    coder: Coder, lang: str, gold: str
) -> None:
    """The component scans cities only in its events' sentences and paragraphs: each part
    must give the places a scan of the whole Doc gives in it."""
    lines = (GOLD / gold).read_text(encoding="utf-8").splitlines()[:6]
    compared = 0
    for line in lines:
        text = json.loads(line)["text"]
        doc, whole = _places(coder, lang, text, None)
        sents = [(s.start, s.end) for s in doc.sents]
        for part in [[s] for s in sents] + [sents[1::3], sents[::2]]:
            _, found = _places(coder, lang, text, part)
            assert _starting_in(found, part) == _starting_in(whole, part)
            compared += len(_starting_in(whole, part))
    assert compared > 10  # the texts name places


def test_city_scan_from_inside_a_name_does_not_find_its_last_word(coder: Coder) -> None:
    """A scan starting at "Hague" starts earlier, as the whole scan does: "The Hague" is
    the city, "Hague" alone is none."""
    text = "The court in The Hague ruled."
    doc, whole = _places(coder, "en", text, None)
    hague = next(t.i for t in doc if t.text == "Hague")
    assert [(p.start, p.end) for p in whole] == [(hague - 1, hague + 1)]
    part = [(hague, len(doc))]
    _, found = _places(coder, "en", text, part)
    assert _starting_in(found, part) == [] == _starting_in(whole, part)
