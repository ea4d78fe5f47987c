"""The Nominatim fallback, for names the local gazetteer lacks. The only module that imports
``geopy.geocoders``.

Interface:
    NominatimGeocoder(settings, *, clock=time.monotonic, sleep=time.sleep)
    NominatimGeocoder.geocode(name, *, country_codes=None) -> Candidate | None
        raises GeocoderError subclasses (errors.py); None means "Nominatim knows no such place".
"""

from __future__ import annotations


class NominatimGeocoder:
    def __init__(self, settings, **kwargs):
        raise NotImplementedError
