"""Small questions asked of spaCy's parse by every part of the event stage.

Lemmas (:func:`lemma_of`, :func:`lemma_candidates` for words spaCy did not lemmatise), the
heads of a segment (:func:`ancestors`), coordination (:func:`conj_root`, :func:`coordinated`),
voice (:func:`is_passive`), subjects (:func:`subject_of`), parse distance (:func:`parse_hops`),
the word a relative "where" stands for (:func:`where_antecedent`),
clause walls (:func:`walled_off`) and the words that keep two events apart
(:func:`is_separator`, :func:`separator_between`: "after", "in retaliation for", "then").
"""

from __future__ import annotations

import re
from typing import Iterator

from geoevents.lexicon import RELATION_NOUNS, RESULT_GLUE, SEPARATORS
from geoevents.events.segments import Segment


#: a stem of one syllable that ends in one vowel and one consonant ("hop", "fin", "rat"): English
#: doubles that consonant before -ed and -ing ("hopped", "finned"), so "hoped" and "fining" can
#: only be forms of the verb with an e ("hope", "fine")
_CVC = re.compile(r"[^aeiouy]*[aeiou][^aeiouwxy]")


def lemma_of(tok) -> str:
    """The lemma, corrected where spaCy's rules cut a silent e: the small model lemmatises "hoped"
    as "hop", "fined" as "fin" and "raped" as "rap" (the shorter verb exists too)."""
    lemma = tok.lemma_.lower()
    low = tok.lower_
    if (tok.tag_ in ("VBD", "VBN") and low == lemma + "ed" or tok.tag_ == "VBG" and low == lemma + "ing") \
            and _CVC.fullmatch(lemma):
        return lemma + "e"
    return lemma


def lemma_candidates(tok) -> list[str]:
    low = tok.lower_
    out = [lemma_of(tok), low]
    if low.endswith("ies"):
        out.append(low[:-3] + "y")
    if low.endswith("es"):
        out.append(low[:-2])
    if low.endswith("s"):
        out.append(low[:-1])
    seen: list[str] = []
    for x in out:
        if x and x not in seen:
            seen.append(x)
    return seen


def where_antecedent(tok):
    """The word right before a relative "where" that opens ``tok``'s clause ("Kenya, where she
    arrived next": Kenya), read from the words, not the tree: the parser often hangs such a clause
    from another word of the sentence ("Officials in Tanzania and Kenya, where ..."). None when
    the clause opens with no "where"."""
    where = next((c for c in tok.children if c.dep_ == "advmod" and c.lower_ == "where" and c.i < tok.i), None)
    if where is None or tok.dep_ not in ("relcl", "advcl") or where.i == 0:
        return None
    before = tok.doc[where.i - 1]
    if before.is_punct and where.i > 1:
        before = tok.doc[where.i - 2]
    return before


def is_separator(tok) -> bool:
    word = tok.lower_
    if not (word in SEPARATORS or lemma_of(tok) in SEPARATORS):
        return False
    if lemma_of(tok) in RELATION_NOUNS:
        # "vowed revenge" is what was vowed; "in revenge for X" relates two events
        return any(c.dep_ == "prep" for c in tok.children) or tok.head.lower_ in ("in", "as")
    return True


def separator_between(a, b, *, result: bool) -> object | None:
    """The separator word lying between two tokens of one sentence, or None."""
    lo, hi = sorted((a.i, b.i))
    for tok in a.doc[lo + 1:hi]:
        if is_separator(tok):
            if result and tok.lower_ in RESULT_GLUE:
                continue
            return tok
    return None


#: edges that start another description: triggers on either side are different events
CLAUSE_WALLS = frozenset({"relcl", "appos", "parataxis", "csubj"})


SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def ancestors(tok, seg: Segment) -> Iterator:
    cur = tok
    while cur.head.i != cur.i and seg.span.start <= cur.head.i < seg.span.end:
        cur = cur.head
        yield cur


def coordinated(a, b) -> bool:
    """Are two tokens conjuncts of one coordination ("attacked X and bombed Y")?"""
    return conj_root(a).i == conj_root(b).i and a.i != b.i


def parse_hops(a, b, seg: Segment) -> int | None:
    """Edges on the parse path between two tokens of a segment, or None."""
    up_a = [a] + list(ancestors(a, seg))
    index = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b] + list(ancestors(b, seg))):
        if t.i in index:
            return n + index[t.i]
    return None


def walled_off(a, b, seg: Segment) -> bool:
    """Is ``a`` inside a relative clause, apposition or subject that does not contain ``b``?
    ("the general, who was blamed for the massacre, died": the massacre is not how he died)"""
    b_path = {b.i} | {x.i for x in ancestors(b, seg)}
    prev = a
    for anc in ancestors(a, seg):
        if prev.dep_ in CLAUSE_WALLS or prev.dep_ in SUBJECTS and prev.i != a.i:
            return True
        if anc.i in b_path:
            return False
        prev = anc
    return False


def conj_root(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def is_passive(tok) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return True
    # headline style "General Killed in Baghdad": a past participle with no auxiliary
    return tok.tag_ == "VBN" and not any(c.dep_ in ("aux",) for c in tok.children) and tok.dep_ == "ROOT"


def subject_of(tok, seg: Segment, hops: int = 2):
    """The subject of a verb, or of the clause a participle hangs from ("..., burning tyres")."""
    cur = tok
    for _ in range(hops + 1):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                return c
        if cur.dep_ in ("advcl", "xcomp", "conj", "pcomp") and seg.span.start <= cur.head.i < seg.span.end:
            cur = cur.head
            if cur.dep_ == "prep":
                cur = cur.head
        else:
            break
    return None


def entity_bounds(tok) -> tuple[int, int] | None:
    """The token range [start, end) of the named entity ``tok`` is part of, from the IOB tags of
    its neighbours (``Doc.ents`` builds every entity span anew on each access: too slow to ask
    per token of a long article)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def entities_within(doc, first: int, last: int, labels: frozenset[str]):
    """The named entities of ``labels`` lying wholly in tokens [first, last], as (start, end, label)."""
    i = first
    while i <= last:
        tok = doc[i]
        if tok.ent_iob_ == "B":
            bounds = entity_bounds(tok)
            if bounds is not None and bounds[1] - 1 <= last and tok.ent_type_ in labels:
                yield bounds[0], bounds[1], tok.ent_type_
            i = bounds[1] if bounds else i + 1
        else:
            i += 1
