"""The online geocoder's answers kept in the store: a mapping the geocoder can use as its cache.

geo.online.OnlineGeocoder takes any ``MutableMapping[str, Location | None]``; this one
persists in the store's ``geocode_cache`` table, so a team asks Nominatim about each
name once, and what it learnt is still there on a closed network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping

from geopy.location import Location

from events.store import Store


class StoredGeocodes(MutableMapping[str, Location | None]):
    """Geocoder answers by query text, stored in the event store."""

    def __init__(self, store: Store):
        self.store = store

    def __getitem__(self, query: str) -> Location | None:
        found, answer = self.store.cached_geocode(query)
        if not found:
            raise KeyError(query)
        if answer is None:
            return None
        value = json.loads(answer)
        return Location(value["address"], (value["latitude"], value["longitude"]), value["raw"])

    def __setitem__(self, query: str, location: Location | None) -> None:
        answer = None
        if location is not None:
            answer = json.dumps(
                {
                    "address": location.address,
                    "latitude": location.latitude,
                    "longitude": location.longitude,
                    "raw": location.raw,
                },
                ensure_ascii=False,
                default=str,
            )
        self.store.cache_geocode(query, answer)

    def __delitem__(self, query: str) -> None:  # pragma: no cover - not needed by the geocoder
        raise NotImplementedError("cached answers are kept")

    def __iter__(self) -> Iterator[str]:  # pragma: no cover
        raise NotImplementedError("the cache is looked up by query, not listed")

    def __len__(self) -> int:  # pragma: no cover
        raise NotImplementedError("the cache is looked up by query, not counted")
