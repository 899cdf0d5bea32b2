"""A third-party export is imported row by row.

* The usable rows are committed as one batch; the others are set aside with line,
  kind and reason: a ragged row, an id repeated in the file, no date, no place, a
  place the gazetteer cannot place, a missing value, an unreadable cell.
* What no row can fix still rejects the whole file.
* Rows whose id is stored are counted: unchanged, or changed by the source (which
  can replace the stored versions as one undoable batch).
* Rows outside the mapped oblasts are counted per area, kept, or left out on request.
* The analyst's own native files stay all or nothing unless ``partial``.
* The store never holds a set-aside row, nor half a row.

Every ACLED- and UCDP-shaped row is synthetic (ACLED's 2023 export columns).
"""

from __future__ import annotations

import pytest
from builders import csv_bytes, event_frame, native_file, raw_event
from conftest import content, set_aside_problems
from exports import acled_file, acled_row, ucdp_file, ucdp_row

from events import bulk_write
from events.problems import RejectedInput
from sitmap import importer
from sitmap.importer import commit, plan_import

ACLED_WIDTH = len(acled_row())

NO_PLACE = {"latitude": "", "longitude": "", "location": "", "admin1": "", "admin2": ""}

# (case, changes to row 3 of five ACLED rows, kind, column of the leading problem)
ACLED_ROWS = [
    ("no date", {"event_date": ""}, "no date", "event_date"),
    ("no place at all", NO_PLACE, "no place", "location"),
    ("a place the gazetteer cannot place",
     {"latitude": "", "longitude": "", "location": "Xqzzyvillezz"}, "unknown place", "location"),
    ("an empty actor", {"actor1": ""}, "missing value", "actor1"),
    ("an unreadable toll", {"fatalities": "several"}, "unreadable cell", "fatalities"),
    ("an unreadable latitude", {"latitude": "51°03'"}, "unreadable cell", "latitude"),
    ("an unknown event type", {"event_type": "Skirmish"}, "unreadable cell", "event_type"),
    ("a negative toll", {"fatalities": "-3"}, "unreadable cell", "fatalities"),
    ("an id repeated in the file", {"event_id_cnty": "UKR9001"}, "repeated id", "event_id_cnty"),
]  # fmt: skip


def five_acled_rows(**changes: str) -> list[dict[str, str]]:
    rows = [acled_row(i) for i in range(1, 6)]
    rows[2].update(changes)
    return rows


def with_line_after(data: bytes, line: int, extra: bytes) -> bytes:
    """The file with ``extra`` (a whole line, with its end) inserted as line ``line``."""
    parts = data.split(b"\r\n")
    return b"\r\n".join([*parts[: line - 1], extra.rstrip(b"\r\n"), *parts[line - 1 :]])


@pytest.mark.parametrize(
    ("case", "changes", "kind", "column"), ACLED_ROWS, ids=[c[0] for c in ACLED_ROWS]
)
def test_an_acled_row_that_cannot_be_used_is_set_aside_and_the_rest_imported(
    store, case, changes, kind, column
):
    plan = plan_import(acled_file(five_acled_rows(**changes)), "acled.csv", store)
    assert plan.ok, plan.problems
    [row] = plan.set_aside
    assert (row.line, row.kind, row.first.column) == (4, kind, column)
    assert plan.row_count == 4
    batch = commit(plan, store)
    assert batch.row_count == 4
    assert sorted(store.events()["event_id"]) == ["UKR9001", "UKR9002", "UKR9004", "UKR9005"]


@pytest.mark.parametrize(
    ("case", "extra", "reason"),
    [
        ("a short row", b"UKR1,2025-02-01,1", f"row has 3 cells, the header has {ACLED_WIDTH}"),
        ("a long row", b"UKR1" + b",x" * ACLED_WIDTH,
         f"row has {ACLED_WIDTH + 1} cells, the header has {ACLED_WIDTH}"),
    ],
)  # fmt: skip
def test_a_ragged_acled_row_is_set_aside_not_the_file(store, case, extra, reason):
    data = with_line_after(acled_file([acled_row(i) for i in range(1, 5)]), 3, extra)
    plan = plan_import(data, "acled.csv", store)
    assert plan.ok, plan.problems
    assert [(r.line, r.kind, r.first.reason) for r in plan.set_aside] == [(3, "ragged row", reason)]
    assert plan.lines == [2, 4, 5, 6]  # the rows after it keep their editor lines
    commit(plan, store)
    assert store.count() == 4


def test_a_file_of_ragged_rows_only_sets_them_all_aside_and_commits_nothing(store):
    data = acled_file([acled_row(1)]).split(b"\r\n")[0] + b"\r\nUKR1,x\r\nUKR2,y\r\n"
    plan = plan_import(data, "acled.csv", store)
    assert plan.ok and plan.row_count == 0
    assert [(r.line, r.kind) for r in plan.set_aside] == [(2, "ragged row"), (3, "ragged row")]
    assert commit(plan, store) is None and store.batches() == []


# (case, changes to row 2 of three UCDP rows, kind, column)
UCDP_ROWS = [
    ("no date", {"date_start": ""}, "no date", "date_start"),
    ("an Excel-mangled id", {"id": "1.23E+11"}, "unreadable cell", "id"),
    ("an unknown violence type", {"type_of_violence": "4"}, "unreadable cell", "type_of_violence"),
    ("an id repeated in the file", {"id": "500001"}, "repeated id", "id"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "changes", "kind", "column"), UCDP_ROWS, ids=[c[0] for c in UCDP_ROWS]
)
def test_a_ucdp_row_that_cannot_be_used_is_set_aside_and_the_rest_imported(
    store, case, changes, kind, column
):
    rows = [ucdp_row(1), ucdp_row(2, **changes), ucdp_row(3)]
    plan = plan_import(ucdp_file(rows), "ged.csv", store)
    assert [(r.line, r.kind, r.first.column) for r in plan.set_aside] == [(3, kind, column)]
    commit(plan, store)
    assert sorted(store.events()["event_id"]) == ["UCDP-500001", "UCDP-500003"]


def test_a_ragged_ucdp_row_is_set_aside(store):
    data = ucdp_file([ucdp_row(1), ucdp_row(2)]) + b"500003,RUS-2025-1-3,2025\n"
    plan = plan_import(data, "ged.csv", store)
    assert [(r.line, r.kind) for r in plan.set_aside] == [(4, "ragged row")]
    assert plan.row_count == 2


def acled_over_the_limit() -> bytes:
    return acled_file([acled_row(i) for i in range(1, 6)])


REJECTED_WHOLE = [
    ("it cannot be decoded", acled_file([acled_row(1, notes="a\x00b")]), "NUL byte"),
    ("it mixes encodings",
     acled_file([acled_row(1, location="Суджа"), acled_row(2, location="KURSK")]).replace(
         b"KURSK", "Курск".encode("cp1251")), "mixed encodings"),
    ("the header is unknown", b"Date,Place,Killed\r\n2025-02-01,Sudzha,3\r\n",
     "unrecognised header"),
    ("a required column is missing",
     acled_file([{k: v for k, v in acled_row(1).items() if k != "event_type"}]),
     "required column is missing from the header (detected format: ACLED)"),
    ("it has more rows than the limit", acled_over_the_limit(), "more than 3 rows"),
    ("a quoted cell never ends", acled_file([acled_row(1)]) + b'UKR2,"2025-02-01\r\n',
     "unterminated quoted field"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "data", "reason"), REJECTED_WHOLE, ids=[c[0] for c in REJECTED_WHOLE]
)
def test_what_no_row_can_fix_rejects_the_whole_third_party_file(
    store, monkeypatch, case, data, reason
):
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    commit(plan_import(native_file(event_frame(2)), "earlier.csv", store), store)
    before = content(store)
    plan = plan_import(data, "acled.csv", store)
    assert any(reason in p.reason for p in plan.problems), plan.problems
    assert plan.set_aside == [] and plan.row_count == 0
    with pytest.raises(RejectedInput):
        commit(plan, store)
    assert content(store) == before


def revised(row: dict[str, str], **changes: str) -> dict[str, str]:
    """A row as ACLED sends it again after a weekly revision: new values, new timestamp."""
    return {**row, **changes, "timestamp": str(int(row["timestamp"]) + 604_800)}


def redownload() -> list[dict[str, str]]:
    """Rows 1–5 again in another order, 2 and 4 revised, and two new rows 6 and 7."""
    rows = [acled_row(i) for i in range(1, 8)]
    rows[1] = revised(rows[1], fatalities="7", notes="Revised: seven killed.")
    rows[3] = revised(rows[3], sub_event_type="Air/drone strike")
    return [rows[6], rows[4], rows[3], rows[2], rows[1], rows[0], rows[5]]


@pytest.fixture
def first_download(store):
    """The store after importing rows 1–5 of an ACLED export."""
    commit(plan_import(acled_file([acled_row(i) for i in range(1, 6)]), "week1.csv", store), store)
    return store


def test_rows_already_stored_are_counted_unchanged_or_changed_by_the_source(first_download):
    plan = plan_import(acled_file(redownload()), "week2.csv", first_download)
    assert plan.ok and plan.set_aside == []
    assert sorted(plan.frame["event_id"]) == ["UKR9006", "UKR9007"]
    assert sorted(row.event_id for row in plan.already_stored) == ["UKR9001", "UKR9003", "UKR9005"]
    assert {row.event_id: row.changed for row in plan.changed_by_source} == {
        "UKR9002": ("fatalities", "notes", "timestamp"),
        "UKR9004": ("sub_event_type", "timestamp"),
    }
    assert plan.probable_duplicates == []  # a stored id is not a duplicate of itself


def test_by_default_the_stored_versions_of_changed_rows_are_kept(first_download):
    plan = plan_import(acled_file(redownload()), "week2.csv", first_download)
    batch = commit(plan, first_download)
    assert batch.row_count == 2
    events = first_download.events().set_index("event_id")
    assert events.loc["UKR9002", "fatalities"] == 2 and len(events) == 7


def test_replacing_changed_rows_is_one_batch_that_undo_reverses_exactly(first_download):
    store = first_download
    before = content(store)
    plan = plan_import(acled_file(redownload()), "week2.csv", store)
    batch = commit(plan, store, replace_changed=True)
    assert batch.row_count == 4  # two new rows and two new versions
    events = store.events().set_index("event_id")
    assert len(events) == 7 and events.loc["UKR9002", "fatalities"] == 7
    assert events.loc["UKR9004", "sub_event_type"] == "Air/drone strike"
    assert set(events.loc[["UKR9002", "UKR9004", "UKR9006"], "batch_id"]) == {batch.batch_id}
    assert store.extras(["UKR9002"])["UKR9002"]["timestamp"] == str(1_740_000_002 + 604_800)
    assert store.check() == [] and store.replaced_count(batch.batch_id) == 2

    assert store.undo(batch.batch_id) == 4
    assert content(store) == before
    assert store.extras(["UKR9002"])["UKR9002"]["timestamp"] == str(1_740_000_002)
    assert store.check() == []


def test_the_same_file_again_adds_nothing_and_its_changed_rows_can_still_be_replaced(
    first_download,
):
    store = first_download
    data = acled_file(redownload())
    commit(plan_import(data, "week2.csv", store), store)
    again = plan_import(data, "week2.csv", store)
    assert again.row_count == 0 and len(again.already_stored) == 5
    assert any("imported before" in note for note in again.notes)
    assert len(again.changed_by_source) == 2
    assert commit(again, store, replace_changed=True).row_count == 2


def test_a_set_aside_row_is_never_written_and_no_row_is_half_written(store, monkeypatch):
    rows = [acled_row(i) for i in range(1, 9)]
    rows[1]["event_date"] = ""
    rows[4]["fatalities"] = "-1"
    plan = plan_import(acled_file(rows), "acled.csv", store)
    before = content(store)
    original = bulk_write.chunks

    def failing(items, size):
        yield from original(items, 1)
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(bulk_write, "chunks", failing)
    with pytest.raises(RuntimeError):
        commit(plan, store)
    assert content(store) == before
    monkeypatch.setattr(bulk_write, "chunks", original)

    commit(plan, store)
    events = store.events()
    assert sorted(events["event_id"]) == [f"UKR{9000 + i}" for i in (1, 3, 4, 6, 7, 8)]
    required = ["event_id", "date_start", "date_end", "event_type", "actor1", "fatalities"]
    assert events[required].notna().all().all()


# (case, row changes, inside the mapped oblasts)
REGION_ROWS = [
    ("a point in Sumy oblast", {}, True),
    ("a point in Donetsk oblast",
     {"admin1": "Donetsk", "location": "Donetsk", "latitude": "48.0159",
      "longitude": "37.8028"}, False),
    ("no coordinates, admin1 Sumy",
     {"latitude": "", "longitude": "", "geo_precision": "3", "location": "Sumy"}, True),
    ("no coordinates, admin1 Kherson",
     {"admin1": "Kherson", "latitude": "", "longitude": "", "geo_precision": "3",
      "location": "Kherson"}, False),
    ("a point in Kursk oblast, in Russia",
     {"country": "Russia", "admin1": "Kursk", "location": "Sudzha", "latitude": "51.1914",
      "longitude": "35.2706"}, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "changes", "inside"), REGION_ROWS, ids=[c[0] for c in REGION_ROWS]
)
@pytest.mark.parametrize("only_region", [False, True])
def test_only_region_keeps_the_rows_inside_the_mapped_oblasts(
    store, case, changes, inside, only_region
):
    plan = plan_import(
        acled_file([acled_row(1, **changes)]), "a.csv", store, only_region=only_region
    )
    assert plan.ok, plan.problems
    assert plan.row_count == (1 if inside or not only_region else 0)
    assert len(plan.outside) == (0 if inside else 1)
    assert plan.outside.left_out == only_region


def test_a_country_wide_export_is_reported_once_per_area_not_per_row(store):
    places = {
        "Donetsk": ("48.0159", "37.8028"),
        "Zaporizhia": ("47.8388", "35.1396"),
        "Kyiv City": ("50.4501", "30.5234"),
    }
    rows, i = [], 0
    for admin1, n in (("Donetsk", 6), ("Zaporizhia", 3), ("Kyiv City", 1)):
        for _ in range(n):
            i += 1
            lat, lon = places[admin1]
            rows.append(acled_row(i, admin1=admin1, location=admin1, latitude=lat, longitude=lon))
    rows += [acled_row(i) for i in range(i + 1, i + 3)]  # two in Sumy oblast
    plan = plan_import(acled_file(rows), "ukraine.csv", store)
    assert plan.row_count == 12  # kept
    assert plan.outside.counts == [
        ("Donetsk (Ukraine)", 6), ("Zaporizhia (Ukraine)", 3), ("Kyiv City (Ukraine)", 1)
    ]  # fmt: skip
    assert not [flag for flag in plan.flags if "outside the mapped region" in flag.reason]


# (case, defect in row 2 of three native rows, its line, column)
NATIVE_DEFECTS = [
    ("no date", {"date_start": ""}, "no date"),
    ("a negative toll", {"fatalities": "-3"}, "unreadable cell"),
    ("an id repeated in the file", {"event_id": "T-00101"}, "repeated id"),
    ("an id already stored, other values", {"event_id": "T-00001"}, None),
]


@pytest.mark.parametrize(
    ("case", "changes", "kind"), NATIVE_DEFECTS, ids=[c[0] for c in NATIVE_DEFECTS]
)
def test_a_native_file_is_all_or_nothing_unless_partial(store, case, changes, kind):
    commit(plan_import(native_file(event_frame(1)), "earlier.csv", store), store)
    records = [raw_event(101), raw_event(102, **changes), raw_event(103)]
    whole = plan_import(csv_bytes(records), "ours.csv", store)
    assert [p.line for p in whole.problems] == [3] and whole.set_aside == []

    partial = plan_import(csv_bytes(records), "ours.csv", store, partial=True)
    assert partial.ok and partial.row_count == 2
    if kind is None:
        assert [row.line for row in partial.changed_by_source] == [3]
    else:
        assert [(row.line, row.kind) for row in partial.set_aside] == [(3, kind)]
    commit(partial, store)
    assert store.count() == 3


def test_a_ragged_native_row_rejects_the_file_unless_partial(store):
    data = native_file(event_frame(2)) + b"T-00003,2025-02-03,extra,cells\r\n"
    assert [p.line for p in plan_import(data, "ours.csv", store).problems] == [4]
    plan = plan_import(data, "ours.csv", store, partial=True)
    assert [(r.line, r.kind) for r in plan.set_aside] == [(4, "ragged row")]
    assert plan.row_count == 2


def test_set_aside_problems_name_the_file_s_own_columns(store):
    rows = five_acled_rows(event_date="", fatalities="x")
    plan = plan_import(acled_file(rows), "acled.csv", store)
    assert {(p.line, p.column) for p in set_aside_problems(plan)} == {
        (4, "event_date"),
        (4, "fatalities"),
    }
