"""Event extraction: sentences -> typed Events (what, who, where, when, how many).

Interface:
    extract_events(document, doc, places, timexes) -> list[Event]
        One article's events, each with one Source per telling (the evidence sentence and its
        offsets). ``doc`` is the spaCy parse of ``document.text``; ``places`` come from the
        geoparser (only literal places can be where something happened, resolved or not);
        ``timexes`` from :func:`geoevents.dates.extract`. Events that did not happen (negated, future,
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
5. **Where.** The rules find the literal place governed by a locative preposition of the event's
   own clause, or the target's place, never an actor's country, else the only place of the
   sentence; then a logistic model fitted on news sentences weighs every literal place of the
   sentence (the rules' choice among its features): the rules' place while the model finds it
   likely, else the model's likeliest, else none. Never another event's place across "after" or
   "in retaliation for", the reporter's ("officials in X said"), an addressee ("apologised to
   X"). A toponym the gazetteer does not know is still the place where an event happened (its
   mention, with no point): the resolved place its phrase says holds it follows it ("Tal Qarah,
   near Aleppo"), else the fallback below, so the map can draw it. Then a fallback, flagged
   ``inferred``: for statements and threats the speaker's seat or country; for a dated event the
   dateline's town or the article's main country (precision 3). Else the event stays unlocated
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

Where things are (each module's docstring states its interface):
    lexicon.py    the trigger lexicon (data/*.tsv) and shared word lists
    segments.py   sentence boundaries and segments (step 1)
    syntax.py     small questions asked of the parse
    records.py    the working records: Trigger, Status, When, Timex, Draft
    triggers.py   triggers and how they group into events (steps 2, 3)
    kinds.py      type, mode and OTHER label; harm without a perpetrator
    arguments.py  actors, targets, fatalities and injuries
    status.py     occurred or not (step 4)
    where.py      the place of an event, and the fallbacks (step 5)
    where_model.py  the places of a sentence described by the parse and weighed (data/where_model.tsv)
    when.py       the date of an event along the narrative (step 6)
    drafts.py     anaphora, generic mentions, evidence clauses, order within a segment
    extract.py    the article: the parts run in order, then joined (step 7)
"""

from __future__ import annotations

from geoevents.events.extract import extract_events
from geoevents.lexicon import Lexicon, TriggerRule, acled_crosswalk, lexicon
from geoevents.events.segments import SENTENCE_COMPONENT, prepare

__all__ = [
    "extract_events",
    "prepare",
    "lexicon",
    "acled_crosswalk",
    "Lexicon",
    "TriggerRule",
    "SENTENCE_COMPONENT",
]
