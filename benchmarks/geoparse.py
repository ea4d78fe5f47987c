#!/usr/bin/env python3
"""Geoparsing accuracy and speed on a benchmark in the JSONL form of ../shared/bench/geo/.

    .venv/bin/python benchmarks/geoparse.py ../shared/bench/geo/tr_news.jsonl
    .venv/bin/python benchmarks/geoparse.py ../shared/bench/geo/wiktor.jsonl --limit 500 --errors /tmp/e.jsonl

Runs ``geoevents places --offline`` over the set three times, as a user would (a subprocess each,
load time included): the default run, ``--given-spans`` and ``--fast``; then spaCy's NER alone on
the same texts (the pipeline ``load_nlp`` loads with every component but ``ner`` disabled, load
time included). Prints, with ../shared/bench/geo/geo_metrics.py:

* end-to-end (Gritta / EUPEG): precision, recall and F1 of recognition, then acc@161 km, mean and
  median error and AUC over the toponyms recognised (predictions without coordinates are dropped,
  as EUPEG does). Sets that annotate one toponym per article (WikToR) count no false positives.
* resolution with the gold spans given: every gold toponym resolved, a miss charged 20,039 km.
* words per second of each run and of NER alone, and their ratios (goals: default >= 0.8 x NER
  alone, --fast >= 10 x NER alone). ``--repeat 5`` times them five times, interleaved, and prints
  the fastest of each and the median of each round's own ratios: single runs on a shared machine
  vary by a quarter, and a short run more (the VM reclaims the page cache between runs).

Annotation schemes differ: TR-News annotates demonyms ("Turkish"), GeoVirus annotates none (not one
of the ~170 in its texts). The default ``--scheme auto`` scores every toponym we report on TR-News
and WikToR, and leaves our demonym mentions (label NORP) out before scoring GeoVirus
(``no-demonyms``). Each line says which scheme it used; the unfiltered figure (``all``) is printed
beside it.

``--errors FILE`` writes every recognition miss, false positive and resolution error (> 161 km) as
JSONL for error analysis. Benchmark texts are read from ../shared at run time, never copied.
"""

from __future__ import annotations

import argparse
import compileall
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench" / "geo"
PYTHON = sys.executable

NER_ALONE = r"""
import json, sys, time
t0 = time.perf_counter()
from geoevents.recognize import load_nlp
nlp = load_nlp()
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
n = sum(1 for d in nlp.pipe(texts, batch_size=32, disable=[p for p in nlp.pipe_names if p != "ner"])
        for _ in d.ents)
print(json.dumps({"seconds": time.perf_counter() - t0, "entities": n}))
"""


def load_metrics():
    sys.path.insert(0, str(BENCH))
    import geo_metrics  # noqa: E402  (the shared reference implementation)
    return geo_metrics


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_places(dataset: Path, out: Path, *extra: str, gazetteer: str | None = None) -> float:
    """Wall-clock seconds of one ``geoevents places`` run (process start to exit)."""
    cmd = [PYTHON, "-m", "geoevents", "places", str(dataset), "--offline", "-q", "-o", str(out), *extra]
    if gazetteer:
        cmd += ["--gazetteer", gazetteer]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"geoevents places {' '.join(extra)} failed:\n{r.stderr[-3000:]}")
    return seconds


def ner_alone(dataset: Path) -> float:
    r = subprocess.run([PYTHON, "-c", NER_ALONE, str(dataset)], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"NER alone failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])["seconds"]


def outside_scheme(p: dict) -> bool:
    """Mentions a corpus that annotates no demonyms leaves out (label NORP)."""
    return p.get("label") == "NORP"


def predictions(out: Path, docs: list[dict], no_demonyms: bool) -> list[list[dict]]:
    by_id = {str(r["id"]): r["places"] for r in read_jsonl(out)}
    preds = []
    for d in docs:
        ps = []
        for p in by_id.get(str(d["id"]), []):
            if no_demonyms and outside_scheme(p):
                continue
            ps.append({"start": p["start"], "end": p["end"], "name": p["text"], "lat": p["lat"], "lon": p["lon"],
                       "raw": p})
        preds.append(ps)
    return preds


def given_errors(metrics, docs: list[dict], preds: list[list[dict]]) -> tuple[list[float], list[dict]]:
    errors, bad = [], []
    for d, ps in zip(docs, preds):
        at = {(p["start"], p["end"]): p for p in ps}
        for g in d["toponyms"]:
            if g.get("lat") is None or g.get("lon") is None:
                continue
            p = at.get((g["start"], g["end"]))
            if p is None or p["lat"] is None:
                err = metrics.MAX_ERROR
            else:
                err = metrics.haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
            errors.append(err)
            if err >= 161:
                bad.append({"kind": "given-wrong" if p and p["lat"] is not None else "given-unresolved",
                            "doc": d["id"], "text": d["text"][g["start"]:g["end"]], "gold": g,
                            "pred": p and p["raw"], "km": round(err)})
    return errors, bad


def calibration(metrics, docs: list[dict], preds: list[list[dict]]) -> str:
    """Mean confidence against the share resolved within 161 km, by confidence band."""
    bands = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 1.01)]
    seen = {b: [] for b in bands}
    for d, ps in zip(docs, preds):
        at = {(p["start"], p["end"]): p for p in ps}
        for g in d["toponyms"]:
            p = at.get((g["start"], g["end"]))
            if g.get("lat") is None or p is None or p["lat"] is None:
                continue
            ok = metrics.haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) < 161
            score = p["raw"]["score"]
            for lo, hi in bands:
                if lo <= score < hi:
                    seen[(lo, hi)].append((score, ok))
    parts = []
    for (lo, hi), xs in seen.items():
        if xs:
            parts.append(f"[{lo:.1f},{min(hi, 1):.1f}) n={len(xs)} mean {sum(s for s, _ in xs) / len(xs):.2f} "
                         f"acc {sum(o for _, o in xs) / len(xs):.2f}")
    return "; ".join(parts)


def end_to_end_errors(metrics, docs, preds, count_fp: bool) -> list[dict]:
    out = []
    for d, ps in zip(docs, preds):
        gold = [g for g in d["toponyms"] if g.get("lat") is not None and g.get("lon") is not None]
        resolved = [p for p in ps if p["lat"] is not None]
        pairs, fn, fp = metrics.match_doc(gold, resolved)
        ctx = lambda a, b: d["text"][max(0, a - 40):b + 40].replace("\n", " ")  # noqa: E731
        for g in fn:
            near = [p["raw"] for p in ps if abs((p["start"] + p["end"]) / 2 - (g["start"] + g["end"]) / 2) < 15]
            out.append({"kind": "missed", "doc": d["id"], "text": g["name"], "context": ctx(g["start"], g["end"]),
                        "near": near})
        if count_fp:
            for p in fp:
                out.append({"kind": "spurious", "doc": d["id"], "text": p["name"], "context": ctx(p["start"], p["end"]),
                            "pred": p["raw"]})
        for g, p in pairs:
            km = metrics.haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
            if km >= 161:
                out.append({"kind": "wrong", "doc": d["id"], "text": g["name"], "km": round(km),
                            "gold": {k: g.get(k) for k in ("lat", "lon", "geonames_name", "fcode", "page")},
                            "pred": p["raw"], "context": ctx(g["start"], g["end"])})
    return out


def fmt_e2e(r: dict, count_fp: bool) -> str:
    head = (f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}" if count_fp
            else f"accuracy (recall) {r['accuracy']:.3f}")
    if r.get("n"):
        head += (f"  | acc@161 {r['acc161']:.3f}  mean {r['mean_km']:.0f} km  median {r['median_km']:.1f} km  "
                 f"AUC {r['auc']:.3f}  (n={r['n']})")
    return head


def fmt_res(r: dict) -> str:
    return (f"acc@161 {r['acc161']:.3f}  mean {r['mean_km']:.0f} km  median {r['median_km']:.1f} km  "
            f"AUC {r['auc']:.3f}  (n={r['n']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="a benchmark JSONL (id, text, toponyms)")
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--gazetteer", help="gazetteer store to use")
    ap.add_argument("--scheme", choices=["auto", "all", "no-demonyms"], default="auto",
                    help="which of our mentions to score (see the module docstring)")
    ap.add_argument("--skip-fast", action="store_true", help="skip the --fast run")
    ap.add_argument("--skip-speed", action="store_true", help="skip the NER-alone timing")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time the default run, --fast and NER alone this many times, interleaved, and "
                         "report the fastest of each (a shared machine's speed drifts from minute to minute)")
    ap.add_argument("--errors", type=Path, help="write the errors as JSONL here")
    ap.add_argument("--keep", type=Path, help="keep the runs' places JSONL in this folder")
    a = ap.parse_args()

    metrics = load_metrics()
    docs = read_jsonl(a.dataset)
    if a.limit:
        docs = docs[:a.limit]
    name = a.dataset.stem.lower()
    count_fp = "wiktor" not in name
    scheme = a.scheme if a.scheme != "auto" else ("no-demonyms" if "geovirus" in name else "all")
    words = sum(len(d["text"].split()) for d in docs)
    print(f"{a.dataset.name}: {len(docs)} articles, {words:,} words, "
          f"{sum(len(d['toponyms']) for d in docs):,} gold toponyms; scheme {scheme}")

    # each timed run is a new process, as a user's is: its imports read the package's bytecode,
    # which pip writes when it installs a package; a machine with PYTHONDONTWRITEBYTECODE set
    # (this one) would otherwise compile geoevents from source in every run (80 ms a run) while
    # spaCy's bytecode, written at its install, is read
    compileall.compile_dir(ROOT / "geoevents", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "input.jsonl"
        with open(data, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": str(d["id"]), "text": d["text"],
                                    "toponyms": [{"start": t["start"], "end": t["end"]} for t in d["toponyms"]]},
                                   ensure_ascii=False) + "\n")
        runs = {"default": [], "given": ["--given-spans"]}
        if not a.skip_fast:
            runs["fast"] = ["--fast"]
        seconds, outs = {}, {}
        for label, extra in runs.items():
            outs[label] = tmp / f"{label}.jsonl"
            seconds[label] = run_places(data, outs[label], *extra, gazetteer=a.gazetteer)
        ner_s = None if a.skip_speed else ner_alone(data)
        # each round's runs, side by side: a round's ratio compares runs made within the same minute
        rounds = [{"default": seconds["default"], "fast": seconds.get("fast"), "ner": ner_s}]
        for _ in range(a.repeat - 1):
            # interleaved, so that a slow minute of the machine costs every run alike
            this = {}
            for label in [k for k in ("default", "fast") if k in runs]:
                this[label] = run_places(data, tmp / "again.jsonl", *runs[label], gazetteer=a.gazetteer)
                seconds[label] = min(seconds[label], this[label])
            if ner_s is not None:
                this["ner"] = ner_alone(data)
                ner_s = min(ner_s, this["ner"])
            rounds.append(this)
        if a.keep:
            a.keep.mkdir(parents=True, exist_ok=True)
            for label, out in outs.items():
                (a.keep / f"{name}.{label}.jsonl").write_bytes(out.read_bytes())

        all_errors = []
        gold = [d["toponyms"] for d in docs]
        for label in [k for k in ("default", "fast") if k in outs]:
            for sch in sorted({scheme, "all"}, key=lambda s: s != scheme):
                preds = predictions(outs[label], docs, sch == "no-demonyms")
                r = metrics.score_corpus(gold, preds, count_fp=count_fp)
                tag = f"end-to-end {label:7s}" + ("" if sch == scheme else f" [scheme {sch}]")
                print(f"{tag}: {fmt_e2e(r, count_fp)}")
                if sch == scheme:
                    all_errors += [dict(e, run=label) for e in end_to_end_errors(metrics, docs, preds, count_fp)]
        preds = predictions(outs["given"], docs, False)
        errs, bad = given_errors(metrics, docs, preds)
        print(f"gold spans given      : {fmt_res(metrics.resolution_metrics(errs))}")
        print("confidence calibration (gold spans): " + calibration(metrics, docs, preds))
        all_errors += bad

        def rate(s):
            return words / s if s else float("nan")
        speed = [f"default {rate(seconds['default']):,.0f} w/s"]
        if "fast" in seconds:
            speed.append(f"--fast {rate(seconds['fast']):,.0f} w/s")
        speed.append(f"--given-spans {rate(seconds['given']):,.0f} w/s")
        if ner_s:
            speed.append(f"spaCy NER alone {rate(ner_s):,.0f} w/s")
            speed.append(f"default/NER {ner_s / seconds['default']:.2f}")
            if "fast" in seconds:
                speed.append(f"fast/NER {ner_s / seconds['fast']:.1f}x")
        best = f", fastest of {a.repeat}" if a.repeat > 1 else ""
        print(f"speed (whole runs, load included{best}): " + ", ".join(speed))
        if ner_s and a.repeat >= 3:
            # the fastest of each can pair a lucky NER run with an unlucky one of ours (the VM's
            # page cache is reclaimed between runs): the median of the rounds' own ratios is steadier
            paired = []
            for label in [k for k in ("default", "fast") if k in runs]:
                ratios = sorted(r["ner"] / r[label] for r in rounds if r.get(label) and r.get("ner"))
                paired.append(f"{label}/NER median {statistics.median(ratios):.2f} "
                              f"(rounds {ratios[0]:.2f}-{ratios[-1]:.2f})")
            print(f"speed ratios per round ({len(rounds)} rounds): " + ", ".join(paired))
        if a.errors:
            with open(a.errors, "w", encoding="utf-8") as f:
                for e in all_errors:
                    f.write(json.dumps(e, ensure_ascii=False, default=str) + "\n")
            kinds = Counter(f"{e.get('run', 'given')}:{e['kind']}" for e in all_errors)
            print("errors written to", a.errors, dict(kinds))


if __name__ == "__main__":
    main()
