"""Upload through the browser: upload, preview, commit, undo — a bad native file
rejected whole, an ACLED export imported row by row with its report, and the files Excel
re-saved (an ACLED export, a UCDP file with region- and country-level rows)."""

from __future__ import annotations

import csv
import io

import pytest
from acled_classes import excel_resaved_acled
from builders import csv_bytes, event_frame, native_file, raw_event
from conftest import ROOT
from exports import acled_file, acled_row, ucdp_file, ucdp_row
from ucdp_classes import ucdp_candidate_after_excel

from events.store import Store

pytestmark = pytest.mark.browser


def settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    page.wait_for_timeout(500)


def test_upload_preview_commit_and_undo(browser, served, tmp_path, artifacts):
    url = f"sqlite:///{tmp_path / 'upload.sqlite'}"
    store = Store(url)
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    good = tmp_path / "new events.csv"
    good.write_bytes(native_file(event_frame(5)))
    again = tmp_path / "same events, other ids.csv"
    again.write_bytes(native_file(event_frame(5).assign(event_id=lambda f: "B-" + f["event_id"])))
    records = [raw_event(i) for i in range(20, 24)]
    records[1]["fatalities"] = "-2"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(records))

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app.url + "/import_events")
    page.get_by_text("Import events").first.wait_for(timeout=30_000)

    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("Rejected: 1 problem(s)").wait_for(timeout=30_000)
    assert store.count() == 0

    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_text("Preview").first.wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "upload-preview.png")
    page.get_by_role("button", name="Commit 5 events").click()
    page.get_by_text("Committed batch").wait_for(timeout=30_000)
    assert store.count() == 5
    [batch] = store.batches()
    assert batch.file_name == "new events.csv" and batch.row_count == 5

    # the page checks the next file against the store as it now is
    page.locator("input[type=file]").set_input_files(str(again))
    page.get_by_text("5 row(s) look like events already in the store").wait_for(timeout=30_000)

    page.get_by_role("button", name="Undo batch").click()
    page.get_by_text("5 event(s) removed").wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "upload-undone.png")
    assert store.count() == 0 and store.batches() == []
    page.close()


def test_an_acled_export_is_imported_row_by_row_with_its_report(
    browser, served, tmp_path, screenshots
):
    url = f"sqlite:///{tmp_path / 'partial.sqlite'}"
    store = Store(url)
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    rows = [acled_row(i) for i in range(1, 13)]
    rows[2]["event_date"] = ""
    rows[5]["event_id_cnty"] = "UKR9001"
    rows[7].update(latitude="", longitude="", location="", admin1="", admin2="")
    rows[9].update(admin1="Donetsk", location="Donetsk", latitude="48.0159", longitude="37.8028")
    export = tmp_path / "acled 2023 export.csv"
    export.write_bytes(acled_file(rows) + b"UKR9999,2025-02-01,1\r\n")  # a ragged last row

    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(app.url + "/import_events")
    page.get_by_text("Import events").first.wait_for(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(export))
    page.get_by_text("9 will be imported, 4 set aside").wait_for(timeout=30_000)
    settle(page)
    page.screenshot(path=screenshots / "import-set-aside.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the full report (CSV)").click()
    report = tmp_path / "report.csv"
    download.value.save_as(report)
    entries = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    aside = {(row["line"], row["kind"]) for row in entries if row["section"] == "set aside"}
    assert {line for line, _ in aside} == {"4", "7", "9", "14"}
    assert ("14", "ragged row") in aside and ("4", "no date") in aside
    assert [row["value"] for row in entries if row["section"] == "outside the mapped region"] == [
        "Donetsk (Ukraine)"
    ]

    page.get_by_role("button", name="Commit 9 events").click()
    page.get_by_text("9 imported, 4 set aside").wait_for(timeout=30_000)
    assert store.count() == 9
    [first] = store.batches()

    # the next week's download: one event revised by the source, replaced on request
    revised = [acled_row(1, fatalities="9"), *(acled_row(i) for i in (2, 4, 5))]
    week2 = tmp_path / "acled week 2.csv"
    week2.write_bytes(acled_file(revised))
    page.locator("input[type=file]").set_input_files(str(week2))
    page.get_by_text("3 already stored, 1 changed by the source").wait_for(timeout=30_000)
    page.get_by_text("Replace the 1 stored event(s) the source changed").click()
    settle(page)
    page.get_by_role("button", name="Commit 1 events").click()
    page.get_by_text("1 imported, 0 set aside").wait_for(timeout=30_000)
    assert store.events().set_index("event_id").loc["UKR9001", "fatalities"] == 9

    [replacing] = set(store.events()["batch_id"]) - {first.batch_id}
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Batch to undo").click()
    page.get_by_role("option", name=replacing).click()
    [replacing] = set(store.events()["batch_id"]) - {first.batch_id}
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Batch to undo").click()
    page.get_by_role("option", name=replacing).click()
    page.get_by_role("button", name="Undo batch").click()
    page.get_by_text("1 earlier version(s) put back").wait_for(timeout=30_000)
    assert store.events().set_index("event_id").loc["UKR9001", "fatalities"] == 1
    assert store.count() == 9
    page.close()


def test_an_excel_resaved_acled_file_and_a_vague_ucdp_file_are_previewed_and_imported(
    browser, served, tmp_path, screenshots
):
    """The preview names the encoding and the date patterns Excel left, and says how
    many rows will be imported and set aside; UCDP's where_prec 5–7 rows are among
    them; once committed, the situation map's table and counts hold every row."""
    url = f"sqlite:///{tmp_path / 'classes.sqlite'}"
    store = Store(url)
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    acled, ucdp = excel_resaved_acled(), ucdp_candidate_after_excel()
    page = browser.new_page(viewport={"width": 2000, "height": 1500})
    page.goto(app.url + "/import_events")
    page.get_by_text("Import events").first.wait_for(timeout=30_000)

    previews = [
        (acled, "import-acled-excel.png", 0, ["event_date read as d-Mon-yy (6-Aug-24)"]),
        (
            ucdp,
            "import-ucdp-vague.png",
            21 * 35,  # rows 22 to 31: where_prec 5 and 6, no position
            [
                "date_start and date_end read as dd/mm/yyyy hh:mm (06/08/2024 00:00; "
                "some first fields are above 12), m/d/yyyy h:mm:ss AM",
                "the source's own figures disagree (best 20 > high 12)",
            ],
        ),
    ]
    for export, screenshot, scroll, notes in previews:
        path = tmp_path / export.name
        path.write_bytes(export.data)
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_text("40 will be imported, 0 set aside").wait_for(timeout=30_000)
        settle(page)
        assert page.get_by_text("decoded as cp1252 (Windows Western)", exact=False).is_visible()
        for note in notes:
            assert page.get_by_text(note, exact=False).first.is_visible(), note
        preview = page.get_by_test_id("stDataFrame").filter(has_text="geo_precision")
        preview.hover()
        page.mouse.wheel(0, scroll)  # the grid scrolls to the rows the screenshot is about
        page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
        settle(page)
        page.screenshot(path=screenshots / screenshot, full_page=True)
        page.get_by_role("button", name="Commit 40 events").click()
        page.get_by_text("40 imported, 0 set aside").wait_for(timeout=30_000)
        settle(page)

    assert store.count() == 80
    vague = store.events().set_index("event_id").loc[["UCDP-540022", "UCDP-540031"]]
    assert vague["geo_precision"].tolist() == [4, 4] and vague["latitude"].isna().all()

    page.goto(app.url)
    page.get_by_text("Showing 80 of 80 events", exact=False).wait_for(timeout=30_000)
    page.get_by_text("3 event(s) in view are known only to a region or country").wait_for()
    settle(page)
    table = page.get_by_test_id("stDataFrame").locator("table[role=grid]")
    assert table.get_attribute("aria-rowcount") == str(1 + 80)  # the header and every event
    page.close()


def test_the_date_order_chosen_on_the_page_rereads_the_dates(browser, served, tmp_path):
    """A pattern the file cannot settle (01/03/2022) is read day first, as the preview
    says; choosing "month first" on the page reads it again, as --date-order mdy does."""
    url = f"sqlite:///{tmp_path / 'order.sqlite'}"
    store = Store(url)
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    path = tmp_path / "ged_candidate.csv"
    row = ucdp_row(1, date_prec="1", date_start="01/03/2022 00:00", date_end="01/03/2022 00:00")
    path.write_bytes(ucdp_file([row], encoding="cp1252", line_end="\r\n"))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app.url + "/import_events")
    page.get_by_text("Import events").first.wait_for(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("nothing in the file shows", exact=False).first.wait_for(timeout=30_000)

    page.get_by_test_id("stSelectbox").filter(has_text="Slashed dates").click()
    page.get_by_role("option", name="month first (mdy)").click()
    page.get_by_text("(01/03/2022 00:00; --date-order mdy)", exact=False).wait_for(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Commit 1 events").click()
    page.get_by_text("1 imported, 0 set aside").wait_for(timeout=30_000)
    [day] = store.events()["date_start"].tolist()
    assert f"{day:%Y-%m-%d}" == "2022-01-03"  # January 3rd: month first
    page.close()
