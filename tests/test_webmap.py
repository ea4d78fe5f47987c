"""The map page: the payload it embeds (pure), the HTML it renders, and what a user sees in a
real browser (Debian's Chromium through Playwright, offline; see tests/browser.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from array import array
from pathlib import Path

import pytest

from browser import HeldBackPage, browser, map_state, open_map, page, page_cdn, phone  # noqa: F401  (pytest fixtures)
from geoevents.errors import ConfigurationError
from geoevents.model import Source
from geoevents import webmap
from geoevents.webmap import (CDN_ASSETS, DETAIL_CHUNK, TYPE_STYLES, build_vendor, decode7, encode7,
                              fold_told_twice, highlight_span, inflate, map_payload, render_map, type_style, write_map)
from sample_events import BASRA, HOSTILE, IRAQ, IRAQ_SHAPE, KABUL, MOSUL, location, sample_events, simple_event, source


def unpack(payload: dict) -> tuple[dict, dict, list]:
    """Decode a payload the way the page does: columns (byte planes joined, differences summed,
    each row's latitude, longitude and country taken from its place), tables and the unplaced list."""
    raw = inflate(payload["blobs"]["columns"])
    sizes = {"Float32": ("f", 4), "Int32": ("i", 4), "Uint32": ("I", 4), "Uint16": ("H", 2), "Uint8": ("B", 1)}
    n, cols = payload["n"], {}
    for name, kind, offset, delta in payload["layout"]:
        code, size = sizes[kind]
        planes = raw[offset:offset + size * n]
        joined = bytes(planes[b * n + i] for i in range(n) for b in range(size))
        values = array(code, joined).tolist()
        if delta:
            for i in range(1, n):
                values[i] = (values[i] + values[i - 1]) % (1 << 32) if code == "I" else values[i] + values[i - 1]
        cols[name] = values
    tables = json.loads(inflate(payload["blobs"]["tables"]))
    unplaced = json.loads(inflate(payload["blobs"]["unplaced"]))
    places = tables["places"]
    cols["lat"] = [places[p][5] for p in cols["place"]]
    cols["lon"] = [places[p][6] for p in cols["place"]]
    cols["country"] = [places[p][1] for p in cols["place"]]
    return cols, tables, unplaced


def text_table(payload: dict) -> list[str]:
    return [t for chunk in payload["details"]["texts"] for t in json.loads(inflate(chunk))]


def records(payload: dict, kind: str = "events") -> list:
    """Every event record (or article record, kind="docs") of a payload, in index order, with
    the text numbers replaced by the text as the page does: an event's sources become
    [article, sentence, highlight start, highlight end, start, end], an article's title its text."""
    texts = text_table(payload)
    out = []
    for chunk in payload["details"][kind]:
        out += [list(r) for r in zip(*json.loads(inflate(chunk)))]
    for r in out:
        if kind == "events":
            r[10] = [[s[0], texts[s[1]], s[2], s[2] + s[3] if s[2] >= 0 else -1, s[4], s[4] + s[5]] for s in r[10]]
        else:
            r[1] = texts[r[1]] if r[1] >= 0 else None
    return out


# -- the payload ---------------------------------------------------------------------------------

def test_payload_rows_days_and_what_is_left_out():
    payload = map_payload(sample_events(), shapes={IRAQ.id: IRAQ_SHAPE})
    cols, tables, unplaced = unpack(payload)
    # 8 dated and located events (one a threat), the undated one listed, the background one left out
    assert payload["n"] == 8
    assert payload["origin"] == "2020-01-01" and payload["days"] == 20
    assert cols["start"] == sorted(cols["start"])
    statuses = [tables["statuses"][s] for s in cols["status"]]
    assert statuses.count("threatened") == 1 and statuses.count("occurred") == 7
    assert [u["type"] for u in unplaced] == ["OTHER:disaster"]
    assert "no date" in unplaced[0]["why"] and tables["places"][unplaced[0]["place"]][0] == "Yemen"
    assert payload["counts"]["background"] == 1
    # the month-precision country event spans its bounds and is drawn as the country's shape
    row = [i for i in range(payload["n"]) if tables["places"][cols["place"][i]][0] == "Iraq"][0]
    assert (cols["start"][row], cols["end"][row]) == (0, 19)
    assert cols["precision"][row] == 3
    place = tables["places"][cols["place"][row]]
    assert tables["shapes"][place[3]]["type"] == "Polygon"
    # points keep their coordinates (float32) and fatalities (-1 unknown)
    kabul = [i for i in range(payload["n"]) if tables["places"][cols["place"][i]][0] == "Kabul"][0]
    assert cols["lat"][kabul] == pytest.approx(KABUL.lat, abs=1e-4)
    assert cols["lon"][kabul] == pytest.approx(KABUL.lon, abs=1e-4)
    assert cols["fatalities"][kabul] == 32
    assert tables["types"][cols["type"][kabul]][0] == "ASSAULT"
    assert tables["countries"][cols["country"][kabul]] == ["AF", "Afghanistan"]


def test_payload_records_follow_rows_and_keep_every_source():
    payload = map_payload(sample_events())
    cols, tables, _ = unpack(payload)
    events, docs = records(payload), records(payload, "docs")
    assert len(events) == payload["counts"]["events"] == 8  # the undated one is in the unplaced list
    assert sorted(set(cols["event"])) == list(range(8))
    mosul = [d for d in events if d[0] == "ev-mosul"][0]
    assert [docs[s[0]][0] for s in mosul[10]] == ["a.txt", "b.txt"]
    assert docs[mosul[10][0][0]][1:] == ["Checkpoint attacked in Mosul",
                                         "https://news.example.org/2020/01/07/mosul-checkpoint", "2020-01-07"]
    sentence, a, b = mosul[10][0][1], mosul[10][0][2], mosul[10][0][3]
    assert sentence[a:b] == "Mosul"
    assert mosul[7] == ["insurgents"] and mosul[9] == 12 and mosul[16] == 7
    # an article is stored once however many events it tells
    assert len(docs) == len({d[0] for d in docs})


def test_payload_chunks_popup_text():
    events = [simple_event(i, dt.date(2021, 3, 1) + dt.timedelta(days=i % 40)) for i in range(DETAIL_CHUNK + 5)]
    payload = map_payload(events)
    assert len(payload["details"]["events"]) == 2 and len(payload["details"]["docs"]) == 2
    assert len(records(payload)) == DETAIL_CHUNK + 5


def test_an_event_in_two_places_is_two_rows_and_one_record():
    e = simple_event(1, dt.date(2020, 5, 1))
    two = e.__class__(**{**e.__dict__, "locations": e.locations + simple_event(2, None, candidate=KABUL).locations})
    payload = map_payload([two])
    cols, tables, _ = unpack(payload)
    assert sorted(tables["places"][p][0] for p in cols["place"]) == ["Kabul", "Mosul"]
    assert cols["event"] == [0, 0] and len(records(payload)) == 1
    assert sorted(tables["places"][loc[0]][0] for loc in records(payload)[0][11]) == ["Kabul", "Mosul"]


def test_each_distinct_text_is_stored_once_in_sorted_order():
    # one sentence tells two events (a strike and the protest it set off), and a second outlet
    # printed the sentence with one word changed; a title repeats the sentence's opening
    article = "Police fired tear gas at marchers in Basra on Friday after a strike on a depot in Mosul."
    copy = article.replace("Friday", "Friday morning")
    day = dt.date(2020, 3, 6)
    strike = simple_event(1, day)
    strike = strike.__class__(**{**strike.__dict__, "sources": (
        source("wire-1", article, article, "Mosul", title="Police fired tear gas at marchers in Basra"),
        source("paper-2", copy, copy, "Mosul", title="Tear gas in Basra"))})
    protest = simple_event(2, day, "PROTEST", BASRA)
    protest = protest.__class__(**{**protest.__dict__, "sources": (source("wire-1", article, article, "Basra"),)})
    payload = map_payload([strike, protest])
    texts = text_table(payload)
    assert texts == sorted(texts) and len(texts) == len(set(texts)) == 4
    events = {r[0]: r for r in records(payload)}
    assert events["e1"][10][0][1] == events["e2"][10][0][1] == article
    assert events["e1"][10][1][1] == copy
    # the highlight still finds each event's own place in the shared sentence
    assert [article[s[2]:s[3]] for s in (events["e1"][10][0], events["e2"][10][0])] == ["Mosul", "Basra"]
    assert {d[0]: d[1] for d in records(payload, "docs")} == {"wire-1": "Police fired tear gas at marchers in Basra",
                                                             "paper-2": "Tear gas in Basra"}
    # the two tellings of one sentence are neighbours in the table (deflate then stores the second
    # as a reference to the first)
    assert abs(texts.index(article) - texts.index(copy)) == 1


def test_columns_survive_packing_for_many_rows():
    # enough rows that the byte planes and the differences matter, events numbered out of row order
    events = [simple_event(i, dt.date(2019, 1, 1) + dt.timedelta(days=(i * 37) % 700),
                           candidate=[MOSUL, BASRA, KABUL][i % 3], fatalities=(i * 7) % 300 if i % 4 else None)
              for i in range(700)]
    payload = map_payload(events)
    cols, tables, _ = unpack(payload)
    origin = dt.date.fromisoformat(payload["origin"])
    recs = records(payload)
    assert cols["start"] == sorted(cols["start"]) and len(set(cols["event"])) == 700
    for i in range(0, 700, 13):
        e = events[int(recs[cols["event"][i]][0][1:])]
        assert origin + dt.timedelta(days=cols["start"][i]) == e.date == origin + dt.timedelta(days=cols["end"][i])
        assert cols["fatalities"][i] == (-1 if e.fatalities is None else e.fatalities)
        assert tables["places"][cols["place"][i]][0] == e.locations[0].place.candidate.name
        assert cols["lat"][i] == pytest.approx(e.locations[0].place.candidate.lat, abs=1e-5)


def test_coarse_dates_cover_their_calendar_unit():
    week = simple_event(1, dt.date(2020, 2, 12))  # a Wednesday
    week = week.__class__(**{**week.__dict__, "time_precision": "week"})
    year = simple_event(2, dt.date(2019, 6, 1))
    year = year.__class__(**{**year.__dict__, "time_precision": "year"})
    payload = map_payload([week, year])
    cols, _, _ = unpack(payload)
    origin = dt.date.fromisoformat(payload["origin"])
    spans = sorted((origin + dt.timedelta(s), origin + dt.timedelta(e)) for s, e in zip(cols["start"], cols["end"]))
    assert spans == [(dt.date(2019, 1, 1), dt.date(2019, 12, 31)), (dt.date(2020, 2, 10), dt.date(2020, 2, 16))]


def test_no_events_gives_an_empty_payload():
    payload = map_payload([])
    assert payload["n"] == 0 and payload["days"] == 0 and payload["origin"] is None


@pytest.mark.parametrize("data", [b"", b"\x00", b"<", b"\r\r\r", bytes(range(256)) * 3, b"\x00" * 7,
                                  b"\x3c\x78\x1e\x0f\x07\x83\xc1\xe0\xf0x"])
def test_encode7_round_trip_and_is_safe_in_a_script_element(data):
    text = encode7(data)
    assert decode7(text, len(data)) == data
    assert not set(text) & {"<", "\r", "\0"}
    assert len(text.encode("utf-8")) <= -(-len(data) * 8 // 7) + 1


def test_encode7_random_data():
    import random
    data = random.Random(3).randbytes(20_000)
    text = encode7(data)
    assert decode7(text, len(data)) == data
    assert len(text.encode("utf-8")) < len(data) * 1.15  # base64 would be 1.33


def test_highlight_span():
    s = Source("d", "Shelling hit Mosul at dawn.", 100, 127, place_start=113, place_end=118)
    assert highlight_span(s) == (13, 18)
    # offsets outside the sentence: fall back on the place's text
    s2 = Source("d", "Shelling hit Mosul at dawn.", 100, 127, place_start=5, place_end=10)
    assert highlight_span(s2, "mosul") == (13, 18)
    assert highlight_span(Source("d", "Nothing here.", 0, 13), "Mosul") is None


def test_each_other_label_is_drawn_with_its_own_style():
    e = simple_event(1, dt.date(2020, 5, 1))
    said = dataclasses.replace(e, type="OTHER", label="statement")
    flood = dataclasses.replace(simple_event(2, dt.date(2020, 5, 2)), type="OTHER", label="disaster")
    unlabelled = dataclasses.replace(simple_event(3, dt.date(2020, 5, 3)), type="OTHER")
    _, tables, _ = unpack(map_payload([said, flood, unlabelled]))
    codes = {t[0]: t for t in tables["types"]}
    assert set(codes) == {"OTHER:statement", "OTHER:disaster", "OTHER"}
    assert codes["OTHER:statement"][1].startswith("Statement") and codes["OTHER:statement"][3] == "circle"
    assert codes["OTHER:disaster"][1].startswith("Disaster") and codes["OTHER:disaster"][4] == "Other happenings"
    assert len({codes[c][2] for c in codes}) == 3
    # every OTHER label the event stage gives, and every PLOVER 2021 type, has a look of its own
    labels = ["statement", "disaster", "weather", "accident", "disease", "death", "election", "legal", "economic",
              "sport", "politics", "science", "other"]
    plover = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST", "REJECT",
              "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"]
    looks = [(type_style(c).color, type_style(c).shape) for c in plover + [f"OTHER:{k}" for k in labels]]
    assert len(set(looks)) == len(looks)
    assert all(c in TYPE_STYLES for c in plover + [f"OTHER:{k}" for k in labels])


def test_a_happening_told_at_a_country_and_at_a_town_is_one_event():
    # one article: an earthquake struck Iraq and Syria (country level, no toll) and was centred
    # near Mosul, killing 40: one event at Mosul with both sentences, Syria still shaded
    text = "An earthquake struck Iraq and Syria on Monday. It was centred near Mosul and killed 40 people."
    day = dt.date(2023, 2, 6)
    syria = dataclasses.replace(IRAQ, id="geonames:163843", name="Syria", country="SY", lat=35.0, lon=38.0)
    countries = dataclasses.replace(
        simple_event(1, day, "OTHER"), label="disaster", summary="An earthquake struck Iraq and Syria.",
        locations=(location(IRAQ, "Iraq", text.index("Iraq"), 3), location(syria, "Syria", text.index("Syria"), 3)),
        sources=(source("quake", text, text.split(". ")[0] + ".", "Iraq"),))
    town = dataclasses.replace(
        simple_event(2, day, "OTHER"), label="disaster", summary="It was centred near Mosul.", fatalities=40,
        locations=(location(MOSUL, "Mosul", text.index("Mosul")),),
        sources=(source("quake", text, text.split(". ")[1], "Mosul"),))
    elsewhere = dataclasses.replace(town, id="e3", sources=(source("other-article", text, text, "Mosul"),))
    folded = fold_told_twice([countries, town])
    assert [e.id for e in folded] == ["e2"]
    one = folded[0]
    assert [loc.place.candidate.name for loc in one.locations] == ["Mosul", "Syria"]
    assert one.fatalities == 40 and len(one.sources) == 2
    payload = map_payload([countries, town])
    assert payload["counts"]["events"] == 1 and payload["n"] == 2
    # another article's telling, or another type, is left alone
    assert len(fold_told_twice([countries, elsewhere])) == 2
    assert len(fold_told_twice([countries, dataclasses.replace(town, label="accident")])) == 2


def test_unknown_type_gets_a_stable_style():
    assert type_style("ASSAULT").shape == "star"
    assert type_style("NEWTYPE") == type_style("NEWTYPE")
    assert type_style("NEWTYPE").color.startswith("#")


# -- the HTML ----------------------------------------------------------------------------------

def test_hostile_text_cannot_close_the_data_element():
    page_html = render_map(sample_events(), title=HOSTILE)
    # the only <script> elements are the CDN links, the folium/geoevents code and the JSON data
    assert page_html.count("<script") == page_html.count("</script>")
    assert "<title>&lt;script&gt;window.__pwned" in page_html  # the title is escaped
    assert "<img src=x" not in page_html and "<svg onload" not in page_html
    data = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page_html, re.S).group(1)
    assert "<" not in data and ">" not in data
    assert json.loads(data)["title"] == HOSTILE
    for chunk in re.findall(r'<script type="application/octet-stream" id="[^"]+">(.*?)</script>', page_html, re.S):
        assert not set(chunk) & {"<", "\r", "\0"}


def test_template_syntax_in_text_is_not_evaluated():
    # branca renders Elements as Jinja templates: data must never go through one
    title = "{{ 7 * 7 }} {% if true %}x{% endif %} {# c #}"
    events = [simple_event(1, dt.date(2020, 1, 1))]
    events[0] = events[0].__class__(**{**events[0].__dict__, "summary": "{{ 6 * 6 }}"})
    page_html = render_map(events, title=title)
    assert "{{ 7 * 7 }}" in page_html and "49" not in page_html.split("<title>")[1].split("</title>")[0]
    payload_json = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page_html, re.S).group(1)
    assert json.loads(payload_json)["title"] == title


def test_popup_text_comes_after_the_code_inside_the_body():
    page_html = render_map(sample_events())
    init = page_html.index("geoevents.init(")
    columns = page_html.index('-columns">')
    first_chunk = page_html.index('-events-0">')
    assert columns < init < first_chunk < page_html.index("</body>") < page_html.index("</html>")
    assert page_html.count("<body>") == page_html.count("</body>") == 1


def test_cdn_page_links_the_pinned_cdn_assets():
    page_html = render_map(sample_events(), cdn=True)
    links = re.findall(r'<script src="([^"]+)"', page_html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', page_html)
    assert sorted(links) == sorted(CDN_ASSETS)
    versions = json.loads((__import__("pathlib").Path(__file__).parents[1] / "package.json").read_text())
    for url, (package, _) in CDN_ASSETS.items():
        assert f"{package}@{versions['dependencies'][package]}/" in url, "CDN version differs from package.json"


def test_default_page_embeds_every_asset_without_node_modules(tmp_path, monkeypatch):
    # an installed package has no node_modules: the page still embeds everything it needs
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEOEVENTS_NODE_MODULES", str(tmp_path / "nowhere"))
    for page_html in (render_map(sample_events()), render_map(sample_events(), inline=True)):
        assert "<script src=" not in page_html and '<link rel="stylesheet"' not in page_html
        assert "cdn.jsdelivr.net" not in page_html
        # leaflet.css's images become data: URIs; the basemap is a blob of the page
        assert 'url("data:image/png;base64,' in page_html and '-basemap">' in page_html
        assert "window.L=t" in page_html and "Supercluster" in page_html


def test_vendor_files_match_the_pinned_npm_packages():
    try:
        built = build_vendor()
    except ConfigurationError as e:
        pytest.skip(str(e))
    folder = Path(webmap.__file__).parent / "templates" / "vendor"
    for name, data in built.items():
        assert (folder / name).read_bytes() == data, f"{name} differs: run python -m geoevents.webmap"
    basemap = json.loads(built["world-110m.json"])
    labels = {t[0]: t for t in basemap["labels"]}
    assert len(labels) == 177
    # the label of a country that crosses the antimeridian lies in it, not half a world away
    assert labels["Fiji"][1] > 175 and labels["Russia"][2] > 50


def test_write_map_is_atomic(tmp_path):
    out = write_map(sample_events(), tmp_path / "sub" / "map.html", title="t")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["map.html"]


# -- in the browser -----------------------------------------------------------------------------

@pytest.fixture
def sample_map(tmp_path):
    return write_map(sample_events(), tmp_path / "map.html", title="Test map", shapes={IRAQ.id: IRAQ_SHAPE})


def popup(page):
    """The open popup, once the one it replaced (fading out for 200 ms) is gone."""
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup-content').length === 1")
    return page.locator(".leaflet-popup-content")


def marker_point(page, lat, lon):
    """Container pixel of a place, for clicking what is drawn there."""
    box = page.locator(".folium-map").bounding_box()
    p = page.evaluate("([lat, lon]) => { const pt = window.geoeventsMaps[0].map.latLngToContainerPoint([lat, lon]);"
                      " return [pt.x, pt.y]; }", [lat, lon])
    return box["x"] + p[0], box["y"] + p[1]


@pytest.mark.browser
def test_slider_window_changes_the_markers_and_a_popup_shows_sources(page, sample_map):
    open_map(page, sample_map)
    everything = map_state(page)
    assert everything["shown"] == 7 and everything["regions"] == 1
    # a one-day window, then move the slider with the keyboard to the first day
    page.get_by_label("A day").check()
    page.get_by_label("Last day of the time window").focus()
    page.keyboard.press("Home")
    # the slider redraws on the next animation frame: wait for the drawing, not the value
    page.wait_for_function("() => window.geoeventsMaps[0].eventMap.current.b === 0")
    first_day = map_state(page)
    assert (first_day["a"], first_day["b"]) == (0, 0)
    assert first_day["shown"] == 1 and first_day["points"] == 0  # only the country-level drone strikes
    assert "Wednesday 1 January 2020" in page.locator(".ge-range").text_content()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.geoeventsMaps[0].eventMap.current.b === 5")
    day6 = map_state(page)  # 6 January: the Mosul attack and the month-long strikes
    assert day6["shown"] == 2 and day6["markers"] == 1
    page.get_by_label("A week").check()
    assert "31 December 2019" not in page.locator(".ge-range").text_content()
    assert page.locator(".ge-range").text_content().startswith("1\u20136 January 2020")
    # click the Mosul marker on the canvas and read its popup
    x, y = marker_point(page, MOSUL.lat, MOSUL.lon)
    page.mouse.click(x, y)
    box = popup(page)
    text = box.text_content()
    assert "2 sources" in text and "Checkpoint attacked in Mosul" in text and "Police killed in Mosul" in text
    assert "article a.txt" in text and "article b.txt" in text
    assert "Killed7" in text.replace(" ", "") and "Injured12" in text.replace(" ", "")
    assert box.locator("mark").first.text_content() == "Mosul"
    assert box.locator("a").first.get_attribute("href") == "https://news.example.org/2020/01/07/mosul-checkpoint"


@pytest.mark.browser
def test_type_and_country_filters_change_what_is_drawn(page, sample_map):
    open_map(page, sample_map)
    before = map_state(page)
    page.locator(".ge-types input[value=ASSAULT]").uncheck()
    after = map_state(page)
    assert after["shown"] == before["shown"] - 4 and after["regions"] == 0
    hist = page.evaluate("""() => { const h = window.geoeventsMaps[0].eventMap.hist;
        return [...h.exact, ...h.spread].reduce((a, b) => a + b, 0); }""")
    assert hist == pytest.approx(after["shown"])
    page.locator(".ge-countries input[value=SY]").uncheck()
    assert map_state(page)["shown"] == after["shown"] - 1
    page.get_by_role("button", name="None").click()
    assert map_state(page)["shown"] == 0
    page.get_by_role("button", name="All").click()
    assert map_state(page)["shown"] == after["shown"]


@pytest.mark.browser
def test_article_markup_never_runs(page, sample_map):
    open_map(page, sample_map)
    # the hostile event's own popup, the list of what is on the map at Aleppo, the undated list
    page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
        const i = [...Array(em.n).keys()].find(r => em.tables.places[em.cols.place[r]][0] === 'Aleppo'
                                                  && em.cols.type[r] === em.tables.types.findIndex(t => t[0] === 'PROTEST'));
        return em.openRow(i); }""")
    box = popup(page)
    assert "<script>window.__pwned" in box.text_content()  # shown as text
    assert box.locator("a[href^='javascript']").count() == 0
    page.evaluate("() => { const em = window.geoeventsMaps[0].eventMap; return em.openList([...Array(em.n).keys()], [36, 37], 'All'); }")
    page.locator(".ge-unplaced summary").click()
    page.get_by_label("Also show reports").check()
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x'], .leaflet-popup svg").count() == 0
    assert page.title() == "Test map"


@pytest.mark.browser
def test_hostile_place_names_stay_text(page, tmp_path):
    # a place name from a user's gazetteer or Nominatim, drawn as a region with a tooltip
    region = dataclasses.replace(IRAQ, id="user:x", name=HOSTILE)
    events = []
    for i in (1, 2):
        e = simple_event(i, dt.date(2020, 1, i), candidate=region)
        events.append(e.__class__(**{**e.__dict__, "locations": (e.locations[0].__class__(e.locations[0].place, 3, "r"),)}))
    path = write_map(events, tmp_path / "map.html")
    open_map(page, path)
    x, y = marker_point(page, IRAQ.lat, IRAQ.lon)
    page.mouse.move(x, y)
    page.locator(".leaflet-tooltip").wait_for()
    assert "<img src=x" in page.locator(".leaflet-tooltip").text_content()
    page.mouse.click(x, y)
    assert "2 events in this window" in popup(page).text_content()
    page.locator(".ge-list button").first.click()
    page.wait_for_function("() => document.querySelector('.leaflet-popup-content dl') !== null")
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0


@pytest.mark.browser
def test_undated_events_listed_with_why_and_not_events_are_flagged(page, sample_map):
    open_map(page, sample_map)
    summary = page.locator(".ge-unplaced summary")
    assert "1 event" in summary.text_content()
    summary.click()
    assert "the article gives no date for the flooding" in page.locator(".ge-why").text_content()
    page.locator(".ge-unplaced button", has_text="show where").click()
    assert "Flooding destroyed homes" in popup(page).text_content()
    assert map_state(page)["hollow"] == 0
    page.get_by_label("Also show reports").check()
    assert map_state(page)["hollow"] == 1
    page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
        return em.openRow([...Array(em.n).keys()].find(r => em.cols.status[r] !== 0)); }""")
    assert "Not an event that happened: reported as threat" in popup(page).text_content()


@pytest.mark.browser
def test_play_advances_the_window_and_pause_stops_it(page, sample_map):
    open_map(page, sample_map)
    page.get_by_label("A day").check()
    play = page.get_by_role("button", name="Play")
    play.click()  # at the last day, play starts again from the first
    page.wait_for_function("() => window.geoeventsMaps[0].eventMap.state.end === 1", timeout=3000)
    page.get_by_role("button", name="Pause").click()
    end = page.evaluate("() => window.geoeventsMaps[0].eventMap.state.end")
    page.wait_for_timeout(1000)
    assert page.evaluate("() => window.geoeventsMaps[0].eventMap.state.end") == end


@pytest.mark.browser
def test_clusters_follow_the_time_window(page, tmp_path):
    # 40 events at one town over 40 days: a cluster of all of them, then of one week's
    events = [simple_event(i, dt.date(2021, 3, 1) + dt.timedelta(days=i)) for i in range(40)]
    path = write_map(events, tmp_path / "map.html")
    open_map(page, path)
    assert map_state(page)["clusters"] == 1
    counts = page.evaluate("() => window.geoeventsMaps[0].eventMap.layer.getLayers().map(l => l.options.inner)")
    assert counts == ["40"]
    page.get_by_label("A week").check()
    counts = page.evaluate("() => window.geoeventsMaps[0].eventMap.layer.getLayers().map(l => l.options.inner)")
    assert counts == ["7"]
    # all at one spot: clicking lists them rather than zooming forever
    x, y = marker_point(page, MOSUL.lat, MOSUL.lon)
    page.mouse.click(x, y)
    assert popup(page).locator(".ge-list li").count() == 7


@pytest.mark.browser
def test_a_map_with_nothing_dated_still_opens(page, tmp_path):
    undated = simple_event(1, None)
    open_map(page, write_map([undated], tmp_path / "map.html"))
    assert page.locator(".ge-range").text_content() == "No dated events"
    assert page.get_by_label("Last day of the time window").is_disabled()
    assert "1 event without a date" in page.locator(".ge-unplaced summary").text_content()


@pytest.mark.browser
def test_grid_overview_counts_the_same_events(page, tmp_path):
    # many places: supercluster, then the screen grid the page uses above its threshold
    import random
    rng = random.Random(1)
    towns = [MOSUL.__class__(f"t:{k}", f"Town {k}", 30 + rng.random() * 8, 38 + rng.random() * 10, "IQ", "P", "PPL")
             for k in range(60)]
    events = [simple_event(i, dt.date(2022, 5, 1) + dt.timedelta(days=i % 9), candidate=towns[i % 60]) for i in range(300)]
    open_map(page, write_map(events, tmp_path / "map.html"))
    def total():
        return page.evaluate("""() => window.geoeventsMaps[0].eventMap.layer.getLayers()
            .reduce((n, l) => n + (l.options.inner ? +l.options.inner : 1), 0)""")
    state = map_state(page)
    assert state["method"] == "supercluster" and state["places"] == 60 and total() == 300
    grid = page.evaluate("() => { const em = window.geoeventsMaps[0].eventMap; em.payload.gridThreshold = 10; return em.update(); }")
    assert grid["method"] == "grid" and grid["points"] == 300
    assert total() == 300
    assert 1 < grid["clusters"] < 60


@pytest.mark.browser
def test_page_helpers(page, sample_map):
    open_map(page, sample_map)
    core = "window.geoevents.core"
    assert page.evaluate(f"() => {core}.rangeWords({core}.originMs('2019-12-28'), 0, 6)") == \
        "28 December 2019 \u2013 3 January 2020"
    assert page.evaluate(f"() => {core}.rangeWords({core}.originMs('2020-02-27'), 0, 3)") == \
        "27 February \u2013 1 March 2020"
    assert page.evaluate(f"() => [{core}.windowOf('week', 3), {core}.windowOf('all', 9)]") == [[0, 3], [0, 9]]
    assert page.evaluate(f"() => {core}.isWebLink('javascript:alert(1)') || {core}.isWebLink('http://a b')") is False
    # rows sorted by start; one spans 10 days: the window [12, 12] must find it
    rows = page.evaluate(f"""() => {core}.selectRows({{start: Int32Array.from([0, 3, 5, 12, 13]),
                                                     end: Int32Array.from([0, 13, 5, 12, 13])}}, 5, 12, 12, 10, () => true)""")
    assert rows == [1, 3]
    import random
    data = random.Random(5).randbytes(3000) + b"\x00\x0d\x3c" * 20
    got = page.evaluate(f"([t, n]) => Array.from({core}.decode7(t, n))", [encode7(data), len(data)])
    assert bytes(got) == data


@pytest.mark.browser
def test_self_contained_page_makes_no_asset_request(page, tmp_path):
    path = write_map(sample_events(), tmp_path / "map.html", inline_assets=True)
    open_map(page, path)
    assert page.geolog.served == []
    assert map_state(page)["shown"] == 7


@pytest.mark.browser
def test_an_event_in_two_places_counts_once(page, tmp_path):
    # a strike on Mosul and Basra with 5 killed, another in Mosul with 2 killed, one in Kabul
    day = dt.date(2020, 3, 2)
    text = "Rockets hit Mosul and Basra on Monday, killing five people."
    both = simple_event(1, day, fatalities=5)
    both = both.__class__(**{**both.__dict__, "locations": (location(MOSUL, "Mosul", text.index("Mosul")),
                                                            location(BASRA, "Basra", text.index("Basra")))})
    events = [both, simple_event(2, day, fatalities=2), simple_event(3, day + dt.timedelta(days=1), candidate=KABUL)]
    open_map(page, write_map(events, tmp_path / "map.html"))
    assert page.locator(".ge-count").text_content() == "3 events"
    assert page.locator(".ge-types label", has_text="Assault").locator(".ge-n").text_content() == "3"
    iraq = page.locator(".ge-countries label", has_text="Iraq").locator(".ge-n").text_content()
    assert iraq == "2"
    hist = page.evaluate("() => Array.from(window.geoeventsMaps[0].eventMap.hist.exact)")
    assert hist == [2, 1]
    # zoomed out, Mosul and Basra fall in one cluster: two events there, seven killed (not 3 and 12)
    page.evaluate("() => window.geoeventsMaps[0].map.setView([33, 50], 3, {animate: false})")
    page.wait_for_function("() => window.geoeventsMaps[0].eventMap.current.clusters === 1")
    discs = page.evaluate("""() => window.geoeventsMaps[0].eventMap.layer.getLayers()
        .filter(l => l.geGroup).map(l => [l.options.inner, l.options.beside])""")
    assert discs == [["2", "7"]]
    # the same spot listed: each event once
    state = page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
        return em.openList(em.windowRows, [33, 44], 'Here').then(() => em.current); }""")
    assert state["shown"] == 3
    assert "3 events in this window" in popup(page).text_content()


@pytest.mark.browser
def test_histogram_spreads_an_event_known_only_to_a_span(page, sample_map):
    open_map(page, sample_map)
    core = "window.geoevents.core"
    # event 0 on day 2 at two places (two rows), event 1 known only to days 0-3, event 2 filtered out
    hist = page.evaluate(f"""() => {{
        const cols = {{start: Int32Array.from([0, 2, 2, 3]), end: Int32Array.from([3, 2, 2, 3]),
                      event: Uint32Array.from([1, 0, 0, 2])}};
        const h = {core}.histogram(cols, 4, 5, i => i !== 3, new Uint32Array(3));
        return [Array.from(h.exact), Array.from(h.spread)]; }}""")
    assert hist[0] == [0, 0, 1, 0, 0]
    assert hist[1] == pytest.approx([0.25, 0.25, 0.25, 0.25, 0])
    # the sample's month-precision strikes in Iraq (1-20 January): spread, drawn pale, and said so
    spread = page.evaluate("() => Array.from(window.geoeventsMaps[0].eventMap.hist.spread)")
    assert spread[:20] == pytest.approx([1 / 20] * 20)
    assert page.locator(".ge-histkey").is_visible()
    iraq = page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
        return [...Array(em.n).keys()].find(r => em.tables.places[em.cols.place[r]][0] === 'Iraq'); }""")
    page.evaluate("(i) => window.geoeventsMaps[0].eventMap.openRow(i)", iraq)
    assert "1\u201320 January 2020 (known only to the month)" in popup(page).text_content()


@pytest.mark.browser
def test_a_popup_opened_before_its_text_is_read_waits_for_it(page):
    # the page arrives in two parts: the map and its code, then (held back) the popup text
    html = render_map(sample_events(), title="Held back")
    tag = re.search(r'<script type="application/octet-stream" id="[^"]+-events-0">', html).group(0)
    with HeldBackPage(html, tag) as served:
        page.goto(served.url, wait_until="commit")
        page.wait_for_function("() => document.documentElement.getAttribute('data-geoevents-ready') === 'true'")
        assert page.evaluate("() => document.readyState") == "loading"
        x, y = marker_point(page, KABUL.lat, KABUL.lon)
        page.mouse.click(x, y)
        box = page.locator(".leaflet-popup-content")
        box.wait_for()
        assert "Reading the article text" in box.text_content()
        assert "Wedding hall bombing" not in box.text_content()
        served.release()
        page.wait_for_function("""() => [...document.querySelectorAll('.leaflet-popup-content')]
            .some(p => p.textContent.includes('Wedding hall bombing'))""")
        text = popup(page).text_content()
        assert "A suicide bomber killed 32 people" in text and "Reading" not in text
        assert popup(page).locator("mark").text_content() == "Kabul"


@pytest.mark.browser
def test_a_popup_closed_while_its_text_is_read_stays_closed(page):
    html = render_map(sample_events(), title="Held back")
    tag = re.search(r'<script type="application/octet-stream" id="[^"]+-events-0">', html).group(0)
    with HeldBackPage(html, tag) as served:
        page.goto(served.url, wait_until="commit")
        page.wait_for_function("() => document.documentElement.getAttribute('data-geoevents-ready') === 'true'")
        opened = page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
            window.__opened = em.openRow(0).then(p => p === null ? 'skipped' : 'shown'); em.map.closePopup(); }""")
        assert opened is None
        served.release()
        assert page.evaluate("() => window.__opened") == "skipped"
        page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 0")


# -- what issue 13 asked for: offline, basemap, phone, permalink, search, download ----------------

STORE = Path(__file__).resolve().parents[1] / "gazetteer" / "geoevents.sqlite"


def _store() -> Path | None:
    import os
    for candidate in (os.environ.get("GEOEVENTS_GAZETTEER"), STORE):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    """The demo map as `geoevents map examples/ --offline` writes it (needs the gazetteer store)."""
    import subprocess
    import sys
    store = _store()
    if store is None:
        pytest.skip(f"no gazetteer store at {STORE} (make gazetteer)")
    out = tmp_path_factory.mktemp("demo")
    examples = Path(__file__).resolve().parents[1] / "examples"
    result = subprocess.run([sys.executable, "-m", "geoevents", "map", str(examples), "--offline", "--gazetteer", str(store),
                             "-o", str(out), "--title", "geoevents demo"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out / "map.html"


def shown_events(page) -> int:
    return page.evaluate("() => window.geoeventsMaps[0].eventMap.current.shown")


@pytest.mark.browser
def test_demo_map_draws_offline_with_the_builtin_basemap(page, demo_map):
    html_text = demo_map.read_text(encoding="utf-8")
    assert "<script src=" not in html_text and "cdn.jsdelivr" not in html_text
    open_map(page, demo_map)
    state = map_state(page)
    assert state["shown"] >= 10 and state["markers"] + state["clusters"] + state["regions"] >= 5
    # the tiles were asked for, failed, and the built-in basemap took over and says so
    assert page.geolog.tiles
    page.wait_for_function("() => window.geoeventsMaps[0].eventMap.state.basemap === 'light'")
    assert page.evaluate("() => { const em = window.geoeventsMaps[0].eventMap; return em.map.hasLayer(em.base.land); }")
    assert page.locator(".ge-country-label").count() >= 5
    # the land is painted: a pixel of the basemap's canvas over Syria is the light land colour
    rgb = page.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap, pane = em.map.getPane('ge-basemap');
        const canvas = pane.querySelector('canvas'), pt = em.map.latLngToContainerPoint([34.8, 38.9]);
        const origin = em.map.containerPointToLayerPoint([0, 0]), pos = L.DomUtil.getPosition(canvas);
        const r = window.devicePixelRatio || 1, x = (pt.x + origin.x - pos.x) * r, y = (pt.y + origin.y - pos.y) * r;
        return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data); }""")
    assert rgb[:3] == [0xf7, 0xf5, 0xf0] and rgb[3] == 255
    assert "built-in basemap" in page.locator(".ge-basenote").text_content()
    # the switch: dark, none, light again
    page.get_by_label("Dark (built in, offline)").check()
    assert page.evaluate("() => window.geoeventsMaps[0].eventMap.state.basemap") == "dark"
    page.get_by_label("None").check()
    assert not page.evaluate("() => { const em = window.geoeventsMaps[0].eventMap; return em.map.hasLayer(em.base.land); }")
    # OTHER labels each have a legend entry: no single grey cross for most of the demo
    labels = page.locator(".ge-types label").all_text_contents()
    assert any(t.startswith("Accident") for t in labels) and any(t.startswith("Election") for t in labels)
    assert not any(t.startswith("Other") for t in labels)


@pytest.mark.browser
def test_cdn_page_draws_online_and_says_why_offline(page_cdn, browser, tmp_path):
    path = write_map(sample_events(), tmp_path / "map.html", cdn=True)
    open_map(page_cdn, path)
    assert shown_events(page_cdn) == 7 and len(page_cdn.geolog.served) == 3
    # the network cut: a message, not a blank page
    from browser import open_page
    cut = open_page(browser)
    try:
        cut.goto(path.resolve().as_uri())
        cut.locator(".ge-error").wait_for()
        assert "did not load" in cut.locator(".ge-error").text_content()
    finally:
        cut.context.close()


def _boxes(page, selector):
    return [b for b in (h.bounding_box() for h in page.query_selector_all(selector) if h.is_visible()) if b]


@pytest.mark.browser
def test_phone_keeps_the_map_free_and_popups_on_screen(phone, sample_map):
    open_map(phone, sample_map)
    width, height = 390, 844
    # the panel is folded to a button; the controls leave at least half the screen to the map
    assert phone.locator(".ge-panel-body").is_hidden()
    toggle = phone.locator(".ge-collapse")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    covered = sum(b["width"] * b["height"] for b in _boxes(phone, ".ge-time, .ge-panel, .ge-search, .leaflet-control-attribution"))
    assert covered <= 0.5 * width * height, covered / (width * height)
    assert phone.evaluate("() => window.geoeventsMaps[0].map.getZoom()") >= 1
    # the credits do not cover the time bar
    time_box = _boxes(phone, ".ge-time")[0]
    for b in _boxes(phone, ".leaflet-control-attribution, .ge-info"):
        assert b["y"] + b["height"] <= time_box["y"] or b["x"] >= time_box["x"] + time_box["width"]
    # a popup with two long sources fits the screen, its heading clear of the search box
    phone.evaluate("""() => { const em = window.geoeventsMaps[0].eventMap;
        const i = [...Array(em.n).keys()].find(r => em.tables.places[em.cols.place[r]][0] === 'Mosul');
        return em.openRow(i); }""")
    box = popup(phone)
    phone.wait_for_timeout(400)  # Leaflet pans the map to fit the popup
    outer = phone.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert outer["x"] >= 0 and outer["x"] + outer["width"] <= width
    assert outer["y"] >= 0 and outer["y"] + outer["height"] <= height
    search = _boxes(phone, ".ge-search")[0]
    head = box.locator(".ge-head").bounding_box()
    assert head["y"] >= search["y"] + search["height"]
    # the panel opens from its button, and a popup folds it again
    toggle.click()
    assert phone.locator(".ge-panel-body").is_visible()
    toggle.click()
    assert phone.locator(".ge-panel-body").is_hidden()


@pytest.mark.browser
def test_a_permalink_reopened_restores_window_filters_and_view(browser, sample_map):
    from browser import check_page_log, open_page
    first = open_page(browser)
    try:
        open_map(first, sample_map)
        first.get_by_label("A week").check()
        first.evaluate("() => window.geoeventsMaps[0].eventMap.setEnd(9)")
        first.locator(".ge-types input[value=PROTEST]").uncheck()
        first.locator(".ge-countries input[value=SY]").uncheck()
        first.evaluate("() => window.geoeventsMaps[0].map.setView([34.5, 45.25], 6, {animate: false})")
        first.wait_for_function("() => location.hash.includes('m=34.5000,45.2500,6')")
        url = first.url
        before = map_state(first)
        check_page_log(first.geolog)
    finally:
        first.context.close()
    assert "w=week" in url and "d=2020-01-10" in url
    again = open_page(browser)
    try:
        again.goto(url)
        again.wait_for_function("() => document.documentElement.getAttribute('data-geoevents-ready') === 'true'")
        em = "window.geoeventsMaps[0].eventMap"
        assert again.evaluate(f"() => [{em}.state.mode, {em}.state.end]") == ["week", 9]
        assert again.locator(".ge-types input[value=PROTEST]").is_checked() is False
        assert again.locator(".ge-types input[value=ASSAULT]").is_checked()
        assert again.locator(".ge-countries input[value=SY]").is_checked() is False
        assert again.get_by_label("A week").is_checked()
        center = again.evaluate("() => { const m = window.geoeventsMaps[0].map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }")
        assert center == pytest.approx([34.5, 45.25, 6], abs=1e-3)
        after = map_state(again)
        assert {k: after[k] for k in ("a", "b", "shown", "points")} == {k: before[k] for k in ("a", "b", "shown", "points")}
        check_page_log(again.geolog)
    finally:
        again.context.close()


@pytest.mark.browser
def test_download_gives_the_filtered_events_and_they_read_back(page, sample_map, tmp_path):
    import pyogrio
    open_map(page, sample_map)
    page.locator(".ge-types input[value=PROTEST]").uncheck()
    state = map_state(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the events shown as GeoJSON").click()
    geojson = tmp_path / info.value.suggested_filename
    info.value.save_as(geojson)
    assert geojson.name == "events_2020-01-01_2020-01-20.geojson"
    frame = pyogrio.read_dataframe(geojson)
    assert len(frame) == state["rows"] == 5
    assert set(frame["type"]) == {"ASSAULT", "COERCE"}
    assert "ev-mosul" in set(frame["event_id"]) and "ev-basra" not in set(frame["event_id"])
    mosul = frame[frame["event_id"] == "ev-mosul"].iloc[0]
    assert mosul["fatalities"] == 7 and mosul["place"] == "Mosul" and str(mosul["date"])[:10] == "2020-01-06"
    assert mosul["geometry"].x == pytest.approx(MOSUL.lon, abs=1e-4)
    sources = mosul["sources"] if not isinstance(mosul["sources"], str) else json.loads(mosul["sources"])
    assert sources[1]["title"] == "Police killed in Mosul"
    info_fields = pyogrio.read_info(geojson)
    assert dict(zip(info_fields["fields"], info_fields["dtypes"]))["fatalities"].startswith("int")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the events shown as CSV").click()
    csv_path = tmp_path / info.value.suggested_filename
    info.value.save_as(csv_path)
    table = pyogrio.read_dataframe(csv_path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat", AUTODETECT_TYPE="YES")
    assert len(table) == 5 and sorted(table["event_id"]) == sorted(frame["event_id"])
    assert str(table[table["event_id"] == "ev-mosul"].iloc[0]["datetime"]).startswith("2020-01-06")


@pytest.mark.browser
def test_search_finds_an_event_by_a_word_of_its_evidence(page, sample_map):
    open_map(page, sample_map)
    box = page.get_by_label("Search the events (places, actors, words of the evidence)")
    box.focus()
    page.keyboard.type("interior ministry")  # only in the Kabul article's sentence
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.geoeventsMaps[0].eventMap.searchMask !== null")
    assert shown_events(page) == 1
    assert "1 event matches" in page.locator(".ge-search [role=status]").text_content()
    result = page.locator(".ge-results-list button")
    assert result.count() == 1 and "Kabul" in result.text_content()
    # from the keyboard: to the result, Enter opens the event's popup
    result.focus()
    page.keyboard.press("Enter")
    assert "Wedding hall bombing" in popup(page).text_content()
    # a place, an actor; the article's markup found as text and never run
    for query, n in (("Basra", 1), ("insurgents", 1), ("__pwned", 1), ("kabul nothing-like-this", 0)):
        page.evaluate("(q) => window.geoeventsMaps[0].eventMap.search(q)", query)
        assert shown_events(page) == n, query
    assert page.locator(".ge-results-list button").count() == 0
    page.evaluate("() => window.geoeventsMaps[0].eventMap.search('__pwned')")
    page.locator(".ge-results-list button").first.click()
    assert "<script>window.__pwned" in popup(page).text_content()
    assert page.evaluate("() => window.__pwned") is None
    box.fill("")
    box.dispatch_event("input")
    assert shown_events(page) == 7


@pytest.mark.browser
def test_time_tools_range_steps_speed_density_and_reset(page, sample_map):
    open_map(page, sample_map)
    em = "window.geoeventsMaps[0].eventMap"
    page.get_by_label("A range of days (two handles)").check()
    first = page.get_by_label("First day of the time window")
    assert first.is_visible()
    page.evaluate(f"() => {em}.setRange(5, 9)")
    assert page.evaluate(f"() => [{em}.current.a, {em}.current.b]") == [5, 9]
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => {em}.current.a === 6")
    page.get_by_role("button", name="Step forward").click()
    assert page.evaluate(f"() => [{em}.current.a, {em}.current.b]") == [7, 10]
    page.get_by_role("button", name="Step back").click()
    assert page.evaluate(f"() => [{em}.current.a, {em}.current.b]") == [6, 9]
    page.get_by_label("Play speed").select_option("4")
    assert page.evaluate(f"() => {em}.state.speed") == 4
    page.get_by_label("Density (heatmap)").check()
    assert map_state(page)["method"] == "density"
    assert page.locator("canvas.ge-density").count() == 1
    page.get_by_role("button", name="Reset view and filters").click()
    state = map_state(page)
    assert state["method"] == "supercluster" and state["shown"] == 7 and (state["a"], state["b"]) == (0, 19)
    assert page.get_by_label("Everything up to this day").is_checked()


@pytest.mark.browser
def test_hover_tooltip_and_the_people_killed_apart_from_a_count(page, sample_map):
    open_map(page, sample_map)
    x, y = marker_point(page, KABUL.lat, KABUL.lon)
    page.mouse.move(x, y)
    tip = page.locator(".ge-tip")
    tip.wait_for()
    assert "Kabul" in tip.text_content() and "32 killed" in tip.text_content()
    tags = page.evaluate("""() => window.geoeventsMaps[0].eventMap.layer.getLayers()
        .filter(l => l.options.beside).map(l => [l.options.inner || '', l.options.beside])""")
    assert ["", "32"] in tags
