"""The overlay bench at a tiny size: it adds its series once (a shape check, never a
timing; its figures are Chromium's, measured by ``make bench``)."""

from __future__ import annotations

import pytest
from test_bench_smoke import bench_store  # noqa: F401

from bench.measures.overlay import SERIES, ensure_layers, measure_overlay
from events.overlay_store import OverlayStore
from events.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")


def test_the_overlay_bench_adds_its_series_once_and_reports(bench_store):  # noqa: F811
    url, events, _ = bench_store
    layers = ensure_layers(url, events)
    assert layers >= 2 and ensure_layers(url, events) == layers
    assert len(OverlayStore(Store(url).engine).layers(SERIES)) == layers
    # without a browser it adds the series and measures nothing (no AppTest stand-in)
    assert measure_overlay(events, url, len(events), skip_browser=True) == []
    assert len(OverlayStore(Store(url).engine).layers(SERIES)) == layers
