"""Which candidates stand: the words that gate each rule, overlaps resolved, a day joined with
its clock time or part of day; sentences; the tense of the clause a date is in; whether a date
is the main clause's.
"""

from __future__ import annotations

import re

from geoevents.lang_en import FUTURE_FORMS
from geoevents.dates.words import _DETERMINERS, _FUNCTION, _MAIN_PREPOSITIONS, _MONTHS, _NOT_PAST_ED, _PARTS, _PAST_WORDS, _SEASONS, _VERBS, _WEEKDAYS
from geoevents.dates.calendar import _HOLIDAYS
from geoevents.dates.resolvers import _Cand, _Ctx, _Resolver, _time_of_day
from geoevents.dates.rules import _BC_SAID, _ERA_RE, _MONTH_RE, _PART_RE, _RULES
# rules are tried in the order they were registered: rules.py's, then relative.py's (which imports rules)
from geoevents.dates.relative import _DAYREL


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
# verbs whose object "hold" is a noun: "the truce took hold", "got hold of"
_HOLD_VERBS = {"took", "take", "takes", "taken", "taking", "got", "get", "gets", "kept", "keep", "keeps", "lost",
               "caught"}
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
    if w in FUTURE_FORMS or w.endswith("'ll"):
        return "future"
    if w in _MODALS and nxt != "have":
        return "future"      # "the contract may be signed on September 12"
    if w in ("going", "set", "due", "poised", "about") and nxt == "to" or \
            w in ("set", "planned", "scheduled", "slated") and nxt == "for":
        return "future"
    if w in _SCHEDULE and (prev in _DETERMINERS or prev in ("of", "in", "for", "at", "on", "by", "from", "with",
                                                           "after", "before", "until", "since", "during")
                           or prev in _HOLD_VERBS or nxt == "of"):
        # a noun: "at the close of business", "the start of talks", "after take off", "took hold"
        return None
    if w in _AUX_PRESENT or w in _SCHEDULE:
        if nxt in _FUTURE_PARTICIPLES or prev in FUTURE_FORMS:
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
    if prev in FUTURE_FORMS:
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


#: a sentence that opens with a perfect participle tells first what had been done before its main clause
_PERFECT_PARTICIPLE = re.compile(r"\W*having\b", re.IGNORECASE)


def _is_main(text: str, c: _Cand, s_start: int) -> bool:
    """Does the expression date its sentence's main clause (sentence-initial or attached to the verb)
    rather than a noun ("an attack on December 27")?"""
    before = text[s_start:c.start]
    if _PERFECT_PARTICIPLE.match(before) and "," not in before:
        return False      # "Having taken New York in 1776, Howe turned ... in 1777": a step back
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
    if lw in _VERBS or lw in _FUNCTION or lw in FUTURE_FORMS:
        return True
    if len(lw) > 3 and lw.endswith("ed") and lw not in _NOT_PAST_ED:
        return True
    if w[:1].isupper():
        return True       # "Trump on Tuesday said"
    return False


