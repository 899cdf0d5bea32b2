"""The mapped areas: oblasts, Kursk's (approximate) districts, the border; which area a point is in.

Coordinates enter here as ``(longitude, latitude)`` — x then y, WGS84 — and every
function below takes them in that order.  The data are Natural Earth 1:10m outlines
(accurate to a few hundred metres) and Voronoi-derived district cells that are only
roughly right (see data/SOURCES.md); both are read once and returned as copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from events.problems import Problem
from geo.names import area_key, area_name_key, fold, same_area

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
CRS = "EPSG:4326"
METRIC_CRS = "+proj=laea +lat_0=51 +lon_0=35.5 +datum=WGS84 +units=m"
"""Lambert equal-area centred on the front: metres with little distortion across the map."""

BORDER_TOLERANCE_M = 2_000.0
"""A point this close to the oblast it claims is not flagged: the 1:10m outlines are
generalised by a few hundred metres, and border villages sit right on them."""

ADMIN1_NAMES: dict[str, str] = {
    "RU-KRS": "Kursk Oblast",
    "RU-BEL": "Belgorod Oblast",
    "RU-BRY": "Bryansk Oblast",
    "RU-ORL": "Oryol Oblast",
    "RU-LIP": "Lipetsk Oblast",
    "RU-VOR": "Voronezh Oblast",
    "UA-59": "Sumy Oblast",
    "UA-63": "Kharkiv Oblast",
    "UA-74": "Chernihiv Oblast",
}
"""The oblasts on the map by ISO 3166-2 code, with the names the gazetteers use."""

KURSK = "Kursk Oblast"


@cache
def _oblasts() -> gpd.GeoDataFrame:
    raw = gpd.read_file(GEO_DIR / "kursk_and_neighbours_admin1_ne10m.geojson").to_crs(CRS)
    text = raw.drop(columns="geometry").fillna("")
    frame = gpd.GeoDataFrame(
        {
            "admin1": raw["iso_3166_2"].map(ADMIN1_NAMES),
            "iso_3166_2": raw["iso_3166_2"],
            "country": raw["admin"],
            "name_ru": raw["name_ru"],
            "name_uk": raw["name_uk"],
            "aliases": [
                "|".join(filter(None, [row.name, row.name_en, row.name_alt]))
                for row in text.itertuples()
            ],
            "role": raw["role"],
        },
        geometry=raw.geometry,
        crs=CRS,
    )
    return frame


def oblasts() -> gpd.GeoDataFrame:
    """Kursk Oblast (role "focus") and its eight neighbours, one row each."""
    return _oblasts().copy()


def kursk_oblast() -> gpd.GeoDataFrame:
    """Kursk Oblast alone."""
    frame = _oblasts()
    return frame[frame["admin1"] == KURSK].reset_index(drop=True)


FRAGMENT_SHARE = 0.05
"""A district part smaller than this share of its largest part is a stray Voronoi cell."""


def _reattach_fragments(geometries: list) -> list:
    """Give each stray fragment to the neighbour it shares the longest edge with.

    The approximate district cells come from settlements' municipality field, and a few
    settlements are misfiled: Sudzhanskiy District has a cell 170 km east, by Gorshechnoye.
    """
    mains, strays = [], []
    for geometry in geometries:
        parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda g: -g.area)
        keep = [p for p in parts if p.area >= FRAGMENT_SHARE * parts[0].area]
        strays += [p for p in parts if p.area < FRAGMENT_SHARE * parts[0].area]
        mains.append(keep)
    for stray in strays:
        shared = [
            shapely.union_all(parts).boundary.intersection(stray.boundary).length for parts in mains
        ]
        mains[int(np.argmax(shared))].append(stray)
    return [shapely.union_all(parts) for parts in mains]


@cache
def _districts() -> gpd.GeoDataFrame:
    raw = gpd.read_file(GEO_DIR / "kursk_districts_APPROX_voronoi.geojson").to_crs(CRS)
    raw = raw.set_geometry(_reattach_fragments(list(raw.geometry)), crs=CRS)
    return gpd.GeoDataFrame(
        {
            "admin1": KURSK,
            "admin2": raw["name_en"],
            "name_ru": raw["name_ru"],
            "kind": raw["kind"],
            "approximate": True,
        },
        geometry=raw.geometry,
        crs=CRS,
    )


def districts() -> gpd.GeoDataFrame:
    """Kursk's districts and city okrugs — APPROXIMATE cells, never an official boundary."""
    return _districts().copy()


@cache
def _border() -> gpd.GeoDataFrame:
    raw = gpd.read_file(GEO_DIR / "russia_ukraine_border_ne10m.geojson").to_crs(CRS)
    return raw[["geometry"]].assign(name="Russia–Ukraine border")


def border() -> gpd.GeoDataFrame:
    """The Russia–Ukraine land border (one MultiLineString)."""
    return _border().copy()


@cache
def _admin1_keys() -> tuple[tuple[str, tuple[str, ...]], ...]:
    keys = []
    for row in _oblasts().itertuples():
        names = [row.admin1, row.name_ru, row.name_uk, *row.aliases.split("|")]
        keys.append((row.admin1, tuple({area_key(n) for n in names if n})))
    return tuple(keys)


def match_admin1(name: str | None) -> str | None:
    """The mapped oblast a name means ("Kursk", "Kurskaya oblast", "Курская область" …)."""
    if not name or not fold(name):
        return None
    key = area_key(name)
    exact = [admin1 for admin1, keys in _admin1_keys() if key in keys]
    if exact:
        return exact[0]
    near = [admin1 for admin1, keys in _admin1_keys() if any(same_area(key, k) for k in keys)]
    return near[0] if len(near) == 1 else None


def match_district(name: str | None) -> str | None:
    """The Kursk district polygon a district name means, if exactly one fits."""
    if not name or not fold(name):
        return None
    names = _districts()["admin2"]
    folded = fold(name)
    for admin2, name_ru in zip(names, _districts()["name_ru"], strict=True):
        if folded in (fold(admin2), fold(name_ru)):
            return admin2
    name_key = area_name_key(name)
    exact = [n for n in names if area_name_key(n) == name_key]
    if len(exact) == 1:
        return exact[0]
    key = area_key(name)
    exact = [n for n in names if area_key(n) == key]
    if len(exact) == 1:
        return exact[0]
    near = [n for n in names if same_area(key, area_key(n))]
    return near[0] if len(near) == 1 else None


def _as_xy(longitude, latitude) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(pd.to_numeric(pd.Series(np.asarray(longitude)), errors="coerce"), float)
    y = np.asarray(pd.to_numeric(pd.Series(np.asarray(latitude)), errors="coerce"), float)
    return x, y


def _locate(frame: gpd.GeoDataFrame, column: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The ``column`` value of the polygon holding each point (None outside all)."""
    found = np.full(len(x), None, dtype=object)
    todo = np.flatnonzero(~(np.isnan(x) | np.isnan(y)))
    for value, geometry in zip(frame[column], frame.geometry, strict=True):
        if not len(todo):
            break
        shapely.prepare(geometry)  # in place, once: later calls reuse the prepared form
        inside = shapely.contains_xy(geometry, x[todo], y[todo])
        found[todo[inside]] = value
        todo = todo[~inside]  # the first polygon holding a point wins
    return found


def assign_admin(longitude: Sequence[float], latitude: Sequence[float]) -> pd.DataFrame:
    """The oblast (admin1) and Kursk district (admin2) of each point; missing where unmapped.

    Vectorised over the points (shapely.contains_xy).  admin2 is only known inside Kursk
    Oblast, and comes from the approximate district cells.
    """
    x, y = _as_xy(longitude, latitude)
    admin1 = _locate(_oblasts(), "admin1", x, y)
    admin2 = np.full(len(x), None, dtype=object)
    kursk = np.flatnonzero(admin1 == KURSK)  # the only oblast with districts on the map
    admin2[kursk] = _locate(_districts(), "admin2", x[kursk], y[kursk])
    return pd.DataFrame({"admin1": admin1, "admin2": admin2})


@cache
def _metric_oblasts() -> dict[str, object]:
    """Oblast polygons in metres (for the border tolerance), projected once."""
    frame = _oblasts()
    return dict(zip(frame["admin1"], frame.geometry.to_crs(METRIC_CRS), strict=True))


def _distances_m(names: Sequence[str], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Metres from each point (lon x, lat y) to the named oblast, vectorised."""
    if len(names) == 0:
        return np.zeros(0)
    points = gpd.GeoSeries(gpd.points_from_xy(x, y), crs=CRS).to_crs(METRIC_CRS).to_numpy()
    polygons = np.array([_metric_oblasts()[name] for name in names], dtype=object)
    return shapely.distance(polygons, points)


def check_admin1(
    events: pd.DataFrame, *, lines: Sequence[int] | None = None, report_outside: bool = True
) -> list[Problem]:
    """Problems for rows whose point is not in the oblast (admin1) the row claims.

    Uses the schema's ``admin1``, ``longitude`` and ``latitude`` columns; rows without
    coordinates are not checked.  ``lines`` are the editor lines of the rows (default:
    header on line 1).  A point outside every mapped oblast is reported as such, with a
    hint when swapping latitude and longitude would put it on the map; with
    ``report_outside`` False only that hint is (the caller counts the rows outside).
    """
    line_numbers = list(lines) if lines is not None else list(range(2, len(events) + 2))
    x, y = _as_xy(events["longitude"], events["latitude"])
    found = _locate(_oblasts(), "admin1", x, y)
    located = ~(np.isnan(x) | np.isnan(y))
    outside = np.flatnonzero(located & pd.isna(found))
    swapped = np.full(len(x), None, dtype=object)
    swapped[outside] = _locate(_oblasts(), "admin1", y[outside], x[outside])
    raw_names = [None if pd.isna(name) else str(name) for name in events["admin1"]]
    matched = {name: match_admin1(name) for name in set(raw_names)}
    claimed_names = [matched[name] for name in raw_names]
    elsewhere = [
        i
        for i in np.flatnonzero(located)
        if found[i] is not None and found[i] != claimed_names[i] and claimed_names[i] is not None
    ]
    near = set(
        np.array(elsewhere)[
            _distances_m([claimed_names[i] for i in elsewhere], x[elsewhere], y[elsewhere])
            <= BORDER_TOLERANCE_M
        ].tolist()
    ) if elsewhere else set()  # fmt: skip
    problems = []
    suspect = [
        i
        for i in np.flatnonzero(located).tolist()
        if found[i] is None or found[i] != claimed_names[i]
    ]
    for i in suspect:
        claimed_name = raw_names[i]
        point = f"{x[i]:.4f},{y[i]:.4f} (lon,lat)"
        value = f"{y[i]},{x[i]}"
        claimed = claimed_names[i]
        if found[i] is None and not report_outside and swapped[i] is None:
            continue
        if found[i] is None:
            reason = f"point {point} lies outside the mapped region"
            if swapped[i] is not None:
                reason += "; are latitude and longitude swapped?"
            else:
                reason += " (Kursk Oblast and its neighbours)"
            problems.append(Problem(line_numbers[i], "latitude", value, reason))
        elif found[i] != claimed and i not in near:
            said = claimed or claimed_name
            reason = f"point {point} lies in {found[i]}, not {said} as the row says"
            problems.append(Problem(line_numbers[i], "admin1", str(claimed_name), reason))
    return problems
