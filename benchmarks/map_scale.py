"""How the map scales: file size, time until the events are drawn, and time per slider step, in
headless Chromium, for synthetic events; beside folium's TimestampedGeoJson on the same events.

    .venv/bin/python benchmarks/map_scale.py                       # 1k, 10k, 100k, 1M
    .venv/bin/python benchmarks/map_scale.py --sizes 1000 100000 --no-folium
    .venv/bin/python benchmarks/map_scale.py --keep /tmp/scale      # keep the pages to look at

Method (as issue 4 measured folium): pages are served over a loopback http.server (fulfilling a
big page through Playwright's route inflates load times); geoevents' page holds its assets (Leaflet,
supercluster, the basemap: the size includes them), folium's CDN assets are routed to the pinned
npm files; map tiles get a blank PNG. Headless Debian Chromium, software rendering, a 1200x800
window.

- ready: milliseconds from navigation start until the events are drawn, one animation frame later
  (geoevents: the page's own ready mark after its first draw; folium: the load event, when
  TimestampedGeoJson has drawn the first time step).
- text: when the browser has read the whole page, popup text included (DOMContentLoaded); a
  popup opened before then waits for it. popup: opening one event's popup after that.
- step: one day forward on the slider, through the page's own API, until the next frame has
  been painted; the median of the last --steps steps of the range (where the cumulative window
  holds nearly every event). geoevents is measured with
  clustering (always on) and filters on (one event type and one country unticked), for each time
  window: a day, a week, everything up to the day. folium: TimestampedGeoJson with a one-day
  window (duration P1D) and cumulative (no duration), circle markers on canvas.

Synthetic events: 30 days, 3,000 places around 60 towns in a dozen countries, a mix of PLOVER types,
death tolls for a third, 5% located only to a country (drawn as its outline), 2% threats, 0.5%
undated, about three events per article. The evidence sentences are real news sentences read at
run time from ../shared/bench (so the text compresses as news does) when it exists, else made up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import glob
import html
import http.server
import json
import math
import random
import re
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoevents.model import Candidate, Event, Location, Mention, Place, Source  # noqa: E402
from geoevents.webmap import CDN_ASSETS, render_map, type_style  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
BLANK_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e10000000049454e44ae426082")
#: the assets folium's TimestampedGeoJson links, to the pinned npm files (benchmark only)
FOLIUM_ASSETS = {
    "https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js": "jquery/dist/jquery.min.js",
    # npm's jquery-ui 1.10 opens with a CommonJS require('jquery') line that breaks in a browser
    "https://cdnjs.cloudflare.com/ajax/libs/jqueryui/1.10.2/jquery-ui.min.js": "jquery-ui/jquery-ui.js",
    "https://cdn.jsdelivr.net/npm/iso8601-js-period@0.2.1/iso8601.min.js": "iso8601-js-period/iso8601.js",
    "https://cdn.jsdelivr.net/npm/leaflet-timedimension@1.1.1/dist/leaflet.timedimension.min.js":
        "leaflet-timedimension/dist/leaflet.timedimension.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/moment.js/2.18.1/moment.min.js": "moment/min/moment.min.js",
    "https://cdn.jsdelivr.net/npm/leaflet-timedimension@1.1.1/dist/leaflet.timedimension.control.css":
        "leaflet-timedimension/dist/leaflet.timedimension.control.css",
    # code highlighting styles the map never uses
    "https://cdnjs.cloudflare.com/ajax/libs/highlight.js/8.4/styles/default.min.css": None,
}
COUNTRIES = ["IQ", "SY", "LB", "JO", "IR", "TR", "YE", "SA", "EG", "LY", "SD", "AF"]
TYPES = [("ASSAULT", 40), ("PROTEST", 18), ("COERCE", 10), ("STATEMENT", 8), ("MOBILIZE", 6),
         ("FIGHT", 6), ("OTHER", 5), ("DISAPPROVE", 4), ("CONSULT", 3)]
WORDS = ("officials said forces struck near the town after clashes late on the day when residents reported "
         "several people were killed and others wounded in the attack according to local sources police "
         "arrested protesters gathered outside government buildings demanding water power and jobs while "
         "militants fired rockets at a base army units moved into the district").split()


# -- synthetic events ------------------------------------------------------------------------------

def real_sentences(limit: int = 120_000) -> list[str]:
    """News sentences from ../shared/bench (read at run time, never stored here); [] when absent."""
    out = []
    for path in sorted(glob.glob(str(ROOT.parent / "shared" / "bench" / "*" / "*.jsonl"))):
        if "tweets" in path:
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    text = json.loads(line).get("text") or ""
                except ValueError:
                    continue
                for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
                    if 60 <= len(s) <= 300:
                        out.append(s)
                        if len(out) >= limit:
                            return out
    return out


def synthetic_events(n: int, seed: int = 7, places: int = 3000):
    """``n`` events (a generator, the same for a given seed) at ``places`` distinct towns."""
    rng = random.Random(seed)
    sentences = real_sentences()
    towns, countries = [], {}
    for k in range(60):
        code = COUNTRIES[k % len(COUNTRIES)]
        lat, lon = rng.uniform(14, 38), rng.uniform(12, 62)
        for j in range(max(1, places // 60)):
            towns.append(Candidate(f"syn:{k}-{j}", f"Town {k}-{j}", lat + rng.gauss(0, 0.8), lon + rng.gauss(0, 0.8),
                                   code, "P", "PPL", rng.randint(1000, 500000)))
    for k, code in enumerate(COUNTRIES):
        lat, lon = 14 + (k % 4) * 7, 12 + (k // 4) * 14
        countries[code] = Candidate(f"country:{code}", f"Country {code}", lat, lon, code, "A", "PCLI", 10_000_000)
    shapes = {c.id: {"type": "Polygon", "coordinates": [[[c.lon + 3 * math.cos(a), c.lat + 3 * math.sin(a)]
                                                         for a in [i * math.pi / 3 for i in range(7)]]]}
              for c in countries.values()}
    type_codes = [t for t, _ in TYPES]
    weights = [w for _, w in TYPES]
    start = dt.date(2024, 3, 1)

    def headline() -> str:
        # a title of its own (news titles do not repeat the evidence sentence)
        words = (rng.choice(sentences) if sentences else " ".join(rng.choice(WORDS) for _ in range(12))).split()
        return " ".join(words[:rng.randint(6, 12)]).rstrip(",.;:")

    def sentence(place: str) -> str:
        if sentences:
            s = rng.choice(sentences)
            # the place goes in at a word boundary
            cut = [m.end() for m in re.finditer(r"\s", s[:len(s) // 2])] or [0]
            i = rng.choice(cut)
            return s[:i] + "in " + place + " " + s[i:]
        return " ".join(rng.choice(WORDS) for _ in range(24)) + f" in {place}."

    def generate():
        doc = 0
        for i in range(n):
            if i % 3 == 0:
                doc += 1
            country_level = rng.random() < 0.05
            c = countries[rng.choice(COUNTRIES)] if country_level else rng.choice(towns)
            text = sentence(c.name)
            p = text.index(c.name)
            day = start + dt.timedelta(days=rng.randrange(30))
            undated = rng.random() < 0.005
            type_ = rng.choices(type_codes, weights)[0]
            fatalities = rng.choice([0, 1, 2, 3, 5, 8, 12, 30]) if type_ in ("ASSAULT", "FIGHT") and rng.random() < 0.7 else None
            if i % 3 == 0:
                title = headline()
            sources = [Source(f"doc-{doc}", text, 0, len(text), title,
                              f"https://news.example.org/{day.isoformat()}/report-{doc}", day, p, p + len(c.name))]
            if rng.random() < 0.2:
                other = sentence(c.name)
                q = other.index(c.name)
                sources.append(Source(f"doc-{doc + n}", other, 0, len(other), headline(),
                                      f"https://wire.example.com/{doc + n}", day, q, q + len(c.name)))
            mention = Mention(p, p + len(c.name), c.name, c.name, "GPE")
            loc = Location(Place(mention, c, 0.9), 3 if country_level else 1, "synthetic")
            yield Event(f"ev-{i}", type_, None if undated else day, "none" if undated else "day", (loc,),
                        f"{type_.capitalize()} in {c.name}" + (f": {fatalities} killed" if fatalities else ""),
                        tuple(sources), actors=(rng.choice(["police", "army", "militants", "protesters"]),),
                        fatalities=fatalities, status="threatened" if rng.random() < 0.02 else "occurred",
                        date_reason="" if not undated else "no date in the text")
    return generate, shapes


# -- pages -------------------------------------------------------------------------------------------

def folium_page(events, *, duration: str | None) -> str:
    """The same events as folium's TimestampedGeoJson (circle markers, popups with the same text)."""
    from folium.plugins import TimestampedGeoJson

    from geoevents.webmap import _EventMap

    def feature(e: Event) -> str:
        c = e.locations[0].place.candidate
        s = type_style(e.type)
        popup = (f"<b>{html.escape(e.type)}</b> {e.date} · {html.escape(c.name)}<br>{html.escape(e.summary)}"
                 + "".join(f"<p><i>{html.escape(x.sentence)}</i><br><a href='{html.escape(x.url or '')}'>"
                           f"{html.escape(x.title or x.doc)}</a> · {html.escape(x.doc)}</p>" for x in e.sources))
        return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                           "properties": {"times": [e.date.isoformat()], "popup": popup, "icon": "circle",
                                          "iconstyle": {"radius": 6, "fillColor": s.color, "color": "#fff",
                                                        "weight": 1, "fillOpacity": 0.9}}})
    # the string is embedded as-is: the same bytes folium writes for the equivalent dict
    data = '{"type": "FeatureCollection", "features": [' + ",".join(
        feature(e) for e in events if e.date and e.occurred) + "]}"
    m = _EventMap(location=[26, 37], zoom_start=4, prefer_canvas=True)
    TimestampedGeoJson(data, period="P1D", duration=duration, auto_play=False, add_last_point=False).add_to(m)
    return m.get_root().render()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def route_assets(context, node_modules: Path, unmapped: list) -> None:
    def handle(route):
        url = route.request.url
        if re.match(r"^https://([abc]\.)?tile\.openstreetmap\.org/", url):
            return route.fulfill(body=BLANK_PNG, headers={"Content-Type": "image/png"})
        if url in CDN_ASSETS:
            package, inner = CDN_ASSETS[url]
            return route.fulfill(path=str(node_modules / package / inner))
        if url in FOLIUM_ASSETS:
            inner = FOLIUM_ASSETS[url]
            if inner is None:
                return route.fulfill(body="", headers={"Content-Type": "text/css"})
            body = (node_modules / inner).read_text(encoding="utf-8")
            body = re.sub(r"^var jQuery = require\('jquery'\);", "", body)
            kind = "text/css" if inner.endswith(".css") else "application/javascript"
            return route.fulfill(body=body, headers={"Content-Type": kind})
        # leaflet.timedimension's CSS asks for Bootstrap 3 glyphicon fonts: not on npm, and
        # irrelevant to timing; anything else unmapped is reported
        unmapped.append(url)
        return route.fulfill(status=404, body="")
    # only https: the page itself comes straight from the loopback server
    context.route(re.compile(r"^https://"), handle)


SETTLE = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
INIT = """addEventListener('load', () => requestAnimationFrame(() => { window.__loadAt = performance.now(); }));"""


def measure_geoevents(page, url: str, steps: int, timeout: float) -> dict:
    page.goto(url, timeout=timeout)
    page.wait_for_function("() => document.documentElement.getAttribute('data-geoevents-ready') === 'true'",
                           timeout=timeout, polling=50)
    ready = page.evaluate("() => window.geoeventsMaps[0].readyAt")
    info = page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
        // filters on: one event type and one country unticked
        em.setTypes(em.tables.types.slice(1).map(t => t[0]));
        em.setCountries(em.tables.countries.slice(1).map(c => c[0]));
        return {days: em.nDays, heap: performance.memory ? performance.memory.usedJSHeapSize : null}; }""")
    out = {"ready": ready / 1000, "heap": info["heap"]}
    # the last steps of the range: the cumulative window then holds nearly every event
    first = max(0, info["days"] - 1 - steps)
    for mode in ("day", "week", "all"):
        times = page.evaluate("""async ([mode, first, steps]) => {
            const em = window.geoeventsMaps[0].eventMap, settle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
            em.setMode(mode); em.setEnd(first); await settle();
            const times = [];
            for (let k = 1; k <= steps; k++) {
                const t0 = performance.now(); em.setEnd(first + k); await settle(); times.push(performance.now() - t0);
            }
            return {times, state: em.current};
        }""", [mode, first, steps])
        out[f"step_{mode}"] = statistics.median(times["times"]) / 1000
        out[f"drawn_{mode}"] = times["state"]
    # the popup text comes after the code: when has the browser read all of it, and how long
    # does a popup then take
    page.wait_for_function("() => document.readyState !== 'loading'", timeout=timeout, polling=100)
    out["text"] = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventStart") / 1000
    out["popup"] = page.evaluate("""async () => {
        const em = window.geoeventsMaps[0].eventMap, t0 = performance.now();
        await em.openRow(Math.floor(em.n / 2));
        await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0; }""") / 1000
    return out


def measure_folium(page, url: str, steps: int, timeout: float) -> dict:
    page.goto(url, timeout=timeout, wait_until="load")
    page.wait_for_function("() => window.__loadAt !== undefined", timeout=timeout, polling=50)
    ready = page.evaluate("() => window.__loadAt")
    times = page.evaluate("""async (steps) => {
        const map = window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].timeDimension)];
        const td = map.timeDimension, n = td.getAvailableTimes().length, first = Math.max(0, n - 1 - steps);
        const settle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        const go = i => new Promise(r => { td.once('timeload', r); td.setCurrentTimeIndex(i); });
        await go(first); await settle();
        const times = [];
        for (let k = 1; k <= steps; k++) { const t0 = performance.now(); await go(first + k); await settle(); times.push(performance.now() - t0); }
        return {times, heap: performance.memory ? performance.memory.usedJSHeapSize : null};
    }""", steps)
    return {"ready": ready / 1000, "step": statistics.median(times["times"]) / 1000, "heap": times["heap"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000, 1_000_000])
    ap.add_argument("--steps", type=int, default=8, help="slider steps to time per window (median reported)")
    ap.add_argument("--no-folium", action="store_true", help="measure geoevents' page only")
    ap.add_argument("--folium-max", type=int, default=100_000,
                    help="largest size to build folium's pages at (they grow ~710 bytes an event)")
    ap.add_argument("--keep", type=Path, help="write the pages here and keep them")
    ap.add_argument("--places", type=int, default=3000,
                    help="distinct places the events happen at (a gazetteer-based geoparser puts every event in a "
                         "town on the town's point; raise it to see the worst case)")
    ap.add_argument("--timeout", type=float, default=180, help="seconds a page may take to load")
    a = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is absent: apt-get install -y chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from geoevents.webmap import node_modules_dir

    modules = node_modules_dir()
    folder = a.keep or Path(tempfile.mkdtemp(prefix="map_scale_"))
    folder.mkdir(parents=True, exist_ok=True)
    server = serve(folder)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    print(f"# pages in {folder}; Chromium {CHROMIUM}, headless, software rendering, 1200x800", file=sys.stderr)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for n in a.sizes:
            generate, shapes = synthetic_events(n, places=a.places)
            t0 = time.perf_counter()
            page_html = render_map(generate(), title=f"{n} synthetic events", shapes=shapes)
            build = time.perf_counter() - t0
            name = f"geoevents_{n}.html"
            (folder / name).write_text(page_html, encoding="utf-8")
            size = len(page_html.encode("utf-8"))
            del page_html
            pages = [("geoevents", name, size, build, None)]
            if not a.no_folium and n > a.folium_max:
                per_event = max((r["mb"] / r["events"] for r in rows if r["page"].startswith("folium")), default=None)
                guess = f"about {per_event * n:,.0f} MB of HTML, " if per_event else ""
                for label in ("folium TimestampedGeoJson, 1-day window", "folium TimestampedGeoJson, cumulative"):
                    rows.append({"events": n, "page": label, "mb": per_event * n if per_event else float("nan"),
                                 "build": float("nan"), "error": f"not attempted: {guess}over --folium-max"})
            if not a.no_folium and n <= a.folium_max:
                for label, duration in (("folium TimestampedGeoJson, 1-day window", "P1D"),
                                        ("folium TimestampedGeoJson, cumulative", None)):
                    t0 = time.perf_counter()
                    fhtml = folium_page(generate(), duration=duration)
                    fname = f"folium_{'day' if duration else 'cumulative'}_{n}.html"
                    (folder / fname).write_text(fhtml, encoding="utf-8")
                    pages.append((label, fname, len(fhtml.encode("utf-8")), time.perf_counter() - t0, duration))
                    del fhtml
            for label, fname, size, build, _ in pages:
                context = browser.new_context(viewport={"width": 1200, "height": 800})
                unmapped: list[str] = []
                route_assets(context, modules, unmapped)
                page = context.new_page()
                page.add_init_script(INIT)
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                row = {"events": n, "page": label, "mb": size / 1e6, "build": build}
                try:
                    if label == "geoevents":
                        row.update(measure_geoevents(page, base + fname, a.steps, a.timeout * 1000))
                    else:
                        row.update(measure_folium(page, base + fname, a.steps, a.timeout * 1000))
                except PlaywrightError as e:
                    row["error"] = str(e).splitlines()[0][:120]
                if errors:
                    row["error"] = (row.get("error", "") + " pageerror: " + errors[0])[:160]
                unmapped = [u for u in unmapped if "glyphicons-halflings" not in u]
                if unmapped:
                    row["error"] = (row.get("error", "") + f" unmapped: {unmapped[:2]}")[:160]
                context.close()
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
            if not a.keep:
                for f in folder.glob(f"*_{n}.html"):
                    f.unlink()
        browser.close()
    server.shutdown()

    def s(v):
        return "–" if v is None else f"{v:.3f}"
    print("| events | page | HTML MB | build s | ready s | step: day | step: week | step: all up to now "
          "| text read s | popup s | JS heap MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        heap = f"{r['heap'] / 1e6:.0f}" if r.get("heap") else "–"
        if str(r.get("error", "")).startswith("not attempted"):
            print(f"| {r['events']:,} | {r['page']} | ~{r['mb']:.0f} | | {r['error']} | | | | | | |")
        elif "error" in r:
            print(f"| {r['events']:,} | {r['page']} | {r['mb']:.1f} | {r['build']:.1f} | failed: {r['error']} "
                  "| | | | | | |")
        elif r["page"] == "geoevents":
            print(f"| {r['events']:,} | geoevents | {r['mb']:.1f} | {r['build']:.1f} | {s(r['ready'])} | "
                  f"{s(r['step_day'])} | {s(r['step_week'])} | {s(r['step_all'])} | {s(r['text'])} | "
                  f"{s(r['popup'])} | {heap} |")
        else:
            day = s(r["step"]) if "1-day" in r["page"] else "–"
            cum = s(r["step"]) if "cumulative" in r["page"] else "–"
            print(f"| {r['events']:,} | {r['page']} | {r['mb']:.1f} | {r['build']:.1f} | {s(r['ready'])} | {day} | – | "
                  f"{cum} | {s(r['ready'])} | – | {heap} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
