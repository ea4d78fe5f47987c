"""The Nominatim fallback against a real HTTP server on 127.0.0.1 (tests/nominatim_server.py).

geopy is never replaced: its Nominatim and RateLimiter make real requests, and the tests assert
on what the server saw. Time is faked (conftest.FakeTime) except in one real-time spacing test.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import TEST_AGENT
from nominatim_server import PLACES, NominatimServer, bad_json, empty, hang, server_error, status, too_many

from geoevents import errors
from geoevents.config import Settings
from geoevents.model import Candidate
from geoevents.nominatim import (CACHE_FILE, NominatimGeocoder, candidate_from_place, check_user_agent,
                                 feature_of, population_of, query_key, search_api)


def spacing(requests):
    return [b.time - a.time for a, b in zip(requests, requests[1:])]


# -- answers and what was asked ------------------------------------------------------------------

def test_an_answer_becomes_a_nominatim_candidate(make_geocoder):
    c = make_geocoder().geocode("Reykjavik")
    assert c == Candidate(id="nominatim:relation/2580605", name="Reykjavík", lat=64.145981, lon=-21.9422367,
                          country="IS", feature_class="P", feature_code="PPLC", population=139875,
                          source="nominatim")


def test_the_request_is_nominatims_search_with_our_agent(make_geocoder, nominatim_server):
    make_geocoder().geocode("  Springfield ", country_codes=["AU", "au", "x1"])
    (seen,) = nominatim_server.requests
    assert seen.path == "/search"
    assert seen.params["format"] == "jsonv2"
    assert seen.params["q"] == "Springfield"
    assert seen.params["countrycodes"] == "au"
    assert seen.params["addressdetails"] == "1"
    assert seen.params["extratags"] == "1"
    assert seen.params["limit"] == "1"
    assert seen.user_agent == TEST_AGENT


def test_country_codes_pick_the_answer_in_that_country(make_geocoder):
    geocoder = make_geocoder()
    assert geocoder.geocode("Springfield").country == "US"
    australian = geocoder.geocode("Springfield", country_codes="au")
    assert (australian.country, australian.feature_code) == ("AU", "PPLX")
    assert geocoder.geocode("Springfield", country_codes=["is"]) is None


def test_an_unknown_place_is_none_not_an_error(make_geocoder, nominatim_server):
    assert make_geocoder().geocode("Qwxzv Nowhere") is None
    assert len(nominatim_server.requests) == 1


def test_an_empty_name_sends_nothing(make_geocoder, nominatim_server):
    assert make_geocoder().geocode("   ") is None
    assert nominatim_server.requests == []


# -- throttling ----------------------------------------------------------------------------------

def test_requests_are_spaced_by_the_min_delay_without_really_sleeping(make_geocoder, nominatim_server,
                                                                       fake_time):
    nominatim_server.clock = fake_time.now  # the server stamps requests in the throttle's time
    geocoder = make_geocoder()
    started = time.monotonic()
    for name in ("Reykjavik", "Vestland", "Skjolden", "Iceland"):
        geocoder.geocode(name)
    assert time.monotonic() - started < 1.0
    seen = nominatim_server.requests
    assert len(seen) == 4 == geocoder.requests
    assert all(gap >= 1.0 for gap in spacing(seen))
    assert sum(fake_time.sleeps) == pytest.approx(3.0)


def test_a_slower_delay_is_kept_too(make_geocoder, nominatim_server, fake_time):
    nominatim_server.clock = fake_time.now
    geocoder = make_geocoder(nominatim_min_delay=2.5)
    geocoder.geocode("Reykjavik")
    geocoder.geocode("Vestland")
    assert spacing(nominatim_server.requests) == [pytest.approx(2.5)]


def test_real_time_spacing_seen_by_the_server(nominatim_settings, nominatim_server):
    delay = 0.15
    with NominatimGeocoder(nominatim_settings.replace(nominatim_min_delay=delay)) as geocoder:
        for name in ("Reykjavik", "Vestland", "Skjolden", "Iceland"):
            geocoder.geocode(name)
    gaps = spacing(nominatim_server.requests)
    assert len(gaps) == 3
    # the server sees the arrivals: never closer than the delay (the throttle adds a small margin)
    assert min(gaps) >= delay, gaps
    assert max(gaps) < delay + 0.25, gaps


def test_cache_hits_do_not_wait(make_geocoder, fake_time):
    make_geocoder().geocode("Reykjavik")
    again = make_geocoder()
    for _ in range(5):
        again.geocode("Reykjavik")
    assert fake_time.sleeps == []


# -- the cache -----------------------------------------------------------------------------------

def test_a_second_run_is_answered_from_the_cache(make_geocoder, nominatim_server):
    first = make_geocoder()
    answers = [first.geocode(n) for n in ("Reykjavik", "Tromso Airport", "Qwxzv Nowhere")]
    first.close()
    assert len(nominatim_server.requests) == 3
    second = make_geocoder()
    assert [second.geocode(n) for n in ("reykjavik", "TROMSO  airport", "Qwxzv Nowhere")] == answers
    assert len(nominatim_server.requests) == 3
    assert second.requests == 0


def test_the_cache_key_holds_countries_and_server(make_geocoder, nominatim_server, nominatim_settings, no_proxy):
    make_geocoder().geocode("Springfield")
    make_geocoder().geocode("Springfield", country_codes=["au"])
    make_geocoder().geocode("Springfield", country_codes="AU")
    assert len(nominatim_server.requests) == 2
    with NominatimServer() as other:
        make_geocoder(nominatim_url=other.url).geocode("Springfield")
        assert len(other.requests) == 1


def test_the_cache_lives_in_the_cache_dir(make_geocoder, nominatim_settings):
    make_geocoder().geocode("Reykjavik")
    db = sqlite3.connect(nominatim_settings.cache_dir / CACHE_FILE)
    assert db.execute("SELECT count(*) FROM answers_v1").fetchone() == (1,)


def test_misses_are_cached_then_expire_answers_do_not(nominatim_settings, nominatim_server, fake_time):
    wall = [1_700_000_000.0]

    def geocoder():
        return NominatimGeocoder(nominatim_settings.replace(nominatim_miss_days=7), clock=fake_time.now,
                                 sleep=fake_time.sleep, now=lambda: wall[0])

    g = geocoder()
    assert g.geocode("Qwxzv Nowhere") is None
    assert g.geocode("Iceland") is not None
    g.close()
    wall[0] += 6 * 86400
    assert geocoder().geocode("Qwxzv Nowhere") is None
    assert len(nominatim_server.requests) == 2  # the miss is still fresh
    wall[0] += 2 * 86400
    g = geocoder()
    assert g.geocode("Qwxzv Nowhere") is None
    assert g.geocode("Iceland") is not None
    assert [r.params["q"] for r in nominatim_server.requests] == ["Qwxzv Nowhere", "Iceland", "Qwxzv Nowhere"]


def test_failures_are_not_cached(make_geocoder, nominatim_server):
    nominatim_server.queue(server_error())
    with pytest.raises(errors.GeocoderUnavailable):
        make_geocoder().geocode("Reykjavik")
    assert make_geocoder().geocode("Reykjavik").country == "IS"
    assert len(nominatim_server.requests) == 2


def test_an_unreadable_cache_is_reported_once_and_the_run_goes_on(make_geocoder, nominatim_settings, caplog):
    nominatim_settings.cache_dir.mkdir(parents=True)
    (nominatim_settings.cache_dir / CACHE_FILE).write_bytes(b"this is not an sqlite file" * 100)
    geocoder = make_geocoder()
    with caplog.at_level(logging.WARNING, logger="geoevents"):
        assert geocoder.geocode("Reykjavik").country == "IS"
        assert geocoder.geocode("Vestland").country == "NO"
    assert len([r for r in caplog.records if CACHE_FILE in r.getMessage()]) == 1


# -- failures: each maps to one error of ours, raised from geopy's -------------------------------

@pytest.mark.parametrize("reply, error, builtin", [
    (server_error(), errors.GeocoderUnavailable, ConnectionError),
    (status(503, "busy"), errors.GeocoderUnavailable, ConnectionError),
    (bad_json(), errors.GeocoderBadResponse, ValueError),
    (status(200, '{"unexpected": "shape"}'), errors.GeocoderBadResponse, ValueError),
    (status(403, "blocked"), errors.GeocoderRefused, PermissionError),
    (status(404, "Not Found"), errors.GeocoderRefused, PermissionError),
], ids=["500", "503", "invalid-json", "not-a-result", "403", "404"])
def test_each_failure_maps_to_our_error(make_geocoder, nominatim_server, reply, error, builtin):
    nominatim_server.queue(reply)
    with pytest.raises(error) as caught:
        make_geocoder().geocode("Reykjavik")
    assert isinstance(caught.value, builtin)
    assert caught.value.__cause__ is not None  # raised from what geopy raised
    assert "Reykjavik" in str(caught.value) or "404" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert len(nominatim_server.requests) == 1


def test_a_hang_past_the_timeout_is_timed_out(make_geocoder, nominatim_server):
    nominatim_server.queue(hang(5))
    started = time.monotonic()
    with pytest.raises(errors.GeocoderTimedOut) as caught:
        make_geocoder(nominatim_timeout=0.2).geocode("Reykjavik")
    assert time.monotonic() - started < 2
    assert isinstance(caught.value, TimeoutError)
    assert "0.2 s" in str(caught.value)


def test_a_refused_connection_is_unavailable(make_geocoder, refused_nominatim_url):
    with pytest.raises(errors.GeocoderUnavailable) as caught:
        make_geocoder(nominatim_url=refused_nominatim_url).geocode("Reykjavik")
    assert not isinstance(caught.value, errors.GeocoderTimedOut)
    assert "refused" in str(caught.value).lower()


def test_429_waits_what_retry_after_says_then_answers(make_geocoder, nominatim_server, fake_time):
    nominatim_server.clock = fake_time.now
    nominatim_server.queue(too_many(retry_after="7"))
    geocoder = make_geocoder()
    assert geocoder.geocode("Reykjavik").country == "IS"
    assert len(nominatim_server.requests) == 2
    assert spacing(nominatim_server.requests) == [pytest.approx(7.0)]
    # the next name keeps the usual spacing after the retry
    geocoder.geocode("Vestland")
    assert spacing(nominatim_server.requests)[-1] == pytest.approx(1.0)


def test_429_without_retry_after_waits_a_default(make_geocoder, nominatim_server, fake_time):
    nominatim_server.clock = fake_time.now
    nominatim_server.queue(too_many(retry_after=None))
    assert make_geocoder().geocode("Reykjavik") is not None
    assert spacing(nominatim_server.requests) == [pytest.approx(5.0)]


def test_429_that_persists_is_rate_limited_and_stops_the_fallback(make_geocoder, nominatim_server, fake_time):
    nominatim_server.always(too_many(retry_after="2"))
    geocoder = make_geocoder()
    with pytest.raises(errors.GeocoderRateLimited) as caught:
        geocoder.geocode("Reykjavik")
    assert caught.value.retry_after == 2
    assert len(nominatim_server.requests) == 3  # the first try and two retries
    assert geocoder.geocode("Vestland") is None
    assert len(nominatim_server.requests) == 3


def test_a_long_retry_after_is_not_waited_out(make_geocoder, nominatim_server, fake_time):
    nominatim_server.queue(too_many(retry_after="3600"))
    with pytest.raises(errors.GeocoderRateLimited) as caught:
        make_geocoder().geocode("Reykjavik")
    assert caught.value.retry_after == 3600
    assert len(nominatim_server.requests) == 1
    assert sum(fake_time.sleeps) < 3600


# -- the run goes on -----------------------------------------------------------------------------

def resolve_all(geocoder, names):
    """What a caller does: a failed name stays unresolved, the others go on."""
    found, failed = {}, {}
    for name in names:
        try:
            found[name] = geocoder.geocode(name)
        except errors.GeocoderError as e:
            failed[name] = e
    return found, failed


def test_a_server_error_fails_only_its_own_name(make_geocoder, nominatim_server):
    nominatim_server.queue(empty(), server_error())
    found, failed = resolve_all(make_geocoder(), ["Reykjavik", "Vestland", "Skjolden", "Iceland"])
    assert list(failed) == ["Vestland"]
    assert found["Reykjavik"] is None  # the empty answer
    assert found["Skjolden"].country == "NO" and found["Iceland"].country == "IS"
    assert len(nominatim_server.requests) == 4


def test_three_failures_in_a_row_stop_the_fallback(make_geocoder, nominatim_server):
    nominatim_server.always(server_error())
    geocoder = make_geocoder()
    found, failed = resolve_all(geocoder, ["Reykjavik", "Vestland", "Skjolden", "Iceland", "Bardarbunga"])
    assert list(failed) == ["Reykjavik", "Vestland", "Skjolden"]
    assert len(nominatim_server.requests) == 3
    assert not geocoder.enabled


@pytest.mark.parametrize("failure", ["hang", "refused"])
def test_an_unreachable_server_is_asked_once_and_warned_about_once(make_geocoder, nominatim_server,
                                                                    refused_nominatim_url, failure, caplog):
    if failure == "hang":
        nominatim_server.always(hang(5))
        geocoder = make_geocoder(nominatim_timeout=0.2)
    else:
        geocoder = make_geocoder(nominatim_url=refused_nominatim_url)
    names = ["Reykjavik", "Vestland", "Skjolden", "Iceland"]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="geoevents"):
        found, failed = resolve_all(geocoder, names)
    assert time.monotonic() - started < 2
    assert list(failed) == ["Reykjavik"]
    assert found == {"Vestland": None, "Skjolden": None, "Iceland": None}
    assert geocoder.requests == 1
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    (problem,) = geocoder.problems()
    assert all(repr(n) in problem.message for n in names[1:])


def test_cached_answers_still_come_after_the_server_stops(make_geocoder, nominatim_server):
    make_geocoder().geocode("Iceland")
    nominatim_server.always(server_error())
    geocoder = make_geocoder()
    resolve_all(geocoder, ["Reykjavik", "Vestland", "Skjolden"])
    assert not geocoder.enabled
    assert geocoder.geocode("Iceland").country == "IS"


# -- the default run: no User-Agent, no requests ----------------------------------------------------

def test_without_a_user_agent_nothing_is_sent_and_names_are_listed_once(make_geocoder, nominatim_server,
                                                                        nominatim_settings):
    geocoder = make_geocoder(user_agent=None)
    assert [geocoder.geocode(n) for n in ("Reykjavik", "Vestland", "reykjavik")] == [None, None, None]
    assert nominatim_server.requests == []
    assert geocoder.requests == 0
    (problem,) = geocoder.problems()
    assert "'Reykjavik'" in problem.message and "'Vestland'" in problem.message
    assert problem.message.count("Reykjavik") == 1
    assert "GEOEVENTS_USER_AGENT" in problem.message and "--user-agent" in problem.message
    assert not (nominatim_settings.cache_dir / CACHE_FILE).exists()
    # said once: the next batch reports only its own names
    assert geocoder.problems() == []
    geocoder.geocode("Skjolden")
    (problem,) = geocoder.problems()
    assert "'Skjolden'" in problem.message and "Reykjavik" not in problem.message


def test_without_a_user_agent_the_cache_still_answers(make_geocoder, nominatim_server):
    make_geocoder().geocode("Reykjavik")
    silent = make_geocoder(user_agent=None)
    assert silent.geocode("Reykjavik").country == "IS"
    assert silent.problems() == []


def test_the_default_settings_never_need_the_network(tmp_path):
    with NominatimGeocoder(Settings(cache_dir=tmp_path)) as geocoder:
        assert geocoder.geocode("Reykjavik") is None
        assert geocoder.requests == 0 and not geocoder.enabled


# -- configuration -------------------------------------------------------------------------------

@pytest.mark.parametrize("agent", ["", "   ", "my-application", "My_App/1", "specify_your_app_name_here",
                                   "geopy/2.5.0", "myproject/1.0 (me@example.org)", "bad\nagent"])
def test_sample_and_empty_agents_are_refused(agent, tmp_path):
    with pytest.raises(errors.ConfigurationError):
        NominatimGeocoder(Settings(user_agent=agent, cache_dir=tmp_path, nominatim_url="http://127.0.0.1:9"))


def test_a_real_agent_is_accepted_stripped():
    agent = "conflictmap/2.1 (desk@newsroom.example)"
    assert check_user_agent(f"  {agent} ") == agent


@pytest.mark.parametrize("url, api", [
    ("https://nominatim.openstreetmap.org", "https://nominatim.openstreetmap.org/search"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/search"),
    ("http://127.0.0.1:8080/search", "http://127.0.0.1:8080/search"),
    ("http://localhost:8080/search.php", "http://localhost:8080/search"),
    ("HTTP://geo.internal/nominatim/", "http://geo.internal/nominatim/search"),
    ("geo.internal", "https://geo.internal/search"),
])
def test_server_urls(url, api):
    assert search_api(url) == api


@pytest.mark.parametrize("url", ["ftp://geo.internal", "http://", "http://host/?q=x", "http://host:port"])
def test_bad_server_urls_are_configuration_errors(url):
    with pytest.raises(errors.ConfigurationError):
        search_api(url)


def test_a_server_under_a_path_is_asked_there(make_geocoder, nominatim_server):
    assert make_geocoder(nominatim_url=nominatim_server.url + "/nominatim/").geocode("Iceland") is not None
    assert nominatim_server.requests[0].path == "/nominatim/search"


def test_the_public_server_cannot_be_asked_faster_than_once_a_second(tmp_path):
    with pytest.raises(errors.ConfigurationError, match="one request a second"):
        NominatimGeocoder(Settings(user_agent=TEST_AGENT, nominatim_min_delay=0.5, cache_dir=tmp_path))


def test_url_agent_and_timing_come_from_the_environment(tmp_path):
    settings = Settings.from_env({
        "GEOEVENTS_NOMINATIM_URL": "http://127.0.0.1:7070", "GEOEVENTS_USER_AGENT": TEST_AGENT,
        "GEOEVENTS_NOMINATIM_TIMEOUT": "3", "GEOEVENTS_NOMINATIM_MIN_DELAY": "0.25",
        "GEOEVENTS_NOMINATIM_MISS_DAYS": "2", "GEOEVENTS_LEARN": "1", "GEOEVENTS_CACHE_DIR": str(tmp_path)})
    assert (settings.nominatim_url, settings.user_agent, settings.nominatim_timeout,
            settings.nominatim_min_delay, settings.nominatim_miss_days, settings.learn) \
        == ("http://127.0.0.1:7070", TEST_AGENT, 3, 0.25, 2, True)
    # an option given wins over the environment
    assert Settings.from_env({"GEOEVENTS_USER_AGENT": TEST_AGENT}, user_agent="other/1 (x@y)").user_agent \
        == "other/1 (x@y)"
    with pytest.raises(errors.ConfigurationError, match="GEOEVENTS_NOMINATIM_TIMEOUT"):
        Settings.from_env({"GEOEVENTS_NOMINATIM_TIMEOUT": "soon"})


# -- --learn ---------------------------------------------------------------------------------------

def test_answers_lists_what_nominatim_answered_this_run(make_geocoder):
    make_geocoder().geocode("Reykjavik")
    geocoder = make_geocoder()
    geocoder.geocode("Reykjavik")  # from the cache
    geocoder.geocode("Vestland")
    geocoder.geocode("vestland")
    geocoder.geocode("Qwxzv Nowhere")
    assert [(q, c.id) for q, c in geocoder.answers()] == [
        ("Reykjavik", "nominatim:relation/2580605"), ("Vestland", "nominatim:relation/8138231")]


def test_learn_hands_the_answers_to_the_gazetteer_user_layer(make_geocoder):
    class UserLayer:  # the receiving side of Gazetteer.add_user_places(entries) -> int
        def __init__(self):
            self.entries = []

        def add_user_places(self, entries):
            self.entries.extend(entries)
            return len(self.entries)

    geocoder = make_geocoder()
    layer = UserLayer()
    assert geocoder.learn(layer) == 0 and layer.entries == []
    geocoder.geocode("Tromso Airport")
    assert geocoder.learn(layer) == 1
    assert layer.entries[0][0] == "Tromso Airport" and layer.entries[0][1].feature_code == "AIRP"
    # a pipeline run over several batches learns each answer once
    geocoder.geocode("Tromso Airport")
    geocoder.geocode("Iceland")
    geocoder.learn(layer)
    assert [q for q, _ in layer.entries] == ["Tromso Airport", "Iceland"]


# -- OSM -> GeoNames (pure functions) ----------------------------------------------------------------

@pytest.mark.parametrize("osm, geonames", [
    (("place", "city", 16, "city", {}), ("P", "PPL")),
    (("place", "town", 18, "town", {"capital": "4"}), ("P", "PPLA")),
    (("place", "village", 19, "village", {}), ("P", "PPL")),
    (("place", "city", 16, "city", {"capital": "yes"}), ("P", "PPLC")),
    (("place", "suburb", 20, "suburb", {}), ("P", "PPLX")),
    (("boundary", "administrative", 16, "city", {"capital": "2"}), ("P", "PPLC")),
    (("boundary", "administrative", 4, "country", {}), ("A", "PCLI")),
    (("boundary", "administrative", 8, "state", {}), ("A", "ADM1")),
    (("boundary", "administrative", 12, "county", {}), ("A", "ADM2")),
    (("boundary", "administrative", 16, "municipality", {}), ("A", "ADM3")),
    (("place", "country", 4, "country", {}), ("A", "PCLI")),
    (("place", "state", 8, "state", {}), ("A", "ADM1")),
    (("aeroway", "aerodrome", 30, "aeroway", {}), ("S", "AIRP")),
    (("military", "airfield", 30, "military", {}), ("S", "AIRB")),
    (("landuse", "military", 22, "landuse", {}), ("S", "INSM")),
    (("amenity", "embassy", 30, "amenity", {}), ("S", "DIP")),
    (("amenity", "place_of_worship", 30, "amenity", {"religion": "muslim"}), ("S", "MSQE")),
    (("amenity", "refugee_site", 30, "amenity", {}), ("S", "CMPRF")),
    (("natural", "volcano", 18, "peak", {}), ("T", "VLC")),
    (("waterway", "river", 19, "river", {}), ("H", "STM")),
    (("highway", "primary", 26, "road", {}), ("R", "RD")),
    (("shop", "bakery", 30, "shop", {}), ("S", None)),
    (("", "", None, None, {}), (None, None)),
])
def test_osm_class_type_and_rank_map_to_geonames(osm, geonames):
    assert feature_of(*osm) == geonames


@pytest.mark.parametrize("value, number", [("139875", 139875), ("1 234 567", 1234567), ("12,345", 12345),
                                           ("c. 200", 200), ("12000;12500", 12000), ("", 0), (None, 0),
                                           ("unknown", 0), (4321, 4321)])
def test_population_from_extratags(value, number):
    assert population_of(value) == number


def test_a_result_in_json_format_and_without_extras_still_maps():
    place = {"osm_type": "node", "osm_id": 42, "lat": "10.5", "lon": "-3.25", "class": "place", "type": "town",
             "display_name": "Sampletown, Somewhere"}
    assert candidate_from_place(place) == Candidate(id="nominatim:node/42", name="Sampletown", lat=10.5,
                                                    lon=-3.25, feature_class="P", feature_code="PPL",
                                                    source="nominatim")


@pytest.mark.parametrize("bad", [{"lat": "91", "lon": "0", "osm_type": "node", "osm_id": 1},
                                 {"lat": "x", "lon": "0", "osm_type": "node", "osm_id": 1},
                                 {"lon": "0", "osm_type": "node", "osm_id": 1}])
def test_a_result_without_valid_coordinates_is_rejected(bad):
    with pytest.raises((KeyError, ValueError)):
        candidate_from_place(bad)


def test_every_hand_written_answer_maps():
    for results in PLACES.values():
        for place in results:
            c = candidate_from_place(place)
            assert c.id.startswith("nominatim:") and c.country and c.feature_class


def test_query_key_folds_case_spaces_and_unicode_forms():
    assert query_key("  Tromsø   AIRPORT ") == query_key("tromsø airport")
    assert query_key("Kuwait City") != query_key("Kuwait")


STORE = Path(__file__).resolve().parent.parent / "gazetteer" / "geoevents.sqlite"


@pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")
def test_learned_answers_are_in_the_gazetteer_next_time(make_geocoder, tmp_path):
    from geoevents.gazetteer import Gazetteer

    user = tmp_path / "user-places.sqlite"
    geocoder = make_geocoder()
    airport, volcano = geocoder.geocode("Tromso Airport"), geocoder.geocode("Bardarbunga")
    with Gazetteer.open(STORE, user_path=user) as gazetteer:
        assert geocoder.learn(gazetteer) == 2
    with Gazetteer.open(STORE, user_path=user) as gazetteer:
        for query, candidate in (("Tromso Airport", airport), ("Bardarbunga", volcano)):
            best = gazetteer.candidates(query)[0]
            assert (best.id, best.lat, best.lon, best.country, best.feature_code, best.source) == (
                candidate.id, candidate.lat, candidate.lon, candidate.country, candidate.feature_code, "nominatim")


# -- faults that must not poison the cache or hold the run (issue 14, items 4 and 11) -------------

from nominatim_server import json_reply, oversized, trickle  # noqa: E402


def cached_rows(settings) -> list[tuple]:
    path = settings.cache_dir / CACHE_FILE
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT query, answer FROM answers_v1 ORDER BY query").fetchall()


@pytest.mark.parametrize("value", [{}, None, "", 0, {"lat": "64.1", "lon": "-21.9"}, [None], ["x"]],
                         ids=["{}", "null", "empty-string", "zero", "an-object", "[null]", "[string]"])
def test_a_200_that_is_not_a_list_of_places_is_a_bad_reply_and_not_cached(make_geocoder, nominatim_server,
                                                                          nominatim_settings, value):
    nominatim_server.queue(json_reply(value))
    with pytest.raises(errors.GeocoderBadResponse):
        make_geocoder().geocode("Reykjavik")
    assert cached_rows(nominatim_settings) == []  # no miss kept for a month
    # a later run against a good server asks again, and gets the answer
    assert make_geocoder().geocode("Reykjavik").country == "IS"
    assert len(nominatim_server.requests) == 2
    assert [q for q, answer in cached_rows(nominatim_settings)] == ["reykjavik"]


def test_only_an_empty_list_is_a_cached_miss(make_geocoder, nominatim_server, nominatim_settings):
    nominatim_server.queue(json_reply([]))
    assert make_geocoder().geocode("Reykjavik") is None
    assert cached_rows(nominatim_settings) == [("reykjavik", None)]


def test_a_trickling_server_is_timed_out_by_a_deadline_for_the_whole_request(make_geocoder, nominatim_server,
                                                                             nominatim_settings):
    nominatim_server.queue(trickle(every=0.05))  # each read well inside the timeout, 250 bytes: 12 s in all
    started = time.monotonic()
    with pytest.raises(errors.GeocoderTimedOut) as caught:
        make_geocoder(nominatim_timeout=0.5).geocode("Reykjavik")
    assert time.monotonic() - started < 2
    assert "0.5 s" in str(caught.value)
    assert cached_rows(nominatim_settings) == []


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "until-close"])
def test_an_oversized_reply_is_refused_and_not_cached(make_geocoder, nominatim_server, nominatim_settings, length):
    nominatim_server.queue(oversized(60 << 20 if length else 3 << 20, length=length))
    started = time.monotonic()
    with pytest.raises(errors.GeocoderBadResponse):
        make_geocoder().geocode("Reykjavik")
    assert time.monotonic() - started < 5
    assert cached_rows(nominatim_settings) == []
    assert make_geocoder().geocode("Reykjavik").name == "Reykjavík"


def test_a_name_too_long_to_be_a_place_is_refused(make_geocoder, nominatim_server, nominatim_settings):
    nominatim_server.queue(oversized(20_000))  # well under the size cap: a 20,000-character name
    with pytest.raises(errors.GeocoderBadResponse):
        make_geocoder().geocode("Reykjavik")
    assert cached_rows(nominatim_settings) == []


def test_a_query_too_long_to_be_a_place_is_not_sent(make_geocoder, nominatim_server):
    assert make_geocoder().geocode("Reykjavik " * 1000) is None
    assert nominatim_server.requests == []
