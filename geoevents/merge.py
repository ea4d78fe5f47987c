"""Merge the same event told by several articles into one Event with all its sources.

Interface:
    merge(events) -> list[Event]
        Events of many articles (each already joined within its article by
        :func:`geoevents.events.extract_events`) -> one Event per real-world event, with every
        source. Deterministic: the same input gives the same events, ids and order.
    corefer(tellings) -> list[(Event, keys)]
        The same joining within one article (used by the event stage).
    agreement(a, b, same_article=False) -> Agreement | None
        Whether two events can be one, and how strongly the evidence says so.
    combine(events, evidence=None) -> Event
        One event from several tellings of it.

The rules (each one is a test in tests/test_merge.py; those of a pair of tellings are in
:mod:`geoevents.agreement`):
- **Never two events one article tells apart.** A merged event holds at most one event of each
  article: within an article the event stage has already joined what is one event.
- **Type.** The same PLOVER type with compatible modes (a drone strike is an air strike; a
  missile strike may be told as either; a bombing is not a shelling). A riot is a protest and
  may be told as an assault by the crowd ("supporters attacked the embassy" and "protesters
  stormed the compound"), but not as an air strike. A death is compatible with the assault or
  disaster that caused it. Statements, threats and accusations are all speech.
- **Date.** Stated dates must overlap within their precision (a day within "that week"); a
  bound ("after December 27") must hold. Across articles a stated day may differ by one day
  when both place the event at the same spot (time zones, night events). A date the text only
  carried over from the narrative (``date_inferred``) is a guess and never conflicts; the
  merged event takes the stated date of the other telling ("an undated event of one article
  takes the date of the event it merges with").
- **Place.** Two points agree within 25 km (a landmark and its city); a country or province
  agrees with a point inside it; a fallback place (``Location.inferred``) never conflicts.
- **Evidence.** Compatibility is not enough: across articles the tellings must also share a
  stated day, a name (actor, target or victim), or an event they both follow ("in retaliation
  for the rocket attack" / "this was then followed by"), and score enough on place, date,
  names, mode and type. Speech needs the same speaker.
- **The merged event** keeps every source, the most precise places (a landmark covers its city,
  a point its country), the stated date, the highest casualty counts told, all actors and
  targets, and an id computed from its members' ids.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import gc
import hashlib
import math
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

from geoevents.agreement import (POINT_KM, Agreement, _compatible, _days_apart, _death_and_cause,
                                 _fit_in_place_and_time, _interval, _is_area, _Kind, _kind, _kinds_agree,
                                 _loc_agree, _name_tokens, _score, _span, _specificity, _speech, _tokens, _Tokens,
                                 _tokens_agree, _WEAK_NAMES, agreement, km, types_agree)
from geoevents.lexicon import acled_crosswalk, lexicon
from geoevents.model import Event, Location, Source

__all__ = ["merge", "corefer", "agreement", "combine", "Telling", "Agreement", "km", "types_agree"]


# -- combining tellings ------------------------------------------------------------------------------

def _info(e: Event) -> tuple:
    """How much an event's telling says: a stated date, a precise stated place, sources."""
    best_loc = min((_specificity(l) for l in e.locations if not l.inferred), default=10)
    return (e.date is not None and not e.date_inferred, -best_loc, len(e.locations) > 0,
            e.type not in ("OTHER",) or e.label != "death", len(e.actors) + len(e.targets), len(e.sources))


def _mode_rank(mode: str | None) -> int:
    return lexicon().mode_rank(mode)


def _best_places(by_id: dict[str, Location]) -> tuple[Location, ...]:
    """Of the most precise telling of each place, those no other covers: a landmark covers its
    city, a point its country."""
    locs = sorted(by_id.values(), key=lambda l: (_specificity(l), l.precision, l.place.candidate.id))
    kept: list[Location] = []
    for l in locs:
        covered = False
        for k in kept:
            r = _loc_agree(k, l)
            if r is None:
                continue
            if _is_area(l) and not _is_area(k) and r >= 1:
                covered = True  # a point inside this area is told
            elif not _is_area(l) and not _is_area(k) and r >= 2:
                covered = True  # a more specific spot within reach is told
            elif _is_area(l) and _is_area(k) and r >= 0.5 and _specificity(l) >= _specificity(k) \
                    and not (l.place.candidate.is_country and k.place.candidate.is_country):
                covered = True  # two provinces of one country told for one event: the finer one
            if covered:
                break
        if not covered:
            kept.append(l)
    return tuple(kept)


def _most_precise(by_id: dict[str, Location], loc: Location) -> None:
    """Keep ``loc`` as its place's telling unless one told before is as precise."""
    cid = loc.place.candidate.id
    if cid not in by_id or loc.precision < by_id[cid].precision:
        by_id[cid] = loc


class _Names:
    """Names told for an event, each once: a name within a longer one ("police" within "the
    police chief") is that one; the first 8 are kept."""

    def __init__(self) -> None:
        self.names: list[tuple[str, str]] = []  # (as told, lower case)

    def add(self, name: str) -> None:
        low = name.lower()
        if any(low in o for _, o in self.names):
            return
        self.names = [(n, o) for n, o in self.names if o not in low]
        self.names.append((name, low))

    def kept(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.names[:8])


def _event_id(member_ids: Iterable[str]) -> str:
    ids = sorted(set(member_ids))
    if len(ids) == 1:
        return ids[0]
    return "ev-" + hashlib.sha1("|".join(ids).encode("utf-8")).hexdigest()[:12]


#: the order of time precisions, the most precise first
_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "none": 9}


def _max_by(best: Event | None, best_key: tuple, e: Event, key: tuple) -> tuple[Event | None, tuple]:
    """The first event of the greatest key, ``e`` being the next one told (as max() keeps it)."""
    return (e, key) if best is None or key > best_key else (best, best_key)


class _Tally:
    """What :func:`combine` takes of the tellings of one event, gathered one telling at a time:
    merging adds a telling to a cluster without going over its earlier tellings again (that made
    a cluster's merging quadratic in its size). Each field keeps what combine() would find over
    all the tellings added so far, in the order added."""

    def __init__(self) -> None:
        self.rep: Event | None = None  # the most informative telling (the first of them)
        self.rep_info: tuple = ()
        self.stronger: Event | None = None  # ... of those that are not a death
        self.stronger_info: tuple = ()
        self.types: set[str] = set()
        self.riot = False  # a protest told as a riot
        self.assault_mode: str | None = None  # the highest-ranked mode of an assault (the first)
        self.protest_mode: str | None = None  # the first mode of a protest
        self.stated: Event | None = None  # the stated date told most precisely (the first)
        self.stated_key: tuple = ()
        self.stated_lo: dt.date | None = None  # the latest start of the stated dates
        self.stated_hi: dt.date | None = None  # the earliest end
        self.guessed: list[Event] = []
        self.lo: dt.date | None = None  # the latest bound "not before"
        self.lo_told: Event | None = None  # the first telling of that bound
        self.hi: dt.date | None = None
        self.sources: dict[tuple[str, int, int], Source] = {}
        self.ids: list[str] = []
        self.fatalities: int | None = None
        self.injuries: int | None = None
        self.actors = _Names()
        self.targets = _Names()
        self.places: dict[str, Location] = {}  # the most precise telling of each place
        self.stated_places: dict[str, Location] = {}  # ... of those not a fallback
        self.after: set[str] = set()

    def add(self, e: Event, evidence: bool = True) -> None:
        """Add a telling; its sources too when it is evidence."""
        info = _info(e)
        self.rep, self.rep_info = _max_by(self.rep, self.rep_info, e, info)
        if not (e.type == "OTHER" and e.label == "death"):
            self.stronger, self.stronger_info = _max_by(self.stronger, self.stronger_info, e, info)
        self.types.add(e.type)
        if e.type == "PROTEST" and e.mode:
            self.riot = self.riot or e.mode == "riot"
            self.protest_mode = self.protest_mode or e.mode
        if e.type == "ASSAULT" and e.mode and (self.assault_mode is None
                                               or _mode_rank(e.mode) > _mode_rank(self.assault_mode)):
            self.assault_mode = e.mode
        self._add_date(e, info)
        if evidence:
            self.add_sources(e)
        self.ids.append(e.id)
        if e.fatalities is not None:
            self.fatalities = e.fatalities if self.fatalities is None else max(self.fatalities, e.fatalities)
        if e.injuries is not None:
            self.injuries = e.injuries if self.injuries is None else max(self.injuries, e.injuries)
        for a in e.actors:
            self.actors.add(a)
        for t in e.targets:
            self.targets.add(t)
        for l in e.locations:
            if l.place.candidate is not None:
                _most_precise(self.places, l)
                if not l.inferred:
                    _most_precise(self.stated_places, l)
        self.after.update(e.after)

    def _add_date(self, e: Event, info: tuple) -> None:
        if e.earliest and (self.lo is None or e.earliest > self.lo):
            self.lo, self.lo_told = e.earliest, e
        if e.latest and (self.hi is None or e.latest < self.hi):
            self.hi = e.latest
        if e.date is None:
            return
        if e.date_inferred:
            self.guessed.append(e)
            return
        key = (-_PRECISION_ORDER.get(e.time_precision, 9), info[1])
        self.stated, self.stated_key = _max_by(self.stated, self.stated_key, e, key)
        start, end = e.earliest or e.date, e.latest or e.date
        self.stated_lo = start if self.stated_lo is None else max(self.stated_lo, start)
        self.stated_hi = end if self.stated_hi is None else min(self.stated_hi, end)

    def add_sources(self, e: Event) -> None:
        for s in e.sources:
            self.sources[(s.doc, s.start, s.end)] = s

    def _kind(self) -> tuple[str, str | None, str | None]:
        """The type, mode and OTHER label of the event (see :func:`combine`)."""
        rep = self.rep
        assert rep is not None
        type_, mode, label = rep.type, rep.mode, rep.label
        if type_ == "OTHER" and label == "death" and self.stronger is not None:
            type_, mode, label = self.stronger.type, self.stronger.mode, self.stronger.label
        if "PROTEST" in self.types and "ASSAULT" in self.types and self.riot:
            type_, mode, label = "PROTEST", "riot", None
        elif type_ == "ASSAULT":
            mode = self.assault_mode
        elif type_ == "PROTEST":
            mode = "riot" if self.riot else self.protest_mode
        elif _speech(rep):
            # a threat is the more specific speech act
            for t in ("THREATEN", "ACCUSE"):
                if t in self.types:
                    type_, label = t, None
                    break
        return type_, mode, label

    def _date(self) -> tuple[dt.date | None, str, bool, str, dt.date | None, dt.date | None]:
        """date, precision, inferred, reason, earliest, latest: a stated one, the most precise;
        else the latest guess within the bounds."""
        rep = self.rep
        assert rep is not None
        lo, hi = self.lo, self.hi
        if self.stated is not None:
            best = self.stated
            date, precision, inferred, reason = best.date, best.time_precision, False, best.date_reason
            lo = self.stated_lo if best.time_precision != "day" else best.date
            hi = self.stated_hi if best.time_precision != "day" else best.date
            if best is not rep and best != rep and len({s.doc for s in best.sources} | {s.doc for s in rep.sources}) > 1:
                reason = f"{reason} (told in {best.sources[0].doc})"
        elif self.guessed:
            cands = [e for e in self.guessed if (lo is None or e.date >= lo) and (hi is None or e.date <= hi)] \
                or self.guessed
            best = max(cands, key=lambda e: e.date)
            date, precision, inferred, reason = best.date, best.time_precision, True, best.date_reason
        else:
            date, precision, inferred = None, "none", False
            reason = self.lo_told.date_reason if self.lo_told is not None else rep.date_reason
        if lo and hi and lo > hi:
            lo = hi = date
        return date, precision, inferred, reason, lo, hi

    def event(self, member_ids: Iterable[str] = ()) -> Event:
        """The event the tellings added so far tell."""
        rep = self.rep
        assert rep is not None
        type_, mode, label = self._kind()
        date, precision, inferred, reason, lo, hi = self._date()
        targets = self.targets.kept()
        return Event(
            id=_event_id(list(member_ids) or self.ids),
            type=type_,
            date=date,
            time_precision=precision if date else "none",  # type: ignore[arg-type]
            locations=_best_places(self.stated_places or self.places),
            summary=rep.summary,
            sources=tuple(sorted(self.sources.values(), key=lambda s: (s.doc, s.start, s.end))),
            mode=mode,
            label=label,
            status=rep.status,
            date_reason=reason,
            actors=self.actors.kept(),
            targets=targets,
            fatalities=self.fatalities,
            injuries=self.injuries,
            trigger=rep.trigger,
            acled=acled_crosswalk(type_, mode, targets),
            earliest=lo,
            latest=hi,
            date_inferred=inferred,
            after=tuple(sorted(self.after)),
        )


def combine(events: Sequence[Event], evidence: Sequence[Event] | None = None, member_ids: Iterable[str] = ()) -> Event:
    """One event from tellings of it. ``evidence``: the tellings whose sources are kept (all by
    default; an anaphor such as "the attack" adds no evidence)."""
    events = list(events)
    if len(events) == 1 and evidence is None:
        return events[0]
    tally = _Tally()
    for e in events:
        tally.add(e, evidence=evidence is None)
    for e in evidence or ():
        tally.add_sources(e)
    return tally.event(member_ids)


# -- within one article --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Telling:
    """One telling of an event in an article, with what the event stage knows about its place in
    the text. ``weak``: it cannot stand for an event by itself (a headline or caption, an anaphor
    such as "the attack", or no place and no date of its own)."""

    event: Event
    key: int
    order: int
    headline: bool = False
    anaphoric: bool = False
    weak: bool = False
    segment: int = -1
    after: frozenset[int] = frozenset()
    apart: frozenset[int] = frozenset()
    another: bool = False
    #: an anaphor that tells something new (a place, a toll): its sentence is evidence
    informative: bool = False


#: how far (in characters, about two paragraphs) a telling without its own place or date may be
#: from the event it joins: in a history, "Congress abandoned Philadelphia" told again pages later
#: is another abandonment; a headline joins its lead however far
_FAR = 2000


def _may_join(t: Telling, members: list[Telling], same_sentence: bool = False) -> bool:
    for m in members:
        if m.segment == t.segment and not same_sentence or m.key in t.apart or t.key in m.apart:
            return False
        if m.key in t.after or t.key in m.after:
            return False
    return True


def corefer(tellings: Sequence[Telling]) -> list[tuple[Event, list[int]]]:
    """Join the tellings of one article that tell one event. Returns each event with the keys of
    its tellings, in text order; ``Event.after`` holds the ids of the events it followed."""
    tellings = sorted(tellings, key=lambda t: (t.order, t.key))
    clusters: list[list[Telling]] = []

    # a cluster's combined event, kept until the cluster grows: asked again for every telling
    # that follows, it made a long article quadratic
    combined: dict[int, tuple[int, Event]] = {}

    def event_of(members: list[Telling]) -> Event:
        size, event = combined.get(id(members), (-1, None))
        if size != len(members):
            event = combine([m.event for m in members])
            combined[id(members)] = (len(members), event)
        return event

    # 1. tellings that stand by themselves: one event when the same type, day and place (or the
    #    same day and a shared name) and nothing in the text tells them apart
    for t in (t for t in tellings if not t.weak):
        best, best_score = None, 0.0
        if not t.another:
            for c in clusters:
                if not _may_join(t, c):
                    continue
                ag = agreement(t.event, event_of(c), same_article=True)
                if ag is None or ag.date < 2 or not (ag.place >= 1 or ag.names >= 2) or ag.score < 4:
                    continue
                if ag.score > best_score:
                    best, best_score = c, ag.score
        if best is not None:
            best.append(t)
        else:
            clusters.append([t])
    strong_count = len(clusters)

    # 2. headlines, captions, anaphora and tellings without place or date join the event they
    #    refer to: the best compatible one told near them, the nearest for an anaphor, the lead
    #    for a headline
    for i, t in enumerate(tellings):
        if not t.weak:
            continue
        best, best_key = None, None
        # a telling with neither place nor date of its own ("two soldiers were killed") tells more
        # of the event just told; not of another compatible event of the article, even one that
        # shares its names (a history's "both Ras Mulugeta and his son were killed" is not the
        # earlier battle Ras Mulugeta fought)
        plain = not t.headline and not t.anaphoric
        # tellings are sorted by (order, key): the one just told is the one before
        just_told = tellings[i - 1].key if i else None
        for ci, c in enumerate(clusters):
            if t.another and ci < strong_count:
                continue
            if not _may_join(t, c, same_sentence=True):
                continue
            ev = event_of(c)
            ag = agreement(t.event, ev, same_article=True)
            if ag is None:
                continue
            if _speech(t.event) and ag.names < 1 and not t.anaphoric:
                continue  # another speaker's statement
            if plain and just_told not in {m.key for m in c}:
                continue  # shared names are no evidence: a country alias ("US"), a commander
            before = [m.order for m in c if m.order < t.order]
            if t.anaphoric and not before:
                continue
            if not t.headline and min(abs(m.order - t.order) for m in c) > _FAR:
                continue
            if t.headline:
                distance = min(m.order for m in c)
            elif before:
                distance = t.order - max(before)
            else:
                distance = min(m.order for m in c) - t.order + 10**6
            stated = any(x.event.date is not None and not x.event.date_inferred for x in c)
            real = any(not x.weak for x in c)
            # a headline names the news: a dated event before an undated one; an anaphor or a
            # plain telling refers to an event told in full before one told in passing
            key = (ag.names, stated if t.headline else real, ag.place + (ag.date if ag.date else 0), -distance)
            if best_key is None or key > best_key:
                best, best_key = c, key
        if best is not None:
            best.append(t)
        else:
            clusters.append([t])

    # the events, their ids, and "after" as ids
    results = []
    key_to_cluster = {}
    for ci, c in enumerate(clusters):
        for m in c:
            key_to_cluster[m.key] = ci
    events = []
    for c in clusters:
        # an anaphor ("the attack") is evidence only when it tells something new: a place, a toll
        evidence = [m.event for m in c if not m.anaphoric or m.informative] or [m.event for m in c]
        events.append(combine([m.event for m in c], evidence=evidence, member_ids=[m.event.id for m in c]))
    for ci, c in enumerate(clusters):
        after_ids = sorted({events[key_to_cluster[k]].id for m in c for k in m.after
                            if k in key_to_cluster and key_to_cluster[k] != ci})
        ev = replace(events[ci], after=tuple(after_ids))
        results.append((ev, [m.key for m in c]))
    results.sort(key=lambda r: min(t.order for t in tellings if t.key in r[1]))
    return results


# -- across articles -------------------------------------------------------------------------------

def _docs(e: Event) -> set[str]:
    return {s.doc for s in e.sources}


def _family(e: Event) -> str:
    """Events of one family can be one event: speech acts; physical events (an assault, a riot,
    a death, a disaster); each other type by itself."""
    if _speech(e):
        return "speech"
    if e.type in ("ASSAULT", "PROTEST", "OTHER"):
        return "physical"
    return e.type


def _kin(e: Event) -> str:
    """The events that can be one with ``e`` are of its family and its status (the status of a
    cluster is that of each of its tellings: :func:`agreement` asks the same of every pair)."""
    return f"{_family(e)} {e.status}"


def _countries(e: Event) -> set[str | None]:
    """The countries an event is placed in; None for an unplaced event or a region without one."""
    out = {l.place.candidate.country if l.place.candidate is not None else None for l in e.locations}
    return out or {None}


@functools.lru_cache(maxsize=65536)
def _name_keys(tokens: _Tokens) -> tuple[frozenset[str], frozenset[str]]:
    """What merging needs some of: the name words of an event that can score 2 as a shared name
    (proper names and their prefixes), and the other words (common nouns, country aliases such
    as "us": 1 at most)."""
    proper, common = tokens
    strong = set(proper) - _WEAK_NAMES
    # prefixes let "Iranian" find "Iran" (see _same_word)
    strong |= {w[:4] for w in proper if len(w) >= 4}
    weak = (set(proper) | set(common)) - strong
    return frozenset(strong), frozenset(weak)


def _stated_days(e: Event) -> set[int]:
    """The stated day of an event, with one day of margin either side."""
    if e.date is not None and not e.date_inferred and e.time_precision == "day":
        o = e.date.toordinal()
        return {o - 1, o, o + 1}
    return set()


#: tellings are compared only when told (published) or dated within this many days of each other
WINDOW_DAYS = 31
#: the width of a time block, in days
_BLOCK_DAYS = 7
#: the block of events that tell no time at all (no publication date, no bounded date): compared
#: with everything
_ANY = -1


def _time_blocks(e: Event) -> set[int]:
    """The blocks (weeks) of the days an event is told on and dated to: its sources'
    publication days, and its stated period when that is bounded and at most two months long.
    Empty when it has neither."""
    days = {s.published.toordinal() for s in e.sources if s.published is not None}
    blocks = {d // _BLOCK_DAYS for d in days}
    lo, hi, stated = _interval(e)
    if stated and lo is not None and hi is not None and 0 <= (hi - lo).days <= 62:
        blocks |= set(range(lo.toordinal() // _BLOCK_DAYS, hi.toordinal() // _BLOCK_DAYS + 1))
    return blocks


def _near_blocks(blocks: set[int]) -> frozenset[int]:
    """Every block within :data:`WINDOW_DAYS` of one of ``blocks``, and :data:`_ANY`."""
    if len(blocks) == 1:
        return _near_block(next(iter(blocks)))
    return frozenset(n for b in blocks for n in _near_block(b))


@functools.lru_cache(maxsize=4096)
def _near_block(block: int) -> frozenset[int]:
    reach = -(-WINDOW_DAYS // _BLOCK_DAYS)
    return frozenset(range(block - reach, block + reach + 1)) | {_ANY}


def _best_possible(e: Event, anchored: bool) -> tuple[float, float]:
    """The highest score :func:`agreement` can give ``e`` with any event, before names and
    place count (a stated date: 2 for a day, 1 for a period; the same type; the same mode; a
    shared anchor), and the most its place can add (2; 0.5 when it only has fallback places;
    0 with none). Which candidates are worth looking up follows from them (see :func:`merge`)."""
    place = 0.0
    if e.locations:
        place = 0.5 if all(l.inferred for l in e.locations) else 2.0
    date = 0.0
    if e.date is not None and not e.date_inferred:
        date = 2.0 if e.time_precision == "day" else 1.0
    return date + 1 + (1 if e.mode else 0) + (2 if anchored else 0), place


#: the size of a place cell, in degrees of latitude and longitude: 0.5 degrees of latitude
#: (55 km) is more than :data:`POINT_KM`
_CELL = 0.5
_ANYWHERE = ("anywhere",)
#: no place keys (most tellings tell no place: one empty set for them all)
_NOWHERE: frozenset[tuple] = frozenset()


def _unbounded(c) -> bool:
    """A place :func:`_loc_agree` finds compatible with any other: a region without borders
    here, or a place without a country."""
    return (c.feature_code or "") in ("RGN", "CONT") or not c.country


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(math.floor(lat / _CELL)), int(math.floor(lon / _CELL)) % int(360 / _CELL)


def _place_keys(e: Event) -> set[tuple]:
    """Where an event is, as blocking keys: the country of each place, the cell of each point;
    :data:`_ANYWHERE` for a place any other agrees with."""
    keys: set[tuple] = set()
    for loc in e.locations:
        c = loc.place.candidate
        if c is None:
            continue
        if _unbounded(c):
            keys.add(_ANYWHERE)
            continue
        keys.add(("country", c.country))
        if not _is_area(loc):
            keys.add(("cell",) + _cell(c.lat, c.lon))
    return keys


def _place_partners(e: Event) -> set[tuple] | None:
    """The keys of :func:`_place_keys` an event's place can agree with (a score above 0): the
    same country, a point within :data:`POINT_KM` across a border (the cells around each point),
    anywhere; None when any place can (a region, a place without a country)."""
    keys: set[tuple] = {_ANYWHERE}
    for loc in e.locations:
        c = loc.place.candidate
        if c is None:
            continue
        if _unbounded(c):
            return None
        keys.add(("country", c.country))
        if not _is_area(loc):
            lat_cell, lon_cell = _cell(c.lat, c.lon)
            width = 111.2 * _CELL * math.cos(math.radians(min(89.9, abs(c.lat) + _CELL)))
            reach = min(int(180 / _CELL), math.ceil(POINT_KM / max(width, 1e-6)))
            cells = int(360 / _CELL)
            keys |= {("cell", lat_cell + i, (lon_cell + j) % cells) for i in (-1, 0, 1)
                     for j in range(-reach, reach + 1)}
    return keys


class _Index:
    """Clusters by blocking key and time block: a key (a name, a day, an anchor, a country, a
    name at a place) names the clusters that can be one with an event having that key too; the
    time block keeps a lookup to the clusters told within :data:`WINDOW_DAYS`. A cluster is
    found under every key of its tellings (a name told by one telling and a place by another
    still find it), in the time blocks of its first telling, and is never removed."""

    def __init__(self) -> None:
        #: key -> time block -> clusters
        self.clusters: dict[tuple, dict[int, set[int]]] = collections.defaultdict(dict)
        self.keys_of: list[set[tuple]] = []
        self.blocks_of: list[set[int]] = []

    def grow(self, cluster: int, keys: set[tuple], blocks: set[int]) -> None:
        """Add a cluster's keys and time blocks (those of a telling that joined it). The sets
        of a new cluster are kept, not copied: the caller leaves them be."""
        if cluster == len(self.keys_of):
            blocks = blocks or {_ANY}
            self.keys_of.append(keys)
            self.blocks_of.append(blocks)
            for key in keys:
                self._add(key, blocks, cluster)
            return
        old_keys, old_blocks = self.keys_of[cluster], self.blocks_of[cluster]
        new_keys, new_blocks = keys - old_keys, (blocks or {_ANY}) - old_blocks
        all_blocks = old_blocks | new_blocks
        for key in new_keys:
            self._add(key, all_blocks, cluster)
        if new_blocks:
            for key in old_keys:
                self._add(key, new_blocks, cluster)
        old_keys |= new_keys
        old_blocks |= new_blocks

    def _add(self, key: tuple, blocks: set[int], cluster: int) -> None:
        by_block = self.clusters[key]
        for block in blocks:
            found = by_block.get(block)
            if found is None:
                by_block[block] = {cluster}
            else:
                found.add(cluster)

    def find(self, key: tuple, near: frozenset[int] | None, into: set[int]) -> None:
        """Add to ``into`` the clusters of ``key`` in the blocks ``near`` (:func:`_near_blocks`,
        with those told at no time); every block of the key when ``near`` is None (an event told
        at no time)."""
        by_block = self.clusters.get(key)
        if not by_block:
            return
        if near is None:
            for found in by_block.values():
                into |= found
        elif len(by_block) <= len(near):
            for block, found in by_block.items():
                if block in near:
                    into |= found
        else:
            for block in near:
                told = by_block.get(block)
                if told:
                    into |= told


# not frozen: one is made for every telling, and a frozen dataclass sets each field slowly
@dataclass(slots=True)
class _Blocking:
    """What blocking reads of a telling: its family and status, names, stated days, countries,
    place keys and time blocks."""

    kin: str
    docs: set[str]
    tokens: _Tokens
    strong: frozenset[str]
    weak: frozenset[str]
    days: set[int]
    countries: set[str | None]
    wheres: set[tuple]
    blocks: set[int]

    @classmethod
    def of(cls, e: Event, names: dict[tuple[str, ...], tuple[_Tokens, frozenset[str], frozenset[str]]]) -> _Blocking:
        """``names``: the tokens and name keys of the actors and targets seen so far in this merge
        (the retellings of a story come far apart in its order, and a year of them overflows the
        caches of _name_tokens and _name_keys)."""
        told = e.actors + e.targets
        known = names.get(told)
        if known is None:
            tokens = _name_tokens(told)
            known = names[told] = (tokens,) + _name_keys(tokens)
        tokens, strong, weak = known
        return cls(_kin(e), _docs(e), tokens, strong, weak, _stated_days(e), _countries(e), _place_keys(e),
                   _time_blocks(e))


class _Clusters:
    """The clusters merging has made so far: their tellings, the event each tells, and the index
    that finds them."""

    def __init__(self) -> None:
        self.members: list[list[Event]] = []
        self.event: list[Event] = []
        #: the name tokens of each cluster's event
        self.tokens: list[_Tokens] = []
        #: what each cluster's event is asked first as a candidate: the number of its status and
        #: kind (what types_agree reads) in ``kinds``, and its date span (see _span)
        self.profile: list[tuple[int, int | None, int | None]] = []
        self.kinds: dict[tuple[str, _Kind], int] = {}
        self._agreeing: dict[tuple[str, _Kind], tuple[int, frozenset[int]]] = {}
        self.docs: list[set[str]] = []
        #: the ids of the events the tellings of each cluster follow
        self.after: list[tuple[str, ...]] = []
        self.of: dict[str, int] = {}  # the cluster of each telling
        # what each cluster of two or more tellings tells, gathered as they join (combine() of them)
        self.tallies: dict[int, _Tally] = {}
        self.index = _Index()
        #: the time blocks of each cluster (those of its first telling)
        self.blocks: list[set[int]] = []
        #: the name words and place keys of each cluster's first telling
        self.first: list[tuple[frozenset[str], frozenset[str], set[tuple] | frozenset[tuple]]] = []
        #: the name words and place keys of the tellings of each cluster of two or more (those of
        #: a cluster of one are its telling's: most clusters are of one, and kept small)
        self.grown: dict[int, tuple[set[str], set[tuple]]] = {}
        #: see _Blocking.of
        self.names: dict[tuple[str, ...], tuple[_Tokens, frozenset[str], frozenset[str]]] = {}

    def _kind_number(self, e: Event) -> int:
        return self.kinds.setdefault((e.status, _kind(e)), len(self.kinds))

    def agreeing(self, e: Event) -> frozenset[int]:
        """The numbers of the statuses and kinds known that ``e`` can be one event with (the
        same status, a kind its kind agrees with)."""
        mine = (e.status, _kind(e))
        known = self._agreeing.get(mine)
        if known is None or known[0] != len(self.kinds):
            known = (len(self.kinds), frozenset(n for (status, kind), n in self.kinds.items()
                                                if status == e.status and _kinds_agree(mine[1], kind)))
            self._agreeing[mine] = known
        return known[1]

    def all_compatible(self, e: Event, ci: int) -> bool:
        """Can ``e`` be one event with every telling of cluster ``ci`` (a cluster of one is its
        telling, asked already)?"""
        members = self.members[ci]
        return len(members) == 1 or all(_compatible(e, m) for m in members)

    def anchors(self, e: Event) -> set[int]:
        """The clusters of the events ``e`` follows."""
        return {self.of[a] for a in e.after if a in self.of}

    def anchored(self, anchors: set[int], ci: int) -> bool:
        """Does some telling of cluster ``ci`` follow a telling of one of ``anchors``?"""
        return any(self.of.get(a) in anchors for a in self.after[ci])

    def add(self, e: Event, blocking: _Blocking, ci: int | None, anchors: set[int]) -> None:
        """Add ``e`` to cluster ``ci``, or as a new cluster."""
        if ci is None:
            ci = len(self.members)
            self.members.append([e])
            self.event.append(e)
            self.tokens.append(blocking.tokens)
            self.profile.append((self._kind_number(e),) + _span(e))
            self.docs.append(blocking.docs)
            self.after.append(e.after)
            self.blocks.append(blocking.blocks)
            self.first.append((blocking.strong, blocking.weak, blocking.wheres or _NOWHERE))
            self.of[e.id] = ci
            self.index.grow(ci, _first_keys(e, blocking, anchors), blocking.blocks)
            return
        self._join(e, blocking, ci, anchors)

    def _join(self, e: Event, blocking: _Blocking, ci: int, anchors: set[int]) -> None:
        """Add ``e`` to cluster ``ci``."""
        members = self.members[ci]
        if len(members) == 1:
            self.tallies[ci] = _Tally()
            self.tallies[ci].add(members[0])
        members.append(e)
        self.tallies[ci].add(e)
        self.event[ci] = self.tallies[ci].event()
        self.tokens[ci] = _tokens(self.event[ci])
        self.profile[ci] = (self._kind_number(self.event[ci]),) + _span(self.event[ci])
        self.docs[ci] |= blocking.docs
        if e.after:
            self.after[ci] += e.after
        self.of[e.id] = ci
        # a cluster stays where its first (most informative) telling is in time: a telling joins
        # it when told within the window of that one, so a chain of tellings a month apart each
        # does not gather a year of statements by one speaker into one event
        self.index.grow(ci, self._new_keys(ci, e, blocking, anchors), self.blocks[ci])

    def _new_keys(self, ci: int, e: Event, blocking: _Blocking, anchors: set[int]) -> set[tuple]:
        """The keys ``e`` adds to its cluster: its names, days, anchors and countries, and each
        name at each place of the cluster (a name and a place as the combined event has them,
        each may come from another telling); only the pairs not there before, so that a large
        cluster is not paired again on every join."""
        if ci not in self.grown:
            strong, weak, wheres = self.first[ci]
            self.grown[ci] = (set(strong | weak), set(wheres))
        kin, (words, wheres) = blocking.kin, self.grown[ci]
        new_words = (blocking.strong | blocking.weak) - words
        new_wheres = blocking.wheres - wheres
        keys: set[tuple] = {("w", kin, w) for w in new_words}
        keys |= {("p", kin, w) + where for w in new_words for where in wheres | new_wheres}
        keys |= {("p", kin, w) + where for w in words for where in new_wheres}
        words |= new_words
        wheres |= new_wheres
        return keys | _time_keys(e, blocking, anchors)

    def events(self) -> list[Event]:
        """The merged events, their "after" as merged events' ids, by date and id."""
        out = []
        final_ids = [ev.id for ev in self.event]
        for ci, ev in enumerate(self.event):
            after = tuple(sorted({final_ids[self.of[a]] for a in ev.after if a in self.of and self.of[a] != ci}))
            out.append(ev if after == ev.after else replace(ev, after=after))
        out.sort(key=lambda e: (e.date or dt.date.max, e.id))
        return out


def _first_keys(e: Event, blocking: _Blocking, anchors: set[int]) -> set[tuple]:
    """The keys of a cluster of one telling: its names, each at each of its places, and
    :func:`_time_keys`."""
    kin, words = blocking.kin, blocking.strong | blocking.weak
    keys: set[tuple] = {("w", kin, w) for w in words}
    keys |= {("p", kin, w) + where for w in words for where in blocking.wheres}
    return keys | _time_keys(e, blocking, anchors)


def _time_keys(e: Event, blocking: _Blocking, anchors: set[int]) -> set[tuple]:
    """The keys a telling adds to its cluster besides names: its stated days, its anchors, and
    its countries when it states a date."""
    kin = blocking.kin
    keys: set[tuple] = {("d", kin, d) for d in blocking.days} | {("a", kin, a) for a in anchors}
    if e.date is not None and not e.date_inferred:
        # a coarse date finds clusters by country for the date score alone (1): only a cluster
        # with a stated date can give it (one without is found by a name or anchor)
        keys |= {("c", kin, c) for c in blocking.countries}
        if e.time_precision != "day":
            keys |= {("k", kin, c) for c in blocking.countries}
    return keys


def _candidates(e: Event, blocking: _Blocking, anchors: set[int], index: _Index) -> set[int]:
    """The clusters ``e`` could join (see :func:`merge`)."""
    kin, blocks = blocking.kin, blocking.blocks
    near = _near_blocks(blocks) if blocks else None
    # a shared name adds 2 (a strong one) or 1 to the score: a name is looked up only when it
    # can lift the event to the threshold (4; 2.5 for speech, which needs a name), and only
    # among the clusters whose place can agree when the score needs the place too
    base, place_max = _best_possible(e, bool(anchors))
    threshold = 2.5 if _speech(e) else 4.0
    partners: set[tuple] | None = None
    placed = False  # partners asked for: only when a name needs the place
    candidates: set[int] = set()
    for names, value in ((blocking.strong, 2.0), (blocking.weak, 1.0)):
        needed = threshold - base - value  # what the place must add
        if not names or needed > place_max:
            continue
        if needed > 0 and not placed:
            partners, placed = _place_partners(e), True
        for w in names | {w[:4] for w in names if len(w) >= 4}:
            if needed > 0 and partners is not None:
                for where in partners:
                    index.find(("p", kin, w) + where, near, candidates)
            else:
                index.find(("w", kin, w), near, candidates)
    for d in blocking.days:
        index.find(("d", kin, d), near, candidates)
    for a in anchors:
        index.find(("a", kin, a), near, candidates)
    if e.date is not None and not e.date_inferred:
        coarse = "c" if e.time_precision != "day" else "k"
        for c in blocking.countries:
            index.find((coarse, kin, c), near, candidates)
    return candidates


def _best_cluster(e: Event, blocking: _Blocking, candidates: set[int], anchors: set[int],
                  clusters: _Clusters) -> int | None:
    """The candidate cluster that ``e`` agrees with best, enough to join it; the first (the
    oldest) of the best."""
    docs, agreeing, (lo, hi) = blocking.docs, clusters.agreeing(e), _span(e)
    profile, cluster_docs = clusters.profile, clusters.docs
    best: int | None = None
    best_score = 0.0
    # in any order: of the best, the first cluster (the oldest) is kept
    for ci in candidates:
        # what agreement() refuses most, asked of numbers kept: another status or kind (half the
        # candidates), dates apart (a third)
        kind, their_lo, their_hi = profile[ci]
        if kind not in agreeing or _days_apart(lo, hi, their_lo, their_hi) or not docs.isdisjoint(cluster_docs[ci]):
            continue  # and never two events one article tells apart
        score = _joining_score(e, blocking, ci, anchors, clusters)
        # and with every telling of the cluster, asked last: it takes a look at each
        if score is not None and (score > best_score or score == best_score and best is not None and ci < best) \
                and clusters.all_compatible(e, ci):
            best, best_score = ci, score
    return best


def _joining_score(e: Event, blocking: _Blocking, ci: int, anchors: set[int], clusters: _Clusters) -> float | None:
    """The score of :func:`agreement` of ``e`` with the event of cluster ``ci`` (of one status,
    of kinds that agree) when it is enough to join, else None: the fit, the names (with the
    tokens of the cluster's event kept), the death rule, the threshold."""
    event = clusters.event[ci]
    fit = _fit_in_place_and_time(e, event)
    if fit is None:
        return None
    names = _tokens_agree(blocking.tokens, clusters.tokens[ci])
    if names < 1 and _death_and_cause(e, event):
        return None
    anchored = bool(anchors) and clusters.anchored(anchors, ci)
    score = _score(e, event, fit, names, anchored)
    if _speech(e) or _speech(event):
        ok = names >= 1 and score >= 2.5
    else:
        ok = score >= 4 and (fit[1] >= 1 or names >= 1 or anchored)
    return score if ok else None


def merge(events: Iterable[Event]) -> list[Event]:
    """One Event per real-world event across articles (see the module docstring for the rules).

    Blocking, as record linkage does it: an event is compared only with the clusters it could
    join. They must be of one family and status, share a strong name, a weak name or common
    noun, a stated day, an anchor or (for coarse dates) a country, and be told within
    :data:`WINDOW_DAYS`; a key is looked up only when the score it could bring reaches the
    threshold (an undated, unplaced event without a mode joins by an anchor only), so each event
    meets a bounded number of candidates and the time grows about linearly with the number of
    events.
    """
    with _collector_paused():
        return _merge(list(events))


def _merge(events: list[Event]) -> list[Event]:
    """:func:`merge`, its clusters and index freed when it returns."""
    clusters = _Clusters()
    # the most informative tellings first, so they become the anchors others join
    order = sorted(range(len(events)), key=lambda i: (_info(events[i]), events[i].id), reverse=True)
    for i in order:
        e = events[i]
        blocking = _Blocking.of(e, clusters.names)
        anchors = clusters.anchors(e)
        best = _best_cluster(e, blocking, _candidates(e, blocking, anchors, clusters.index), anchors, clusters)
        clusters.add(e, blocking, best, anchors)
    return clusters.events()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: merging makes millions of sets and tuples that live to
    its end and hold no cycles, and the collector went over all of them again and again (a
    quarter of the time for 200,000 tellings). They are freed (by reference counting) before it
    resumes, so it does not go over them even once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
