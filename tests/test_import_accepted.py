"""Odd but good files import exactly: Excel's cp1251 semicolon CSV, UTF-16 text, BOMs,
line endings, trailing delimiters, formula and HTML text kept verbatim; probable
duplicates are listed, not merged; re-importing a file adds nothing."""

from __future__ import annotations

import csv
import io

import pytest
from builders import csv_bytes, event_frame, native_file, raw_event
from conftest import content
from exports import acled_file, acled_row

from events.duplicates.rule import ProbableDuplicate
from sitmap.importer import commit, plan_import

CYRILLIC = {"admin1": "Курская область", "location": "Суджа", "notes": "Обстрел окраины"}


def excel_csv(records: list[dict[str, str]], encoding: str = "cp1251", sep: str = ";") -> bytes:
    """Records as Excel in a Russian locale saves "CSV": cp1251, ``;``, decimal commas."""
    out = io.StringIO()
    writer = csv.DictWriter(out, list(records[0]), delimiter=sep, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {
                k: v.replace(".", ",") if k in ("latitude", "longitude") else v
                for k, v in record.items()
            }
        )
    return out.getvalue().encode(encoding)


def imported(store, data: bytes, name: str = "file.csv"):
    plan = plan_import(data, name, store)
    assert plan.ok, plan.problems
    commit(plan, store)
    return plan, store.events().set_index("event_id")


@pytest.mark.parametrize(
    ("encoding", "name"), [("cp1251", "cp1251 (Windows Cyrillic)"), ("koi8_r", "KOI8-R")]
)
def test_excel_cyrillic_semicolon_csv_imports_with_decimal_commas(store, encoding, name):
    records = [raw_event(i, latitude="51.19", longitude="35.27", **CYRILLIC) for i in (1, 2, 3)]
    data = excel_csv(records, encoding)
    assert b"51,19" in data
    plan, events = imported(store, data)
    assert (plan.file_format, plan.encoding, plan.delimiter) == ("native", name, ";")
    assert plan.dialect == "semicolon-separated, decimal comma or point"
    assert any(name in note for note in plan.notes)
    assert any("51,19 as 51.19" in note for note in plan.notes)
    assert len(events) == 3
    first = events.loc["T-00001"]
    assert (first.latitude, first.longitude) == (51.19, 35.27)
    assert (first.admin1, first.location, first.notes) == tuple(CYRILLIC.values())


def test_an_acled_export_resaved_by_russian_excel_imports(store):
    rows = [acled_row(i, admin1="Сумська", event_date=f"0{i}.02.2025") for i in (1, 2)]
    plan, events = imported(store, excel_csv(rows))
    assert plan.file_format == "acled" and plan.encoding.startswith("cp1251")
    assert list(events["latitude"]) == [51.0561, 51.0561]
    assert str(events.loc["UKR9002", "date_start"].date()) == "2025-02-02"


def test_excel_unicode_text_utf16_tab_imports(store):
    records = [raw_event(i, latitude="51.19", **CYRILLIC) for i in (1, 2)]
    data = b"\xff\xfe" + excel_csv(records, "utf-16-le", sep="\t")
    plan, events = imported(store, data)
    assert (plan.encoding, plan.delimiter) == ("UTF-16 LE", "\t")
    assert events.loc["T-00002", "latitude"] == 51.19


@pytest.mark.parametrize(
    ("case", "transform"),
    [
        ("23 UTF-8 BOM", lambda d: b"\xef\xbb\xbf" + d),
        ("32 CRLF", lambda d: d.replace(b"\n", b"\r\n")),
        ("32 mixed line ends", lambda d: d.replace(b"\n", b"\r\n", 2)),
        ("33 trailing blank lines", lambda d: d + b"\n\n\n"),
        ("33 trailing delimiter", lambda d: d.replace(b"\n", b",\n")),
        ("39 header case and spaces", lambda d: d.replace(b"latitude", b" Latitude ", 1)),
    ],
)
def test_harmless_variations_import_the_same_events(store, case, transform):
    data = csv_bytes([raw_event(i) for i in (1, 2, 3)])
    _, events = imported(store, transform(data))
    assert list(events.index) == ["T-00001", "T-00002", "T-00003"]
    assert events.loc["T-00002", "latitude"] == 50.7736


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("notes", '=HYPERLINK("http://evil","x")'),
        ("actor2", "@SUM(A1)"),
        ("tags", "+cmd;-2+3"),
        ("notes", '<img src=x onerror="alert(1)"> <script>x</script> ![](http://tracker)'),
        ("notes", "line one\nline two\r\nline three"),
        ("actor2", "NA"),
        ("assoc_actor_1", "None"),
        ("tags", "null;-"),
        ("actor1", "Ukraine\u202e forces\u200b"),
        ("source_url", "https://example.org/?q=<b>"),
        ("latitude", "  50.7736 "),
    ],
)
def test_odd_text_is_stored_verbatim(store, column, value):
    _, events = imported(store, csv_bytes([raw_event(1, **{column: value})]))
    stored = events.loc["T-00001", column]
    assert stored == (float(value) if column == "latitude" else value)


def test_a_hostile_file_name_is_kept_only_as_a_name(store):
    plan = plan_import(csv_bytes([raw_event(1)]), "../../<script>\u202e" + "x" * 300, store)
    batch = commit(plan, store)
    assert "/" not in batch.file_name and batch.file_name.endswith("x" * 300)


def test_importing_the_same_file_again_adds_nothing(store):
    data = native_file(event_frame(3))
    commit(plan_import(data, "a.csv", store), store)
    before = content(store)
    again = plan_import(data, "renamed.csv", store)
    assert again.ok and again.already_imported is not None and again.row_count == 0
    assert commit(again, store) is None
    assert content(store) == before


def test_probable_duplicates_from_another_source_are_listed_not_merged(store):
    commit(plan_import(csv_bytes([raw_event(i) for i in (1, 2, 3)]), "ours.csv", store), store)
    rows = [
        # same day, type and place as T-00001 (Krasnopillia, 2025-02-01)
        acled_row(1, event_date="2025-02-01", latitude="50.7736", longitude="35.2669",
                  location="Krasnopillia", admin1="Sumy Oblast"),
        # same day and type, 1.5 km away, another spelling: T-00002
        acled_row(2, event_date="2025-02-02", latitude="50.7871", longitude="35.2669",
                  location="Krasnopilla"),
        # same day and place, other type: not a duplicate
        acled_row(3, event_date="2025-02-03", latitude="50.7736", longitude="35.2669",
                  event_type="Battles", sub_event_type="Armed clash"),
        # same type and place, another day: not a duplicate
        acled_row(4, event_date="2025-02-05", latitude="50.7736", longitude="35.2669"),
        # same day, type and name; 40 km away: not a duplicate
        acled_row(5, event_date="2025-02-01", latitude="51.1336", longitude="35.2669",
                  location="Krasnopillia"),
    ]  # fmt: skip
    plan = plan_import(acled_file(rows), "acled.csv", store)
    assert plan.ok, plan.problems
    assert plan.probable_duplicates == [
        ProbableDuplicate(2, "UKR9001", "T-00001"),
        ProbableDuplicate(3, "UKR9002", "T-00002"),
    ]
    commit(plan, store)
    assert store.count() == 8  # listed, not merged, not blocking


def test_probable_duplicates_without_coordinates_match_by_place_name(store):
    first = raw_event(1, latitude="", longitude="", geo_precision="3", location="Sudzha")
    commit(plan_import(csv_bytes([first]), "ours.csv", store), store)
    other = raw_event(9, date_start="2025-02-01", date_end="2025-02-01", location=" SUDZHA")
    plan = plan_import(csv_bytes([other]), "theirs.csv", store)
    assert plan.probable_duplicates == [(2, "T-00009", "T-00001", 0)]
