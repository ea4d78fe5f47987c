"""Exports: events.geojson (RFC 7946), places JSONL, time expressions JSONL.

Every file is written atomically: to a temporary file in the same folder, then renamed over the
target, so a reader never sees half a file and a failed run leaves the previous output intact.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from geoevents.errors import ExportError
from geoevents.model import Document, Event, Place, Result, TimeExpr, lonlat

__all__ = [
    "atomic_write",
    "write_jsonl",
    "place_record",
    "places_records",
    "timex_records",
    "event_features",
    "events_geojson",
    "write_outputs",
]


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot be written ({e.strerror or e})") from e
    return path


def write_jsonl(records: Iterable[dict], path: str | os.PathLike) -> None:
    """One JSON object a line, to a file (atomically) or to stdout when ``path`` is ``-``."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if str(path) == "-":
        sys.stdout.write(lines)
        sys.stdout.flush()
    else:
        atomic_write(path, lines)


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
        "source": c.source if c else None,
        "score": round(place.score, 4),
        "id": c.id if c else None,
        "label": m.label,
        "reason": place.reason,
    }


def places_records(documents: Sequence[Document], places: Mapping[str, Sequence[Place]]) -> Iterable[dict]:
    for d in documents:
        yield {"id": d.id, "places": [place_record(p) for p in places.get(d.id, ())]}


def timex_records(documents: Sequence[Document], timexes: Iterable[Sequence[TimeExpr]]) -> Iterable[dict]:
    for d, found in zip(documents, timexes):
        yield {"id": d.id, "timex": [{"start": t.start, "end": t.end, "text": t.text, "type": t.type,
                                      "value": t.value} for t in found]}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def event_features(event: Event) -> list[dict]:
    """GeoJSON Features of one event: one Point per location (an event in two countries has two
    points, both carrying the whole event); none for an event with no location."""
    features = []
    for i, loc in enumerate(event.locations):
        c = loc.place.candidate
        if c is None:
            continue
        props = {
            "id": event.id if len(event.locations) == 1 else f"{event.id}-{i + 1}",
            "event_id": event.id,
            "date": _iso(event.date),
            "time_precision": event.time_precision,
            "date_reason": event.date_reason,
            "earliest": _iso(event.earliest),
            "latest": _iso(event.latest),
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
            "actors": list(event.actors),
            "targets": list(event.targets),
            "fatalities": event.fatalities,
            "injuries": event.injuries,
            "summary": event.summary,
            "trigger": event.trigger,
            "acled_event_type": event.acled[0] if event.acled else None,
            "acled_sub_event_type": event.acled[1] if event.acled else None,
            "sources": [
                {"doc": s.doc, "sentence": s.sentence, "start": s.start, "end": s.end, "title": s.title,
                 "url": s.url, "published": _iso(s.published)}
                for s in event.sources
            ],
        }
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": lonlat(c.lat, c.lon)},
                         "properties": props})
    return features


def events_geojson(events: Iterable[Event]) -> dict:
    """An RFC 7946 FeatureCollection of the events (WGS84, ``[lon, lat]``, no ``crs`` member)."""
    features = [f for e in events for f in event_features(e)]
    return {"type": "FeatureCollection", "features": features}


def write_outputs(result: Result, output_dir: str | os.PathLike, *, title: str | None = None,
                  shapes=None, inline_assets: bool = False) -> list[Path]:
    """Write ``events.geojson`` and ``map.html`` into ``output_dir``; return the paths written.

    ``events.geojson`` holds the events that happened (status ``occurred``); the map gets every
    event and shows threats and plans only in its separate, flagged layer (see webmap).
    ``shapes``: region outlines by candidate id (mapping or callable, e.g. ``Gazetteer.shape``).
    """
    from geoevents.webmap import write_map

    out = Path(output_dir)
    events = [e for e in result.events if e.occurred]
    geojson = atomic_write(out / "events.geojson", json.dumps(events_geojson(events), ensure_ascii=False))
    html = write_map(result.events, out / "map.html", title=title, shapes=shapes, inline_assets=inline_assets)
    return [geojson, html]
