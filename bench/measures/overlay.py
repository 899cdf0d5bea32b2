"""The map with a control layer in force: first paint and a window change, in Chromium.

The bench store gets a synthetic series, "Bench overlay" (:data:`SERIES`), once: a
layer every two weeks across the events' span, each a salient of
:data:`SALIENT_VERTICES` vertices that shrinks from layer to layer, a grey-zone band
along it, and a Russian-held area reaching far outside the map (clipped before it
travels), as a DeepStateMap day has.  Other figures are unaffected: the overlay is
drawn only when a view names its series.

The app's page is opened with the series in its URL (``?overlay=...``, a window whose end
has a layer in force) and measured as :mod:`bench.measures.map_browser` measures it:
first paint, a window change by button end to end (the quick windows cross layer
changes), frames per second while scrubbing.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import numpy as np
import pandas as pd
import shapely

from bench.measures.figures import Figure
from bench.measures.map_browser import measure_app
from events.overlay_store import OverlayStore
from events.overlays import OverlayFeature
from events.store import Store

SERIES = "Bench overlay"
SALIENT_VERTICES = 2_000
"""About what DeepStateMap's Kursk salient polygon holds."""
STEP_DAYS = 14
CENTRE = (35.27, 51.30)  # Sudzha's north, lon/lat


def _salient(scale: float, vertices: int = SALIENT_VERTICES) -> shapely.Polygon:
    """A wobbly ring around the centre, ``scale`` degrees across."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    radius = scale * (1 + 0.08 * np.sin(7 * angles) + 0.03 * np.sin(53 * angles))
    x = CENTRE[0] + radius * np.cos(angles) / np.cos(np.radians(CENTRE[1]))
    y = CENTRE[1] + radius * np.sin(angles) * 0.8
    return shapely.make_valid(shapely.Polygon(np.column_stack([x, y])))


def ensure_layers(url: str, events: pd.DataFrame) -> int:
    """Add the bench series to the store unless it is there; how many layers it has."""
    store = OverlayStore(Store(url).engine)
    have = store.layers(SERIES)
    if have:
        return len(have)
    first = events["date_start"].min().date()
    last = events["date_end"].max().date()
    days = []
    day = first
    while day <= last:
        days.append(day)
        day += timedelta(days=STEP_DAYS)
    for i, day in enumerate(days):
        scale = 0.45 * (1 - 0.8 * i / max(len(days), 1))
        held = _salient(scale)
        grey = shapely.difference(_salient(scale * 1.08), held)
        russian = shapely.difference(shapely.box(30.0, 44.0, 40.5, 53.0), _salient(scale * 1.08))
        features = [
            OverlayFeature("ukrainian_held", "Liberated", "#0f9d58", held),
            OverlayFeature("grey_zone", "Grey zone", "#bdbdbd", grey),
            OverlayFeature("russian_held", "Occupied", "#a52714", russian),
        ]
        store.add_layer(
            features, series=SERIES, day=day, source="bench (synthetic)",
            file_name=f"bench-{day}.geojson", data_hash=f"bench-{day}", file_format="geojson",
        )  # fmt: skip
    return len(days)


def measure_overlay(
    events: pd.DataFrame, url: str, n: int, *, skip_browser: bool = False
) -> list[Figure]:
    """First paint, window change and scrubbing with a control layer in force."""
    layers = ensure_layers(url, events)
    if skip_browser:
        return []
    first = events["date_start"].min().date()
    end = first + timedelta(days=STEP_DAYS + 3)
    query = f"?overlay={quote(SERIES)}&start={end - timedelta(days=30)}&end={end}"
    app = measure_app(url, n, query=query, floor=False)["app"]
    note = f"{layers} layers of {SALIENT_VERTICES:,}-vertex salients"
    note = "; ".join(filter(None, [note, app.get("error", "")]))
    figures = [
        Figure("browser: first paint with a control layer (warm, median)", n,
               app.get("warm_s"), "s", target=4.0, notes=note),
        Figure("browser: first paint with a control layer as the page times it", n,
               app.get("shown_s"), "s", notes=note),
        Figure("browser: window change by button with a control layer", n,
               app.get("change_s"), "s", target=0.5, notes=note),
        Figure("browser: fps while scrubbing with a control layer", n,
               (app.get("scrub") or {}).get("fps"), "fps", target=10, higher_is_better=True,
               notes=note),
    ]  # fmt: skip
    for figure in figures:
        figure.details = {"app": app}
    return figures
