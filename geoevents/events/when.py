"""When an event happened, from the time expressions of its clause and the article's narrative.

Interface:
    timex_index(doc, timexes, published) -> list[Timex]
        DATE/TIME expressions (from :mod:`geoevents.dates`) placed on the parse, with the days
        they cover.
    history_index(doc, timexes) -> list[Timex]
        Expressions of an undated past ("in recent years", "for years", "in the 1990s").
    date_drafts(drafts, segments, timexes, published, history)
        Gives each draft its date, walking the article in order: the time expression of the
        event's own clause; else the date of the sentence or the clause that reports it; else,
        after "then"/"followed by", a lower bound; else the date the narrative last established
        (``inferred``). Headlines and captions carry no date; a stated date after publication
        makes the event a plan.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from typing import Sequence

from geoevents.dates import calendar_range
from geoevents.events.drafts import follows_previous
from geoevents.events.records import Draft, Status, Timex, When
from geoevents.events.segments import Segment
from geoevents.events.status import ONGOING, reported
from geoevents.events.syntax import CLAUSE_WALLS, lemma_of, separator_between
from geoevents.lexicon import lexicon
from geoevents.model import TimeExpr, TimePrecision


def timex_index(doc, timexes: Sequence[TimeExpr], published: dt.date | None,
                narrative: Sequence[tuple[int, int]] = ()) -> list[Timex]:
    out = []
    for t in timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        if t.value == "PRESENT_REF":
            if published is None or in_spans(t.start, narrative):
                continue  # "now" in a history is the story's time, not the day of publication
            first = last = published
            precision: TimePrecision = "day"
        else:
            rng = calendar_range(t)
            if rng is None or rng.precision is None:
                continue
            first, last, precision = _year_part(t.text, rng.first, rng.last, rng.precision)
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        out.append(Timex(t, first, last, precision, tuple(x.i for x in span), span.root.i))
    return out


#: the part of a year its modifier names (TimeML's mod, which the TIMEX3 value leaves out: "late
#: 1919" is valued 1919): "the end of the year" is its last month, "late 1919" its last quarter,
#: "early 1920" and "the beginning of 1920" their first quarter and month
_YEAR_PART: tuple[tuple[re.Pattern[str], int, TimePrecision], ...] = (
    (re.compile(r"\b(?:end|close)\s+of\b", re.IGNORECASE), 12, "month"),
    (re.compile(r"\b(?:beginning|start)\s+of\b", re.IGNORECASE), 1, "month"),
    (re.compile(r"\blate\b", re.IGNORECASE), 10, "quarter"),
    (re.compile(r"\bearly\b", re.IGNORECASE), 1, "quarter"),
)

#: the part of a month its modifier names, by first and last day ("early February": the 1st to
#: the 10th, "mid-March", "late April", "the end of May"): the value stays the month's, but two
#: events of "early" and "late February" are not one
_MONTH_PART: tuple[tuple[re.Pattern[str], int, int], ...] = (
    (re.compile(r"\b(?:late|end\s+of|close\s+of)\b", re.IGNORECASE), 21, 31),
    (re.compile(r"\b(?:early|beginning\s+of|start\s+of)\b", re.IGNORECASE), 1, 10),
    (re.compile(r"\bmid(?:-|\s|dle\s+of\b)", re.IGNORECASE), 11, 20),
)


def _year_part(text: str, first: dt.date, last: dt.date, precision: TimePrecision
              ) -> tuple[dt.date, dt.date, TimePrecision]:
    """A year's range narrowed to the part of it a modifier of the expression names ("the end of
    1918": December 1918, month), a month's to its part ("late February 1936": the 21st to the
    29th, still of month precision); any other range as it is."""
    if precision == "month" and (first.year, first.month) == (last.year, last.month):
        for pattern, lo, hi in _MONTH_PART:
            if pattern.search(text):
                return first.replace(day=lo), min(last, first.replace(day=min(hi, last.day))), precision
        return first, last, precision
    if precision != "year" or first.year != last.year:
        return first, last, precision
    for pattern, month, part in _YEAR_PART:
        if pattern.search(text):
            after = month + (3 if part == "quarter" else 1)  # the first month past the part
            end = dt.date(first.year + after // 13, (after - 1) % 12 + 1, 1) - dt.timedelta(days=1)
            return dt.date(first.year, month, 1), end, part
    return first, last, precision


#: adverbs of the recent past, which TimeML values PAST_REF like "in the past"
_RECENT = re.compile(r"(?:(?:just|only|most|very|quite)\s+)?(?:recently|lately)")


def history_index(doc, timexes: Sequence[TimeExpr]) -> list[Timex]:
    """Expressions of an undated past: PAST_REF ("in recent years", "in the past"), durations of
    years ("for years", "over the past decade"), decades and centuries ("in the 1990s")."""
    out = []
    for t in timexes:
        v = t.value
        history = v == "PAST_REF" or (t.type == "DURATION" and re.fullmatch(r"P(\d+|X)(Y|DE|CE)", v) is not None) \
            or (t.type == "DATE" and re.fullmatch(r"\d{2,3}", v) is not None)
        if not history or v == "PAST_REF" and _RECENT.fullmatch(t.text.lower().strip()):
            continue  # "recently filed for bankruptcy": the recent past is news, not a history
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        if t.type == "DURATION" and span.root.head.lower_ not in ("for", "over", "in", "during", "throughout"):
            continue  # "terms ranging from 15 to 37 years" say how long, not when
        if _superlative_scope(span.root):
            continue  # "the deadliest attack in three decades" ranks today's event against the past
        out.append(Timex(t, dt.date.min, dt.date.min, "none", tuple(x.i for x in span), span.root.i))
    return out


def _since_head(tok):
    """The word that a "since" phrase or clause holding ``tok`` modifies ("held since June" ->
    held; "killed since the invasion began on Feb. 24" -> killed's verb), else None."""
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        if head.lower_ == "since" and head.dep_ == "prep":
            return head.head
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in head.children):
            return head.head if head.head.i != head.i else None
        tok = head
    return None


def _superlative_scope(tok) -> bool:
    """Is ``tok`` the span of a superlative or a first: "the worst flooding in a century", "the
    first visit in decades"? The noun the preposition hangs from carries the superlative."""
    prep = tok.head
    if prep.i == tok.i or prep.dep_ != "prep":
        return False
    head = prep.head
    # the parser often hangs "in three decades" beside the superlative's noun, on the same verb
    nouns = [head] + [g for c in head.children if c.dep_ == "prep" and c.i != prep.i
                      for g in c.children if g.dep_ == "pobj"]
    return any(_ranked(n) for n in nouns)


def _ranks(word) -> bool:
    """Does a since-phrase on ``word`` measure a first or a superlative ("the first arrests since
    June"; "has posted its first annual loss since 1992", the first on the verb's object) rather
    than tell a series that goes on?"""
    return _ranked(word) or any(_ranked(c) for c in word.children
                                if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"))


def _since_a_first(tx: Timex, doc) -> bool:
    """Is the expression the object of a "since" that measures a first ("its first loss since
    1992")?"""
    since = doc[tx.root].head
    return since.lower_ == "since" and _ranks(since.head)


def _ranked(tok) -> bool:
    """Does a superlative or a first qualify ``tok`` ("the deadliest attack", "the first arrests")?"""
    return any(c.tag_ == "JJS" and c.lower_ not in ("least", "most") or c.lower_ in ("first", "only")
               and c.dep_ in ("amod", "advmod") for c in tok.children)


_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "none": 9}


def _timex_when(tx: Timex, reason: str) -> When:
    return When(tx.first, tx.precision, tx.first, tx.last, reason, False, True)


def _anchor_timexes(seg: Segment, timexes: list[Timex], trigger_of: dict[int, int],
                    walls_hide: bool = False) -> dict[int | None, list[Timex]]:
    """Each time expression of a segment attached to the event (group number) whose trigger
    governs it, or to None (the sentence) when no trigger does. A separator word between an
    expression and its trigger moves it to the trigger on its own side ("strikes made in
    retaliation to an attack on December 27": the date is the attack's). ``walls_hide``: an
    expression behind a clause wall is nobody's ("a mosque, which dominated the skyline for
    centuries": the centuries are the mosque's, not the destruction's)."""
    doc = seg.span.doc
    out: dict[int | None, list[Timex]] = {}
    walled: set[int] = set()
    for tx in timexes:
        if not (seg.span.start <= tx.root < seg.span.end):
            continue
        owner = None
        anchor_tok = None
        prev = doc[tx.root]
        behind_wall = False
        for anc in doc[tx.root].ancestors:
            if not (seg.span.start <= anc.i < seg.span.end):
                break
            behind_wall = behind_wall or prev.dep_ in CLAUSE_WALLS
            if anc.i in trigger_of:
                owner, anchor_tok = trigger_of[anc.i], anc
                break
            prev = anc
        if owner is not None and separator_between(doc[tx.root], anchor_tok, result=False) is not None:
            side = [i for i in trigger_of if separator_between(doc[tx.root], doc[i], result=False) is None]
            if side:
                owner = trigger_of[min(side, key=lambda i: abs(i - tx.root))]
        if behind_wall:
            if walls_hide:
                continue
            walled.add(id(tx))
        out.setdefault(owner, []).append(tx)
    # a date in a relative clause under the trigger ("ordered Russia on Wednesday to end the
    # operations it began on February 24") tells that clause's time, unless it is the only one
    for owner in [o for o in out if o is not None]:
        own = [tx for tx in out[owner] if id(tx) not in walled]
        if own and len(own) < len(out[owner]):
            out.setdefault(None, []).extend(tx for tx in out[owner] if id(tx) in walled)
            out[owner] = own
    return out


def _best_timex(txs: list[Timex]) -> Timex:
    return min(txs, key=lambda t: (_PRECISION_ORDER.get(t.precision, 9), -len(t.tokens)))


def in_spans(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


#: the precisions a date must have to become the reference later events are dated by: in news a
#: day or a week ("On Friday ... Police said ..."); in a history any ("In July 1775 ... Washington
#: arrived": the arrival is of that month)
_NEWS_REFERENCE = frozenset({"day", "week"})
_STORY_REFERENCE = frozenset({"day", "week", "month", "quarter", "year"})


def _governor(tx: Timex, seg: Segment, mains: set[int]) -> int | None:
    """Of the main words of drafts sharing a parse group, the nearest head of the date, if any."""
    for anc in seg.span.doc[tx.root].ancestors:
        if not (seg.span.start <= anc.i < seg.span.end):
            break
        if anc.i in mains:
            return anc.i
    return None


def _names_an_episode(tx: Timex, doc) -> bool:
    """Is the date part of the name of an event ("the Christmas Offensive", "the August Decrees",
    "the Dec. 10 bombings")? Such a name refers back to the episode: the story has not moved to
    its date ("the threat posed by the Christmas Offensive was over", told in late January)."""
    root = doc[tx.root]
    head = root.head
    if root.dep_ not in ("compound", "nmod", "amod") or head.i != max(tx.tokens) + 1:
        return False
    return head.pos_ in ("NOUN", "PROPN") and (lemma_of(head), "N") in lexicon().rules


def _recent_news(m: Draft) -> str | None:
    """How the verb tells recent news, if it does: the present perfect ("has decided", "have been
    killed"), or the present of a verb of going on ("the manhunt continues")."""
    for t in m.group:
        verb = t.tok if t.tok.pos_ in ("VERB", "AUX") else t.tok.head
        if verb.tag_ == "VBN" and any(c.dep_ in ("aux",) and c.lower_ in ("has", "have", "'s", "'ve")
                                      for c in verb.children):
            return "the present perfect tells recent news"
        if verb.tag_ in ("VBZ", "VBP") and lemma_of(verb) in ONGOING:
            return f"'{verb.text}' tells what goes on as the report is written"
    return None


#: determiners and adjectives of a kind of people rather than some people: "other providers"
_KIND_WORDS = frozenset("other many some such all".split())


def _kind_described(tok) -> str | None:
    """"other abortion providers who have been killed", "journalists who have been jailed": an
    undated relative clause that says what a kind of people have suffered or done describes the
    kind, not an event. Only a plural with "other", "many", "some", "such" or "all", or a bare
    plural under a present perfect. The cue, else None."""
    if tok.dep_ != "relcl" or tok.head.tag_ not in ("NNS", "NNPS"):
        return None
    noun = tok.head
    mods = [c for c in noun.children if c.dep_ in ("det", "amod", "nummod", "poss", "predet")]
    if any(c.lower_ in _KIND_WORDS for c in mods):
        return f"{noun.text} who ... {tok.text}"
    perfect = any(c.dep_ == "aux" and c.lower_ in ("have", "has") for c in tok.children)
    return f"{noun.text} who have ... {tok.text}" if perfect and not mods else None


def _later_than_published(m: Draft, published: dt.date) -> bool:
    """Is an event told as having happened dated after the article was published? Then it is a
    plan, not a report (or the date is misread)."""
    return m.when.earliest is not None and m.when.earliest > published and m.status.status == "occurred"


def date_drafts(drafts: list[Draft], segments: list[Segment], timexes: list[Timex],
                published: dt.date | None, history: Sequence[Timex] = (),
                narrative: Sequence[tuple[int, int]] = ()) -> None:
    """Give each draft its date, walking the article in order with the narrative reference.
    ``history``: expressions of a past without a date ("in recent years", "for years", "in the
    1990s"): an event they govern is background. ``narrative``: the spans of the text told as a
    history (:func:`geoevents.dates.narrative_regime`): there a month or a year the story gives
    dates the events told after it, and the publication date dates nothing."""
    by_seg: dict[int, list[Draft]] = {}
    for m in drafts:
        by_seg.setdefault(m.seg.index, []).append(m)
    reference: When | None = None
    previous: Draft | None = None
    for seg in segments:
        ms = by_seg.get(seg.index, [])
        groups_of = {t.i: getattr(m, "_group_index") for m in ms for t in m.group}
        anchored = _anchor_timexes(seg, timexes, groups_of)
        sentence_tx = anchored.get(None, [])
        past = _anchor_timexes(seg, list(history), groups_of, walls_hide=True) if history else {}
        seg_reference = None
        story = in_spans(seg.start, narrative)
        moves = _STORY_REFERENCE if story else _NEWS_REFERENCE
        # drafts of one parse group (given triggers): a date goes to the draft whose word governs it
        shared = collections.Counter(getattr(m, "_group_index") for m in ms)
        for m in sorted(ms, key=lambda m: m.main.i):
            g = getattr(m, "_group_index")
            own = anchored.get(g, [])
            if shared[g] > 1:
                mains = {o.main.tok.i for o in ms if getattr(o, "_group_index") == g}
                own = [tx for tx in own if _governor(tx, seg, mains) in (None, m.main.tok.i)]
            vague = past.get(g) or (past.get(None) if m.root_level else None)
            if vague and not own and m.status.status == "occurred" and not seg.headline:
                m.status = Status("background", vague[0].timex.text)
            elif not own and m.status.status == "occurred" and (kind := _kind_described(m.main.tok)):
                m.status = Status("background", kind)
            doc = seg.span.doc
            governing = {m.main.tok.i} | {a.i for a in list(m.main.tok.ancestors)[:2]}
            # "its first annual loss since 1992": the year measures the first, it dates nothing
            own = [tx for tx in own if not _since_a_first(tx, doc)]
            since = [tx for tx in own + (sentence_tx if m.root_level else [])
                     if doc[tx.root].head.lower_ == "since" and not _since_a_first(tx, doc)]
            # "780 civilians had been confirmed killed since the invasion began on Feb. 24": a
            # since-clause on the event's own verb or the verb governing it makes a running total
            since += [tx for txs in anchored.values() for tx in txs if tx not in since
                      and (h := _since_head(doc[tx.root])) is not None and h.i in governing
                      and not _ranks(h)]  # "the first arrests since June" ranks today's arrests
            if since and story and since[0].precision in ("day", "month") and m.status.status == "occurred":
                # a history's "Estonia had been fighting the Bolsheviks since November 1918": the
                # story dates where the fighting began, and tells it as an event of that month
                own = since[:1]
            elif since and m.status.status == "occurred" and not seg.headline:
                # "protests have been held since June": a series that goes on, not one event
                m.status = Status("background", "since " + since[0].timex.text)
                own = []
            if seg.headline:
                m.when = When(None, "none", None, published, "a headline or caption gives no date", False, False)
                if own:
                    tx = _best_timex(own)
                    m.when = _timex_when(tx, f"'{tx.timex.text}' in the headline")
                    if published is not None and _later_than_published(m, published):
                        # "Ford cutting 30,000 jobs by 2012": a headline's later date is the plan's
                        m.status = Status("planned", m.when.reason)
                continue
            if own:
                tx = _best_timex(own)
                m.when = _timex_when(tx, f"'{tx.timex.text}' in the event's clause")
            elif m.anchor:
                m.when = When(None, "none", None, published, "named as a point in time: no date of its own", False, False)
            elif m.status.status in ("planned", "threatened", "demanded", "hypothetical"):
                # a plan's date is its own or its sentence's ("will protest next week"), never
                # the narrative's
                if sentence_tx:
                    tx = _best_timex(sentence_tx)
                    m.when = _timex_when(tx, f"'{tx.timex.text}' in its sentence")
                else:
                    m.when = When(None, "none", None, None, f"{m.status.status}: no date of its own", False, False)
            elif m.status.status == "background":
                # a career or history: the sentence's date is not its date
                m.when = When(None, "none", None, published, "background: no date of its own", False, False)
            else:
                governing = _governing_timex(m, ms, anchored)
                if governing is not None:
                    tx, how = governing
                    m.when = _timex_when(tx, f"'{tx.timex.text}' {how}")
                elif sentence_tx:
                    tx = _best_timex(sentence_tx)
                    m.when = _timex_when(tx, f"'{tx.timex.text}' in its sentence")
                elif mates := [tx for o in ms if o is not m and o.key not in m.apart and m.key not in o.apart
                               for tx in anchored.get(getattr(o, "_group_index"), []) if tx.precision == "day"]:
                    # "In a statement released on Saturday, Trump accused ...": the sentence's day
                    tx = _best_timex(mates)
                    m.when = _timex_when(tx, f"'{tx.timex.text}' in its sentence")
                elif follows_previous(m) and previous is not None and previous.when.date is not None:
                    p = previous.when
                    if story:
                        m.when = When(None, "none", p.date, published,
                                      f"told as following an event of {p.date.isoformat()}", False, False)
                    else:
                        # news tells a day in order ("she laid a wreath ... Then she handed a flag"):
                        # what follows is that day's, a guess the merge stage lets any stated date beat
                        m.when = When(p.date, p.precision, p.date, published,
                                      f"told as following an event of {p.date.isoformat()} (that day)", True, False)
                    m.after.add(previous.key)
                    m.apart.add(previous.key)
                    previous.apart.add(m.key)
                elif reference is not None and m.status.status != "background":
                    r = reference
                    m.when = When(r.date, r.precision, None, published,
                                   f"no date in its sentence: the date the article last gave ({r.reason.split(chr(39))[1] if chr(39) in r.reason else r.date})",
                                   True, False)
                elif not story and published is not None and m.status.status == "occurred" \
                        and (recent := _recent_news(m)) is not None:
                    m.when = When(published, "day", None, published,
                                  f"no date in the text: {recent} (publication day)", True, False, recent=True)
                else:
                    m.when = When(None, "none", None, published, "no date in the text", False, False)
            # a stated date after publication is a plan, not a report; unless the verb says it is
            # past ("have been held since June"): then the date is a misreading and is dropped
            if m.when.own and published is not None and _later_than_published(m, published):
                if _past_tense(m):
                    # the later date is another event's ("has decided to admit them in early March, an
                    # official said on Wednesday"): a date of the sentence that is past may be this one's
                    earlier = [tx for tx in own + sentence_tx if tx.last <= published]
                    if earlier:
                        tx = _best_timex(earlier)
                        m.when = _timex_when(tx, f"'{tx.timex.text}' in its sentence (a later date there is "
                                                 f"another event's: the verb is past)")
                    else:
                        m.when = When(None, "none", None, published,
                                      f"'{m.when.reason}' would lie after publication, but the verb is past",
                                      False, False)
                else:
                    m.status = Status("planned", m.when.reason)
            # the narrative moves with its main clauses; a date inside a phrase ("claimed the Dec. 10
            # bombings") is a flashback that does not move it
            if m.when.own and m.status.status == "occurred" and m.root_level \
                    and m.when.precision in moves:
                if published is None or m.when.date is None or m.when.date <= published:
                    seg_reference = m.when
        if not seg.headline:
            setting = [tx for tx in sentence_tx if not _names_an_episode(tx, seg.span.doc)] \
                if seg_reference is None else []
            if setting:
                tx = _best_timex(setting)
                if (published is None or tx.first <= published) and tx.precision in moves:
                    seg_reference = _timex_when(tx, f"'{tx.timex.text}'")
            if seg_reference is not None:
                reference = seg_reference
            told = [m for m in ms if m.status.status == "occurred" and m.when.date is not None and not m.anaphoric]
            if told:
                previous = max(told, key=lambda m: m.main.i)


def _past_tense(m: Draft) -> bool:
    """Does the clause of the event say it is past (simple past, perfect)?"""
    for t in m.group:
        tok = t.tok
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        if verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children):
            return True
        if verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children if c.dep_ == "aux"):
            return True
    return False


def _governing_timex(m: Draft, ms: list[Draft], anchored: dict) -> tuple[Timex, str] | None:
    """The date of the event whose clause governs this one ("a statement on Monday confirming
    strikes": the strikes take Monday, as the sentence's reference date)."""
    group_of_token = {t.i: getattr(o, "_group_index") for o in ms if o is not m for t in o.group}
    top = min((t.tok for t in m.group), key=lambda t: len(list(t.ancestors)))
    for anc in top.ancestors:
        if not (m.seg.span.start <= anc.i < m.seg.span.end):
            break
        g = group_of_token.get(anc.i)
        if g is not None and anchored.get(g):
            return _best_timex(anchored[g]), f"of the clause that reports it ({anc.text})"
    return None


def recalled_in_past_perfect(m: Draft, narrative: Sequence[tuple[int, int]]) -> str | None:
    """"the rebels had captured the town", told in news with no date of its own and not as what
    someone reported ("police said the gunman had fled" is today's news, backshifted): history the
    article recalls. The cue, else None."""
    tok = m.main.tok
    if m.when.date is not None and not m.when.inferred or in_spans(tok.idx, narrative):
        return None
    aux = [c for c in tok.children if c.dep_ == "aux"]
    if not any(c.lower_ in ("had", "'d") for c in aux) or tok.tag_ != "VBN":
        return None
    if reported(tok, ("ccomp", "xcomp", "conj", "advcl", "relcl"), 4):
        return None
    return f"had {tok.text} (past perfect, no date of its own)"
