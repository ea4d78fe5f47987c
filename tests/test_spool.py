"""Bounded memory (issue 15, item 3): a run keeps of each article only what the outputs and the
merge need. Places are counted per place as each analysis arrives (PlaceTally), raw events wait
in a temporary file until the merge (EventSpool), and ``places``/``events`` write each article's
line as it comes, into the temporary file that becomes the output, so an interrupted run leaves
no partial file. The outputs are the bytes the in-memory way gave."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sample_events import IRAQ, MOSUL, sample_events

from geoevents.errors import ExportError
from geoevents.export import place_features, source_kind, write_jsonl, write_outputs
from geoevents.model import Candidate, Document, Mention, Place, PlaceTally, Result, RunningSum
from geoevents.spool import EventSpool

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "gazetteer" / "geoevents.sqlite"
SEEDS = REPO.parent / "shared" / "seeds" / "articles.jsonl"
needs_store = pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason=f"no seed articles at {SEEDS}")


# -- counting places as they arrive ---------------------------------------------------------------

@pytest.mark.parametrize("seed", range(20))
def test_a_running_sum_is_the_builtin_sum_to_the_last_bit(seed):
    rng = random.Random(seed)
    # mixed magnitudes, so that the order and the method of adding change the last bits
    xs = [rng.choice([rng.random(), rng.random() * 1e-9, round(rng.random(), 4), 0.93, 1e6 * rng.random()])
          for _ in range(rng.randint(1, 300))]
    if seed % 4 == 0:
        xs = [rng.randint(0, 3) for _ in range(rng.randint(1, 5))] + xs  # ints first, as sum() meets them
    running = RunningSum()
    for x in xs:
        running.add(x)
    assert running.value == sum(xs) and type(running.value) is type(sum(xs))
    assert math.copysign(1, running.value) == math.copysign(1, sum(xs))


def _place(text: str, candidate: Candidate | None, score: float, role: str = "literal", start: int = 0) -> Place:
    return Place(Mention(start, start + len(text), text, text, "GPE", role), candidate, score)  # type: ignore[arg-type]


def _features_grouped(places: dict[str, tuple[Place, ...]]) -> list[dict]:
    """places.geojson's properties as geoevents computed them before the tally, from every
    article's Place objects (the oracle: the same fields, grouped after the run)."""
    groups: dict[str, list[tuple[str, Place]]] = defaultdict(list)
    for doc, found in places.items():
        for p in found:
            key = p.candidate.id if p.candidate else "unresolved:" + " ".join(p.mention.text.split()).lower()
            groups[key].append((doc, p))
    out = []
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        items = groups[key]
        c = items[0][1].candidate
        roles = Counter(p.role for _, p in items)
        out.append({
            "id": key, "name": c.name if c else items[0][1].mention.text, "source": source_kind(c),
            "mentions": len(items), "literal_mentions": roles.get("literal", 0),
            "associative_mentions": roles.get("associative", 0), "documents": len({doc for doc, _ in items}),
            "mean_score": round(sum(p.score for _, p in items) / len(items), 4),
            "texts": sorted({p.mention.text for _, p in items}), "docs": list(dict.fromkeys(doc for doc, _ in items)),
        })
    return out


def _many_places(n_docs: int, seed: int) -> dict[str, tuple[Place, ...]]:
    rng = random.Random(seed)
    candidates = [MOSUL, IRAQ, dataclasses.replace(MOSUL, id="geonames:1", name="Other Mosul")]
    texts = {MOSUL.id: ["Mosul", "MOSUL", "Mosul's"], IRAQ.id: ["Iraq", "Iraqi"], "geonames:1": ["Mosul"]}
    places = {}
    for d in range(n_docs):
        found = []
        for _ in range(rng.randint(0, 6)):
            c = rng.choice(candidates + [None])
            text = rng.choice(texts[c.id]) if c else rng.choice(["Wadi  Qasr", "wadi qasr", "Tal Qarah"])
            found.append(_place(text, c, rng.choice([0.93, 0.9299, 0.6754, rng.random(), 0.0]),
                                rng.choice(["literal", "associative"]), start=len(found) * 10))
        places[f"doc{d}"] = tuple(found)
    return places


@pytest.mark.parametrize("seed", range(5))
def test_the_tally_gives_the_properties_the_grouped_places_gave(seed):
    places = _many_places(60, seed)
    expected = _features_grouped(places)
    tally = PlaceTally()
    for doc, found in places.items():  # as a run adds them, one article at a time
        tally.add(doc, found)
    for got in (place_features(tally), place_features(places)):
        props = [{k: f["properties"][k] for k in expected[0]} for f in got]
        assert props == expected
    assert len(tally) == len(expected)


def test_a_result_without_a_tally_is_counted_from_its_places():
    places = _many_places(10, 7)
    result = Result((), places, ())
    assert place_features(result.tally()) == place_features(places)
    kept = PlaceTally()
    assert Result((), places, (), (), kept).tally() is kept  # a run's own tally, not a recount


# -- raw events on disk until the merge --------------------------------------------------------------

def test_the_spool_gives_back_the_events_in_order_from_a_file_it_removes(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    events = sample_events()
    with EventSpool() as spool:
        assert spool.path.parent.parent == tmp_path and spool.path.parent.name.startswith("geoevents-spool-")
        sizes = []
        for e in events:
            spool.add((e,))
            spool.add(())  # an article without events writes nothing
            spool._file.flush()  # type: ignore[union-attr]
            sizes.append(spool.path.stat().st_size)
        assert sizes == sorted(set(sizes)), "each article's events go to the file as they come"
        back = list(spool.events())
        assert back == events and spool.count == len(events)
        assert list(spool.events()) == events  # read again, the same
    assert list(tmp_path.iterdir()) == []


def test_the_spool_shares_one_copy_of_each_gazetteer_entry_but_never_merges_two(tmp_path):
    events = sample_events()
    mosul = [e for e in events if e.locations and e.locations[0].place.candidate == MOSUL]
    assert mosul
    copy = lambda c: dataclasses.replace(c)  # noqa: E731  (equal, another object: as unpickled per article)
    moved = dataclasses.replace(MOSUL, lat=MOSUL.lat + 1)  # the same id, another entry
    told = []
    for i in range(3):
        e = mosul[0]
        loc = e.locations[0]
        c = moved if i == 2 else copy(loc.place.candidate)
        told.append(dataclasses.replace(e, id=f"{e.id}-{i}", locations=(
            dataclasses.replace(loc, place=dataclasses.replace(loc.place, candidate=c)),)))
    assert told[0].locations[0].place.candidate is not told[1].locations[0].place.candidate
    with EventSpool() as spool:
        for e in told:
            spool.add((e,))
        back = list(spool.events())
    assert back == told
    first, second, third = (e.locations[0].place.candidate for e in back)
    assert first is second
    assert third is not first and third.lat == MOSUL.lat + 1


def test_a_closed_spool_says_so():
    spool = EventSpool()
    folder = spool.path.parent
    spool.close()
    assert not folder.exists()
    with pytest.raises(ValueError):
        spool.add(tuple(sample_events()[:1]))


# -- the pipeline: lazy input, the same outputs as in memory ----------------------------------------

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
def test_a_lazy_run_spools_its_events_and_leaves_no_temporary_file(pipeline, tmp_path, monkeypatch):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    docs = _articles()
    seen: list[list[str]] = []
    result = pipeline.run(iter(docs), progress=lambda d: seen.append(sorted(p.name for p in temporary.iterdir())))
    assert len(seen) == len(docs) and all(len(s) == 1 and s[0].startswith("geoevents-spool-") for s in seen)
    assert list(temporary.iterdir()) == []  # removed once merged
    assert result.documents == () and result.places == {}  # a lazy input keeps nothing per article
    assert result.place_tally is not None and len(result.place_tally) > 0
    kept = pipeline.run(docs)  # a list is kept, with each one's places, as before
    assert kept.documents == tuple(docs) and set(kept.places) == {d.id for d in docs}
    assert kept.events == result.events


@needs_store
@needs_seeds
def test_a_lazy_run_writes_the_bytes_the_in_memory_way_gave(pipeline, tmp_path):
    from geoevents.merge import merge

    docs = _articles()
    places, events = {}, []
    for a in pipeline.analyses(docs):  # every article's places and raw events held, then merged
        places[a.document.id] = a.places
        events.extend(a.events)
    in_memory = Result(tuple(docs), places, tuple(merge(events)))
    spooled = pipeline.run(iter(docs))
    formats = ("geojson", "gpkg", "csv")
    write_outputs(in_memory, tmp_path / "memory", formats=formats, shapes=pipeline.shape)
    write_outputs(spooled, tmp_path / "spool", formats=formats, shapes=pipeline.shape)
    names = sorted(p.name for p in (tmp_path / "memory").iterdir())
    assert names == ["events.csv", "events.geojson", "events.gpkg", "map.html", "places.geojson"]
    for name in names:
        assert (tmp_path / "memory" / name).read_bytes() == (tmp_path / "spool" / name).read_bytes(), name
    assert len(json.loads((tmp_path / "spool" / "places.geojson").read_text())["features"]) > 5


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
