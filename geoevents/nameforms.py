"""Names in the forms posts, headlines and addresses write them, which NER trained on news misses
or misreads: lower case ("rainy in singapore"), hashtags ("#NepalEarthquake"), capitalised common
words ("Mobile apps" is no town), names cut short ("Hong" of "Hong Kong!~"), address codes after a
name ("Kingston, ON, CA"), names listed beside places, and a name NER calls a person elsewhere.

    cased_names(lookup, text, tokens, found)   places in lower case or inside hashtags -> Mentions
    addressed(lookup, text, found)             names qualified by address codes, the codes dropped
    longer_name(lookup, text, s, e)            the end of a notable name NER cut short
    word_not_place(lookup, text, s, e)         a common English word outside a place slot
    place_though_person(lookup, text, mention) a name NER calls a person that is a place here
    lower_case_place(lookup, name)             a lower-case name that is a place
    stated_container(lookup, text, e, cands)   ", Y" after a name, Y a unit that holds it
    units_after(lookup, text, e)               what ", Y" after a name may name, longest first
    container_before(lookup, text, s, cands)   "Y, " before a name (an address written largest first)

Pure functions of a :class:`~geoevents.namelookup.NameLookup` and the text; offsets are
end-exclusive. Which names are English words comes from the gazetteer's english_word table
(WordNet): without it these passes find nothing and change nothing.
"""

from __future__ import annotations

import bisect
import re
import string
from typing import Iterator, Sequence

from geoevents import features
from geoevents.cues import (
    _ADDRESS_TAIL,
    _CAMEL,
    _HASHTAG,
    _LOCATIVE,
    _LOCATIVE_STRICT,
    _LOWER_RUN,
    _NAME_TAIL,
    _PLACE_VERBS,
    _STOP_WORDS,
    _TAIL_WORD,
    _TARGET_VERBS,
    _links,
    _slot_before,
    _strong_cue,
)
from geoevents.model import Candidate, Mention
from geoevents.namelookup import NameLookup, _contained, _same_name, notable

__all__ = ["addressed", "cased_names", "container_before", "longer_name", "lower_case_place",
           "place_though_person", "stated_container", "units_after", "word_not_place"]


def cased_names(lookup: NameLookup, text: str, tokens: list[tuple[int, int]], found: Sequence[Mention]
                ) -> Iterator[Mention]:
    """Place names written in lower case ("rainy in singapore", "#bangkok", "flying to the
    us") or inside a hashtag of joined words ("#NepalEarthquake"): posts write names so, and
    NER trained on news misses them. A lower-case name counts when WordNet knows it only as
    a place or a person (not "nice", "mobile", "china") and the gazetteer as a notable place
    of that name; a hashtag's capitalised part when it is a notable place and no common
    word. Not inside a URL, an e-mail address or an @handle."""
    # NER's spans over lower-case words and hashtags are no guide ("#NepalEarthquake" as a
    # person, "#singapore #London" as one place): only a place already found there keeps them
    starts = lookup.proper_word_starts()
    # the few words worth a look, found in C: every article passes here, most with none
    present = starts.intersection(_LOWER_RUN.findall(text)).difference(_STOP_WORDS) if starts else ()
    slotted = _slotted_words(lookup, text)
    if not present and not slotted and "#" not in text:
        return
    taken = _Free(sorted([(m.start, m.end) for m in found] + _links(text)))
    n = len(tokens)
    for a, x in slotted:
        if not taken.covered(a, x):
            yield Mention(a, x, text[a:x], string.capwords(text[a:x]), "GAZ", "literal")
    if present:
        hits = []
        for w in present:  # str.find: a pattern of the words would cost more to compile
            k = text.find(w)
            while k >= 0:
                end = k + len(w)
                if not (k and (text[k - 1].isalnum() or text[k - 1] in "@/.")) and \
                        not (end < len(text) and text[end].isalnum()):
                    hits.append(k)
                k = text.find(w, end)
        skip_to = 0
        for start in sorted(hits):
            i = bisect.bisect_left(tokens, (start, -1))
            if i < skip_to or i >= n or tokens[i][0] != start:
                continue
            a = tokens[i][0]
            # up to three lower-case words, the longest first ("hong kong", "kuala lumpur")
            for j in range(min(n, i + 3), i, -1):
                x = tokens[j - 1][1]
                name = text[a:x]
                if j > i + 1 and (not name.replace(" ", "").isalpha() or "  " in name or not name.islower()):
                    continue
                if not taken.covered(a, x) and lower_case_place(lookup, name, hashtag=a > 0 and text[a - 1] == "#"):
                    yield Mention(a, x, name, string.capwords(name), "GAZ", "literal")
                    skip_to = j
                    break
    if "#" in text:
        for tag in _HASHTAG.finditer(text):
            a, b = tag.span(1)
            if not taken.covered(a, b):
                yield from _hashtag(lookup, text, a, b)


def longer_name(lookup: NameLookup, text: str, s: int, e: int) -> int:
    """The end of a notable place's name that NER cut short ("Hong" of "Hong Kong!~", when the
    tokenizer kept "Kong!~" as one word): up to two more capitalised words, the longest
    name the gazetteer knows as a notable place of that name; else ``e``."""
    m = _NAME_TAIL.match(text, e)
    if not m:
        return e
    ends = [e + k.end() for k in _TAIL_WORD.finditer(text[e:m.end()])]
    for end in reversed(ends):
        name = text[s:end]
        cands = lookup(name)
        if cands and notable(cands, name=name) and not lookup(text[s:e]) or \
                cands and notable(cands, 1_000_000, name=name):
            return end
    return e


def word_not_place(lookup: NameLookup, text: str, s: int, e: int) -> bool:
    """A capitalised word that WordNet knows as a common English word ("Mobile apps", "Online
    Store", "Reading list") and the gazetteer as no country, first-level division or city of a
    million: a place only where the sentence puts it in a place slot ("in Mobile", "Reading,
    Berkshire", "the town of Nice")."""
    name = text[s:e]
    if " " in name or lookup.english_word(name) != "common":
        return False
    cands = lookup(name)
    if any(c.is_country or _broad_enough(c) or c.population >= 1_000_000
           or c.feature_class not in ("P", "A") for c in cands[:5]):
        return False  # a river, sea or mountain named like a word ("the Yangtze") is that
    if _in_place_list(lookup, text, s, e):
        return False  # "Calgary, Saskatoon, Winnipeg": a list of places is a list of places
    prev = _slot_before(text, s)
    if prev == "of" and re.search(r"[A-Z][\w'’-]*\s+of\s+$", text[max(0, s - 40):s]):
        return False  # "the Straits of Malacca": part of a longer name
    if prev in _LOCATIVE or prev in _PLACE_VERBS or prev in _TARGET_VERBS or _strong_cue(text, s, e):
        return False
    return not (stated_container(lookup, text, e, cands) or container_before(lookup, text, s, cands))


#: a first-level division smaller than this keeps no common word a place: GeoNames makes each of
#: Slovenia's 212 municipalities and Malta's 68 local councils an ADM1, so "Online Store" was
#: Štore, a town of 2,257, by its municipality's feature code
SMALL_DIVISION = 100_000


def _broad_enough(c: Candidate) -> bool:
    """A large named area by its feature code, unless only a small first-level division."""
    if not features.broad(c.feature_code):
        return False
    return not (c.feature_code == "ADM1" and c.population < SMALL_DIVISION)


def _in_place_list(lookup: NameLookup, text: str, s: int, e: int) -> bool:
    """Is [s, e) listed beside a notable place: "Calgary, X", "X, Toronto", "X and Ottawa"?"""
    before = re.search(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?)(?:,| and| or)\s*$", text[max(0, s - 40):s])
    after = re.match(r"\s*(?:,|and|or)\s*(?:and\s+|or\s+)?([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)", text[e:e + 40])
    for m in (before, after):
        if m is not None:
            cands = lookup(m.group(1))
            if cands and notable(cands, name=m.group(1)):
                return True
    return False


def container_before(lookup: NameLookup, text: str, s: int, cands: Sequence[Candidate]) -> bool:
    """Does "Y, " stand before position ``s``, with Y a country or first-level division that
    holds a sense of ``cands``? ("Singapore, Orchard", an address written largest first)"""
    m = re.search(r"((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2}),\s*$", text[max(0, s - 60):s])
    if not m:
        return False
    parts = m.group(1).split()
    for k in range(len(parts)):
        unit = lookup(" ".join(parts[k:]))
        if unit and any(u.is_region for u in unit[:3]) and _contained(cands, unit):
            return True
    return False


def known_place_name(lookup: NameLookup, name: str) -> bool:
    """Is ``name`` the very name of a town of 15,000, a division or a country ("Chester",
    "Jordan"), or any name of a city of a million ("Kiev" for Kyiv)? Not of a district of 8,000
    that bears a surname ("Madero", "Díaz": the men)."""
    cands = lookup(name)
    return any(_same_name(c, name) and (c.is_country or features.broad(c.feature_code) or c.population >= 15_000)
               for c in cands[:10]) or notable(cands, 1_000_000)


def place_though_person(lookup: NameLookup, text: str, m: Mention) -> bool:
    """A name NER calls a person elsewhere in the article that is a place here: the gazetteer
    knows a town of 15,000, a division or a country of that very name ("Chester", "Jordan",
    "Georgia", not "Madero", a district of 8,000 and another name of Madera) or a city of a
    million by any name, or the sentence says it is a place."""
    cands = lookup(m.name)
    if not cands:
        return False
    if known_place_name(lookup, m.name):
        return True
    prev = _slot_before(text, m.start)
    return prev in _LOCATIVE_STRICT or prev in _PLACE_VERBS or _strong_cue(text, m.start, m.end) \
        or stated_container(lookup, text, m.end, cands) or container_before(lookup, text, m.start, cands)


def addressed(lookup: NameLookup, text: str, found: list[Mention]) -> list[Mention]:
    """Names qualified as in an address by codes after commas ("Kingston, ON, CA", "Perth, WA,
    AUS", "Springfield, IL"): the name is looked up with its codes (see
    :meth:`Gazetteer.regions`), and the codes are no toponyms of their own (a state's code is
    no town in Africa). Only when the codes fit an entry of the name."""
    tails: list[tuple[int, int]] = []
    out = []
    for m in found:
        t = _ADDRESS_TAIL.match(text, m.end) if m.role == "literal" and m.label != "NORP" \
            and "," in text[m.end:m.end + 3] else None
        if t:
            codes = [c.strip() for c in text[m.end:t.end()].split(",") if c.strip()]
            qualified = f"{m.name}, {', '.join(codes)}"
            if lookup(qualified):
                m = Mention(m.start, m.end, m.text, qualified, m.label, m.role)
                tails.append((m.end, t.end()))
        out.append(m)
    if not tails:
        return out
    return [m for m in out if not any(a <= m.start and m.end <= b for a, b in tails)]


#: a lower-case word after a word that opens a place slot ("from serangoon to lorong chuan")
#: (the name is looked at, not consumed: "in traffic from tampines" has two slots)
_SLOTTED = re.compile(r"\b(?:in|at|to|from|frm|near|around|over|via)\s+(?=([a-z]{4,}(?: [a-z]{4,})?)\b)")
#: the people a place named only in lower case, outside WordNet, after a place slot must have
_SLOTTED_POPULATION = 10_000


def _slotted_words(lookup: NameLookup, text: str) -> list[tuple[int, int]]:
    """Lower-case names English does not know, in a place slot: "over marsiling", "from
    serangoon". WordNet knows no sense of the word at all (a name WordNet knows only as a place is
    :func:`lower_case_place`'s), and the gazetteer knows it as its own name of a place of at least
    :data:`_SLOTTED_POPULATION` people: posts name their neighbourhoods so. Only in a sentence
    written without capitals (but for its first word): where a writer capitalises names, a
    lower-case word is none ("in villages", "from narra")."""
    out = []
    for m in _SLOTTED.finditer(text):
        a, b = m.span(1)
        if not _uncapitalised(text, a):
            continue
        name = m.group(1)
        if " " in name and not _slotted_place(lookup, name):
            name = name.split(" ", 1)[0]
            b = a + len(name)
        if _slotted_place(lookup, name):
            out.append((a, b))
    return out


#: the bounds of a sentence, as far as a post has them
_SENTENCE_END = re.compile(r"[.!?\n]")
_CAPITALISED = re.compile(r"(?<![@#\w])[A-Z]")


def _uncapitalised(text: str, at: int) -> bool:
    """Is the sentence around ``at`` written without capitals, its first word and "I" aside?"""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 300), at)), default=max(0, at - 300))
    end = _SENTENCE_END.search(text, at)
    sentence = text[start:end.start() if end else min(len(text), at + 300)].strip()
    first = sentence.split(" ", 1)
    rest = first[1] if len(first) > 1 else ""
    return not any(rest[k.start():k.start() + 2] != "I " for k in _CAPITALISED.finditer(rest))


def _slotted_place(lookup: NameLookup, name: str) -> bool:
    if name in _STOP_WORDS or lookup.english_word(name) is not None:
        return False
    cands = lookup(name)
    # the vocabulary last: it is a query of the store, and few words get this far
    if not cands:
        return False
    # the name, or the first words of the place's own name: "tampines" of "Tampines Estate",
    # "simei" of "Simei New Town" (not an alternate name in another language)
    known = notable(cands, population=_SLOTTED_POPULATION, name=name) or any(
        c.population >= _SLOTTED_POPULATION and c.name.lower().startswith(name + " ") for c in cands[:5])
    # the vocabulary last: it is a query of the store, and few words get this far
    return known and not any(lookup.is_english(w) for w in name.split())


def lower_case_place(lookup: NameLookup, name: str, hashtag: bool = False) -> bool:
    """A name written in lower case that is a place: WordNet knows it only as a place or a
    person, and the gazetteer as a notable place of that name. Two letters only in a
    hashtag ("#uk")."""
    if name in _STOP_WORDS or len(name) < (2 if hashtag else 3) or lookup.english_word(name) != "proper":
        return False
    cands = lookup(name)
    # a hashtag writes a country's code in lower case ("#uk", "#sg"): its own name in capitals
    return bool(cands) and notable(cands, name=name.upper() if hashtag and len(name) <= 3 else name)


def _hashtag(lookup: NameLookup, text: str, a: int, b: int) -> Iterator[Mention]:
    """The places in a hashtag of capitalised words joined ("#NepalEarthquake" -> Nepal)."""
    parts = [(a + m.start(), a + m.end()) for m in _CAMEL.finditer(text[a:b])]
    if len(parts) < 2:
        return  # one word: the capitalised-word pass has read it
    k = 0
    while k < len(parts):
        for j in range(min(len(parts), k + 3), k, -1):
            x, y = parts[k][0], parts[j - 1][1]
            name = " ".join(text[p:q] for p, q in parts[k:j])
            if y - x < 4 or lookup.english_word(name) == "common":
                continue
            cands = lookup(name)
            if cands and notable(cands, name=name):
                yield Mention(x, y, text[x:y], name, "GAZ", "literal")
                k = j
                break
        else:
            k += 1


#: ", Y" after a name, Y of up to three capitalised words: "Kramatorsk, Ukraine", "Columbus, Ohio"
_UNIT_AFTER = re.compile(r",\s*((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2})")


def units_after(lookup: NameLookup, text: str, e: int) -> Iterator[tuple[str, tuple[Candidate, ...]]]:
    """The names that ", Y" after position ``e`` may be, longest first ("Hama Governorate", then
    "Hama"), each with what the gazetteer knows of it; nothing when no ", Y" follows."""
    m = _UNIT_AFTER.match(text[e:e + 60])
    if not m:
        return
    parts = m.group(1).split()
    for k in range(len(parts), 0, -1):
        name = " ".join(parts[:k])
        yield name, lookup(name)  # "Ukraine." or "Ky." alike


def stated_container(lookup: NameLookup, text: str, e: int, cands: Sequence[Candidate]) -> bool:
    """Does ", Y" follow position ``e``, with Y a country or first-level division (of up to
    three capitalised words) that holds a sense of ``cands``? ("Kramatorsk, Ukraine")"""
    return any(unit and any(u.is_region for u in unit[:3]) and _contained(cands, unit)
               for _, unit in units_after(lookup, text, e))


class _Free:
    """Which character ranges are already claimed by an entity (sorted, non-overlapping enough)."""

    def __init__(self, claimed: list[tuple[int, int]]):
        self.starts = [a for a, _ in claimed]
        self.claimed = claimed

    def covered(self, a: int, b: int) -> bool:
        if not self.claimed:
            return False  # the fast matcher claims nothing: it asks this at every word
        k = bisect.bisect_right(self.starts, b - 1)
        for idx in range(max(0, k - 3), k):
            x, y = self.claimed[idx]
            if x < b and a < y:
                return True
        return False
