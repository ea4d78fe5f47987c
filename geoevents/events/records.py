"""The event stage's working records, shared by its parts (no logic here, so no part imports another
through them).

``Trigger`` a word of the lexicon matched in a segment; ``Status`` occurred or not, with the
cue; ``When`` an event's date with its precision and bounds; ``Timex`` a time expression placed
on the parse; ``Draft`` one telling of an event in one segment, before the article's tellings
are joined into events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geoevents.lexicon import TriggerRule
from geoevents.events.segments import Segment
from geoevents.model import Location, TimeExpr, TimePrecision

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Trigger:
    tok: Token
    rule: TriggerRule
    mode: str | None

    @property
    def i(self) -> int:
        return self.tok.i

    @property
    def role_rank(self) -> int:
        return {"event": 2, "given": 2, "weak": 1}.get(self.rule.role, 0)


@dataclass(frozen=True)
class Status:
    status: str
    cue: str = ""


@dataclass(frozen=True)
class When:
    date: dt.date | None = None
    precision: TimePrecision = "none"
    earliest: dt.date | None = None
    latest: dt.date | None = None
    reason: str = ""
    inferred: bool = False
    own: bool = False  # stated in the event's own clause or sentence
    recent: bool = False  # inferred from the present perfect: the article's own news


@dataclass(frozen=True)
class Timex:
    timex: TimeExpr
    first: dt.date
    last: dt.date
    precision: TimePrecision
    tokens: tuple[int, ...]
    root: int


@dataclass
class Draft:
    """One telling of an event in one segment, before the article's tellings are joined."""

    key: int
    seg: Segment
    group: list[Trigger]
    main: Trigger
    type: str
    mode: str | None
    label: str | None
    status: Status
    when: When = field(default_factory=When)
    locations: list[Location] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    fatalities: int | None = None
    injuries: int | None = None
    anaphoric: bool = False
    #: keys of the tellings of the same article this one happened after
    after: set[int] = field(default_factory=set)
    #: keys of the tellings the article tells apart from this one
    apart: set[int] = field(default_factory=set)
    another: bool = False
    summary: str = ""
    root_level: bool = False
    #: a noun that dates something else ("during the election", "after the attack")
    anchor: bool = False

    @property
    def weak(self) -> bool:
        return self.seg.headline or self.anaphoric or not self.when.own
