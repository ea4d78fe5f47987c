"""Choose the articles of the real-news event set and split them into dev and held-out halves.

The choice and the split depend only on the article ids (SHA-1 order) and lengths, never on any
output of geoevents, and were made before any result was looked at. Re-running the script prints
the same ``selection.json``.

- News: wire articles of 600–5,000 characters from the shared TimeML corpora
  (``../shared/bench/time/``): TimeBank (8 Wall Street Journal and 14 other wire articles, so that
  financial copy does not crowd out the rest), AQUAINT (14), MEANTIME (12). 48 articles.
- Narratives: the WikiWars dev narratives are split into two halves of 7 (the same split the
  narrative-date benchmark uses); in each half the first three narratives in SHA-1 order whose
  dates are all AD are annotated inside one window of about 5,000 characters (from the first
  paragraph break after a quarter of the text), so that the events there are dated from the
  narrative that comes before them.
- Split: within each group, in SHA-1 order, articles go alternately to dev and held-out.
- Batch 2 (added later, chosen and split by the same rules before any of its results was looked
  at): the next 6 TimeBank wire articles, 6 AQUAINT, 4 MEANTIME, and the fourth AD narrative of
  each WikiWars half. Each row carries its ``batch``.

    python3 benchmarks/events_real/select.py [--bench ../shared/bench/time] > benchmarks/events_real/selection.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "time"
WINDOW = 5000


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _window(text: str) -> dict:
    start = text.find("\n", len(text) // 4)
    start = 0 if start < 0 else start + 1
    end = text.find("\n", start + WINDOW)
    end = len(text) if end < 0 else end
    return {"start": start, "end": end}


def narrative_halves(docs: list[dict]) -> tuple[list[dict], list[dict]]:
    """The WikiWars narratives in SHA-1 order of their ids, alternately dev and held-out."""
    ordered = sorted(docs, key=lambda d: _sha(d["id"]))
    return ordered[0::2], ordered[1::2]


def select(bench: Path) -> list[dict]:
    rows: list[dict] = []

    def add(group: list[dict], corpus: str, window: bool = False) -> None:
        for i, d in enumerate(group):
            rows.append({"id": d["id"], "corpus": corpus, "split": "dev" if i % 2 == 0 else "heldout",
                         "window": _window(d["text"]) if window else None})

    def news(corpus: str, keep) -> list[dict]:
        docs = [d for d in _read(bench / f"{corpus}.jsonl") if 600 <= len(d["text"]) <= 5000 and keep(d)]
        return sorted(docs, key=lambda d: _sha(d["id"]))

    add(news("timebank", lambda d: d["id"].startswith("wsj"))[:8], "timebank")
    add(news("timebank", lambda d: not d["id"].startswith("wsj"))[:14], "timebank")
    add(news("aquaint", lambda d: True)[:14], "aquaint")
    add(news("meantime", lambda d: True)[:12], "meantime")
    dev, held = narrative_halves(_read(bench / "wikiwars-dev.jsonl"))
    modern = {split: [d for d in half if not any(t["value"].startswith("BC") for t in d["timex"])]
              for half, split in ((dev, "dev"), (held, "heldout"))}
    for split, docs in modern.items():
        for d in docs[:3]:
            rows.append({"id": d["id"], "corpus": "wikiwars-dev", "split": split, "window": _window(d["text"])})
    for row in rows:
        row["batch"] = 1
    # the second batch: the next articles in the same orders, split the same way
    first = len(rows)
    add(news("timebank", lambda d: not d["id"].startswith("wsj"))[14:20], "timebank")
    add(news("aquaint", lambda d: True)[14:20], "aquaint")
    add(news("meantime", lambda d: True)[12:16], "meantime")
    for split, docs in modern.items():
        for d in docs[3:4]:
            rows.append({"id": d["id"], "corpus": "wikiwars-dev", "split": split, "window": _window(d["text"])})
    for row in rows[first:]:
        row["batch"] = 2
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    args = ap.parse_args(argv)
    print(json.dumps(select(args.bench), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
