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

import contextlib
import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from geoevents.config import Settings
from geoevents.errors import GazetteerError
from geoevents.gazetteer import Gazetteer, default_store_path
from geoevents.model import Document, Event, Mention, Place, Problem, Result, TimeExpr
from geoevents.recognize import Recognizer, load_nlp
from geoevents.resolve import Resolver

__all__ = ["Pipeline", "DocumentAnalysis", "run"]

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
        nlp = None if settings.fast else load_nlp(settings.spacy_model)
        geocoder = None
        if not settings.offline:
            from geoevents.nominatim import NominatimGeocoder
            geocoder = NominatimGeocoder(settings)
        return cls(settings, gazetteer, nlp, geocoder)

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

    def _parse(self, documents: Sequence[Document], only: Sequence[str] | None = None) -> Iterator:
        """spaCy Docs for the documents, in order (None for each in fast mode). ``only``: run just
        these components (recognition alone needs NER, not the parser the events need)."""
        if self.nlp is None:
            return iter([None] * len(documents))
        longest = max((len(d.text) for d in documents), default=0)
        if longest >= self.nlp.max_length:
            # the small English pipeline needs about 1 GB per 100,000 characters only when parsing
            # one enormous text; raising the limit is the honest choice for a long article
            self.nlp.max_length = longest + 1
        disable = [p for p in self.nlp.pipe_names if p not in only] if only else []
        return self.nlp.pipe((d.text for d in documents), batch_size=32, disable=disable)

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

    def analyse(self, documents: Sequence[Document], *, with_events: bool = True,
                progress: Progress | None = None) -> Iterator[DocumentAnalysis]:
        """Run recognition, resolution, dates and (optionally) event extraction per document."""
        only = None if with_events else self.recognizer.components
        for document, sdoc in zip(documents, self._parse(documents, only)):
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
            if progress:
                progress(document)
            yield DocumentAnalysis(document, tuple(places), tuple(timexes), tuple(events), tuple(problems))

    def places(self, documents: Sequence[Document], progress: Progress | None = None
               ) -> tuple[dict[str, tuple[Place, ...]], list[Problem]]:
        """The places of each document, by document id, without event extraction."""
        found: dict[str, tuple[Place, ...]] = {}
        problems: list[Problem] = []
        for a in self.analyse(documents, with_events=False, progress=progress):
            found[a.document.id] = a.places
            problems.extend(a.problems)
        problems.extend(self._finish())
        return found, problems

    def events(self, documents: Sequence[Document], progress: Progress | None = None
               ) -> tuple[list[DocumentAnalysis], list[Problem]]:
        """Each document's analysis with its own events (joined within the article, not merged
        across articles), in input order."""
        analyses = list(self.analyse(documents, progress=progress))
        problems = [p for a in analyses for p in a.problems] + self._finish()
        return analyses, problems

    def run(self, documents: Iterable[Document], progress: Progress | None = None) -> Result:
        """Places, dates and events of every document, with events merged across documents."""
        documents = list(documents)
        places: dict[str, tuple[Place, ...]] = {}
        events: list[Event] = []
        problems: list[Problem] = []
        for a in self.analyse(documents, progress=progress):
            places[a.document.id] = a.places
            events.extend(a.events)
            problems.extend(a.problems)
        problems.extend(self._finish())
        from geoevents import merge as merge_stage
        merged = merge_stage.merge(events)
        return Result(tuple(documents), places, tuple(merged), tuple(problems))


def run(documents: Iterable[Document], settings: Settings | None = None) -> Result:
    """Load a pipeline and run it once: the shortest way from documents to a Result."""
    return Pipeline.load(settings).run(documents)
