"""--jobs: the per-article stages in worker processes give the same bytes as one process.

Small inputs: one-sentence articles, just enough to start workers
(:data:`geoevents.pipeline.PARALLEL_MIN`); each command spawns two that load the pipeline once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import cli
from geoevents.errors import ConfigurationError
from geoevents.parallel import chunked, open_workers, ordered_map, parse_dask_address
from geoevents.pipeline import PARALLEL_MIN

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "gazetteer" / "geoevents.sqlite"
needs_store = pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")

SENTENCES = [
    "Protesters marched in Basra on Monday to demand clean water.",
    "Gunmen attacked a police checkpoint in Mosul on Tuesday, killing three officers.",
    "Floods hit the city of Dhaka on Wednesday, forcing thousands from their homes.",
    "An earthquake struck near Gaziantep on Friday, officials in Ankara said.",
    "A rocket hit the US embassy in Baghdad on Sunday; two guards were wounded.",
    "Thousands rallied in Tehran yesterday to mourn the general.",
]


def write_articles(path: Path, n: int = PARALLEL_MIN + 5) -> Path:
    """``n`` articles told by several outlets: some tell the same event (so merging has work)."""
    with path.open("w") as f:
        for i in range(n):
            text = SENTENCES[i % len(SENTENCES)] + f" Reporter {i} said so. " + SENTENCES[(i * 7) % len(SENTENCES)]
            f.write(json.dumps({"id": f"a{i}", "text": text, "published": f"2020-01-{1 + i % 9:02d}",
                                "title": f"Article {i}"}) + "\n")
    return path


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_ordered_map_keeps_the_order_of_the_tasks():
    with open_workers(2) as workers:
        assert list(ordered_map(abs, range(0, -40, -1), workers)) == list(range(40))


def test_chunked_reads_lazily_and_keeps_the_tail():
    assert list(chunked(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_dask_address_is_checked():
    assert parse_dask_address("local:3") == ("local", 3)
    assert parse_dask_address("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    with pytest.raises(ConfigurationError):
        parse_dask_address("local:zero")


@needs_store
@pytest.mark.parametrize("command", ["events", "places", "dates"])
def test_jobs_give_the_same_bytes_as_one_process(tmp_path, command):
    articles = write_articles(tmp_path / "news.jsonl")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    extra = ["--offline"] if command != "dates" else []
    run(command, articles, "-o", one, "--jobs", "1", "-q", *extra)
    run(command, articles, "-o", two, "--jobs", "2", "-q", *extra)
    assert one.read_bytes() == two.read_bytes()
    ids = [json.loads(line)["id"] for line in one.read_text().splitlines()]
    assert ids == [f"a{i}" for i in range(PARALLEL_MIN + 5)]  # input order
    if command == "events":
        assert sum(len(json.loads(line)["events"]) for line in one.read_text().splitlines()) > 10


@needs_store
def test_map_with_jobs_writes_the_same_files(tmp_path):
    articles = write_articles(tmp_path / "news.jsonl")
    run("map", articles, "-o", tmp_path / "one", "--jobs", "1", "--offline", "-q")
    run("map", articles, "-o", tmp_path / "two", "--jobs", "2", "--offline", "-q")
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == ["events.geojson", "map.html", "places.geojson"]
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    merged = json.loads((tmp_path / "one" / "events.geojson").read_text())["features"]
    assert any(len(f["properties"]["sources"]) > 1 for f in merged)  # articles were merged


@needs_store
def test_dask_local_cluster_gives_the_same_bytes(tmp_path):
    pytest.importorskip("distributed")
    articles = write_articles(tmp_path / "news.jsonl")
    one, dask = tmp_path / "one.jsonl", tmp_path / "dask.jsonl"
    run("events", articles, "-o", one, "--jobs", "1", "-q", "--offline")
    # a LocalCluster of two worker processes, listening on 127.0.0.1 only
    run("events", articles, "-o", dask, "--dask", "local:2", "-q", "--offline")
    assert one.read_bytes() == dask.read_bytes()


def test_an_unreachable_scheduler_is_one_line_not_a_traceback(tmp_path):
    pytest.importorskip("distributed")
    articles = write_articles(tmp_path / "news.jsonl", n=3)
    result = CliRunner().invoke(cli, ["dates", str(articles), "--dask", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 1 and "cannot reach the Dask scheduler" in result.output
