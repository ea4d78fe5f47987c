"""Check a gold file of the real-news event set: fields, vocabularies, offsets inside the text.

    python3 benchmarks/events_real/validate.py benchmarks/events_real/dev.jsonl [--show]

``--show`` prints each annotation beside the words its offsets cover (for the annotator's own
check; never paste that output into the repository). Exits 1 on the first kind of error found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "time"

TYPES = frozenset("AGREE CONSULT SUPPORT COOPERATE AID CONCEDE RETREAT ACCUSE REQUEST REJECT THREATEN "
                  "PROTEST MOBILIZE SANCTION COERCE ASSAULT OTHER".split())
LABELS = frozenset("statement disaster weather accident disease death election legal economic sports "
                   "politics science other".split())
NOT_STATUS = frozenset("threatened planned demanded negated hypothetical alleged background".split())
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_texts(bench: Path) -> dict[str, dict]:
    texts = {}
    for name in ("timebank", "aquaint", "meantime", "wikiwars-dev"):
        for line in (bench / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                texts[d["id"]] = d
    return texts


def _span(obj, text: str, where: str, errors: list[str]) -> tuple[int, int] | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("start"), int) or not isinstance(obj.get("end"), int):
        errors.append(f"{where}: span must be {{start, end}} integers")
        return None
    s, e = obj["start"], obj["end"]
    if not (0 <= s < e <= len(text)):
        errors.append(f"{where}: span {s}-{e} outside the text (0-{len(text)})")
        return None
    return s, e


def _type(row: dict, where: str, errors: list[str]) -> None:
    if row.get("type") not in TYPES:
        errors.append(f"{where}: type {row.get('type')!r} not a PLOVER 2021 category or OTHER")
    if row.get("type") == "OTHER" and row.get("label") not in LABELS:
        errors.append(f"{where}: OTHER needs a label of {sorted(LABELS)}")
    for alt in row.get("also") or []:
        t, _, lab = alt.partition(":")
        if t not in TYPES or (lab and lab not in LABELS):
            errors.append(f"{where}: also {alt!r} not TYPE or OTHER:label")


def check(path: Path, texts: dict[str, dict], show: bool) -> list[str]:
    errors: list[str] = []
    seen = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        doc = texts.get(row.get("id"))
        if doc is None:
            errors.append(f"line {n}: unknown id {row.get('id')!r}")
            continue
        if row["id"] in seen:
            errors.append(f"line {n}: {row['id']} twice")
        seen.add(row["id"])
        text = doc["text"]
        window = row.get("window")
        if show:
            print(f"\n== {row['id']} (published {doc.get('dct')})")
        for i, ev in enumerate(row.get("events", [])):
            where = f"{row['id']} event {i}"
            _type(ev, where, errors)
            if ev.get("status", "occurred") != "occurred":
                errors.append(f"{where}: events are occurred; other statuses go to not_events")
            trig = _span(ev.get("trigger"), text, where + " trigger", errors)
            _span(ev.get("evidence"), text, where + " evidence", errors)
            if trig and window and not (window["start"] <= trig[0] < window["end"]):
                errors.append(f"{where}: trigger outside the window")
            if ev.get("date") is not None and not DATE.match(str(ev["date"])):
                errors.append(f"{where}: date {ev['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            has_point = ev.get("lat") is not None
            if has_point and not (isinstance(ev.get("radius_km"), (int, float)) and -90 <= ev["lat"] <= 90
                                  and -180 <= ev.get("lon", 999) <= 180):
                errors.append(f"{where}: lat/lon/radius_km malformed")
            if ev.get("country") is not None and not re.fullmatch(r"[A-Z]{2}", str(ev["country"])):
                errors.append(f"{where}: country must be ISO alpha-2")
            if not has_point and ev.get("country") is None and not ev.get("optional"):
                errors.append(f"{where}: a required event needs a place (lat/lon/radius_km or country)")
            if not isinstance(ev.get("key"), str) or not ev["key"]:
                errors.append(f"{where}: key missing")
            if show and trig:
                print(f"  {ev['type']}{':' + ev['label'] if ev.get('label') else ''} {'opt ' if ev.get('optional') else ''}"
                      f"[{text[trig[0]:trig[1]]}] {ev.get('date')} @ {ev.get('place')} {ev.get('country') or ''}"
                      f" dead={ev.get('fatalities')}")
        for i, ne in enumerate(row.get("not_events", [])):
            where = f"{row['id']} not_event {i}"
            _type(ne, where, errors)
            if ne.get("status") not in NOT_STATUS:
                errors.append(f"{where}: status must be one of {sorted(NOT_STATUS)}")
            trig = _span(ne.get("trigger"), text, where + " trigger", errors)
            _span(ne.get("evidence"), text, where + " evidence", errors)
            if show and trig:
                print(f"  NOT {ne.get('status')} {ne.get('type')} [{text[trig[0]:trig[1]]}]")
    return errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    texts = load_texts(args.bench)
    errors = [e for f in args.files for e in check(f, texts, args.show)]
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(errors)} error(s)", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
