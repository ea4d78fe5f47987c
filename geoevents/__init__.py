"""geoevents: turn news articles into a map of what happened where and when.

The library API mirrors the pipeline stages; the ``geoevents`` command is a thin layer over it::

    import datetime
    from geoevents import Pipeline, Settings, read_documents, write_outputs

    docs, problems = read_documents(["articles/"], published=datetime.date(2020, 1, 4))
    result = Pipeline.load(Settings(offline=True)).run(docs)
    write_outputs(result, "output/")
"""

from __future__ import annotations

__version__ = "0.1.0"

from geoevents.config import Settings
from geoevents.errors import GeoeventsError
from geoevents.ingest import read_documents
from geoevents.model import (Candidate, Document, Event, Location, Mention, Place, Problem, Result, Source,
                             TimeExpr)

__all__ = [
    "__version__",
    "Settings",
    "GeoeventsError",
    "read_documents",
    "Candidate",
    "Document",
    "Event",
    "Location",
    "Mention",
    "Place",
    "Problem",
    "Result",
    "Source",
    "TimeExpr",
    "Pipeline",
    "write_outputs",
]


def __getattr__(name):
    # the pipeline pulls in spaCy and folium; load them only when asked for
    if name == "Pipeline":
        from geoevents.pipeline import Pipeline
        return Pipeline
    if name == "write_outputs":
        from geoevents.export import write_outputs
        return write_outputs
    raise AttributeError(name)
