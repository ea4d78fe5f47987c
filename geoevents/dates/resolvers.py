"""Candidates and resolvers: a matched expression (_Cand) carries a resolver that turns the
document's context (_Ctx: publication date, story time, tense) into a TIMEX3 value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from geoevents.model import TimePrecision
from geoevents.dates.words import _CLOCK_UNITS, _PRECISION
from geoevents.dates.calendar import CalendarRange, _HOLIDAYS, _SEASON_MONTHS, _add_months, _calendar_value, _shift, _unresolved


# -- candidates ----------------------------------------------------------------------------------

_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
_UNIT_RANK = {"S": 0, "MIN": 0, "H": 0, "D": 0, "W": 1, "WE": 1, "FN": 1, "M": 2, "Q": 3, "Y": 4, "DE": 4,
              "CE": 4, "ML": 4}


@dataclass
class _Ctx:
    """What resolving one expression may look at: the anchors and the governing verb's tense."""

    dct: dt.date | None
    #: narrative references by precision rank: rank -> (sequence number, range)
    refs: dict[int, tuple[int, CalendarRange]]
    tense: str | None                  # "past", "present", "scheduled", "future" or None
    quarter: str | None                # the quarter the text is discussing ("1989-Q3"), if any
    year: int | None                   # a year stated by a neighbouring expression, if any
    period: str | None = None          # the month or quarter the text last named ("2009-02")
    #: in the narrative regime, the story's reference time (the date it last established); what the
    #: publication date anchors in news ("in April", "next year") counts from it instead
    story: CalendarRange | None = None
    #: the verb looks back from the story's time (the past perfect: "had spent the spring")
    before_story: bool = False

    def ref_for(self, unit: str) -> CalendarRange | None:
        """The latest narrative reference at least as precise as ``unit`` ("two days later" needs a
        day; "the following year" can count from a year)."""
        need = _UNIT_RANK.get(unit, 0)
        best = max((v for r, v in self.refs.items() if r <= need), default=None, key=lambda v: v[0])
        return best[1] if best else None


# a resolver maps the context to (value, precision)
_Resolver = Callable[[_Ctx], tuple[str, "TimePrecision | None"]]


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    type: str
    resolve: _Resolver
    anchor: str = "abs"        # abs | dct | ref: what the value depends on
    explicit_year: bool = False
    #: may set the quarter the text is about and the narrative reference; False for points of
    #: comparison ("a year earlier", "the year-ago quarter")
    topic: bool = True
    #: names one calendar day (a weekday, a month and day, "tomorrow"): a clock time after it is on it
    day: bool = False
    #: a clock time whose day comes from the narrative ("at 10 a.m.")
    clock: bool = False
    #: a count of units before or after an event the text names ("ten days after the battle
    #: began"): a duration in news, in a story the date that many units from its reference time
    #: (WikiWars annotates it as that DATE): (signed count, unit)
    story_offset: tuple[int, str] | None = None


def _fixed(value: str, precision: TimePrecision | None = None) -> _Resolver:
    return lambda ctx: (value, precision)


def _calendar(d: dt.date, unit: str) -> tuple[str, TimePrecision | None]:
    return _calendar_value(d, unit), _PRECISION.get(unit, "day")


def _relative(unit: str, n: int, anchor: str = "dct", suffix: str = "") -> _Resolver:
    """The calendar unit ``n`` units away from the anchor: yesterday, last week, a year ago."""
    def resolve(ctx: _Ctx):
        base = _anchor_day(ctx, anchor, unit)
        if base is None:
            return _unresolved(unit) + suffix, None
        if unit in _CLOCK_UNITS:
            return base.isoformat() + suffix, "day"
        value, precision = _calendar(_shift(base, unit, n), unit)
        return value + suffix, precision
    return resolve


def _anchor_day(ctx: _Ctx, anchor: str, unit: str = "D") -> dt.date | None:
    if anchor == "ref":
        ref = ctx.ref_for(unit)
        if ref is not None:
            return ref.first
    return _now(ctx, unit)


def _now(ctx: _Ctx, unit: str = "D") -> dt.date | None:
    """The day "now" is: the publication date in news; in a narrative the story's reference time, if
    it is at least as precise as ``unit`` (a story at "1919" cannot say which week "last week" is)."""
    if ctx.story is None:
        return ctx.dct
    if ctx.story.precision is None or _RANK[ctx.story.precision] > _UNIT_RANK.get(unit, 0):
        return None
    return ctx.story.first


# a yearless date in a narrative is the next such day after the story's reference time, unless it is
# at most this long before it (a step back: "On 2 December ... They had crossed on 28 November") (days)
_STORY_BACK_DAYS = 60


def _story_date(story: CalendarRange, make: Callable[[int], dt.date | None], back: bool = False) -> dt.date | None:
    """A yearly date ("2 December", "April", "spring") in the year the narrative is in.

    A story at a year ("In 1805 ...") gives that year. A story at a day, week, month or season moves
    forward: the date is its first occurrence not more than ``_STORY_BACK_DAYS`` before the story's
    reference time ("in December 1917 ... In January" is January 1918).
    """
    if story.precision == "year":
        return make(story.first.year)
    base = story.first
    if back:
        for y in (base.year, base.year - 1):
            d = make(y)
            if d is not None and d <= story.last:
                return d
    for y in (base.year - 1, base.year, base.year + 1):
        d = make(y)
        if d is not None and (base - d).days <= _STORY_BACK_DAYS:
            return d
    return None


def _weekday(wd: int, mode: str, suffix: str = "") -> _Resolver:
    """A weekday: mode bare/this (tense decides), last/next (strictly before/after), previous/
    following (relative to the narrative reference)."""
    def resolve(ctx: _Ctx):
        base = _now(ctx, "D")
        if mode in ("previous", "following"):
            base = _anchor_day(ctx, "ref", "D")
        if base is None:
            return f"XXXX-WXX-{wd}" + suffix, None
        back = (base.isoweekday() - wd) % 7          # days back to the most recent such day
        ahead = (wd - base.isoweekday()) % 7
        if mode in ("last", "previous"):
            d = base - dt.timedelta(days=back or 7)
        elif mode in ("next", "following"):
            d = base + dt.timedelta(days=ahead or 7)
        elif ctx.story is not None:
            d = base + dt.timedelta(days=ahead)      # a narrative moves forward: "On Sunday" is the next one
        elif ctx.tense in ("future", "scheduled") or (mode == "this" and ctx.tense != "past"):
            d = base + dt.timedelta(days=ahead)
        else:
            d = base - dt.timedelta(days=back)
        return d.isoformat() + suffix, "day"
    return resolve


def _pick_year(ctx: _Ctx, make: Callable[[int], dt.date | None]) -> dt.date | None:
    """The occurrence of a yearly date nearest to the publication date; the tense of the verb
    turns it to the other side when that occurrence is not much further away."""
    if ctx.year is not None:
        return make(ctx.year)
    if ctx.story is not None:
        return _story_date(ctx.story, make, ctx.before_story)
    base = ctx.dct
    options = [d for d in (make(base.year - 1), make(base.year), make(base.year + 1)) if d]
    if not options:
        return None
    nearest = min(options, key=lambda d: (abs((d - base).days), d > base))
    if ctx.tense == "past" and nearest > base:
        # a past verb looks back to the last such day (TimeML: "the fiscal year ended Jan. 31", written
        # in October, is the January before) unless that day is only weeks ahead, where a past verb
        # more often reports a date set for it ("the offer expired April 7", in a March article)
        past = [d for d in options if d <= base]
        if past and (nearest - base).days > _PAST_TENSE_AHEAD_DAYS:
            return max(past)
    elif ctx.tense in ("future", "scheduled") and nearest < base:
        future = [d for d in options if d >= base]
        if future and (min(future) - base).days <= _TENSE_REACH_DAYS:
            return min(future)
    return nearest


# how far the tense may move a yearless date away from its nearest occurrence (days)
_TENSE_REACH_DAYS = 250
# a yearless date at most this far ahead stays ahead whatever the verb's tense (days)
_PAST_TENSE_AHEAD_DAYS = 31


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_day(month: int, day: int, year: int | None = None, suffix: str = "") -> _Resolver:
    def resolve(ctx: _Ctx):
        if year is not None:
            return f"{year:04d}-{month:02d}-{day:02d}" + suffix, "day"
        if ctx.dct is None and ctx.year is None and ctx.story is None:
            return f"XXXX-{month:02d}-{day:02d}" + suffix, None
        d = _pick_year(ctx, lambda y: _safe_date(y, month, day))
        if d is None:
            return f"XXXX-{month:02d}-{day:02d}" + suffix, None
        return d.isoformat() + suffix, "day"
    return resolve


def _month(month: int, mode: str = "bare", year: int | None = None) -> _Resolver:
    def resolve(ctx: _Ctx):
        if year is not None:
            return f"{year:04d}-{month:02d}", "month"
        if ctx.year is not None and mode == "bare":
            return f"{ctx.year:04d}-{month:02d}", "month"
        if ctx.story is not None and mode in ("bare", "this"):
            d = _story_date(ctx.story, lambda yy: dt.date(yy, month, 15), ctx.before_story)
            if d is not None:
                return f"{d.year:04d}-{month:02d}", "month"
        now = _now(ctx, "M")
        if now is None:
            return f"XXXX-{month:02d}", None
        y, cur = now.year, now.month
        if mode == "last":
            y = y if month < cur else y - 1
        elif mode == "next":
            y = y if month > cur else y + 1
        elif mode == "bare" and month != cur:
            # the month's middle stands for it: nearest occurrence, the tense deciding when far
            y = _pick_year(ctx, lambda yy: dt.date(yy, month, 15)).year
        return f"{y:04d}-{month:02d}", "month"
    return resolve


def _holiday(name: str, mode: str = "bare", year: int | None = None) -> _Resolver:
    make = _HOLIDAYS[name]

    def resolve(ctx: _Ctx):
        if year is not None:
            return make(year).isoformat(), "day"
        now = _now(ctx, "D") if mode != "bare" else ctx.dct
        if ctx.story is not None and mode == "bare":
            d = _story_date(ctx.story, make, ctx.before_story)
        elif now is None:
            d = make(2001)     # fixed-date holidays keep their month and day
            fixed = all(make(y).timetuple()[1:3] == d.timetuple()[1:3] for y in (2002, 2003))
            return (f"XXXX-{d.month:02d}-{d.day:02d}" if fixed else "XXXX-XX-XX"), None
        elif mode == "last":
            d = make(now.year)
            d = d if d < now else make(now.year - 1)
        elif mode == "next":
            d = make(now.year)
            d = d if d > now else make(now.year + 1)
        elif mode == "this":
            d = make(now.year)
        else:
            d = _pick_year(ctx, make)
        if d is None:
            return "XXXX-XX-XX", None
        return d.isoformat(), "day"
    return resolve


def _season(season: str, mode: str = "bare", year: int | None = None) -> _Resolver:
    order = ["WI", "SP", "SU", "FA"]

    def current(d: dt.date) -> tuple[int, str]:
        # winter belongs to the year it starts in: January 2020 is in 2019-WI
        s = order[(d.month % 12) // 3]
        return (d.year - 1 if d.month <= 2 else d.year), s

    def resolve(ctx: _Ctx):
        if year is not None:
            return f"{year:04d}-{season}", "quarter"
        if ctx.story is not None and mode in ("bare", "this"):
            first = _SEASON_MONTHS[season][0]
            d = _story_date(ctx.story, lambda yy: dt.date(yy, first, 15) if season != "WI" else dt.date(yy, 12, 31),
                            ctx.before_story)
            if d is not None:
                return f"{d.year:04d}-{season}", "quarter"
        if ctx.story is not None and ctx.story.precision == "year" and mode in ("last", "next"):
            # "In 1762 ... the following spring": the spring of the year after the story's year
            return f"{ctx.story.first.year + (1 if mode == 'next' else -1):04d}-{season}", "quarter"
        base = _now(ctx, "Q")
        if base is None:
            return f"XXXX-{season}", None
        cy, cs = current(base)
        # seasons as (year, index) so they can be ordered
        now = (cy, order.index(cs) if cs != "WI" else 3.5)
        idx = order.index(season) if season != "WI" else 3.5
        same = (cy, idx)
        if mode == "last":
            y = cy if same < now else cy - 1
        elif mode == "next":
            y = cy if same > now else cy + 1
        elif mode == "this" or ctx.tense is None or ctx.tense == "present":
            # this year's season; winter is the one that began last December while it lasts
            y = cy if season == "WI" else base.year
        elif ctx.tense == "past":
            y = cy if same <= now else cy - 1
        else:
            y = cy if same >= now else cy + 1
        return f"{y:04d}-{season}", "quarter"
    return resolve


def _quarter(q: int, year: int | None = None, rel: int | None = None) -> _Resolver:
    def resolve(ctx: _Ctx):
        if year is not None:
            return f"{year:04d}-Q{q}", "quarter"
        if ctx.story is not None and rel is None:
            d = _story_date(ctx.story, lambda yy: dt.date(yy, 3 * q - 1, 15))
            if d is not None:
                return f"{d.year:04d}-Q{q}", "quarter"
        now = _now(ctx, "Q")
        if now is None:
            return f"XXXX-Q{q}", None
        y = now.year
        if rel is not None:
            y += rel
        elif ctx.quarter and ctx.quarter[5:] == f"Q{q}":
            y = int(ctx.quarter[:4])
        else:
            # results are reported for quarters that have begun: the latest such, unless the verb
            # looks ahead (a forecast for the fourth quarter, written in August)
            current = (now.month - 1) // 3 + 1
            if ctx.tense != "future":
                y -= q > current
        return f"{y:04d}-Q{q}", "quarter"
    return resolve


def _discussed_quarter(shift_years: int = 0) -> _Resolver:
    """"the quarter", "the latest quarter", "the year-ago quarter": the quarter the text is
    about, else the last one that ended before publication."""
    def resolve(ctx: _Ctx):
        if ctx.quarter:
            y, q = int(ctx.quarter[:4]), int(ctx.quarter[6])
        elif ctx.dct is not None:
            d = _add_months(ctx.dct, -3)
            y, q = d.year, (d.month - 1) // 3 + 1
        else:
            return "XXXX-QX", None
        return f"{y + shift_years:04d}-Q{q}", "quarter"
    return resolve


def _year_earlier(unit: str, n: int, anchor: str) -> _Resolver:
    """"a year ago/earlier": in a text about a quarter, the same quarter a year before."""
    plain = _relative(unit, n, anchor)

    def resolve(ctx: _Ctx):
        if unit == "Y" and ctx.quarter:
            y, q = int(ctx.quarter[:4]), ctx.quarter[5:]
            return f"{y + n:04d}-{q}", "quarter"
        return plain(ctx)
    return resolve


def _weekend(n: int | None, anchor: str = "dct") -> _Resolver:
    """this/last/next weekend (n = 0/-1/+1); n None ("the weekend"): the one under way, else the
    past one in the past tense, the coming one in the future tense, the nearer one otherwise
    (the last from Monday to Wednesday, the next on Thursday and Friday)."""
    def resolve(ctx: _Ctx):
        base = _anchor_day(ctx, anchor, "W")
        if base is None:
            return "XXXX-WXX-WE", None
        k = n
        if k is None:
            if base.isoweekday() >= 6:
                k = 0
            elif ctx.tense == "past":
                k = -1
            elif ctx.tense in ("future", "scheduled"):
                k = 0
            else:
                k = 0 if base.isoweekday() >= 4 else -1
        return _calendar_value(base + dt.timedelta(weeks=k), "WE"), "week"
    return resolve


def _time_of_day(day: _Resolver, clock: str) -> _Resolver:
    """A day resolver plus a time: "10:35 a.m. Friday" -> 1998-08-07T10:35."""
    def resolve(ctx: _Ctx):
        value, precision = day(ctx)
        value = re.sub(r"T.*$", "", value)
        return value + clock, precision
    return resolve


