"""The "Code a report" page in Chromium: paste a report, review its drafts, edit a cell,
commit, and see the events on the map."""

from __future__ import annotations

import pytest
from conftest import ROOT
from test_upload_browser import settle

from events.store import Store

pytestmark = pytest.mark.browser

REPORT = (
    "On Monday a Ukrainian drone struck a fuel truck in Rylsk; the driver was killed. "
    "Russian forces retook Sverdlikovo on Tuesday, the ministry said. "
    "Shelling hit Lyubimovka in Kursk region on Sunday, and nobody was hurt."
)


def test_paste_review_edit_commit_and_map(browser, served, tmp_path, screenshots):
    url = f"sqlite:///{tmp_path / 'coding.sqlite'}"
    store = Store(url)
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(app.url + "/code_report")
    page.get_by_text("Code a report").first.wait_for(timeout=60_000)

    page.get_by_label("Report text").fill(REPORT)
    for part, value in (("year", "2025"), ("month", "02"), ("day", "12")):
        page.get_by_role("spinbutton", name=f"{part}, Published on").click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    page.get_by_label("Source").fill("Test wire")
    settle(page)
    page.get_by_role("button", name="Draft events").click()
    page.get_by_text("3 draft(s) to review").wait_for(timeout=120_000)
    settle(page)

    # edit a cell: the first draft's fatalities, 1 → 2 (keyboard over the grid)
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 60)  # a cell of the first rows
    page.keyboard.press("ArrowUp")  # the first row, whichever was clicked
    for _ in range(7):  # status, evidence, location, types, dates, then fatalities
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # open the cell's editor
    editor = page.locator("input.gdg-input")
    editor.wait_for(timeout=30_000)
    assert editor.input_value() == "1"  # the driver killed in Rylsk: the right cell
    editor.fill("2")
    editor.press("Enter")
    editor.wait_for(state="detached", timeout=30_000)
    settle(page)
    page.keyboard.press("ArrowUp")  # back to the edited cell, for the screenshot
    settle(page)
    page.screenshot(path=screenshots / "code-report-review.png", full_page=True)

    page.get_by_role("button", name="Commit 3 events").click()
    page.get_by_text("Committed batch").wait_for(timeout=60_000)
    events = store.events().set_index("location")
    assert set(events.index) == {"Rylsk", "Sverdlikovo", "Lyubimovka"}
    assert events.loc["Rylsk", "fatalities"] == 2  # the edit
    assert events.loc["Sverdlikovo", "sub_event_type"] == "Government regains territory"
    assert events.loc["Rylsk", "coded_by"] == "analyst (reviewed a draft by sitmap code)"
    extras = store.extras(events["event_id"])
    assert all("evidence" in extra and "draft" not in extra for extra in extras.values())
    assert events.loc["Lyubimovka", "geo_precision"] == 3  # left open: no pin
    [batch] = store.batches()
    assert batch.row_count == 3

    page.goto(app.url)
    page.get_by_text("Showing 3 of 3 events").wait_for(timeout=60_000)
    # the map component has drawn the new events (its redraw counter and its own count)
    page.wait_for_function(
        "() => window.sitmapMap && window.sitmapMap.frames > 0 && window.sitmapMap.total === 3",
        timeout=60_000,
    )
    settle(page)
    page.wait_for_timeout(2500)  # let deck.gl draw
    page.screenshot(path=screenshots / "code-report-map.png")
    page.close()
