"""Real-world exports import as they come: ``sitmap import FILE``, with no options, on
each class of file analysts hand sitmap (built in ``acled_classes``, ``ucdp_classes``
and ``table_classes``):

* imports at least 95% of the data rows, with the values the file means (exact dates,
  types, actors, precisions, deaths);
* keeps ACLED's ``event_id_cnty`` and UCDP's ``UCDP-<id>`` as the event ids;
* stores no literal ``NA`` (nor ``N/A``, ``NaN``) in any text column;
* prints at most 100 lines;
* adds nothing when the same rows come again in another order and another encoding.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from acled_classes import (
    acled_2016_api,
    acled_2019_export,
    acled_2023_export,
    acled_api_json,
    acled_subset,
    acled_workbook,
    excel_resaved_acled,
    r_written_acled,
    re_exported_acled,
)
from conftest import content
from export_base import ExportFile
from table_classes import cir_table
from ucdp_classes import (
    ucdp_api_json,
    ucdp_api_subset,
    ucdp_candidate_after_excel,
    ucdp_ged,
    ucdp_hdx,
)

from events.actors import actor_choices
from events.formats import native
from events.schema import PROVENANCE, to_frame
from events.store import Store
from sitmap.cli import main

CLASSES = [
    pytest.param(acled_2016_api, id="ACLED 2016 API with a pandas index"),
    pytest.param(acled_2019_export, id="ACLED 2019-22 export tool"),
    pytest.param(acled_2023_export, id="ACLED 2023+ export tool with population columns"),
    pytest.param(excel_resaved_acled, id="ACLED Excel round trip (d-Mon-yy, cp1252)"),
    pytest.param(r_written_acled, id="ACLED R export (NA)"),
    pytest.param(re_exported_acled, id="ACLED re-export with dd-mm-YYYY 00:00:00 dates"),
    pytest.param(acled_subset, id="ACLED six-column subset"),
    pytest.param(acled_api_json, id="ACLED API JSON"),
    pytest.param(ucdp_ged, id="UCDP GED"),
    pytest.param(
        ucdp_candidate_after_excel,
        id="UCDP GED Candidate after Excel (mixed date patterns, cp1252)",
    ),
    pytest.param(ucdp_hdx, id="UCDP HDX with the HXL row"),
    pytest.param(ucdp_api_subset, id="UCDP seven-column API subset"),
    pytest.param(ucdp_api_json, id="UCDP API JSON"),
    pytest.param(cir_table, id="a generic table through the column mapping"),
    pytest.param(acled_workbook, id="an .xlsx workbook"),
]

MISSING_MARKS = {"NA", "N/A", "NaN", "nan"}
MAX_LINES = 100


@dataclass(frozen=True)
class Imported:
    """One class of file after ``sitmap import``: what it printed and what it stored."""

    export: ExportFile
    code: int
    output: list[str]
    events: pd.DataFrame
    extras: dict[str, dict[str, str]]


def run(argv: list[str]) -> tuple[int, list[str]]:
    """``sitmap ARGV``: the exit code and every line printed (stdout and stderr)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as exit_:  # a usage error: an option the command lacks
            code = exit_.code
    return code, out.getvalue().splitlines()


def import_file(store: Store, folder: Path, name: str, data: bytes, options=()) -> tuple:
    path = folder / name
    path.write_bytes(data)
    return run(["--db", store.url, "import", str(path), *options])


@pytest.fixture(scope="module", params=CLASSES)
def imported(request, tmp_path_factory) -> Imported:
    build: Callable[[], ExportFile] = request.param
    export = build()
    folder = tmp_path_factory.mktemp("class")
    store = Store(f"sqlite:///{folder / 'store.sqlite'}")
    code, output = import_file(store, folder, export.name, export.data, export.options)
    events = store.events()
    return Imported(export, code, output, events, store.extras(events["event_id"]))


def committed(imported: Imported) -> pd.DataFrame:
    """The stored events, once the import committed at least 95% of the data rows."""
    assert imported.code == 0, "\n".join(imported.output[:20])
    assert len(imported.events) >= 0.95 * imported.export.data_rows
    return imported.events


def stored(value: object) -> object:
    """A stored cell as the fixtures write what they expect."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return value.item() if hasattr(value, "item") else value


def test_imports_at_least_95_percent_of_the_rows_with_the_values_the_file_means(imported):
    events = committed(imported).set_index("event_id")
    found = {
        event_id: {name: stored(events.loc[event_id, name]) for name in fields}
        for event_id, fields in imported.export.expected.items()
        if event_id in events.index
    }
    assert found == imported.export.expected


def test_keeps_the_sources_event_ids(imported):
    """ACLED's event_id_cnty and UCDP-<id>; a file without ids gets one per row,
    identical rows staying distinct."""
    events = committed(imported)
    if imported.export.event_ids is None:
        assert events["event_id"].is_unique and len(events) == imported.export.data_rows
    else:
        assert set(events["event_id"]) == imported.export.event_ids


def test_stores_no_literal_na(imported):
    events = committed(imported)
    texts = events.select_dtypes("object").stack().astype(str)
    assert not texts.isin(MISSING_MARKS).any(), texts[texts.isin(MISSING_MARKS)]
    kept = {value for extras in imported.extras.values() for value in extras.values()}
    assert not kept & MISSING_MARKS
    assert not set(actor_choices(events)) & MISSING_MARKS


def test_prints_at_most_100_lines(imported):
    events = committed(imported)
    assert len(imported.output) <= MAX_LINES
    assert any(f"{len(events)} imported" in line for line in imported.output)


@pytest.mark.parametrize("build", CLASSES)
def test_the_same_rows_again_in_another_order_and_encoding_add_nothing(build, tmp_path):
    export = build()
    assert export.again != export.data
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    code, _ = import_file(store, tmp_path, export.name, export.data, export.options)
    assert code == 0 and store.count() >= 0.95 * export.data_rows
    before = content(store)
    again, output = import_file(
        store, tmp_path, f"again {export.name}", export.again, export.options
    )
    assert again == 1, "\n".join(output[:20])  # nothing committed
    assert content(store) == before
    assert any(f"{store.count()} already stored" in line for line in output), output


VAGUE = ["UCDP-540010", "UCDP-540022", "UCDP-540031", "UCDP-540037"]
"""where_prec 5 naming its oblast (drawn as that oblast), 5 with no oblast, the whole
country (6), international waters (7): the last three with no position."""


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".gpkg"])
def test_a_ucdp_files_region_and_country_level_rows_and_flags_survive_export_and_re_import(
    tmp_path, suffix
):
    """A UCDP file's vague rows and its best-above-high row, exported by ``sitmap
    export`` and imported into another store, are the same events, flagged again.
    (A GeoJSON or GeoPackage export is read back as its properties, written as sitmap's
    own CSV: what an analyst does to bring one back.)"""
    export = ucdp_ged()
    first = Store(f"sqlite:///{tmp_path / 'first.sqlite'}")
    assert import_file(first, tmp_path, export.name, export.data)[0] == 0
    path = tmp_path / f"events{suffix}"
    assert run(["--db", first.url, "export", "-o", str(path)]) == (
        0,
        [f"40 event(s) written to {path}"],
    )
    if suffix == ".csv":
        data = path.read_bytes()
    else:
        back = gpd.read_file(path)
        geometry = back.set_index("event_id").geometry
        assert geometry[VAGUE[1:]].isna().all()  # no position: no geometry, not POINT (0 0)
        assert geometry["UCDP-540001"].x == pytest.approx(35.2706)
        data = native.write(to_frame(pd.DataFrame(back.drop(columns="geometry"))))
    second = Store(f"sqlite:///{tmp_path / 'second.sqlite'}")
    code, output = import_file(second, tmp_path, f"back{suffix}.csv", data)
    assert code == 0, output
    assert any(
        "column fatalities: the source's own figures disagree (best 20 > high 12)" in line
        for line in output
    ), output
    ours = list(PROVENANCE)  # the store's own: which batch, when
    before = first.events().drop(columns=ours).set_index("event_id")
    after = second.events().drop(columns=ours).set_index("event_id")
    pd.testing.assert_frame_equal(after, before)
    vague = after.loc[VAGUE]
    assert vague["geo_precision"].tolist() == [3, 4, 4, 4]
    assert vague["location"].tolist() == [
        "Kursk oblast",
        "Kursk-Sumy border area",
        "Russia",
        "Black Sea",
    ]
    assert vague["admin1"].tolist()[0] == "Kursk oblast" and vague["admin1"][1:].isna().all()
    assert vague["latitude"].isna().all()
    assert after.loc[
        "UCDP-540015", ["fatalities", "fatalities_low", "fatalities_high"]
    ].tolist() == [20, 6, 12]
