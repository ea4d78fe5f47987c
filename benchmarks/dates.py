"""Score geoevents' temporal tagger on the shared TimeML sets and print the table the README quotes.

Reads every ``*.jsonl`` set in ``../shared/bench/time/`` (TimeBank, AQUAINT, MEANTIME, tweets, and
the WikiWars war narratives: one article a line with ``dct``, ``text`` and gold ``timex``), tags each
article with ``geoevents.dates.extract`` anchored on its ``dct``, and scores the predictions with the
shared ``score.py`` (strict and relaxed extraction F1, value F1, day accuracy), per set and pooled
over the news sets (the narratives are not news and are not pooled with them). Also prints the speed
in words per second and the slowest article.

The narratives are scored as two halves, split by ``narrative_halves`` in
``benchmarks/events_real/select.py`` (SHA-1 order of ids, alternately dev and held-out, fixed before
any result was looked at): rules are written against the dev half's errors, the held-out half is only
ever scored. ``--errors`` therefore writes and counts the dev half's errors only, unless
``--show-heldout-errors`` is given.

Usage:
    .venv/bin/python benchmarks/dates.py [--bench DIR] [--errors DIR] [--cli] [--sets a,b]

``--errors DIR`` writes each set's error list (``DIR/<set>.errors.jsonl``: misses, false alarms and
wrong values, each with a category) and prints the remaining-error table: value errors by cause
(gold notation that is not TIMEX3, DATE vs DURATION reading, the same time at another granularity,
a weekday on another week ...), misses and false alarms by the shape of the expression. ``--cli``
tags through ``geoevents dates`` instead of the library (slower, same figures). The corpus texts are read at run time and never copied into the repository.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "time"
#: the narrative set, scored as a dev half and a held-out half; every other set is news
NARRATIVE_SET = "wikiwars-dev"
DEV_HALF, HELD_OUT_HALF = "wikiwars (dev half)", "wikiwars (held-out half)"


def narrative_halves(docs: list[dict]) -> tuple[list[dict], list[dict]]:
    """The narratives' dev and held-out halves, as the real-news event set splits them (one split)."""
    path = ROOT / "benchmarks" / "events_real" / "select.py"
    spec = importlib.util.spec_from_file_location("events_real_select", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.narrative_halves(docs)


def load_scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("time_score", bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tag_library(docs: list[dict], reference: str = "main") -> tuple[dict, float, tuple[float, str]]:
    from geoevents.dates import extract

    preds, total, slowest = {}, 0.0, (0.0, "")
    for d in docs:
        dct = dt.date.fromisoformat(d["dct"][:10]) if d.get("dct") else None
        t0 = time.perf_counter()
        found = extract(d["text"], dct, reference=reference)
        took = time.perf_counter() - t0
        total += took
        if took > slowest[0]:
            slowest = (took, d["id"])
        preds[d["id"]] = {"id": d["id"], "timex": [{"start": t.start, "end": t.end, "text": t.text,
                                                     "type": t.type, "value": t.value} for t in found]}
    return preds, total, slowest


def tag_cli(path: Path) -> tuple[dict, float, tuple[float, str]]:
    exe = Path(sys.executable).with_name("geoevents")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.jsonl"
        t0 = time.perf_counter()
        subprocess.run([str(exe), "dates", str(path), "-o", str(out), "-q"], check=True)
        took = time.perf_counter() - t0
        preds = {p["id"]: p for p in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    return preds, took, (0.0, "")


# MEANTIME annotates only the title, the dateline and the next few sentences of each article (the
# gold never goes past its sixth line); tags further down are not errors, so the table also shows
# the set scored on its annotated part.
PARTIAL_SETS = {"meantime": 6}


def clip_to_annotated(docs: dict, preds: dict, lines: int) -> dict:
    clipped = {}
    for k, d in docs.items():
        text = d["text"]
        cut, pos = len(text), -1
        for _ in range(lines):
            pos = text.find("\n", pos + 1)
            if pos < 0:
                break
        if pos >= 0:
            cut = pos
        p = preds.get(k, {"timex": []})
        clipped[k] = {**p, "timex": [t for t in p["timex"] if t["start"] < cut]}
    return clipped


def categorise(e: dict) -> str:
    """A coarse category for an error, so that error lists can be read by kind, not by document."""
    text = (e.get("gold_text") or e.get("pred_text") or "").lower()
    value = e.get("gold") if e["kind"] != "FP" else e.get("pred")
    value = value or ""
    if re.search(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", text):
        shape = "weekday"
    elif re.search(r"today|yesterday|tomorrow|tonight", text):
        shape = "day-relative"
    elif re.search(r"\b(ago|later|earlier|before|after)\b", text):
        shape = "offset"
    elif re.search(r"\b(last|this|next|past|coming|previous|following)\b", text):
        shape = "last/this/next"
    elif re.search(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", text):
        shape = "month name"
    elif re.search(r"quarter", text):
        shape = "quarter"
    elif re.fullmatch(r"\D*\d{4}\D*", text):
        shape = "year"
    elif value.endswith("_REF"):
        shape = "ref word"
    elif re.match(r"P", value):
        shape = "duration"
    elif re.search(r"\b(day|night|morning|afternoon|evening|week|month|year)s?\b", text):
        shape = "temporal noun"
    else:
        shape = "other"
    return f"{e['kind']}:{shape}"


# TIMEX3 values as the TimeML guidelines write them (dates, weeks, quarters, halves, seasons, decades,
# centuries, times of day, durations, the three _REF words), with X for unknown digits
_TIMEX3_VALUE = re.compile(r"""(?x)^(?:
    (?:\d{4}|XXXX)(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?|-W(?:\d\d|XX)(?:-(?:[1-7]|WE))?|-(?:Q[1-4X]|H[12]|SP|SU|FA|WI))?
      (?:T(?:\d\d(?::\d\d(?::\d\d(?:\.\d+)?)?)?|MO|AF|EV|NI|DT)(?:Z|[+-]\d\d(?::?\d\d)?)?)?
    | XXXX-WE | \d{2,3} | XXX? | T(?:\d\d(?::\d\d)?|MO|AF|EV|NI|DT)
    | P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|Q|DE|CE|ML|L|C|E))+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?
    | PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+
    | PRESENT_REF | PAST_REF | FUTURE_REF)$""")
_WEEKDAY_WORD = re.compile(r"(?i)\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b")


def value_cause(gold: str, pred: str, text: str) -> str:
    """Why a found expression has the wrong value, in the terms of the remaining-error table."""
    from geoevents.dates import calendar_range

    g, p = gold.upper(), pred.upper()
    if not _TIMEX3_VALUE.match(g):
        return "gold notation not TIMEX3"              # 2014-12-12-WXX-5, 2015-03-W10, P1D-#1, 199X, FY2006
    if "X" in g and not g.startswith("X") and not g.startswith("P") and p.startswith(g.split("X")[0].rstrip("-W")[:4]):
        return "gold leaves known digits unknown"      # 2014-XX-XX for "2014", 1989-WXX for "last week"
    if g.startswith("P") != p.startswith("P"):
        return "DATE vs DURATION reading"
    if g.endswith("_REF") or p.endswith("_REF") or g.startswith("P"):
        return "vague or duration value"
    gr, pr = calendar_range(g), calendar_range(p)
    if gr and pr:
        if g[:10] == p[:10] or (gr.first <= pr.first and pr.last <= gr.last) or (
                pr.first <= gr.first and gr.last <= pr.last):
            return "same time, other granularity"
        if _WEEKDAY_WORD.search(text) and gr.precision == "day" and pr.precision == "day":
            return "weekday on another week"
        if (gr.first.month, gr.first.day, gr.precision) == (pr.first.month, pr.first.day, pr.precision):
            return "same date, other year"
        return "another date"
    return "other"


def value_errors(scorer, gold_docs: dict, pred_docs: dict, set_name: str) -> list[dict]:
    """Every relaxed match whose value is wrong, as the shared scorer matches them."""
    out = []
    for doc_id, gd in gold_docs.items():
        gold = [t for t in gd["timex"] if not t.get("is_dct")]
        dct_spans = [t for t in gd["timex"] if t.get("is_dct")]
        preds = [q for q in pred_docs.get(doc_id, {"timex": []})["timex"]
                 if not any(scorer.overlap(q, d) for d in dct_spans)]
        for g, q in scorer.match_relaxed(gold, preds):
            if (g.get("value") or "").upper() != (q.get("value") or "").upper():
                out.append(dict(set=set_name, id=doc_id, dct=gd.get("dct"), kind="value", gold_text=g["text"],
                                gold=g["value"], pred_text=gd["text"][q["start"]:q["end"]], pred=q.get("value"),
                                category="value:" + value_cause(g["value"], q.get("value") or "", g["text"])))
    return out


def print_error_table(all_errors: list[dict]) -> None:
    """The remaining errors, pooled over the sets as scored: category, count, one example."""
    counts = collections.Counter(e["category"] for e in all_errors)
    print("\nremaining errors (news pooled with the dev narratives, annotated parts): value errors by cause, misses (FN) and false alarms (FP)"
          " by shape")
    print(f"{'category':38s} {'count':>5s}  example (text: gold -> ours)")
    for cat, n in counts.most_common():
        e = next(x for x in all_errors if x["category"] == cat)
        ex = f"{e.get('gold_text') or e.get('pred_text')!r}: {e.get('gold')} -> {e.get('pred')}"
        print(f"{cat:38s} {n:5d}  {ex[:90]}")


def reference_study(scorer, paths: list[Path], heldout: bool = False) -> None:
    """Compare the narrative-reference policies on the expressions whose value depends on them.

    Prints, for the gold expressions where "main", "last" and "dct" disagree, how many values
    each policy gets exactly right and how many get the right calendar day (or prefix). Of the
    narratives, only the dev half is studied unless ``heldout``.
    """
    from geoevents.dates import extract

    policies = ("main", "last", "dct")
    right = {p: [0, 0] for p in policies}
    n = 0
    for path in paths:
        docs = list(scorer.load(str(path)).values())
        if path.stem == NARRATIVE_SET and not heldout:
            docs = narrative_halves(docs)[0]
        for d in docs:
            dct = dt.date.fromisoformat(d["dct"][:10]) if d.get("dct") else None
            outs = {p: extract(d["text"], dct, reference=p) for p in policies}
            gold = [g for g in d["timex"] if not g.get("is_dct")]
            for i, t in enumerate(outs["main"]):
                vals = {p: outs[p][i].value for p in policies}
                if len(set(vals.values())) == 1:
                    continue
                hit = [g for g in gold if scorer.overlap(g, {"start": t.start, "end": t.end})]
                if not hit:
                    continue
                n += 1
                gv = hit[0]["value"].upper()
                for p in policies:
                    right[p][0] += vals[p].upper() == gv
                    right[p][1] += vals[p][:10] == gv[:10]
    print(f"\nnarrative reference: {n} gold expressions whose value depends on the policy")
    for p in policies:
        print(f"  {p:5s} value right {right[p][0]:3d}/{n}   day (or prefix) right {right[p][1]:3d}/{n}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder with the sets and score.py")
    ap.add_argument("--errors", type=Path, help="write error lists here and print counts by category")
    ap.add_argument("--cli", action="store_true", help="tag through the geoevents command")
    ap.add_argument("--sets", help="comma-separated set names (default: all)")
    ap.add_argument("--reference", choices=["main", "last", "dct"], default="main",
                    help="how 'two days later' finds its date: the main clause's (default), the last one said, "
                         "or the publication date (to measure the default against)")
    ap.add_argument("--show-heldout-errors", action="store_true",
                    help="with --errors: also write and count the held-out narratives' errors (which the rules "
                         "must not be written against)")
    ap.add_argument("--examples", type=int, default=0, help="with --errors: examples to print per category")
    ap.add_argument("--reference-study", action="store_true",
                    help="also compare the narrative-reference policies on the expressions they disagree on")
    args = ap.parse_args(argv)
    if not (args.bench / "score.py").exists():
        print(f"{args.bench}: no score.py here; give --bench", file=sys.stderr)
        return 2
    scorer = load_scorer(args.bench)
    paths = sorted(p for p in args.bench.glob("*.jsonl"))
    if args.sets:
        wanted = set(args.sets.split(","))
        paths = [p for p in paths if p.stem in wanted]
    pooled_gold, pooled_pred, pooled_clipped = {}, {}, {}
    all_errors: list[dict] = []
    rows, words, seconds = [], 0, 0.0
    slowest = (0.0, "")
    for path in paths:
        gold = scorer.load(str(path))
        docs = list(gold.values())
        if args.cli:
            preds, took, slow = tag_cli(path)
        else:
            preds, took, slow = tag_library(docs, args.reference)
        slowest = max(slowest, slow)
        seconds += took
        words += sum(len(d["text"].split()) for d in docs)
        if path.stem == NARRATIVE_SET:
            dev, held = narrative_halves(docs)
            parts = [(DEV_HALF, {d["id"]: d for d in dev}, True),
                     (HELD_OUT_HALF, {d["id"]: d for d in held}, args.show_heldout_errors)]
        else:
            parts = [(path.stem, gold, True)]
        for name, part, may_list in parts:
            errors = [] if args.errors and may_list else None
            res = scorer.score(part, preds, "ALL", False, None if path.stem in PARTIAL_SETS else errors)
            rows.append((name, res))
            if path.stem in PARTIAL_SETS:
                clipped = clip_to_annotated(part, preds, PARTIAL_SETS[path.stem])
                rows.append((name + "*", scorer.score(part, clipped, "ALL", False, errors)))
            else:
                clipped = preds
            if path.stem != NARRATIVE_SET:
                for k, d in part.items():
                    pooled_gold[f"{name}/{k}"] = d
                    pooled_pred[f"{name}/{k}"] = preds.get(k, {"timex": []})
                    pooled_clipped[f"{name}/{k}"] = clipped.get(k, {"timex": []})
            if errors is None:
                continue
            # day errors are value errors too: list every wrong value once, with its cause
            errors = [e for e in errors if e["kind"] != "day"]
            for e in errors:
                e["set"] = name
                e["category"] = categorise(e)
            errors += value_errors(scorer, part, clipped, name)
            all_errors.extend(errors)
            args.errors.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^\w-]+", "-", name).strip("-")
            with open(args.errors / f"{stem}.errors.jsonl", "w", encoding="utf-8") as f:
                for e in errors:
                    f.write(json.dumps(e, ensure_ascii=False) + "\n")
            counts = collections.Counter(e["category"] for e in errors)
            print(f"# {name}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), file=sys.stderr)
            if args.examples:
                for cat, _ in counts.most_common():
                    ex = [e for e in errors if e["category"] == cat][:args.examples]
                    for e in ex:
                        print(f"   {cat:22s} {json.dumps({k: e.get(k) for k in ('gold_text', 'gold', 'pred_text', 'pred', 'dct')}, ensure_ascii=False)}",
                              file=sys.stderr)
    if pooled_gold:
        rows.append(("pooled news", scorer.score(pooled_gold, pooled_pred, "ALL")))
        if any(p.stem in PARTIAL_SETS for p in paths):
            rows.append(("pooled news*", scorer.score(pooled_gold, pooled_clipped, "ALL")))
    header = (f"{'set':26s} {'gold':>5s} {'pred':>5s} {'strict F1':>9s} {'relax P':>7s} {'relax R':>7s} "
              f"{'relax F1':>8s} {'value F1':>8s} {'day acc':>7s} {'day n':>5s} {'type acc':>8s}")
    print(header)
    print("-" * len(header))
    for name, r in rows:
        print(f"{name:26s} {r['n_gold']:5d} {r['n_pred']:5d} {r['strict_F1']:9.3f} {r['relaxed_P']:7.3f} "
              f"{r['relaxed_R']:7.3f} {r['relaxed_F1']:8.3f} {r['value_F1']:8.3f} {r['day_acc']:7.3f} "
              f"{r['matched_full_day']:5d} {r.get('type_acc', 0.0):8.3f}")
    if any(p.stem in PARTIAL_SETS for p in paths):
        print("* scored on the annotated part only: " + ", ".join(
            f"{k}: the first {n} lines of each article" for k, n in PARTIAL_SETS.items()))
    rate = words / seconds if seconds else float("inf")
    how = "geoevents dates (CLI, incl. start-up)" if args.cli else "geoevents.dates.extract"
    print(f"\nspeed: {words} words in {seconds:.2f} s = {rate:,.0f} words/s ({how})")
    if slowest[1]:
        print(f"slowest article: {slowest[1]} {slowest[0] * 1000:.1f} ms")
    if args.errors:
        print_error_table(all_errors)
        if any(p.stem == NARRATIVE_SET for p in paths) and not args.show_heldout_errors:
            print(f"({HELD_OUT_HALF}: scored only; its errors are neither written nor counted)")
    if args.reference_study:
        reference_study(scorer, paths, args.show_heldout_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
