"""Time expressions -> calendar values with a precision, anchored on the publication date.

Interface:
    extract(text, dct) -> list[TimeExpr]     TimeML types and TIMEX3 values
"""

from __future__ import annotations


def extract(text, dct):
    raise NotImplementedError
