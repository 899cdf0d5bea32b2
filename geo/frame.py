"""What the map's frame leaves out: the events in view it does not show, by oblast or
country, and a camera that takes them all in.

A camera is (longitude, latitude, zoom), as :meth:`events.view.View.camera` gives it; its
frame is what it shows on a map of a given size in pixels, in deck.gl's Web Mercator
(EPSG:3857, a world :data:`WORLD_PX` pixels wide at zoom 0).  The map's opening frame is
the basemap's default view (:func:`geo.basemap.view_state`), a map of Kursk: a
country-wide export draws most of its events off it, so the screen says how many and
where instead of letting the map hide them.

An event lies outside when what the map draws of it (:mod:`geo.footprints`: a point, a
circle of :data:`~geo.footprints.NEAR_RADIUS_M`, or an area) lies wholly outside the
frame; a circle or an area straddling the edge is on the map.  Events with no position
(geo precision 4) are reported elsewhere and left out here, and an area event whose
oblast has no outline in data/geo is counted apart: it is not drawn at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo import regions
from geo.basemap import view_state
from geo.footprints import KINDS, LOCATED, NEAR_RADIUS_M, area_shape_codes, footprint_codes

WORLD_PX = 512
"""deck.gl's world width in pixels at zoom 0 (its tiles are 512 px)."""
_EARTH_CIRCUMFERENCE_M = 2 * math.pi * 6_378_137.0  # EPSG:3857's sphere
_METRES_PER_DEGREE = 111_320.0
MAX_LATITUDE = 85.0
FIT_PADDING_PX = 40
"""Room left between the fitted events and the map's edge."""
FIT_MAX_ZOOM = 9.0
"""Fitting one event, or a few in one town, shows the country round them, not a street."""
FIT_MIN_ZOOM = 2.0

FRAME_COLUMNS = ("latitude", "longitude", "geo_precision", "admin1", "admin2", "country")
"""What :func:`count_outside` reads of each event."""

Camera = tuple[float, float, float]
"""(longitude, latitude, zoom)."""


@dataclass(frozen=True)
class Bounds:
    """A longitude/latitude rectangle (WGS84 degrees, west < east: no antimeridian)."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, other: Bounds) -> bool:
        """Whether ``other`` lies wholly inside this rectangle (edges included)."""
        return (
            self.west <= other.west
            and self.south <= other.south
            and other.east <= self.east
            and other.north <= self.north
        )


@dataclass(frozen=True)
class FrameCount:
    """The events in view that a frame does not show.

    ``outside``: place → events drawn wholly outside the frame, most first;
    ``no_outline``: oblast → area events not drawn at all, as data/geo has no outline
    for their oblast, most first; ``extent``: the bounds of everything the map draws of
    the events in view (None when it draws none of them)."""

    outside: dict[str, int] = field(default_factory=dict)
    no_outline: dict[str, int] = field(default_factory=dict)
    extent: Bounds | None = None

    @property
    def n_outside(self) -> int:
        """How many events in view are drawn outside the frame."""
        return sum(self.outside.values())

    @property
    def n_no_outline(self) -> int:
        """How many events in view are not drawn for want of their oblast's outline."""
        return sum(self.no_outline.values())


@cache
def _to_mercator() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


@cache
def _from_mercator() -> Transformer:
    return Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def _metres_per_px(zoom: float) -> float:
    return _EARTH_CIRCUMFERENCE_M / (WORLD_PX * 2.0**zoom)


def default_camera() -> Camera:
    """The basemap's opening camera: all Kursk Oblast with the Sumy border country."""
    view = view_state()
    return (float(view.longitude), float(view.latitude), float(view.zoom))


def frame_bounds(camera: Camera, width_px: float, height_px: float) -> Bounds:
    """What ``camera`` shows on a map ``width_px`` by ``height_px``, as degrees."""
    longitude, latitude, zoom = camera
    x, y = _to_mercator().transform(longitude, max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude)))
    half_x = width_px / 2 * _metres_per_px(zoom)
    half_y = height_px / 2 * _metres_per_px(zoom)
    (west, east), (south, north) = _from_mercator().transform(
        [x - half_x, x + half_x], [y - half_y, y + half_y]
    )
    return Bounds(
        west=max(west, -180.0),
        south=max(south, -MAX_LATITUDE),
        east=min(east, 180.0),
        north=min(north, MAX_LATITUDE),
    )


def fit_camera(
    bounds: Bounds, width_px: float, height_px: float, padding_px: float = FIT_PADDING_PX
) -> Camera:
    """The camera showing all of ``bounds`` on a map ``width_px`` by ``height_px``, with
    ``padding_px`` to spare on every side, zoomed in no closer than :data:`FIT_MAX_ZOOM`
    (rounded: 4 decimals of a degree, 2 of a zoom level, as a link carries them)."""
    south = max(-MAX_LATITUDE, bounds.south)
    north = min(MAX_LATITUDE, bounds.north)
    (x0, x1), (y0, y1) = _to_mercator().transform([bounds.west, bounds.east], [south, north])
    room_x = max(width_px - 2 * padding_px, 1.0)
    room_y = max(height_px - 2 * padding_px, 1.0)
    metres_per_px = max((x1 - x0) / room_x, (y1 - y0) / room_y, 1e-9)
    zoom = math.log2(_EARTH_CIRCUMFERENCE_M / (WORLD_PX * metres_per_px))
    zoom = min(FIT_MAX_ZOOM, max(FIT_MIN_ZOOM, zoom))
    zoom = math.floor(zoom * 100) / 100  # rounded down: the rounding never crops an edge
    longitude, latitude = _from_mercator().transform((x0 + x1) / 2, (y0 + y1) / 2)
    return (round(longitude, 4), round(latitude, 4), zoom)


class FrameIndex:
    """The events of one filter set, ready to be counted against any frame, for any window.

    What does not change with the frame or the window is worked out once, as for
    :class:`~geo.map_index.MapIndex`: each event's footprint, its place as a number, its
    area's shape.  A frame is then one pass over the events (:meth:`outside`), and a
    window a count over its positions (:meth:`count`): a slider move over a million
    events costs milliseconds.  Reads :data:`FRAME_COLUMNS`; keeps no reference to the
    frame; read-only once built (shared by every session through a cache).
    """

    def __init__(self, events: pd.DataFrame):
        codes = footprint_codes(events)
        self._lon = events["longitude"].to_numpy("float64", na_value=np.nan)
        self._lat = events["latitude"].to_numpy("float64", na_value=np.nan)
        self._located = np.isin(codes, LOCATED)
        self._circle = codes == KINDS.index("circle")
        self._area = np.full(len(events), -1, dtype=np.intp)
        """Each area event's shape (a position in ``_shapes``); -1 for the others."""
        self._no_outline = np.zeros(len(events), dtype=bool)
        self._shapes = np.empty(0, dtype=object)
        area_rows = np.flatnonzero(codes == KINDS.index("area"))
        if len(area_rows):
            pair, self._shapes = area_shape_codes(events.iloc[area_rows])
            known = np.array([shape is not None for shape in self._shapes], dtype=bool)
            self._no_outline[area_rows] = ~known[pair]
            self._area[area_rows] = np.where(known[pair], pair, -1)
        self._shape_bounds = np.array(
            [shapely.bounds(s) if s is not None else [np.nan] * 4 for s in self._shapes]
        ).reshape(-1, 4)
        self._place, self._places = _place_codes(events)

    def __len__(self) -> int:
        return len(self._lon)

    def outside(self, frame: Bounds) -> np.ndarray:
        """Whether each event is drawn wholly outside ``frame``: a dot outside it, a ring
        not reaching it, an area not touching it (False for what is not drawn)."""
        lon, lat = self._lon, self._lat
        # metres from each dot or ring centre to the frame, along each axis
        dx = np.maximum(frame.west - lon, 0) + np.maximum(lon - frame.east, 0)
        dy = np.maximum(frame.south - lat, 0) + np.maximum(lat - frame.north, 0)
        dx *= _METRES_PER_DEGREE * np.cos(np.radians(np.clip(lat, -89.0, 89.0)))
        dy *= _METRES_PER_DEGREE
        reach = np.where(self._circle, NEAR_RADIUS_M, 0.0)
        outside = self._located & (np.hypot(dx, dy) > reach)
        if len(self._shapes):
            box = shapely.box(frame.west, frame.south, frame.east, frame.north)
            off = np.array(
                [s is not None and not shapely.intersects(box, s) for s in self._shapes],
                dtype=bool,
            )
            areas = self._area >= 0
            outside[areas] = off[self._area[areas]]
        return outside

    def count(self, outside: np.ndarray, positions: np.ndarray | None = None) -> FrameCount:
        """The events at ``positions`` (every one when None) that a frame leaves out,
        given what :meth:`outside` says of that frame: :class:`FrameCount`."""
        if positions is None:
            positions = np.arange(len(self))
        place = self._place[positions]
        return FrameCount(
            outside=self._by_place(place[outside[positions]]),
            no_outline=self._by_place(place[self._no_outline[positions]]),
            extent=self._extent(positions),
        )

    def _by_place(self, place: np.ndarray) -> dict[str, int]:
        """How many of these events lie in each place, most first, then by name."""
        counts = np.bincount(place, minlength=len(self._places))
        found = [(self._places[p], int(counts[p])) for p in np.flatnonzero(counts)]
        return dict(sorted(found, key=lambda item: (-item[1], item[0])))

    def _extent(self, positions: np.ndarray) -> Bounds | None:
        """The bounds of everything the map draws of the events at ``positions``."""
        corners = []
        rows = positions[self._located[positions]]
        if len(rows):
            lon, lat = self._lon[rows], self._lat[rows]
            corners.append([lon.min(), lat.min(), lon.max(), lat.max()])
            rings = rows[self._circle[rows]]
            if len(rings):  # a ring reaches NEAR_RADIUS_M beyond its centre
                lon, lat = self._lon[rings], self._lat[rings]
                reach_y = NEAR_RADIUS_M / _METRES_PER_DEGREE
                reach_x = reach_y / np.cos(np.radians(np.clip(lat, -89.0, 89.0)))
                corners.append(
                    [
                        (lon - reach_x).min(),
                        lat.min() - reach_y,
                        (lon + reach_x).max(),
                        lat.max() + reach_y,
                    ]
                )
        areas = self._area[positions]
        present = np.flatnonzero(np.bincount(areas[areas >= 0], minlength=len(self._shapes)))
        if len(present):
            shape_bounds = self._shape_bounds[present]
            corners.append([*shape_bounds[:, :2].min(axis=0), *shape_bounds[:, 2:].max(axis=0)])
        if not corners:
            return None
        found = np.array(corners, dtype=float)
        west, south = found[:, :2].min(axis=0)
        east, north = found[:, 2:].max(axis=0)
        return Bounds(float(west), float(south), float(east), float(north))


def count_outside(events: pd.DataFrame, frame: Bounds) -> FrameCount:
    """The events of ``events`` (a frame with at least :data:`FRAME_COLUMNS`) that
    ``frame`` does not show, by place: the oblast (admin1, by its map name when it is a
    mapped one), else the country ("Ukraine (no oblast)").

    A point outside the frame, a circle wholly outside it, an area wholly outside it:
    outside.  An area event whose oblast has no outline: not drawn, counted by oblast
    in ``no_outline``.  Region- and country-level events (geo precision 4) are in
    neither count.  (:class:`FrameIndex` does the same for any frame and window.)"""
    index = FrameIndex(events)
    return index.count(index.outside(frame))


def _place_codes(events: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each event's place (:func:`_place`) as a number, and the places' names.

    Named once per distinct (admin1, country) pair, found from each column's own codes
    (pairs of Python strings for a million rows would cost most of a second)."""
    admin1, admin1_values = pd.factorize(events["admin1"])  # -1: missing
    country, country_values = pd.factorize(events["country"])
    width = len(country_values) + 1
    pair_of_row, pairs = pd.factorize((admin1.astype(np.int64) + 1) * width + country + 1)
    names = [
        _place(
            admin1_values[pair // width - 1] if pair // width else None,
            country_values[pair % width - 1] if pair % width else None,
        )
        for pair in pairs.tolist()
    ]
    place_of_pair, places = pd.factorize(pd.Series(names, dtype=object))
    return place_of_pair[pair_of_row], [str(place) for place in places]


@cache
def _place(admin1: object, country: object) -> str:
    """An event's place as the screen names it: its oblast (the map's name for a mapped
    one, else as the file wrote it), else its country."""
    name = admin1.strip() if isinstance(admin1, str) else ""
    if name:
        return regions.match_admin1(name) or name
    nation = country.strip() if isinstance(country, str) else ""
    return f"{nation} (no oblast)" if nation else "no oblast or country"
