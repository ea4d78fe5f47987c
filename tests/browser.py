"""Browser fixtures: Debian's Chromium driven by Playwright, with no internet.

Every request but the page's own file is aborted, as on a laptop with the network cut: the map
tiles (recorded in ``PageLog.tiles``, so a test can see the page asked and coped), and anything
else (recorded in ``PageLog.unmapped``, which fails the test: the default page embeds every
asset). A page written with ``cdn=True`` is opened through ``page_cdn``, which serves the CDN
assets from the pinned npm packages (geoevents.webmap.CDN_ASSETS -> node_modules). Console errors
and uncaught page errors fail the test too, except the browser's own note of an aborted tile.

Use from a test module::

    from browser import browser, page  # noqa: F401  (pytest fixtures)
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geoevents.webmap import CDN_ASSETS, asset_path, node_modules_dir

CHROMIUM = os.environ.get("GEOEVENTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: a 1x1 light grey PNG, for tile requests
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGN49+7dfwAJYgPK1Rd34wAAAABJRU5ErkJggg==")
TILE_URL = re.compile(r"^https://([abc]\.)?tile\.openstreetmap\.org/\d+/\d+/\d+\.png$")
_CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png"}
#: pages a test serves itself (HeldBackPage) load as they are
LOOPBACK = "http://127.0.0.1:"


def chromium_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return (f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the "
                "browser tests; CI (.ci/run) always does")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python) is not installed: pip install -e '.[test]'"
    return None


@dataclass
class PageLog:
    """What the page did that a test may assert on."""

    errors: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)


def route_offline(context, log: PageLog, *, cdn: bool = False, tiles: bool = False) -> None:
    """Abort every request but the page's own (see the module doc); ``cdn``: serve the CDN
    assets from node_modules; ``tiles``: answer tiles with a blank PNG instead of aborting."""
    modules = node_modules_dir() if cdn else None

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", LOOPBACK)):
            route.continue_()
            return
        if TILE_URL.match(url):
            log.tiles.append(url)
            if tiles:
                route.fulfill(status=200, body=BLANK_PNG, headers={"Content-Type": "image/png"})
            else:
                route.abort()
            return
        file = asset_path(url, modules) if cdn else None
        if file is not None and file.is_file():
            log.served.append(url)
            route.fulfill(status=200, body=file.read_bytes(),
                          headers={"Content-Type": _CONTENT_TYPES.get(file.suffix, "application/octet-stream")})
            return
        log.unmapped.append(url)
        route.abort()

    context.route("**/*", handle)


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, *, viewport=(1200, 800), cdn: bool = False, tiles: bool = False, **options):
    """A new page in a context of its own, routed as the module doc says, its errors logged in
    ``page.geolog`` (a PageLog). Close it with ``page.context.close()``."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **options)
    log = PageLog()
    route_offline(context, log, cdn=cdn, tiles=tiles)
    pg = context.new_page()
    pg.set_default_timeout(8000)

    def console(m):
        # the browser's own line for a tile request the test aborted is not the page's error
        if m.type == "error" and not TILE_URL.match((m.location or {}).get("url") or ""):
            log.errors.append(f"console.{m.type}: {m.text}")
    pg.on("console", console)
    pg.on("pageerror", lambda e: log.errors.append(f"pageerror: {e}"))
    pg.geolog = log
    return pg


def check_page_log(log: PageLog) -> None:
    assert not log.unmapped, f"requests other than the page's own file and tiles: {log.unmapped}"
    assert not log.errors, f"errors in the page: {log.errors}"


@pytest.fixture
def page(browser):
    """A fresh 1200x800 page, the network cut; fails the test on console errors, page errors and
    any request but the file's own and tiles."""
    pg = open_page(browser)
    yield pg
    pg.context.close()
    check_page_log(pg.geolog)


@pytest.fixture
def phone(browser):
    """The same at a phone's 390x844 (CSS px), touch and a device pixel ratio of 3."""
    pg = open_page(browser, viewport=(390, 844), device_scale_factor=3, is_mobile=True, has_touch=True)
    yield pg
    pg.context.close()
    check_page_log(pg.geolog)


@pytest.fixture
def page_cdn(browser):
    """A 1200x800 page whose CDN assets are served from the pinned npm packages (a --cdn map)."""
    try:
        node_modules_dir()
    except Exception as e:  # the ConfigurationError says how to install them
        pytest.skip(str(e))
    pg = open_page(browser, cdn=True)
    yield pg
    pg.context.close()
    check_page_log(pg.geolog)


class HeldBackPage:
    """One HTML page served over loopback HTTP in two parts: everything before the first
    occurrence of ``hold_at`` at once, the rest only after :meth:`release`. The browser meanwhile
    runs what it has (a map draws its events) while the document is still loading, as it does
    with a large map on a slow disk or network.

    Use as a context manager; ``url`` is the page's address.
    """

    def __init__(self, html: str, hold_at: str, timeout: float = 20.0):
        import http.server
        import threading

        data = html.encode("utf-8")
        cut = data.index(hold_at.encode("utf-8"))
        self._gate = threading.Event()
        gate = self._gate

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                if self.path != "/map.html":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data[:cut])
                    self.wfile.flush()
                    gate.wait(timeout)
                    self.wfile.write(data[cut:])
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"{LOOPBACK}{self._server.server_address[1]}/map.html"

    def __enter__(self) -> "HeldBackPage":
        self._thread.start()
        return self

    def release(self) -> None:
        """Send the rest of the page."""
        self._gate.set()

    def __exit__(self, *exc) -> None:
        self._gate.set()
        self._server.shutdown()
        self._server.server_close()


def open_map(page, path: Path, timeout: float = 15_000) -> None:
    """Load a map page and wait until its events are drawn."""
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_function("() => document.documentElement.getAttribute('data-geoevents-ready') === 'true'"
                           " || document.querySelector('.ge-error')", timeout=timeout)
    error = page.query_selector(".ge-error")
    assert error is None, error.text_content()


def map_state(page) -> dict:
    """What the map shows now (geoevents' own account: rows selected, markers, clusters ...)."""
    return page.evaluate("() => Object.assign({}, window.geoeventsMaps[0].eventMap.current)")


__all__ = ["browser", "page", "phone", "page_cdn", "open_page", "check_page_log", "open_map", "map_state",
           "route_offline", "PageLog", "CDN_ASSETS", "BLANK_PNG", "chromium_missing_reason", "HeldBackPage"]
