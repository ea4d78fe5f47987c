"""Time expressions -> calendar values with a precision, anchored on the publication date or, in a
text told as history, on the story's own time.

A rule-based temporal tagger in the manner of HeidelTime, pure Python: regular expressions find
candidate expressions (each rule is tried only on the sentences that hold one of its words), the
longest non-overlapping ones are kept, and each is normalised to a TimeML type (DATE, TIME,
DURATION, SET) and a TIMEX3 value in document order, so that "two days later" can count from
the date the story last established. About 10 ms for a 1,000-word article.

Interface (what the event stage uses):
    extract(text, dct, *, reference="main") -> list[TimeExpr]
        Every time expression in ``text`` in text order, with offsets (end-exclusive, into
        ``text`` as given), type, TIMEX3 value (``2019-12-27``, ``2019-12-27TMO``, ``2019-W52``,
        ``2019-W52-WE``, ``2019-12``, ``2019-Q4``, ``2019-SU``, ``2019``, ``199``, ``P2D``,
        ``PT3H``, ``XXXX-WXX-5`` (a set), ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``) and
        calendar precision (day/week/month/quarter/year; None for durations, sets, *_REF,
        decades and centuries). ``dct`` is the publication date; without it, expressions
        relative to it keep an unresolved value (``XXXX-XX-XX``, ``XXXX-WXX-5``, ``XXXX-12-25``,
        ``XXXX``) and claim no precision, while dates the text states in full, and what counts
        from them ("On 3 May 2018 ... two days later", "In 1812 ... In June"), still resolve.
        Years before Christ are written as TIMEX3 does: ``BC0490``, ``BC0490-09``, ``BC04`` (the
        5th century BC), ``BC048`` (the 480s BC).
    narrative_regime(text, dct) -> Regime(kind, narrative)
        Which regime extract() resolves ``text`` in: ``kind`` "news", "narrative" or "mixed", and
        the (start, end) spans of the passages it reads as narrative (see below). Extra
        information only: extract() decides it by itself.
    calendar_range(timex_or_value) -> CalendarRange | None
        The days a DATE/TIME value covers: ``CalendarRange(first, last, precision)``, both ends
        included. ``2019-12-27`` and ``2019-12-27TNI`` -> (2019-12-27, 2019-12-27, "day");
        ``2019-W52`` -> (2019-12-23, 2019-12-29, "week"); ``2019-W52-WE`` -> its Saturday and
        Sunday, "week"; ``2019-12`` -> month; ``2019-Q4`` and seasons (``2019-WI`` runs to the
        end of February 2020) -> "quarter"; ``2019-H1`` and ``2019`` -> "year"; decades
        (``199``) and centuries (``19``) -> their years, precision None. Durations, sets,
        ``*_REF``, unresolved values and years BC give None. An event dated by "last week" is
        "some day in (first, last)".
    day_span(event) -> (first day, last day) | None
        The days an Event may have happened on, for the map's time slider and the exports: its
        ``earliest``/``latest``, else the calendar unit its ``date`` and ``time_precision`` name.

Resolution rules (news conventions, measured with benchmarks/dates.py on TimeBank, AQUAINT,
MEANTIME and tweets):
- A bare weekday is the most recent such day, the publication day included; a future or
  scheduling verb ("will meet on Tuesday", "meets Tuesday", "is expected to rule Wednesday")
  or a forward cue ("until Sunday", "as early as Tuesday", "ahead of Friday's vote") turns it
  forward. "last Friday" is strictly before the publication day (a week back when published
  on a Friday), "next Friday" strictly after.
- A month and day, a month, a quarter or a holiday without a year take the occurrence nearest
  to the publication date; the tense of the governing verb moves them to the other side ("June
  1" in an October article: "will open" -> next June, "opened" -> last June). A past verb takes
  the last such day even most of a year back ("the fiscal year ended Jan. 31", in October), unless
  the next one is at most a month ahead ("the offer expired April 7", in March). The tense is
  that of the nearest verb, with: dates a notice sets ("payable Dec. 15", "effective Feb. 1",
  "holders of record Nov. 20", "set for April") and moved deadlines ("extended its offer to Nov.
  16") ahead; intentions ("decided to admit them in March") and modals ("may be signed on") ahead;
  the past perfect ("had been due to expire Friday") back; participles used as adjectives ("a
  still unspecified date") and "have" as a main verb setting no tense.
- "two weeks ago" is the day two weeks back; "a year ago" the year (TimeML's practice). "in
  recent years" is a span of unknown length (PXY). A day of a range written once with its month
  ("2-4 July", "April 24 and 25") is its own date; a day and its clock time written together
  ("this Sat, 4:30pm") are one time; "June last year" and "January nineteen ninety-seven" are one
  date.
- "two days later", "the next day", "the following week", "that year" count from the narrative
  reference: the date the story last established, at least as precise as the unit counted.
  Per sentence, a date at the start of the sentence or attached to its verb ("was killed on
  December 27", "said Friday") sets it; a date attached to a noun ("an attack on December 27",
  "the May 4 elections") only when the sentence has no main-clause date; a point of comparison
  ("up from $4 million a year earlier") never does. In "On December 29th, the agency described
  an attack on December 27. Two days later ..." the reference is December 29. ``reference=
  "last"`` (the last date said) and ``"dct"`` (publication only) exist to measure this against.
- In a results story, "the quarter", "this quarter", "the full year", "a year earlier", "the
  year-ago period" refer to the quarter (or month) the text is about: the latest one named that
  has ended by publication (a forecast or an earlier quarter named for comparison is not it);
  "the quarter ended July 31" is the calendar quarter holding most of those three months.
- "may", "march", "sat", "sun", "we", bare numbers and four-digit counts ("2019 people") are
  not dates without context; capitalised temporal nouns inside names ("Sandra Day O'Connor",
  "Fashion Week") are not either.

Narrative regime (HeidelTime's "narratives" type, measured on the WikiWars narratives' dev half;
nothing for the user to set). A text that tells history ("In 1805 the coalition marched west ... On
2 December, Napoleon defeated them") does not date "2 December" by the publication year: what news
anchors on the publication date ("On 2 December", "in April", "that summer", "the following spring",
"by the end of the year", "next year", "two years ago", a bare weekday) counts instead from the
story's reference time, the date the narrative last established.
- Which regime. Evidence is read per line (a heading, a paragraph): a stated year at least two
  years before publication that a passage is told at ("In 1812", "on 3 May 1805", "early 1936",
  a heading "1919", "490 BC"), not a limit or a label ("since 1980", "bonds due 1993", "the 1973
  ruling"); and news cues outside quotations ("yesterday", "today", "on Tuesday", "last week",
  "two days ago"). A document that states at least 6 such years and 10 for each news cue (or 20
  and 4 for each cue) is told as history: every paragraph is narrative but one with two news cues and no such year. In any
  other document (news), a paragraph that opens on such a year ("In 1911 a flood ...", a heading)
  or states two starts a narrative passage, which the following paragraphs continue until one
  holds a news cue; in such a passage a verb in the present or future tense ("the summit will be
  held in April") keeps the news reading. A wire story that mentions "the 1973 ruling" or "since
  1980" stays news; its background paragraph "In 1911 ..." does not. Without a publication date
  every stated year counts as one of the past.
- Which reference. The story's time is the last date a main clause set in the narrative (a date
  attached to a noun may refine it within its year, "the attack on 8 February", but not move it
  to another year, "a campaign planned for 1976"; nor does a date in parentheses move it, "the
  Civil Constitution of the Clergy (1790)", unless it opens its paragraph); a new paragraph or
  heading with a new year moves it; a date of the time of writing ("today") does not. If that
  time is less than two years before publication, news resolution applies. A story moving to
  another year or month drops the finer references outside it ("On 3 May 1918 ... In 1920 ...
  Two months later" does not count from May 1918).
- Which year. A yearless date takes the story's year if the story is at a year ("In 1762 ... In
  June" -> 1762-06); if it is at a day, week, month or season, the story moves forward: the date's
  first occurrence at most 60 days before the story's time ("December 1917 ... In January" ->
  1918-01; "29 April 1975 ... on 21 April" stays in 1975), but the latest one at or before it under
  the past perfect ("November 1919 ... had spent the spring" -> 1919-SP), which does not move the
  story. "The following spring" after a year is the next year's. Relative expressions ("the next day", "two months later", "last week")
  count from the story only at a precision it has: after "In 1920", "two months later" is
  XXXX-XX, not a month of the publication year. "today", "tomorrow" keep the publication date,
  but inside a quotation they are the speaker's day, which the text does not give (XXXX-XX-XX).
- In narrative passages, a part of the day and the day it is of are one time ("the night of 20
  June 1791" -> 1791-06-20TNI), as WikiWars annotates narratives; news keeps the date alone.
- Years BC: "490 BC", "499-493 BC" (both BC), "c. 500 BCE", "the 5th century BC", "the 480s BC",
  and a bare "in 479" shortly after a year written with BC, with months, seasons and relative
  years in that era ("In August" -> BC0490-08, "the following year" -> BC0489). Inside, a year BC
  is a stand-in year counted down from 9999 (dt.date has no year 0) and is written back on output.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, NamedTuple

from geoevents.model import Event, TimeExpr, TimePrecision

__all__ = ["extract", "extract_with_regime", "calendar_range", "day_span", "narrative_regime", "CalendarRange", "Regime", "ReferencePolicy"]


# -- lexicon -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# full month names that are also common English words: they need context to be a month
_AMBIGUOUS_MONTHS = {"may", "march"}

_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
    "fri": 5, "sat": 6, "sun": 7,
}

_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "nite": "NI",
          "overnight": "NI", "tonight": "NI"}

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4,
}
# quantities that are not a number: "a few days" -> PXD
_VAGUE = {"a few", "few", "several", "some", "many", "a couple of", "a couple", "couple of",
          "a number of", "dozens of", "hundreds of", "a handful of", "numerous", "the few"}

# unit codes: S MIN H (clock), D W FN M Q Y DE CE (calendar)
_UNITS = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H",
    "day": "D", "week": "W", "wk": "W", "fortnight": "FN", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
    "millennium": "ML", "weekend": "WE",
}
_CLOCK_UNITS = {"S", "MIN", "H"}
_PRECISION: dict[str, TimePrecision | None] = {
    "D": "day", "W": "week", "FN": "week", "M": "month", "Q": "quarter", "Y": "year",
    "DE": None, "CE": None, "ML": None, "WE": "week",
}

# words after a four-digit number that make it a count, not a year ("2000 people")
_COUNT_NOUNS = set("""
people persons men women children kids soldiers troops fighters militants civilians residents
families homes houses buildings cases deaths dead killed injured wounded km kilometers kilometres
miles meters metres feet foot yards tons tonnes pounds dollars euros yuan rupees dinars shekels
votes seats units points acres hectares barrels rounds rockets shells missiles bombs students
workers employees jobs members delegates participants protesters protestors demonstrators refugees
migrants prisoners inmates detainees cars vehicles trucks tanks aircraft planes jets ships boats
police officers officials calories words pages copies shares sq square cubic mph kph hp rpm gb mb
lbs kg g mm cm ml degrees percent per pct calibre caliber series model class runs goals yards
""".split())

# verbs that make a date the main clause's ("was killed on December 27") -- irregular pasts etc.
_VERBS = set("""
was were is are be been being had has have did do does said says say told tell met meet came come
went go took take held hold struck strike hit began begin left leave fell fall rose rise gave give
made make saw see found find got get led lead ran run won win lost lose sent send spoke speak broke
break fought fight brought bring bought buy sold sell paid pay set put shot shoot fled flee flew fly
drew draw threw throw wrote write became become stood stand sat sit rode ride spent spend woke
arrived died happened occurred erupted exploded
""".split())
_FUTURE_WORDS = {"will", "shall", "'ll", "wo", "gonna", "would", "plans", "plan", "planning", "scheduled",
                 "schedule", "expects", "expect", "slated", "intends", "intend", "upcoming",
                 "forthcoming", "hopes", "aims"}
_PRESENT_WORDS = {"is", "are", "am", "says", "say"}
_PAST_WORDS = (_VERBS - _PRESENT_WORDS - {"be", "being", "do", "does", "come", "go", "take", "hold",
                                          "strike", "begin", "leave", "fall", "rise", "give", "make",
                                          "see", "find", "get", "lead", "run", "win", "lose", "send",
                                          "speak", "break", "fight", "bring", "buy", "sell", "pay",
                                          "meet", "tell", "shoot", "flee", "fly", "draw", "throw",
                                          "write", "become", "stand", "sit", "ride", "spend"}
               ) | {"ago", "last", "yesterday", "earlier", "previously", "had", "did"}
_NOT_PAST_ED = {"need", "speed", "feed", "seed", "breed", "bleed", "deed", "indeed", "red", "bed",
                "shed", "wed", "fled", "led", "bred", "sled", "hundred", "proceed", "succeed",
                "exceed", "united", "limited", "based", "related", "armed", "detailed", "alleged",
                "so-called", "reported", "unnamed", "unidentified", "wounded", "injured"}


# -- small pure helpers --------------------------------------------------------------------------

def _alt(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first so that "sept" wins over "sep"."""
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                            sorted(set(words), key=len, reverse=True)) + ")"


def _number(s: str | None) -> float | None:
    """A cardinal in digits or words ("24", "twenty-four", "a", "two and a half") -> value.

    None for vague quantities ("several", "a few") and anything else it cannot read.
    """
    if s is None:
        return None
    s = re.sub(r"\s+", " ", s.lower().replace("-", " ")).strip()
    if s in ("a", "an", "one", "a single", "single"):
        return 1
    if s in ("a couple of", "a couple", "couple of", "couple"):
        return 2             # TimeML reads "a couple of years" as two years
    frac = re.fullmatch(r"(?:(\d+)\s*)?(?:1/2|½)", s)
    if frac:
        return int(frac[1] or 0) + 0.5
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    elif s in ("half a", "half an"):
        return 0.5
    s = s.replace(",", "")
    try:
        return float(s) + half
    except ValueError:
        pass
    words = s.split()
    if words and words[0] in ("a", "an") and len(words) == 2:
        words = ["one", words[1]]
    total = 0
    current = 0
    for w in words:
        if w in _SMALL:
            current += _SMALL[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif w == "and":
            continue
        else:
            return None
    value = total + current
    return value + half if words else None


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


def _shift_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (0001-01-01 .. 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])


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
    if event.date and not (event.earliest or event.latest):
        d = event.date
        if event.time_precision == "week":
            first = _shift_days(d, -d.weekday())
            last = _shift_days(first, 6)
        elif event.time_precision == "month":
            first, last = d.replace(day=1), _month_end(d.year, d.month)
        elif event.time_precision == "quarter":
            q0 = (d.month - 1) // 3 * 3 + 1
            first, last = dt.date(d.year, q0, 1), _month_end(d.year, q0 + 2)
        elif event.time_precision == "year":
            first, last = dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if last < first:
        first, last = last, first
    return first, last


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


# -- the rules -----------------------------------------------------------------------------------

_B = r"(?<![\w'’@])"    # left word boundary (not inside a word, after an apostrophe, in a hashtag or handle)
_E = r"(?![\w])"         # right word boundary

_MONTH_RE = (r"(?:" + _alt(k for k in _MONTHS if len(k) > 4 or k in ("may", "june", "july"))
             + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)")
_WEEKDAY_RE = (r"(?:" + _alt(k for k in _WEEKDAYS if k.endswith("day"))
               + r"|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?)")
_YEAR_RE = r"(?:1[0-9]\d\d|20\d\d)(?![\d])"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_NUMWORD = _alt(list(_SMALL) + list(_TENS))
_NUM_RE = (r"(?:\d+\s+1/2|\d*½|1/2|\d+\+|\d+(?:[.,]\d+)?|" + _NUMWORD + r"(?:[\s-]+" + _alt(list(_SMALL)[1:10]) + r")?"
           r"(?:\s+(?:hundred|thousand))?(?:\s+and\s+a\s+half)?|an?\s+(?:hundred|thousand)|an?(?:\s+and\s+a\s+half)?|"
           r"half\s+an?|a\s+dozen|"
           + _alt(_VAGUE) + ")")
_UNIT_RE = r"(?:" + _alt(["second", "sec", "minute", "min", "hour", "hr", "day", "week", "wk",
                          "fortnight", "month", "quarter", "year", "yr", "decade", "weekend"]) \
    + r"s?|centur(?:y|ies)|millenni(?:um|a))"
_PART_RE = r"(?:morning|afternoon|evening|night)"
_APPROX_RE = (r"(?:about|around|almost|nearly|roughly|some|approximately|more\s+than|less\s+than|"
              r"fewer\s+than|over|under|at\s+least|at\s+most|just|only|barely|up\s+to|close\s+to|"
              r"just\s+over|just\s+under|well\s+over)")
_HOLIDAY_RE = _alt(_HOLIDAYS)
_DAYWORD_RE = r"(?:today|yesterday|tomorrow|tonight|tmrw?|tmw|2moro|tomoro|tomorow|tommorr?ow)"
_TZ_RE = (r"(?:\s*\(?(?:(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|[ECMP][SD]T|BST|CET|CEST|EET|"
          r"EEST|IST|MSK|JST|SGT|AST|local\s+time|Z)\)?)?")


def _quoted_title(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a title-cased name in quotes ("This Week," a television programme)?"""
    words = text[start:end].split()
    return (len(words) > 1 and all(w[:1].isupper() and not w.isupper() for w in words)
            and re.search(r"[\"“‘'`]\s*$", text[max(0, start - 2):start]) is not None)


def _unit_code(word: str) -> str:
    w = word.lower().rstrip("s")
    if w.startswith("centur"):
        return "CE"
    if w.startswith("millenni"):
        return "ML"
    return _UNITS.get(w, "D")


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _weekday_of(word: str) -> int:
    return _WEEKDAYS[word.lower().rstrip(".")]


def _prev_word(text: str, i: int) -> str:
    m = re.search(r"([\w'’.$£€#%-]+)\W*$", text[max(0, i - 40):i])
    return m.group(1).lower() if m else ""


def _next_word(text: str, i: int) -> str:
    m = re.match(r"[\s\"'“”‘’(]{0,3}([\w'’%$-]+)", text[i:i + 40])
    return m.group(1).lower() if m else ""


def _is_capitalised(s: str) -> bool:
    return s[:1].isupper()


_MONTH_CONTEXT = {"in", "since", "until", "till", "by", "of", "last", "next", "this", "early", "late",
                  "mid", "during", "from", "through", "before", "after", "between", "and", "or",
                  "to", "end", "beginning", "middle", "start", "throughout", "past", "coming",
                  "on", "for", "around", "earlier", "later", "each", "every", "that"}


def _month_word_ok(word: str, text: str, start: int, end: int, has_number: bool) -> bool:
    """Is this month name a month? "may", "march" and abbreviations need context."""
    w = word.lower().rstrip(".")
    if w in ("may", "march"):
        if not _is_capitalised(word):
            return False
        if has_number:
            return True
        prev = _prev_word(text, start)
        if prev == "the":     # "the March accession", not "the March Hare"
            return bool(re.match(r"\s+[a-z]", text[end:end + 2]))
        return prev in _MONTH_CONTEXT
    if len(w) <= 4 and w not in ("june", "july"):
        # an abbreviation: capitalised, and with a dot or a number
        return _is_capitalised(word) and (word.endswith(".") or has_number)
    return _is_capitalised(word) or has_number or _prev_word(text, start) in _MONTH_CONTEXT


def _weekday_word_ok(word: str, text: str, start: int, has_context: bool) -> bool:
    w = word.lower().rstrip(".")
    if w.endswith("day"):
        return True
    return _is_capitalised(word) and (has_context or word.endswith(".")
                                      or _prev_word(text, start) in ("on", "this", "next", "last",
                                                                     "every", "by", "until", "from"))


# words before a number that make it a code or an amount, not a year ("flight 2019", "about 1500")
_CODE_WORDS = {"no.", "number", "route", "flight", "room", "page", "pages", "p.", "pp.", "rule", "resolution",
               "article", "section", "chapter", "code", "model", "version", "box", "suite", "apt.", "highway",
               "bus", "line", "channel", "unit", "patrol", "squadron", "brigade", "battalion", "regiment"}


def _year_ok(text: str, start: int, end: int, year: int) -> bool:
    """A bare four-digit number is a year unless its neighbours make it a count or a code."""
    before = text[max(0, start - 2):start]
    if re.search(r"[$£€#\d.,/:-]\s?$", before) and not re.search(r"(^|\s)-\s?$", before) \
            and not re.search(r"[^\W\d_],\s\Z", text[max(0, start - 3):start]):
        return False         # "$1999", "3,1999", "4, 1999" (a list of numbers); not "the north, 1775"
    after = text[end:end + 3]
    if re.match(r"\s?(%|[.,:/]\d|-\d{2}(?!\d))", after) and not re.match(r"[.,]\s", after):
        if not re.match(r"-\d{2}\b", after):
            return False
    nxt = _next_word(text, end)
    if nxt in _COUNT_NOUNS:
        return False
    prev = _prev_word(text, start)
    if prev in _CODE_WORDS or prev in ("about", "nearly", "almost", "some", "than", "over"):
        return False
    if year < 1600 and prev not in ("in", "since", "by", "until", "of", "from", "year", "around",
                                    "before", "after", "circa", "c."):
        return False
    return True


_NOT_TEMPORAL_AFTER_CURRENT = {"account", "accounts", "affairs", "events", "density", "flow", "flows", "source",
                               "sources", "carrying", "sea", "ocean", "river", "members", "member", "and", "or",
                               "of", "to", "is", "was", "are", "were", "in", "at", "on", "from"}

_Rule = Callable[[re.Match, str], "_Cand | list[_Cand] | None"]
_RULES: list[tuple[re.Pattern, _Rule]] = []


def _rule(pattern: str, flags: int = re.IGNORECASE):
    def register(f: _Rule) -> _Rule:
        _RULES.append((re.compile(pattern, flags), f))
        return f
    return register


def _year_of(s: str | None) -> int | None:
    if not s:
        return None
    s = s.strip()
    if s.startswith(("'", "’")):
        y = int(s[1:])
        return 2000 + y if y < 30 else 1900 + y
    return int(s)


@_rule(_B + r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T\s](?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::\d\d)?"
       r"(?:\.\d+)?(?P<z>Z|[+-]\d\d:?\d\d)?)?" + _E)
def _iso_date(m: re.Match, text: str) -> _Cand | None:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["h"]:
        return _Cand(m.start(), m.end(), "TIME", _fixed(f"{d.isoformat()}T{m['h']}:{m['mi']}", "day"),
                     explicit_year=True)
    return _Cand(m.start(), m.end(), "DATE", _fixed(d.isoformat(), "day"), explicit_year=True, day=True)


@_rule(_B + r"(?P<a>[01]?\d|[23]\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.]\d)" + _E)
def _numeric_date(m: re.Match, text: str) -> _Cand | None:
    a, b = int(m["a"]), int(m["b"])
    y = int(m["y"])
    if len(m["y"]) == 2:
        y += 2000 if y < 40 else 1900
    # slashes are American month/day; dots European day.month; a first part > 12 is a day
    month, day = (a, b) if m["sep"] == "/" and a <= 12 else (b, a)
    d = _safe_date(y, month, day)
    if d is None:
        return None
    return _Cand(m.start(), m.end(), "DATE", _fixed(d.isoformat(), "day"), explicit_year=True, day=True)


@_rule(_B + r"(?:(?P<wd>" + _WEEKDAY_RE + r"),?[^\S\n]+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?:the\s+)?"
       r"(?P<mon>" + _MONTH_RE + r")\s*(?:the\s+)?(?P<day>" + _DAY_RE + r")(?!\s*%|:\d|\s+(?:percent|per\s+cent|million|billion))"
       r"(?:(?:,\s*|\s+|\s+of\s+)(?P<year>" + _YEAR_RE + r"|['’]\d\d(?!\w)))?" + _E)
def _month_day_rule(m: re.Match, text: str) -> _Cand | None:
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    month = _month_of(m["mon"])
    day = int(re.match(r"\d+", m["day"])[0])
    year = _year_of(m["year"])
    if day > 31:
        return None
    start = m.start() if m["wd"] and _weekday_word_ok(m["wd"], text, m.start(), True) else m.start("mon")
    if m["mod"] and start == m.start("mon"):
        start = m.start("mod")
    if year is None and m["wd"] is None and re.match(r"\s*,\s*\d", text[m.end():]):
        return None          # "May 3, 000" or a list of numbers
    resolver = _month_day(month, day, year)
    if year is not None and _safe_date(year, month, day) is None:
        return None
    return _Cand(start, m.end(), "DATE", resolver, anchor="abs" if year else "dct",
                 explicit_year=year is not None, day=True)


@_rule(_B + r"(?:(?P<wd>" + _WEEKDAY_RE + r"),?\s+)?(?:the\s+)?(?P<day>" + _DAY_RE + r")(?:\s+of\s+|\s*)"
       r"(?P<mon>" + _MONTH_RE + r")(?:,?\s+(?P<year>" + _YEAR_RE + r"|['’]\d\d(?!\w)))?" + _E)
def _day_month_rule(m: re.Match, text: str) -> _Cand | None:
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    if re.search(r"[\d.,$]$", text[max(0, m.start("day") - 1):m.start("day")]):
        return None
    month = _month_of(m["mon"])
    day = int(re.match(r"\d+", m["day"])[0])
    year = _year_of(m["year"])
    if year is not None and _safe_date(year, month, day) is None:
        return None
    start = m.start() if m["wd"] else m.start("day")
    if not m["wd"] and text[m.start():m.start("day")].lower().startswith("the"):
        start = m.start()
    return _Cand(start, m.end(), "DATE", _month_day(month, day, year), anchor="abs" if year else "dct",
                 explicit_year=year is not None, day=True)


_RANGE_DASH = r"\s*(?:-|–|—|to|through|till|until)\s*"
_RANGE_JOIN = r"\s*(?:-|–|—|to|and|through|till|until|&)\s*"
_BARE_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d)"


@_rule(_B + r"(?P<d1>" + _BARE_DAY + r")" + _RANGE_JOIN + r"(?P<d2>" + _BARE_DAY + r")\s*(?:of\s+)?(?P<mon>"
       + _MONTH_RE + r")(?:,?\s+(?P<year>" + _YEAR_RE + r"))?" + _E)
def _day_range_rule(m: re.Match, text: str) -> _Cand | None:
    """The first day of a range written once with its month: "2-4 July 2013", "from 19 to 22 April".

    Each day of a range is its own date in TimeML; the other rules take the last day with its month.
    """
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    if re.search(r"[\d.,$/:-]$", text[max(0, m.start() - 1):m.start()]):
        return None
    d1, d2 = int(re.match(r"\d+", m["d1"])[0]), int(re.match(r"\d+", m["d2"])[0])
    if not d1 < d2:
        return None
    year = int(m["year"]) if m["year"] else None
    month = _month_of(m["mon"])
    if year is not None and _safe_date(year, month, d1) is None:
        return None
    return _Cand(m.start("d1"), m.end("d1"), "DATE", _month_day(month, d1, year), anchor="abs" if year else "dct",
                 explicit_year=year is not None)


@_rule(_B + r"(?P<mon>" + _MONTH_RE + r")\s*(?P<d1>" + _BARE_DAY + r")(?P<rest>(?:" + _RANGE_JOIN + _BARE_DAY
       + r")(?:\s*,\s*" + _BARE_DAY + _RANGE_DASH + _BARE_DAY + r")*)(?:,?\s+(?P<year>" + _YEAR_RE + r"))?" + _E)
def _month_range_rule(m: re.Match, text: str) -> list[_Cand] | None:
    """The later days of a range written once with its month: "April 8-12", "April 24 and 25",
    "May 2 - 3, 9 - 10"; the month-day rule takes the first. A year after the range dates them all.
    """
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    month = _month_of(m["mon"])
    year = int(m["year"]) if m["year"] else None
    days = [(int(re.match(r"\d+", d[0])[0]), d.start() + m.start("rest"), d.start() + m.start("rest") + len(d[0]))
            for d in re.finditer(r"\d+(?:st|nd|rd|th)?", m["rest"])]
    prev = int(re.match(r"\d+", m["d1"])[0])
    if re.match(r"\s*(?:%|percent|per\s+cent|million|billion|points?|votes?|[-–]\s*\d)", text[m.end():m.end() + 12], re.I):
        return None        # a score or a count ("March 3-1 win", "June 2-3 votes")
    out = []
    for i, (d, a, b) in enumerate(days):
        if not prev < d <= 31:
            break
        last = i == len(days) - 1
        end = m.end() if last and year else b
        out.append(_Cand(a, end, "DATE", _month_day(month, d, year), anchor="abs" if year else "dct",
                         explicit_year=bool(last and year)))
        prev = d
    return out or None


@_rule(_B + r"(?:(?P<mod>early|late|mid|this|last|next|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|"
       r"the\s+start\s+of)[\s-]+)?(?P<mon>" + _MONTH_RE + r")(?:\s*,\s*|\s+of\s+|\s+)(?P<year>"
       + _YEAR_RE + r"|['’]\d\d(?!\w))" + _E)
def _month_year_rule(m: re.Match, text: str) -> _Cand | None:
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    year = _year_of(m["year"])
    if not _year_ok(text, m.start("year"), m.end(), year) and not m["year"].startswith(("'", "’")):
        if _next_word(text, m.end()) in _COUNT_NOUNS:
            return None
    return _Cand(m.start(), m.end(), "DATE", _month(_month_of(m["mon"]), year=year), explicit_year=True)


@_rule(_B + r"(?:(?P<mod>last|this|next|early|late|mid|earlier\s+in|later\s+in|the\s+end\s+of|"
       r"the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of|the\s+first\s+half\s+of|"
       r"the\s+second\s+half\s+of)[\s-]+)?(?P<mon>" + _MONTH_RE + r")" + _E)
def _month_rule(m: re.Match, text: str) -> _Cand | None:
    mod = (m["mod"] or "").lower()
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), bool(mod)):
        return None
    w = m["mon"].lower().rstrip(".")
    if mod and re.match(r"\s*(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|million|billion))",
                        text[m.end():m.end() + 8]):
        return None          # "last Oct. 23": the month-day rule's date, not last October
    if len(w) <= 4 and w not in ("june", "july", "may") and not (
            m["mon"].endswith(".") and (mod or _prev_word(text, m.start()) in (
                "in", "and", "or", "of", "since", "until", "by", "from", "through", "to", "during"))):
        return None          # an abbreviation alone needs its dot and a word that takes a month: "in Aug."
    if w in _AMBIGUOUS_MONTHS and not mod and _prev_word(text, m.start()) not in _MONTH_CONTEXT | {"the"}:
        return None
    mode = mod if mod in ("last", "this", "next") else "bare"
    start = m.start() if mod else m.start("mon")
    return _Cand(start, m.end(), "DATE", _month(_month_of(m["mon"]), mode), anchor="dct")


@_rule(_B + r"the\s+week\s+(?:of|beginning|starting|ending)\s+(?P<mon>" + _MONTH_RE + r")\s*(?P<day>" + _DAY_RE
       + r")(?:,?\s+(?P<year>" + _YEAR_RE + r"))?" + _E)
def _week_of_rule(m: re.Match, text: str) -> _Cand | None:
    """"the week of March 6": the week that holds that day."""
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    day = _month_day(_month_of(m["mon"]), int(re.match(r"\d+", m["day"])[0]), int(m["year"]) if m["year"] else None)

    def resolve(ctx: _Ctx):
        d = _parse_day(day(ctx)[0])
        return (_calendar_value(d, "W"), "week") if d else ("XXXX-WXX", None)
    return _Cand(m.start(), m.end(), "DATE", resolve, anchor="abs" if m["year"] else "dct",
                 explicit_year=m["year"] is not None)


@_rule(_B + r"(?:(?P<mod>early|late|mid)[\s-]+)?(?P<mon>" + _MONTH_RE + r")(?:\s+(?:the\s+)?(?P<day>" + _DAY_RE
       + r"))?,?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year" + _E)
def _month_rel_year_rule(m: re.Match, text: str) -> _Cand | None:
    """"June last year", "in April next year", "on March 3 this year": one date, in the year named."""
    if not _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        return None
    month = _month_of(m["mon"])
    shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    day = int(re.match(r"\d+", m["day"])[0]) if m["day"] else None

    def resolve(ctx: _Ctx):
        now = _now(ctx, "Y")
        if now is None:
            return (f"XXXX-{month:02d}-{day:02d}", None) if day else (f"XXXX-{month:02d}", None)
        y = now.year + shift
        if day is None:
            return f"{y:04d}-{month:02d}", "month"
        d = _safe_date(y, month, day)
        return (d.isoformat(), "day") if d else (f"{y:04d}-{month:02d}", "month")
    return _Cand(m.start(), m.end(), "DATE", resolve, anchor="dct")


@_rule(_B + r"(?:(?P<pre>(?:the\s+)?(?:fiscal|calendar|financial|academic|school|model)(?:\s+year)?|the\s+year|"
       r"(?:the\s+)?(?:early|late|mid|end\s+of|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|"
       r"the\s+start\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of))[\s-]*)?"
       r"(?P<fy>FY\s?)?(?P<year>" + _YEAR_RE + r")" + _E)
def _year_rule(m: re.Match, text: str) -> _Cand | None:
    year = int(m["year"])
    if not m["pre"] and not m["fy"] and not _year_ok(text, m.start("year"), m.end(), year):
        return None
    if m["pre"] and re.match(r"(?:the\s+)?model", m["pre"], re.I):
        return None
    start = m.start()
    return _Cand(start, m.end(), "DATE", _fixed(f"{year:04d}", "year"), explicit_year=True)


@_rule(_B + r"(?P<the>the\s+years\s+)?(?P<y1>" + _YEAR_RE + r")(?:\s*[-–—]\s*|\s+to\s+)(?P<y2>" + _YEAR_RE + r")" + _E)
def _year_range_rule(m: re.Match, text: str) -> list[_Cand] | None:
    """"1775-1780", "(1789-1791)", "the years 1955-1957": each year is its own date, as TimeML annotates a range."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not y1 < y2 <= y1 + 150:
        return None
    # two years in order are evidence enough after a colon or a parenthesis ("the war: 1962-1975", "rule
    # (1876-1910)"); not after a number, an amount or a code word ("$1,800-1,900", "pages 1962-1975")
    if re.search(r"[$£€#\d.,/-]$", text[max(0, m.start() - 1):m.start()]) or re.search(
            r"[$£€#]\s$", text[max(0, m.start() - 2):m.start()]):
        return None
    prev = re.search(r"([\w.]+)\s+$", text[max(0, m.start() - 20):m.start()])
    if prev and (prev[1].lower() in _CODE_WORDS or prev[1].lower() in ("about", "nearly", "almost", "some", "than",
                                                                      "over")):
        return None
    if _next_word(text, m.end()) in _COUNT_NOUNS or re.match(r"[.,]\d", text[m.end():m.end() + 2]):
        return None
    return [_Cand(m.start(), m.end("y1"), "DATE", _fixed(f"{y1:04d}", "year"), explicit_year=True),
            _Cand(m.start("y2"), m.end(), "DATE", _fixed(f"{y2:04d}", "year"), explicit_year=True, topic=False)]


@_rule(_B + r"['’](?P<yy>\d\d)(?![\w'’])")
def _short_year_rule(m: re.Match, text: str) -> _Cand | None:
    """"since '82", "the class of '09": a two-digit year after a word that takes a year."""
    if _prev_word(text, m.start()) not in ("in", "since", "of", "from", "until", "till", "by", "before", "after",
                                           "during", "summer", "spring", "winter", "fall", "autumn", "class", "and",
                                           "to", "through"):
        return None
    yy = int(m["yy"])
    year = 2000 + yy if yy < 30 else 1900 + yy

    def resolve(ctx: _Ctx):
        if ctx.story is not None and ctx.story.first.year < _BC_FIRST:
            # in a narrative, the century nearest the story's time: "the Club of '89" in the 1790s
            near = ctx.story.first.year
            y = min((c * 100 + yy for c in (near // 100 - 1, near // 100, near // 100 + 1)),
                    key=lambda y: abs(y - near))
            return f"{y:04d}", "year"
        return f"{year:04d}", "year"
    return _Cand(m.start(), m.end(), "DATE", resolve, anchor="dct", explicit_year=True)


_SPOKEN_TEENS = _alt(["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                      "nineteen"])
_SPOKEN_TENS = _alt(list(_TENS) + ["ten"])
_SPOKEN_UNITS = _alt(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])


@_rule(_B + r"(?:(?P<the>the\s+year)\s+)?(?:(?P<hi>" + _SPOKEN_TEENS + r")(?:\s+hundred(?:\s+and)?)?[\s-]+(?P<lo>"
       + _SPOKEN_TENS + r"(?:[\s-]+" + _SPOKEN_UNITS + r")?|oh[\s-]+" + _SPOKEN_UNITS + r"|" + _SPOKEN_UNITS + r"|"
       + _SPOKEN_TEENS + r")|(?P<k>two\s+thousand)(?:(?:\s+and)?\s+(?P<lo2>" + _SPOKEN_TENS + r"(?:[\s-]+" + _SPOKEN_UNITS
       + r")?|" + _SPOKEN_UNITS + r"|" + _SPOKEN_TEENS + r"))?)" + _E)
def _spoken_year_rule(m: re.Match, text: str) -> _Cand | None:
    """Years said in words, as broadcast transcripts write them: "nineteen ninety-six"."""
    if m["k"]:
        if not m["the"] and not m["lo2"]:
            return None           # "two thousand" is a number
        year = 2000 + int(_number(m["lo2"]) or 0) if m["lo2"] else 2000
    else:
        lo = re.sub(r"^oh[\s-]+", "", m["lo"].lower())
        hi, low = _number(m["hi"]), _number(lo)
        if hi is None or low is None or not 10 <= hi <= 20:
            return None
        year = int(hi) * 100 + int(low)
    if re.match(r"\s+(?:" + "|".join(_COUNT_NOUNS) + r")\b", text[m.end():m.end() + 20], re.I):
        return None
    spoken_decade = bool(m["lo"]) and re.match(_SPOKEN_TENS, m["lo"], re.I) is not None
    if not m["the"] and not spoken_decade and _prev_word(text, m.start()) not in ("in", "since", "of", "by", "until", "from", "to",
                                                            "and", "before", "after", "during", "early", "late",
                                                            "mid", "year", "summer", "spring", "winter", "fall",
                                                            "autumn", "through", "between"):
        return None
    return _Cand(m.start(), m.end(), "DATE", _fixed(f"{year:04d}", "year"), explicit_year=True)


@_rule(_B + r"(?:(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+))?(?:the\s+)?(?:(?P<c>1[0-9]|20)(?P<d>\d)0['’]?s|"
       r"['’](?P<d2>\d)0s|(?P<d3>[2-9])0s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|"
       r"nineties))" + _E)
def _decade_rule(m: re.Match, text: str) -> _Cand | None:
    if m["d3"]:
        # "the 70s and 80s": a decade without its apostrophe needs "the" or another decade beside it
        before = text[max(0, m.start() - 12):m.start()].lower()
        if not (text[m.start():m.end()].lower().startswith(("the", "early", "late", "mid"))
                or re.search(r"\b(?:the|early|late|mid)[\s-]+$|['’]?\d0s\s*(?:and|or|,|to|-)\s*$", before)):
            return None
        return _Cand(m.start(), m.end(), "DATE", _fixed(f"19{m['d3']}", None), explicit_year=True)
    if m["c"]:
        c, d = int(m["c"]), int(m["d"])
        if d == 0 and not m["mod"]:
            value = f"{c:02d}"    # "the 1900s": the century
        else:
            value = f"{c:02d}{d}"
    elif m["d2"]:
        d = int(m["d2"])
        value = f"{19 if d >= 3 else 20}{d}"
    else:
        if not text[m.start():m.end()].lower().startswith("the") and _prev_word(text, m.start()) not in (
                "the", "early", "late", "mid", "in"):
            return None        # "in his forties" is an age
        if _prev_word(text, m.start()) in ("his", "her", "their", "my", "your", "our"):
            return None
        value = "19" + str(["twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                            "eighties", "nineties"].index(m["word"].lower()) + 2)
    return _Cand(m.start(), m.end(), "DATE", _fixed(value, None), explicit_year=True)


# -- years before and after Christ -----------------------------------------------------------------
#
# TIMEX3 writes a year BC as "BC0490" ("BC0490-09", "BC04" for the 5th century BC). The tagger
# counts with dt.date, which has no year 0 or below, so inside it a year BC is a stand-in year
# counted down from _BC_BASE (490 BC is 9510): its order, its leap years and its arithmetic ("the
# following year" of 490 BC is 489 BC) are right, and extract() writes it back as BC on output.

_ERA_RE = r"(?:BCE|B\.\s?C\.(?:\s?E\.)?|BC|CE|C\.E\.|AD|A\.D\.)"
_BC_BASE = 10000
_BC_FIRST = 3000         # in a text that writes years BC, stand-in years from here on are years BC


def _is_bc(era: str | None) -> bool:
    return era is not None and era.replace(".", "").replace(" ", "").upper() in ("BC", "BCE")


def _era_year(n: int, era: str | None) -> str:
    """A year as the tagger counts it: 490 BC -> "9510", AD 9 -> "0009"."""
    return f"{_BC_BASE - n:04d}" if _is_bc(era) else f"{n:04d}"


def _signed_year(y: int) -> int:
    """A year of dt.date as a signed year: a stand-in for a year BC is negative (9510 -> -490)."""
    return y - _BC_BASE if y >= _BC_FIRST else y


def _public_value(value: str) -> str:
    """A value with the tagger's stand-in year BC written as TIMEX3 does: "9510-09" -> "BC0490-09"."""
    if len(value) >= 4 and value[:4].isdigit() and int(value[:4]) >= _BC_FIRST:
        return f"BC{_BC_BASE - int(value[:4]):04d}" + value[4:]
    return value


@_rule(_B + r"(?:(?P<c>c\.|ca\.|circa)\s*)?(?P<y1>[1-9]\d{0,3})(?:\s*(?:-|–|—|to|and)\s*(?P<y2>[1-9]\d{0,3}))?"
       r"\s*(?P<era>" + _ERA_RE + r")(?![\w])", 0)
def _era_year_rule(m: re.Match, text: str) -> list[_Cand] | None:
    """"490 BC", "c. 500 BCE", "499–493 BC" (two dates, both BC), "9 AD": a year of an era."""
    if re.search(r"[\d.,$£€]$", text[max(0, m.start() - 1):m.start()]):
        return None
    out = []
    if m["y2"]:
        y1 = int(m["y1"])
        out.append(_Cand(m.start(), m.end("y1"), "DATE", _fixed(_era_year(y1, m["era"]), "year"), explicit_year=True))
        start, y = m.start("y2"), int(m["y2"])
    else:
        start, y = m.start(), int(m["y1"])
    out.append(_Cand(start, m.end(), "DATE", _fixed(_era_year(y, m["era"]), "year"), explicit_year=True,
                     topic=not m["y2"]))
    return out


# a year BC said last, within this many characters before a bare three-digit year, makes it a year BC
_BC_CONTEXT = 3000
_BC_SAID = re.compile(r"\d\s*(?:BCE|B\.\s?C\.|BC)(?![\w])")


@_rule(_B + r"(?P<pre>[Ii]n|by|until|till|from|since|to|after|before|of|and|c\.)\s+(?P<y>[1-9]\d\d)(?![\w,.]\w)", 0)
def _bare_bc_year_rule(m: re.Match, text: str) -> _Cand | None:
    """"in 479" shortly after years written with BC ("In 480 BC ... in 479, the fleet ..."): the same
    era. Only where what follows cannot make it a count ("in 479 ships"): punctuation, a function word
    or a name."""
    if not _BC_SAID.search(text, max(0, m.start() - _BC_CONTEXT), m.start()):
        return None
    after = text[m.end():m.end() + 30]
    nxt = _next_word(text, m.end())
    if re.match(r"\s*(?:BCE|B\.|BC|CE|C\.E|AD|A\.D)", after):
        return None           # the era rule's
    if not (re.match(r"\s*[,.;:)–—-]", after) or re.match(r"\s+[A-Z]", after) or nxt in _DETERMINERS
            or nxt in _FUNCTION or nxt in _MAIN_PREPOSITIONS):
        return None
    return _Cand(m.start("y"), m.end(), "DATE", _fixed(_era_year(int(m["y"]), "BC"), "year"), explicit_year=True)


@_rule(_B + r"(?P<era>AD|A\.D\.)\s?(?P<y>[1-9]\d{0,3})(?![\d])", 0)
def _ad_year_rule(m: re.Match, text: str) -> _Cand | None:
    """"AD 9", "A.D. 1066"."""
    return _Cand(m.start(), m.end(), "DATE", _fixed(f"{int(m['y']):04d}", "year"), explicit_year=True)


@_rule(_B + r"(?:the\s+)?(?P<d>[1-9]\d{0,2})0['’]?s\s+(?P<era>" + _ERA_RE + r")(?![\w])", 0)
def _era_decade_rule(m: re.Match, text: str) -> _Cand | None:
    """"the 490s BC" -> BC049."""
    return _Cand(m.start(), m.end(), "DATE", _fixed(("BC" if _is_bc(m["era"]) else "") + f"{int(m['d']):03d}", None),
                 explicit_year=True)


_ORD_CENTURY = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}


@_rule(_B + r"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>"
       + _alt(_ORD_CENTURY) + r"))[\s-]+century(?:\s+(?P<era>" + _ERA_RE + r"))?" + _E)
def _century_rule(m: re.Match, text: str) -> _Cand | None:
    n = int(m["n"]) if m["n"] else _ORD_CENTURY[re.sub(r"\s+", " ", m["w"].lower())]
    if not 1 <= n <= 21:
        return None
    era = m["era"] if m["era"] and m["era"].isupper() else None       # "the 5th century BC"
    end = m.end() if era or not m["era"] else m.start("era") - 1
    return _Cand(m.start(), end, "DATE", _fixed(("BC" if _is_bc(era) else "") + f"{n - 1:02d}", None),
                 explicit_year=True)


@_rule(_B + r"(?P<det>this|last|next|the\s+last|the\s+past|the\s+previous|the\s+current|the\s+next|"
       r"the\s+coming|the\s+same|that)\s+(?P<u>century|decade|millennium)" + _E)
def _rel_century_rule(m: re.Match, text: str) -> _Cand | None:
    unit = _unit_code(m["u"])
    det = re.sub(r"\s+", " ", m["det"].lower())
    n = {"this": 0, "last": -1, "next": 1, "the last": -1, "the past": -1, "the previous": -1,
         "the current": 0, "the next": 1, "the coming": 1}.get(det, 0)
    anchor = "ref" if det in ("the same", "that") else "dct"
    if det in ("the past", "the last") and _prev_word(text, m.start()) in ("over", "in", "during", "for",
                                                                          "within", "throughout"):
        return _Cand(m.start(), m.end(), "DURATION", _fixed(_duration(1, unit)))
    return _Cand(m.start(), m.end(), "DATE", _relative(unit, n, anchor), anchor=anchor)


_QORD = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"


@_rule(_B + r"(?:(?P<the>the|a|an|this|that)\s+)?(?:(?:(?P<y1>" + _YEAR_RE + r")|(?P<rel>this|last|next)\s+year['’]s|"
       r"(?P<cur>current|latest|same|year-earlier|year-ago|comparable|flat|fiscal|calendar|strong|weak|"
       r"disappointing|seasonally\s+weak|seasonally\s+strong|typically\s+weak|typically\s+strong)|(?P<y0>"
       + _YEAR_RE + r"))[\s-]+)*(?:fiscal[\s-]+)?" + _QORD + r"[\s-]+quarter(?!s)"
       r"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<y2>" + _YEAR_RE + r")|(?P<rel2>this|last|next)\s+year|the\s+year))?" + _E)
def _quarter_rule(m: re.Match, text: str) -> _Cand | None:
    year = m["y1"] or m["y0"] or m["y2"]
    if m["ord"].lower() in ("final", "last"):
        if not m["y2"] or (m["y1"] or m["y0"] or m["cur"]):
            return None      # "the last quarter" alone counts back from now: the relative rule's
        q = 4                # "the final quarter of 2009"
    else:
        q = _ORDINALS[m["ord"].lower()]
    rel = m["rel"] or m["rel2"]
    shift = {"this": 0, "last": -1, "next": 1}.get((rel or "").lower())
    start = m.start()
    if (m["the"] or "").lower() in ("a", "an"):
        start = m.start() + len(m["the"]) + 1
    cur = (m["cur"] or "").lower()
    if cur in ("year-earlier", "year-ago"):
        return _Cand(start, m.end(), "DATE", _quarter_shift(q, -1), anchor="dct", topic=False)
    if year:
        return _Cand(start, m.end(), "DATE", _quarter(q, int(year)), explicit_year=True)
    return _Cand(start, m.end(), "DATE", _quarter(q, None, shift), anchor="dct")


def _quarter_shift(q: int, years: int) -> _Resolver:
    base = _quarter(q)

    def resolve(ctx: _Ctx):
        value, precision = base(ctx)
        if value.startswith("X"):
            return value, precision
        return f"{int(value[:4]) + years:04d}{value[4:]}", precision
    return resolve


@_rule(_B + r"(?P<a>Q(?P<q>[1-4])\s*(?:[-/']?\s*)(?P<y>" + _YEAR_RE + r"|['’]?\d\d(?!\w))|(?P<y2>" + _YEAR_RE
       + r")\s*[-/]?\s*Q(?P<q2>[1-4])|(?P<q3>[1-4])Q\s?(?P<y3>" + _YEAR_RE + r"|\d\d(?!\w)))" + _E, 0)
def _quarter_code_rule(m: re.Match, text: str) -> _Cand | None:
    q = int(m["q"] or m["q2"] or m["q3"])
    y = (m["y"] or m["y2"] or m["y3"]).lstrip("'’")
    year = int(y) if len(y) == 4 else 2000 + int(y)
    return _Cand(m.start(), m.end(), "DATE", _quarter(q, year), explicit_year=True)


@_rule(_B + r"(?P<det>the|this|that|last|next|the\s+latest|the\s+current|the\s+last|the\s+previous|the\s+past|"
       r"the\s+most\s+recent|the\s+next|the\s+coming|the\s+same|the\s+year-(?:earlier|ago)|"
       r"the\s+comparable(?:\s+year-(?:earlier|ago))?|the\s+prior-year|the\s+year-before|"
       r"the\s+recent|last\s+year['’]s|this\s+year['’]s|next\s+year['’]s|the\s+corresponding)\s+"
       r"(?:(?:fiscal|calendar)\s+)?(?P<qw>quarter)(?!s|ly)(?P<back>\s+a\s+year\s+(?:ago|earlier|before))?"
       r"(?:\s+(?:ended|ending)\s+(?P<mon>" + _MONTH_RE + r")\s*(?P<day>" + _DAY_RE + r"))?" + _E)
def _quarter_rel_rule(m: re.Match, text: str) -> _Cand | None:
    det = re.sub(r"\s+", " ", m["det"].lower().replace("’", "'"))
    end = m.end("back") if m["back"] else m.end("qw")       # "ended July 31" is a date of its own
    if m["mon"] and det in ("the", "the latest", "that", "the most recent", "the recent", "this", "the current"):
        # "the quarter ended July 31": the calendar quarter holding most of the three months to that day
        month, day = _month_of(m["mon"]), int(re.match(r"\d+", m["day"])[0])
        ends = _month_day(month, day)

        def resolve(ctx: _Ctx):
            value, _ = ends(_Ctx(dct=ctx.dct, refs={}, tense="past", quarter=None, year=ctx.year))
            d = _parse_day(value)
            if d is None:
                return "XXXX-QX", None
            return _calendar_value(d - dt.timedelta(days=45), "Q"), "quarter"
        return _Cand(m.start(), end, "DATE", resolve, anchor="dct")
    if m["back"] and det in ("the", "the same", "that", "the corresponding"):
        return _Cand(m.start(), end, "DATE", _discussed_quarter(-1), anchor="dct", topic=False)
    if det in ("the", "the latest", "the same", "that", "the most recent", "the recent", "the corresponding"):
        return _Cand(m.start(), end, "DATE", _discussed_quarter(0), anchor="dct")
    if det == "this":
        # in a results story "this quarter's loss" is the quarter reported; else the current one
        current = _relative("Q", 0)
        return _Cand(m.start(), end, "DATE", lambda ctx: (ctx.quarter, "quarter") if ctx.quarter else current(ctx),
                     anchor="dct")
    if "earlier" in det or "ago" in det or "comparable" in det or "prior" in det or "before" in det \
            or det == "last year's":
        return _Cand(m.start(), m.end(), "DATE", _discussed_quarter(-1), anchor="dct", topic=False)
    n = {"this": 0, "the current": 0, "this year's": 0, "last": -1, "the last": -1, "the previous": -1,
         "the past": -1, "next": 1, "the next": 1, "the coming": 1, "next year's": 4}.get(det, 0)
    return _Cand(m.start(), end, "DATE", _relative("Q", n), anchor="dct")


def _parse_day(value: str) -> dt.date | None:
    mm = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    return _safe_date(int(mm[1]), int(mm[2]), int(mm[3])) if mm else None


@_rule(_B + r"(?:the\s+)?(?P<h>first|second|1st|2nd|latter|last)\s+half(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>" + _YEAR_RE
       + r")|(?P<rel>this|last|next)\s+year|the\s+year))?" + _E)
def _half_rule(m: re.Match, text: str) -> _Cand | None:
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    if m["h"].lower() == "last" and not (m["y"] or m["rel"]):
        return None          # "the last half hour"; "the last half of 1989" is the second half
    if m["y"]:
        return _Cand(m.start(), m.end(), "DATE", _fixed(f"{int(m['y']):04d}-H{h}", "year"), explicit_year=True)
    nxt = text[m.end():m.end() + 4].lower()
    if nxt.startswith((" of", "-")) and not m["rel"]:
        return None        # "the first half of the match", "second-half"
    shift = {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    if not m["rel"] and _prev_word(text, m.start()) not in ("in", "the", "for", "during", "by", "over",
                                                            "since", "until", "through"):
        return None

    def resolve(ctx: _Ctx):
        now = _now(ctx, "Y")
        if now is None:
            return f"XXXX-H{h}", None
        y = now.year + shift
        if not m["rel"] and h == 2 and now.month <= 6 and ctx.tense == "past" and ctx.story is None:
            y -= 1
        return f"{y:04d}-H{h}", "year"
    return _Cand(m.start(), m.end(), "DATE", resolve, anchor="dct")


@_rule(_B + r"(?:(?P<mod>last|this|next|this\s+past|this\s+coming|the\s+coming|the\s+past|the\s+last|the\s+previous|the\s+following|"
       r"that\s+same|the\s+same|that|the|early|late|mid|earlier\s+this|later\s+this|the\s+end\s+of\s+(?:the\s+|this\s+|last\s+)?|"
       r"the\s+beginning\s+of\s+(?:the\s+|this\s+)?|"
       r"(?:early|late|mid)(?:\s+|-)(?:last|this|next))[\s-]+)?(?P<s>spring|summer|fall|autumn|winter)"
       r"(?:\s+(?:of\s+)?(?P<y>" + _YEAR_RE + r"))?" + _E)
def _season_rule(m: re.Match, text: str) -> _Cand | None:
    mod = re.sub(r"\s+", " ", (m["mod"] or "").lower())
    season = _SEASONS[m["s"].lower()]
    if m["y"]:
        return _Cand(m.start(), m.end(), "DATE", _season(season, year=int(m["y"])), explicit_year=True)
    nxt = _next_word(text, m.end())
    # a capitalised season after a lower-case word is the season ("hues of Spring", "their Autumn
    # meetings"); after a capitalised one it is part of a name ("Arab Spring")
    named = (not mod and m["s"][0].isupper() and not m["s"].isupper() and nxt != "of"
             and re.search(r"(?:^|[^A-Z\w])[a-z]+\s+$", text[max(0, m.start() - 25):m.start()]) is not None)
    if mod in ("", "the", "early", "late", "mid") and not named:
        if m["s"].lower() in ("fall", "spring") and not mod:
            return None
        if m["s"].lower() == "fall" and mod == "the" and nxt in ("of",):
            return None
        if nxt == "and" and re.match(r"\s+and\s+(?:the\s+)?(?:spring|summer|fall|autumn|winter)\b", text[m.end():], re.I):
            pass             # "the spring and summer", "the fall and winter"
        elif nxt in ("of", "and", "break", "session", "olympics", "games", "camp", "school", "term",
                   "semester", "palace", "storm", "weather", "collection", "sale", "holiday", "holidays",
                   "solstice", "fashion", "clothes", "season", "months", "festival", "tour",
                   "offensive", "campaign") and mod in ("", "the"):
            return None
        if not mod and _prev_word(text, m.start()) not in ("in", "this", "during", "by", "until", "since",
                                                           "over", "through", "throughout", "until", "till",
                                                           "before", "after", "next", "last"):
            return None
    mode = "bare"
    if "last" in mod or "past" in mod or "previous" in mod:
        mode = "last"
    elif "next" in mod or "coming" in mod or "following" in mod:
        mode = "next"
    elif "this" in mod:
        mode = "this"
    start = m.start()
    return _Cand(start, m.end(), "DATE", _season(season, mode), anchor="dct")


@_rule(_B + r"(?:(?P<mod>last|this|next|the|on)\s+)?(?P<h>" + _HOLIDAY_RE + r")(?:\s+(?P<y>" + _YEAR_RE + r"))?" + _E)
def _holiday_rule(m: re.Match, text: str) -> _Cand | None:
    name = re.sub(r"\s+", " ", m["h"].lower().replace("’", "'"))
    if not _is_capitalised(m["h"]) and name not in ("christmas", "xmas", "halloween", "easter", "thanksgiving"):
        return None
    if re.search(r"[\"“]\s*(?:[A-Z][\w'’-]*\s+)+$", text[max(0, m.start() - 40):m.start()]):
        return None          # a quoted title: the song "White Christmas"
    if name in ("may day",) and not _is_capitalised(m["h"][4:]):
        return None
    mod = (m["mod"] or "").lower()
    start = m.start() if mod in ("last", "this", "next") else m.start("h")
    if mod == "the" and name != "the fourth of july":
        start = m.start("h")
    mode = mod if mod in ("last", "this", "next") else "bare"
    year = int(m["y"]) if m["y"] else None
    return _Cand(start, m.end(), "DATE", _holiday(name, mode, year), anchor="abs" if year else "dct",
                 explicit_year=year is not None, day=True)


# weekdays, with a part of the day and a modifier: "last Friday", "Friday morning", "early Tuesday"
@_rule(_B + r"(?:(?P<mod>last|this|next|past|coming|the\s+previous|the\s+following|the\s+preceding|"
       r"previous|following|early|late|earlier|later|by|on|until|since|from|every|each|the)\s+)?"
       r"(?:(?P<early>early|late|earlier|later)\s+(?:on\s+)?)?"
       r"(?P<wd>" + _WEEKDAY_RE + r")(?P<pl>s)?(?:\s+(?P<part>" + _PART_RE + r"s?|night|noon))?" + _E)
def _weekday_rule(m: re.Match, text: str) -> _Cand | None:
    mod = re.sub(r"\s+", " ", (m["mod"] or "").lower())
    if not _weekday_word_ok(m["wd"], text, m.start("wd"), bool(m["mod"] and mod in (
            "last", "this", "next", "on", "by", "until", "since", "from", "every", "each"))):
        return None
    wd = _weekday_of(m["wd"])
    part = (m["part"] or "").lower()
    in_span = mod in ("last", "this", "next", "past", "coming", "the previous", "the following",
                      "the preceding", "previous", "following", "early", "late", "earlier", "later",
                      "every", "each")
    start = m.start() if in_span else (m.start("early") if m["early"] else m.start("wd"))
    if m["pl"] or mod in ("every", "each") or part.endswith("s"):
        # "on Mondays", "every Friday", "Tuesday nights": a set of days
        suffix = "T" + _PARTS[part.rstrip("s")] if part and part != "noon" else ""
        return _Cand(start, m.end(), "SET", _fixed(f"XXXX-WXX-{wd}{suffix}"))
    mode = {"last": "last", "past": "last", "previous": "previous", "the previous": "previous",
            "the preceding": "previous", "next": "next", "coming": "next", "following": "following",
            "the following": "following", "this": "this"}.get(mod, "bare")
    if mod == "the" and not part:
        start = m.start("wd")
    suffix = ""
    kind = "DATE"
    if part == "noon":
        suffix, kind = "T12:00", "TIME"
    elif part:
        suffix, kind = "T" + _PARTS[part], "TIME"
    anchor = "ref" if mode in ("previous", "following") else "dct"
    return _Cand(start, m.end(), kind, _weekday(wd, mode, suffix), anchor=anchor, day=not suffix)


_DAYREL = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "tmr": 1, "tmrw": 1, "tmw": 1,
           "tomoro": 1, "tomorow": 1, "tommorow": 1, "tommorrow": 1, "2moro": 1, "2morrow": 1, "2day": 0,
           "tdy": 0, "todays": 0, "yday": -1, "ytd": -1, "trmw": 1, "tomo": 1}


def _day_word(word: str) -> _Resolver:
    """The day a weekday name or "today"/"tomorrow"/"tmr" ... names, for a clock time."""
    w = word.lower().rstrip(".")
    if w in _WEEKDAYS:
        return _weekday(_WEEKDAYS[w], "bare")
    return _relative("D", _DAYREL.get(w, 0))



@_rule(_B + r"(?:(?P<mod>early|late|earlier|later|(?:late|early)\s+on|since|until|by|the\s+day\s+before|"
       r"the\s+day\s+after)\s+)?(?P<rel>" + _alt(_DAYREL) + r")(?:['’]s)?"
       r"(?:(?:\s+|\s+in\s+the\s+)(?P<part>" + _PART_RE + r"|night|noon))?" + _E)
def _day_relative_rule(m: re.Match, text: str) -> _Cand | None:
    word = m["rel"].lower()
    if word in ("tmr", "tmrw", "tmw", "2day", "tdy", "yday", "ytd", "2moro", "2morrow") and _is_capitalised(m["rel"]) \
            and word.upper() == m["rel"]:
        return None       # an acronym
    if word == "tomo" and m["rel"] != "tomo":
        return None       # "Tomo" is a name; only the lower-case clipping is "tomorrow"
    n = _DAYREL[word]
    mod = re.sub(r"\s+", " ", (m["mod"] or "").lower())
    if mod == "the day before":
        n -= 1
    elif mod == "the day after":
        n += 1
    in_span = mod in ("early", "late", "earlier", "later", "late on", "early on", "the day before",
                      "the day after")
    start = m.start() if in_span else m.start("rel")
    part = (m["part"] or "").lower()
    if word == "tonight":
        return _Cand(start, m.end(), "TIME", _relative("D", 0, suffix="TNI"), anchor="dct")
    if part == "noon":
        return _Cand(start, m.end(), "TIME", _relative("D", n, suffix="T12:00"), anchor="dct")
    if part:
        return _Cand(start, m.end(), "TIME", _relative("D", n, suffix="T" + _PARTS[part]), anchor="dct")
    return _Cand(start, m.end(), "DATE", _relative("D", n), anchor="dct", day=True)


@_rule(_B + r"(?P<det>this|last|that|the|yesterday|tomorrow|the\s+next|the\s+following|the\s+previous|"
       r"the\s+same|that\s+same|early\s+this|late\s+this|earlier\s+this|later\s+this|early\s+that|"
       r"late\s+that|earlier\s+that|later\s+that)\s+(?P<part>" + _PART_RE + r"|nite)s?" + _E)
def _part_of_day_rule(m: re.Match, text: str) -> _Cand | None:
    det = re.sub(r"\s+", " ", m["det"].lower())
    part = m["part"].lower()
    suffix = "T" + _PARTS[part]
    if text[m.end() - 1:m.end()].lower() == "s" and det not in ("last",):
        return None          # "these mornings" is not one morning
    if det == "the":
        if _prev_word(text, m.start()) not in ("in", "during", "overnight", "through", "throughout"):
            return None
        return _Cand(m.start(), m.end(), "TIME", _relative("D", 0, "ref", suffix), anchor="ref")
    if det in ("last",):
        n = -1          # "last night", "last evening": the day before
        return _Cand(m.start(), m.end(), "TIME", _relative("D", n, "dct", suffix), anchor="dct")
    if det in ("this", "early this", "late this", "earlier this", "later this"):
        return _Cand(m.start(), m.end(), "TIME", _relative("D", 0, "dct", suffix), anchor="dct")
    if det == "yesterday":
        return _Cand(m.start(), m.end(), "TIME", _relative("D", -1, "dct", suffix), anchor="dct")
    if det == "tomorrow":
        return _Cand(m.start(), m.end(), "TIME", _relative("D", 1, "dct", suffix), anchor="dct")
    n = {"the next": 1, "the following": 1, "the previous": -1}.get(det, 0)
    return _Cand(m.start(), m.end(), "TIME", _relative("D", n, "ref", suffix), anchor="ref")


@_rule(_B + r"(?P<w>overnight|midnight|midday|noon)(?:\s+(?P<wd>" + _WEEKDAY_RE + r"|" + _DAYWORD_RE + r"))?" + _E)
def _named_time_rule(m: re.Match, text: str) -> _Cand | None:
    w = m["w"].lower()
    if w == "overnight":
        nxt = _next_word(text, m.end())
        if nxt in ("stay", "stays", "flight", "flights", "bag", "shift", "train", "success", "sensation",
                   "delivery", "trip", "visit", "camp", "rain", "low", "lows", "temperatures"):
            return None
        day = _weekday(_weekday_of(m["wd"]), "bare") if m["wd"] and m["wd"].lower() in _WEEKDAYS or (
            m["wd"] and m["wd"].lower().rstrip(".") in _WEEKDAYS) else _relative("D", 0, "ref")
        return _Cand(m.start(), m.end(), "TIME", _time_of_day(day, "TNI"), anchor="ref")
    clock = {"midnight": "T24:00", "midday": "T12:00", "noon": "T12:00"}[w]
    if m["wd"]:
        day = _day_word(m["wd"])
        return _Cand(m.start(), m.end(), "TIME", _time_of_day(day, clock), anchor="dct")
    if m["w"][0].isupper() and not re.search(r"(^|[.!?:\n\"“(]\s*)$", text[max(0, m.start() - 3):m.start()]):
        return None          # a name: "Midnight Express"
    return _Cand(m.start(), m.end(), "TIME", _time_of_day(_relative("D", 0, "ref"), clock), anchor="ref")


@_rule(_B + r"(?:(?P<approx>about|around|at\s+about|at\s+around|approximately|roughly|shortly\s+(?:before|after)|"
       r"just\s+(?:before|after))\s+)?(?P<h>[01]?\d)(?:[:.]?(?P<mi>[0-5]\d))?\+?\s*(?P<ampm>[ap]\.\s?m\b\.?|[ap]\s?m\b)"
       + _TZ_RE + r"(?:(?:\s*,\s*|\s+)(?:on\s+)?(?:(?P<wd>" + _WEEKDAY_RE + r"|" + _DAYWORD_RE + r")"
       r"(?:,?\s+(?P<mon>" + _MONTH_RE + r")\s*(?P<day>" + _DAY_RE + r"))?|(?P<mon2>" + _MONTH_RE + r")\s*(?P<day2>"
       + _DAY_RE + r")))?" + _E)
def _clock_rule(m: re.Match, text: str) -> _Cand | None:
    h = int(m["h"])
    if not 1 <= h <= 12:
        return None
    mi = int(m["mi"] or 0)
    pm = m["ampm"].lower().startswith("p")
    h24 = (h % 12) + (12 if pm else 0)
    clock = f"T{h24:02d}:{mi:02d}"
    day: _Resolver = _relative("D", 0, "ref")
    anchor = "ref"
    mon, mday = (m["mon"], m["day"]) if m["mon"] else (m["mon2"], m["day2"])
    if mon and mday and _month_word_ok(mon, text, m.start(), m.end(), True):
        day = _month_day(_month_of(mon), int(re.match(r"\d+", mday)[0]))
        anchor = "dct"
    elif m["wd"]:
        day = _day_word(m["wd"])
        anchor = "dct"
    start = m.start("h") if (m["approx"] or "").lower().startswith(("shortly", "just")) else m.start()
    return _Cand(start, m.end(), "TIME", _time_of_day(day, clock), anchor=anchor, clock=anchor == "ref")


@_rule(_B + r"(?:(?P<mod>early|late|mid)[\s-]*)?(?P<part>morning|afternoon|evening|night)\s+(?P<rel>yesterday|today|"
       r"tomorrow)" + _E)
def _part_then_day_rule(m: re.Match, text: str) -> _Cand | None:
    """"mid-afternoon yesterday", "late morning today": that part of that day."""
    n = _DAYREL[m["rel"].lower()]
    return _Cand(m.start(), m.end(), "TIME", _relative("D", n, suffix="T" + _PARTS[m["part"].lower()]), anchor="dct")


_CLOCK_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12}


@_rule(_B + r"(?P<h>1[0-2]|0?[1-9]|" + _alt(_CLOCK_WORDS) + r")(?:[:.](?P<mi>[0-5]\d))?(?:\s+o['’]clock)?"
       r"\s+in\s+the\s+(?P<part>morning|afternoon|evening|night)" + _E)
def _hour_in_part_rule(m: re.Match, text: str) -> _Cand | None:
    """"4 in the morning", "eight in the evening": a clock time on the narrative's day."""
    if re.search(r"[\d.,$:/-]$", text[max(0, m.start() - 1):m.start()]):
        return None
    h = int(m["h"]) if m["h"].isdigit() else _CLOCK_WORDS[m["h"].lower()]
    part = m["part"].lower()
    pm = part in ("afternoon", "evening") or (part == "night" and 6 <= h <= 11)
    h24 = (h % 12) + (12 if pm else 0)
    clock = f"T{h24:02d}:{int(m['mi'] or 0):02d}"
    return _Cand(m.start(), m.end(), "TIME", _time_of_day(_relative("D", 0, "ref"), clock), anchor="ref",
                 clock=True)


@_rule(_B + r"(?:(?P<pre>at|around|about|by|until|from|to|since|before|after)\s+)?(?P<h>[01]?\d|2[0-3])"
       r"(?P<sep>:)?(?P<mi>[0-5]\d)(?P<tz>\s*(?:UTC|GMT|Z|local\s+time|hours|hrs|h(?![\w]))(?:\s*[+-]\s*\d{1,2})?)?"
       r"(?:(?:\s*,\s*|\s+)(?:on\s+)?(?:(?P<wd>" + _WEEKDAY_RE + r"|" + _DAYWORD_RE + r")|(?P<mon>" + _MONTH_RE
       + r")\s*(?P<day>" + _DAY_RE + r")))?" + _E)
def _clock24_rule(m: re.Match, text: str) -> _Cand | None:
    if not m["sep"] and (not m["tz"] or len(m["h"]) != 2):
        return None         # a bare number is not a time; "0800 hours" is, "150 hours" is not
    if not m["tz"] and not m["pre"] and not m["wd"]:
        return None         # "2:1" is a score, "3:16" a verse
    if re.match(r"\s*[ap]\.?m", text[m.end():m.end() + 5], re.I):
        return None
    if re.search(r"[\d:.]$", text[max(0, m.start("h") - 1):m.start("h")]):
        return None
    h, mi = int(m["h"]), int(m["mi"])
    tz = (m["tz"] or "").strip().upper()
    zone = "Z" if tz.startswith(("UTC", "GMT", "Z")) and not re.search(r"[+-]", tz) else ""
    clock = f"T{h:02d}:{mi:02d}{zone}"
    day: _Resolver = _relative("D", 0, "ref")
    if m["wd"]:
        day = _day_word(m["wd"])
    elif m["mon"] and _month_word_ok(m["mon"], text, m.start("mon"), m.end("mon"), True):
        day = _month_day(_month_of(m["mon"]), int(re.match(r"\d+", m["day"])[0]))
    start = m.start("h")
    return _Cand(start, m.end(), "TIME", _time_of_day(day, clock), anchor="ref",
                 clock=not (m["wd"] or m["mon"]))


# "last week", "this month", "next year", "the following week", "earlier this month"
@_rule(_B + r"(?:(?P<pre>early|late|mid|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
       r"the\s+middle\s+of|the\s+rest\s+of|the\s+remainder\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|"
       r"the\s+turn\s+of)(?:[\s-]+in)?[\s-]+)?"
       r"(?P<det>last|this|next|past|coming|current|previous|following|the\s+past|the\s+last|the\s+next|"
       r"the\s+coming|the\s+current|the\s+previous|the\s+following|the\s+same|that\s+same|that|the\s+preceding|"
       r"the\s+prior|the\s+present|the\s+new)\s+(?:(?:fiscal|calendar|financial|school|academic)\s+)?"
       r"(?P<u>week|month|year|weekend|fortnight)" + _E)
def _unit_relative_rule(m: re.Match, text: str) -> _Cand | None:
    det = re.sub(r"\s+", " ", m["det"].lower())
    pre = re.sub(r"\s+", " ", (m["pre"] or "").lower())
    unit = _unit_code(m["u"])
    prev = _prev_word(text, m.start())
    if _quoted_title(text, m.start(), m.end()):
        return None          # a quoted title: ABC's "This Week"
    if det in ("the next", "the coming") and not pre and unit != "WE" \
            and prev in ("over", "during", "for", "within", "throughout", "through"):
        return _Cand(m.start(), m.end(), "DURATION", _fixed(_duration(1, unit)))
    if det in ("the new",) and unit != "Y":
        return None
    if det == "the new" and _next_word(text, m.end()) not in ("", "and", "holiday", "holidays"):
        return None
    n = {"last": -1, "this": 0, "next": 1, "past": -1, "coming": 1, "current": 0, "previous": -1,
         "following": 1, "the past": -1, "the last": -1, "the next": 1, "the coming": 1, "the current": 0,
         "the previous": -1, "the following": 1, "the same": 0, "that same": 0, "that": 0,
         "the preceding": -1, "the prior": -1, "the present": 0, "the new": 1}[det]
    anchor = "ref" if det in ("the previous", "the following", "the same", "that same", "that",
                              "the preceding", "the prior", "previous", "following") else "dct"
    if unit == "WE":
        return _Cand(m.start(), m.end(), "DATE", _weekend(n, anchor), anchor=anchor)
    return _Cand(m.start(), m.end(), "DATE", _year_earlier(unit, n, anchor) if unit == "Y" and n == -1
                 and anchor == "ref" else _relative(unit, n, anchor), anchor=anchor, topic=n == 0)


@_rule(_B + r"(?:(?P<det>the|this)\s+)?(?P<u>weekend)(?P<pl>s)?" + _E)
def _weekend_rule(m: re.Match, text: str) -> _Cand | None:
    """"the weekend", "this weekend", "weekends" (a set)."""
    if m["pl"]:
        return _Cand(m.start("u"), m.end(), "SET", _fixed("XXXX-WE"))
    if _next_word(text, m.end()) in ("edition", "editions", "magazine", "supplement"):
        return None
    det = (m["det"] or "").lower()
    return _Cand(m.start(), m.end(), "DATE", _weekend(0 if det == "this" else None), anchor="dct")


# "two days later", "a year ago", "three weeks earlier", "10 days from now"
@_rule(_B + r"(?:(?P<approx>" + _APPROX_RE + r")\s+)?(?P<num>" + _NUM_RE + r")[\s-]+(?:more\s+|full\s+|long\s+)?"
       r"(?P<u>" + _UNIT_RE + r")(?:\s+(?:or\s+so|and\s+a\s+half))?\s+(?P<dir>ago|earlier|later|before|after|afterwards?|"
       r"hence|from\s+now|prior|previously|back|on|in\s+advance)" + _E)
def _offset_rule(m: re.Match, text: str) -> _Cand | None:
    """A count of units from the publication date ("ago", "from now") or from the narrative
    reference ("later", "earlier", "after" at the end of a clause)."""
    unit = _unit_code(m["u"])
    if unit == "WE":
        return None
    n = _number(m["num"])
    if m["num"].endswith("+"):
        n = int(m["num"][:-1])   # "1+ hr ago": at least that long ago, dated by the lower bound
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    nxt = _next_word(text, m.end())
    if direction in ("before", "after", "prior", "on") and re.match(r"\s+\w", text[m.end():m.end() + 2]) \
            and nxt not in ("that", "this", "and", "but", "then"):
        return None          # "three days after the attack": the duration rule takes "three days"
    if direction == "back" and nxt in ("to", "from", "in", "into", "at", "home"):
        return None
    start = m.start()
    if n is None or n != int(n):
        value = "FUTURE_REF" if direction in ("later", "after", "afterwards", "afterward", "hence", "from now",
                                               "on") else "PAST_REF"
        return _Cand(start, m.end(), "DATE", _fixed(value), anchor="dct")
    sign = 1 if direction in ("later", "after", "afterwards", "afterward", "hence", "from now", "on",
                              "in advance") else -1
    anchor = "dct" if direction in ("ago", "hence", "from now", "back") else "ref"
    if direction == "in advance":
        sign, anchor = -1, "ref"
    if unit in ("Y",) and n == 1:
        return _Cand(start, m.end(), "DATE", _year_earlier(unit, sign * int(n), anchor), anchor=anchor,
                     topic=False)
    if unit in ("W", "FN"):
        # "two weeks ago" names the day two weeks back (as TimeML corpora annotate it), not a week
        days = int(n) * (14 if unit == "FN" else 7)
        return _Cand(start, m.end(), "DATE", _relative("D", sign * days, anchor), anchor=anchor)
    return _Cand(start, m.end(), "DATE", _relative(unit, sign * int(n), anchor), anchor=anchor)


@_rule(_B + r"(?:(?P<approx>" + _APPROX_RE + r")\s+)?(?P<u>years|months|weeks|days|decades|centuries|hours|minutes|moments)"
       r"\s+(?P<dir>ago|earlier|later|before|after|afterwards?|from\s+now)" + _E)
def _vague_offset_rule(m: re.Match, text: str) -> _Cand | None:
    direction = m["dir"].lower()
    nxt = _next_word(text, m.end())
    if direction in ("before", "after") and re.match(r"\s+\w", text[m.end():m.end() + 2]) and nxt not in (
            "that", "and", "but", "when"):
        return None
    past = direction in ("ago", "earlier", "before")
    return _Cand(m.start(), m.end(), "DATE", _fixed("PAST_REF" if past else "FUTURE_REF"),
                 anchor="dct")


_ORD_NTH = _alt(["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"])


@_rule(_B + r"(?:(?P<det>a|an|the|its|their|his|her)\s+)(?P<ord>" + _ORD_NTH + r"|\d{1,3}(?:st|nd|rd|th))\s+"
       r"(?:(?:consecutive|straight|successive|running)\s+)?(?P<u>day|week|month|year)(?:\s+in\s+a\s+row)?(?![\w-])")
def _ordinal_unit_rule(m: re.Match, text: str) -> _Cand | None:
    """"the eighth day of the siege", "a second consecutive day", "the fourth week in a row": the day
    (week ...) the narrative is on, counted within a run (TimeML annotates it as that DATE)."""
    unit = _unit_code(m["u"])
    start = m.start("ord") if m["det"].lower() in ("its", "their", "his", "her") else m.start()

    def resolve(ctx: _Ctx):
        anchor = "dct" if ctx.tense in ("present", None) else "ref"
        return _relative(unit, 0, anchor)(ctx)
    return _Cand(start, m.end(), "DATE", resolve, anchor="ref")


@_rule(_B + r"(?P<w>the\s+(?:next|following|previous|preceding|same)\s+day|that\s+(?:same\s+)?day|"
       r"the\s+day\s+(?:before|after)|(?:earlier|later|early|late)\s+(?:that|the\s+same|in\s+the)\s+day|"
       r"(?:the\s+)?next\s+day|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
       r"(?:earlier|later)\s+that\s+(?:week|month|year)|(?:earlier|later)\s+in\s+the\s+(?:week|month|year)|"
       r"(?:later|earlier)\s+this\s+(?:week|month|year)|the\s+same\s+(?:week|month|year)|"
       r"the\s+night\s+before|the\s+previous\s+night)" + _E)
def _ref_day_rule(m: re.Match, text: str) -> _Cand | None:
    """Days and units counted from the narrative reference: "the next day", "that same day",
    "later that year", "the night before"."""
    w = re.sub(r"\s+", " ", m["w"].lower())
    if w.startswith(("later this", "earlier this")):
        unit = _unit_code(w.split()[-1])
        return _Cand(m.start(), m.end(), "DATE", _relative(unit, 0, "dct"), anchor="dct")
    if w.endswith(("week", "month", "year")):
        unit = _unit_code(w.split()[-1])
        return _Cand(m.start(), m.end(), "DATE", _relative(unit, 0, "ref"), anchor="ref")
    if w == "the day before yesterday":
        return _Cand(m.start(), m.end(), "DATE", _relative("D", -2, "dct"), anchor="dct")
    if w == "the day after tomorrow":
        return _Cand(m.start(), m.end(), "DATE", _relative("D", 2, "dct"), anchor="dct")
    if w in ("the night before", "the previous night"):
        return _Cand(m.start(), m.end(), "TIME", _relative("D", -1, "ref", "TNI"), anchor="ref")
    if "next" in w or "following" in w or "after" in w:
        n = 1
    elif "previous" in w or "preceding" in w or "before" in w:
        n = -1
    else:
        n = 0
    if w in ("the day before", "the day after") and re.match(r"\s+[A-Za-z]", text[m.end():m.end() + 2]) \
            and _next_word(text, m.end()) not in ("and", "but", "when", "yesterday", "tomorrow"):
        return None          # "the day after the vote": counted from an event, not a date
    return _Cand(m.start(), m.end(), "DATE", _relative("D", n, "ref"), anchor="ref")


# durations: "three days", "the past two months", "the first nine months", "several years"
@_rule(_B + r"(?:(?P<approx>" + _APPROX_RE + r")\s+)?(?:(?P<det>the|a|an|these|those|its|their|his|her)\s+)?"
       r"(?:(?P<rel>past|last|next|first|coming|previous|following|final|latest|initial|remaining|full|better\s+part\s+of\s+the|"
       r"entire|whole|same|subsequent|preceding|ensuing|recent|year-earlier|year-ago)\s+)?"
       r"(?:(?P<approx2>" + _APPROX_RE + r")\s+)?(?P<num>" + _NUM_RE + r")(?:\s+(?:more|full|long|straight|"
       r"consecutive|additional|further|extra|successive|separate|short|brief|whole|entire|other|trading|business|"
       r"working|calendar|school))?(?:\s+|(?<=\d))(?P<u>" + _UNIT_RE + r")(?P<half>\s+and\s+a\s+half)?" + _E)
def _duration_rule(m: re.Match, text: str) -> _Cand | None:
    unit = _unit_code(m["u"])
    num = m["num"].lower()
    n = _number(m["num"])
    if m["half"] and n is not None:
        n += 0.5             # "a minute and a half"
    det = (m["det"] or "").lower()
    rel = (m["rel"] or "").lower()
    if unit == "WE":
        return None
    if re.fullmatch(r"1\d{3}|20\d\d", num) and not m["u"].lower().endswith("s"):
        return None          # "the 1988 quarter" is a year's quarter, not 1988 quarters
    if num in ("a", "an") and not m["u"].lower().endswith("s"):
        # "a day", "a year": a set after a rate ("twice a day", "$50 a year"), else a duration
        before = text[max(0, m.start() - 25):m.start()].lower()
        if re.search(r"(once|twice|thrice|times|\d|percent|%|dollars|cents|euros|pounds|million|billion)\s*$", before):
            return _Cand(m.start("num"), m.end(), "SET", _fixed(_duration(1, unit)))
        if det in ("the",):
            return None
    if num in ("some", "many") and not m["u"].lower().endswith("s"):
        return None
    if unit == "S" and num in ("a", "an") and re.match(r"\s+[A-Za-z]", text[m.end():m.end() + 2]) and \
            _next_word(text, m.end()) not in ("ago", "later", "earlier", "and", "or", "to", "of", "before", "after"):
        return None          # "a second consecutive day" is an ordinal
    if rel in ("recent",) and n is None:
        return _Cand(m.start(), m.end(), "DATE", _fixed("PAST_REF"), anchor="dct")
    if det in ("its", "their", "his", "her"):
        start = m.start("rel") if m["rel"] else m.start("num")
    elif det and (m["approx"] or "").lower() in ("over", "under", "just", "only", "some"):
        start = m.start("det")       # "over the past two weeks": a preposition, not a quantity
    else:
        start = m.start()
    if unit == "Q" and n is not None and rel in ("first", "last", "past", "next"):
        return _Cand(start, m.end(), "DURATION", _fixed(_duration(3 * n, "M")))
    if re.match(r"\s*-?\s*old\b", text[m.end():m.end() + 6], re.I):
        return None          # an age
    return _Cand(start, m.end(), "DURATION", _fixed(_duration(n, unit)))


@_rule(_B + r"(?P<num>\d+(?:\.\d+)?|" + _NUMWORD + r"(?:-" + _alt(list(_SMALL)[1:10]) + r")?|half|multi|one)-"
       r"(?P<u>second|minute|hour|day|week|month|year|decade|century|quarter)(?:-long)?" + _E)
def _adjective_duration_rule(m: re.Match, text: str) -> _Cand | None:
    if re.match(r"-old|\s+old\b|-olds", text[m.end():m.end() + 6], re.I):
        return None
    num = m["num"].lower()
    n = 0.5 if num == "half" else (None if num == "multi" else _number(num))
    return _Cand(m.start(), m.end(), "DURATION", _fixed(_duration(n, _unit_code(m["u"]))))


@_rule(_B + r"(?P<u>years|months|weeks|days|decades|centuries|hours|year|month|week|day)-long" + _E)
def _long_rule(m: re.Match, text: str) -> _Cand | None:
    u = m["u"].lower()
    n = None if u.endswith("s") else 1
    return _Cand(m.start(), m.end(), "DURATION", _fixed(_duration(n, _unit_code(u))))


@_rule(_B + r"(?:(?P<pre>for|over|in|within|after|take|takes|took|taken|spent|spend|lasted|last|lasting|"
       r"recent|past|the\s+past|the\s+last|the\s+coming|the\s+next|coming|many|several|few|the\s+early|the\s+first|"
       r"the\s+final|the\s+last\s+few|the\s+past\s+few|the\s+next\s+few|the\s+coming|those|these|of|more)\s+)"
       r"(?P<u>years|months|weeks|days|decades|centuries|hours|minutes)" + _E)
def _plural_unit_rule(m: re.Match, text: str) -> _Cand | None:
    pre = re.sub(r"\s+", " ", m["pre"].lower())
    unit = _unit_code(m["u"])
    nxt = _next_word(text, m.end())
    if pre in ("recent",):
        # "in recent years": TimeML annotates a span of unknown length (PXY), as TimeBank mostly does
        return _Cand(m.start(), m.end(), "DURATION", _fixed(_duration(None, unit)))
    if pre in ("the past", "the last", "the coming", "the next", "past", "coming", "the last few",
               "the past few", "the next few"):
        return _Cand(m.start(), m.end(), "DURATION", _fixed(_duration(None, unit)))
    if pre in ("these", "those") and unit == "D":
        if pre == "these":
            return _Cand(m.start(), m.end(), "DATE", _fixed("PRESENT_REF"), anchor="dct")
        return None
    if pre in ("many", "several", "few", "more", "the early", "the first", "the final", "of", "those", "these"):
        return None
    if pre in ("for", "over", "within", "took", "take", "takes", "taken", "spent", "spend", "lasted", "lasting",
               "after", "in", "last"):
        if pre == "in" and nxt not in ("", "and", "."):
            return None
        if pre == "last":
            return None
        if nxt in ("of", "old", "ago", "later", "earlier"):
            if nxt in ("ago", "later", "earlier"):
                return None
        return _Cand(m.start("u"), m.end(), "DURATION", _fixed(_duration(None, unit)))
    return None


@_rule(_B + r"(?P<w>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|bi-weekly|fortnightly|"
       r"semiannually|semi-annually|bimonthly|bi-monthly|everyday)" + _E)
def _set_adverb_rule(m: re.Match, text: str) -> _Cand | None:
    w = m["w"].lower().replace("-", "")
    nxt = _next_word(text, m.end())
    value = {"daily": "P1D", "everyday": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
             "yearly": "P1Y", "hourly": "PT1H", "nightly": "TNI", "biweekly": "P2W", "fortnightly": "P2W",
             "quarterly": "P3M", "semiannually": "P6M", "bimonthly": "P2M"}[w]
    if w in ("daily", "weekly", "monthly") and _is_capitalised(m["w"]) and nxt and text[m.end():m.end() + 2].strip()[:1].isupper():
        return None      # "Daily Telegraph", "Weekly Standard"
    return _Cand(m.start(), m.end(), "SET", _fixed(value))


@_rule(_B + r"(?P<q>every|each|per)\s+(?:(?P<other>other|single|few)\s+)?(?:(?P<num>" + _NUM_RE + r")\s+)?"
       r"(?P<u>" + _UNIT_RE + r"|" + _PART_RE + r"|" + _WEEKDAY_RE + r"|" + _MONTH_RE + r")" + _E)
def _every_rule(m: re.Match, text: str) -> _Cand | None:
    u = m["u"].lower()
    if u.rstrip(".") in _MONTHS and u.rstrip(".") not in _UNITS:
        if not _month_word_ok(m["u"], text, m.start("u"), m.end("u"), True) or m["num"]:
            return None
        return _Cand(m.start(), m.end(), "SET", _fixed(f"XXXX-{_month_of(m['u']):02d}"))    # "each July"
    if u.rstrip(".") in _WEEKDAYS:
        return _Cand(m.start(), m.end(), "SET", _fixed(f"XXXX-WXX-{_weekday_of(u)}"))
    if u in _PARTS:
        return _Cand(m.start(), m.end(), "SET", _fixed("T" + _PARTS[u]))
    unit = _unit_code(u)
    if unit == "WE":
        return _Cand(m.start(), m.end(), "SET", _fixed("XXXX-WE"))
    n = _number(m["num"]) if m["num"] else 1
    if (m["other"] or "").lower() == "other":
        n = 2
    if (m["q"]).lower() == "per" and m["num"]:
        return None
    return _Cand(m.start(), m.end(), "SET", _fixed(_duration(n, unit)))


@_rule(_B + r"(?P<w>now|right\s+now|just\s+now|currently|nowadays|presently|at\s+present|at\s+the\s+moment|"
       r"for\s+now|recently|lately|previously|formerly|in\s+the\s+past|the\s+past|in\s+the\s+future|the\s+future|"
       r"the\s+near\s+future|soon|shortly|sooner|in\s+recent\s+(?:years|months|weeks|days|times)|"
       r"these\s+days|the\s+present|to\s+date|so\s+far|once|in\s+the\s+old\s+days|"
       r"a\s+later\s+date|an\s+earlier\s+date|the\s+moment|any\s+time|anytime|as\s+yet|current|recent|"
       r"the\s+(?:near|short|long)(?:er)?\s+term)" + _E)
def _ref_word_rule(m: re.Match, text: str) -> _Cand | None:
    w = re.sub(r"\s+", " ", m["w"].lower())
    start, end = m.start(), m.end()
    nxt = _next_word(text, end)
    prev = _prev_word(text, start)
    if w in ("once", "to date", "so far", "the moment", "any time", "anytime", "as yet", "sooner",
             "shortly", "just now"):
        return None
    if w == "for now":
        return _Cand(end - 3, end, "DATE", _fixed("PRESENT_REF"), anchor="dct")
    if w.endswith(" term"):
        # "in the near term", "for the long term": an unspecified time ahead
        return _Cand(start, end, "DATE", _fixed("FUTURE_REF"), anchor="dct")
    if w in ("current", "recent"):
        # adjectives: "current prices", "recent attacks"; not a current account or a sea current
        if not re.match(r"\s+[a-z]", text[end:end + 2]) or nxt in _NOT_TEMPORAL_AFTER_CURRENT:
            return None
        return _Cand(start, end, "DATE", _fixed("PRESENT_REF" if w == "current" else "PAST_REF"), anchor="dct")
    if w == "previously":
        return None
    if w == "now" and prev in ("from", "until", "till", "by", "than"):
        if prev == "from":
            return None
    if w in ("the past", "the future") and nxt in ("tense", "perfect", "participle"):
        return None
    if w == "the past" and re.match(r"\s+(?:\d|" + _NUMWORD + r"|few|several|many|week|month|year|decade|day|"
                                    r"weekend|quarter|century)\b", text[end:end + 20], re.I):
        return None
    if w.startswith("in the "):
        start = m.start() + 3
        w = w[3:]
    if w.startswith("in recent"):
        start = m.start() + 3
        if w.endswith("times"):
            return _Cand(start, end, "DATE", _fixed("PAST_REF"), anchor="dct")
        return _Cand(start, end, "DURATION", _fixed(_duration(None, _unit_code(w.split()[-1]))))
    value = {"now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
             "nowadays": "PRESENT_REF", "presently": "PRESENT_REF", "at present": "PRESENT_REF",
             "at the moment": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
             "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
             "the past": "PAST_REF", "in the old days": "PAST_REF", "an earlier date": "PAST_REF",
             "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
             "a later date": "FUTURE_REF"}.get(w)
    if value is None:
        return None
    return _Cand(start, end, "DATE", _fixed(value), anchor="dct")


@_rule(_B + r"(?:the\s+)?(?:comparable\s+|same\s+)?(?:year[-\s](?:earlier|ago)|prior[-\s]year|year[-\s]before)"
       r"(?:\s+(?P<what>period|quarter|month|week|level|levels))?" + _E)
def _year_earlier_rule(m: re.Match, text: str) -> _Cand | None:
    what = (m["what"] or "").lower()
    if what == "period":
        return None          # the period rule's
    span = text[m.start():m.end()].lower()
    if not span.startswith("the") and not re.search(r"year-", span) and what == "":
        return None          # "a year earlier" is the offset rule's
    end = m.end() if what in ("period", "quarter", "month", "week", "") else m.start("what") - 1
    if what == "month":
        return _Cand(m.start(), end, "DATE", _relative("M", -12, "ref"), anchor="ref")
    if what == "quarter":
        return _Cand(m.start(), end, "DATE", _discussed_quarter(-1), anchor="dct", topic=False)
    return _Cand(m.start(), end, "DATE", _year_earlier("Y", -1, "ref"), anchor="ref", topic=False)


@_rule(_B + r"(?:the\s+)?(?P<w>year[-\s]end|year[-\s]to[-\s]date|end[-\s]of[-\s](?:the[-\s])?year|"
       r"the\s+end\s+of\s+(?:the|this|next|last)\s+year)" + _E)
def _year_end_rule(m: re.Match, text: str) -> _Cand | None:
    w = m["w"].lower()
    n = 1 if "next" in w else -1 if "last" in w else 0
    if "to" in w.split("-")[1:2] or "to-date" in w or "to date" in w:
        return None
    return _Cand(m.start(), m.end(), "DATE", _relative("Y", n, "dct"), anchor="dct")


@_rule(_B + r"(?P<pre>for|in|by|than|during|throughout|over|of)\s+(?P<span>the\s+(?:(?P<adj>full|entire|whole|"
       r"current|same|fiscal|calendar)\s+)?(?P<u>year|week|month))" + _E)
def _the_unit_rule(m: re.Match, text: str) -> _Cand | None:
    """"for the year", "during the week": the unit the narrative is in."""
    pre, adj = m["pre"].lower(), (m["adj"] or "").lower()
    unit = _unit_code(m["u"])
    nxt = _next_word(text, m.end())
    if nxt in ("ended", "ending", "end", "ends") and unit == "Y":
        return _Cand(m.start("span"), m.end(), "DURATION", _fixed("P1Y"))     # "the year ended March 31"
    if nxt in ("of", "that", "which", "when", "before", "after", "since", "in", "to", "ahead", "earlier", "ago",
               "following", "prior"):
        return None
    if pre == "of" and adj not in ("current", "fiscal"):
        return None
    if unit == "Y" and adj in ("full", "entire", "whole") and pre != "throughout":
        # "profit for the full year": the (fiscal) year the story is about, a date: the year of the
        # quarter it reports, else the year of publication
        def resolve(ctx: _Ctx):
            if ctx.quarter:
                return ctx.quarter[:4], "year"
            return _relative("Y", 0, "dct")(ctx)
        return _Cand(m.start("span"), m.end(), "DATE", resolve, anchor="dct")
    if adj in ("full", "entire", "whole") or pre in ("throughout",):
        return _Cand(m.start("span"), m.end(), "DURATION", _fixed(_duration(1, unit)))
    anchor = "dct" if adj == "current" else "ref"
    return _Cand(m.start("span"), m.end(), "DATE", _relative(unit, 0, anchor), anchor=anchor)


@_rule(_B + r"the\s+(?P<y>" + _YEAR_RE + r")\s+(?:(?:fiscal|calendar)\s+)?(?P<u>quarter|period)" + _E)
def _year_period_rule(m: re.Match, text: str) -> _Cand | None:
    """"the 1988 quarter", "the 1989 period": the quarter the text is about, in that year."""
    year = int(m["y"])

    def resolve(ctx: _Ctx):
        if ctx.quarter is None:
            return f"{year:04d}", "year"
        return f"{year:04d}{ctx.quarter[4:]}", "quarter"
    return _Cand(m.start(), m.end(), "DATE", resolve, explicit_year=True, topic=False)


@_rule(_B + r"(?P<det>the|that|this)\s+(?:(?P<adj>latest|same|comparable|year-earlier|year-ago|"
       r"most\s+recent|current|recent|reporting|fiscal)\s+)?(?P<u>period|month)"
       r"(?P<back>\s+(?:of\s+)?(?:last\s+year|the\s+last\s+year|the\s+previous\s+year|a\s+year\s+(?:earlier|ago|before)))?"
       + _E)
def _period_rule(m: re.Match, text: str) -> _Cand | None:
    """"the latest period", "the same period last year": the period a results story is about (the
    month or quarter it last named), a year back for a comparison."""
    adj = (m["adj"] or "").lower()
    unit = m["u"].lower()
    if unit == "month" and adj != "same":
        return None
    back = adj in ("year-earlier", "year-ago", "comparable") or bool(m["back"])
    if not adj and not m["back"] and m["det"].lower() == "the":
        return None

    def resolve(ctx: _Ctx):
        if unit == "period" and ctx.quarter is not None and (ctx.period is None or "Q" in ctx.period):
            value = ctx.quarter
        elif ctx.period is not None and (unit == "period" or "Q" not in ctx.period):
            value = ctx.period
        else:
            return ("XXXX-QX" if unit == "period" else "XXXX-XX"), None
        if back:
            value = f"{int(value[:4]) - 1:04d}{value[4:]}"
        rng = calendar_range(value)
        return value, rng.precision if rng else None
    return _Cand(m.start(), m.end(), "DATE", resolve, anchor="ref", topic=False)


@_rule(_B + r"the\s+(?P<u>days|weeks|months|years|hours)\s+(?P<dir>ahead|before|after|since|following|to\s+come|"
       r"leading\s+up|preceding|that\s+followed|prior)" + _E)
def _the_units_around_rule(m: re.Match, text: str) -> _Cand | None:
    """"in the days before the vote", "the weeks ahead": a vague span."""
    end = m.end() if m["dir"].lower() in ("ahead", "to come") else m.end("u")
    return _Cand(m.start(), end, "DURATION", _fixed(_duration(None, _unit_code(m["u"]))))


@_rule(r"(?<![\w'’#@-])(?:(?P<det>the|that|this|these|those)\s+)?(?:(?P<adj>whole|entire|same|very|big|special|"
       r"long|busy|good|great|nice|first|last)\s+)?(?P<w>day|days|night|nights|nite|morning|mornings|afternoon|"
       r"afternoons|evening|evenings|week|weeks|month|months|year|years|spring|summer|winter|autumn)(?![\w-])")
def _bare_unit_rule(m: re.Match, text: str) -> _Cand | None:
    """A temporal noun on its own ("a long day", "at night", "the week"), which TimeML annotates too.

    The other rules take every longer expression that contains one; this is what is left.
    """
    w = m["w"].lower()
    det = (m["det"] or "").lower()
    adj = (m["adj"] or "").lower()
    nxt = _next_word(text, m.end())
    prev = _prev_word(text, m.start())
    word = m["w"]
    if _quoted_title(text, m.start(), m.end()):
        return None          # a quoted title: ABC's "This Week"
    if w == "day" and det == "the" and not adj and re.search(r"\b(?:carr(?:y|ies|ied|ying)|w[io]n|wins|winning|"
                                                             r"sav(?:e|es|ed|ing)|rul(?:e|es|ed|ing))\s+$",
                                                             text[max(0, m.start() - 12):m.start()], re.I):
        return None          # an idiom: "carried the day", "saved the day"
    if word[0].isupper() and not word.isupper() and not det and not adj and \
            not re.search(r"(^|[.!?:\n\"“]\s*)$", text[max(0, m.start() - 3):m.start()]):
        return None          # a name: "Sandra Day O'Connor", "International Women's Day", "Fashion Week"
    if prev in ("per", "a", "an", "each", "every") and not det and not adj:
        if w in ("day", "week", "month", "year", "night", "morning"):
            before = text[max(0, m.start() - 25):m.start()].lower()
            if prev in ("per", "a", "an") and re.search(r"(once|twice|times|\d|percent|%|dollars|cents)\s+\w+\s*$",
                                                         before):
                return _Cand(m.start() - len(prev) - 1, m.end(), "SET", _fixed(_duration(1, _unit_code(w))))
    if not det and not adj and (re.fullmatch(r"[\d.,]+", prev) or prev in _TENS
                                or prev in _SMALL and prev != "one"):
        return None          # a count the other rules turned down: an age ("52 years old"), a measure
    start = m.start() if det else (m.start("adj") if adj else m.start("w"))
    if adj in ("first", "last", "long", "busy", "good", "great", "nice", "big", "special") and not det:
        start = m.start("w")
    if w in ("spring", "summer", "winter", "autumn"):
        if nxt in ("up", "back", "from", "into", "water", "waters", "roll", "rolls", "onion", "onions", "break",
                   "collection", "olympics", "games", "palace", "festival", "fashion", "session", "term",
                   "semester", "offensive", "camp", "school", "solstice") or prev in ("hot", "mineral", "arab"):
            return None
        if w == "spring" and not _is_capitalised(m["w"]) and prev not in ("in", "this", "the", "last", "next",
                                                                          "of", "early", "late", "by"):
            return None
        return _Cand(m.start("w") if det != "the" else m.start(), m.end(), "DATE",
                     _season(_SEASONS[w], "bare"), anchor="dct")
    if w.rstrip("s") in ("night", "nite", "morning", "afternoon", "evening"):
        part = _PARTS[w.rstrip("s")]
        if nxt in ("shift", "shifts", "club", "clubs", "market", "markets", "show", "shows", "paper", "papers",
                   "edition", "sky", "vision", "life", "star") and not det:
            return None
        return _Cand(start, m.end(), "TIME", _relative("D", 0, "ref", "T" + part), anchor="ref")
    unit = _unit_code(w)
    if w.endswith("s"):
        if det in ("these",) and unit == "D":
            return _Cand(start, m.end(), "DATE", _fixed("PRESENT_REF"), anchor="dct")
        if det in ("those",):
            return _Cand(start, m.end(), "DATE", _fixed("PAST_REF"), anchor="dct")
        return _Cand(start, m.end(), "DURATION", _fixed(_duration(None, unit)))
    if det in ("the", "that", "this") and adj not in ("whole", "entire", "first", "last", "long"):
        if nxt in ("before", "after") and det == "the":
            return None
        if nxt.rstrip(".") in _WEEKDAYS or nxt in _DAYREL:
            return None      # "during the day Friday": the weekday dates it
        anchor = "dct" if det == "this" else "ref"
        return _Cand(start, m.end(), "DATE", _relative(unit, 0, anchor), anchor=anchor)
    return _Cand(start, m.end(), "DURATION", _fixed(_duration(1, unit)))


# -- selection, sentences, tense, narrative reference -------------------------------------------

# Which words a sentence must contain for a rule to be tried on it: scanning every rule over every
# sentence is what costs time, and most sentences hold no month name, weekday or time unit.
_DIGIT = frozenset({"#"})
_UNIT_WORDS = frozenset("""second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks wk wks
fortnight fortnights month months quarter quarters year years yr yrs decade decades century centuries millennium
millennia weekend weekends""".split())
_MONTH_WORDS = frozenset(_MONTHS)
_WEEKDAY_WORDS = frozenset(_WEEKDAYS) | {w + "s" for w in _WEEKDAYS if w.endswith("day")}
_ERA_WORDS = frozenset({"bc", "bce", "ce", "ad", "b", "d"})      # "BC", "B.C.", "CE", "AD", "A.D."
#: rules tried only on a text that writes a year BC somewhere
_BC_RULES = frozenset({"_bare_bc_year_rule"})
_TRIGGERS: dict[str, frozenset[str]] = {
    "_iso_date": _DIGIT, "_numeric_date": _DIGIT, "_short_year_rule": _DIGIT, "_quarter_code_rule": _DIGIT, "_clock_rule": _DIGIT,
    "_clock24_rule": _DIGIT, "_year_rule": _DIGIT, "_year_range_rule": _DIGIT,
    "_era_year_rule": _ERA_WORDS, "_ad_year_rule": frozenset({"ad", "d"}), "_era_decade_rule": _ERA_WORDS,
    "_bare_bc_year_rule": _DIGIT,
    "_month_day_rule": _MONTH_WORDS, "_day_month_rule": _MONTH_WORDS, "_month_year_rule": _MONTH_WORDS,
    "_month_rule": _MONTH_WORDS, "_month_rel_year_rule": _MONTH_WORDS, "_week_of_rule": _MONTH_WORDS, "_day_range_rule": _MONTH_WORDS,
    "_month_range_rule": _MONTH_WORDS,
    "_spoken_year_rule": frozenset({"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                    "eighteen", "nineteen", "thousand"}),
    "_decade_rule": _DIGIT | {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
                              "nineties"},
    "_century_rule": frozenset({"century"}), "_rel_century_rule": frozenset({"century", "decade", "millennium"}),
    "_quarter_rule": frozenset({"quarter"}), "_quarter_rel_rule": frozenset({"quarter"}),
    "_half_rule": frozenset({"half"}), "_season_rule": frozenset(_SEASONS),
    "_holiday_rule": frozenset(re.findall(r"[a-z0-9]+", " ".join(_HOLIDAYS))) - {"the", "of", "s", "day", "st"},
    "_weekday_rule": _WEEKDAY_WORDS, "_day_relative_rule": frozenset(_DAYREL),
    "_part_of_day_rule": frozenset({"morning", "afternoon", "evening", "night", "nite", "nights", "nites"}),
    "_named_time_rule": frozenset({"overnight", "midnight", "midday", "noon"}),
    "_unit_relative_rule": frozenset({"week", "month", "year", "weekend", "fortnight"}),
    "_weekend_rule": frozenset({"weekend", "weekends"}),
    "_offset_rule": _UNIT_WORDS, "_vague_offset_rule": _UNIT_WORDS | {"moments"},
    "_ref_day_rule": frozenset({"day", "week", "month", "year", "night", "time", "eve"}),
    "_ordinal_unit_rule": frozenset({"day", "week", "month", "year"}),
    "_hour_in_part_rule": frozenset({"morning", "afternoon", "evening", "night"}),
    "_part_then_day_rule": frozenset({"yesterday", "today", "tomorrow"}),
    "_duration_rule": _UNIT_WORDS, "_adjective_duration_rule": _UNIT_WORDS, "_long_rule": frozenset({"long"}),
    "_plural_unit_rule": _UNIT_WORDS,
    "_set_adverb_rule": frozenset({"daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "biweekly",
                                   "bi", "fortnightly", "semiannually", "semi", "bimonthly", "everyday"}),
    "_every_rule": frozenset({"every", "each", "per"}),
    "_ref_word_rule": frozenset("""now currently nowadays presently present moment recently lately previously formerly
past future soon shortly sooner recent days date far once old later earlier time anytime yet current term""".split()),
    "_year_earlier_rule": frozenset({"year"}), "_year_end_rule": frozenset({"year"}),
    "_year_period_rule": frozenset({"quarter", "period"}),
    "_the_unit_rule": frozenset({"year", "week", "month"}), "_period_rule": frozenset({"period", "month"}),
    "_the_units_around_rule": _UNIT_WORDS,
    "_bare_unit_rule": frozenset("""day days night nights nite morning mornings afternoon afternoons evening evenings
week weeks month months year years spring summer winter autumn""".split()),
}
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_LETTERS_RE = re.compile(r"[a-z]+")
_HAS_DIGIT = re.compile(r"\d")


def _candidates(text: str, sentences: list[tuple[int, int]]) -> list[_Cand]:
    """Every rule's candidates, each rule tried only on the sentences that hold one of its words."""
    found: list[_Cand] = []
    bc = _BC_SAID.search(text) is not None
    rules = [(p, h, _TRIGGERS.get(h.__name__)) for p, h in _RULES if bc or h.__name__ not in _BC_RULES]
    for s_start, s_end in sentences:
        chunk = text[s_start:s_end]
        lower = chunk.lower()
        words = set(_TOKEN_RE.findall(lower))
        if _HAS_DIGIT.search(chunk):
            words.add("#")
            words.update(_LETTERS_RE.findall(lower))     # "16days", "7hrs": the unit word alone
        for pattern, handler, triggers in rules:
            if triggers is not None and triggers.isdisjoint(words):
                continue
            for m in pattern.finditer(text, s_start, s_end):
                got = handler(m, text)
                for c in (got if isinstance(got, list) else (got,)):
                    if c is not None and c.end > c.start:
                        found.append(c)
    return found


# "Friday 10 a.m." and "this Sat, 7pm" are one time; "tomorrow at noon" is two expressions (as annotated)
_DAY_CLOCK_GAP = re.compile(r"\s*,?\s*")


_MONTH_OR_SEASON_END = re.compile(r"(?:" + _MONTH_RE + r"|spring|summer|fall|autumn|winter)$", re.I)
_THAT_YEAR = re.compile(r"(?:that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+year", re.I)
_YEAR_ONLY = re.compile(r"(?:the\s+year\s+)?(?:\d{4}|[a-z]+(?:[\s-]+[a-z]+)*|(?:c\.\s*)?\d{1,4}\s*" + _ERA_RE + ")", re.I)


def _join_day_and_clock(chosen: list[_Cand], text: str) -> list[_Cand]:
    """Join neighbours that are one expression: a day and its clock time ("this Sat, 4:30pm", "May 10,
    2014 2pm"); a month or season and a year the other rules read apart ("January nineteen ninety-seven",
    "the winter of nineteen ninety-four", "the summer of 480 BC", "July of that year")."""
    out: list[_Cand] = []
    i = 0
    while i < len(chosen):
        a = chosen[i]
        b = chosen[i + 1] if i + 1 < len(chosen) else None
        if b is not None and a.day and b.clock and _DAY_CLOCK_GAP.fullmatch(text, a.end, b.start):
            out.append(_Cand(a.start, b.end, "TIME", _day_and_clock(a.resolve, b.resolve), anchor=a.anchor,
                             explicit_year=a.explicit_year))
            i += 2
            continue
        if (b is not None and a.type == "DATE" and not a.explicit_year and b.type == "DATE"
                and (b.explicit_year or _THAT_YEAR.fullmatch(text, b.start, b.end))
                and _MONTH_OR_SEASON_END.search(text, a.start, a.end)
                and re.fullmatch(r"\s+(?:of\s+)?", text[a.end:b.start])
                and _YEAR_ONLY.fullmatch(text, b.start, b.end) and not b.day):
            out.append(_Cand(a.start, b.end, "DATE", _in_year(a.resolve, b.resolve), anchor=b.anchor,
                             explicit_year=b.explicit_year))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# "the night of 20 June 1791", "early in the morning of 29 April", "the early morning hours of 30 April"
_PART_OF = re.compile(r"(?i)(?:\b(?:early|late)\s+(?:in\s+)?)?\bthe\s+(?:(?:early|late)\s+)?(?P<part>" + _PART_RE
                      + r")(?:\s+hours)?\s+of\s+$")


def _join_part_of_day(chosen: list[_Cand], text: str, spans: list[tuple[int, int]]) -> list[_Cand]:
    """In narrative passages (``spans``), a part of the day and the day it is of are one time: "the night
    of 20 June 1791" -> 1791-06-20TNI (HeidelTime and WikiWars; news corpora annotate the date alone)."""
    out: list[_Cand] = []
    for c in chosen:
        m = None
        if c.day and c.type == "DATE" and any(a <= c.start < b for a, b in spans):
            m = _PART_OF.search(text, max(0, c.start - 50), c.start)
        if m is None:
            out.append(c)
            continue
        while out and out[-1].end > m.start():
            out.pop()            # "the night" read alone
        out.append(_Cand(m.start(), c.end, "TIME", _time_of_day(c.resolve, "T" + _PARTS[m["part"].lower()]),
                         anchor=c.anchor, explicit_year=c.explicit_year))
    return out


def _in_year(unit: _Resolver, year: _Resolver) -> _Resolver:
    """A month or season (``unit``) in the year another expression names."""
    def resolve(ctx: _Ctx):
        value, precision = unit(ctx)
        y, _ = year(ctx)
        if not re.fullmatch(r"\d{4}", y) or not re.match(r"(?:\d{4}|XXXX)-", value):
            return value, precision
        return y + value[4:], precision
    return resolve


def _day_and_clock(day: _Resolver, clock: _Resolver) -> _Resolver:
    def resolve(ctx: _Ctx):
        value, precision = day(ctx)
        clock_value, _ = clock(ctx)
        t = clock_value.find("T")
        return re.sub(r"T.*$", "", value) + (clock_value[t:] if t >= 0 else ""), precision
    return resolve


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidates first; a candidate overlapping a chosen one is dropped."""
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                  "sept", "oct", "nov", "dec", "gen", "col", "lt", "sgt", "capt", "maj", "rep", "sen", "gov",
                  "prof", "inc", "corp", "co", "ltd", "no", "vs", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m",
                  "p.m", "jr", "sr", "mt", "ft", "pres", "adm", "cmdr", "rev", "fig", "approx", "est", "dept",
                  "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "c", "ca"}


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at . ! ? followed by space and a capital, and at blank lines."""
    spans = []
    start = 0
    for m in re.finditer(r"[.!?]+['\"”’)]*\s+(?=[\"“'‘(`]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•`\"“'‘(A-Z0-9])", text):
        end = m.start() + 1
        word = re.search(r"([\w.]+)[.!?]*['\"”’)]*$", text[max(start, m.start() - 12):m.start() + 1])
        if word and text[m.start()] == "." and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS
                                               or re.fullmatch(r"[A-Z]", word.group(1).rstrip("."))):
            continue
        spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


#: a hyphenated compound is one word: "take-off" is a noun, not the verb "take"
_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*(?:['’][a-z]+)?|'ll")
_AUX_PRESENT = {"is", "are", "am", "'s"}
_AUX_PAST = {"was", "were", "been", "had", "has", "have"}
_SAY = {"say", "says", "said", "tell", "tells", "told", "announce", "announces", "announced", "confirm",
        "confirms", "confirmed"}
# words just before an expression that point it forward whatever the verb: "until Friday", "as
# early as Tuesday", "ahead of Sunday's vote", and the dates a notice sets ("payable Dec. 1",
# "effective Feb. 1", "holders of record Nov. 10", "a vote set for April")
_FORWARD_CUE = re.compile(r"(?:\buntil|\btill|\bas\s+(?:soon|early)\s+as|\bno\s+later\s+than|\bstarting|"
                          r"\bbeginning|\bahead\s+of|\bupcoming|\bcoming|\bpayable|\beffective|\bdue|"
                          r"\bof\s+record|(?:\bset|\bplanned|\bscheduled|\bslated|\bpencilled|\bpenciled)\s+for)"
                          r"\s+(?:on\s+)?(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?$", re.I)
# a deadline moved: "extended its offer to Nov. 16", "postponed the vote until March"
_MOVED_TO = re.compile(r"\b(?:extend(?:s|ed|ing)?|postpon(?:e|es|ed|ing)|delay(?:s|ed|ing)?|push(?:es|ed)?\s+back|"
                       r"mov(?:e|es|ed|ing)|adjourn(?:s|ed|ing)?|put\s+off|reschedul(?:e|es|ed|ing))\b"
                       r"(?:\s+[\w$.,'’%-]+){0,12}?\s+(?:to|until|till|through)\s+(?:on\s+)?(?:the\s+)?"
                       r"(?:(?:early|late|mid)[\s-]+)?$", re.I)
# present-tense verbs that news uses for scheduled events ("He meets Monday with ...")
_SCHEDULE = set("""
meet meets visit visits begin begins start starts open opens hold holds face faces play plays travel
travels leave leaves arrive arrives return returns vote votes resume resumes head heads host hosts
close closes end ends expire expires launch launches convene convenes take takes
""".split())
_FUTURE_PARTICIPLES = {"expected", "scheduled", "planned", "slated", "set", "due", "going", "poised", "likely",
                       "to", "about"}
_MODALS = {"may", "might", "should", "must"}
# past verbs of intention whose infinitive looks ahead
_INTENT_VERBS = {"decided", "agreed", "planned", "voted", "promised", "pledged", "vowed", "threatened", "hoped",
                 "intended", "aimed", "wanted", "asked", "ordered", "urged", "told", "invited", "expected",
                 "scheduled", "arranged", "offered", "proposed", "sought", "called"}
# words before an -ed form that make it an adjective, not a past verb
_PREMODIFIERS = {"still", "newly", "recently", "previously", "already", "once", "well", "long", "most", "more",
                 "less", "very", "so", "as", "too", "not", "yet"}


def _verb_tense(words: list[str], i: int, left: bool = True) -> str | None:
    """The tense word ``words[i]`` signals, if it is a verb form that signals one (``left``: the
    word stands before the expression, so an infinitive after it may hold the expression)."""
    w = words[i]
    prev = words[i - 1] if i > 0 else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in _FUTURE_WORDS or w.endswith("'ll"):
        return "future"
    if w in _MODALS and nxt != "have":
        return "future"      # "the contract may be signed on September 12"
    if w in ("going", "set", "due", "poised", "about") and nxt == "to" or \
            w in ("set", "planned", "scheduled", "slated") and nxt == "for":
        return "future"
    if w in _SCHEDULE and (prev in _DETERMINERS or prev in ("of", "in", "for", "at", "on", "by", "from", "with",
                                                           "after", "before", "until", "since", "during")
                           or nxt == "of"):
        return None          # a noun: "at the close of business", "the start of talks", "after take off"
    if w in _AUX_PRESENT or w in _SCHEDULE:
        if nxt in _FUTURE_PARTICIPLES or prev in _FUTURE_WORDS:
            return "future"
        return "scheduled" if w in _SCHEDULE else "present"
    if w in _SAY:
        return "say-past" if w.endswith("d") or w == "told" else "say"
    pastish = w in _PAST_WORDS or (len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED)
    if not pastish:
        return None
    if w.endswith("ed") and w not in _VERBS and (prev in _DETERMINERS or prev in _PREMODIFIERS
                                                 or w.startswith("un")):
        return None          # an adjective: "a still unspecified date", "the proposed merger"
    if w.endswith("ed") and prev == "be" and i > 1 and words[i - 2] == "to":
        return "future"      # "an event to be held on October 12"
    if w in ("has", "have") and not (nxt in _VERBS or nxt.endswith(("ed", "en", "wn"))
                                     or nxt in _PREMODIFIERS or nxt in ("not", "never", "just", "also")):
        return "present"     # a main verb ("we have three brands"), not the perfect
    if w in _AUX_PAST:
        return "past"
    if left and w in ("planned", "scheduled") and nxt in _DETERMINERS | {"another", "new", "more"}:
        return "future"      # "exiles planned a large rally on Saturday" (not "a service planned for Saturday")
    if left and w in _INTENT_VERBS and "to" in words[i + 1:i + 4]:
        return "future"      # "decided to admit them in March", "asked it to respond by Oct. 31"
    if prev in _AUX_PRESENT:            # passive or copula: "is expected", "are closed"
        return "future" if w in _FUTURE_PARTICIPLES else "present"
    if prev in ("be", "being"):
        return None
    if prev in _FUTURE_WORDS:
        return "future"
    return "past"


def _tense_words(chunk: str) -> list[str]:
    """Lower-cased words of ``chunk``, without capitalised weekday and month names ("Sat", "May")."""
    return [w.lower().replace("’", "'") for w in _WORD_RE.findall(chunk)
            if not (w[0].isupper() and (w.lower() in _WEEKDAYS or w.lower() in _MONTHS))]


def _tense(text: str, start: int, end: int, s_start: int, s_end: int) -> str | None:
    """The tense of the verb nearest to the expression in its sentence: past, present, future.

    Looks left first (the verb an adverbial follows: "said Friday", "will meet on Tuesday"), then
    right ("On Tuesday, the council will vote"). Verbs of saying count as past only when they are.
    """
    before = text[max(s_start, start - 30):start]
    forward = bool(_FORWARD_CUE.search(before) or _MOVED_TO.search(text[max(s_start, start - 100):start]))
    until = bool(re.search(r"\b(?:until|till)\s+(?:on\s+)?$", before, re.I))
    if not forward and text[end:end + 2] in ("'s", "’s"):
        # a possessive ("Friday's vote") modifies a noun: the verb's tense is not its own
        return "past"
    left = _tense_words(text[s_start:start])[-10:]
    right = _tense_words(text[end:s_end])[:10]
    for words, order in ((left, range(len(left) - 1, -1, -1)), (right, range(len(right)))):
        for i in order:
            k = _verb_tense(words, i, words is left)
            if k is None:
                continue
            # the past perfect looks back from a past moment: "had been due to expire Friday",
            # "until Thursday, they had not called him a suspect"
            if (words[i] == "had" and until) or (k in ("future", "scheduled") and "had" in words[max(0, i - 4):i]):
                return "past"
            if forward:
                return "future"
            if k == "say-past":
                return "past"
            if k == "say":
                return None
            return k
    return "future" if forward else None


_MAIN_PREPOSITIONS = {"on", "in", "at", "by", "during", "since", "from", "early", "late", "until", "before",
                      "after", "of"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
                "your", "whose"}
_FUNCTION = {"and", "or", "but", "then", "when", "that", "which", "who", "as", "while",
             "since", "because", "so", "if", "also", "it", "he", "she", "they", "we", "i", "there", "not",
             "only", "just", "first", "again", "still", "later", "earlier"}


def _is_main(text: str, c: _Cand, s_start: int) -> bool:
    """Does the expression date its sentence's main clause (sentence-initial or attached to the verb)
    rather than a noun ("an attack on December 27")?"""
    before = text[s_start:c.start]
    words = re.findall(r"[\w'’-]+|[,;:()\"“”—–]", before)
    while words and words[-1].lower() in _MAIN_PREPOSITIONS:
        words.pop()
    if not words:
        return True
    w = words[-1]
    if w in (",", ";", ":", "(", "—", "–", "\"", "“", "”"):
        return True
    lw = w.lower()
    if lw in _DETERMINERS:
        return False      # "the May 4 elections": the date modifies a noun
    if lw in _VERBS or lw in _FUNCTION or lw in _FUTURE_WORDS:
        return True
    if len(lw) > 3 and lw.endswith("ed") and lw not in _NOT_PAST_ED:
        return True
    if w[:1].isupper():
        return True       # "Trump on Tuesday said"
    return False


# -- regime: news or narrative ------------------------------------------------------------------

# a stated year at least this many years before publication is history (years)
_HISTORY_YEARS = 2
_NEWS_CUE_RE = re.compile(r"(?i)\b(?:" + _DAYWORD_RE + r"|(?<!the\s)(?:last|this|next|coming|past)\s+"
                          r"(?:week|weekend|month|year)|ago)\b|^(?:(?:last|this|next|early|late|on)\s+)?"
                          + _WEEKDAY_RE + r"\b")
# words before a stated year that make it a limit or a label, not the time a passage is told at:
# "since 1980", "bonds due 1993", "the 1973 ruling", "Russia's 1998 default"
_NOT_STORY_BEFORE = _DETERMINERS | {"since", "until", "till", "through", "due", "than"}


_DAYWORD = re.compile(r"(?i)\b" + _DAYWORD_RE + r"\b")


def _news_cue(c: _Cand, text: str) -> bool:
    """Is the expression one that only news writes, counted from the moment of writing ("yesterday",
    "on Tuesday", "last week", "two days ago")? A weekday with its date ("Sunday, 22 January") is not."""
    if c.anchor == "abs" or c.type == "SET":
        return False
    span = text[c.start:c.end]
    return _NEWS_CUE_RE.search(span) is not None and not re.search(_MONTH_RE, span, re.I)


def _quoted(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation that opened after ``start`` (the start of its paragraph)?"""
    before = text[start:pos]
    return (before.count('"') % 2 == 1 or before.count("“") > before.count("”")
            or before.count("``") > before.count("''"))


def _history_year(c: _Cand, text: str, dct: dt.date | None) -> bool:
    """Does the expression state a year of the past that a passage is told at ("In 1812", "on 3 May
    1805", a heading "1919")? A limit or a label ("since 1980", "the 1973 ruling") does not."""
    if not c.explicit_year or c.type not in ("DATE", "TIME"):
        return False
    try:
        value, precision = c.resolve(_Ctx(dct=dct, refs={}, tense=None, quarter=None, year=None))
    except (ValueError, OverflowError):
        return False
    rng = calendar_range(value)
    if rng is None or precision is None:
        return False
    if dct is not None and _signed_year(rng.last.year) > dct.year - _HISTORY_YEARS:
        return False
    return _prev_word(text, c.start) not in _NOT_STORY_BEFORE


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans: a heading, a paragraph or a tweet each."""
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# what may stand before the year a passage opens on: "In 1812,", "On the night of 20 June 1791", "By early 1936"
_OPENING = re.compile(r"[\W_]*(?:[A-Za-z]+[\W_]+){0,4}")


class _Passage(NamedTuple):
    start: int
    end: int
    history: int          # years of the past it is told at (see _history_year)
    opens: bool           # its first expression is one of them ("In 1812, ...", a heading "1919")
    cues: int             # news cues outside quotations


def _passages(chosen: list[_Cand], text: str, dct: dt.date | None) -> list[_Passage]:
    out = []
    i = 0
    for start, end in _paragraphs(text):
        history = cues = 0
        opens = False
        first = True
        while i < len(chosen) and chosen[i].start < end:
            c = chosen[i]
            i += 1
            if c.start < start:
                continue
            if _history_year(c, text, dct):
                history += 1
                opens = opens or (first and _OPENING.fullmatch(text, start, c.start) is not None)
            elif _news_cue(c, text) and not _quoted(text, start, c.start):
                cues += 1
            first = False
        out.append(_Passage(start, end, history, opens, cues))
    return out


def _narrative_document(passages: list[_Passage]) -> bool:
    """Is the text told as history: many stated years of the past, few news cues?"""
    history = sum(p.history for p in passages)
    cues = sum(p.cues for p in passages)
    return any(history >= least and history >= per_cue * cues for least, per_cue in _NARRATIVE_YEARS)


# a narrative states at least so many years of the past, and so many for each news cue: a short one
# hardly any cue, a long one (which may tell of "Bloody Sunday" or quote a "yesterday") a few more;
# the news in the shared sets states at most 10 such years
_NARRATIVE_YEARS = ((6, 10), (20, 4))


def _narrative_spans(chosen: list[_Cand], text: str, dct: dt.date | None) -> tuple[bool, list[tuple[int, int]]]:
    """Is the document told as history, and which passages are (start, end spans)?

    A document told as history is narrative throughout, but for a passage that reads as news (news
    cues and no year of the past). In a news document a passage that opens on a year of the past,
    or states two, starts a narrative, which goes on until a passage with a news cue.
    """
    passages = _passages(chosen, text, dct)
    document = _narrative_document(passages)
    state = document
    spans: list[tuple[int, int]] = []
    for p in passages:
        if document:
            here = not (p.cues >= 2 and not p.history)
        else:
            if p.cues:
                state = False
            elif p.opens or p.history >= 2:
                state = True
            here = state
        if here:
            if spans and not text[spans[-1][1]:p.start].strip():
                spans[-1] = (spans[-1][0], p.end)
            else:
                spans.append((p.start, p.end))
    return document, spans


# the past perfect, looking back from the story's time, in the words just before an expression: "had
# spent the spring", "had been taken in May", "had already left by June" (a participle in -ed, -en,
# -wn, -t, -ne, -ung, -ught, then at most seven words without punctuation)
_PAST_PERFECT = re.compile(r"(?i)\bhad\s+(?:(?:not|never|already|just|long|been)\s+)*[a-z]+(?:ed|en|wn|t|ne|ung|ught)\b"
                           r"(?:\s+[a-z'’-]+){0,7}\s+$")


def _same_year(rng: CalendarRange, refs: dict[int, tuple[int, CalendarRange]]) -> bool:
    """Is ``rng`` in the year of the latest reference?"""
    if not refs:
        return False
    story = max(refs.values(), key=lambda v: v[0])[1]
    return rng.first.year == story.first.year and rng.last.year == story.last.year


def _openers(chosen: list[_Cand], text: str) -> set[int]:
    """The expressions that open their paragraph ("In 1812, ...", "On 3 May 1805 ...", a heading)."""
    out = set()
    i = 0
    for start, end in _paragraphs(text):
        while i < len(chosen) and chosen[i].start < start:
            i += 1
        if i < len(chosen) and chosen[i].start < end and _OPENING.fullmatch(text, start, chosen[i].start):
            out.add(i)
    return out


def _aside(text: str, c: _Cand, s_start: int) -> bool:
    """In a narrative, is the date an aside in parentheses, which does not move the story's time ("the
    Civil Constitution of the Clergy (1790)", "(as had been their plan in 1918)")? A heading's
    "(1789-1791)" opens its passage and does."""
    before = text[max(s_start, c.start - 200):c.start]
    return before.count("(") > before.count(")")


# a quarter or month is what a results story is about only if it began at most this long before
# publication: "a dividend stopped in the third quarter of 1984" is history, not the topic
_TOPIC_DAYS = 550

#: How the narrative reference ("two days later" counts from it) is chosen: ``main``, the date of
#: a sentence's main clause (the default); ``last``, whatever date the text said last; ``dct``, the
#: publication date only. The last two exist to measure the first against (benchmarks/dates.py).
ReferencePolicy = Literal["main", "last", "dct"]


def extract(text: str, dct: dt.date | None, *, reference: ReferencePolicy = "main") -> list[TimeExpr]:
    """Time expressions in ``text`` with TimeML types and TIMEX3 values, in text order.

    ``dct`` (the publication date) anchors relative expressions; ``None`` leaves them unresolved.
    Offsets are end-exclusive and index ``text`` exactly as given. ``reference`` chooses how
    expressions such as "two days later" find the date they count from (see ``ReferencePolicy``).
    """
    return extract_with_regime(text, dct, reference=reference)[0]


def extract_with_regime(text: str, dct: dt.date | None, *, reference: ReferencePolicy = "main"
                        ) -> tuple[list[TimeExpr], Regime]:
    """:func:`extract` and :func:`narrative_regime` in one pass: the time expressions, and the
    regime they were resolved in (the event stage dates events along a history differently)."""
    if not text:
        return [], Regime("news", ())
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    sentences = _sentences(text)
    chosen = _join_day_and_clock(_select(_candidates(text, sentences)), text)
    if not chosen:
        return [], Regime("news", ())
    history, narrative = _narrative_spans(chosen, text, dct)
    out = _resolve_all(chosen, text, dct, sentences, narrative, history, reference)
    return out, _regime(text, narrative)


def _regime(text: str, spans) -> Regime:
    if not spans:
        return Regime("news", ())
    told = sum(b - a for a, b in spans)
    whole = sum(b - a for a, b in _paragraphs(text))
    return Regime("narrative" if told >= whole else "mixed", tuple(spans))


def _resolve_all(chosen: list, text: str, dct: dt.date | None, sentences: list, narrative, history,
                 reference: ReferencePolicy) -> list[TimeExpr]:
    """Each chosen candidate's value and precision, in text order, walking the narrative reference."""
    chosen = _join_part_of_day(chosen, text, narrative)
    out: list[TimeExpr] = []
    refs: dict[int, tuple[int, CalendarRange]] = {}
    quarter: tuple[str, int] | None = None        # (value, offset where it was said)
    period: tuple[str, int] | None = None         # the last month or quarter named, likewise
    si = 0
    main_set = False                               # this sentence's main-clause date is known
    main_rng: CalendarRange | None = None
    provisional: tuple[int, tuple[int, CalendarRange] | None] | None = None
    ni = 0
    openers = _openers(chosen, text)
    bc = _BC_SAID.search(text) is not None         # stand-in years BC may appear (see _BC_BASE)
    for i, c in enumerate(chosen):
        while si + 1 < len(sentences) and c.start >= sentences[si][1]:
            si += 1
            main_set, main_rng, provisional = False, None, None
        s_start, s_end = sentences[si]
        tense = _tense(text, c.start, c.end, s_start, s_end)
        year = _neighbour_year(chosen, i, text) if not c.explicit_year else None
        q = quarter[0] if quarter and c.start - quarter[1] < 600 else None
        per = period[0] if period and c.start - period[1] < 600 else None
        while ni < len(narrative) and narrative[ni][1] <= c.start:
            ni += 1
        # in a narrative passage, what news anchors on the publication date counts from the story's
        # reference time: the latest date the story established, if that is in the past
        story = told = None
        speaker = False
        in_story = ni < len(narrative) and narrative[ni][0] <= c.start
        if c.anchor != "abs" and refs and in_story:
            told = max(refs.values(), key=lambda v: v[0])[1]
            if dct is not None and _signed_year(told.last.year) > dct.year - _HISTORY_YEARS:
                told = None            # the story has come back to the time of writing
            elif _DAYWORD.search(text, c.start, c.end):
                # "today", "tomorrow" keep the time of writing; in a quotation they are the speaker's,
                # a day the text does not give
                speaker = _quoted(text, text.rfind("\n", 0, c.start) + 1, c.start)
            elif not history and tense in ("future", "scheduled", "present"):
                pass                   # news told beside a history: "the summit will be held in April"
            else:
                story = told
        ctx = _Ctx(dct=None if speaker else dct, refs=refs, tense=tense, quarter=q, year=year, period=per,
                   story=story, before_story=story is not None and _PAST_PERFECT.search(
                       text, max(s_start, c.start - 60), c.start) is not None)
        try:
            value, precision = c.resolve(ctx)
        except (ValueError, OverflowError):
            # an anchor at the calendar's edge (year 1 or 9999): say what is known without it
            value, precision = c.resolve(_Ctx(dct=None, refs={}, tense=tense, quarter=None, year=None))
        out.append(TimeExpr(c.start, c.end, text[c.start:c.end], c.type, _public_value(value) if bc else value,
                            precision))
        rng = calendar_range(value) if c.type in ("DATE", "TIME") else None
        if rng is None or rng.precision is None:
            continue
        # the month or quarter a results story is about: the latest one named that has ended by
        # publication (results are reported after it); a forecast ("a fourth-quarter charge", "by
        # the third quarter of 1990"), history ("in the third quarter of 1984") or an earlier
        # period named for comparison ("after a flat second quarter") is not it
        if c.topic and rng.precision in ("month", "quarter") and (
                dct is None or (0 <= (dct - rng.first).days <= _TOPIC_DAYS and rng.last < dct)):
            if not _older_period(rng, period[0] if period else None, c.start - period[1] if period else 0):
                period = (value, c.end)
            if rng.precision == "quarter" and not _older_period(
                    rng, quarter[0] if quarter else None, c.start - quarter[1] if quarter else 0):
                quarter = (value, c.end)
        if told is not None and story is None:
            continue        # a date of the time of writing inside a story does not move the story
        if ctx.before_story:
            continue        # nor does a step back ("who had spent the spring")
        if in_story and i not in openers and _aside(text, c, s_start):
            continue
        if main_set and reference == "main" and not (
                in_story and main_rng is not None and _RANK[rng.precision] < _RANK[main_rng.precision]
                and main_rng.first <= rng.first <= main_rng.last):
            continue        # (in a narrative a finer date refines: "Later that month, on 22 January, ...")
        if not c.topic and reference == "main":
            continue        # "up 15% from a year earlier": a point of comparison, not the story's date
        rank = _RANK[rng.precision]
        if reference == "dct":
            continue
        if reference == "last":
            refs[rank] = (i, rng)
            continue
        if _is_main(text, c, s_start):
            if provisional is not None:          # a noun's date gives way to the main clause's
                old_rank, old = provisional
                if old is None:
                    refs.pop(old_rank, None)
                else:
                    refs[old_rank] = old
            refs[rank] = (i, rng)
            main_set, main_rng = True, rng
            if in_story:
                # a story that moves to another year or month leaves its earlier days behind: "On 3 May
                # 1918 ... In 1920 ... Two months later" does not count from May 1918
                for r in [r for r, (_, old_rng) in refs.items()
                          if r < rank and not (rng.first <= old_rng.first <= rng.last)]:
                    del refs[r]
        elif provisional is None and (not in_story or _same_year(rng, refs)):
            # a noun's date stands in while the sentence has no main-clause date; in a narrative only
            # within the story's year ("the attack on 8 February"), never moving it to another year
            # ("a campaign planned for 1976")
            provisional = (rank, refs.get(rank))
            refs[rank] = (i, rng)
    return out


class Regime(NamedTuple):
    """How a text is told, as :func:`extract` reads it.

    ``narrative``: the (start, end) spans, end-exclusive, that are resolved in the narrative regime
    (their underspecified dates count from the story's time, not from the publication date).
    ``kind``: "narrative" when that is every paragraph, "news" when it is none, "mixed" for news
    with passages of history (or a history with passages of news).
    """

    kind: Literal["news", "narrative", "mixed"]
    narrative: tuple[tuple[int, int], ...]


def narrative_regime(text: str, dct: dt.date | None) -> Regime:
    """The regime :func:`extract` resolves ``text`` in, decided from the text itself (see the module's
    "Resolution rules"), for a caller that wants to know whether a document is news or history."""
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    chosen = _join_day_and_clock(_select(_candidates(text, _sentences(text))), text) if text else []
    if not chosen:
        return Regime("news", ())
    return _regime(text, _narrative_spans(chosen, text, dct)[1])


def _older_period(rng: CalendarRange, current: str | None, distance: int) -> bool:
    """Is ``rng`` older than the period the text is already about (and said within 600 characters)?"""
    if current is None or distance >= 600:
        return False
    now = calendar_range(current)
    return now is not None and rng.first < now.first


def _neighbour_year(chosen: list[_Cand], i: int, text: str) -> int | None:
    """A yearless date joined to a dated one takes its year: "March 3 and April 5, 2003"."""
    c = chosen[i]
    if i + 1 < len(chosen):
        n = chosen[i + 1]
        between = text[c.end:n.start]
        if n.explicit_year and re.fullmatch(r"\s*(?:-|–|—|to|and|or|through|until|till|,)\s*", between):
            m = re.search(r"(\d{4})\W*$", text[n.start:n.end])
            if m:
                return int(m.group(1))
    return None
