"""The rules, part two: dates relative to the publication or the story (today, last week, two
days later), times of day, durations, sets (every Monday) and reference words (now, recently).
"""

from __future__ import annotations

import re

from geoevents.lang_en import SMALL_NUMBERS, TENS, number
from geoevents.dates.words import _MONTHS, _PARTS, _SEASONS, _UNITS, _WEEKDAYS
from geoevents.dates.calendar import _alt, _duration, calendar_range
from geoevents.dates.resolvers import _Cand, _Ctx, _Resolver, _discussed_quarter, _fixed, _month_day, _relative, _season, _time_of_day, _weekday, _weekend, _year_earlier
from geoevents.dates.rules import _APPROX_RE, _B, _DAYWORD_RE, _DAY_RE, _E, _MONTH_RE, _NOT_TEMPORAL_AFTER_CURRENT, _NUMWORD, _NUM_RE, _PART_RE, _TZ_RE, _UNIT_RE, _WEEKDAY_RE, _YEAR_RE, _is_capitalised, _month_of, _month_word_ok, _next_word, _prev_word, _quoted_title, _rule, _unit_code, _weekday_of


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
    n = number(m["num"])
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
    n = number(m["num"])
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
    offset = None
    after = re.match(r"\s+(after|before)\s+(\w+)", text[m.end():m.end() + 30], re.I)
    if after and not det and not rel and n is not None and n == int(n) and unit in ("D", "W", "M", "Y") \
            and after.group(2).lower() not in ("that", "this", "and", "but", "then"):
        offset = (int(n) if after.group(1).lower() == "after" else -int(n), unit)
    return _Cand(start, m.end(), "DURATION", _fixed(_duration(n, unit)), story_offset=offset)


@_rule(_B + r"(?P<num>\d+(?:\.\d+)?|" + _NUMWORD + r"(?:-" + _alt(list(SMALL_NUMBERS)[1:10]) + r")?|half|multi|one)-"
       r"(?P<u>second|minute|hour|day|week|month|year|decade|century|quarter)(?:-long)?" + _E)
def _adjective_duration_rule(m: re.Match, text: str) -> _Cand | None:
    if re.match(r"-old|\s+old\b|-olds", text[m.end():m.end() + 6], re.I):
        return None
    num = m["num"].lower()
    n = 0.5 if num == "half" else (None if num == "multi" else number(num))
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
    n = number(m["num"]) if m["num"] else 1
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
    if not det and not adj and (re.fullmatch(r"[\d.,]+", prev) or prev in TENS
                                or prev in SMALL_NUMBERS and prev != "one"):
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
        if nxt == "of" and re.match(r"\s+of\s+(?:" + _MONTH_RE + r"|" + _YEAR_RE + r")\b", text[m.end():m.end() + 20],
                                    re.I):
            return None      # "for the month of July", "the year of 1848": the name or number dates it
        anchor = "dct" if det == "this" else "ref"
        return _Cand(start, m.end(), "DATE", _relative(unit, 0, anchor), anchor=anchor)
    return _Cand(start, m.end(), "DURATION", _fixed(_duration(1, unit)))


