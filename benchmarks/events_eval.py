"""Event extraction scored against hand-written gold: recall, precision, dates, places, merging.

    .venv/bin/python benchmarks/events_eval.py                         # both splits, figures only
    .venv/bin/python benchmarks/events_eval.py --split dev --errors    # dev, with every error listed
    .venv/bin/python benchmarks/events_eval.py --split dev --events DIR/events.geojson   # score a run made before

The gold is ``benchmarks/events_gold/{dev,test}.jsonl``: 70 short news reports written for this
project about real events, with the events a careful reader finds in each (type, date, place,
fatalities) and phrases that must not be drawn as events. ``test`` is held out: look at its
figures only, never at its errors or its articles, so that it keeps measuring news nobody tuned
to. The protocol is in ``benchmarks/events_gold/README.md``.

For each split the script writes the articles (id, title, published, text; nothing of the gold)
to a temporary JSONL file, runs ``geoevents map FILE --offline -o TMP`` and scores
``TMP/events.geojson``. Within each article, gold events and the features citing the article are
paired one to one, best pair first (an optimal assignment): a pair needs a compatible type; a
right date, a right place, the right death toll and the gold evidence sentence make it better.
A gold event so paired is *found*; it is *right* when its date and place are right too. A wrong
date or place is thus counted as such rather than as a miss.

Only the standard library is used, so the scoring is tested without spaCy
(``tests/test_events_eval.py``).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import math
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "events_gold"
SPLITS = ("dev", "test")

#: gold types that say what was said, not done: any predicted type but violence and protest fits
#: them (a vow may come out as THREATEN, a denial as ACCUSE ...)
VIOLENT = frozenset({"ASSAULT", "PROTEST"})


# -- the gold ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """Where a gold event happened: a point with a radius fitting the place, or a whole country."""

    name: str | None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    country: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """One article's telling of a real event. ``key`` is shared by every telling of that event."""

    doc: str
    key: str
    type: str
    date: str | None
    areas: tuple[Area, ...]
    label: str | None = None
    mode: str | None = None
    also: tuple[str, ...] = ()
    fatalities: int | None = None
    optional: bool = False
    evidence: str = ""
    span: tuple[int, int] | None = None

    @property
    def kind(self) -> str:
        return f"{self.type}:{self.label}" if self.label else self.type

    @property
    def place(self) -> str:
        return self.areas[0].name or "(anywhere)" if self.areas else "(anywhere)"


@dataclass(frozen=True)
class NotEvent:
    doc: str
    text: str
    why: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    published: str
    text: str
    events: tuple[GoldEvent, ...]
    not_events: tuple[NotEvent, ...]
    topic: str | None = None


def find_phrase(phrase: str, text: str) -> tuple[int, int] | None:
    """Offsets of ``phrase`` in ``text``, any run of white space matching any other (hard-wrapped text)."""
    words = phrase.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def _area(row: Mapping) -> Area | None:
    if row.get("lat") is not None:
        return Area(row.get("place"), float(row["lat"]), float(row["lon"]), float(row["radius_km"]))
    if row.get("country"):
        return Area(row.get("place"), country=str(row["country"]).upper())
    return None


def parse_article(row: Mapping) -> Article:
    """One line of a gold file -> Article (offsets of evidence and not-event phrases resolved)."""
    doc, text = str(row["id"]), row["text"]
    events = []
    for e in row.get("events") or ():
        areas = [a for a in [_area(e)] + [_area(x) for x in e.get("also_places") or ()] if a]
        events.append(GoldEvent(
            doc=doc, key=e["key"], type=e["type"].upper(), date=e.get("date"), areas=tuple(areas),
            label=(e.get("label") or None), mode=e.get("mode"), also=tuple(e.get("also") or ()),
            fatalities=e.get("fatalities"), optional=bool(e.get("optional")),
            evidence=e.get("evidence") or "", span=find_phrase(e.get("evidence") or "", text)))
    nots = tuple(NotEvent(doc, n["text"], n.get("why", ""), find_phrase(n["text"], text))
                 for n in row.get("not_events") or ())
    return Article(doc, row.get("title") or "", row.get("published") or "", text, tuple(events), nots,
                   row.get("topic"))


def load_gold(path: Path) -> list[Article]:
    with open(path, encoding="utf-8") as f:
        return [parse_article(json.loads(line)) for line in f if line.strip()]


def gold_problems(articles: Sequence[Article]) -> list[str]:
    """What is wrong with a gold file: phrases not in the text, dates after publication, bad keys."""
    out = []
    seen: dict[str, GoldEvent] = {}
    for a in articles:
        keys = collections.Counter(e.key for e in a.events)
        out += [f"{a.id}: key {k} told twice in one article" for k, n in keys.items() if n > 1]
        for e in a.events:
            if e.span is None:
                out.append(f"{a.id} {e.key}: evidence not in the text: {e.evidence!r}")
            if e.date and a.published and e.date > a.published:
                out.append(f"{a.id} {e.key}: date {e.date} after publication {a.published}")
            first = seen.setdefault(e.key, e)
            # tellings date one event as precisely as each article allows: compare what both give
            if first.type != e.type or (first.date and e.date and not (
                    first.date.startswith(e.date) or e.date.startswith(first.date))):
                out.append(f"{a.id} {e.key}: type/date disagree with {first.doc}")
        out += [f"{a.id}: not_event not in the text: {n.text!r}" for n in a.not_events if n.span is None]
    return out


# -- what geoevents drew -------------------------------------------------------------------------


@dataclass(frozen=True)
class Feature:
    """One Point of events.geojson (an event in two places is two features with one event_id)."""

    id: str
    event_id: str
    type: str
    label: str | None
    date: str | None
    time_precision: str | None
    lat: float | None
    lon: float | None
    country: str | None
    place: str | None
    fatalities: int | None
    sources: tuple[tuple[str, int, int, str], ...]  # (doc, start, end, sentence)
    trigger: str = ""
    date_reason: str = ""
    location_reason: str = ""

    @property
    def docs(self) -> frozenset[str]:
        return frozenset(s[0] for s in self.sources)

    @property
    def kind(self) -> str:
        return f"{self.type}:{self.label}" if self.label else self.type

    def spans(self, doc: str) -> list[tuple[int, int, str]]:
        return [(s, e, sent) for d, s, e, sent in self.sources if d == doc]


def read_features(collection: Mapping) -> list[Feature]:
    """A GeoJSON FeatureCollection as written by ``geoevents map`` -> Features."""
    out = []
    for i, f in enumerate(collection.get("features") or ()):
        p = f.get("properties") or {}
        g = f.get("geometry") or {}
        lon = lat = None
        if g.get("type") == "Point" and g.get("coordinates"):
            lon, lat = g["coordinates"][:2]
        srcs = p.get("sources") or []
        if isinstance(srcs, str):  # GDAL-style JSON in a string
            srcs = json.loads(srcs)
        sources = tuple((str(s.get("doc")), int(s.get("start") or 0), int(s.get("end") or 0), s.get("sentence") or "")
                        for s in srcs)
        fid = str(f.get("id") or p.get("id") or i)
        out.append(Feature(
            id=fid, event_id=str(p.get("event_id") or fid), type=str(p.get("type") or "").upper(),
            label=p.get("label") or None, date=p.get("date") or None, time_precision=p.get("time_precision"),
            lat=lat, lon=lon, country=(str(p["country"]).upper() if p.get("country") else None),
            place=p.get("place"), fatalities=p.get("fatalities"), sources=sources, trigger=p.get("trigger") or "",
            date_reason=p.get("date_reason") or "", location_reason=p.get("location_reason") or ""))
    return out


# -- matching one gold event and one feature ------------------------------------------------------


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


#: label spellings of one kind: the real-news gold writes "sports", geoevents "sport"
_LABEL_ALIASES = {"sports": "sport"}


def _one_type_ok(want: str, got_type: str, got_label: str | None) -> bool:
    typ, _, label = want.upper().partition(":")
    label = _LABEL_ALIASES.get(label.lower(), label.lower())
    got_label = _LABEL_ALIASES.get((got_label or "").lower(), (got_label or "").lower())
    if typ == "STATEMENT":
        return got_type not in VIOLENT
    if got_type != typ:
        return False
    return not (typ == "OTHER" and label) or (got_label or "").lower() == label.lower()


def type_ok(g: GoldEvent, f: Feature) -> bool:
    """Is the feature's type one the gold event allows? ``also`` lists further types (``OTHER:death``);
    a riot may be a PROTEST or an ASSAULT; OTHER must match the gold label when there is one."""
    wants = [f"{g.type}:{g.label}" if g.label else g.type, *g.also]
    if g.type == "PROTEST" and (g.mode or "").lower() == "riot":
        wants.append("ASSAULT")
    return any(_one_type_ok(w, f.type, f.label) for w in wants)


def place_ok(g: GoldEvent, f: Feature) -> bool:
    """Inside the radius of a gold point, or in the gold country; a gold event with no place fits any."""
    if not g.areas:
        return True
    for a in g.areas:
        if a.country:
            if f.country == a.country:
                return True
        elif f.lat is not None and f.lon is not None and km(a.lat, a.lon, f.lat, f.lon) <= a.radius_km:
            return True
    return False


#: how precise a drawn date is, coarsest last: a gold month accepts a drawn day or month inside it
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


def date_ok(g: GoldEvent, f: Feature, cluster_dates: frozenset[str] = frozenset()) -> bool:
    """The same day as the gold. A gold date of null (the article does not tell the day) accepts a
    feature without a day (no date, or one known only to the week, month or year), or the day another
    article gives the same event. A gold month (``YYYY-MM``) or year (``YYYY``: narratives that date
    an event no closer) accepts a drawn date inside it that claims no coarser precision."""
    if g.date and len(g.date) < 10:
        if f.date is None or not f.date.startswith(g.date):
            return False
        coarsest = "month" if len(g.date) == 7 else "year"
        return _PRECISION_RANK.get(f.time_precision or "day", 9) <= _PRECISION_RANK[coarsest]
    if g.date:
        return f.date == g.date
    return f.date is None or (f.time_precision or "day") != "day" or f.date in cluster_dates


def overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def pair_weight(g: GoldEvent, f: Feature, cluster_dates: frozenset[str]) -> float:
    """How well a feature stands for a gold event; 0 when it cannot (wrong type, other article)."""
    if g.doc not in f.docs or not type_ok(g, f):
        return 0.0
    w = 1.0 + 2.0 * date_ok(g, f, cluster_dates) + 2.0 * place_ok(g, f)
    if g.fatalities is not None and f.fatalities == g.fatalities:
        w += 0.25
    if any(overlaps(g.span, (s, e)) for s, e, _ in f.spans(g.doc)):
        w += 0.5
    return w * (0.5 if g.optional else 1.0)


def best_assignment(weights: Sequence[Sequence[float]]) -> dict[int, int]:
    """Rows to columns, one to one, maximising the sum of positive weights (Hungarian method).

    ``weights[i][j]`` <= 0 means row i cannot take column j. Returns {row: column} for the pairs
    with a positive weight.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return {}
    n = max(n_rows, n_cols)
    top = max(max(r) for r in weights)
    # minimise cost = top - weight over a square matrix; padding and forbidden pairs cost `top`
    cost = [[top - (weights[i][j] if i < n_rows and j < n_cols and weights[i][j] > 0 else 0.0)
             for j in range(n)] for i in range(n)]
    inf = float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    out = {}
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < n_cols and weights[i][j - 1] > 0:
            out[i] = j - 1
    return out


# -- scoring a split -----------------------------------------------------------------------------


@dataclass
class Pair:
    gold: GoldEvent
    feature: Feature | None
    date_ok: bool = False
    place_ok: bool = False

    @property
    def found(self) -> bool:
        return self.feature is not None

    @property
    def right(self) -> bool:
        return self.found and self.date_ok and self.place_ok


@dataclass
class Score:
    """Every figure of one split, and what is needed to list the errors."""

    articles: int = 0
    pairs: list[Pair] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    found_features: set[str] = field(default_factory=set)
    right_features: set[str] = field(default_factory=set)
    duplicated: list[tuple[GoldEvent, list[str]]] = field(default_factory=list)
    clusters: dict[str, list[GoldEvent]] = field(default_factory=dict)
    clusters_ok: list[str] = field(default_factory=list)
    clusters_split: list[tuple[str, list[str]]] = field(default_factory=list)
    clusters_missing: list[str] = field(default_factory=list)
    over_merged: list[tuple[str, list[str]]] = field(default_factory=list)
    not_events: int = 0
    not_events_drawn: list[tuple[NotEvent, Feature]] = field(default_factory=list)

    # figures ------------------------------------------------------------------------------------
    @property
    def required(self) -> list[Pair]:
        return [p for p in self.pairs if not p.gold.optional]

    def recall(self, strict: bool) -> float:
        req = self.required
        return sum(p.right if strict else p.found for p in req) / len(req) if req else 0.0

    def precision(self, strict: bool) -> float:
        n = len(self.features)
        return len(self.right_features if strict else self.found_features) / n if n else 0.0

    def f1(self, strict: bool) -> float:
        r, p = self.recall(strict), self.precision(strict)
        return 2 * r * p / (r + p) if r + p else 0.0

    def figures(self) -> dict:
        req = self.required
        found = [p for p in req if p.found]
        fat = [p for p in found if p.gold.fatalities is not None]
        per_type: dict[str, list[int]] = {}
        for p in req:
            row = per_type.setdefault(p.gold.kind, [0, 0, 0])
            row[0] += 1
            row[1] += p.found
            row[2] += p.right
        drawn: dict[str, list[int]] = {}
        for f in self.features:
            row = drawn.setdefault(f.kind, [0, 0])
            row[0] += 1
            row[1] += f.id in self.right_features
        return {
            "articles": self.articles,
            "required_events": len(req),
            "found": len(found),
            "right": sum(p.right for p in req),
            "features": len(self.features),
            "features_found": len(self.found_features),
            "features_right": len(self.right_features),
            "recall_found": round(self.recall(False), 3),
            "recall_right": round(self.recall(True), 3),
            "precision_found": round(self.precision(False), 3),
            "precision_right": round(self.precision(True), 3),
            "f1_found": round(self.f1(False), 3),
            "f1_right": round(self.f1(True), 3),
            "date_right": sum(p.date_ok for p in found),
            "place_right": sum(p.place_ok for p in found),
            "fatalities_gold": len(fat),
            "fatalities_right": sum(p.feature.fatalities == p.gold.fatalities for p in fat),
            "duplicated": len(self.duplicated),
            "clusters": len(self.clusters),
            "clusters_one_event": len(self.clusters_ok),
            "clusters_split": len(self.clusters_split),
            "clusters_not_all_found": len(self.clusters_missing),
            "over_merged_events": len(self.over_merged),
            "not_events": self.not_events,
            "not_events_drawn": len({(n.doc, n.text) for n, _ in self.not_events_drawn}),
            "per_type": {k: {"required": v[0], "found": v[1], "right": v[2]} for k, v in sorted(per_type.items())},
            "drawn_by_type": {k: {"features": v[0], "right": v[1]} for k, v in sorted(drawn.items())},
        }


def score(articles: Sequence[Article], features: Sequence[Feature]) -> Score:
    """Pair gold events with features article by article, then measure merging and not-events."""
    s = Score(articles=len(articles), features=list(features))
    by_doc: dict[str, list[Feature]] = collections.defaultdict(list)
    for f in features:
        for d in f.docs:
            by_doc[d].append(f)
    all_gold = [g for a in articles for g in a.events]
    cluster_dates: dict[str, frozenset[str]] = collections.defaultdict(frozenset)
    for g in all_gold:
        if g.date:
            cluster_dates[g.key] |= {g.date}

    paired: dict[tuple[str, str], GoldEvent] = {}  # (feature id, article) -> the gold event it stands for
    for a in articles:
        feats = by_doc.get(a.id, [])
        gold = list(a.events)
        weights = [[pair_weight(g, f, cluster_dates[g.key]) for f in feats] for g in gold]
        chosen = best_assignment(weights)
        for i, g in enumerate(gold):
            f = feats[chosen[i]] if i in chosen else None
            pair = Pair(g, f)
            if f is not None:
                pair.date_ok = date_ok(g, f, cluster_dates[g.key])
                pair.place_ok = place_ok(g, f)
                s.found_features.add(f.id)
                paired[(f.id, a.id)] = g
            s.pairs.append(pair)
        for g in gold:
            full = [f for f in feats if type_ok(g, f) and date_ok(g, f, cluster_dates[g.key]) and place_ok(g, f)]
            for f in full:
                s.right_features.add(f.id)
                s.found_features.add(f.id)
            events = sorted({f.event_id for f in full})
            if len(events) > 1 and not g.optional:
                s.duplicated.append((g, events))
        # a phrase that must not be an event, drawn as one: a feature with a sentence over the phrase
        # that is not right and stands for no gold event told in its own sentences (unpaired, or
        # paired only by type with an event told elsewhere), or whose trigger is in the phrase
        for n in a.not_events:
            s.not_events += 1
            if n.span is None:
                continue
            for f in feats:
                spans = [(st, en) for st, en, _ in f.spans(a.id)]
                if not any(overlaps(n.span, sp) for sp in spans):
                    continue
                trig = _trigger_in(f, n.text)
                if f.id in s.right_features and not trig:
                    continue
                g = paired.get((f.id, a.id))
                if g is None or trig or not any(overlaps(g.span, sp) for sp in spans):
                    s.not_events_drawn.append((n, f))
                    break

    # merging: every event told by two or more articles should be one event citing them all
    for g in all_gold:
        if not g.optional:
            s.clusters.setdefault(g.key, []).append(g)
    s.clusters = {k: v for k, v in s.clusters.items() if len({g.doc for g in v}) > 1}
    pair_of = {(p.gold.doc, p.gold.key): p for p in s.pairs}
    for key, tellings in sorted(s.clusters.items()):
        pairs = [pair_of[(g.doc, key)] for g in tellings]
        if not all(p.found for p in pairs):
            s.clusters_missing.append(key)
            continue
        events = sorted({p.feature.event_id for p in pairs})
        (s.clusters_ok.append(key) if len(events) == 1 else s.clusters_split.append((key, events)))

    # over-merging: one drawn event standing for two required gold events: paired with both (in two
    # articles, or at two places), or paired with one and holding the sentence of another that
    # nothing else stands for (a telling swallowed by the wrong event). Optional events (statements
    # about the event) may share an event without counting.
    keys_of: dict[str, set[str]] = collections.defaultdict(set)
    for p in s.pairs:
        if p.found and not p.gold.optional:
            keys_of[p.feature.event_id].add(p.gold.key)
    missed = collections.defaultdict(list)
    for p in s.pairs:
        if not p.found and not p.gold.optional and p.gold.span is not None:
            missed[p.gold.doc].append(p.gold)
    for f in features:
        for d in f.docs:
            for st, en, _ in f.spans(d):
                hit = {g.key for g in missed.get(d, ()) if overlaps(g.span, (st, en))}
                if len(hit) == 1:
                    keys_of[f.event_id] |= hit
    s.over_merged = sorted((e, sorted(k)) for e, k in keys_of.items() if len(k) > 1)
    return s


def _trigger_in(f: Feature, phrase: str) -> bool:
    words = {w.lower() for w in re.findall(r"[\w'-]+", phrase)}
    return bool(f.trigger) and all(w.lower() in words for w in f.trigger.split())


# -- reporting -----------------------------------------------------------------------------------


def _ratio(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.2f})" if d else "-"


def report(scores: Mapping[str, Score], header: str = "") -> str:
    """The figures of each split side by side."""
    figs = {k: v.figures() for k, v in scores.items()}
    names = list(figs)
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        rows.append((label, [fn(figs[n]) for n in names]))

    row("articles", lambda f: str(f["articles"]))
    row("required events (one per article telling)", lambda f: str(f["required_events"]))
    row("  found (right type, from that article)", lambda f: _ratio(f["found"], f["required_events"]))
    row("  right (found, and right date and place)", lambda f: _ratio(f["right"], f["required_events"]))
    row("features drawn (events.geojson)", lambda f: str(f["features"]))
    row("  standing for a gold event (found)", lambda f: _ratio(f["features_found"], f["features"]))
    row("  right (type, date, place of a gold event)", lambda f: _ratio(f["features_right"], f["features"]))
    row("F1 found / right", lambda f: f"{f['f1_found']:.2f} / {f['f1_right']:.2f}")
    row("date right, of found events", lambda f: _ratio(f["date_right"], f["found"]))
    row("place right, of found events", lambda f: _ratio(f["place_right"], f["found"]))
    row("fatalities exact, of found with a gold toll", lambda f: _ratio(f["fatalities_right"], f["fatalities_gold"]))
    row("required events drawn as 2+ events", lambda f: str(f["duplicated"]))
    row("merge: multi-article events shown as one", lambda f: _ratio(f["clusters_one_event"], f["clusters"]))
    row("  split into several events", lambda f: str(f["clusters_split"]))
    row("  not found in every article", lambda f: str(f["clusters_not_all_found"]))
    row("merge: events holding 2+ gold events", lambda f: str(f["over_merged_events"]))
    row("not-events drawn as events", lambda f: _ratio(f["not_events_drawn"], f["not_events"]))
    kinds = sorted({k for f in figs.values() for k in f["per_type"]})
    rows.append(("per gold type: required / found / right", ["" for _ in names]))
    for k in kinds:
        rows.append((f"  {k}", [
            "{required} / {found} / {right}".format(**figs[n]["per_type"][k]) if k in figs[n]["per_type"] else "-"
            for n in names]))
    drawn = sorted({k for f in figs.values() for k in f["drawn_by_type"]})
    rows.append(("per drawn type: features / right", ["" for _ in names]))
    for k in drawn:
        rows.append((f"  {k}", [
            "{features} / {right}".format(**figs[n]["drawn_by_type"][k]) if k in figs[n]["drawn_by_type"] else "-"
            for n in names]))
    width = max(len(r[0]) for r in rows) + 2
    cols = [max([len(n)] + [len(r[1][i]) for r in rows]) + 2 for i, n in enumerate(names)]
    lines = [header] if header else []
    lines.append(" " * width + "".join(n.rjust(c) for n, c in zip(names, cols)))
    lines += [label.ljust(width) + "".join(v.rjust(c) for v, c in zip(vals, cols)) for label, vals in rows]
    return "\n".join(lines)


#: words whose final full stop does not end a sentence ("Feb. 14", "St. Louis")
_ABBREV = re.compile(r"(?:\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|Gen|Gov|Sen|Rep|v)|\b[A-Z])\.$")


def _sentence(text: str, span: tuple[int, int] | None) -> str:
    """The sentence of the article around ``span``, on one line (for error listings)."""
    if span is None:
        return ""
    bounds = [0]
    for m in re.finditer(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[\"\u201c\u2018(A-Z0-9])|\n\s*\n", text):
        if text[m.start() - 1] in ".!?" and _ABBREV.search(text[max(0, m.start() - 6):m.start()]):
            continue
        bounds.append(m.end())
    bounds.append(len(text))
    start = max(b for b in bounds if b <= span[0])
    end = min(b for b in bounds if b >= span[1])
    return " ".join(text[start:end].split())


def _where(f: Feature) -> str:
    at = f"{f.lat:.3f},{f.lon:.3f}" if f.lat is not None else "no point"
    return f"{f.place or '?'} [{f.country or '-'}] ({at})"


def _gold_where(g: GoldEvent) -> str:
    if not g.areas:
        return "(any place)"
    return " or ".join(f"{a.name} [{a.country}]" if a.country else f"{a.name} ({a.lat},{a.lon} r{a.radius_km:g} km)"
                       for a in g.areas)


def errors(s: Score, articles: Sequence[Article]) -> str:
    """Every miss, false event, wrong date, wrong place, wrong toll, duplicate and merge error."""
    text = {a.id: a.text for a in articles}
    out = []
    for p in s.pairs:
        g = p.gold
        if g.optional:
            continue
        head = f"{g.doc} {g.key} {g.kind} {g.date or 'no day'} {g.place}"
        if not p.found:
            same = [f for f in s.features if any(overlaps(g.span, (a, b)) for a, b, _ in f.spans(g.doc))]
            told = "; ".join(f"{f.kind} {f.date} {f.place}" for f in same)
            out.append(f"MISS  {head}\n      {_sentence(text[g.doc], g.span)}"
                       + (f"\n      drawn from this sentence as: {told}" if told else ""))
            continue
        f = p.feature
        if not p.date_ok:
            out.append(f"DATE  {head}: drawn on {f.date} ({f.time_precision}; {f.date_reason})\n"
                       f"      {_sentence(text[g.doc], g.span)}")
        if not p.place_ok:
            out.append(f"PLACE {head}: want {_gold_where(g)}, drawn at {_where(f)} ({f.location_reason})\n"
                       f"      {_sentence(text[g.doc], g.span)}")
        if g.fatalities is not None and f.fatalities != g.fatalities:
            out.append(f"TOLL  {head}: want {g.fatalities}, drawn {f.fatalities}")
    for f in s.features:
        if f.id not in s.found_features:
            sent = " | ".join(" ".join(x[3].split()) for x in f.sources)
            out.append(f"FALSE {','.join(sorted(f.docs))} {f.kind} {f.date} {_where(f)} (trigger {f.trigger!r})\n"
                       f"      {sent}")
    for g, events in s.duplicated:
        out.append(f"DUPL  {g.doc} {g.key}: drawn as {len(events)} events: {', '.join(events)}")
    for key, events in s.clusters_split:
        out.append(f"SPLIT {key} ({', '.join(sorted({g.doc for g in s.clusters[key]}))}): {len(events)} events")
    for event_id, keys in s.over_merged:
        out.append(f"MERGE event {event_id} holds different gold events: {', '.join(keys)}")
    for n, f in s.not_events_drawn:
        out.append(f"NOTEV {n.doc} {n.text!r} ({n.why}) drawn as {f.kind} {f.date} {_where(f)}")
    return "\n".join(out)


# -- running geoevents ---------------------------------------------------------------------------


def run_geoevents(articles: Sequence[Article], workdir: Path) -> Path:
    """Write the articles (never the gold) as JSONL, run ``geoevents map`` on it, return events.geojson."""
    src = workdir / "articles.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a.id, "title": a.title, "published": a.published, "text": a.text},
                               ensure_ascii=False) + "\n")
    out = workdir / "out"
    cmd = [sys.executable, "-m", "geoevents", "map", str(src), "--offline", "-o", str(out), "-q"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"geoevents map failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return out / "events.geojson"


def _commit() -> str:
    """The commit measured, and whether the code differs from it (figures quoted must say so)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "geoevents", "gazetteer"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        head, dirty = "", ""
    if not head:
        return "a tree outside git"
    return head + (" with uncommitted changes to geoevents/ or gazetteer/" if dirty else "")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--errors", action="store_true", help="list every error (dev only, unless --show-test-errors)")
    ap.add_argument("--show-test-errors", action="store_true",
                    help="also list the held-out split's errors (spoils it as a held-out set)")
    ap.add_argument("--events", type=Path, help="score this events.geojson instead of running geoevents (one split)")
    ap.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    ap.add_argument("--keep", type=Path, help="keep the articles and geoevents' output under this folder")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args(argv)
    splits = SPLITS if a.split == "both" else (a.split,)
    if a.events and len(splits) != 1:
        ap.error("--events scores one split: give --split dev or --split test")

    scores, golds = {}, {}
    for split in splits:
        arts = load_gold(a.gold_dir / f"{split}.jsonl")
        bad = gold_problems(arts)
        if bad:
            raise SystemExit(f"{split}.jsonl has problems:\n" + "\n".join(bad))
        if a.events:
            path = a.events
            fc = json.loads(path.read_text(encoding="utf-8"))
        else:
            if a.keep:
                work = a.keep / split
                work.mkdir(parents=True, exist_ok=True)
                fc = json.loads(run_geoevents(arts, work).read_text(encoding="utf-8"))
            else:
                with tempfile.TemporaryDirectory(prefix=f"events_eval_{split}_") as tmp:
                    fc = json.loads(run_geoevents(arts, Path(tmp)).read_text(encoding="utf-8"))
        scores[split], golds[split] = score(arts, read_features(fc)), arts

    if a.json:
        print(json.dumps({k: v.figures() for k, v in scores.items()}, indent=2))
    else:
        print(report(scores, f"events_eval: geoevents at {_commit()}, {dt.date.today()}"))
    if a.errors:
        for split in splits:
            if split == "test" and not a.show_test_errors:
                print("\n(test is held out: its errors are not listed; see README.md)")
                continue
            print(f"\n== errors in {split} ==\n" + errors(scores[split], golds[split]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
