"""How fast a large ACLED file validates and commits: rows/s and peak memory.

Builds a synthetic ACLED-shaped CSV in memory (never real ACLED rows: its terms
forbid redistribution), runs ``plan_import`` and ``commit`` into a temporary SQLite
store (or the store at URL, the batch undone afterwards), and prints the time of each
step, rows per second and the peak RSS: once for the file as ACLED writes it, once as
Excel and R leave it (``9-May-20`` dates, ``NA`` in empty cells, cp1252 with curly
apostrophes in the notes).

    .venv/bin/python bench/import_throughput.py [ROWS] [URL]    # default 100000, SQLite
"""

from __future__ import annotations

import csv
import io
import resource
import sys
import tempfile
import time
from datetime import date, timedelta

from events.store import Store
from sitmap.importer import commit, plan_import

_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
)
HEADER = _HEADER.split(",")

PLACES = [
    ("Sumy", "Sumskyi", "Sumy", 50.9077, 34.7981),
    ("Sumy", "Okhtyrskyi", "Okhtyrka", 50.3116, 34.8988),
    ("Sumy", "Shostkynskyi", "Shostka", 51.8733, 33.4797),
    ("Kursk", "Sudzhanskiy", "Sudzha", 51.1914, 35.2706),
    ("Kursk", "Glushkovskiy", "Tyotkino", 51.2776, 34.3322),
]


def acled_csv(rows: int, *, as_excel_and_r_leave_it: bool = False) -> bytes:
    """A synthetic ACLED export (current text labels) with ``rows`` events.

    ``as_excel_and_r_leave_it``: d-Mon-yy dates, ``NA`` for empty cells, cp1252 bytes.
    """
    mangled = as_excel_and_r_leave_it
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    first = date(2024, 8, 1)
    for i in range(rows):
        admin1, admin2, location, lat, lon = PLACES[i % len(PLACES)]
        day = first + timedelta(days=i % 400)
        precision = 1 + (i % 10 == 0) + (i % 50 == 0)
        row = [
            f"UKR{100000 + i}",
            f"{day.day}-{day:%b-%y}" if mangled else day.isoformat(),
            day.year,
            precision,
            "Political violence",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "Military Forces of Russia (2000-)",
            "",
            "External/Other forces",
            "Civilians (Ukraine)",
            "",
            "Civilians",
            "External/Other forces-Civilians",
            "Civilian targeting",
            804,
            "Europe",
            "Ukraine",
            admin1,
            admin2,
            "",
            location,
            f"{lat:.4f}",
            f"{lon:.4f}",
            1,
            "Ukrinform; Suspilne",
            "National",
            f"On {day:%d %B %Y}, {'Russia’s' if mangled else 'Russian'} forces shelled "
            f"{location}. Synthetic row {i}.",
            i % 3,
            "",
            1_740_000_000 + i,
        ]
        writer.writerow(["NA" if cell == "" else cell for cell in row] if mangled else row)
    return out.getvalue().encode("cp1252" if mangled else "utf-8")


def main(rows: int = 100_000, url: str | None = None) -> None:
    """Both files: build, plan, commit; print timings, rows/s and peak RSS."""
    measure(acled_csv(rows), rows, url, "ACLED rows")
    mangled = acled_csv(rows, as_excel_and_r_leave_it=True)
    measure(mangled, rows, url, "ACLED rows as Excel and R leave them")


def measure(data: bytes, rows: int, url: str | None, what: str) -> None:
    """Plan and commit one file; print timings, rows/s and peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(url or f"sqlite:///{folder}/bench.sqlite")
        before = store.count()
        started = time.perf_counter()
        plan = plan_import(data, "synthetic_acled.csv", store)
        planned = time.perf_counter()
        if plan.problems:
            raise SystemExit("\n".join(str(p) for p in plan.problems[:10]))
        batch = commit(plan, store)
        done = time.perf_counter()
        assert batch is not None and store.count() == before + rows
        if url:  # someone's store: leave it as it was (a temporary one just goes)
            store.undo(batch.batch_id)
        store.engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    total = done - started
    print(f"{rows:,} {what}, {len(data) / 1e6:.1f} MB of CSV, into {store.backend}")
    print(f"plan_import {planned - started:.2f} s, commit {done - planned:.2f} s")
    print(f"total {total:.2f} s = {rows / total:,.0f} rows/s; peak RSS {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
