"""A source's own figures out of order (UCDP's best above its high) are imported as
given and flagged, in the import preview and in the event's detail, in every format."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import csv_bytes, raw_event
from exports import ucdp_file, ucdp_row

from events.death_tolls import describe_toll
from events.store import Store
from sitmap.importer import commit, plan_import
from ui.panels import detail_lines

DISAGREE = "the source's own figures disagree"


def native_file(**figures: str) -> bytes:
    """An ACLED-like event in sitmap's own CSV, after a good one, with these figures."""
    blank = {"fatalities_low": "", "fatalities_high": ""}
    return csv_bytes([raw_event(1, **blank), raw_event(2, **{**blank, **figures})])


# (what, file, the flag (line, column, value, reason), the stored (best, low, high))
CASES = [
    (
        "UCDP best above high",
        ucdp_file([ucdp_row(1), ucdp_row(2, best="12", low="6", high="10")]),
        (3, "best", "12", f"{DISAGREE} (best 12 > high 10)"),
        (12, 6, 10),
    ),
    (
        "UCDP best above high (a case once rejected as 'fatalities is above fatalities_high')",
        ucdp_file([ucdp_row(1), ucdp_row(2, best="20")]),
        (3, "best", "20", f"{DISAGREE} (best 20 > high 12)"),
        (20, 6, 12),
    ),
    (
        "UCDP low above best",
        ucdp_file([ucdp_row(1), ucdp_row(2, best="4", low="6", high="12")]),
        (3, "best", "4", f"{DISAGREE} (low 6 > best 4)"),
        (4, 6, 12),
    ),
    (
        "native (ACLED-like) fatalities above fatalities_high",
        native_file(fatalities="7", fatalities_high="5"),
        (3, "fatalities", "7", f"{DISAGREE} (best 7 > high 5)"),
        (7, None, 5),
    ),
    (
        "native low above high (a case once rejected as 'fatalities_low is above')",
        native_file(fatalities="5", fatalities_low="9", fatalities_high="4"),
        (3, "fatalities", "5", f"{DISAGREE} (low 9 > best 5, best 5 > high 4)"),
        (5, 9, 4),
    ),
]


@pytest.mark.parametrize(("what", "data", "flag", "stored"), CASES, ids=[c[0] for c in CASES])
def test_figures_out_of_order_are_imported_as_given_and_flagged(store, what, data, flag, stored):
    plan = plan_import(data, "export.csv", store)
    assert plan.ok, plan.problems
    assert [(p.line, p.column, p.value, p.reason) for p in plan.flags] == [flag]
    commit(plan, store)
    event = store.events().sort_values("event_id").iloc[1]
    figures = (event.fatalities, event.fatalities_low, event.fatalities_high)
    assert tuple(None if pd.isna(f) else int(f) for f in figures) == stored


def test_figures_in_order_raise_no_flag(store):
    plan = plan_import(native_file(fatalities="5", fatalities_low="3"), "x.csv", store)
    assert plan.ok and plan.flags == []


def test_the_detail_says_the_sources_figures_disagree(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'detail.sqlite'}")
    plan = plan_import(CASES[0][1], "ged.csv", store)
    commit(plan, store)
    event = store.events().set_index("event_id", drop=False).loc["UCDP-500002"]
    lines = detail_lines(event, "batch b1")
    assert f"Fatalities: 12 (reported range 6–10) — {DISAGREE} (best 12 > high 10)" in lines
    fine = store.events().set_index("event_id", drop=False).loc["UCDP-500001"]
    assert "Fatalities: 8 (reported range 6–12)" in detail_lines(fine, "batch b1")


@pytest.mark.parametrize(
    ("best", "low", "high", "words"),
    [
        (12, 6, 10, f"12 (reported range 6–10) — {DISAGREE} (best 12 > high 10)"),
        (4, 6, None, f"4 (reported: at least 6) — {DISAGREE} (low 6 > best 4)"),
        (5, 9, 4, f"5 (reported range 9–4) — {DISAGREE} (low 9 > best 5, best 5 > high 4)"),
        (10, 6, 10, "10 (reported range 6–10)"),
    ],
)
def test_a_toll_out_of_order_says_so(best, low, high, words):
    assert describe_toll(best, low, high) == words
