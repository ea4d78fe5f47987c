"""Exports read back through GDAL (pyogrio) with the right field types, RFC 7946 GeoJSON, the
GeoPackage's two layers and the kepler.gl-readable CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyogrio
import pytest

from geoevents.errors import ConfigurationError, ExportError
from geoevents.export import (CSV_EXTRA_FIELDS, EVENT_FIELDS, PLACE_FIELDS, atomic_write, day_span, events_geojson,
                              place_features, rfc7946_geometry, write_outputs)
from geoevents.model import Mention, Place, Result
from sample_events import HOSTILE, IRAQ, IRAQ_SHAPE, MOSUL, YEMEN, sample_events, simple_event

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"


def sample_result() -> Result:
    """The sample events with the places their articles mention, as the pipeline would return."""
    events = sample_events()
    places: dict[str, list[Place]] = {}
    for e in events:
        for s in e.sources:
            for loc in e.locations:
                places.setdefault(s.doc, []).append(loc.place)
    places["a.txt"].append(Place(Mention(80, 85, "Iraqi", "Iraq", "NORP", "associative"), IRAQ, 0.7))
    places["a.txt"].append(Place(Mention(90, 99, "Wadi Qasr", "Wadi Qasr", "GPE"), None, 0.0))
    return Result((), {k: tuple(v) for k, v in places.items()}, tuple(events))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    # the outline given clockwise: the export must turn it to RFC 7946's counter-clockwise
    clockwise = {"type": "Polygon", "coordinates": [list(reversed(IRAQ_SHAPE["coordinates"][0]))]}
    paths = write_outputs(sample_result(), out, title="t", formats=("geojson", "gpkg", "csv"),
                          shapes={IRAQ.id: clockwise})
    return out, paths


def fields(path, **kw) -> dict:
    info = pyogrio.read_info(path, **kw)
    return dict(zip(info["fields"], info["dtypes"]))


def signed_area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def test_outputs_written(outputs):
    out, paths = outputs
    assert sorted(p.name for p in paths) == ["events.csv", "events.geojson", "events.gpkg", "map.html",
                                             "places.geojson"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_events_geojson_reads_back_with_types(outputs):
    out, _ = outputs
    types = fields(out / "events.geojson")
    for name in ("date", "earliest", "latest", "date_start", "date_end"):
        assert types[name] == "datetime64[D]", name
    for name in ("fatalities", "injuries", "geo_precision", "n_sources"):
        assert types[name] == "int32", name
    assert types["actors"] == types["source_docs"] == "list(str)"
    assert types["date_inferred"] == "bool"
    frame = pyogrio.read_dataframe(out / "events.geojson")
    mosul = frame[frame["event_id"] == "ev-mosul"].iloc[0]
    assert mosul["date"] == np.datetime64("2020-01-06")
    assert mosul["fatalities"] == 7 and list(mosul["source_docs"]) == ["a.txt", "b.txt"]
    assert (mosul.geometry.x, mosul.geometry.y) == (pytest.approx(MOSUL.lon), pytest.approx(MOSUL.lat))


def test_events_geojson_is_rfc7946(outputs):
    out, _ = outputs
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert set(fc) == {"type", "features"} and fc["type"] == "FeatureCollection"  # no crs member
    # only what happened: no threat, no background; the undated event has a null date
    assert sorted(f["properties"]["event_id"] for f in fc["features"]) == sorted(
        ["ev-mosul", "ev-basra", "ev-kabul", "ev-aleppo", "ev-beirut", "ev-iraq", "ev-hostile", "ev-yemen"])
    for f in fc["features"]:
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["date"] is None or dt.date.fromisoformat(f["properties"]["date"])
        assert isinstance(f["properties"]["sources"], list)
    yemen = [f for f in fc["features"] if f["properties"]["event_id"] == "ev-yemen"][0]
    assert yemen["geometry"]["coordinates"] == [YEMEN.lon, YEMEN.lat]
    assert yemen["properties"]["date"] is None and yemen["properties"]["date_start"] is None
    iraq = [f for f in fc["features"] if f["properties"]["event_id"] == "ev-iraq"][0]["properties"]
    assert (iraq["date_start"], iraq["date_end"]) == ("2020-01-01", "2020-01-20")


def test_hostile_text_survives_as_data(outputs):
    out, _ = outputs
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    hostile = [f for f in fc["features"] if f["properties"]["event_id"] == "ev-hostile"][0]["properties"]
    assert hostile["sources"][0]["title"] == HOSTILE and hostile["actors"] == [HOSTILE]


def test_places_geojson(outputs):
    out, _ = outputs
    fc = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in fc["features"]}
    iraq = by_id[IRAQ.id]
    # two mentions as a location (the month of strikes, the background event) and one "Iraqi"
    assert iraq["properties"]["mentions"] == 3
    assert iraq["properties"]["literal_mentions"] == 2 and iraq["properties"]["associative_mentions"] == 1
    assert iraq["properties"]["events"] == 1 and iraq["properties"]["shape"] is True
    assert iraq["geometry"]["type"] == "Polygon"
    assert signed_area(iraq["geometry"]["coordinates"][0]) > 0, "exterior ring must be counter-clockwise"
    mosul = by_id[MOSUL.id]["properties"]
    assert mosul["documents"] == 2 and mosul["events"] == 1 and mosul["texts"] == ["Mosul"]
    assert by_id[MOSUL.id]["geometry"] == {"type": "Point", "coordinates": [MOSUL.lon, MOSUL.lat]}
    unresolved = by_id["unresolved:wadi qasr"]
    assert unresolved["geometry"] is None and unresolved["properties"]["name"] == "Wadi Qasr"
    types = fields(out / "places.geojson")
    assert types["mentions"] == "int32" and types["lat"] == "float64"


def test_geopackage_has_two_layers_with_real_dates(outputs):
    out, _ = outputs
    layers = {name: kind for name, kind in pyogrio.list_layers(out / "events.gpkg")}
    assert layers == {"events": "Point", "places": "Unknown"}
    types = fields(out / "events.gpkg", layer="events")
    assert types["date"] == types["date_start"] == types["date_end"] == "datetime64[D]"
    assert types["fatalities"] == "int64" and types["location_inferred"] == "bool"
    frame = pyogrio.read_dataframe(out / "events.gpkg", layer="events")
    assert len(frame) == 8
    kabul = frame[frame["event_id"] == "ev-kabul"].iloc[0]
    assert kabul["fatalities"] == 32 and kabul["date"] == np.datetime64("2020-01-11")
    basra = frame[frame["event_id"] == "ev-basra"].iloc[0]
    assert np.isnan(basra["fatalities"])  # unknown stays null, not 0
    assert json.loads(kabul["sources"])[0]["doc"] == "d.txt"
    places = pyogrio.read_dataframe(out / "events.gpkg", layer="places")
    assert set(places.geometry.dropna().geom_type) == {"Point", "Polygon"}
    assert int(places[places["id"] == IRAQ.id].iloc[0]["mentions"]) == 3


def test_csv_for_kepler(outputs):
    out, _ = outputs
    with open(out / "events.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:3] == ["lat", "lon", "datetime"]
    assert len(rows) == 8
    kabul = [r for r in rows if r["event_id"] == "ev-kabul"][0]
    assert kabul["datetime"] == "2020-01-11 00:00:00" and kabul["date"] == "2020-01-11"
    assert float(kabul["lat"]) == pytest.approx(34.528) and kabul["type"] == "ASSAULT"
    hostile = [r for r in rows if r["event_id"] == "ev-hostile"][0]
    assert json.loads(hostile["sources"])[0]["title"] == HOSTILE  # quoting kept the markup intact
    # GDAL reads it back as points with a real time column
    types = fields(out / "events.csv", AUTODETECT_TYPE="YES", X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
    assert types["datetime"].startswith("datetime64") and types["fatalities"] == "int32"
    assert pyogrio.read_info(out / "events.csv", X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")["geometry_type"] == "Point"


def test_rfc7946_geometry_orients_rings_and_holes():
    outer = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]  # clockwise
    hole = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]  # counter-clockwise
    g = rfc7946_geometry({"type": "Polygon", "coordinates": [outer, hole]})
    assert signed_area(g["coordinates"][0]) > 0 and signed_area(g["coordinates"][1]) < 0
    multi = rfc7946_geometry({"type": "MultiPolygon", "coordinates": [[outer], [hole]]})
    assert all(signed_area(p[0]) > 0 for p in multi["coordinates"])
    assert rfc7946_geometry({"type": "Point", "coordinates": [1, 2]}) is None
    assert rfc7946_geometry({"type": "Polygon"}) is None


def test_day_span():
    e = simple_event(1, dt.date(2020, 12, 9))
    assert day_span(e) == (dt.date(2020, 12, 9), dt.date(2020, 12, 9))
    month = e.__class__(**{**e.__dict__, "time_precision": "month"})
    assert day_span(month) == (dt.date(2020, 12, 1), dt.date(2020, 12, 31))
    quarter = e.__class__(**{**e.__dict__, "time_precision": "quarter"})
    assert day_span(quarter) == (dt.date(2020, 10, 1), dt.date(2020, 12, 31))
    bounded = e.__class__(**{**e.__dict__, "date": None, "earliest": dt.date(2020, 1, 3)})
    assert day_span(bounded) == (dt.date(2020, 1, 3), dt.date(2020, 1, 3))
    assert day_span(simple_event(2, None)) is None


def test_events_without_place_are_not_features():
    e = simple_event(1, dt.date(2020, 1, 1))
    nowhere = e.__class__(**{**e.__dict__, "locations": ()})
    assert events_geojson([nowhere])["features"] == []
    assert place_features({}) == []


def test_an_event_at_a_place_the_gazetteer_does_not_know(tmp_path):
    """Its JSONL place is the mention (offsets, text) with null coordinates; the map and the
    GeoJSON draw it only at a resolved place that follows it (the place its phrase says holds it)."""
    from geoevents.export import event_record
    from geoevents.model import Document, Location

    text = "Jets shelled Tal Qarah, near Mosul, on Monday."
    e = simple_event(1, dt.date(2020, 1, 1))
    s = text.index("Tal Qarah")
    unknown = Location(Place(Mention(s, s + 9, "Tal Qarah", "Tal Qarah", "CUE"), None, 0.0, "not in the gazetteer"),
                       3, "the target's place: Tal Qarah")
    alone = e.__class__(**{**e.__dict__, "locations": (unknown,)})
    record = event_record(alone, Document(e.sources[0].doc, text))
    assert record["place"]["start"] == s and record["place"]["text"] == "Tal Qarah"
    assert record["place"]["lat"] is None and record["place"]["lon"] is None
    assert events_geojson([alone])["features"] == []
    held = e.__class__(**{**e.__dict__, "locations": (unknown,) + e.locations})
    features = events_geojson([held])["features"]
    assert len(features) == 1 and features[0]["geometry"]["coordinates"] == [MOSUL.lon, MOSUL.lat]


def test_atomic_write_gives_the_permissions_of_a_plain_write(tmp_path):
    import os
    old = os.umask(0o022)
    try:
        new = atomic_write(tmp_path / "map.html", "<p>x</p>")
        assert new.stat().st_mode & 0o777 == 0o644  # readable by a web server, not 0600
        (tmp_path / "private.html").write_text("old")
        (tmp_path / "private.html").chmod(0o600)
        atomic_write(tmp_path / "private.html", "new")
        assert (tmp_path / "private.html").stat().st_mode & 0o777 == 0o600  # a replaced file keeps its mode
        assert (tmp_path / "private.html").read_text() == "new"
        os.umask(0o077)
        assert atomic_write(tmp_path / "masked.html", "x").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_unknown_format_and_unwritable_folder(tmp_path):
    with pytest.raises(ConfigurationError, match="xlsx"):
        write_outputs(sample_result(), tmp_path, formats=("xlsx",))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="file"):
        write_outputs(sample_result(), blocker / "out")


def test_country_outlines_from_the_gazetteer_are_rfc7946():
    from geoevents.errors import GazetteerNotBuiltError
    from geoevents.gazetteer import Gazetteer

    try:
        gazetteer = Gazetteer.open()
    except GazetteerNotBuiltError:
        pytest.skip("the gazetteer store is not built (make gazetteer)")
    countries = [c for c in gazetteer.candidates("Iraq") if c.is_country]
    assert countries, "the gazetteer has no country entry for Iraq"
    iraq = countries[0]
    place = Place(Mention(0, 4, "Iraq", "Iraq", "GPE"), iraq, 0.9)
    f = place_features({"a": (place,)}, shapes=gazetteer.shape)[0]
    assert f["geometry"]["type"] in ("Polygon", "MultiPolygon") and f["properties"]["shape"] is True
    polygons = f["geometry"]["coordinates"] if f["geometry"]["type"] == "MultiPolygon" else [f["geometry"]["coordinates"]]
    for polygon in polygons:
        assert signed_area(polygon[0]) > 0
        for lon, lat in polygon[0]:
            assert 38 < lon < 49 and 29 < lat < 38  # Iraq, not a flipped or shifted outline


STORE = Path(__file__).resolve().parents[1] / "gazetteer" / "geoevents.sqlite"


@pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")
def test_cli_writes_every_format_and_a_self_contained_map(tmp_path):
    import subprocess
    import sys

    article = tmp_path / "report.txt"
    article.write_text("Police fired tear gas at protesters in Basra on Tuesday, officials said. "
                       "Two people were killed.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "geoevents", "map", str(article), "--published", "2021-06-10",
                             "--offline", "--gazetteer", str(STORE), "-o", str(out), "--format", "gpkg",
                             "--format", "csv", "--inline-assets"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["events.csv", "events.geojson", "events.gpkg", "map.html",
                                                     "places.geojson"]
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and "cdn.jsdelivr.net" not in page
    assert {name for name, _ in pyogrio.list_layers(out / "events.gpkg")} == {"events", "places"}
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert any("Basra" in f["properties"]["texts"] and f["geometry"] for f in places["features"])


def test_every_field_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for name, _, _ in EVENT_FIELDS + PLACE_FIELDS + CSV_EXTRA_FIELDS:
        assert f"`{name}`" in text, f"docs/exports.md does not describe {name}"


def test_only_web_links_are_exported(outputs, caplog):
    out, _ = outputs
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    urls = [u for f in fc["features"] for u in f["properties"]["source_urls"]]
    urls += [s["url"] for f in fc["features"] for s in f["properties"]["sources"] if s["url"]]
    assert urls and all(u.startswith(("https://", "http://")) for u in urls)
    # the hostile article's javascript: URL is in neither field
    hostile = [f for f in fc["features"] if f["properties"]["event_id"] == "ev-hostile"][0]["properties"]
    assert hostile["source_urls"] == [] and hostile["sources"][0]["url"] is None
    with open(out / "events.csv", encoding="utf-8") as f:
        assert "javascript:" not in f.read()
    # each URL dropped is said once, with the reason
    e = simple_event(1, dt.date(2020, 1, 1))
    bad = e.sources[0].__class__(**{**e.sources[0].__dict__, "url": "data:text/html,<b>x</b>"})
    e = e.__class__(**{**e.__dict__, "sources": (bad, bad)})
    with caplog.at_level("WARNING", logger="geoevents.export"):
        fc = events_geojson([e, e])
    assert fc["features"][0]["properties"]["source_urls"] == []
    assert [r.getMessage() for r in caplog.records if "data:text/html" in r.getMessage()] == [
        "source URL 'data:text/html,<b>x</b>' dropped from the exports: only http(s) links are written"]


@pytest.mark.parametrize("precision", ["day", "week", "month", "quarter", "year"])
@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_day_span_holds_at_the_ends_of_the_calendar(precision, day):
    import dataclasses

    from geoevents.export import day_span
    event = dataclasses.replace(sample_events()[0], date=day, time_precision=precision, earliest=None, latest=None)
    first, last = day_span(event)
    assert first <= day <= last


def test_a_nul_in_a_text_field_does_not_cut_the_gpkg_or_csv_cell(tmp_path):
    import dataclasses

    from geoevents.export import write_csv, write_gpkg
    event = dataclasses.replace(sample_events()[0], actors=("gunmen\x00 of the north",), summary="a\x00b")
    write_gpkg(tmp_path / "e.gpkg", [event], {})
    write_csv(tmp_path / "e.csv", [event])
    for path in (tmp_path / "e.gpkg", tmp_path / "e.csv"):
        row = pyogrio.read_dataframe(path, layer="events" if path.suffix == ".gpkg" else None).iloc[0]
        assert row["actors"] == "gunmen\ufffd of the north" and row["summary"] == "a\ufffdb"


def test_geoparquet_reads_back_in_geopandas_and_duckdb(tmp_path):
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    import geopandas as gpd

    result = sample_result()
    written = write_outputs(result, tmp_path / "out", formats=("parquet",))
    path = tmp_path / "out" / "events.parquet"
    assert path in written
    features = json.loads((tmp_path / "out" / "events.geojson").read_text())["features"]
    frame = gpd.read_parquet(path)
    assert frame.crs.to_epsg() == 4326 and len(frame) == len(features) > 0
    assert [[round(c, 6) for c in (g.x, g.y)] for g in frame.geometry] == [f["geometry"]["coordinates"] for f in features]
    assert list(frame["id"]) == [f["properties"]["id"] for f in features]
    assert [d.isoformat() if d else None for d in frame["date"]] == [f["properties"]["date"] for f in features]
    # DuckDB reads it as plain Parquet (its spatial extension is not needed to count and filter)
    rows = duckdb.sql(f"select id, type, date from read_parquet('{path}') order by id").fetchall()
    assert sorted(r[0] for r in rows) == sorted(f["properties"]["id"] for f in features)
    assert {r[1] for r in rows} == {f["properties"]["type"] for f in features}
    geo = json.loads(duckdb.sql(f"select decode(value) from parquet_kv_metadata('{path}') "
                                "where decode(key) = 'geo'").fetchall()[0][0])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    # the same events give the same bytes
    write_outputs(result, tmp_path / "again", formats=("parquet",))
    assert (tmp_path / "again" / "events.parquet").read_bytes() == path.read_bytes()
