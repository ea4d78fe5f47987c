"""A real HTTP server on 127.0.0.1 that speaks Nominatim's ``/search`` API, for the tests.

Modelled on rasterio's ``tests/rangehttpserver.py``: a stdlib ``http.server`` on port 0 in a
thread, so geopy's real adapter makes real requests, and the tests assert on what the server
saw (paths, query parameters, headers, arrival times). Failures are switched on per test:

    server.queue(too_many(retry_after="2"))   # the next request gets 429 + Retry-After
    server.always(server_error())              # every request from now on gets a 500

The answers are written by hand in the shape of Nominatim's ``format=jsonv2`` output (with
``addressdetails=1`` and ``extratags=1``); they were not recorded from a live service, and their
OSM ids are made up.
"""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

__all__ = ["NominatimServer", "Reply", "SeenRequest", "PLACES", "too_many", "server_error", "hang",
           "bad_json", "empty", "status", "refused_url", "json_reply", "trickle", "oversized"]


def _place(osm_type, osm_id, lat, lon, category, type_, rank, addresstype, name, address, extratags=None,
           importance=0.5):
    """One jsonv2 search result, as Nominatim writes it (numbers as strings where it does)."""
    return {
        "place_id": osm_id % 1_000_000 + 100,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": osm_type,
        "osm_id": osm_id,
        "lat": lat,
        "lon": lon,
        "category": category,
        "type": type_,
        "place_rank": rank,
        "importance": importance,
        "addresstype": addresstype,
        "name": name,
        "display_name": ", ".join([name] + [v for k, v in address.items()
                                            if k not in ("country_code", "ISO3166-2-lvl4")]),
        "address": address,
        "extratags": extratags or {},
        "boundingbox": [lat, lat, lon, lon],
    }


#: what the server knows, by query (matched case- and accent-insensitively), best first
PLACES: dict[str, list[dict]] = {
    "reykjavik": [
        _place("relation", 2580605, "64.1459810", "-21.9422367", "boundary", "administrative", 16, "city",
               "Reykjavík", {"city": "Reykjavík", "state": "Capital Region", "country": "Iceland",
                             "country_code": "is"},
               {"capital": "yes", "population": "139875", "wikidata": "Q1764"}, 0.71),
    ],
    "iceland": [
        _place("relation", 299133, "64.9841821", "-18.1059013", "boundary", "administrative", 4, "country",
               "Ísland", {"country": "Ísland", "country_code": "is"}, {"population": "387758"}, 0.84),
    ],
    "vestland": [
        _place("relation", 8138231, "60.9000000", "6.2000000", "boundary", "administrative", 8, "state",
               "Vestland", {"state": "Vestland", "ISO3166-2-lvl4": "NO-46", "country": "Norge",
                            "country_code": "no"}, {"population": "641292"}, 0.55),
    ],
    "skjolden": [
        _place("node", 31338123, "61.4901650", "7.6042960", "place", "village", 19, "village", "Skjolden",
               {"village": "Skjolden", "municipality": "Luster", "state": "Vestland", "country": "Norge",
                "country_code": "no"}, {"population": "c. 200"}, 0.31),
    ],
    "tromso airport": [
        _place("way", 27410399, "69.6818440", "18.9160110", "aeroway", "aerodrome", 30, "aeroway",
               "Tromsø lufthavn, Langnes", {"aeroway": "Tromsø lufthavn, Langnes", "city": "Tromsø",
                                            "country": "Norge", "country_code": "no"},
               {"iata": "TOS", "icao": "ENTC"}, 0.42),
    ],
    "springfield": [
        _place("relation", 122586, "39.7990175", "-89.6439575", "boundary", "administrative", 16, "city",
               "Springfield", {"city": "Springfield", "state": "Illinois", "country": "United States",
                               "country_code": "us"},
               {"capital": "4", "population": "114394"}, 0.62),
        _place("node", 150962115, "-27.6536000", "152.9174000", "place", "suburb", 20, "suburb",
               "Springfield", {"suburb": "Springfield", "city": "Ipswich", "state": "Queensland",
                               "country": "Australia", "country_code": "au"}, {}, 0.31),
    ],
    "bardarbunga": [
        _place("node", 1290531112, "64.6333330", "-17.5166670", "natural", "volcano", 18, "peak",
               "Bárðarbunga", {"natural": "Bárðarbunga", "country": "Ísland", "country_code": "is"},
               {"ele": "2009"}, 0.38),
    ],
}


def _key(q: str) -> str:
    decomposed = unicodedata.normalize("NFKD", q.casefold().replace("ø", "o").replace("ð", "d"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Reply:
    """How the server answers one request. ``body=None`` means: search :data:`PLACES`."""

    status: int = 200
    body: str | bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    #: seconds between two bytes of the body (a server that trickles its answer)
    trickle: float = 0.0
    #: send a Content-Length header (else the body ends when the connection closes)
    length: bool = True


def too_many(retry_after: str | None = "1") -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Reply(429, '{"error": {"code": 429, "message": "Too Many Requests"}}', headers)


def server_error() -> Reply:
    return Reply(500, "<html><body>Internal Server Error</body></html>", (("Content-Type", "text/html"),))


def status(code: int, body: str = "") -> Reply:
    return Reply(code, body)


def hang(seconds: float = 5.0) -> Reply:
    """Answer only after ``seconds``: longer than any client timeout the tests set."""
    return Reply(200, "[]", delay=seconds)


def bad_json() -> Reply:
    return Reply(200, '[{"place_id": 1, "lat": "64.1", "lon":', (("Content-Type", "application/json"),))


def empty() -> Reply:
    return Reply(200, "[]")


def json_reply(value) -> Reply:
    """A 200 whose body is ``value`` as JSON: ``{}``, ``null``, a place that is not a list ..."""
    return Reply(200, json.dumps(value))


def trickle(every: float = 0.5, body: str = "[]") -> Reply:
    """A well-formed answer sent one byte every ``every`` seconds: each read is quick, the whole
    reply never ends in reasonable time."""
    return Reply(200, body + " " * 200, trickle=every)


def oversized(n_bytes: int, length: bool = True) -> Reply:
    """A 200 of ``n_bytes``: a list holding one place whose name fills it (with or without a
    Content-Length header)."""
    place = copy.deepcopy(PLACES["reykjavik"][0])
    place["name"] = ""
    padding = n_bytes - len(json.dumps([place]).encode("utf-8"))
    place["name"] = "R" * max(padding, 0)
    return Reply(200, json.dumps([place]), length=length)


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server received it."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    time: float

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("user-agent")


@dataclass
class _State:
    places: dict[str, list[dict]]
    clock: Callable[[], float]
    seen: list[SeenRequest] = field(default_factory=list)
    queued: list[Reply] = field(default_factory=list)
    default: Reply | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeNominatim/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        state: _State = self.server.state
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        with state.lock:
            state.seen.append(SeenRequest(url.path, params, {k.lower(): v for k, v in self.headers.items()},
                                          state.clock()))
            reply = state.queued.pop(0) if state.queued else state.default
        if reply is None:
            reply = self._search(url.path, params, state.places)
        if reply.delay:
            # wait on the event so that stopping the server releases a hanging request
            state.stopping.wait(reply.delay)
        self._send(reply)

    def _search(self, path: str, params: dict[str, str], places: dict[str, list[dict]]) -> Reply:
        if not (path.endswith("/search") or path.endswith("/search.php")):
            return Reply(404, "Not Found")
        if "q" not in params:
            return Reply(400, json.dumps({"error": {"code": 400, "message": "Nothing to search for."}}))
        results = copy.deepcopy(places.get(_key(params["q"]), []))
        codes = {c.strip().lower() for c in params.get("countrycodes", "").split(",") if c.strip()}
        if codes:
            results = [r for r in results if r["address"].get("country_code") in codes]
        if params.get("addressdetails") not in ("1", "true", "True"):
            for r in results:
                r.pop("address", None)
        if params.get("extratags") not in ("1", "true", "True"):
            for r in results:
                r.pop("extratags", None)
        results = results[: int(params.get("limit", "10") or 10)]
        return Reply(200, json.dumps(results, ensure_ascii=False))

    def _send(self, reply: Reply) -> None:
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else (reply.body or b"")
        try:
            self.send_response(reply.status)
            headers = dict(reply.headers)
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            if reply.length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if reply.trickle:
                stopping = self.server.state.stopping
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    if stopping.wait(reply.trickle):
                        return
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up (a timeout test): nothing to tell it


class NominatimServer:
    """Nominatim's search API on ``http://127.0.0.1:<free port>``; use as a context manager.

    ``clock`` stamps each request (``time.monotonic`` by default; a test with a fake clock passes
    the fake one so that the spacing the server saw is in the same time as the throttle's).
    """

    def __init__(self, places: dict[str, list[dict]] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self._state = _State(places if places is not None else PLACES, clock)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.state = self._state
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[SeenRequest]:
        with self._state.lock:
            return list(self._state.seen)

    @property
    def clock(self) -> Callable[[], float]:
        return self._state.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self._state.clock = clock

    def queue(self, *replies: Reply) -> None:
        """The next requests get these replies, in order; then the server answers normally."""
        with self._state.lock:
            self._state.queued.extend(replies)

    def always(self, reply: Reply | None) -> None:
        """Every request gets ``reply`` (after any queued ones); None: answer normally again."""
        with self._state.lock:
            self._state.default = reply

    def start(self) -> "NominatimServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "NominatimServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def refused_url():
    """A URL on 127.0.0.1 where nobody listens, and the socket that keeps the port taken.

    The socket is bound but never listens, so a connection is refused at once, and no other
    test can start a server on that port while the caller holds it. Close it when done.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return f"http://127.0.0.1:{sock.getsockname()[1]}", sock
