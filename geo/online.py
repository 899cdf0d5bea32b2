"""Optional online geocoding: geopy's Nominatim, rate-limited, cached, off by default.

Only ``SITMAP_ONLINE_GEOCODER=nominatim`` turns it on (:func:`online_geocoder_from_env`).
It then behaves like the offline :class:`geo.gazetteer.Gazetteer` (same ``geocode``
signature, the same ``raw`` keys, plus ``provider_raw``), so callers try the gazetteer
first and fall back to this.  Without a network it fails fast — a short timeout, no
retries — and after the first failure it stops trying for the rest of the process, raising
:class:`OnlineGeocoderUnavailable` at once, so a column of names never waits on a dead
network.

    geocoder = online_geocoder_from_env()          # None unless configured
    if geocoder is not None:
        location = geocoder.geocode("Sudzha", admin1="Kursk Oblast")
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, MutableMapping

from geopy.exc import ConfigurationError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

ENVIRONMENT_VARIABLE = "SITMAP_ONLINE_GEOCODER"
USER_AGENT = "sitmap/0.1"
TIMEOUT_S = 3.0
"""Seconds to wait for Nominatim; offline, a DNS or connect failure comes sooner."""
MIN_DELAY_S = 1.0
"""Nominatim's usage policy: at most one request per second."""

GeocodeCache = MutableMapping[str, Location | None]
"""Where answers are kept (``None`` = "Nominatim knows no such place").  A dict will do;
a store-backed mapping can replace it without changing anything here."""

_PRECISION_BY_TYPE = {"state": 3, "region": 3, "county": 3, "district": 3, "municipality": 3}


class OnlineGeocoderUnavailable(GeopyError):
    """The online geocoder cannot be reached; the offline gazetteer still works."""


class OnlineGeocoder:
    """A geopy geocoder behind a 1 request/s rate limiter and a cache.

    ``geocoder`` defaults to Nominatim with the sitmap user agent; tests pass a fake.
    """

    def __init__(
        self,
        geocoder: object | None = None,
        *,
        cache: GeocodeCache | None = None,
        min_delay_seconds: float = MIN_DELAY_S,
    ):
        self._geocoder = geocoder or Nominatim(user_agent=USER_AGENT, timeout=TIMEOUT_S)
        self._limited: Callable[..., object] = RateLimiter(
            self._geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            swallow_exceptions=False,
        )
        self.cache: GeocodeCache = {} if cache is None else cache
        self._failure: str | None = None

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        admin2: str | None = None,
    ) -> Location | list[Location] | None:
        """Ask the online geocoder (or the cache) for a place; None when it knows none."""
        text = ", ".join(part for part in (query, admin2, admin1) if part)
        if text in self.cache:
            found = self.cache[text]
        else:
            found = self._ask(text)
            self.cache[text] = found
        if found is None:
            return None
        return found if exactly_one else [found]

    def _ask(self, text: str) -> Location | None:
        if self._failure is not None:
            raise OnlineGeocoderUnavailable(self._failure)
        try:
            answer = self._limited(text, exactly_one=True)
        except GeopyError as error:
            self._failure = (
                f"online geocoding ({type(self._geocoder).__name__}) is unreachable: "
                f"{type(error).__name__}: {error}. The offline gazetteer still works; "
                f"unset {ENVIRONMENT_VARIABLE} to stop trying."
            )
            raise OnlineGeocoderUnavailable(self._failure) from error
        return None if answer is None else _with_sitmap_raw(text, answer)


def _with_sitmap_raw(query: str, location: Location) -> Location:
    """The provider's answer with the gazetteer's raw keys added (its own under provider_raw)."""
    raw = location.raw if isinstance(location.raw, dict) else {}
    address = raw.get("address", {}) if isinstance(raw.get("address"), dict) else {}
    kind = raw.get("addresstype") or raw.get("type")
    sitmap_raw = {
        "query": query,
        "name": raw.get("name") or location.address.split(",")[0],
        "admin1": address.get("state"),
        "admin2": address.get("county") or address.get("district"),
        "match": "online",
        "geo_precision": _PRECISION_BY_TYPE.get(kind, 1),
        "candidates": [],
        "rule": None,
        "kind": kind,
        "population": None,
        "source": "OpenStreetMap Nominatim (ODbL)",
        "provider_raw": raw,
    }
    return Location(location.address, (location.latitude, location.longitude), sitmap_raw)


def online_geocoder_from_env(
    environ: Mapping[str, str] = os.environ, *, cache: GeocodeCache | None = None
) -> OnlineGeocoder | None:
    """The configured online geocoder, or None when ``SITMAP_ONLINE_GEOCODER`` is unset/off."""
    setting = environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    if setting in ("", "off", "none", "0", "false"):
        return None
    if setting == "nominatim":
        return OnlineGeocoder(cache=cache)
    raise ConfigurationError(
        f"{ENVIRONMENT_VARIABLE}={setting!r} is not supported; use 'nominatim' or leave it unset"
    )
