"""Hostile input and faults through the command line: never a traceback, never a lost article
(issue 14). The fuzz test over random and hostile inputs is tests/test_fuzz.py."""

from __future__ import annotations

import json
import sqlite3
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents import cli as cli_module
from geoevents.cli import cli

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "gazetteer" / "geoevents.sqlite"
needs_store = pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=True)


def one_line_error(result) -> str:
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("Error: ") and "Traceback" not in result.stderr
    return lines[-1]


@pytest.fixture
def env(tmp_path):
    return {"GEOEVENTS_CACHE_DIR": str(tmp_path / "cache"), "GEOEVENTS_USER_PLACES": str(tmp_path / "user.sqlite"),
            "GEOEVENTS_GAZETTEER": str(STORE), "GEOEVENTS_OFFLINE": "1"}


def jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@needs_store
def test_a_lone_surrogate_costs_nothing_but_the_character(tmp_path, env):
    src = jsonl(tmp_path / "s.jsonl", [{"id": "a\ud800", "text": "Bombs hit Baghdad \ud800 on Monday."},
                                       {"id": "b", "text": "Riots in Paris."}])
    result = run("places", src, env=env)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["a\ufffd", "b"]


@needs_store
def test_articles_dated_at_the_end_of_the_calendar_are_mapped(tmp_path, env):
    text = "Gunmen killed five people in Baghdad yesterday."
    src = jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": text, "published": "9999-12-31"},
                                       {"id": "b", "text": text, "published": "9999-12-30"},
                                       {"id": "c", "text": text, "published": "2020-13-45"}])
    result = run("map", src, "-o", tmp_path / "out", "--format", "gpkg", "--format", "csv", env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    docs = {d for f in json.loads((tmp_path / "out" / "events.geojson").read_text())["features"]
            for d in f["properties"]["source_docs"]}
    assert {"a", "b"} <= docs
    assert "2020-13-45" in result.stderr


@pytest.mark.parametrize("command, output", [("map", "blocker/out"),
                                             ("places", "blocker/out.jsonl"), ("events", "blocker/a/b.jsonl"),
                                             ("dates", "blocker/out.jsonl")])
def test_an_unwritable_output_is_found_before_the_analysis(tmp_path, env, monkeypatch, command, output):
    (tmp_path / "blocker").write_text("a file, not a folder")
    (tmp_path / "folder").mkdir()
    src = jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "Riots in Paris."}])
    import geoevents.ingest
    import geoevents.pipeline

    def no_work(*args, **kwargs):
        raise AssertionError("the analysis started before the output was checked")
    monkeypatch.setattr(geoevents.pipeline.Pipeline, "load", no_work)
    monkeypatch.setattr(cli_module, "read_documents", no_work)
    message = one_line_error(run(command, src, "-o", tmp_path / output, env=env))
    assert str(tmp_path) in message and "analysis" not in message


@needs_store
def test_a_piped_run_says_how_far_it_got_unless_quiet(tmp_path, env, monkeypatch):
    monkeypatch.setattr(cli_module, "PROGRESS_EVERY", 0.0)
    src = jsonl(tmp_path / "a.jsonl", [{"id": str(i), "text": f"Riots in Paris on day {i}."} for i in range(3)])
    result = run("places", src, "--fast", env=env)
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("Finding places")] == [
        "Finding places: 1/3 (33%), 0 s", "Finding places: 2/3 (66%), 0 s", "Finding places: 3/3 (100%), 0 s"]
    result = run("places", src, "--fast", "-q", env=env)
    assert result.exit_code == 0 and "Finding places" not in result.stderr
    result = run("dates", src, env=env)
    assert "Reading dates: 3/3 (100%)" in result.stderr


def corrupt_copy(tmp_path: Path) -> Path:
    """The store with every page of its name table but the root overwritten: it opens, and
    the first lookup meets a damaged page."""
    store = tmp_path / "damaged.sqlite"
    shutil.copyfile(STORE, store)
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'name'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'name'") if p != root]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        db.close()
    with open(store, "r+b") as f:
        for p in pages:
            f.seek((p - 1) * size)
            f.write(b"\xa5" * size)
    return store


@needs_store
@pytest.mark.parametrize("command", ["map", "places"])
def test_a_store_with_damaged_pages_is_a_clear_error(tmp_path, env, command):
    store = corrupt_copy(tmp_path)
    src = jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "Bombs hit Baghdad and Mosul."}])
    args = ["-o", tmp_path / "out"] if command == "map" else []
    message = one_line_error(run(command, src, "--gazetteer", store, *args, env=env))
    assert str(store) in message and "geoevents gazetteer build" in message


@pytest.mark.parametrize("name, content", [
    ("inf.csv", "name,lat,lon,population\nFoo,1,2,inf\n"),
    ("strings.geojson", '{"type": "FeatureCollection", "features": ["x", 5]}'),
    ("props.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": "x", '
                      '"geometry": {"type": "Point", "coordinates": [1, 2]}}]}'),
])
def test_gazetteer_add_of_values_of_the_wrong_kind_is_a_one_line_error(tmp_path, env, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    message = one_line_error(run("gazetteer", "add", tmp_path / name, env=env))
    assert name in message and "cannot be imported" in message
    assert not (tmp_path / "user.sqlite").exists() or sqlite3.connect(tmp_path / "user.sqlite").execute(
        "SELECT COUNT(*) FROM place").fetchone()[0] == 0


def test_progress_goes_on_while_one_long_article_is_read(monkeypatch, capsys):
    import time as time_module

    monkeypatch.setattr(cli_module, "PROGRESS_EVERY", 1.0)
    with cli_module._progress(["one long article"], "Reading articles") as step:
        time_module.sleep(2.5)
        step("one long article")
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Reading articles")]
    assert len(lines) >= 2 and all(line.startswith("Reading articles: 0/1 (0%), ") for line in lines[:2])
