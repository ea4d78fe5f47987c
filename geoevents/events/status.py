"""Status: did the event happen, by the words of its clause and the clauses governing it?

Interface:
    read_status(group, main, segment) -> Status
        ``negated`` ("did not strike", "no attack", "marched to retake it but was routed"),
        ``future`` ("will retaliate", "plans to attack", "said they would protest"), ``threat``
        ("vowed to retaliate"), ``hypothetical`` ("could", "if", "any", imperatives),
        ``background`` ("known for", "repeatedly", a judgement "this is an attack"), else
        ``occurred``.
    reference_status(main) -> Status | None
        A crime named as a legal matter ("two counts of assault"), a statistic ("deaths rose").
"""

from __future__ import annotations

from geoevents.lang_en import INTENT_LEMMAS
from geoevents.lexicon import LIGHT, REPORTING, speech
from geoevents.events.records import Status, Trigger
from geoevents.events.segments import Segment
from geoevents.events.syntax import conj_root, is_passive, is_separator, lemma_of

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "gonna"})


_HYPO_AUX = frozenset({"could", "might", "may", "would", "should", "must", "can", "ca"})


#: words of asking that someone act: what they ask for is demanded, not done (CAMEO 10, PLOVER REQUEST)
_DEMAND_WORDS = frozenset(
    "call urge ask demand appeal press request encourage incite instruct persuade order push inspire "
    "exhort".split())
#: words of accusing: what is told only as the accusation is alleged ("accused them of shelling")
_ALLEGE_WORDS = frozenset("accuse allege suspect".split())
_ALLEGE_MODS = frozenset("alleged suspected purported supposed".split())
#: verbs and adjectives whose "to"-infinitive is only meant, tried or arranged, not done:
#: "negotiating to build a plant", "tried to seize the airport", "decided to withdraw", "allocated
#: funds to build a museum" (money set apart for a purpose: not yet spent on it). Verbs of
#: sending and moving are left out: in a history "the army advanced to relieve the town" tells
#: what then happened as often as not. Nouns governing an infinitive ("an attempt to provoke",
#: "plans to close") count too, but for a first or a last ("the first woman to win").
_INTENT = frozenset(
    "try attempt seek strive struggle endeavour endeavor aim intend decide resolve agree negotiate offer "
    "arrange prepare plan plot vote move work campaign lobby ready willing eager determined expect hope "
    "want wish commit allocate earmark budget appropriate".split())
_ORDINALS = frozenset("first second third last only".split())
#: verbs of attempting: what was attempted was done, if not achieved
_ATTEMPT = frozenset({"try", "attempt"})
#: nouns before which an event is still to come: "on the eve of the visit", "ahead of the vote"
_BEFORE_NOUNS = frozenset("eve ahead prior advance run-up lead-up build-up preparation preparations countdown".split())
#: verbs and adjectives saying an event is arranged for later: "the vote was planned for March"
_ARRANGED = frozenset("plan schedule expect set slate due intend propose timetable".split())
#: adverbs after a verb of pressing that make it going on, not asking: "pushed ahead with", "pressed on"
_ONWARD = frozenset("ahead on forward onward onwards".split())
#: verbs whose saying does what they say: "would like to thank", "wish to express our condolences"
_PERFORMATIVE = frozenset("express extend convey offer thank congratulate welcome apologize apologise "
                          "acknowledge announce declare".split())
#: documents whose call for an act plans it: "the plan called for Ras Kassa to attack"
_PLANS = frozenset("plan strategy proposal scheme blueprint agreement deal accord treaty timetable roadmap".split())
#: subjects that say nobody did it: "none of the doctors were killed", "no one was hurt"
_NOBODY = frozenset("none nobody nothing neither".split())


_THREAT_WORDS = frozenset("threaten vow pledge promise swear warn".split())
#: the kinds of act a vow or a pledge threatens; any other it promises ("pledged to ask Congress",
#: "promised to bring the murderers to justice": planned)
_THREAT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
#: prepositions that tell another event as a cause or a circumstance: its status is its own
_CAUSE_PREPS = frozenset("due because owing after following amid despite over".split())
#: verbs of wishing: what is hoped for is only possible ("monarchists hope to defeat the republic")
_WISH = frozenset({"hope", "wish"})


#: verbs of believing in the passive: "plants are thought to be affected" (only possible), "rebels
#: are believed to have attacked" (a past event told as someone's belief)
_BELIEF_WORDS = frozenset("think believe fear rumour rumor presume assume reckon".split())


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


#: units of a repeated time: "every day", "each week", "daily"
_PERIODS = frozenset("day week month year night morning evening weekend summer winter spring autumn".split())
_PERIODIC = frozenset("daily weekly nightly monthly yearly annually".split())


def _every(c) -> bool:
    """Is ``c`` a time that repeats ("every day", "each week", "daily"): what is done at it is a
    habit, not one happening?"""
    if c.dep_ in ("advmod", "npadvmod") and c.lower_ in _PERIODIC:
        return True
    return c.dep_ == "npadvmod" and c.lemma_.lower() in _PERIODS and any(
        d.dep_ in ("det", "nummod", "amod") and d.lower_ in ("every", "each") for d in c.children)  # "almost every day": nummod


_BACKGROUND_ADVERBS = frozenset(
    "previously formerly once long often frequently regularly repeatedly routinely usually "
    "historically traditionally habitually".split())


#: relations through which the modality of a governing word reaches the event
_MODAL_PATH = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "conj", "attr", "oprd", "pcomp",
                         "nsubj", "nsubjpass", "compound", "amod", "appos"})


def reported(tok, through: tuple[str, ...] = ("ccomp", "xcomp", "conj"), steps: int = 3) -> bool:
    """Is the clause of ``tok`` the content of a reporting verb ("said they would ...")? Up to
    ``steps`` clauses up, along the edges ``through``."""
    cur = tok
    for _ in range(steps):
        if cur.dep_ in through and cur.head.i != cur.i:
            cur = cur.head
            if lemma_of(cur) in REPORTING:
                return True
        else:
            return False
    return False


#: nouns and verbs that name a crime as a legal matter: "counts of assault", "convicted of murder"
_LEGAL = frozenset("count charge conviction allegation accusation suspicion guilty convict accuse indict "
                   "prosecute try sentence jail arrest acquit exonerate suspect".split())


#: verbs of a statistic: "road deaths rose 10 percent"
_CHANGE = frozenset("rise fall increase decrease drop decline climb jump double triple soar reach top "
                    "exceed surpass grow".split())


def reference_status(main: Trigger) -> Status | None:
    """Mentions that are not news of an event: a crime named as a legal matter ("two counts of
    assault", "convicted of sexually assaulting"), a statistic ("deaths rose 10 percent")."""
    tok = main.tok
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in ("of", "for", "with") \
            and lemma_of(tok.head.head) in _LEGAL:
        return Status("background", f"{tok.head.head.text} {tok.head.text} {tok.text}")
    if main.rule.role == "result" and tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and lemma_of(tok.head) in _CHANGE:
        return Status("background", f"{tok.text} {tok.head.text}")
    return None


#: verbs whose simple present tells news that goes on as the report is written, not a rule
ONGOING = frozenset("continue rage persist intensify escalate resume spread".split())


_QUOTES = frozenset({'"', "``", "''", "“", "”", "‘", "’", "'", "`"})
#: subordinators after which a present tense tells what is still to come: "until Ford negotiates"
_LATER = frozenset("until till before when once after unless if as".split())


def _scare_quoted(tok) -> bool:
    """Is the word inside quotation marks of at most three words ("``practically kidnapped''")?
    Such quotes give someone's characterisation, not the reporter's account."""
    doc = tok.doc
    lo = next((j for j in range(tok.i - 1, max(-1, tok.i - 4), -1) if doc[j].text in _QUOTES), None)
    hi = next((j for j in range(tok.i + 1, min(len(doc), tok.i + 4)) if doc[j].text in _QUOTES), None)
    return lo is not None and hi is not None and all(not doc[j].is_punct or doc[j].text == "-"
                                                     for j in range(lo + 1, hi))


def _simple_present(tok, clause, main: Trigger) -> Status | None:
    """An event told in the simple present outside a headline is not a report that it happened:
    after "until", "before", "when" ... it is still to come ("until Ford negotiates a new
    contract"); otherwise it is what happens as a rule ("when the looting starts, the shooting
    starts"). Statements are the exception: news says "says" of what was said today."""
    verb = clause if clause.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    if verb is None or verb.tag_ not in ("VBZ", "VBP") or lemma_of(verb) in REPORTING | {"be", "have"} \
            or speech(main.rule.type or "", main.rule.label):
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None
    if lemma_of(verb) in ONGOING:
        return None  # "the manhunt continues", "fighting rages": news of what goes on today
    mark = next((c for c in verb.children if c.dep_ in ("mark", "advmod") and c.lower_ in _LATER), None)
    if mark is not None and mark.lower_ in ("if", "unless"):
        return Status("hypothetical", f"{mark.text} ... {verb.text}")  # "if aircraft are purchased"
    if mark is not None:
        return Status("planned", f"{mark.text} ... {verb.text}")
    return Status("background", f"{verb.text} (present tense)")


def _inverted_condition(t) -> bool:
    """Is ``t`` the verb of a condition told by inversion ("had the relatives allowed ...",
    "should the talks fail", "were they to attack"): its auxiliary opens the clause, before the
    subject?"""
    subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "should", "were") and c.i < subject.i
        and c.i == t.left_edge.i for c in t.children)


def _conditional(verb) -> bool:
    """Does ``verb`` carry a condition of its own ("would use force if diplomacy fails")? Then its
    "would" is a conditional, not a history's later event."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in verb.children)


#: verbs that undo an event named as their object: "postponed the visit", "called off the strike"
_UNDOING = frozenset("cancel postpone abandon scrap suspend delay".split())


def _undone(verb) -> bool:
    """Does ``verb`` call off what it acts on ("cancelled", "postponed", "called off")?"""
    lemma = lemma_of(verb)
    return lemma in _UNDOING or lemma == "call" and any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def _thwarted(verb) -> bool:
    """Is what ``verb`` set out to do undone by a "but" clause that tells it suffered or failed
    ("marched to retake Trenton but was outmaneuvered", "was sent to seize supplies but was
    defeated", "moved to arrest him but failed")?"""
    if not any(c.dep_ == "cc" and c.lower_ == "but" for c in verb.children):
        return False
    return any(c.dep_ == "conj" and c.i > verb.i and (is_passive(c) or lemma_of(c) in _NEG_WORDS)
               for c in verb.children)


def read_status(group: list[Trigger], main: Trigger, seg: Segment) -> Status:
    tok = main.tok
    verb_like = [t.tok for t in group if t.tok.pos_ in ("VERB", "AUX") or t.tok.tag_.startswith("VB")]
    # the clause carrying tense and negation: the verb itself, or the light verb over a noun
    clause = verb_like[0] if verb_like else tok
    if clause.i == tok.i and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass", "nsubj") \
            and tok.head.pos_ in ("VERB", "AUX") and lemma_of(tok.head) in LIGHT:
        clause = tok.head  # "did not carry out strikes", "no attack took place", "will hold a rally"
    if clause.tag_ == "VB" and clause.dep_ == "conj" and not any(
            c.dep_ in ("aux", "nsubj", "nsubjpass") for c in clause.children):
        # "plotted to execute X and then attack Y": a bare infinitive continues the last
        # "to"-infinitive, whatever the parser attached it to
        infinitives = [t for t in seg.span if t.i < clause.i and t.tag_ == "VB"
                       and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)]
        if infinitives:
            clause = infinitives[-1]

    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") and _undone(tok.head):
        # "postponed a diplomatic visit", "a memorial service ... was canceled", a word of its own
        # group or not: the visit did not take place
        off = " off" if lemma_of(tok.head) == "call" else ""
        return Status("negated", f"{tok.head.text}{off} {tok.text}")
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return Status("negated", f"without {tok.text}")  # "the summit ended without agreement"
    for t in [tok] + list(tok.children):
        if t.i != tok.i and t.dep_ == "det" and t.lower_ == "no":
            return Status("negated", "no " + tok.text)
        if t.i != tok.i and t.dep_ == "det" and t.lower_ in ("any", "every", "each", "whatever"):
            return Status("hypothetical", f"{t.text} {tok.text}")  # no event in particular
    first = conj_root(clause)
    if first.tag_ == "VB" and first.dep_ == "ROOT" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in first.children):
        return Status("hypothetical", f"{first.text} (imperative)")  # "fly with the crows and get shot"
    if tok.dep_ in ("attr", "oprd") and tok.pos_ in ("NOUN", "PROPN"):
        return Status("background", f"is {tok.text}")  # "this is an attack on our country": a judgement
    if not seg.headline:
        if _scare_quoted(tok):
            return Status("alleged", f"'{tok.text}' in quotation marks")  # "was ``practically kidnapped''"
        present = _simple_present(tok, clause, main)
        if present is not None:
            return present
    if main.rule.type == "ACCUSE" and tok.tag_ == "VBN" and not any(c.dep_ == "agent" for c in tok.children) \
            and (is_passive(tok) or tok.dep_ == "acl"):
        return Status("background", f"{tok.text} (by whom the text does not say)")
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and lemma_of(tok.head.head) in _BEFORE_NOUNS:
        return Status("planned", f"{tok.head.head.text} {tok.head.text} {tok.text}")  # "the eve of the visit"
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass") and lemma_of(tok.head) in _ARRANGED:
        return Status("planned", f"{tok.text} {tok.head.text}")  # "the accession was planned for March"
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "nsubj" and lemma_of(tok.head) == "be" and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in tok.head.children):
        return Status("planned", f"{tok.text} {tok.head.text} to")  # "the talks are to be held on Friday"
    for t in ([tok] if clause.i == tok.i else [tok, clause]):
        subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never",) and c.dep_ == "neg":
                return Status("negated", f"{c.text} {t.text}")
            if subject is not None and c.i == subject.i and (c.lower_ in _NOBODY or c.lower_ == "one" and any(
                    d.lower_ == "no" for d in c.children) or any(d.dep_ == "det" and d.lower_ == "no"
                                                                for d in c.children)):
                return Status("negated", f"{c.text} {t.text}")  # "none of the doctors were killed"
            if c.dep_ in ("aux", "auxpass") and _inverted_condition(t):
                return Status("hypothetical", f"{c.text} ...")  # "had the relatives allowed him to return"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return Status("hypothetical", f"{c.text} ...")
            if c.dep_ == "aux":
                if c.lower_ in _FUTURE_AUX:
                    return Status("planned", f"{c.text} {t.text}")
                if c.lower_ == "would" and reported(t):
                    return Status("planned", f"{c.text} {t.text}")  # "said they would protest"
                if c.lower_ in _HYPO_AUX:
                    return Status("hypothetical", f"{c.text} {t.text}")
            if c.dep_ == "amod" and c.lower_ in _FUTURE_MODS:
                return Status("planned", f"{c.text} {t.text}")
            if c.dep_ == "amod" and c.lower_ in _HYPO_MODS:
                return Status("hypothetical", f"{c.text} {t.text}")
            if c.dep_ in ("amod", "advmod") and c.lower_ in _ALLEGE_MODS | {"allegedly", "supposedly", "purportedly"}:
                return Status("alleged", f"{c.text} {t.text}")
            if c.dep_ == "advmod" and c.lower_ in _BACKGROUND_ADVERBS:
                return Status("background", f"{c.text} {t.text}")
            if _every(c):
                return Status("background", f"{t.text} {c.text}")  # "rallies almost every day": a habit
            if c.lower_ == "times" and any(n.dep_ == "nummod" for n in c.children):
                return Status("background", f"{t.text} ... times")  # "raised rates 17 times": a series
        if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) \
                and t.dep_ in ("advcl",) and lemma_of(t.head) in ("plan", "prepare"):
            return Status("planned", t.head.text)
        if (t.tag_ == "VB" or t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children)) \
                and t.dep_ == "xcomp" and lemma_of(t.head) == "be" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return Status("planned", f"{t.head.text} to {t.text}")  # "ambassadors were to meet on Friday"

    if clause.i == tok.i and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        for c in verb.children:
            if c.dep_ == "aux" and c.lower_ in _FUTURE_AUX:
                return Status("planned", f"{c.text} {verb.text}")
            if c.dep_ == "aux" and c.lower_ in _HYPO_AUX and (c.lower_ != "would" or _conditional(verb)):
                return Status("hypothetical", f"{c.text} {verb.text}")
    # governing words: "vowed to retaliate", "plans to attack", "known for causing the deaths"
    cur, steps = clause, 0
    while cur.head.i != cur.i and steps < 8 and seg.span.start <= cur.head.i < seg.span.end:
        rel = cur.dep_
        head = cur.head
        lemma = lemma_of(head)
        if is_separator(head):
            break
        if cur.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            if lemma == "unable" or (lemma in _ATTEMPT or lemma == "be") and any(c.dep_ == "neg" for c in head.children):
                return Status("negated", f"{head.text} to {cur.text}")  # "unable to stop", "were never to invade"
            if rel in ("xcomp", "advcl") and _thwarted(head):
                return Status("negated", f"{head.text} to {cur.text}, but ...")  # "marched to retake it but was routed"
            going = lemma == "go" and head.tag_ == "VBG" and rel == "xcomp" and any(
                c.dep_ == "aux" and lemma_of(c) == "be" for c in head.children)  # "is going to attack"
            if rel in ("xcomp", "advcl") and lemma in _WISH:
                return Status("hypothetical", f"{head.text} to {cur.text}")
            # "tried to seize Charleston", "are attempting to enter the town": an attempt made is an
            # event (a failed assault is an assault); "will try to" reads its own auxiliary on
            attempt = rel == "xcomp" and lemma in _ATTEMPT and head.tag_ in ("VBD", "VBN", "VBG")
            if not attempt and (rel in ("xcomp", "advcl") and lemma in _INTENT or lemma == "be" and rel == "xcomp") \
                    or going or rel == "acl" and head.pos_ == "NOUN" and not any(c.lower_ in _ORDINALS for c in head.children) \
                    or rel == "advcl" and any(c.lower_ == "order" and c.dep_ in ("mark", "advmod", "aux") for c in cur.children):
                return Status("planned", f"{head.text} to {cur.text}")  # "negotiating to build", "in order to"
        if lemma in REPORTING and head.pos_ == "NOUN" and head.dep_ in ("dobj", "nsubjpass") \
                and lemma_of(head.head) == "deny":
            return Status("negated", f"{head.head.text} ... {head.text}")  # "denied a report that ..."
        if rel == "advcl" and cur.tag_ == "VB" and any(c.dep_ == "mark" and c.lower_ == "for" for c in cur.children) \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            # "called for the Fed to lower rates", "the plan called for Ras Kassa to attack"
            # (the parser often reads "the plan called for" as a plan that was called)
            planner = any(c.dep_ == "nsubj" and lemma_of(c) in _PLANS for c in head.children) \
                or head.dep_ == "acl" and lemma_of(head.head) in _PLANS
            if lemma in _DEMAND_WORDS and not planner:
                return Status("demanded", f"{head.text} for ... to {cur.text}")
            if lemma in _DEMAND_WORDS or lemma in _INTENT or lemma in _ARRANGED:
                return Status("planned", f"{head.text} for ... to {cur.text}")  # a plan's call is its plan
        if rel in ("advcl", "relcl", "parataxis") and not (rel == "advcl" and lemma in _THREAT_WORDS):
            # another clause: only a frame of the record reaches across ("a warlord known for")
            if lemma in _BACKGROUND_FRAMES:
                return Status("background", head.text)
            break
        if lemma in _BELIEF_WORDS and rel == "xcomp" and is_passive(head) \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            if any(c.dep_ == "aux" and lemma_of(c) == "have" for c in cur.children):
                return Status("alleged", f"{head.text} to have {cur.text}")
            return Status("hypothetical", f"{head.text} to {cur.text}")
        if lemma in _ALLEGE_WORDS and rel in ("prep", "pcomp", "pobj", "ccomp", "xcomp", "dobj") \
                or lemma == "claim" and rel in ("xcomp", "ccomp") and cur.tag_ != "VBG":
            return Status("alleged", head.text)  # "accused them of shelling", "claimed to have downed"
        if lemma in _BACKGROUND_FRAMES and not (lemma in ("accuse", "blame") and head.tag_ != "VBN"):
            return Status("background", head.text)
        habitual = [c for c in head.children if c.dep_ == "advmod" and c.lower_ in _BACKGROUND_ADVERBS or _every(c)]
        if habitual and rel in ("xcomp", "ccomp", "dobj", "pcomp", "conj", "prep", "pobj"):
            return Status("background", f"{habitual[0].text} {head.text}")  # "has repeatedly denied targeting"
        if lemma in _NEG_WORDS and rel in ("xcomp", "dobj", "ccomp", "pcomp", "prep"):
            if lemma == "deny":
                break
            return Status("negated", head.text)
        if lemma in _THREAT_WORDS and rel in ("xcomp", "dobj", "ccomp", "conj"):
            if lemma in ("threaten", "warn") or main.rule.type in _THREAT_TYPES:
                return Status("threatened", head.text)
            return Status("planned", head.text)
        if lemma in _DEMAND_WORDS and rel in ("xcomp", "dobj", "ccomp", "acl", "prep", "pobj") and not any(
                c.dep_ in ("prt", "advmod") and c.lower_ in _ONWARD for c in head.children):
            return Status("demanded", head.text)  # but "pushed ahead with the investigation" goes on with it
        if lemma in _WISH and rel in ("xcomp", "dobj", "ccomp"):
            return Status("hypothetical", head.text)  # "hoped she would bring new aid"
        if lemma in INTENT_LEMMAS and rel in ("xcomp", "dobj", "ccomp", "acl", "prep", "pobj") \
                and not (lemma == "set" and rel != "xcomp"):  # "is set to attack", not "set in motion a coup"
            return Status("planned", head.text)
        if lemma in _HYPO_WORDS and rel in ("acl", "prep", "pobj", "dobj", "xcomp", "attr", "ccomp", "compound"):
            return Status("hypothetical", head.text)
        if rel == "prep" and cur.lower_ == "into" and head.pos_ == "NOUN":
            break  # "pushed for an investigation into the bombings": what is looked into happened
        if rel in ("prep", "pcomp") and cur.lower_ in _CAUSE_PREPS:
            break  # "decided to ban the airlines due to a string of accidents": the cause happened
        if lemma in ("like", "love") and rel == "xcomp" and lemma_of(cur) in _PERFORMATIVE:
            break  # "would like to express its condolences": saying so expresses them
        by_means = rel == "prep" and cur.lower_ == "by"  # "would break the law by attacking"
        for c in head.children:
            if c.dep_ == "aux" and rel in ("xcomp", "conj", "ccomp", "acomp", "attr") and c.lower_ in _FUTURE_AUX:
                return Status("planned", f"{c.text} {head.text}")
            if c.dep_ == "aux" and by_means and c.lower_ in _FUTURE_AUX:
                return Status("planned", f"{c.text} {head.text} by")
            if c.dep_ == "aux" and (rel in ("xcomp", "conj") or by_means or rel == "dobj" and head.dep_ == "relcl"
                                    or rel == "dobj" and cur.i == tok.i
                                    and (c.lower_ != "would" or _conditional(head))) \
                    and c.lower_ in _HYPO_AUX:
                # "strikes could do serious harm to relations": what a verb only may do is possible
                # ("would" also tells a history's later events: "he would lead the assault")
                # "a bill that would allow extraditions": what a measure would allow is only possible
                return Status("hypothetical", f"{c.text} {head.text}")
            if c.dep_ == "neg" and rel in ("xcomp", "conj", "dobj") and cur.i == clause.i:
                return Status("negated", f"{c.text} {head.text}")  # "did not carry out strikes"
            if c.dep_ == "mark" and c.lower_ in ("if", "unless") and rel in ("xcomp", "conj", "dobj", "ccomp"):
                return Status("hypothetical", f"{c.text} ...")
        if rel in ("xcomp", "ccomp", "dobj") and _inverted_condition(head):
            return Status("hypothetical", f"{head.left_edge.text} ... {head.text}")  # "had they allowed him to return"
        if lemma in REPORTING:
            break
        if rel not in _MODAL_PATH:
            break
        cur = head
        steps += 1
    return Status("occurred")
