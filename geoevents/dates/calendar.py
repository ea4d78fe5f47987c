"""Calendar arithmetic on dt.date: shifting by units, TIMEX3 values of calendar units, durations,
holidays, and the days a value or an event covers (calendar_range, day_span).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Iterable, NamedTuple

from geoevents.model import Event, TimeExpr, TimePrecision
from geoevents.dates.words import _CLOCK_UNITS


# -- small pure helpers --------------------------------------------------------------------------

def _alt(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first so that "sept" wins over "sep"."""
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                            sorted(set(words), key=len, reverse=True)) + ")"


def _fmt_number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _add_months(d: dt.date, n: int) -> dt.date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar units (unit codes D W FN WE M Q Y DE CE ML)."""
    if unit == "D":
        return d + dt.timedelta(days=n)
    if unit in ("W", "WE"):
        return d + dt.timedelta(weeks=n)
    if unit == "FN":
        return d + dt.timedelta(weeks=2 * n)
    if unit == "M":
        return _add_months(d, n)
    if unit == "Q":
        return _add_months(d, 3 * n)
    years = {"Y": 1, "DE": 10, "CE": 100, "ML": 1000}.get(unit, 0) * n
    return _add_months(d, 12 * years)


def _calendar_value(d: dt.date, unit: str) -> str:
    """The TIMEX3 value naming the calendar unit that contains ``d``."""
    if unit in ("D", "S", "MIN", "H"):
        return d.isoformat()
    if unit in ("W", "FN"):
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if unit == "WE":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}-WE"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    if unit == "ML":
        return f"{d.year // 1000:01d}"
    return f"{d.year:04d}"


def _unresolved(unit: str) -> str:
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "FN": "XXXX-WXX", "WE": "XXXX-WXX-WE",
            "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}.get(unit, "XXXX-XX-XX")


# the unit a fraction of a unit is written in, and how many of them make one
_SMALLER_UNIT = {"Y": ("M", 12), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def _duration(n: float | None, unit: str) -> str:
    """TIMEX3 duration: (2, "D") -> P2D, (3, "H") -> PT3H, (None, "Y") -> PXY."""
    if unit == "FN":
        n, unit = (None if n is None else 2 * n), "W"
    if unit in ("DE", "CE", "ML"):
        factor = {"DE": 10, "CE": 100, "ML": 1000}[unit]
        if n is None:
            return {"DE": "PXDE", "CE": "PXCE", "ML": "PXML"}[unit]
        n, unit = n * factor, "Y"
    if unit == "WE":
        return "P2D" if n in (None, 1) else f"P{_fmt_number(2 * n)}D"
    if n is not None and not float(n).is_integer() and unit in _SMALLER_UNIT:
        # "two and a half years" -> P2Y6M, "5 1/2 hours" -> PT5H30M: the fraction in the next unit down
        sub, per = _SMALLER_UNIT[unit]
        whole, rest = int(n), (n - int(n)) * per
        if float(rest).is_integer():
            parts = ([(whole, unit)] if whole else []) + [(int(rest), sub)]
            date = "".join(f"{k}{u}" for k, u in parts if u not in _CLOCK_UNITS)
            clock = "".join(f"{k}{'M' if u == 'MIN' else u}" for k, u in parts if u in _CLOCK_UNITS)
            return "P" + date + ("T" + clock if clock else "")
    num = "X" if n is None else _fmt_number(n)
    if unit in _CLOCK_UNITS:
        return f"PT{num}{'M' if unit == 'MIN' else unit}"
    return f"P{num}{unit}"


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ``weekday`` (1=Monday) of a month; n=-1 is the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = _add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


# name -> function(year) -> date; fixed days and the moveable feasts news mentions by name
_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "xmas": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new years eve": lambda y: dt.date(y, 12, 31),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new years day": lambda y: dt.date(y, 1, 1),
    "new year's": lambda y: dt.date(y, 1, 1),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "valentines day": lambda y: dt.date(y, 2, 14),
    "st. patrick's day": lambda y: dt.date(y, 3, 17),
    "saint patrick's day": lambda y: dt.date(y, 3, 17),
    "st patrick's day": lambda y: dt.date(y, 3, 17),
    "april fools' day": lambda y: dt.date(y, 4, 1),
    "april fool's day": lambda y: dt.date(y, 4, 1),
    "may day": lambda y: dt.date(y, 5, 1),
    "independence day": lambda y: dt.date(y, 7, 4),
    "the fourth of july": lambda y: dt.date(y, 7, 4),
    "bastille day": lambda y: dt.date(y, 7, 14),
    "canada day": lambda y: dt.date(y, 7, 1),
    "australia day": lambda y: dt.date(y, 1, 26),
    "anzac day": lambda y: dt.date(y, 4, 25),
    "halloween": lambda y: dt.date(y, 10, 31),
    "all saints' day": lambda y: dt.date(y, 11, 1),
    "guy fawkes night": lambda y: dt.date(y, 11, 5),
    "bonfire night": lambda y: dt.date(y, 11, 5),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "veterans' day": lambda y: dt.date(y, 11, 11),
    "armistice day": lambda y: dt.date(y, 11, 11),
    "remembrance day": lambda y: dt.date(y, 11, 11),
    "easter": _easter,
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "maundy thursday": lambda y: _easter(y) - dt.timedelta(days=3),
    "palm sunday": lambda y: _easter(y) - dt.timedelta(days=7),
    "ash wednesday": lambda y: _easter(y) - dt.timedelta(days=46),
    "pentecost": lambda y: _easter(y) + dt.timedelta(days=49),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 4, 4),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "labour day": lambda y: _nth_weekday(y, 9, 1, 1),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 1, 3),
    "martin luther king jr. day": lambda y: _nth_weekday(y, 1, 1, 3),
    "presidents' day": lambda y: _nth_weekday(y, 2, 1, 3),
    "presidents day": lambda y: _nth_weekday(y, 2, 1, 3),
    "mother's day": lambda y: _nth_weekday(y, 5, 7, 2),
    "father's day": lambda y: _nth_weekday(y, 6, 7, 3),
    "columbus day": lambda y: _nth_weekday(y, 10, 1, 2),
    "election day": lambda y: _nth_weekday(y, 11, 1, 1) + dt.timedelta(days=1),
}


# -- calendar ranges (the API the event stage uses) ----------------------------------------------

class CalendarRange(NamedTuple):
    """The days a calendar value covers, both ends included, and how precisely it is known."""

    first: dt.date
    last: dt.date
    precision: TimePrecision | None


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def calendar_range(timex: TimeExpr | str) -> CalendarRange | None:
    """(first day, last day, precision) of a DATE/TIME value; None for anything else.

    Accepts a :class:`TimeExpr` or a bare TIMEX3 value. A time of day (``2019-12-27TNI``,
    ``2019-12-27T10:35``) covers its day.
    """
    value = timex.value if isinstance(timex, TimeExpr) else timex
    if isinstance(timex, TimeExpr) and timex.type in ("DURATION", "SET"):
        return None
    v = (value or "").strip().upper()
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", v)
        if m:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return CalendarRange(d, d, "day")
        m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v)
        if m:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return CalendarRange(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week")
            return CalendarRange(monday, monday + dt.timedelta(days=6), "week")
        m = re.fullmatch(r"(\d{4})-(\d{2})", v)
        if m:
            first = dt.date(int(m[1]), int(m[2]), 1)
            return CalendarRange(first, _add_months(first, 1) - dt.timedelta(days=1), "month")
        m = re.fullmatch(r"(\d{4})-Q([1-4])", v)
        if m:
            first = dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)
            return CalendarRange(first, _add_months(first, 3) - dt.timedelta(days=1), "quarter")
        m = re.fullmatch(r"(\d{4})-H([12])", v)
        if m:
            first = dt.date(int(m[1]), 1 if m[2] == "1" else 7, 1)
            return CalendarRange(first, _add_months(first, 6) - dt.timedelta(days=1), "year")
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v)
        if m:
            y = int(m[1])
            a, b = _SEASON_MONTHS[m[2]]
            first = dt.date(y, a, 1)
            end = dt.date(y + (b < a), b, 1)
            return CalendarRange(first, _add_months(end, 1) - dt.timedelta(days=1), "quarter")
        m = re.fullmatch(r"(\d{4})", v)
        if m:
            y = int(m[1])
            return CalendarRange(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        m = re.fullmatch(r"(\d{3})", v)
        if m:
            y = int(m[1]) * 10
            return CalendarRange(dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31), None)
        m = re.fullmatch(r"(\d{2})", v)
        if m:
            y = int(m[1]) * 100
            return CalendarRange(dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31), None)
    except (ValueError, OverflowError):      # a value at the calendar's edge
        return None
    return None


#: the TIMEX3 value of the calendar unit of a given precision that holds a day
_UNIT_OF_DAY: dict[str, Callable[[dt.date], str]] = {
    "week": lambda d: "%04d-W%02d" % d.isocalendar()[:2],
    "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    "quarter": lambda d: f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}",
    "year": lambda d: f"{d.year:04d}",
}


def day_span(event: Event) -> tuple[dt.date, dt.date] | None:
    """The first and last day the event may have happened on, or None when it has no date.

    ``earliest``/``latest`` when the event stage gave them; else a coarse ``date`` covers its
    calendar unit (the week of, the month of ...); else the one day.
    """
    first = event.earliest or event.date
    last = event.latest or event.date
    if first is None and last is None:
        return None
    first, last = first or last, last or first
    unit = _UNIT_OF_DAY.get(event.time_precision or "")
    if event.date and not (event.earliest or event.latest) and unit is not None:
        # the days of the unit, as calendar_range counts them; a unit that runs off the calendar
        # (the last week of 9999) keeps the one day
        rng = calendar_range(unit(event.date))
        if rng is not None:
            first, last = rng.first, rng.last
    if last < first:
        first, last = last, first
    return first, last


