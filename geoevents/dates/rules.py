"""The rules, part one: the registry (_rule, _RULES, in the order the rules are tried) and the
rules of absolute dates: ISO and numeric dates, months and days, years, decades, eras,
centuries, quarters, halves, seasons, holidays, weekdays.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from geoevents.lang_en import ORDINALS, SMALL_NUMBERS, TENS, VAGUE_QUANTITIES, number
from geoevents.dates.words import _AMBIGUOUS_MONTHS, _COUNT_NOUNS, _DETERMINERS, _FUNCTION, _MAIN_PREPOSITIONS, _MONTHS, _PARTS, _SEASONS, _UNITS, _WEEKDAYS
from geoevents.dates.calendar import _HOLIDAYS, _alt, _calendar_value, _duration
from geoevents.dates.resolvers import _Cand, _Ctx, _Resolver, _discussed_quarter, _fixed, _holiday, _month, _month_day, _now, _quarter, _relative, _safe_date, _season, _weekday


# -- the rules -----------------------------------------------------------------------------------

_B = r"(?<![\w'’@])"    # left word boundary (not inside a word, after an apostrophe, in a hashtag or handle)
_E = r"(?![\w])"         # right word boundary

_MONTH_RE = (r"(?:" + _alt(k for k in _MONTHS if len(k) > 4 or k in ("may", "june", "july"))
             + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)")
_WEEKDAY_RE = (r"(?:" + _alt(k for k in _WEEKDAYS if k.endswith("day"))
               + r"|(?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?)")
_YEAR_RE = r"(?:1[0-9]\d\d|20\d\d)(?![\d])"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_NUMWORD = _alt(list(SMALL_NUMBERS) + list(TENS))
_NUM_RE = (r"(?:\d+\s+1/2|\d*½|1/2|\d+\+|\d+(?:[.,]\d+)?|" + _NUMWORD + r"(?:[\s-]+" + _alt(list(SMALL_NUMBERS)[1:10]) + r")?"
           r"(?:\s+(?:hundred|thousand))?(?:\s+and\s+a\s+half)?|an?\s+(?:hundred|thousand)|an?(?:\s+and\s+a\s+half)?|"
           r"half\s+an?|a\s+dozen|"
           + _alt(VAGUE_QUANTITIES) + ")")
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
_SPOKEN_TENS = _alt(list(TENS) + ["ten"])
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
        year = 2000 + int(number(m["lo2"]) or 0) if m["lo2"] else 2000
    else:
        lo = re.sub(r"^oh[\s-]+", "", m["lo"].lower())
        hi, low = number(m["hi"]), number(lo)
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
        q = ORDINALS[m["ord"].lower()]
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


