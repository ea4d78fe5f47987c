"""Where an event happened: one of the places its sentence names, or a flagged fallback.

Interface:
    PlaceIndex(doc, places)                  the article's places by token
    locate(group, segment, index, other_triggers, single) -> list[Location]
        The rules (:func:`_by_rules`): the literal place governed by a locative preposition of the
        event's own clause, or the target's place; never an actor's country. Speech is placed
        where it was said; a court where it sits; an accident after setting out near its
        departure. Then the only place of the sentence. Then the model of
        :mod:`geoevents.events.where_model` weighs the sentence's places, the rules' choice
        among what it reads: the rules' place while the model gives it its threshold, else the
        model's likeliest place that reaches it, else none. Speech, rulings, accidents and
        anaphora stay with the rules.
    fallback_location(event, drafts, index, country, dateline) -> Event
        For an event whose text gives no place, flagged ``inferred``: the speaker's seat for
        speech; for a dated event (or the article's own news in the present perfect) its doer's
        home, else the dateline's town, else the article's main country.
    scene_location(scenery, told, text) -> Location | None
        In a history, for an unplaced event whose paragraph placed no event before it: the last
        place the paragraph names ("In Omsk, ... On 18 November, a coup ..."), flagged inferred.
    main_country(places), dateline_place(text, places), speaker_place(draft, index)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from geoevents import features
from geoevents.events import where_model
from geoevents.events.drafts import is_anaphoric
from geoevents.lexicon import ISSUE, REPORTING, said, speech
from geoevents.events.records import Draft, Trigger
from geoevents.events.segments import Segment
from geoevents.events.syntax import (
    conj_root,
    is_passive,
    is_separator,
    lemma_of,
    separator_between,
    where_antecedent,
)
from geoevents.events.seats import capital_of, company_seat, stated_home, stated_homes
from geoevents.events.triggers import main_trigger
from geoevents.model import Event, Location, Place
from geoevents.recognize import is_dateline

_LOC_PREPS = frozenset(
    "in at near on outside inside around across throughout through into onto within along off towards toward "
    "to over against nearby beside outside_of amid".split())


_NEAR_PREPS = frozenset("near outside around nearby off towards toward beside".split())
#: prepositions of where something went, not where it happened
_DESTINATION_PREPS = frozenset("to into onto towards toward".split())


#: nouns that lead to a place by "of": "in front of", "the outskirts of", "north of"
_RELATIONAL = frozenset(
    "front outskirts vicinity edge suburb suburbs centre center heart part area region district "
    "north south east west northeast northwest southeast southwest middle outside side gate gates "
    "entrance perimeter border borders coast shore province city town village capital "
    "port harbour harbor docks streets waters neighbourhood neighborhood quarter".split())


#: nouns of an event whose "of" names the place it was fought over or at
_FOUGHT_OVER = frozenset(
    "battle siege bombardment massacre liberation capture fall defence defense sack relief occupation "
    "shelling bombing invasion encirclement blockade evacuation storming recapture conquest".split())


_NEAR_NOUNS = frozenset("outskirts vicinity edge suburb suburbs outside north south east west northeast "
                        "northwest southeast southwest border borders coast shore".split())




def _specificity(place: Place) -> int:
    c = place.candidate
    if c is None:
        return 0  # a name the gazetteer does not know: mostly a place too small for it
    return features.specificity(c.feature_code, c.feature_class)


def _precision(place: Place, near: bool) -> int:
    c = place.candidate
    if c is None or c.is_region:
        return 3
    base = 1 if (c.feature_class == "P" and (c.feature_code or "") != "PPLX") else 2
    if (c.feature_class or "") == "A":
        base = 2
    return max(base, 2) if near else base


@dataclass(frozen=True)
class _Found:
    place: Place
    depth: int
    near: bool
    how: str  # the words that lead to it: "near", "in", "the target"


class PlaceIndex:
    """Places of one article by token, and the tokens that are names of places: ``literal`` the
    places where something may happen, resolved or not (a toponym the gazetteer does not know is
    still the mention where the event happened; the map cannot draw it, Nominatim might have
    resolved it), ``any`` the resolved places whatever their role."""

    def __init__(self, doc, places: Sequence[Place]):
        self.literal: dict[int, Place] = {}
        self.any: dict[int, Place] = {}
        self.blocked: set[int] = set()
        self._doc = doc
        self._homes: dict[str | None, Place] | None = None
        text = doc.text  # built anew by spaCy on each access: once, not once per place
        for p in places:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            # a dateline ("ANKARA —") is where the story was filed, not where anything happened
            where = p.role == "literal" and not is_dateline(text, p.start, p.end)
            for tok in span:
                self.blocked.add(tok.i)
                if p.candidate is not None:
                    self.any.setdefault(tok.i, p)
                if where:
                    self.literal.setdefault(tok.i, p)
                    if tok.has_extension("geoevents_place"):
                        tok._.geoevents_place = True

    @property
    def homes(self) -> dict[str | None, Place]:
        """Where the article says its companies are at home (:func:`seats.stated_homes`), read
        once, when an event first needs it."""
        if self._homes is None:
            self._homes = stated_homes(self._doc, self.any)
        return self._homes


def _locate_from(starts: list, seg: Segment, index: PlaceIndex, stop: set[int], exclude_subject: bool) -> list[_Found]:
    """Breadth-first search down the parse from ``starts`` for literal places reached through a
    locative preposition, a target (object) or a modifier of the trigger."""
    found: list[_Found] = []
    seen = set(stop)
    frontier = [(t, 0, True, False, "") for t in starts]
    starts_i = {t.i for t in starts}
    for t, *_ in frontier:
        seen.add(t.i)
    while frontier:
        nxt = []
        for tok, depth, ok, near, how in frontier:
            for c in tok.children:
                if c.i in seen or not (seg.span.start <= c.i < seg.span.end):
                    continue
                dep = c.dep_
                if dep in ("relcl", "acl", "advcl", "parataxis", "ccomp", "punct", "cc", "mark", "aux", "auxpass",
                           "neg", "det", "case") and depth > 0:
                    continue
                if dep in ("relcl", "advcl", "parataxis", "ccomp", "mark", "aux", "neg", "det"):
                    continue
                if dep in ("nsubj", "agent") and exclude_subject and depth == 0:
                    continue
                if dep == "poss" and depth == 0 and tok.pos_ in ("NOUN", "PROPN"):
                    continue
                if is_separator(c):
                    continue
                seen.add(c.i)
                c_ok, c_near, c_how = ok, near, how
                if dep in ("prep", "agent"):
                    word = c.lower_
                    if word in _DESTINATION_PREPS and tok.dep_ == "conj" and tok.pos_ == "VERB" and tok.i not in starts_i:
                        # where a verb joined to the trigger went is not where the trigger
                        # happened ("stormed the bank and fled to Syria")
                        c_ok = False
                    elif word in _LOC_PREPS:
                        c_ok, c_near, c_how = True, near or word in _NEAR_PREPS, word
                    elif word == "of" and depth == 0 and tok.lower_ in _FOUGHT_OVER:
                        c_ok, c_how = True, "the target"  # "the Battle of Verdun", "the siege of Sarajevo"
                    elif word == "of" and tok.lower_ in _FOUGHT_OVER and how.split(" ")[0] in _LOC_PREPS:
                        # what happened at a battle happened where it was fought ("ambushed at
                        # the Battle of Oriskany", "killed in the siege of Sarajevo")
                        c_ok, c_how = True, f"{how} {tok.text} of"
                    elif word == "of" and tok.lower_ in _RELATIONAL:
                        c_ok, c_near = ok, near or tok.lower_ in _NEAR_NOUNS
                        c_how = f"{how} {tok.text} of".strip()
                    else:
                        c_ok = False
                elif depth == 0 and dep in ("dobj", "nsubjpass", "pobj"):
                    c_ok, c_how = True, "the target"
                elif depth == 0 and dep in _MODIFIERS:
                    c_ok, c_how = True, "modifier"
                place = index.literal.get(c.i)
                if place is not None and c_ok and not (dep in _MODIFIERS and _specificity(place) >= 4
                                                       and tok.lower_ not in _PLACE_NOUNS):
                    # a country or province in front of a noun names a nationality or an owner
                    # ("a United States airstrike", "the U.S. embassy"), not where it happened
                    found.append(_Found(place, depth + 1, c_near, c_how))
                nxt.append((c, depth + 1, c_ok, c_near, c_how))
        frontier = nxt
    return found


#: nouns that a place name in front of them names ("Zamfara state", "the Belgorod region")
_PLACE_NOUNS = frozenset(
    "state province region governorate county district prefecture oblast department municipality "
    "city town village area territory island islands valley capital countryside border".split())


#: edges of modifiers in front of a noun ("Kabul airport attack", "U.S. embassy")
_MODIFIERS = frozenset({"compound", "nmod", "npadvmod", "amod", "poss"})


def _choose(found: list[_Found], index: PlaceIndex, doc) -> list[_Found]:
    """The nearest places; among places of one phrase the most specific; coordinated places
    ("in Iraq and Syria") all. A modifier ("a Kabul market bombing") only when nothing else."""
    found = [f for f in found if f.how != "modifier"] or found
    if not found:
        return []
    found = sorted(found, key=lambda f: f.depth)
    best_depth = found[0].depth
    near_ones = [f for f in found if f.depth <= best_depth + 2]
    # the most specific place within the nearest phrase ("Iraq's Kirkuk City" -> Kirkuk)
    first = near_ones[0]
    lead = first.how.split(" ")[0] if first.how else ""
    phrase = [f for f in near_ones if (f.how.split(" ")[0] if f.how else "") == lead]
    chosen = min(phrase, key=lambda f: (_specificity(f.place), f.depth))
    # "a ravine in the Andes in southern Peru": when the phrase names a country and the specific
    # place was resolved outside it, the resolution is suspect and the country is kept
    countries = [f for f in phrase if f.place.candidate is not None and f.place.candidate.is_country]
    c0 = chosen.place.candidate
    if countries and c0 is not None and not c0.is_country and c0.country \
            and all(f.place.candidate.country != c0.country for f in countries):
        chosen = min(countries, key=lambda f: f.depth)
    out = [chosen]
    # coordinated places of the same kind
    span = doc.char_span(chosen.place.start, chosen.place.end, alignment_mode="expand")
    if span is not None:
        root = span.root
        conj_tokens = {c.i for c in root.subtree if c.dep_ == "conj" and conj_root(c).i == root.i}
        if root.dep_ == "conj":
            base = conj_root(root)
            conj_tokens |= {base.i} | {c.i for c in base.subtree if c.dep_ == "conj" and conj_root(c) is base}
        for f in found:
            if f is chosen or f.place in [o.place for o in out]:
                continue
            fspan = doc.char_span(f.place.start, f.place.end, alignment_mode="expand")
            if fspan is not None and fspan.root.i in conj_tokens and \
                    (_specificity(f.place) >= 6) == (_specificity(chosen.place) >= 6):
                out.append(f)
    return out


def _speech_place(starts: list, seg: Segment, index: PlaceIndex, other_triggers: set[int]) -> list[Location]:
    """Where something was said: a locative phrase on the speech verb or its light verb ("said
    in Ankara", "issued a statement in Geneva"), never the place the speech is about."""
    heads = list(starts) + [t.head for t in starts if t.pos_ in ("NOUN", "PROPN") and lemma_of(t.head) in ISSUE]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in _LOC_PREPS - {"on", "against", "to", "over", "into", "onto"}:
                found = [_Found(index.literal[g.i], 2, c.lower_ in _NEAR_PREPS, c.lower_)
                         for g in c.subtree if g.i in index.literal and g.i not in other_triggers]
                chosen = _choose(found, index, seg.span.doc)
                if chosen:
                    return [_location(f) for f in chosen]
    return []


def _locative_object(tok, seg: Segment) -> bool:
    """Is the place name ``tok`` (part of) the object of a locative preposition?"""
    cur = tok
    while cur.dep_ in ("compound", "conj", "appos", "amod", "nmod", "flat") and cur.head.i != cur.i:
        cur = cur.head
    return cur.dep_ == "pobj" and cur.head.lower_ in _LOC_PREPS and seg.span.start <= cur.head.i < seg.span.end


def _location(f: _Found, reason: str | None = None) -> Location:
    name = f.place.mention.text.replace("\n", " ")
    if reason is None:
        if f.how == "modifier":
            reason = f"{name}, named with the event"
        elif f.how.startswith("the target"):
            reason = f"the target's place: {name}"
        elif f.how:
            reason = f"'{f.how} {name}' in the event's clause"
        else:
            reason = f"{name} in the event's clause"
    return Location(f.place, _precision(f.place, f.near), reason)


def locate(group: list[Trigger], seg: Segment, index: PlaceIndex, other_triggers: set[int],
           single: bool) -> list[Location]:
    """Where the event of ``group`` happened among the literal places of its segment: each place
    weighed by the model of :mod:`geoevents.events.where_model`, which reads the parse and what
    the rules (:func:`_by_rules`) chose. The rules' place when the model gives it at least its
    threshold, else the likeliest place that reaches it, else none. A place the gazetteer does
    not know is followed by the resolved place its phrase says holds it (the map draws that)."""
    return _drawn_with_container(_locate(group, seg, index, other_triggers, single), seg, index)


def _locate(group: list[Trigger], seg: Segment, index: PlaceIndex, other_triggers: set[int],
            single: bool) -> list[Location]:
    antecedent = _where_antecedent([t.tok for t in group], seg, index)
    if antecedent is not None:
        # "Kenya, where she arrived": the text says where, whatever else the sentence names; the
        # model, fitted on sentences with few such clauses, is not asked
        return [_location(_Found(antecedent, 1, False, "where"),
                          f"'{antecedent.mention.text}, where' opens the event's clause")]
    ruled = _by_rules(group, seg, index, other_triggers, single)
    main = main_trigger(group)
    if is_anaphoric(main, group) or _by_rules_only(group):
        # anaphora ("the strike came two weeks after ..."): an event told before, whose own
        # telling says where; the model was fitted on events told, not referred back to
        return ruled
    trigger_tokens = [t.tok for t in group]
    cands, out_of_play = [], []
    for c in where_model.candidates(seg, index.literal):
        (out_of_play if where_model.excluded(trigger_tokens, c, seg, other_triggers) else cands).append(c)
    if out_of_play:
        # the rules may have reached an addressee ("apologised to X") or another event's place
        ruled = [loc for loc in ruled if all(loc.place is not c.place for c in out_of_play)]
    cands = where_model.nearest(cands, trigger_tokens)
    if not cands:
        return ruled
    event_type = main.rule.type
    ruled_places = [loc.place for loc in ruled]
    stated = [loc.place for loc in ruled if loc.reason.endswith("in the event's clause")]
    feats = where_model.describe(trigger_tokens, cands, seg, other_triggers, ruled_places, event_type, stated)
    scored = where_model.weigh(cands, feats)
    if not scored:
        return ruled
    threshold = where_model.Model.load().threshold
    # the rules' place stands while the model finds it likely (as good on the fit half as the
    # model's own best, and it keeps the rules' reasons); else the model's choice, or none
    if any(p >= threshold and any(loc.place is c.place for loc in ruled) for p, c in scored):
        return ruled
    # a place a locative preposition of the event's own clause names stands unless the model
    # prefers another one or finds it less than half as likely as it asks of its own choice: the
    # sentences it was fitted on label many such places "none" ("killed in an airstrike in northern
    # Iraq"), so mild doubt is no reason to leave an event unplaced ("killed four policemen in the
    # province of Balochistan near Quetta"), but strong doubt is (evloc held-out .742 -> .750)
    if stated_stands([(p, c.place) for p, c in scored], stated, ruled_places, threshold):
        return ruled
    best = where_model.choose(scored, threshold)
    if best is None:
        return []
    p, chosen = best
    chosen = where_model.suspect_resolution(chosen, cands, seg)
    near = bool(feats[cands.index(chosen)].get("_near"))
    out = [chosen] + [c for c in cands if c is not chosen and _coordinated_places(c, chosen)]
    name = chosen.place.mention.text.replace("\n", " ")
    reason = f"{name}, weighed the likeliest place of its sentence (p {p:.2f})"
    return [Location(c.place, _precision(c.place, near), reason) for c in out]


#: the share of the model's threshold a locative of the event's own clause must reach to stand
_STATED_SHARE = 0.5


def stated_stands(scored: Sequence[tuple[float, Place]], stated: Sequence[Place], ruled: Sequence[Place],
                  threshold: float) -> bool:
    """Does a place the event's own clause names by a locative stand against the model? When the
    model finds it at least :data:`_STATED_SHARE` of its threshold likely and prefers no place the
    rules did not choose."""
    return bool(stated) and any(p >= _STATED_SHARE * threshold and any(x is c for x in stated) for p, c in scored) \
        and not any(p >= threshold and all(x is not c for x in ruled) for p, c in scored)


def _place_key(p: Place) -> str:
    """What makes two places one: their gazetteer entry, else their name."""
    return p.candidate.id if p.candidate is not None else "?" + " ".join(p.mention.text.lower().split())


def _drawn_with_container(locations: list[Location], seg: Segment, index: PlaceIndex) -> list[Location]:
    """Where the event's place is a toponym the gazetteer does not know, the resolved places its
    own phrase names after it ("in Kafr Nabuda, Hama", "the village of Talbiseh in Homs
    province") follow it: the event stays at its mention, and the map draws it at the place that
    holds it. Else the locations unchanged."""
    if not locations or locations[0].place.candidate is not None:
        return locations
    doc = seg.span.doc
    first = locations[0].place
    span = doc.char_span(first.start, first.end, alignment_mode="expand")
    if span is None:
        return locations
    taken = {id(loc.place) for loc in locations}
    out = list(locations)
    for c in where_model.candidates(seg, index.literal):
        p = c.place
        if p.candidate is None or id(p) in taken or p.start < first.end:
            continue
        if where_model.same_phrase(span.root, c.token, seg):
            taken.add(id(p))
            name = p.mention.text.replace("\n", " ")
            out.append(Location(p, max(2, _precision(p, False)),
                                f"{name}, which holds {first.mention.text} (not in the gazetteer)"))
            break
    return out


def _by_rules_only(group: list[Trigger]) -> bool:
    """Events the model leaves to the rules: speech (where it was said), court rulings (where the
    court sits) and accidents (near where the journey began), too rare in the sentences it was
    fitted on (about 60 of 4,526) for it to weigh."""
    main = main_trigger(group)
    return said(main.rule.type, main.rule.label) or any(t.rule.label in ("legal", "accident") for t in group)


def _coordinated_places(a: where_model.Candidate, b: where_model.Candidate) -> bool:
    """Are two places conjuncts of one phrase ("in Iraq and Syria", "in Mosul and Kirkuk"),
    both countries or neither?"""
    return a.token.i != b.token.i and conj_root(a.token).i == conj_root(b.token).i \
        and (a.token.dep_ == "conj" or b.token.dep_ == "conj") \
        and (_specificity(a.place) >= 6) == (_specificity(b.place) >= 6)


def _by_rules(group: list[Trigger], seg: Segment, index: PlaceIndex, other_triggers: set[int],
              single: bool) -> list[Location]:
    """The rules: the literal place governed by a locative preposition of the event's own clause,
    or the target's place; never an actor's country; speech where it was said; then the only
    place of the sentence."""
    doc = seg.span.doc
    starts = [t.tok for t in group]
    if said(main_trigger(group).rule.type, main_trigger(group).rule.label):
        return _speech_place(starts, seg, index, other_triggers)
    legal = any(t.rule.label == "legal" for t in group)
    if legal:
        # a court rules where it sits; the party it rules on ("ordered Russia") is no place
        court = _actor_place(group, seg, index, other_triggers)
        if court:
            return court
    found = _locate_from(starts, seg, index, other_triggers, exclude_subject=True)
    chosen = _choose(found, index, doc)
    if chosen:
        return [_location(f) for f in chosen]
    # climb to the clauses that govern the trigger ("gathered in X to protest", a trigger that
    # hangs from a place name)
    top = min(starts, key=lambda t: len(list(t.ancestors)))
    cur, came_from = top, {t.i for t in starts}
    for step in range(3):
        head = cur.head
        if head.i == cur.i or not (seg.span.start <= head.i < seg.span.end) or head.i in other_triggers:
            break
        if lemma_of(head) in REPORTING or is_separator(head):
            break
        if separator_between(cur, head, result=False) is not None:
            break
        place = index.literal.get(head.i)
        if place is not None:
            return [_location(_Found(place, step + 1, False, ""), f"the event's clause hangs from the place name {place.mention.text}")]
        found = _locate_from([head], seg, index, other_triggers | came_from, exclude_subject=True)
        chosen = _choose(found, index, doc)
        if chosen:
            return [_location(f) for f in chosen]
        came_from.add(head.i)
        cur = head
    actor = [] if legal else _actor_place(group, seg, index, other_triggers)  # a court's was looked for first
    if actor:
        return actor
    if any(t.rule.label == "accident" for t in group):
        departed = _departure(group, seg, index, other_triggers)
        if departed:
            return departed
    if single:
        # the only places of the sentence, outside relative clauses and the actor's name
        subjects = {x.i for t in group for c in t.tok.children
                    if c.dep_ in ("nsubj", "agent") and not is_passive(t.tok) for x in c.subtree}
        candidates: list[Place] = []
        for tok in seg.span:
            p = index.literal.get(tok.i)
            if p is None or tok.i in subjects or p in candidates:
                continue
            if any(a.dep_ in ("relcl", "acl", "appos") for a in tok.ancestors if seg.span.start <= a.i < seg.span.end):
                continue
            if not _locative_object(tok, seg):
                continue  # "relations between Iran and ...", "commander of Iran's guards"
            if _said_at(tok, seg, {t.i for t in group}):
                continue  # "told reporters in New Delhi that ... were killed": where it was said
            if p.candidate is not None and p.candidate.is_country and tok.dep_ in ("compound", "amod", "nmod"):
                continue  # "a US drone attack", "US troops": a nationality, not where
            candidates.append(p)
        if len({_place_key(p) for p in candidates}) == 1:
            p = candidates[0]
            return [Location(p, _precision(p, False), f"the only place of its sentence: {p.mention.text}")]
    return []


def _where_antecedent(starts: list, seg: Segment, index: PlaceIndex) -> Place | None:
    """The place a relative "where" that opens the trigger's clause stands for
    (:func:`~geoevents.events.syntax.where_antecedent`), when it is a literal place of the segment."""
    for tok in starts:
        before = where_antecedent(tok)
        if before is not None and before.i >= seg.span.start and before.i in index.literal:
            return index.literal[before.i]
    return None


def _actor_place(group: list[Trigger], seg: Segment, index: PlaceIndex, other_triggers: set[int]) -> list[Location]:
    """Where the actor was: "The Supreme Court in Nairobi ruled", "Police in Paris arrested"."""
    for t in group:
        if t.tok.pos_ != "VERB" or is_passive(t.tok):
            continue
        for c in t.tok.children:
            if c.dep_ == "nsubj":
                found = [f for f in _locate_from([c], seg, index, other_triggers, exclude_subject=False)
                         if f.how and f.how != "the target"]
                chosen = _choose(found, index, seg.span.doc)
                if chosen:
                    return [_location(f, f"where the actor was: '{f.how} {f.place.mention.text}'") for f in chosen]
    return []


def _said_at(tok, seg: Segment, triggers: set[int]) -> bool:
    """Does the place name ``tok`` hang from a reporting verb that is not itself the event?"""
    for anc in tok.ancestors:
        if not (seg.span.start <= anc.i < seg.span.end) or anc.i in triggers:
            return False
        if anc.pos_ in ("VERB", "AUX"):
            return lemma_of(anc) in REPORTING
    return False


#: words of setting out: an accident "minutes after taking off from X" happened near X ("take"
#: counts only with "off", below)
_DEPARTURE = frozenset("leave depart departure takeoff take-off".split())


def _sets_out(tok) -> bool:
    """Does ``tok`` say that a journey began: "left", "departed", "taking off", "after take-off"
    (spaCy splits the noun into "take", "-", "off")?"""
    lemma = lemma_of(tok)
    if lemma == "take":
        return tok.pos_ != "NOUN" and any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.children)
    if lemma in _DEPARTURE:
        return True
    return tok.lower_ == "off" and tok.pos_ == "NOUN" and any(c.lower_ == "take" for c in tok.children)


def _departure(group: list[Trigger], seg: Segment, index: PlaceIndex, other_triggers: set[int]) -> list[Location]:
    """Near where the journey began, for an accident told with no place of its own ("crashed
    minutes after taking off from X", "sank after leaving the port of X")."""
    for t in group:
        for tok in t.tok.subtree:
            if not (seg.span.start <= tok.i < seg.span.end) or not _sets_out(tok):
                continue
            starts = [c for c in tok.children if c.dep_ == "dobj"] + \
                     [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]
            found = [f for f in _locate_from([tok], seg, index, other_triggers, exclude_subject=True)
                     if f.how == "the target"]
            found += [_Found(index.literal[x.i], 2, True, "from") for s0 in starts for x in s0.subtree
                      if x.i in index.literal and x.i not in other_triggers]
            chosen = _choose(found, index, seg.span.doc)
            if chosen:
                return [Location(f.place, _precision(f.place, True), f"after setting out from {f.place.mention.text}")
                        for f in chosen]
    return []


def main_country(places: Sequence[Place]) -> Place | None:
    """The country three quarters of the article's literal places lie in, as a place the article
    names (at least twice)."""
    counts: dict[str, int] = {}
    for p in places:
        if p.role == "literal" and p.candidate is not None and p.candidate.country:
            code = p.candidate.feature_code or ""
            if code in ("RGN", "CONT"):
                continue
            counts[p.candidate.country] = counts.get(p.candidate.country, 0) + 1
    if not counts:
        return None
    total = sum(counts.values())
    country, n = max(counts.items(), key=lambda kv: kv[1])
    if n < 2 or n / total < 0.75:
        return None
    named = [p for p in places if p.candidate is not None and p.candidate.is_country and p.candidate.country == country]
    named.sort(key=lambda p: (p.role != "literal", p.start))
    return named[0] if named else None


def _speaker_place(m: Draft, index: PlaceIndex) -> Place | None:
    """The seat or country of whoever spoke: "The Pentagon said", "the leader of Iran vowed"; a
    company's headquarters when no place is named with it ("General Motors reported a loss")."""
    for t in m.group:
        for c in t.tok.children:
            if c.dep_ in ("nsubj", "agent") or c.dep_ == "poss" and t.tok.pos_ == "NOUN":
                if (p := _place_of(c, index, company=c.dep_ != "poss")) is not None:
                    return p
        # an event noun's doer is the subject of the verb that carries it ("issued a statement"),
        # a controlled verb's the subject of the verb it completes ("GM reported losing $4.8 billion")
        if t.tok.pos_ == "NOUN" and t.tok.head.pos_ == "VERB" or t.tok.dep_ == "xcomp":
            for c in t.tok.head.children:
                if c.dep_ == "nsubj" and (p := _place_of(c, index)) is not None:
                    return p
    return None


def _place_of(doer, index: PlaceIndex, company: bool = True) -> Place | None:
    """The most specific place named among a doer's words (``doer``: their head), else
    (``company``) the home the text states for the company it is, else its headquarters."""
    words = list(doer.subtree)
    ps = [index.any[x.i] for x in words if x.i in index.any]
    if ps:
        return min(ps, key=_specificity)
    if not company:
        return None
    return stated_home(doer, index.homes) or company_seat(words, doer)


def _speaker_places(members: list[Draft], index: PlaceIndex) -> Iterator[Place]:
    """The resolved seats or countries of whoever spoke or acted, member by member."""
    for m in members:
        p = _speaker_place(m, index)
        if p is not None and p.candidate is not None:
            yield p


#: the types of acts a state's people do abroad as often as at home: "Iraqi forces attacked",
#: "Russian troops massed"
_ABROAD = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})


#: the doers that act where their country's government sits: "the Hungarian parliament ratified",
#: "Indonesia's transport minister recommended" (in Budapest, in Jakarta)
_GOVERNMENT = frozenset(
    "parliament government cabinet ministry minister president premier chancellor king queen monarch "
    "congress senate legislature assembly regime junta presidency".split())


_CAPITAL_OF = "the capital of"


def _home_of_doer(event: Event, members: list[Draft], index: PlaceIndex) -> Place | None:
    """Where whoever did a non-violent act is at home, when the text names it with them ("the
    Hungarian parliament ratified the treaty", "the Kenyan president apologised to Uganda": in
    Hungary, in Kenya; issue 12's "unless the text says otherwise"); a country's government,
    parliament or minister at the country's capital."""
    if event.type in _ABROAD or event.label == "sport":
        return None  # (in sport a country is a team: "Peru beat Chile" in Nairobi)
    return _seat_of_government(next((p for p in _speaker_places(members, index) if p.candidate.country), None),
                               members)


def _seat_of_government(home: Place | None, members: list[Draft]) -> Place | None:
    """A country's capital for a country whose government, parliament or minister acted, else ``home``."""
    if home is None or home.candidate is None or not home.candidate.is_country or not _governs(members):
        return home
    capital = capital_of(home.candidate.country)
    return home if capital is None else replace(home, candidate=capital,
                                                reason=f"{_CAPITAL_OF} {home.candidate.name}, where its government sits")


def _doer_named(p: Place) -> str:
    """The doer's place as the reason names it: the mention, and the capital when it stands for it."""
    name = p.mention.text.replace("\n", " ")
    named = p.reason.startswith(_CAPITAL_OF) or p.mention.label == "SEAT"  # "GM: Detroit"
    return f"{name}: {p.candidate.name}" if p.candidate is not None and named else name


def _governs(members: list[Draft]) -> bool:
    """Is the doer of the event a government, a parliament or a minister (the head of its subject)?"""
    for m in members:
        for t in m.group:
            # an event noun's doer is the subject of the verb that carries it ("issued a statement")
            heads = [t.tok] + ([t.tok.head] if t.tok.pos_ == "NOUN" and t.tok.head.pos_ == "VERB" else [])
            for c in (c for h in heads for c in h.children):
                if c.dep_ in ("nsubj", "agent") and lemma_of(c) in _GOVERNMENT:
                    return True
                if c.dep_ == "agent" and any(lemma_of(g) in _GOVERNMENT for g in c.children if g.dep_ == "pobj"):
                    return True
    return False


def scene_location(scenery: Sequence[Place], told: int, text: str) -> Location | None:
    """Where a history's paragraph is set when none of its events was placed yet: the last place
    it names before the event ("In Omsk, the government came under the influence of Kolchak. On 18
    November, a coup established him as dictator"), flagged inferred. ``scenery``: the literal,
    resolved places of the text in text order."""
    paragraph = text.rfind("\n", 0, told) + 1
    before = [p for p in scenery if paragraph <= p.start < told]
    if not before:
        return None
    p = before[-1]
    return Location(p, max(_precision(p, False), 2),
                    f"no place in its sentence: where its paragraph is set ({p.mention.text})", True)


def dateline_place(text: str, places: Sequence[Place]) -> Place | None:
    """The town of the article's dateline ("KABUL, Afghanistan —"), else its unit, else None."""
    filed = [p for p in places if p.candidate is not None and p.candidate.country
             and is_dateline(text, p.start, p.end)]
    filed.sort(key=lambda p: (p.candidate.is_region or p.candidate.is_country, p.start))
    return filed[0] if filed else None


def fallback_location(event: Event, members: list[Draft], index: PlaceIndex, country: Place | None,
                       dateline: Place | None = None) -> Event:
    """A place for an event whose text gives none: the speaker's seat for speech; for a dated
    event (or the article's own news told in the present perfect, "has posted its first loss")
    where its doer is at home, else the dateline's town when its country is the only one the
    event's phrases name (wire stories are mostly filed from where things happened), else the
    article's main country. Marked ``inferred``; else the event stays unlocated."""
    if speech(event.type, event.label):
        p = _seat_of_government(next(_speaker_places(members, index), None), members)
        if p is not None and p.candidate is not None:
            prec = 3 if p.candidate.is_region else _precision(p, False)
            return replace(event, locations=(Location(p, prec, f"no place in the text: the speaker's seat or country ({_doer_named(p)})", True),))
        return event
    # an undated event is placed no further; nor is one dated only by the story around it, but
    # the article's own news told in the present perfect ("has posted its first loss") is
    if event.date is None or event.date_inferred and not any(m.when.recent for m in members):
        return event
    doer = _home_of_doer(event, members, index)
    if doer is not None and (dateline is None or dateline.candidate.country != doer.candidate.country):
        prec = 3 if doer.candidate.is_region else max(2, _precision(doer, False))
        return replace(event, locations=(Location(doer, prec, f"no place in the text: where its doer acts ({_doer_named(doer)})", True),))
    if dateline is not None:
        prec = 3 if dateline.candidate.is_region else max(2, _precision(dateline, False))
        name = dateline.mention.text.replace("\n", " ")
        return replace(event, locations=(Location(dateline, prec, f"no place in the text: the dateline ({name}), where the story was filed", True),))
    if country is not None:
        return replace(event, locations=(Location(country, 3, f"no place in the text: the article's main country ({country.candidate.name})", True),))
    return event
