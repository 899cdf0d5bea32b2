"""ACLED exports onto the schema: ids, date intervals, actor codes, extras, named problems.

Every ACLED-shaped row here is synthetic: ACLED's terms forbid redistributing its data.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import set_aside_problems
from exports import acled_file, acled_row, old_acled_row

from events.formats import acled
from events.formats.dates import UNREADABLE
from events.vocabulary import INTER_CODES
from sitmap.importer import commit, plan_import


@pytest.mark.parametrize(
    ("event_date", "precision", "start", "end"),
    [
        ("2025-02-07", "1", "2025-02-07", "2025-02-07"),
        ("2025-02-07", "2", "2025-02-03", "2025-02-09"),  # Friday → Monday..Sunday
        ("2025-02-03", "2", "2025-02-03", "2025-02-09"),  # a Monday starts its week
        ("2025-02-09", "2", "2025-02-03", "2025-02-09"),  # a Sunday ends it
        ("2025-03-01", "2", "2025-02-24", "2025-03-02"),  # a week across two months
        ("2025-02-15", "3", "2025-02-01", "2025-02-28"),
        ("2024-02-15", "3", "2024-02-01", "2024-02-29"),  # leap year
        ("2024-12-15", "3", "2024-12-01", "2024-12-31"),
    ],
)
def test_date_and_time_precision_become_an_interval(event_date, precision, start, end):
    assert acled.interval(date.fromisoformat(event_date), precision) == (start, end)


@pytest.mark.parametrize(
    ("event_date", "start"),
    [
        ("07 February 2025", "2025-02-07"),
        ("7 february 2025", "2025-02-07"),
        ("07.02.2025", "2025-02-07"),
        ("9-May-20", "2020-05-09"),
        ("14/08/2020 00:00:00", "2020-08-14"),
    ],
)
def test_event_dates_in_any_form_the_dates_module_reads_import(store, event_date, start):
    plan = plan_import(acled_file([acled_row(1, event_date=event_date)]), "a.csv", store)
    assert plan.ok, plan.problems
    assert str(plan.frame.iloc[0].date_start.date()) == start


@pytest.mark.parametrize(
    ("event_date", "reason"),
    [
        ("2025-02-30", "impossible date (read as yyyy-mm-dd)"),
        ("31/02/2025", "impossible date (read as dd/mm/yyyy)"),
        ("late January 2025", UNREADABLE),
        ("2025-01", UNREADABLE),
        ("Q1 2025", UNREADABLE),
        ("", "required value is missing"),
    ],
)
def test_dates_that_are_not_days_are_set_aside_never_guessed(store, event_date, reason):
    rows = [acled_row(1, event_date=event_date), acled_row(2)]
    plan = plan_import(acled_file(rows), "a.csv", store)
    assert [(p.line, p.column, p.reason) for p in set_aside_problems(plan)] == [
        (2, "event_date", reason)
    ]
    assert plan.ok and plan.lines == [3]


@pytest.mark.parametrize("precision", ["0", "4", "x", ""])
def test_acled_has_only_three_time_precisions(store, precision):
    with pytest.raises(ValueError, match="must be 1, 2 or 3"):
        acled.interval(date(2025, 2, 7), precision)
    plan = plan_import(acled_file([acled_row(1, time_precision=precision)]), "a.csv", store)
    assert {(p.line, p.column) for p in set_aside_problems(plan)} == {(2, "time_precision")}


@pytest.mark.parametrize(("code", "label"), [*((str(k), v) for k, v in INTER_CODES.items())])
def test_numeric_actor_codes_become_labels(code, label):
    assert acled.inter_label(code) == label


@pytest.mark.parametrize(("cell", "label"), [("0", ""), ("State forces", "State forces")])
def test_zero_is_no_actor_and_labels_stay(cell, label):
    assert acled.inter_label(cell) == label


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "disorder"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Looting/property destruction", "Strategic developments"),
    ],
)
def test_old_files_get_a_disorder_type_from_the_event_type(event_type, sub_event_type, disorder):
    assert acled.disorder_for(event_type, sub_event_type) == disorder


def test_a_current_export_imports_with_ids_intervals_precisions_and_extras(store):
    rows = [
        acled_row(1),
        acled_row(2, time_precision="2", event_date="2025-02-07"),
        acled_row(3, time_precision="3", event_date="2025-02-15", geo_precision="3"),
    ]
    plan = plan_import(acled_file(rows), "acled.csv", store)
    assert plan.ok, plan.problems
    assert (plan.file_format, plan.encoding, plan.delimiter) == ("acled", "UTF-8", ",")
    batch = commit(plan, store)
    assert batch.row_count == 3 and batch.file_format == "acled"

    events = store.events().set_index("event_id")
    assert list(events.index) == ["UKR9001", "UKR9003", "UKR9002"]  # by date_start
    week, month = events.loc["UKR9002"], events.loc["UKR9003"]
    assert (str(week.date_start.date()), str(week.date_end.date())) == ("2025-02-03", "2025-02-09")
    assert (week.time_precision, month.time_precision, month.geo_precision) == (2, 3, 3)
    assert str(month.date_end.date()) == "2025-02-28"
    assert events.loc["UKR9001", "inter1"] == "External/Other forces"
    assert events.loc["UKR9001", "coded_by"] == "ACLED"

    extras = store.extras(["UKR9002"])["UKR9002"]
    assert extras["event_date"] == "2025-02-07" and extras["admin3"] == "Yunakivska"
    assert extras["interaction"] == "External/Other forces-Civilians"
    assert set(extras) == {
        "event_date", "year", "interaction", "civilian_targeting", "iso", "region",
        "admin3", "source_scale", "timestamp",
    }  # fmt: skip


def test_an_older_export_with_numeric_codes_and_spelled_dates_imports(store):
    rows = [old_acled_row(i) for i in range(1, 5)]
    plan = plan_import(acled_file(rows), "old.csv", store)
    assert plan.ok, plan.problems
    commit(plan, store)
    events = store.events()
    assert len(events) == 4
    assert set(events["inter1"]) == {"External/Other forces"}
    assert set(events["inter2"]) == {"Civilians"}
    assert set(events["disorder_type"]) == {"Political violence"}
    assert str(events["date_start"].iloc[0].date()) == "2025-02-01"
    assert store.extras(["UKR9001"])["UKR9001"]["event_id_no_cnty"] == "9001"


BAD_DATE = "impossible date (read as dd/mm/yyyy)"


def test_unusable_rows_are_set_aside_naming_the_acled_column_the_analyst_sees(store):
    rows = [acled_row(i) for i in range(1, 6)]
    rows[1]["fatalities"] = "-3"
    rows[2]["event_date"] = "31/02/2025"
    rows[3]["event_id_cnty"] = "UKR9001"
    rows[4]["inter2"] = "9"
    plan = plan_import(acled_file(rows), "bad.csv", store)
    assert plan.ok and plan.row_count == 1
    assert [(p.line, p.column, p.reason) for p in set_aside_problems(plan)] == [
        (3, "fatalities", "a death toll cannot be negative"),
        (4, "event_date", BAD_DATE),
        (5, "event_id_cnty", "duplicate event_id in this file (first on line 2)"),
        (6, "inter2", "unknown actor category (" + ", ".join(INTER_CODES.values()) + ")"),
    ]
    commit(plan, store)
    assert list(store.events()["event_id"]) == ["UKR9001"]


@pytest.mark.parametrize("column", ["event_date", "event_type"])
def test_a_missing_required_column_is_named_with_the_detected_format(store, column):
    """Only these two: the other columns have defaults (tests/test_import_vintages.py)."""
    rows = [{k: v for k, v in acled_row(1).items() if k != column}]
    if column == "event_date":  # without its date column the header is no longer ACLED
        plan = plan_import(acled_file(rows), "x.csv", store, file_format="acled")
    else:
        plan = plan_import(acled_file(rows), "x.csv", store)
    assert [(p.line, p.column, p.reason) for p in plan.problems] == [
        (1, column, "required column is missing from the header (detected format: ACLED)")
    ]


def test_a_date_before_acled_coverage_is_flagged_for_checking(store):
    plan = plan_import(acled_file([acled_row(1, event_date="1996-12-31")]), "a.csv", store)
    assert plan.ok
    assert [(p.line, p.column) for p in plan.flags if "coverage" in p.reason] == [(2, "date_start")]
