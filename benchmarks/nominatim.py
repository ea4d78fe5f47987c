"""Measure how politely and how fast the Nominatim fallback behaves, against the local test server
(tests/nominatim_server.py on 127.0.0.1; never a public server), in real time.

    .venv/bin/python benchmarks/nominatim.py [--requests 6] [--min-delay 1.0]

Prints the spacing between requests as the server saw them, the wait after a 429 with
Retry-After, how long an unreachable server (a hang past the timeout, a refused connection)
holds a run up, and the cost of a cache hit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from nominatim_server import PLACES, NominatimServer, hang, refused_url, too_many  # noqa: E402

from geoevents.config import Settings  # noqa: E402
from geoevents.errors import GeocoderError  # noqa: E402
from geoevents.nominatim import NominatimGeocoder  # noqa: E402

AGENT = "geoevents-benchmark/0.1 (benchmark@localhost)"


def gaps(server: NominatimServer) -> list[float]:
    seen = server.requests
    return [b.time - a.time for a, b in zip(seen, seen[1:])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=6)
    ap.add_argument("--min-delay", type=float, default=1.0)
    args = ap.parse_args()
    names = [n for n in PLACES] * (args.requests // len(PLACES) + 1)
    names = [f"{n} {i}" if i >= len(PLACES) else n for i, n in enumerate(names[: args.requests])]

    with tempfile.TemporaryDirectory() as cache, NominatimServer() as server:
        settings = Settings(nominatim_url=server.url, user_agent=AGENT, nominatim_min_delay=args.min_delay,
                            nominatim_timeout=0.5, cache_dir=Path(cache))
        with NominatimGeocoder(settings) as geocoder:
            for name in names:
                geocoder.geocode(name)
        g = gaps(server)
        print(f"spacing of {len(server.requests)} requests (min delay {args.min_delay:g} s), seen by the server: "
              f"min {min(g):.4f} s, median {statistics.median(g):.4f} s, max {max(g):.4f} s")

        before = len(server.requests)
        with NominatimGeocoder(settings) as geocoder:
            started = time.perf_counter()
            for name in names:
                geocoder.geocode(name)
            per_hit = (time.perf_counter() - started) / len(names)
        print(f"second run from the cache: {len(server.requests) - before} request(s), "
              f"{per_hit * 1e6:.0f} µs per lookup")

    with tempfile.TemporaryDirectory() as cache, NominatimServer() as server:
        server.queue(too_many(retry_after="2"))
        settings = Settings(nominatim_url=server.url, user_agent=AGENT, nominatim_min_delay=args.min_delay,
                            nominatim_timeout=0.5, cache_dir=Path(cache))
        with NominatimGeocoder(settings) as geocoder:
            geocoder.geocode("Reykjavik")
        print(f"429 with Retry-After: 2 -> retried after {gaps(server)[0]:.3f} s")

    with tempfile.TemporaryDirectory() as cache, NominatimServer() as server:
        server.always(hang(10))
        settings = Settings(nominatim_url=server.url, user_agent=AGENT, nominatim_min_delay=args.min_delay,
                            nominatim_timeout=0.5, cache_dir=Path(cache))
        started = time.perf_counter()
        with NominatimGeocoder(settings) as geocoder:
            for name in names:
                try:
                    geocoder.geocode(name)
                except GeocoderError:
                    pass
        print(f"server hanging, timeout 0.5 s: {len(names)} names in {time.perf_counter() - started:.2f} s, "
              f"{len(server.requests)} request(s) sent")

    url, sock = refused_url()
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(nominatim_url=url, user_agent=AGENT, nominatim_min_delay=args.min_delay,
                            cache_dir=Path(cache))
        started = time.perf_counter()
        with NominatimGeocoder(settings) as geocoder:
            for name in names:
                try:
                    geocoder.geocode(name)
                except GeocoderError:
                    pass
            sent = geocoder.requests
        print(f"connection refused: {len(names)} names in {time.perf_counter() - started:.3f} s, "
              f"{sent} request(s) sent")
    sock.close()


if __name__ == "__main__":
    main()
