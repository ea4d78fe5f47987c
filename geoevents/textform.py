"""The form of a text the stages read, and the way back to the text as read.

    reading_form(text) -> TextForm      invisible characters dropped, accents composed (NFC)
    form.text                           what NER, the matcher, dates and events read
    form.start(i), form.end(i)          an offset into form.text -> an offset into the text as read

Text arrives with characters that change nothing a reader sees but break every match: a zero-width
space or joiner inside a word ("Bagh\u200bdad" would be read as two words), a soft hyphen, a byte
order mark, bidirectional marks around a name in another script, and accents written as a base
letter plus a combining mark (NFD: "Sa\u0303o Paulo", which splits the word at the mark). The
stages read a form with those removed or composed; every offset they produce is mapped back, so
outputs still index the text as read (``docs/STYLE.md``: offsets always index the text as read).

A text with none of them (nearly every text: all ASCII, or already NFC without invisible
characters) is its own form, and costs one scan.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["INVISIBLE", "TextForm", "reading_form"]

#: characters dropped from the reading form: zero-width space, non-joiner and joiner, word joiner,
#: soft hyphen, byte order mark (as zero-width no-break space), the Arabic tatweel (a stretch of
#: the line, not a letter), the bidirectional marks, embeddings and isolates, and the Arabic
#: short-vowel marks (harakat: written in few texts and in no gazetteer name, they would split a
#: word in two for the matcher)
INVISIBLE = ("\u200b\u200c\u200d\u2060\u00ad\ufeff\u0640\u200e\u200f\u061c"
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
             "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")
#: combining marks NFC may compose with the letter before them (Latin, Greek and Cyrillic
#: diacritics and their supplements): a letter followed by one or more of them
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CHANGES = re.compile(f"[{INVISIBLE}]+|.[{_MARKS}]+", re.DOTALL)
_INVISIBLE_SET = frozenset(INVISIBLE)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True)
class TextForm:
    """``text``, the reading form of ``original``; ``edits`` the places they differ, each as
    (start in text, end in text, start in original, end in original), in order. No edits: the
    text is the original."""

    original: str
    text: str
    edits: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def start(self, i: int) -> int:
        """The offset in the original of a span that starts at ``i`` in the reading form: a
        dropped character just before ``i`` is left out of the span."""
        if not self.edits:
            return i
        k = bisect.bisect_right(self._starts, i) - 1
        if k < 0:
            return i
        s, e, os_, oe = self.edits[k]
        if s == e:  # characters dropped here: the span starts after them
            return oe + (i - e)
        if i < e:
            return os_  # at (or inside) a composed letter: it starts where the letter does
        return oe + (i - e)

    def end(self, i: int) -> int:
        """The offset in the original of a span that ends (exclusive) at ``i`` in the reading
        form: a dropped character at ``i`` is left out of the span."""
        if not self.edits:
            return i
        k = bisect.bisect_left(self._starts, i) - 1
        if k < 0:
            return i
        _, e, _, oe = self.edits[k]
        if i <= e:
            return oe  # inside or at the end of a composed letter (a drop has s == e < i)
        return oe + (i - e)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the reading form as a span of the original."""
        a, b = self.start(start), self.end(end)
        return (a, max(a, b))

    def forward(self, start: int, end: int) -> tuple[int, int]:
        """A span of the original (given toponyms, triggers) as a span of the reading form."""
        if not self.edits:
            return start, end
        first = self._forward(start, True)
        return first, max(first, self._forward(end, False))

    def _forward(self, j: int, is_start: bool) -> int:
        k = bisect.bisect_right(self._ostarts, j) - 1
        if k < 0:
            return j
        s, e, os_, oe = self.edits[k]
        if j < oe:
            return s if is_start or j == os_ else e
        return e + (j - oe)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [s for s, _, _, _ in self.edits]

    @functools.cached_property
    def _ostarts(self) -> list[int]:
        return [o for _, _, o, _ in self.edits]


def _needs_work(text: str) -> bool:
    if text.isascii():
        return False
    if not unicodedata.is_normalized("NFC", text):
        return True
    return _INVISIBLE_RE.search(text) is not None


def reading_form(text: str) -> TextForm:
    """The form of ``text`` the stages read (see the module's docstring)."""
    if not _needs_work(text):
        return TextForm(text, text)
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = 0  # in the original
    length = 0  # of the reading form so far
    for m in _CHANGES.finditer(text):
        a, b = m.span()
        piece = m.group()
        if piece[0] in _INVISIBLE_SET:
            new = ""
        else:
            new = unicodedata.normalize("NFC", piece)
            # a letter after an invisible run: "\u200ba\u0303" is two matches, fine; a mark NFC
            # cannot compose stays as it was, and no edit is needed
            if new == piece:
                continue
        out.append(text[pos:a])
        length += a - pos
        edits.append((length, length + len(new), a, b))
        out.append(new)
        length += len(new)
        pos = b
    out.append(text[pos:])
    form = "".join(out)
    # anything NFC composes that the pattern above does not cover (Hangul jamo, other scripts'
    # marks) is left as it was: the gazetteer's normalisation folds those names itself
    return TextForm(text, form, tuple(edits))


def caseless(ch: str) -> bool:
    """A letter of a script without capitals (Arabic, Hebrew, Devanagari, Chinese ...)."""
    return not ch.isascii() and ch.isalpha() and not ch.isupper() and not ch.islower()
