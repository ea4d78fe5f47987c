"""Bounded memory (issue 15, item 3): ``places``/``events`` write each article's line as it
comes, into the temporary file that becomes the output, so an interrupted run leaves no partial
file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geoevents.errors import ExportError
from geoevents.export import write_jsonl
from geoevents.model import Document

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "gazetteer" / "geoevents.sqlite"
SEEDS = REPO.parent / "shared" / "seeds" / "articles.jsonl"
needs_store = pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason=f"no seed articles at {SEEDS}")


# -- the pipeline: each analysis as it comes ------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline():
    from geoevents import Settings
    from geoevents.pipeline import Pipeline

    return Pipeline.load(Settings(offline=True))


def _articles() -> list[Document]:
    from geoevents.ingest import read_documents

    docs, _ = read_documents([SEEDS])
    return docs


@needs_store
@needs_seeds
def test_stream_gives_each_analysis_and_then_the_problems_of_the_batch(pipeline):
    docs = _articles()
    problems: list = []
    stream = pipeline.stream(iter(docs), problems, with_events=False)
    first = next(stream)
    assert first.document == docs[0] and first.events == ()
    rest = list(stream)
    assert [a.document.id for a in rest] == [d.id for d in docs[1:]]
    places, said = pipeline.places(docs)
    assert {a.document.id: a.places for a in [first, *rest]} == places and problems == said


# -- JSONL written as it is made, all or nothing --------------------------------------------------

def _temporaries(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]


def test_jsonl_lines_go_to_the_temporary_file_as_they_are_made(tmp_path):
    out = tmp_path / "places.jsonl"
    sizes = []

    def records():
        for i in range(40):
            temporary = _temporaries(tmp_path, out.name)
            assert not out.exists() and len(temporary) == 1
            sizes.append(temporary[0].stat().st_size)
            yield {"id": f"a{i}", "text": "x" * 2000}

    write_jsonl(records(), out)
    assert sizes[-1] > 0 and sizes == sorted(sizes), "lines are written while the records are made"
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [f"a{i}" for i in range(40)]
    assert _temporaries(tmp_path, out.name) == []


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError, OSError])
def test_an_interrupted_jsonl_leaves_the_old_file_and_no_temporary(tmp_path, stop):
    out = tmp_path / "events.jsonl"
    out.write_text("the old file\n")

    def records():
        for i in range(100):
            if i == 50:
                raise stop("stopped")
            yield {"id": i, "text": "y" * 1000}

    with pytest.raises(stop) as raised:  # an error of the caller's own stays its own, not the file's
        write_jsonl(records(), out)
    assert not isinstance(raised.value, ExportError)
    assert out.read_text() == "the old file\n"
    assert _temporaries(tmp_path, out.name) == []


@needs_store
def test_a_places_run_stopped_midway_leaves_no_partial_output(tmp_path):
    news = tmp_path / "news.jsonl"
    with news.open("w") as f:
        for i in range(400):
            f.write(json.dumps({"id": f"a{i}", "published": "2020-01-05", "text":
                                f"Report {i}. Gunmen attacked a checkpoint in Mosul on Tuesday. Protesters "
                                "marched in Basra and Baghdad, and officials in Ankara and Tehran spoke."}) + "\n")
    out = tmp_path / "places.jsonl"
    out.write_text("the old file\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "geoevents", "places", str(news), "--offline", "--jobs", "1",
                             "-o", str(out), "-q"], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    # stopped once some lines are in the temporary file: the run writes them as it goes
    while time.monotonic() < deadline and proc.poll() is None:
        temporary = _temporaries(tmp_path, out.name)
        if temporary and temporary[0].exists() and temporary[0].stat().st_size > 0:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert out.read_text() == "the old file\n"
    assert _temporaries(tmp_path, out.name) == []
