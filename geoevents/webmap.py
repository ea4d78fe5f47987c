"""The interactive map: a folium/Leaflet page with a time window, filters, clusters and popups
that show the evidence.

Interface::

    write_map(events, path, *, title=None, shapes=None, cdn=False, ...) -> Path
    render_map(events, ...) -> str             # the HTML, for tests and callers that write it elsewhere
    map_payload(events, *, shapes=None) -> dict  # the compact data the page reads (pure)
    fold_told_twice(events, shapes=None) -> list[Event]  # a happening told at a country and a town: one
    build_vendor() / write_vendor()            # templates/vendor/ from the pinned npm packages

How the page is built, and why:

* The events are not GeoJSON features in the page. :func:`map_payload` turns them into columns
  (latitude, longitude, first and last day, type, country, fatalities, place, event ...) packed
  as typed arrays and deflate-compressed, plus lookup tables. The page decodes them once with the
  browser's ``DecompressionStream`` and filters them in a loop over typed arrays, so a slider
  step over 100,000 events costs milliseconds, and the HTML stays a fraction of the size of the
  equivalent GeoJSON. Binary data is written with :func:`encode7` (8/7 of its size; base64
  takes 4/3).
* The text of the popups is stored once: each event's record (summary, actors, dates ...) once
  per event, each article's link and date once per article, column-wise in chunks of
  :data:`DETAIL_CHUNK` records; and every distinct evidence sentence and article title once, in
  one sorted string table (:class:`_TextTable`, chunks of :data:`TEXT_CHUNK`). All of it comes
  after the page's code: the map is drawn while the browser still reads the text, and a chunk is
  decoded only when one of its popups opens. Chunks are raw deflate (``deflate-raw``), which the
  browser's ``DecompressionStream`` decodes natively.
* Points inside the time window are clustered with supercluster (npm) at the current zoom; the
  clusters follow the window because they are rebuilt from the rows the window selects. The
  events at one place are first summed into one weighted point, so clustering costs what the
  distinct places cost, not the events. Above :data:`GRID_THRESHOLD` distinct places in view a
  plain screen grid aggregates them instead (a density overview).
* Country- or region-precision locations are drawn as the region's shape when ``shapes`` gives
  one, else as a dashed circle: never as a pin in a precise-looking spot.
* Article text never goes through ``innerHTML``: the page builds popups with text nodes, and the
  embedded JSON escapes ``<``, ``>`` and ``&`` so no article can close the ``<script>`` element.
* Each PLOVER type, and each label of an OTHER event (``OTHER:disaster`` ...), has a colour and
  an outline shape (:data:`TYPE_STYLES`); an article's happening told only to a country and again
  at a town in it is drawn once (:func:`fold_told_twice`).
* Only events whose status is ``occurred`` are drawn as things that happened. Threats, plans,
  denials and hypotheticals that have a date and a place form a separate layer, off by default,
  each marker hollow and each popup flagged "not an event". ``background`` statements are left
  out. Events with no date (or no place) are listed in a panel with the reason.

Assets: the page holds everything it needs, so it works from a file with the network cut:
Leaflet, supercluster and a basemap of Natural Earth's 1:110m countries, shipped in
``geoevents/templates/vendor/`` (:func:`build_vendor` makes them from the npm packages pinned in
``package.json``; an installed package needs no npm). ``cdn=True`` links Leaflet and supercluster
from jsDelivr instead (a smaller page that needs the internet and says so when it has none). The
map's own JS/CSS live in ``geoevents/templates/``: search, permalink, download of what is shown,
density view, basemap switch, a range window, and a layout for phones.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import html
import json
import os
import re
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from geoevents import features
from geoevents.atomic import atomic_write
from geoevents.errors import ExportError
from geoevents.dates import day_span
from geoevents.model import Event, Location, Shapes, Source, outline
from geoevents.npm import node_modules_dir

__all__ = [
    "write_map",
    "render_map",
    "map_payload",
    "inline_assets",
    "asset_path",
    "encode7",
    "decode7",
    "node_modules_dir",
    "highlight_span",
    "type_style",
    "map_type",
    "TYPE_STYLES",
    "CDN_ASSETS",
    "DETAIL_CHUNK",
    "TEXT_CHUNK",
    "GRID_THRESHOLD",
    "inflate",
    "fold_told_twice",
]

#: records per compressed chunk of event and article records: a popup decodes one chunk (~1 ms)
DETAIL_CHUNK = 1000
#: strings per compressed chunk of the sorted text table (~120 KB of news sentences): larger
#: chunks compress no better (deflate sees 32 KB back), smaller ones lose a little
TEXT_CHUNK = 1000
#: above this many distinct places in view, a screen grid replaces supercluster (see module doc):
#: supercluster takes ~70 ms for 50,000 points in headless Chromium here, ~0.5 s for 200,000
GRID_THRESHOLD = 50_000

# -- assets --------------------------------------------------------------------------------------

LEAFLET_VERSION = "1.9.3"  # the version folium 0.20 links; package.json pins the same
SUPERCLUSTER_VERSION = "8.0.1"

#: every external asset the page links, CDN URL -> (npm package, file inside it). The browser
#: tests route exactly these URLs to node_modules and fail on any other request, so a new asset
#: cannot slip in without a pinned local copy.
CDN_ASSETS: dict[str, tuple[str, str]] = {
    f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js": ("leaflet", "dist/leaflet.js"),
    f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css": ("leaflet", "dist/leaflet.css"),
    f"https://cdn.jsdelivr.net/npm/supercluster@{SUPERCLUSTER_VERSION}/dist/supercluster.min.js":
        ("supercluster", "dist/supercluster.min.js"),
}
_JS = [u for u in CDN_ASSETS if u.endswith(".js")]
_CSS = [u for u in CDN_ASSETS if u.endswith(".css")]


def asset_path(url: str, node_modules: str | os.PathLike | None = None) -> Path | None:
    """The local file of a CDN asset the map links, or None when the URL is not one of them."""
    entry = CDN_ASSETS.get(url)
    if entry is None:
        return None
    package, inner = entry
    return node_modules_dir(node_modules) / package / inner


_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".jpg": "image/jpeg",
         ".woff": "font/woff", ".woff2": "font/woff2"}


def _inline_css(css: str, folder: Path) -> str:
    """Replace relative ``url(...)`` references of a stylesheet by data: URIs of the files."""
    def repl(m: re.Match) -> str:
        ref = m.group(2)
        if ref.startswith(("data:", "http:", "https:", "#")):
            return m.group(0)
        file = (folder / ref.split("?")[0].split("#")[0]).resolve()
        if not file.is_file():
            return m.group(0)
        mime = _MIME.get(file.suffix.lower(), "application/octet-stream")
        return f'url("data:{mime};base64,{base64.b64encode(file.read_bytes()).decode("ascii")}")'
    return _CSS_URL.sub(repl, css)


_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_LINK_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"\s*/>')


#: the files the page embeds, kept in ``geoevents/templates/vendor/`` so that an installed package
#: draws a map that works offline without npm: vendor file -> (npm package, file inside it).
#: :func:`build_vendor` makes them from the pinned npm packages; a test checks they match.
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "leaflet.js": ("leaflet", "dist/leaflet.js"),
    "leaflet.css": ("leaflet", "dist/leaflet.css"),
    "supercluster.min.js": ("supercluster", "dist/supercluster.min.js"),
    "world-110m.json": ("world-atlas", "countries-110m.json"),
}
#: the vendor file of each CDN asset
_VENDOR_OF = {url: name for url, entry in CDN_ASSETS.items() for name, v in VENDOR_FILES.items() if v == entry}
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


def _basemap_json(topology: dict) -> dict:
    """The basemap the page draws when it has no tiles: Natural Earth's 1:110m countries as
    world-atlas packs them (TopoJSON: land, coastlines and borders share their arcs), and a
    label point inside each country (the pole of inaccessibility of its largest part) with
    that part's area in square degrees, which decides from which zoom the name is shown."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.ops import polylabel

    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        # world-atlas is not cut at the antimeridian (d3 cuts as it projects): make longitudes
        # continuous, and close a ring that goes round the pole (Antarctica) through the pole,
        # as the page does when it draws them
        out = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        shift, fixed = 0.0, out[:1]
        for (x0, _), (x1, y1) in zip(out, out[1:]):
            if x1 - x0 > 180:
                shift -= 360
            elif x0 - x1 > 180:
                shift += 360
            fixed.append((x1 + shift, y1))
        if abs(fixed[-1][0] - fixed[0][0]) > 180:
            pole = -90.0 if fixed[0][1] < 0 else 90.0
            fixed += [(fixed[-1][0], pole), (fixed[0][0], pole), fixed[0]]
        return fixed

    labels = []
    for g in topology["objects"]["countries"]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g.get("arcs", [])
        parts = [Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polys if p]
        parts = [p if p.is_valid else p.buffer(0) for p in parts]
        parts = [q for p in parts for q in (p.geoms if isinstance(p, MultiPolygon) else [p]) if not q.is_empty]
        if not parts:
            continue
        big = max(parts, key=lambda q: q.area)
        point = polylabel(big, tolerance=0.1)
        labels.append([g.get("properties", {}).get("name", ""), round((point.x + 180) % 360 - 180, 2), round(point.y, 2),
                       round(big.area, 1)])
    return {"source": "Natural Earth 1:110m admin 0 countries, from world-atlas 2.0.2 (countries-110m.json)",
            "topology": topology, "labels": labels}


def build_vendor(node_modules: str | os.PathLike | None = None) -> dict[str, bytes]:
    """The content of every file in ``templates/vendor/`` (:data:`VENDOR_FILES`), made from the
    pinned npm packages: Leaflet's script without its source-map comment, its stylesheet with its
    images as data: URIs, supercluster as it is, and the basemap (:func:`_basemap_json`)."""
    modules = node_modules_dir(node_modules)
    out = {}
    for name, (package, inner) in VENDOR_FILES.items():
        file = modules / package / inner
        if name.endswith(".js"):
            out[name] = _SOURCE_MAP.sub("\n", file.read_text(encoding="utf-8")).encode("utf-8")
        elif name.endswith(".css"):
            out[name] = _inline_css(file.read_text(encoding="utf-8"), file.parent).encode("utf-8")
        else:
            basemap = _basemap_json(json.loads(file.read_text(encoding="utf-8")))
            out[name] = json.dumps(basemap, separators=(",", ":")).encode("utf-8")
    return out


def write_vendor(node_modules: str | os.PathLike | None = None) -> list[Path]:
    """Write :func:`build_vendor`'s files into ``geoevents/templates/vendor/`` (run after a change
    of the pinned versions: ``python -m geoevents.webmap``)."""
    folder = Path(__file__).resolve().parent / "templates" / "vendor"
    folder.mkdir(exist_ok=True)
    return [atomic_write(folder / name, data) for name, data in build_vendor(node_modules).items()]


@lru_cache(maxsize=None)
def _vendor_file(name: str) -> str:
    return resources.files("geoevents").joinpath("templates", "vendor", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _basemap_blob() -> bytes:
    # the page reads it like its other blobs: raw deflate, 7 bits a character
    data = json.loads(_vendor_file("world-110m.json"))
    return _deflate(_json_bytes({"topology": data["topology"], "labels": data["labels"]}))


def inline_assets(page: str, node_modules: str | os.PathLike | None = None) -> str:
    """Replace every ``<script src>`` and stylesheet ``<link>`` of a rendered page by the content of
    the file it names, from ``geoevents/templates/vendor/`` (``node_modules`` is not needed and
    ignored; kept for callers of the older signature). Raises ExportError for a linked asset the
    package does not ship."""
    def local(url: str) -> str:
        name = _VENDOR_OF.get(url)
        if name is None:
            raise ExportError(f"{url}: no local copy of this asset in geoevents/templates/vendor; "
                              "cannot write a self-contained map")
        return _vendor_file(name)

    def script(m: re.Match) -> str:
        # a literal "</script" inside the code would end the element early
        return "<script>" + local(m.group(1)).replace("</script", "<\\/script") + "</script>"

    def link(m: re.Match) -> str:
        return "<style>" + local(m.group(1)).replace("</style", "<\\/style") + "</style>"

    page = _SCRIPT_TAG.sub(lambda m: script(m), page)
    return _LINK_TAG.sub(lambda m: link(m), page)


@lru_cache(maxsize=None)
def _template_file(name: str) -> str:
    return resources.files("geoevents").joinpath("templates", name).read_text(encoding="utf-8")


# -- how event types look ------------------------------------------------------------------------

@dataclass(frozen=True)
class TypeStyle:
    label: str
    color: str
    #: the marker's outline, drawn by the page: circle, square, diamond, triangle, triangle-down,
    #: star, cross, hexagon, pentagon, hourglass
    shape: str
    #: the legend section it is listed under
    group: str = "Other happenings"


#: PLOVER event types and the kinds of OTHER events. Violence in reds with a star, protest and
#: coercion in warm colours, threats and verbal conflict as downward triangles, cooperation in
#: blues and greens as circles; each OTHER label its own colour and shape (pentagon: nature,
#: cross: harm, hourglass: institutions), so a type reads from the shape as well as the colour.
#: ``group`` heads the legend section a type is listed in.
TYPE_STYLES: dict[str, TypeStyle] = {
    "ASSAULT": TypeStyle("Assault (strikes, attacks, killings)", "#d7191c", "star", "Violence and coercion"),
    "FIGHT": TypeStyle("Fighting", "#a50f15", "cross", "Violence and coercion"),
    "COERCE": TypeStyle("Coercion (arrests, raids, curfews)", "#7b3294", "square", "Violence and coercion"),
    "PROTEST": TypeStyle("Protest or riot", "#f28e2b", "triangle", "Violence and coercion"),
    "MOBILIZE": TypeStyle("Mobilization (troops, alerts)", "#8c510a", "diamond", "Violence and coercion"),
    "SANCTION": TypeStyle("Sanction", "#bf812d", "hexagon", "Violence and coercion"),
    "THREATEN": TypeStyle("Threat", "#c51b7d", "triangle-down", "Words and demands"),
    "DEMAND": TypeStyle("Demand", "#de77ae", "triangle-down", "Words and demands"),
    "DISAPPROVE": TypeStyle("Disapproval, condemnation", "#e7298a", "triangle-down", "Words and demands"),
    "REJECT": TypeStyle("Rejection", "#ae017e", "triangle-down", "Words and demands"),
    "ACCUSE": TypeStyle("Accusation", "#dd3497", "triangle-down", "Words and demands"),
    "REQUEST": TypeStyle("Request", "#9e9ac8", "triangle-down", "Words and demands"),
    # PLOVER 2021 has no statement type: a statement is OTHER labelled statement, drawn apart
    "OTHER:statement": TypeStyle("Statement (announcements, speeches)", "#4d4d4d", "circle", "Words and demands"),
    "CONSULT": TypeStyle("Consultation, meeting", "#4393c3", "circle", "Cooperation"),
    "AGREE": TypeStyle("Agreement", "#2166ac", "circle", "Cooperation"),
    "SUPPORT": TypeStyle("Support", "#5aae61", "circle", "Cooperation"),
    "COOPERATE": TypeStyle("Cooperation", "#1b7837", "square", "Cooperation"),
    "AID": TypeStyle("Aid", "#35978f", "diamond", "Cooperation"),
    "CONCEDE": TypeStyle("Concession", "#80cdc1", "diamond", "Cooperation"),
    "RETREAT": TypeStyle("Retreat, withdrawal", "#01665e", "hexagon", "Cooperation"),
    "OTHER:disaster": TypeStyle("Disaster (earthquakes, floods, fires)", "#8c2d04", "pentagon", "Other happenings"),
    "OTHER:weather": TypeStyle("Weather (storms, heat, drought)", "#2b8cbe", "pentagon", "Other happenings"),
    "OTHER:science": TypeStyle("Science, space", "#7fbc41", "pentagon", "Other happenings"),
    "OTHER:sport": TypeStyle("Sport", "#f768a1", "pentagon", "Other happenings"),
    "OTHER:accident": TypeStyle("Accident (crashes, blasts, spills)", "#e6550d", "cross", "Other happenings"),
    "OTHER:disease": TypeStyle("Disease, outbreak", "#41ab5d", "cross", "Other happenings"),
    "OTHER:death": TypeStyle("Death", "#252525", "cross", "Other happenings"),
    "OTHER:election": TypeStyle("Election", "#6a51a3", "hourglass", "Other happenings"),
    "OTHER:legal": TypeStyle("Legal (courts, rulings, trials)", "#993404", "hourglass", "Other happenings"),
    "OTHER:politics": TypeStyle("Politics (laws, appointments)", "#1d91c0", "hourglass", "Other happenings"),
    "OTHER:economic": TypeStyle("Economy (markets, prices, jobs)", "#c9a100", "diamond", "Other happenings"),
    "OTHER:other": TypeStyle("Other", "#969696", "cross", "Other happenings"),
    "OTHER": TypeStyle("Other", "#969696", "cross", "Other happenings"),
}
_FALLBACK_COLORS = ["#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3"]


def map_type(event: Event) -> str:
    """The code an event is drawn and filtered under: its PLOVER type, and for an OTHER event
    ``OTHER:<label>`` (``OTHER:statement``, ``OTHER:disaster`` ...), each label with a colour,
    shape and legend entry of its own."""
    return f"OTHER:{event.label}" if event.type == "OTHER" and event.label else event.type


def type_style(code: str) -> TypeStyle:
    """The style of an event type; an unknown type gets a stable colour of its own and a circle."""
    if code in TYPE_STYLES:
        return TYPE_STYLES[code]
    color = _FALLBACK_COLORS[sum(map(ord, code)) % len(_FALLBACK_COLORS)]
    name = code.split(":", 1)[-1]
    return TypeStyle(name.capitalize() or "Unknown", color, "circle")


# -- the payload: events -> compact columns and tables (pure) ------------------------------------

_STATUS_ORDER = ["occurred", "threatened", "planned", "demanded", "hypothetical", "alleged", "negated"]
_PRECISION_WORDS = {1: "exact place", 2: "near or part of a town", 3: "region or country"}


def highlight_span(source: Source, place_text: str | None = None) -> tuple[int, int] | None:
    """Where the place that located the event lies inside the evidence sentence, as offsets into
    ``source.sentence`` (end-exclusive), or None when it cannot be placed.

    Uses the source's own toponym offsets (article offsets) when they fall inside the sentence;
    else the first case-insensitive occurrence of ``place_text`` in the sentence.
    """
    s = source.sentence or ""
    if source.place_start is not None and source.place_end is not None:
        a, b = source.place_start - source.start, source.place_end - source.start
        if 0 <= a < b <= len(s):
            return a, b
    if place_text:
        i = s.lower().find(place_text.lower())
        if i >= 0:
            return i, i + len(place_text)
    return None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _country_name(code: str | None) -> str:
    if not code:
        return "Unknown country"
    try:
        import pycountry
        c = pycountry.countries.get(alpha_2=code.upper())
        if c is not None:
            return getattr(c, "common_name", None) or c.name
    except (ImportError, LookupError, KeyError):
        pass
    return code.upper()


def _json_bytes(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _deflate(data: bytes, level: int = 9) -> bytes:
    """Raw deflate (no gzip or zlib header: 18 bytes a chunk fewer), as the page's
    ``DecompressionStream("deflate-raw")`` reads it."""
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
    return c.compress(data) + c.flush()


def inflate(data: bytes) -> bytes:
    """The bytes :func:`_deflate` compressed (for tests and tools; the page has its own)."""
    return zlib.decompress(data, -15)


#: 7-bit values that cannot stand for themselves in an HTML <script> element's text: NUL (the
#: parser replaces it), CR (normalised to LF) and "<" (could start "</script")
_B7_ILLEGAL = (0x00, 0x0D, 0x3C)


def encode7(data: bytes) -> str:
    """Binary data as text for an HTML page, 8/7 the size (base64 is 4/3).

    The bits are cut into 7-bit groups, each written as the ASCII character of that value. A
    group that may not appear in a ``<script>`` element's text (:data:`_B7_ILLEGAL`) is written
    together with the next group as one two-byte UTF-8 character: ``((k + 1) << 7) | next`` for
    the k-th illegal value, or ``(k + 4) << 7`` when it is the last group. (The idea of base-122.)
    The page's ``decode7`` reverses it; the byte count is stored beside the text.
    """
    import numpy as np

    if not data:
        return ""
    bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8))
    bits = np.concatenate([bits, np.zeros((-len(bits)) % 7, dtype=np.uint8)])
    groups = (bits.reshape(-1, 7) * np.array([64, 32, 16, 8, 4, 2, 1], dtype=np.uint8)).sum(axis=1, dtype=np.uint16)
    del bits
    codes = groups.copy()
    keep = np.ones(len(groups), dtype=bool)
    which = {v: k for k, v in enumerate(_B7_ILLEGAL)}
    consumed = -1
    # a sequential pass, but only over the ~2% of groups that are illegal
    for i in np.flatnonzero(np.isin(groups, _B7_ILLEGAL)).tolist():
        if i == consumed:
            continue
        k = which[int(groups[i])]
        if i + 1 < len(groups):
            codes[i] = ((k + 1) << 7) | int(groups[i + 1])
            keep[i + 1] = False
            consumed = i + 1
        else:
            codes[i] = (k + 4) << 7
    return codes[keep].astype("<u2").tobytes().decode("utf-16-le")


def decode7(text: str, size: int) -> bytes:
    """The ``size`` bytes :func:`encode7` wrote as ``text`` (for tests and tools; the page has its own)."""
    out, acc, nbits = bytearray(), 0, 0
    for ch in text:
        c = ord(ch)
        groups = (c,) if c < 0x80 else ((_B7_ILLEGAL[(c >> 7) - 1], c & 0x7F) if c >> 7 <= 3
                                          else (_B7_ILLEGAL[(c >> 7) - 4],))
        for g in groups:
            acc = (acc << 7) | g
            nbits += 7
            if nbits >= 8:
                out.append((acc >> (nbits - 8)) & 0xFF)
                nbits -= 8
                acc &= (1 << nbits) - 1
    return bytes(out[:size])


class _ChunkWriter:
    """Records gathered into compressed chunks of ``size`` records, written as soon as one is
    full so a million events never sit in memory as JSON. A chunk is column-wise (a list per
    field): like values side by side compress better."""

    def __init__(self, size: int):
        self.size = size
        self.chunks: list[bytes] = []
        self._pending: list[tuple] = []
        self.count = 0

    def add(self, record: tuple) -> int:
        self._pending.append(record)
        self.count += 1
        if len(self._pending) == self.size:
            self._flush()
        return self.count - 1

    def _flush(self) -> None:
        if self._pending:
            self.chunks.append(_deflate(_json_bytes([list(col) for col in zip(*self._pending)])))
            self._pending = []

    def close(self) -> list[bytes]:
        self._flush()
        return self.chunks


_KINDS = {"f": "Float32", "i": "Int32", "I": "Uint32", "H": "Uint16", "B": "Uint8"}


def _pack_columns(cols: Mapping[str, array], delta: Sequence[str] = ()) -> tuple[bytes, list[list]]:
    """Typed columns as one binary blob and its layout [[name, kind, offset, delta], ...].

    A column in ``delta`` is stored as the differences between successive values (sorted days
    and event numbers become runs of 0 and 1). Wider columns are stored byte-planar, the low
    bytes of every value, then the next bytes ...: the high bytes of small numbers are runs of
    zeros deflate then squeezes to nothing. The page's ``toColumns`` undoes both. Little-endian,
    as the browser's typed arrays are everywhere it runs.
    """
    import numpy as np

    blob, layout = bytearray(), []
    for name, col in cols.items():
        values = np.frombuffer(col.tobytes(), dtype=np.dtype(col.typecode).newbyteorder("="))
        if name in delta and len(values):
            values = np.diff(values.astype(np.int64), prepend=0).astype(values.dtype)
        planes = values.astype(values.dtype.newbyteorder("<")).view(np.uint8).reshape(-1, col.itemsize)
        layout.append([name, _KINDS[col.typecode], len(blob), name in delta])
        blob += planes.T.tobytes()
    return bytes(blob), layout


def _round_coords(coords, digits: int):
    if coords and isinstance(coords[0], (int, float)):
        return [round(c, digits) for c in coords]
    return [_round_coords(c, digits) for c in coords]


class _TextTable:
    """Every distinct evidence sentence and article title of a map, stored once, in sorted order.

    ``add`` every string first, then ``close`` numbers them and compresses the table; ``id`` gives
    a string's number (-1 for None). Sorting puts strings that open alike side by side: a sentence
    several outlets printed with a word changed, or a title that repeats the start of a sentence,
    then lies inside deflate's 32 KB window next to its twin and costs a few bytes, not its length.
    """

    def __init__(self, size: int = TEXT_CHUNK):
        self.size = size
        self._ids: dict[str, int] = {}

    def add(self, text: str | None) -> None:
        if text is not None:
            self._ids.setdefault(text, -1)

    def close(self) -> list[bytes]:
        ordered = sorted(self._ids)
        for k, text in enumerate(ordered):
            self._ids[text] = k
        return [_deflate(_json_bytes(ordered[i:i + self.size])) for i in range(0, len(ordered), self.size)]

    def id(self, text: str | None) -> int:
        return -1 if text is None else self._ids[text]

    def __len__(self) -> int:
        return len(self._ids)


class _Tables:
    """The lookup tables rows and events point into, filled in order of first use."""

    def __init__(self, shapes: Shapes | None, texts: _TextTable):
        self.shapes_source = shapes
        self.texts = texts
        self.types: dict[str, int] = {}
        self.countries: dict[str, int] = {}
        self.places: dict[tuple, int] = {}
        self.place_rows: list[list] = []
        self.shape_list: list[dict] = []
        self.shape_index: dict[str, int] = {}
        self.docs: dict[str, int] = {}
        self.doc_chunks = _ChunkWriter(DETAIL_CHUNK)

    @staticmethod
    def index(table: dict, key) -> int:
        if key not in table:
            table[key] = len(table)
        return table[key]

    def place(self, loc: Location) -> int:
        c = loc.place.candidate
        key = (c.id, c.name)
        if key not in self.places:
            shape_i = -1
            if loc.precision >= 3 or c.is_region:
                shape = outline(self.shapes_source, c.id)
                if shape is not None:
                    if c.id not in self.shape_index:
                        self.shape_index[c.id] = len(self.shape_list)
                        self.shape_list.append({"type": shape["type"],
                                                "coordinates": _round_coords(shape["coordinates"], 4)})
                    shape_i = self.shape_index[c.id]
            radius = features.radius_km(c.feature_code, c.is_region)
            self.places[key] = len(self.place_rows)
            self.place_rows.append([c.name, self.index(self.countries, c.country or ""), c.feature_code, shape_i,
                                    radius, round(c.lat, 5), round(c.lon, 5), c.id])
        return self.places[key]

    def doc(self, source: Source) -> int:
        # an article's title, link and date are stored once, however many events it tells
        if source.doc not in self.docs:
            self.docs[source.doc] = self.doc_chunks.add((source.doc, self.texts.id(source.title), source.url,
                                                         _iso(source.published)))
        return self.docs[source.doc]


def _event_record(event: Event, tables: _Tables, located: Sequence[Location]) -> tuple:
    """Everything a popup shows that the columns do not, for one event: the fields in the order
    the page reads them (its ``eventRecord()``). Each source is [article, sentence, highlight
    start, highlight length, start, length]: the article and the sentence as numbers into the
    article records and the text table; lengths rather than ends, as small numbers compress
    better (no highlight: -1, 0)."""
    place_text = located[0].place.mention.text if located else None
    sources = []
    for s in event.sources:
        hl = highlight_span(s, place_text)
        sources.append([tables.doc(s), tables.texts.id(s.sentence), hl[0] if hl else -1, hl[1] - hl[0] if hl else 0,
                        s.start, s.end - s.start])
    return (event.id, event.summary, event.mode, event.label, _iso(event.date), event.time_precision,
            event.date_reason, list(event.actors), list(event.targets), event.injuries, sources,
            [[tables.place(loc), loc.precision, loc.reason, loc.inferred] for loc in located],
            _iso(event.earliest), _iso(event.latest), event.status, event.date_inferred, event.fatalities)


def _add_texts(texts: _TextTable, event: Event) -> None:
    for s in event.sources:
        texts.add(s.sentence)
        texts.add(s.title)


def _region_only(event: Event) -> bool:
    located = [loc for loc in event.locations if loc.place.candidate is not None]
    return bool(located) and all(loc.precision >= 3 and loc.place.candidate.is_region for loc in located)


def _inside(region: Location, point: Location, shapes: Shapes | None) -> bool:
    """Whether ``point`` lies in ``region``: a country holds its places; another region holds a
    point its outline (from ``shapes``) contains."""
    r, p = region.place.candidate, point.place.candidate
    if r.is_country:
        return bool(r.country) and r.country == p.country
    shape = outline(shapes, r.id)
    if shape is None or r.country != p.country:
        return False
    from shapely.geometry import Point, shape as to_shape
    try:
        return to_shape(shape).contains(Point(p.lon, p.lat))
    except (ValueError, TypeError, AttributeError):
        return False


def fold_told_twice(events: Iterable[Event], shapes: Shapes | None = None) -> list[Event]:
    """One happening an article tells twice, once only to a country or region ("an earthquake
    struck Turkey and Syria") and once at a place inside it ("centred near Pazarcik", perhaps
    with the toll), becomes one event for the map: the one at the place, with the other's sources,
    its regions that hold none of its places (Syria stays shaded, Turkey does not), and the higher
    tolls. Both must have happened, be of one map type (:func:`map_type`), share an article and
    overlap in time. Everything else passes unchanged, in order."""
    events = list(events)
    by_key: dict[tuple[str, str], list[int]] = {}
    for k, e in enumerate(events):
        if e.occurred and day_span(e) is not None and not _region_only(e):
            for doc in {s.doc for s in e.sources}:
                by_key.setdefault((map_type(e), doc), []).append(k)
    absorbed: dict[int, list[Event]] = {}
    gone: set[int] = set()
    for k, e in enumerate(events):
        if not (e.occurred and _region_only(e)):
            continue
        span = day_span(e)
        if span is None:
            continue
        regions = [loc for loc in e.locations if loc.place.candidate is not None]
        for doc in dict.fromkeys(s.doc for s in e.sources):
            target = None
            for j in by_key.get((map_type(e), doc), ()):
                other = day_span(events[j])
                if other[0] > span[1] or other[1] < span[0]:
                    continue
                points = [loc for loc in events[j].locations if loc.place.candidate is not None]
                if any(_inside(r, p, shapes) for r in regions for p in points):
                    target = j
                    break
            if target is not None:
                absorbed.setdefault(target, []).append(e)
                gone.add(k)
                break
    if not gone:
        return events
    out = []
    for k, e in enumerate(events):
        if k in gone:
            continue
        for region_event in absorbed.get(k, ()):
            e = _fold(e, region_event, shapes)
        out.append(e)
    return out


def _fold(event: Event, region_event: Event, shapes: Shapes | None) -> Event:
    points = [loc for loc in event.locations if loc.place.candidate is not None]
    kept = tuple(loc for loc in region_event.locations if loc.place.candidate is not None
                 and not any(_inside(loc, p, shapes) for p in points))
    seen = {(s.doc, s.start, s.end) for s in event.sources}
    sources = event.sources + tuple(s for s in region_event.sources if (s.doc, s.start, s.end) not in seen)

    def most(a: int | None, b: int | None) -> int | None:
        return b if a is None else a if b is None else max(a, b)
    return dataclasses.replace(
        event, locations=event.locations + kept, sources=sources,
        fatalities=most(event.fatalities, region_event.fatalities),
        injuries=most(event.injuries, region_event.injuries),
        actors=tuple(dict.fromkeys(event.actors + region_event.actors)),
        targets=tuple(dict.fromkeys(event.targets + region_event.targets)))


def map_payload(events: Iterable[Event], *, shapes: Shapes | None = None, title: str | None = None) -> dict:
    """The data the page reads (pure): columns of the rows drawn on the map, lookup tables, the
    compressed popup text (event records, article records, the text table), and the events that
    cannot be drawn (no date, no place) with the reason.

    One row per located place of an event (an event in two towns is two rows, one event record).
    Rows are sorted by first day so the page can bound its scan of a time window. The popup text
    (``details``) goes in separate elements after the page's code (see :func:`render_map`).
    """
    texts = _TextTable()
    tables = _Tables(shapes, texts)
    rows: list[tuple] = []  # (first, last, type, fatalities, precision, status, place, event)
    unplaced_events: list[tuple[Event, list[Location], str]] = []
    left_out = {"background": 0, "not_events_without_date_or_place": 0}

    for event in fold_told_twice(events, shapes):
        if event.status == "background":
            left_out["background"] += 1
            continue
        located = [loc for loc in event.locations if loc.place.candidate is not None]
        span = day_span(event)
        if span is None or not located:
            if not event.occurred:
                left_out["not_events_without_date_or_place"] += 1
                continue
            why = []
            if span is None:
                why.append(event.date_reason or "the text gives no date for it")
            if not located:
                why.append("no place in the text could be located")
            unplaced_events.append((event, located, "; ".join(why)))
            _add_texts(texts, event)
            continue
        _add_texts(texts, event)
        status = _STATUS_ORDER.index(event.status) if event.status in _STATUS_ORDER else 1
        type_i = tables.index(tables.types, map_type(event))
        fatalities = -1 if event.fatalities is None else max(0, int(event.fatalities))
        for loc in located:
            rows.append((span[0], span[1], type_i, fatalities, int(loc.precision), status, tables.place(loc), event))

    text_chunks = texts.close()
    rows.sort(key=lambda r: (r[0], r[1], r[6]))
    # events numbered in the order their first row appears, so a time window's popups share chunks
    event_index: dict[int, int] = {}
    records = _ChunkWriter(DETAIL_CHUNK)
    for r in rows:
        e = r[7]
        if id(e) not in event_index:
            event_index[id(e)] = records.add(_event_record(e, tables, [loc for loc in e.locations
                                                                        if loc.place.candidate]))
    unplaced = []
    for event, located, why in unplaced_events:
        unplaced.append({"type": map_type(event), "place": tables.place(located[0]) if located else -1, "why": why,
                         "detail": list(_event_record(event, tables, located))})
    for event, _, _ in unplaced_events:
        tables.index(tables.types, map_type(event))

    origin = rows[0][0] if rows else None
    n_days = ((max(r[1] for r in rows) - origin).days + 1) if rows else 0
    # a row's latitude, longitude and country are its place's: the page copies them from the
    # places table rather than reading 10 bytes a row
    cols = {
        "start": array("i", ((r[0] - origin).days for r in rows)),
        "end": array("i", ((r[1] - origin).days for r in rows)),
        "fatalities": array("i", (r[3] for r in rows)),
        "place": array("I", (r[6] for r in rows)),
        "event": array("I", (event_index[id(r[7])] for r in rows)),
        "type": array("B", (r[2] for r in rows)),
        "precision": array("B", (r[4] for r in rows)),
        "status": array("B", (r[5] for r in rows)),
    }
    if len(tables.types) > 255 or len(tables.countries) > 65535:
        raise ExportError("too many distinct event types or countries for the map's columns")
    blob, layout = _pack_columns(cols, delta=("start", "event"))
    type_table = []
    for code in tables.types:
        s = type_style(code)
        type_table.append([code, s.label, s.color, s.shape, s.group])
    lookup = {
        "types": type_table,
        "countries": [[code, _country_name(code)] for code in tables.countries],
        "places": tables.place_rows,
        "shapes": tables.shape_list,
        "statuses": _STATUS_ORDER,
        "precisions": _PRECISION_WORDS,
    }
    return {
        "version": 4,
        "title": title,
        "origin": _iso(origin),
        "days": n_days,
        "n": len(rows),
        "maxSpan": max(((r[1] - r[0]).days for r in rows), default=0),
        "layout": layout,
        "counts": {"events": records.count, "unplaced": len(unplaced), "texts": len(texts), **left_out},
        "gridThreshold": GRID_THRESHOLD,
        "chunk": DETAIL_CHUNK,
        "textChunk": TEXT_CHUNK,
        # raw-deflate blobs: written into the page by render_map
        "blobs": {
            "columns": _deflate(blob),
            "tables": _deflate(_json_bytes(lookup)),
            "unplaced": _deflate(_json_bytes(unplaced)),
        },
        "details": {"events": records.close(), "docs": tables.doc_chunks.close(), "texts": text_chunks},
        "credits": ['Places: <a href="https://www.geonames.org/">GeoNames</a> '
                    '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>)']
                   + (['Country outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a>']
                      if tables.shape_list else []),
    }


# -- the page ------------------------------------------------------------------------------------

def _script_json(obj) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` in the text,
    so no article can close the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _Raw(Element):
    """Text put into the page as it is. branca's Element treats its text as a Jinja template,
    which would evaluate any "{{ ... }}" in a title or the data: never give it data."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _EventMap(folium.Map):
    """folium's Map with only the assets this page uses (Leaflet), not jQuery, Bootstrap and
    Font Awesome: fewer requests, and fewer files to pin for ``inline_assets``."""

    default_js = [("leaflet", _JS[0])]
    default_css = [("leaflet_css", _CSS[0])]


class EventLayer(MacroElement):
    """The events of a map: the embedded payload and the page code that draws it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.code }}
            geoevents.init({{ this._parent.get_name() }}, document.getElementById({{ this.data_id|tojson }}));
        {% endmacro %}
    """)

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "EventLayer"
        self.payload = payload
        self.data_id = f"geoevents-data-{self._id}"
        self.code = _template_file("eventmap.js")

    def render(self, **kwargs):
        figure = self.get_root()
        for url in _JS[1:]:
            figure.header.add_child(folium.JavascriptLink(url), name=url.rsplit("/", 1)[-1])
        figure.header.add_child(_Raw("<style>" + _template_file("eventmap.css") + "</style>"),
                                name="geoevents_css")
        blobs = dict(self.payload["blobs"], basemap=_basemap_blob())
        head = {k: v for k, v in self.payload.items() if k not in ("blobs", "details")}
        head["prefix"] = self.data_id
        head["sizes"] = {name: len(b) for name, b in blobs.items()}
        head["details"] = {kind: [len(b) for b in chunks] for kind, chunks in self.payload["details"].items()}
        figure.html.add_child(_Raw(f'<script type="application/json" id="{self.data_id}">'
                                      f"{_script_json(head)}</script>\n"
                                      + "".join(self._blob(name, b) for name, b in blobs.items())),
                              name="geoevents_data")
        super().render(**kwargs)

    def _blob(self, name: str, data: bytes) -> str:
        # encode7 text holds no "<", NUL or CR: nothing in it can end the element
        return f'<script type="application/octet-stream" id="{self.data_id}-{name}">{encode7(data)}</script>\n'

    def detail_elements(self) -> str:
        """The compressed popup text, one element per chunk."""
        return "".join(self._blob(f"{kind}-{k}", chunk)
                       for kind in ("events", "docs", "texts") for k, chunk in enumerate(self.payload["details"][kind]))


#: shown when the page's scripts did not load (a --cdn map opened offline): never a blank page
_NO_SCRIPTS = """<script>window.addEventListener("DOMContentLoaded", function () {
  if (window.L && window.Supercluster) { return; }
  var box = document.createElement("div");
  box.className = "ge-error"; box.setAttribute("role", "alert");
  box.textContent = "The map cannot start: its scripts (Leaflet and supercluster) did not load. This page " +
    "links them from the internet (it was written with --cdn): open it online, or write the map without " +
    "--cdn, which puts them in the page.";
  document.body.appendChild(box);
});</script>"""


def _number_elements(root: Element) -> None:
    """Give every element of the page an id from its place in the tree instead of branca's
    random one, so the same events give the same page, byte for byte."""
    stack, n = [root], 0
    while stack:
        element = stack.pop(0)
        element._id = hashlib.sha1(f"geoevents-{n}".encode("ascii")).hexdigest()[:32]
        n += 1
        stack.extend(getattr(element, "_children", {}).values())


def render_map(events: Iterable[Event], *, title: str | None = None, shapes: Shapes | None = None,
               cdn: bool = False, tiles: str | None = "OpenStreetMap", inline: bool | None = None,
               node_modules: str | os.PathLike | None = None) -> str:
    """The map page as HTML text.

    Every script, stylesheet and the basemap are in the page (from ``geoevents/templates/vendor/``),
    so it works from a file with no network. ``cdn=True`` links Leaflet and supercluster from
    jsDelivr instead (a page ~170 KB smaller that needs the internet; the basemap stays in it).
    ``inline`` and ``node_modules`` are accepted for older callers: a page is now self-contained
    unless ``cdn`` says otherwise.

    The popup text comes last in the page, after the code that draws the map: the browser draws
    the events while it is still reading the text of a large map.
    """
    payload = map_payload(events, shapes=shapes, title=title)
    m = _EventMap(location=[20, 0], zoom_start=2, tiles=tiles, prefer_canvas=True, control_scale=True,
                  world_copy_jump=True)
    root = m.get_root()
    root.header.add_child(_Raw(f"<title>{html.escape(title or 'geoevents map')}</title>"), name="title")
    root.header.add_child(_Raw('<meta name="generator" content="geoevents">'), name="generator")
    root.header.add_child(_Raw(_NO_SCRIPTS), name="geoevents_no_scripts")
    layer = EventLayer(payload)
    layer.add_to(m)
    _number_elements(root)
    layer.data_id = f"geoevents-data-{layer._id}"
    page = root.render()
    # folium closes <body> before its <script>; keep the script and the text after it inside the body
    tail = "</body>\n<script>"
    if page.count(tail) != 1 or not page.rstrip().endswith("</html>"):
        raise ExportError("unexpected page layout from folium: cannot place the popup text")
    page = page.replace(tail, "<script>", 1)
    page = page.rstrip()[:-len("</html>")] + layer.detail_elements() + "</body>\n</html>\n"
    return page if cdn else inline_assets(page)


def write_map(events: Iterable[Event], path: str | os.PathLike, *, title: str | None = None,
              shapes: Shapes | None = None, cdn: bool = False, inline_assets: bool | None = None,
              node_modules: str | os.PathLike | None = None, tiles: str | None = "OpenStreetMap") -> Path:
    """Write the map page to ``path`` (atomically) and return the path.

    ``events``: every event of the run; the page decides what is drawn (see the module doc).
    ``shapes``: region outlines by candidate id (a mapping, or a callable such as
    ``Gazetteer.shape``) for country/region-precision places. The page is self-contained
    unless ``cdn`` (see :func:`render_map`); ``inline_assets`` is accepted for older callers.
    """
    page = render_map(events, title=title, shapes=shapes, cdn=cdn and not inline_assets, tiles=tiles)
    return atomic_write(path, page)


if __name__ == "__main__":  # python -m geoevents.webmap: rebuild templates/vendor from node_modules
    for written in write_vendor():
        print(written)
