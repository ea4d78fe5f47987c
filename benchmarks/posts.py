#!/usr/bin/env python3
"""Geoparsing of short social-media posts: our own gold over the shared tweets (issue 16).

    .venv/bin/python benchmarks/posts.py                      # dev and held-out halves
    .venv/bin/python benchmarks/posts.py --half dev --errors /tmp/posts-errors.jsonl

The texts are the 742 posts of ``../shared/bench/time/tweets-train.jsonl`` (a TimeML set: its
posts carry no place annotation), read from there at run time; ``benchmarks/posts/gold.tsv`` holds
only our annotation: each toponym's post id, offsets, surface, and point (from the gazetteer entry
named in ``gazetteer_id``, or written by hand for the places it lacks). See
``benchmarks/posts/README.md`` for the guidelines. Every post is scored, those without a toponym
too (they count the false positives). The halves are fixed by the SHA-1 of the post id (odd:
held-out); ``--errors`` is refused for the held-out half, whose errors nobody developing reads.

Each half is written to a temporary JSONL in the form of ``../shared/bench/geo/`` and scored by
``benchmarks/geoparse.py`` (end to end, and with the gold spans given), scheme ``no-demonyms``
(the annotation counts no demonyms).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT.parent / "shared" / "bench" / "time" / "tweets-train.jsonl"
GOLD = ROOT / "benchmarks" / "posts" / "gold.tsv"


def half_of(post_id: str) -> str:
    return "heldout" if int(hashlib.sha1(post_id.encode()).hexdigest(), 16) % 2 else "dev"


def documents(half: str) -> list[dict]:
    """The posts of one half in the geo benchmark form, with their gold toponyms."""
    gold: dict[str, list[dict]] = {}
    with open(GOLD, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            gold.setdefault(row["id"], []).append(
                {"start": int(row["start"]), "end": int(row["end"]), "name": row["surface"],
                 "lat": float(row["lat"]), "lon": float(row["lon"])})
    docs = []
    with open(POSTS, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            post = json.loads(line)
            if half_of(post["id"]) != half:
                continue
            for t in gold.get(post["id"], []):
                if post["text"][t["start"]:t["end"]] != t["name"]:
                    sys.exit(f"{post['id']}: gold span {t['start']}-{t['end']} is not {t['name']!r}: "
                             "the shared text changed")
            docs.append({"id": post["id"], "text": post["text"], "toponyms": gold.get(post["id"], [])})
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--errors", type=Path, help="write the dev half's errors as JSONL here")
    ap.add_argument("--skip-fast", action="store_true", help="skip the --fast run")
    a = ap.parse_args()
    halves = ["dev", "heldout"] if a.half == "both" else [a.half]
    if a.errors and "heldout" in halves:
        sys.exit("--errors reads the dev half only (--half dev): the held-out half's errors are not read")
    with tempfile.TemporaryDirectory() as tmp:
        for half in halves:
            path = Path(tmp) / f"posts_{half}.jsonl"
            with open(path, "w", encoding="utf-8") as f:
                for d in documents(half):
                    f.write(json.dumps(d, ensure_ascii=False) + "\n")
            cmd = [sys.executable, str(ROOT / "benchmarks" / "geoparse.py"), str(path), "--scheme", "no-demonyms",
                   "--skip-speed"]
            if a.skip_fast:
                cmd.append("--skip-fast")
            if a.errors:
                cmd += ["--errors", str(a.errors)]
            print(f"== {half} half", flush=True)
            subprocess.run(cmd, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
