"""The whole pipeline, end to end, through the library API and the command line."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geoevents import Settings, read_documents
from geoevents.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GEOEVENTS = [sys.executable, "-m", "geoevents"]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.load(Settings(offline=True))


def run_cli(*args, cwd=None):
    env = {**os.environ, "GEOEVENTS_OFFLINE": "1"}
    return subprocess.run([*GEOEVENTS, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


ARTICLE = (
    "Floods kill 12 in northern Italy\n\n"
    "Heavy rain caused the Savio river to burst its banks on Tuesday, flooding the city of Cesena in Italy "
    "and killing 12 people, the regional government said on Wednesday.\n\n"
    "Hundreds of residents protested outside the town hall in Cesena on Thursday, demanding more help."
)


def test_library_run_finds_dated_located_events(pipeline):
    from geoevents.model import Document

    doc = Document("floods", ARTICLE, published=dt.date(2023, 5, 19))  # a Friday
    result = pipeline.run([doc])
    assert result.documents == (doc,)
    places = result.places["floods"]
    assert any(p.mention.text == "Cesena" and p.candidate and p.candidate.country == "IT" for p in places)
    for p in places:
        assert ARTICLE[p.start:p.end] == p.mention.text
    happened = [e for e in result.events if e.occurred]
    assert happened, "a flood that killed 12 people is an event"
    flood = max(happened, key=lambda e: e.fatalities or 0)
    assert flood.fatalities == 12
    assert flood.date == dt.date(2023, 5, 16)
    assert {loc.place.candidate.country for loc in flood.locations} == {"IT"}
    src = flood.sources[0]
    assert src.doc == "floods" and ARTICLE[src.start:src.end] == src.sentence


def test_cli_map_writes_both_outputs_and_reports_bad_files(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "floods.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "broken.txt").write_bytes(b"\xff\xfe\x00bad" + bytes(range(128, 256)))
    (tmp_path / "in" / "latin.txt").write_bytes("Caf\xe9".encode("latin-1"))
    out = tmp_path / "out"
    r = run_cli("map", str(tmp_path / "in"), "--published", "2023-05-19", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "latin.txt" in r.stderr  # reported by its path
    fc = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    assert (out / "map.html").stat().st_size > 1000
    assert r.stdout == ""  # stdout carries data only; the map command writes files


def test_cli_fails_cleanly_when_nothing_can_be_read(tmp_path):
    r = run_cli("map", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert "nope.txt" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out" / "map.html").exists()


def test_cli_rejects_a_bad_published_date(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    r = run_cli("map", str(tmp_path / "a.txt"), "--published", "yesterday")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr and "Traceback" not in r.stderr


def test_places_jsonl_interface(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": ARTICLE, "published": "2023-05-19"}) + "\n", encoding="utf-8")
    r = run_cli("places", str(src))
    assert r.returncode == 0, r.stderr
    (line,) = r.stdout.splitlines()
    rec = json.loads(line)
    assert rec["id"] == "x1"
    keys = {"start", "end", "text", "name", "lat", "lon", "country", "feature", "role", "source", "score"}
    assert rec["places"] and all(keys <= set(p) for p in rec["places"])
    for p in rec["places"]:
        assert ARTICLE[p["start"]:p["end"]] == p["text"]
        assert p["role"] in {"literal", "associative"}
        # the interface's two words; which part of the gazetteer answered is in "origin"
        assert p["source"] in {"gazetteer", "nominatim"} or p["name"] is None
        assert p["name"] is None or p["origin"] in {"geonames", "curated", "airportsdata", "user", "nominatim"}


@pytest.mark.skipif(not (SEEDS / "check.py").exists(), reason="../shared/seeds is not present")
def test_seed_articles_pass_the_shared_check(tmp_path):
    """The two seed articles, run as any user would, judged by the project's shared checker."""
    places = tmp_path / "places.jsonl"
    out = tmp_path / "out"
    r = run_cli("places", str(SEEDS / "articles.jsonl"), "--offline", "-o", str(places))
    assert r.returncode == 0, r.stderr
    r = run_cli("map", str(SEEDS / "articles.jsonl"), "--offline", "-o", str(out))
    assert r.returncode == 0, r.stderr
    check = subprocess.run([sys.executable, str(SEEDS / "check.py"), "--places", str(places),
                            "--events", str(out / "events.geojson")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_python_dash_m_runs_the_cli():
    r = subprocess.run([sys.executable, "-m", "geoevents", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "geoevents" in r.stdout


def test_read_documents_then_run_on_the_demo_examples(pipeline):
    docs, problems = read_documents([ROOT / "examples"])
    assert problems == [] and len(docs) >= 5
    assert all(d.published for d in docs), "every demo article states its publication date"
    result = pipeline.run(docs)
    happened = [e for e in result.events if e.occurred and e.date and e.locations]
    # several different days and places, so the time slider has something to show
    assert len({e.date for e in happened}) >= 5


def test_places_say_which_part_of_the_gazetteer_answered(tmp_path):
    src = tmp_path / "a.jsonl"
    text = "Rockets hit Baghdad International Airport and the Green Zone in Baghdad on Friday."
    src.write_text(json.dumps({"id": "x2", "text": text, "published": "2020-01-04"}) + "\n", encoding="utf-8")
    r = run_cli("places", str(src))
    assert r.returncode == 0, r.stderr
    places = json.loads(r.stdout.splitlines()[0])["places"]
    assert {p["source"] for p in places} == {"gazetteer"}
    assert {p["origin"] for p in places} == {"airportsdata", "curated", "geonames"}


# -- long articles: read in bounded pieces, offsets into the text as read (issue 14, items 6, 7) --

def test_pieces_cover_the_text_and_are_cut_at_paragraphs():
    from geoevents.pipeline import pieces

    text = "".join(f"Paragraph {i} tells of Basra and Mosul.\n\n" for i in range(200))
    spans = pieces(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(500 <= end - start <= 1000 for start, end in spans[:-1])
    assert all(text[end - 2:end] == "\n\n" for _, end in spans[:-1])
    # no break at all: cut anyway, within the limit
    assert [e - s for s, e in pieces("x" * 2500, 1000)] == [1000, 1000, 500]
    # never inside a given span
    spans = pieces("a" * 995 + "Basra!Basra" + "b" * 1000, 1000, avoid=[(995, 1006)])
    assert spans[0] == (0, 995)


def test_a_long_article_is_read_in_pieces_with_offsets_into_the_whole_text(pipeline):
    from geoevents.model import Document

    paragraphs = [ARTICLE.split("\n\n")[1], ARTICLE.split("\n\n")[2],
                  "Gunmen attacked a police checkpoint in Mosul on Monday, killing three officers."] * 6
    text = "\n\n".join(paragraphs)
    doc = Document("long", text, title="Floods", published=dt.date(2023, 5, 18))
    whole = next(pipeline.analyse([doc]))
    small = Pipeline(pipeline.settings.replace(piece_chars=1000), pipeline.gazetteer, None)
    small.nlp, small.recognizer = pipeline.nlp, pipeline.recognizer  # the loaded parts, shared
    cut = next(small.analyse([doc]))
    assert cut.document is doc
    for place in cut.places:
        assert text[place.start:place.end] == place.mention.text
    for t in cut.timexes:
        assert text[t.start:t.end] == t.text
    assert len({e.id for e in cut.events}) == len(cut.events)
    for e in cut.events:
        for s in e.sources:
            assert s.doc == "long" and s.title == "Floods"
            assert text[s.start:s.end] == s.sentence
            assert s.trigger_start is None or s.start <= s.trigger_start < s.trigger_end <= s.end
        for loc in e.locations:
            assert text[loc.place.start:loc.place.end] == loc.place.mention.text
    # the same places and dates as when read whole (NER may read a name at a piece's edge apart)
    same = {(p.start, p.end) for p in cut.places} & {(p.start, p.end) for p in whole.places}
    assert len(same) >= 0.9 * len(whole.places)
    assert [(t.start, t.value) for t in cut.timexes] == [(t.start, t.value) for t in whole.timexes]
    assert {s.trigger_start for e in cut.events for s in e.sources} <= \
        {s.trigger_start for e in whole.events for s in e.sources} | {None}


def test_spacy_never_reads_more_than_a_piece_of_a_long_article(pipeline, monkeypatch):
    from geoevents.model import Document

    seen: list[int] = []
    real = pipeline.nlp.pipe

    def pipe(texts, **kwargs):
        texts = list(texts)
        seen.extend(len(t) for t in texts)
        return real(texts, **kwargs)
    monkeypatch.setattr(pipeline.nlp, "pipe", pipe)
    text = "\n\n".join(["Gunmen attacked a police checkpoint in Mosul on Monday, killing three officers."] * 300)
    small = Pipeline(pipeline.settings.replace(piece_chars=2000), pipeline.gazetteer, None)
    small.nlp, small.recognizer = pipeline.nlp, pipeline.recognizer
    (analysis,) = small.analyse([Document("long", text, published=dt.date(2023, 5, 18))])
    assert max(seen) <= 2000 and sum(seen) == len(text)
    assert sum(p.mention.text == "Mosul" for p in analysis.places) == 300


# -- text forms (issue 14, item 10): invisible characters, decomposed accents, caseless scripts --

def _places_of(pipeline, text):
    from geoevents.model import Document
    doc = Document(id="t", text=text, published=dt.date(2021, 3, 1))
    found, _ = pipeline.places([doc])
    return doc, found["t"]


@pytest.mark.parametrize("fast", [False, True])
def test_a_zero_width_character_inside_a_name_does_not_split_it(fast):
    pipe = Pipeline.load(Settings(offline=True, fast=fast))
    doc, places = _places_of(pipe, "Two car bombs went off in central Bagh\u200bdad on Sunday, police said.")
    got = [(doc.text[p.start:p.end], p.mention.text, p.candidate.name, p.candidate.country) for p in places]
    assert got == [("Bagh\u200bdad", "Bagh\u200bdad", "Baghdad", "IQ")]


def test_decomposed_accents_are_read_as_their_letters(pipeline):
    import unicodedata
    text = "Heavy rain flooded streets in " + unicodedata.normalize("NFD", "São Paulo") + " and Bogotá on Monday."
    text = unicodedata.normalize("NFD", text)
    doc, places = _places_of(pipeline, text)
    got = {(unicodedata.normalize("NFC", doc.text[p.start:p.end]), p.candidate.country) for p in places}
    assert got == {("São Paulo", "BR"), ("Bogotá", "CO")}
    assert all(doc.text[p.start:p.end] == p.mention.text for p in places)


@pytest.mark.parametrize("fast", [False, True])
def test_an_arabic_script_name_in_english_text_is_a_place(fast):
    pipe = Pipeline.load(Settings(offline=True, fast=fast))
    doc, places = _places_of(pipe, "Thousands marched in \u200fبغداد\u200f and in دمشق on Friday, witnesses said.")
    got = [(doc.text[p.start:p.end], p.candidate.name) for p in places]
    assert got == [("بغداد", "Baghdad"), ("دمشق", "Damascus")]


def test_offsets_of_events_and_dates_index_the_text_as_read(pipeline):
    from geoevents.model import Document
    text = ("A suicide bomber killed 12 people at a market in Mo\u200bsul on Tues\u00adday, officials said.\n\n"
            "Protesters later gathered in " + "Kirku\u0301k" + " to demand more security.")
    doc = Document(id="e", text=text, published=dt.date(2021, 3, 4))
    analysis = next(iter(pipeline.analyse([doc])))
    assert analysis.places and analysis.events and analysis.timexes
    for p in analysis.places:
        assert text[p.start:p.end] == p.mention.text
    for t in analysis.timexes:
        assert text[t.start:t.end] == t.text
    assert any(t.text == "Tues\u00adday" for t in analysis.timexes)
    for e in analysis.events:
        for s in e.sources:
            assert text[s.start:s.end] == s.sentence
            if s.place_start is not None:
                assert text[s.place_start:s.place_end].replace("\u200b", "") in ("Mosul", "Kirku\u0301k")
    assert {p.candidate.name for p in analysis.places if p.candidate} >= {"Mosul"}


def test_the_reading_form_maps_spans_both_ways():
    from geoevents.textform import reading_form
    text = "\ufeffIn Bagh\u200b\u200bdad, Sa\u0303o Paulo\u00ad."
    form = reading_form(text)
    assert form.text == "In Baghdad, São Paulo."
    for name in ("Baghdad", "São Paulo", "In", "."):
        i = form.text.index(name)
        s, e = form.span(i, i + len(name))
        assert reading_form(text[s:e]).text == name
        assert form.forward(s, e) == (i, i + len(name))
    assert form.span(0, len(form.text)) == (1, len(text))  # the BOM is left out, the soft hyphen inside
    plain = reading_form("Baghdad, São Paulo")
    assert not plain.changed and plain.span(3, 7) == (3, 7)


def test_gazetteer_lookup_ignores_invisible_characters(pipeline):
    assert pipeline.gazetteer.candidates("Bagh\u200bdad")[0].name == "Baghdad"
