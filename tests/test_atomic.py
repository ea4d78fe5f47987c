"""Outputs written all or nothing: what ``-o`` points at is respected (a symlink written through,
a device or FIFO written into), a run's set of files is moved into place together, a second run
into the same folder is refused, and nothing a killed run left lingers (issue 14, items 1 and 9)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sample_events import sample_events

from geoevents.atomic import STAGING_PREFIX, OutputFolder, atomic_write, check_writable
from geoevents.errors import ExportError
from geoevents.export import OUTPUT_FILES, output_folder, write_outputs
from geoevents.model import Result

REPO = Path(__file__).resolve().parent.parent


def sample_result() -> Result:
    events = tuple(sample_events())
    return Result(documents=(), places={}, events=events)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- one file: -o FILE ---------------------------------------------------------------------------

def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    dangling = tmp_path / "dangling.jsonl"
    dangling.symlink_to(tmp_path / "sub" / "target.jsonl")
    atomic_write(dangling, "x\n")
    assert dangling.is_symlink() and (tmp_path / "sub" / "target.jsonl").read_text() == "x\n"


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, "line\n")
    reader.join(timeout=10)
    assert got == [b"line\n"]
    assert fifo.is_fifo()


def test_a_device_is_written_into_not_replaced():
    before = os.stat("/dev/null")
    atomic_write("/dev/null", "nothing\n")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_rdev, after.st_mode) == (before.st_ino, before.st_rdev, before.st_mode)
    assert not [p for p in Path("/dev").glob(".null.*")]


def test_a_folder_given_as_a_file_is_an_error(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        atomic_write(tmp_path, "x")
    with pytest.raises(ExportError, match="is a folder"):
        check_writable(tmp_path)


def test_a_temporary_file_a_killed_writer_left_is_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".out.jsonl.{dead.stdout.strip()}.abcd1234.tmp"
    stale.write_bytes(b"")
    older = tmp_path / ".out.jsonl.k2j3h4.tmp"  # the name earlier versions gave
    older.write_bytes(b"")
    atomic_write(tmp_path / "out.jsonl", "x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


# -- the set: map -o DIR -------------------------------------------------------------------------

def test_the_set_is_written_and_nothing_else_is_left(tmp_path):
    written = write_outputs(sample_result(), tmp_path / "out", formats=("geojson", "gpkg", "csv", "parquet"))
    assert [p.name for p in written] == ["events.geojson", "places.geojson", "events.gpkg", "events.csv", "events.parquet",
                                         "map.html"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUT_FILES)


def test_a_failure_while_writing_leaves_the_old_set_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_outputs(sample_result(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import geoevents.webmap as webmap

    def broken(*args, **kwargs):
        raise ExportError("the map cannot be drawn")
    monkeypatch.setattr(webmap, "render_map", broken)
    with pytest.raises(ExportError):
        write_outputs(Result((), {}, tuple(sample_events()[:2])), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no new GeoJSON beside the old map


def test_files_of_an_earlier_run_the_new_one_does_not_write_are_removed(tmp_path):
    out = tmp_path / "out"
    write_outputs(sample_result(), out, formats=("geojson", "gpkg"))
    (out / "notes.txt").write_text("mine")
    write_outputs(sample_result(), out)
    assert sorted(p.name for p in out.iterdir()) == ["events.geojson", "map.html", "notes.txt", "places.geojson"]


def test_a_second_run_into_the_same_folder_is_refused(tmp_path):
    with output_folder(tmp_path / "out"):
        with pytest.raises(ExportError, match="another geoevents run"):
            output_folder(tmp_path / "out")
    with output_folder(tmp_path / "out"):  # released
        pass
    assert not (tmp_path / "out").exists()  # made for runs that wrote nothing: not left behind


def test_an_unwritable_or_impossible_folder_is_found_at_once(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="file: is not a folder$"):
        output_folder(blocker)
    with pytest.raises(ExportError, match="^/dev/null: is not a folder$"):
        output_folder("/dev/null")
    with pytest.raises(ExportError, match="file"):
        output_folder(blocker / "out")
    with pytest.raises(ExportError):
        check_writable(blocker / "out.jsonl")


KILLER = """
import os, signal, sys
sys.path[:0] = [{tests!r}, {repo!r}]
from sample_events import sample_events
from geoevents.model import Result
import geoevents.atomic as atomic
from geoevents.export import write_outputs

real_replace, moved = os.replace, []
def replace(a, b):
    real_replace(a, b)
    moved.append(b)
    if {at} and len(moved) == {at}:
        os.kill(os.getpid(), signal.SIGKILL)
atomic.os.replace = replace
if {at} == 0:
    real_write = atomic.OutputFolder.write
    def write(self, name, data):
        path = real_write(self, name, data)
        if name == "places.geojson":
            os.kill(os.getpid(), signal.SIGKILL)
        return path
    atomic.OutputFolder.write = write
write_outputs(Result((), {{}}, tuple(sample_events()[:{n}])), {out!r})
"""


def kill_while_writing(out: Path, at: int, n: int) -> None:
    code = KILLER.format(tests=str(REPO / "tests"), repo=str(REPO), at=at, n=n, out=str(out))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr


def features(out: Path) -> int:
    return len(json.loads((out / "events.geojson").read_text())["features"])


def test_a_run_killed_while_staging_leaves_the_old_set_and_the_next_run_cleans_up(tmp_path):
    out = tmp_path / "out"
    write_outputs(sample_result(), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    kill_while_writing(out, at=0, n=1)
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before
    assert [n for n in leftovers(out) if n.startswith(STAGING_PREFIX)]  # what SIGKILL left
    with OutputFolder(out, OUTPUT_FILES):
        pass
    assert leftovers(out) == []
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_run_killed_between_files_is_finished_by_the_next_one(tmp_path):
    out = tmp_path / "out"
    write_outputs(sample_result(), out)
    old = features(out)
    kill_while_writing(out, at=1, n=1)  # killed after the first file moved into place
    new = features(out)
    assert new != old
    with OutputFolder(out, OUTPUT_FILES):  # the next run finds the complete staged set and finishes it
        pass
    assert leftovers(out) == []
    page = (out / "map.html").read_text(encoding="utf-8")
    assert features(out) == new and page.count("geoevents-data-") > 0
    expected = tmp_path / "expected"
    write_outputs(Result((), {}, tuple(sample_events()[:1])), expected)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in expected.iterdir()}


def test_same_input_gives_the_same_bytes(tmp_path):
    for name in ("a", "b"):
        write_outputs(sample_result(), tmp_path / name, formats=("geojson", "gpkg", "csv", "parquet"))
    for name in OUTPUT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_sigterm_removes_the_staged_set_and_releases_the_folder(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Protesters marched in Basra on Tuesday.\n" * 200)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "geoevents", "map", str(article), "--offline", "-o", str(out)],
                            env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out.is_dir() and leftovers(out)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(out), "the run never staged anything"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert not out.exists()  # made for the run, which wrote nothing
    with output_folder(out):
        pass
