"""The one English module: numbers in digits and words, read the same by every stage."""

import pytest

from geoevents.lang_en import count, number


@pytest.mark.parametrize("text, value", [
    ("24", 24), ("1,200", 1200), ("twenty-four", 24), ("a", 1), ("two and a half", 2.5), ("half a", 0.5),
    ("a couple of", 2), ("a dozen", 12), ("three thousand", 3000), ("two hundred", 200), ("1/2", 0.5),
    ("several", None), ("a few", None), ("", None), (None, None),
])
def test_number(text, value):
    assert number(text) == value


@pytest.mark.parametrize("word, value", [
    ("17", 17), ("1,200", 1200), ("Twenty-Four", 24), ("dozen", 12), ("hundred", 100), ("one-hundred", 100),
    ("a", None), ("an", None), ("1.5", None), ("dozens", None), ("several", None), ("²", None),
    ("thousand", None), ("zero", None), ("couple", None),
])
def test_count_of_one_word(word, value):
    assert count(word) == value
