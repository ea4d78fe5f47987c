"""Sentences and segments: the units of evidence the event stage reads.

Interface:
    prepare(nlp) -> nlp
        Adds the sentence-boundary component (``SENTENCE_COMPONENT``) before the parser: a line
        break that ends a sentence starts one, and a sentence never ends inside a name.
    ensure_boundaries(doc) -> doc
        ``doc`` itself when it was parsed with :func:`prepare`, else a re-parse of its text.
    split_segments(doc, title) -> list[Segment]
        Sentences cut at line breaks; a line without final punctuation (or the title) is a
        headline or caption, which names events but does not date them.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

log = logging.getLogger("geoevents.events")

SENTENCE_COMPONENT = "geoevents_sentences"


_END_PUNCT = frozenset(".!?…")


_CLOSERS = frozenset("\"'”’»)]")


def _is_sentence_end(tok) -> bool:
    if tok.text and tok.text[-1] in _END_PUNCT:
        return True
    if tok.text in _CLOSERS and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        return bool(prev.text) and prev.text[-1] in _END_PUNCT
    return False


_FINAL = re.compile(r"[.!?…:\"'”’»)\]]\s*$")


def _sentence_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that end a sentence. A blank line always does; a single line
    break does unless it wraps a sentence: the line stops without final punctuation and the next
    one starts in lower case, or the text is hard-wrapped at a fixed width (no long line runs
    much past it) and the line reaches that width. A headline or caption line stops well short
    of the width, so the break after it still ends it."""
    lines = text.split("\n")
    long = sorted(len(ln.rstrip()) for ln in lines if len(ln.strip()) >= 40)
    width = long[int(0.9 * (len(long) - 1))] if long else 0
    # paragraphs on one line run to hundreds of characters; wrapped text stays within ~80-130
    fixed = 0 < width <= 130 and any(
        len(ln.strip()) >= 40 and not _FINAL.search(ln) and nxt.strip()
        for ln, nxt in zip(lines, lines[1:]))
    breaks = set()
    pos = 0
    for k, line in enumerate(lines[:-1]):
        end = pos + len(line)
        nxt = lines[k + 1].strip()
        wraps = bool(line.strip()) and bool(nxt) and not _FINAL.search(line) and (
            nxt[0].islower() or fixed and len(line.rstrip()) >= width - 25)
        if not wraps:
            breaks.add(end)
        pos = end + 1
    return frozenset(breaks)


#: a wire dateline opening a line: "PARIS —", "KYIV, Ukraine (AP) —", "CANBERRA, Australia (AP)_"
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’ -]{1,40}(?:,[ \t]*[A-Z][\w.'’ -]{0,40}?)?[ \t]*(?:\([A-Za-z][\w. -]{0,24}\))?"
    r"[ \t]*(?:—|–|--|_|-)[ \t]*(?=\S)", re.M)


def _dateline_ends(text: str) -> frozenset[int]:
    """Offsets where the sentence after a dateline starts: the parser should not read "PARIS — The
    opposition called ..." as one noun phrase with the sentence hanging from the city."""
    return frozenset(m.end() for m in _DATELINE.finditer(text))


def _newline_in(tok) -> int | None:
    """The offset of the first line break in a token or the space after it, else None."""
    k = tok.text_with_ws.find("\n")
    return None if k < 0 else tok.idx + k


def _set_boundaries(doc):
    """A line break that ends a sentence starts one (see :func:`_sentence_breaks`); a sentence
    never starts right after a word that cannot end one (so "Kata’ib Hezbollah", "Friday, the
    militia" and the lines of hard-wrapped text stay in one sentence)."""
    from spacy.attrs import SENT_START

    breaks = _sentence_breaks(doc.text)
    after_dateline = _dateline_ends(doc.text)
    # one array for the whole doc: setting Token.is_sent_start checks the doc's annotation on every
    # call, which made a long article quadratic
    starts = doc.to_array([SENT_START]).view("int64").copy()  # -1 not a start, 0 unknown, 1 a start
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        nl = _newline_in(prev)
        if nl is not None and nl in breaks or tok.idx in after_dateline:
            starts[tok.i] = 1
        elif not _is_sentence_end(prev) and not prev.is_space and tok.text not in _CLOSERS:
            if not (prev.text in {":", ";"} or prev.like_num and tok.is_title):
                starts[tok.i] = -1
    if len(doc):
        starts[0] = 1
        doc.from_array([SENT_START], starts.view("uint64"))
    if doc.has_extension("geoevents_sentences"):
        doc._.geoevents_sentences = True
    return doc


def _register_component():
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    if not Doc.has_extension("geoevents_sentences"):
        Doc.set_extension("geoevents_sentences", default=False)
    if not Token.has_extension("geoevents_place"):
        # a word of a literal toponym the recognizer found, whatever label NER gave it ("took
        # Omsk" with Omsk an ORG): the trigger lexicon's ent:GPE conditions read it
        Token.set_extension("geoevents_place", default=False)
    if not Language.has_factory(SENTENCE_COMPONENT):
        Language.component(SENTENCE_COMPONENT, func=_set_boundaries)


def prepare(nlp):
    """Add the sentence-boundary component before the parser (once); return ``nlp``."""
    _register_component()
    if SENTENCE_COMPONENT not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(SENTENCE_COMPONENT, before="parser")
        else:
            nlp.add_pipe(SENTENCE_COMPONENT, first=True)
    return nlp


@functools.cache
def _own_nlp():
    from geoevents.recognize import load_nlp

    return prepare(load_nlp())


def ensure_boundaries(doc):
    """The parse this stage relies on: ``doc`` itself when it was made with :func:`prepare`,
    else a re-parse of its text (the same tokens, better sentences)."""
    _register_component()
    if doc._.geoevents_sentences or "\n" not in doc.text and len(list(doc.sents)) <= 1:
        return doc
    try:
        nlp = _own_nlp()
    except Exception as e:  # no pipeline to re-parse with: keep spaCy's own sentences
        log.debug("cannot re-parse for sentence boundaries: %s", e)
        return doc
    return nlp(doc.text)


@dataclass(frozen=True)
class Segment:
    """A sentence cut at line breaks: the unit of evidence. ``headline`` marks headlines and
    captions (no final punctuation), which name events but do not date them."""

    index: int
    span: Span
    headline: bool

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text


def split_segments(doc, title: str | None) -> list[Segment]:
    spans = []
    breaks = _sentence_breaks(doc.text)
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            nl = _newline_in(tok)
            if nl is not None and nl in breaks:
                end = tok.i if tok.is_space else tok.i + 1
                if end > start:
                    spans.append(doc[start:end])
                start = tok.i + 1
        if start < sent.end:
            spans.append(doc[start:sent.end])
    out = []
    norm_title = " ".join((title or "").split()).lower()
    for span in spans:
        toks = [t for t in span if not t.is_space]
        if not toks:
            continue
        span = doc[toks[0].i:toks[-1].i + 1]
        words = [t for t in span if t.is_alpha]
        final = span[-1]
        headline = (not _is_sentence_end(final) and len(words) <= 30) or (
            bool(norm_title) and " ".join(span.text.split()).lower() == norm_title)
        out.append(Segment(len(out), span, headline))
    return out
