"""The event's arguments: who did it (actors), to whom (targets), how many died or were injured.

Interface:
    arguments(group, segment, trigger_tokens) -> (actor tokens, target tokens)
    strings(tokens) -> list[str]            compact names for the tokens' phrases
    casualties(group, segment) -> (fatalities, injuries)
        Counts told by consequence triggers ("killing 17 climbers and guides" = 17) and death
        tolls ("the death toll rose to 40"); None where the text gives no number.
    crowd(token) -> bool                    protesters, a mob ...: their assault is a riot
"""

from __future__ import annotations

import re

from geoevents.lang_en import VAGUE_PLURALS, count
from geoevents.lexicon import lexicon
from geoevents.events.records import Trigger
from geoevents.events.segments import Segment
from geoevents.events.syntax import (
    conj_root,
    entities_within,
    is_passive,
    lemma_candidates,
    lemma_of,
    subject_of,
)

def _count_one(tok) -> int | None:
    """How many people a noun phrase headed by ``tok`` names; None when the text gives no number."""
    if tok.lower_ in VAGUE_PLURALS or tok.lemma_.lower() in {"dozen", "hundred", "thousand", "million"} and tok.tag_ == "NNS":
        return None
    if tok.pos_ == "NUM":
        return count(tok.lower_)
    for c in tok.children:
        if c.dep_ == "nummod":
            v = count(c.lower_)
            if v is not None:
                return v
        if c.dep_ == "quantmod" and count(c.lower_) is not None:
            return count(c.lower_)
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON":
        return 1
    if tok.pos_ in ("NOUN",) and tok.tag_ in ("NN",):
        dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
        if any(d.lower_ in ("a", "an", "one", "the", "this", "that", "his", "her", "its", "their") or d.dep_ == "poss"
               for d in dets):
            return 1
    if tok.pos_ == "PRON" and tok.lower_ in ("him", "her", "he", "she"):
        return 1
    return None


def _count(tok) -> int | None:
    """People named by ``tok`` and the phrases coordinated with it ("a contractor and two
    members of the security forces" = 3); None when any of them gives no number."""
    items = [tok] + [c for c in tok.subtree if c.dep_ == "conj" and conj_root(c).i == tok.i]
    counts = [_count_one(item) for item in items]
    if len(items) > 1 and counts[0] is not None and all(n is None for n in counts[1:]) \
            and all(_bare_plural(item) for item in items[1:]):
        # "17 climbers and guides": one number counts the whole coordinated group
        return counts[0]
    if any(n is None for n in counts):
        return None
    return sum(counts)


def _bare_plural(tok) -> bool:
    """A plural noun with nothing of its own in front: no number, determiner or possessor."""
    return tok.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ in ("det", "poss", "nummod", "quantmod", "amod", "compound") for c in tok.children)


_FATAL = frozenset({"kill", "die", "death", "dead", "fatality", "pass"})


_INJURY = frozenset({"injure", "wound", "hurt"})


def _victims_of(t: Trigger) -> list:
    """The tokens heading the victims of a consequence trigger."""
    tok = t.tok
    out = []
    passive = is_passive(tok)
    for c in tok.children:
        if c.dep_ == "dobj" and not passive:
            out.append(c)
        elif c.dep_ in ("nsubjpass",) or c.dep_ == "nsubj" and (passive or t.rule.term in ("die", "dead", "pass")):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("of",) and tok.pos_ == "NOUN":
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "poss" and tok.pos_ == "NOUN":
            out.append(c)
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i != tok.i \
            and not any(c.dep_ == "dobj" for c in tok.children):
        # "12 people killed in floods"; with an object of its own the participle was misread
        # ("The avalanche killed 17 climbers" parsed as a modifier of "avalanche")
        out.append(tok.head)
    if tok.pos_ == "ADJ" and tok.head.i != tok.i:  # "12 people dead", "left five dead"
        if tok.dep_ in ("amod",):
            out.append(tok.head)
        elif tok.dep_ in ("oprd", "acomp", "ccomp", "xcomp"):
            out.extend(c for c in tok.head.children if c.dep_ in ("dobj", "nsubj"))
    return out


def _toll(tok) -> int | None:
    """"the death toll rose to 40", "a death toll of 12"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "to", "at"):
            for g in c.children:
                if g.dep_ == "pobj":
                    v = count(g.lower_) if g.pos_ == "NUM" else _count_one(g)
                    if v is not None:
                        return v
    head = tok.head
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "at"):
            for g in c.children:
                if g.pos_ == "NUM":
                    return count(g.lower_)
    return None


def casualties(group: list[Trigger], seg: Segment) -> tuple[int | None, int | None]:
    fatal: list[int] = []
    injured: list[int] = []
    for t in group:
        if t.rule.role != "result":
            continue
        term = t.rule.term
        victims = _victims_of(t)
        if t.tok.dep_ == "advcl" or t.tok.dep_ == "acl":
            victims = victims or [c for c in t.tok.children if c.dep_ == "dobj"]
        counts = [_count(v) for v in victims]
        # "X was killed along with Y"
        for c in t.tok.children:
            if c.dep_ == "prep" and c.lower_ == "with" and any(p.lower_ == "along" for p in t.tok.children):
                counts += [_count(g) for g in c.children if g.dep_ == "pobj"]
        known = [n for n in counts if n is not None]
        if not counts or len(known) != len(counts):
            continue
        n = sum(known)
        (fatal if term in _FATAL else injured if term in _INJURY else []).append(n)
    for tok in seg.span:
        if tok.lemma_.lower() == "toll" and any(c.lemma_.lower() == "death" for c in tok.children):
            v = _toll(tok)
            if v is not None:
                fatal.append(v)
    return (max(fatal) if fatal else None, max(injured) if injured else None)


#: people in a crowd: an assault by them is a riot (ACLED: violent demonstration)
_CROWD = frozenset(
    "protester protestor demonstrator rioter crowd mob supporter student youth marcher activist "
    "fan hooligan villager resident worker".split())


_KEEP_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "nummod", "quantmod", "flat", "punct"})


def _phrase(tok, limit: int = 12) -> str:
    """A compact noun phrase around ``tok``: its modifiers, names and one "of" phrase."""
    toks = {tok.i}

    def add(t, depth: int):
        for c in t.children:
            if c.dep_ in _KEEP_DEPS and c.dep_ != "punct":
                sub = [x.i for x in c.subtree]
                toks.update(sub if len(sub) <= 3 or c.dep_ != "amod" else [c.i])
            elif c.dep_ == "prep" and c.lower_ == "of" and depth == 0 and c.i > t.i:
                for g in c.children:
                    if g.dep_ == "pobj":
                        toks.add(c.i)
                        toks.add(g.i)
                        add(g, depth + 1)
            elif c.dep_ == "conj" and depth == 0:
                toks.add(c.i)
                toks.update(x.i for x in c.children if x.dep_ == "cc")
                add(c, depth + 1)

    add(tok, 0)
    lo, hi = min(toks), max(toks)
    doc = tok.doc
    words = [t for t in doc[lo:hi + 1]]
    while words and (words[0].dep_ in ("det", "punct", "cc") or words[0].is_space):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].dep_ == "cc"):
        words = words[:-1]
    if not words:
        return tok.text
    if len(words) > limit:
        words = words[:limit]
    return _clean_name(doc[words[0].i:words[-1].i + 1].text) or tok.text


def _clean_name(text: str) -> str:
    """A name as a reader wants it: one line, no parenthesis cut in half, no possessive end."""
    text = " ".join(text.split())
    text = re.sub(r"\s*\([^)]*\)", "", text)  # "(IRGC)"
    text = re.sub(r"\s*\(.*$|^[^(]*\)\s*[-–—]?\s*", "", text)
    text = re.sub(r"\s*['’]s?$", "", text)
    return text.strip(" -–—,;:")


def _names_in(tok, depth: int = 3) -> list[str]:
    """Person and group names inside a phrase (appositions included): "Qassem Soleimani"."""
    out = []
    doc = tok.doc
    for start, end, _ in entities_within(doc, tok.left_edge.i, tok.right_edge.i, _NAMES):
        if end - start <= 6:
            out.append(doc[start:end].text.replace("\n", " "))
    return out[:4]


_NAMES = frozenset({"PERSON", "ORG", "NORP"})


def arguments(group: list[Trigger], seg: Segment, trigger_tokens: set[int]) -> tuple[list, list]:
    """Tokens heading the actors (who did it) and the targets (to whom) of an event."""
    lex = lexicon()
    actors, targets = [], []

    def instrument(tok) -> bool:
        return any(l in lex.modes for l in lemma_candidates(tok)) or tok.i in trigger_tokens \
            or tok.ent_type_ in ("DATE", "TIME")

    for t in group:
        tok = t.tok
        means = {v for c in t.rule.when if c.key == "obj" and not c.negate for v in c.values}
        intransitive = t.rule.role == "result" and t.rule.term in ("die", "pass", "dead")
        if tok.pos_ in ("VERB", "ADJ") or tok.pos_ == "PROPN" and tok.tag_.startswith("VB"):
            passive = is_passive(tok)
            for c in tok.children:
                if c.dep_ == "nsubj" and not passive and not intransitive:
                    if instrument(c):  # "Israeli jets struck": the jets' nationality acts
                        actors.extend(g for g in c.children if g.dep_ in ("amod", "compound", "poss")
                                      and g.ent_type_ in ("NORP", "GPE", "ORG"))
                    else:
                        actors.append(c)
                elif c.dep_ == "agent":
                    actors.extend(g for g in c.children if g.dep_ == "pobj" and not instrument(g))
                elif c.dep_ == "dobj" and not passive and (lemma_of(c) in means or instrument(c)):
                    continue  # "threw stones", "fired rockets": the means, not the target
                elif c.dep_ == "dobj" and not passive or c.dep_ == "nsubjpass" or c.dep_ == "nsubj" and passive:
                    targets.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at"):
                    targets.extend(g for g in c.children if g.dep_ == "pobj" and not instrument(g))
            if tok.dep_ == "acl" and tok.tag_ == "VBN" and t.rule.role != "result" and not instrument(tok.head):
                # a reduced relative: "hundreds of residents protested", "protesters arrested by police"
                if any(c.dep_ == "dobj" for c in tok.children) or t.rule.type == "PROTEST":
                    actors.append(tok.head)
                else:
                    targets.append(tok.head)
            elif not any(c.dep_ in ("nsubj", "agent", "nsubjpass") for c in tok.children) and t.rule.role != "result":
                subj = subject_of(tok, seg)
                if subj is not None and subj.dep_ == "nsubj" and not instrument(subj):
                    actors.append(subj)
        else:
            for c in tok.children:
                if t.rule.role == "result":
                    break  # "Soleimani's death": the possessor is the victim
                if c.dep_ in ("compound", "amod", "poss", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
                                                                         or c.pos_ == "PROPN"):
                    if not instrument(c):
                        actors.append(c)
                elif c.dep_ == "prep" and c.lower_ == "by":
                    actors.extend(g for g in c.children if g.dep_ == "pobj")
                elif c.dep_ == "prep" and c.lower_ in ("on", "against", "of"):
                    targets.extend(g for g in c.children if g.dep_ == "pobj" and not instrument(g))
            # "X claimed responsibility for the attack": X did it
            if tok.dep_ == "pobj" and tok.head.lower_ == "for" and lemma_of(tok.head.head) == "responsibility":
                claim = tok.head.head.head
                actors.extend(c for c in claim.children if c.dep_ == "nsubj")
            # the subject of the light verb: "the White House released a statement by ...",
            # "militants carried out an attack"
            head = tok.head
            if tok.dep_ == "dobj" and head.pos_ == "VERB" and t.rule.role != "result" and head.i not in trigger_tokens:
                for c in head.children:
                    if c.dep_ == "nsubj" and not instrument(c):
                        actors.append(c)
                    elif c.dep_ in ("agent", "prep") and c.lower_ == "by":
                        actors.extend(g for g in c.children if g.dep_ == "pobj")
        if t.rule.role == "result":
            targets.extend(v for v in _victims_of(t) if v.i not in trigger_tokens)
    actors = [a for a in actors if a.pos_ != "PRON" and not any(c.dep_ == "det" and c.lower_ == "no" for c in a.children)]
    targets = [a for a in targets if a.pos_ != "PRON" or a.lower_ in ("him", "her")]
    return _dedupe_tokens(actors), _dedupe_tokens(targets)


def _dedupe_tokens(toks: list) -> list:
    seen, out = set(), []
    for t in toks:
        if t.i not in seen:
            seen.add(t.i)
            out.append(t)
    return out


def crowd(tok) -> bool:
    words = {lemma_of(tok)} | {lemma_of(c) for c in tok.children if c.dep_ == "compound"}
    for _ in range(3):  # "tens of thousands of protesters"
        inner = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
        if not inner:
            break
        tok = inner[0]
        words |= {lemma_of(tok)} | {lemma_of(c) for c in tok.children if c.dep_ == "compound"}
    return bool(words & _CROWD)


def strings(toks: list) -> list[str]:
    out: list[str] = []
    for t in toks:
        for s in [_phrase(t)] + _names_in(t):
            s = _clean_name(s)
            if s and s.lower() not in {o.lower() for o in out} and len(s) > 1:
                out.append(s)
    return out[:6]
