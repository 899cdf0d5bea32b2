"""The map's events as columns for the browser: sent once, the time window applied there.

A filter set's events travel to the map component once per store version as one Arrow
table of typed columns (positions, first and last day, type, deaths, footprint, area,
grid cell, and the short texts a tooltip shows), not as JSON rows.  The browser keeps
them on the GPU and filters them by time itself (deck.gl's DataFilterExtension), so
moving the window sends nothing but the window.

Days are counted from :data:`DAY_ORIGIN` and held as float32, which is exact for whole
days far beyond any date an event can have.  :func:`count_in_window` is the browser's
filter written in numpy: the test oracle that its count is the server's.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from events.schema import event_kinds
from geo.basemap import drawn_shape
from geo.cells import CELL_DEGREES
from geo.footprints import KINDS, NEAR_RADIUS_M
from geo.map_index import MapIndex
from geo.style import EVENT_COLOURS, UNKNOWN_EVENT_COLOUR

DAY_ORIGIN = date(1970, 1, 1)
"""Day 0 of the browser's day numbers (numpy's own epoch: no shift to apply)."""
BUFFER_COLUMNS = (
    "lon",
    "lat",
    "start",
    "end",
    "type",
    "deaths",
    "footprint",
    "area",
    "cell",
    "kind",
    "location",
    "id_prefix",
    "id_number",
    "id_digits",
)
"""The columns of :func:`event_buffers`, in order."""
ID_PATTERN = r"^(?P<prefix>.*?)(?P<digits>[0-9]{1,9})$"
"""An event id as a prefix and up to nine closing digits (:func:`id_parts`)."""
_DECIMALS = 4  # about 10 m, as every coordinate on the map


def day_numbers(dates: pd.Series | np.ndarray) -> np.ndarray:
    """Dates as float32 days since :data:`DAY_ORIGIN`."""
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    return days.astype(np.float32)


def day_number(day: date) -> float:
    """One date as days since :data:`DAY_ORIGIN`."""
    return float((day - DAY_ORIGIN).days)


def _codes(codes: np.ndarray) -> pa.Array:
    """Integer codes (-1 for none) in the smallest signed type that holds them: a million
    events' type, kind, place, area and cell codes as 1- or 2-byte integers instead of
    4 took the 1M first load from 56.1 MB to 42.1 MB (docs/performance.md)."""
    top = int(codes.max()) if len(codes) else 0
    dtype = next(t for t in (np.int8, np.int16, np.int32) if top <= np.iinfo(t).max)
    return pa.array(codes.astype(dtype))


def _dictionary(values: pd.Series) -> pa.DictionaryArray:
    """Strings as codes into their distinct values: a few hundred place names, not a
    string per event."""
    codes, names = pd.factorize(values.astype(object), use_na_sentinel=False)
    return pa.DictionaryArray.from_arrays(
        _codes(codes), pa.array([str(n) for n in names], pa.string())
    )


def id_parts(ids: pd.Series) -> tuple[pa.DictionaryArray, pa.Array, pa.Array]:
    """Event ids as a prefix (dictionary-coded), a number and its count of digits: the
    prefix, then the number zero-padded to that many digits, is the id again ("SYN-" 42 7
    is "SYN-0000042"; an id with no closing digit is all prefix, with 0 digits).  Ids of
    one source share their prefix, so at a million events 15 MB of strings become ~6 MB
    of integers (docs/performance.md)."""
    text = pa.array(ids.astype(str).tolist(), pa.string())
    parts = pc.extract_regex(text, ID_PATTERN)  # null where the id ends in no digit
    digits = pc.struct_field(parts, "digits")
    prefix = pc.if_else(pc.is_valid(parts), pc.struct_field(parts, "prefix"), text)
    coded = pc.dictionary_encode(prefix)
    number = pc.cast(pc.fill_null(digits, "0"), pa.int64()).to_numpy()
    width = pc.fill_null(pc.utf8_length(digits), 0).to_numpy()
    return (
        pa.DictionaryArray.from_arrays(_codes(coded.indices.to_numpy()), coded.dictionary),
        _codes(number),
        pa.array(width.astype(np.int8)),
    )


def event_ids(table: pa.Table) -> list[str]:
    """The event ids of an :func:`event_buffers` table, made again from their parts as the
    browser makes them: the prefix, then the number zero-padded to its digits."""
    parts = (table.column(f"id_{part}").to_pylist() for part in ("prefix", "number", "digits"))
    return [p + (str(n).zfill(d) if d else "") for p, n, d in zip(*parts, strict=True)]


def event_buffers(index: MapIndex) -> pa.Table:
    """Every event of ``index`` (a filter set, all windows) as :data:`BUFFER_COLUMNS`,
    in the index's row order.

    lon/lat are NaN for an event not drawn at its coordinates; footprint is its
    position in :data:`geo.footprints.KINDS`; area and cell are positions in
    :func:`area_features` and :func:`cell_centres` (-1: none); deaths is -1 when
    unknown; the event id is in three parts (:func:`id_parts`).
    """
    frame = index.frame
    located = np.isin(index.kinds, [KINDS.index("point"), KINDS.index("circle")])
    lon = frame["longitude"].to_numpy("float64", na_value=np.nan).round(_DECIMALS)
    lat = frame["latitude"].to_numpy("float64", na_value=np.nan).round(_DECIMALS)
    areas, _ = index.area_codes()
    cells, _, _ = index.cells.codes()
    columns = {
        "lon": pa.array(np.where(located, lon, np.nan).astype(np.float32)),
        "lat": pa.array(np.where(located, lat, np.nan).astype(np.float32)),
        "start": pa.array(day_numbers(frame["date_start"])),
        "end": pa.array(day_numbers(frame["date_end"])),
        "type": _dictionary(frame["event_type"]),
        "deaths": _codes(frame["fatalities"].to_numpy("int64", na_value=-1)),
        "footprint": pa.array(index.kinds.astype(np.int8)),
        "area": _codes(areas),
        "cell": _codes(np.where(located, cells, -1)),
        "kind": _dictionary(event_kinds(frame)),
        "location": _dictionary(frame["location"].fillna("")),
    }
    columns["id_prefix"], columns["id_number"], columns["id_digits"] = id_parts(frame["event_id"])
    return pa.table(columns)


def area_features(index: MapIndex) -> list[dict]:
    """The areas of :meth:`MapIndex.area_codes` as GeoJSON features, in code order: the
    shape the basemap draws, the area's name, and a point inside it for its count."""
    codes, shapes = index.area_codes()
    names = index.frame[["admin1", "admin2"]]
    features = []
    for code, wkb in enumerate(shapes):
        rows = np.flatnonzero(codes == code)
        admin1, admin2 = names.iloc[rows[0]] if len(rows) else (None, None)
        name = admin2 if isinstance(admin2, str) and admin2.strip() else admin1
        geometry = drawn_shape(wkb)
        inside = shapely.point_on_surface(geometry)
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geometry),
                "properties": {
                    "name": str(name),
                    "badge": [round(inside.x, _DECIMALS), round(inside.y, _DECIMALS)],
                    "hatch": hatch_lines(geometry),
                },
            }
        )
    return features


HATCH_SPACING = 0.06
"""Degrees between the diagonal lines that hatch an area event's area (~4-7 km)."""


def hatch_lines(geometry: shapely.Geometry, spacing: float = HATCH_SPACING) -> list[list]:
    """Diagonal lines (south-west to north-east) across ``geometry``, clipped to it, as
    paths of [longitude, latitude] points: how an area event is drawn, so that an event
    known only to an oblast never looks like a solid fill, which reads as control."""
    minx, miny, maxx, maxy = geometry.bounds
    offsets = np.arange(miny - maxx, maxy - minx + spacing, spacing)  # lines y = x + c
    lines = shapely.linestrings([[[minx, minx + c], [maxx, maxx + c]] for c in offsets])
    paths = []
    for piece in shapely.intersection(lines, geometry):
        for part in getattr(piece, "geoms", [piece]):
            if not isinstance(part, shapely.LineString):
                continue
            path = np.round(np.asarray(part.coords), _DECIMALS)
            if len(path) > 1 and (path[0] != path[-1]).any():  # a corner touched: no line
                paths.append(path.tolist())
    return paths


def cell_centres(index: MapIndex) -> dict:
    """The grid cells' centres (``lon``, ``lat`` lists, in cell code order) and size in
    degrees, for the browser to draw the cells of a window it counts itself."""
    _, lon, lat = index.cells.codes()
    return {"lon": lon.tolist(), "lat": lat.tolist(), "size": list(CELL_DEGREES)}


def window_cells(index: MapIndex, start: date, end: date, *, above: int) -> dict | None:
    """The grid cells of the window [start, end], as the browser counts them from the
    columns (``cells.js``: count, the commonest type with ties to the first alphabetically,
    deaths), or None when the window holds ``above`` located events or fewer (the map draws
    dots then).  Sent with the map's view on a full run, so that the map draws a large
    filter set's window before its columns have arrived (42 MB at a million events)."""
    positions = index.positions(start, end)
    if index.count_located(positions) <= above:
        return None
    cells = index.cells.count(positions)
    types, names = pd.factorize(cells["event_type"], sort=True)
    return {
        "lon": cells["lon"].tolist(),
        "lat": cells["lat"].tolist(),
        "count": cells["count"].tolist(),
        "deaths": cells["deaths"].tolist(),
        "type": types.tolist(),
        "types": [str(name) for name in names],
        "colours": [list(EVENT_COLOURS.get(name, UNKNOWN_EVENT_COLOUR)) for name in names],
        "size": list(CELL_DEGREES),
    }


def buffer_meta() -> dict:
    """What the browser needs to draw the columns beyond the columns: each type's colour,
    the footprint kinds, a ring's radius and the day origin."""
    return {
        "colours": {kind: list(rgba) for kind, rgba in EVENT_COLOURS.items()},
        "unknown_colour": list(UNKNOWN_EVENT_COLOUR),
        "kinds": list(KINDS),
        "ring_radius_m": NEAR_RADIUS_M,
        "day_origin": DAY_ORIGIN.isoformat(),
    }


def count_in_window(table: pa.Table, start: date, end: date) -> int:
    """How many events of :func:`event_buffers` overlap [start, end]: the browser's
    filter (first day ≤ end and last day ≥ start, in float32 days), in numpy."""
    first, last = np.float32(day_number(start)), np.float32(day_number(end))
    starts = table.column("start").to_numpy()
    ends = table.column("end").to_numpy()
    return int(np.count_nonzero((starts <= last) & (ends >= first)))
