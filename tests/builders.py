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
