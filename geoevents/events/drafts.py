"""Drafts: what one telling says about itself beyond type and place.

Anaphora ("the attack" refers back: :func:`is_anaphoric`), a noun that only dates another event
("during the election": :func:`time_anchor`), a kind of event rather than one that happened
("a supporter of attacks": :func:`generic`), the evidence clause (:func:`summarize`), how the
events of one segment are ordered and kept apart (:func:`relations`, :func:`follows_previous`),
and whether an anaphor tells something new (:func:`informative`).
"""

from __future__ import annotations

from geoevents.lexicon import SEP_BACKWARD
from geoevents.events.records import Draft, Trigger
from geoevents.events.segments import Segment
from geoevents.events.syntax import lemma_of, separator_between

_ANAPHORIC_DETS = frozenset("the this that these those such its their his her".split())


ANOTHER = frozenset("another second third fourth fifth separate new further fresh other".split())


#: pronouns that refer back to the event told before: "This was followed by ..."
_BACK_PRONOUNS = frozenset("this that it which".split())


def is_anaphoric(main: Trigger, group: list[Trigger]) -> bool:
    tok = main.tok
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ in ("attr", "oprd", "acomp"):
        return True  # "this is an attack on our country": says what something told was
    for c in tok.children:
        if c.dep_ == "amod" and c.lower_ in ("following", "first", "latest", "new", "recent"):
            return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in _ANAPHORIC_DETS for c in tok.children)


_TEMPORAL_PREPS = frozenset("during before after since until following ahead amid throughout prior".split())


#: nouns that count events: "a wave of protests" is a series that happened
_QUANTITY = frozenset("wave series spate string number surge rash round spree campaign cycle day days week "
                      "weeks night nights month months year years".split())


def time_anchor(main: Trigger, group: list[Trigger]) -> bool:
    """A noun that dates another event ("came to the fore during the election"), not one told as
    part of the same event ("killed during an airstrike")."""
    tok = main.tok
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.head.i in {t.i for t in group}:
        return False
    return prep.lower_ in _TEMPORAL_PREPS or prep.lower_ == "of" and prep.head.lower_ in ("ahead", "prior")


def generic(main: Trigger) -> bool:
    """A bare plural that names a kind of event, not events that happened: "a supporter of
    lone-wolf attacks", "the fight against bombings"."""
    tok = main.tok
    if tok.tag_ != "NNS" or tok.dep_ != "pobj" or main.rule.role == "result":
        return False
    if any(c.dep_ in ("det", "poss", "nummod", "quantmod", "relcl", "acl", "appos")
           or any(x.ent_type_ in ("DATE", "TIME") for x in c.subtree) for c in tok.children):
        return False  # "Dec. 10 bombings", "bombings that killed 44": events that happened
    prep = tok.head
    owner = prep.head
    return prep.lower_ in ("of", "for", "against", "about", "to") and owner.pos_ in ("NOUN", "ADJ") \
        and owner.lower_ not in _QUANTITY and lemma_of(owner) not in _QUANTITY | {"responsibility", "credit"}


def summarize(group: list[Trigger], seg: Segment) -> str:
    text = " ".join(seg.text.split())
    if len(text) <= 240:
        return text
    top = min((t.tok for t in group), key=lambda t: len(list(t.ancestors)))
    span = seg.span.doc[top.left_edge.i:top.right_edge.i + 1]
    clause = " ".join(span.text.split())
    if len(clause) < 40:
        clause = text
    if len(clause) > 240:
        clause = clause[:237].rsplit(" ", 1)[0] + "…"
    return clause[:1].upper() + clause[1:]


def relations(drafts: list[Draft], seg: Segment) -> None:
    """Order and separate the events of one segment told around a separator word."""
    ordered = sorted(drafts, key=lambda m: m.main.i)
    for a, b in zip(ordered, ordered[1:]):
        sep = None
        for ta in a.group:
            for tb in b.group:
                sep = sep or separator_between(ta.tok, tb.tok, result=False)
        if sep is None:
            continue
        a.apart.add(b.key)
        b.apart.add(a.key)
        word = sep.lower_
        if word in SEP_BACKWARD or lemma_of(sep) in SEP_BACKWARD and word != "followed":
            a.after.add(b.key)
        else:
            b.after.add(a.key)


def follows_previous(m: Draft) -> bool:
    """"This was then followed by X", "Then X", "Later, X": the event comes after the one told
    just before."""
    tok = m.main.tok
    path = {tok.i} | {a.i for a in tok.ancestors if m.seg.span.start <= a.i < m.seg.span.end}
    for t in m.seg.span:
        if t.i >= tok.i:
            break
        if t.lower_ in ("then", "later", "subsequently", "afterwards", "afterward", "next") and t.head.i in path:
            return True
        if t.lower_ == "followed" and t.i in path and any(
                c.dep_ in ("nsubjpass", "nsubj") and c.lower_ in _BACK_PRONOUNS for c in t.children):
            return True
    return False


def informative(m: Draft) -> bool:
    """Does an anaphor tell something new: a place of its own clause, or a toll from a
    consequence ("The strike also wounded his driver"), not the "death" it names?"""
    placed = any("event's clause" in l.reason for l in m.locations)
    toll = (m.fatalities is not None or m.injuries is not None) and m.main.rule.role != "result"
    return placed or toll
