"""A collection: every article analysed so far, kept on disk, so that adding a day of news
analyses only that day's articles and merges again.

Interface:
    Collection.open(folder, version) -> Collection     (made when absent; a context manager)
    collection.key(document) -> str                    the hash of text, publication date, version
    collection.has(key) / collection.add(key, document, analysis)
    collection.stale() -> Iterator[Document]           articles analysed by another pipeline version
    collection.analyses() -> Iterator[(Document, places, timexes, events, problems)], in the
                                                       order the articles were added
    collection.info() -> dict                          what ``geoevents collection info`` prints

The store is one SQLite file, ``FOLDER/collection.sqlite``: a row per article with its key, its
id, the pipeline version that analysed it, and the article and its analysis pickled (the
collection's own files, read only by this module; a newer geoevents that cannot read a row
analyses that article again). This module knows nothing of the stages: the pipeline
(:meth:`geoevents.pipeline.Pipeline.update`) decides what to analyse and hands the results here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from geoevents.errors import InputError
from geoevents.model import Document

__all__ = ["Collection", "STORE_NAME"]

STORE_NAME = "collection.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article (
    seq INTEGER PRIMARY KEY,      -- the order articles were added in: the outputs keep it
    key TEXT UNIQUE NOT NULL,     -- sha256 of text, publication date and pipeline version
    doc_id TEXT UNIQUE NOT NULL,  -- the id the article has in the collection
    version TEXT NOT NULL,        -- the pipeline version that analysed it
    added TEXT NOT NULL,          -- ISO date-time, for `collection info`
    document BLOB NOT NULL,       -- the Document, pickled (to analyse it again after a version change)
    analysis BLOB NOT NULL        -- (places, timexes, events, problems), pickled
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class Collection:
    """The store of a collection folder. Use :meth:`open`."""

    def __init__(self, folder: Path, db: sqlite3.Connection, version: str):
        self.folder = folder
        self.path = folder / STORE_NAME
        self.version = version
        self._db = db

    @classmethod
    def open(cls, folder: str | Path, version: str) -> "Collection":
        """Open (or make) the collection in ``folder`` for the pipeline ``version``.

        Raises InputError when the folder's store is not a collection this geoevents can read.
        """
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / STORE_NAME)
            db.executescript(_SCHEMA)
        except (OSError, sqlite3.DatabaseError) as e:
            raise InputError(f"{folder / STORE_NAME}: not a geoevents collection that can be opened ({e})") from e
        return cls(folder, db, version)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Collection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- what is in it --------------------------------------------------------------------------

    def key(self, document: Document) -> str:
        """The article's key: its text, publication date and the pipeline version, hashed (the
        same article analysed by another version is another key)."""
        h = hashlib.sha256()
        for part in (document.text, document.published.isoformat() if document.published else "", self.version):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
        return h.hexdigest()

    def has(self, key: str) -> bool:
        return self._db.execute("SELECT 1 FROM article WHERE key = ?", (key,)).fetchone() is not None

    def unique_id(self, document: Document) -> Document:
        """The document with an id no other article of the collection has (``#2``, ``#3`` ...
        as reading renames a repeated id): ids tell articles apart when events are merged."""
        taken = lambda i: self._db.execute("SELECT 1 FROM article WHERE doc_id = ?", (i,)).fetchone()
        if not taken(document.id):
            return document
        n = 2
        while taken(f"{document.id}#{n}"):
            n += 1
        return dataclasses.replace(document, id=f"{document.id}#{n}")

    def add(self, key: str, document: Document, analysis: tuple) -> None:
        """Keep an article and its analysis (``(places, timexes, events, problems)``); an
        article of the same id analysed by another version is replaced, keeping its place."""
        row = self._db.execute("SELECT seq FROM article WHERE doc_id = ?", (document.id,)).fetchone()
        values = (key, document.id, self.version, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  pickle.dumps(document, protocol=5), pickle.dumps(analysis, protocol=5))
        with self._db:
            if row is not None:
                self._db.execute("UPDATE article SET key = ?, doc_id = ?, version = ?, added = ?, document = ?, "
                                 "analysis = ? WHERE seq = ?", values + (row[0],))
            else:
                self._db.execute("INSERT INTO article (key, doc_id, version, added, document, analysis) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", values)

    def stale(self) -> Iterator[Document]:
        """The articles analysed by another pipeline version (or kept in a form this version
        cannot read), to analyse again."""
        for (blob,) in self._db.execute("SELECT document FROM article WHERE version != ? ORDER BY seq",
                                             (self.version,)).fetchall():
            yield self._load(blob)

    def stale_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM article WHERE version != ?", (self.version,)).fetchone()[0]

    def analyses(self) -> Iterator[tuple[Document, Any, Any, Any, Any]]:
        """Every article with its analysis, in the order they were added, read a row at a time."""
        cursor = self._db.execute("SELECT document, analysis FROM article ORDER BY seq")
        for document, analysis in cursor:
            yield (self._load(document),) + tuple(self._load(analysis))

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM article").fetchone()[0]

    def info(self) -> dict:
        """Articles, by pipeline version, when they were added, and the store's size."""
        versions = dict(self._db.execute("SELECT version, COUNT(*) FROM article GROUP BY version ORDER BY version"))
        first, last = self._db.execute("SELECT MIN(added), MAX(added) FROM article").fetchone()
        return {
            "path": str(self.path),
            "articles": len(self),
            "pipeline_version": self.version,
            "articles_by_version": versions,
            "to_analyse_again": sum(n for v, n in versions.items() if v != self.version),
            "first_added": first,
            "last_added": last,
            "size_bytes": self.path.stat().st_size,
        }

    @staticmethod
    def _load(blob: bytes):
        # the collection's own file, written by this module (never a file from elsewhere)
        return pickle.loads(blob)
