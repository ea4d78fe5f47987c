"""The Nominatim fallback, for names the local gazetteer lacks. The only module that imports
``geopy.geocoders``.

    geocoder = NominatimGeocoder(settings)            # ConfigurationError for a bad URL or agent
    geocoder.geocode("Skjolden", country_codes=["no"]) -> Candidate | None
    geocoder.answers()   -> [(query, Candidate)]      what Nominatim answered this run (for --learn)
    geocoder.problems()  -> [Problem]                 names left unresolved, said once, at the end

``geocode`` returns None when Nominatim knows no such place, and raises a
:class:`~geoevents.errors.GeocoderError` subclass when asking failed; the caller leaves that
place unresolved and goes on.

Policy (Nominatim's usage policy: at most one request a second, an identifying User-Agent,
cache the results):

* **No User-Agent, no requests.** Without ``--user-agent`` / ``GEOEVENTS_USER_AGENT`` the
  default run never touches the network: ``geocode`` answers from the cache or returns None,
  and :meth:`NominatimGeocoder.problems` says once which names stayed unresolved and how to turn
  the fallback on. An empty agent and geopy's sample agents are refused (ConfigurationError).
* **Throttled.** geopy's ``RateLimiter`` keeps ``nominatim_min_delay`` seconds (1 by default;
  less is refused for the public server) between requests. A 429 is retried twice after waiting
  what its Retry-After says (5 s when it says nothing); a Retry-After over 30 s is not waited out.
* **Circuit breaker.** After the server proves unreachable (connection refused, timeout),
  refuses us (401/403/404), or is still rate-limiting after the retries, it is not asked again
  this run: one warning, then later names are skipped and listed once in ``problems()``. A
  server error (5xx) or a reply that is not Nominatim's JSON fails only its own name, unless it
  happens three times in a row.
* **Cache.** Answers and misses are kept in ``<cache_dir>/nominatim.sqlite``, keyed on the query
  (case-folded, spaces collapsed), the country codes and the server. Answers are kept for good;
  misses expire after ``nominatim_miss_days`` (30 by default) since OSM keeps growing. Failures
  are never cached. A cache hit sends no request, even without a User-Agent.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import re
import socket
import sqlite3
import threading
import time
import unicodedata
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.error import URLError
from urllib.parse import urlsplit

import geopy.exc
from geopy.adapters import AdapterHTTPError, URLLibAdapter, _normalize_proxies
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from geoevents.config import Settings
from geoevents.errors import (ConfigurationError, GeocoderBadResponse, GeocoderError, GeocoderRateLimited,
                              GeocoderRefused, GeocoderTimedOut, GeocoderUnavailable)
from geoevents.model import Candidate, Problem

__all__ = ["NominatimGeocoder", "AnswerCache", "candidate_from_place", "feature_of", "search_api",
           "check_user_agent", "query_key", "translate", "CACHE_FILE"]

log = logging.getLogger("geoevents.nominatim")

CACHE_FILE = "nominatim.sqlite"
PUBLIC_HOST = "nominatim.openstreetmap.org"

#: retries after a 429, each after waiting what Retry-After says (or ``WAIT_ON_429``)
RETRIES_ON_429 = 2
WAIT_ON_429 = 5.0
#: a Retry-After longer than this is not waited out: the server is not asked again this run
MAX_RETRY_AFTER = 30.0
#: consecutive per-name failures (5xx, bad JSON) after which the server is not asked again
FAILURES_BEFORE_GIVING_UP = 3

#: a reply larger than this is not read: a jsonv2 answer with limit=1, address and extratags is
#: a few kilobytes; megabytes are a broken or hostile server
MAX_REPLY_BYTES = 1 << 20
#: a name longer than this in an answer is not a place's name
MAX_NAME_CHARS = 500
#: a query longer than this is not sent: no place is called that
MAX_QUERY_CHARS = 300

#: the shape of an agent that identifies its user, as our messages and help show it
EXAMPLE_AGENT = "yourproject/1.0 (you@your-domain)"
#: geopy's documentation samples (geopy refuses them only for the public server) and our own
SAMPLE_AGENTS = frozenset({
    "my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here",
    "myproject/1.0 (me@example.org)", EXAMPLE_AGENT,
})


# -- configuration -----------------------------------------------------------------------------

def search_api(url: str) -> str:
    """The ``/search`` endpoint of the Nominatim server at ``url``.

    Accepts a base URL (``https://nominatim.example.org``, ``http://127.0.0.1:8080/nominatim``),
    with or without a trailing slash or ``/search``; a bare host means https. Raises
    ConfigurationError for another scheme, a missing host, or a query string.
    """
    text = (url or "").strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ConfigurationError(f"Nominatim URL {url!r}: only http and https are supported")
    if not parts.hostname:
        raise ConfigurationError(f"Nominatim URL {url!r} names no host")
    if parts.query or parts.fragment:
        raise ConfigurationError(f"Nominatim URL {url!r}: give the server's base URL, without '?...'")
    try:
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigurationError(f"Nominatim URL {url!r} has an invalid port") from None
    path = re.sub(r"/(search(\.php)?)?/*$", "", parts.path)
    return f"{parts.scheme.lower()}://{parts.netloc}{path}/search"


def check_user_agent(agent: str) -> str:
    """The agent, stripped; ConfigurationError for an empty one or a documentation sample."""
    value = agent.strip()
    if not value:
        raise ConfigurationError("the Nominatim User-Agent is empty: give one that identifies you, "
                                 f"shaped like {EXAMPLE_AGENT!r}")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ConfigurationError("the Nominatim User-Agent contains control characters")
    if value.casefold() in SAMPLE_AGENTS or re.fullmatch(r"geopy/[\w.]+", value, re.IGNORECASE):
        raise ConfigurationError(f"{value!r} is a sample User-Agent; Nominatim's usage policy asks for one "
                                 "that identifies your application and how to reach you")
    return value


def query_key(name: str) -> str:
    """The cache key of a query: Unicode-normalised, case-folded, spaces collapsed.

    Deliberately not the gazetteer's ``normalize``: that one drops "the", "City", "al-" ..., and
    Nominatim may answer "Kuwait" and "Kuwait City" differently, so the key keeps what was asked.
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _country_codes(codes: str | Iterable[str] | None) -> tuple[str, ...]:
    """ISO alpha-2 codes, lower case, sorted, without duplicates; anything else is dropped."""
    if not codes:
        return ()
    if isinstance(codes, str):
        codes = codes.split(",")
    return tuple(sorted({c.strip().lower() for c in codes
                         if isinstance(c, str) and re.fullmatch(r"[A-Za-z]{2}", c.strip())}))


# -- OSM answer -> Candidate ---------------------------------------------------------------------

#: place=* values -> GeoNames (feature class, feature code)
_PLACE_TYPES = {
    "city": ("P", "PPL"), "town": ("P", "PPL"), "village": ("P", "PPL"), "hamlet": ("P", "PPL"),
    "isolated_dwelling": ("P", "PPL"), "suburb": ("P", "PPLX"), "quarter": ("P", "PPLX"),
    "neighbourhood": ("P", "PPLX"), "borough": ("P", "PPLX"), "city_block": ("P", "PPLX"),
    "locality": ("L", "LCTY"), "farm": ("S", "FRM"),
    "country": ("A", "PCLI"), "state": ("A", "ADM1"), "province": ("A", "ADM1"),
    "county": ("A", "ADM2"), "district": ("A", "ADM2"), "municipality": ("A", "ADM3"),
    "region": ("L", "RGN"), "continent": ("L", "CONT"),
    "island": ("T", "ISL"), "islet": ("T", "ISL"), "archipelago": ("T", "ISLS"),
    "ocean": ("H", "OCN"), "sea": ("H", "SEA"), "square": ("S", "SQR"),
}

#: (OSM class, type) -> GeoNames; ``(class, None)`` is that class's fallback
_TAGS = {
    ("aeroway", "aerodrome"): ("S", "AIRP"), ("aeroway", "airport"): ("S", "AIRP"),
    ("aeroway", "heliport"): ("S", "AIRH"), ("aeroway", "helipad"): ("S", "AIRH"),
    ("military", "airfield"): ("S", "AIRB"), ("military", None): ("S", "INSM"),
    ("landuse", "military"): ("S", "INSM"),
    ("amenity", "embassy"): ("S", "DIP"), ("office", "diplomatic"): ("S", "DIP"),
    ("diplomatic", None): ("S", "DIP"),
    ("amenity", "hospital"): ("S", "HSP"), ("amenity", "university"): ("S", "UNIV"),
    ("amenity", "school"): ("S", "SCH"), ("amenity", "prison"): ("S", "PRN"),
    ("amenity", "police"): ("S", "PP"), ("amenity", "townhall"): ("S", "ADMF"),
    ("office", "government"): ("S", "ADMF"), ("amenity", "refugee_site"): ("S", "CMPRF"),
    ("amenity", "marketplace"): ("S", "MKT"), ("amenity", "place_of_worship"): ("S", "TMPL"),
    ("barrier", "border_control"): ("S", "PSTB"),
    ("railway", "station"): ("S", "RSTN"), ("public_transport", "station"): ("S", "RSTN"),
    ("railway", None): ("R", "RR"), ("highway", None): ("R", "RD"),
    ("bridge", None): ("S", "BDG"), ("man_made", "bridge"): ("S", "BDG"), ("building", None): ("S", "BLDG"),
    ("historic", "monument"): ("S", "MNMT"), ("historic", "memorial"): ("S", "MNMT"),
    ("historic", "castle"): ("S", "CSTL"), ("historic", None): ("S", "HSTS"),
    ("tourism", "museum"): ("S", "MUS"), ("tourism", "hotel"): ("S", "HTL"),
    ("leisure", "stadium"): ("S", "STDM"), ("leisure", "park"): ("L", "PRK"),
    ("natural", "peak"): ("T", "PK"), ("natural", "volcano"): ("T", "VLC"),
    ("natural", "mountain_range"): ("T", "MTS"), ("natural", "ridge"): ("T", "RDGE"),
    ("natural", "valley"): ("T", "VAL"), ("natural", "cape"): ("T", "CAPE"),
    ("natural", "island"): ("T", "ISL"), ("natural", "water"): ("H", "LK"),
    ("natural", "bay"): ("H", "BAY"), ("natural", "strait"): ("H", "STRT"),
    ("natural", "glacier"): ("H", "GLCR"), ("natural", "wood"): ("V", "FRST"), ("natural", None): ("T", None),
    ("waterway", "river"): ("H", "STM"), ("waterway", "canal"): ("H", "CNL"), ("waterway", "dam"): ("S", "DAM"),
    ("waterway", None): ("H", None), ("water", None): ("H", None),
    ("landuse", None): ("L", None), ("leisure", None): ("L", None), ("boundary", None): ("A", "ADMD"),
    ("place", None): ("P", None),
}

#: place_of_worship by religion (extratags), else the generic temple
_WORSHIP = {"christian": "CH", "muslim": "MSQE", "jewish": "SYG", "buddhist": "TMPL", "hindu": "TMPL"}

#: addresstype of a boundary that is a settlement: a city's boundary is the city
_SETTLEMENTS = {"city": "PPL", "town": "PPL", "village": "PPL", "hamlet": "PPL",
                "suburb": "PPLX", "quarter": "PPLX", "neighbourhood": "PPLX", "city_district": "PPLX",
                "borough": "PPLX"}

#: OSM capital=* (yes, or the admin_level it is the capital of) -> GeoNames capital code
_CAPITALS = {"yes": "PPLC", "2": "PPLC", "3": "PPLA", "4": "PPLA", "5": "PPLA2", "6": "PPLA2",
             "7": "PPLA3", "8": "PPLA3"}


def _admin_by_rank(rank: int) -> str:
    """Nominatim ranks an administrative boundary at twice its admin_level (country 4, state 8,
    county 12, municipality 16), so rank bands map to GeoNames' administrative orders."""
    if rank <= 4:
        return "PCLI"
    if rank <= 8:
        return "ADM1"
    if rank <= 12:
        return "ADM2"
    if rank <= 16:
        return "ADM3"
    return "ADM4"


def feature_of(category: str, type_: str, place_rank: int | None = None, addresstype: str | None = None,
               extratags: Mapping[str, Any] | None = None) -> tuple[str | None, str | None]:
    """The nearest GeoNames (feature class, feature code) for an OSM class/type/place_rank.

    City/town/village -> P/PPL (PPLC, PPLA ... when OSM marks it a capital); an administrative
    boundary -> a settlement when Nominatim's addresstype says it is one, else A/PCLI, ADM1,
    ADM2 ... by rank; aeroway=aerodrome -> S/AIRP; and so on. (None, None) when nothing fits.
    """
    extratags = extratags or {}
    category, type_ = (category or "").lower(), (type_ or "").lower()
    code: tuple[str | None, str | None]
    if category == "place" and type_ in _PLACE_TYPES:
        code = _PLACE_TYPES[type_]
    elif category == "boundary" and type_ == "administrative":
        if (addresstype or "").lower() in _SETTLEMENTS:
            code = ("P", _SETTLEMENTS[addresstype.lower()])
        elif (addresstype or "").lower() == "country":
            code = ("A", "PCLI")
        elif place_rank is not None:
            code = ("A", _admin_by_rank(int(place_rank)))
        else:
            code = ("A", "ADMD")
    elif (category, type_) == ("amenity", "place_of_worship"):
        code = ("S", _WORSHIP.get(str(extratags.get("religion", "")).lower(), "TMPL"))
    elif (category, type_) in _TAGS:
        code = _TAGS[(category, type_)]
    elif (category, None) in _TAGS:
        code = _TAGS[(category, None)]
    elif category:
        code = ("S", None)  # amenity, shop, tourism, office ...: a spot, building or facility
    else:
        code = (None, None)
    if code == ("P", "PPL"):
        capital = str(extratags.get("capital", "")).strip().lower()
        code = ("P", _CAPITALS.get(capital, "PPL"))
    return code


def population_of(value: Any) -> int:
    """OSM's population tag as an integer: "139875", "1 234 567", "12,345", "c. 200"; else 0.

    Separators count only between groups of three digits, so "1.5" reads as 1, not 15; of
    several values ("12000;12500") the first is taken.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return max(value, 0)
    match = re.search(r"\d{1,3}(?:[ ,.'\u2019\u00a0]\d{3})+(?!\d)|\d+", str(value or "").split(";")[0])
    return int(re.sub(r"\D", "", match.group(0))) if match else 0


_OSM_TYPES = {"n": "node", "w": "way", "r": "relation", "node": "node", "way": "way", "relation": "relation"}


def candidate_from_place(place: Mapping[str, Any], query: str = "") -> Candidate:
    """A Candidate from one Nominatim search result (jsonv2, or json's ``class`` spelling).

    Raises KeyError, TypeError or ValueError for a result without valid coordinates.
    """
    lat, lon = float(place["lat"]), float(place["lon"])
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    osm_type = _OSM_TYPES.get(str(place.get("osm_type", "")).lower())
    osm_id = place.get("osm_id")
    if osm_type and osm_id is not None and str(osm_id).isdigit():
        ident = f"nominatim:{osm_type}/{int(osm_id)}"
    else:
        # artificial entries (postcodes, interpolations) have no OSM object; place_id is the
        # server's own number, good enough to tell answers apart within one server
        ident = f"nominatim:place/{int(place['place_id'])}"
    address = place.get("address") or {}
    extratags = place.get("extratags") or {}
    rank = place.get("place_rank")
    feature_class, feature_code = feature_of(
        str(place.get("category") or place.get("class") or ""), str(place.get("type") or ""),
        int(rank) if str(rank).isdigit() else None, place.get("addresstype"), extratags)
    country = str(address.get("country_code") or "").upper()
    name = str(place.get("name") or str(place.get("display_name") or "").split(",")[0] or query).strip()
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(f"a name of {len(name):,} characters")
    return Candidate(
        id=ident, name=name, lat=lat, lon=lon,
        country=country if re.fullmatch(r"[A-Z]{2}", country) else None,
        feature_class=feature_class, feature_code=feature_code,
        population=population_of(extratags.get("population")),
        source="nominatim",
    )


# -- the cache -----------------------------------------------------------------------------------

_NOT_CACHED = object()


class AnswerCache:
    """Nominatim answers (the raw result) and misses (NULL), in SQLite, by (server, query, countries).

    ``get`` returns the raw answer (a dict), None for a cached miss, or ``AnswerCache.NOT_CACHED``.
    A cache that cannot be opened or written is reported once and the run goes on without it.
    ``create=False`` only reads an existing file (a run that will send no request makes no file).
    """

    NOT_CACHED = _NOT_CACHED

    def __init__(self, path: Path, *, miss_days: float, now: Callable[[], float] = time.time,
                 create: bool = True):
        self.path = Path(path)
        self.miss_seconds = miss_days * 86400.0
        self._now = now
        self._create = create
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self, for_writing: bool) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        if not self.path.exists() and not (for_writing and self._create):
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
            db.execute("CREATE TABLE IF NOT EXISTS answers_v1 (server TEXT NOT NULL, query TEXT NOT NULL, "
                       "countries TEXT NOT NULL, answer TEXT, fetched REAL NOT NULL, "
                       "PRIMARY KEY (server, query, countries))")
            db.commit()
        except (sqlite3.Error, OSError) as e:
            self._fail(e)
            return None
        self._db = db
        return db

    def _fail(self, error: Exception) -> None:
        if not self._broken:
            log.warning("Nominatim cache %s cannot be used (%s); going on without it", self.path, error)
        self._broken = True
        if self._db is not None:
            self._db.close()
        self._db = None

    def get(self, server: str, query: str, countries: tuple[str, ...]) -> Any:
        db = self._connect(for_writing=False)
        if db is None:
            return _NOT_CACHED
        try:
            row = db.execute("SELECT answer, fetched FROM answers_v1 WHERE server = ? AND query = ? "
                             "AND countries = ?", (server, query, ",".join(countries))).fetchone()
        except sqlite3.Error as e:
            self._fail(e)
            return _NOT_CACHED
        if row is None:
            return _NOT_CACHED
        answer, fetched = row
        if answer is None:
            return None if self._now() - fetched <= self.miss_seconds else _NOT_CACHED
        try:
            value = json.loads(answer)
        except ValueError:
            return _NOT_CACHED
        return value if isinstance(value, dict) else _NOT_CACHED

    def put(self, server: str, query: str, countries: tuple[str, ...], answer: Mapping | None) -> None:
        db = self._connect(for_writing=True)
        if db is None:
            return
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO answers_v1 VALUES (?, ?, ?, ?, ?)",
                           (server, query, ",".join(countries),
                            None if answer is None else json.dumps(answer, ensure_ascii=False), self._now()))
        except sqlite3.Error as e:
            self._fail(e)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# -- geopy, throttled ----------------------------------------------------------------------------

class _JsonV2Nominatim(Nominatim):
    """geopy's Nominatim asking for ``format=jsonv2``, whose results say ``category`` and
    ``place_rank`` and ``addresstype``, which the feature mapping needs."""

    def _construct_url(self, base_api, params):
        # geopy writes extratags=True; Nominatim documents 0/1 for its flags
        flags = {k: int(v) for k, v in params.items() if isinstance(v, bool)}
        return super()._construct_url(base_api, {**params, **flags, "format": "jsonv2"})

    def _parse_json(self, places, exactly_one):
        # /search answers a list, empty when it knows no such place. geopy takes any falsy reply
        # ({}, null, "") for "no such place", which the cache would keep for a month: only a
        # list is an answer, anything else a bad reply that is not cached
        if not isinstance(places, list):
            raise geopy.exc.GeocoderParseError(f"the reply is {type(places).__name__}, not a list of places")
        return super()._parse_json(places, exactly_one)


class _DeadlineConnection(http.client.HTTPConnection):
    """An HTTP connection that gives its socket to the request's watchdog (see _BoundedAdapter)."""

    def connect(self):
        super().connect()
        _watch(self.sock)


class _DeadlineHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        super().connect()
        _watch(self.sock)


_watched = threading.local()


def _watch(sock) -> None:
    watchdog = getattr(_watched, "current", None)
    if watchdog is not None:
        watchdog.add(sock)


class _Watchdog:
    """Shuts the request's sockets down when its deadline passes, which ends any read at once:
    a server that trickles a byte every half second cannot hold the run (urllib's timeout
    counts per read, not per request)."""

    def __init__(self, seconds: float):
        self.expired = False
        self._socks: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def add(self, sock) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                self._shut(sock)

    @staticmethod
    def _shut(sock) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def __enter__(self) -> "_Watchdog":
        _watched.current = self
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        _watched.current = None


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_DeadlineConnection, req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_DeadlineHTTPSConnection, req, context=self._context)


class _BoundedAdapter(URLLibAdapter):
    """geopy's urllib adapter with a deadline for the whole request (connecting, the headers,
    the body: ``timeout`` seconds in all) and a cap on the reply's size (:data:`MAX_REPLY_BYTES`)."""

    def __init__(self, *, proxies, ssl_context):
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        # the opener geopy builds, with connections that report their sockets to the watchdog
        opener = urllib.request.build_opener(
            _DeadlineHTTPHandler(), _DeadlineHTTPSHandler(context=ssl_context),
            urllib.request.ProxyHandler(_normalize_proxies(proxies)))
        self.urlopen = opener.open

    def get_text(self, url, *, timeout, headers):
        with _Watchdog(timeout) as watchdog:
            try:
                return super().get_text(url, timeout=timeout, headers=headers)
            except geopy.exc.GeopyError:
                if watchdog.expired:
                    raise geopy.exc.GeocoderTimedOut(f"no complete reply within {timeout:g} s") from None
                raise
            finally:
                if watchdog.expired:
                    raise geopy.exc.GeocoderTimedOut(f"no complete reply within {timeout:g} s")

    def _decode_page(self, page):
        length = page.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > MAX_REPLY_BYTES:
            raise geopy.exc.GeocoderParseError(f"the reply is {int(length):,} bytes, more than the "
                                               f"{MAX_REPLY_BYTES:,} a Nominatim answer needs")
        try:
            body = page.read(MAX_REPLY_BYTES + 1)
        except Exception:
            raise geopy.exc.GeocoderServiceError("Unable to read the response") from None
        if len(body) > MAX_REPLY_BYTES:
            raise geopy.exc.GeocoderParseError(f"the reply is more than the {MAX_REPLY_BYTES:,} bytes a "
                                               "Nominatim answer needs")
        try:
            return str(body, encoding=page.headers.get_content_charset() or "utf-8")
        except (LookupError, ValueError):
            raise geopy.exc.GeocoderParseError("Unable to decode the response bytes") from None


#: added to every real wait: the throttle spaces the starts of requests as this process sees them,
#: and a request that leaves a little later than the one before would otherwise reach the server
#: slept beyond the minimum delay: the server counts arrivals, and on a loaded machine one request
#: may leave a few milliseconds later than the next (7 ms seen at a load of 6 on two cores)
_MARGIN_S = 0.025


def _sleep_with_margin(seconds: float) -> None:
    time.sleep(seconds + _MARGIN_S)


class _Throttle(RateLimiter):
    """geopy's RateLimiter with the clock and sleep injected (tests never really sleep), no
    retries of its own, and :meth:`hold` to keep the next request back after a 429."""

    def __init__(self, func, *, min_delay: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        super().__init__(func, min_delay_seconds=min_delay, max_retries=0, error_wait_seconds=min_delay,
                         swallow_exceptions=False)
        self._now = clock
        self._pause = sleep

    def _clock(self):
        return self._now()

    def _sleep(self, seconds):
        self._pause(seconds)

    def hold(self, seconds: float) -> None:
        """No request before ``seconds`` from now (what a server's Retry-After asked for)."""
        with self._lock:
            start = self._clock() + seconds - self.min_delay_seconds
            self._last_call = start if self._last_call is None else max(self._last_call, start)


def _chain(error: BaseException) -> Iterable[BaseException]:
    """The error, what caused it, and a URLError's reason, outermost first."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        if isinstance(error, URLError) and isinstance(error.reason, BaseException):
            yield error.reason
        error = error.__cause__ or error.__context__


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def translate(error: BaseException, *, api: str, query: str, timeout: float) -> tuple[GeocoderError, bool]:
    """The one place where what geopy raised becomes one error of ours.

    Returns the error to raise (``from error``) and whether the server would fail the same way
    for every other name (unreachable, timed out, refusing us, still rate-limiting).
    """
    where, what = f"Nominatim at {api}", f"looking up {query!r}"
    http = next((e for e in _chain(error) if isinstance(e, AdapterHTTPError)), None)
    code = http.status_code if http is not None else None
    if isinstance(error, geopy.exc.GeocoderRateLimited) or code == 429:
        wait = getattr(error, "retry_after", None)
        said = f" (Retry-After: {wait:g} s)" if wait is not None else ""
        return GeocoderRateLimited(f"{where} answered 429 Too Many Requests{said} {what}", wait), True
    if code in (401, 403, 407):
        return GeocoderRefused(f"{where} refused the request (HTTP {code}) {what}: does it accept this "
                               "User-Agent?"), True
    if code == 404:
        return GeocoderRefused(f"{where} answered 404 Not Found: is the URL the base of a Nominatim "
                               "server?"), True
    if code is not None and 400 <= code < 500:
        return GeocoderRefused(f"{where} rejected the query (HTTP {code}) {what}"), False
    if code is not None:
        return GeocoderUnavailable(f"{where} answered HTTP {code} {what}"), False
    if isinstance(error, geopy.exc.GeocoderTimedOut) or any(isinstance(e, TimeoutError) for e in _chain(error)):
        return GeocoderTimedOut(f"{where} did not answer within {timeout:g} s {what}"), True
    if isinstance(error, (geopy.exc.GeocoderParseError, geopy.exc.GeocoderQueryError,
                          KeyError, TypeError, ValueError, AttributeError, IndexError)):
        return GeocoderBadResponse(f"{where} answered something that is not Nominatim's JSON {what}"), False
    reason = next((e for e in _chain(error) if isinstance(e, OSError) and not isinstance(e, URLError)), error)
    return GeocoderUnavailable(f"{where} cannot be reached ({_first_line(reason)}) {what}"), True


# -- the geocoder --------------------------------------------------------------------------------

class NominatimGeocoder:
    """Names the gazetteer lacks -> Candidates from a Nominatim server, politely (see the module
    docstring for the policy). One instance per run: it remembers what it answered and skipped.

    ``clock`` and ``sleep`` drive the throttle and ``now`` (wall-clock seconds) the cache's
    expiry (``sleep`` by default: a real sleep with a 25 ms margin); tests inject them so that nothing
    really waits.
    """

    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] | None = None, now: Callable[[], float] = time.time):
        self.settings = settings
        self.api = search_api(settings.nominatim_url)
        self.user_agent = None if settings.user_agent is None else check_user_agent(settings.user_agent)
        if not settings.nominatim_timeout > 0:
            raise ConfigurationError(f"the Nominatim timeout must be more than 0 s, "
                                     f"not {settings.nominatim_timeout}")
        if not settings.nominatim_min_delay >= 0:
            raise ConfigurationError(f"the delay between Nominatim requests cannot be "
                                     f"{settings.nominatim_min_delay}")
        if urlsplit(self.api).hostname == PUBLIC_HOST and settings.nominatim_min_delay < 1.0:
            raise ConfigurationError(f"{PUBLIC_HOST} allows at most one request a second; "
                                     f"{settings.nominatim_min_delay:g} s between requests is too little")
        self.cache = AnswerCache(Path(settings.cache_dir) / CACHE_FILE, miss_days=settings.nominatim_miss_days,
                                 now=now, create=self.user_agent is not None)
        #: requests sent this run (retries included)
        self.requests = 0
        self._throttle: _Throttle | None = None
        if self.user_agent is not None:
            parts = urlsplit(self.api)
            geolocator = _JsonV2Nominatim(
                domain=parts.netloc + parts.path[: -len("/search")], scheme=parts.scheme,
                user_agent=self.user_agent, timeout=settings.nominatim_timeout,
                # urllib: no hidden retries (requests' adapter would retry a hang twice); one
                # deadline for the whole request and a cap on the reply's size
                adapter_factory=_BoundedAdapter)
            self._throttle = _Throttle(self._send(geolocator), min_delay=settings.nominatim_min_delay,
                                       clock=clock, sleep=sleep or _sleep_with_margin)
        self._answers: dict[tuple[str, str], tuple[str, Candidate]] = {}
        self._learned: set[tuple[str, str]] = set()
        self._skipped: dict[str, str] = {}
        self._stopped: str | None = None
        self._failures = 0
        self._last_fatal = False

    def _send(self, geolocator: Nominatim) -> Callable[..., Any]:
        def send(query: str, countries: tuple[str, ...]):
            self.requests += 1
            return geolocator.geocode(query, exactly_one=True, addressdetails=True, extratags=True,
                                      language="en", country_codes=list(countries) or None)
        return send

    @property
    def enabled(self) -> bool:
        """Whether a request may still be sent: a User-Agent is set and the server has not failed us."""
        return self._throttle is not None and self._stopped is None

    def geocode(self, name: str, *, country_codes: str | Iterable[str] | None = None) -> Candidate | None:
        """The best Nominatim answer for ``name`` (optionally within ISO alpha-2 ``country_codes``).

        None when Nominatim knows no such place, or when it is not asked (no User-Agent, or the
        server failed earlier this run: :meth:`problems` lists those names). Raises a
        GeocoderError subclass when this request failed.
        """
        query = " ".join(str(name).split())
        if not query or len(query) > MAX_QUERY_CHARS:
            return None
        key, countries = query_key(query), _country_codes(country_codes)
        cached = self.cache.get(self.api, key, countries)
        if cached is None:
            return None
        if cached is not AnswerCache.NOT_CACHED:
            try:
                return self._remember(query, candidate_from_place(cached, query))
            except (KeyError, TypeError, ValueError):
                pass  # an entry this version cannot read: ask again
        if not self.enabled:
            self._skipped.setdefault(key, query)
            return None
        try:
            place = self._ask(query, countries)
        except GeocoderError as e:
            self._failed(e)
            raise
        self._failures = 0
        self.cache.put(self.api, key, countries, place)
        return None if place is None else self._remember(query, candidate_from_place(place, query))

    def _ask(self, query: str, countries: tuple[str, ...]) -> dict | None:
        """One answer from the server (the raw result) or None; retries a 429 as the policy says."""
        assert self._throttle is not None
        for attempt in range(RETRIES_ON_429 + 1):
            try:
                location = self._throttle(query, countries)
            except geopy.exc.GeocoderRateLimited as e:
                wait = e.retry_after if e.retry_after is not None else WAIT_ON_429
                if attempt < RETRIES_ON_429 and wait <= MAX_RETRY_AFTER:
                    self._throttle.hold(wait)
                    continue
                raise self._translate(e, query) from e
            except (geopy.exc.GeopyError, KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
                raise self._translate(e, query) from e
            if location is None:
                return None
            try:
                candidate_from_place(location.raw, query)
            except (KeyError, TypeError, ValueError) as e:
                raise self._translate(e, query) from e
            return dict(location.raw)
        raise AssertionError("unreachable")  # pragma: no cover

    def _translate(self, error: BaseException, query: str) -> GeocoderError:
        mapped, self._last_fatal = translate(error, api=self.api, query=query,
                                             timeout=self.settings.nominatim_timeout)
        return mapped

    def _failed(self, error: GeocoderError) -> None:
        self._failures += 1
        if self._last_fatal or self._failures >= FAILURES_BEFORE_GIVING_UP:
            self._stopped = str(error)
            log.warning("not asking Nominatim again this run, names the gazetteer lacks stay unresolved: %s",
                        error)

    def _remember(self, query: str, candidate: Candidate) -> Candidate:
        self._answers.setdefault((query_key(query), candidate.id), (query, candidate))
        return candidate

    def answers(self) -> list[tuple[str, Candidate]]:
        """(query as asked, Candidate) for every answer this run, cached ones included, in order:
        what ``--learn`` hands to ``Gazetteer.add_user_places``."""
        return list(self._answers.values())

    def learn(self, gazetteer) -> int:
        """Keep the answers not kept yet in ``gazetteer``'s user layer (``add_user_places``), so
        the next run finds them offline; returns what ``add_user_places`` returned."""
        fresh = [key for key in self._answers if key not in self._learned]
        if not fresh:
            return 0
        added = gazetteer.add_user_places([self._answers[key] for key in fresh])
        self._learned.update(fresh)
        return added

    def take_skipped(self) -> dict[str, str]:
        """The names not asked about since the last call, by their normal form, and forgets them:
        a worker process hands them to the parent, which reports them once for the whole run."""
        skipped, self._skipped = self._skipped, {}
        return skipped

    def add_skipped(self, skipped: dict[str, str]) -> None:
        """Names a worker process did not ask about (from :meth:`take_skipped`), in the order met."""
        for key, name in skipped.items():
            self._skipped.setdefault(key, name)

    def problems(self) -> list[Problem]:
        """What the user should hear once, at the end of a run: the names Nominatim was not
        asked about since the last call, and why. Empty when every name was asked."""
        if not self._skipped:
            return []
        names = list(self._skipped.values())
        self._skipped.clear()
        listed = ", ".join(repr(n) for n in names[:20])
        if len(names) > 20:
            listed += f" and {len(names) - 20} more"
        if self._throttle is None:
            message = (f"{len(names)} place name(s) the gazetteer lacks stayed unresolved: {listed}. Nominatim "
                       "was not asked because no User-Agent is set: give --user-agent (or GEOEVENTS_USER_AGENT) "
                       f"an agent that identifies you, shaped like {EXAMPLE_AGENT!r}, to look them up, or "
                       "--offline to silence this")
        else:
            message = (f"{len(names)} place name(s) stayed unresolved because Nominatim was not asked again "
                       f"after: {self._stopped}. Unresolved: {listed}")
        return [Problem(where="nominatim", message=message)]

    def close(self) -> None:
        self.cache.close()

    def __enter__(self) -> "NominatimGeocoder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
