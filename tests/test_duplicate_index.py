"""The in-memory duplicate index answers as the database does: the same probable
duplicates for a dense, mixed store, and nothing from a store without those days."""

from __future__ import annotations

import random

import pytest
from builders import csv_bytes, raw_event

from events.duplicates.index import DuplicateIndex
from sitmap.importer import commit, plan_import

TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Strategic developments", "Disrupted weapons use"),
]
PLACES = [("Krasnopillia", 50.7736, 35.2669), ("Myropillia", 50.9431, 35.2444)]
NAMES = ["Krasnopillia", "KRASNOPILLIA ", "Myropillia", "myropillia", "Sumy Oblast", ""]


def mixed_events(prefix: str, n: int, seed: int) -> list[dict[str, str]]:
    """``n`` events on four days and three types, near two places (up to ~3 km off)
    or without coordinates, under several spellings of their names."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        day = f"2025-02-0{rng.randint(1, 4)}"
        end = day if rng.random() < 0.8 else "2025-02-07"
        kind, sub = rng.choice(TYPES)
        _, lat, lon = rng.choice(PLACES)
        place = {
            "latitude": f"{lat + rng.uniform(-0.03, 0.03):.5f}",
            "longitude": f"{lon + rng.uniform(-0.045, 0.045):.5f}",
        }
        if rng.random() < 0.25:
            place = {"latitude": "", "longitude": "", "geo_precision": "3"}
        records.append(
            raw_event(
                i + 1,
                event_id=f"{prefix}-{i:04d}",
                date_start=day,
                date_end=end,
                time_precision="1" if end == day else "2",
                event_type=kind,
                sub_event_type=sub,
                location=rng.choice(NAMES) or "Krasnopillia",
                **place,
            )
        )
    return records


def planned(store, records, known=None):
    plan = plan_import(csv_bytes(records), "file.csv", store, known=known)
    assert plan.ok, plan.problems[:3]
    return plan


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_finds_what_the_database_finds(store, seed):
    commit(planned(store, mixed_events("S", 600, seed)), store)
    index = DuplicateIndex.from_events(store.events())
    rows = mixed_events("NEW", 150, seed + 100)
    from_database = planned(store, rows).probable_duplicates
    from_memory = planned(store, rows, index).probable_duplicates
    assert from_memory == from_database
    counted = [d.other_matches for d in from_database]
    assert len(from_database) > 100 and max(counted) > 10  # dense: the check had work


def test_a_store_without_those_days_or_types_has_no_duplicates(store):
    commit(planned(store, mixed_events("S", 50, 7)), store)
    index = DuplicateIndex.from_events(store.events())
    elsewhere = [
        raw_event(1, event_id="NEW-1", date_start="2024-06-01", date_end="2024-06-01"),
        raw_event(2, event_id="NEW-2", event_type="Riots", sub_event_type="Mob violence",
                  date_start="2025-02-01", date_end="2025-02-01"),
    ]  # fmt: skip
    assert planned(store, elsewhere, index).probable_duplicates == []


def test_an_empty_store_has_an_empty_index(store):
    index = DuplicateIndex.from_events(store.events())
    rows = mixed_events("NEW", 20, 5)
    assert planned(store, rows, index).probable_duplicates == []


def test_the_index_needs_the_frame_in_date_order(store):
    commit(planned(store, mixed_events("S", 30, 9)), store)
    shuffled = store.events().sort_values("event_id", ascending=False)
    with pytest.raises(ValueError, match="sorted by date_start"):
        DuplicateIndex.from_events(shuffled)


@pytest.mark.parametrize(
    ("km_north", "listed"),
    [(1.95, True), (-1.95, True), (2.05, False), (-2.05, False), (0.0, True)],
)
def test_the_latitude_band_keeps_every_event_within_2_km_north_or_south(store, km_north, listed):
    lat = 50.7736 + km_north / 111.195  # km per degree of latitude on the mean sphere
    there = raw_event(1, event_id="S-1", date_start="2025-02-01", date_end="2025-02-01",
                      latitude=f"{lat:.7f}")  # fmt: skip
    commit(planned(store, [there]), store)
    index = DuplicateIndex.from_events(store.events())
    here = raw_event(2, event_id="NEW-1", date_start="2025-02-01", date_end="2025-02-01")
    found = [d.existing_event_id for d in planned(store, [here], index).probable_duplicates]
    assert found == (["S-1"] if listed else [])
    assert (
        planned(store, [here]).probable_duplicates
        == planned(store, [here], index).probable_duplicates
    )
