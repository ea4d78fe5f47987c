"""How geoevents scales: articles a second and peak memory of `geoevents map` with --jobs 1,
--jobs 2 and --dask local:2 (and whether their outputs are the same bytes), a collection rerun
after adding 1 % new articles, and the merge of synthetic raw events (benchmarks/merge_speed.py).

    PYTHONPATH=. .venv/bin/python benchmarks/scale.py --articles 1000
    PYTHONPATH=. .venv/bin/python benchmarks/scale.py --articles 20000 --only jobs2     # peak memory
    PYTHONPATH=. .venv/bin/python benchmarks/scale.py --only merge --merge-sizes 500000 1000000

Articles: the news of --news (JSONL with id, text, published), repeated until there are
--articles of them, each copy with a new id and a sentence of its own at the end (so no two texts
are the same: a collection would take copies for articles it has seen). Every run is a separate
process, timed from outside (wall seconds, and peak resident memory of the largest process from
/usr/bin/time -v; with --jobs the largest is a worker), and the peak resident memory of the parent
process alone (what grows with the number of articles: the workers' memory does not). Runs are
interleaved round by round, so a ratio compares runs made at the same moment of a shared machine;
the median of --rounds is shown, with the load average when the run started.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_NEWS = [Path("/tmp/news_speed.jsonl"), ROOT.parent / "shared" / "bench" / "evloc" / "dev.jsonl"]


def articles(news: Path, n: int, start: int = 0) -> list[dict]:
    """``n`` articles from ``news``, copies from ``start`` on: the k-th copy of an article gets
    the id ``ID~k`` and a closing sentence of its own."""
    rows = [json.loads(line) for line in news.read_text().splitlines() if line.strip()]
    out = []
    for i in range(start, start + n):
        row = dict(rows[i % len(rows)])
        copy = i // len(rows)
        if copy:
            row["id"] = f"{row.get('id', i)}~{copy}"
            row["text"] = row["text"].rstrip() + f"\n\nThis report was filed as number {copy}."
        out.append(row)
    return out


def write(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


#: ``geoevents ARGS`` as ``python -m geoevents`` runs it, saying on stderr, as it exits, the peak
#: resident memory of its own process (RUSAGE_SELF: the parent alone; /usr/bin/time gives the
#: largest of it and its worker processes). atexit runs after click's SystemExit too; spawned
#: workers do not run this code, so they say nothing.
LAUNCH = """\
import atexit, resource, sys
atexit.register(lambda: print("parent peak KB:", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                              file=sys.stderr))
sys.argv[0] = "geoevents"
from geoevents.cli import main
main()
"""


def timed(args: list[str]) -> dict:
    """Run ``geoevents ARGS`` under /usr/bin/time -v: wall seconds, peak memory (MB) of the
    largest process and of the parent."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", LAUNCH, *args, "-q"],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"geoevents {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    parent = re.search(r"^parent peak KB: (\d+)$", proc.stderr, re.MULTILINE)
    return {"wall": wall, "peak_mb": int(peak.group(1)) / 1024 if peak else None,
            "parent_mb": int(parent.group(1)) / 1024 if parent else None, "load": load}


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("events.geojson", "places.geojson", "map.html")}


def bench_runs(news: Path, n: int, rounds: int, only: set[str], work: Path) -> list[str]:
    source = write(articles(news, n), work / "news.jsonl")
    runs = {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"], "dask2": ["--dask", "local:2"]}
    runs = {k: v for k, v in runs.items() if not only or k in only}
    times: dict[str, list[dict]] = {k: [] for k in runs}
    same = {}
    for _round in range(rounds):
        for name, extra in runs.items():
            out = work / f"out-{name}"
            shutil.rmtree(out, ignore_errors=True)
            times[name].append(timed(["map", str(source), "--offline", "-o", str(out), *extra]))
            same[name] = outputs(out)
    lines = [f"| run ({n:,} news articles) | articles/s | wall s | peak MB | parent peak MB | load | "
             "same bytes as --jobs 1 |", "|---|---:|---:|---:|---:|---:|---|"]
    base = statistics.median(t["wall"] for t in times["jobs1"]) if "jobs1" in times else None
    for name, ts in times.items():
        wall = statistics.median(t["wall"] for t in ts)
        peak = max(t["peak_mb"] or 0 for t in ts)
        parent = max(t["parent_mb"] or 0 for t in ts)
        load = statistics.median(t["load"] for t in ts)
        ratio = f" ({base / wall:.2f}x)" if base and name != "jobs1" else ""
        if name == "jobs1" or "jobs1" not in same:
            identical = "-"  # nothing to compare with
        else:
            identical = "yes" if same[name] == same["jobs1"] else "NO"
        lines.append(f"| {' '.join(runs[name])} | {n / wall:.1f}{ratio} | {wall:.1f} | {peak:.0f} | {parent:.1f} | "
                     f"{load:.1f} | {identical} |")
    return lines


def bench_collection(news: Path, n: int, work: Path, jobs: int) -> list[str]:
    """Analyse ``n`` articles into a collection, then add 1 % new ones: the rerun's time against
    the first run's."""
    desk = work / "desk"
    shutil.rmtree(desk, ignore_errors=True)
    first = write(articles(news, n), work / "first.jsonl")
    more = write(articles(news, max(1, n // 100), start=n), work / "more.jsonl")
    made = timed(["map", str(first), "--offline", "--collection", str(desk), "--jobs", str(jobs)])
    added = timed(["map", str(first), str(more), "--offline", "--collection", str(desk), "--jobs", str(jobs)])
    return ["| collection | wall s | share of the first run | load |", "|---|---:|---:|---:|",
            f"| {n:,} articles analysed into a new collection | {made['wall']:.1f} | 100 % | {made['load']:.1f} |",
            f"| the same + {max(1, n // 100):,} new (1 %) | {added['wall']:.1f} | "
            f"{100 * added['wall'] / made['wall']:.1f} % | {added['load']:.1f} |"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, default=next((p for p in DEFAULT_NEWS if p.exists()), None))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=[],
                        help="some of: jobs1 jobs2 dask2 collection merge (default: all)")
    parser.add_argument("--collection-jobs", type=int, default=2)
    parser.add_argument("--merge-sizes", type=int, nargs="+", default=[10_000, 100_000, 500_000, 1_000_000])
    args = parser.parse_args(argv)
    only = set(args.only)
    work = Path(tempfile.mkdtemp(prefix="geoevents-scale-"))
    try:
        print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors\n")
        runs = only & {"jobs1", "jobs2", "dask2"}
        if not only or runs:
            if args.news is None:
                raise SystemExit("no news JSONL: give --news")
            print("\n".join(bench_runs(args.news, args.articles, args.rounds, runs, work)) + "\n", flush=True)
        if not only or "collection" in only:
            print("\n".join(bench_collection(args.news, args.articles, work, args.collection_jobs)) + "\n",
                  flush=True)
        if not only or "merge" in only:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import merge_speed
            merge_speed.main(["--sizes", *map(str, args.merge_sizes)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
