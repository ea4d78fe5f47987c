"""Toponym resolution: Mention + the article's context -> Place (ranking, confidence, why).

    Resolver(gazetteer, geocoder=None)(mentions, text) -> (list[Place], list[Problem])

Each toponym's candidates come from the gazetteer (exact normalised name, then a few variants:
"Anbar Province" -> "Anbar", "Northeast Georgia" -> "Georgia"). A candidate's score adds up:

* a **prior**: log population and the kind of place (a country, a first-level division, a capital
  rank above a hamlet of the same name);
* **stated containment**: "Paris, Texas", "Paris in Texas", "Texas's Paris" and "Paris (Texas)"
  say that the first lies in the second;
* the **article's other places**: a candidate in a country, first-level division or near the
  points the article's other toponyms resolve to wins ("Paris" after "Dallas");
* **one sense per article**: every mention of a name gets the sense the whole article supports.

Context is computed from the current resolution of the *other* names and the scores iterated a few
times. The confidence is a softmax over the candidates' scores, mapped through a calibration
measured on the shared benchmarks (see ``benchmarks/geoparse.py``). Names the gazetteer lacks go
to the geocoder (Nominatim) when there is one; a failure there leaves the place unresolved and
says so in a Problem.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from geoevents import features
from geoevents.errors import GeocoderError
from geoevents.gazetteer import NAME_FUZZY, NAME_LOOSE, normalize, notable_entry
from geoevents.model import Candidate, Mention, Place, Problem, distance_km
from geoevents.namelookup import NameLookup
from geoevents.recognize import is_dateline

__all__ = ["Resolver", "contains", "distance_km", "calibrate"]

# -- weights ---------------------------------------------------------------------------------------
# Scores are in natural-log units of odds. Set once by looking at error categories over the shared
# benchmarks with the gold spans given (benchmarks/geoparse.py), not per document.

_W_POPULATION = 0.21        # per ln(population); the kind of place: features.resolver_bonus
_W_GENERIC_MISSING = -3.0
_W_ALTERNATE = -2.0
_W_LABEL_MISMATCH = -3.0   # a town for what NER called a LOC (a region, sea, mountain range)
_W_SEAT = -6.0
_W_OVERSHADOWED = -6.0      # a village by an alternate name beside a city 100 times its size by its own
_OVERSHADOWING_RATIO = 100
_OVERSHADOWING_CITY = 100_000
_W_TOWN_SLOT = -6.0        # "the city of X", "the towns of A and X": not a province or country of that name
_W_DATELINE_TOWN = 6.0     # a dateline names the town the story was filed from, not a state
_W_RIVER_SLOT = 10.0       # "crossed the Delaware", "up the Hudson to Albany": the river, not the state or town
_W_SOURCE = {"curated": 2.0, "user": 3.0}
_W_RANK = 0.085              # the gazetteer's own order (alternate names rank lower)
_W_CONTAINED = 1.7          # "X, Y" / "X in Y" / "Y's X": X lies in a sense of Y
_W_UNIT_SLOT = -6.0         # a town of Y's name that does not hold X when a division or country Y does
_W_COUNTRY = 1.6            # per ln(1 + other toponyms resolved in the candidate's country)
_W_SHARE = 3.0             # times the share of the other toponyms that lie in the candidate's country
_W_COUNTRY_NAMED = 4.0      # the candidate's country is itself named in the article
_W_ADMIN1 = 5.0             # the candidate's first-level division is named in the article
_MANY_DIVISIONS = 3         # from this many divisions of a country named, _W_ADMIN1 / sqrt(their number)
_W_NEAR = 0.9               # per halving of the distance to the nearest other place, up to a cap
_W_PEER = 4.0               # times the share of a list's other names that are the same kind of place
_NEAR_CAP_KM = 25.0
_NEAR_FAR_KM = 1600.0
_NEAR_FAR_DEG = _NEAR_FAR_KM / 111.0
_REGION_KM = 2500.0        # how far from a world region's point its places may lie
_ROUNDS = 3
_ACTIVE_TOP = 12           # candidates scored with context whatever their country
_ACTIVE_PER_COUNTRY = 25   # and the best of each context country
_TEMPERATURE = 2.0         # softmax temperature: the best Brier score on the shared sets
#: a sense found by the gazetteer's fallback lookup: a spelling variant, a name one edit away
_W_VARIANT = {NAME_LOOSE: -1.0, NAME_FUZZY: -2.0}
#: what the confidence of such a sense is multiplied by (the fallback is less sure than a name)
_VARIANT_CONFIDENCE = {NAME_LOOSE: 0.8, NAME_FUZZY: 0.5}

_GENERIC_TAIL = re.compile(r"\s(county|parish|province|governorate|district|region|prefecture|oblast|"
                          r"municipality|department|borough|city)$", re.IGNORECASE)
_CITY_FORM = re.compile(r"\s+city$", re.IGNORECASE)
_WORDS_GENERIC = re.compile(
    r"\s+(province|governorate|region|district|state|county|prefecture|oblast|municipality|"
    r"department|territory|parish|borough|city|town|village)$", re.IGNORECASE)
_DIRECTION = re.compile(
    r"^(north|south|east|west|northern|southern|eastern|western|central|north-?east|north-?west|"
    r"south-?east|south-?west|north-?eastern|north-?western|south-?eastern|south-?western|upper|lower|"
    r"greater|downtown|rural|coastal)\s+", re.IGNORECASE)


_DEG = math.pi / 180.0  # what math.radians multiplies by


def _fast_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in kilometres: within a few per cent of the great circle below
    2,000 km, which is all the context scores need, at a fraction of the cost."""
    dlon = abs(lon2 - lon1)
    if dlon > 180.0:
        dlon = 360.0 - dlon
    x = math.radians(dlon) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.sqrt(x * x + y * y)


def contains(outer: Candidate, inner: Candidate) -> bool:
    """Does ``outer`` (a country, first-level division, or a town) contain ``inner``?"""
    if outer.id == inner.id:
        return False
    if outer.is_country:
        return inner.country == outer.country and not inner.is_country
    code = outer.feature_code or ""
    if code == "ADM1":
        return (inner.country == outer.country and inner.admin1 is not None and inner.admin1 == outer.admin1
                and (inner.feature_code or "") != "ADM1")
    if features.borderless(code) or outer.country is None:
        return distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < 3000
    if outer.feature_class == "P" and outer.country == inner.country:
        return distance_km(outer.lat, outer.lon, inner.lat, inner.lon) < 40
    return False


def prior(c: Candidate, rank: int, name: str = "") -> float:
    """The score of a candidate before context: population, kind of place, source, rank, and
    whether the text left out a generic word of the entry's name ("Dallas" for Dallas County)."""
    score = (_W_POPULATION * math.log1p(max(c.population, 0))
             + features.resolver_bonus(c.feature_code)
             + _W_SOURCE.get(c.source, 0.0)
             - _W_RANK * rank)
    generic = _GENERIC_TAIL.search(c.name)
    if generic and generic.group(1).lower() not in name.lower():
        score += _W_GENERIC_MISSING
    elif name and normalize(c.name) != normalize(name):
        score += _W_ALTERNATE  # found by an alternate name: "Delaware" for a town once so called
    return score


def _dateline(text: str, m: Mention) -> bool:
    """Is the mention the all-capital name opening a dateline ("WASHINGTON (AP) —")?"""
    return bool(text) and m.text.isupper() and is_dateline(text, m.start, m.end)


#: a slot of towns before a name or a list of names: "the city of X", "the towns of A, B and X"
_TOWN_SLOT = re.compile(r"\b(?:city|cities|town|towns|village|villages)\s+of\s+"
                        r"(?:(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
                        r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+))*$")


def _town_slot(text: str, m: Mention) -> bool:
    """Does the sentence say the name at ``m`` is a town ("the cities of Idlib and Hama": the
    towns, not their governorates)?"""
    if not text or "of" not in text[max(0, m.start - 120):m.start]:
        return False
    return _TOWN_SLOT.search(text, max(0, m.start - 120), m.start) is not None


#: what may follow a river named with "the" alone: punctuation, a preposition or conjunction, or a
#: word of the river's own ("the Mississippi delta"); not a noun the name qualifies ("the Ohio
#: legislature") nor more of a longer name ("the Hudson Bay")
_RIVER_FOLLOWERS = frozenset(", . ; : ) and or at in on near to into from across along between above below "
                             "upstream downstream river valley delta basin".split())


def _river_slot(text: str, m: Mention) -> bool:
    """Is the name at ``m`` written as rivers are, after "the" and with nothing of a longer name
    after it ("the Delaware on Christmas night")?"""
    if not text or not re.search(r"\b[Tt]he\s+$", text[max(0, m.start - 5):m.start]):
        return False
    after = re.match(r"\s*(\w+|[^\s\w])", text[m.end:m.end + 30])
    if after is None:
        return True
    word = after.group(1)
    # a past tense ends the name's phrase too ("the Mississippi reached Vicksburg")
    return word.lower() in _RIVER_FOLLOWERS or word.islower() and word.endswith("ed")


def _label_fit(c: Candidate, label: str) -> float:
    """NER's label says what kind of place it saw: LOC a region, sea or mountain, not a town."""
    if label == "LOC" and c.feature_class in ("P", "S"):
        return _W_LABEL_MISMATCH
    return 0.0


def _seats(cands: Sequence[Candidate], priors: list[float], text: str) -> None:
    """A province named after its seat and peopled mostly by it (Kirkuk, Aleppo): the bare name
    means the town; "Kirkuk province" keeps the province (the text then carries the generic word)."""
    if _WORDS_GENERIC.search(text):
        return
    for i, c in enumerate(cands[:20]):
        if (c.feature_code or "") != "ADM1" or not c.population:
            continue
        for t in cands[:20]:
            if (t.feature_class == "P" and t.country == c.country and t.admin1 == c.admin1
                    and t.population >= 0.5 * c.population):
                priors[i] += _W_SEAT
                break


#: entry names recur across the mentions of a batch: normalised once
_normalized = functools.lru_cache(maxsize=65_536)(normalize)


def _larger_namesakes(cands: Sequence[Candidate], priors: list[float], name: str) -> None:
    """A rank is no reason to prefer a small place over a much larger one of the same name:
    a first-level division of a few people (Portland, a parish of Jamaica) keeps no division
    bonus beside a city ten times its size (Portland, Oregon); a small division seat (Springfield,
    Illinois) keeps none of its seat bonus over a larger namesake in its country (Springfield,
    Missouri). Only among entries that bear the name as their own."""
    if not any((c.feature_code or "") in ("ADM1", "PPLA") for c in cands[:20]):
        return  # only a division or a division seat gives up anything
    norm = _normalized(name)
    own = [(i, c) for i, c in enumerate(cands[:20]) if _normalized(c.name) == norm]
    towns = [c for _, c in own if c.feature_class == "P"]
    if not towns:
        return
    for i, c in own:
        code = c.feature_code or ""
        if code == "ADM1" and any(t.population >= max(10 * c.population, 100_000) for t in towns):
            priors[i] -= features.resolver_bonus("ADM1")
        elif code == "PPLA" and c.population < 300_000 and any(
                t.country == c.country and t.population > c.population and t.feature_code != "PPLA" for t in towns):
            priors[i] -= features.resolver_bonus("PPLA") - features.resolver_bonus("PPLA2")


def _overshadowed(cands: Sequence[Candidate], priors: list[float], name: str) -> None:
    """A place that bears the name only as an alternate name is seldom meant when a curated entry
    bears it as its own, nor a small one when a city a hundred times its size does: "Ciudad
    Juárez" in a history of northern Mexico is the city of 1.5 million, not the Durango village
    of 7,000 once so called, however near the story's other places it lies."""
    norm = _normalized(name)
    if any(c.source in _W_SOURCE and _normalized(c.name) == norm for c in cands[:20]):
        # an entry written for this gazetteer under that very name (the White House) is what the
        # name means, not a city that bears it translated (Casablanca, "white house")
        for i, c in enumerate(cands[:20]):
            if c.feature_class in ("P", "A") and c.source not in _W_SOURCE and _normalized(c.name) != norm:
                priors[i] += _W_OVERSHADOWED
    # a province of ten million bearing the name overshadows as a city does ("Quebec" is no
    # alternate name of New Britain, Connecticut, in a history of New England)
    own = [c.population for c in cands[:20] if c.feature_class in ("P", "A") and _normalized(c.name) == norm]
    largest = max(own, default=0)
    if largest < _OVERSHADOWING_CITY:
        return
    for i, c in enumerate(cands[:20]):
        if c.feature_class == "P" and _normalized(c.name) != norm and c.population * _OVERSHADOWING_RATIO <= largest:
            priors[i] += _W_OVERSHADOWED


#: confidence calibration: (raw softmax probability, observed share resolved within 161 km)
#: points, linearly interpolated; measured in deciles (pooled to be monotone) over the three
#: shared benchmarks with the gold spans given, 11,000 toponyms
_CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.0, 0.02), (0.219, 0.225), (0.426, 0.569), (0.584, 0.64), (0.739, 0.793), (0.856, 0.842),
    (0.924, 0.9), (0.995, 0.929), (1.0, 0.93))


def calibrate(p: float) -> float:
    """Map a raw top-candidate probability onto the accuracy observed at that probability."""
    xs = [x for x, _ in _CALIBRATION]
    k = bisect_right(xs, p)
    if k <= 0:
        return _CALIBRATION[0][1]
    if k >= len(xs):
        return _CALIBRATION[-1][1]
    (x0, y0), (x1, y1) = _CALIBRATION[k - 1], _CALIBRATION[k]
    return y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1


# -- the resolver ----------------------------------------------------------------------------------

@dataclass
class _Group:
    """All mentions of one name in one article: they share one sense."""

    key: str
    mentions: list[Mention]
    candidates: tuple[Candidate, ...]
    priors: list[float]
    via: str = ""  # the name variant that found the candidates, when not the mention's own
    how: int = 0  # 0: found by the name; NAME_LOOSE, NAME_FUZZY: by the gazetteer's fallback lookup
    contained_in: list[int] = field(default_factory=list)   # groups stated to contain this one
    containing: list[int] = field(default_factory=list)     # groups this one is stated to contain
    scores: list[float] = field(default_factory=list)
    best: int = 0
    top: set[int] = field(default_factory=set)
    holds: tuple | None = None  # what the group's senses contain, for _held
    peers: list[int] = field(default_factory=list)  # the other names of a list it is in
    inside: tuple | None = None  # the countries and divisions its senses lie in, for _holds


class Resolver:
    """Resolves an article's mentions to gazetteer entries (or Nominatim answers).

    ``geocoder`` is anything with ``geocode(name, *, country_codes=None) -> Candidate | None``
    that raises GeocoderError subclasses; None (offline) keeps unknown names unresolved.
    """

    def __init__(self, gazetteer, geocoder=None):
        self.gazetteer = gazetteer
        self.geocoder = geocoder
        self.lookup = NameLookup.of(gazetteer)
        self._prior_cache: dict[tuple[str, str, str], tuple] = {}

    def __call__(self, mentions: Sequence[Mention], text: str, context: Sequence[Mention] = ()
                 ) -> tuple[list[Place], list[Problem]]:
        """The places of the article's mentions, in the mentions' order, and the problems met.

        ``context``: other toponyms of the article that inform the resolution but are not
        resolved for output (the recognised toponyms when the user gave the spans to resolve).
        """
        problems: list[Problem] = []
        mentions = list(mentions)
        taken = [(m.start, m.end) for m in mentions]
        extra = [c for c in context if not any(c.start < e and s < c.end for s, e in taken)]
        everything = sorted(mentions + extra, key=lambda m: (m.start, m.end))
        groups, group_of_all = self._groups(everything, text)
        _plausible_variants(groups)
        _relations(everything, text, groups, group_of_all)
        _peers(everything, text, groups, group_of_all)
        self._score(groups)
        where = {id(m): gi for m, gi in zip(everything, group_of_all)}
        group_of = [where[id(m)] for m in mentions]
        places: list[Place] = []
        geocoded: dict[str, Candidate | None] = {}
        for m, gi in zip(mentions, group_of):
            g = groups[gi]
            if not g.candidates:
                cand = None
                if self.geocoder is not None and m.role == "literal":
                    key = g.key
                    if key not in geocoded:
                        geocoded[key] = self._geocode(m, groups, problems)
                    cand = geocoded[key]
                if cand is None:
                    places.append(Place(m, None, 0.0, "not in the gazetteer" if self.geocoder is None or
                                        m.role != "literal" else "not in the gazetteer nor found by Nominatim"))
                else:
                    places.append(Place(m, cand, 0.5, "not in the gazetteer; found by Nominatim"))
                continue
            places.append(Place(m, g.candidates[g.best], _confidence(g), _reason(g, groups)))
        return places, problems

    # -- steps -------------------------------------------------------------------------------

    def _candidates(self, name: str) -> tuple[tuple[Candidate, ...], str, int]:
        """The candidates of a name, trying variants when the name itself is unknown, then the
        gazetteer's fallback lookup (spelling variants, then a name one edit away) of the name and
        its variants; with the variant that found them and how (0 for an exact match, else
        ``NAME_LOOSE`` or ``NAME_FUZZY``)."""
        found = self.lookup(name)
        if found and _CITY_FORM.search(name):
            # "Kuwait City", "Kirkuk City": the town, not the country or province of that name
            towns = tuple(c for c in found if c.feature_class == "P")
            found = towns or found
        if found:
            return found, "", 0
        variants = []
        if name.isupper() and len(name) > 3:
            variants.append(name.title())
        stripped = _WORDS_GENERIC.sub("", name)
        if stripped != name:
            variants.append(stripped)
        undirected = _DIRECTION.sub("", name)
        if undirected != name:
            variants.append(undirected)
        for v in variants:
            found = self.lookup(v)
            if found:
                return found, v, 0
        for v in [name, *variants]:
            found, how = self.lookup.similar(v)
            if found:
                return found, v if v != name else "", how
        return (), "", 0

    def _priors(self, m: Mention, dateline: bool = False, town: bool = False, river: bool = False
                ) -> tuple[tuple[Candidate, ...], str, tuple[float, ...], int]:
        """The candidates of a mention, the variant that found them, their priors and how they
        matched (see :meth:`_candidates`; memoised: names recur across articles). A dateline
        ("WASHINGTON (AP) —") names a town; ``town``, ``river``: the slot the text puts the name in
        (:func:`_town_slot`, :func:`_river_slot`)."""
        key = (m.name, m.text, m.label, dateline, town, river)
        found = self._prior_cache.get(key)
        if found is None:
            cands, via, how = self._candidates(m.name)
            priors = [prior(c, r, m.text) + _label_fit(c, m.label)
                      + (_W_DATELINE_TOWN if dateline and c.feature_class == "P" else 0.0)
                      + (_W_TOWN_SLOT if town and c.feature_class != "P" else 0.0)
                      + (_W_RIVER_SLOT if river and c.feature_code == "STM" else 0.0)
                      for r, c in enumerate(cands)]
            _seats(cands, priors, m.text)
            _larger_namesakes(cands, priors, m.text)
            _overshadowed(cands, priors, m.text)
            found = (cands, via, tuple(priors), how)
            if len(self._prior_cache) > 100_000:
                self._prior_cache.clear()
            self._prior_cache[key] = found
        return found

    def _groups(self, mentions: Sequence[Mention], text: str = "") -> tuple[list[_Group], list[int]]:
        groups: list[_Group] = []
        index: dict[str, int] = {}
        group_of: list[int] = []
        dated: set[int] = set()
        for m in mentions:
            key = normalize(m.name) or m.name.lower()
            if _CITY_FORM.search(m.name):
                key += " city"  # "Mexico City" is not the "Mexico" the article also names
            gi = index.get(key)
            dateline = _dateline(text, m)
            if gi is None:
                cands, via, priors, how = self._priors(m, dateline, _town_slot(text, m), _river_slot(text, m))
                gi = index[key] = len(groups)
                groups.append(_Group(key, [], cands, list(priors), via, how))
            elif dateline and gi not in dated:
                # the headline said "Washington" first; the dateline says which one the story means
                g = groups[gi]
                g.candidates, g.via, priors, g.how = self._priors(m, True)
                g.priors = list(priors)
            if dateline:
                dated.add(gi)
            groups[gi].mentions.append(m)
            group_of.append(gi)
        return groups, group_of

    def _score(self, groups: list[_Group]) -> None:
        """Iterate context scores until the senses settle (a few rounds).

        Names are revised one at a time, each against the *current* senses of the others (not
        those of the round before): revising all at once lets two names swap senses round after
        round ("Notre-Dame" and "Paris" each following the other's stale sense to Indiana and
        Illinois). The names the prior is least sure of go first, so a name of one clear sense
        ("Paris" the capital) anchors an ambiguous one before the ambiguous one can pull it away.
        """
        for g in groups:
            g.scores = list(g.priors)
            g.best = _argmax(g.scores)
        order = sorted(range(len(groups)), key=lambda gi: (_margin(groups[gi].priors), gi))
        context = _Context.of(groups)
        # a name's scores depend on the current senses alone: one scored since the last change keeps
        # its scores (so the round that only confirms the senses costs nothing)
        version, scored_at = 0, {}
        for _ in range(_ROUNDS):
            changed = False
            for gi in order:
                g = groups[gi]
                if len(g.candidates) < 2:
                    if g.candidates:
                        g.scores = [g.priors[0]]
                    continue
                if scored_at.get(gi) == version:
                    continue
                scored_at[gi] = version
                # context can only lift the candidates it touches: the best few by prior, those in
                # the article's countries, and world regions; the rest keep their prior
                if not g.top:
                    g.top = set(sorted(range(len(g.priors)), key=g.priors.__getitem__)[-_ACTIVE_TOP:])
                active = _active(g, context.countries, context.divisions)
                terms: dict = {}
                new = [p + self._context_score(gi, g, c, groups, context, terms) if i in active else p
                       for i, (c, p) in enumerate(zip(g.candidates, g.priors))]
                g.scores = new
                best = _argmax(new)
                if best != g.best:
                    g.best = best
                    changed = True
                    context = _Context.of(groups)  # the others see this name's new sense at once
                    version += 1
            if not changed:
                break

    def _context_score(self, gi: int, g: _Group, c: Candidate, groups: list[_Group], ctx: "_Context",
                       terms: dict | None = None) -> float:
        """The context's part of a candidate's score. ``terms``: the country terms already
        computed for this name against this context, by country (the senses of "Springfield"
        share them); added one by one, so the sum is the same float either way."""
        s = 0.0
        # stated containment: any sense of the container that holds this candidate
        for oi in g.contained_in:
            if _held(groups[oi], c):
                s += _W_CONTAINED
        for oi in g.containing:
            if _holds(c, groups[oi]):
                s += _W_CONTAINED
            inner = ctx.sense.get(oi)
            if inner is not None and c.feature_class == "P" and not contains(c, inner) \
                    and _held(g, inner, units_only=True):
                # "St. Thomas, Ontario" in a story of Ohio: the name that holds the town is the
                # province that does, not a town of that name (in Ohio) that does not
                s += _W_UNIT_SLOT
        if g.peers:
            # "British Columbia, Alberta, Manitoba, Ontario and New Brunswick": the names of a
            # list are one kind of place, the province rather than the town in Ohio
            kinds = [_kind(ctx.sense[p]) for p in g.peers if p in ctx.sense]
            if kinds:
                s += _W_PEER * kinds.count(_kind(c)) / len(kinds)
        if c.country:
            key = (c.country, c.is_country)
            found = terms.get(key) if terms is not None else None
            if found is None:
                found = _country_terms(gi, c.country, c.is_country, ctx)
                if terms is not None:
                    terms[key] = found
            for t in found:
                s += t
            if c.admin1 and (c.feature_code or "") != "ADM1" and ctx.admin1_named(c.country, c.admin1, gi):
                # shared among the divisions of that country the article names: one named says
                # which Springfield; a history that names ten of Mexico's states says little
                # about which Veracruz
                s += _W_ADMIN1 / math.sqrt(ctx.divisions_named(c.country, gi))
        if c.country is None and c.is_region:
            # a world region or continent: the share of the article's places that lie in it
            inside = ctx.share_within(c, gi, _REGION_KM)
            s += (_W_SHARE + _W_COUNTRY_NAMED) * inside
        if not c.is_region:
            d = ctx.nearest_km(c, gi)
            if d is not None and d < _NEAR_FAR_KM:
                s += _W_NEAR * math.log2(_NEAR_FAR_KM / max(d, _NEAR_CAP_KM))
        return s

    def _geocode(self, m: Mention, groups: list[_Group], problems: list[Problem]) -> Candidate | None:
        countries = Counter(g.candidates[g.best].country for g in groups
                            if g.candidates and g.candidates[g.best].country)
        codes = [c for c, _ in countries.most_common(3)] or None
        try:
            return self.geocoder.geocode(m.name, country_codes=codes)
        except GeocoderError as e:
            problems.append(Problem(m.name, f"left unresolved: {e}"))
            return None


def _country_terms(gi: int, country: str, is_country: bool, ctx: "_Context") -> tuple[float, ...]:
    """What the article's other names say for a candidate in ``country``: how many lie in the
    same country, their share, the country named."""
    out = []
    n = ctx.country_count(country, gi)
    out.append(_W_COUNTRY * math.log1p(n))
    total = ctx.total - ctx.weight.get(gi, 0)
    if total > 0:
        out.append(_W_SHARE * n / total)
    if ctx.country_named(country, gi) and not is_country:
        out.append(_W_COUNTRY_NAMED)
    return tuple(out)


class _Context:
    """What the article's other names currently resolve to."""

    def __init__(self, resolved: list[tuple[int, Candidate, int]]):
        self.resolved = resolved
        self.by_country: dict[str, Counter] = defaultdict(Counter)
        self.countries_named: dict[str, set[int]] = defaultdict(set)
        self.admin1s: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.points: list[tuple[int, float, float]] = []
        self.weight: dict[int, int] = {gi: weight for gi, _, weight in resolved}
        self.everything = [(gi, c) for gi, c, _ in resolved]
        self.sense = {gi: c for gi, c, _ in resolved}
        self.countries = {c.country for _, c, _ in resolved if c.country}
        self.divisions = {(c.country, c.admin1) for _, c, _ in resolved
                          if (c.feature_code or "") == "ADM1" and c.admin1}
        self.total = sum(self.weight.values())
        for gi, c, weight in resolved:
            if c.country:
                self.by_country[c.country][gi] += weight
            if c.is_country:
                self.countries_named[c.country].add(gi)
            elif (c.feature_code or "") == "ADM1" and c.admin1:
                self.admin1s[(c.country, c.admin1)].add(gi)
            if not c.is_region:
                self.points.append((gi, c.lat, c.lon))
        self.country_totals = {cc: sum(counts.values()) for cc, counts in self.by_country.items()}

    @classmethod
    def of(cls, groups: list[_Group]) -> "_Context":
        return cls([(gi, g.candidates[g.best], len(g.mentions)) for gi, g in enumerate(groups) if g.candidates])

    def country_count(self, country: str, gi: int) -> int:
        counts = self.by_country.get(country)
        if not counts:
            return 0
        return self.country_totals[country] - counts.get(gi, 0)

    def country_named(self, country: str, gi: int) -> bool:
        named = self.countries_named.get(country)
        return bool(named) and len(named) > (gi in named)

    def admin1_named(self, country: str, admin1: str, gi: int) -> bool:
        named = self.admin1s.get((country, admin1))
        return bool(named) and len(named) > (gi in named)

    def divisions_named(self, country: str, gi: int) -> int:
        """How many first-level divisions of ``country`` the other names resolve to, when that is
        :data:`_MANY_DIVISIONS` or more; else 1 (a town and its state, and a neighbour, are one
        place's context)."""
        n = sum(1 for (cc, _), named in self.admin1s.items() if cc == country and len(named) > (gi in named))
        return n if n >= _MANY_DIVISIONS else 1

    def share_within(self, c: Candidate, gi: int, km: float) -> float:
        """The weighted share of the other resolved toponyms within ``km`` of ``c``."""
        total = inside = 0
        for other, o in self.everything:
            if other == gi:
                continue
            w = self.weight.get(other, 1)
            total += w
            if _fast_km(c.lat, c.lon, o.lat, o.lon) < km:
                inside += w
        return inside / total if total else 0.0

    def nearest_km(self, c: Candidate, gi: int) -> float | None:
        # _fast_km inlined, and compared squared: the context scores ask this of every candidate
        # of every name against every other name, the costliest loop of a run without NER. The
        # arithmetic is _fast_km's, operation for operation, so the distances are the same floats.
        best = None
        clat, clon = c.lat, c.lon
        cos, deg = math.cos, _DEG
        for other, lat, lon in self.points:
            if other == gi or abs(lat - clat) > _NEAR_FAR_DEG:
                continue  # beyond the distance that earns anything: skip the arithmetic
            dlon = abs(lon - clon)
            if dlon > 180.0:
                dlon = 360.0 - dlon
            x = dlon * deg * cos((clat + lat) / 2 * deg)
            y = (lat - clat) * deg
            q = x * x + y * y
            if best is None or q < best:
                best = q
        return None if best is None else 6371.0 * math.sqrt(best)


_BETWEEN_IN = re.compile(r"^\s*(?:,|in|\(|, in|in the|of)\s*$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^\s*['’]s?\s*$")


def _relations(mentions: Sequence[Mention], text: str, groups: list[_Group], group_of: list[int]) -> None:
    """Stated containment between neighbouring mentions: "X, Y", "X in Y", "X (Y)", "Y's X".
    Commas inside a list of three or more names ("Michigan, Oregon, Indiana and Ohio") join
    peers, not a place and its container."""
    for k in range(len(mentions) - 1):
        a, b = mentions[k], mentions[k + 1]
        between = text[a.end:b.start]
        if len(between) > 12:
            continue
        ga, gb = group_of[k], group_of[k + 1]
        if ga == gb:
            continue
        if _POSSESSIVE.match(between):
            inner, outer = gb, ga
        elif _BETWEEN_IN.match(between):
            if between.strip() == "," and _in_list(mentions, k, text, groups, group_of):
                continue  # a list of peers: "A, B, C", "Michigan, Oregon and Ohio"
            inner, outer = ga, gb
        else:
            continue
        if outer not in groups[inner].contained_in:
            groups[inner].contained_in.append(outer)
            groups[outer].containing.append(inner)


_AND = re.compile(r"^\s*,?\s*(?:and|or|&)\s*$", re.IGNORECASE)


def _peers(mentions: Sequence[Mention], text: str, groups: list[_Group], group_of: list[int]) -> None:
    """The lists of names: runs of mentions joined by "and", "or", or the commas of a list (see
    :func:`_in_list`; "Paris, Texas" is no list). Each name learns the other names of its list."""
    runs: list[list[int]] = []
    for k in range(len(mentions) - 1):
        between = text[mentions[k].end:mentions[k + 1].start]
        joined = bool(_AND.match(between)) or (between.strip() == "," and len(between) <= 3
                                                and _in_list(mentions, k, text, groups, group_of))
        if not joined:
            continue
        if runs and runs[-1][-1] == k:
            runs[-1].append(k + 1)
        else:
            runs.append([k, k + 1])
    for run in runs:
        members = list(dict.fromkeys(group_of[i] for i in run))
        for gi in members:
            for other in members:
                if other != gi and other not in groups[gi].peers:
                    groups[gi].peers.append(other)


def _kind(c: Candidate) -> str:
    """The kind of place, as lists keep to one: country, first- or second-level division, town,
    or the GeoNames feature class of anything else."""
    if c.is_country:
        return "country"
    code = c.feature_code or ""
    if code in ("ADM1", "ADM2"):
        return code
    return "town" if c.feature_class == "P" else (c.feature_class or "")


def _in_list(mentions: Sequence[Mention], k: int, text: str, groups: list[_Group], group_of: list[int]) -> bool:
    """Are mentions k and k + 1, joined by a comma, items of a list rather than a place and its
    container? Three names joined by commas are a list ("A, B, C"); so are three joined by a
    comma and an "and" when each can be a division or country, peers ("Washington,
    Pennsylvania and California"), which a town and its state are not ("Paris, Texas, and Dallas")."""
    def sep(i: int) -> str:
        return text[mentions[i].end:mentions[i + 1].start] if 0 <= i < len(mentions) - 1 else "."
    before, after = sep(k - 1), sep(k + 1)
    if before.strip() == "," or after.strip() == ",":
        return True
    if _AND.match(before):
        trio = (k - 1, k, k + 1)
    elif _AND.match(after):
        trio = (k, k + 1, k + 2)
    else:
        return False
    return all(any(c.is_country or (c.feature_code or "") == "ADM1" for c in groups[group_of[i]].candidates[:5])
               for i in trio)


def _held(container: _Group, c: Candidate, units_only: bool = False) -> bool:
    """Does some sense of the container group hold ``c``? Countries and first-level divisions are
    compared by code (precomputed once per group), other containers by :func:`contains` (not
    asked with ``units_only``)."""
    if container.holds is None:
        codes: set = set()
        others = []
        for k, o in enumerate(container.candidates[:10]):
            if o.is_country:
                codes.add(o.country)
            elif (o.feature_code or "") == "ADM1" and o.admin1:
                codes.add((o.country, o.admin1))
            elif k < 3:  # a town or region as container: its best few senses
                others.append(o)
        container.holds = (codes, others)
    codes, others = container.holds
    if units_only:
        others = []
    if c.is_country:
        return any(contains(o, c) for o in others)
    if c.country in codes or ((c.country, c.admin1) in codes and (c.feature_code or "") != "ADM1"):
        return True
    return any(contains(o, c) for o in others)


def _active(g: _Group, countries: set, divisions: set) -> set[int]:
    """The candidates worth scoring with context: the best by prior, world regions, those in a
    first-level division the article names, and the best few in each of the article's countries
    (a hamlet ranked 90th among its country's namesakes needs its division named to win)."""
    active = set(g.top)
    per_country: dict[str, int] = {}
    for i, c in enumerate(g.candidates):  # candidates come best prior first
        if c.country is None or (c.country, c.admin1) in divisions:
            active.add(i)
        elif c.country in countries:
            n = per_country.get(c.country, 0)
            if n < _ACTIVE_PER_COUNTRY:
                active.add(i)
                per_country[c.country] = n + 1
    return active


def _holds(c: Candidate, inner: _Group) -> bool:
    """Does ``c`` contain some sense of the inner group? By code for a country or first-level
    division (precomputed once per group), by :func:`contains` for anything else."""
    if inner.inside is None:
        countries, divisions = set(), set()
        for o in inner.candidates[:20]:
            if not o.is_country:
                countries.add(o.country)
                if (o.feature_code or "") != "ADM1":
                    divisions.add((o.country, o.admin1))
        inner.inside = (countries, divisions)
    if c.is_country:
        return c.country in inner.inside[0]
    if (c.feature_code or "") == "ADM1":
        return (c.country, c.admin1) in inner.inside[1]
    return any(contains(c, o) for o in inner.candidates[:5])


def _margin(priors: Sequence[float]) -> float:
    """How far the best prior stands above the second: the prior's certainty about a name."""
    if len(priors) < 2:
        return math.inf
    first = second = -math.inf
    for p in priors:
        if p > first:
            first, second = p, first
        elif p > second:
            second = p
    return first - second


def _argmax(xs: Sequence[float]) -> int:
    """The index of the first largest score (0 for none)."""
    return xs.index(max(xs)) if xs else 0


def _plausible_variants(groups: list[_Group]) -> None:
    """Keep, of the senses the fallback lookup found for a name the gazetteer does not know, those
    the article makes plausible: a spelling variant of a notable place (a country, a division, a
    capital, a place of 100,000 people) or of one in a country the article's other names lie in;
    a name one edit away from a notable place, in such a country, or anywhere when no other name
    of the article is resolved. Two small places' names often meet by chance ("Saidiyah", a
    district of Baghdad, and Saidia in Morocco); a misspelling of a great one seldom does."""
    if not any(g.how for g in groups):
        return
    countries = {g.candidates[_argmax(g.priors)].country for g in groups if not g.how and g.candidates}
    countries.discard(None)
    for g in groups:
        if not g.how:
            continue
        if g.how == NAME_LOOSE:
            keep = [i for i, c in enumerate(g.candidates) if c.country in countries or notable_entry(c)]
        else:
            keep = [i for i, c in enumerate(g.candidates) if c.country in countries or not countries]
        g.candidates = tuple(g.candidates[i] for i in keep)
        g.priors = [g.priors[i] + _W_VARIANT[g.how] for i in keep]
        if not keep:
            g.how, g.via = 0, ""


def _confidence(g: _Group) -> float:
    factor = _VARIANT_CONFIDENCE.get(g.how, 1.0)
    if len(g.scores) < 2:
        return calibrate(1.0) * factor
    top = g.scores[g.best]
    z = sum(math.exp((s - top) / _TEMPERATURE) for s in g.scores)
    return calibrate(1.0 / z) * factor


def _reason(g: _Group, groups: list[_Group]) -> str:
    c = g.candidates[g.best]
    parts = []
    if g.via:
        parts.append(f"found as {g.via!r}")
    if g.how == NAME_LOOSE:
        parts.append(f"a spelling variant of {c.name}")
    elif g.how == NAME_FUZZY:
        parts.append(f"one letter away from {c.name}")
    if len(g.candidates) == 1:
        parts.append("the only gazetteer entry of the name")
    else:
        order = sorted(range(len(g.candidates)), key=lambda i: -g.priors[i])
        if order[0] == g.best:
            parts.append(f"the most prominent of {len(g.candidates)} entries "
                         f"({c.feature_code or '?'}, population {c.population:,})")
        else:
            parts.append(f"context over prior among {len(g.candidates)} entries")
    for oi in g.contained_in:
        o = groups[oi]
        if o.candidates and contains(o.candidates[o.best], c):
            parts.append(f"in {o.candidates[o.best].name} as the text says")
    if len(g.mentions) > 1:
        parts.append(f"one sense for {len(g.mentions)} mentions")
    return "; ".join(parts)
