"""Exports: events.geojson and places.geojson (RFC 7946), GeoPackage and CSV (through geopandas
and pyogrio), places JSONL, time expressions JSONL.

Every file is written atomically (geoevents.atomic): to a temporary file, then renamed over the
target, so a reader never sees half a file; ``write_outputs`` writes a run's set of files into a
staging folder and moves the set into place only once all of it is written, with the output
folder locked against a second run, so a failed or interrupted run leaves the previous set intact
and two runs never mix their files.

The schema of every field is in :data:`EVENT_FIELDS` and :data:`PLACE_FIELDS` (name, type, what
it means), documented in docs/exports.md. Dates are ISO 8601 strings in GeoJSON (GDAL reads them
as a Date field) and real Date fields in the GeoPackage, so QGIS's temporal controller can
animate either.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from geoevents.atomic import OutputFolder, atomic_open, atomic_write
from geoevents.errors import ConfigurationError, ExportError
from geoevents.dates import day_span
from geoevents.model import Document, Event, Place, PlaceTally, Result, Shapes, TimeExpr, lonlat, outline

__all__ = [
    "atomic_write",
    "write_jsonl",
    "place_record",
    "places_records",
    "analysis_places_records",
    "timex_records",
    "event_record",
    "event_records",
    "event_features",
    "events_geojson",
    "place_features",
    "places_geojson",
    "events_frame",
    "places_frame",
    "write_gpkg",
    "write_csv",
    "write_outputs",
    "output_folder",
    "OUTPUT_FILES",
    "day_span",
    "web_link",
    "rfc7946_geometry",
    "EVENT_FIELDS",
    "PLACE_FIELDS",
    "FORMATS",
]

log = logging.getLogger(__name__)

#: output formats beside the map: GeoJSON is always written (the interface others rely on)
FORMATS = ("geojson", "gpkg", "csv", "parquet")


def write_jsonl(records: Iterable[dict], path: str | os.PathLike) -> None:
    """One JSON object a line, to a file (atomically) or to stdout when ``path`` is ``-``.

    Each line is written as its record is made (``records`` may be a generator over a run's
    analyses): into the temporary file that becomes ``path`` when all are written, so the lines
    of a long input are never all in memory and an interrupted run leaves ``path`` as it was.
    On stdout the lines go out as they are made."""
    if str(path) == "-":
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    with atomic_open(path) as f:
        for r in records:
            f.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))


def source_kind(c) -> str | None:
    """Where a resolution came from, in the interface's two words: the local ``gazetteer`` (any
    of its layers) or ``nominatim``. The finer origin is the candidate's own ``source``."""
    if c is None:
        return None
    return "nominatim" if c.source == "nominatim" else "gazetteer"


def place_record(place: Place) -> dict:
    """The ``places`` JSONL form of one place (the interface other tools rely on)."""
    m, c = place.mention, place.candidate
    return {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "name": c.name if c else None,
        "lat": c.lat if c else None,
        "lon": c.lon if c else None,
        "country": c.country if c else None,
        "feature": c.feature_code if c else None,
        "role": m.role,
        "source": source_kind(c),
        "score": round(place.score, 4),
        "origin": c.source if c else None,
        "id": c.id if c else None,
        "label": m.label,
        "reason": place.reason,
    }


def places_records(documents: Sequence[Document], places: Mapping[str, Sequence[Place]]) -> Iterable[dict]:
    for d in documents:
        yield {"id": d.id, "places": [place_record(p) for p in places.get(d.id, ())]}


def analysis_places_records(analyses: Iterable) -> Iterable[dict]:
    """The ``places`` JSONL lines of a run's analyses (``DocumentAnalysis``), one as each comes."""
    for a in analyses:
        yield {"id": a.document.id, "places": [place_record(p) for p in a.places]}


def timex_records(documents: Sequence[Document], timexes: Iterable[Sequence[TimeExpr]]) -> Iterable[dict]:
    for d, found in zip(documents, timexes):
        yield {"id": d.id, "timex": [{"start": t.start, "end": t.end, "text": t.text, "type": t.type,
                                      "value": t.value} for t in found]}


def _event_place(loc) -> dict | None:
    if loc is None:
        return None
    m, c = loc.place.mention, loc.place.candidate
    return {"start": m.start, "end": m.end, "text": m.text, "name": c.name if c else None,
            "lat": c.lat if c else None, "lon": c.lon if c else None, "country": c.country if c else None,
            "feature": c.feature_code if c else None, "precision": loc.precision, "inferred": loc.inferred}


def event_record(event: Event, document: Document) -> dict:
    """The ``events`` JSONL form of one article's event (the interface other tools rely on):
    offsets index the article text as read; ``place`` is the mention the event was placed at."""
    src = next((s for s in event.sources if s.doc == document.id), event.sources[0])
    t0, t1 = src.trigger_start, src.trigger_end
    loc = event.locations[0] if event.locations else None
    return {
        "type": event.type,
        "mode": event.mode,
        "label": event.label,
        "status": event.status,
        "trigger": {"start": t0, "end": t1, "text": document.text[t0:t1] if t0 is not None else event.trigger},
        "sentence": {"start": src.start, "end": src.end},
        "date": _iso(event.date),
        "time_precision": event.time_precision,
        "date_reason": event.date_reason,
        "place": _event_place(loc),
        "location_reason": loc.reason if loc else None,
        "actors": list(event.actors),
        "targets": list(event.targets),
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "acled": list(event.acled) if event.acled else None,
    }


def event_records(analyses: Iterable) -> Iterable[dict]:
    """One line per article: ``{"id", "events": [...]}``, the events in the order the event stage
    gives them (with given triggers: the order of the triggers)."""
    for a in analyses:
        yield {"id": a.document.id, "events": [event_record(e, a.document) for e in a.events]}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


# -- schemas -------------------------------------------------------------------------------------
# (name, type, meaning). Types: str, int, real, date, bool, list (a JSON array of strings in
# GeoJSON, "; "-joined text in GeoPackage/CSV), json (JSON text in GeoPackage/CSV).

EVENT_FIELDS: list[tuple[str, str, str]] = [
    ("id", "str", "Feature id: the event id, suffixed -1, -2 ... when the event has several places"),
    ("event_id", "str", "The event's id (the same for every place of one event)"),
    ("date", "date", "Day the event happened (YYYY-MM-DD), or null when the text gives none"),
    ("time_precision", "str", "How precisely the date is known: day, week, month, quarter, year, none"),
    ("date_reason", "str", "Which words in the text gave the date, and against what it was resolved"),
    ("date_inferred", "bool", "True when the date is carried over from the narrative, not stated for this event"),
    ("earliest", "date", "Earliest day the text allows, when the date is unknown or coarse"),
    ("latest", "date", "Latest day the text allows, when the date is unknown or coarse"),
    ("date_start", "date", "First day of the span the event may cover (date, or its week/month/year, or earliest)"),
    ("date_end", "date", "Last day of that span; equal to date_start for a day-precise event"),
    ("type", "str", "PLOVER event type in capitals: ASSAULT, PROTEST, COERCE, MOBILIZE, THREATEN, OTHER ..."),
    ("mode", "str", "PLOVER mode of the event (aerial, drone, armed, riot ...), or null"),
    ("label", "str", "Kind of an OTHER event (disaster, accident, death, election ...), or null"),
    ("status", "str", "occurred for every event in events.geojson (threats and plans are left out)"),
    ("place", "str", "Name of the place where it happened"),
    ("place_id", "str", "Gazetteer id of that place (geonames:98182, curated:..., nominatim:way/123 ...)"),
    ("country", "str", "ISO 3166-1 alpha-2 code of the place's country, or null"),
    ("feature", "str", "GeoNames feature code of the place (PPLC, PPLA, PCLI, AIRP ...), or null"),
    ("geo_precision", "int", "1 the exact place, 2 near or part of a town, 3 a region or country (ACLED)"),
    ("location_reason", "str", "Why this place was chosen as where it happened"),
    ("location_inferred", "bool", "True when the text gives no place for the event and this one is a fallback"),
    ("actors", "list", "Who did it, as the text names them"),
    ("targets", "list", "Who or what it was done to"),
    ("fatalities", "int", "People killed, when the text says; null when it does not"),
    ("injuries", "int", "People injured, when the text says; null when it does not"),
    ("summary", "str", "What happened, in one line"),
    ("trigger", "str", "The word that reported the event (struck, protested ...)"),
    ("acled_event_type", "str", "ACLED event type this maps to, or null"),
    ("acled_sub_event_type", "str", "ACLED sub-event type this maps to, or null"),
    ("n_sources", "int", "How many articles tell this event"),
    ("source_docs", "list", "Ids of those articles (JSONL/CSV id, else file name)"),
    ("source_urls", "list", "Their URLs, where known: only http(s) links (a javascript:, data: or file: URL is "
                            "dropped, with a warning)"),
    ("sources", "json", "Every telling: [{doc, sentence, start, end, title, url, published}]; start/end "
                        "index the article text (end-exclusive)"),
]
#: extra columns of the CSV (kepler.gl reads lat/lon as a point layer and datetime as time)
CSV_EXTRA_FIELDS: list[tuple[str, str, str]] = [
    ("lat", "real", "Latitude (WGS84)"),
    ("lon", "real", "Longitude (WGS84)"),
    ("datetime", "str", "date as 'YYYY-MM-DD 00:00:00', the form kepler.gl recognises as a timestamp"),
]

PLACE_FIELDS: list[tuple[str, str, str]] = [
    ("id", "str", "Gazetteer id (geonames:..., curated:..., nominatim:...), or unresolved:<name> for a toponym "
                  "nothing could locate (its geometry is null)"),
    ("name", "str", "The place's name in the gazetteer (or the toponym as written, when unresolved)"),
    ("country", "str", "ISO 3166-1 alpha-2 code, or null"),
    ("feature_class", "str", "GeoNames feature class (A country/region, P populated place, S spot ...)"),
    ("feature", "str", "GeoNames feature code (PCLI, PPLC, ADM1, AIRP ...)"),
    ("source", "str", "gazetteer or nominatim"),
    ("origin", "str", "The entry's own source: geonames, curated, airportsdata, user (your layer) or nominatim"),
    ("lat", "real", "Latitude of the place's point (also given when the geometry is a country's outline)"),
    ("lon", "real", "Longitude of the place's point"),
    ("population", "int", "Population from the gazetteer (0 when unknown)"),
    ("mentions", "int", "How many times the articles mention it, in any role"),
    ("literal_mentions", "int", "Mentions as a location (\"killed in Mosul\")"),
    ("associative_mentions", "int", "Mentions standing for something else (a demonym, a government, a name)"),
    ("documents", "int", "How many articles mention it"),
    ("events", "int", "How many events (that happened) are located there"),
    ("mean_score", "real", "Mean confidence of the resolutions, 0 to 1"),
    ("texts", "list", "The forms the articles wrote it in"),
    ("docs", "list", "Ids of the articles that mention it"),
    ("shape", "bool", "True when the geometry is the country's outline rather than a point"),
]


def _position(lat: float, lon: float) -> list[float]:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ExportError(f"invalid coordinates ({lat}, {lon})")
    # RFC 7946 §11.2: six decimals (about 10 cm) is more than any gazetteer point means
    return lonlat(round(lat, 6), round(lon, 6))


def rfc7946_geometry(geometry: dict, digits: int = 6) -> dict | None:
    """A Polygon/MultiPolygon as RFC 7946 wants it: exterior rings counter-clockwise, holes
    clockwise (§3.1.6), coordinates rounded. None for anything that is not a valid polygon."""
    from shapely.geometry import MultiPolygon, Polygon, mapping, shape
    from shapely.geometry.polygon import orient

    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
    if isinstance(geom, Polygon):
        geom = orient(geom, sign=1.0)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    else:
        return None
    if geom.is_empty:
        return None
    out = mapping(geom)

    def rnd(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], digits), round(c[1], digits)]
        return [rnd(x) for x in c]
    return {"type": out["type"], "coordinates": rnd(out["coordinates"])}


def _shape_for(shapes: Shapes | None, candidate_id: str) -> dict | None:
    geometry = outline(shapes, candidate_id)
    return rfc7946_geometry(geometry) if geometry else None


# -- events --------------------------------------------------------------------------------------

_WEB_LINK = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_warned_urls: set[str] = set()


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else None (a ``javascript:``, ``data:`` or ``file:`` URL, or
    text that is no URL, is never exported: a reader that makes links of the field would run or open
    it). A dropped URL is logged once as a warning."""
    if url is None or _WEB_LINK.match(url):
        return url
    if url not in _warned_urls:
        _warned_urls.add(url)
        log.warning("source URL %r dropped from the exports: only http(s) links are written", url[:80])
    return None



def event_features(event: Event) -> list[dict]:
    """GeoJSON Features of one event: one Point per location (an event in two countries has two
    points, both carrying the whole event); none for an event with no location."""
    features = []
    span = day_span(event)
    located = [loc for loc in event.locations if loc.place.candidate is not None]
    for i, loc in enumerate(located):
        c = loc.place.candidate
        props = {
            "id": event.id if len(located) == 1 else f"{event.id}-{i + 1}",
            "event_id": event.id,
            "date": _iso(event.date),
            "time_precision": event.time_precision,
            "date_reason": event.date_reason,
            "date_inferred": event.date_inferred,
            "earliest": _iso(event.earliest),
            "latest": _iso(event.latest),
            "date_start": _iso(span[0]) if span else None,
            "date_end": _iso(span[1]) if span else None,
            "type": event.type,
            "mode": event.mode,
            "label": event.label,
            "status": event.status,
            "place": c.name,
            "place_id": c.id,
            "country": c.country,
            "feature": c.feature_code,
            "geo_precision": loc.precision,
            "location_reason": loc.reason,
            "location_inferred": loc.inferred,
            "actors": list(event.actors),
            "targets": list(event.targets),
            "fatalities": event.fatalities,
            "injuries": event.injuries,
            "summary": event.summary,
            "trigger": event.trigger,
            "acled_event_type": event.acled[0] if event.acled else None,
            "acled_sub_event_type": event.acled[1] if event.acled else None,
            "n_sources": len(event.sources),
            "source_docs": list(dict.fromkeys(s.doc for s in event.sources)),
            "source_urls": list(dict.fromkeys(u for u in (web_link(s.url) for s in event.sources) if u)),
            "sources": [
                {"doc": s.doc, "sentence": s.sentence, "start": s.start, "end": s.end, "title": s.title,
                 "url": web_link(s.url), "published": _iso(s.published)}
                for s in event.sources
            ],
        }
        features.append({"type": "Feature", "id": props["id"],
                         "geometry": {"type": "Point", "coordinates": _position(c.lat, c.lon)},
                         "properties": props})
    return features


def events_geojson(events: Iterable[Event]) -> dict:
    """An RFC 7946 FeatureCollection of the events (WGS84, ``[lon, lat]``, no ``crs`` member)."""
    features = [f for e in events for f in event_features(e)]
    return {"type": "FeatureCollection", "features": features}


# -- places --------------------------------------------------------------------------------------

def place_features(places: Mapping[str, Sequence[Place]] | PlaceTally, events: Iterable[Event] = (), *,
                   shapes: Shapes | None = None) -> list[dict]:
    """One GeoJSON Feature per place the articles mention (resolved or not), with mention counts.

    ``places``: the places of each article, by article id (``Result.places``), or already
    counted per place (``Result.place_tally``, which a run over a lazy input keeps instead).
    ``events``: the events that happened, to count those located at each place. A country whose
    outline ``shapes`` gives is drawn as that outline; every other place is a Point; a toponym
    nothing could locate has a null geometry.
    """
    counts = (places if isinstance(places, PlaceTally) else PlaceTally.of(places)).counts
    at_place = Counter(loc.place.candidate.id for e in events for loc in e.locations if loc.place.candidate)
    features = []
    for key in sorted(counts, key=lambda k: (-counts[k].mentions, k)):
        n = counts[key]
        c = n.candidate
        geometry = None
        if c is not None:
            geometry = (_shape_for(shapes, c.id) if c.is_country else None) or \
                {"type": "Point", "coordinates": _position(c.lat, c.lon)}
        props = {
            "id": key,
            "name": c.name if c else n.text,
            "country": c.country if c else None,
            "feature_class": c.feature_class if c else None,
            "feature": c.feature_code if c else None,
            "source": source_kind(c),
            "origin": c.source if c else None,
            "lat": round(c.lat, 6) if c else None,
            "lon": round(c.lon, 6) if c else None,
            "population": c.population if c else 0,
            "mentions": n.mentions,
            "literal_mentions": n.literal,
            "associative_mentions": n.associative,
            "documents": len(n.docs),
            "events": at_place.get(key, 0),
            "mean_score": round(n.mean_score, 4),
            "texts": sorted(n.texts),
            "docs": list(n.docs),
            "shape": bool(geometry and geometry["type"] != "Point"),
        }
        features.append({"type": "Feature", "id": key, "geometry": geometry, "properties": props})
    return features


def places_geojson(places: Mapping[str, Sequence[Place]] | PlaceTally, events: Iterable[Event] = (), *,
                   shapes: Shapes | None = None) -> dict:
    """An RFC 7946 FeatureCollection of :func:`place_features`."""
    return {"type": "FeatureCollection", "features": place_features(places, events, shapes=shapes)}


# -- tables: GeoPackage and CSV through geopandas + pyogrio ---------------------------------------

def _flat(value, kind: str):
    """A property as a table cell: lists joined, JSON as text, dates as dates."""
    if value is None:
        return None
    if kind == "list":
        return "; ".join(str(v) for v in value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def _frame(features: list[dict], fields: list[tuple[str, str, str]]):
    import geopandas as gpd
    from shapely.geometry import shape

    data = {name: [_flat(f["properties"].get(name), kind) for f in features] for name, kind, _ in fields}
    geometry = [shape(f["geometry"]) if f["geometry"] else None for f in features]
    frame = gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")
    frame.attrs["schema"] = {name: kind for name, kind, _ in fields}
    return frame


def events_frame(events: Iterable[Event]):
    """The events as a GeoDataFrame: one row per event place, the columns of :data:`EVENT_FIELDS`
    (dates as ``datetime.date``, lists joined with ``"; "``, sources as JSON text)."""
    return _frame(events_geojson(events)["features"], EVENT_FIELDS)


def places_frame(places: Mapping[str, Sequence[Place]] | PlaceTally, events: Iterable[Event] = (), *,
                 shapes: Shapes | None = None):
    """The places as a GeoDataFrame, the columns of :data:`PLACE_FIELDS`."""
    return _frame(place_features(places, events, shapes=shapes), PLACE_FIELDS)


def _columns(frame, as_text_dates: bool = False):
    """Typed numpy columns and null masks for pyogrio: dates as datetime64[D] (GDAL Date fields),
    integers as int64 with a mask for nulls, booleans as bool (GDAL's Boolean subtype)."""
    import numpy as np

    arrays, masks, names = [], [], []
    for name, kind in frame.attrs["schema"].items():
        values = list(frame[name])
        missing = np.array([v is None or (isinstance(v, float) and math.isnan(v)) for v in values], dtype=bool)
        if kind == "date" and not as_text_dates:
            col = np.array([np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in values],
                           dtype="datetime64[D]")
        elif kind == "bool" and not missing.any():
            col = np.array([bool(v) for v in values], dtype=bool)
        elif kind in ("int", "bool"):
            col = np.array([0 if m else int(v) for v, m in zip(values, missing)], dtype="int64")
        elif kind == "real":
            col = np.array([np.nan if m else float(v) for v, m in zip(values, missing)], dtype="float64")
        else:
            # GDAL ends a text field at NUL: an article's NUL would cut the actors, summary ...
            col = np.array([None if m else (v.isoformat() if isinstance(v, dt.date) else str(v).replace("\x00", "\ufffd"))
                            for v, m in zip(values, missing)], dtype=object)
        arrays.append(col)
        masks.append(missing if missing.any() else None)
        names.append(name)
    return arrays, masks, names


def _write_layer(frame, path: Path, layer: str, driver: str, *, append: bool = False, geometry: bool = True,
                 as_text_dates: bool = False) -> None:
    import shapely
    from pyogrio.errors import DataSourceError, DataLayerError
    from pyogrio.raw import write

    arrays, masks, names = _columns(frame, as_text_dates)
    kinds = {g.geom_type for g in frame.geometry if g is not None}
    geometry_type = kinds.pop() if len(kinds) == 1 else "Unknown"
    try:
        write(path, shapely.to_wkb(frame.geometry.values) if geometry else None, arrays, names,
              field_mask=masks, layer=layer, driver=driver, append=append,
              geometry_type=geometry_type if geometry else None, crs="EPSG:4326" if geometry else None,
              encoding="UTF-8")
    except (DataSourceError, DataLayerError, OSError, ValueError) as e:
        raise ExportError(f"{path}: cannot be written ({e})") from e


def _atomic_gdal(path: Path, writer) -> Path:
    """Let GDAL write into a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{os.getpid()}{path.suffix}")
    tmp.unlink(missing_ok=True)
    try:
        writer(tmp)
        os.replace(tmp, path)
    except OSError as e:
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from e
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _gdal_date(events: Sequence[Event]) -> str:
    """The ``last_change`` GDAL writes into a GeoPackage: the latest publication date of the
    events' sources (else 2000-01-01), not the clock, so the same input gives the same bytes."""
    days = [s.published for e in events for s in e.sources if s.published]
    day = max(days) if days else dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00.000Z"


def _gpkg_writer(events: list[Event], places: Mapping[str, Sequence[Place]] | PlaceTally, shapes: Shapes | None):
    ev, pl = events_frame(events), places_frame(places, events, shapes=shapes)
    when = _gdal_date(events)

    def writer(tmp: Path):
        import pyogrio

        # GDAL stamps each layer's last_change with the clock unless told the date to write
        previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": when})
        try:
            _write_layer(ev, tmp, "events", "GPKG")
            _write_layer(pl, tmp, "places", "GPKG", append=True)
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
    return writer


def write_gpkg(path: str | os.PathLike, events: Iterable[Event],
               places: Mapping[str, Sequence[Place]] | PlaceTally, *, shapes: Shapes | None = None) -> Path:
    """A GeoPackage with two layers: ``events`` (points, real Date fields) and ``places``."""
    return _atomic_gdal(Path(path), _gpkg_writer(list(events), places, shapes))


def _csv_writer(events: Iterable[Event]):
    rows = []
    for f in events_geojson(events)["features"]:
        lon, lat = f["geometry"]["coordinates"]
        day = f["properties"]["date"]
        rows.append({**f, "properties": {**f["properties"], "lat": lat, "lon": lon,
                                         "datetime": f"{day} 00:00:00" if day else None}})
    table = _frame(rows, CSV_EXTRA_FIELDS + EVENT_FIELDS)
    return lambda tmp: _write_layer(table, tmp, "events", "CSV", geometry=False, as_text_dates=True)


def _parquet_writer(events: Iterable[Event]):
    frame = events_frame(events)

    def writer(tmp: Path):
        try:
            import pyarrow  # noqa: F401  (geopandas writes Parquet through it)
        except ImportError as e:
            raise ConfigurationError("--format parquet needs pyarrow: pip install 'geoevents[parquet]'") from e
        # GeoParquet 1.0: the geometry as WKB with its CRS and bounding box in the file's metadata;
        # no pandas index column (row numbers say nothing)
        frame.to_parquet(tmp, index=False, compression="zstd", schema_version="1.0.0")
    return writer


def write_parquet(path: str | os.PathLike, events: Iterable[Event]) -> Path:
    """The events as GeoParquet: one row per event place, the columns of :data:`EVENT_FIELDS`
    (dates as Date, sources as JSON text), for event sets too large for GeoJSON; geopandas,
    DuckDB (spatial), QGIS and BigQuery read it."""
    return _atomic_gdal(Path(path), _parquet_writer(events))


def write_csv(path: str | os.PathLike, events: Iterable[Event]) -> Path:
    """One row per event place: lat, lon, datetime (for kepler.gl), then :data:`EVENT_FIELDS`
    with the sources as JSON. Dates are written ISO 8601 (GDAL's CSV driver would write
    2020/01/03)."""
    return _atomic_gdal(Path(path), _csv_writer(events))


# -- everything a run writes ---------------------------------------------------------------------

def _dumps(obj) -> str:
    # allow_nan=False: NaN is not JSON, and RFC 7946 readers reject it
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


#: every file ``write_outputs`` may write: the set a run owns in its output folder
OUTPUT_FILES = ("events.geojson", "places.geojson", "events.gpkg", "events.csv", "events.parquet", "map.html")


def output_folder(path: str | os.PathLike) -> OutputFolder:
    """The output folder of a ``map`` run, made, locked and checked writable (an ExportError now,
    before any work, rather than after the analysis); pass it to :func:`write_outputs`."""
    return OutputFolder(path, OUTPUT_FILES).open()


def write_outputs(result: Result, output_dir: str | os.PathLike | OutputFolder, *, title: str | None = None,
                  formats: Sequence[str] = ("geojson",), shapes: Shapes | None = None,
                  inline_assets: bool = False, cdn: bool = False) -> list[Path]:
    """Write a run's outputs into ``output_dir`` as one set and return the paths written.

    Always ``events.geojson``, ``places.geojson`` and ``map.html``; ``events.gpkg`` (layers
    ``events`` and ``places``) when ``formats`` has ``gpkg``, ``events.csv`` when it has ``csv``,
    ``events.parquet`` (GeoParquet) when it has ``parquet``.
    The files are written into a staging folder and moved into place together; files of an
    earlier run that this one does not write (an old ``events.gpkg``) are removed, so the folder
    never holds two runs' files. ``output_dir`` may be a folder from :func:`output_folder`,
    opened before the analysis; it is closed here.
    ``events.geojson`` holds the events that happened (status ``occurred``); the map gets every
    event and shows threats and plans only in its separate, flagged layer (see webmap).
    ``shapes``: region outlines by candidate id (mapping or callable, e.g. ``Gazetteer.shape``).
    The map is self-contained (works offline) unless ``cdn``, which links Leaflet and supercluster
    from jsDelivr; ``inline_assets`` is accepted for older callers (it is the default now).
    """
    from geoevents.webmap import render_map

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ConfigurationError(f"unknown output format(s): {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    folder = output_dir if isinstance(output_dir, OutputFolder) else output_folder(output_dir)
    with folder:
        events = [e for e in result.events if e.occurred]
        folder.write("events.geojson", _dumps(events_geojson(events)))
        tally = result.tally()
        folder.write("places.geojson", _dumps(places_geojson(tally, events, shapes=shapes)))
        if "gpkg" in formats:
            folder.write_with("events.gpkg", _gpkg_writer(events, tally, shapes))
        if "csv" in formats:
            folder.write_with("events.csv", _csv_writer(events))
        if "parquet" in formats:
            folder.write_with("events.parquet", _parquet_writer(events))
        folder.write("map.html", render_map(result.events, title=title, shapes=shapes, cdn=cdn and not inline_assets))
        return folder.commit()
