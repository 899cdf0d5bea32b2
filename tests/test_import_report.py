"""The import report: "N will be imported, M set aside", one screenful of counts with the
first examples of each kind, and the full list as a CSV safe to open in Excel."""

from __future__ import annotations

import csv
import io

import pytest
from exports import acled_file, acled_row

from events.store import Store
from sitmap.import_report import EXAMPLES, counts, report_csv, summary
from sitmap.importer import commit, plan_import
from sitmap.set_aside import KINDS

# one way to spoil a row for each kind of row set aside (ragged rows are added as lines)
SPOILED = {
    "repeated id": {"event_id_cnty": "UKR9001"},
    "no date": {"event_date": ""},
    "no place": {"latitude": "", "longitude": "", "location": "", "admin1": "", "admin2": ""},
    "unknown place": {"latitude": "", "longitude": "", "location": "Xqzzyvillezz"},
    "missing value": {"actor1": ""},
    "unreadable cell": {"fatalities": '=HYPERLINK("http://x")'},
}
OUTSIDE_AREAS = 40


def messy_export(per_kind: int = 150) -> bytes:
    """A country-wide ACLED export with ``per_kind`` rows of every kind to set aside, rows
    in :data:`OUTSIDE_AREAS` oblasts off the map, rows to geocode and rows to flag."""
    rows = [acled_row(1)]
    for changes in SPOILED.values():
        for _ in range(per_kind):
            rows.append(acled_row(len(rows) + 1, **changes))
    for area in range(OUTSIDE_AREAS):  # Donetsk-ish points, each under another oblast name
        rows.append(acled_row(len(rows) + 1, admin1=f"Oblast {area:02d}", latitude="48.0",
                              longitude="37.8", location=f"Town {area}"))  # fmt: skip
    for _ in range(per_kind):
        rows.append(acled_row(len(rows) + 1, latitude="", longitude="", location="Sudzha",
                              admin1="Kursk", admin2="", country="Russia"))  # fmt: skip
        rows.append(acled_row(len(rows) + 1, latitude="50.5975", longitude="36.5889"))  # Belgorod
    data = acled_file(rows)
    ragged = b"".join(b"UKR1,2025-02-01,1\r\n" for _ in range(per_kind))
    return data + ragged


@pytest.fixture(scope="module")
def messy_plan(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('report')}/store.sqlite")
    return plan_import(messy_export(), "ukraine.csv", store)


def test_the_preview_says_how_many_will_be_imported_and_how_many_are_set_aside(store):
    rows = [acled_row(i) for i in range(1, 6)]
    rows[2]["event_date"] = ""
    plan = plan_import(acled_file(rows), "a.csv", store)
    assert counts(plan) == "4 will be imported, 1 set aside"
    commit(plan, store)
    assert counts(plan, done=True) == "4 imported, 1 set aside"

    rows[0] = {**rows[0], "fatalities": "9"}
    again = plan_import(acled_file(rows), "b.csv", store)
    assert counts(again) == (
        "0 will be imported, 1 set aside, 3 already stored, "
        "1 changed by the source (stored versions kept)"
    )
    assert counts(again, replace_changed=True).startswith("1 will be imported")


def test_the_summary_is_one_screenful_whatever_the_file(messy_plan):
    lines = summary(messy_plan)
    assert len(lines) <= 50, "\n".join(lines)
    assert f"Set aside: {150 * len(KINDS)} row(s)" in lines
    for kind in KINDS:
        at = lines.index(f"  {kind}: 150")
        examples = [line for line in lines[at + 1 : at + 1 + EXAMPLES + 1] if line[:4] == " " * 4]
        assert len(examples) == EXAMPLES, kind
    at = lines.index(f"Outside the mapped region (kept): {OUTSIDE_AREAS} row(s) in 40 area(s)")
    assert lines[at + 1 : at + 10] == [
        *(f"    Oblast {area:02d} (Ukraine): 1" for area in range(8)),
        f"    and {OUTSIDE_AREAS - 8} more area(s)",
    ]
    assert "Placed by the gazetteer: 150 row(s)" in lines
    assert "Warnings to check: 150" in lines


def test_the_csv_report_lists_every_row_and_opens_safely_in_excel(messy_plan):
    data = report_csv([messy_plan])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 that Excel recognises
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    set_aside = {(r["line"], r["kind"]) for r in rows if r["section"] == "set aside"}
    assert {line for line, _ in set_aside} == {str(r.line) for r in messy_plan.set_aside}
    assert len({line for line, _ in set_aside}) == 150 * len(KINDS)
    sections = {r["section"] for r in rows}
    assert {"outside the mapped region", "geocoded", "warning"} <= sections
    formulas = [r["value"] for r in rows if "HYPERLINK" in r["value"]]
    assert formulas and all(value.startswith("'=") for value in formulas)
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("x" * 5_000, "x" * 39 + "…"),
    ],
)
def test_summary_lines_are_plain_short_text(store, cell, shown):
    plan = plan_import(acled_file([acled_row(1, fatalities=cell)]), "a.csv", store)
    [line] = [line for line in summary(plan) if line.startswith("    line 2")]
    assert shown in line and "\x1b" not in line and len(line) <= 160
