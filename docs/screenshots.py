"""Draw the README's screenshots of the demo map: desktop, an event's popup, a phone.

    .venv/bin/geoevents map examples/ --offline -o output/ --title "geoevents demo"
    .venv/bin/python docs/screenshots.py output/map.html docs/

Opens the page in Debian's Chromium (Playwright) with the network cut, as the browser tests do:
the map draws from what it embeds, with its own basemap (tiles are refused). Writes
``map-desktop.png`` (1280x800), ``map-popup.png`` (the first event's popup) and ``map-phone.png``
(390x844).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _offline(context, page_url: str) -> None:
    context.route("**/*", lambda route: route.continue_() if route.request.url == page_url else route.abort())


def _ready(page) -> None:
    page.wait_for_function("() => window.geoevents && window.geoevents.core")
    page.wait_for_timeout(800)  # the basemap and markers settle after the first frame


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("page", type=Path, help="the map.html to photograph")
    ap.add_argument("out", type=Path, help="folder for the PNG files")
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    url = a.page.resolve().as_uri()
    a.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        desktop = browser.new_context(viewport={"width": 1280, "height": 800})
        _offline(desktop, url)
        page = desktop.new_page()
        page.goto(url)
        _ready(page)
        page.screenshot(path=str(a.out / "map-desktop.png"))
        page.get_by_role("button", name="List").click()
        page.wait_for_timeout(300)
        page.locator(".ge-results button, .ge-results a").first.click()
        page.wait_for_selector(".leaflet-popup-content")
        page.wait_for_timeout(500)
        page.screenshot(path=str(a.out / "map-popup.png"))
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                    device_scale_factor=2)
        _offline(phone, url)
        page = phone.new_page()
        page.goto(url)
        _ready(page)
        page.screenshot(path=str(a.out / "map-phone.png"))
        browser.close()
    print(f"wrote {a.out / 'map-desktop.png'}, map-popup.png, map-phone.png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
