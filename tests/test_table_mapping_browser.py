"""The Import page's column mapping, end to end in Chromium: a CIR-style table is mapped
through dropdowns guessed from its header names, committed, and the next file with the
same headers is offered the mapping the store kept."""

from __future__ import annotations

import pytest
from conftest import ROOT
from export_base import RUSSIA, SHELLING
from table_classes import cir_table

from events.column_mappings import recall
from events.store import Store

pytestmark = pytest.mark.browser


def settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    page.wait_for_timeout(500)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the dropdown labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def test_a_table_is_mapped_with_guessed_dropdowns_and_the_mapping_is_remembered(
    browser, served, tmp_path, screenshots
):
    url = f"sqlite:///{tmp_path / 'table.sqlite'}"
    store = Store(url)
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    export = cir_table()
    first = tmp_path / export.name
    first.write_bytes(export.data)
    second = tmp_path / "eyes_on_russia (next week).csv"
    second.write_bytes(export.data.replace(b"CIR-12", b"CIR-13"))  # other entries

    page = browser.new_page(viewport={"width": 1600, "height": 1400})
    page.goto(app.url + "/import_events")
    page.get_by_text("Import events").first.wait_for(timeout=30_000)
    choose(page, "Format", "table")
    page.locator("input[type=file]").set_input_files(str(first))
    page.get_by_text("Guessed from the column names").wait_for(timeout=30_000)
    page.get_by_text("Rejected: 1 problem(s)").wait_for(timeout=30_000)  # no event type yet

    choose(page, "event type (every row)", "Explosions/Remote violence")
    choose(page, "sub-event type (every row)", SHELLING)
    page.get_by_label("actor1 (every row)").fill(RUSSIA)
    page.get_by_label("actor1 (every row)").press("Enter")
    settle(page)
    page.get_by_label("source (every row)").fill("CIR Eyes on Russia")
    page.get_by_label("source (every row)").press("Enter")
    page.get_by_text("40 will be imported, 0 set aside").wait_for(timeout=30_000)
    settle(page)
    page.screenshot(path=screenshots / "import-table-mapping.png", full_page=True)
    page.get_by_role("button", name="Commit 40 events").click()
    page.get_by_text("40 imported, 0 set aside").wait_for(timeout=30_000)

    events = store.events().set_index("event_id")
    assert len(events) == 40
    assert {
        name: events.loc["CIR-1201", name]
        for name in ("event_type", "sub_event_type", "actor1", "location", "source")
    } == {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": SHELLING,
        "actor1": RUSSIA,
        "location": "Krasnopillia",
        "source": "CIR Eyes on Russia",
    }
    assert str(events.loc["CIR-1201", "date_start"].date()) == "2024-08-07"
    assert (events.loc["CIR-1201", "geo_precision"], events.loc["CIR-1201", "time_precision"]) == (
        1,
        1,
    )
    kept = recall(store, [name.upper() for name in export.data.decode().splitlines()[0].split(",")])
    assert kept is not None and kept.values["source"] == "CIR Eyes on Russia"

    page.locator("input[type=file]").set_input_files(str(second))
    page.get_by_text("The mapping last used for these columns.").wait_for(timeout=30_000)
    page.get_by_text("40 will be imported, 0 set aside").wait_for(timeout=30_000)
    page.get_by_role("button", name="Commit 40 events").click()
    page.get_by_text("40 imported, 0 set aside").wait_for(timeout=30_000)
    assert store.count() == 80
    assert store.events().set_index("event_id").loc["CIR-1301", "actor1"] == RUSSIA
    page.close()
