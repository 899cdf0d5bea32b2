"""The briefing draws the control layer in force at the window's end, named with its
series, date and source in the legend and the attribution; or says none is in force."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from overlay_fixtures import deepstate_kml
from PIL import Image
from test_briefing import pdf_text

from events.overlay_store import OverlayStore
from events.store import Store
from events.view import View
from sitmap.briefing import describe_filters, render_briefing
from sitmap.cli import main
from sitmap.overlay_analysis import briefing_overlay
from sitmap.overlay_import import commit_overlay, read_overlay
from sitmap.seed import seed_store

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")
WINDOW = View(start=date(2024, 8, 6), end=date(2024, 9, 1))


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'b.sqlite'}"
    store = Store(url)
    seed_store(store)
    plan = read_overlay(deepstate_kml(), "1724184993_20240820T2016Z.kml")
    commit_overlay(plan, OverlayStore(store.engine), series="DeepState")
    return url


def _held_green(png: bytes) -> int:
    """Pixels of the Ukrainian-held fill (#0f9d58 at 35 % over the pale oblast)."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return int(((g - r > 40) & (g - b > 15) & (r < 200)).sum())


def test_the_layer_in_force_is_drawn_and_named(db):
    store = Store(db)
    overlays = OverlayStore(store.engine)
    events = store.events()
    overlay = briefing_overlay(overlays, "DeepState", WINDOW.end)
    assert overlay.day == date(2024, 8, 20) and overlay.source == "DeepStateMap"
    plain_view = View(start=WINDOW.start, end=WINDOW.end, event_types=("Battles",))
    without = render_briefing(events, plain_view)
    with_layer = render_briefing(events, plain_view, overlay=overlay)
    assert _held_green(with_layer) > _held_green(without) + 500
    text = pdf_text(render_briefing(events, plain_view, file_format="pdf", overlay=overlay))
    assert "Control: DeepState, 20 Aug 2024 (source: DeepStateMap)" in text
    assert "Ukrainian-held" in text and "grey zone" in text and "front line" in text


def test_a_window_past_the_series_days_says_no_layer(db):
    store = Store(db)
    overlay = briefing_overlay(OverlayStore(store.engine), "DeepState", date(2024, 12, 1))
    assert overlay.day is None and overlay.features == ()
    text = pdf_text(render_briefing(store.events(), WINDOW, file_format="pdf", overlay=overlay))
    assert "DeepState: no layer within 30 days" in text


def test_sitmap_brief_takes_an_overlay(db, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    code = main(
        ["--db", db, "brief", "--from", "2024-08-06", "--to", "2024-09-01",
         "--overlay", "DeepState", "-o", str(out)]
    )  # fmt: skip
    assert code == 0
    assert "Control: DeepState, 20 Aug 2024" in pdf_text(out.read_bytes())


def test_the_front_line_filter_is_named_in_the_header():
    view = View(overlay="ISW Kursk", front_km=10.0)
    assert "within 10 km of the ISW Kursk front line" in describe_filters(view)
    assert "front line" not in describe_filters(View(overlay="ISW Kursk"))
