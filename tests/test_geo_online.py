"""Online geocoding: off unless configured, rate-limited, cached, failing fast — no network."""

from __future__ import annotations

import pytest
from geopy.exc import ConfigurationError, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.online import (
    USER_AGENT,
    OnlineGeocoder,
    OnlineGeocoderUnavailable,
    online_geocoder_from_env,
)


class FakeNominatim:
    """Answers from a dict, counts calls; raises what it is told to."""

    def __init__(self, answers=None, error=None):
        self.answers = answers or {}
        self.error = error
        self.queries = []

    def geocode(self, query, exactly_one=True):
        self.queries.append(query)
        if self.error is not None:
            raise self.error
        found = self.answers.get(query)
        if found is None:
            return None
        lat, lon, raw = found
        return Location(raw["display_name"], (lat, lon), raw)


SUDZHA_RAW = {
    "display_name": "Суджа, Суджанский район, Курская область, Россия",
    "name": "Суджа",
    "addresstype": "town",
    "address": {"state": "Курская область", "county": "Суджанский район"},
}


@pytest.fixture
def sleeps(monkeypatch):
    recorded = []
    monkeypatch.setattr(RateLimiter, "_sleep", lambda self, seconds: recorded.append(seconds))
    return recorded


@pytest.mark.parametrize(
    ("environ", "enabled"),
    [({}, False), ({"SITMAP_ONLINE_GEOCODER": ""}, False),
     ({"SITMAP_ONLINE_GEOCODER": "off"}, False),
     ({"SITMAP_ONLINE_GEOCODER": "nominatim"}, True)],
)  # fmt: skip
def test_off_unless_configured(environ, enabled):
    assert (online_geocoder_from_env(environ) is not None) == enabled


def test_the_default_is_nominatim_with_our_user_agent_and_a_short_timeout():
    geocoder = online_geocoder_from_env({"SITMAP_ONLINE_GEOCODER": "nominatim"})
    nominatim = geocoder._geocoder
    assert nominatim.headers["User-Agent"] == USER_AGENT
    assert nominatim.timeout <= 5


def test_an_unknown_provider_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="SITMAP_ONLINE_GEOCODER"):
        online_geocoder_from_env({"SITMAP_ONLINE_GEOCODER": "google"})


def test_answers_carry_the_gazetteer_raw_keys(sleeps):
    fake = FakeNominatim({"Sudzha, Kursk Oblast": (51.19, 35.27, SUDZHA_RAW)})
    location = OnlineGeocoder(fake).geocode("Sudzha", admin1="Kursk Oblast")
    assert location.point[:2] == (51.19, 35.27)
    assert location.raw["match"] == "online"
    assert location.raw["geo_precision"] == 1
    assert location.raw["admin2"] == "Суджанский район"
    assert location.raw["provider_raw"] == SUDZHA_RAW


def test_answers_are_cached_including_misses(sleeps):
    fake = FakeNominatim({"Sudzha": (51.19, 35.27, SUDZHA_RAW)})
    cache = {}
    geocoder = OnlineGeocoder(fake, cache=cache)
    for _ in range(3):
        geocoder.geocode("Sudzha")
        assert geocoder.geocode("Atlantis") is None
    assert fake.queries == ["Sudzha", "Atlantis"]
    assert set(cache) == {"Sudzha", "Atlantis"}


def test_requests_are_at_most_one_a_second(sleeps):
    geocoder = OnlineGeocoder(FakeNominatim())
    geocoder.geocode("one")
    geocoder.geocode("two")
    assert sleeps and all(0 < s <= 1 for s in sleeps)


def test_offline_fails_fast_once_then_without_asking_again(sleeps):
    fake = FakeNominatim(error=GeocoderUnavailable("Name or service not known"))
    geocoder = OnlineGeocoder(fake)
    with pytest.raises(OnlineGeocoderUnavailable, match="unreachable.*offline gazetteer"):
        geocoder.geocode("Sudzha")
    with pytest.raises(OnlineGeocoderUnavailable):
        geocoder.geocode("Guevo")
    assert fake.queries == ["Sudzha"]  # no retries, no second attempt
