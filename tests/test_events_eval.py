"""The event benchmark's scorer (benchmarks/events_eval.py), on tiny gold and predictions written here.

The scorer uses only the standard library; nothing here runs spaCy or the pipeline.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("events_eval", ROOT / "benchmarks" / "events_eval.py")
ev = importlib.util.module_from_spec(_spec)
sys.modules["events_eval"] = ev
_spec.loader.exec_module(ev)

LYON = (45.764, 4.836)
PARIS = (48.857, 2.352)


def gold(doc="a", key="k", type_="ASSAULT", date="2020-01-06", lat=LYON[0], lon=LYON[1], r=25.0, country=None,
         **kw) -> ev.GoldEvent:
    areas = (ev.Area("x", lat, lon, r),) if country is None and lat is not None else (
        (ev.Area("x", country=country),) if country else ())
    return ev.GoldEvent(doc=doc, key=key, type=type_, date=date, areas=areas, **kw)


def feat(fid="f1", type_="ASSAULT", date="2020-01-06", lat=LYON[0], lon=LYON[1], country="FR", docs=("a",),
         event_id=None, label=None, precision="day", fatalities=None, spans=None, trigger="") -> ev.Feature:
    spans = spans or {d: (0, 10) for d in docs}
    sources = tuple((d, spans[d][0], spans[d][1], "sentence") for d in docs)
    return ev.Feature(id=fid, event_id=event_id or fid, type=type_, label=label, date=date, time_precision=precision,
                      lat=lat, lon=lon, country=country, place="p", fatalities=fatalities, sources=sources,
                      trigger=trigger)


# -- one gold event against one feature ----------------------------------------------------------


def test_riot_may_be_drawn_as_protest_or_assault_but_not_as_coercion():
    riot = gold(type_="PROTEST", mode="riot")
    assert ev.type_ok(riot, feat(type_="PROTEST"))
    assert ev.type_ok(riot, feat(type_="ASSAULT"))
    assert not ev.type_ok(riot, feat(type_="COERCE"))
    assert not ev.type_ok(gold(type_="PROTEST"), feat(type_="ASSAULT"))  # a peaceful march is not an assault


def test_statement_takes_any_type_but_violence_and_protest():
    said = gold(type_="STATEMENT")
    assert ev.type_ok(said, feat(type_="THREATEN"))
    assert ev.type_ok(said, feat(type_="OTHER", label="legal"))
    assert not ev.type_ok(said, feat(type_="ASSAULT"))
    assert not ev.type_ok(said, feat(type_="PROTEST"))


def test_other_must_match_the_gold_label_and_also_lists_further_types():
    crash = gold(type_="OTHER", label="accident")
    assert ev.type_ok(crash, feat(type_="OTHER", label="accident"))
    assert not ev.type_ok(crash, feat(type_="OTHER", label="disaster"))
    assert not ev.type_ok(crash, feat(type_="OTHER"))
    assert not ev.type_ok(crash, feat(type_="ASSAULT"))  # an airliner crash typed as an assault
    killing = gold(type_="ASSAULT", also=("OTHER:death",))
    assert ev.type_ok(killing, feat(type_="OTHER", label="death"))
    assert not ev.type_ok(killing, feat(type_="OTHER", label="accident"))
    assert ev.type_ok(gold(type_="OTHER"), feat(type_="OTHER", label="sport"))  # no gold label: any OTHER


def test_place_is_inside_the_radius_or_the_country():
    g = gold(lat=45.0, lon=4.0, r=25.0)
    assert ev.place_ok(g, feat(lat=45.2, lon=4.0))  # 22 km north
    assert not ev.place_ok(g, feat(lat=45.3, lon=4.0))  # 33 km north
    assert not ev.place_ok(g, feat(lat=None, lon=None))
    c = gold(country="SY", lat=None)
    assert ev.place_ok(c, feat(country="SY", lat=35.0, lon=38.0))
    assert not ev.place_ok(c, feat(country="IQ"))
    assert ev.place_ok(gold(lat=None), feat(lat=-30.0, lon=100.0))  # no gold place: anywhere
    alt = ev.GoldEvent("a", "k", "ASSAULT", "2020-01-06", (ev.Area("x", 45.0, 4.0, 10.0), ev.Area("y", country="IT")))
    assert ev.place_ok(alt, feat(lat=41.9, lon=12.5, country="IT"))


def test_distance_is_great_circle():
    assert ev.km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.2, abs=0.1)
    assert ev.km(60.0, 0.0, 60.0, 1.0) == pytest.approx(55.6, abs=0.1)  # a degree of longitude shrinks


def test_date_is_the_day_and_an_unknown_day_accepts_no_day_or_the_day_another_article_gives():
    assert ev.date_ok(gold(date="2020-01-06"), feat(date="2020-01-06"))
    assert not ev.date_ok(gold(date="2020-01-06"), feat(date="2020-01-07"))
    assert not ev.date_ok(gold(date="2020-01-06"), feat(date=None))
    unknown = gold(date=None)
    assert ev.date_ok(unknown, feat(date=None, precision="none"))
    assert ev.date_ok(unknown, feat(date="2020-01-01", precision="month"))
    assert not ev.date_ok(unknown, feat(date="2020-01-08"))  # a guessed day is wrong
    assert ev.date_ok(unknown, feat(date="2020-01-06"), frozenset({"2020-01-06"}))


def test_phrases_are_found_across_hard_wrapped_lines():
    text = "Police said the\ngunman opened  fire on Monday."
    assert ev.find_phrase("the gunman opened fire", text) == (12, 35)
    assert ev.find_phrase("the gunmen opened fire", text) is None


# -- assignment -----------------------------------------------------------------------------------


def test_assignment_is_optimal_where_greedy_is_not():
    # greedy takes (0,0)=3 and leaves row 1 nothing; the best is (0,1)+(1,0)=4
    assert ev.best_assignment([[3.0, 2.0], [2.0, 0.0]]) == {0: 1, 1: 0}


def test_assignment_leaves_out_impossible_pairs_and_handles_rectangles():
    assert ev.best_assignment([[0.0, 0.0]]) == {}
    assert ev.best_assignment([[1.0], [5.0], [2.0]]) == {1: 0}
    assert ev.best_assignment([]) == {}
    assert ev.best_assignment([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]) == {0: 1}


# -- scoring a whole (tiny) split -----------------------------------------------------------------

TEXT_A = ("A bomb exploded at a market in Lyon on Monday, killing three people. "
          "The group said it will retaliate against the police.")
TEXT_B = ("Monday's bombing in Lyon killed three people. On Tuesday, hundreds marched in Paris "
          "to protest against the attack.")


def articles(extra_b_events=()):
    a = ev.parse_article({
        "id": "a", "title": "t", "published": "2020-01-07", "text": TEXT_A,
        "events": [{"key": "lyon-bomb", "type": "ASSAULT", "date": "2020-01-06", "place": "Lyon",
                    "lat": LYON[0], "lon": LYON[1], "radius_km": 25, "fatalities": 3,
                    "evidence": "A bomb exploded at a market in Lyon on Monday"}],
        "not_events": [{"text": "will retaliate against the police", "why": "a threat"}]})
    b = ev.parse_article({
        "id": "b", "title": "t", "published": "2020-01-08", "text": TEXT_B,
        "events": [{"key": "lyon-bomb", "type": "ASSAULT", "date": "2020-01-06", "place": "Lyon",
                    "lat": LYON[0], "lon": LYON[1], "radius_km": 25, "fatalities": 3,
                    "evidence": "Monday's bombing in Lyon killed three people"},
                   {"key": "paris-march", "type": "PROTEST", "date": "2020-01-07", "place": "Paris",
                    "lat": PARIS[0], "lon": PARIS[1], "radius_km": 25, "fatalities": None,
                    "evidence": "hundreds marched in Paris"}, *extra_b_events],
        "not_events": []})
    return [a, b]


def spans_of(arts, doc, phrase):
    text = {x.id: x.text for x in arts}[doc]
    return ev.find_phrase(phrase, text)


def test_a_merged_right_event_a_wrong_date_and_a_threat_drawn():
    arts = articles()
    bomb = feat("f1", docs=("a", "b"), fatalities=3,
                spans={"a": spans_of(arts, "a", "A bomb exploded"), "b": spans_of(arts, "b", "Monday's bombing")})
    march = feat("f2", type_="PROTEST", date="2020-01-08", lat=PARIS[0], lon=PARIS[1], docs=("b",),
                 spans={"b": spans_of(arts, "b", "hundreds marched")})
    threat = feat("f3", docs=("a",), date="2020-01-07", spans={"a": spans_of(arts, "a", "will retaliate")},
                  trigger="retaliate")
    s = ev.score(arts, [bomb, march, threat])
    f = s.figures()
    assert (f["required_events"], f["found"], f["right"]) == (3, 3, 2)
    assert (f["features"], f["features_found"], f["features_right"]) == (3, 2, 1)
    assert (f["date_right"], f["place_right"]) == (2, 3)
    assert (f["fatalities_gold"], f["fatalities_right"]) == (2, 2)
    assert (f["clusters"], f["clusters_one_event"], f["over_merged_events"]) == (1, 1, 0)
    assert (f["not_events"], f["not_events_drawn"]) == (1, 1)
    assert f["per_type"]["PROTEST"] == {"required": 1, "found": 1, "right": 0}
    listing = ev.errors(s, arts)
    assert "DATE  b paris-march" in listing and "drawn on 2020-01-08" in listing
    assert "FALSE a ASSAULT 2020-01-07" in listing
    assert "NOTEV a 'will retaliate against the police'" in listing
    assert "MISS" not in listing


def test_a_telling_in_each_article_shown_as_two_events_is_a_split_and_a_wrong_type_a_miss():
    arts = articles()
    bomb_a = feat("f1", docs=("a",), event_id="e1")
    bomb_b = feat("f2", docs=("b",), event_id="e2")
    march_as_crash = feat("f3", type_="OTHER", label="accident", date="2020-01-07", lat=PARIS[0], lon=PARIS[1],
                          docs=("b",), spans={"b": spans_of(arts, "b", "hundreds marched")})
    s = ev.score(arts, [bomb_a, bomb_b, march_as_crash])
    f = s.figures()
    assert (f["found"], f["right"]) == (2, 2)
    assert (f["clusters_one_event"], f["clusters_split"]) == (0, 1)
    listing = ev.errors(s, arts)
    assert "MISS  b paris-march PROTEST" in listing
    assert "drawn from this sentence as: OTHER:accident" in listing
    assert "SPLIT lyon-bomb" in listing


def test_one_event_for_two_different_gold_events_is_an_over_merge():
    # article b also tells another bombing in Lyon a week later: drawn as the same event as Monday's
    later = {"key": "lyon-bomb-2", "type": "ASSAULT", "date": "2020-01-06", "place": "Lyon",
             "lat": LYON[0], "lon": LYON[1], "radius_km": 25, "fatalities": None,
             "evidence": "hundreds marched in Paris"}
    arts = articles()
    c = ev.parse_article({"id": "c", "title": "t", "published": "2020-01-14",
                          "text": "Another bomb exploded in Lyon on Monday, the second in a week.",
                          "events": [dict(later, date="2020-01-13", evidence="Another bomb exploded in Lyon")],
                          "not_events": []})
    one = feat("f1", docs=("a", "b", "c"), event_id="e1", date="2020-01-06")
    s = ev.score(arts + [c], [one])
    f = s.figures()
    assert f["over_merged_events"] == 1
    assert s.over_merged == [("e1", ["lyon-bomb", "lyon-bomb-2"])]
    assert f["date_right"] == 2  # the week-later telling is found, with the wrong day


def test_a_telling_swallowed_by_another_event_of_its_article_is_an_over_merge():
    arts = articles()
    # one event holding both sentences of article b: paired with the march, the bombing missed in b
    both = feat("f1", type_="PROTEST", date="2020-01-07", lat=PARIS[0], lon=PARIS[1], docs=("b",),
                spans={"b": (0, len(TEXT_B))})
    s = ev.score(arts, [both])
    assert s.over_merged == [("f1", ["lyon-bomb", "paris-march"])]


def test_a_forecast_drawn_as_a_storm_is_a_not_event_even_when_paired_with_the_real_storm_by_type():
    text = ("The storm flooded Lyon on Monday. It is expected to reach Paris by Friday, forecasters said.")
    art = ev.parse_article({"id": "a", "title": "", "published": "2020-01-08", "text": text, "events": [
        {"key": "lyon-flood", "type": "OTHER", "label": "disaster", "date": "2020-01-06", "lat": LYON[0],
         "lon": LYON[1], "radius_km": 25, "evidence": "The storm flooded Lyon on Monday"}],
        "not_events": [{"text": "It is expected to reach Paris by Friday", "why": "a forecast"}]})
    forecast = feat("f1", type_="OTHER", label="disaster", date="2020-01-10", lat=PARIS[0], lon=PARIS[1],
                    spans={"a": ev.find_phrase("It is expected to reach Paris by Friday, forecasters said.", text)})
    s = ev.score([art], [forecast])
    assert s.pairs[0].feature is forecast and not s.pairs[0].right  # found by type, wrong date and place
    assert [n.text for n, _ in s.not_events_drawn] == ["It is expected to reach Paris by Friday"]
    # the real flood drawn from its own sentence, which does not hold the forecast, is no not-event
    flood = feat("f2", type_="OTHER", label="disaster", spans={"a": ev.find_phrase("The storm flooded", text)})
    assert ev.score([art], [flood]).not_events_drawn == []


def test_optional_events_count_for_precision_but_not_for_recall():
    statement = {"key": "mayor-said", "type": "STATEMENT", "date": "2020-01-07", "place": None,
                 "fatalities": None, "optional": True, "evidence": "to protest against the attack"}
    arts = articles([statement])
    said = feat("f9", type_="STATEMENT", date="2020-01-07", lat=PARIS[0], lon=PARIS[1], docs=("b",))
    f = ev.score(arts, [said]).figures()
    assert f["required_events"] == 3 and f["found"] == 0
    assert (f["features"], f["features_right"]) == (1, 1)


def test_two_like_events_of_one_article_are_paired_by_their_evidence_sentences():
    text = "A bomb exploded at the station in Lyon on Monday. Hours later a second bomb hit the market."
    art = ev.parse_article({"id": "a", "title": "", "published": "2020-01-07", "text": text, "not_events": [], "events": [
        {"key": "station", "type": "ASSAULT", "date": "2020-01-06", "lat": LYON[0], "lon": LYON[1], "radius_km": 25,
         "evidence": "A bomb exploded at the station"},
        {"key": "market", "type": "ASSAULT", "date": "2020-01-06", "lat": LYON[0], "lon": LYON[1], "radius_km": 25,
         "evidence": "a second bomb hit the market"}]})
    market = feat("f1", spans={"a": ev.find_phrase("Hours later a second bomb", text)})
    station = feat("f2", spans={"a": ev.find_phrase("A bomb exploded", text)})
    s = ev.score([art], [market, station])
    assert {p.gold.key: p.feature.id for p in s.pairs} == {"station": "f2", "market": "f1"}


def test_a_feature_fitting_a_required_and_an_optional_event_equally_goes_to_the_required_one():
    text = "The court ruled on Monday in Lyon, and the mayor welcomed the ruling on Monday."
    art = ev.parse_article({"id": "a", "title": "", "published": "2020-01-07", "text": text, "not_events": [], "events": [
        {"key": "said", "type": "STATEMENT", "date": "2020-01-06", "optional": True, "evidence": "the mayor welcomed"},
        {"key": "ruling", "type": "OTHER", "date": "2020-01-06", "lat": LYON[0], "lon": LYON[1], "radius_km": 25,
         "evidence": "The court ruled"}]})
    s = ev.score([art], [feat("f1", type_="OTHER", label="legal", spans={"a": (0, len(text))})])
    assert {p.gold.key: p.found for p in s.pairs} == {"said": False, "ruling": True}


def test_a_required_event_drawn_twice_in_one_article_is_a_duplicate():
    arts = articles()
    s = ev.score(arts, [feat("f1", docs=("a",)), feat("f2", docs=("a",))])
    assert [(g.key, events) for g, events in s.duplicated] == [("lyon-bomb", ["f1", "f2"])]


def test_gold_problems_are_reported():
    bad = ev.parse_article({"id": "x", "title": "", "published": "2020-01-05", "text": "Nothing here.",
                            "events": [{"key": "k", "type": "ASSAULT", "date": "2020-01-06", "place": None,
                                        "evidence": "a bomb"}],
                            "not_events": [{"text": "vowed", "why": ""}]})
    problems = ev.gold_problems([bad])
    assert any("evidence not in the text" in p for p in problems)
    assert any("after publication" in p for p in problems)
    assert any("not_event not in the text" in p for p in problems)
    assert ev.gold_problems(articles()) == []


def test_features_are_read_from_geojson_with_sources_as_list_or_json_text():
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "e1-1", "geometry": {"type": "Point", "coordinates": [4.8, 45.7]},
         "properties": {"event_id": "e1", "type": "assault", "date": "2020-01-06", "country": "fr",
                        "sources": [{"doc": "a", "start": 0, "end": 5, "sentence": "Boom."}]}},
        {"type": "Feature", "id": "e2", "geometry": None,
         "properties": {"type": "OTHER", "label": "death", "date": None,
                        "sources": json.dumps([{"doc": 7, "start": 1, "end": 2, "sentence": "x"}])}}]}
    f1, f2 = ev.read_features(fc)
    assert (f1.event_id, f1.type, f1.lat, f1.lon, f1.country, f1.docs) == ("e1", "ASSAULT", 45.7, 4.8, "FR",
                                                                          frozenset({"a"}))
    assert (f2.event_id, f2.kind, f2.lat, f2.docs) == ("e2", "OTHER:death", None, frozenset({"7"}))


def test_command_line_scores_a_given_file_and_keeps_test_errors_back(tmp_path, capsys):
    arts_rows = [json.loads(json.dumps(r)) for r in (
        {"id": "a", "title": "t", "published": "2020-01-07", "text": TEXT_A,
         "events": [{"key": "lyon-bomb", "type": "ASSAULT", "date": "2020-01-06", "place": "Lyon",
                     "lat": LYON[0], "lon": LYON[1], "radius_km": 25, "fatalities": 3,
                     "evidence": "A bomb exploded at a market in Lyon on Monday"}], "not_events": []},)]
    for split in ("dev", "test"):
        (tmp_path / f"{split}.jsonl").write_text("\n".join(json.dumps(r) for r in arts_rows) + "\n")
    geo = tmp_path / "events.geojson"
    geo.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    assert ev.main(["--split", "dev", "--events", str(geo), "--gold-dir", str(tmp_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["dev"]["required_events"] == 1 and figures["dev"]["found"] == 0
    ev.main(["--split", "test", "--events", str(geo), "--gold-dir", str(tmp_path), "--errors"])
    out = capsys.readouterr().out
    assert "held out" in out and "MISS" not in out
    ev.main(["--split", "dev", "--events", str(geo), "--gold-dir", str(tmp_path), "--errors"])
    assert "MISS  a lyon-bomb" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        ev.main(["--split", "both", "--events", str(geo), "--gold-dir", str(tmp_path)])


# -- the gold files themselves --------------------------------------------------------------------


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_files_are_well_formed(split):
    arts = ev.load_gold(ev.GOLD_DIR / f"{split}.jsonl")
    assert len(arts) == 35
    assert ev.gold_problems(arts) == []
    for a in arts:
        assert 80 <= len(a.text.split()) <= 250, a.id
        assert a.events and any(not g.optional for g in a.events), a.id
        for g in a.events:
            assert g.type == g.type.upper()
            for area in g.areas:
                assert area.country or (-90 <= area.lat <= 90 and -180 <= area.lon <= 180 and area.radius_km > 0)
    tellings = {}
    for a in arts:
        for g in a.events:
            tellings.setdefault(g.key, set()).add(a.id)
    assert sum(len(docs) > 1 for docs in tellings.values()) >= 5  # events told by several articles
