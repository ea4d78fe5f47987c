"""Issue 16: the forms of names that news NER and ranking missed — address-style qualifiers, lower
case and hashtags, lines in capitals, lists NER took for one name, demonyms NER left untagged,
calendar abbreviations, persons' names that are also small places. Sentences written for these
tests."""

from __future__ import annotations

import datetime as dt

import pytest

from geoevents import Settings
from geoevents.model import Document, Mention
from geoevents.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.load(Settings(offline=True))


@pytest.fixture(scope="module")
def fast():
    return Pipeline.load(Settings(offline=True, fast=True))


def places(pipeline, text):
    doc = Document(id="t", text=text, published=dt.date(2022, 5, 2))
    found = pipeline.places([doc])[0]["t"]
    for p in found:
        assert text[p.start:p.end] == p.mention.text
    return [(p.mention.text, p.candidate.name if p.candidate else None, p.candidate.country if p.candidate else None,
             p.candidate.admin1 if p.candidate else None) for p in found]


# -- address-style qualifiers -------------------------------------------------------------------

@pytest.mark.parametrize("name, country, admin1", [
    ("Kingston, ON, CA", "CA", "08"),      # province code, then the country's alpha-2
    ("Perth, WA, AUS", "AU", "08"),        # state code, then the country's alpha-3
    ("Portland, ME", "US", "ME"),          # a US postal code (Maine, not Montenegro: no Portland there)
    ("Springfield, US-IL", "US", "IL"),    # an ISO 3166-2 code whole
    ("Paris, TX", "US", "TX"),
])
def test_lookup_reads_address_codes_as_qualifiers(pipeline, name, country, admin1):
    best = pipeline.gazetteer.candidates(name)[0]
    assert (best.country, best.admin1) == (country, admin1)


def test_lookup_of_codes_that_fit_no_entry_is_the_name_as_written(pipeline):
    assert pipeline.gazetteer.candidates("Baghdad, US") == []
    assert pipeline.gazetteer.candidates("Kingston")[0].country == "JM"


def test_cli_lookup_returns_kingston_ontario():
    import json
    from click.testing import CliRunner

    from geoevents.cli import cli
    out = CliRunner().invoke(cli, ["gazetteer", "lookup", "Kingston, ON, CA", "-n", "1"])
    assert out.exit_code == 0, out.output
    first = json.loads(out.output.splitlines()[0])
    assert (first["name"], first["country"], first["admin1"]) == ("Kingston", "CA", "08")


@pytest.mark.parametrize("runner", ["pipeline", "fast"])
def test_address_codes_in_text_qualify_the_name_and_are_no_places(runner, request):
    pipe = request.getfixturevalue(runner)
    got = places(pipe, "The choir from Kingston, ON, CA sang at the opening, and a band from Perth, WA, AUS closed it.")
    assert got == [("Kingston", "Kingston", "CA", "08"), ("Perth", "Perth", "AU", "08")]


def test_a_state_code_after_a_town_is_no_town_of_its_own(pipeline):
    got = places(pipeline, "He grew up in Columbus, GA and studied in Athens, GA before moving on.")
    assert [(t, c, a) for t, _, c, a in got] == [("Columbus", "US", "GA"), ("Athens", "US", "GA")]


# -- case ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("cant believe how humid it is in singapore today", [("singapore", "SG")]),
    ("weekend trip to kuala lumpur with the family!!", [("kuala lumpur", "MY")]),
    ("back home after a week in #bangkok and #hongkong", [("bangkok", "TH")]),
    ("relief flights landed today #NepalEarthquake", [("Nepal", "NP")]),
    ("a whole year in the #uk already, time flies", [("uk", "GB")]),  # a country's code in a hashtag
])
def test_lower_case_names_and_hashtags_of_posts_are_places(pipeline, text, expected):
    assert [(t, c) for t, _, c, _ in places(pipeline, text)] == expected


def test_lower_case_words_that_are_also_common_words_are_not_places(pipeline):
    # "china", "nice", "mobile", "reading" are places too, but in lower case they are words
    assert places(pipeline, "the china shop was nice but mobile reception in reading is bad") == []


@pytest.mark.parametrize("text, expected", [
    # towns WordNet does not know, in lower case after a place slot: their own names, or the first
    # words of them ("Tampines Estate", "Yishun New Town")
    ("stuck in traffic from tampines to yishun again", [("tampines", "SG"), ("yishun", "SG")]),
    ("finally home, the bus ride from bedok took forever lol", [("bedok", "SG")]),
])
def test_lower_case_towns_outside_wordnet_in_a_place_slot_are_places(pipeline, text, expected):
    assert [(t, c) for t, _, c, _ in places(pipeline, text)] == expected


@pytest.mark.parametrize("text", [
    "deaths in villages and private hospitals were not counted",  # plurals of English words
    "lunch with Tom over tampines",  # a writer who capitalises names wrote this one in lower case
])
def test_lower_case_words_in_a_place_slot_need_an_uncapitalised_writer_and_no_english(pipeline, text):
    assert places(pipeline, text) == []


def test_the_store_knows_english_words_and_their_regular_inflections(pipeline):
    g = pipeline.gazetteer
    assert g.is_english("village") and g.is_english("villages") and g.is_english("stories")
    assert not g.is_english("tampines") and not g.is_english("marsiling")


def test_a_line_in_capitals_keeps_its_places_and_not_its_words(pipeline):
    assert places(pipeline, "BEST WEEK EVER LOVE THE FOOD PRE SHOW WITH BEBE") == []
    got = places(pipeline, "FLOODS CUT OFF VILLAGES NEAR KARACHI AFTER THE MONSOON")
    assert [(t, c) for t, _, c, _ in got] == [("KARACHI", "PK")]


def test_a_dateline_in_capitals_is_a_place_whatever_else_its_word_means(pipeline):
    # spaCy tags this "BUFFALO" a nationality; the word is an animal too
    got = places(pipeline, "BUFFALO, N.Y. (AP) --\n\nA snowstorm closed the airport on Monday.")
    assert [(t, c) for t, _, c, _ in got][:1] == [("BUFFALO", "US")]


def test_a_countrys_code_where_a_place_goes_is_the_country(pipeline):
    got = places(pipeline, "Back in HK after a long trip, so tired.")
    assert [(t, c) for t, _, c, _ in got] == [("HK", "HK")]
    assert places(pipeline, "She now works in IT support.") == []  # an English word, not Italy


def test_calendar_abbreviations_are_not_places(pipeline):
    assert places(pipeline, "My exam is on Mon and the party on Fri.") == []


# -- lists, demonyms, persons -------------------------------------------------------------------

def test_a_list_taken_for_one_name_is_split_into_its_places(pipeline):
    got = places(pipeline, "We spent a week touring Thailand, Chiang Mai and Bangkok, then flew to Laos.")
    assert [(t, c) for t, _, c, _ in got] == [("Thailand", "TH"), ("Chiang Mai", "TH"), ("Bangkok", "TH"),
                                              ("Laos", "LA")]
    assert [t for t, *_ in places(pipeline, "Flights to Trinidad and Tobago resumed.")] == ["Trinidad and Tobago"]


def test_a_demonym_ner_leaves_untagged_is_listed_with_its_country(pipeline):
    doc = Document(id="d", text="An Englishman was among the injured in Madrid.", published=dt.date(2022, 5, 2))
    found = pipeline.places([doc])[0]["d"]
    roles = [(p.mention.text, p.mention.role, p.candidate.country) for p in found]
    assert roles == [("Englishman", "associative", "GB"), ("Madrid", "literal", "ES")]


def test_a_surname_ner_calls_a_person_is_no_small_place(pipeline):
    # "Alvarado" and "Zaragoza" are towns too; here they are the officers the article names
    text = ("General Pedro Alvarado met the envoy at noon. Alvarado refused the terms and rode north. "
            "Colonel Ramon Zaragoza wrote to his wife. Zaragoza said the siege would be long.")
    assert places(pipeline, text) == []


@pytest.mark.parametrize("text, name, place", [
    ("Supporters criticized Madero for failing to pass reforms.", "Madero", False),  # a district of 8,000
    ("Supporters criticized Díaz for failing to pass reforms.", "Díaz", False),      # villages of 4,000
    ("Supporters criticized Chester for failing to pass reforms.", "Chester", True),  # a city of 80,000
    ("Rebels marched in Madero on Sunday.", "Madero", True),                          # a place slot
])
def test_a_name_ner_calls_a_person_elsewhere_is_a_place_only_if_known_or_placed(pipeline, text, name, place):
    from geoevents.nameforms import place_though_person

    s = text.index(name)
    m = Mention(s, s + len(name), name, name, "GAZ", "literal")
    assert place_though_person(pipeline.recognizer.lookup, text, m) is place


def test_the_store_knows_which_names_wordnet_gives_only_to_persons(pipeline):
    word = pipeline.recognizer.lookup.english_word
    assert (word("Pancho Villa"), word("Zapata"), word("Washington"), word("Nice")) == \
        ("person", "person", "proper", "common")


def test_a_famous_persons_name_is_no_village_named_after_him(pipeline):
    # a village of Mexico is called Pancho Villa, and villages of Italy Villa: the man, whose
    # surname a slot once admits ("set out to capture Villa") without making it a place elsewhere
    text = ("Pancho Villa raised an army in Chihuahua. The army set out to capture Villa in the spring. "
            "Villa escaped to the mountains, and Villa later returned to his ranch near Parral.")
    names = [t for t, *_ in places(pipeline, text)]
    assert "Pancho Villa" not in names and names.count("Villa") <= 1, names


def test_a_town_slot_picks_the_town_over_its_province(pipeline):
    got = places(pipeline, "Rockets hit the cities of Idlib and Hama overnight, and snow closed roads around "
                           "the city of Quebec.")
    assert [(t, c) for t, _, c, _ in got] == [("Idlib", "SY"), ("Hama", "SY"), ("Quebec", "CA")]
    best = {t: p for t, p in ((p.mention.text, p) for p in pipeline.places([Document(
        id="q", text="Snow closed roads around the city of Quebec.", published=dt.date(2022, 5, 2))])[0]["q"])}
    assert best["Quebec"].candidate.feature_class == "P"
    doc = Document(id="s", text="Rockets hit the cities of Idlib and Hama overnight.", published=dt.date(2022, 5, 2))
    assert {p.candidate.feature_class for p in pipeline.places([doc])[0]["s"]} == {"P"}


def test_the_name_after_a_town_and_a_comma_is_the_unit_that_holds_it(pipeline):
    # a story of Michigan and Ohio would pull "Ontario" to the Ohio town of that name; "St. Thomas,
    # Ontario" says it is the province that holds St. Thomas
    got = places(pipeline, "Ford will close plants in Michigan and Ohio. "
                           "The St. Thomas, Ontario plant will lose a shift.")
    assert [(t, c) for t, _, c, _ in got] == [("Michigan", "US"), ("Ohio", "US"), ("St. Thomas", "CA"),
                                              ("Ontario", "CA")]


def test_a_place_name_that_is_a_common_word_needs_a_place_slot(pipeline):
    got = places(pipeline, "Singapore is the best venue for Mobile apps development.")
    assert [t for t, *_ in got] == ["Singapore"]
    got = places(pipeline, "Flooding hit Mobile, Alabama, on Tuesday.")
    assert [(t, c) for t, _, c, _ in got] == [("Mobile", "US"), ("Alabama", "US")]
    assert [t for t, *_ in places(pipeline, "Protesters marched in Reading on Saturday.")] == ["Reading"]


def test_a_small_first_level_division_keeps_no_common_word_a_place(pipeline):
    # Štore is a Slovenian town of 2,257 and, as GeoNames has it, a first-level division too
    got = places(pipeline, "ASUS Accessories Now Available on ASUS Official Online Store in Singapore.")
    assert [t for t, *_ in got] == ["Singapore"]
    assert [t for t, *_ in places(pipeline, "Floods cut the roads to Store, Slovenia, on Monday.")] == \
        ["Store", "Slovenia"]


def _feature_codes(pipeline, text):
    doc = Document(id="t", text=text, published=dt.date(2022, 5, 2))
    return [(p.mention.text, p.candidate.feature_code if p.candidate else None)
            for p in pipeline.places([doc])[0]["t"]]


def test_a_name_after_the_with_nothing_of_a_longer_name_is_the_river(pipeline):
    got = _feature_codes(pipeline, "Washington crossed the Delaware on Christmas night and sailed up the Hudson "
                                   "to Albany.")
    assert [(t, f) for t, f in got if t != "Washington"] == [("Delaware", "STM"), ("Hudson", "STM"), ("Albany", "PPLA")]
    # the state when the name qualifies a noun, stands bare, or heads a list of states
    for text in ("The Ohio legislature voted on Monday.", "Protests spread in Delaware on Monday.",
                 "The Missouri, Kansas and Nebraska delegations met."):
        assert {f for _, f in _feature_codes(pipeline, text)} == {"ADM1"}, text


def test_curated_battlefields_and_sites_are_places_even_when_ner_calls_them_persons(pipeline):
    # spaCy's small model tags "Iwo Jima" and "Monte Cassino" PERSON
    got = _feature_codes(pipeline, "Japan attacked Pearl Harbor. Marines landed on Iwo Jima. The Allies bombed "
                                   "Monte Cassino.")
    assert got == [("Japan", "PCLI"), ("Pearl Harbor", "HBR"), ("Iwo Jima", "ISL"), ("Monte Cassino", "MSTY")]
    got = _feature_codes(pipeline, "France regained Alsace and Lorraine.")
    assert got == [("France", "PCLI"), ("Alsace", "RGN"), ("Lorraine", "RGN")]


def test_the_place_that_owns_a_buildings_name_is_where_it_stands(pipeline):
    # NER tags the whole "Abuja's International Conference Centre" an organisation
    doc = Document(id="t", text="Protesters gathered in Abuja's International Conference Centre on Monday.",
                   published=dt.date(2022, 5, 2))
    got = [(p.mention.text, p.mention.role) for p in pipeline.places([doc])[0]["t"]]
    assert got == [("Abuja", "literal")]


def test_a_name_ending_in_a_generic_word_is_a_place_whatever_ner_says(pipeline):
    # NER tags "Bama Town" a person; no one's name ends in "Town"
    got = _feature_codes(pipeline, "Gunmen attacked Bama Town early on Wednesday morning.")
    assert got == [("Bama Town", "PPLA2")]


def test_what_a_side_holds_is_ground_not_a_person(pipeline):
    # NER tags "Vogosca" a person
    got = _feature_codes(pipeline, "And in Serb-held Vogosca, north of Sarajevo, an officer was shot.")
    assert [t for t, _ in got] == ["Serb", "Vogosca", "Sarajevo"]


# -- ranking ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, admin1", [
    # a bare name: the largest namesake, not a smaller state capital (Springfield, Illinois) ...
    ("Police in Springfield arrested two men on Tuesday.", "Springfield", "MO"),
    # ... nor a first-level division of a few people (Portland parish, Jamaica)
    ("Protesters marched through Portland on Saturday.", "Portland", "OR"),
])
def test_a_bare_name_is_its_largest_namesake_not_a_small_capital_or_division(pipeline, text, name, admin1):
    got = places(pipeline, text)
    assert [(t, c, a) for t, _, c, a in got] == [(name, "US", admin1)]


def test_a_name_whose_kin_follow_in_the_possessive_is_a_person(pipeline):
    assert places(pipeline, "Congratulations! Welcome to Mokhtar's family, dear Nora.") == []
    assert [t for t, *_ in places(pipeline, "Iraq's children suffered most, and Syria's president spoke.")] == \
        ["Iraq", "Syria"]


def test_a_place_name_opened_by_a_generic_word_is_a_place_whatever_ner_says(pipeline):
    # spaCy tags "Ciudad Juárez" a person's name; "Ciudad" opens the own names of towns only
    got = places(pipeline, "The rebels won Ciudad Juarez.")
    assert [(t, c) for t, _, c, _ in got] == [("Ciudad Juarez", "MX")]


def test_a_village_once_so_called_does_not_outrank_the_city_of_that_name(pipeline):
    # Villa Juárez (Durango, 7,000 people) was once called Ciudad Juárez; the city of 1.5 million
    # in Chihuahua bears the name as its own
    got = places(pipeline, "Villa's army left Torreón and Gómez Palacio in Durango and marched on Ciudad Juárez.")
    assert [(name, a) for t, name, _, a in got if t == "Ciudad Juárez"] == [("Ciudad Juárez", "06")]


def test_a_town_once_so_called_does_not_outrank_the_province_of_that_name(pipeline):
    # GeoNames lists "Quebec" among New Britain's (Connecticut) alternate names; in a story of
    # New England's towns the name is still the province of ten million that bears it as its own
    got = places(pipeline, "Burgoyne set off from Quebec with his army and marched toward Albany, New York, "
                           "while Arnold raised troops in Connecticut.")
    assert [(name, c) for t, name, c, _ in got if t == "Quebec"] == [("Quebec", "CA")]


def test_a_curated_landmark_outranks_a_city_that_bears_its_name_translated(pipeline):
    # GeoNames gives Casablanca the alternate name "White House"; the curated landmark bears it
    got = places(pipeline, "The White House said on Monday that the talks would go on.")
    assert [(name, c) for t, name, c, _ in got if t == "White House"] == [("White House", "US")]
