"""Which of its sentence's places an event happened at: each candidate place described by the parse,
and weighed by gradient-boosted trees trained on news sentences (``data/where_model.tsv``).

Interface (in the order :func:`geoevents.events.where.locate` uses it):
    Candidate(place, token)                      a literal place of the event's sentence (resolved or not)
    candidates(seg, index_literal) -> list[Candidate]
        The literal places of a segment, one per mention, in text order.
    excluded(trigger_tokens, cand, seg, other_triggers) -> bool
        The place is ruled out before weighing: it belongs to another event the sentence keeps
        apart ("in retaliation for", "after"; a clause with a subject of its own), to the clause
        that reports the event ("officials in X said"), or it is an addressee ("apologised to X").
    nearest(cands, trigger_tokens) -> list[Candidate]
        At most MAX_CANDIDATES of them, the nearest to the trigger in the text.
    describe(trigger_tokens, cands, seg, other_triggers, ruled, event_type) -> list[dict[str, float]]
        What the model reads of each candidate (:func:`features`): the parse path from the
        trigger (the prepositions on it, its clause walls, the verbs and other events between),
        the candidate's grammatical role and what it modifies, its kind of place ("none" for a
        name the gazetteer does not know), distances, its rank among the sentence's candidates
        and within its noun phrase, the trigger's word and type, and whether the rules of
        :mod:`geoevents.events.where` chose it (``ruled``).
    weigh(cands, feats) -> [(probability, Candidate)]
        P(the event happened there) for each, by the shipped trees (``Model.load()``, read once).
    choose(scored, threshold) -> (probability, Candidate) | None
        The best candidate when its probability reaches the threshold, else None ("the sentence
        names no place where it happened").
    suspect_resolution(chosen, cands, seg) -> Candidate
        The country named in the chosen place's phrase when the place was resolved outside it.

The trees are fitted by ``benchmarks/train_evloc.py`` on the fit half of the event-location
sentences (see ``benchmarks/evloc.py``); the file's header says how and with what figures. Only
the standard library is used: scoring a candidate walks 300 small trees (about 0.15 ms).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from geoevents.features import kind as feature_kind
from geoevents.lexicon import REPORTING
from geoevents.events.segments import Segment
from geoevents.events.syntax import is_passive, is_separator, lemma_of
from geoevents.model import Place

if TYPE_CHECKING:
    from spacy.tokens import Token

MODEL_FILE = "where_model.tsv"

#: prepositions the features name one by one; any other is "prep:other"
_PREPS = frozenset(
    "in at near on outside inside around across throughout through into onto within along off towards "
    "toward to over against nearby beside amid from of by for with between among after before during "
    "under about like since than".split())

#: edges that open another clause or description on the path between trigger and place
_WALLS = ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "appos", "pcomp", "csubj")

#: nouns that a place name in front of or after them names ("Zamfara state", "the city of X")
_PLACE_NOUNS = frozenset(
    "state province region governorate county district prefecture oblast department municipality city "
    "town village area territory island islands valley capital countryside border neighbourhood "
    "neighborhood suburb suburbs outskirts camp port township hamlet".split())

_NEAR_PREPS = frozenset(
    "near outside around nearby off towards toward beside".split())


@dataclass(frozen=True)
class Candidate:
    """A literal place of the event's segment, resolved or not; ``token`` the root of its mention."""

    place: Place
    token: Token


def candidates(seg: Segment, literal: Mapping[int, Place]) -> list[Candidate]:
    """The literal places of a segment, resolved or not, one per mention, in text order
    (``literal``: token index -> place, as :class:`geoevents.events.where.PlaceIndex` holds them)."""
    doc = seg.span.doc
    out: list[Candidate] = []
    seen: set[int] = set()
    for tok in seg.span:
        p = literal.get(tok.i)
        if p is None or id(p) in seen:
            continue
        seen.add(id(p))
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        root = span.root if span is not None else tok
        out.append(Candidate(p, root))
    return out


def excluded(trigger_tokens: Sequence, cand: Candidate, seg: Segment, other_triggers: set[int]) -> bool:
    """Is the place ruled out before weighing: told of another event (:func:`told_apart`,
    :func:`other_clause`) or an addressee (:func:`addressed`)? On the fit half of the
    event-location sentences 27 of 105, 10 of 71 and 0 of 2 such places were gold, against 1,687
    of 4,527 of all candidates: the rules of the stage keep these apart, and so does the model."""
    return told_apart(trigger_tokens, cand, seg, other_triggers) or addressed(trigger_tokens, cand) \
        or bound_for(trigger_tokens, cand) or other_clause(trigger_tokens, cand, seg, other_triggers)


def told_apart(trigger_tokens: Sequence, cand: Candidate, seg: Segment, other_triggers: set[int]) -> bool:
    """Is the place told of something else than the event: of another event that the sentence
    keeps apart from it, hanging from the other's trigger with a word of sequence or cause between
    ("airstrikes in retaliation for a rocket attack on a base in X", "came two weeks after a
    bombing killed 40 in X"), or of the clause that reports the event ("..., officials in X said")?"""
    own = {t.i for t in trigger_tokens}
    other = None
    for a in _up(cand.token, seg)[1:]:
        if a.i in own:
            return False
        if a.i in other_triggers:
            other = a
            break
        if _verbal(a):
            # the reporting verb above the event: where it was said, not where it happened
            return lemma_of(a) in REPORTING and any(a.i in {x.i for x in _up(t, seg)[1:]} for t in trigger_tokens)
    if other is None:
        return False
    doc = seg.span.doc
    for t in trigger_tokens:
        lo, hi = sorted((t.i, other.i))
        if any(is_separator(x) for x in doc[lo + 1:hi]):
            return True
    return False


def _kind(place: Place) -> str:
    c = place.candidate
    if c is None:
        return "none"
    return feature_kind(c.feature_code, c.feature_class)  # spot: a building, airport, road, river ...


#: a name the gazetteer does not know ("none") is mostly a place too small for it: a village, a
#: district of a city, a checkpoint ("the town of Adwar, south of Tikrit")
_SPECIFIC = {"none": 0, "spot": 0, "town": 1, "capital": 1, "adm2": 2, "adm1": 3, "region": 4, "country": 5}


def _up(tok, seg: Segment) -> list:
    """``tok`` and its heads within the segment, nearest first."""
    out = [tok]
    cur = tok
    while cur.head.i != cur.i and seg.span.start <= cur.head.i < seg.span.end:
        cur = cur.head
        out.append(cur)
    return out


def _path(a, b, seg: Segment) -> tuple[list, list] | None:
    """The parse path from ``a`` to ``b``: the tokens climbed from ``a`` (its heads up to and with
    the common head) and the tokens walked down to ``b`` (from below the common head to ``b``)."""
    up_a = _up(a, seg)
    pos = {t.i: n for n, t in enumerate(up_a)}
    down: list = []
    for t in _up(b, seg):
        if t.i in pos:
            return up_a[:pos[t.i] + 1], list(reversed(down))
        down.append(t)
    return None


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _verbal(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass")


#: verbs of going and sending: a "to" phrase after them names a destination, after any other verb
#: an addressee or recipient ("apologised to Uganda", "sold arms to Chad")
_MOTION = frozenset(
    "go come move march walk run drive ride fly sail travel head return flee escape retreat withdraw "
    "advance proceed arrive enter cross deploy redeploy dispatch send ship export smuggle transport "
    "transfer deliver carry bring take deport extradite expel evacuate airlift relocate migrate push "
    "storm charge rush parade trek swim climb descend sneak infiltrate divert reroute".split())


def addressed(trigger_tokens: Sequence, cand: Candidate) -> bool:
    """Is the place the object of "to" on a trigger that is no verb of going or sending: an
    addressee or recipient, not where it happened ("the president apologised to Uganda")?"""
    prep = _preposition_of(cand)
    if prep is None or prep.lower_ != "to":
        return False
    return any(prep.head.i == t.i and lemma_of(t) not in _MOTION for t in trigger_tokens)


def _preposition_of(cand: Candidate):
    """The preposition whose object the place is (through a list or an apposition: "to Uganda
    and Kenya"), or None."""
    tok = cand.token
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    return tok.head if tok.dep_ == "pobj" else None


#: words that make a "for"/"to" phrase the destination of someone or something on the move
_BOUND = frozenset({"bound", "head", "headed", "heading", "destine", "destined", "route"})


def bound_for(trigger_tokens: Sequence, cand: Candidate) -> bool:
    """Is the place where a participant was going, not where the event happened ("stopped a
    convoy bound for Aleppo at the border", "troops heading for Mosul were ambushed", "a ship en
    route to Yemen")? Unless the going is the event itself ("headed for Mosul" as its trigger)."""
    prep = _preposition_of(cand)
    if prep is None or prep.lower_ not in ("for", "to", "toward", "towards"):
        return False
    goer = prep.head
    own = {t.i for t in trigger_tokens}
    return goer.i not in own and (goer.lower_ in _BOUND or lemma_of(goer) in _BOUND)


def _own_subject(tok) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def other_clause(trigger_tokens: Sequence, cand: Candidate, seg: Segment, other_triggers: set[int]) -> bool:
    """Does the place hang from the clause of another event, while this event is told in a clause
    with a subject of its own ("one was seized in X, while the other was arrested by ...")? A
    participle without one shares its governing clause's scene ("attacked a village in X,
    killing five")."""
    own = {t.i for t in trigger_tokens}
    event_on_path = False
    for a in _up(cand.token, seg)[1:]:
        if a.i in own:
            return False
        event_on_path = event_on_path or a.i in other_triggers
        if _verbal(a):
            # the head of the place's clause: another event's ("seized in a raid in X", "a raid"
            # being that event too), with a subject of its own, as this event has
            return event_on_path and _own_subject(a) and all(_own_subject(t) for t in trigger_tokens)
    return False


def _governor(tok, seg: Segment):
    """The nearest verb above a place name (the head of its clause), or None."""
    for t in _up(tok, seg)[1:]:
        if _verbal(t):
            return t
    return None


#: the most places of one sentence weighed for an event, the nearest to its trigger in the text:
#: a sentence naming more is a list ("protests in Lyon, Paris, ..."), and weighing is quadratic
MAX_CANDIDATES = 12


def nearest(cands: Sequence[Candidate], trigger_tokens: Sequence) -> list[Candidate]:
    """At most :data:`MAX_CANDIDATES` candidates, the nearest to a trigger token, in text order."""
    if len(cands) <= MAX_CANDIDATES:
        return list(cands)
    def dist(c: Candidate) -> int:
        return min(abs(c.token.i - t.i) for t in trigger_tokens)
    keep = sorted(range(len(cands)), key=lambda k: (dist(cands[k]), k))[:MAX_CANDIDATES]
    return [cands[k] for k in sorted(keep)]


def _hops(trigger_tokens: Sequence, tok, seg: Segment) -> int:
    """Edges between ``tok`` and the nearest trigger token in the parse (99: none)."""
    ps = [_path(t, tok, seg) for t in trigger_tokens]
    return min((len(p[0]) + len(p[1]) - 1 for p in ps if p is not None), default=99)


def describe(trigger_tokens: Sequence, cands: Sequence[Candidate], seg: Segment, other_triggers: set[int],
             ruled: Iterable[Place], event_type: str | None = None,
             stated: Iterable[Place] = ()) -> list[dict[str, float]]:
    """The features of every candidate of an event, in the order of ``cands``. Two carry no
    weight and tell how the caller decides (``benchmarks/train_evloc.py`` replays it to choose the
    threshold): ``_ruled_first``, the rules' own answer, and ``_stated``, a place a locative of the
    event's own clause names (``stated``)."""
    ruled, stated = list(ruled), list(stated)
    hops = [_hops(trigger_tokens, c.token, seg) for c in cands]
    out = [features(trigger_tokens, c, cands, seg, other_triggers, ruled, event_type, hops) for c in cands]
    for c, f in zip(cands, out):
        if ruled and ruled[0] is c.place:
            f["_ruled_first"] = 1.0
        if any(p is c.place for p in stated):
            f["_stated"] = 1.0
    return out


def features(trigger_tokens: Sequence, cand: Candidate, cands: Sequence[Candidate], seg: Segment,
             other_triggers: set[int], ruled: Iterable[Place], event_type: str | None = None,
             hops: Sequence[int] | None = None) -> dict[str, float]:
    """What the model reads of one candidate place for an event told by ``trigger_tokens``
    (``hops``: each candidate's distance from the trigger in the parse, computed once by
    :func:`describe`). ``_near`` (no weight) tells the caller a "near" phrase led to the place."""
    ruled = list(ruled)
    if hops is None:
        hops = [_hops(trigger_tokens, c.token, seg) for c in cands]
    kind = _kind(cand.place)
    rule = any(p is cand.place for p in ruled)
    f: dict[str, float] = {"bias": 1.0, f"kind:{kind}": 1.0, "rule": 1.0 if rule else 0.0,
                           f"cands:{_bucket(len(cands), (1, 2, 3))}": 1.0, f"type:{event_type}": 1.0}
    if not ruled:
        f["rule:none"] = 1.0
    f.update(_trigger_features(trigger_tokens))
    # the trigger of the group nearest the place in the parse
    paths = [(t, p) for t in trigger_tokens for p in [_path(t, cand.token, seg)] if p is not None]
    if not paths:
        f["no_path"] = 1.0
        return f
    trig, (up, down) = min(paths, key=lambda tp: len(tp[1][0]) + len(tp[1][1]))
    f.update(_path_features(trig, up, down, cand, kind, seg, trigger_tokens, other_triggers))
    f.update(_rank_features(trig, cand, cands, kind, hops, seg))
    if rule:
        f[f"rule&cands:{_bucket(len(cands), (1, 2, 3))}"] = 1.0
    return f


def _trigger_features(trigger_tokens: Sequence) -> dict[str, float]:
    """The event's word, its part of speech, and whether it is a definite noun ("the strike")."""
    f: dict[str, float] = {}
    for t in trigger_tokens[:1]:
        f[f"trigger:{lemma_of(t)}"] = 1.0
        f[f"trigger_pos:{t.pos_}"] = 1.0
        if t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                    for c in t.children):
            f["trigger_definite"] = 1.0
    return f


def _path_features(trig, up: list, down: list, cand: Candidate, kind: str, seg: Segment,
                   trigger_tokens: Sequence, other_triggers: set[int]) -> dict[str, float]:
    """The parse path from the trigger to the place: its length up and down, the clause walls
    and prepositions on it, the place's own role, the verbs and events between, distances."""
    f: dict[str, float] = {}
    m = cand.token
    lca = up[-1]
    hops_up, hops_down = len(up) - 1, len(down)
    f[f"up:{_bucket(hops_up, (0, 1, 2, 3))}"] = 1.0
    f[f"down:{_bucket(hops_down, (1, 2, 3, 4, 5))}"] = 1.0
    if hops_up == 0:
        f["under_trigger"] = 1.0
    span = seg.span.doc.char_span(cand.place.start, cand.place.end, alignment_mode="expand")
    if lca.i in ({t.i for t in span} if span is not None else {m.i}):
        f["trigger_under_place"] = 1.0
    # the deps climbed from the trigger (how its clause hangs) and walked down to the place
    up_deps = [t.dep_ for t in up[:-1]]
    down_deps = [t.dep_ for t in down]
    for d in up_deps:
        if d in _WALLS:
            f[f"up_wall:{d}"] = 1.0
    for d in down_deps[:-1]:
        if d in _WALLS:
            f[f"down_wall:{d}"] = 1.0
    f[f"down_path:{'>'.join(down_deps[:3])}"] = 1.0
    if up_deps:
        f[f"up_path:{'>'.join(up_deps[:2])}"] = 1.0
    # the prepositions on the way down: the one nearest the place, and the one that opens the path
    preps = [t for t in down if t.dep_ in ("prep", "agent")]
    last = preps[-1].lower_ if preps else "none"
    last = last if last in _PREPS or last == "none" else "other"
    f[f"prep:{last}"] = 1.0
    if preps:
        first = preps[0].lower_ if preps[0].lower_ in _PREPS else "other"
        f[f"prep0:{first}"] = 1.0
        head = preps[-1].head
        if head.pos_ in ("NOUN", "PROPN"):
            f[f"prep_head:{lemma_of(head)}"] = 1.0
        if head.i == lca.i and hops_up == 0:
            f[f"prep_on_trigger:{last}"] = 1.0
        if lemma_of(head) in _PLACE_NOUNS:
            f[f"prep_after_place_noun:{last}"] = 1.0
        elif head.pos_ in ("NOUN", "PROPN") and head.i != trig.i:
            f[f"prep_after_noun:{last}"] = 1.0
        f[f"prep:{last}&kind:{kind}"] = 1.0
        if len(preps) > 1:
            f["preps>1"] = 1.0
    near = any(t.lower_ in _NEAR_PREPS for t in preps)
    if near:
        f["near"] = 1.0
    # the place's own role, and what it modifies
    mdep = m.dep_
    f[f"mdep:{mdep}"] = 1.0
    f[f"mdep:{mdep}&under:{hops_up == 0}"] = 1.0
    if mdep in ("compound", "amod", "nmod", "poss"):
        head = m.head
        f[f"modified:{lemma_of(head)}"] = 1.0
        f["modifier_of_place_noun" if lemma_of(head) in _PLACE_NOUNS else "modifier"] = 1.0
        if head.i == trig.i:
            f["modifies_trigger"] = 1.0
        f[f"modifier&kind:{kind}"] = 1.0
    # subject or object of the trigger's clause
    if hops_up == 0 and down:
        first_dep = down[0].dep_
        if first_dep in ("nsubj", "nsubjpass", "agent", "csubj"):
            f["in_subject"] = 1.0
            if is_passive(trig):
                f["in_subject_passive"] = 1.0
        elif first_dep in ("dobj", "attr", "oprd"):
            f["in_object"] = 1.0
    # verbs and other events between the trigger and the place
    between = up[1:] + down[:-1]
    verbs = [t for t in between if _verbal(t)]
    f[f"verbs_between:{_bucket(len(verbs), (0, 1, 2))}"] = 1.0
    if any(t.i in other_triggers for t in between):
        f["other_trigger_between"] = 1.0
    gov = _governor(m, seg)
    if gov is None:
        f["governor:none"] = 1.0
    elif gov.i in {t.i for t in trigger_tokens}:
        f["governor:trigger"] = 1.0
        f[f"governor:trigger&prep:{last}"] = 1.0
    elif gov.i in other_triggers:
        f["governor:other_trigger"] = 1.0
    elif lemma_of(gov) in REPORTING:
        f["governor:reporting"] = 1.0
    else:
        f["governor:other_verb"] = 1.0
    lo, hi = sorted((trig.i, m.i))
    if any(is_separator(t) for t in seg.span.doc[lo + 1:hi]):
        f["separator_between"] = 1.0
    # distances and position
    dist = m.i - trig.i
    f["after_trigger" if dist > 0 else "before_trigger"] = 1.0
    f[f"tokdist:{_bucket(abs(dist), (1, 2, 3, 5, 8, 12, 20))}"] = 1.0
    if m.i - seg.span.start <= 1:
        f["opens_sentence"] = 1.0
    f["_near"] = 1.0 if near else 0.0
    return f


def _rank_features(trig, cand: Candidate, cands: Sequence[Candidate], kind: str, hops: Sequence[int],
                   seg: Segment) -> dict[str, float]:
    """The place among the sentence's others: nearest in the parse and in the text, most specific,
    whether another hangs from it ("Kirkuk, Iraq", "Iraq's Kirkuk"), its rank in its noun phrase."""
    f: dict[str, float] = {}
    m = cand.token
    hop_of = {id(c): h for c, h in zip(cands, hops)}
    others = [c for c in cands if c is not cand]
    if not others:
        return f
    dist = m.i - trig.i
    if all(hop_of[id(cand)] <= hop_of[id(c)] for c in others):
        f["nearest_in_parse"] = 1.0
    if all(abs(dist) <= abs(c.token.i - trig.i) for c in others):
        f["nearest_in_text"] = 1.0
    spec = _SPECIFIC[kind]
    if all(spec <= _SPECIFIC[_kind(c.place)] for c in others):
        f["most_specific"] = 1.0
    if any(spec > _SPECIFIC[_kind(c.place)] for c in others):
        f["less_specific_than_another"] = 1.0
    above = {t.i for t in _up(m, seg)[1:4]}
    if any(c.token.i in above for c in others):
        f["hangs_from_candidate"] = 1.0
        f[f"hangs_from_candidate&kind:{kind}"] = 1.0
    if any(m.i in {t.i for t in _up(c.token, seg)[1:4]} for c in others):
        f["holds_candidate"] = 1.0
        f[f"holds_candidate&kind:{kind}"] = 1.0
    # places of one noun phrase ("the West Bank town of Ramallah", "Iraq's Nineveh province"):
    # joined below a noun, each within three edges of it
    phrase = [c for c in others if same_phrase(m, c.token, seg)]
    if phrase:
        f["in_phrase"] = 1.0
        if all(spec <= _SPECIFIC[_kind(c.place)] for c in phrase):
            f["most_specific_in_phrase"] = 1.0
        if all(m.i > c.token.i for c in phrase):
            f["last_in_phrase"] = 1.0
        if all(m.i < c.token.i for c in phrase):
            f["first_in_phrase"] = 1.0
    return f


def suspect_resolution(chosen: Candidate, cands: Sequence[Candidate], seg: Segment) -> Candidate:
    """The country its own phrase names when the chosen place was resolved outside it ("a ravine
    in the Andes in southern Peru", the Andes resolved to a town in Chile), else the chosen place.
    (The event-location sentences score spans, not resolutions, so no weight can learn this.)"""
    c0 = chosen.place.candidate
    if c0 is None or c0.is_country or not c0.country:
        return chosen
    countries = [c for c in cands if c is not chosen and c.place.candidate is not None
                 and c.place.candidate.is_country and same_phrase(chosen.token, c.token, seg)]
    if countries and all(c.place.candidate.country != c0.country for c in countries):
        return min(countries, key=lambda c: abs(c.token.i - chosen.token.i))
    return chosen


def same_phrase(a, b, seg: Segment) -> bool:
    """Are two place names parts of one noun phrase: their paths meet at a noun (or one of them)
    within three edges of each, with no verb between?"""
    p = _path(a, b, seg)
    if p is None:
        return False
    up, down = p
    top = up[-1]
    return len(up) - 1 <= 3 and len(down) <= 3 and top.pos_ in ("NOUN", "PROPN") \
        and not any(_verbal(t) for t in up[1:] + down)


#: a node of a tree: (feature, split, left, right, value); a leaf has no feature
_Node = tuple[str | None, float, int, int, float]


@dataclass(frozen=True)
class Model:
    """The probability a best candidate must reach, and how a candidate's log-odds are summed:
    gradient-boosted trees (``trees``, the shipped kind: a baseline plus the leaf each tree sends
    the candidate to) or logistic weights by feature name (``weights``)."""

    weights: Mapping[str, float]
    threshold: float
    header: tuple[str, ...]
    trees: tuple[tuple[_Node, ...], ...] = ()
    baseline: float = 0.0

    def probability(self, feats: Mapping[str, float]) -> float:
        if self.trees:
            z = self.baseline + sum(_leaf_value(tree, feats) for tree in self.trees)
        else:
            z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def parse(cls, text: str) -> Model:
        """The model from its TSV text: '#' header lines, ``threshold<TAB>p``, then either
        ``feature<TAB>weight`` rows, or ``kind<TAB>trees``, ``baseline<TAB>z`` and one row per node
        (tree, node, feature, split, left, right, value; "-" where a leaf has none)."""
        header, weights, threshold, baseline = [], {}, 0.5, 0.0
        nodes: dict[int, dict[int, _Node]] = {}
        for line in text.splitlines():
            if line.startswith("#"):
                header.append(line[1:].strip())
                continue
            if not line.strip() or line.startswith(("feature\t", "tree\t", "kind\t")):
                continue
            cells = line.split("\t")
            if cells[0] == "threshold":
                threshold = float(cells[1])
            elif cells[0] == "baseline":
                baseline = float(cells[1])
            elif len(cells) == 7:
                t, i, feature, split, left, right, value = cells
                node = (None, 0.0, -1, -1, float(value)) if feature == "-" else \
                    (feature, float(split), int(left), int(right), 0.0)
                nodes.setdefault(int(t), {})[int(i)] = node
            else:
                weights[cells[0]] = float(cells[1])
        trees = tuple(tuple(tree[i] for i in range(len(tree))) for _, tree in sorted(nodes.items()))
        return cls(weights, threshold, tuple(header), trees, baseline)

    @classmethod
    @functools.cache
    def load(cls) -> Model:
        return cls.parse(resources.files("geoevents").joinpath("data", MODEL_FILE).read_text(encoding="utf-8"))


def _leaf_value(tree: Sequence[_Node], feats: Mapping[str, float]) -> float:
    """The value of the leaf a candidate reaches: left where its feature is at most the split."""
    node = tree[0]
    while node[0] is not None:
        node = tree[node[2] if feats.get(node[0], 0.0) <= node[1] else node[3]]
    return node[4]


def choose(scored: Sequence[tuple[float, Candidate]], threshold: float) -> tuple[float, Candidate] | None:
    """The most probable candidate (the first of equals) if it reaches ``threshold``, else None."""
    if not scored:
        return None
    best = max(scored, key=lambda x: x[0])
    return best if best[0] >= threshold else None


def weigh(cands: Sequence[Candidate], feats: Sequence[Mapping[str, float]]) -> list[tuple[float, Candidate]]:
    """Each candidate with the probability that the event happened there (the one place the model
    is applied: ``benchmarks/train_evloc.py`` records what reaches it)."""
    model = Model.load()
    return [(model.probability(f), c) for c, f in zip(cands, feats)]
