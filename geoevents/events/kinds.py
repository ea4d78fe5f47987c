"""What kind of event a group of triggers tells: its PLOVER type, mode and OTHER label.

Interface:
    telling_type(group, main) -> (type, mode, label)
    agentless(group, segment) -> label | None
        Harm told with no perpetrator is no assault: "the storm killed" is an OTHER disaster,
        "the ship struck rocks" an accident, explosions at a chemicals warehouse an accident.
    caused_by_things(group, segment) -> bool
        Done by weather, a vehicle or a structure, not by people.
"""

from __future__ import annotations

from geoevents.lexicon import lexicon
from geoevents.events.records import Trigger
from geoevents.events.segments import Segment
from geoevents.events.syntax import is_passive, lemma_candidates, lemma_of, subject_of

#: what causes harm in a disaster: "the storm killed", "struck by flying debris"
_HAZARDS = frozenset(
    "storm hurricane typhoon cyclone tornado wind gust flood floodwater water wave tsunami earthquake quake "
    "tremor aftershock landslide mudslide avalanche wildfire bushfire fire blaze flame lightning debris "
    "heat heatwave snow ice eruption lava volcano disaster rain rockfall drought".split())


#: vehicles, structures and machines: harm they cause is an accident ("the ship struck rocks")
_ACCIDENT_CAUSES = frozenset(
    "ship vessel boat ferry liner tanker freighter barge yacht trawler dinghy cruise airliner plane "
    "flight train locomotive coach carriage wagon bus minibus car truck lorry van vehicle motorcycle tram "
    "crane elevator lift building bridge roof wall structure tower dam mine accident crash collision "
    "derailment stampede crush".split())


#: words that make an explosion an attack: someone set it off ("a suicide bomber", "claimed")
_ATTACK_CUES = frozenset(
    "bomb bomber bombing suicide attack attacker militant insurgent terrorist terror explosive ied "
    "detonate claim responsibility gunman jihadist rebel target perpetrator assailant".split())


#: places and stores that explode by accident ("explosions at a chemicals warehouse")
_INDUSTRIAL = frozenset(
    "port warehouse factory plant refinery depot mine pipeline tanker chemical chemicals fireworks "
    "ammonium nitrate fuel gas boiler storage silo reactor industrial petrochemical dock harbour harbor "
    "container cylinder".split())


_EXPLOSION_WORDS = frozenset({"explosion", "blast", "explode"})


def _causer_words(tok, seg: Segment) -> set[str]:
    """Lemmas naming what a subject or agent is: the word, its compounds and appositions ("The
    Costa Concordia, a cruise ship"); a relative pronoun stands for the noun it describes."""
    if tok.lower_ in ("which", "that") and tok.head.dep_ == "relcl" and seg.span.start <= tok.head.head.i < seg.span.end:
        tok = tok.head.head
    words = set(lemma_candidates(tok))
    for c in tok.children:
        if c.dep_ in ("compound", "appos", "amod"):
            words.update(lemma_candidates(c))
            if c.dep_ == "appos":
                words.update(l for g in c.children if g.dep_ in ("compound", "amod") for l in lemma_candidates(g))
    return words


def _causers(t: Trigger, seg: Segment) -> list:
    """The tokens heading what caused the harm a trigger tells: the subject of an active verb, the
    agent of a passive, the subject of the clause a participle hangs from."""
    tok = t.tok
    if tok.pos_ in ("NOUN", "PROPN") and not tok.tag_.startswith("VB"):
        return []
    out = []
    passive = is_passive(tok)
    for c in tok.children:
        if c.dep_ == "nsubj" and not passive:
            out.append(c)
        elif c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and not passive:
        subj = subject_of(tok, seg)
        if subj is not None and subj.dep_ == "nsubj":
            out.append(subj)
    if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "a man struck by flying debris"
        out.extend(g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj")
    return out


def caused_by_things(group: list[Trigger], seg: Segment) -> bool:
    """Is what the triggers tell done by weather, a vehicle or a structure, not by people?"""
    return any(_causer_words(c, seg) & (_HAZARDS | _ACCIDENT_CAUSES) for t in group for c in _causers(t, seg))


def agentless(group: list[Trigger], seg: Segment) -> str | None:
    """The OTHER label ("accident", "disaster") of harm told with no perpetrator, else None. An
    assault needs someone or a weapon behind it: "the ship struck rocks, killing three" is an
    accident, "the storm killed" a disaster, explosions at a chemicals warehouse with no bomb
    or attacker named an accident. A trigger that names an assault ("airstrike", "shooting")
    keeps it an assault."""
    lex = lexicon()
    for t in group:
        if t.rule.type == "ASSAULT" and t.rule.role == "event" and lemma_of(t.tok) not in _EXPLOSION_WORDS \
                and t.rule.term not in _EXPLOSION_WORDS:
            return None
    label = None
    trigger_tokens = {t.i for t in group}
    for t in group:
        for c in _causers(t, seg):
            if c.i in trigger_tokens:
                continue  # "an explosion tore through the port, killing 100": the event itself
            words = _causer_words(c, seg)
            if c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and not words & _ACCIDENT_CAUSES \
                    or c.pos_ == "PRON" and c.lower_ not in ("it", "which", "that") or words & _ATTACK_CUES:
                return None
            if any(w in lex.modes for w in words) and not words & (_HAZARDS | _ACCIDENT_CAUSES):
                return None  # a weapon: "a missile struck"
            if words & _HAZARDS:
                label = label or "disaster"
            elif words & _ACCIDENT_CAUSES:
                label = label or "accident"
            else:
                return None  # someone or something else did it
    if label:
        return label
    if any(t.rule.term in _EXPLOSION_WORDS for t in group):
        words = {l for tok in seg.span for l in lemma_candidates(tok)}
        if not words & _ATTACK_CUES and words & _INDUSTRIAL:
            return "accident"
    return None


def telling_type(group: list[Trigger], main: Trigger) -> tuple[str | None, str | None, str | None]:
    lex = lexicon()
    typ, label = main.rule.type, main.rule.label
    if typ is None:
        return None, None, None
    mode = None
    if typ == "ASSAULT":
        modes = [t.mode for t in group if t.mode and (t.rule.type == "ASSAULT" or t.rule.role == "result")]
        mode = max(modes, key=lex.mode_rank) if modes else None
    elif typ == "PROTEST":
        modes = [t.mode for t in group if t.rule.type == "PROTEST" and t.mode]
        mode = "riot" if "riot" in modes else (modes[0] if modes else None)
        if any(t.rule.type == "ASSAULT" for t in group):
            mode = "riot"
    else:
        mode = main.mode
    return typ, mode, label
