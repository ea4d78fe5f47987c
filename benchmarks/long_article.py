"""Long articles: time and peak memory of one article of 100,000 to 1,000,000 characters (and,
with --sizes, any other), through ``geoevents events`` (or ``map``/``places``), each size in a
fresh process so that its peak resident memory is its own.

The article is the demo's own reports (examples/: written for this project) one after another,
paragraphs as they are, repeated until the size is reached, so it reads like a very long news
digest: places, dates and events all through it.

    python benchmarks/long_article.py                       # events: 100k, 200k, 400k, 1M
    python benchmarks/long_article.py --command map --sizes 100000 1000000
    python benchmarks/long_article.py --sizes 50000000 --command places --fast   # a 50 MB text

Prints one row per size: characters, seconds (wall) and CPU seconds (user + system, less
disturbed by other work on the machine), peak RSS in MB, CPU seconds per 100,000 characters
(flat when the growth is linear), and the events (or places) found. Articles longer than
GEOEVENTS_PIECE_CHARS (100,000) are read in pieces (geoevents.pipeline.pieces).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def paragraphs() -> list[str]:
    from geoevents.ingest import read_documents

    docs, _ = read_documents([REPO / "examples"])
    out = []
    for d in sorted(docs, key=lambda d: d.id):
        out.extend(p.strip() for p in d.text.split("\n\n") if p.strip())
    return out


def article(size: int) -> str:
    parts, n, i = [], 0, 0
    paras = paragraphs()
    while n < size:
        p = paras[i % len(paras)]
        parts.append(p)
        n += len(p) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def run(size: int, command: str, extra: list[str], workdir: Path) -> dict:
    src = workdir / f"article-{size}.txt"
    src.write_text(article(size), encoding="utf-8")
    out = workdir / ("out" if command == "map" else f"out-{size}.jsonl")
    args = [sys.executable, "-m", "geoevents", command, str(src), "--published", "2020-01-04", "--offline", "-q",
            "-o", str(out), *extra]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.monotonic()
    proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{size}: {command} failed:\n{err}")
    if command == "map":
        found = len(json.loads((out / "events.geojson").read_text())["features"])
    else:
        line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
        found = len(line.get("events", line.get("places", [])))
    return {"chars": size, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "found": found}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000, 400_000, 1_000_000])
    ap.add_argument("--command", choices=["events", "map", "places"], default="events")
    ap.add_argument("--fast", action="store_true", help="places --fast (no spaCy)")
    args = ap.parse_args()
    extra = ["--fast"] if args.fast else []
    what = "features" if args.command == "map" else args.command
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"| characters | seconds | CPU s | peak RSS MB | CPU s per 100k chars | {what} |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            r = run(size, args.command, extra, Path(tmp))
            print(f"| {r['chars']:,} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['peak_mb']:.0f} | "
                  f"{r['cpu'] / r['chars'] * 100_000:.2f} | {r['found']:,} |", flush=True)


if __name__ == "__main__":
    main()
