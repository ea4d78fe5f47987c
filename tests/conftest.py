"""Shared test fixtures."""

from __future__ import annotations

import pytest

# -- Nominatim: a real local server (tests/nominatim_server.py) and a clock that never sleeps ----

from nominatim_server import NominatimServer, refused_url

TEST_AGENT = "geoevents-test-suite/0.1 (tests@localhost)"


class FakeTime:
    """A monotonic clock that moves only when someone sleeps: throttling is checked without waiting."""

    def __init__(self, start: float = 1000.0):
        self.t = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.t += seconds


@pytest.fixture
def no_proxy(monkeypatch):
    """geopy's urllib adapter honours HTTP_PROXY; requests to 127.0.0.1 must not go through one."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def nominatim_server(no_proxy):
    """A Nominatim look-alike on 127.0.0.1 (its ``.requests`` are what it saw)."""
    with NominatimServer() as server:
        yield server


@pytest.fixture
def refused_nominatim_url(no_proxy):
    """A URL on 127.0.0.1 where connections are refused."""
    url, sock = refused_url()
    yield url
    sock.close()


@pytest.fixture
def nominatim_settings(nominatim_server, tmp_path):
    """Settings that send the fallback to the local server, with an identifying agent and a
    cache of its own."""
    from geoevents.config import Settings

    return Settings(nominatim_url=nominatim_server.url, user_agent=TEST_AGENT, nominatim_timeout=0.5,
                    nominatim_min_delay=1.0, cache_dir=tmp_path / "cache")


@pytest.fixture
def make_geocoder(nominatim_settings, fake_time):
    """``make_geocoder(**setting_changes)``: a NominatimGeocoder on the fake clock, closed after the test."""
    from geoevents.nominatim import NominatimGeocoder

    made = []

    def make(settings=None, **changes):
        geocoder = NominatimGeocoder((settings or nominatim_settings).replace(**changes),
                                     clock=fake_time.now, sleep=fake_time.sleep)
        made.append(geocoder)
        return geocoder

    yield make
    for geocoder in made:
        geocoder.close()
