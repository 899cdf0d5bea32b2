"""The place table behind the gazetteer: the shipped settlements, and analysts' own places.

Both are read into one shape, :data:`PLACE_COLUMNS`, one row per place.  ``names`` holds
every recorded spelling of the place ('|'-separated: Latin, BGN, Russian, Ukrainian,
GeoNames alternates); ``admin2_alt`` holds another district name the place is known under
(the 2020 raion of Ukrainian places).  Coordinates enter as ``lat``/``lon`` columns in
WGS84 degrees, exactly as the CSV files name them.
"""

from __future__ import annotations

import csv
import io
import math
from functools import cache
from pathlib import Path
from typing import IO

import pandas as pd

from events.problems import Problem, RejectedInput
from geo.regions import assign_admin, match_admin1

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
RUSSIAN_SIDE = GAZETTEER_DIR / "gazetteer_kursk_border.csv"
UKRAINIAN_SIDE = GAZETTEER_DIR / "gazetteer_ukraine_border_oblasts.csv"

PLACE_COLUMNS = (
    "name",  # the display name (Latin)
    "names",  # every recorded spelling, '|'-separated
    "lat",
    "lon",
    "admin1",
    "admin2",
    "admin2_alt",
    "kind",
    "urban",  # a town, city or urban-type settlement, or URBAN_POPULATION people or more
    "population",
    "source",
    "user",  # an analyst's own entry (wins over shipped places of the same name)
)
USER_COLUMNS = ("name", "alt_names", "lat", "lon", "admin1", "admin2")
"""The columns of an analysts' gazetteer CSV; name, lat and lon are required."""

URBAN_POPULATION = 5_000
"""A place this populous counts as a town whatever its type (Krasnopillia lost its
urban-type status in 2024 but is still the place a report means)."""
_URBAN_TYPES_RU = {"г", "пгт", "рп"}
_URBAN_TYPES_EN = {"city", "town", "urban-type settlement", "PPLA", "PPLA2"}


def _join(*values: str) -> str:
    seen: dict[str, None] = {}
    for value in values:
        for part in str(value).split("|"):
            if part.strip():
                seen[part.strip()] = None
    return "|".join(seen)


def _russian_side() -> pd.DataFrame:
    raw = pd.read_csv(RUSSIAN_SIDE, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "name": raw["name_latin"],
            "names": [
                _join(*row)
                for row in zip(
                    raw["name_latin"],
                    raw["name_bgn"],
                    raw["name_ru"],
                    raw["name_uk"],
                    raw["name_geonames"],
                    raw["alt_names"],
                    strict=True,
                )
            ],
            "lat": raw["lat"].astype(float),
            "lon": raw["lon"].astype(float),
            "admin1": raw["admin1_en"],
            "admin2": raw["admin2_en"],
            "admin2_alt": raw["admin2_ru"],
            "kind": raw["type_en"],
            "urban": raw["type_ru"].isin(_URBAN_TYPES_RU)
            | raw["type_en"].isin(_URBAN_TYPES_EN)
            | (pd.to_numeric(raw["population_2010"], errors="coerce") >= URBAN_POPULATION),
            "population": pd.to_numeric(raw["population_2010"], errors="coerce"),
            "source": raw["source"],
            "user": False,
        }
    )


def _ukrainian_side() -> pd.DataFrame:
    raw = pd.read_csv(UKRAINIAN_SIDE, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "name": raw["name_latin"],
            "names": [
                _join(*row)
                for row in zip(
                    raw["name_latin"], raw["name_uk"], raw["name_ru"], raw["alt_names"], strict=True
                )
            ],
            "lat": raw["lat"].astype(float),
            "lon": raw["lon"].astype(float),
            "admin1": raw["admin1_en"],
            "admin2": raw["admin2_en"],
            "admin2_alt": raw["raion_2020_uk"],
            "kind": raw["type"],
            "urban": raw["type"].isin(_URBAN_TYPES_EN)
            | (pd.to_numeric(raw["population"], errors="coerce") >= URBAN_POPULATION),
            "population": pd.to_numeric(raw["population"], errors="coerce"),
            "source": raw["source"],
            "user": False,
        }
    )


@cache
def _shipped() -> pd.DataFrame:
    return pd.concat([_russian_side(), _ukrainian_side()], ignore_index=True)


def shipped_places() -> pd.DataFrame:
    """The shipped settlements of Kursk, Belgorod, Bryansk, Sumy, Kharkiv and Chernihiv."""
    return _shipped().copy()


def read_user_places(source: str | Path | bytes | IO[str]) -> pd.DataFrame:
    """Read an analysts' gazetteer CSV (:data:`USER_COLUMNS`) into the place table shape.

    Raises :class:`~events.problems.RejectedInput` listing every bad cell, so the file is
    fixed in one pass.
    """
    text = _read_text(source)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in ("name", "lat", "lon") if c not in header]
    if missing:
        raise RejectedInput(
            Problem(1, column, ",".join(header), "required column is missing") for column in missing
        )
    rows, problems, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        cells = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
        if not any(cells.values()):
            continue
        row_problems = _check_user_row(line, cells)
        key = (cells.get("name", "").casefold(), cells.get("admin2", "").casefold())
        if key in seen and cells.get("name"):
            row_problems.append(
                Problem(line, "name", cells["name"], f"same name and admin2 as line {seen[key]}")
            )
        seen.setdefault(key, line)
        problems.extend(row_problems)
        if not row_problems:
            rows.append(_user_row(cells))
    if problems:
        raise RejectedInput(problems)
    return pd.DataFrame(rows, columns=list(PLACE_COLUMNS)).astype(
        {"lat": float, "lon": float, "population": float, "urban": bool, "user": bool}
    )


def _read_text(source: str | Path | bytes | IO[str]) -> str:
    if isinstance(source, bytes):
        return source.decode("utf-8-sig")
    if isinstance(source, str | Path):
        return Path(source).read_text(encoding="utf-8-sig")
    return source.read()


def _check_user_row(line: int, cells: dict[str, str]) -> list[Problem]:
    problems = []
    if not cells.get("name"):
        problems.append(Problem(line, "name", "", "required value is missing"))
    coordinates = {}
    for column, limit in (("lat", 90), ("lon", 180)):
        text = cells.get(column, "")
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            reason = "required value is missing" if not text else "not a number"
            problems.append(Problem(line, column, text, reason))
            continue
        if not math.isfinite(value) or not -limit <= value <= limit:
            problems.append(Problem(line, column, text, f"out of range -{limit}..{limit}"))
            continue
        coordinates[column] = value
    if coordinates.get("lat") == 0 and coordinates.get("lon") == 0:
        problems.append(Problem(line, "lat", "0", "0,0 is a missing-value placeholder"))
    elif len(coordinates) == 2:
        problems.extend(_check_swapped(line, coordinates["lon"], coordinates["lat"]))
    return problems


def _check_swapped(line: int, lon: float, lat: float) -> list[Problem]:
    here, swapped = assign_admin([lon, lat], [lat, lon])["admin1"]
    if pd.isna(here) and not pd.isna(swapped):
        reason = f"point {lon},{lat} (lon,lat) is off the map; are lat and lon swapped?"
        return [Problem(line, "lat", str(lat), reason)]
    return []


def _user_row(cells: dict[str, str]) -> dict[str, object]:
    return {
        "name": cells["name"],
        "names": _join(cells["name"], cells.get("alt_names", "")),
        "lat": float(cells["lat"].replace(",", ".")),
        "lon": float(cells["lon"].replace(",", ".")),
        "admin1": match_admin1(cells.get("admin1")) or cells.get("admin1", ""),
        "admin2": cells.get("admin2", ""),
        "admin2_alt": "",
        "kind": "analyst's place",
        "urban": False,
        "population": math.nan,
        "source": "user gazetteer",
        "user": True,
    }


def layer_places(shipped: pd.DataFrame, user: pd.DataFrame | None) -> pd.DataFrame:
    """The user's places over the shipped ones (the gazetteer lets user rows win on a name)."""
    if user is None or user.empty:
        return shipped
    return pd.concat([user, shipped], ignore_index=True)
