"""The data model every stage shares: frozen, typed dataclasses.

Offsets are character offsets, end-exclusive, into ``Document.text`` exactly as it was read, so
any output (a place in ``places.jsonl``, the evidence in a map popup) can be traced back to the
article. Coordinates are the named fields ``lat`` and ``lon``; :func:`lonlat` is the one place
where they are flipped into GeoJSON's ``[lon, lat]`` order.

Words, used alike in every module: a *mention* is a place name in the text (:class:`Mention`);
a *telling* is an event as one passage of one article tells it: a ``Draft`` while the event
stage assembles it, a ``merge.Telling`` when the tellings of an article are joined, and a
:class:`Source` of the :class:`Event` it became.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Literal, Mapping, Sequence, Union

from geoevents import features

__all__ = [
    "Document",
    "Mention",
    "Candidate",
    "Place",
    "TimeExpr",
    "Location",
    "Source",
    "Event",
    "Problem",
    "Result",
    "PlaceTally",
    "PlaceCount",
    "RunningSum",
    "place_key",
    "Role",
    "TimePrecision",
    "EventStatus",
    "lonlat",
    "latlon",
    "distance_km",
    "Shapes",
    "outline",
]

#: ``literal``: the name is used as a location ("killed in Baghdad").
#: ``associative``: a place name used for something else: a demonym ("Iraqi officials"), part of
#: an organisation's name ("Quds Force"), a capital standing for its government ("Tehran vowed").
Role = Literal["literal", "associative"]

#: How precisely a date is known. ``none``: the event has no date the text supports.
TimePrecision = Literal["day", "week", "month", "quarter", "year", "none"]

#: ``occurred``: the text says it happened. Everything else is kept for the record but is never
#: drawn as something that happened: ``planned`` ("will retaliate", "plans to attack"),
#: ``threatened`` ("vowed revenge"), ``demanded`` ("called for a strike"), ``negated`` ("did not
#: strike"), ``hypothetical`` ("could strike"), ``alleged`` (told only as someone's accusation:
#: "accused them of shelling the town"), ``background`` (undated career or history: "known for
#: the massacre"). The act of threatening, demanding or accusing is itself an event that occurred.
EventStatus = Literal["occurred", "planned", "threatened", "demanded", "negated", "hypothetical", "alleged",
                      "background"]


@dataclass(frozen=True)
class Document:
    """One news article as read.

    ``id`` is the JSONL/CSV ``id`` field, else the file name. ``published`` anchors every
    relative date in the text ("yesterday", "last Friday"); it may be unknown.
    """

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    path: str | None = None
    #: toponym spans supplied with the input (``"toponyms": [{"start", "end"}]`` in JSONL),
    #: resolved instead of recognised when the user asks for given spans
    given_spans: tuple[tuple[int, int], ...] = ()
    #: event trigger spans supplied with the input (``"triggers": [{"start", "end"}]``): one
    #: event each when the user asks for given triggers
    given_triggers: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Mention:
    """A toponym recognised in a document: a span of text that names a place.

    ``label`` says what recognised it: the spaCy NER label (``GPE``, ``LOC``, ``FAC``, ``ORG``,
    ``NORP`` ...) or ``GAZ`` for the gazetteer matcher, ``GIVEN`` for spans supplied by the user.
    ``name`` is the form looked up in the gazetteer (possessive and leading article removed,
    demonym mapped to its country ...), ``text`` the surface form ``doc.text[start:end]``.
    """

    start: int
    end: int
    text: str
    name: str
    label: str
    role: Role = "literal"


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry (or a Nominatim answer) that a toponym may refer to.

    ``id`` is namespaced by its source: ``geonames:98182``, ``airport:ORBI``,
    ``curated:iq-baghdad-green-zone``, ``user:...``, ``nominatim:way/123``.
    ``feature_class`` and ``feature_code`` follow GeoNames (``A``/``PCLI`` a country,
    ``P``/``PPLC`` a capital, ``S``/``AIRP`` an airport, ``L``/``RGN`` a region ...).
    ``country`` is ISO 3166-1 alpha-2, or None for places in no one country (the Middle East).
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int = 0
    admin1: str | None = None
    source: str = "geonames"

    # cached on the instance (a frozen dataclass still has a __dict__): the resolver asks these of
    # every candidate of every name in every round, and candidates are shared across articles
    @functools.cached_property
    def is_country(self) -> bool:
        return features.is_country(self.feature_code)

    @functools.cached_property
    def is_region(self) -> bool:
        """A place larger than a town: a country, a first-level division, a region, a continent."""
        return self.is_country or features.is_region(self.feature_code)


@dataclass(frozen=True)
class Place:
    """A mention resolved to one candidate, with a confidence in ``[0, 1]`` and the reason.

    ``candidate`` is None when nothing could be found (the place is then reported as
    unresolved and can be no event's location).
    """

    mention: Mention
    candidate: Candidate | None
    score: float = 0.0
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.candidate is not None

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end

    @property
    def role(self) -> Role:
        return self.mention.role


@dataclass(frozen=True)
class TimeExpr:
    """A time expression in the text with its TIMEX3-style type and value.

    ``type`` is DATE, TIME, DURATION or SET; ``value`` a TIMEX3 value (``2019-12-27``,
    ``2019-12``, ``2019-W52``, ``P2D``, ``PRESENT_REF`` ...). ``precision`` is the calendar
    granularity of a DATE/TIME value, None for durations and sets.
    """

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    precision: TimePrecision | None = None

    @property
    def day(self) -> dt.date | None:
        """The calendar day of a day-precise value, else None."""
        v = self.value
        if len(v) >= 10 and v[4] == "-" and v[7] == "-":
            try:
                return dt.date(int(v[0:4]), int(v[5:7]), int(v[8:10]))
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class Location:
    """Where an event happened: one of the places its article mentions.

    ``precision`` is the ACLED geo-precision: 1 the exact place, 2 near or part of a town,
    3 a region or a country. ``reason`` says why this place was chosen (``location_reason``).
    """

    place: Place
    precision: int
    reason: str
    #: True when the text gives no place for the event and this one is a fallback (the article's
    #: main country, the speaker's seat): merging prefers a place the text states
    inferred: bool = False


@dataclass(frozen=True)
class Source:
    """One article's telling of an event: the evidence sentence and its offsets in the article."""

    doc: str
    sentence: str
    start: int
    end: int
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    #: offsets (into the article) of the toponym that located the event, for highlighting
    place_start: int | None = None
    place_end: int | None = None
    #: offsets of the word that names the event (the trigger)
    trigger_start: int | None = None
    trigger_end: int | None = None


@dataclass(frozen=True)
class Event:
    """Something the news says happened somewhere on some day.

    ``type`` is a PLOVER event type in capitals (ASSAULT, PROTEST, COERCE, CONSULT, OTHER
    ...), ``mode`` its PLOVER mode (``aerial``, ``drone``, ``riot`` ...) and ``label`` the kind
    of an OTHER event (``statement``, ``disaster``, ``accident``, ``death``, ``election`` ...).
    PLOVER 2021 has no statement type: a public statement is OTHER labelled ``statement``. An event told by
    several articles is one Event with several ``sources``.
    """

    id: str
    type: str
    date: dt.date | None
    time_precision: TimePrecision
    locations: tuple[Location, ...]
    summary: str
    sources: tuple[Source, ...]
    mode: str | None = None
    label: str | None = None
    status: EventStatus = "occurred"
    date_reason: str = ""
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    fatalities: int | None = None
    injuries: int | None = None
    trigger: str = ""
    #: ACLED crosswalk: (event_type, sub_event_type)
    acled: tuple[str, str] | None = None
    #: the earliest and latest day the text allows when ``date`` is unknown or coarse
    earliest: dt.date | None = None
    latest: dt.date | None = None
    #: True when ``date`` is not stated for this event but carried over from the narrative (the
    #: date the article last gave): merging treats it as a guess, not as a conflicting date
    date_inferred: bool = False
    #: ids of events of the same article that this one followed ("in retaliation for", "then"):
    #: they are never the same event, and two articles agreeing on them help merging
    after: tuple[str, ...] = ()

    @property
    def occurred(self) -> bool:
        return self.status == "occurred"


@dataclass(frozen=True)
class Problem:
    """Something that went wrong with one input or one lookup; the run goes on without it."""

    where: str
    message: str
    kind: str = "warning"


@dataclass(frozen=True)
class Result:
    """What a run produced: the articles read, the places per article, the merged events.

    A run over a lazy input keeps neither its documents nor each article's places (``documents``
    and ``places`` are then empty: a million articles' places would not fit in memory), only
    ``place_tally``, the places counted per place, which is what ``places.geojson`` shows. A
    Result made without a tally (``place_tally`` None) is counted from ``places`` when needed.
    """

    documents: tuple[Document, ...]
    places: Mapping[str, tuple[Place, ...]]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = field(default=())
    place_tally: "PlaceTally | None" = None

    def tally(self) -> "PlaceTally":
        """The places of every article counted per place: ``place_tally``, else from ``places``."""
        return self.place_tally if self.place_tally is not None else PlaceTally.of(self.places)


# -- the places of many articles, counted as they arrive ------------------------------------------
# (mutable, unlike the rest of the model: a run adds each article's places to one tally, so it
# never holds every article's Place objects)

def place_key(place: Place) -> str:
    """The key ``places.geojson`` counts a place under: its gazetteer id, or ``unresolved:`` and
    the name as written (spaces collapsed, lower case) for a toponym nothing could locate."""
    if place.candidate is not None:
        return place.candidate.id
    return "unresolved:" + " ".join(place.mention.text.split()).lower()


#: the builtin sum() compensates the rounding of floats since Python 3.12 (Neumaier)
_COMPENSATED = sys.version_info >= (3, 12)


@dataclass(slots=True)
class RunningSum:
    """``sum(xs)`` of numbers seen one at a time, equal to the builtin's result to the last bit
    (the mean score in places.geojson is rounded from it: a sum that differs in its last bit
    can round differently). Ints add exactly until the first float, as the builtin does."""

    total: float = 0
    carry: float = 0.0
    floating: bool = False

    def add(self, x: float) -> None:
        if not self.floating:
            self.total = self.total + x
            self.floating = isinstance(self.total, float)
            return
        x = float(x)
        t = self.total + x
        if _COMPENSATED:
            if abs(self.total) >= abs(x):
                self.carry += (self.total - t) + x
            else:
                self.carry += (x - t) + self.total
        self.total = t

    @property
    def value(self) -> float:
        if self.floating and self.carry and math.isfinite(self.carry):
            return self.total + self.carry
        return self.total


@dataclass(slots=True)
class PlaceCount:
    """One place of ``places.geojson`` as the articles are read: the first telling's candidate
    (None when unresolved) and text, and what the feature's properties count."""

    candidate: Candidate | None
    text: str
    mentions: int = 0
    literal: int = 0
    associative: int = 0
    score: RunningSum = field(default_factory=RunningSum)
    texts: set[str] = field(default_factory=set)
    #: the articles that mention it, each once, in the order read (an article's places come
    #: together, so a repeat is always the last one)
    docs: list[str] = field(default_factory=list)

    def add(self, doc: str, place: Place) -> None:
        self.mentions += 1
        role = place.mention.role
        if role == "literal":
            self.literal += 1
        elif role == "associative":
            self.associative += 1
        self.score.add(place.score)
        self.texts.add(place.mention.text)
        if not self.docs or self.docs[-1] != doc:
            self.docs.append(doc)

    @property
    def mean_score(self) -> float:
        return self.score.value / self.mentions


class PlaceTally:
    """The places of a run's articles counted per place, by :func:`place_key`, in the order the
    places were first met: what ``places.geojson`` shows of them (one :class:`PlaceCount` per
    place, however many articles mention it). Article ids are expected to be unique, as reading
    makes them: each article's places are added once."""

    def __init__(self) -> None:
        self.counts: dict[str, PlaceCount] = {}

    def add(self, doc: str, places: Iterable[Place]) -> None:
        for p in places:
            key = place_key(p)
            count = self.counts.get(key)
            if count is None:
                count = self.counts[key] = PlaceCount(p.candidate, p.mention.text)
            count.add(doc, p)

    @classmethod
    def of(cls, places: Mapping[str, Sequence[Place]]) -> "PlaceTally":
        tally = cls()
        for doc, found in places.items():
            tally.add(doc, found)
        return tally

    def __len__(self) -> int:
        return len(self.counts)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def lonlat(lat: float, lon: float) -> list[float]:
    """GeoJSON position order. The only place where coordinates are flipped for GeoJSON."""
    return [lon, lat]


def latlon(lat: float, lon: float) -> list[float]:
    """Leaflet / folium position order."""
    return [lat, lon]


#: a region outline for a candidate id, as a GeoJSON geometry dict (or None when unknown):
#: a mapping, or a callable such as ``Gazetteer.shape``
Shapes = Union[Mapping[str, dict], Callable[[str], Union[dict, None]]]


def outline(shapes: Shapes | None, candidate_id: str) -> dict | None:
    """The Polygon/MultiPolygon ``shapes`` gives a candidate, or None: no outline, another
    geometry, or a store that cannot answer (the point is drawn instead)."""
    if shapes is None:
        return None
    try:
        shape = shapes(candidate_id) if callable(shapes) else shapes.get(candidate_id)
    except (LookupError, ValueError, OSError):
        return None
    if not shape or shape.get("type") not in {"Polygon", "MultiPolygon"}:
        return None
    return shape
