"""Any other event table, imported through a column mapping: a CIR-style list."""

from __future__ import annotations

from datetime import date, timedelta

from export_base import REMOTE, ROWS, RUSSIA, SCENES, SHELLING, ExportFile, ids, shuffled
from exports import (
    acled_file,
)

CIR = ["entry", "date", "event_group", "title", "brief description", "lat", "lon", "country",
       "province", "district", "town/city", "arms/munition", "violence level", "link",
       "geolocation"]  # fmt: skip


def cir_table() -> ExportFile:
    """A CIR "Eyes on Russia"-style list, through the column mapping."""
    rows = []
    for i in range(1, ROWS + 1):
        scene = SCENES[(i - 1) % 4]
        day = date(2024, 8, 6) + timedelta(days=i)
        rows.append({
            "entry": f"CIR-{1200 + i}", "date": day.isoformat(), "event_group": "Strike",
            "title": f"Strike on {scene.location}", "brief description": scene.notes,
            "lat": scene.latitude, "lon": scene.longitude, "country": scene.country,
            "province": scene.admin1, "district": scene.admin2, "town/city": scene.location,
            "arms/munition": "Artillery", "violence level": str(i % 3 + 1),
            "link": f"https://example.org/cir/{1200 + i}", "geolocation": "Confirmed",
        })  # fmt: skip
    options = (
        "--format", "table",
        "--column", "event_id=entry", "--column", "date_start=date",
        "--column", "latitude=lat", "--column", "longitude=lon",
        "--column", "admin1=province", "--column", "location=town/city",
        "--column", "notes=brief description", "--column", "source_url=link",
        "--set", "event_type=Explosions/Remote violence",
        "--set", f"sub_event_type={SHELLING}",
        "--set", f"actor1={RUSSIA}",
        "--set", "source=CIR Eyes on Russia",
    )  # fmt: skip
    return ExportFile(
        name="eyes_on_russia.csv",
        data=acled_file(rows),
        again=acled_file(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows, "entry"),
        expected={"CIR-1201": {"date_start": "2024-08-07", "date_end": "2024-08-07",
                               "geo_precision": 1, "time_precision": 1,
                               "location": "Krasnopillia", "source": "CIR Eyes on Russia",
                               "event_type": REMOTE}},
        options=options,
    )  # fmt: skip
