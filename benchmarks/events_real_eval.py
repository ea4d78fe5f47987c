"""Events on real news and war narratives nobody wrote for this project: the figures issue 12 asks for.

    .venv/bin/python benchmarks/events_real_eval.py                    # dev and held-out, figures only
    .venv/bin/python benchmarks/events_real_eval.py --split dev --errors
    .venv/bin/python benchmarks/events_real_eval.py --json
    .venv/bin/python benchmarks/events_real_eval.py --batch 1          # the first 54 articles only

The gold is ``benchmarks/events_real/{dev,heldout}.jsonl`` (ids, offsets and annotations only; see
its README): 64 wire articles of TimeBank, AQUAINT and MEANTIME and eight passages of WikiWars
war narratives, chosen in two batches (``selection.json``; ``--batch 1`` scores the first 48 and
six alone, as the figures before the second batch were measured), read from
``../shared/bench/time/`` at run time. ``heldout`` is held out: its figures
are printed, its errors are not (unless ``--show-heldout-errors``, which spoils it).

Two measurements per split, each for news and for narratives apart:

1. **Drawn** (end to end): the texts go through ``geoevents map`` and ``events.geojson`` is
   scored with :mod:`events_eval`'s protocol (one-to-one pairing per article; *found* = right type
   from that article, *right* = also the right day, or the right month/year where the text gives
   no closer date, and within the gold place's radius or country). Narratives are scored inside
   their annotated window only (features whose evidence lies there).
2. **Given triggers**: every annotated trigger (events and not-events) goes through ``geoevents
   events --given-triggers``; typing accuracy (the PLOVER type, or one the gold allows), status
   accuracy (occurred for events, the gold status for not-events) and, for required events, the
   right place and day with the trigger given.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
import events_eval as ev  # noqa: E402  (a sibling script, not a package)

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "events_real"
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "time"
SPLITS = ("dev", "heldout")
NARRATIVE = "wikiwars-dev"


def load_texts(bench: Path, ids: set[str]) -> dict[str, dict]:
    out = {}
    for name in ("timebank", "aquaint", "meantime", NARRATIVE):
        for line in (bench / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                if d["id"] in ids:
                    out[d["id"]] = d
    return out


def _span(obj) -> tuple[int, int] | None:
    return (int(obj["start"]), int(obj["end"])) if obj else None


def parse_row(row: Mapping, source: Mapping) -> tuple[ev.Article, dict]:
    """A gold line and its corpus text -> an events_eval Article (evidence spans from the offsets)
    and the extras this script needs: window, corpus, triggers with their gold type and status."""
    doc, text = str(row["id"]), source["text"]
    events, triggers = [], []
    for e in row.get("events") or ():
        areas = [a for a in [ev._area(e)] + [ev._area(x) for x in e.get("also_places") or ()] if a]
        span = _span(e.get("evidence")) or _span(e.get("trigger"))
        g = ev.GoldEvent(doc=doc, key=e["key"], type=e["type"].upper(), date=e.get("date"), areas=tuple(areas),
                         label=e.get("label") or None, mode=e.get("mode"), also=tuple(e.get("also") or ()),
                         fatalities=e.get("fatalities"), optional=bool(e.get("optional")),
                         evidence=text[span[0]:span[1]] if span else "", span=span)
        events.append(g)
        triggers.append({"span": _span(e["trigger"]), "gold": g, "status": "occurred"})
    nots = []
    for n in row.get("not_events") or ():
        span = _span(n.get("evidence")) or _span(n.get("trigger"))
        trig = _span(n["trigger"])
        nots.append(ev.NotEvent(doc, text[trig[0]:trig[1]], n.get("why", ""), span))
        g = ev.GoldEvent(doc=doc, key=f"not-{trig[0]}", type=n["type"].upper(), date=None, areas=(),
                         label=n.get("label") or None, also=tuple(n.get("also") or ()))
        triggers.append({"span": trig, "gold": g, "status": n["status"]})
    published = (source.get("dct") or "")[:10]
    article = ev.Article(doc, source.get("title") or "", published, text, tuple(events), tuple(nots))
    return article, {"window": row.get("window"), "corpus": row.get("corpus"), "triggers": triggers}


def batches(gold_dir: Path = GOLD_DIR) -> dict[str, int]:
    """The batch each article was chosen in (``selection.json``)."""
    return {r["id"]: r.get("batch", 1) for r in json.loads((gold_dir / "selection.json").read_text(encoding="utf-8"))}


def load(split: str, bench: Path, gold_dir: Path = GOLD_DIR, batch: int | None = None) -> list[tuple[ev.Article, dict]]:
    rows = [json.loads(x) for x in (gold_dir / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    if batch is not None:
        chosen = batches(gold_dir)
        rows = [r for r in rows if chosen.get(r["id"], 1) == batch]
    texts = load_texts(bench, {r["id"] for r in rows})
    return [parse_row(r, texts[r["id"]]) for r in rows]


def in_window(f: ev.Feature, doc: str, window: Mapping | None) -> bool:
    if not window:
        return True
    return any(s < window["end"] and window["start"] < e for s, e, _ in f.spans(doc))


def _geoevents(args: Sequence[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "geoevents", *args, "--offline", "-q"], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"geoevents {args[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def _write_articles(items, path: Path, with_triggers: bool = False) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for a, x in items:
            row = {"id": a.id, "title": a.title or None, "published": a.published or None, "text": a.text}
            if with_triggers:
                row["triggers"] = [{"start": t["span"][0], "end": t["span"][1]} for t in x["triggers"]]
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


# -- drawn: the map's events --------------------------------------------------------------------------

def score_drawn(items, features: list[ev.Feature]) -> ev.Score:
    """events_eval's scoring, with each narrative's features cut to its window."""
    window = {a.id: x["window"] for a, x in items}
    kept = []
    for f in features:
        docs = [d for d in f.docs if d in window]
        if docs and all(in_window(f, d, window[d]) for d in docs):
            kept.append(f)
    return ev.score([a for a, _ in items], kept)


# -- given triggers ------------------------------------------------------------------------------------

def _feature_of(e: Mapping, doc: str) -> ev.Feature:
    p = e.get("place") or {}
    return ev.Feature(id=f"{doc}:{e['trigger']['start']}", event_id="", type=e["type"], label=e.get("label"),
                      date=e.get("date"), time_precision=e.get("time_precision"), lat=p.get("lat"),
                      lon=p.get("lon"), country=p.get("country"), place=p.get("text"),
                      fatalities=e.get("fatalities"), sources=((doc, e["sentence"]["start"], e["sentence"]["end"], ""),),
                      trigger=e["trigger"]["text"], date_reason=e.get("date_reason") or "",
                      location_reason=e.get("location_reason") or "")


def score_given(items, lines: Mapping[str, list[dict]]) -> dict:
    """Per annotated trigger: the event geoevents gives for it (the i-th of the article's line)."""
    typed = status = happened = n = 0
    req = req_place = req_date = req_right = 0
    by_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    confusion: collections.Counter = collections.Counter()
    rows = []
    for a, x in items:
        got = lines.get(a.id, [])
        for t, e in zip(x["triggers"], got):
            g = t["gold"]
            f = _feature_of(e, a.id)
            n += 1
            ok_type = ev.type_ok(g, f)
            typed += ok_type
            ok_status = (e["status"] == t["status"])
            status += ok_status
            happened += (e["status"] == "occurred") == (t["status"] == "occurred")
            by_kind[g.kind][0] += 1
            by_kind[g.kind][1] += ok_type
            if not ok_type:
                confusion[(g.kind, f.kind)] += 1
            row = {"doc": a.id, "span": t["span"], "word": a.text[t["span"][0]:t["span"][1]], "gold": g.kind, "gold_status": t["status"], "got": f.kind,
                   "got_status": e["status"], "type_ok": ok_type, "status_ok": ok_status}
            if t["status"] == "occurred" and not g.optional:
                req += 1
                p_ok, d_ok = ev.place_ok(g, f), ev.date_ok(g, f)
                req_place += p_ok
                req_date += d_ok
                req_right += p_ok and d_ok
                row.update(place_ok=p_ok, date_ok=d_ok, place=f.place, date=f.date, gold_date=g.date,
                           gold_place=ev._gold_where(g), location_reason=f.location_reason, date_reason=f.date_reason)
            rows.append(row)
    return {"triggers": n, "type_right": typed, "status_right": status, "occurred_right": happened, "required": req,
            "required_place_right": req_place, "required_date_right": req_date, "required_right": req_right,
            "by_kind": {k: {"n": v[0], "right": v[1]} for k, v in sorted(by_kind.items())},
            "confusion": [[g, p, c] for (g, p), c in confusion.most_common(25)], "rows": rows}


# -- running and reporting ------------------------------------------------------------------------------

def run_split(items, work: Path) -> tuple[ev.Score, dict]:
    src = work / "articles.jsonl"
    _write_articles(items, src)
    _geoevents(["map", str(src), "-o", str(work / "out")])
    features = ev.read_features(json.loads((work / "out" / "events.geojson").read_text(encoding="utf-8")))
    given_src = work / "given.jsonl"
    _write_articles(items, given_src, with_triggers=True)
    _geoevents(["events", str(given_src), "--given-triggers", "-o", str(work / "given_events.jsonl")])
    lines = {}
    for line in (work / "given_events.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        lines[d["id"]] = d["events"]
    return score_drawn(items, features), score_given(items, lines)


def _groups(items) -> dict[str, list]:
    out = {"news": [i for i in items if i[1]["corpus"] != NARRATIVE],
           "narratives": [i for i in items if i[1]["corpus"] == NARRATIVE]}
    return {k: v for k, v in out.items() if v}


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.2f})" if d else "-"


def figures(drawn: ev.Score, given: dict) -> dict:
    f = drawn.figures()
    f.pop("per_type"), f.pop("drawn_by_type")
    return {"drawn": f, "given": {k: v for k, v in given.items() if k not in ("rows",)}}


def report(results: Mapping[str, dict]) -> str:
    names = list(results)
    rows = []

    def row(label, fn):
        rows.append((label, [fn(results[n]) for n in names]))

    row("articles", lambda r: str(r["drawn"]["articles"]))
    row("required events", lambda r: str(r["drawn"]["required_events"]))
    row("map: drawn at the right day and place", lambda r: _pct(r["drawn"]["right"], r["drawn"]["required_events"]))
    row("map: found (right type)", lambda r: _pct(r["drawn"]["found"], r["drawn"]["required_events"]))
    row("map: place right, of found", lambda r: _pct(r["drawn"]["place_right"], r["drawn"]["found"]))
    row("map: date right, of found", lambda r: _pct(r["drawn"]["date_right"], r["drawn"]["found"]))
    row("map: features right / drawn", lambda r: _pct(r["drawn"]["features_right"], r["drawn"]["features"]))
    row("map: F1 found / right", lambda r: f"{r['drawn']['f1_found']:.2f} / {r['drawn']['f1_right']:.2f}")
    row("map: not-events drawn", lambda r: _pct(r["drawn"]["not_events_drawn"], r["drawn"]["not_events"]))
    row("map: merge pairs shown as one", lambda r: _pct(r["drawn"]["clusters_one_event"], r["drawn"]["clusters"]))
    row("given triggers: PLOVER type right", lambda r: _pct(r["given"]["type_right"], r["given"]["triggers"]))
    row("given triggers: status right", lambda r: _pct(r["given"]["status_right"], r["given"]["triggers"]))
    row("given triggers: occurred or not right", lambda r: _pct(r["given"]["occurred_right"], r["given"]["triggers"]))
    row("given triggers: required, place right", lambda r: _pct(r["given"]["required_place_right"], r["given"]["required"]))
    row("given triggers: required, day right", lambda r: _pct(r["given"]["required_date_right"], r["given"]["required"]))
    row("given triggers: required, both", lambda r: _pct(r["given"]["required_right"], r["given"]["required"]))
    width = max(len(r[0]) for r in rows) + 2
    cols = [max([len(n)] + [len(r[1][i]) for r in rows]) + 2 for i, n in enumerate(names)]
    lines = [" " * width + "".join(n.rjust(c) for n, c in zip(names, cols))]
    lines += [label.ljust(width) + "".join(v.rjust(c) for v, c in zip(vals, cols)) for label, vals in rows]
    return "\n".join(lines)


def given_errors(given: dict) -> str:
    out = []
    for r in given["rows"]:
        if not r["type_ok"]:
            out.append(f"TYPE   {r['doc']} {r['span']} {r['word']!r}: gold {r['gold']} ({r['gold_status']}), got {r['got']}")
        if not r["status_ok"]:
            out.append(f"STATUS {r['doc']} {r['span']}: gold {r['gold_status']} {r['gold']}, got {r['got_status']}")
        if r.get("place_ok") is False:
            out.append(f"PLACE  {r['doc']} {r['span']}: want {r['gold_place']}, got {r['place']} ({r['location_reason']})")
        if r.get("date_ok") is False:
            out.append(f"DATE   {r['doc']} {r['span']}: want {r['gold_date']}, got {r['date']} ({r['date_reason']})")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--errors", action="store_true", help="list the dev half's errors")
    ap.add_argument("--show-heldout-errors", action="store_true", help="also the held-out half's (spoils it)")
    ap.add_argument("--keep", type=Path, help="keep inputs and outputs under this folder")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--batch", type=int, choices=[1, 2],
                    help="only the articles chosen in this batch (selection.json); default all")
    a = ap.parse_args(argv)
    splits = SPLITS if a.split == "both" else (a.split,)
    results, details = {}, {}
    for split in splits:
        items = load(split, a.bench, batch=a.batch)
        bad = ev.gold_problems([art for art, _ in items])
        if bad:
            raise SystemExit(f"{split}.jsonl has problems:\n" + "\n".join(bad))
        for group, its in _groups(items).items():
            name = f"{split}:{group}"
            if a.keep:
                work = a.keep / name.replace(":", "-")
                work.mkdir(parents=True, exist_ok=True)
                drawn, given = run_split(its, work)
            else:
                with tempfile.TemporaryDirectory(prefix=f"events_real_{split}_") as tmp:
                    drawn, given = run_split(its, Path(tmp))
            results[name] = figures(drawn, given)
            details[name] = (drawn, given, its)
    if a.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"events_real_eval: geoevents at {ev._commit()}, {dt.date.today()}")
        print(report(results))
    if a.errors:
        for name, (drawn, given, its) in details.items():
            if name.startswith("heldout") and not a.show_heldout_errors:
                print(f"\n({name} is held out: its errors are not listed)")
                continue
            print(f"\n== {name}: the map ==\n" + ev.errors(drawn, [art for art, _ in its]))
            print(f"\n== {name}: given triggers ==\n" + given_errors(given))
    return 0


if __name__ == "__main__":
    sys.exit(main())
