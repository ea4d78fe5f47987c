"""Browser fixtures: Debian's Chromium driven by Playwright, with no internet.

Every request the page makes is answered locally: the CDN assets the map links are served from
the pinned npm packages (geoevents.webmap.CDN_ASSETS -> node_modules), map tiles get a blank PNG,
and anything else is aborted and recorded, so a test fails on an asset nobody pinned. Console
errors and uncaught page errors fail the test too.

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
    try:
        node_modules_dir()
    except Exception as e:  # the ConfigurationError says how to install them
        return str(e)
    return None


@dataclass
class PageLog:
    """What the page did that a test may assert on."""

    errors: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)


def route_offline(context, log: PageLog) -> None:
    """Answer every request locally (see the module doc)."""
    modules = node_modules_dir()

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", LOOPBACK)):
            route.continue_()
            return
        if TILE_URL.match(url):
            route.fulfill(status=200, body=BLANK_PNG, headers={"Content-Type": "image/png"})
            return
        file = asset_path(url, modules)
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


@pytest.fixture
def page(browser):
    """A fresh page with offline routing; fails the test on console errors, page errors and
    requests for assets nobody pinned."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    log = PageLog()
    route_offline(context, log)
    pg = context.new_page()
    pg.set_default_timeout(8000)
    pg.on("console", lambda m: log.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: log.errors.append(f"pageerror: {e}"))
    pg.geolog = log
    yield pg
    context.close()
    assert not log.unmapped, f"requests for assets with no pinned local copy: {log.unmapped}"
    assert not log.errors, f"errors in the page: {log.errors}"


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


__all__ = ["browser", "page", "open_map", "map_state", "route_offline", "PageLog", "CDN_ASSETS", "BLANK_PNG",
           "chromium_missing_reason", "HeldBackPage"]
