"""Events built by hand for the map and export tests, as the event stage would build them.

The sentences are written for these tests. ``HOSTILE`` is article text that tries to run script
in the page; the tests check that it stays text.
"""

from __future__ import annotations

import datetime as dt

from geoevents.model import Candidate, Event, Location, Mention, Place, Source

#: markup an article might carry; if any of it ran, it would set window.__pwned
HOSTILE = ('<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned=\'img\'">'
           '<svg onload="window.__pwned=\'svg\'"></svg>')

MOSUL = Candidate("geonames:99072", "Mosul", 36.335, 43.119, "IQ", "P", "PPLA", 1739800, source="geonames")
BASRA = Candidate("geonames:99532", "Basra", 30.508, 47.783, "IQ", "P", "PPLA", 2600000, source="geonames")
KABUL = Candidate("geonames:1138958", "Kabul", 34.528, 69.172, "AF", "P", "PPLC", 3043532, source="geonames")
ALEPPO = Candidate("geonames:170063", "Aleppo", 36.202, 37.158, "SY", "P", "PPLA", 1754808, source="geonames")
BEIRUT = Candidate("geonames:276781", "Beirut", 33.893, 35.502, "LB", "P", "PPLC", 1916100, source="geonames")
IRAQ = Candidate("geonames:99237", "Iraq", 33.0, 44.0, "IQ", "A", "PCLI", 29671605, source="geonames")
YEMEN = Candidate("geonames:69543", "Yemen", 15.5, 47.5, "YE", "A", "PCLI", 23495361, source="geonames")

#: a rough outline of Iraq (counter-clockwise), as Gazetteer.shape would give it
IRAQ_SHAPE = {"type": "Polygon", "coordinates": [[[38.8, 33.4], [41.0, 31.0], [46.5, 29.1], [48.6, 30.0],
                                                  [46.1, 33.0], [45.4, 35.9], [42.4, 37.2], [41.2, 36.6],
                                                  [38.8, 33.4]]]}


def location(candidate: Candidate, text: str, start: int, precision: int = 1, reason: str = "the sentence's place") -> Location:
    mention = Mention(start, start + len(text), text, candidate.name, "GPE")
    return Location(Place(mention, candidate, 0.9, "test"), precision, reason)


def source(doc: str, article: str, sentence: str, place: str, *, title: str | None = None,
           url: str | None = None, published: dt.date | None = None) -> Source:
    """A Source whose offsets index ``article``, with the toponym's offsets for highlighting."""
    start = article.index(sentence)
    p = article.index(place, start)
    return Source(doc, sentence, start, start + len(sentence), title, url, published, p, p + len(place))


ART_A = ("Insurgents attacked a police checkpoint in western Mosul on Monday night. Officials said seven "
         "officers were killed and twelve wounded.")
ART_B = ("Seven police officers died when gunmen stormed a checkpoint in Mosul, a provincial official "
         "said on Tuesday.")
ART_C = "Hundreds of people marched in Basra on Wednesday to demand clean water and jobs."
ART_D = "A suicide bomber killed 32 people at a wedding hall in Kabul on Saturday, the interior ministry said."
ART_E = "Government aircraft struck a market in Aleppo on Friday, killing three civilians."
ART_F = "Police detained 40 demonstrators in Beirut overnight, a rights group said."
ART_G = "Drone strikes hit several sites across Iraq this month, the coalition said."
ART_H = "The militia vowed to strike back in Basra within days."
ART_I = "Flooding destroyed homes across Yemen, aid agencies said, without saying when."
ART_X = "Rioters burned a bank in Aleppo on Sunday. " + HOSTILE


def sample_events() -> list[Event]:
    """Ten events over a fortnight in January 2020: five countries, six types, two sources merged,
    a country-level event, a month-precision one, a threat, an undated one and hostile text."""
    d = dt.date
    return [
        Event("ev-mosul", "ASSAULT", d(2020, 1, 6), "day", (location(MOSUL, "Mosul", ART_A.index("Mosul")),),
              "Insurgents attacked a police checkpoint; seven officers killed.",
              (source("a.txt", ART_A, ART_A.split(". ")[0] + ".", "Mosul", title="Checkpoint attacked in Mosul",
                      url="https://news.example.org/2020/01/07/mosul-checkpoint", published=d(2020, 1, 7)),
               source("b.txt", ART_B, ART_B, "Mosul", title="Police killed in Mosul",
                      url="https://wire.example.com/mosul", published=d(2020, 1, 7))),
              mode="armed", actors=("insurgents",), targets=("police",), fatalities=7, injuries=12,
              date_reason="'on Monday night' before 2020-01-07"),
        Event("ev-basra", "PROTEST", d(2020, 1, 8), "day", (location(BASRA, "Basra", ART_C.index("Basra")),),
              "Hundreds marched to demand clean water and jobs.",
              (source("c.txt", ART_C, ART_C, "Basra", title="Basra march", url="https://news.example.org/basra",
                      published=d(2020, 1, 8)),), actors=("residents",)),
        Event("ev-kabul", "ASSAULT", d(2020, 1, 11), "day", (location(KABUL, "Kabul", ART_D.index("Kabul")),),
              "Suicide bombing at a wedding hall.",
              (source("d.txt", ART_D, ART_D, "Kabul", title="Wedding hall bombing",
                      url="https://news.example.org/kabul", published=d(2020, 1, 12)),), mode="suicide",
              fatalities=32),
        Event("ev-aleppo", "ASSAULT", d(2020, 1, 10), "day", (location(ALEPPO, "Aleppo", ART_E.index("Aleppo")),),
              "Air strike on a market; three civilians killed.",
              (source("e.txt", ART_E, ART_E, "Aleppo", title="Market struck", url="https://news.example.org/aleppo",
                      published=d(2020, 1, 10)),), mode="aerial", actors=("government aircraft",), fatalities=3),
        Event("ev-beirut", "COERCE", d(2020, 1, 14), "day", (location(BEIRUT, "Beirut", ART_F.index("Beirut")),),
              "Police detained 40 demonstrators.",
              (source("f.txt", ART_F, ART_F, "Beirut", title="Arrests in Beirut", url="https://news.example.org/beirut",
                      published=d(2020, 1, 15)),), actors=("police",)),
        Event("ev-iraq", "ASSAULT", d(2020, 1, 1), "month", (location(IRAQ, "Iraq", ART_G.index("Iraq"), 3, "country named"),),
              "Drone strikes on several sites.",
              (source("g.txt", ART_G, ART_G, "Iraq", title="Coalition strikes", url="https://news.example.org/iraq",
                      published=d(2020, 1, 20)),), mode="drone", earliest=d(2020, 1, 1), latest=d(2020, 1, 20)),
        Event("ev-threat", "THREATEN", d(2020, 1, 9), "day", (location(BASRA, "Basra", ART_H.index("Basra")),),
              "The militia vowed to strike back.",
              (source("h.txt", ART_H, ART_H, "Basra", title="Militia threat", url="https://news.example.org/threat",
                      published=d(2020, 1, 9)),), status="threatened"),
        Event("ev-yemen", "OTHER", None, "none", (location(YEMEN, "Yemen", ART_I.index("Yemen"), 3),),
              "Flooding destroyed homes.",
              (source("i.txt", ART_I, ART_I, "Yemen", title="Floods", url="https://news.example.org/yemen"),),
              label="disaster", date_reason="the article gives no date for the flooding"),
        Event("ev-hostile" , "PROTEST", d(2020, 1, 12), "day", (location(ALEPPO, "Aleppo", ART_X.index("Aleppo")),),
              "Rioters burned a bank. " + HOSTILE,
              (source(HOSTILE, ART_X, ART_X, "Aleppo", title=HOSTILE, url="javascript:window.__pwned='url'",
                      published=d(2020, 1, 13)),), mode="riot", actors=(HOSTILE,)),
        Event("ev-background", "ASSAULT", None, "none", (location(IRAQ, "Iraq", 0, 3),), "Blamed for deaths.",
              (source("g.txt", ART_G, ART_G, "Iraq"),), status="background"),
    ]


def simple_event(i: int, day: dt.date | None, type_: str = "ASSAULT", candidate: Candidate = MOSUL, **kw) -> Event:
    """A small valid event for tests that need many."""
    text = f"Something happened in {candidate.name} that day, number {i}."
    loc = location(candidate, candidate.name, text.index(candidate.name))
    return Event(f"e{i}", type_, day, "day" if day else "none", (loc,), f"event {i}",
                 (source(f"doc{i}", text, text, candidate.name),), **kw)
