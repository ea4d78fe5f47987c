"""Where an event happened, with the event word given: Halterman's event-location sentences.

    .venv/bin/python benchmarks/evloc.py                     # both halves, figures only
    .venv/bin/python benchmarks/evloc.py --errors 40         # and 40 errors of the fit half
    .venv/bin/python benchmarks/evloc.py --keep /tmp/evloc   # keep inputs and geoevents' output
    .venv/bin/python benchmarks/evloc.py --reuse /tmp/evloc  # score the output kept before

The data is ``../shared/bench/evloc/dev.jsonl`` (see its README): 9,100 news sentences, each with
one event verb and the spans of the place names where that event happened (possibly none), labelled
for Halterman (2019), "Geolocating Political Events in Text". The sentences are read from there at
run time and never stored in the project.

Halves: a sentence belongs to the *fit* half when the first byte of the SHA-1 of its ``id`` is
even, else to the *held-out* half (fixed before any result was looked at). Rules and the model of
``geoevents/events/where.py`` are written and trained against the fit half only
(``benchmarks/train_evloc.py``); the held-out half is the figure to believe. ``--errors`` shows
fit-half sentences only.

The product runs as a user runs it: the sentences are written as JSONL (id, text, the verb as
``triggers``, no publication date) and go through ``geoevents events --given-triggers --offline``
(one event per trigger; its ``place`` gives the offsets of the mention it was placed at, or null)
and ``geoevents places --offline`` (the mentions recognised, for the ceiling).

Figures per half:

- **accuracy**: a sentence is right when the event's place overlaps a gold location span, or when
  the gold has none and no place is given (a place flagged ``inferred`` counts as given: the map
  draws it);
- **token precision / recall / F1** of the place spans (Halterman's measure): word tokens of the
  predicted place against word tokens of the gold spans;
- **ceiling**: the share of sentences with gold locations where a gold span is overlapped by a
  mention ``places`` recognised (any); literal, resolved or not (what ``where.py`` can choose
  from: a toponym the gazetteer does not know is still the mention where an event happened);
  resolved to a point; and resolved and literal (what the map can draw);
- **errors by kind**: no candidate (no literal mention overlaps a gold span), another candidate
  chosen, a place where gold has none, none where gold has one (though a candidate was there).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "evloc" / "dev.jsonl"
HALVES = ("fit", "heldout")

Span = tuple[int, int]


def half_of(sentence_id: str) -> str:
    """``fit`` when the first byte of SHA-1(id) is even, else ``heldout`` (fixed before any result)."""
    return "fit" if hashlib.sha1(sentence_id.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


# -- scoring (pure: sentences, predictions and mentions in, figures out) ---------------------------

def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_WORD = re.compile(r"\w+")


def _tokens(text: str, spans: Iterable[Span]) -> set[int]:
    """Start offsets of the word tokens of ``text`` that lie inside any of ``spans``."""
    spans = list(spans)
    return {m.start() for m in _WORD.finditer(text) if any(s <= m.start() and m.end() <= e for s, e in spans)}


@dataclass(frozen=True)
class Judged:
    """One sentence scored: ``kind`` is 'right' or the kind of error."""

    id: str
    right: bool
    kind: str
    predicted: Span | None
    gold: tuple[Span, ...]
    recognised: bool  # a recognised mention overlaps a gold span
    resolved: bool    # ... one resolved to a point
    literal: bool     # ... one resolved and literal
    candidate: bool = False  # ... one literal, resolved or not (what the event stage chooses from)


ERROR_KINDS = ("no candidate", "chose another candidate", "a place where gold has none",
               "none where gold has one")


def judge(row: Mapping, predicted: Span | None, mentions: Sequence[Mapping]) -> Judged:
    """Score one sentence given the product's place span (or None) and its recognised mentions
    (``places`` output: start, end, lat, role)."""
    gold = tuple((int(g["start"]), int(g["end"])) for g in row.get("locations") or ())

    def covered(ms) -> bool:
        return any(overlaps((int(m["start"]), int(m["end"])), g) for m in ms for g in gold)

    resolved = [m for m in mentions if m.get("lat") is not None]
    literal = [m for m in resolved if m.get("role") == "literal"]
    candidates = [m for m in mentions if m.get("role") == "literal"]
    if not gold:
        right, kind = predicted is None, ("right" if predicted is None else "a place where gold has none")
    elif predicted is not None and any(overlaps(predicted, g) for g in gold):
        right, kind = True, "right"
    elif not covered(candidates):
        right, kind = False, "no candidate"
    elif predicted is None:
        right, kind = False, "none where gold has one"
    else:
        right, kind = False, "chose another candidate"
    return Judged(str(row["id"]), right, kind, predicted, gold, covered(mentions), covered(resolved), covered(literal),
                  covered(candidates))


def figures(rows: Sequence[Mapping], judged: Sequence[Judged]) -> dict:
    """Accuracy, token P/R/F1, the ceilings and the errors by kind over one half."""
    n = len(judged)
    with_gold = [j for j in judged if j.gold]
    tp = fp = fn = 0
    for row, j in zip(rows, judged):
        gold_t = _tokens(row["text"], j.gold)
        pred_t = _tokens(row["text"], [j.predicted] if j.predicted else [])
        tp += len(gold_t & pred_t)
        fp += len(pred_t - gold_t)
        fn += len(gold_t - pred_t)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    kinds = collections.Counter(j.kind for j in judged if not j.right)
    return {
        "sentences": n,
        "with_gold": len(with_gold),
        "right": sum(j.right for j in judged),
        "accuracy": sum(j.right for j in judged) / n if n else 0.0,
        "right_with_gold": sum(j.right for j in with_gold),
        "right_without_gold": sum(j.right for j in judged if not j.gold),
        "token_precision": p,
        "token_recall": r,
        "token_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "ceiling_recognised": sum(j.recognised for j in with_gold),
        "ceiling_candidate": sum(j.candidate for j in with_gold),
        "ceiling_resolved": sum(j.resolved for j in with_gold),
        "ceiling_literal": sum(j.literal for j in with_gold),
        "errors": {k: kinds.get(k, 0) for k in ERROR_KINDS},
    }


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} ({k / n:.3f})" if n else "-"


def report(results: Mapping[str, dict]) -> str:
    names = list(results)
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        rows.append((label, [fn(results[h]) for h in names]))

    row("sentences", lambda f: str(f["sentences"]))
    row("accuracy", lambda f: _pct(f["right"], f["sentences"]))
    row("  with gold places: right", lambda f: _pct(f["right_with_gold"], f["with_gold"]))
    row("  without: right (none given)", lambda f: _pct(f["right_without_gold"], f["sentences"] - f["with_gold"]))
    row("token precision / recall / F1",
        lambda f: f"{f['token_precision']:.3f} / {f['token_recall']:.3f} / {f['token_f1']:.3f}")
    row("ceiling: a gold place recognised", lambda f: _pct(f["ceiling_recognised"], f["with_gold"]))
    row("  ... literal, resolved or not", lambda f: _pct(f["ceiling_candidate"], f["with_gold"]))
    row("  ... resolved to a point", lambda f: _pct(f["ceiling_resolved"], f["with_gold"]))
    row("  ... resolved and literal", lambda f: _pct(f["ceiling_literal"], f["with_gold"]))
    row("errors", lambda f: str(f["sentences"] - f["right"]))
    for k in ERROR_KINDS:
        row(f"  {k}", lambda f, k=k: str(f["errors"][k]))
    width = max(len(r[0]) for r in rows) + 2
    cols = [max([len(h)] + [len(r[1][i]) for r in rows]) + 2 for i, h in enumerate(names)]
    lines = [" " * width + "".join(h.rjust(c) for h, c in zip(names, cols))]
    lines += [label.ljust(width) + "".join(v.rjust(c) for v, c in zip(vals, cols)) for label, vals in rows]
    return "\n".join(lines)


# -- running the product -------------------------------------------------------------------------

def write_inputs(rows: Sequence[Mapping], path: Path) -> None:
    """The sentences as a user would give them: id, text and the verb as the one trigger."""
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            v = r["verb"]
            f.write(json.dumps({"id": r["id"], "text": r["text"],
                                "triggers": [{"start": v["start"], "end": v["end"]}]}, ensure_ascii=False) + "\n")


def _geoevents(args: Sequence[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "geoevents", *args, "--offline", "-q"], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"geoevents {args[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def _read_lines(path: Path, key: str) -> dict[str, list[dict]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["id"]] = d[key]
    return out


def run(rows: Sequence[Mapping], work: Path, reuse: bool) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """geoevents' events (given triggers) and places for the sentences, by id."""
    src, events, places = work / "sentences.jsonl", work / "events.jsonl", work / "places.jsonl"
    if not (reuse and events.exists() and places.exists()):
        write_inputs(rows, src)
        _geoevents(["events", str(src), "--given-triggers", "-o", str(events)])
        _geoevents(["places", str(src), "-o", str(places)])
    return _read_lines(events, "events"), _read_lines(places, "places")


def predicted_span(events: Sequence[Mapping]) -> Span | None:
    """The place of the one event (its mention's offsets), inferred or not."""
    p = (events[0].get("place") if events else None) or None
    return (int(p["start"]), int(p["end"])) if p and p.get("start") is not None else None


def show_error(row: Mapping, j: Judged, event: Mapping | None, mentions: Sequence[Mapping]) -> str:
    text = row["text"]
    v = row["verb"]
    marked = text[:v["start"]] + "[[" + text[v["start"]:v["end"]] + "]]" + text[v["end"]:]
    gold = ", ".join(text[s:e] for s, e in j.gold) or "-"
    pred = text[j.predicted[0]:j.predicted[1]] if j.predicted else "-"
    cands = ", ".join(f"{text[m['start']:m['end']]}{'' if m.get('lat') is not None else '?'}"
                      f"{'' if m.get('role') == 'literal' else '/' + str(m.get('role'))}" for m in mentions) or "-"
    reason = (event or {}).get("location_reason") or ""
    return (f"{j.id} [{j.kind}] gold: {gold} | predicted: {pred} ({reason})\n"
            f"   candidates: {cands}\n   {marked}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print N errors of the fit half")
    ap.add_argument("--kind", choices=ERROR_KINDS, help="only errors of this kind")
    ap.add_argument("--keep", type=Path, help="keep inputs and geoevents' output under this folder")
    ap.add_argument("--reuse", type=Path, help="score the output kept there by --keep (no run)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args(argv)
    rows = load(a.data)
    with tempfile.TemporaryDirectory() as tmp:
        work = a.reuse or a.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        events, places = run(rows, work, reuse=a.reuse is not None)
    results, judged_fit = {}, []
    for h in HALVES:
        half = [r for r in rows if half_of(r["id"]) == h]
        judged = [judge(r, predicted_span(events.get(r["id"], [])), places.get(r["id"], [])) for r in half]
        results[h] = figures(half, judged)
        if h == "fit":
            judged_fit = list(zip(half, judged))
    if a.json:
        print(json.dumps(results, indent=1))
    else:
        print(report(results))
    shown = 0
    for row, j in judged_fit:
        if shown >= a.errors:
            break
        if j.right or (a.kind and j.kind != a.kind):
            continue
        ev = events.get(row["id"]) or [None]
        print("\n" + show_error(row, j, ev[0], places.get(row["id"], [])))
        shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
