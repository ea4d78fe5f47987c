"""Event extraction: sentences -> typed Events (what, who, where, when, how many).

Interface:
    extract_events(document, doc, places, timexes) -> list[Event]
        One article's events, each with one Source per telling (the evidence sentence and its
        offsets). ``doc`` is the spaCy parse of ``document.text``; ``places`` come from the
        geoparser (only literal, resolved places can be where something happened); ``timexes``
        from :func:`geoevents.dates.extract`. Events that did not happen (negated, future,
        threatened, hypothetical, background) are returned too, with their ``status`` set.
    prepare(nlp) -> nlp
        Adds the sentence-boundary component this stage relies on (a line break ends a
        sentence; a sentence never ends inside a name). Parses made without it are re-parsed.
    lexicon() -> Lexicon
        The PLOVER trigger lexicon (``data/triggers.tsv``), the assault modes
        (``data/modes.tsv``) and the ACLED crosswalk (``data/acled.tsv``).
    acled_crosswalk(type, mode, targets=()) -> (event_type, sub_event_type) | None

How one article is read:
1. **Segments.** Sentences, cut at line breaks; a line without final punctuation is a headline
   or caption: it may name an event but does not date it.
2. **Triggers.** Words of the lexicon, matched on lemma, part of speech and parse conditions
   ("drone strike" is an assault, "general strike" a protest). Words inside names, dates and
   place names are not triggers.
3. **Clauses to events.** Triggers joined by the parse form one event ("killed during an
   airstrike", "a drone strike killed"); words of sequence or cause ("in retaliation for",
   "after", "followed by") keep events apart and order them. Consequences (killed, died,
   injured) join the event that caused them and count its victims.
4. **Status.** Negation, future and threat, hypothesis and background (careers, history) are
   read from the trigger's own clause and the clauses that govern it: "did not strike"
   (negated); "will retaliate", "plans to attack", "said they would protest", a stated date after
   publication (future); "vowed to retaliate" (threat); "could", "if", "any", imperatives
   (hypothetical); "known for", "blamed for", "repeatedly", "in recent years", "for years",
   "since June", legal charges ("counts of assault"), statistics ("deaths rose"), judgements
   ("this is an attack") and generic plurals ("a supporter of attacks") (background). A vow or
   threat itself is a THREATEN event that occurred (it was made); what it threatens is kept
   with status ``threat`` and never drawn.
5. **Where.** The literal place governed by a locative preposition of the event's own clause, or
   the target's place; never an actor's country. Then the only place of the sentence. Then a
   fallback, flagged ``inferred``: for statements and threats the speaker's seat or country;
   for a dated event the article's main country (precision 3). Else the event stays unlocated
   (it is not drawn, but it can still merge with a located telling of another article).
6. **When.** The time expression of the event's own clause; else the date of the sentence or
   the clause that reports it; else, after "then"/"followed by", a lower bound; else the date
   the narrative last established (``date_inferred``). Headlines and captions carry no date.
7. **Within the article.** Only a telling with a date of its own stands for an event by itself;
   two such tellings with the same type, day and place (or a shared name) are one event.
   Headlines and captions join the compatible event they name (the dated one first); anaphora
   ("the attack", "the strike hit a convoy in X") the nearest compatible event told before;
   other undated tellings only the event just told or one they share a name with. Events the
   article orders or counts apart ("another", "a second", "followed by") stay apart. See
   :mod:`geoevents.merge` for the compatibility rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Iterable, Iterator, Mapping, Sequence

from geoevents import merge as merge_stage
from geoevents.dates import calendar_range
from geoevents.model import Document, Event, Location, Place, Source, TimeExpr, TimePrecision
from geoevents.recognize import is_dateline

__all__ = [
    "extract_events",
    "prepare",
    "lexicon",
    "acled_crosswalk",
    "Lexicon",
    "TriggerRule",
    "SENTENCE_COMPONENT",
]

log = logging.getLogger("geoevents.events")

SENTENCE_COMPONENT = "geoevents_sentences"

# -- lexicon -------------------------------------------------------------------------------------


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
    """A row of ``data/triggers.tsv``. ``type`` None: a reading that is no event."""

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

    def mode_rank(self, mode: str | None) -> int:
        if not mode:
            return 0
        return max((r for m, r in self.modes.values() if m == mode), default=5)


def _data_rows(name: str) -> Iterator[list[str]]:
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


def _conditions(text: str) -> tuple[Condition, ...]:
    out = []
    for part in text.split():
        negate = part.startswith("!")
        key, _, values = part.lstrip("!").partition("=")
        vals = frozenset() if values == "-" else frozenset(v for v in values.split("|") if v)
        out.append(Condition(key, vals, negate))
    return tuple(out)


_IRREGULAR = {
    "shoot": ("shot",), "strike": ("struck", "stricken"), "hit": ("hit",), "take": ("took", "taken"),
    "send": ("sent",), "sink": ("sank", "sunk"), "swear": ("swore", "sworn"), "win": ("won",),
    "throw": ("threw", "thrown"), "set": ("set",), "die": ("died", "dying", "dies"),
    "hurt": ("hurt",), "seize": ("seized",), "lead": ("led",), "fight": ("fought",),
    "rule": ("ruled",), "sue": ("sued",), "ban": ("banned", "banning"), "stab": ("stabbed", "stabbing"),
    "bid": ("bid",), "flee": ("fled",), "sentence": ("sentenced",), "pass": ("passed",),
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
    for cols in _data_rows("triggers.tsv"):
        cols += [""] * (7 - len(cols))
        term, pos, typ, mode, label, role, when = cols[:7]

        def opt(v: str) -> str | None:
            return None if v in ("", "-") else v

        rule = TriggerRule(term, pos, opt(typ), opt(mode), opt(label), role or "event", _conditions(when))
        rules.setdefault((term, pos), []).append(rule)
        if pos == "V":
            for f in _verb_forms(term):
                forms.setdefault(f, term)
    modes = {w: (m, int(r)) for w, m, r in (c[:3] for c in _data_rows("modes.tsv"))}
    crosswalk = tuple(tuple(c[:4]) for c in _data_rows("acled.tsv"))
    return Lexicon({k: tuple(v) for k, v in rules.items()}, modes, crosswalk, forms)  # type: ignore[arg-type]


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


# -- sentence boundaries ----------------------------------------------------------------------------

_END_PUNCT = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]")


def _is_sentence_end(tok) -> bool:
    if tok.text and tok.text[-1] in _END_PUNCT:
        return True
    if tok.text in _CLOSERS and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        return bool(prev.text) and prev.text[-1] in _END_PUNCT
    return False


_FINAL = re.compile(r"[.!?…:\"'”’»)\]]\s*$")


def _sentence_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that end a sentence. A blank line always does; a single line
    break does unless it wraps a sentence: the line stops without final punctuation and the next
    one starts in lower case, or the text is hard-wrapped at a fixed width (no long line runs
    much past it) and the line reaches that width. A headline or caption line stops well short
    of the width, so the break after it still ends it."""
    lines = text.split("\n")
    long = sorted(len(ln.rstrip()) for ln in lines if len(ln.strip()) >= 40)
    width = long[int(0.9 * (len(long) - 1))] if long else 0
    # paragraphs on one line run to hundreds of characters; wrapped text stays within ~80-130
    fixed = 0 < width <= 130 and any(
        len(ln.strip()) >= 40 and not _FINAL.search(ln) and nxt.strip()
        for ln, nxt in zip(lines, lines[1:]))
    breaks = set()
    pos = 0
    for k, line in enumerate(lines[:-1]):
        end = pos + len(line)
        nxt = lines[k + 1].strip()
        wraps = bool(line.strip()) and bool(nxt) and not _FINAL.search(line) and (
            nxt[0].islower() or fixed and len(line.rstrip()) >= width - 25)
        if not wraps:
            breaks.add(end)
        pos = end + 1
    return frozenset(breaks)


def _newline_in(tok) -> int | None:
    """The offset of the first line break in a token or the space after it, else None."""
    k = tok.text_with_ws.find("\n")
    return None if k < 0 else tok.idx + k


def _set_boundaries(doc):
    """A line break that ends a sentence starts one (see :func:`_sentence_breaks`); a sentence
    never starts right after a word that cannot end one (so "Kata’ib Hezbollah", "Friday, the
    militia" and the lines of hard-wrapped text stay in one sentence)."""
    breaks = _sentence_breaks(doc.text)
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        nl = _newline_in(prev)
        if nl is not None and nl in breaks:
            tok.is_sent_start = True
        elif not _is_sentence_end(prev) and not prev.is_space and tok.text not in _CLOSERS:
            if not (prev.text in {":", ";"} or prev.like_num and tok.is_title):
                tok.is_sent_start = False
    if doc.has_extension("geoevents_sentences"):
        doc._.geoevents_sentences = True
    return doc


def _register_component():
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("geoevents_sentences"):
        Doc.set_extension("geoevents_sentences", default=False)
    if not Language.has_factory(SENTENCE_COMPONENT):
        Language.component(SENTENCE_COMPONENT, func=_set_boundaries)


def prepare(nlp):
    """Add the sentence-boundary component before the parser (once); return ``nlp``."""
    _register_component()
    if SENTENCE_COMPONENT not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(SENTENCE_COMPONENT, before="parser")
        else:
            nlp.add_pipe(SENTENCE_COMPONENT, first=True)
    return nlp


@functools.cache
def _own_nlp():
    from geoevents.recognize import load_nlp

    return prepare(load_nlp())


def _ensure_boundaries(doc):
    """The parse this stage relies on: ``doc`` itself when it was made with :func:`prepare`,
    else a re-parse of its text (the same tokens, better sentences)."""
    _register_component()
    if doc._.geoevents_sentences or "\n" not in doc.text and len(list(doc.sents)) <= 1:
        return doc
    try:
        nlp = _own_nlp()
    except Exception as e:  # no pipeline to re-parse with: keep spaCy's own sentences
        log.debug("cannot re-parse for sentence boundaries: %s", e)
        return doc
    return nlp(doc.text)


# -- segments --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A sentence cut at line breaks: the unit of evidence. ``headline`` marks headlines and
    captions (no final punctuation), which name events but do not date them."""

    index: int
    span: object  # spacy.tokens.Span
    headline: bool

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text


def _segments(doc, title: str | None) -> list[Segment]:
    spans = []
    breaks = _sentence_breaks(doc.text)
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            nl = _newline_in(tok)
            if nl is not None and nl in breaks:
                end = tok.i if tok.is_space else tok.i + 1
                if end > start:
                    spans.append(doc[start:end])
                start = tok.i + 1
        if start < sent.end:
            spans.append(doc[start:sent.end])
    out = []
    norm_title = " ".join((title or "").split()).lower()
    for span in spans:
        toks = [t for t in span if not t.is_space]
        if not toks:
            continue
        span = doc[toks[0].i:toks[-1].i + 1]
        words = [t for t in span if t.is_alpha]
        final = span[-1]
        headline = (not _is_sentence_end(final) and len(words) <= 30) or (
            bool(norm_title) and " ".join(span.text.split()).lower() == norm_title)
        out.append(Segment(len(out), span, headline))
    return out


# -- triggers ----------------------------------------------------------------------------------------

#: entity labels whose words are names, never triggers ("Desert Storm", "Attack FC")
_NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "FAC", "GPE", "LOC", "NORP"})


@dataclass
class _Trigger:
    tok: object  # spacy Token
    rule: TriggerRule
    mode: str | None

    @property
    def i(self) -> int:
        return self.tok.i

    @property
    def role_rank(self) -> int:
        return {"event": 2, "weak": 1}.get(self.rule.role, 0)


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _lemma_candidates(tok) -> list[str]:
    low = tok.lower_
    out = [_lemma(tok), low]
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


def _pos_kinds(tok, headline: bool) -> tuple[str, ...]:
    if tok.pos_ == "VERB":
        return ("V",)
    if tok.pos_ == "NOUN":
        return ("N",)
    if tok.pos_ == "ADJ":
        return ("A", "V")
    if tok.pos_ == "PROPN" and headline:
        # title case: spaCy calls most headline words proper nouns
        return ("N", "V")
    return ()


def _children_lemmas(tok, deps: set[str]) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in deps:
            out.update(_lemma_candidates(c))
            if c.dep_ == "agent":
                out.update(l for g in c.children if g.dep_ == "pobj" for l in _lemma_candidates(g))
    return out


_PRONOUNS = frozenset("they he she it we i you them him her".split())


def _context(tok) -> dict[str, set[str]]:
    head = set()
    if tok.head.i != tok.i:
        head.add(_lemma(tok.head))
        if tok.head.dep_ in ("prep", "agent") and tok.head.head.i != tok.head.i:
            head.add(_lemma(tok.head.head))
    pobj = set()
    for c in tok.children:
        if c.dep_ in ("prep", "agent"):
            for g in c.children:
                if g.dep_ == "pobj":
                    pobj.update(_lemma_candidates(g))
                    pobj.update(_counted_lemmas(g))
                    # "filed for bankruptcy protection"
                    pobj.update(l for x in g.children if x.dep_ == "compound" for l in _lemma_candidates(x))
    subj = _children_lemmas(tok, {"nsubj", "agent"}) if tok.pos_ != "NOUN" else set()
    if not subj and tok.pos_ != "NOUN" and tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
        subj = _children_lemmas(tok.head, {"nsubj"})  # "workers plan to strike"
    if subj and subj <= _PRONOUNS and tok.dep_ == "ccomp" and tok.head.i != tok.i:
        subj = subj | _children_lemmas(tok.head, {"nsubj"})  # "the crew said they would strike"
    return {
        "mod": _children_lemmas(tok, {"compound", "amod", "nmod", "npadvmod"}),
        "obj": _object_lemmas(tok),
        "subj": subj,
        "prt": _children_lemmas(tok, {"prt"}),
        "adv": _children_lemmas(tok, {"advmod"}),
        "head": head,
        "pobj": pobj,
    }


def _object_lemmas(tok) -> set[str]:
    """The lemmas of the direct object, and what it is made of: "declared a state of emergency"
    gives state and emergency, "fired a salvo of rockets" salvo and rocket."""
    deps = {"dobj", "nsubjpass"} if tok.pos_ != "NOUN" else {"dobj"}
    out = _children_lemmas(tok, deps)
    for c in tok.children:
        if c.dep_ in deps:
            out |= _counted_lemmas(c, depth=1)
    return out


def _counted_lemmas(tok, depth: int = 2) -> set[str]:
    """What a quantity or group noun counts: "thousands of protesters", "a crowd of students"."""
    out: set[str] = set()
    for _ in range(depth):
        nxt = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"), None)
        if nxt is None:
            break
        out.update(_lemma_candidates(nxt))
        tok = nxt
    return out


def _match_rule(tok, headline: bool, lex: Lexicon) -> TriggerRule | None:
    kinds = _pos_kinds(tok, headline)
    if not kinds:
        return None
    ctx = None
    for kind in kinds:
        lemmas = _lemma_candidates(tok)
        if kind == "V" and tok.lower_ in lex.verb_forms:
            lemmas = lemmas + [lex.verb_forms[tok.lower_]]
        for lemma in lemmas:
            rules = lex.rules.get((lemma, kind))
            if not rules:
                continue
            ctx = ctx or _context(tok)
            for rule in rules:
                if all(c.holds(ctx.get(c.key, set())) for c in rule.when):
                    if kind == "V" and (tok.pos_ == "ADJ" or tok.dep_ == "amod") and rule.role != "result":
                        return None  # "non-life threatening injuries": a participle as adjective
                    return rule if (rule.type or rule.role == "result") else None
            return None
    return None


#: verbs that make a statement of their object ("issued a statement", "gave a speech")
_ISSUE = frozenset("make give deliver release issue hold publish read post broadcast air send put "
                   "address call convene".split())


def _statement_made(tok) -> bool:
    """Is a statement noun made here: the object of "issue", "give" ...; the subject of a
    reporting verb ("a statement said"); "in a statement" after a reporting verb?"""
    head = tok.head
    if any(c.dep_ == "compound" and c.lower_ in ("hate", "free") for c in tok.children):
        return False
    if tok.dep_ in ("dobj", "nsubjpass") and _lemma(head) in _ISSUE:
        return True
    if tok.dep_ == "nsubj" and _lemma(head) in _REPORTING | {"say", "read", "add", "call", "urge", "condemn"}:
        return True
    if tok.dep_ == "pobj" and head.lower_ in ("in", "during", "at") and (
            _lemma(head.head) in _REPORTING or any(c.dep_ in ("acl",) for c in tok.children)):
        return True
    if tok.dep_ in ("ROOT",) or any(c.dep_ == "acl" and _lemma(c) in _ISSUE | _REPORTING for c in tok.children):
        return True  # a headline "Pentagon statement"; "a statement released on Monday"
    return False


def _instrument_mode(tok, lex: Lexicon) -> tuple[str | None, int]:
    """The assault mode named next to a trigger: a modifier, the subject or agent, an object of
    "with"/"by", the trigger word itself ("airstrike")."""
    best: tuple[str | None, int] = (None, 0)
    words = list(_lemma_candidates(tok))
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "nsubj", "agent", "npadvmod"):
            words += _lemma_candidates(c)
            words += [l for g in c.children if g.dep_ in ("compound", "amod", "pobj") for l in _lemma_candidates(g)]
        elif c.dep_ == "prep" and c.lower_ in ("with", "by", "using"):
            words += [l for g in c.children if g.dep_ == "pobj" for l in _lemma_candidates(g)]
    for w in words:
        m = lex.modes.get(w.replace("’", "'"))
        if m and m[1] > best[1]:
            best = m
    return best


def _find_triggers(seg: Segment, blocked: set[int], lex: Lexicon) -> list[_Trigger]:
    out = []
    for tok in seg.span:
        if tok.i in blocked or not tok.is_alpha and "-" not in tok.text:
            continue
        if tok.ent_type_ in _NAME_LABELS:
            ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and (len(ent) > 1 or ent.label_ in {"PERSON", "GPE", "LOC", "NORP", "FAC"}):
                if not (seg.headline and ent.label_ == "ORG" and tok.i == ent.end - 1):
                    continue
        rule = _match_rule(tok, seg.headline, lex)
        if rule is None:
            continue
        if rule.type == "STATEMENT" and tok.pos_ in ("NOUN", "PROPN") and not seg.headline and not _statement_made(tok):
            continue  # "hate speech", "a speech at the exhibition": talk about speech
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("compound", "amod") and rule.role != "result":
            # "attack helicopter", "protest leaders": the noun modifies another thing
            head_rule = _match_rule(tok.head, seg.headline, lex)
            if head_rule is None:
                continue
        mode = rule.mode
        if rule.type == "ASSAULT" or rule.role == "result" and rule.type is None:
            found, rank = _instrument_mode(tok, lex)
            if found and rank >= lex.mode_rank(mode):
                mode = found
        out.append(_Trigger(tok, rule, mode))
    return out


# -- grouping triggers into events --------------------------------------------------------------------

#: words that order two events or make one the cause of the other: events on either side are
#: different events. "after X": the event before the word happened after X.
_SEP_BACKWARD = frozenset(
    "after following since retaliation response revenge reprisal retribution avenge preceded".split())
#: "X before Y", "X, then Y", "X was followed by Y": Y happened after X
_SEP_FORWARD = frozenset("before then later followed subsequently afterwards afterward prompting".split())
_SEPARATORS = _SEP_BACKWARD | _SEP_FORWARD
#: a consequence still joins its cause across these ("killed ... after a missile hit")
_RESULT_GLUE = frozenset("after as when while during amid".split())

#: types of events that happen to people and things in a place (a consequence can join them)
_PHYSICAL = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "OTHER"})
#: speech acts: located at the speaker when the text gives no place
_COMMUNICATIVE = frozenset({"STATEMENT", "THREATEN", "ACCUSE"})


#: nouns that separate only as "in retaliation for", "in response to", "in revenge for"
_RELATION_NOUNS = frozenset("retaliation response revenge reprisal retribution".split())


def _is_separator(tok) -> bool:
    word = tok.lower_
    if not (word in _SEPARATORS or _lemma(tok) in _SEPARATORS):
        return False
    if _lemma(tok) in _RELATION_NOUNS:
        # "vowed revenge" is what was vowed; "in revenge for X" relates two events
        return any(c.dep_ == "prep" for c in tok.children) or tok.head.lower_ in ("in", "as")
    return True


def _separator_between(a, b, *, result: bool) -> object | None:
    """The separator word lying between two tokens of one sentence, or None."""
    lo, hi = sorted((a.i, b.i))
    for tok in a.doc[lo + 1:hi]:
        if _is_separator(tok):
            if result and tok.lower_ in _RESULT_GLUE:
                continue
            return tok
    return None


#: edges that start another description: triggers on either side are different events
_CLAUSE_WALLS = frozenset({"relcl", "appos", "parataxis", "csubj"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _ancestors(tok, seg: Segment) -> Iterator:
    cur = tok
    while cur.head.i != cur.i and seg.span.start <= cur.head.i < seg.span.end:
        cur = cur.head
        yield cur


def _type_of(t: _Trigger) -> str | None:
    return t.rule.type


def _can_join(a: _Trigger, b: _Trigger, via_conj: bool) -> bool:
    """May two triggers linked by the parse tell one event?"""
    ra, rb = a.rule.role, b.rule.role
    if ra == "result" or rb == "result":
        other = b if ra == "result" else a
        if other.rule.role == "result":
            return True
        return other.rule.type in _PHYSICAL
    ta, tb = _type_of(a), _type_of(b)
    if ta != tb:
        # "an earthquake struck": the weak verb joins the stronger event
        weak = a if ra == "weak" else b if rb == "weak" else None
        strong = b if weak is a else a
        return weak is not None and strong.rule.role == "event" and strong.rule.type in _PHYSICAL \
            and weak.rule.type in _PHYSICAL and not via_conj
    if via_conj:
        nouns = a.tok.pos_ in ("NOUN", "PROPN") and b.tok.pos_ in ("NOUN", "PROPN")
        return "weak" in (ra, rb) or nouns and a.rule.label == b.rule.label
    return True


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group(triggers: list[_Trigger], seg: Segment) -> list[list[_Trigger]]:
    """Triggers of one segment grouped into events."""
    by_token = {t.i: k for k, t in enumerate(triggers)}
    uf = _UnionFind(len(triggers))
    attached = set()
    for k, t in enumerate(triggers):
        via_conj = False
        prev = t.tok
        for step, anc in enumerate(_ancestors(t.tok, seg)):
            via_conj = via_conj or prev.dep_ == "conj"
            if prev.dep_ in _CLAUSE_WALLS and not (step == 0 and anc.i in by_token) \
                    or step > 0 and prev.dep_ in _SUBJECTS:
                break  # a relative clause or apposition describes someone; another's subject
            prev = anc
            if anc.i in by_token:
                other = triggers[by_token[anc.i]]
                result = "result" in (t.rule.role, other.rule.role)
                if _can_join(t, other, via_conj) and _separator_between(t.tok, anc, result=result) is None:
                    uf.union(k, by_token[anc.i])
                    attached.add(k)
                    attached.add(by_token[anc.i])
                break
    # a consequence with no cause above or below it ("..., killing 25 fighters" under a verb that
    # is no trigger) joins the nearest physical event of the sentence, the preceding one first
    for k, t in enumerate(triggers):
        # "killing 100 and injuring 4,000": conjoined consequences are still looking for a cause
        if t.rule.role != "result" or any(uf.find(j) == uf.find(k) and o.rule.role != "result"
                                          for j, o in enumerate(triggers) if j != k):
            continue
        causes = [j for j, o in enumerate(triggers) if o.rule.role != "result" and o.rule.type in _PHYSICAL
                  and _separator_between(t.tok, o.tok, result=True) is None
                  and not _walled(o.tok, t.tok, seg) and not _walled(t.tok, o.tok, seg)]
        if causes:
            j = min(causes, key=lambda j: (triggers[j].i > t.i, abs(triggers[j].i - t.i)))
            uf.union(k, j)
    # triggers of one type in one clause tell one event ("went to the polls in an election",
    # "marched to the square for a rally") unless coordinated, separated or in another clause
    for j, a in enumerate(triggers):
        for k in range(j + 1, len(triggers)):
            b = triggers[k]
            if uf.find(j) == uf.find(k) or "result" in (a.rule.role, b.rule.role):
                continue
            if (a.rule.type, a.rule.label) != (b.rule.type, b.rule.label) or a.rule.type is None:
                continue
            if _separator_between(a.tok, b.tok, result=False) is not None:
                continue
            if _coordinated(a.tok, b.tok) and not (a.tok.pos_ == b.tok.pos_ == "NOUN"):
                continue
            if _walled(a.tok, b.tok, seg) or _walled(b.tok, a.tok, seg):
                continue
            hops = _hops(a.tok, b.tok, seg)
            if hops is not None and ("weak" in (a.rule.role, b.rule.role) or hops <= 4):
                uf.union(j, k)
    groups: dict[int, list[_Trigger]] = {}
    for k, t in enumerate(triggers):
        groups.setdefault(uf.find(k), []).append(t)
    return [sorted(g, key=lambda t: t.i) for _, g in sorted(groups.items())]


def _coordinated(a, b) -> bool:
    """Are two tokens conjuncts of one coordination ("attacked X and bombed Y")?"""
    return _conj_root(a).i == _conj_root(b).i and a.i != b.i


def _hops(a, b, seg: Segment) -> int | None:
    """Edges on the parse path between two tokens of a segment, or None."""
    up_a = [a] + list(_ancestors(a, seg))
    index = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b] + list(_ancestors(b, seg))):
        if t.i in index:
            return n + index[t.i]
    return None


def _walled(a, b, seg: Segment) -> bool:
    """Is ``a`` inside a relative clause, apposition or subject that does not contain ``b``?
    ("the general, who was blamed for the massacre, died": the massacre is not how he died)"""
    b_path = {b.i} | {x.i for x in _ancestors(b, seg)}
    prev = a
    for anc in _ancestors(a, seg):
        if prev.dep_ in _CLAUSE_WALLS or prev.dep_ in _SUBJECTS and prev.i != a.i:
            return True
        if anc.i in b_path:
            return False
        prev = anc
    return False


def _main_trigger(group: list[_Trigger]) -> _Trigger:
    lex = lexicon()

    def rank(t: _Trigger):
        return (t.role_rank, lex.mode_rank(t.mode) > 0, t.tok.pos_ in ("NOUN", "PROPN"), -t.i)

    return max(group, key=rank)


# -- numbers ------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "a": 1, "an": 1,
}
#: plural quantities that give no number ("dozens", "scores", "hundreds of")
_VAGUE = frozenset("dozens scores hundreds thousands millions many several numerous some few".split())


def _number_value(tok) -> int | None:
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    if text in _NUMBER_WORDS and text not in ("a", "an"):
        return _NUMBER_WORDS[text]
    parts = re.split(r"[- ]", text)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return None


def _count_one(tok) -> int | None:
    """How many people a noun phrase headed by ``tok`` names; None when the text gives no number."""
    if tok.lower_ in _VAGUE or tok.lemma_.lower() in {"dozen", "hundred", "thousand", "million"} and tok.tag_ == "NNS":
        return None
    if tok.pos_ == "NUM":
        return _number_value(tok)
    for c in tok.children:
        if c.dep_ == "nummod":
            v = _number_value(c)
            if v is not None:
                return v
        if c.dep_ == "quantmod" and _number_value(c) is not None:
            return _number_value(c)
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
    items = [tok] + [c for c in tok.subtree if c.dep_ == "conj" and _conj_root(c).i == tok.i]
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


def _conj_root(tok):
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


_FATAL = frozenset({"kill", "die", "death", "dead", "fatality", "pass"})
_INJURY = frozenset({"injure", "wound", "hurt"})


def _victims_of(t: _Trigger) -> list:
    """The tokens heading the victims of a consequence trigger."""
    tok = t.tok
    out = []
    passive = _is_passive(tok)
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
                    v = _number_value(g) if g.pos_ == "NUM" else _count_one(g)
                    if v is not None:
                        return v
    head = tok.head
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "at"):
            for g in c.children:
                if g.pos_ == "NUM":
                    return _number_value(g)
    return None


def _casualties(group: list[_Trigger], seg: Segment) -> tuple[int | None, int | None]:
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


# -- actors and targets ----------------------------------------------------------------------------

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
    for ent in tok.doc.ents:
        if ent.label_ in ("PERSON", "ORG", "NORP") and tok.left_edge.i <= ent.start and ent.end - 1 <= tok.right_edge.i:
            if ent.end - ent.start <= 6:
                out.append(ent.text.replace("\n", " "))
    return out[:4]


def _is_passive(tok) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return True
    # headline style "General Killed in Baghdad": a past participle with no auxiliary
    return tok.tag_ == "VBN" and not any(c.dep_ in ("aux",) for c in tok.children) and tok.dep_ == "ROOT"


def _subject_of(tok, seg: Segment, hops: int = 2):
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


def _arguments(group: list[_Trigger], seg: Segment, trigger_tokens: set[int]) -> tuple[list, list]:
    """Tokens heading the actors (who did it) and the targets (to whom) of an event."""
    lex = lexicon()
    actors, targets = [], []

    def instrument(tok) -> bool:
        return any(l in lex.modes for l in _lemma_candidates(tok)) or tok.i in trigger_tokens \
            or tok.ent_type_ in ("DATE", "TIME")

    for t in group:
        tok = t.tok
        means = {v for c in t.rule.when if c.key == "obj" and not c.negate for v in c.values}
        intransitive = t.rule.role == "result" and t.rule.term in ("die", "pass", "dead")
        if tok.pos_ in ("VERB", "ADJ") or tok.pos_ == "PROPN" and tok.tag_.startswith("VB"):
            passive = _is_passive(tok)
            for c in tok.children:
                if c.dep_ == "nsubj" and not passive and not intransitive:
                    if instrument(c):  # "Israeli jets struck": the jets' nationality acts
                        actors.extend(g for g in c.children if g.dep_ in ("amod", "compound", "poss")
                                      and g.ent_type_ in ("NORP", "GPE", "ORG"))
                    else:
                        actors.append(c)
                elif c.dep_ == "agent":
                    actors.extend(g for g in c.children if g.dep_ == "pobj" and not instrument(g))
                elif c.dep_ == "dobj" and not passive and (_lemma(c) in means or instrument(c)):
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
                subj = _subject_of(tok, seg)
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
            if tok.dep_ == "pobj" and tok.head.lower_ == "for" and _lemma(tok.head.head) == "responsibility":
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


def _crowd(tok) -> bool:
    words = {_lemma(tok)} | {_lemma(c) for c in tok.children if c.dep_ == "compound"}
    for _ in range(3):  # "tens of thousands of protesters"
        inner = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
        if not inner:
            break
        tok = inner[0]
        words |= {_lemma(tok)} | {_lemma(c) for c in tok.children if c.dep_ == "compound"}
    return bool(words & _CROWD)


# -- harm without a perpetrator ---------------------------------------------------------------------

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
    words = set(_lemma_candidates(tok))
    for c in tok.children:
        if c.dep_ in ("compound", "appos", "amod"):
            words.update(_lemma_candidates(c))
            if c.dep_ == "appos":
                words.update(l for g in c.children if g.dep_ in ("compound", "amod") for l in _lemma_candidates(g))
    return words


def _causers(t: _Trigger, seg: Segment) -> list:
    """The tokens heading what caused the harm a trigger tells: the subject of an active verb, the
    agent of a passive, the subject of the clause a participle hangs from."""
    tok = t.tok
    if tok.pos_ in ("NOUN", "PROPN") and not tok.tag_.startswith("VB"):
        return []
    out = []
    passive = _is_passive(tok)
    for c in tok.children:
        if c.dep_ == "nsubj" and not passive:
            out.append(c)
        elif c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and not passive:
        subj = _subject_of(tok, seg)
        if subj is not None and subj.dep_ == "nsubj":
            out.append(subj)
    if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "a man struck by flying debris"
        out.extend(g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj")
    return out


def _caused_by_things(group: list[_Trigger], seg: Segment) -> bool:
    """Is what the triggers tell done by weather, a vehicle or a structure, not by people?"""
    return any(_causer_words(c, seg) & (_HAZARDS | _ACCIDENT_CAUSES) for t in group for c in _causers(t, seg))


def _agentless(group: list[_Trigger], seg: Segment) -> str | None:
    """The OTHER label ("accident", "disaster") of harm told with no perpetrator, else None. An
    assault needs someone or a weapon behind it: "the ship struck rocks, killing three" is an
    accident, "the storm killed" a disaster, explosions at a chemicals warehouse with no bomb
    or attacker named an accident. A trigger that names an assault ("airstrike", "shooting")
    keeps it an assault."""
    lex = lexicon()
    for t in group:
        if t.rule.type == "ASSAULT" and t.rule.role == "event" and _lemma(t.tok) not in _EXPLOSION_WORDS \
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
        words = {l for tok in seg.span for l in _lemma_candidates(tok)}
        if not words & _ATTACK_CUES and words & _INDUSTRIAL:
            return "accident"
    return None


# -- status ------------------------------------------------------------------------------------------

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "gonna"})
_HYPO_AUX = frozenset({"could", "might", "may", "would", "should", "must", "can", "ca"})
_FUTURE_WORDS = frozenset(
    "plan intend prepare plot schedule expect aim seek want hope propose consider mean set "
    "call urge ask demand encourage incite instruct persuade order push inspire proposal bid "
    "intention decision offer "
    "about going".split())
_THREAT_WORDS = frozenset("threaten vow pledge promise swear warn".split())
_HYPO_WORDS = frozenset(
    "possibility risk fear threat prospect danger likelihood chance possible potential likely "
    "would-be hypothetical scenario".split())
_NEG_WORDS = frozenset("fail foil thwart prevent avert stop avoid deny refuse cancel postpone abandon".split())
_FUTURE_MODS = frozenset("planned upcoming future proposed expected imminent scheduled next forthcoming".split())
_HYPO_MODS = frozenset("possible potential would-be hypothetical".split())
#: frames that describe a person's record: "known for", "blamed for", "responsible for"
_BACKGROUND_FRAMES = frozenset(
    "know blame responsible notorious famous infamous credit remember accuse celebrate renowned "
    "history career legacy record reputation".split())
_BACKGROUND_ADVERBS = frozenset(
    "previously formerly once long often frequently regularly repeatedly routinely usually "
    "historically traditionally habitually".split())
#: relations through which the modality of a governing word reaches the event
_MODAL_PATH = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "conj", "attr", "oprd", "pcomp",
                         "nsubj", "nsubjpass", "compound", "amod", "appos"})
_REPORTING = frozenset(
    "say tell state add report confirm announce claim allege note explain write insist declare "
    "reveal acknowledge admit believe think justify describe accuse blame condemn deny".split())


def _reported(tok) -> bool:
    """Is the clause of ``tok`` the content of a reporting verb ("said they would ...")?"""
    cur = tok
    for _ in range(3):
        if cur.dep_ in ("ccomp", "xcomp", "conj") and cur.head.i != cur.i:
            cur = cur.head
            if _lemma(cur) in _REPORTING:
                return True
        else:
            return False
    return False


#: verbs whose object or subject is the event itself: they carry its tense and negation
_LIGHT = frozenset(
    "carry launch conduct stage hold mount make take commit perpetrate unleash begin start continue "
    "resume occur happen organise organize plan call announce cancel postpone see witness suffer "
    "break erupt".split())
#: nouns and verbs that name a crime as a legal matter: "counts of assault", "convicted of murder"
_LEGAL = frozenset("count charge conviction allegation accusation suspicion guilty convict accuse indict "
                   "prosecute try sentence jail arrest acquit exonerate suspect".split())
#: verbs of a statistic: "road deaths rose 10 percent"
_CHANGE = frozenset("rise fall increase decrease drop decline climb jump double triple soar reach top "
                    "exceed surpass grow".split())


def _reference_status(main: _Trigger) -> _Status | None:
    """Mentions that are not news of an event: a crime named as a legal matter ("two counts of
    assault", "convicted of sexually assaulting"), a statistic ("deaths rose 10 percent")."""
    tok = main.tok
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in ("of", "for", "with") \
            and _lemma(tok.head.head) in _LEGAL:
        return _Status("background", f"{tok.head.head.text} {tok.head.text} {tok.text}")
    if main.rule.role == "result" and tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and _lemma(tok.head) in _CHANGE:
        return _Status("background", f"{tok.text} {tok.head.text}")
    return None


@dataclass(frozen=True)
class _Status:
    status: str
    cue: str = ""


def _status(group: list[_Trigger], main: _Trigger, seg: Segment) -> _Status:
    tok = main.tok
    verb_like = [t.tok for t in group if t.tok.pos_ in ("VERB", "AUX") or t.tok.tag_.startswith("VB")]
    # the clause carrying tense and negation: the verb itself, or the light verb over a noun
    clause = verb_like[0] if verb_like else tok
    if clause.i == tok.i and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass", "nsubj") \
            and tok.head.pos_ in ("VERB", "AUX") and _lemma(tok.head) in _LIGHT:
        clause = tok.head  # "did not carry out strikes", "no attack took place", "will hold a rally"
    if clause.tag_ == "VB" and clause.dep_ == "conj" and not any(
            c.dep_ in ("aux", "nsubj", "nsubjpass") for c in clause.children):
        # "plotted to execute X and then attack Y": a bare infinitive continues the last
        # "to"-infinitive, whatever the parser attached it to
        infinitives = [t for t in seg.span if t.i < clause.i and t.tag_ == "VB"
                       and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)]
        if infinitives:
            clause = infinitives[-1]

    for t in [tok] + list(tok.children):
        if t.i != tok.i and t.dep_ == "det" and t.lower_ == "no":
            return _Status("negated", "no " + tok.text)
        if t.i != tok.i and t.dep_ == "det" and t.lower_ in ("any", "every", "each", "whatever"):
            return _Status("hypothetical", f"{t.text} {tok.text}")  # no event in particular
    first = _conj_root(clause)
    if first.tag_ == "VB" and first.dep_ == "ROOT" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in first.children):
        return _Status("hypothetical", f"{first.text} (imperative)")  # "fly with the crows and get shot"
    if tok.dep_ in ("attr", "oprd") and tok.pos_ in ("NOUN", "PROPN"):
        return _Status("background", f"is {tok.text}")  # "this is an attack on our country": a judgement
    if main.rule.type == "ACCUSE" and tok.tag_ == "VBN" and not any(c.dep_ == "agent" for c in tok.children) \
            and (_is_passive(tok) or tok.dep_ == "acl"):
        return _Status("background", f"{tok.text} (by whom the text does not say)")
    for t in ([tok] if clause.i == tok.i else [tok, clause]):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never",) and c.dep_ == "neg":
                return _Status("negated", f"{c.text} {t.text}")
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return _Status("hypothetical", f"{c.text} ...")
            if c.dep_ == "aux":
                if c.lower_ in _FUTURE_AUX:
                    return _Status("future", f"{c.text} {t.text}")
                if c.lower_ == "would" and _reported(t):
                    return _Status("future", f"{c.text} {t.text}")  # "said they would protest"
                if c.lower_ in _HYPO_AUX:
                    return _Status("hypothetical", f"{c.text} {t.text}")
            if c.dep_ == "amod" and c.lower_ in _FUTURE_MODS:
                return _Status("future", f"{c.text} {t.text}")
            if c.dep_ == "amod" and c.lower_ in _HYPO_MODS:
                return _Status("hypothetical", f"{c.text} {t.text}")
            if c.dep_ == "advmod" and c.lower_ in _BACKGROUND_ADVERBS:
                return _Status("background", f"{c.text} {t.text}")
        if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) \
                and t.dep_ in ("advcl",) and t.head.lemma_.lower() in ("plan", "prepare"):
            return _Status("future", t.head.text)

    if clause.i == tok.i and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        for c in verb.children:
            if c.dep_ == "aux" and c.lower_ in _FUTURE_AUX:
                return _Status("future", f"{c.text} {verb.text}")
            if c.dep_ == "aux" and c.lower_ in _HYPO_AUX and c.lower_ != "would":
                return _Status("hypothetical", f"{c.text} {verb.text}")
    # governing words: "vowed to retaliate", "plans to attack", "known for causing the deaths"
    cur, steps = clause, 0
    while cur.head.i != cur.i and steps < 8 and seg.span.start <= cur.head.i < seg.span.end:
        rel = cur.dep_
        head = cur.head
        lemma = _lemma(head)
        if _is_separator(head):
            break
        if rel in ("advcl", "relcl", "parataxis") and not (rel == "advcl" and head.lemma_.lower() in _THREAT_WORDS):
            # another clause: only a frame of the record reaches across ("a warlord known for")
            if lemma in _BACKGROUND_FRAMES:
                return _Status("background", head.text)
            break
        if lemma in _BACKGROUND_FRAMES and not (lemma in ("accuse", "blame") and head.tag_ != "VBN"):
            return _Status("background", head.text)
        habitual = [c for c in head.children if c.dep_ == "advmod" and c.lower_ in _BACKGROUND_ADVERBS]
        if habitual and rel in ("xcomp", "ccomp", "dobj", "pcomp", "conj", "prep", "pobj"):
            return _Status("background", f"{habitual[0].text} {head.text}")  # "has repeatedly denied targeting"
        if lemma in _NEG_WORDS and rel in ("xcomp", "dobj", "ccomp", "pcomp", "prep"):
            if lemma == "deny":
                break
            return _Status("negated", head.text)
        if lemma in _THREAT_WORDS and rel in ("xcomp", "dobj", "ccomp", "conj"):
            return _Status("threat", head.text)
        if lemma in _FUTURE_WORDS and rel in ("xcomp", "dobj", "ccomp", "acl", "prep", "pobj"):
            return _Status("future", head.text)
        if lemma in _HYPO_WORDS and rel in ("acl", "prep", "pobj", "dobj", "xcomp", "attr", "ccomp", "compound"):
            return _Status("hypothetical", head.text)
        for c in head.children:
            if c.dep_ == "aux" and rel in ("xcomp", "conj", "ccomp") and c.lower_ in _FUTURE_AUX:
                return _Status("future", f"{c.text} {head.text}")
            if c.dep_ == "aux" and rel in ("xcomp", "conj") and c.lower_ in _HYPO_AUX:
                return _Status("hypothetical", f"{c.text} {head.text}")
            if c.dep_ == "neg" and rel in ("xcomp", "conj", "dobj") and cur.i == clause.i:
                return _Status("negated", f"{c.text} {head.text}")  # "did not carry out strikes"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless") and rel in ("xcomp", "conj", "dobj", "ccomp"):
                return _Status("hypothetical", f"{c.text} ...")
        if lemma in _REPORTING:
            break
        if rel not in _MODAL_PATH:
            break
        cur = head
        steps += 1
    return _Status("occurred")


# -- places ------------------------------------------------------------------------------------------

_LOC_PREPS = frozenset(
    "in at near on outside inside around across throughout through into onto within along off towards toward "
    "to over against nearby beside outside_of amid".split())
_NEAR_PREPS = frozenset("near outside around nearby off towards toward beside".split())
#: nouns that lead to a place by "of": "in front of", "the outskirts of", "north of"
_RELATIONAL = frozenset(
    "front outskirts vicinity edge suburb suburbs centre center heart part area region district "
    "north south east west northeast northwest southeast southwest middle outside side gate gates "
    "entrance perimeter border borders coast shore province city town village capital "
    "port harbour harbor docks streets waters neighbourhood neighborhood quarter".split())
_NEAR_NOUNS = frozenset("outskirts vicinity edge suburb suburbs outside north south east west northeast "
                        "northwest southeast southwest border borders coast shore".split())
#: specificity of a gazetteer feature: smaller is more specific
_SPECIFIC = {"S": 0, "L": 1, "H": 1, "T": 1, "R": 1, "V": 1, "U": 1, "P": 2, "A": 4}


def _specificity(place: Place) -> int:
    c = place.candidate
    if c is None:
        return 9
    code = c.feature_code or ""
    if code.startswith("PCL"):
        return 6
    if code in ("RGN", "CONT", "RGNE", "ZN", "TERR"):
        return 7
    if code == "ADM1":
        return 5
    if code == "ADM2":
        return 4
    if code == "PPLX":
        return 1
    return _SPECIFIC.get(c.feature_class or "", 3)


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


class _PlaceIndex:
    """Places of one article by token, and the tokens that are names of places."""

    def __init__(self, doc, places: Sequence[Place]):
        self.literal: dict[int, Place] = {}
        self.any: dict[int, Place] = {}
        self.blocked: set[int] = set()
        for p in places:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            # a dateline ("ANKARA —") is where the story was filed, not where anything happened
            where = p.role == "literal" and not is_dateline(doc.text, p.start, p.end)
            for tok in span:
                self.blocked.add(tok.i)
                if p.candidate is not None:
                    self.any.setdefault(tok.i, p)
                    if where:
                        self.literal.setdefault(tok.i, p)


def _locate_from(starts: list, seg: Segment, index: _PlaceIndex, stop: set[int], exclude_subject: bool) -> list[_Found]:
    """Breadth-first search down the parse from ``starts`` for literal places reached through a
    locative preposition, a target (object) or a modifier of the trigger."""
    found: list[_Found] = []
    seen = set(stop)
    frontier = [(t, 0, True, False, "") for t in starts]
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
                if _is_separator(c):
                    continue
                seen.add(c.i)
                c_ok, c_near, c_how = ok, near, how
                if dep in ("prep", "agent"):
                    word = c.lower_
                    if word in _LOC_PREPS:
                        c_ok, c_near, c_how = True, near or word in _NEAR_PREPS, word
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


def _choose(found: list[_Found], index: _PlaceIndex, doc) -> list[_Found]:
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
        conj_tokens = {c.i for c in root.subtree if c.dep_ == "conj" and _conj_root(c).i == root.i}
        if root.dep_ == "conj":
            base = _conj_root(root)
            conj_tokens |= {base.i} | {c.i for c in base.subtree if c.dep_ == "conj" and _conj_root(c) is base}
        for f in found:
            if f is chosen or f.place in [o.place for o in out]:
                continue
            fspan = doc.char_span(f.place.start, f.place.end, alignment_mode="expand")
            if fspan is not None and fspan.root.i in conj_tokens and \
                    (_specificity(f.place) >= 6) == (_specificity(chosen.place) >= 6):
                out.append(f)
    return out


def _speech_place(starts: list, seg: Segment, index: _PlaceIndex, other_triggers: set[int]) -> list[Location]:
    """Where something was said: a locative phrase on the speech verb or its light verb ("said
    in Ankara", "issued a statement in Geneva"), never the place the speech is about."""
    heads = list(starts) + [t.head for t in starts if t.pos_ in ("NOUN", "PROPN") and _lemma(t.head) in _ISSUE]
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


def _where(group: list[_Trigger], seg: Segment, index: _PlaceIndex, other_triggers: set[int],
           single: bool) -> list[Location]:
    doc = seg.span.doc
    starts = [t.tok for t in group]
    if _main_trigger(group).rule.type in _COMMUNICATIVE:
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
        if _lemma(head) in _REPORTING or _is_separator(head):
            break
        if _separator_between(cur, head, result=False) is not None:
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
                    if c.dep_ in ("nsubj", "agent") and not _is_passive(t.tok) for x in c.subtree}
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
            if p.candidate.is_country and tok.dep_ in ("compound", "amod", "nmod"):
                continue  # "a US drone attack", "US troops": a nationality, not where
            candidates.append(p)
        if len({p.candidate.id for p in candidates}) == 1:
            p = candidates[0]
            return [Location(p, _precision(p, False), f"the only place of its sentence: {p.mention.text}")]
    return []


def _actor_place(group: list[_Trigger], seg: Segment, index: _PlaceIndex, other_triggers: set[int]) -> list[Location]:
    """Where the actor was: "The Supreme Court in Nairobi ruled", "Police in Paris arrested"."""
    for t in group:
        if t.tok.pos_ != "VERB" or _is_passive(t.tok):
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
            return _lemma(anc) in _REPORTING
    return False


#: words of setting out: an accident "minutes after taking off from X" happened near X ("take"
#: counts only with "off", below)
_DEPARTURE = frozenset("leave depart departure takeoff take-off".split())


def _sets_out(tok) -> bool:
    """Does ``tok`` say that a journey began: "left", "departed", "taking off", "after take-off"
    (spaCy splits the noun into "take", "-", "off")?"""
    lemma = _lemma(tok)
    if lemma == "take":
        return tok.pos_ != "NOUN" and any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.children)
    if lemma in _DEPARTURE:
        return True
    return tok.lower_ == "off" and tok.pos_ == "NOUN" and any(c.lower_ == "take" for c in tok.children)


def _departure(group: list[_Trigger], seg: Segment, index: _PlaceIndex, other_triggers: set[int]) -> list[Location]:
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


# -- dates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _When:
    date: dt.date | None = None
    precision: TimePrecision = "none"
    earliest: dt.date | None = None
    latest: dt.date | None = None
    reason: str = ""
    inferred: bool = False
    own: bool = False  # stated in the event's own clause or sentence


@dataclass(frozen=True)
class _Timex:
    timex: TimeExpr
    first: dt.date
    last: dt.date
    precision: TimePrecision
    tokens: tuple[int, ...]
    root: int


def _timex_index(doc, timexes: Sequence[TimeExpr], published: dt.date | None) -> list[_Timex]:
    out = []
    for t in timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        if t.value == "PRESENT_REF":
            if published is None:
                continue
            first = last = published
            precision: TimePrecision = "day"
        else:
            rng = calendar_range(t)
            if rng is None or rng.precision is None:
                continue
            first, last, precision = rng.first, rng.last, rng.precision
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        out.append(_Timex(t, first, last, precision, tuple(x.i for x in span), span.root.i))
    return out


def _history_index(doc, timexes: Sequence[TimeExpr]) -> list[_Timex]:
    """Expressions of an undated past: PAST_REF ("in recent years", "in the past"), durations of
    years ("for years", "over the past decade"), decades and centuries ("in the 1990s")."""
    out = []
    for t in timexes:
        v = t.value
        history = v == "PAST_REF" or (t.type == "DURATION" and re.fullmatch(r"P(\d+|X)(Y|DE|CE)", v) is not None) \
            or (t.type == "DATE" and re.fullmatch(r"\d{2,3}", v) is not None)
        if not history:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        if t.type == "DURATION" and span.root.head.lower_ not in ("for", "over", "in", "during", "throughout"):
            continue  # "terms ranging from 15 to 37 years" say how long, not when
        if _superlative_scope(span.root):
            continue  # "the deadliest attack in three decades" ranks today's event against the past
        out.append(_Timex(t, dt.date.min, dt.date.min, "none", tuple(x.i for x in span), span.root.i))
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


def _ranked(tok) -> bool:
    """Does a superlative or a first qualify ``tok`` ("the deadliest attack", "the first arrests")?"""
    return any(c.tag_ == "JJS" and c.lower_ not in ("least", "most") or c.lower_ in ("first", "only")
               and c.dep_ in ("amod", "advmod") for c in tok.children)


_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "none": 9}


def _timex_when(tx: _Timex, reason: str) -> _When:
    return _When(tx.first, tx.precision, tx.first, tx.last, reason, False, True)


def _anchor_timexes(seg: Segment, timexes: list[_Timex], trigger_of: dict[int, int]) -> dict[int | None, list[_Timex]]:
    """Each time expression of a segment attached to the event (group number) whose trigger
    governs it, or to None (the sentence) when no trigger does. A separator word between an
    expression and its trigger moves it to the trigger on its own side ("strikes made in
    retaliation to an attack on December 27": the date is the attack's)."""
    doc = seg.span.doc
    out: dict[int | None, list[_Timex]] = {}
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
            behind_wall = behind_wall or prev.dep_ in _CLAUSE_WALLS
            if anc.i in trigger_of:
                owner, anchor_tok = trigger_of[anc.i], anc
                break
            prev = anc
        if owner is not None and _separator_between(doc[tx.root], anchor_tok, result=False) is not None:
            side = [i for i in trigger_of if _separator_between(doc[tx.root], doc[i], result=False) is None]
            if side:
                owner = trigger_of[min(side, key=lambda i: abs(i - tx.root))]
        if behind_wall:
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


def _best_timex(txs: list[_Timex]) -> _Timex:
    return min(txs, key=lambda t: (_PRECISION_ORDER.get(t.precision, 9), -len(t.tokens)))


# -- mentions ------------------------------------------------------------------------------------------


@dataclass
class _Mention:
    """One telling of an event in one segment, before the article's tellings are joined."""

    key: int
    seg: Segment
    group: list[_Trigger]
    main: _Trigger
    type: str
    mode: str | None
    label: str | None
    status: _Status
    when: _When = field(default_factory=_When)
    locations: list[Location] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    fatalities: int | None = None
    injuries: int | None = None
    anaphoric: bool = False
    #: keys of mentions of the same article this one happened after
    after: set[int] = field(default_factory=set)
    #: keys of mentions the article tells apart from this one
    apart: set[int] = field(default_factory=set)
    another: bool = False
    summary: str = ""
    root_level: bool = False
    #: a noun that dates something else ("during the election", "after the attack")
    anchor: bool = False

    @property
    def weak(self) -> bool:
        return self.seg.headline or self.anaphoric or not self.when.own


_ANAPHORIC_DETS = frozenset("the this that these those such its their his her".split())
_ANOTHER = frozenset("another second third fourth fifth separate new further fresh other".split())
#: pronouns that refer back to the event told before: "This was followed by ..."
_BACK_PRONOUNS = frozenset("this that it which".split())


def _is_anaphoric(main: _Trigger, group: list[_Trigger]) -> bool:
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


def _time_anchor(main: _Trigger, group: list[_Trigger]) -> bool:
    """A noun that dates another event ("came to the fore during the election"), not one told as
    part of the same event ("killed during an airstrike")."""
    tok = main.tok
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.head.i in {t.i for t in group}:
        return False
    return prep.lower_ in _TEMPORAL_PREPS or prep.lower_ == "of" and prep.head.lower_ in ("ahead", "prior")


def _generic(main: _Trigger) -> bool:
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
        and owner.lower_ not in _QUANTITY and _lemma(owner) not in _QUANTITY | {"responsibility", "credit"}


def _summary(group: list[_Trigger], seg: Segment) -> str:
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


def _mention_type(group: list[_Trigger], main: _Trigger) -> tuple[str | None, str | None, str | None]:
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


def _segment_mentions(seg: Segment, lex: Lexicon, index: _PlaceIndex, timexes: list[_Timex],
                      next_key: int) -> list[_Mention]:
    blocked = index.blocked | {i for tx in timexes for i in tx.tokens}
    triggers = _find_triggers(seg, blocked, lex)
    if not triggers:
        return []
    groups = _group(triggers, seg)
    trigger_of = {t.i: g for g, group in enumerate(groups) for t in group}
    all_trigger_tokens = set(trigger_of)
    mentions = []
    for g, group in enumerate(groups):
        main = _main_trigger(group)
        typ, mode, label = _mention_type(group, main)
        if typ is None:
            continue
        others = all_trigger_tokens - {t.i for t in group}
        actor_toks, target_toks = _arguments(group, seg, all_trigger_tokens)
        if typ == "ASSAULT" and any(_crowd(a) for a in actor_toks):
            typ, mode, label = "PROTEST", "riot", None
        elif typ == "ASSAULT" and (harm := _agentless(group, seg)) is not None:
            typ, mode, label = "OTHER", None, harm
        elif typ == "PROTEST" and all(t.rule.role == "weak" for t in group) and _caused_by_things(group, seg):
            continue  # "winds pushed the ship across the canal, blocking traffic": nobody protested
        status = _status(group, main, seg)
        if status.status == "occurred":
            status = _reference_status(main) or status
        m = _Mention(next_key + len(mentions), seg, group, main, typ, mode, label, status)
        m.actors = _strings(actor_toks)
        m.targets = _strings(target_toks)
        m.fatalities, m.injuries = _casualties(group, seg)
        m.locations = _where(group, seg, index, others, single=len(groups) == 1)
        m.anaphoric = _is_anaphoric(main, group)
        m.anchor = _time_anchor(main, group)
        if m.anchor:
            m.anaphoric = True  # "during the election": a reference point, not news
        if m.status.status == "occurred" and _generic(main):
            m.status = _Status("background", f"{main.tok.head.head.text} of {main.tok.text}")
        m.another = any(c.lower_ in _ANOTHER and c.dep_ in ("det", "amod") for t in group for c in t.tok.children)
        m.summary = _summary(group, seg)
        tokens = {t.i for t in group}
        # told in the main clause: the trigger is the root, or hangs from a root that is part of
        # the event or a light verb ("militants carried out an attack"), not "claimed the bombings"
        m.root_level = any(t.tok.dep_ == "ROOT" or t.tok.head.dep_ == "ROOT" and (
            t.tok.head.i in tokens or _lemma(t.tok.head) in _LIGHT) for t in group)
        m._group_index = g  # type: ignore[attr-defined]
        mentions.append(m)
    return mentions


def _strings(toks: list) -> list[str]:
    out: list[str] = []
    for t in toks:
        for s in [_phrase(t)] + _names_in(t):
            s = _clean_name(s)
            if s and s.lower() not in {o.lower() for o in out} and len(s) > 1:
                out.append(s)
    return out[:6]


def _relations(mentions: list[_Mention], seg: Segment) -> None:
    """Order and separate the events of one segment told around a separator word."""
    ordered = sorted(mentions, key=lambda m: m.main.i)
    for a, b in zip(ordered, ordered[1:]):
        sep = None
        for ta in a.group:
            for tb in b.group:
                sep = sep or _separator_between(ta.tok, tb.tok, result=False)
        if sep is None:
            continue
        a.apart.add(b.key)
        b.apart.add(a.key)
        word = sep.lower_
        if word in _SEP_BACKWARD or _lemma(sep) in _SEP_BACKWARD and word != "followed":
            a.after.add(b.key)
        else:
            b.after.add(a.key)


def _follows_previous(m: _Mention) -> bool:
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


# -- the article ------------------------------------------------------------------------------------


def _date_mentions(mentions: list[_Mention], segments: list[Segment], timexes: list[_Timex],
                   published: dt.date | None, history: Sequence[_Timex] = ()) -> None:
    """Give each mention its date, walking the article in order with the narrative reference.
    ``history``: expressions of a past without a date ("in recent years", "for years", "in the
    1990s"): an event they govern is background."""
    by_seg: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_seg.setdefault(m.seg.index, []).append(m)
    reference: _When | None = None
    previous: _Mention | None = None
    for seg in segments:
        ms = by_seg.get(seg.index, [])
        groups_of = {t.i: getattr(m, "_group_index") for m in ms for t in m.group}
        anchored = _anchor_timexes(seg, timexes, groups_of)
        sentence_tx = anchored.get(None, [])
        past = _anchor_timexes(seg, list(history), groups_of) if history else {}
        seg_reference = None
        for m in sorted(ms, key=lambda m: m.main.i):
            g = getattr(m, "_group_index")
            own = anchored.get(g, [])
            vague = past.get(g) or (past.get(None) if m.root_level else None)
            if vague and not own and m.status.status == "occurred" and not seg.headline:
                m.status = _Status("background", vague[0].timex.text)
            doc = seg.span.doc
            governing = {m.main.tok.i} | {a.i for a in list(m.main.tok.ancestors)[:2]}
            since = [tx for tx in own + (sentence_tx if m.root_level else [])
                     if doc[tx.root].head.lower_ == "since"]
            # "780 civilians had been confirmed killed since the invasion began on Feb. 24": a
            # since-clause on the event's own verb or the verb governing it makes a running total
            since += [tx for txs in anchored.values() for tx in txs if tx not in since
                      and (h := _since_head(doc[tx.root])) is not None and h.i in governing
                      and not _ranked(h)]  # "the first arrests since June" ranks today's arrests
            if since and m.status.status == "occurred" and not seg.headline:
                # "protests have been held since June": a series that goes on, not one event
                m.status = _Status("background", "since " + since[0].timex.text)
                own = []
            if seg.headline:
                m.when = _When(None, "none", None, published, "a headline or caption gives no date", False, False)
                if own:
                    tx = _best_timex(own)
                    m.when = _timex_when(tx, f"'{tx.timex.text}' in the headline")
                continue
            if own:
                tx = _best_timex(own)
                m.when = _timex_when(tx, f"'{tx.timex.text}' in the event's clause")
            elif m.anchor:
                m.when = _When(None, "none", None, published, "named as a point in time: no date of its own", False, False)
            elif m.status.status in ("future", "threat", "hypothetical"):
                # a plan's date is its own or its sentence's ("will protest next week"), never
                # the narrative's
                if sentence_tx:
                    tx = _best_timex(sentence_tx)
                    m.when = _timex_when(tx, f"'{tx.timex.text}' in its sentence")
                else:
                    m.when = _When(None, "none", None, None, f"{m.status.status}: no date of its own", False, False)
            elif m.status.status == "background":
                # a career or history: the sentence's date is not its date
                m.when = _When(None, "none", None, published, "background: no date of its own", False, False)
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
                elif _follows_previous(m) and previous is not None and previous.when.date is not None:
                    p = previous.when
                    m.when = _When(None, "none", p.date, published,
                                   f"told as following an event of {p.date.isoformat()}", False, False)
                    m.after.add(previous.key)
                    m.apart.add(previous.key)
                    previous.apart.add(m.key)
                elif reference is not None and m.status.status != "background":
                    r = reference
                    m.when = _When(r.date, r.precision, None, published,
                                   f"no date in its sentence: the date the article last gave ({r.reason.split(chr(39))[1] if chr(39) in r.reason else r.date})",
                                   True, False)
                else:
                    m.when = _When(None, "none", None, published, "no date in the text", False, False)
            # a stated date after publication is a plan, not a report; unless the verb says it is
            # past ("have been held since June"): then the date is a misreading and is dropped
            if m.when.own and published is not None and m.when.earliest and m.when.earliest > published \
                    and m.status.status == "occurred":
                if _past_tense(m):
                    m.when = _When(None, "none", None, published,
                                   f"'{m.when.reason}' would lie after publication, but the verb is past", False, False)
                else:
                    m.status = _Status("future", m.when.reason)
            # the narrative moves with its main clauses; a date inside a phrase ("claimed the Dec. 10
            # bombings") is a flashback that does not move it
            if m.when.own and m.status.status == "occurred" and m.root_level \
                    and m.when.precision in ("day", "week"):
                if published is None or m.when.date is None or m.when.date <= published:
                    seg_reference = m.when
        if not seg.headline:
            if seg_reference is None and sentence_tx:
                tx = _best_timex(sentence_tx)
                if (published is None or tx.first <= published) and tx.precision in ("day", "week"):
                    seg_reference = _timex_when(tx, f"'{tx.timex.text}'")
            if seg_reference is not None:
                reference = seg_reference
            told = [m for m in ms if m.status.status == "occurred" and m.when.date is not None and not m.anaphoric]
            if told:
                previous = max(told, key=lambda m: m.main.i)


def _past_tense(m: _Mention) -> bool:
    """Does the clause of the event say it is past (simple past, perfect)?"""
    for t in m.group:
        tok = t.tok
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        if verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children):
            return True
        if verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children if c.dep_ == "aux"):
            return True
    return False


def _governing_timex(m: _Mention, ms: list[_Mention], anchored: dict) -> tuple[_Timex, str] | None:
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


def _named_by_past_year(m: _Mention, txs: list[_Timex], published: dt.date | None) -> str | None:
    """"the 1973 ruling", "the 2011 uprising": an event named by a year before the publication
    year is history the article refers to, not news. The cue, else None."""
    tok = m.main.tok
    if published is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(t.tok.pos_ == "VERB" for t in m.group):
        return None  # "overturned the 1973 ruling": the verb tells today's news
    for tx in txs:
        root = tok.doc[tx.root]
        if tx.precision == "year" and root.head.i == tok.i and root.dep_ in ("nummod", "compound", "amod", "nmod") \
                and tx.last.year < published.year:
            return f"{root.text} {tok.text}"
    return None


def _main_country(places: Sequence[Place]) -> Place | None:
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


def _speaker_place(m: _Mention, index: _PlaceIndex) -> Place | None:
    """The seat or country of whoever spoke: "The Pentagon said", "the leader of Iran vowed"."""
    for t in m.group:
        for c in t.tok.children:
            if c.dep_ in ("nsubj", "agent") or c.dep_ == "poss" and t.tok.pos_ == "NOUN":
                subtree = [x for x in c.subtree]
                ps = [index.any[x.i] for x in subtree if x.i in index.any]
                if ps:
                    return min(ps, key=_specificity)
        if t.tok.pos_ == "NOUN" and t.tok.head.pos_ == "VERB":
            for c in t.tok.head.children:
                if c.dep_ == "nsubj":
                    ps = [index.any[x.i] for x in c.subtree if x.i in index.any]
                    if ps:
                        return min(ps, key=_specificity)
    return None


def _event_of(m: _Mention, document: Document) -> Event:
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
    )
    w = m.when
    status = m.status.status
    reason = w.reason
    if status != "occurred" and m.status.cue:
        reason = f"{reason}; {status}: '{m.status.cue}'" if reason else f"{status}: '{m.status.cue}'"
    return Event(
        id=_mention_id(document.id, m.main.tok.idx),
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
        trigger=m.main.tok.text,
        acled=acled_crosswalk(m.type, m.mode, m.targets),
        earliest=w.earliest,
        latest=w.latest,
        date_inferred=w.inferred,
    )


def _informative(m: _Mention) -> bool:
    """Does an anaphor tell something new: a place of its own clause, or a toll from a
    consequence ("The strike also wounded his driver"), not the "death" it names?"""
    placed = any("event's clause" in l.reason for l in m.locations)
    toll = (m.fatalities is not None or m.injuries is not None) and m.main.rule.role != "result"
    return placed or toll


def _mention_id(doc_id: str, char: int) -> str:
    return "ev-" + hashlib.sha1(f"{doc_id}\x1f{char}".encode("utf-8")).hexdigest()[:12]


def extract_events(document: Document, doc, places: Sequence[Place], timexes: Sequence[TimeExpr]) -> list[Event]:
    """The events one article tells, joined within the article (see the module docstring)."""
    if doc is None or not document.text.strip():
        return []
    doc = _ensure_boundaries(doc)
    lex = lexicon()
    index = _PlaceIndex(doc, places)
    txs = _timex_index(doc, timexes, document.published)
    segments = _segments(doc, document.title)
    mentions: list[_Mention] = []
    for seg in segments:
        found = _segment_mentions(seg, lex, index, txs, len(mentions))
        _relations(found, seg)
        mentions.extend(found)
    if not mentions:
        return []
    _date_mentions(mentions, segments, txs, document.published, _history_index(doc, timexes))
    for m in mentions:
        if m.status.status == "occurred" and (cue := _named_by_past_year(m, txs, document.published)):
            m.status = _Status("background", cue)
    events = {m.key: _event_of(m, document) for m in mentions}
    joined = merge_stage.corefer(
        [merge_stage.Telling(
            event=events[m.key], key=m.key, order=m.seg.start, headline=m.seg.headline, anaphoric=m.anaphoric,
            weak=m.weak, segment=m.seg.index, after=frozenset(m.after), apart=frozenset(m.apart),
            another=m.another, informative=_informative(m))
         for m in mentions])
    out = []
    country = _main_country(places)
    filed = _dateline_place(document.text, places)
    by_key = {m.key: m for m in mentions}
    for event, keys in joined:
        if not event.locations and event.status == "occurred":
            members = [by_key[k] for k in keys]
            # countries named in the event's own phrases ("Russian drones", "in Russia's region"):
            # then the article's main country is no guess for it
            named = {p.candidate.country for m in members for t in m.group for tok in t.tok.subtree
                     if m.seg.span.start <= tok.i < m.seg.span.end
                     for p in [index.any.get(tok.i)] if p is not None and p.candidate.country}
            fallback = country if country is not None and named <= {country.candidate.country} else None
            dateline = filed if filed is not None and (
                named <= {filed.candidate.country} or event.label == "sport") else None  # countries are teams
            event = _fallback_location(event, members, index, fallback, dateline)
        out.append(event)
    return out


def _dateline_place(text: str, places: Sequence[Place]) -> Place | None:
    """The town of the article's dateline ("KABUL, Afghanistan —"), else its unit, else None."""
    filed = [p for p in places if p.candidate is not None and p.candidate.country
             and is_dateline(text, p.start, p.end)]
    filed.sort(key=lambda p: (p.candidate.is_region or p.candidate.is_country, p.start))
    return filed[0] if filed else None


def _fallback_location(event: Event, members: list[_Mention], index: _PlaceIndex, country: Place | None,
                       dateline: Place | None = None) -> Event:
    """A place for an event whose text gives none: the speaker's seat for speech; for a dated
    physical event the dateline's town when its country is the only one the event's phrases
    name (wire stories are mostly filed from where things happened), else the article's main
    country. Marked ``inferred``; else the event stays unlocated."""
    if event.type in _COMMUNICATIVE:
        for m in members:
            p = _speaker_place(m, index)
            if p is not None and p.candidate is not None:
                prec = 3 if p.candidate.is_region else _precision(p, False)
                return replace(event, locations=(Location(p, prec, f"no place in the text: the speaker's seat or country ({p.mention.text})", True),))
        return event
    if event.date is None or event.date_inferred:
        return event
    if dateline is not None:
        prec = 3 if dateline.candidate.is_region else max(2, _precision(dateline, False))
        name = dateline.mention.text.replace("\n", " ")
        return replace(event, locations=(Location(dateline, prec, f"no place in the text: the dateline ({name}), where the story was filed", True),))
    if country is not None:
        return replace(event, locations=(Location(country, 3, f"no place in the text: the article's main country ({country.candidate.name})", True),))
    return event
