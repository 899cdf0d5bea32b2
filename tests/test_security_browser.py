"""Hostile text cannot run in a viewer's browser.

Events whose notes, actors, places, districts, sources and tags hold ``<img onerror>``,
``<script>``, ``<svg onload>``, markdown images (web beacons to 127.0.0.2) and links,
and one whose ``source_url`` is ``javascript:`` (the importer refuses that, so it is
written with raw SQL), are served by the real app to headless Chromium.  The test
hovers the map over them, selects one through the URL, opens the detail, the table,
the filter lists and the briefing, and asserts that no payload ran
(``window.__pwned`` stays undefined), no ``javascript:`` link exists, and no request
left localhost.  A screenshot is left in test-artifacts/security-hostile.png.
"""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest
import sqlalchemy as sa
from builders import raw_event
from conftest import ROOT

from events.store import Store
from events.validation import validate
from geo.basemap import view_state

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
RUN = "window.__pwned=1"
IMG = f'<img src=x onerror="{RUN}">'
SCRIPT = f"<script>{RUN}</script>"
SVG = f'<svg onload="{RUN}"></svg>'
BEACON = "![x](http://127.0.0.2:9/beacon)"
JS_LINK = f"[click me](javascript:{RUN})"
HOSTILE_ID = "XSS-1"


@pytest.fixture
def hostile_url(tmp_path, served) -> str:
    url = f"sqlite:///{tmp_path / 'hostile.sqlite'}"
    store = Store(url)
    centre = view_state()  # the dots sit where the map opens: in the middle of the canvas
    where = {"latitude": f"{centre.latitude:.4f}", "longitude": f"{centre.longitude:.4f}"}
    hostile = {
        "actor1": f"{SCRIPT}Hostile actor {IMG}",
        "assoc_actor_1": f"{SVG}{BEACON}",
        "actor2": f"{JS_LINK} {IMG}",
        "location": f"{IMG}Village {SCRIPT}",
        "admin2": f"{IMG} district",
        "source": f"{IMG} wire; {BEACON}; {JS_LINK}",
        "notes": f"{IMG} {SCRIPT} {SVG} {BEACON} {JS_LINK} <b>bold?</b>",
        "tags": f"{BEACON};{IMG}",
        "coded_by": f"{SCRIPT}",
    }
    records = [raw_event(1, event_id=HOSTILE_ID, **hostile, **where)]
    records += [raw_event(i, event_id=f"XSS-{i}", **hostile, **where) for i in (2, 3)]
    records += [raw_event(i, event_id=f"OK-{i}") for i in range(4, 9)]
    store.add_batch(validate(records), file_name=f"{IMG}.csv", data_hash="h")
    with store.engine.begin() as conn:  # past the importer, which only takes http(s)
        conn.execute(
            sa.text("UPDATE events SET source_url = :u WHERE event_id LIKE 'XSS-%'"),
            {"u": f"javascript:{RUN}"},
        )
    store.engine.dispose()
    return served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url}).url


def settle(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=20_000
    )
    page.wait_for_timeout(600)


def pwned(page) -> object:
    return page.evaluate("() => window.__pwned")


def test_hostile_event_text_never_runs_and_nothing_leaves_localhost(
    browser, hostile_url, artifacts
):
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_url}/?selected={quote(HOSTILE_ID)}")
    page.wait_for_selector("[data-testid='sitmap-canvas'] canvas", timeout=30_000)
    settle(page)
    page.wait_for_timeout(2_000)  # let deck.gl draw

    # the detail of the selected hostile event: every payload shown as plain text
    page.get_by_text("Event detail").first.wait_for(timeout=10_000)
    body = page.inner_text("body")
    assert IMG in body and SCRIPT in body and BEACON in body
    assert page.get_by_text("Open source").count() == 0  # no link for javascript:
    assert pwned(page) is None

    # hover the dots in the middle of the map: the tooltip shows the payload as text
    canvas = page.locator("[data-testid='sitmap-canvas'] canvas").first
    box = canvas.bounding_box()
    tooltip_text = ""
    for dx in (0, -4, 4, -8, 8):
        for dy in (0, -4, 4, -8, 8):
            page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
            page.wait_for_timeout(150)
            tooltip_text = page.evaluate(
                "() => { const t = [...document.querySelectorAll('.deck-tooltip')]"
                ".find((t) => t.style.display !== 'none'); return t ? t.innerText : ''; }"
            )
            if "XSS-" in tooltip_text:
                break
        if "XSS-" in tooltip_text:
            break
    assert "XSS-" in tooltip_text, "hovering the map showed no tooltip for the hostile dots"
    assert "<img src=x onerror" in tooltip_text  # text, not an element
    inside = page.evaluate(
        "() => [...document.querySelectorAll('.deck-tooltip *')].map(e => e.tagName)"
    )
    assert set(inside) <= {"BR"}, inside  # innerText turns line breaks into <br>, nothing else
    page.screenshot(path=artifacts / "security-hostile.png")

    # the filter lists hold hostile actors, districts and sources as options
    for label in ("Actor (aliases merged)", "District", "Source"):
        page.get_by_label(label).first.click()
        page.wait_for_timeout(400)
        page.keyboard.press("Escape")
    # the table (a canvas grid): scroll it into view and click the hostile row
    table = page.locator("[data-testid='stDataFrame']").first
    table.scroll_into_view_if_needed()
    table_box = table.bounding_box()
    page.mouse.click(table_box["x"] + 60, table_box["y"] + 55)
    settle(page)
    page.screenshot(path=artifacts / "security-hostile-table.png", full_page=True)

    # briefing mode lists key events with their places and actors
    page.get_by_text("Briefing mode").click()
    settle(page)
    page.get_by_text("Key events").first.wait_for(timeout=10_000)
    page.wait_for_timeout(1_000)
    page.screenshot(path=artifacts / "security-hostile-briefing.png")

    assert pwned(page) is None, "a payload ran in the page"
    assert dialogs == []
    links = page.evaluate(
        "() => [...document.querySelectorAll('a[href], [src], [srcdoc]')]"
        ".map(e => e.getAttribute('href') || e.getAttribute('src') || 'srcdoc')"
    )
    assert not [u for u in links if u.strip().lower().startswith(("javascript:", "srcdoc"))]
    assert not [u for u in links if "127.0.0.2" in u]
    assert page.locator("img[src='x']").count() == 0
    hosts = {urlparse(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= LOCAL_HOSTS, f"the browser asked another host: {sorted(hosts - LOCAL_HOSTS)}"
    page.close()
