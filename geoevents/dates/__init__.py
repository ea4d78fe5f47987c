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
  to another year, "a campaign planned for 1976", unless that sentence opens its paragraph, "The
  first of the 1777 campaigns ...", or the date is a month or day with its year after "in"/"on"
  in a past-tense sentence, "disarmed the garrison in June 1918"; nor does a date in parentheses
  move it, "the Civil Constitution of the Clergy (1790)", unless it opens its paragraph); a
  sentence's opening perfect participle clause is not its main clause ("Having taken New York in
  1776, Howe ... in 1777"); a new paragraph or heading with a new year moves it; a date of the
  time of writing ("today") does not. If that time is less than two years before publication,
  news resolution applies. A story moving to another year or month drops the finer references
  outside it ("On 3 May 1918 ... In 1920 ... Two months later" does not count from May 1918).
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

The package, in the order a text goes through it: ``words`` (the stage's word lists),
``calendar`` (date arithmetic, calendar_range, day_span), ``resolvers`` (a candidate and the
function that resolves it in context), ``rules`` and ``relative`` (the patterns, tried in the
order they are registered), ``selection`` (overlaps, sentences, tense), ``regime`` (news or
narrative, and extract). Numbers and the words other stages share are in geoevents.lang_en.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geoevents.dates.calendar import CalendarRange, calendar_range, day_span

if TYPE_CHECKING:
    from geoevents.dates.regime import ReferencePolicy, Regime, extract, extract_with_regime, narrative_regime

#: the tagger's names, imported on first use: its rules compile some hundred patterns (0.1 s), which a
#: run that reads no time expressions (``geoevents places``, the outputs' date spans) need not pay
_TAGGER = frozenset({"ReferencePolicy", "Regime", "extract", "extract_with_regime", "narrative_regime"})


def __getattr__(name: str) -> Any:
    if name in _TAGGER:
        from geoevents.dates import regime
        return getattr(regime, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["extract", "extract_with_regime", "calendar_range", "day_span", "narrative_regime", "CalendarRange", "Regime", "ReferencePolicy"]
