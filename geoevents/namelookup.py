"""Gazetteer lookups for toponym recognition, memoised, and what a list of candidates says about
a name.

    NameLookup.of(gazetteer)                 the lookup every component reading that gazetteer shares
    NameLookup(name) -> tuple[Candidate]     the gazetteer's candidates, cached
    notable(cands, population, name)         is the name's best-known sense well known?
    _same_name(candidate, name)              is ``name`` the candidate's own name?
    _contained(cands, units)                 does a sense of a name lie in a sense of a larger unit?

Why a module of its own: recognition (geoevents.recognize) and the forms names are written in
(geoevents.nameforms) both ask the gazetteer the same questions through one cache.
"""

from __future__ import annotations

import functools
import weakref
from typing import Sequence

from geoevents import features
from geoevents.gazetteer import loose_key, normalize
from geoevents.model import Candidate

__all__ = ["NameLookup", "notable"]

_SHARED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class NameLookup:
    """Memoised candidate lookups: names repeat within and across articles, and a gazetteer query
    costs more than a dict lookup. ``limit`` candidates per name are kept."""

    def __init__(self, gazetteer, limit: int = 100):
        self.gazetteer = gazetteer
        self.limit = limit
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._similar: dict[str, tuple[tuple[Candidate, ...], int]] = {}
        self._demonyms: dict[str, str | None] = {}
        self._adjectives: dict[str, str | None] = {}
        self._words: dict[str, str | None] = {}
        self._starts: frozenset[str] | None = None
        self._dotted: frozenset[str] | None = None

    @classmethod
    def of(cls, gazetteer) -> "NameLookup":
        """The lookup shared by every component that reads this gazetteer (one cache, not two)."""
        try:
            found = _SHARED.get(gazetteer)
        except TypeError:  # not weakly referenceable
            return cls(gazetteer)
        if found is None:
            found = _SHARED[gazetteer] = cls(gazetteer)
        return found

    def __call__(self, name: str) -> tuple[Candidate, ...]:
        found = self._cache.get(name)
        if found is None:
            found = tuple(self.gazetteer.candidates(name, limit=self.limit)) if name.strip() else ()
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[name] = found
        return found

    def similar(self, name: str) -> tuple[tuple[Candidate, ...], int]:
        """The gazetteer's fallback lookup (spelling variants, then one edit away) for a name it
        does not know, and how they matched (``NAME_LOOSE``, ``NAME_FUZZY``, or 0 for none);
        () and 0 from a gazetteer without one."""
        found = self._similar.get(name)
        if found is None:
            similar = getattr(self.gazetteer, "similar", None)
            cands, how = similar(name, limit=self.limit) if similar is not None and name.strip() else ([], 0)
            if len(self._similar) > 50_000:
                self._similar.clear()
            found = self._similar[name] = (tuple(cands), how)
        return found

    def proper_word_starts(self) -> frozenset[str]:
        """The first words of the names WordNet knows only as places or persons (empty from a
        gazetteer without the table)."""
        if self._starts is None:
            ask = getattr(self.gazetteer, "proper_word_starts", None)
            self._starts = ask() if ask is not None else frozenset()
        return self._starts

    def english_word(self, name: str) -> str | None:
        """How WordNet knows the name: "person" (only as a person's), "proper" (only as a place,
        or a place and a person), "common" (also as a common word), None (not at all, or a
        gazetteer without the table)."""
        if name not in self._words:
            ask = getattr(self.gazetteer, "english_word", None)
            self._words[name] = ask(name) if ask is not None else None
        return self._words[name]

    def is_english(self, word: str) -> bool:
        """Is ``word`` English in any sense, or a regular inflection of such a word (False from a
        gazetteer without WordNet's words)? Not memoised: asked of a few words a text."""
        ask = getattr(self.gazetteer, "is_english", None)
        return bool(ask(word)) if ask is not None else False

    def is_abbreviation(self, name: str) -> bool:
        """Is ``name`` a dotted abbreviation the gazetteer lists ("Ky.", "B.C.")?"""
        if self._dotted is None:
            self._dotted = getattr(self.gazetteer, "abbreviations", frozenset)()
        return name.endswith(".") and "".join(name.split()) in self._dotted

    def demonym(self, word: str) -> str | None:
        """The alpha-2 country of a demonym ("Iraqi", "Iraqis"), else None."""
        if word not in self._demonyms:
            self._demonyms[word] = self.gazetteer.demonym(word) if word.strip() else None
        return self._demonyms[word]

    def adjective_place(self, word: str) -> str | None:
        """The name of the place an adjective or demonym derives from: its country for a
        demonym the gazetteer lists ("Iraqi" -> "Iraq"), else a continent, world region or
        first-level division formed by the common English suffixes ("European" -> "Europe",
        "Asian" -> "Asia", "Californian" -> "California"). None for any other word."""
        if word in self._adjectives:
            return self._adjectives[word]
        place = None
        alpha2 = self.demonym(word)
        if alpha2:
            place = self.country_name(alpha2)
        elif word[:1].isupper() and len(word) > 4 and " " not in word:
            base = word[:-1] if word.endswith("s") and word[-2:-1] == "n" else word
            stems = []
            if base.endswith("ean"):
                stems.append(base[:-2])            # European -> Europe
            if base.endswith("an"):
                stems += [base[:-1], base[:-2]]    # Asian -> Asia, Floridian -> Florid(a)
            if base.endswith("ian"):
                stems.append(base[:-3] + "a")      # Californian -> California (also by [:-1])
            for stem in stems:
                cands = self(stem)
                if cands and _adjective_by_suffix(cands[0].feature_code) and normalize(cands[0].name) == normalize(stem):
                    place = cands[0].name
                    break
        self._adjectives[word] = place
        return place

    def country_name(self, alpha2: str) -> str | None:
        c = self.gazetteer.country(alpha2)
        return c.name if c else None


def _adjective_by_suffix(code: str | None) -> bool:
    """Is the place of a kind whose adjective is formed by suffix ("Kurdish") rather than listed
    as a demonym: a continent, a world region, a first-level division?"""
    return features.borderless(code) or code == "ADM1"


def notable(cands: Sequence[Candidate], population: int = 100_000, name: str | None = None) -> bool:
    """Is the best-known sense of a name well known enough to be taken from the text without
    NER's word: a country, first-level division, continent, region or sea, a curated landmark,
    or a populated place of at least ``population`` people. With ``name``, only the senses that
    bear that name as their own count (see :func:`_named`)."""
    if name is not None:
        cands = [c for c in cands[:10] if _same_name(c, name)]
    for c in cands[:5]:
        code = c.feature_code or ""
        if c.is_country or features.broad(code) or c.source == "curated":
            return True
        if c.population >= population:
            return True
    return False


def _same_name(c: Candidate, name: str) -> bool:
    """Is ``name`` the candidate's own name (not only an alternate spelling, code or translation,
    and not its "X City" form)? A short all-capital abbreviation of a country counts ("US")."""
    if " " in name.strip() and not name.isupper():
        return True
    if c.is_country and _abbreviation_like(name):
        return True
    if c.name.lower().endswith(" city") != name.lower().endswith(" city"):
        return False
    if normalize(c.name) == normalize(name):
        return True
    # another transliteration of its own name: "Hama" for Ḩamāh, "Homs" written "Hims"
    key = _loose(name)
    return len(key) >= 4 and _loose(c.name) == key


@functools.lru_cache(maxsize=65_536)
def _loose(name: str) -> str:
    return loose_key(name)


def _abbreviation_like(name: str) -> bool:
    """"US", "U.S.", "UK", "U.A.E.": capitals with or without full stops, at most four letters."""
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


def _named(cands: Sequence[Candidate], name: str) -> bool:
    """Is ``name`` the own name of one of the best senses? Multi-word names count as named."""
    return any(_same_name(c, name) for c in cands[:5])


def _contained(cands: Sequence[Candidate], units: Sequence[Candidate]) -> bool:
    """Does some sense of a name lie in some sense of a larger unit (country or first-level
    division)?"""
    for u in units[:5]:
        for c in cands[:50]:
            if u.is_country and c.country == u.country:
                return True
            if (u.feature_code or "") == "ADM1" and c.country == u.country and c.admin1 and c.admin1 == u.admin1:
                return True
    return False
