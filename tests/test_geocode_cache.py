"""The online geocoder's answers kept in the store (asked once, remembered offline)."""

from __future__ import annotations

import json

from geopy.location import Location

import sitmap.geocode
from events.geocode_cache import StoredGeocodes
from events.store import Store
from geo.online import OnlineGeocoder
from sitmap.cli import main


class FakeNominatim:
    """Answers one name; counts the questions."""

    def __init__(self):
        self.asked = 0

    def geocode(self, query, exactly_one=True, **kwargs):
        self.asked += 1
        if query.startswith("Qwertyvka Nova"):
            return Location("Qwertyvka Nova, Sumy Oblast", (51.05, 35.2), {"type": "village"})
        return None


def test_answers_and_no_answers_are_kept_in_the_store(store):
    cache = StoredGeocodes(store)
    place = Location("Somewhere", (51.0, 35.0), {"admin1": "Sumy Oblast"})
    cache["Somewhere"] = place
    cache["Nowhere"] = None
    again = StoredGeocodes(Store(store.url))
    assert again["Somewhere"].point[:2] == (51.0, 35.0)
    assert again["Somewhere"].raw == {"admin1": "Sumy Oblast"}
    assert "Nowhere" in again and again["Nowhere"] is None
    assert "Elsewhere" not in again


def test_the_cli_asks_online_once_when_configured(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 'g.sqlite'}"
    fake = FakeNominatim()
    monkeypatch.setenv("SITMAP_ONLINE_GEOCODER", "nominatim")
    monkeypatch.setattr(
        sitmap.geocode,
        "online_geocoder_from_env",
        lambda environ=None, *, cache=None: OnlineGeocoder(fake, cache=cache, min_delay_seconds=0),
    )
    for _ in range(2):
        assert main(["--db", db, "geocode", "Qwertyvka Nova", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert (result["lat"], result["lon"]) == (51.05, 35.2)
        assert result["match"] == "online"
    assert fake.asked == 1  # the second answer came from the store


def test_online_stays_off_by_default(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SITMAP_ONLINE_GEOCODER", raising=False)
    code = main(["--db", f"sqlite:///{tmp_path / 'g.sqlite'}", "geocode", "Qwertyvka Nova"])
    assert code == 1
