"""Small events built in code, for tests."""

from __future__ import annotations

import pandas as pd

from events.formats import native
from events.validation import validate


def raw_event(i: int = 1, **changes: str) -> dict[str, str]:
    """A valid raw record (cells as text) numbered ``i``, with some cells changed."""
    day = f"2025-02-{1 + (i - 1) % 28:02d}"
    record = {
        "event_id": f"T-{i:05d}",
        "date_start": day,
        "date_end": day,
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)",
        "inter1": "State forces",
        "actor2": "Civilians (Ukraine)",
        "inter2": "Civilians",
        "country": "Ukraine",
        "admin1": "Sumy Oblast",
        "admin2": "Krasnopilskyi Raion",
        "location": "Krasnopillia",
        "latitude": "50.7736",
        "longitude": "35.2669",
        "geo_precision": "1",
        "fatalities": str(i % 4),
        "source": "Test wire; Local news",
        "source_url": "https://example.org/report",
        "source_date": day,
        "notes": f"Shelling number {i}, coded for a test.",
        "tags": "test",
        "coded_by": "tester",
    }
    record.update(changes)
    return record


def event_frame(n: int = 3, **changes: str) -> pd.DataFrame:
    """``n`` valid events as the schema's frame."""
    return validate([raw_event(i, **changes) for i in range(1, n + 1)])


def csv_bytes(records: list[dict[str, str]]) -> bytes:
    """Raw records as a native CSV file."""
    columns = list(records[0])
    lines = [",".join(columns)]
    for record in records:
        lines.append(",".join(_quote(record.get(c, "")) for c in columns))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _quote(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def native_file(frame: pd.DataFrame) -> bytes:
    """A frame written as the native format."""
    return native.write(frame)


FRONT_LINE_TOWNS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "Donetsk": (
        ("Pokrovsk", 48.2820, 37.1758),
        ("Kostiantynivka", 48.5277, 37.7069),
        ("Chasiv Yar", 48.5865, 37.8353),
        ("Toretsk", 48.3980, 37.8470),
        ("Kurakhove", 47.9835, 37.2820),
        ("Vuhledar", 47.7810, 37.2480),
        ("Siversk", 48.8674, 38.1003),
        ("Kramatorsk", 48.7230, 37.5560),
        ("Myrnohrad", 48.3020, 37.2650),
        ("Selydove", 48.1470, 37.3000),
    ),
    "Kharkiv": (
        ("Kupiansk", 49.7100, 37.6150),
        ("Izium", 49.2120, 37.2560),
        ("Balakliia", 49.4560, 36.8600),
        ("Borova", 49.3740, 37.6230),
        ("Kharkiv", 49.9935, 36.2304),
        ("Lozova", 48.8890, 36.3170),
        ("Vovchansk", 50.2900, 36.9410),
    ),
}
"""Towns of the Donbas and Kharkiv fronts (approximate positions), far off the map of
Kursk; admin1 as ACLED writes it, without "Oblast"."""


def country_wide_events() -> list[dict[str, str]]:
    """Raw records as a Ukraine-wide ACLED export holds them: 20 events on the Donbas and
    Kharkiv fronts (id ``UA-…``), off the map of Kursk:

    - Donetsk: ten at a place (precision 1), one near Bakhmut (precision 2), two known
      only to the oblast (precision 3), whose outline the map does not have;
    - Kharkiv: seven at a place (precision 1)."""
    records = []
    for admin1, towns in FRONT_LINE_TOWNS.items():
        for town, lat, lon in towns:
            records.append(
                raw_event(
                    len(records) + 1,
                    event_id=f"UA-{len(records) + 1:03d}",
                    admin1=admin1,
                    admin2="",
                    location=town,
                    latitude=f"{lat:.4f}",
                    longitude=f"{lon:.4f}",
                )
            )
    near = {"admin1": "Donetsk", "admin2": "Bakhmutskyi", "location": "Bakhmut"}
    records.append(
        raw_event(
            18,
            event_id="UA-018",
            geo_precision="2",
            latitude="48.5950",
            longitude="38.0000",
            **near,
        )
    )
    for i in (19, 20):
        records.append(
            raw_event(
                i,
                event_id=f"UA-{i:03d}",
                geo_precision="3",
                admin1="Donetsk",
                admin2="",
                location="Donetsk",
                latitude="",
                longitude="",
            )
        )
    return records
