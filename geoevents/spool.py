"""A run's raw events on disk from the moment each article's analysis arrives until the merge.

Interface:
    EventSpool()                        a temporary file, removed on close (a context manager)
    spool.add(events)                   one article's events, written as they arrive
    spool.events() -> Iterator[Event]   every event, in the order added, read back from disk

The merge needs every raw event at once, but not while the articles are read (hours, for a
year of news): meanwhile they wait in the file, not in the process, beside nothing else of the
articles (their places are counted as they arrive: :class:`geoevents.model.PlaceTally`). They
are read back with one shared copy of each gazetteer entry: the entries unpickled from worker
processes are a copy per article, a few hundred bytes each.
"""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path
from typing import IO, Iterator, Sequence

from geoevents.model import Candidate, Event

__all__ = ["EventSpool"]


class _Writer(pickle.Pickler):
    """Pickles events with each gazetteer entry written once: later copies as its number."""

    def __init__(self, file: IO[bytes], numbers: dict[Candidate, int], table: list[Candidate]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.numbers = numbers
        self.table = table

    def persistent_id(self, obj):
        # equal entries (every field) share a number, never two entries that merely share an id
        if type(obj) is Candidate:
            number = self.numbers.get(obj)
            if number is None:
                number = self.numbers[obj] = len(self.table)
                self.table.append(obj)
            return number
        return None


class _Reader(pickle.Unpickler):
    def __init__(self, file: IO[bytes], table: list[Candidate]):
        super().__init__(file)
        self.table = table

    def persistent_load(self, pid):
        return self.table[pid]


class EventSpool:
    """Raw events in a temporary file from the moment each article's analysis arrives until the
    merge reads them back (see the module docstring). The file is this process's own, removed
    when the spool is closed (a ``with`` block ends, or :meth:`close`)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="geoevents-spool-")
        self.path = Path(self._folder.name) / "events.pickle"
        self._file: IO[bytes] | None = open(self.path, "wb")
        self._numbers: dict[Candidate, int] = {}
        self._table: list[Candidate] = []
        self.count = 0

    def add(self, events: Sequence[Event]) -> None:
        """Write one article's events (nothing for an article without events)."""
        if self._file is None:
            raise ValueError("the event spool is closed")
        if not events:
            return
        # a Pickler per article: one kept across articles would keep every event in its memo
        _Writer(self._file, self._numbers, self._table).dump(tuple(events))
        self.count += len(events)

    def events(self) -> Iterator[Event]:
        """Every event added, in the order added, read from the file."""
        if self._file is None:
            raise ValueError("the event spool is closed")
        self._file.flush()
        with open(self.path, "rb") as f:
            while f.peek(1):
                yield from _Reader(f, self._table).load()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._numbers.clear()
        self._folder.cleanup()

    def __enter__(self) -> "EventSpool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
