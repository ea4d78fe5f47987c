#!/usr/bin/env python3
"""Print the gazetteer's speed and size figures against the targets of issue 3.

    .venv/bin/python benchmarks/gazetteer_speed.py [--gazetteer PATH] [--build] [--names N]

- exact lookup: median time of ``candidates(name)`` over N names drawn (with a fixed seed) from
  the store's own name index, each looked up once, plus a set of common news toponyms;
- open + first lookup: in a fresh Python process, ``Gazetteer.open()`` and one ``candidates()``;
- resident memory: VmRSS of that process after the lookups, and its growth over the interpreter
  with geoevents imported;
- store size on disk; with ``--build``, the time of a full build into a temporary file.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geoevents.gazetteer import Gazetteer, default_store_path  # noqa: E402
from geoevents.gazetteer_build import build  # noqa: E402

TARGETS = {"lookup_median_us": 20.0, "open_first_lookup_s": 0.3, "rss_mb": 200.0, "store_mb": 80.0}
COMMON = ["Baghdad", "Iraq", "United States", "Kuwait City", "London", "Paris", "Washington", "Middle East",
          "Gaza Strip", "Aleppo", "Kyiv", "Moscow", "Beijing", "Tehran", "Kabul", "Damascus", "Sahel", "Texas",
          "Baghdad International Airport", "Green Zone", "Springfield", "San Jose", "Punjab", "Georgia"]

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from geoevents.gazetteer import Gazetteer
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
base = rss()
t1 = time.perf_counter()
g = Gazetteer.open(sys.argv[1])
g.candidates("Baghdad")
t2 = time.perf_counter()
for name in json.loads(sys.argv[2]):
    g.candidates(name)
print(json.dumps({"import_s": t1 - t0, "open_first_lookup_s": t2 - t1, "rss_mb": rss(), "rss_growth_mb": rss() - base}))
"""


def measure(path: Path, n: int) -> dict:
    g = Gazetteer.open(path)
    rng = random.Random(20200103)
    names = [norm for norm, _, _ in g.name_index()]
    sample = rng.sample(names, min(n, len(names)))
    out: dict = {"store": str(path), "store_mb": round(path.stat().st_size / 1e6, 1)}
    for label, batch in (("lookup", sample), ("lookup_common", COMMON)):
        times = []
        for name in batch:
            t = time.perf_counter_ns()
            g.candidates(name)
            times.append(time.perf_counter_ns() - t)
        out[f"{label}_median_us"] = round(statistics.median(times) / 1000, 1)
        out[f"{label}_p95_us"] = round(sorted(times)[int(len(times) * 0.95)] / 1000, 1)
    times = []
    for name in sample[:2000]:
        t = time.perf_counter_ns()
        _ = name in g
        times.append(time.perf_counter_ns() - t)
    out["contains_median_us"] = round(statistics.median(times) / 1000, 1)
    g.close()
    runs = []
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), json.dumps(sample[:2000])],
                              capture_output=True, text=True, cwd=REPO, check=True)
        runs.append(json.loads(proc.stdout))
    out["open_first_lookup_s"] = round(statistics.median(r["open_first_lookup_s"] for r in runs), 4)
    out["rss_mb"] = round(max(r["rss_mb"] for r in runs), 1)
    out["rss_growth_mb"] = round(max(r["rss_growth_mb"] for r in runs), 1)
    out["lookups_timed"] = len(sample)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", type=Path, default=None, help="store to measure (default: the built one)")
    parser.add_argument("--build", action="store_true", help="also time a full build into a temporary file")
    parser.add_argument("--names", type=int, default=20000, help="how many names to time")
    args = parser.parse_args()
    path = args.gazetteer or default_store_path()
    figures = measure(path, args.names)
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            build(Path(tmp) / "g.sqlite")
            figures["build_s"] = round(time.perf_counter() - t, 1)
    for key, value in figures.items():
        target = TARGETS.get(key)
        mark = "" if target is None else (f"  (target <= {target}: {'ok' if value <= target else 'MISSED'})")
        print(f"{key:24} {value}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
