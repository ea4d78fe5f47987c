"""English: the words and numbers every stage reads, written once (as spaCy keeps ``lang/en``).

Interface:
    number(s) -> float | None          a cardinal in digits or words: "24", "twenty-four", "a",
                                       "two and a half", "a dozen", "three thousand"; None for
                                       vague quantities ("several") and anything else
    count(word) -> int | None          a whole number one word gives ("17", "twenty-four", "dozen"),
                                       for counts of people; None for "a"/"an" and non-integers
    SMALL_NUMBERS, TENS, ORDINALS      number words and their values
    VAGUE_QUANTITIES                   phrases that quantify without a number ("a few", "several")
    VAGUE_PLURALS                      plural words that give no number ("dozens", "hundreds")
    FUTURE_FORMS                       word forms that put a clause in the future ("will", "plans")
    INTENT_LEMMAS                      lemmas of meaning or planning to act ("plan", "intend")
"""

from __future__ import annotations

import re

__all__ = ["number", "count", "SMALL_NUMBERS", "TENS", "ORDINALS", "VAGUE_QUANTITIES", "VAGUE_PLURALS",
           "FUTURE_FORMS", "INTENT_LEMMAS"]

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4,
}
#: quantities that are not a number: "a few days" -> PXD
VAGUE_QUANTITIES = frozenset({"a few", "few", "several", "some", "many", "a couple of", "a couple", "couple of",
                              "a number of", "dozens of", "hundreds of", "a handful of", "numerous", "the few"})
#: plural quantities that give no number ("dozens", "scores", "hundreds of")
VAGUE_PLURALS = frozenset("dozens scores hundreds thousands millions many several numerous some few".split())
#: word forms that put a clause in the future: "will strike", "plans to visit" (the date stage's tense)
FUTURE_FORMS = frozenset({"will", "shall", "'ll", "wo", "gonna", "would", "plans", "plan", "planning", "scheduled",
                          "schedule", "expects", "expect", "slated", "intends", "intend", "upcoming",
                          "forthcoming", "hopes", "aims"})
#: lemmas of meaning, planning or being about to act: what follows them is not yet done (the event
#: stage's status)
INTENT_LEMMAS = frozenset(
    "plan intend prepare plot schedule expect aim seek want hope propose consider mean set "
    "proposal bid intention decision offer "
    "about going".split())

def number(s: str | None) -> float | None:
    """A cardinal in digits or words ("24", "twenty-four", "a", "two and a half") -> value.

    None for vague quantities ("several", "a few") and anything else it cannot read.
    """
    if s is None:
        return None
    s = re.sub(r"\s+", " ", s.lower().replace("-", " ")).strip()
    if s in ("a", "an", "one", "a single", "single"):
        return 1
    if s in ("a couple of", "a couple", "couple of", "couple"):
        return 2             # TimeML reads "a couple of years" as two years
    frac = re.fullmatch(r"(?:(\d+)\s*)?(?:1/2|½)", s)
    if frac:
        return int(frac[1] or 0) + 0.5
    half = 0.0
    if s.endswith(" and a half"):
        s, half = s[: -len(" and a half")], 0.5
    elif s in ("half a", "half an"):
        return 0.5
    s = s.replace(",", "")
    try:
        return float(s) + half
    except ValueError:
        pass
    words = s.split()
    if words and words[0] in ("a", "an") and len(words) == 2:
        words = ["one", words[1]]
    total = 0
    current = 0
    for w in words:
        if w in SMALL_NUMBERS:
            current += SMALL_NUMBERS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif w == "and":
            continue
        else:
            return None
    value = total + current
    return value + half if words else None


#: the number words a count of people is read from, one or two of them ("twenty-four"): "zero",
#: "thousand", "single", "couple" are left out as the event stage always has (reading them is a
#: change of the benchmark figures, to be measured: "at least a thousand people died" gives no toll)
_COUNT_WORDS = frozenset(w for w in SMALL_NUMBERS if w != "zero") | frozenset(TENS) | {"hundred", "dozen"}


def count(word: str) -> int | None:
    """The whole number one word gives ("17", "1,200", "twenty-four", "dozen"), for counts of
    people; None for the article "a"/"an" (which counts one only with its noun), for words
    outside the count words and for anything that is not a whole number."""
    text = word.lower().replace(",", "")
    if not text.isdigit():
        parts = re.split(r"[- ]", text)
        if len(parts) > 2 or not all(p in _COUNT_WORDS for p in parts):
            return None
    value = number(text)
    return int(value) if value is not None and float(value).is_integer() else None
