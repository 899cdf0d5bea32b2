"""Cells as Excel, R, pandas and HDX leave them: each kind of file, built in code, imports
with the exact values the source meant.

* an ACLED 2023 export after an Excel round trip: d-Mon-yy dates, cp1252, curly apostrophes;
* an ACLED export saved by R's ``write.csv``: ``NA`` for every empty cell, row names;
* ACLED exports saved by pandas: an unnamed index column, or one named ``Unnamed: 0``;
* a UCDP GED Candidate file after Excel: US ``3/1/2022 12:00:00 AM`` and day-first
  ``01/03/2022 00:00`` in one column, cp1252;
* a UCDP GED copy from HDX, with its HXL hashtag row under the header.

Every row is synthetic (ACLED's terms forbid redistributing its data).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from conftest import set_aside_problems
from exports import acled_file, acled_row, hdx_ged, r_csv, ucdp_file, ucdp_row

from events.actors import actor_choices
from sitmap.cli import main
from sitmap.importer import commit, plan_import

CURLY = "Russia\u2019s forces shelled Yunakivka\u2019s school \u2014 \u201cheavy\u201d damage"
ACCENTS = "Caf\u00e9 owner M\u00fcller\u2019s house hit"
EXCEL_DAYS = [date(2020, 5, 9), date(2020, 5, 21), date(2024, 1, 3), date(1999, 12, 31)]


def excel_acled() -> bytes:
    """An ACLED 2023 export (with population columns) re-saved by Excel on Western Windows."""
    rows = []
    for i, day in enumerate(EXCEL_DAYS, start=1):
        row = acled_row(i, event_date=f"{day.day}-{day:%b}-{day:%y}", notes=CURLY)
        row |= {"population_1km": "1520", "population_best": "4210"}
        rows.append(row)
    rows[1]["notes"] = ACCENTS
    return acled_file(rows, encoding="cp1252")


def r_acled() -> bytes:
    """An ACLED 2019–22 export saved by R's ``write.csv``: row names, quoted text, ``NA``."""
    rows = []
    for i in (1, 2, 3):
        row = acled_row(i, inter1="8", inter2="0", interaction="80", actor2="NA")
        row |= {"assoc_actor_1": "NA", "assoc_actor_2": "NA", "admin3": "NA", "tags": "NA"}
        del row["disorder_type"]
        rows.append(row)
    rows[2] |= {"actor2": "Civilians (Ukraine)", "inter2": "7", "admin3": "N/A", "tags": "NaN"}
    return r_csv(rows)


def pandas_acled(index_name: str) -> bytes:
    """An ACLED export written by pandas' ``to_csv`` with its index as the first column."""
    frame = pd.DataFrame([acled_row(i) for i in (1, 2)], dtype=str)
    frame.index.name = index_name or None
    return frame.to_csv().encode()


UCDP_DATES = [
    # (date_prec, date_start, date_end, the interval meant)
    ("1", "3/1/2022 12:00:00 AM", "3/1/2022 12:00:00 AM", ("2022-03-01", "2022-03-01")),
    ("1", "01/03/2022 00:00", "01/03/2022 00:00", ("2022-03-01", "2022-03-01")),
    ("3", "07/03/2022 00:00", "13/03/2022 00:00", ("2022-03-07", "2022-03-13")),
    ("1", "3/14/2022 12:00:00 AM", "3/14/2022 12:00:00 AM", ("2022-03-14", "2022-03-14")),
    ("4", "4/1/2022 12:00:00 AM", "30/04/2022 00:00", ("2022-04-01", "2022-04-30")),
]


def candidate_after_excel(dates=UCDP_DATES) -> bytes:
    """A GED Candidate file re-saved by Excel: two date patterns in one column, cp1252."""
    rows = [
        ucdp_row(i, date_prec=prec, date_start=start, date_end=end, source_headline=CURLY)
        for i, (prec, start, end, _) in enumerate(dates, start=1)
    ]
    return ucdp_file(rows, encoding="cp1252", line_end="\r\n")


def imported(store, data: bytes, **options):
    plan = plan_import(data, "file.csv", store, **options)
    assert plan.ok, plan.problems[:5]
    commit(plan, store)
    return plan, store.events().set_index("event_id")


def days(events, event_id: str) -> tuple[str, str]:
    event = events.loc[event_id]
    return f"{event.date_start:%Y-%m-%d}", f"{event.date_end:%Y-%m-%d}"


def test_an_acled_export_after_an_excel_round_trip_imports(store):
    plan, events = imported(store, excel_acled())
    assert (plan.file_format, plan.encoding) == ("acled", "cp1252 (Windows Western)")
    assert [days(events, f"UKR{9000 + i}")[0] for i in (1, 2, 3, 4)] == [
        "2020-05-09", "2020-05-21", "2024-01-03", "1999-12-31"
    ]  # fmt: skip
    assert events.loc["UKR9001", "notes"] == CURLY
    assert events.loc["UKR9002", "notes"] == ACCENTS
    assert any("cp1252 (Windows Western)" in note for note in plan.notes)
    assert "event_date read as d-Mon-yy (9-May-20)" in plan.notes
    assert store.extras(["UKR9004"])["UKR9004"]["event_date"] == "31-Dec-99"


def test_an_r_export_stores_no_na_and_lists_no_na_actor(store):
    plan, events = imported(store, r_acled())
    assert plan.notes[0] == "the first column (unnamed), an index as pandas writes it, is ignored"
    assert list(events.index) == ["UKR9001", "UKR9002", "UKR9003"]
    first, third = events.loc["UKR9001"], events.loc["UKR9003"]
    assert pd.isna(first.actor2) and pd.isna(first.inter2) and pd.isna(first.assoc_actor_1)
    assert pd.isna(first.tags) and pd.isna(third.tags)
    assert (third.actor2, third.inter2) == ("Civilians (Ukraine)", "Civilians")
    assert first.inter1 == "External/Other forces"
    for extras in store.extras(events.index).values():
        assert extras["admin3"] == "" and "" not in extras  # no row-name column kept
    assert not {"NA", "N/A", "NaN"} & set(actor_choices(store.events()))
    texts = store.events().select_dtypes("object").stack().astype(str)
    assert not texts.isin(["NA", "N/A", "NaN", "nan"]).any()


@pytest.mark.parametrize("index_name", ["", "Unnamed: 0"])
def test_a_pandas_export_ignores_its_index_column(store, index_name):
    plan, events = imported(store, pandas_acled(index_name))
    assert list(events.index) == ["UKR9001", "UKR9002"]
    assert "unnamed: 0" not in store.extras(["UKR9001"])["UKR9001"]
    assert any("an index as pandas writes it, is ignored" in note for note in plan.notes)


def test_a_ucdp_candidate_file_after_excel_reads_both_date_patterns(store):
    plan, events = imported(store, candidate_after_excel())
    assert plan.encoding == "cp1252 (Windows Western)"
    for i, (*_, interval) in enumerate(UCDP_DATES, start=1):
        assert days(events, f"UCDP-{500000 + i}") == interval
    assert events.loc["UCDP-500001", "notes"] == CURLY
    assert [note for note in plan.notes if note.startswith("date_start")] == [
        "date_start and date_end read as "
        "m/d/yyyy h:mm:ss AM (3/1/2022 12:00:00 AM; some second fields are above 12), "
        "dd/mm/yyyy hh:mm (01/03/2022 00:00; some first fields are above 12)"
    ]


def test_date_end_after_date_start_settles_a_pattern_no_field_settles(store):
    dates = [
        ("1", "3/1/2022 12:00:00 AM", "3/1/2022 12:00:00 AM", ("2022-03-01", "2022-03-01")),
        ("2", "3/1/2022 12:00:00 AM", "02/03/2022 00:00", ("2022-03-01", "2022-03-02")),
        ("3", "02/03/2022 00:00", "08/03/2022 00:00", ("2022-03-02", "2022-03-08")),
    ]
    plan, events = imported(store, candidate_after_excel(dates))
    for i, (*_, interval) in enumerate(dates, start=1):
        assert days(events, f"UCDP-{500000 + i}") == interval
    assert plan.notes[1] == (
        "date_start and date_end read as "
        "m/d/yyyy h:mm:ss AM (3/1/2022 12:00:00 AM; AM/PM: the US order), "
        "dd/mm/yyyy hh:mm (02/03/2022 00:00; so that date_end ≥ date_start)"
    )


def test_an_unsettled_pattern_is_read_day_first_and_the_preview_says_so(store):
    dates = [("1", "01/03/2022 00:00", "01/03/2022 00:00", ("2022-03-01", "2022-03-01"))]
    plan, events = imported(store, candidate_after_excel(dates))
    assert days(events, "UCDP-500001") == ("2022-03-01", "2022-03-01")
    assert plan.notes[-1].startswith("date_start and date_end: nothing in the file shows")


def test_date_order_overrides_the_reading(store):
    dates = [("1", "01/03/2022 00:00", "01/03/2022 00:00", ("2022-01-03", "2022-01-03"))]
    plan, events = imported(store, candidate_after_excel(dates), date_order="mdy")
    assert days(events, "UCDP-500001") == ("2022-01-03", "2022-01-03")
    assert plan.notes[1] == (
        "date_start and date_end read as mm/dd/yyyy hh:mm (01/03/2022 00:00; --date-order mdy)"
    )


def test_an_impossible_date_sets_its_row_aside_naming_line_and_column(store):
    dates = [*UCDP_DATES, ("1", "31/02/2022 00:00", "31/02/2022 00:00", None)]
    plan = plan_import(candidate_after_excel(dates), "file.csv", store)
    assert [(p.line, p.column, p.reason) for p in set_aside_problems(plan)] == [
        (7, "date_end", "impossible date (read as dd/mm/yyyy hh:mm)"),
        (7, "date_start", "impossible date (read as dd/mm/yyyy hh:mm)"),
    ]


def test_a_ucdp_copy_from_hdx_skips_its_hxl_row(store):
    plan, events = imported(store, hdx_ged())
    assert list(events.index) == ["UCDP-500001", "UCDP-500002", "UCDP-500003"]
    assert days(events, "UCDP-500001") == ("2025-02-07", "2025-02-07")
    assert plan.lines == [3, 4, 5]
    assert "line 2 holds HXL hashtags (an HDX copy) and is skipped" in plan.notes


def test_a_ucdp_r_export_stores_no_na(store):
    rows = [ucdp_row(1, adm_2="NA", low="NA", high="NA", source_office="NA")]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    _, events = imported(store, out.getvalue().encode())
    event = events.loc["UCDP-500001"]
    assert pd.isna(event.admin2) and pd.isna(event.fatalities_high)
    assert event.source == "UCDP"


def test_sitmap_import_takes_date_order(tmp_path, store, capsys):
    path = tmp_path / "candidate.csv"
    dates = [("1", "01/03/2022 00:00", "01/03/2022 00:00", None)]
    path.write_bytes(candidate_after_excel(dates))
    assert main(["--db", store.url, "import", "--date-order", "mdy", str(path)]) == 0
    assert f"{store.events().iloc[0].date_start:%Y-%m-%d}" == "2022-01-03"
