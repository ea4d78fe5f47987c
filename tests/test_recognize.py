"""Toponym recognition: spaCy NER with the gazetteer, roles, given spans and the fast matcher.

Sentences are written for these tests. They need the gazetteer store (``make gazetteer``) and the
small English spaCy pipeline; both are installed by ``make test``.
"""

from __future__ import annotations

import pytest

from geoevents.errors import GazetteerNotBuiltError, ModelNotFoundError
from geoevents.gazetteer import normalize
from geoevents.model import Document
from geoevents.recognize import Recognizer, _abbreviation, _agent, _possessive_split, _trim, load_nlp


@pytest.fixture(scope="module")
def gazetteer():
    from geoevents.gazetteer import Gazetteer
    try:
        return Gazetteer.open()
    except GazetteerNotBuiltError as e:
        pytest.skip(f"no gazetteer store: {e}")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def recognizer(gazetteer, nlp):
    return Recognizer(gazetteer, nlp)


def mentions(recognizer, nlp, text):
    found = recognizer(nlp(text))
    for m in found:
        assert text[m.start:m.end] == m.text, "offsets index the text as read"
    return found


def by_text(found):
    return {m.text: m for m in found}


# -- pure span handling ----------------------------------------------------------------------------

def test_trim_drops_article_possessive_and_punctuation():
    text = "the Philippines' north, (Iraq's) and the U.S. "
    assert text[slice(*_trim(text, 0, 16))] == "Philippines"
    s = text.index("(")
    assert text[slice(*_trim(text, s, s + 8))] == "Iraq"
    s = text.index("the U.S.")
    assert text[slice(*_trim(text, s, s + 9))] == "U.S."


def test_trim_drops_a_preposition_ner_ran_on_into():
    text = "crossing the Delaware on Christmas night"
    s = text.index("the")
    assert text[slice(*_trim(text, s, s + len("the Delaware on")))] == "Delaware"
    text = "Newcastle upon Tyne and Stratford-upon-Avon"
    assert text[slice(*_trim(text, 0, len("Newcastle upon Tyne")))] == "Newcastle upon Tyne"
    s = text.index("Stratford")
    assert text[slice(*_trim(text, s, len(text)))] == "Stratford-upon-Avon"


def test_possessive_split_gives_both_names():
    text = "Syria's Aleppo City"
    assert [text[a:b] for a, b in _possessive_split(text, 0, len(text))] == ["Syria", "Aleppo City"]
    assert _possessive_split("Aleppo", 0, 6) == [(0, 6)]


def test_abbreviations_keep_their_full_stop():
    assert _abbreviation("U.S.") and _abbreviation("Ky.") and _abbreviation("D.C.") and _abbreviation("Ont.")
    assert not _abbreviation("Paris.") and not _abbreviation("Paris") and not _abbreviation("Oslo.")


@pytest.mark.parametrize("sentence, place, agent", [
    ("Moscow warned on Tuesday that it would respond.", "Moscow", True),
    ("Ankara has repeatedly denied the claim.", "Ankara", True),
    ("Canberra said the talks had failed.", "Canberra", True),
    ("Rain fell in Moscow said nobody.", "Moscow", False),
    ("Russia's ambassador left the room.", "Russia", True),
    ("Turkey's Antalya province was hit by fires.", "Turkey", False),
    ("An Iran-backed militia claimed the attack.", "Iran", True),
    ("A London-based charity sent food.", "London", False),
    ("Crowds marched through Lyon on Sunday.", "Lyon", False),
])
def test_a_place_that_acts_is_an_agent(sentence, place, agent):
    s = sentence.index(place)
    assert _agent(sentence, s, s + len(place), None) is agent


@pytest.mark.parametrize("sentence, place, agent", [
    ("About 120 demonstrators in the northeastern city of St. Gallen protested on Saturday.", "St. Gallen", False),
    ("The city of Chicago said on Monday that it would appeal.", "Chicago", True),
])
def test_a_place_named_after_city_of_acts_only_when_the_city_is_the_subject(nlp, sentence, place, agent):
    s = sentence.index(place)
    assert _agent(sentence, s, s + len(place), nlp(sentence)) is agent


# -- recognition with NER ------------------------------------------------------------------------

def test_places_are_found_with_offsets_and_literal_role(recognizer, nlp):
    text = "Heavy rain flooded parts of Brisbane and Toowoomba in Queensland on Monday."
    found = by_text(mentions(recognizer, nlp, text))
    assert {"Brisbane", "Toowoomba", "Queensland"} <= set(found)
    assert all(m.role == "literal" for m in found.values())


def test_possessive_gives_two_toponyms(recognizer, nlp):
    text = "Shelling resumed overnight in Syria's Aleppo City, residents said."
    found = by_text(mentions(recognizer, nlp, text))
    assert "Syria" in found and "Aleppo City" in found
    assert found["Aleppo City"].role == "literal"


def test_demonyms_are_associative_and_named_after_their_country(recognizer, nlp):
    text = "Turkish police detained two men after talks with Greek diplomats in Athens."
    found = by_text(mentions(recognizer, nlp, text))
    assert found["Turkish"].role == "associative" and found["Turkish"].name == "Turkey"
    assert found["Greek"].name == "Greece"
    assert found["Athens"].role == "literal"


def test_a_feature_word_in_lower_case_completes_its_name(recognizer, nlp):
    text = "The US military buildup in the Persian gulf continues apace, a Persian poet said."
    found = by_text(mentions(recognizer, nlp, text))
    assert found["Persian gulf"].name == "Persian Gulf" and found["Persian gulf"].role == "literal"
    assert found["Persian"].role == "associative"  # the adjective alone stays the country's


@pytest.mark.parametrize("text, name", [
    ("Israel captured and annexed east Jerusalem in 1967.", "Jerusalem"),
    ("Three men were killed in west Baghdad on Monday.", "Baghdad"),
])
def test_a_lower_case_direction_tagged_with_the_name_is_left_out(recognizer, nlp, text, name):
    assert name in by_text(mentions(recognizer, nlp, text))


def test_a_capital_that_speaks_is_associative(recognizer, nlp):
    text = "Beijing vowed to retaliate after the new tariffs were announced in Geneva."
    found = by_text(mentions(recognizer, nlp, text))
    assert found["Beijing"].role == "associative"
    assert found["Geneva"].role == "literal"


@pytest.mark.parametrize("text, name, role", [
    ("Iraq shelled the border villages in 1980.", "Iraq", "associative"),    # a doer with an object
    ("Kabul saw heavy fighting on Monday.", "Kabul", "literal"),              # the setting of it
    ("Baghdad fell in April.", "Baghdad", "literal"),                         # no object: what befell it
    ("Mosul hosted the talks on Monday.", "Mosul", "literal"),
])
def test_a_place_that_does_something_to_something_is_a_doer(recognizer, nlp, text, name, role):
    assert by_text(mentions(recognizer, nlp, text))[name].role == role


def test_a_person_named_after_a_place_is_no_toponym(recognizer, nlp):
    text = "Paris Hilton arrived in Berlin on Friday for the premiere."
    found = by_text(mentions(recognizer, nlp, text))
    assert "Berlin" in found
    assert not any(m.text.startswith("Paris") for m in found.values())


def test_a_landmark_tagged_as_organisation_counts_when_the_gazetteer_knows_it(recognizer, nlp, gazetteer):
    if not gazetteer.candidates("Pentagon"):
        pytest.skip("the gazetteer has no Pentagon entry")
    text = "Reporters waited outside the Pentagon for the defence secretary."
    found = mentions(recognizer, nlp, text)
    assert any(m.text == "Pentagon" for m in found)


def test_a_place_inside_an_organisation_name_is_associative(recognizer, nlp):
    text = "The Toronto Police Service said two officers were hurt."
    found = by_text(mentions(recognizer, nlp, text))
    assert found.get("Toronto") is not None and found["Toronto"].role == "associative"


@pytest.mark.parametrize("text, place", [
    ("The International Court of Justice in The Hague ordered a halt on Wednesday.", "Hague"),
    ("The Supreme Court in Nairobi annulled the result after the protest.", "Nairobi"),
])
def test_the_seat_of_a_body_is_a_literal_place(recognizer, nlp, text, place):
    # "X in Y" locates the body: Y is where it sits, not part of its name ("University of Toronto")
    found = by_text(mentions(recognizer, nlp, text))
    assert found.get(place) is not None and found[place].role == "literal"


def test_a_newspaper_or_university_named_after_a_place_is_no_toponym(recognizer, nlp):
    text = "The Boston Globe and Michigan State University reported the findings from Lansing."
    found = by_text(mentions(recognizer, nlp, text))
    assert "Lansing" in found
    assert "Boston" not in found and "Michigan" not in found


def test_a_disease_named_after_a_place_is_no_toponym(recognizer, nlp):
    text = "Cases of West Nile virus rose in Houston this summer."
    found = by_text(mentions(recognizer, nlp, text))
    assert "Houston" in found
    assert not any("Nile" in t for t in found)


@pytest.mark.parametrize("text, name", [
    # NER labels the town a product, a work or a person; the preposition, a stated container or
    # the article's country shows it is a place
    ("A missile struck the railway station in Kramatorsk on Friday as families waited for trains "
     "out of eastern Ukraine.", "Kramatorsk"),
    ("Shelling hit Kramatorsk, Ukraine, overnight.", "Kramatorsk"),
])
def test_a_place_ner_labels_otherwise_is_reexamined(recognizer, nlp, text, name):
    found = by_text(mentions(recognizer, nlp, text))
    assert name in found and found[name].role == "literal"


def reexamined(recognizer, text, name, label, countries=()):
    s = text.index(name)
    return recognizer._reexamined(text, s, s + len(name), label, set(countries))


def test_reexamination_needs_a_place_cue(recognizer):
    # no cue: a thing bought, a word read
    assert reexamined(recognizer, "She bought a Kramatorsk at the market.", "Kramatorsk", "PRODUCT") is None
    m = reexamined(recognizer, "The station in Kramatorsk was hit.", "Kramatorsk", "PRODUCT")
    assert m is not None and m.text == "Kramatorsk" and m.role == "literal"
    # a person's name after "to" stays a person's
    assert reexamined(recognizer, "He talked to Kramatorsk for an hour.", "Kramatorsk", "PERSON") is None


def test_reexamination_of_a_small_town_needs_the_articles_country(recognizer, gazetteer):
    text = "Rescuers worked through the night in Pazarcik."
    small = [c for c in gazetteer.candidates("Pazarcik")
             if normalize(c.name) == "pazarcik" and 1_000 <= c.population < 100_000]
    if not small:
        pytest.skip("no small town of that name in the gazetteer")
    country = small[0].country
    assert reexamined(recognizer, text, "Pazarcik", "WORK_OF_ART") is None
    assert reexamined(recognizer, text, "Pazarcik", "WORK_OF_ART", {country}) is not None


def test_a_capitalised_abbreviation_ner_found_is_not_a_function_word(recognizer, nlp):
    text = "The soldier returned to the US on emergency leave, and US officials met him."
    found = mentions(recognizer, nlp, text)
    assert [m.text for m in found if m.text == "US"], "US, not the pronoun us"
    assert not any(m.text.lower() == "us" and m.text != "US" for m in found)


def test_all_caps_dateline_is_found(recognizer, nlp):
    text = "DAYTON, Ohio (AP) — A water main broke downtown on Tuesday, officials said."
    found = by_text(mentions(recognizer, nlp, text))
    assert "DAYTON" in found and found["DAYTON"].name == "Dayton"
    assert "Ohio" in found


def test_a_name_recognised_as_a_place_is_that_place_throughout(recognizer, nlp):
    text = ("Lexington is a city in Fayette County, Kentucky. The town of Lexington grew around a "
            "spring. Lexington had a horse market, and Lexington Avenue in New York is named after it.")
    found = mentions(recognizer, nlp, text)
    starts = [m.start for m in found if m.text == "Lexington"]
    assert len(starts) == 3, "every bare mention, not the one inside 'Lexington Avenue'"
    assert text.index("Lexington Avenue") not in starts


def test_common_capitalised_words_are_not_places(recognizer, nlp):
    text = "Reply to this story. Mark your calendars: Split the bill and Reading is fun."
    found = by_text(mentions(recognizer, nlp, text))
    assert not ({"Reply", "Mark", "Split", "Reading"} & set(found))


# -- given spans and the fast matcher ------------------------------------------------------------

def test_given_spans_are_kept_exactly(recognizer):
    text = "Canadian troops arrived in Kandahar's outskirts."
    doc = Document("d", text, given_spans=((0, 8), (27, 35)))
    found = recognizer.given(doc)
    assert [(m.start, m.end) for m in found] == [(0, 8), (27, 35)]
    assert found[0].name == "Canada" and found[0].role == "associative"
    assert found[1].name == "Kandahar"


def test_fast_matcher_finds_places_and_demonyms_without_ner(recognizer):
    text = "Flooding hit Brisbane on Monday. Australian officials flew from Sydney to help."
    found = by_text(recognizer.match(text))
    assert {"Brisbane", "Sydney"} <= set(found)
    assert found["Australian"].name == "Australia" and found["Australian"].role == "associative"
    for m in found.values():
        assert text[m.start:m.end] == m.text


def test_fast_matcher_keeps_possessives_and_full_stops_out_of_names(recognizer):
    text = "Talks were held in Oslo. Norway's envoy flew on to Kenya's capital."
    found = recognizer.match(text)
    assert [m.text for m in found] == ["Oslo", "Norway", "Kenya"]
    assert found[1].role == "associative"  # Norway's envoy acts for Norway


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelNotFoundError, match="no_such_pipeline"):
        load_nlp("no_such_pipeline")


@pytest.mark.parametrize("text", [
    "The Red Army captured Kiev on 3 February 1919.",
    "Artillery shelled Kiev through the night.",
])
def test_a_great_city_taken_or_shelled_is_a_place_whatever_ner_says(recognizer, nlp, text):
    found = by_text(mentions(recognizer, nlp, text))
    assert "Kiev" in found and found["Kiev"].role == "literal"


@pytest.mark.parametrize("text,name", [
    ("Police found the weapon in Ahmed's house.", "Ahmed"),     # a possessor
    ("Officials met Ahmed Warsame on Monday.", "Ahmed Warsame"),  # met, not entered
])
def test_a_person_in_a_place_slot_that_is_his_own_stays_a_person(recognizer, nlp, text, name):
    assert name not in by_text(mentions(recognizer, nlp, text))


def test_a_person_after_an_ordinary_verb_stays_a_person(recognizer, nlp):
    assert "Kiev" not in by_text(mentions(recognizer, nlp, "Officials thanked Kiev Smith for the report."))


@pytest.mark.parametrize("text, name", [
    ("\"We will not back down,\" Rubio said on Sunday.", "Rubio"),  # a surname first, a town of 60,000
    ("Neighbours said the Jackson home had been empty for years.", "Jackson"),  # a family's house
])
def test_a_name_first_or_before_a_house_is_no_place_without_more(recognizer, nlp, text, name):
    assert name not in by_text(mentions(recognizer, nlp, text))


# -- names NER misses in a place slot (sentences written for these tests) ------------------------

@pytest.mark.parametrize("text, name", [
    # the gazetteer knows the name as a notable place; the sentence puts it in a place slot, and
    # NER says nothing, or ORG, NORP, LANGUAGE, PERSON
    ("Jets pounded the northern Hama countryside before dawn.", "Hama"),           # direction, place noun
    ("Barrel bombs fell on Aleppo city and the villages around it.", "Aleppo"),    # a kind of place after
    ("Soldiers raised their flag over the city of Aleppo at noon.", "Aleppo"),     # "the city of"
    ("Mortars landed in eastern Aleppo overnight.", "Aleppo"),
    ("The army entered Palmyra on Sunday after a week of fighting.", "Palmyra"),   # a verb of taking a place
    ("Turkish troops will enter Al-Bab once the road is open.", "Al-Bab"),
    ("Rebels attacked Homs again, a day after the truce.", "Homs"),               # a verb of attacking a place
    ("Jets struck positions in Deir Hafer and Al-Bab on Monday.", "Al-Bab"),        # a list after "in"
    ("Vukovar was captured after a siege of three months.", "Vukovar"),          # first word, said taken
    ("Soldiers and police will patrol Cancun during the summit.", "Cancun"),      # a verb of patrolling
    ("A fire destroyed the Omagh home of a retired teacher.", "Omagh"),           # a site in the town
    ("Two men were shot outside a Lahore court last April.", "Lahore"),
    ("The army retook the strategic village of Maheen from the militants.", "Maheen"),
])
def test_a_notable_place_ner_misses_is_found_in_a_place_slot(recognizer, nlp, text, name):
    found = by_text(mentions(recognizer, nlp, text))
    assert name in found and found[name].role == "literal", found


@pytest.mark.parametrize("text, name", [
    # names the gazetteer does not know, which the sentence says are places: found, unresolved
    ("Militants shelled the village of Qarnabiyah before dawn, residents said.", "Qarnabiyah"),
    ("Gunmen stormed the settlements of Duraykish and Umm Tuwaynah overnight.", "Umm Tuwaynah"),
    ("Gunmen stormed the settlements of Duraykish and Umm Tuwaynah overnight.", "Duraykish"),
    ("Insurgents burned Kawaduri village and drove off its cattle.", "Kawaduri"),
    ("Air strikes hit the Zayziyah Refugee Camp on Tuesday.", "Zayziyah Refugee Camp"),
    ("The assault on the Tal Shihab Checkpoint lasted two hours.", "Tal Shihab Checkpoint"),
    ("Shells struck Tal Qarah, Hama, overnight.", "Tal Qarah"),                    # placed in a division
    ("Gunmen killed two men in Ishakiya, 100 kilometres north of the capital.", "Ishakiya"),  # a distance
    ("Qarnawi, a village in the north, was shelled at dawn.", "Qarnawi"),          # "a village in"
    ("Soldiers fanned out across Kabawa's main square on Sunday.", "Kabawa"),      # the town's square
    ("In villages like Cailawo and Manaputa, militias burned houses.", "Manaputa"),  # "villages like"
    ("Rebels shelled the settlements of Jobara (five times), Arbuna (twice) and Dumaya.", "Dumaya"),
    ("The Islamists captured Qoryowe and Bul Marir this week.", "Qoryowe"),       # taken, not a person
    # tagged PERSON, in a slot only a place fills
    ("Jaysh Al-Fateh entered Dahiyat Al-Assad after scoring a direct hit.", "Dahiyat Al-Assad"),
    ("A crowd of some 500 people demonstrated in Lumbumbashi on Friday.", "Lumbumbashi"),
])
def test_an_unknown_name_the_sentence_calls_a_place_is_found(recognizer, nlp, text, name):
    found = by_text(mentions(recognizer, nlp, text))
    assert name in found and found[name].role == "literal", found


@pytest.mark.parametrize("text, absent", [
    ("Michael Jordan visited the children's ward on Friday.", "Jordan"),       # a person's full name
    ("Jordan said the team had played its best game.", "Jordan"),             # a person who speaks
    ("The coach praised Jordan for his defence.", "Jordan"),                  # a person after an ordinary verb
    ("The Clinton camp disputed the figures.", "Clinton"),                    # a political camp
    ("Senators met at the city hall with Mayor Lopez.", "Lopez"),
    ("Kurds gathered in several areas of the city.", "Kurds"),                # a people
    ("Officials denied any link between Bush and Steele on Monday.", "Steele"),  # people listed after "between"
    ("She moved to Toronto. Now, Palma and her sisters run the salon.", "Palma"),  # a list ends at a full stop
    ("After three deaths in Texas, Philmont said he was scared.", "Philmont"),  # a man after a place and a comma
    ("Samples went from the Center for Disease Control in Atlanta to the lab.", "Center"),  # a body's name
    ("He was treated at St. Paul's Hospital in downtown Vancouver.", "St. Paul"),  # a hospital's name
    ("A bomb hit the church of St. Peter and St. Paul in Cairo.", "St. Paul"),  # the saints of a church
    ("The Syracuse University team won in overtime.", "Syracuse"),            # a university's name
    ("Survived COS understudy last week with help of friends.", "COS"),       # Jos's alternate spelling
    ("Teatime at Blk 8 near the market.", "Blk"),                             # a block, not Balkh
])
def test_a_person_or_organisation_named_like_a_place_stays_what_it_is(recognizer, nlp, text, absent):
    found = by_text(mentions(recognizer, nlp, text))
    assert absent not in found or found[absent].role != "literal", found


@pytest.mark.parametrize("text,name", [
    ("The Second Battle of Arras was fought in 1917.", "Arras"),
    ("The Battle of Verdun began in February 1916.", "Verdun"),
    ("The militia was ambushed and scattered at the Battle of Oriskany.", "Oriskany"),  # tagged a place whole
])
def test_the_place_a_battle_is_named_after(recognizer, nlp, text, name):
    found = by_text(mentions(recognizer, nlp, text))
    assert name in found and found[name].role == "literal"


@pytest.mark.parametrize("text, town, unit", [
    ("We went to Victoria, Seychelles last week.", "Victoria", "Seychelles"),  # NER: one ORG
])
def test_a_town_and_its_country_tagged_as_one_organisation_are_two_places(recognizer, nlp, text, town, unit):
    ents = [(e.text, e.label_) for e in nlp(text).ents]
    assert (f"{town}, {unit}", "ORG") in ents, f"the model no longer makes the case this test is for: {ents}"
    found = by_text(mentions(recognizer, nlp, text))
    assert town in found and unit in found and found[town].role == "literal"


def test_an_organisation_named_with_a_comma_is_no_address(recognizer, nlp):
    found = by_text(mentions(recognizer, nlp, "Smith, Jones and Partners opened an office in Leeds."))
    assert "Smith" not in found and "Jones" not in found and "Leeds" in found
