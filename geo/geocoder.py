"""What the importer needs of a geocoder: geopy's ``geocode``, with oblast and district hints.

The offline :class:`~geo.gazetteer.Gazetteer` and :class:`~geo.online.OnlineGeocoder`
both have it; tests pass a fake.  A geocoder that also has ``resolve`` (the gazetteer)
lets the import preview say why a name was not placed.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from geopy.location import Location


@runtime_checkable
class Geocoder(Protocol):
    """A place by name, as a geopy ``Location`` whose ``raw`` may carry ``geo_precision``."""

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        admin2: str | None = None,
    ) -> Location | list[Location] | None: ...
