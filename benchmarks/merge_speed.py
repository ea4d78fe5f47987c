"""How long merging takes, for synthetic raw events (the events of each article before merging)
from 10k to 1M, and whether doubling the events less than triples the time.

    PYTHONPATH=. .venv/bin/python benchmarks/merge_speed.py                 # 10k, 20k ... 1M
    PYTHONPATH=. .venv/bin/python benchmarks/merge_speed.py --sizes 10000 50000 100000 --check
                   # --check: also run the merge of another commit (git show; --against, by
                   # default 1d0a1c0, the last before the merge was made linear) and compare
                   # the merged events (==)
    PYTHONPATH=. .venv/bin/python benchmarks/merge_speed.py --sizes 10000 20000 --check --against 83f4462
                   # the merge before blocking (slow: it is quadratic)

Synthetic raw events follow what the event stage gives for real news (measured on 347 news
articles, 1,368 raw events): about 4 events an article; 6 % with a stated date (most to the day),
33 % with a stated place (a town, or a country for one in five), 3 % with only a fallback place;
18 % with a mode; 37 % with a proper name among their actors (from a Zipf-like list of 50,000
names (the most told in 1 %), plus the weak "us"/"un"/"uk"), 46 % with a common noun; 68 % occurred, the rest planned,
threatened, denied ...; 2.5 % follow an earlier event of their article. Articles are published
over a year for 1M events (a month at least), in feed order; a third of the tellings retell a
story of the last three days (so merging has work: about one telling in five joins another).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import os
import random
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoevents.merge import merge  # noqa: E402
from geoevents.model import Candidate, Event, Location, Mention, Place, Source  # noqa: E402

TYPES = [("OTHER", 49), ("ASSAULT", 15), ("COERCE", 8), ("ACCUSE", 7), ("CONSULT", 5), ("REQUEST", 5),
         ("AID", 3), ("PROTEST", 2), ("AGREE", 2), ("REJECT", 1), ("RETREAT", 1), ("SUPPORT", 1), ("THREATEN", 1)]
LABELS = ["statement", "statement", "statement", "disaster", "death", "economic", "politics", "legal", "accident"]
MODES = {"ASSAULT": ["aerial", "drone", "shelling", "bombing", "firearms", "clash", "abduct", "arrest"],
         "PROTEST": ["riot", "demonstrate"], "COERCE": ["arrest", "seize", "censor"]}
STATUS = [("occurred", 68), ("background", 12), ("planned", 7), ("hypothetical", 6), ("negated", 4),
          ("alleged", 1), ("demanded", 1), ("threatened", 1)]
COMMON = ["police", "army", "officials", "protesters", "militants", "government", "soldiers", "residents",
          "doctors", "farmers", "students", "workers", "rebels", "troops", "ministry", "company", "hospital",
          "court", "embassy", "council", "party", "voters", "villagers", "forces", "authorities"]


def synthetic_raw_events(n: int, seed: int = 15) -> list[Event]:
    """``n`` raw events, the same for a given seed."""
    rng = random.Random(seed)
    countries = [f"C{k:02d}" for k in range(40)]
    towns = []
    for k in range(3000):
        code = countries[k % len(countries)]
        base_lat, base_lon = -40 + (k % 40) * 2.0, -120 + (k % 40) * 6.0
        towns.append(Candidate(f"syn:{k}", f"Town{k}", base_lat + rng.uniform(-0.9, 0.9),
                               base_lon + rng.uniform(-2.5, 2.5), code, "P", "PPL", rng.randint(1000, 900000)))
    nations = {c: Candidate(f"country:{c}", f"Country {c}", 0.0, 0.0, c, "A", "PCLI", 10_000_000) for c in countries}
    # the most told name is in 1 % of the events (Trump in 0.8 % of the 1,368 real ones)
    # made-up names of 5 to 9 letters: real names differ in their first four letters too, which
    # merging uses as a key (so "Iranian" finds "Iran")
    names = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(3, 4)))
             .capitalize()[:rng.randint(5, 9)] for _ in range(50000)]
    # cumulative weights, summed once: random.choices sums plain weights on every call (50,000
    # of them for a name), which made generating 1M events take longer than merging them; the
    # draws are the same
    name_weights = list(itertools.accumulate(1 / (k + 1) ** 0.8 for k in range(len(names))))
    type_names = [t for t, _ in TYPES]
    type_weights = list(itertools.accumulate(w for _, w in TYPES))
    statuses = [s for s, _ in STATUS]
    status_weights = list(itertools.accumulate(w for _, w in STATUS))
    start = dt.date(2024, 1, 1)
    articles = max(1, n // 4)
    days = max(30, n // 2740)
    stories: list[types.SimpleNamespace] = []  # the recent ones, oldest first
    out: list[Event] = []
    doc = 0
    while len(out) < n:
        doc += 1
        published = start + dt.timedelta(days=doc * days // articles)
        stories = [s for s in stories if (published - s.told).days <= 3][-400:]
        previous = None
        for k in range(rng.randint(2, 6)):
            if len(out) >= n:
                break
            if stories and rng.random() < 0.33:
                story = rng.choice(stories)
            else:
                type_ = rng.choices(type_names, cum_weights=type_weights)[0]
                story = types.SimpleNamespace(
                    type=type_, told=published,
                    mode=rng.choice(MODES[type_]) if type_ in MODES and rng.random() < 0.8 else None,
                    label=rng.choice(LABELS) if type_ == "OTHER" else None,
                    day=published - dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 5])),
                    town=rng.choice(towns),
                    names=tuple(rng.choices(names, cum_weights=name_weights, k=rng.randint(1, 2))),
                    status=rng.choices(statuses, cum_weights=status_weights)[0])
                stories.append(story)
            r = rng.random()
            if r < 0.05:
                date, precision = story.day, "day"
            elif r < 0.06:
                date, precision = story.day.replace(day=1), "month"
            else:
                date, precision = None, "none"
            locations: tuple[Location, ...] = ()
            r = rng.random()
            if r < 0.33:
                place = story.town if rng.random() < 0.8 else nations[story.town.country]
                mention = Mention(0, len(place.name), place.name, place.name, "GPE")
                locations = (Location(Place(mention, place, 0.9), 1 if place is story.town else 3, "synthetic"),)
            elif r < 0.36:
                place = nations[story.town.country]
                mention = Mention(0, len(place.name), place.name, place.name, "GPE")
                locations = (Location(Place(mention, place, 0.5), 3, "fallback", inferred=True),)
            actors: tuple[str, ...] = ()
            r = rng.random()
            if r < 0.37:
                actors = story.names if rng.random() < 0.85 else (rng.choice(["US", "UN", "UK"]),)
            elif r < 0.83:
                actors = (rng.choice(COMMON),)
            mode = story.mode if rng.random() < 0.9 else None
            event_id = f"d{doc}-{k}"
            sentence = f"{story.type.title()} {event_id}."
            source = Source(f"doc{doc}", sentence, 0, len(sentence), f"Article {doc}", None, published)
            out.append(Event(event_id, story.type, date, precision, locations, sentence, (source,), mode=mode,
                             label=story.label, status=story.status, actors=actors,
                             after=(previous,) if previous and rng.random() < 0.025 else ()))
            previous = event_id
    return out


#: the merge --check compares with by default: the last one before it was made linear in time
AGAINST = "1d0a1c0"


def old_merge(commit: str = AGAINST):
    """The merge of another commit, loaded from git (for --check)."""
    source = subprocess.run(["git", "show", f"{commit}:geoevents/merge.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    module = types.ModuleType("old_merge")
    sys.modules["old_merge"] = module  # dataclasses look their module up
    exec(compile(source, "old_merge.py", "exec"), module.__dict__)
    return module.merge


def measure(n: int, against: str | None = None) -> dict:
    """Merge ``n`` synthetic events: wall and CPU seconds (CPU shows a loaded machine), and with
    ``against`` whether that commit's merge gives the same events."""
    events = synthetic_raw_events(n)
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    merged = merge(events)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    row = {"events": n, "merged": len(merged), "seconds": seconds, "cpu": cpu, "load": os.getloadavg()[0]}
    if against:
        del events  # the old merge is given a fresh copy: nothing the new one did can leak into it
        old, events = old_merge(against), synthetic_raw_events(n)
        gc.collect()
        started = time.perf_counter()
        merged_before = old(events)
        row["seconds_before"] = time.perf_counter() - started
        row["same_as_before"] = merged_before == merged
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000])
    parser.add_argument("--check", action="store_true", help="compare with the merge of another commit")
    parser.add_argument("--against", default=AGAINST, help=f"that commit (default {AGAINST})")
    args = parser.parse_args(argv)
    against = args.against if args.check else None
    print("| raw events | merged events | merge s | CPU s | s per 1k events | load |"
          + (f" {against} s | same |" if against else ""))
    print("|---:|---:|---:|---:|---:|---:|" + ("---:|---|" if against else ""))
    rows = []
    for n in args.sizes:
        row = measure(n, against)
        rows.append(row)
        line = (f"| {n:,} | {row['merged']:,} | {row['seconds']:.2f} | {row['cpu']:.2f} |"
                f" {1000 * row['seconds'] / n:.3f} | {row['load']:.2f} |")
        if against:
            line += f" {row['seconds_before']:.2f} | {row['same_as_before']} |"
        print(line, flush=True)
    for a, b in zip(rows, rows[1:]):
        if b["events"] == 2 * a["events"]:
            print(f"doubling {a['events']:,} -> {b['events']:,}: x{b['seconds'] / a['seconds']:.2f} the time"
                  f" (CPU x{b['cpu'] / a['cpu']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
