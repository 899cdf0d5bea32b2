"""UCDP GED/Candidate onto the schema: intervals, precisions, violence types, actors."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import set_aside_problems
from exports import ucdp_file, ucdp_row

from events.formats import ucdp
from events.formats.dates import UNREADABLE
from sitmap.importer import commit, plan_import


@pytest.mark.parametrize(
    ("date_prec", "start", "end", "precision"),
    [
        ("1", "2025-02-07", "2025-02-07", 1),
        ("2", "2025-02-05", "2025-02-08", 2),
        ("3", "2025-02-03", "2025-02-09", 2),
        ("4", "2025-02-01", "2025-02-28", 3),
        ("5", "2025-01-01", "2025-12-31", 4),
    ],
)
def test_the_interval_is_kept_and_date_prec_becomes_time_precision(
    store, date_prec, start, end, precision
):
    row = ucdp_row(1, date_prec=date_prec, date_start=f"{start} 00:00:00.000", date_end=end)
    plan = plan_import(ucdp_file([row]), "ged.csv", store)
    assert plan.ok, plan.problems
    event = plan.frame.iloc[0]
    assert str(event.date_start.date()) == start and str(event.date_end.date()) == end
    assert event.time_precision == precision


@pytest.mark.parametrize(("where_prec", "geo"), [("1", 1), ("2", 2), ("3", 3), ("4", 3)])
def test_where_prec_one_to_four_map_onto_three_geo_levels(store, where_prec, geo):
    plan = plan_import(ucdp_file([ucdp_row(1, where_prec=where_prec)]), "ged.csv", store)
    assert plan.ok and plan.frame.iloc[0].geo_precision == geo


KURSK_BORDER = "Kursk oblast, border area with Sumy oblast"


@pytest.mark.parametrize(
    ("where_prec", "what", "cells", "drawn"),
    [
        (
            "5",
            "a region larger than an oblast, whose oblast UCDP names: drawn as that oblast",
            {"adm_1": "Kursk oblast", "where_description": KURSK_BORDER},
            (3, "Kursk oblast", "Kursk oblast"),
        ),
        (
            "5",
            "a region larger than an oblast, no oblast: listed, not drawn",
            {"adm_1": "", "adm_2": "", "where_description": "Kursk-Sumy border area"},
            (4, None, "Kursk-Sumy border area"),
        ),
        (
            "6",
            "the whole country: its description is the location",
            {"adm_1": "", "adm_2": "", "where_description": "Russia"},
            (4, None, "Russia"),
        ),
        (
            "6",
            "the whole country, no description: the country is the location",
            {"adm_1": "", "adm_2": "", "where_description": ""},
            (4, None, "Russia"),
        ),
        (
            "7",
            "international waters or airspace",
            {"adm_1": "", "adm_2": "", "where_description": "Black Sea"},
            (4, None, "Black Sea"),
        ),
    ],
)
def test_where_prec_five_to_seven_is_imported_without_a_position(
    store, where_prec, what, cells, drawn
):
    """These rows rejected the whole file before; now each is an event with no pin."""
    centroid = {"latitude": "51.5", "longitude": "36.0", "geom_wkt": "POINT (36 51.5)"}
    rows = [ucdp_row(1), ucdp_row(2, where_prec=where_prec, **centroid, **cells)]
    plan = plan_import(ucdp_file(rows), "ged.csv", store)
    assert plan.ok, plan.problems
    commit(plan, store)
    event = store.events().set_index("event_id").loc["UCDP-500002"]
    admin1 = None if pd.isna(event.admin1) else event.admin1
    assert (event.geo_precision, admin1, event.location) == drawn
    assert pd.isna(event.latitude) and pd.isna(event.longitude) and pd.isna(event.admin2)
    extras = store.extras(["UCDP-500002"])["UCDP-500002"]
    assert extras["where_prec"] == where_prec  # what UCDP said is kept with the event
    assert (extras["latitude"], extras["longitude"]) == ("51.5", "36.0")


@pytest.mark.parametrize(
    ("violence", "event_type", "sub_event_type", "side_b", "inter2"),
    [
        ("1", "Battles", "Armed clash", "Government of Ukraine", "External/Other forces"),
        ("2", "Battles", "Armed clash", "Wagner Group", ""),
        ("3", "Violence against civilians", "Attack", "Civilians", "Civilians"),
    ],
)
def test_type_of_violence_and_sides_map_by_the_documented_tables(
    store, violence, event_type, sub_event_type, side_b, inter2
):
    row = ucdp_row(1, type_of_violence=violence, side_b=side_b)
    event = plan_import(ucdp_file([row]), "ged.csv", store).frame.iloc[0]
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)
    assert event.disorder_type == "Political violence"
    assert (event.actor1, event.inter1) == ("Government of Russia (Soviet Union)", "State forces")
    assert (event.actor2, event.inter2 if inter2 else "") == (side_b, inter2)


@pytest.mark.parametrize(
    ("side", "country", "inter"),
    [
        ("Government of Russia (Soviet Union)", "Russia", "State forces"),
        ("Government of Ukraine", "Russia", "External/Other forces"),
        ("Government of Ukraine", "Ukraine", "State forces"),
        ("Government of Russia (Soviet Union)", "Ukraine", "External/Other forces"),
        ("Civilians", "Russia", "Civilians"),
        ("Freedom of Russia Legion", "Russia", ""),
    ],
)
def test_the_actor_category_rule(side, country, inter):
    assert ucdp.inter_label(side, country) == inter


@pytest.mark.parametrize(
    ("raw", "name"), [("Russia (Soviet Union)", "Russia"), ("Ukraine", "Ukraine")]
)
def test_country_names_drop_the_historical_name(raw, name):
    assert ucdp.country_name(raw) == name


def test_a_ged_file_imports_with_counts_fatality_ranges_sources_and_extras(store):
    rows = [ucdp_row(i) for i in range(1, 4)]
    rows[2].update(source_office="", source_date="not a date", adm_2="", where_prec="4")
    plan = plan_import(ucdp_file(rows), "ged.csv", store)
    assert plan.ok, plan.problems
    assert plan.file_format == "ucdp"
    batch = commit(plan, store)
    assert batch.row_count == 3 and store.count() == 3
    events = store.events().set_index("event_id")
    first = events.loc["UCDP-500001"]
    assert (first.fatalities, first.fatalities_low, first.fatalities_high) == (8, 6, 12)
    assert (first.country, first.admin1, first.location) == (
        "Russia",
        "Kursk oblast",
        "Sudzha town",
    )
    assert (first.source, first.notes, first.coded_by) == (
        "Reuters;Meduza",
        "Fighting near Sudzha",
        "UCDP",
    )
    assert str(first.source_date.date()) == "2025-02-08"
    third = events.loc["UCDP-500003"]
    assert (third.source, third.geo_precision) == ("UCDP", 3) and pd.isna(third.admin2)
    assert pd.isna(third.source_date)

    extras = store.extras(["UCDP-500001"])["UCDP-500001"]
    assert extras["where_description"] == "Sudzha, Kursk oblast"
    assert extras["country"] == "Russia (Soviet Union)" and extras["date_prec"] == "1"
    assert extras["source_date"] == "2025-02-08 00:00:00.000;2025-02-09 00:00:00.000"
    assert "side_a" not in extras and "best" not in extras


BAD_VIOLENCE = "must be 1 (state-based), 2 (non-state) or 3 (one-sided)"


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"id": "1.23E+11"}, "id", "a UCDP id is digits only (an Excel-mangled number?)"),
        ({"date_start": "Feb 2025"}, "date_start", UNREADABLE),
        ({"date_start": "31/02/2025"}, "date_start", "impossible date (read as dd/mm/yyyy)"),
        (
            {"date_end": "2025-02-30 00:00:00.000"},
            "date_end",
            "impossible date (read as yyyy-mm-dd hh:mm:ss.fff)",
        ),
        ({"date_prec": "6"}, "date_prec", "UCDP date_prec must be 1 to 5"),
        ({"type_of_violence": "4"}, "type_of_violence", BAD_VIOLENCE),
        ({"best": "-1"}, "best", "a death toll cannot be negative"),
        ({"adm_1": ""}, "adm_1", "required value is missing"),
    ],
)
def test_a_row_with_a_bad_ucdp_cell_is_set_aside_naming_its_ucdp_column(
    store, changes, column, reason
):
    plan = plan_import(ucdp_file([ucdp_row(1), ucdp_row(2, **changes)]), "ged.csv", store)
    assert plan.ok and list(plan.frame["event_id"]) == ["UCDP-500001"]
    assert [(p.line, p.column, p.reason) for p in set_aside_problems(plan)] == [(3, column, reason)]
