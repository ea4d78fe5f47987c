"""The event vocabulary: the PLOVER trigger lexicon and the word lists several parts share.

Read by the event stage (geoevents.events) and by the merge (which types, modes and speech are
compatible, the ACLED crosswalk of a merged event); it lives outside the events package so that
the merge, which the event stage calls to join the tellings of one article, does not import the
package that imports it.

Interface:
    lexicon() -> Lexicon
        The trigger rules of ``data/triggers.tsv`` by (lemma, part of speech), the assault modes
        of ``data/modes.tsv`` and the ACLED crosswalk of ``data/acled.tsv``, read once.
    acled_crosswalk(type, mode, targets=()) -> (event_type, sub_event_type) | None
    wordnet_types() -> {(lemma, part of speech): WordnetType}
        ``data/wordnet_types.tsv``, the type WordNet lets a word the lexicon lacks inherit from the
        nearest word the lexicon types (built by ``lexicon/build.py``), read on first use.

The word lists here (reporting verbs, separators of events, light verbs ...) are read by more
than one part of the stage; a list only one part needs lives with that part.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Iterator, Mapping


@dataclass(frozen=True)
class Condition:
    """One parse condition of a trigger rule: ``key=a|b``, ``!key=a|b`` or ``key=-``."""

    key: str
    values: frozenset[str]
    negate: bool = False

    def holds(self, found: set[str]) -> bool:
        if not self.values:
            return not found
        hit = bool(found & self.values)
        return not hit if self.negate else hit


@dataclass(frozen=True)
class TriggerRule:
    """A row of ``data/triggers.tsv``. ``type`` None: a reading that is no event. ``role`` given:
    the word tells this event only when the user gives it as a trigger (``--given-triggers``);
    found in running text it is no trigger (it stops the search, as a reading that is no event)."""

    term: str
    pos: str
    type: str | None
    mode: str | None
    label: str | None
    role: str
    when: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """The trigger rules by (lemma, part of speech), the assault modes, the ACLED crosswalk."""

    rules: Mapping[tuple[str, str], tuple[TriggerRule, ...]]
    modes: Mapping[str, tuple[str, int]]
    crosswalk: tuple[tuple[str, str, str, str], ...]
    #: inflected verb form -> lemma, for title-case headline words spaCy cannot lemmatise
    verb_forms: Mapping[str, str]
    #: the word classes of ``data/classes.tsv`` that conditions name as ``@class``
    classes: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def mode_rank(self, mode: str | None) -> int:
        if not mode:
            return 0
        return max((r for m, r in self.modes.values() if m == mode), default=5)


def data_rows(name: str) -> Iterator[list[str]]:
    """The data rows of a shipped TSV file (comments, blank lines and the header skipped)."""
    text = resources.files("geoevents").joinpath("data", name).read_text(encoding="utf-8")
    header = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header:
            header = True
            continue
        yield [c.strip() for c in line.split("\t")]


def _conditions(text: str, classes: Mapping[str, frozenset[str]] | None = None) -> tuple[Condition, ...]:
    """``key=a|b|@class`` -> Conditions; ``@class`` stands for the words of a class of
    ``data/classes.tsv`` (an unknown class is an error in the data)."""
    out = []
    for part in text.split():
        negate = part.startswith("!")
        key, _, values = part.lstrip("!").partition("=")
        vals: set[str] = set()
        if values != "-":
            for v in values.split("|"):
                if v.startswith("@"):
                    if classes is None or v[1:] not in classes:
                        raise ValueError(f"triggers.tsv: unknown word class {v} in {part!r}")
                    vals |= classes[v[1:]]
                elif v:
                    vals.add(v)
        out.append(Condition(key, frozenset(vals), negate))
    return tuple(out)


def _classes() -> dict[str, frozenset[str]]:
    """The word classes of ``data/classes.tsv``: name -> words (a class may name other classes)."""
    raw = {c[0]: c[1].split() for c in data_rows("classes.tsv")}
    out: dict[str, frozenset[str]] = {}

    def expand(name: str, seen: tuple[str, ...] = ()) -> frozenset[str]:
        if name in out:
            return out[name]
        if name in seen or name not in raw:
            raise ValueError(f"classes.tsv: unknown or circular class @{name}")
        words: set[str] = set()
        for w in raw[name]:
            words |= expand(w[1:], seen + (name,)) if w.startswith("@") else {w}
        out[name] = frozenset(words)
        return out[name]

    for name in raw:
        expand(name)
    return out


_IRREGULAR = {
    "shoot": ("shot",), "strike": ("struck", "stricken"), "hit": ("hit",), "take": ("took", "taken"),
    "send": ("sent",), "sink": ("sank", "sunk"), "swear": ("swore", "sworn"), "win": ("won",),
    "throw": ("threw", "thrown"), "set": ("set",), "die": ("died", "dying", "dies"),
    "hurt": ("hurt",), "seize": ("seized",), "lead": ("led",), "fight": ("fought",),
    "rule": ("ruled",), "sue": ("sued",), "ban": ("banned", "banning"), "stab": ("stabbed", "stabbing"),
    "bid": ("bid",), "flee": ("fled",), "sentence": ("sentenced",), "pass": ("passed",),
    "retake": ("retook", "retaken"), "overrun": ("overran",), "withdraw": ("withdrew", "withdrawn"),
    "overthrow": ("overthrew", "overthrown"), "forbid": ("forbade", "forbidden"), "break": ("broke", "broken"),
    "meet": ("met",), "hold": ("held",), "freeze": ("froze", "frozen"),
    "rise": ("rose", "risen"), "fall": ("fell", "fallen"), "beat": ("beaten",), "quit": ("quit",),
    "cut": ("cut",), "shut": ("shut",), "sell": ("sold",), "buy": ("bought",), "lose": ("lost",),
    "seek": ("sought",), "speak": ("spoke", "spoken"), "tell": ("told",), "say": ("said",),
}


def _verb_forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms |= set(_IRREGULAR.get(lemma, ()))
    return forms


@functools.cache
def lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    rules: dict[tuple[str, str], list[TriggerRule]] = {}
    forms: dict[str, str] = {}
    classes = _classes()
    for cols in data_rows("triggers.tsv"):
        cols += [""] * (7 - len(cols))
        term, pos, typ, mode, label, role, when = cols[:7]

        def opt(v: str) -> str | None:
            return None if v in ("", "-") else v

        rule = TriggerRule(term, pos, opt(typ), opt(mode), opt(label), role or "event", _conditions(when, classes))
        rules.setdefault((term, pos), []).append(rule)
        if pos == "V":
            for f in _verb_forms(term):
                forms.setdefault(f, term)
    modes = {w: (m, int(r)) for w, m, r in (c[:3] for c in data_rows("modes.tsv"))}
    crosswalk = tuple(tuple(c[:4]) for c in data_rows("acled.tsv"))
    return Lexicon({k: tuple(v) for k, v in rules.items()}, modes, crosswalk, forms, classes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class WordnetType:
    """A row of ``data/wordnet_types.tsv``: the reading a word the lexicon lacks inherits through
    WordNet (``path``, ``distance`` links away; ``sense``: the word's WordNet sense that gave it)."""

    term: str
    pos: str
    type: str
    mode: str | None
    label: str | None
    role: str
    distance: int
    sense: int
    path: str


@functools.cache
def wordnet_types() -> Mapping[tuple[str, str], WordnetType]:
    """The shipped WordNet table by (lemma, "N"/"V"), read once, when first asked for (only a
    given trigger the lexicon does not know asks)."""
    out = {}
    for term, pos, typ, mode, label, role, distance, sense, path in data_rows("wordnet_types.tsv"):
        out[(term, pos)] = WordnetType(term, pos, typ, None if mode == "-" else mode, None if label == "-" else label,
                                       role, int(distance), int(sense), path)
    return out


#: the type a consequence word tells when nothing caused it in its sentence: "three were injured"
RESULT_ALONE = {"kill": ("ASSAULT", None), "die": ("OTHER", "death"), "pass": ("OTHER", "death"),
                "death": ("OTHER", "death"), "dead": ("OTHER", "death"), "fatality": ("OTHER", "death"),
                "casualty": ("ASSAULT", None), "injure": ("ASSAULT", None), "wound": ("ASSAULT", None),
                "hurt": ("ASSAULT", None), "destroy": ("ASSAULT", None), "damage": ("ASSAULT", None)}


#: targets that make an assault a fight between armed parties (ACLED "Battles")
_ARMED = frozenset(
    "soldier troop army force fighter militant rebel insurgent militia militiaman police policeman "
    "officer guard checkpoint base position outpost barracks garrison patrol jihadist "
    "combatant gunman unit battalion brigade".split())


def acled_crosswalk(type_: str, mode: str | None, targets: Iterable[str] = ()) -> tuple[str, str] | None:
    """ACLED (event type, sub-event type) for a PLOVER type and mode, or None when ACLED does not
    code such events. An assault on armed targets by unnamed means is a battle (armed clash)."""
    for t, m, event_type, sub in lexicon().crosswalk:
        if t == type_ and (m == "*" or m == mode):
            if type_ == "ASSAULT" and mode in (None, "firearms", "primitive") and _armed(targets):
                return ("Battles", "Armed clash")
            return (event_type, sub)
    return None


def _armed(targets: Iterable[str]) -> bool:
    for t in targets:
        words = {w.rstrip("s") for w in re.findall(r"[a-z]+", t.lower())}
        if words & _ARMED:
            return True
    return False


#: verbs that make a statement of their object ("issued a statement", "gave a speech")
ISSUE = frozenset("make give deliver release issue hold publish read post broadcast air send put "
                   "address call convene".split())


#: words that order two events or make one the cause of the other: events on either side are
#: different events. "after X": the event before the word happened after X.
SEP_BACKWARD = frozenset(
    "after following since retaliation response revenge reprisal retribution avenge preceded".split())


#: "X before Y", "X, then Y", "X was followed by Y": Y happened after X
_SEP_FORWARD = frozenset("before then later followed subsequently afterwards afterward prompting".split())


SEPARATORS = SEP_BACKWARD | _SEP_FORWARD


#: a consequence still joins its cause across these ("killed ... after a missile hit")
RESULT_GLUE = frozenset("after as when while during amid".split())


#: types of events that happen to people and things in a place (a consequence can join them);
#: an OTHER event labelled statement is speech, not one of them (see :func:`physical`)
PHYSICAL = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "OTHER"})


#: types that are speech acts; a public statement is OTHER labelled ``statement`` (PLOVER 2021
#: has no statement type), so ask :func:`speech` with the label
COMMUNICATIVE = frozenset({"THREATEN", "ACCUSE"})


#: verbal acts that are located where they were said, like speech, but that do not fall back on
#: the speaker's seat: "called for a strike in Lyon" was not said in Lyon
_ASKING = frozenset({"REQUEST", "REJECT"})


def said(type_: str | None, label: str | None) -> bool:
    """Is the event something said, placed where it was said (never where what it is about is)?"""
    return speech(type_, label) or type_ in _ASKING


def speech(type_: str | None, label: str | None) -> bool:
    """Is an event of this type and OTHER label a speech act (a statement, a threat, an
    accusation)? Speech is located at the speaker when the text gives no place, and tellings of
    speech acts may be one event."""
    return type_ in COMMUNICATIVE or type_ == "OTHER" and label == "statement"


def physical(type_: str | None, label: str | None) -> bool:
    """Does an event of this type and label happen to people and things in a place (so that a
    consequence, "killed", can join it)?"""
    return type_ in PHYSICAL and not speech(type_, label)


#: nouns that separate only as "in retaliation for", "in response to", "in revenge for"
RELATION_NOUNS = frozenset("retaliation response revenge reprisal retribution".split())


REPORTING = frozenset(
    "say tell state add report confirm announce claim allege note explain write insist declare "
    "reveal acknowledge admit believe think justify describe accuse blame condemn deny".split())


#: verbs whose object or subject is the event itself: they carry its tense and negation
LIGHT = frozenset(
    "carry launch conduct stage hold mount make take commit perpetrate unleash begin start continue "
    "resume occur happen organise organize plan call announce cancel postpone see witness suffer "
    "break erupt".split())
