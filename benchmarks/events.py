"""Event extraction and merging: speed and what comes out, on real news read at run time.

    .venv/bin/python benchmarks/events.py                 # the seeds and ../shared/bench/geo/*.jsonl
    .venv/bin/python benchmarks/events.py --sets tr_news  # one set
    .venv/bin/python benchmarks/events.py --no-prepare    # the pipeline's spaCy model as it loads

For each set: articles and characters; seconds for spaCy parsing, for places and dates, for event
extraction and for merging; events per article; the share of events that happened (the rest are
negated, future, threats, hypothetical or background); of those, the share located and the share
with a date stated in the text (not carried over from the narrative). Over the seeds it also runs
the shared check (../shared/seeds/check.py) on the events merged from both articles.

The benchmark texts carry licences of their own: they are read from ../shared at run time and
never copied. There is no gold standard of events here; the figures describe the output, and the
seed check is the one accuracy figure.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from geoevents import Settings, events, merge  # noqa: E402
from geoevents import dates as dates_stage  # noqa: E402
from geoevents.model import Document  # noqa: E402
from geoevents.pipeline import Pipeline  # noqa: E402


def read_set(path: Path, limit: int | None) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            published = row.get("published") or row.get("dct")
            day = dt.date.fromisoformat(published[:10]) if published else None
            docs.append(Document(str(row["id"]), row["text"], title=row.get("title"), published=day))
            if limit and len(docs) >= limit:
                break
    return docs


def measure(pipeline: Pipeline, docs: list[Document]) -> dict:
    t0 = time.perf_counter()
    parsed = list(pipeline.nlp.pipe([d.text for d in docs], batch_size=32))
    t_parse = time.perf_counter() - t0
    t_places = t_events = 0.0
    found = []
    for doc, sdoc in zip(docs, parsed):
        a = time.perf_counter()
        mentions = pipeline.recognizer(sdoc)
        places, _ = pipeline.resolver(mentions, doc.text)
        timexes = dates_stage.extract(doc.text, doc.published)
        b = time.perf_counter()
        found.extend(events.extract_events(doc, sdoc, places, timexes))
        t_events += time.perf_counter() - b
        t_places += b - a
    c = time.perf_counter()
    merged = merge.merge(found)
    t_merge = time.perf_counter() - c
    status = collections.Counter(e.status for e in found)
    happened = [e for e in merged if e.occurred]
    return {
        "articles": len(docs), "chars": sum(len(d.text) for d in docs),
        "parse_s": t_parse, "places_dates_s": t_places, "events_s": t_events, "merge_s": t_merge,
        "tellings": len(found), "events": len(merged), "status": dict(status),
        "happened": len(happened),
        "located": sum(1 for e in happened if e.locations),
        "stated_date": sum(1 for e in happened if e.date and not e.date_inferred),
        "types": dict(collections.Counter(e.type for e in happened).most_common()),
        "merged": merged,
    }


def seed_check(merged, places_path: Path) -> str:
    from geoevents.export import events_geojson

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.geojson"
        path.write_text(json.dumps(events_geojson([e for e in merged if e.occurred])), encoding="utf-8")
        out = subprocess.run([sys.executable, str(SHARED / "seeds" / "check.py"), "--places", str(places_path),
                              "--events", str(path)], capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1] if out.stdout else out.stderr.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="*", default=None, help="names of ../shared/bench/geo/*.jsonl sets")
    ap.add_argument("--limit", type=int, default=None, help="articles per set")
    ap.add_argument("--no-prepare", action="store_true", help="leave the pipeline's spaCy model as loaded")
    a = ap.parse_args()
    if not SHARED.exists():
        print(f"{SHARED} is not there: nothing to measure")
        return 0
    pipeline = Pipeline.load(Settings(offline=True))
    if not a.no_prepare:
        events.prepare(pipeline.nlp)
    sets = {"seeds": SHARED / "seeds" / "articles.jsonl"}
    for p in sorted((SHARED / "bench" / "geo").glob("*.jsonl")):
        sets[p.stem] = p
    if a.sets:
        sets = {k: v for k, v in sets.items() if k in a.sets}
    print(f"{'set':10} {'art':>5} {'kchar':>6} {'parse s':>8} {'place s':>8} {'event s':>8} {'merge s':>8} "
          f"{'ev/art':>6} {'happen':>7} {'located':>8} {'dated':>6}")
    for name, path in sets.items():
        r = measure(pipeline, read_set(path, a.limit))
        share = r["happened"] / r["events"] if r["events"] else 0
        loc = r["located"] / r["happened"] if r["happened"] else 0
        dated = r["stated_date"] / r["happened"] if r["happened"] else 0
        print(f"{name:10} {r['articles']:5} {r['chars'] / 1000:6.0f} {r['parse_s']:8.2f} {r['places_dates_s']:8.2f} "
              f"{r['events_s']:8.2f} {r['merge_s']:8.2f} {r['events'] / max(1, r['articles']):6.2f} {share:7.0%} "
              f"{loc:8.0%} {dated:6.0%}")
        print(f"{'':10} tellings by status {r['status']}; events that happened by type {r['types']}")
        if name == "seeds":
            with tempfile.TemporaryDirectory() as tmp:
                from geoevents.export import places_records, write_jsonl

                docs = read_set(path, None)
                found, _ = pipeline.places(docs)
                places_path = Path(tmp) / "places.jsonl"
                write_jsonl(places_records(docs, found), places_path)
                print(f"{'':10} {seed_check(r['merged'], places_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
