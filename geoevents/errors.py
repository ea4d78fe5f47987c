"""One exception tree for the whole library.

Every error geoevents raises derives from :class:`GeoeventsError`, and each class also inherits
the built-in that fits, so callers may catch either (``except TimeoutError`` works for a
Nominatim timeout). "Not found" is not an error: lookups return ``None`` or an empty list.
The CLI turns any ``GeoeventsError`` into a one-line message and a non-zero exit code.
"""

from __future__ import annotations

__all__ = [
    "GeoeventsError",
    "ConfigurationError",
    "DataUnavailableError",
    "InputError",
    "UnreadableInputError",
    "ModelNotFoundError",
    "GazetteerError",
    "GazetteerNotBuiltError",
    "GazetteerImportError",
    "GeocoderError",
    "GeocoderUnavailable",
    "GeocoderTimedOut",
    "GeocoderRateLimited",
    "GeocoderBadResponse",
    "GeocoderRefused",
    "ExportError",
]


class GeoeventsError(Exception):
    """Root of every error raised by geoevents."""


class ConfigurationError(GeoeventsError, ValueError):
    """A setting is missing or invalid (an unknown format, a sample User-Agent ...)."""


class DataUnavailableError(ConfigurationError, OSError):
    """Data the library reads from a pinned npm package is neither installed nor fetchable
    (no ``node_modules`` with it, no network, a tarball that fails its integrity check)."""


class InputError(GeoeventsError, ValueError):
    """An input cannot be used as an article: no text, a bad date, an unknown format."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class UnreadableInputError(InputError, OSError):
    """A file cannot be opened, read or decoded. Raised per file; the batch goes on."""


class ModelNotFoundError(GeoeventsError, LookupError):
    """No spaCy English pipeline is installed (neither en_core_web_sm nor its PyPI re-upload)."""


class GazetteerError(GeoeventsError):
    """Something is wrong with the local gazetteer store."""


class GazetteerNotBuiltError(GazetteerError, FileNotFoundError):
    """The gazetteer store does not exist yet; ``geoevents gazetteer build`` creates it."""


class GazetteerImportError(GazetteerError, ValueError):
    """A user's place file (CSV, GeoJSON, GeoNames dump) cannot be imported."""


class GeocoderError(GeoeventsError):
    """A remote geocoder (Nominatim) failed. The place stays unresolved; the run goes on."""


class GeocoderUnavailable(GeocoderError, ConnectionError):
    """The server cannot be reached or answered with a server error (5xx)."""


class GeocoderTimedOut(GeocoderUnavailable, TimeoutError):
    """The server did not answer within the timeout."""


class GeocoderRateLimited(GeocoderError):
    """The server answered 429 Too Many Requests; ``retry_after`` is in seconds when it said."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class GeocoderBadResponse(GeocoderError, ValueError):
    """The server answered something that is not Nominatim's JSON."""


class GeocoderRefused(GeocoderError, PermissionError):
    """The server refused the request (401/403), or the User-Agent is not acceptable."""


class ExportError(GeoeventsError, OSError):
    """An output file cannot be written."""
