"""The gazetteer: normalisation rules, lookups and ranking on a small slice built in a temporary
folder, the user layer, the reproducible build, and the errors users see."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import cli
from geoevents.errors import GazetteerImportError, GazetteerNotBuiltError
from geoevents.gazetteer import Gazetteer, normalize, read_geonames_dump
from geoevents.gazetteer_build import build
from geoevents.model import Candidate

REPO = Path(__file__).resolve().parent.parent
SLICE = ("IQ", "KW", "GE", "QA")
HAS_ATLAS = (REPO / "node_modules" / "world-atlas" / "countries-50m.json").exists()


# -- normalisation, rule by rule -----------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("MOSUL", "mosul"),                                  # case
    ("Mósul", "mosul"),                                  # diacritics
    ("Şalāḩ ad Dīn", "salah ad din"),                    # marks of transliteration
    ("Straße", "strasse"),                               # letters without a decomposition
    ("Łódź", "lodz"),
    ("Baghdad's", "baghdad"),                            # possessive, straight apostrophe
    ("Baghdad’s", "baghdad"),                            # possessive, typographic apostrophe
    ("the Philippines' coast", "philippines coast"),     # plural possessive
    ("Kata'ib", "kataib"),                               # apostrophe inside a word
    ("Kataʿib", "kataib"),                               # ayin
    ("Ba‘qubah", "baqubah"),
    ("Port-au-Prince", "port au prince"),                # hyphens
    ("Guinea–Bissau", "guinea bissau"),                  # en dash
    ("U.S.", "us"),                                      # full stops
    ("The Hague", "hague"),                              # leading "the"
    ("the Gulf", "gulf"),
    ("al-Anbar", "anbar"),                               # Arabic article, hyphenated
    ("Al-Anbar", "anbar"),
    ("el-Arish", "arish"),
    ("Ar-Ramadi", "ramadi"),                             # assimilated article
    ("As-Sulaymaniyah", "sulaymaniyah"),
    ("Al Anbar", "anbar"),                               # Arabic article, separate word
    ("Ain al-Asad", "ain asad"),
    ("Ain Al Asad", "ain asad"),
    ("El Salvador", "el salvador"),                      # a Spanish El is kept
    ("Kuwait City", "kuwait"),                           # "X City" for X
    ("New York City", "new york"),
    ("City", "city"),                                    # ... but not when nothing is left
    ("Saint Petersburg", "st petersburg"),
    ("St. Petersburg", "st petersburg"),
    ("Trinidad & Tobago", "trinidad and tobago"),
    ("  Tel   Aviv ", "tel aviv"),                       # spaces collapsed
    ("!!!", ""),
])
def test_normalize_rule(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent_on_its_output():
    for name in ("Baghdad's International Airport", "al-Hasakah", "The Kuwait City", "Côte d’Ivoire"):
        once = normalize(name)
        assert normalize(once) == once


def test_variants_meet_in_one_form():
    assert normalize("Baghdad's International Airport") == normalize("Baghdad International Airport")
    assert normalize("Al-Asad") == normalize("al Asad") == normalize("Asad")


# -- a small slice of the store -------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "slice.sqlite"
    build(path, countries=SLICE, with_shapes=HAS_ATLAS)
    return path


@pytest.fixture()
def gaz(store, tmp_path):
    g = Gazetteer.open(store, user_path=tmp_path / "user.sqlite")
    yield g
    g.close()


def test_country_ranks_first_for_its_name(gaz):
    top = gaz.candidates("Iraq")[0]
    assert (top.feature_code, top.country) == ("PCLI", "IQ")
    assert gaz.country("iq") == top
    assert gaz.country("ZZ") is None


def test_capital_is_marked_and_outranks_its_division(gaz):
    hits = gaz.candidates("Baghdad")
    assert hits[0].feature_code == "PPLC" and hits[0].country == "IQ"
    division = [c for c in hits if c.feature_code == "ADM1"]
    assert division and division[0].admin1 and division[0].admin1 == hits[0].admin1


def test_city_form_puts_populated_places_first(gaz):
    assert gaz.candidates("Kuwait")[0].feature_code == "PCLI"
    assert gaz.candidates("Kuwait City")[0].feature_class == "P"


def test_country_aliases_and_alternate_spellings(gaz):
    assert gaz.candidates("Republic of Iraq")[0].country == "IQ"
    assert gaz.candidates("Sakartvelo")[0].country == "GE" or gaz.candidates("Georgia")[0].country == "GE"


def test_airport_names_with_the_city(gaz):
    for name in ("Baghdad International Airport", "Baghdad's International Airport", "Baghdad Airport"):
        top = gaz.candidates(name)[0]
        assert top.feature_code == "AIRP" and top.country == "IQ", name
    # an airport is a candidate for its own name, never for its city's
    assert all(c.feature_code != "AIRP" for c in gaz.candidates("Baghdad"))
    assert gaz.airport("BGW").id == gaz.airport("orbi").id == "airport:ORBI"
    assert all(c.feature_code != "AIRP" for c in gaz.candidates("BGW"))  # codes are not names


def test_curated_rows(gaz):
    zone = gaz.candidates("the Green Zone")[0]
    assert zone.source == "curated" and zone.country == "IQ"
    assert 33.0 < zone.lat < 33.6 and 44.1 < zone.lon < 44.6
    base = gaz.candidates("Ain al-Asad")[0]
    assert base.feature_code == "MILB" and base.id == gaz.candidates("Al Asad Air Base")[0].id
    region = gaz.candidates("Middle East")[0]
    assert region.feature_code == "RGN" and region.country is None and region.is_region
    assert gaz.candidates("the Levant")[0].source == "curated"
    assert gaz.get(zone.id) == zone


def test_curated_csvs_name_a_source_on_every_row():
    for path in sorted((REPO / "gazetteer" / "curated").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, path
        for i, row in enumerate(rows, 2):
            assert (row.get("source") or "").strip(), f"{path.name}: line {i}"


@pytest.mark.parametrize("word, country", [
    ("Iraqi", "IQ"), ("Iraqis", "IQ"), ("American", "US"), ("Americans", "US"), ("British", "GB"),
    ("Britons", "GB"), ("Kuwaiti", "KW"), ("Georgian", "GE"), ("Swiss", "CH"), ("Iranian", "IR"),
])
def test_demonyms(gaz, word, country):
    assert gaz.demonym(word) == country


def test_not_demonyms(gaz):
    for word in ("Iraq", "table", "", "Baghdad"):
        assert gaz.demonym(word) is None


def test_unknown_names(gaz):
    assert gaz.candidates("Xqzzyville") == []
    assert "Xqzzyville" not in gaz
    assert gaz.candidates("...") == []
    assert gaz.get("geonames:1") is None
    assert "Kirkuk" in gaz


def test_name_index_and_explain(gaz):
    index = {norm: (pop, code) for norm, pop, code in gaz.name_index()}
    assert index["kirkuk"][0] > 100_000
    assert index["iraq"][1] == "PCLI"
    rows = gaz.explain("Baghdad", limit=3)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 2
    assert "PPLC" in rows[0]["why"] and rows[0]["layer"] == "main"


def test_info_credits_geonames(gaz):
    info = gaz.info()
    assert info["places"] > 300 and info["names"] > info["places"]
    assert any(s["licence"] == "CC BY 4.0" and "GeoNames" in s["name"] for s in info["sources"])
    assert info["size_bytes"] > 0


@pytest.mark.skipif(not HAS_ATLAS, reason="world-atlas is not installed (npm ci)")
def test_country_shape_follows_the_right_hand_rule(gaz):
    from shapely.geometry import shape

    geometry = gaz.shape(gaz.country("IQ").id)
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for rings in polygons:
        assert shape({"type": "Polygon", "coordinates": [rings[0]]}).exterior.is_ccw
    assert shape(geometry).contains(shape({"type": "Point", "coordinates": [44.4, 33.3]}))
    assert gaz.shape(gaz.candidates("Baghdad")[0].id) is None


# -- the user layer -------------------------------------------------------------------------------

def test_user_layer_wins_and_survives_a_rebuild(tmp_path):
    path = tmp_path / "store.sqlite"
    build(path, countries=["KW"], with_shapes=False)
    g = Gazetteer.open(path)
    mine = Candidate(id="kuwait-office", name="Jahra", lat=29.30, lon=47.60, country="KW", feature_class="S",
                     feature_code="BLDG", source="user")
    assert g.add_user_places([("Jahra", mine), ("Our Office", mine)]) == 2
    assert g.candidates("Jahra")[0].id == "user:kuwait-office"
    assert g.candidates("Jahra")[1].source == "geonames"
    g.close()
    build(path, countries=["KW"], with_shapes=False)  # the store is replaced, the user layer is not
    g = Gazetteer.open(path)
    top = g.candidates("our office")[0]
    assert (top.id, top.lat) == ("user:kuwait-office", 29.30)
    assert g.get("user:kuwait-office").name == "Jahra"
    assert "Our Office" in g
    assert g.info()["user_layer"]["places"] == 1
    assert ("our office", 0, "BLDG") in set(g.name_index())
    g.close()


def test_add_csv_and_geojson_files(gaz, tmp_path):
    places = tmp_path / "places.csv"
    places.write_text("name,lat,lon,country,feature_code,aliases\n"
                      "Camp Sandstone,31.5,45.1,IQ,MILB,Sandstone Base|CSS\n", encoding="utf-8")
    assert gaz.add_file(places) == 1
    assert gaz.add_file(places) == 1  # adding the same file again updates, it does not duplicate
    hits = gaz.candidates("Sandstone Base")
    assert len(hits) == 1 and hits[0].feature_class == "L" and hits[0].source == "user"
    points = tmp_path / "points.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [47.9, 29.4]},
         "properties": {"name": "Harbour Gate", "country": "KW", "feature_code": "PRT"}}]}), encoding="utf-8")
    assert gaz.add_file(points) == 1
    top = gaz.candidates("Harbour Gate")[0]
    assert (top.lat, top.lon, top.country) == (29.4, 47.9, "KW")


def test_import_geonames_dump(gaz, tmp_path):
    dump = tmp_path / "XX.txt"
    row = ["9999001", "Qaryat Test", "Qaryat Test", "Test Village,Qarya", "32.5", "45.5", "P", "PPLA2", "IQ",
           "", "09", "", "", "", "12000", "", "30", "Asia/Baghdad", "2024-01-01"]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    seen = []
    assert gaz.import_geonames(dump, progress=seen.append) == 1
    assert sum(seen) == dump.stat().st_size
    top = gaz.candidates("Test Village")[0]
    assert (top.id, top.feature_code, top.population, top.admin1) == ("geonames:9999001", "PPLA2", 12000, "09")


# -- errors ---------------------------------------------------------------------------------------

def test_missing_store_says_how_to_build(tmp_path):
    with pytest.raises(GazetteerNotBuiltError, match="gazetteer build"):
        Gazetteer.open(tmp_path / "nothing.sqlite")


def test_bad_csv_names_the_line(gaz, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nGood Place,10,20\nBad Place,north,20\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match=r"bad\.csv: line 3: lat 'north'"):
        gaz.add_file(bad)
    assert "Good Place" not in gaz  # a bad file adds nothing
    no_header = tmp_path / "nohead.csv"
    no_header.write_text("title,x,y\nA,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match="line 1: the header lacks name, lat, lon"):
        gaz.add_file(no_header)
    far = tmp_path / "far.csv"
    far.write_text("name,lat,lon\nNowhere,95,20\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match="line 2: lat 95.0 is outside"):
        gaz.add_file(far)


def test_bad_geojson_names_the_feature(gaz, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"name": "A road"}}]}), encoding="utf-8")
    with pytest.raises(GazetteerImportError, match="feature 1: not a Point"):
        gaz.add_file(bad)


def test_bad_geonames_dump_names_the_line(tmp_path):
    dump = tmp_path / "dump.txt"
    good = "\t".join(["1", "A", "A", "", "1", "2", "P", "PPL", "IQ"] + [""] * 10)
    dump.write_text(good + "\nnot\ta\tgeonames\tline\n", encoding="utf-8")
    with pytest.raises(GazetteerImportError, match=r"dump\.txt: line 2: 4 tab-separated fields"):
        list(read_geonames_dump(dump))


def test_cli_errors_are_one_line(tmp_path, store):
    runner = CliRunner()
    result = runner.invoke(cli, ["gazetteer", "info", "--gazetteer", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "gazetteer build" in result.output and "Traceback" not in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nX,1,east\n", encoding="utf-8")
    copy = tmp_path / "store.sqlite"
    copy.write_bytes(store.read_bytes())
    result = runner.invoke(cli, ["gazetteer", "add", str(bad), "--gazetteer", str(copy)])
    assert result.exit_code == 1 and "line 2" in result.output


def test_cli_lookup_add_and_import(tmp_path, store):
    copy = tmp_path / "store.sqlite"
    copy.write_bytes(store.read_bytes())
    runner = CliRunner()
    result = runner.invoke(cli, ["gazetteer", "lookup", "Kirkuk", "-n", "2", "--gazetteer", str(copy)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows[0]["country"] == "IQ" and rows[0]["why"]
    places = tmp_path / "p.csv"
    places.write_text("name,lat,lon,country\nKirkuk,1.0,2.0,IQ\n", encoding="utf-8")
    assert runner.invoke(cli, ["gazetteer", "add", str(places), "--gazetteer", str(copy)]).exit_code == 0
    dump = tmp_path / "d.txt"
    dump.write_text("\t".join(["77", "Dumpton", "Dumpton", "", "1", "2", "P", "PPL", "IQ"] + [""] * 10) + "\n",
                    encoding="utf-8")
    assert runner.invoke(cli, ["gazetteer", "import-geonames", str(dump), "--gazetteer", str(copy)]).exit_code == 0
    result = runner.invoke(cli, ["gazetteer", "lookup", "Kirkuk", "-n", "1", "--gazetteer", str(copy)])
    assert json.loads(result.output)["layer"] == "user"


# -- the build ------------------------------------------------------------------------------------

def test_build_is_reproducible(tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build(a, countries=["KW", "QA"], with_shapes=HAS_ATLAS)
    build(b, countries=["KW", "QA"], with_shapes=HAS_ATLAS)
    assert a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob("*.tmp"))  # written to a temporary file and renamed


def test_build_writes_the_shipped_schema(store):
    with sqlite3.connect(store) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"place", "name", "name_stat", "demonym", "code", "shape", "meta", "name_loose", "name_fuzzy"} <= tables
        assert db.execute("SELECT COUNT(*) FROM place WHERE country NOT IN ('IQ','KW','GE','QA')").fetchone()[0] == 0


# -- the built store and the seed places -----------------------------------------------------------

SEEDS = REPO.parent / "shared" / "seeds" / "expected.json"
STORE = REPO / "gazetteer" / "geoevents.sqlite"


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not here")
@pytest.mark.skipif(not STORE.exists(), reason="the gazetteer is not built (make gazetteer)")
def test_every_seed_place_resolves_from_the_gazetteer_alone(tmp_path):
    import math

    def km(lat1, lon1, lat2, lon2):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        a = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
        return 2 * 6371 * math.asin(min(1.0, math.sqrt(a)))

    g = Gazetteer.open(STORE, user_path=tmp_path / "none.sqlite")
    missing = []
    for place in json.loads(SEEDS.read_text(encoding="utf-8"))["places"]:
        name = place["name"].split("(")[0].strip()  # "Green Zone (Baghdad)": the qualifier is a note
        found = g.candidates(name)
        if "country" in place:
            ok = any(c.is_country and c.country == place["country"] for c in found)
        else:
            ok = any(km(place["lat"], place["lon"], c.lat, c.lon) <= place["radius_km"] for c in found)
        if not ok:
            missing.append(place["name"])
    assert not missing


def test_add_one_place_from_python(gaz):
    c = gaz.add("Forward Operating Base Quill", 34.1, 43.9, aliases=["FOB Quill"], country="iq",
                feature_code="MILB")
    assert (c.country, c.feature_class, c.source) == ("IQ", "L", "user")
    assert gaz.candidates("FOB Quill") == [c]
    with pytest.raises(GazetteerImportError, match="lon 200.0 is outside"):
        gaz.add("Nowhere", 10, 200)


# -- country points --------------------------------------------------------------------------------

def test_a_country_point_is_its_mainlands_centre():
    from shapely.geometry import Polygon

    from geoevents.gazetteer_build import _mainland_point as mainland_point
    mainland = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)])
    island = Polygon([(40, 40), (41, 40), (41, 41), (40, 41)])  # far away, small: no pull on the point
    assert mainland_point([island, mainland]) == (5.0, 5.0)
    # a part that crosses the antimeridian has no honest centroid in degrees: the point stays
    assert mainland_point([Polygon([(170, 60), (190, 60), (190, 70), (170, 70)])]) is None
    # a crescent whose centroid lies outside it: the point stays
    crescent = Polygon([(0, 0), (10, 0), (10, 10), (0, 10), (0, 9), (9, 9), (9, 1), (0, 1)])
    assert mainland_point([crescent]) is None


@pytest.mark.skipif(not HAS_ATLAS, reason="node_modules/world-atlas is not installed (npm ci)")
def test_countries_in_the_slice_sit_inside_their_outline(gaz):
    from shapely.geometry import Point, shape
    for name in ("Iraq", "Kuwait", "Georgia", "Qatar"):
        c = next(c for c in gaz.candidates(name) if c.is_country)
        assert shape(gaz.shape(c.id)).contains(Point(c.lon, c.lat)), name


def test_name_filter_passes_every_stored_name_and_few_others(store, tmp_path):
    # a name the filter turns away is never looked up: one stored name missing from it would be
    # a place the recogniser can no longer find
    with sqlite3.connect(store) as db:
        norms = [r[0] for r in db.execute("SELECT DISTINCT norm FROM name")]
    g = Gazetteer.open(store, user_path=tmp_path / "user.sqlite")
    try:
        assert g._filter is not None and all(n in g._filter for n in norms)
        absent = [f"{n} zq{i}" for i, n in enumerate(norms[:5000])]
        passed = sum(n in g._filter for n in absent)
        assert passed < 0.01 * len(absent)  # 0.24 % expected
        # the same answers with the filter as without: a miss costs a query less, nothing else
        names = ["Kirkuk", "Baghdad International Airport", "Green Zone", "Xqzzyville", "Kuwait City"]
        with_filter = [g.candidates(n) for n in names]
        g._filter, g._memo = None, {}
        assert [g.candidates(n) for n in names] == with_filter
    finally:
        g.close()


def test_name_filter_is_stable_across_processes():
    # positions come from BLAKE2b, not Python's salted str hash: two builds write the same bytes
    from geoevents.gazetteer import NameFilter
    f = NameFilter.of(["baghdad", "kirkuk", "green zone"])
    assert f.bits == NameFilter.of(["green zone", "kirkuk", "baghdad", "kirkuk"]).bits
    assert "baghdad" in f and "basra" not in f and 42 not in f


def test_countries_and_divisions_take_the_points_geonames_gives(store):
    # the benchmarks' gold points and GeoNames users' expectations are GeoNames' own points of
    # countries and divisions, which the build reads from OpenWeatherMap's city list (pyowm)
    from geoevents.gazetteer_build import _geonames_points
    points = _geonames_points()
    if not points:
        pytest.skip("pyowm is not installed: the build falls back to countryinfo's points")
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT pid, name, lat6, lon6 FROM place WHERE fcode IN ('PCLI', 'ADM1')").fetchall()
    checked = 0
    for pid, name, lat6, lon6 in rows:
        if pid in points:
            lat, lon = points[pid]
            assert (lat6, lon6) == (round(lat * 1e6), round(lon * 1e6)), name
            checked += 1
    assert checked >= 0.8 * len(rows) and checked >= 4


# -- the fallback lookup: spelling variants and names one edit away -------------------------------

@pytest.mark.parametrize("spellings", [
    ("Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir el-Zour"),     # article split, assimilated, ou/u, aw/o
    ("Ghouta", "Ghuta", "Ghoutah", "al-Ghouta"),                       # ou/u, final h, article
    ("Ingushetia", "Ingushetiya"),                                     # y/i and the doubled letter
    ("Qalamoun", "Kalamun", "Qalamun"),                                # q/k
    ("As Suwayda", "Assuwayda", "as-Suwayda"),                         # an article written into the word
    ("Falluja", "Fallujah", "Al Falluja"),
    ("Adhamiyah", "Azamiya"),                                          # dh/z
])
def test_spellings_of_one_name_meet_in_one_loose_key(spellings):
    from geoevents.gazetteer import loose_key
    assert len({loose_key(s) for s in spellings}) == 1, [loose_key(s) for s in spellings]


def test_the_loose_key_keeps_other_names_apart():
    from geoevents.gazetteer import loose_key
    assert loose_key("Assam") != loose_key("Sam")          # a first word keeps its "As-" below seven letters
    assert loose_key("Essen") != loose_key("Sen")
    assert loose_key("Homs") != loose_key("Hama")
    assert loose_key("Paris") != loose_key("Perm")
    assert loose_key("!!") == ""


def test_a_spelling_variant_is_found_when_the_name_is_not(gaz):
    from geoevents.gazetteer import NAME_LOOSE
    assert gaz.candidates("Fallouja") == []
    found, how = gaz.similar("Fallouja")
    assert how == NAME_LOOSE and found[0].country == "IQ" and found[0].feature_class == "P"
    found, how = gaz.similar("Kirkouk")
    assert how == NAME_LOOSE and found[0].name == gaz.candidates("Kirkuk")[0].name


def test_a_misspelt_notable_name_is_found_one_edit_away(gaz):
    from geoevents.gazetteer import NAME_FUZZY
    assert gaz.candidates("Kirkukh") == []
    found, how = gaz.similar("Kirkukh")              # a letter too many
    assert how == NAME_FUZZY and found[0].name == "Kirkuk" and found[0].country == "IQ"
    assert gaz.similar("Kirkukh", fuzzy=False) == ([], 0)
    assert gaz.similar("Mosal")[1] == 0              # five letters: one edit turns too many names into others
    assert gaz.similar("Zzyzxqwv") == ([], 0)        # nothing near


def test_the_fallback_leaves_short_names_and_small_places_by_alternate_names_alone(gaz):
    assert gaz.similar("KY") == ([], 0)              # an abbreviation would become the name "ki"
    for found in (gaz.similar(n)[0] for n in ("Xyzabad", "Qurnaa")):
        assert all(c.population >= 5_000 or c.feature_class != "P" or c.feature_code in ("PPLC", "PPLA", "PPLA2")
                   for c in found)


def test_iso_inverted_division_names_are_also_known_the_right_way_round():
    from geoevents.gazetteer_build import _uninverted as uninverted
    assert uninverted("Ingushetiya, Respublika") == "Ingushetiya"
    assert uninverted("Murcia, Región de") == "Murcia"
    assert uninverted("Vale of Glamorgan, The") == "Vale of Glamorgan"
    assert uninverted("Newry, Mourne and Down") is None          # a list, not a designation
    assert uninverted("Bournemouth, Christchurch and Poole") is None
    assert uninverted("Basra") is None


def test_regions_only_the_full_geonames_dump_has_are_curated(gaz):
    ossetia = gaz.candidates("South Ossetia")[0]
    assert ossetia.source == "curated" and ossetia.country == "GE" and 42 < ossetia.lat < 43
