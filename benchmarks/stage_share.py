"""Where the time of a news run goes: each stage's share of `geoevents map`'s analysis, in one
process (issue 15 asks the event stage to take at most 10 % of a news run).

    PYTHONPATH=. .venv/bin/python benchmarks/stage_share.py                  # the 347 speed-set news
    PYTHONPATH=. .venv/bin/python benchmarks/stage_share.py --news FILE.jsonl --rounds 3

The stages are timed from outside, by wrapping the functions the pipeline calls (spaCy's
``Language.pipe``, recognition, resolution, time expressions, event extraction, the merge and the
outputs) with wall and CPU clocks; nothing in the library is changed. spaCy's pipe is a generator
that parses a batch when first asked: its time is counted when the pipeline pulls each Doc.
The rest of the run (reading, text forms, offsets) is "other". Rounds are whole runs in this
process after one warm-up article (the models are loaded before timing starts); the median
share of each stage is shown.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoevents import dates as dates_stage  # noqa: E402
from geoevents import events as events_stage  # noqa: E402
from geoevents import export, merge  # noqa: E402
from geoevents.config import Settings  # noqa: E402
from geoevents.ingest import read_documents  # noqa: E402
from geoevents.pipeline import Pipeline  # noqa: E402

DEFAULT_NEWS = Path("/tmp/news_speed.jsonl")
SPENT: collections.Counter = collections.Counter()


def timed(name: str, func):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            SPENT[name] += time.process_time() - started
    return wrapper


def timed_generator(name: str, func):
    """A generator function whose every step is timed (spaCy parses a batch when first asked)."""
    step = timed(name, next)

    def wrapper(*args, **kwargs):
        it = iter(func(*args, **kwargs))
        done = object()
        while (item := step(it, done)) is not done:
            yield item
    return wrapper


def instrument(pipeline: Pipeline) -> None:
    nlp = pipeline.nlp
    nlp.pipe = timed_generator("spaCy (tagger, parser, NER)", nlp.pipe)
    pipeline.recognizer = _Proxy("recognition", pipeline.recognizer)
    pipeline.resolver = timed("resolution", pipeline.resolver)
    dates_stage.extract_with_regime = timed("time expressions", dates_stage.extract_with_regime)
    events_stage.extract_events = timed("events", events_stage.extract_events)


class _Proxy:
    """Times calls of a callable object; passes other attributes through."""

    def __init__(self, name: str, target):
        self._name, self._target = name, target
        self._call = timed(name, target)

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __getattr__(self, attr):
        value = getattr(self._target, attr)
        return timed(self._name, value) if callable(value) and attr in ("given", "match") else value


def one_round(pipeline: Pipeline, documents, out: Path) -> dict[str, float]:
    SPENT.clear()
    started = time.process_time()
    result = pipeline.run(documents)  # the merge across articles is timed inside it
    timed("outputs (GeoJSON, map)", export.write_outputs)(result, out)
    total = time.process_time() - started
    shares = dict(SPENT)
    shares["other (reading, text forms, offsets)"] = total - sum(SPENT.values())
    shares["total"] = total
    return shares


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=Path, default=DEFAULT_NEWS if DEFAULT_NEWS.exists()
                        else ROOT.parent / "shared" / "bench" / "evloc" / "dev.jsonl")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    documents, _problems = read_documents([args.news])
    pipeline = Pipeline.load(Settings(offline=True))
    pipeline.run(documents[:1])  # load the models and fill the first caches before timing
    merge.merge = timed("merge across articles", merge.merge)
    instrument(pipeline)
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            rounds.append(one_round(pipeline, documents, Path(tmp)))
    words = sum(len(d.text.split()) for d in documents)
    print(f"{len(documents)} articles, {words:,} words; load average {os.getloadavg()[0]:.1f}; "
          f"CPU seconds, median of {args.rounds} rounds in one process\n")
    print("| stage | CPU s | share |")
    print("|---|---:|---:|")
    total = statistics.median(r["total"] for r in rounds)
    names = [k for k in rounds[0] if k != "total"]
    for name in sorted(names, key=lambda k: -statistics.median(r.get(k, 0.0) for r in rounds)):
        spent = statistics.median(r.get(name, 0.0) for r in rounds)
        print(f"| {name} | {spent:.2f} | {100 * spent / total:.1f} % |")
    print(f"| total | {total:.2f} | 100 % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
