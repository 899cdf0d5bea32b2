"""Upload through the browser: upload, preview, commit, undo — and a bad file rejected whole."""

from __future__ import annotations

import pytest
from builders import csv_bytes, event_frame, native_file, raw_event
from conftest import ROOT

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
