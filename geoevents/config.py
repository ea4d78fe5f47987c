"""Settings, read once from CLI options and the environment, then passed down frozen.

Environment variables (an option given on the command line wins):

``GEOEVENTS_OFFLINE``           ``1`` turns the Nominatim fallback off.
``GEOEVENTS_NOMINATIM_URL``     base URL of a Nominatim server (``https://nominatim.example.org``).
``GEOEVENTS_USER_AGENT``        the identifying User-Agent Nominatim's usage policy asks for.
``GEOEVENTS_NOMINATIM_TIMEOUT`` seconds to wait for a Nominatim answer (default 10).
``GEOEVENTS_NOMINATIM_MIN_DELAY`` seconds between two Nominatim requests (default 1; the public
                                server's policy forbids less).
``GEOEVENTS_NOMINATIM_MISS_DAYS`` days a "no such place" answer stays cached (default 30).
``GEOEVENTS_LEARN``             ``1`` keeps Nominatim answers in the gazetteer's user layer.
``GEOEVENTS_CACHE_DIR``         where the Nominatim answer cache lives.
``GEOEVENTS_GAZETTEER``         path of the gazetteer store to use.
``GEOEVENTS_SPACY_MODEL``       name of the spaCy pipeline to load.
``GEOEVENTS_PIECE_CHARS``       an article longer than this is read in pieces of at most this
                                many characters (default 100,000).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from geoevents.errors import ConfigurationError

__all__ = ["Settings", "DEFAULT_NOMINATIM_URL", "default_cache_dir"]

DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org"

_TRUE = {"1", "true", "yes", "on"}


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("GEOEVENTS_CACHE_DIR"):
        return Path(env["GEOEVENTS_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geoevents"


def _seconds(name: str, text: str) -> float:
    """A non-negative number from an environment variable, or a ConfigurationError naming it."""
    try:
        value = float(text)
    except ValueError:
        raise ConfigurationError(f"{name}={text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise ConfigurationError(f"{name}={text!r} must be a finite number >= 0")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know that is not an input.

    ``published`` is the publication date given to plain-text files that carry none.
    ``offline`` turns the Nominatim fallback off: only the local gazetteer is used.
    """

    offline: bool = False
    published: dt.date | None = None
    nominatim_url: str = DEFAULT_NOMINATIM_URL
    user_agent: str | None = None
    nominatim_timeout: float = 10.0
    #: seconds between two Nominatim requests; the public server's policy is at most 1 a second
    nominatim_min_delay: float = 1.0
    #: days a cached "Nominatim knows no such place" stays valid; answers are kept for good
    nominatim_miss_days: float = 30.0
    cache_dir: Path = field(default_factory=default_cache_dir)
    gazetteer_path: Path | None = None
    spacy_model: str | None = None
    #: keep Nominatim answers in the gazetteer's user layer so the next run is offline
    learn: bool = False
    #: resolve the spans given in the input (``toponyms``) instead of recognising toponyms
    given_spans: bool = False
    #: type and place the event triggers given in the input (``triggers``) instead of finding them
    given_triggers: bool = False
    #: the gazetteer matcher without NER: much faster, a little less accurate
    fast: bool = False
    #: an article longer than this many characters is read in paragraph-aligned pieces of at
    #: most this size, each through every stage on its own (memory stays flat)
    piece_chars: int = 100_000
    #: worker processes for the per-article stages (each loads the pipeline once); 1: this process
    jobs: int = 1
    #: run the per-article stages on a Dask cluster: a scheduler address or ``local:N``
    dask: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Settings from the environment, then ``overrides`` (options that were given; None
        values are ignored so an option left unset keeps the environment's value)."""
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("GEOEVENTS_OFFLINE", "").strip().lower() in _TRUE:
            values["offline"] = True
        if env.get("GEOEVENTS_NOMINATIM_URL"):
            values["nominatim_url"] = env["GEOEVENTS_NOMINATIM_URL"]
        if env.get("GEOEVENTS_USER_AGENT"):
            values["user_agent"] = env["GEOEVENTS_USER_AGENT"]
        for name, key in (("GEOEVENTS_NOMINATIM_TIMEOUT", "nominatim_timeout"),
                          ("GEOEVENTS_NOMINATIM_MIN_DELAY", "nominatim_min_delay"),
                          ("GEOEVENTS_NOMINATIM_MISS_DAYS", "nominatim_miss_days")):
            if env.get(name, "").strip():
                values[key] = _seconds(name, env[name])
        if env.get("GEOEVENTS_LEARN", "").strip().lower() in _TRUE:
            values["learn"] = True
        values["cache_dir"] = default_cache_dir(env)
        if env.get("GEOEVENTS_GAZETTEER"):
            values["gazetteer_path"] = Path(env["GEOEVENTS_GAZETTEER"])
        if env.get("GEOEVENTS_PIECE_CHARS", "").strip():
            text = env["GEOEVENTS_PIECE_CHARS"]
            if not text.strip().isdigit() or int(text) < 1000:
                raise ConfigurationError(f"GEOEVENTS_PIECE_CHARS={text!r} must be a whole number >= 1000")
            values["piece_chars"] = int(text)
        if env.get("GEOEVENTS_JOBS", "").strip():
            text = env["GEOEVENTS_JOBS"]
            if not text.strip().isdigit() or int(text) < 1:
                raise ConfigurationError(f"GEOEVENTS_JOBS={text!r} must be a whole number >= 1")
            values["jobs"] = int(text)
        if env.get("GEOEVENTS_DASK", "").strip():
            values["dask"] = env["GEOEVENTS_DASK"].strip()
        if env.get("GEOEVENTS_SPACY_MODEL"):
            values["spacy_model"] = env["GEOEVENTS_SPACY_MODEL"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes) -> "Settings":
        return replace(self, **changes)
