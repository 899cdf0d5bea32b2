"""The small chart under the timeline: area by class within an oblast over time.

A Vega-Lite spec (as the timeline's) of one line per class, the classes in their
colours and labels (:data:`events.overlays.CLASSES`), the window shaded.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from events.overlays import CLASSES, colour_hex

HEIGHT_PX = 130


def area_chart_spec(
    areas: pd.DataFrame,
    title: str,
    window: tuple[date, date] | None = None,
    span: tuple[date, date] | None = None,
) -> dict:
    """``areas`` (rows of date, class, km2: :func:`sitmap.overlay_analysis.area_frame`)
    as a line chart titled ``title``, with ``window`` shaded, over the days of ``span``
    (the timeline's, so the two line up; default: the layers' dates)."""
    present = [name for name in CLASSES if name in set(areas["class"])]
    rows = [
        {"date": str(day), "class": CLASSES[name].label, "km2": float(km2)}
        for day, name, km2 in zip(areas["date"], areas["class"], areas["km2"], strict=True)
        if name in CLASSES
    ]
    lines = {
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "interpolate": "step-after"},
        "encoding": {
            "x": {
                "field": "date",
                "type": "temporal",
                "title": None,
                **({"scale": {"domain": [d.isoformat() for d in span]}} if span else {}),
            },
            "y": {"field": "km2", "type": "quantitative", "title": "km²"},
            "color": {
                "field": "class",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [CLASSES[name].label for name in present],
                    "range": [colour_hex(CLASSES[name].colour) for name in present],
                },
            },
            "tooltip": [
                {"field": "date", "type": "temporal"},
                {"field": "class", "type": "nominal"},
                {"field": "km2", "type": "quantitative", "format": ",.0f"},
            ],
        },
    }
    layers = [lines]
    if window is not None:
        layers.insert(
            0,
            {
                "data": {"values": [{"a": window[0].isoformat(), "b": window[1].isoformat()}]},
                "mark": {"type": "rect", "opacity": 0.12, "color": "#1f4e79"},
                "encoding": {
                    "x": {"field": "a", "type": "temporal"},
                    "x2": {"field": "b"},
                },
            },
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "fontSize": 12, "anchor": "start"},
        "height": HEIGHT_PX,
        "layer": layers,
    }
