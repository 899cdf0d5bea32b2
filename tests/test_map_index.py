"""A filter set's events prepared once: every window's map is the map of that window's events."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from oracles import aggregate_cells

from events.timeline import overlapping
from geo.layers import AGGREGATE_ABOVE, deck_payload, event_deck
from geo.map_index import AREA, MapIndex
from sitmap.synthetic import synthetic_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    frame = synthetic_events(3 * AGGREGATE_ABOVE, seed=7)
    return frame.sort_values("date_start", kind="stable", ignore_index=True)


@pytest.fixture(scope="module")
def index(events) -> MapIndex:
    return MapIndex(events)


def windows(events: pd.DataFrame) -> list[tuple[date, date]]:
    first, last = events["date_start"].min().date(), events["date_end"].max().date()
    middle = first + (last - first) / 2
    return [
        (first, last),  # cells
        (first, last - timedelta(days=1)),
        (middle, middle + timedelta(days=20)),  # dots, with events begun earlier
        (middle, middle),
        (last + timedelta(days=1), last + timedelta(days=30)),  # nothing
    ]


@pytest.mark.parametrize("which", range(5))
@pytest.mark.parametrize("aggregate", [None, False])
def test_a_windows_map_is_the_map_of_the_events_in_it(events, index, which, aggregate):
    start, end = windows(events)[which]
    shown = overlapping(events, start, end)
    areas = shown.loc[shown["geo_precision"] == 3, "event_id"]
    selected = areas.iloc[len(areas) // 2] if len(areas) else ""
    from_index = event_deck(index, window=(start, end), selected=selected, aggregate=aggregate)
    from_frame = event_deck(shown, selected=selected, aggregate=aggregate)
    assert json.loads(deck_payload(from_index)) == json.loads(deck_payload(from_frame))


def test_the_windows_rows_are_those_overlapping_it(events, index):
    for start, end in windows(events):
        expected = overlapping(events, start, end)["event_id"].tolist()
        assert events["event_id"].iloc[index.positions(start, end)].tolist() == expected
        assert index.window(start, end)["event_id"].tolist() == expected


def test_an_unsorted_frame_gives_the_same_windows(events):
    shuffled = events.sample(frac=1, random_state=1).reset_index(drop=True)
    index = MapIndex(shuffled)
    for start, end in windows(events):
        expected = set(overlapping(events, start, end)["event_id"])
        assert set(shuffled["event_id"].iloc[index.positions(start, end)]) == expected


def test_the_cells_of_some_events_are_those_of_a_grid_built_on_them_alone(events, index):
    rng = np.random.default_rng(3)
    some = np.sort(rng.choice(len(events), size=5_000, replace=False))
    located = index.kinds[some] != AREA
    expected = aggregate_cells(events.iloc[some[located]])
    pd.testing.assert_frame_equal(index.cells.count(some).reset_index(drop=True), expected)


def test_events_without_coordinates_belong_to_no_cell():
    frame = pd.DataFrame(
        {
            "longitude": [35.01, np.nan],
            "latitude": [51.01, np.nan],
            "event_type": ["Battles", "Battles"],
            "fatalities": [1, 5],
        }
    )
    cells = aggregate_cells(frame)
    assert cells[["count", "deaths"]].values.tolist() == [[1, 1]]
