"""One article's events: the parts of the stage run in order over its segments.

Interface:
    extract_events(document, doc, places, timexes) -> list[Event]     (see :mod:`geoevents.events`)
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Sequence

from geoevents import merge as merge_stage
from geoevents.events.arguments import arguments, casualties, crowd, strings
from geoevents.events.drafts import (
    ANOTHER,
    generic,
    informative,
    is_anaphoric,
    relations,
    summarize,
    time_anchor,
)
from geoevents.events.kinds import agentless, caused_by_things, telling_type
from geoevents.lexicon import LIGHT, Lexicon, acled_crosswalk, lexicon
from geoevents.events.records import Draft, Status, Timex, Trigger
from geoevents.events.seats import seat_location
from geoevents.events.segments import Segment, ensure_boundaries, split_segments
from geoevents.events.status import read_status, reference_status
from geoevents.events.syntax import lemma_of
from geoevents.events.triggers import (
    find_triggers,
    given_trigger,
    group_triggers,
    main_trigger,
)
from geoevents.events.when import (
    date_drafts,
    history_index,
    in_spans,
    recalled_in_past_perfect,
    timex_index,
)
from geoevents.events.where import (
    PlaceIndex,
    dateline_place,
    fallback_location,
    locate,
    main_country,
    scene_location,
)
from geoevents.model import Document, Event, Location, Place, Source, TimeExpr


def _segment_drafts(seg: Segment, lex: Lexicon, index: PlaceIndex, timexes: list[Timex],
                    next_key: int) -> list[Draft]:
    blocked = index.blocked | {i for tx in timexes for i in tx.tokens}
    triggers = find_triggers(seg, blocked, lex)
    if not triggers:
        return []
    groups = group_triggers(triggers, seg)
    all_trigger_tokens = {t.i for group in groups for t in group}
    drafts = []
    for g, group in enumerate(groups):
        main = main_trigger(group)
        m = _draft(next_key + len(drafts), seg, group, main, telling_type(group, main), index,
                   all_trigger_tokens, single=len(groups) == 1)
        if m is not None:
            m._group_index = g  # type: ignore[attr-defined]
            drafts.append(m)
    return drafts


def _draft(key: int, seg: Segment, group: list[Trigger], main: Trigger, kind: tuple[str | None, str | None, str | None],
           index: PlaceIndex, all_trigger_tokens: set[int], single: bool, given: bool = False) -> Draft | None:
    """One telling from a group of triggers: its type, status, arguments, tolls and place. None
    when the group tells no event (``given``: a given trigger always tells one)."""
    typ, mode, label = kind
    if typ is None:
        return None
    others = all_trigger_tokens - {t.i for t in group}
    actor_toks, target_toks = arguments(group, seg, all_trigger_tokens)
    if typ == "ASSAULT" and any(crowd(a) for a in actor_toks):
        typ, mode, label = "PROTEST", "riot", None
    elif typ == "ASSAULT" and (harm := agentless(group, seg)) is not None:
        typ, mode, label = "OTHER", None, harm
    elif typ == "PROTEST" and all(t.rule.role == "weak" for t in group) and caused_by_things(group, seg) \
            and not given:
        return None  # "winds pushed the ship across the canal, blocking traffic": nobody protested
    status = read_status(group, main, seg)
    if status.status == "occurred":
        status = reference_status(main) or status
    m = Draft(key, seg, group, main, typ, mode, label, status)
    m.actors = strings(actor_toks)
    m.targets = strings(target_toks)
    m.fatalities, m.injuries = casualties(group, seg)
    m.locations = locate(group, seg, index, others, single=single)
    if not m.locations:
        m.locations = seat_location([m])  # "the FTSE 100 fell", "NATO decided": where the institution sits
    m.anaphoric = is_anaphoric(main, group)
    m.anchor = time_anchor(main, group)
    if m.anchor:
        m.anaphoric = True  # "during the election": a reference point, not news
    if m.status.status == "occurred" and generic(main):
        m.status = Status("background", f"{main.tok.head.head.text} of {main.tok.text}")
    m.another = any(c.lower_ in ANOTHER and c.dep_ in ("det", "amod") for t in group for c in t.tok.children)
    m.summary = summarize(group, seg)
    tokens = {t.i for t in group}
    # told in the main clause: the trigger is the root, or hangs from a root that is part of
    # the event or a light verb ("militants carried out an attack"), not "claimed the bombings"
    m.root_level = any(t.tok.dep_ == "ROOT" or t.tok.head.dep_ == "ROOT" and (
        t.tok.head.i in tokens or lemma_of(t.tok.head) in LIGHT) for t in group)
    return m


def _given_drafts(spans: Sequence[tuple[int, int]], doc, segments: list[Segment], lex: Lexicon,
                  index: PlaceIndex, timexes: list[Timex]) -> list[tuple[Draft, tuple[int, int]]]:
    """One draft per given trigger span, whatever its word: the span's head word joins the group
    the parse gives it (a consequence takes its cause's type), never another given trigger."""
    given: list[tuple[tuple[int, int], object]] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        tokens = [t for t in (span if span is not None else doc) if not t.is_space]
        if span is None:  # a span of white space: the nearest word
            tokens = sorted(tokens, key=lambda t: abs(t.idx - start))[:1]
        if tokens:
            given.append(((start, end), span.root if span is not None and not span.root.is_space else tokens[0]))
    given_tokens = {tok.i for _, tok in given}
    #: the words of a given span that spaCy cut apart ("counter-offensive"), by its head word
    phrases = {tok.i: doc.text[start:end] for (start, end), tok in given}
    blocked = (index.blocked | {i for tx in timexes for i in tx.tokens}) - given_tokens
    found_in: dict[int, tuple[list[list[Trigger]], set[int]]] = {}
    out = []
    for (start, end), tok in given:
        seg = next((s for s in segments if s.span.start <= tok.i < s.span.end), None) \
            or min(segments, key=lambda s: min(abs(s.span.start - tok.i), abs(s.span.end - tok.i)))
        if seg.index not in found_in:
            # a given word is read as given (its own reading, or the event noun a light verb carries)
            triggers = [t for t in find_triggers(seg, blocked, lex) if t.i not in given_tokens]
            triggers += [given_trigger(g, seg.headline, lex, phrases.get(g.i)) for g in {t.i: t for _, t in given}.values()
                         if seg.span.start <= g.i < seg.span.end]
            groups = group_triggers(sorted(triggers, key=lambda t: t.i), seg)
            found_in[seg.index] = (groups, {t.i for g in groups for t in g})
        groups, all_tokens = found_in[seg.index]
        own = next((g for g in groups if any(t.i == tok.i for t in g)), None)
        if own is None:  # outside every segment (white space): its own group
            own = [given_trigger(tok, seg.headline, lex, phrases.get(tok.i))]
        group = [t for t in own if t.i == tok.i or t.i not in given_tokens]
        main = main_trigger(group)
        kind = telling_type(group, main)
        mine = next((t for t in group if t.i == tok.i), None)
        if mine is not None and mine.rule.role in ("event", "given") and mine.rule.type is not None \
                and (mine.rule.type, mine.rule.label) != (kind[0], kind[2]):
            # a word that names an event of its own kind keeps it: "a grand jury addressing the
            # slaying" is the jury's work, not the slaying; only a consequence or a weak word
            # takes the kind of the event it joins
            main = mine
            kind = telling_type([mine], mine)
        if kind[0] is None:
            alone = given_trigger(tok, seg.headline, lex, phrases.get(tok.i))
            kind = (alone.rule.type, alone.mode, alone.rule.label)
        m = _draft(len(out), seg, group, main, kind, index, all_tokens | {tok.i}, single=len(groups) == 1,
                   given=True)
        assert m is not None
        m._group_index = groups.index(own) if own in groups else len(groups)  # type: ignore[attr-defined]
        out.append((m, (start, end)))
    return out


def _event_of(m: Draft, document: Document, trigger: tuple[int, int] | None = None) -> Event:
    seg = m.seg
    loc0 = m.locations[0].place if m.locations and not m.locations[0].inferred else None
    source = Source(
        doc=document.id,
        sentence=seg.text,
        start=seg.start,
        end=seg.end,
        title=document.title,
        url=document.url,
        published=document.published,
        place_start=loc0.start if loc0 else None,
        place_end=loc0.end if loc0 else None,
        trigger_start=trigger[0] if trigger else m.main.tok.idx,
        trigger_end=trigger[1] if trigger else m.main.tok.idx + len(m.main.tok.text),
    )
    w = m.when
    status = m.status.status
    reason = w.reason
    if status != "occurred" and m.status.cue:
        reason = f"{reason}; {status}: '{m.status.cue}'" if reason else f"{status}: '{m.status.cue}'"
    return Event(
        id=_telling_id(document.id, f"{trigger[0]}-{trigger[1]}#{m.key}" if trigger else m.main.tok.idx),
        type=m.type,
        date=w.date,
        time_precision=w.precision if w.date else "none",
        locations=tuple(m.locations),
        summary=m.summary,
        sources=(source,),
        mode=m.mode,
        label=m.label,
        status=status,  # type: ignore[arg-type]
        date_reason=reason,
        actors=tuple(m.actors),
        targets=tuple(m.targets),
        fatalities=m.fatalities,
        injuries=m.injuries,
        trigger=document.text[trigger[0]:trigger[1]] if trigger else m.main.tok.text,
        acled=acled_crosswalk(m.type, m.mode, m.targets),
        earliest=w.earliest,
        latest=w.latest,
        date_inferred=w.inferred,
    )


def _told_at(event: Event) -> int:
    """Where an event is first told: the offset of its first trigger word."""
    return min(s.trigger_start if s.trigger_start is not None else s.start for s in event.sources)


def _theatre(located: list[tuple[int, Location]], told: int, text: str) -> Location | None:
    """An event told with no place happened where the text last was in its paragraph ("On 20
    January the Italians attacked at Tembien ... Both commanders were killed"; a wire story's
    "Gunmen stormed a school in Kano ... Two teachers were wounded"): the place of the last
    located event told before it there, flagged inferred. In news as in histories: measured on
    the real-news half nobody tuned to, right day and place 7 -> 10 of 39 events."""
    paragraph = text.rfind("\n", 0, told) + 1
    before = [loc for start, loc in located if paragraph <= start < told]
    if not before:
        return None
    loc = before[-1]
    return Location(loc.place, max(loc.precision, 2),
                    f"no place in its sentence: where the story last was ({loc.place.mention.text})", True)


def _own_phrases(tok):
    """The words of a trigger's phrases, without the clauses that modify it ("Turning its back on
    the British crown, the convention voted ...": the crown's country is not where it voted)."""
    stack = [tok]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(c for c in t.children if c.dep_ not in ("advcl", "parataxis"))


def _drawn_somewhere(event: Event, members: list[Draft], index: PlaceIndex, country: Place | None,
                     filed: Place | None, narrative: Sequence[tuple[int, int]],
                     theatre: list[tuple[int, Location]], text: str, scenery: Sequence[Place] = ()) -> Event:
    """An event its text places nowhere the map can draw, placed where it most likely happened,
    flagged inferred: where its paragraph last was (:func:`_theatre`); else the speaker's seat,
    the dateline's town or the article's main country (:func:`fallback_location`)."""
    told = _told_at(event)
    # countries named in the event's own phrases ("Russian drones", "in Russia's region"):
    # then a place in another country is no guess for it
    named = {p.candidate.country for m in members for t in m.group for tok in _own_phrases(t.tok)
             if m.seg.span.start <= tok.i < m.seg.span.end
             for p in [index.any.get(tok.i)] if p is not None and p.candidate.country}
    if event.date is not None:
        last = _theatre(theatre, told, text)
        # a history's theatre holds whoever is named ("the Italians attacked"); a news story
        # names a country when the event is elsewhere ("Russian drones attacked a depot")
        if last is not None and (in_spans(told, narrative) or named <= {last.place.candidate.country}):
            return replace(event, locations=(last,))
        if last is None and in_spans(told, narrative):
            scene = scene_location(scenery, told, text)
            if scene is not None:
                return replace(event, locations=(scene,))
    fallback = country if country is not None and named <= {country.candidate.country} else None
    dateline = filed if filed is not None and (
        named <= {filed.candidate.country} or event.label == "sport") else None  # countries are teams
    return fallback_location(event, members, index, fallback, dateline)


def _telling_id(doc_id: str, char: int | str) -> str:
    return "ev-" + hashlib.sha1(f"{doc_id}\x1f{char}".encode("utf-8")).hexdigest()[:12]


def extract_events(document: Document, doc, places: Sequence[Place], timexes: Sequence[TimeExpr], *,
                   triggers: Sequence[tuple[int, int]] | None = None,
                   narrative: Sequence[tuple[int, int]] = ()) -> list[Event]:
    """The events one article tells, joined within the article (see the package docstring).

    ``triggers``: character spans the caller says name events (``--given-triggers``): then
    exactly one event per span, in the order given, typed, dated and placed as well as the stage
    can, and not joined with each other; no other event is looked for. ``narrative``: the spans
    told as a history (``Regime.narrative`` of :func:`geoevents.dates.extract_with_regime`).
    """
    if doc is None or not document.text.strip():
        return []
    doc = ensure_boundaries(doc)
    lex = lexicon()
    index = PlaceIndex(doc, places)
    txs = timex_index(doc, timexes, document.published, narrative)
    segments = split_segments(doc, document.title)
    given: dict[int, tuple[int, int]] = {}
    drafts: list[Draft] = []
    if triggers is not None:
        if not segments:
            return []
        for m, span in _given_drafts(triggers, doc, segments, lex, index, txs):
            given[m.key] = span
            drafts.append(m)
    else:
        for seg in segments:
            found = _segment_drafts(seg, lex, index, txs, len(drafts))
            relations(found, seg)
            drafts.extend(found)
    if not drafts:
        return []
    date_drafts(drafts, segments, txs, document.published, history_index(doc, timexes), narrative)
    for m in drafts:
        # "his unsuccessful 1996 campaign" is dated, so an event of its own (the real-news gold's
        # guideline: a past event the article dates is an event); only an undated one is history
        if m.status.status == "occurred" and (cue := recalled_in_past_perfect(m, narrative)):
            m.status = Status("background", cue)
    events = {m.key: _event_of(m, document, given.get(m.key)) for m in drafts}
    if triggers is not None:
        joined = [(events[m.key], [m.key]) for m in drafts]
    else:
        joined = merge_stage.corefer(
            [merge_stage.Telling(
                event=events[m.key], key=m.key, order=m.seg.start, headline=m.seg.headline, anaphoric=m.anaphoric,
                weak=m.weak, segment=m.seg.index, after=frozenset(m.after), apart=frozenset(m.apart),
                another=m.another, informative=informative(m))
             for m in drafts])
    out = []
    country = main_country(places)
    filed = dateline_place(document.text, places)
    by_key = {m.key: m for m in drafts}
    # where a history was last: the places of the events it located, by where they are told
    theatre = sorted(((_told_at(e), loc) for e, _ in joined if e.status == "occurred"
                      for loc in [next((x for x in e.locations if x.place.candidate is not None), None)]
                      if loc is not None and not loc.inferred),
                     key=lambda pair: pair[0])
    # the literal places a history names, resolved, in text order
    scenery = [p for p in places if p.role == "literal" and p.candidate is not None] if narrative else []
    for event, keys in joined:
        members = [by_key[k] for k in keys]
        if event.status == "occurred" and not any(loc.place.candidate is not None for loc in event.locations):
            # told with no place, or at toponyms the gazetteer does not know (they stay its
            # place, and the map draws it where an event told with no place is drawn)
            drawn = _drawn_somewhere(replace(event, locations=()), members, index, country, filed,
                                     narrative, theatre, document.text, scenery)
            event = replace(event, locations=event.locations + drawn.locations)
        out.append(event)
    return out
