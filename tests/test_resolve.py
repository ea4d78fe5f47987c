"""Toponym resolution: priors, stated containment, the article's context, one sense per article,
confidence and the Nominatim fallback (against the local server of tests/nominatim_server.py).

Sentences are written for these tests; they need the gazetteer store (``make gazetteer``).
"""

from __future__ import annotations

import pytest
from nominatim_server import server_error

from geoevents.errors import GazetteerNotBuiltError
from geoevents.model import Candidate, Mention
from geoevents.recognize import Recognizer
from geoevents.resolve import Resolver, calibrate, contains, distance_km


@pytest.fixture(scope="module")
def gazetteer():
    from geoevents.gazetteer import Gazetteer
    try:
        return Gazetteer.open()
    except GazetteerNotBuiltError as e:
        pytest.skip(f"no gazetteer store: {e}")


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


@pytest.mark.parametrize("name,country", [
    ("Korea", "KR"), ("Ceylon", "LK"), ("Siam", "TH"), ("Zaire", "CD"), ("Abyssinia", "ET"),
    ("Soviet Union", "RU"), ("USSR", "RU"), ("Czechoslovakia", "CZ"),
])
def test_former_and_short_names_of_countries(gazetteer, name, country):
    # histories and older reports name countries so: a town of the name ("Koréa", Côte
    # d'Ivoire; "Zaire", an Angolan province) is not what they mean
    top = gazetteer.candidates(name)[0]
    assert top.feature_code == "PCLI" and top.country == country


def test_historical_regions(gazetteer):
    for name, country in (("Manchuria", "CN"), ("Bohemia", "CZ"), ("East Prussia", "RU"), ("Asia Minor", "TR")):
        top = gazetteer.candidates(name)[0]
        assert top.source == "curated" and top.is_region and top.country == country, name


def spans(text, *names, label="GPE"):
    """Mentions for the given names at their first occurrences after one another."""
    out, pos = [], 0
    for name in names:
        s = text.index(name, pos)
        out.append(Mention(s, s + len(name), name, name, label))
        pos = s + len(name)
    return out


def resolve(resolver, text, *names):
    places, problems = resolver(spans(text, *names), text)
    assert not problems
    return places


# -- pure helpers ----------------------------------------------------------------------------------

def test_distance_is_great_circle_km():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)
    assert distance_km(51.5, -0.12, 51.5, -0.12) == 0


def test_containment_by_country_and_first_level_division():
    iq = Candidate("c:iq", "Iraq", 33, 44, "IQ", "A", "PCLI")
    anbar = Candidate("c:anbar", "Anbar", 33.4, 42.0, "IQ", "A", "ADM1", admin1="01")
    ramadi = Candidate("c:ramadi", "Ramadi", 33.42, 43.3, "IQ", "P", "PPLA", 274_000, admin1="01")
    basra = Candidate("c:basra", "Basra", 30.5, 47.8, "IQ", "P", "PPLA", 2_000_000, admin1="02")
    assert contains(iq, ramadi) and contains(anbar, ramadi)
    assert not contains(anbar, basra) and not contains(ramadi, iq) and not contains(iq, iq)


def test_calibration_is_monotone_and_bounded():
    values = [calibrate(p / 20) for p in range(21)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert values == sorted(values)


# -- resolution ------------------------------------------------------------------------------------

def test_a_name_alone_takes_its_most_prominent_sense(resolver):
    [paris] = resolve(resolver, "Fashion week opened in Paris.", "Paris")
    assert paris.candidate.country == "FR"
    assert 0.0 <= paris.score <= 1.0 and paris.reason


def test_a_stated_container_decides(resolver):
    text = "The tornado struck Paris, Texas, late on Sunday."
    paris, texas = resolve(resolver, text, "Paris", "Texas")
    assert paris.candidate.country == "US" and paris.candidate.admin1 == "TX"
    assert texas.candidate.feature_code == "ADM1"
    assert "Texas" in paris.reason


def test_the_articles_other_places_decide(resolver):
    text = ("Storms closed roads between Dallas and Sherman on Friday. In Paris, the county seat of "
            "Lamar County, the fire department rescued two drivers.")
    places = resolve(resolver, text, "Dallas", "Sherman", "Paris")
    assert places[-1].candidate.country == "US"
    assert distance_km(places[-1].candidate.lat, places[-1].candidate.lon, 33.66, -95.55) < 30


def test_country_context_picks_the_canadian_town(resolver):
    text = ("Canada's police said the suspect fled London, Ontario, on Monday. Officers in London "
            "said later that he had been found.")
    places = resolve(resolver, text, "Canada", "London", "Ontario", "London")
    assert {p.candidate.country for p in places} == {"CA"}


def test_one_sense_per_article(resolver):
    text = "Georgia's capital Tbilisi saw protests. Thousands marched across Georgia on Sunday."
    places = resolve(resolver, text, "Georgia", "Tbilisi", "Georgia")
    assert places[0].candidate.id == places[2].candidate.id
    assert places[0].candidate.country == "GE"


def test_a_province_named_after_its_seat_yields_the_bare_name_to_the_town(resolver, gazetteer):
    cands = gazetteer.candidates("Aleppo")
    if not any((c.feature_code or "") == "ADM1" for c in cands):
        pytest.skip("the gazetteer has no Aleppo province")
    [town] = resolve(resolver, "Shelling hit Aleppo overnight.", "Aleppo")
    assert town.candidate.feature_class == "P"
    [province] = resolve(resolver, "Shelling hit Aleppo province overnight.", "Aleppo province")
    assert province.candidate.feature_code == "ADM1"


def test_two_names_settle_on_one_coherent_reading_instead_of_swapping(resolver):
    """A landmark and its city: revised at once, each followed the other's stale sense and the
    pair swapped between France and the American Midwest until the rounds ran out."""
    text = ("Flames tore through the roof of Notre-Dame cathedral overnight. Paris woke to a skyline "
            "without its spire; Notre-Dame will be rebuilt, the mayor of Paris said, and Paris museums "
            "offered help.")
    places = resolve(resolver, text, "Notre-Dame", "Paris", "Notre-Dame", "Paris", "Paris")
    assert {p.candidate.country for p in places} == {"FR"}
    paris = places[1].candidate
    assert distance_km(paris.lat, paris.lon, 48.86, 2.35) < 30


def test_a_world_region_beats_a_namesake_hamlet_among_its_own_places(resolver):
    text = "Tensions across the Middle East rose after strikes in Iraq and Syria, officials in Washington said."
    places = resolve(resolver, text, "Middle East", "Iraq", "Syria", "Washington")
    assert places[0].candidate.country is None and places[0].candidate.is_region


def test_a_dateline_names_a_town(resolver):
    text = "WASHINGTON (AP) — Lawmakers returned on Monday to a crowded agenda."
    [place] = resolve(resolver, text, "WASHINGTON")
    assert place.candidate.feature_class == "P" and place.candidate.country == "US"


def test_a_dateline_after_a_headline_still_names_the_town(resolver):
    # the headline says "Washington" first, among states; the dateline says which Washington
    text = ("Court ends abortion right; Washington braces for protests in Texas, Missouri and Arkansas\n"
            "WASHINGTON — The court ruled on Friday. Texas, Missouri and Arkansas moved at once.")
    places = resolve(resolver, text, "Washington", "Texas", "Missouri", "Arkansas", "WASHINGTON")
    assert [p.candidate.feature_code for p in (places[0], places[-1])] == ["PPLC", "PPLC"]


def test_city_form_names_the_town_not_the_country(resolver):
    [kuwait] = resolve(resolver, "The ministry is in Kuwait City.", "Kuwait City")
    assert kuwait.candidate.feature_class == "P"


def test_the_city_form_is_not_one_sense_with_the_country(resolver):
    # one sense per article joins mentions of one name: "Mexico City" is not "Mexico"
    text = "Mexico closed its schools. In Mexico City the streets were empty; Mexico said it would act."
    country, city, again = resolve(resolver, text, "Mexico", "Mexico City", "Mexico")
    assert country.candidate.is_country and again.candidate.id == country.candidate.id
    assert city.candidate.feature_class == "P" and city.candidate.country == "MX"


def test_the_names_of_a_list_are_one_kind_of_place(resolver):
    # a list of states and provinces: towns named after them lie in states the article names
    # (Oregon and Ontario, Ohio; New Brunswick, New Jersey), which alone would pull them there
    states = ["Arizona", "California", "Colorado", "Georgia", "Illinois", "Missouri", "New Jersey", "New Mexico",
              "New York", "Ohio", "Oklahoma", "Oregon", "Tennessee", "Utah", "Washington", "Wisconsin"]
    provinces = ["British Columbia", "Alberta", "Manitoba", "Ontario", "New Brunswick"]
    text = (f"Regulators in the United States traced the illness to imported fruit. The United States "
            f"counted patients in {', '.join(states[:-1])} and {states[-1]}. Canada counted patients in "
            f"{', '.join(provinces[:-1])} and {provinces[-1]}, officials in the United States said.")
    places = resolve(resolver, text, "United States", "United States", *states, "Canada", *provinces,
                     "United States")
    got = {p.mention.text: (p.candidate.country, p.candidate.feature_code) for p in places}
    assert got["Oregon"] == ("US", "ADM1")
    assert got["Ontario"] == ("CA", "ADM1") and got["New Brunswick"] == ("CA", "ADM1")


def test_a_town_in_a_list_of_towns_stays_a_town(resolver):
    text = "Flights resumed from Paris, London and Dublin."
    places = resolve(resolver, text, "Paris", "London", "Dublin")
    assert all(p.candidate.feature_class == "P" for p in places)


def test_confidence_is_lower_for_a_contested_name(resolver):
    [clear] = resolve(resolver, "Rain fell on Reykjavik.", "Reykjavik")
    [contested] = resolve(resolver, "Rain fell on Springfield.", "Springfield")
    assert clear.score > contested.score


def test_unknown_names_stay_unresolved_offline(resolver):
    text = "Villagers fled Qxwzzyville after the storm."
    [place] = resolve(resolver, text, "Qxwzzyville")
    assert place.candidate is None and "gazetteer" in place.reason


def test_given_spans_use_the_recognised_toponyms_as_context(gazetteer):
    """Resolution with given spans still reads the article: only the given span comes out."""
    recognizer = Recognizer(gazetteer)
    text = "Paris lies in Lamar County in northeast Texas, near Dallas and Sherman."
    given = spans(text, "Paris", label="GIVEN")
    context = recognizer.match(text)
    places, _ = Resolver(gazetteer)(given, text, context)
    assert len(places) == 1 and places[0].candidate.admin1 == "TX"


# -- the Nominatim fallback ----------------------------------------------------------------------

def test_names_the_gazetteer_lacks_go_to_nominatim(gazetteer, make_geocoder, nominatim_server):
    if gazetteer.candidates("Bardarbunga"):
        pytest.skip("the gazetteer knows this volcano; the fallback is not needed")
    text = "Ash from Bardarbunga drifted over Reykjavik."
    places, problems = Resolver(gazetteer, make_geocoder())(spans(text, "Bardarbunga", "Reykjavik"), text)
    assert not problems
    assert places[0].candidate.source == "nominatim" and places[0].candidate.country == "IS"
    assert places[1].candidate.source != "nominatim"
    assert [r.params.get("q") for r in nominatim_server.requests] == ["Bardarbunga"]


def test_a_nominatim_failure_leaves_the_place_unresolved_and_names_it(gazetteer, make_geocoder,
                                                                      nominatim_server):
    nominatim_server.always(server_error())
    text = "Ash from Bardarbunga drifted over Reykjavik."
    places, problems = Resolver(gazetteer, make_geocoder())(spans(text, "Bardarbunga", "Reykjavik"), text)
    assert places[0].candidate is None
    assert places[1].candidate is not None and places[1].candidate.country == "IS"
    assert len(problems) == 1 and "Bardarbunga" in problems[0].where


# -- names the gazetteer knows only in another spelling -------------------------------------------

def test_a_spelling_variant_resolves_with_less_confidence(resolver):
    text = "Government forces shelled Deir Ezzor and Aleppo on Monday."
    variant, exact = resolver(spans(text, "Deir Ezzor", "Aleppo"), text)[0]
    assert variant.candidate is not None and variant.candidate.country == "SY"
    assert variant.candidate.name == "Deir ez-Zor"
    assert "spelling variant" in variant.reason
    assert variant.score < exact.score


def test_a_variant_of_a_small_place_needs_the_articles_country(resolver):
    # "Saidiyah" (a district of Baghdad) meets Saidia, a Moroccan town of 9,000, by its loose key
    text = "Gunmen opened fire in Saidiyah, in southern Baghdad."
    saidiyah, baghdad = resolver(spans(text, "Saidiyah", "Baghdad"), text)[0]
    assert saidiyah.candidate is None and baghdad.candidate.country == "IQ"
    text = "Saidiyah is a beach town near Berkane, Morocco."
    place = resolver(spans(text, "Saidiyah", "Berkane", "Morocco"), text)[0][0]
    assert place.candidate is not None and place.candidate.country == "MA"


def test_a_misspelt_great_city_is_found_one_edit_away(resolver):
    text = "Thousands marched through Washingon on Saturday."
    place = resolver(spans(text, "Washingon"), text)[0][0]
    assert place.candidate is not None and place.candidate.country == "US"
    assert "one letter away" in place.reason and place.score <= 0.5
    text = "Thousands marched through Washingon, near Manchester and Sunderland, on Saturday."
    place = resolver(spans(text, "Washingon", "Manchester", "Sunderland"), text)[0][0]
    assert place.candidate is None or place.candidate.country == "GB"   # not the American capital


def test_a_division_among_many_named_does_not_pull_a_village_over_a_city(resolver):
    # Durango holds a village called Veracruz, near Torreón; an article that names four of
    # Mexico's states says little about which Veracruz: the port city or its state, not the village
    text = ("Villa's army took Torreón and Gómez Palacio in Durango, then moved on Zacatecas, Chihuahua "
            "and Sonora. In April, marines occupied the port of Veracruz.")
    *_, veracruz = resolve(resolver, text, "Torreón", "Gómez Palacio", "Durango", "Zacatecas", "Chihuahua",
                           "Sonora", "Veracruz")
    assert (veracruz.candidate.country, veracruz.candidate.admin1) == ("MX", "30")


def test_one_division_named_still_says_which_town(resolver):
    text = "Flooding closed schools across Illinois on Tuesday. In Springfield, the river rose four feet."
    _, springfield = resolve(resolver, text, "Illinois", "Springfield")
    assert (springfield.candidate.country, springfield.candidate.admin1) == ("US", "IL")
