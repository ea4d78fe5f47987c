"""Merging the same event across articles (and joining tellings within one article).

Events are built by hand, so each test checks one merge rule: type, date, place, evidence,
"never two events one article tells apart", and what the merged event keeps.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from geoevents import merge as m
from geoevents.model import Candidate, Event, Location, Mention, Place, Source

D = dt.date

CITY_KABUL = Candidate("g:kabul", "Kabul", 34.53, 69.17, "AF", "P", "PPLC")
AIRPORT_KABUL = Candidate("a:oakb", "Kabul airport", 34.565, 69.212, "AF", "S", "AIRP")  # 5 km away
CITY_HERAT = Candidate("g:herat", "Herat", 34.35, 62.20, "AF", "P", "PPLA")  # 640 km away
AFGHANISTAN = Candidate("g:af", "Afghanistan", 33.9, 67.7, "AF", "A", "PCLI")
PAKISTAN = Candidate("g:pk", "Pakistan", 30.0, 70.0, "PK", "A", "PCLI")
IRAQ = Candidate("g:iq", "Iraq", 33.0, 44.0, "IQ", "A", "PCLI")
SYRIA = Candidate("g:sy", "Syria", 35.0, 38.0, "SY", "A", "PCLI")
LYON = Candidate("g:lyon", "Lyon", 45.76, 4.84, "FR", "P", "PPLA")
PARIS = Candidate("g:paris", "Paris", 48.86, 2.35, "FR", "P", "PPLC")
FRANCE = Candidate("g:fr", "France", 46.2, 2.2, "FR", "A", "PCLI")


def loc(c: Candidate, precision: int | None = None, inferred: bool = False) -> Location:
    p = Place(Mention(0, len(c.name), c.name, c.name, "GPE"), c, 0.9)
    if precision is None:
        precision = 3 if c.is_region else (2 if c.feature_class == "S" else 1)
    return Location(p, precision, "test", inferred)


_counter = [0]


def ev(doc: str, type_: str = "ASSAULT", date: dt.date | None = None, *places: Candidate, mode: str | None = None,
       label: str | None = None, precision: str = "day", inferred_date: bool = False, earliest=None, latest=None,
       actors=(), targets=(), fatalities=None, status="occurred", inferred_place=False, after=(), start=None,
       id_=None) -> Event:
    _counter[0] += 1
    start = _counter[0] * 100 if start is None else start
    return Event(
        id=id_ or f"ev-{doc}-{start}", type=type_, date=date, time_precision=precision if date else "none",
        locations=tuple(loc(c, inferred=inferred_place) for c in places), summary=f"{type_} told by {doc}",
        sources=(Source(doc, f"sentence {start} of {doc}", start, start + 20),), mode=mode, label=label,
        status=status, date_reason="test", actors=tuple(actors), targets=tuple(targets), fatalities=fatalities,
        earliest=earliest if earliest is not None else (date if date and not inferred_date else None),
        latest=latest if latest is not None else (date if date and not inferred_date else None),
        date_inferred=inferred_date, after=tuple(after))


def docs(e: Event) -> set[str]:
    return {s.doc for s in e.sources}


# -- one event told twice ---------------------------------------------------------------------------

def test_same_event_two_articles_one_event_with_both_sources():
    a = ev("a", "ASSAULT", D(2024, 3, 12), AIRPORT_KABUL, mode="drone", targets=["a rebel commander"], fatalities=1)
    b = ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="aerial", actors=["US"], fatalities=3)
    out = m.merge([a, b])
    assert len(out) == 1
    e = out[0]
    assert docs(e) == {"a", "b"} and len(e.sources) == 2
    # the landmark covers its city; the most specific mode; the highest count told
    assert [l.place.candidate.name for l in e.locations] == ["Kabul airport"]
    assert e.mode == "drone" and e.fatalities == 3
    assert e.actors == ("US",) and e.targets == ("a rebel commander",)
    assert e.acled == ("Explosions/Remote violence", "Air/drone strike")


def test_different_days_stay_apart():
    a = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing")
    b = ev("b", "ASSAULT", D(2024, 3, 15), CITY_KABUL, mode="bombing")
    assert len(m.merge([a, b])) == 2


def test_places_too_far_apart_stay_apart():
    a = ev("a", "PROTEST", D(2024, 3, 12), CITY_KABUL)
    b = ev("b", "PROTEST", D(2024, 3, 12), CITY_HERAT)
    assert len(m.merge([a, b])) == 2


def test_a_country_agrees_with_a_point_inside_it_only():
    inside = ev("a", "ASSAULT", D(2024, 3, 12), CITY_HERAT, mode="shelling")
    country = ev("b", "ASSAULT", D(2024, 3, 12), AFGHANISTAN, mode="shelling")
    other = ev("c", "ASSAULT", D(2024, 3, 12), PAKISTAN, mode="shelling")
    out = m.merge([inside, country, other])
    assert len(out) == 2
    merged = next(e for e in out if len(e.sources) == 2)
    assert docs(merged) == {"a", "b"}
    assert [l.place.candidate.name for l in merged.locations] == ["Herat"]  # the point covers its country


def test_one_day_apart_at_the_same_spot_across_articles():
    # "last night" in one time zone, "on Friday" in another
    a = ev("a", "ASSAULT", D(2024, 3, 12), AIRPORT_KABUL, mode="drone")
    b = ev("b", "ASSAULT", D(2024, 3, 13), AIRPORT_KABUL, mode="drone")
    assert len(m.merge([a, b])) == 1
    c = ev("c", "ASSAULT", D(2024, 3, 14), AIRPORT_KABUL, mode="drone")
    d = ev("d", "ASSAULT", D(2024, 3, 12), AFGHANISTAN, mode="drone")
    assert len(m.merge([c, d])) == 2


# -- dates --------------------------------------------------------------------------------------------

def test_undated_event_takes_the_date_of_the_event_it_merges_with():
    dated = ev("a", "ASSAULT", D(2019, 12, 29), IRAQ, mode="aerial", actors=["US"], fatalities=None)
    undated = ev("b", "ASSAULT", None, IRAQ, SYRIA, mode="aerial", actors=["US forces"],
                 earliest=D(2019, 12, 27), latest=D(2020, 1, 3), fatalities=25)
    out = m.merge([undated, dated])
    assert len(out) == 1
    e = out[0]
    assert e.date == D(2019, 12, 29) and e.time_precision == "day" and not e.date_inferred
    assert {l.place.candidate.country for l in e.locations} == {"IQ", "SY"}
    assert e.fatalities == 25


def test_a_bound_must_hold():
    dated = ev("a", "ASSAULT", D(2019, 12, 26), IRAQ, mode="aerial", actors=["US"])
    after = ev("b", "ASSAULT", None, IRAQ, mode="aerial", actors=["US"], earliest=D(2019, 12, 27))
    assert len(m.merge([dated, after])) == 2


def test_a_day_agrees_with_its_week_or_month():
    day = ev("a", "PROTEST", D(2024, 3, 12), PARIS, actors=["farmers"])
    month = ev("b", "PROTEST", D(2024, 3, 1), PARIS, precision="month", earliest=D(2024, 3, 1),
               latest=D(2024, 3, 31), actors=["farmers' unions"])
    out = m.merge([day, month])
    assert len(out) == 1 and out[0].date == D(2024, 3, 12) and out[0].time_precision == "day"
    april = ev("c", "PROTEST", D(2024, 4, 1), PARIS, precision="month", earliest=D(2024, 4, 1),
               latest=D(2024, 4, 30), actors=["farmers"])
    assert len(m.merge([day, april])) == 2


def test_a_date_carried_over_from_the_narrative_never_conflicts():
    stated = ev("a", "ASSAULT", D(2024, 3, 12), AIRPORT_KABUL, mode="drone", targets=["commander Abdul Rahim"])
    guessed = ev("b", "ASSAULT", D(2024, 3, 9), AIRPORT_KABUL, inferred_date=True, targets=["Abdul Rahim"],
                 latest=D(2024, 3, 14))
    out = m.merge([stated, guessed])
    assert len(out) == 1 and out[0].date == D(2024, 3, 12) and not out[0].date_inferred


# -- types ---------------------------------------------------------------------------------------------

def test_riot_and_crowd_assault_merge_air_strike_does_not():
    riot = ev("a", "PROTEST", D(2024, 3, 12), CITY_KABUL, mode="riot", targets=["the embassy"])
    attack = ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, targets=["the US embassy"])
    out = m.merge([riot, attack])
    assert len(out) == 1 and (out[0].type, out[0].mode) == ("PROTEST", "riot")
    strike = ev("c", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="aerial")
    assert len(m.merge([riot, strike])) == 2


def test_modes_that_cannot_be_one_event():
    bomb = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing")
    shell = ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="shelling")
    assert len(m.merge([bomb, shell])) == 2


def test_other_labels_must_agree_but_a_death_joins_its_cause():
    flood = ev("a", "OTHER", D(2024, 3, 12), LYON, label="disaster")
    vote = ev("b", "OTHER", D(2024, 3, 12), LYON, label="election")
    assert len(m.merge([flood, vote])) == 2
    death = ev("c", "OTHER", D(2024, 3, 12), LYON, label="death", targets=["Marie Dupont"])
    crash = ev("d", "OTHER", D(2024, 3, 12), LYON, label="accident", targets=["driver Marie Dupont"])
    out = m.merge([death, crash])
    assert len(out) == 1 and out[0].label == "accident"


def test_speech_needs_the_same_speaker():
    a = ev("a", "OTHER", D(2024, 3, 12), FRANCE, label="statement", actors=["President Macron"], inferred_place=True)
    b = ev("b", "THREATEN", D(2024, 3, 12), FRANCE, actors=["Emmanuel Macron"], inferred_place=True)
    c = ev("c", "OTHER", D(2024, 3, 12), FRANCE, label="statement", actors=["the foreign ministry"],
           inferred_place=True)
    out = m.merge([a, b, c])
    assert len(out) == 2
    joined = next(e for e in out if len(e.sources) == 2)
    assert docs(joined) == {"a", "b"} and (joined.type, joined.label) == ("THREATEN", None)


def test_a_statement_is_speech_not_a_physical_other_event():
    said = ev("a", "OTHER", D(2024, 3, 12), LYON, label="statement")
    died = ev("b", "OTHER", D(2024, 3, 12), LYON, label="death")
    accused = ev("c", "ACCUSE", D(2024, 3, 12), LYON)
    assert not m.types_agree(said, died) and not m.types_agree(died, said)
    assert m.types_agree(said, accused)


def test_status_must_agree():
    happened = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing")
    denied = ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing", status="negated")
    assert len(m.merge([happened, denied])) == 2


# -- evidence ----------------------------------------------------------------------------------------

def test_compatible_is_not_enough_without_evidence():
    # two protests somewhere in France, no day, no names, nothing they both follow
    a = ev("a", "PROTEST", None, FRANCE, latest=D(2024, 3, 14))
    b = ev("b", "PROTEST", None, FRANCE, latest=D(2024, 3, 15))
    assert len(m.merge([a, b])) == 2


def test_two_articles_agreeing_on_what_an_event_followed():
    rocket_a = ev("a", "ASSAULT", D(2019, 12, 27), CITY_KABUL, mode="shelling", id_="ev-ra")
    strikes_a = ev("a", "ASSAULT", D(2019, 12, 29), AFGHANISTAN, mode="aerial", inferred_place=True,
                   after=["ev-ra"], id_="ev-sa")
    rocket_b = ev("b", "ASSAULT", D(2019, 12, 27), CITY_KABUL, id_="ev-rb", actors=["rebels"])
    strikes_b = ev("b", "ASSAULT", None, AFGHANISTAN, PAKISTAN, mode="aerial", earliest=D(2019, 12, 27),
                   after=["ev-rb"], id_="ev-sb")
    out = m.merge([strikes_b, rocket_a, strikes_a, rocket_b])
    assert len(out) == 2
    strikes = next(e for e in out if e.mode == "aerial")
    rocket = next(e for e in out if e.mode == "shelling")
    assert docs(strikes) == {"a", "b"} and strikes.date == D(2019, 12, 29)
    assert {l.place.candidate.name for l in strikes.locations} == {"Afghanistan", "Pakistan"}
    assert not any(l.inferred for l in strikes.locations)  # the stated places win over the fallback
    assert strikes.after == (rocket.id,)
    # without the shared anchor the same two strike tellings stay apart
    lone_a = ev("a", "ASSAULT", D(2019, 12, 29), AFGHANISTAN, mode="aerial", inferred_place=True)
    lone_b = ev("b", "ASSAULT", None, AFGHANISTAN, mode="aerial", earliest=D(2019, 12, 27))
    assert len(m.merge([lone_a, lone_b])) == 2


def test_never_two_events_one_article_tells_apart():
    a1 = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing", targets=["a market"])
    a2 = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing", targets=["a market"])
    b = ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing", targets=["a market"])
    out = m.merge([a1, a2, b])
    assert len(out) == 2
    assert all(len([s for s in e.sources if s.doc == "a"]) <= 1 for e in out)


# -- what merging returns -----------------------------------------------------------------------------

def test_deterministic_ids_and_order_independent():
    def batch():
        _counter[0] = 0
        return [ev("a", "ASSAULT", D(2024, 3, 12), AIRPORT_KABUL, mode="drone", targets=["Abdul Rahim"]),
                ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, targets=["Abdul Rahim"]),
                ev("c", "PROTEST", D(2024, 3, 10), PARIS, actors=["farmers"]),
                ev("d", "PROTEST", D(2024, 3, 10), PARIS, actors=["farmers"]),
                ev("e", "OTHER", D(2024, 3, 11), LYON, label="accident")]
    first = m.merge(batch())
    shuffled = batch()
    random.Random(4).shuffle(shuffled)
    second = m.merge(shuffled)
    assert [e.id for e in first] == [e.id for e in second]
    assert len(first) == 3 and len({e.id for e in first}) == 3
    assert [e.date for e in first] == sorted(e.date for e in first)
    for e in first:
        assert [(s.doc, s.start) for s in e.sources] == sorted((s.doc, s.start) for s in e.sources)


def test_agreement_explains_itself():
    a = ev("a", "ASSAULT", D(2024, 3, 12), AIRPORT_KABUL, mode="drone", targets=["Abdul Rahim"])
    b = ev("b", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="drone", targets=["commander Abdul Rahim"])
    ag = m.agreement(a, b)
    assert ag is not None and ag.place == 2 and ag.date == 2 and ag.names == 2
    assert "mode" in ag.reasons
    assert m.agreement(a, ev("c", "PROTEST", D(2024, 3, 12), CITY_KABUL)) is None


def test_km():
    assert abs(m.km(34.53, 69.17, 34.565, 69.212) - 5.4) < 0.5
    assert m.km(0, 0, 0, 0) == 0


# -- within one article --------------------------------------------------------------------------------

def telling(event: Event, key: int, order: int, **kw) -> m.Telling:
    return m.Telling(event=event, key=key, order=order, segment=kw.pop("segment", key), **kw)


def test_headline_joins_the_lead_and_is_evidence():
    headline = ev("a", "ASSAULT", None, CITY_KABUL, latest=D(2024, 3, 15), start=0)
    lead = ev("a", "ASSAULT", D(2024, 3, 12), AIRPORT_KABUL, mode="drone", start=50)
    other = ev("a", "ASSAULT", D(2024, 3, 10), CITY_HERAT, mode="firearms", start=300)
    out = m.corefer([telling(headline, 0, 0, headline=True, weak=True), telling(lead, 1, 50),
                     telling(other, 2, 300)])
    assert len(out) == 2
    first, keys = out[0]
    assert sorted(keys) == [0, 1] and {s.start for s in first.sources} == {0, 50}
    assert first.date == D(2024, 3, 12)


def test_anaphor_joins_the_nearest_preceding_event_without_evidence():
    first = ev("a", "ASSAULT", D(2024, 3, 10), CITY_HERAT, mode="bombing", start=0)
    second = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing", start=100)
    the_attack = ev("a", "ASSAULT", None, latest=D(2024, 3, 15), start=200, actors=["the Taliban"])
    out = m.corefer([telling(first, 0, 0), telling(second, 1, 100),
                     telling(the_attack, 2, 200, anaphoric=True, weak=True)])
    assert len(out) == 2
    kabul = next(e for e, keys in out if 2 in keys)
    assert kabul.date == D(2024, 3, 12)
    assert [s.start for s in kabul.sources] == [100]  # "the attack" is not evidence
    assert kabul.actors == ("the Taliban",)


def test_events_told_apart_or_counted_apart_never_join():
    a = ev("a", "ASSAULT", D(2024, 3, 10), CITY_KABUL, mode="bombing", start=0)
    b = ev("a", "ASSAULT", D(2024, 3, 10), CITY_KABUL, mode="bombing", start=100)
    assert len(m.corefer([telling(a, 0, 0), telling(b, 1, 100)])) == 1  # told twice
    assert len(m.corefer([telling(a, 0, 0), telling(b, 1, 100, another=True)])) == 2  # "another bomb"
    assert len(m.corefer([telling(a, 0, 0, apart=frozenset({1})), telling(b, 1, 100)])) == 2
    assert len(m.corefer([telling(a, 0, 0), telling(b, 1, 100, after=frozenset({0}))])) == 2
    same_sentence = [telling(a, 0, 0, segment=5), telling(b, 1, 100, segment=5)]
    assert len(m.corefer(same_sentence)) == 2


def test_a_telling_without_date_does_not_join_an_event_told_pages_away():
    # a history: "Congress abandoned the city" twice, years and many paragraphs apart
    first = ev("a", "RETREAT", D(2024, 3, 10), CITY_KABUL, start=0)
    again = ev("a", "RETREAT", None, CITY_KABUL, latest=D(2024, 3, 15), start=5000)
    assert len(m.corefer([telling(first, 0, 0), telling(again, 1, 5000, weak=True)])) == 2
    near = ev("a", "RETREAT", None, CITY_KABUL, latest=D(2024, 3, 15), start=300)
    assert len(m.corefer([telling(first, 0, 0), telling(near, 1, 300, weak=True)])) == 1
    # a headline names the news however far below the lead is
    headline = ev("a", "RETREAT", None, CITY_KABUL, latest=D(2024, 3, 15), start=0)
    lead = ev("a", "RETREAT", D(2024, 3, 10), CITY_KABUL, start=5000)
    assert len(m.corefer([telling(headline, 0, 0, weak=True, headline=True), telling(lead, 1, 5000)])) == 1


def test_a_plain_telling_tells_more_of_the_event_just_told_only():
    battle = ev("a", "ASSAULT", D(2024, 3, 10), CITY_KABUL, targets=["Abdul Rahim"], start=0)
    raid = ev("a", "ASSAULT", D(2024, 3, 12), CITY_HERAT, targets=["Karim Khan"], start=300)
    killed = ev("a", "ASSAULT", None, latest=D(2024, 3, 15), targets=["Abdul Rahim"], start=600)
    out = m.corefer([telling(battle, 0, 0), telling(raid, 1, 300), telling(killed, 2, 600, weak=True)])
    # it names the man of the first, but tells more of the raid just told
    assert sorted(sorted(keys) for _, keys in out) == [[0], [1, 2]]


def test_within_an_article_a_day_is_a_day():
    a = ev("a", "ASSAULT", D(2024, 3, 10), AIRPORT_KABUL, mode="drone", start=0)
    b = ev("a", "ASSAULT", D(2024, 3, 11), AIRPORT_KABUL, mode="drone", start=100)
    assert len(m.corefer([telling(a, 0, 0), telling(b, 1, 100)])) == 2


def test_after_links_become_event_ids():
    attack = ev("a", "ASSAULT", D(2024, 3, 10), CITY_HERAT, start=0)
    strikes = ev("a", "ASSAULT", None, AFGHANISTAN, mode="aerial", earliest=D(2024, 3, 10), start=100)
    out = m.corefer([telling(attack, 0, 0), telling(strikes, 1, 100, after=frozenset({0}))])
    by_key = {keys[0]: e for e, keys in out}
    assert by_key[1].after == (by_key[0].id,)


def test_a_statement_by_another_speaker_is_another_statement():
    ministry = ev("a", "OTHER", D(2024, 3, 12), PARIS, label="statement", actors=["the interior ministry"], start=0)
    union = ev("a", "OTHER", D(2024, 3, 12), label="statement", inferred_date=True, actors=["the farmers' union"],
               start=100)
    the_statement = ev("a", "OTHER", None, label="statement", start=200)
    out = m.corefer([telling(ministry, 0, 0), telling(union, 1, 100, weak=True),
                     telling(the_statement, 2, 200, weak=True, anaphoric=True)])
    assert len(out) == 2
    assert sorted(len(keys) for _, keys in out) == [1, 2]  # the anaphor joins the nearest statement


def test_a_day_finds_a_month_of_the_same_place_without_names():
    day = ev("a", "OTHER", D(2024, 3, 12), LYON, label="disaster")
    month = ev("b", "OTHER", D(2024, 3, 1), LYON, label="disaster", precision="month", earliest=D(2024, 3, 1),
               latest=D(2024, 3, 31))
    out = m.merge([day, month])
    assert len(out) == 1 and out[0].date == D(2024, 3, 12)


def test_events_at_the_end_of_the_calendar_merge_without_overflow():
    a = ev("a", "ASSAULT", D(9999, 12, 31), CITY_KABUL, mode="bombing")
    b = ev("b", "ASSAULT", D(9999, 12, 30), CITY_KABUL, mode="bombing")
    c = ev("c", "ASSAULT", D(1, 1, 1), CITY_KABUL, mode="bombing")
    out = m.merge([a, b, c])
    assert sorted(len(e.sources) for e in out) in ([1, 2], [1, 1, 1])


# -- blocking: only candidates that can corefer are compared -----------------------------------------

def told(event: Event, published: dt.date) -> Event:
    """The event as told in an article published on that day."""
    return replace(event, sources=tuple(replace(s, published=published) for s in event.sources))


def test_blocking_finds_every_cluster_comparing_all_would_join(monkeypatch):
    """The merge with blocking equals the merge that compares each event with every cluster, on
    random events of one month (the window) mixing names, days, places, modes and fallbacks."""
    rng = random.Random(15)
    places = [CITY_KABUL, AIRPORT_KABUL, CITY_HERAT, AFGHANISTAN, PAKISTAN, IRAQ, SYRIA, LYON, PARIS, FRANCE]
    names = ["Ahmad Shah", "the Taliban", "police", "US", "officials", "Macron", "protesters", "Iranian forces"]
    events = []
    for i in range(160):
        type_ = rng.choice(["ASSAULT", "ASSAULT", "PROTEST", "OTHER", "COERCE"])
        label = rng.choice(["statement", "death", "disaster"]) if type_ == "OTHER" else None
        date = D(2024, 3, rng.randint(1, 6)) if rng.random() < 0.5 else None
        precision = rng.choice(["day", "day", "week", "month"]) if date else "day"
        where = rng.sample(places, rng.choice([0, 0, 1, 1, 2]))
        mode = rng.choice([None, "aerial", "drone", "bombing", "riot"]) if type_ in ("ASSAULT", "PROTEST") else None
        e = ev(f"d{i // 3}", type_, date, *where, mode=mode, label=label, precision=precision,
               actors=rng.sample(names, rng.choice([0, 1, 1, 2])), inferred_place=rng.random() < 0.1,
               status=rng.choice(["occurred", "occurred", "occurred", "planned"]))
        events.append(told(e, D(2024, 3, 6) + dt.timedelta(days=rng.randint(0, 20))))
    blocked = m.merge(events)
    assert len(blocked) < len(events) - 10  # there was merging to do

    def everything(self, key, near, into):
        into.update(range(len(self.keys_of)))
    monkeypatch.setattr(m._Index, "find", everything)
    assert m.merge(events) == blocked


def test_tellings_told_far_apart_in_time_are_not_compared():
    a = ev("a", "OTHER", None, label="statement", actors=["Macron"])
    b = ev("b", "OTHER", None, label="statement", actors=["Macron"])
    near = m.merge([told(a, D(2024, 3, 1)), told(b, D(2024, 3, 20))])
    assert len(near) == 1  # the same speaker, undated: one statement (as before blocking)
    far = m.merge([told(a, D(2024, 3, 1)), told(b, D(2024, 6, 20))])
    assert len(far) == 2  # three months apart: never compared


def test_a_name_of_one_telling_and_a_place_of_another_find_their_cluster():
    # a and b merge by the day and the place; c is undated and needs the place (Kabul) and the
    # name (told only by b) of the merged event
    a = ev("a", "ASSAULT", D(2024, 3, 12), CITY_KABUL, mode="bombing")
    b = ev("b", "ASSAULT", D(2024, 3, 12), mode="bombing", actors=["the Taliban"])
    c = ev("c", "ASSAULT", None, CITY_KABUL, actors=["Taliban fighters"])
    out = m.merge([told(x, D(2024, 3, 13)) for x in (a, b, c)])
    assert len(out) == 1 and docs(out[0]) == {"a", "b", "c"}
