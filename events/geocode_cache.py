"""The online geocoder's answers kept in the store: a mapping the geocoder can use as its cache.

geo.online.OnlineGeocoder takes any ``MutableMapping[str, Location | None]``; this one
persists in the store's ``geocode_cache`` table, so a team asks Nominatim about each
name once, and what it learnt is still there on a closed network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from datetime import UTC, datetime

import sqlalchemy as sa
from geopy.location import Location

from events.store import Store
from events.tables import geocodes
from events.write_lock import write_transaction


class StoredGeocodes(MutableMapping[str, Location | None]):
    """Geocoder answers by query text, stored in the event store."""

    def __init__(self, store: Store):
        self.store = store

    def __getitem__(self, query: str) -> Location | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(
                sa.select(geocodes.c.answer).where(geocodes.c.query == query)
            ).first()
        if row is None:
            raise KeyError(query)
        answer = row[0]
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
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        with write_transaction(self.store.engine) as conn:
            conn.execute(geocodes.delete().where(geocodes.c.query == query))
            conn.execute(geocodes.insert(), [{"query": query, "answer": answer, "cached_at": now}])

    def __delitem__(self, query: str) -> None:  # pragma: no cover - not needed by the geocoder
        raise NotImplementedError("cached answers are kept")

    def __iter__(self) -> Iterator[str]:  # pragma: no cover
        raise NotImplementedError("the cache is looked up by query, not listed")

    def __len__(self) -> int:  # pragma: no cover
        raise NotImplementedError("the cache is looked up by query, not counted")
