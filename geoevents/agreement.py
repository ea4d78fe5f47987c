"""Whether two tellings can be one event, and how strongly the evidence says so: the rules of
:mod:`geoevents.merge` (its docstring lists them), pair by pair.

Interface:
    agreement(a, b, same_article=False, anchored=False) -> Agreement | None
        None when the two events cannot be one (status, type, mode, date or place conflict),
        else the evidence.
    places_agree(a, b), dates_agree(a, b, tolerance), types_agree(a, b), names_agree(a, b)
        Each part of it.
    km(lat, lon, lat, lon), POINT_KM
        The great-circle distance, and the distance beyond which two points are two places.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from geoevents import features
from geoevents.lexicon import speech
from geoevents.model import Event, Location, distance_km

__all__ = ["agreement", "Agreement", "places_agree", "dates_agree", "types_agree", "names_agree", "km",
           "POINT_KM"]

#: two points farther apart than this are different places
POINT_KM = 25.0


def _speech(e: Event) -> bool:
    """A speech act (a statement, OTHER labelled statement; a threat; an accusation): speech acts
    are compatible with each other and with nothing else."""
    return speech(e.type, e.label)


#: assault modes that can be told for one another
_MODE_GROUPS = (
    frozenset({"aerial", "drone", "shelling", "chemical"}),
    frozenset({"bombing", "suicide", "grenade"}),
    frozenset({"firearms", "primitive", "clash", "property"}),
    frozenset({"abduct"}),
    frozenset({"sexual"}),
    frozenset({"arrest", "raid", "seize", "deport"}),
)
#: assault modes a crowd can use: a riot may be told as such an assault
_CROWD_MODES = frozenset({None, "property", "primitive"})


# -- small helpers ---------------------------------------------------------------------------------

#: the one great-circle distance (geoevents.model), under the name this module's callers use
km = distance_km


def _is_area(loc: Location) -> bool:
    c = loc.place.candidate
    return c is not None and (c.is_region or features.borderless(c.feature_code))


def _specificity(loc: Location) -> int:
    c = loc.place.candidate
    if c is None:
        return 9
    return features.specificity(c.feature_code, c.feature_class)


def _loc_agree(a: Location, b: Location) -> float | None:
    """2: the same spot; 1: a point inside an area, or the same area; 0.5: cannot tell; None:
    different places."""
    ca, cb = a.place.candidate, b.place.candidate
    if ca is None or cb is None:
        return 0.0
    if ca.id == cb.id:
        return 1.0 if _is_area(a) else 2.0
    area_a, area_b = _is_area(a), _is_area(b)
    if not area_a and not area_b:
        return 2.0 if km(ca.lat, ca.lon, cb.lat, cb.lon) <= POINT_KM else None
    if features.borderless(ca.feature_code) or features.borderless(cb.feature_code):
        return 0.5  # a region without borders here (the Middle East)
    if not ca.country or not cb.country:
        return 0.5
    if ca.country != cb.country:
        return None
    if area_a and area_b and ca.is_country != cb.is_country:
        return 1.0
    if area_a and area_b:
        return None if ca.is_country and cb.is_country and ca.id != cb.id else 0.5
    area, point = (ca, cb) if area_a else (cb, ca)
    if area.is_country:
        return 1.0
    if area.admin1 and point.admin1 and (area.feature_code or "") == "ADM1":
        return 1.0 if area.admin1 == point.admin1 else None
    return 0.5


def places_agree(a: Event, b: Event) -> float | None:
    """How well the places of two events agree: None when they are different places, 0 when one
    has no place, else the best agreement of any pair (see :func:`_loc_agree`). Fallback places
    never conflict and count half."""
    if not a.locations or not b.locations:
        return 0.0
    best: float | None = None
    for la in a.locations:
        for lb in b.locations:
            r = _loc_agree(la, lb)
            if la.inferred or lb.inferred:
                r = 0.5 if r else 0.0
            if r is not None and (best is None or r > best):
                best = r
    return best


def _interval(e: Event) -> tuple[dt.date | None, dt.date | None, bool]:
    if e.date is not None and not e.date_inferred:
        return (e.earliest or e.date, e.latest or e.date, True)
    return (e.earliest, e.latest, False)


def dates_agree(a: Event, b: Event, tolerance: int = 0) -> float | None:
    """None when the dates conflict; 2 for the same stated day, 1 for overlapping stated
    periods, 0 when compatible without both being stated."""
    alo, ahi, ahard = _interval(a)
    blo, bhi, bhard = _interval(b)
    # compared by their difference: adding the tolerance to a date of 9999-12-31 overflows
    if alo and bhi and (alo - bhi).days > tolerance:
        return None
    if blo and ahi and (blo - ahi).days > tolerance:
        return None
    if ahard and bhard:
        return 2.0 if a.time_precision == "day" and b.time_precision == "day" else 1.0
    return 0.0


def _modes_agree(mode_a: str | None, mode_b: str | None) -> bool:
    if mode_a is None or mode_b is None or mode_a == mode_b:
        return True
    return any(mode_a in g and mode_b in g for g in _MODE_GROUPS)


def types_agree(a: Event, b: Event) -> bool:
    """Can the two types name one event?"""
    return _kinds_agree(_kind(a), _kind(b))


#: what :func:`types_agree` reads of an event: its type, OTHER label and mode
_Kind = tuple[str, "str | None", "str | None"]


def _kind(e: Event) -> _Kind:
    return e.type, e.label, e.mode


# kinds are few and merging asks this of every candidate: cached
@functools.lru_cache(maxsize=4096)
def _kinds_agree(a: _Kind, b: _Kind) -> bool:
    (type_a, label_a, mode_a), (type_b, label_b, mode_b) = a, b
    speech_a, speech_b = speech(type_a, label_a), speech(type_b, label_b)
    if speech_a or speech_b:
        return speech_a and speech_b
    if type_a == type_b:
        if type_a == "OTHER":
            return label_a == label_b or "death" in (label_a, label_b) or None in (label_a, label_b)
        if type_a == "PROTEST":
            return True
        return _modes_agree(mode_a, mode_b)
    pair = {type_a, type_b}
    if pair == {"PROTEST", "ASSAULT"}:
        assault_mode, protest_mode = (mode_a, mode_b) if type_a == "ASSAULT" else (mode_b, mode_a)
        return assault_mode in _CROWD_MODES and (protest_mode in ("riot", None) or assault_mode is not None)
    if "OTHER" in pair:
        other_label, rest_type = (label_a, type_b) if type_a == "OTHER" else (label_b, type_a)
        return other_label == "death" and rest_type in ("ASSAULT", "OTHER")
    return False


_STOP = frozenset(
    "the a an of and or in on at to for with by from his her their its our other some many several "
    "member members group groups people person man men woman women official officials unit units "
    "who which that this these those s".split())
_ALIASES = {"u.s.": "us", "u.s": "us", "usa": "us", "america": "us", "american": "us", "americans": "us",
            "united states": "us", "u.k.": "uk", "britain": "uk", "british": "uk", "united kingdom": "uk",
            "u.n.": "un", "united nations": "un", "e.u.": "eu", "european union": "eu"}
_WEAK_NAMES = frozenset({"us", "uk", "un", "eu"})


@functools.lru_cache(maxsize=65536)
def _name_tokens(strings: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(proper-name tokens, other content words) of actor and target strings."""
    proper, common = set(), set()
    for s in strings:
        text = s.replace("’", "'")
        low = text.lower()
        for alias, norm in _ALIASES.items():
            if " " in alias and alias in low:
                proper.add(norm)
        for m in re.finditer(r"[A-Za-z][\w'.-]*", text):
            raw = m.group(0).rstrip(".'")
            if raw.lower().endswith("'s"):
                raw = raw[:-2]
            w = raw.lower()
            w = _ALIASES.get(w, w)
            if w in _STOP or len(w) < 2:
                continue
            if raw[:1].isupper() or w in _WEAK_NAMES:
                proper.add(w)
            else:
                common.add(w.rstrip("s") if len(w) > 3 else w)
    return frozenset(proper), frozenset(common)


def _same_word(x: str, y: str) -> bool:
    return x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))


#: (proper-name tokens, other content words) of an event's actors and targets
_Tokens = tuple[frozenset[str], frozenset[str]]


def _tokens(e: Event) -> _Tokens:
    return _name_tokens(tuple(e.actors + e.targets))


def names_agree(a: Event, b: Event) -> float:
    """2 when the events share a proper name ("Soleimani"), 1 when they share only a country
    alias ("US") or a common noun ("embassy"), else 0."""
    return _tokens_agree(_tokens(a), _tokens(b))


def _tokens_agree(a: _Tokens, b: _Tokens) -> float:
    (pa, ca), (pb, cb) = a, b
    if not pa.isdisjoint(pb) and not (pa & pb) <= _WEAK_NAMES:
        return 2.0  # a proper name told by both (the common case, without comparing prefixes)
    shared = {x for x in pa for y in pb if _same_word(x, y)}
    if shared - _WEAK_NAMES:
        return 2.0
    if shared or {x for x in ca for y in cb if _same_word(x, y)}:
        return 1.0
    return 0.0


@dataclass(frozen=True)
class Agreement:
    """The evidence that two events are one: a score and what it rests on."""

    score: float
    place: float
    date: float
    names: float
    reasons: tuple[str, ...] = ()


def _fit(a: Event, b: Event, same_article: bool = False) -> tuple[float, float] | None:
    """(place, date) agreement when status, type, place and date let two events be one, else
    None."""
    if a.status != b.status or not types_agree(a, b):
        return None
    return _fit_in_place_and_time(a, b, same_article)


def _fit_in_place_and_time(a: Event, b: Event, same_article: bool = False) -> tuple[float, float] | None:
    """:func:`_fit` of two events of one status and agreeing types."""
    place = places_agree(a, b)
    if place is None:
        return None
    tolerance = 0
    if not same_article and place >= 2:
        tolerance = 1
    date = dates_agree(a, b, tolerance)
    if date is None:
        return None
    return place, date


def _span(e: Event) -> tuple[int | None, int | None]:
    """The first and last day (ordinals) of an event's date, as :func:`dates_agree` reads it."""
    lo, hi, _ = _interval(e)
    return (lo.toordinal() if lo else None), (hi.toordinal() if hi else None)


def _days_apart(lo_a: int | None, hi_a: int | None, lo_b: int | None, hi_b: int | None) -> bool:
    """Are two spans (:func:`_span`) more than a day apart, so that :func:`dates_agree` finds
    them in conflict whatever the tolerance (a day at most)?"""
    return (lo_a is not None and hi_b is not None and lo_a - hi_b > 1) or \
        (lo_b is not None and hi_a is not None and lo_b - hi_a > 1)


def _death_and_cause(a: Event, b: Event) -> bool:
    """A death and another type: one event only with the same victim (a death is the victim's),
    so only when they share a name."""
    return a.type != b.type and "death" in (a.label, b.label)


def _compatible(a: Event, b: Event) -> bool:
    """Is :func:`agreement` of two events of different articles not None? Names are weighed
    only when they can refuse."""
    return _fit(a, b) is not None and (not _death_and_cause(a, b) or names_agree(a, b) >= 1)


def agreement(a: Event, b: Event, *, same_article: bool = False, anchored: bool = False) -> Agreement | None:
    """None when the two events cannot be one (status, type, mode, date or place conflict),
    else the evidence. ``anchored``: both follow one event (found by :func:`merge`)."""
    fit = _fit(a, b, same_article)
    if fit is None:
        return None
    return _weigh(a, b, fit, names_agree(a, b), anchored)


def _weigh(a: Event, b: Event, fit: tuple[float, float], names: float, anchored: bool) -> Agreement | None:
    """The evidence that two events that :func:`_fit` are one, given how their names agree."""
    place, date = fit
    if names < 1 and _death_and_cause(a, b):
        return None
    reasons = []
    if place:
        reasons.append(f"place {place:g}")
    if date:
        reasons.append(f"date {date:g}")
    if names:
        reasons.append(f"names {names:g}")
    if a.mode and a.mode == b.mode:
        reasons.append("mode")
    if anchored:
        reasons.append("follows the same event")
    return Agreement(_score(a, b, fit, names, anchored), place, date, names, tuple(reasons))


def _score(a: Event, b: Event, fit: tuple[float, float], names: float, anchored: bool) -> float:
    """The score of :func:`agreement`, without its reasons (merging weighs many candidates)."""
    place, date = fit
    score = place + date + names
    if a.type == b.type:
        score += 1
    if a.mode and a.mode == b.mode:
        score += 1
    if anchored:
        score += 2
    return score
