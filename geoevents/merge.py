"""Merge the same event told by several articles into one Event with all its sources.

Interface:
    merge(events) -> list[Event]
"""

from __future__ import annotations


def merge(events):
    raise NotImplementedError
