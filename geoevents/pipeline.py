"""The one place where the stages meet: documents in, places and merged events out.

A :class:`Pipeline` loads the expensive parts once (the spaCy pipeline, the gazetteer, the
Nominatim client) and can then be run over any number of batches::

    from geoevents import Pipeline, Settings, read_documents

    docs, problems = read_documents(["articles/"], published=datetime.date(2020, 1, 4))
    result = Pipeline.load(Settings(offline=True)).run(docs)
    for event in result.events:
        print(event.date, event.type, event.locations[0].place.candidate.name)
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import itertools
import logging
import sqlite3
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, TypeVar

from geoevents.config import Settings
from geoevents.errors import GazetteerError
from geoevents.gazetteer import Gazetteer, _user_layer_path, default_store_path
from geoevents.model import Document, Event, Mention, Place, PlaceTally, Problem, Result, TimeExpr
from geoevents.recognize import Recognizer, load_nlp
from geoevents.resolve import Resolver
from geoevents.spool import EventSpool
from geoevents.textform import TextForm, reading_form

if TYPE_CHECKING:
    from geoevents.collection import Collection

__all__ = ["Pipeline", "DocumentAnalysis", "Update", "run", "time_expressions", "pipeline_version"]

log = logging.getLogger("geoevents")

Progress = Callable[[Document], None]


@dataclass(frozen=True)
class DocumentAnalysis:
    """Everything the stages found in one article, before events are merged across articles."""

    document: Document
    places: tuple[Place, ...]
    timexes: tuple[TimeExpr, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = field(default=())


class Pipeline:
    """The stages, loaded once. Use :meth:`load`; the constructor takes ready parts for tests."""

    def __init__(self, settings: Settings, gazetteer: Gazetteer, nlp, geocoder=None):
        self.settings = settings
        self.gazetteer = gazetteer
        # the date, event and merge stages are imported where first used: they take a tenth of a
        # second to import (their rules are compiled then), a third of what `places --fast` needs
        # for a short batch, which uses none of them
        self.nlp = None
        if nlp is not None:
            from geoevents import events as events_stage
            # the event stage's sentence boundaries (headlines, captions, hard-wrapped lines) are
            # set before the parser runs, so events need no second parse of the text
            self.nlp = events_stage.prepare(nlp)
        self.geocoder = geocoder
        self.recognizer = Recognizer(gazetteer, nlp)
        #: spaCy not loaded yet: it will be when this process reads articles itself
        self._deferred = False
        self.resolver = Resolver(gazetteer, geocoder)

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Pipeline":
        """Open the gazetteer, load spaCy and, unless offline, set up the Nominatim fallback."""
        settings = settings or Settings.from_env()
        try:
            gazetteer = Gazetteer.open(settings.gazetteer_path)
        except sqlite3.DatabaseError as e:
            raise GazetteerError(f"{settings.gazetteer_path or default_store_path()}: the gazetteer store cannot "
                                 f"be read ({e}); rebuild it with `geoevents gazetteer build`") from e
        # with worker processes the language models are loaded there: the parent keeps a few
        # hundred MB free, and loads them itself only if it ends up reading (a small input)
        defer = not settings.fast and (settings.jobs > 1 or bool(settings.dask))
        nlp = None if settings.fast or defer else load_nlp(settings.spacy_model)
        geocoder = None
        if not settings.offline:
            from geoevents.nominatim import NominatimGeocoder
            geocoder = NominatimGeocoder(settings)
        pipeline = cls(settings, gazetteer, nlp, geocoder)
        pipeline._deferred = defer
        return pipeline

    def _language(self) -> None:
        """Load the spaCy pipeline that :meth:`load` deferred (for worker processes)."""
        if self._deferred:
            self._deferred = False
            from geoevents import events as events_stage
            nlp = load_nlp(self.settings.spacy_model)
            self.nlp = events_stage.prepare(nlp)
            self.recognizer = Recognizer(self.gazetteer, nlp)

    @contextlib.contextmanager
    def _store(self) -> Iterator[None]:
        """A store whose pages are damaged fails a lookup with sqlite3.DatabaseError deep in a
        stage: said once, naming the file and how to rebuild it."""
        try:
            yield
        except sqlite3.DatabaseError as e:
            user = self.gazetteer.user_path
            also = f" (or its user layer {user})" if user.exists() else ""
            raise GazetteerError(f"{self.gazetteer.path}{also}: the gazetteer store cannot be read ({e}); "
                                 "rebuild it with `geoevents gazetteer build`") from e

    def shape(self, candidate_id: str) -> dict | None:
        """The outline of a country or region from the gazetteer (for the exports), or None."""
        with self._store():
            return self.gazetteer.shape(candidate_id)

    def _finish(self) -> list[Problem]:
        """After a batch: keep Nominatim's answers when asked to (``--learn``), and say once which
        names stayed unresolved. Both only report what is new since the last batch."""
        if self.geocoder is None:
            return []
        if self.settings.learn:
            n = self.geocoder.learn(self.gazetteer)
            if n:
                log.info("kept %d Nominatim answer(s) in the gazetteer's user layer", n)
        return list(self.geocoder.problems())

    # -- stages ------------------------------------------------------------------------------

    def _parse(self, units: Iterable["_Unit"], only: Sequence[str] | None = None) -> Iterator:
        """(unit, spaCy Doc) for each unit, in order (the Doc is None in fast mode), read lazily
        in batches of at most 32 units or :data:`BATCH_CHARS` characters, so a long input never
        has more than that much text in spaCy at once. ``only``: run just these components
        (recognition alone needs NER, not the parser the events need)."""
        documents = units
        if self.nlp is None:
            for d in documents:
                yield d, None
            return
        disable = [p for p in self.nlp.pipe_names if p not in only] if only else []
        batch: list[_Unit] = []
        size = 0

        def flush():
            longest = max(len(u.document.text) for u in batch)
            if longest >= self.nlp.max_length:
                # only a piece longer than spaCy's limit (a --piece-chars over a million) gets here
                self.nlp.max_length = longest + 1
            yield from zip(batch, self.nlp.pipe((u.document.text for u in batch), batch_size=len(batch),
                                                disable=disable))

        for u in documents:
            if batch and (len(batch) >= 32 or size + len(u.document.text) > BATCH_CHARS):
                yield from flush()
                batch, size = [], 0
            batch.append(u)
            size += len(u.document.text)
        if batch:
            yield from flush()

    def _mentions(self, document: Document, sdoc) -> list[Mention]:
        if self.settings.given_spans:
            return self.recognizer.given(document, sdoc)
        if sdoc is None:
            return self.recognizer.match(document.text)
        return self.recognizer(sdoc, document.text)

    def _context(self, document: Document, sdoc) -> list[Mention]:
        """The toponyms recognised around given spans: they inform, not replace, the resolution."""
        if sdoc is None:
            return self.recognizer.match(document.text)
        return self.recognizer(sdoc, document.text)

    def analyse(self, documents: Iterable[Document], *, with_events: bool = True,
                progress: Progress | None = None) -> Iterator[DocumentAnalysis]:
        """Run recognition, resolution, dates and (optionally) event extraction per document.

        An article longer than ``settings.piece_chars`` is read in paragraph-aligned pieces (see
        :func:`pieces`), each through every stage on its own, so memory does not grow with the
        article and the stages' work per piece stays bounded; offsets are shifted back, so they
        index the article's text as read. Each piece's places are resolved with that piece's
        other places as context, and its events are joined within the piece.
        """
        self._language()
        only = None if with_events else self.recognizer.components
        current: list = []  # the analyses of the pieces of the document being read

        for unit, sdoc in self._parse(self._units(documents), only):
            document, origin, offset, last, form = unit.document, unit.origin, unit.offset, unit.last, unit.form
            with self._store():
                mentions = self._mentions(document, sdoc)
                context = self._context(document, sdoc) if self.settings.given_spans else ()
                places, problems = self.resolver(mentions, document.text, context)
            timexes: list[TimeExpr] = []
            events: list[Event] = []
            if with_events and sdoc is not None:
                from geoevents import dates as dates_stage
                from geoevents import events as events_stage
                timexes, regime = dates_stage.extract_with_regime(document.text, document.published)
                triggers = document.given_triggers if self.settings.given_triggers else None
                with self._store():
                    events = events_stage.extract_events(document, sdoc, places, timexes, triggers=triggers,
                                                         narrative=regime.narrative)
            del sdoc
            if form is not None:
                # the stages read the text's reading form: their offsets go back to the text as read
                places = [_place_as_read(p, form) for p in places]
                timexes = [_timex_as_read(t, form) for t in timexes]
                events = [_event_as_read(e, form) for e in events]
            if offset or document is not origin:
                places = [_shift_place(p, offset) for p in places]
                timexes = [replace(t, start=t.start + offset, end=t.end + offset) for t in timexes]
                events = [_shift_event(e, offset, origin) for e in events]
            current.append((places, timexes, events, problems))
            if not last:
                continue
            if progress:
                progress(origin)
            yield DocumentAnalysis(origin, tuple(p for c in current for p in c[0]),
                                   tuple(t for c in current for t in c[1]), tuple(e for c in current for e in c[2]),
                                   tuple(p for c in current for p in c[3]))
            current = []

    def _units(self, documents: Iterable[Document]) -> Iterator["_Unit"]:
        """The documents as the stages read them: each whole, or a long one in pieces, each in
        its reading form (:mod:`geoevents.textform`) when that differs from the text as read."""
        limit = self.settings.piece_chars
        for d in documents:
            if len(d.text) <= limit:
                yield _readable(_Unit(d, d, 0, True))
                continue
            spans = pieces(d.text, limit, avoid=d.given_spans + d.given_triggers)
            for k, (start, end) in enumerate(spans):
                inside = lambda given: tuple((a - start, b - start) for a, b in given if start <= a and b <= end)
                # a piece's own id keeps the ids of its events apart from another piece's
                sub = replace(d, id=d.id if k == 0 else f"{d.id}\x1f{k}", text=d.text[start:end],
                              title=d.title if k == 0 else None,
                              given_spans=inside(d.given_spans), given_triggers=inside(d.given_triggers))
                yield _readable(_Unit(sub, d, start, k == len(spans) - 1))

    def _parallel(self, documents: Iterable[Document]) -> tuple[bool, Iterable[Document]]:
        """Whether to run in worker processes (``settings.jobs`` > 1 or ``settings.dask``), and
        the documents (a lazy input is read just far enough to know whether it is small)."""
        if self.settings.jobs <= 1 and not self.settings.dask:
            return False, documents
        if self.geocoder is not None and self.settings.user_agent:
            # Nominatim allows one request a second from a user: one process keeps that promise
            log.info("Nominatim is asked from one process (at most one request a second): running in one process")
            return False, documents
        if self.settings.dask:
            return True, documents
        # a few articles: starting processes (each loads spaCy) would cost more than it saves;
        # without spaCy (--fast) an article takes a few milliseconds, and starting the workers
        # (0.4 s) pays only on thousands of them
        return _worth_workers(documents, PARALLEL_MIN_FAST if self.settings.fast else PARALLEL_MIN)

    def analyses(self, documents: Iterable[Document], *, with_events: bool = True,
                 progress: Progress | None = None) -> Iterator[DocumentAnalysis]:
        """:meth:`analyse`, in ``settings.jobs`` worker processes or on ``settings.dask`` when
        those are set: the same analyses in the same order, each worker loading the pipeline once.
        Documents are sent in tasks of :data:`CHUNK`, a few tasks per worker at a time, so a lazy
        input is read as the workers need it."""
        parallel, documents = self._parallel(documents)
        if not parallel:
            yield from self.analyse(documents, with_events=with_events, progress=progress)
            return
        settings = self.settings
        for chunk, (found, skipped) in _in_workers(_analyse_task, lambda c: (settings, with_events, c),
                                                   documents, settings):
            if self.geocoder is not None:
                self.geocoder.add_skipped(skipped)
            for document, (places, timexes, events, problems) in zip(chunk, found):
                if progress:
                    progress(document)
                yield DocumentAnalysis(document, places, timexes, events, problems)

    def stream(self, documents: Iterable[Document], problems: list[Problem], *, with_events: bool = True,
               progress: Progress | None = None) -> Iterator[DocumentAnalysis]:
        """:meth:`analyses`, for a caller that writes each analysis as it comes (``geoevents
        places`` and ``events`` write a line per article): every problem, each article's as its
        analysis comes and at the end those of the whole batch (the names left unresolved), is
        appended to ``problems``."""
        for a in self.analyses(documents, with_events=with_events, progress=progress):
            problems.extend(a.problems)
            yield a
        problems.extend(self._finish())

    def places(self, documents: Iterable[Document], progress: Progress | None = None
               ) -> tuple[dict[str, tuple[Place, ...]], list[Problem]]:
        """The places of each document, by document id, without event extraction (all in
        memory: :meth:`stream` gives them one article at a time)."""
        problems: list[Problem] = []
        found = {a.document.id: a.places
                 for a in self.stream(documents, problems, with_events=False, progress=progress)}
        return found, problems

    def events(self, documents: Iterable[Document], progress: Progress | None = None
               ) -> tuple[list[DocumentAnalysis], list[Problem]]:
        """Each document's analysis with its own events (joined within the article, not merged
        across articles), in input order (all in memory: :meth:`stream` gives them one article
        at a time)."""
        problems: list[Problem] = []
        analyses = list(self.stream(documents, problems, progress=progress))
        return analyses, problems

    def version(self) -> str:
        """This pipeline's :func:`pipeline_version`, with its own gazetteer files."""
        return pipeline_version(self.settings, (self.gazetteer.path, self.gazetteer.user_path))

    def update(self, collection: "Collection", documents: Iterable[Document], progress: Progress | None = None
               ) -> tuple[Result, "Update"]:
        """Add ``documents`` to ``collection`` and merge the events of the whole collection.

        Only articles the collection has not seen (by text, publication date and pipeline
        version: :meth:`Collection.key`) are analysed, and the articles an earlier pipeline
        version analysed are analysed again, from the collection's own copy. Each analysis is
        kept as soon as it is made, so an interrupted update loses only what was in flight.
        ``Result.problems`` holds the problems of this update's analyses.
        """
        keys: dict[str, str] = {}
        counts = {"seen": 0, "new": 0, "again": collection.stale_count()}

        met: set[str] = set()  # the keys analysed in this update

        def wanted() -> Iterator[Document]:
            for d in collection.stale():
                keys[d.id] = collection.key(d)
                met.add(keys[d.id])
                yield d
            for d in documents:
                key = collection.key(d)
                if key in met or collection.has(key):
                    counts["seen"] += 1
                    if progress:
                        progress(d)
                    continue
                met.add(key)
                d = collection.unique_id(d)
                keys[d.id] = key
                counts["new"] += 1
                yield d

        problems: list[Problem] = []
        for a in self.analyses(wanted(), progress=progress):
            collection.add(keys.pop(a.document.id), a.document, (a.places, a.timexes, a.events, a.problems))
            problems.extend(a.problems)
        problems.extend(self._finish())
        # the places of the whole collection counted as its rows are read, not kept per article
        tally = PlaceTally()
        events: list[Event] = []
        for document, found, _timexes, told, _problems in collection.analyses():
            tally.add(document.id, found)
            events.extend(told)
        from geoevents import merge as merge_stage
        merged = merge_stage.merge(events)
        return Result((), {}, tuple(merged), tuple(problems), tally), Update(len(collection), **counts)

    def run(self, documents: Iterable[Document], progress: Progress | None = None) -> Result:
        """Places, dates and events of every document, with events merged across documents.

        ``documents`` may be a lazy iterator (:func:`geoevents.ingest.stream_documents`): it is
        read once, and neither its documents nor each one's places are kept (``Result.documents``
        and ``Result.places`` are then empty; ``Result.place_tally`` counts the places), so
        memory does not grow with each article's analysis; a list or tuple is kept, with the
        places of each document. The raw events wait in a temporary file until the merge
        (:class:`geoevents.spool.EventSpool`), which reads them all back."""
        keep = isinstance(documents, (list, tuple))
        kept = tuple(documents) if keep else ()
        places: dict[str, tuple[Place, ...]] = {}
        tally = PlaceTally()
        problems: list[Problem] = []
        with EventSpool() as spool:
            for a in self.analyses(documents, progress=progress):
                if keep:
                    places[a.document.id] = a.places
                tally.add(a.document.id, a.places)
                spool.add(a.events)
                problems.extend(a.problems)
            problems.extend(self._finish())
            from geoevents import merge as merge_stage
            merged = merge_stage.merge(spool.events())
        return Result(kept, places, tuple(merged), tuple(problems), tally)


@dataclass(frozen=True)
class Update:
    """What :meth:`Pipeline.update` did: the articles the collection holds now, those of the
    input it had already analysed, those it analysed now, and those analysed again because the
    pipeline version changed."""

    articles: int
    seen: int
    new: int
    again: int


#: the modules whose code does not change what an article's analysis is: a change to them keeps
#: a collection's analyses (see pipeline_version)
_NOT_ANALYSIS = {"cli.py", "export.py", "webmap.py", "atomic.py", "collection.py", "parallel.py", "merge.py",
                 "spool.py", "__main__.py"}


def pipeline_version(settings: Settings, stores: Sequence = ()) -> str:
    """What a collection's analyses depend on, as ``VERSION+HASH``: geoevents' version and the
    code and data of the stages that analyse an article, the spaCy model, the gazetteer store
    (its size and time of change: a rebuild is a new store), and the settings that change an
    analysis. Merging and the outputs are redone on every update, so their code is left out.
    ``stores``: the gazetteer's files (default: the store of ``settings`` and its user layer)."""
    import importlib.metadata
    from pathlib import Path

    from geoevents.recognize import MODELS

    # the installed distribution's version (the package's __init__ is not imported from here:
    # that would be an import cycle); the hash below tells apart what the version does not
    try:
        version = importlib.metadata.version("geoevents")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"

    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".json", ".txt") and path.name not in _NOT_ANALYSIS:
            h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("spacy",) + tuple([settings.spacy_model] if settings.spacy_model else MODELS):
        try:
            h.update(f"{name}={importlib.metadata.version(name)}".encode())
        except (importlib.metadata.PackageNotFoundError, ValueError):
            h.update(f"{name}=absent".encode())
    if not stores:
        store = Path(settings.gazetteer_path or default_store_path())
        stores = (store, _user_layer_path(store))
    for path in map(Path, stores):
        try:
            st = path.stat()
            h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{path.name}:absent".encode())
    # Nominatim changes what is resolved only when it is asked (a User-Agent, not offline)
    asked = not settings.offline and bool(settings.user_agent)
    h.update(repr((asked, settings.nominatim_url if asked else None, settings.given_spans, settings.given_triggers,
                   settings.fast, settings.piece_chars)).encode())
    return f"{version}+{h.hexdigest()[:12]}"


#: at most this many characters go to spaCy in one batch of documents
BATCH_CHARS = 200_000

#: documents in one task for a worker process: enough for spaCy to batch, few enough that two
#: workers finish within a task of each other
CHUNK = 8
#: fewer articles than this are read in this process whatever ``jobs`` says: each worker process
#: loads spaCy first (seconds), which only a larger input earns back
PARALLEL_MIN = 64
#: the same for --fast (the gazetteer matcher alone, no spaCy): on TR-News' 118 articles two
#: workers took 0.62 s against 0.39 s in one process
PARALLEL_MIN_FAST = 2048


# -- in worker processes (see geoevents.parallel) ------------------------------------------------

#: the pipeline a worker process has loaded, for the settings it was loaded with
_LOADED: dict[Settings, "Pipeline"] = {}


def _worker_pipeline(settings: Settings) -> "Pipeline":
    """The pipeline of this worker process, loaded at its first task and kept for the next."""
    pipeline = _LOADED.get(settings)
    if pipeline is None:
        _LOADED.clear()
        pipeline = _LOADED[settings] = Pipeline.load(settings)
    return pipeline


def _analyse_task(task: tuple[Settings, bool, list[Document]]) -> tuple[list[tuple], dict[str, str]]:
    """One worker task: the analyses of a chunk of documents, without the documents themselves
    (the parent has them: sending their text back would double what crosses between processes),
    and the names this worker left unresolved, for the parent to report once for the run."""
    settings, with_events, documents = task
    pipeline = _worker_pipeline(settings)
    found = [(a.places, a.timexes, a.events, a.problems)
             for a in pipeline.analyse(documents, with_events=with_events)]
    skipped = pipeline.geocoder.take_skipped() if pipeline.geocoder is not None else {}
    return found, skipped


def _dates_task(documents: list[Document]) -> list[list[TimeExpr]]:
    from geoevents.dates import extract
    return [extract(d.text, d.published) for d in documents]


def time_expressions(documents: Iterable[Document], settings: Settings | None = None,
                     progress: Progress | None = None) -> Iterator[list[TimeExpr]]:
    """The time expressions of each document (``geoevents dates``), in input order, in
    ``settings.jobs`` worker processes or on ``settings.dask`` when those are set."""
    from geoevents.dates import extract

    settings = settings or Settings()
    parallel = bool(settings.dask)
    if not parallel and settings.jobs > 1:
        parallel, documents = _worth_workers(documents, PARALLEL_MIN)
    if not parallel:
        for d in documents:
            found = extract(d.text, d.published)
            if progress:
                progress(d)
            yield found
        return
    for chunk, dated in _in_workers(_dates_task, lambda c: c, documents, settings):
        for d, timexes in zip(chunk, dated):
            if progress:
                progress(d)
            yield timexes


_T = TypeVar("_T")
_R = TypeVar("_R")


def _worth_workers(documents: Iterable[Document], least: int) -> tuple[bool, Iterable[Document]]:
    """Whether the input has at least ``least`` documents (the number below which starting
    worker processes costs more than it saves), and the documents (a lazy input is read just that
    far)."""
    iterator = iter(documents)
    head = list(itertools.islice(iterator, least))
    return len(head) >= least, itertools.chain(head, iterator)


def _in_workers(func: Callable[[_T], _R], task_of: Callable[[list[Document]], _T], documents: Iterable[Document],
                settings: Settings) -> Iterator[tuple[list[Document], _R]]:
    """``func(task_of(chunk))`` for each chunk of :data:`CHUNK` documents, in ``settings.jobs``
    worker processes or on ``settings.dask``: each chunk with its result, in input order. Only
    the results cross back: the documents of each chunk are kept here meanwhile."""
    from geoevents.parallel import chunked, open_workers, ordered_map

    sent: collections.deque[list[Document]] = collections.deque()

    def tasks():
        for chunk in chunked(documents, CHUNK):
            sent.append(chunk)
            yield task_of(chunk)

    with open_workers(settings.jobs, settings.dask) as workers:
        for result in ordered_map(func, tasks(), workers):
            yield sent.popleft(), result


@dataclass(frozen=True)
class _Unit:
    """What the stages read at once: a document, or one piece of a long one (``origin``),
    starting at ``offset`` in it; ``last``: the origin's last piece."""

    document: Document
    origin: Document
    offset: int
    last: bool
    #: the form the document's text was rewritten from (None: the text is as read)
    form: TextForm | None = None


def _readable(unit: _Unit) -> _Unit:
    """The unit with its text in reading form, and its given spans moved into that form."""
    d = unit.document
    form = reading_form(d.text)
    if not form.changed:
        return unit
    forward = lambda given: tuple(form.forward(a, b) for a, b in given)
    d = replace(d, text=form.text, given_spans=forward(d.given_spans), given_triggers=forward(d.given_triggers))
    return replace(unit, document=d, form=form)


def pieces(text: str, limit: int, avoid: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """``(start, end)`` spans that cover ``text`` end to end, each at most ``limit`` characters
    (at least half of it, but for the last), cut after a blank line where there is one, else
    after a line break, a sentence's end or a space, else anywhere; never inside a span of
    ``avoid`` (given toponyms or triggers) that fits in a piece."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    floor = max(1, limit // 2)
    while n - start > limit:
        low, high = start + floor, start + limit
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = text.rfind(sep, low, high)
            if at != -1:
                cut = at + len(sep)
                break
        if cut == -1 or cut > high:
            cut = high
        for a, b in avoid:
            if a < cut < b and a > start:
                cut = a
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def _mention_as_read(m: Mention, form: TextForm) -> Mention:
    s, e = form.span(m.start, m.end)
    return replace(m, start=s, end=e, text=form.original[s:e])


def _place_as_read(place: Place, form: TextForm) -> Place:
    return replace(place, mention=_mention_as_read(place.mention, form))


def _timex_as_read(t: TimeExpr, form: TextForm) -> TimeExpr:
    s, e = form.span(t.start, t.end)
    return replace(t, start=s, end=e, text=form.original[s:e])


def _event_as_read(event: Event, form: TextForm) -> Event:
    """An event read from the reading form, its offsets and evidence sentence in the text as read."""
    locations = tuple(replace(loc, place=_place_as_read(loc.place, form)) for loc in event.locations)
    sources = []
    for src in event.sources:
        s, e = form.span(src.start, src.end)
        place = form.span(src.place_start, src.place_end) if src.place_start is not None \
            and src.place_end is not None else (None, None)
        trigger = form.span(src.trigger_start, src.trigger_end) if src.trigger_start is not None \
            and src.trigger_end is not None else (None, None)
        # the sentence as the reader wrote it, when it is the span's text (it always is today)
        sentence = form.original[s:e] if src.sentence == form.text[src.start:src.end] else src.sentence
        sources.append(replace(src, sentence=sentence, start=s, end=e, place_start=place[0],
                               place_end=place[1], trigger_start=trigger[0], trigger_end=trigger[1]))
    return replace(event, locations=locations, sources=tuple(sources))


def _shift_place(place: Place, offset: int) -> Place:
    m = place.mention
    return replace(place, mention=replace(m, start=m.start + offset, end=m.end + offset))


def _shift(value: int | None, offset: int) -> int | None:
    return None if value is None else value + offset


def _shift_event(event: Event, offset: int, origin: Document) -> Event:
    """An event of a piece as an event of the whole article: offsets into the article's text,
    the article's id and title in its sources."""
    locations = tuple(replace(loc, place=_shift_place(loc.place, offset)) for loc in event.locations)
    sources = tuple(replace(s, doc=origin.id, title=origin.title, start=s.start + offset, end=s.end + offset,
                            place_start=_shift(s.place_start, offset), place_end=_shift(s.place_end, offset),
                            trigger_start=_shift(s.trigger_start, offset), trigger_end=_shift(s.trigger_end, offset))
                    for s in event.sources)
    return replace(event, locations=locations, sources=sources)


def run(documents: Iterable[Document], settings: Settings | None = None) -> Result:
    """Load a pipeline and run it once: the shortest way from documents to a Result."""
    return Pipeline.load(settings).run(documents)
