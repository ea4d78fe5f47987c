"""News or narrative, and extract(): which passages read as a story with its own time, the
reference each date counts from, and the public functions of the stage.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, NamedTuple

from geoevents.model import TimeExpr
from geoevents.dates.words import _DETERMINERS
from geoevents.dates.calendar import CalendarRange, calendar_range
from geoevents.dates.resolvers import _Cand, _Ctx, _RANK, _relative
from geoevents.dates.rules import _BC_SAID, _DAYWORD_RE, _MONTH_RE, _WEEKDAY_RE, _prev_word, _public_value, _signed_year
from geoevents.dates.selection import _candidates, _is_main, _join_day_and_clock, _join_part_of_day, _select, _sentences, _tense


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


#: the preposition of a date that says when the clause happened ("disarmed them in June 1918"),
#: not a noun's modifier ("the leader of the August 1792 uprising")
_AT_TIME = re.compile(r"(?i)\b(?:in|on)\s+$")


def _opens_paragraph(text: str, s_start: int) -> bool:
    """Is the sentence starting at ``s_start`` the first of its paragraph?"""
    return not text[text.rfind("\n", 0, s_start) + 1:s_start].strip()


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
        if (c.anchor != "abs" or c.story_offset is not None) and refs and in_story:
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
        kind = c.type
        try:
            value, precision = c.resolve(ctx)
            if c.story_offset is not None and story is not None:
                # "ten days after the battle began", told in a story: the date, from its reference
                n, unit = c.story_offset
                dated, at = _relative(unit, n, "ref")(ctx)
                if at is not None:
                    kind, value, precision = "DATE", dated, at
        except (ValueError, OverflowError):
            # an anchor at the calendar's edge (year 1 or 9999): say what is known without it
            value, precision = c.resolve(_Ctx(dct=None, refs={}, tense=tense, quarter=None, year=None))
        out.append(TimeExpr(c.start, c.end, text[c.start:c.end], kind, _public_value(value) if bc else value,
                            precision))
        rng = calendar_range(value) if kind in ("DATE", "TIME") else None
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
        elif provisional is None and (not in_story or _same_year(rng, refs) or (
                rng.precision == "year" and _opens_paragraph(text, s_start)) or (
                c.explicit_year and rng.precision in ("month", "day") and tense == "past"
                and _AT_TIME.search(text, max(s_start, c.start - 4), c.start))):
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
