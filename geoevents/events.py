"""Event extraction: sentences -> typed Events (what, who, where, when, how many).

Interface:
    extract_events(document, doc, places, timexes) -> list[Event]
"""

from __future__ import annotations


def extract_events(document, doc, places, timexes):
    raise NotImplementedError
