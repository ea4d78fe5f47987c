"""Collections: `map --collection DIR` analyses only what the collection has not seen, merges the
whole collection, and analyses again what an earlier pipeline version analysed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import cli

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "gazetteer" / "geoevents.sqlite"
pytestmark = pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")

TEXTS = [
    "Protesters marched in Basra on Monday to demand clean water.",
    "Gunmen attacked a police checkpoint in Mosul on Tuesday, killing three officers.",
    "Hundreds of protesters marched in Basra on Monday, demanding clean water and jobs.",
    "Floods hit the city of Dhaka on Wednesday, forcing thousands from their homes.",
    "Three police officers were killed when gunmen attacked a checkpoint in Mosul on Tuesday.",
    "An earthquake struck near Gaziantep on Friday, officials in Ankara said.",
]


def jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def article(i: int, text: str | None = None) -> dict:
    return {"id": f"a{i}", "text": text or TEXTS[i % len(TEXTS)], "published": "2024-03-13"}


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["--offline", "--jobs", "1"])
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_a_collection_analyses_only_new_articles_and_merges_them_all(tmp_path):
    first = jsonl(tmp_path / "monday.jsonl", [article(i) for i in range(4)])
    second = jsonl(tmp_path / "tuesday.jsonl", [article(i) for i in range(4, 6)])
    desk = tmp_path / "desk"
    made = run("map", first, "--collection", desk)
    assert "4 new analysed, 0 already there" in made.stderr
    assert (desk / "events.geojson").is_file() and (desk / "collection.sqlite").is_file()
    # Monday's articles again with Tuesday's: only Tuesday's are analysed
    added = run("map", first, second, "--collection", desk)
    assert "6 article(s); of the 6 read, 2 new analysed, 4 already there; 0 analysed again" in added.stderr
    # the outputs are those of one run over every article
    run("map", first, second, "-o", tmp_path / "all")
    for name in ("events.geojson", "places.geojson"):
        assert (desk / name).read_bytes() == (tmp_path / "all" / name).read_bytes(), name
    merged = json.loads((desk / "events.geojson").read_text())["features"]
    assert any({"a4", "a1"} <= {s["doc"] for s in f["properties"]["sources"]} for f in merged)  # across days

    info = CliRunner().invoke(cli, ["collection", "info", str(desk)])
    assert info.exit_code == 0, info.output
    facts = json.loads(info.stdout)
    assert facts["articles"] == 6 and facts["to_analyse_again"] == 0
    assert list(facts["articles_by_version"].values()) == [6]


def test_another_text_under_a_known_id_is_another_article(tmp_path):
    desk = tmp_path / "desk"
    run("map", jsonl(tmp_path / "a.jsonl", [article(0)]), "--collection", desk)
    out = run("map", jsonl(tmp_path / "b.jsonl", [article(0, TEXTS[3])]), "--collection", desk, "-o",
              tmp_path / "out")
    assert "1 new analysed" in out.stderr
    docs = {s["doc"] for f in json.loads((tmp_path / "out" / "events.geojson").read_text())["features"]
            for s in f["properties"]["sources"]}
    assert docs == {"a0", "a0#2"}


def test_a_new_pipeline_version_analyses_everything_again_and_says_so(tmp_path, monkeypatch):
    from geoevents import pipeline

    desk = tmp_path / "desk"
    articles = jsonl(tmp_path / "a.jsonl", [article(i) for i in range(3)])
    run("map", articles, "--collection", desk)
    before = (desk / "events.geojson").read_bytes()
    monkeypatch.setattr(pipeline, "pipeline_version", lambda settings, stores=(): "9.9.9+changed")
    again = run("map", articles, "--collection", desk)
    assert "the pipeline changed (now 9.9.9+changed): 3 article(s)" in again.stderr
    assert "0 new analysed, 3 already there; 3 analysed again" in again.stderr
    assert (desk / "events.geojson").read_bytes() == before
    info = json.loads(CliRunner().invoke(cli, ["collection", "info", str(desk)]).stdout)
    assert info["articles_by_version"] == {"9.9.9+changed": 3}


def test_info_on_a_folder_without_a_collection_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["collection", "info", str(tmp_path)])
    assert result.exit_code == 1 and "holds no collection" in result.output and "Traceback" not in result.output
