"""Fill in coordinates on import: rows that name a place but give no coordinates.

The geocoder is passed in with geopy's interface (``geocode(query, exactly_one=True,
admin1=..., admin2=...)`` returning a ``Location`` whose ``raw`` says the match and the
geo precision it supports), so tests use a fake and an online geocoder could stand
in.  The default is the offline gazetteer.  Each filled row is reported, so the
analyst sees what was guessed before committing; a place not found (or shared by
several villages with no district to choose) is a problem on that row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from events.problems import Problem
from geo.gazetteer import load_gazetteer
from geo.geocoder import Geocoder


@dataclass(frozen=True)
class FilledPlace:
    """One row whose coordinates came from the geocoder."""

    line: int
    location: str
    matched: str
    match: str
    geo_precision: int
    latitude: float
    longitude: float
    admin2: str


def _blank(value: object) -> bool:
    return value is None or str(value).strip() == ""


def needs_place(record: dict) -> bool:
    """A row with a place name, no coordinates, and a precision that needs them (or none)."""
    return (
        not _blank(record.get("location"))
        and _blank(record.get("latitude"))
        and _blank(record.get("longitude"))
        and str(record.get("geo_precision") or "").strip() in ("", "1", "2")
    )


def fill_places(
    records: list[dict], lines: Sequence[int], geocoder: Geocoder | None = None
) -> tuple[list[FilledPlace], list[Problem]]:
    """Geocode the rows that need it, writing coordinates into ``records`` (cells as text)."""
    wanted = [(line, r) for line, r in zip(lines, records, strict=True) if needs_place(r)]
    if not wanted:
        return [], []
    if geocoder is None:
        geocoder = load_gazetteer()
    filled, problems = [], []
    for line, record in wanted:
        query = str(record["location"]).strip()
        hints = {
            "admin1": None if _blank(record.get("admin1")) else str(record["admin1"]),
            "admin2": None if _blank(record.get("admin2")) else str(record["admin2"]),
        }
        found = geocoder.geocode(query, exactly_one=True, **hints)
        if found is None:
            problems.append(Problem(line, "location", query, _why_not(geocoder, query, hints)))
            continue
        raw = dict(getattr(found, "raw", {}) or {})
        found_precision = int(raw.get("geo_precision", 1))
        if found_precision == 3:
            # a district or oblast name: the area is the footprint, no coordinates
            given = str(record.get("geo_precision") or "").strip()
            if given in ("1", "2"):
                problems.append(
                    Problem(line, "location", query, "names an area, not a place; use precision 3")
                )
                continue
            record["geo_precision"] = "3"
            if _blank(record.get("admin2")) and raw.get("admin2"):
                record["admin2"] = str(raw["admin2"])
            continue
        precision = int(str(record.get("geo_precision") or "").strip() or found_precision)
        record["latitude"] = f"{found.latitude:.5f}"
        record["longitude"] = f"{found.longitude:.5f}"
        record["geo_precision"] = str(precision)
        if _blank(record.get("admin2")) and raw.get("admin2"):
            record["admin2"] = str(raw["admin2"])
        filled.append(
            FilledPlace(
                line=line,
                location=query,
                matched=str(raw.get("name", found.address)),
                match=str(raw.get("match", "")),
                geo_precision=precision,
                latitude=round(found.latitude, 5),
                longitude=round(found.longitude, 5),
                admin2=str(record.get("admin2") or ""),
            )
        )
    return filled, problems


def _why_not(geocoder: Geocoder, query: str, hints: dict) -> str:
    resolve = getattr(geocoder, "resolve", None)
    if resolve is not None:
        resolution = resolve(query, **hints)
        if resolution.ambiguous:
            districts = sorted({str(c.raw.get("admin2", "?")) for c in resolution.candidates})
            return (
                f"{len(resolution.candidates)} places have this name ({'; '.join(districts)}); "
                "give admin2 or coordinates"
            )
    return "place not found in the gazetteer; give coordinates or add it to your places file"
