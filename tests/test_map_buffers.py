"""The event columns the map component draws from: the browser's window filter counts what
the server counts, and each column says what the map needs of every event."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from events.timeline import overlapping
from geo.cells import CellGrid
from geo.footprints import KINDS
from geo.layers import PAGE_COLUMNS
from geo.map_buffers import (
    BUFFER_COLUMNS,
    area_features,
    cell_centres,
    count_in_window,
    day_number,
    day_numbers,
    event_buffers,
    event_ids,
    hatch_lines,
    id_parts,
    window_cells,
)
from geo.map_index import MapIndex
from sitmap.synthetic import synthetic_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    frame = synthetic_events(5_000, seed=11)
    return frame.sort_values("date_start", kind="stable", ignore_index=True)


@pytest.fixture(scope="module")
def index(events) -> MapIndex:
    return MapIndex(events[list(PAGE_COLUMNS)])


@pytest.fixture(scope="module")
def table(index):
    return event_buffers(index)


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(-30, 640), width=st.integers(0, 400))
def test_the_browsers_window_filter_counts_what_the_server_shows(events, table, offset, width):
    start = date(2024, 8, 6) + timedelta(days=offset)
    end = start + timedelta(days=width)
    assert count_in_window(table, start, end) == len(overlapping(events, start, end))


@pytest.mark.parametrize(
    ("column", "arrow_type"),
    [
        ("lon", "float"),
        ("lat", "float"),
        ("start", "float"),
        ("end", "float"),
        ("type", "dictionary<values=string, indices=int8, ordered=0>"),
        ("deaths", "int16"),  # up to 1,000 deaths in the synthetic events
        ("footprint", "int8"),
        ("area", "int8"),
        ("cell", "int16"),  # 550 cells: more than an int8 holds
        ("kind", "dictionary<values=string, indices=int8, ordered=0>"),
        ("location", "dictionary<values=string, indices=int8, ordered=0>"),
        ("id_prefix", "dictionary<values=string, indices=int8, ordered=0>"),
        ("id_number", "int16"),  # SYN-0000000 to SYN-0004999
        ("id_digits", "int8"),
    ],
)
def test_each_column_travels_as_a_typed_buffer(table, column, arrow_type):
    assert str(table.schema.field(column).type) == arrow_type


@pytest.mark.parametrize(
    "ids",
    [
        ["SYN-0000042", "SYN-0000043"],  # ours: a prefix and zero-padded numbers
        ["UKR12345", "UKR9", "RUS1"],  # ACLED's event_id_cnty
        ["412394", "0", "007"],  # UCDP's numeric ids; leading zeros kept
        ["SM-ART-007", "SM-ART-010"],
        ["abc", "", "x-", "-"],  # no closing digit: all prefix
        ["1234567890123", "9999999999"],  # more than nine digits: the rest is prefix
        ["x\u0663", "\u0663\u0664"],  # Arabic-Indic digits are not [0-9]: all prefix
        ["Ünïcödé-12", "id 5 ", "tab\t3"],
    ],
)
def test_event_ids_travel_in_parts_that_make_them_again(ids):
    """The browser makes an id again as prefix + the number zero-padded to its digits
    (columns.js), as event_ids does in Python: for ids as sources write them."""
    prefix, number, digits = id_parts(pd.Series(ids))
    table = pa.table({"id_prefix": prefix, "id_number": number, "id_digits": digits})
    assert event_ids(table) == ids


@pytest.mark.parametrize(
    ("places", "indices"), [(128, "int8"), (129, "int16"), (32_768, "int16"), (32_769, "int32")]
)
def test_codes_take_the_smallest_integer_that_holds_them(events, places, indices):
    # as many distinct places as asked, the last code being places - 1
    many = pd.concat([events] * (places // len(events) + 1), ignore_index=True).iloc[:places]
    many = many.assign(location=[f"place {i}" for i in range(places)])
    table = event_buffers(MapIndex(many[list(PAGE_COLUMNS)]))
    assert str(table.schema.field("location").type.index_type) == indices
    assert table.column("location").to_pylist() == many["location"].tolist()


def test_the_columns_are_the_events_in_the_index_order(events, table):
    assert tuple(table.column_names) == BUFFER_COLUMNS
    assert event_ids(table) == events["event_id"].tolist()
    assert table.column("type").to_pylist() == events["event_type"].tolist()
    deaths = events["fatalities"].fillna(-1).astype(int).tolist()
    assert table.column("deaths").to_pylist() == deaths


def test_days_are_whole_numbers_exact_in_float32():
    days = pd.Series(pd.to_datetime(["1970-01-01", "2024-08-06", "2099-12-31"]))
    assert day_numbers(days).dtype == np.float32
    assert day_numbers(days).tolist() == [0.0, 19941.0, 47481.0]
    assert day_number(date(2024, 8, 6)) == 19941.0


def test_only_dots_and_rings_have_a_position_and_a_cell(index, table):
    footprint = table.column("footprint").to_numpy()
    located = np.isin(footprint, [KINDS.index("point"), KINDS.index("circle")])
    lon = table.column("lon").to_numpy()
    assert not np.isnan(lon[located]).any() and np.isnan(lon[~located]).all()
    cells = table.column("cell").to_numpy()
    assert (cells[located] >= 0).all() and (cells[~located] == -1).all()
    areas = table.column("area").to_numpy()
    assert (areas[footprint == KINDS.index("area")] >= 0).any()
    assert (areas[footprint != KINDS.index("area")] == -1).all()


def test_a_windows_cells_counted_in_the_browser_are_the_servers(index, table):
    """The browser counts cells from each event's cell and the cells' centres."""
    start, end = date(2025, 1, 1), date(2025, 2, 15)
    positions = index.positions(start, end)
    expected = index.cells.count(positions)
    cells = table.column("cell").to_numpy()[positions]
    counts = np.bincount(cells[cells >= 0], minlength=len(cell_centres(index)["lon"]))
    centres = cell_centres(index)
    occupied = np.flatnonzero(counts)
    assert counts[occupied].tolist() == expected["count"].tolist()
    assert np.asarray(centres["lon"])[occupied].tolist() == expected["lon"].tolist()
    assert np.asarray(centres["lat"])[occupied].tolist() == expected["lat"].tolist()


def test_the_cells_sent_with_the_view_recount_the_columns(index, table):
    """What the server sends with a full run's view (drawn until the columns arrive) is
    what the browser counts from the columns: per cell of the window, its located events,
    their deaths and the commonest type (a tie to the first alphabetically); nothing when
    the window holds no more located events than the threshold."""
    start, end = date(2025, 1, 1), date(2025, 2, 15)
    located = index.count_located(index.positions(start, end))
    assert window_cells(index, start, end, above=located) is None
    sent = window_cells(index, start, end, above=located - 1)

    first, last = day_number(start), day_number(end)
    in_window = (table.column("start").to_numpy() <= last) & (
        table.column("end").to_numpy() >= first
    )
    cell = table.column("cell").to_numpy().astype(int)
    chosen = in_window & (cell >= 0)
    types = table.column("type").to_pandas().astype(str).to_numpy()
    deaths = table.column("deaths").to_numpy().astype(float)
    frame = pd.DataFrame({"cell": cell[chosen], "type": types[chosen], "deaths": deaths[chosen]})
    frame["deaths"] = frame["deaths"].clip(lower=0)
    centres = cell_centres(index)
    expected = set()
    for code, group in frame.groupby("cell"):
        tally = group["type"].value_counts()
        commonest = min(tally[tally == tally.max()].index)
        expected.add((centres["lon"][code], centres["lat"][code], len(group),
                      round(group["deaths"].sum()), commonest))  # fmt: skip
    got = {
        (lon, lat, count, dead, sent["types"][t])
        for lon, lat, count, dead, t in zip(
            sent["lon"], sent["lat"], sent["count"], sent["deaths"], sent["type"], strict=True
        )
    }
    assert len(got) > 50 and got == expected
    assert len(sent["colours"]) == len(sent["types"]) and sent["size"] == centres["size"]


def test_area_features_name_each_area_and_hatch_it(index, table):
    features = area_features(index)
    codes = table.column("area").to_numpy()
    assert len(features) == codes.max() + 1
    for feature in features:
        shape = shapely.geometry.shape(feature["geometry"])
        assert feature["properties"]["name"]
        assert shape.buffer(1e-3).contains(shapely.Point(feature["properties"]["badge"]))
        assert feature["properties"]["hatch"]


def test_hatching_is_lines_inside_the_area_not_a_fill():
    square = shapely.box(35.0, 51.0, 36.0, 52.0)
    paths = hatch_lines(square, spacing=0.1)
    lines = shapely.multilinestrings(paths)
    assert square.buffer(1e-6).contains(lines)
    for path in paths:  # diagonals, south-west to north-east
        (x0, y0), (x1, y1) = path[0], path[-1]
        assert x1 > x0 and abs((y1 - y0) - (x1 - x0)) < 1e-3
    # lines 0.1° apart across a 1° square: about 19 of them, covering it without filling it
    assert 17 <= len(paths) <= 21


def test_the_cell_codes_are_the_grids(events):
    grid = CellGrid(events)
    cells, lon, lat = grid.codes()
    assert len(cells) == len(events) and len(lon) == len(lat) == cells.max() + 1
