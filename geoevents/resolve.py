"""Toponym resolution: Mention + the article's context -> Place (ranking, confidence, why).

Interface:
    Resolver(gazetteer, geocoder=None)(mentions, text) -> tuple[list[Place], list[Problem]]
"""

from __future__ import annotations


class Resolver:
    def __init__(self, gazetteer, geocoder=None):
        raise NotImplementedError
