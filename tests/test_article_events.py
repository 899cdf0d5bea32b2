"""The article's events as coded in data/events: honest dates, places and sources."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from geopy.distance import geodesic
from make_article_fingerprint import read_fingerprint, run_hashes

from sitmap.cli import main
from sitmap.seed import seed_files

KURSK_CITY = (51.73028, 36.19278)  # (lat, lon) of Kursk, the oblast capital
EU_TODAY = "https://eutoday.net/"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> dict[str, dict]:
    """`sitmap seed` on a fresh store, then `sitmap events --json`."""
    db = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'fresh.sqlite'}"
    assert main(["--db", db, "seed"]) == 0
    return {row["event_id"]: row for row in _events_json(db)}


def _events_json(db: str) -> list[dict]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", db, "events", "--json"]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


# event, first day, last day, time precision, geo precision, a source it must name, link
# (SM-ART-003, 004 and 008 were merged or dropped when the coding was reviewed: see below)
CODED = [
    ("SM-ART-001", "2024-08-06", "2024-08-06", 1, 3, "General news reporting", None),  # incursion
    ("SM-ART-002", "2024-12-05", "2024-12-05", 1, 3, "EU Today", EU_TODAY),  # governor replaced
    ("SM-ART-005", "2025-01-21", "2025-01-31", 3, 3, "EU Today", EU_TODAY),  # NK withdrawal
    ("SM-ART-006", "2025-01-21", "2025-02-28", 4, 3, "Reuters", EU_TODAY),  # NK troops back
    ("SM-ART-007", "2025-01-21", "2025-02-28", 4, 3, "47th Separate Mechanized", EU_TODAY),
]


def test_every_coded_event_is_listed(seeded):
    assert sorted(seeded) == [row[0] for row in CODED]


@pytest.mark.parametrize(("event_id", "start", "end", "time_p", "geo_p", "source", "url"), CODED)
def test_each_event_has_an_honest_interval_precision_and_source(
    seeded, event_id, start, end, time_p, geo_p, source, url
):
    event = seeded[event_id]
    assert (event["date_start"], event["date_end"]) == (start, end)
    assert event["time_precision"] == time_p
    assert event["geo_precision"] == geo_p
    assert source in event["source"]
    assert event["source_url"] == url


@pytest.mark.parametrize("event_id", [row[0] for row in CODED])
def test_no_event_is_shown_more_precisely_than_known(seeded, event_id):
    event = seeded[event_id]
    span = (date.fromisoformat(event["date_end"]) - date.fromisoformat(event["date_start"])).days
    if event["time_precision"] > 1:
        assert span > 0, "an imprecise date must be an interval, not one day"
    if event["geo_precision"] == 3:
        assert event["latitude"] is None, "an area-level event gets no pin"


def test_front_line_events_are_not_placed_at_kursk_city(seeded):
    front = [e for e in seeded.values() if "front line" in e["location"]]
    assert len(front) >= 3
    for event in front:
        assert event["admin1"] == "Kursk Oblast"
        assert event["admin2"] != "Kursk (city okrug)"
        if event["latitude"] is not None:
            place = (event["latitude"], event["longitude"])
            assert geodesic(place, KURSK_CITY).km > 30


def test_facts_from_outside_the_article_are_marked(seeded):
    for event_id in ("SM-ART-001", "SM-ART-002"):
        assert "Outside the article" in seeded[event_id]["notes"]
        assert "outside knowledge" in seeded[event_id]["tags"]


def test_the_night_assault_is_one_battle_with_both_accounts(seeded):
    """The brigade's account and the president's claim of hundreds dead are one battle."""
    battles = [e for e in seeded.values() if e["event_type"] == "Battles"]
    assert sorted(e["event_id"] for e in battles) == ["SM-ART-001", "SM-ART-007"]
    assault = seeded["SM-ART-007"]
    assert "47th Separate Mechanized Brigade" in assault["source"]
    assert "Reuters" in assault["source"]
    assert "night" in assault["notes"] and "hundreds" in assault["notes"]


def test_deaths_follow_acled_with_the_claim_named_as_one_sides(seeded):
    assault = seeded["SM-ART-007"]
    assert assault["fatalities"] == 100  # 'hundreds' -> 100, the most conservative reading
    assert assault["fatalities_low"] is None and assault["fatalities_high"] is None
    assert "one side's claim" in assault["notes"]
    assert "claim: enemy losses" in assault["tags"]
    others = [e["fatalities"] for e in seeded.values() if e["event_id"] != "SM-ART-007"]
    assert others == [0] * len(others)  # no other row is given a death count


def test_the_governors_replacement_is_one_act(seeded):
    """Dismissing the governor and sending Khinshtein: one Strategic developments row."""
    act = [e for e in seeded.values() if "Khinshtein" in e["notes"] or "governor" in e["notes"]]
    assert [e["event_id"] for e in act] == ["SM-ART-002"]
    assert act[0]["event_type"] == "Strategic developments"
    assert "Smirnov" in act[0]["notes"] and "Khinshtein" in act[0]["notes"]
    on_the_day = [e for e in seeded.values() if e["date_start"] == "2024-12-05"]
    assert on_the_day == act


def test_the_displaced_residents_condition_is_a_note_not_an_event(seeded):
    mentioned = [e["event_id"] for e in seeded.values() if "displaced" in e["notes"]]
    assert mentioned == ["SM-ART-002"]  # told in the notes of the governance row
    assert "not an event" in seeded["SM-ART-002"]["notes"]
    for event in seeded.values():
        assert "displacement" not in event["tags"] and "humanitarian" not in event["tags"]
        assert "Civilians" not in (event["actor2"] or "")


def test_the_incursion_row_names_its_real_source(seeded):
    """Built from outside knowledge: credited to that reporting, with no invented link."""
    incursion = seeded["SM-ART-001"]
    sources = incursion["source"].split(";")
    assert sources[0].startswith("General news reporting") and "Reuters" in sources[0]
    assert incursion["source_url"] is None
    assert "outside knowledge" in incursion["tags"]


def test_the_coding_quotes_no_sentence_of_the_article():
    """No 7-word run of an event (its cells in column order) is a run of the article.

    The article is not in the repository; its runs are, as hashes
    (tests/article_fingerprint.txt, written by tests/make_article_fingerprint.py).
    """
    fingerprint = read_fingerprint()
    assert len(fingerprint) > 500, "the fingerprint should hold the whole article"
    for path in seed_files():
        with path.open(encoding="utf-8", newline="") as file:
            events = list(csv.DictReader(file))
        assert events, f"{path.name} holds no events"
        for event in events:
            runs = run_hashes(" ".join(event.values()))
            copied = [run for digest, run in runs.items() if digest in fingerprint]
            assert not copied, f"{path.name} {event['event_id']} copies the article: {copied[:3]}"
