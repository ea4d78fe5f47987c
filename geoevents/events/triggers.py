"""Triggers: the words that tell an event, and how they group into events.

Interface:
    find_triggers(segment, blocked, lexicon) -> list[Trigger]
        Words of the lexicon matched on lemma, part of speech and parse conditions ("drone
        strike" is an assault, "general strike" a protest). Words inside names, dates and place
        names (``blocked``) are not triggers.
    group_triggers(triggers, segment) -> list[list[Trigger]]
        Triggers joined by the parse form one event ("killed during an airstrike"); words of
        sequence or cause keep events apart; consequences (killed, died, injured) join the event
        that caused them.
    main_trigger(group) -> Trigger
        The word that names the event best.
    given_trigger(token, headline, lexicon, phrase=None) -> Trigger
        The reading of a word the user gives as a trigger (``--given-triggers``): its rule, the
        event noun a light verb carries, its default reading; for a word the lexicon lacks, the
        type WordNet lets it inherit (``wordnet_rule``), else a guess (``guess_rule``: a word of
        the same stem, ``related_lemmas``; money or a company; an armed force; ...).
"""

from __future__ import annotations

import re

from geoevents.lexicon import (
    ISSUE,
    LIGHT,
    REPORTING,
    RESULT_ALONE,
    Lexicon,
    TriggerRule,
    lexicon,
    physical,
    speech,
    wordnet_types,
)
from geoevents.events.records import Trigger
from geoevents.events.segments import Segment
from geoevents.events.syntax import (
    CLAUSE_WALLS,
    SUBJECTS,
    ancestors,
    coordinated,
    entity_bounds,
    lemma_candidates,
    lemma_of,
    parse_hops,
    separator_between,
    walled_off,
    where_antecedent,
)

#: entity labels whose words are names, never triggers ("Desert Storm", "Attack FC")
_NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "FAC", "GPE", "LOC", "NORP"})


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


def _entity_labels(tok) -> tuple[str, ...]:
    """``ent:LABEL`` of the named entity a word is part of, and ``ent:GPE`` for a word of a
    toponym the recognizer found (NER calls Omsk an organisation in "the Whites took Omsk")."""
    labels: tuple[str, ...] = ("ent:" + tok.ent_type_,) if tok.ent_type_ else ()
    if tok.has_extension("geoevents_place") and tok._.geoevents_place:
        labels += ("ent:GPE",)
    return labels


def _children_lemmas(tok, deps: set[str]) -> set[str]:
    """The lemmas of the children on these edges, and ``ent:LABEL`` for a child that is (part of)
    a named entity ("ent:PERSON" for "Biden met ...")."""
    out = set()
    for c in tok.children:
        if c.dep_ in deps:
            out.update(lemma_candidates(c))
            out.update(_entity_labels(c))
            if c.lower_ in _PERSONAL and c.pos_ == "PRON":
                out.add("ent:PERSON")  # "she met with victims": a pronoun that can only be a person
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.update(lemma_candidates(g))
                        if g.ent_type_:
                            out.add("ent:" + g.ent_type_)
    return out


def _entities_near(tok) -> set[str]:
    """``ent:LABEL`` of the named entities among a word's children and grandchildren ("fell 5
    percent": ent:PERCENT; "rose to $3 billion": ent:MONEY)."""
    out = set()
    for c in tok.children:
        for x in (c, *c.children):
            if x.ent_type_:
                out.add("ent:" + x.ent_type_)
    return out


_PRONOUNS = frozenset("they he she it we i you them him her".split())
_PERSONAL = frozenset("he she him her".split())


class _Context:
    """What a trigger rule's conditions look at around a word (see data/triggers.tsv, column
    when), each key worked out the first time a condition asks for it."""

    __slots__ = ("_seen", "tok")

    def __init__(self, tok):
        self.tok = tok
        self._seen: dict[str, set[str]] = {}

    def get(self, key: str, default: set[str]) -> set[str]:
        if key not in self._seen:
            fn = _CONTEXT_KEYS.get(key)
            self._seen[key] = fn(self.tok) if fn is not None else default
        return self._seen[key]


def _head_lemmas(tok) -> set[str]:
    head = set()
    if tok.head.i != tok.i:
        head.add(lemma_of(tok.head))
        if tok.head.dep_ in ("prep", "agent") and tok.head.head.i != tok.head.i:
            head.add(lemma_of(tok.head.head))
    return head


def _pobj_lemmas(tok) -> set[str]:
    pobj: set[str] = set()
    for c in tok.children:
        if c.dep_ in ("prep", "agent"):
            for g in c.children:
                if g.dep_ == "pobj":
                    pobj.update(lemma_candidates(g))
                    pobj.update(_counted_lemmas(g))
                    pobj.update(_entity_labels(g))  # "met with Sununu", "fell to the Ottomans"
                    # "filed for bankruptcy protection"
                    pobj.update(l for x in g.children if x.dep_ == "compound" for l in lemma_candidates(x))
    antecedent = where_antecedent(tok)
    if antecedent is not None:
        pobj.update(_entity_labels(antecedent))  # "Kenya, where she arrived": the place arrived at
    return pobj


def _subject_lemmas(tok) -> set[str]:
    subj = _children_lemmas(tok, {"nsubj", "agent"}) if tok.pos_ != "NOUN" else set()
    if subj:  # what a quantity or group subject counts: "thousands of children", "elements of the corps"
        subj |= {x for c in tok.children if c.dep_ == "nsubj" for x in _counted_lemmas(c)}
    if not subj and tok.pos_ != "NOUN" and tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
        subj = _children_lemmas(tok.head, {"nsubj"})  # "workers plan to strike"
    elif not subj and tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:
        subj = _children_lemmas(tok.head.head, {"nsubj"})  # "she praised them before meeting with ..."
    if subj and subj <= _PRONOUNS and tok.dep_ == "ccomp" and tok.head.i != tok.i:
        subj = subj | _children_lemmas(tok.head, {"nsubj"})  # "the crew said they would strike"
    return subj


_CONTEXT_KEYS = {
    "mod": lambda tok: _children_lemmas(tok, {"compound", "amod", "nmod", "npadvmod"}),
    "obj": lambda tok: _object_lemmas(tok),
    "subj": _subject_lemmas,
    "prt": lambda tok: _children_lemmas(tok, {"prt"}),
    "adv": lambda tok: _children_lemmas(tok, {"advmod"}),
    "head": _head_lemmas,
    "pobj": _pobj_lemmas,
    "prep": lambda tok: {c.lower_ for c in tok.children if c.dep_ in ("prep", "agent")},
    "comp": lambda tok: _children_lemmas(tok, {"acomp", "oprd", "attr", "xcomp", "ccomp"}),
    "ent": lambda tok: _entities_near(tok),
}


def _context(tok) -> _Context:
    return _Context(tok)


def _object_lemmas(tok) -> set[str]:
    """The lemmas of the direct object, and what it is made of: "declared a state of emergency"
    gives state and emergency, "fired a salvo of rockets" salvo and rocket."""
    deps = {"dobj", "nsubjpass"} if tok.pos_ != "NOUN" else {"dobj"}
    out = _children_lemmas(tok, deps)
    for c in tok.children:
        if c.dep_ in deps:
            out |= _counted_lemmas(c, depth=1)
    return out


def _counted_tokens(tok, depth: int = 2, nouns_only: bool = False) -> list:
    """What a quantity or group noun counts, nearest first, along its chain of "of" ("thousands of
    protesters", "a second wave of attacks"); ``nouns_only``: only a common noun continues it."""
    out = []
    for _ in range(depth):
        nxt = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj" and (not nouns_only or g.pos_ == "NOUN")), None)
        if nxt is None:
            break
        out.append(nxt)
        tok = nxt
    return out


def _counted_lemmas(tok, depth: int = 2) -> set[str]:
    """The lemmas of what a quantity or group noun counts: "a crowd of students" gives student."""
    return {lemma for x in _counted_tokens(tok, depth) for lemma in lemma_candidates(x)}


def _match_rule(tok, headline: bool, lex: Lexicon, given: bool = False) -> TriggerRule | None:
    """The first rule of the word whose conditions hold, or None (no such rule, or the rule is a
    reading that is no event; unless ``given``, a rule of role given is none either)."""
    kinds = _pos_kinds(tok, headline)
    if not kinds:
        return None
    ctx = None
    for kind in kinds:
        lemmas = lemma_candidates(tok)
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
                    if rule.role == "given" and not given:
                        # a noun that may name an event names one when the sentence says it took
                        # place: "Tuesday's meeting", "talks took place in Doha", "a review was held"
                        if kind == "N" and rule.type and rule.type not in _NOT_PROMOTED and took_place(tok):
                            return rule
                        return None
                    return rule if (rule.type or rule.role == "result") else None
            return None
    return None


#: types whose nouns name a state or a thing as often as a happening ("the war", "a missile",
#: "a threat"): a date beside them does not make one an event of that day
_NOT_PROMOTED = frozenset({"ASSAULT", "THREATEN"})

#: verbs that say their subject (a meeting, talks, a review) happened: "took place", "began" ...
_OCCUR_SUBJ = frozenset("occur happen begin start end conclude open close resume convene last "
                        "collapse break continue proceed unfold".split())
#: verbs that say their object happened: "held talks", "attended the meeting" ...
_OCCUR_OBJ = frozenset("hold attend chair host convene conduct complete conclude wrap stage "
                       "open close resume end finish".split())
#: a day or a week in a date expression: "Tuesday's", "March 3", "last week", "yesterday"
_DAY_WORDS = re.compile(
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)day|\b(yesterday|today|tonight|overnight)\b|"
    r"\b(last|this|earlier|previous|past) (week|weekend)\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} "
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)", re.IGNORECASE)


def _day_entity(tok) -> bool:
    """Is ``tok`` in a date entity naming a day or a week?"""
    if tok.ent_type_ != "DATE":
        return False
    bounds = entity_bounds(tok)
    if bounds is None:
        return False
    return bool(_DAY_WORDS.search(tok.doc[bounds[0]:bounds[1]].text))


def took_place(tok) -> bool:
    """Does the sentence say the happening a noun names took place: a day of its own
    ("Tuesday's meeting", "the March 3 review"; not "on Monday", which the parser hangs from
    the nearest noun as often as from the verb it dates), or a verb of taking place
    ("talks took place", "the session opened", "a review was held", "attended the funeral")?"""
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "npadvmod", "nmod") and _day_entity(c):
            return True
    head = tok.head
    if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
        return False
    lemma = lemma_of(head)
    if tok.dep_ == "nsubj":
        if lemma in _OCCUR_SUBJ:
            return True
        # "talks took place"
        return lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in head.children)
    return tok.dep_ in ("dobj", "nsubjpass") and lemma in _OCCUR_OBJ


#: nouns of a fight that name a battle after its place: "the Battle of Verdun", "the Siege of Leningrad"
_BATTLE_NOUNS = frozenset({"battle", "siege", "massacre", "bombardment"})


def _named_battle(tok, seg: Segment) -> bool:
    """Is ``tok`` the noun of a battle's name ("Battle" in "the Second Battle of Arras", which
    NER takes whole for an event, a work or a facility) told as fought: with a date in its sentence or a verb
    of taking place ("the Battle of Verdun began")? A battle only named ("the anniversary of the
    Battle of Stalingrad") is history, not an event of the day."""
    if not tok.ent_type_ or tok.lower_ not in _BATTLE_NOUNS:
        return False  # (NER takes it for an event, a work, a facility or a place)
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.lower_ != "of":
        return False
    return took_place(tok) or any(t.ent_type_ == "DATE" for t in seg.span)


def _statement_made(tok) -> bool:
    """Is a statement noun made here: the object of "issue", "give" ...; the subject of a
    reporting verb ("a statement said"); "in a statement" after a reporting verb?"""
    head = tok.head
    if any(c.dep_ == "compound" and c.lower_ in ("hate", "free") for c in tok.children):
        return False
    if tok.dep_ in ("dobj", "nsubjpass") and lemma_of(head) in ISSUE:
        return True
    if tok.dep_ == "nsubj" and lemma_of(head) in REPORTING | {"say", "read", "add", "call", "urge", "condemn"}:
        return True
    if tok.dep_ == "pobj" and head.lower_ in ("in", "during", "at") and (
            lemma_of(head.head) in REPORTING or any(c.dep_ in ("acl",) for c in tok.children)):
        return True
    if tok.dep_ in ("ROOT",) or any(c.dep_ == "acl" and lemma_of(c) in ISSUE | REPORTING for c in tok.children):
        return True  # a headline "Pentagon statement"; "a statement released on Monday"
    return False


def _instrument_mode(tok, lex: Lexicon) -> tuple[str | None, int]:
    """The assault mode named next to a trigger: a modifier, the subject or agent, an object of
    "with"/"by", the trigger word itself ("airstrike")."""
    best: tuple[str | None, int] = (None, 0)
    words = list(lemma_candidates(tok))
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "nsubj", "agent", "npadvmod"):
            words += lemma_candidates(c)
            words += [l for g in c.children if g.dep_ in ("compound", "amod", "pobj") for l in lemma_candidates(g)]
        elif c.dep_ == "prep" and c.lower_ in ("with", "by", "using"):
            words += [l for g in c.children if g.dep_ == "pobj" for l in lemma_candidates(g)]
    for w in words:
        m = lex.modes.get(w.replace("’", "'"))
        if m and m[1] > best[1]:
            best = m
    return best


def _hyphen_word(tok) -> tuple[int, str] | None:
    """The hyphenated word of two parts a token is part of, which the tokenizer cut apart
    ("counter-offensive" as counter, -, offensive): the index of its first part and the word as
    written. None for a token of no such word."""
    doc = tok.doc

    def joined(i: int) -> bool:  # doc[i], "-", doc[i + 2] written as one word
        return 0 <= i and i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ \
            and not doc[i + 1].whitespace_ and doc[i].is_alpha and doc[i + 2].is_alpha

    for first in (tok.i, tok.i - 2):
        if joined(first) and not joined(first - 2) and not joined(first + 2):
            return first, f"{doc[first].text}-{doc[first + 2].text}"
    return None


def _hyphen_rule(tok, lex: Lexicon) -> TriggerRule | None:
    """The default reading of the hyphenated word a token is part of, if the lexicon has one."""
    word = _hyphen_word(tok)
    return _phrase_rule(word[1], lex) if word is not None else None


def _word_head(doc, first: int, last: int):
    """The token that heads a word the tokenizer cut into doc[first..last]: the last part whose
    head lies outside the word ("attack" of counter-attack, where the parse hangs "counter" from
    it)."""
    outside = [doc[i] for i in range(first, last + 1) if not first <= doc[i].head.i <= last or doc[i].head.i == i]
    return outside[-1] if outside else doc[last]


def find_triggers(seg: Segment, blocked: set[int], lex: Lexicon) -> list[Trigger]:
    out = []
    inside: set[int] = set()  # the rest of a hyphenated word already read whole
    for tok in seg.span:
        if tok.i in blocked or tok.i in inside or not tok.is_alpha and "-" not in tok.text:
            continue
        word = _hyphen_word(tok) if tok.ent_type_ not in _NAME_LABELS else None
        whole = _phrase_rule(word[1], lex) if word is not None and word[0] == tok.i else None
        # read whole only where neither part alone is a trigger: "cease-fire", "sit-in",
        # "counter-offensive" (a part that is one, "counter-attack", already tells the event)
        if whole is not None and whole.role != "given" and not any(
                _match_rule(tok.doc[i], seg.headline, lex) for i in (tok.i, tok.i + 2)):
            inside.update((tok.i + 1, tok.i + 2))
            head = _word_head(tok.doc, tok.i, tok.i + 2)
            out.append(Trigger(head, whole, _mode(head, whole, lex)))
            continue
        if tok.ent_type_ in _NAME_LABELS:
            ent = entity_bounds(tok)
            if ent is not None and (ent[1] - ent[0] > 1 or tok.ent_type_ in {"PERSON", "GPE", "LOC", "NORP", "FAC"}):
                if not (seg.headline and tok.ent_type_ == "ORG" and tok.i == ent[1] - 1) \
                        and not _named_battle(tok, seg):
                    continue
        # a battle's name is written as a name ("Battle" a proper noun): read it as a noun
        rule = _match_rule(tok, seg.headline or tok.pos_ == "PROPN" and _named_battle(tok, seg), lex)
        if rule is None and tok.pos_ == "VERB" and _moves_money(tok):
            rule = TriggerRule(lemma_of(tok), "V", "OTHER", None, "economic", "event")
        if rule is None:
            continue
        if rule.label == "statement" and tok.pos_ in ("NOUN", "PROPN") and not seg.headline and not _statement_made(tok):
            continue  # "hate speech", "a speech at the exhibition": talk about speech
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("compound", "amod") and rule.role != "result":
            # "attack helicopter", "protest leaders": the noun modifies another thing
            head_rule = _match_rule(tok.head, seg.headline, lex)
            if head_rule is None:
                continue
        out.append(Trigger(tok, rule, _mode(tok, rule, lex)))
    # an announcement of an event is that event: "the company announced 3,000 job cuts" tells
    # the cuts, not a statement beside them
    at = {t.i for t in out}
    return [t for t in out if not (t.rule.label == "statement" and t.rule.role == "weak" and t.tok.pos_ == "VERB"
                                   and any(c.i in at and c.dep_ in ("dobj", "nsubjpass") for c in t.tok.children))]


def _mode(tok, rule: TriggerRule, lex: Lexicon) -> str | None:
    mode = rule.mode
    if rule.type == "ASSAULT" or rule.role == "result" and rule.type is None:
        found, rank = _instrument_mode(tok, lex)
        if found and rank >= lex.mode_rank(mode):
            mode = found
    return mode


def given_trigger(tok, headline: bool, lex: Lexicon, phrase: str | None = None) -> Trigger:
    """A trigger for a word the user says names an event, whatever the word (``--given-triggers``).

    In this order: the lexicon's rule for the word when its conditions hold; for a light verb
    ("held talks", "took place", "carried out an attack") whose own reading is only its default,
    the reading of the event noun it carries; the word's default reading; else, for a word the
    lexicon does not know, the type WordNet lets it inherit (:func:`wordnet_rule`), else a guess
    (:func:`guess_rule`); else an OTHER event labelled ``other``."""
    rule = _phrase_rule(phrase, lex) if phrase else None
    rule = rule or _match_rule(tok, headline, lex, given=True)
    if rule is not None and not rule.when:
        rule = _carried_rule(tok, headline, lex) or _announced_rule(tok, rule, headline, lex) or rule
    if rule is None or rule.type is None and rule.role != "result":
        rule = _first_reading(tok, headline, lex)
    if rule is None:
        rule = _carried_rule(tok, headline, lex)
    if rule is None:
        rule = wordnet_rule(tok, headline) or guess_rule(tok, headline, lex) or _complement_rule(tok, headline, lex)
    elif rule.label == "statement" and not rule.when and _said_by_company(tok, lex) \
            or rule.label in ("statement", "politics", "other") and not rule.when and _money_below(tok):
        # a company's announcement is business news ("the company announced 3,000 job cuts"), and
        # so is what moves a sum of money ("authorized a record $83 billion")
        rule = TriggerRule(rule.term, rule.pos, "OTHER", None, "economic", "given")
    if rule is None:
        rule = TriggerRule(lemma_of(tok), "V" if tok.pos_ == "VERB" else "N", "OTHER", None, "other", "event")
    elif rule.type is None:
        typ, label = RESULT_ALONE.get(rule.term, ("ASSAULT", None))
        rule = TriggerRule(rule.term, rule.pos, typ, rule.mode, label, "result", rule.when)
    return Trigger(tok, rule, _mode(tok, rule, lex))


def _phrase_rule(phrase: str, lex: Lexicon) -> TriggerRule | None:
    """The default reading of a hyphenated or spaced word the parse cut apart ("counter-offensive",
    "cease-fire"), when the lexicon has it whole."""
    low = " ".join(phrase.lower().split())
    if "-" not in low and " " not in low:
        return None
    for cand in (low, low[:-1] if low.endswith("s") else None, low.replace(" ", "-")):
        for kind in ("N", "V", "A"):
            rule = _default_reading(lex.rules.get((cand, kind), ())) if cand else None
            if rule is not None and rule.type is not None:
                return rule
    return None


#: verbs that say little by themselves beyond the light verbs of the lexicon module: the event is
#: the noun they carry ("had talks", "saw a sharp fall", "faced charges", "went on strike", "there
#: was an attack", "the raid left 22 people dead")
_LIGHT_GIVEN = frozenset("have get do go come see suffer undergo face receive give put set reach be leave".split())


#: light verbs whose prepositions tell circumstances, not the event: "left Pakistan on orders",
#: "were in Kabul"
_NO_PREP_CARRY = frozenset({"be", "leave"})


def _first_reading(tok, headline: bool, lex: Lexicon, any_pos: bool = True) -> TriggerRule | None:
    """The word's reading when no condition of its rules holds: its default row (one without
    conditions) if it has one, else its first typed row. ``any_pos``: when the parse's part of
    speech has none, another's (a participle tagged as a noun: "retook")."""
    kinds = _pos_kinds(tok, headline)
    if any_pos or not kinds:
        kinds = kinds + tuple(k for k in ("V", "N", "A") if k not in kinds)  # the parse's part of speech first
    for kind in kinds:
        for lemma in lemma_candidates(tok) + ([lex.verb_forms[tok.lower_]] if tok.lower_ in lex.verb_forms else []):
            rule = _default_reading(lex.rules.get((lemma, kind), ()))
            if rule is not None:
                return rule
    return None


def _default_reading(rules) -> TriggerRule | None:
    typed = [r for r in rules if r.type or r.role == "result"]
    return next((r for r in typed if not r.when), typed[0] if typed else None)


def _carried_rule(tok, headline: bool, lex: Lexicon) -> TriggerRule | None:
    """The reading of the event noun a light verb carries: its object or passive subject, what it
    is, its subject, then the object of its preposition ("went on strike"). A verb that makes a
    statement of its object ("issued a warning", "addressed the rally") carries only speech: what
    it speaks about ("addressing the shooting") is another event. None for other verbs."""
    lemma = lemma_of(tok)
    if lemma not in _LIGHT_GIVEN | LIGHT | ISSUE:
        return None
    speech_only = lemma not in _LIGHT_GIVEN | LIGHT
    order = ("dobj", "nsubjpass", "attr", "oprd", "nsubj")
    args = sorted((c for c in tok.children if c.dep_ in order), key=lambda c: order.index(c.dep_))
    if lemma not in _NO_PREP_CARRY:
        args += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for a in args:
        if a.dep_ == "nsubj" and a.tag_ in ("WDT", "WP") and tok.dep_ == "relcl" and tok.head.pos_ == "NOUN":
            a = tok.head  # "bomb blasts that occurred in Jos": what the relative pronoun stands for
        elif a.dep_ == "nsubj" and a.pos_ in ("ADJ", "PRON", "DET") and (part := _counted_tokens(a, 1, nouns_only=True)):
            a = part[0]  # "much of the violence has occurred": the violence
        if a.pos_ not in ("NOUN", "PROPN") or a.ent_type_:
            continue  # a name or a date ("on March 26") is no event noun
        rule = _hyphen_rule(a, lex)
        # a quantity or group of events: "a second wave of attacks", "a series of bombings"
        for x in (a, *_counted_tokens(a, nouns_only=True)):
            if rule is not None and rule.type is not None:
                break
            rule = _match_rule(x, headline, lex, given=True)
            if rule is None or rule.type is None:
                rule = _first_reading(x, headline, lex, any_pos=False)
        if rule is not None and rule.type is not None and (not speech_only or speech(rule.type, rule.label)):
            return rule
    return None


def _announced_rule(tok, rule: TriggerRule, headline: bool, lex: Lexicon) -> TriggerRule | None:
    """For a verb of announcing (a weak statement: "declared", "announced") whose object is an
    event noun, the noun's reading: "declared a cease-fire" tells the cease-fire, as
    :func:`find_triggers` reads it in running text. None otherwise."""
    if rule.label != "statement" or rule.role != "weak" or tok.pos_ != "VERB":
        return None
    for a in tok.children:
        if a.dep_ not in ("dobj", "nsubjpass") or a.pos_ not in ("NOUN", "PROPN") or a.ent_type_:
            continue
        found = _hyphen_rule(a, lex) or _match_rule(a, headline, lex)  # a trigger in running text, not a given-only word
        if found is not None and found.type is not None and not speech(found.type, found.label):
            return found
    return None


def _complement_rule(tok, headline: bool, lex: Lexicon) -> TriggerRule | None:
    """For a verb nothing else types, the reading of the act it decides on or brings about: its
    infinitive ("decided to admit", "moved to expel"), else the event noun it takes as object
    ("won the election", "dropped the charges")."""
    if tok.pos_ != "VERB":
        return None
    order = ("xcomp", "dobj", "nsubjpass")
    for c in sorted((c for c in tok.children if c.dep_ in order), key=lambda c: order.index(c.dep_)):
        if c.ent_type_ or c.dep_ == "xcomp" and c.pos_ != "VERB" or c.dep_ != "xcomp" and c.pos_ != "NOUN":
            continue
        rule = _match_rule(c, headline, lex, given=True)
        if rule is None or rule.type is None:
            rule = _first_reading(c, headline, lex, any_pos=False)
        if rule is not None and rule.type is not None:
            return TriggerRule(lemma_of(tok), "V", rule.type, rule.mode, rule.label, "given")
    return None


#: noun ending, verb ending: "negotiation" and "negotiate", "withdrawal" and "withdraw",
#: "closure" and "close"; read both ways (a verb the lexicon lacks takes its noun's reading)
_DERIVATIONS = (
    ("ization", "ize"), ("isation", "ise"), ("ification", "ify"), ("isition", "ire"), ("ption", "be"),
    ("ation", "ate"), ("ation", "e"), ("ation", ""), ("ition", "ite"), ("sion", "de"), ("sion", "d"),
    ("ssion", "t"), ("ion", "e"), ("ion", ""), ("ment", ""), ("ial", "y"), ("al", "e"), ("al", ""),
    ("ure", "e"), ("ure", ""), ("ance", ""), ("ance", "e"), ("ance", "y"), ("ence", "e"), ("ence", ""),
    ("ing", ""), ("ing", "e"), ("ery", ""), ("y", ""), ("th", ""), ("age", ""), ("ant", ""), ("ent", "e"),
)


def related_lemmas(lemma: str) -> list[str]:
    """Words derived from the same stem by the usual English suffixes, most specific first:
    "investigation" gives "investigate", "resign" gives "resignation", "shipping" "ship"."""
    out: list[str] = []
    for noun_end, verb_end in _DERIVATIONS:  # a noun's verb first
        if lemma.endswith(noun_end) and len(lemma) - len(noun_end) >= 3:
            stem = lemma[: len(lemma) - len(noun_end)]
            out.append(stem + verb_end)
            if noun_end == "ing" and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "shipping"
    for noun_end, verb_end in _DERIVATIONS:  # then a verb's noun
        if lemma.endswith(verb_end) and len(lemma) - len(verb_end) >= 3:
            stem = lemma[: len(lemma) - len(verb_end)] if verb_end else lemma
            out.append(stem + noun_end)
    seen: list[str] = []
    for w in out:
        if w != lemma and w not in seen:
            seen.append(w)
    return seen


def _said_by_company(tok, lex: Lexicon) -> bool:
    """Is the subject or agent of a word a company ("Courtaulds PLC announced", "the company
    said")?"""
    return bool(_children_lemmas(tok, {"nsubj", "agent"}) & lex.classes.get("company", frozenset()))


def _money_below(tok, depth: int = 3) -> bool:
    """Does a sum of money or a percentage hang from the word, within its own clause ("entered
    into a $38 billion agreement")?"""
    todo = [(c, 1) for c in tok.children]
    while todo:
        x, d = todo.pop()
        if x.ent_type_ in ("MONEY", "PERCENT"):
            return True
        if d < depth:
            todo += [(c, d + 1) for c in x.children if c.dep_ not in ("ccomp", "relcl", "advcl", "parataxis")]
    return False


def _moves_money(tok) -> bool:
    """Is a verb the moving of a sum ("the Fed transferred $24 billion",
    "the firm raised $92 million from an offering")? Its object holds a sum of money and it has a
    subject; asked only where no reading of the lexicon holds."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return False
    return any(c.dep_ in ("dobj", "nsubjpass") and any(t.ent_type_ == "MONEY" for t in c.subtree)
               for c in tok.children)


def wordnet_rule(tok, headline: bool) -> TriggerRule | None:
    """The reading WordNet lets a word the lexicon lacks inherit from the nearest word the lexicon
    types (``data/wordnet_types.tsv``: "dry-gulching" an assault as a kind of ambush, "incarcerate" a
    coercion as a synonym of imprison), for the word's part of speech in the parse first. None for
    a word the table does not have."""
    table = wordnet_types()
    kinds = tuple(k for k in _pos_kinds(tok, headline) if k != "A")
    lemmas = lemma_candidates(tok)
    # spaCy keeps the doubled consonant of a verb it does not know: "extolled" -> "extoll"
    lemmas += [x[:-1] for x in lemmas if len(x) > 4 and x[-1] == x[-2] and x[-1] not in "aeiou"]
    for kind in kinds + tuple(k for k in ("V", "N") if k not in kinds):
        for lemma in lemmas:
            found = table.get((lemma, kind))
            if found is not None:
                return TriggerRule(lemma_of(tok), kind, found.type, found.mode, found.label, "given")
    return None


#: verbs of moving, bringing and placing: with an army as subject or object they tell where
#: forces went or stood, not a fight
_MOVING = frozenset(
    "move march advance cross sail land enter approach flock position station gather mass assemble camp "
    "entrench concentrate send dispatch lead bring take transfer redeploy shift ferry airlift muster "
    "arrive reach pass proceed head return withdraw".split())


def _counted_men(tok) -> bool:
    """Is a counted body of men the verb's subject or object ("took 2,000 men", "his 11,000 men")?
    In histories and war reports that is an army."""
    return any(c.dep_ in ("nsubj", "dobj", "nsubjpass") and c.lemma_.lower() in ("man", "soldier")
               and any(g.dep_ == "nummod" or g.like_num for g in c.children) for c in tok.children)


def guess_rule(tok, headline: bool, lex: Lexicon) -> TriggerRule | None:
    """A reading for a word the lexicon does not know, most telling evidence first:

    1. the default reading of a word of the same stem ("deportations" of "deport",
       "bombardments" of "bombard", "resignation" of "resign");
    2. OTHER labelled economic when it counts money or shares ("went up 5 percent", "entered
       into a $38 billion agreement"), or its subject or object is a market, a measure of the
       economy or a company ("allocated funds", "firms will be insolvent");
    3. MOBILIZE for a verb of moving or placing whose subject or object is an armed force or a
       counted body of men ("landing 15,000 troops"), ASSAULT for another such verb ("split the
       Italian army");
       for a noun that is what a verb of the lexicon acts on, the verb's reading ("cut 30,000
       jobs and 14 plants");
    4. OTHER labelled statement for a verb that reports a clause ("noted that ...") and for an
       adjective said of something ("that is absolutely false");
    else None."""
    verb_first = tok.pos_ in ("VERB", "AUX", "ADJ")
    kinds = ("V", "N", "A") if not verb_first else ("N", "V", "A")
    pos = "V" if verb_first else "N"
    for lemma in lemma_candidates(tok):
        for rel in related_lemmas(lemma):
            for kind in kinds:
                rule = _default_reading(lex.rules.get((rel, kind), ()))
                if rule is not None and rule.type is not None:
                    return TriggerRule(lemma_of(tok), pos, rule.type, rule.mode, rule.label, "given")
    economic = lex.classes.get("economic", frozenset()) | lex.classes.get("company", frozenset())
    args = _children_lemmas(tok, {"nsubj", "nsubjpass", "dobj", "poss"})
    if tok.pos_ == "VERB":
        args |= _subject_lemmas(tok)  # "the army attempted to enter the town": the governing verb's subject
    if tok.dep_ == "acomp" and tok.head.i != tok.i:  # "firms will be insolvent": the copula's subject
        args |= _children_lemmas(tok.head, {"nsubj"})
    if _money_below(tok) or args & economic:
        return TriggerRule(lemma_of(tok), pos, "OTHER", None, "economic", "given")
    if tok.pos_ == "VERB" and (args & lex.classes.get("fighters", frozenset()) or _counted_men(tok)):
        if lemma_of(tok) in _MOVING:
            # an army moved, landed or placed is a show of force (CAMEO 15): "landing 15,000
            # troops", "positioned his 11,000 men", "militiamen flocked to the camp"
            return TriggerRule(lemma_of(tok), "V", "MOBILIZE", None, None, "given")
        # what armies do to each other is fighting: "split the Italian army", "roused the troops"
        return TriggerRule(lemma_of(tok), "V", "ASSAULT", "clash", None, "given")
    if tok.pos_ in ("NOUN", "PROPN"):
        head = tok
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":
            rule = _match_rule(head.head, headline, lex, given=True) or _first_reading(head.head, headline, lex)
            if rule is not None and rule.type is not None:
                return TriggerRule(lemma_of(tok), "N", rule.type, rule.mode, rule.label, "given")
    if tok.pos_ == "VERB" and any(c.dep_ == "ccomp" for c in tok.children) or tok.pos_ == "ADJ":
        return TriggerRule(lemma_of(tok), pos, "OTHER", None, "statement", "given")
    return None


def _type_of(t: Trigger) -> str | None:
    """The type that decides joining; a statement is speech, a kind apart from other OTHER events."""
    return "OTHER:statement" if t.rule.type == "OTHER" and t.rule.label == "statement" else t.rule.type


def _can_join(a: Trigger, b: Trigger, via_conj: bool) -> bool:
    """May two triggers linked by the parse tell one event?"""
    ra, rb = a.rule.role, b.rule.role
    if ra == "result" or rb == "result":
        other = b if ra == "result" else a
        if other.rule.role == "result":
            return True
        return physical(other.rule.type, other.rule.label)
    ta, tb = _type_of(a), _type_of(b)
    if ta != tb:
        # "an earthquake struck": the weak verb joins the stronger event
        weak = a if ra == "weak" else b if rb == "weak" else None
        strong = b if weak is a else a
        return weak is not None and strong.rule.role == "event" and physical(strong.rule.type, strong.rule.label) \
            and physical(weak.rule.type, weak.rule.label) and not via_conj
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


def group_triggers(triggers: list[Trigger], seg: Segment) -> list[list[Trigger]]:
    """Triggers of one segment grouped into events."""
    by_token = {t.i: k for k, t in enumerate(triggers)}
    uf = _UnionFind(len(triggers))
    attached = set()
    for k, t in enumerate(triggers):
        via_conj = False
        prev = t.tok
        for step, anc in enumerate(ancestors(t.tok, seg)):
            via_conj = via_conj or prev.dep_ == "conj"
            if prev.dep_ in CLAUSE_WALLS and not (step == 0 and anc.i in by_token) \
                    or step > 0 and prev.dep_ in SUBJECTS:
                break  # a relative clause or apposition describes someone; another's subject
            prev = anc
            if anc.i in by_token:
                other = triggers[by_token[anc.i]]
                result = "result" in (t.rule.role, other.rule.role)
                if _can_join(t, other, via_conj) and separator_between(t.tok, anc, result=result) is None:
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
        causes = [j for j, o in enumerate(triggers) if o.rule.role != "result" and physical(o.rule.type, o.rule.label)
                  and separator_between(t.tok, o.tok, result=True) is None
                  and not walled_off(o.tok, t.tok, seg) and not walled_off(t.tok, o.tok, seg)]
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
            if separator_between(a.tok, b.tok, result=False) is not None:
                continue
            if coordinated(a.tok, b.tok) and not (a.tok.pos_ == b.tok.pos_ == "NOUN"):
                continue
            if walled_off(a.tok, b.tok, seg) or walled_off(b.tok, a.tok, seg):
                continue
            hops = parse_hops(a.tok, b.tok, seg)
            if hops is not None and ("weak" in (a.rule.role, b.rule.role) or hops <= 4):
                uf.union(j, k)
    groups: dict[int, list[Trigger]] = {}
    for k, t in enumerate(triggers):
        groups.setdefault(uf.find(k), []).append(t)
    return [sorted(g, key=lambda t: t.i) for _, g in sorted(groups.items())]


def main_trigger(group: list[Trigger]) -> Trigger:
    lex = lexicon()

    def rank(t: Trigger):
        return (t.role_rank, lex.mode_rank(t.mode) > 0, t.tok.pos_ in ("NOUN", "PROPN"), -t.i)

    return max(group, key=rank)
