"""The interactive map: folium/Leaflet with a time slider and popups with the evidence.

Interface:
    write_map(events, path, *, title=None) -> Path
"""

from __future__ import annotations
