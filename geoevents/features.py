"""GeoNames feature codes: the one table of what each kind of place is to geoevents.

``data/feature_codes.tsv`` holds a row per code (PCLI, ADM1, PPLC, AIRP ...) and one per feature
class (A, P, S ...), the default of the class's codes. Every stage asks here instead of keeping a
table of its own: the gazetteer's prior, the resolver's bonus, recognition's broad areas, the
event stage's and the merge's specificity, the map's circle radius.

Interface:
    feature(code) -> FeatureCode | None        the code's row
    feature_class(code) -> str | None           the class of a code (``PPLA2`` -> ``P``), for files that give none
    kind(code, feature_class) -> str            country, region, adm1, adm2, capital, town or spot
    specificity(code, feature_class) -> int     smaller is more specific (a building 0 ... a world region 7)
    is_country(code), is_region(code), borderless(code), broad(code), notable(code), is_seat(code) -> bool
    prior_tier(code, country) -> int            3 countries, 2 continents and world regions, else 0
    prior_weight(code) -> float, resolver_bonus(code) -> float, radius_km(code, region) -> int
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["FeatureCode", "feature", "feature_class", "kind", "specificity", "is_country", "is_region",
           "borderless", "broad", "notable", "is_seat", "prior_tier", "prior_weight", "resolver_bonus", "radius_km",
           "COUNTRY_TIER", "REGION_TIER"]

COUNTRY_TIER, REGION_TIER = 3, 2
#: specificity of a place whose code and class say nothing
_UNKNOWN_SPECIFICITY = 3


@dataclass(frozen=True)
class FeatureCode:
    """One row of ``feature_codes.tsv``; None where the row leaves a column blank."""

    code: str
    feature_class: str
    kind: str | None
    specificity: int | None
    region: bool
    borderless: bool
    broad: bool
    notable: bool
    tier: int
    prior_weight: float | None
    bonus: float | None
    radius_km: int | None
    seat: bool
    name: str


def _int(value: str) -> int | None:
    return int(value) if value else None


def _float(value: str) -> float | None:
    return float(value) if value else None


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, FeatureCode]:
    text = resources.files("geoevents").joinpath("data/feature_codes.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows: dict[str, FeatureCode] = {}
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        rows[r["code"]] = FeatureCode(
            code=r["code"], feature_class=r["class"], kind=r["kind"] or None, specificity=_int(r["specificity"]),
            region=r["region"] == "1", borderless=r["borderless"] == "1", broad=r["broad"] == "1",
            notable=r["notable"] == "1", tier=_int(r["tier"]) or 0, prior_weight=_float(r["prior_weight"]),
            bonus=_float(r["bonus"]), radius_km=_int(r["radius_km"]), seat=r["seat"] == "1", name=r["name"])
    return rows


def feature(code: str | None) -> FeatureCode | None:
    """The row of a feature code (not of a class: ``feature("P")`` is None)."""
    if not code or len(code) == 1:
        return None
    return _table().get(code)


def _class_row(feature_class: str | None) -> FeatureCode | None:
    return _table().get(feature_class) if feature_class and len(feature_class) == 1 else None


@functools.lru_cache(maxsize=256)
def feature_class(code: str | None) -> str | None:
    """The class of a code, or of the longest code of the table it starts with (``PPLF`` -> ``P``,
    ``CMPQ`` -> ``S``): for place files that give a feature code without its class."""
    if not code or len(code) == 1:
        return None
    row = feature(code)
    if row is not None:
        return row.feature_class
    prefixes = [c for c in _table() if len(c) > 1 and code.startswith(c)]
    return _table()[max(prefixes, key=len)].feature_class if prefixes else None


def kind(code: str | None, feature_class: str | None) -> str:
    """country, region, adm1, adm2, capital, town (a populated place) or spot (anything else)."""
    row = feature(code)
    if row is not None and row.kind:
        return row.kind
    cls = _class_row(feature_class)
    return cls.kind if cls is not None and cls.kind else "spot"


def specificity(code: str | None, feature_class: str | None) -> int:
    """How specific a place of this code and class is: 0 a building or spot, 1 a part of a town,
    2 a town, 4 a district, 5 a first-level division, 6 a country, 7 a world region."""
    row = feature(code)
    if row is not None and row.specificity is not None:
        return row.specificity
    cls = _class_row(feature_class)
    return cls.specificity if cls is not None and cls.specificity is not None else _UNKNOWN_SPECIFICITY


def is_country(code: str | None) -> bool:
    row = feature(code)
    return row is not None and row.kind == "country"


def is_region(code: str | None) -> bool:
    """Larger than a town: a country, a first- or second-level division, a region, a continent."""
    row = feature(code)
    return row is not None and row.region


def borderless(code: str | None) -> bool:
    """A continent or world region: no outline here, so containment is only by distance."""
    row = feature(code)
    return row is not None and row.borderless


def broad(code: str | None) -> bool:
    """A large named area (a division, region, island, sea, desert ...) that recognition takes
    from the text without NER's word."""
    row = feature(code)
    return row is not None and row.broad


def notable(code: str | None) -> bool:
    """Found by any of its names, and by a name one edit away, in the gazetteer's fallback lookup."""
    row = feature(code)
    return row is not None and row.notable


def is_seat(code: str | None) -> bool:
    """A capital or the seat of a first- or second-level division: the gazetteer finds it by the
    spellings of its names (a loose key) whatever its population."""
    row = feature(code)
    return row is not None and row.seat


def prior_tier(code: str | None, country: str | None) -> int:
    """The gazetteer prior's tier: countries first, then continents and world regions (a region
    within a country, RGN with a country code, is not a world region)."""
    row = feature(code)
    if row is None:
        return 0
    if row.tier == REGION_TIER and row.code == "RGN" and country is not None:
        return 0
    return row.tier


def prior_weight(code: str | None) -> float:
    """What the gazetteer prior multiplies a population by: a capital stands out among places of
    its name, a division's summed population counts a fifth."""
    row = feature(code)
    return row.prior_weight if row is not None and row.prior_weight is not None else 1.0


def resolver_bonus(code: str | None) -> float:
    """The resolver's log-odds for the kind of place, beyond its population."""
    row = feature(code)
    return row.bonus if row is not None and row.bonus is not None else 0.0


def radius_km(code: str | None, region: bool) -> int:
    """The radius of the circle the map draws for a region-precision place without an outline."""
    row = feature(code)
    if row is not None and row.radius_km is not None:
        return row.radius_km
    return 150 if region else 50
