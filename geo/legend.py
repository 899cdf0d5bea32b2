"""The map's key: each event type's dot and name, as a plain Vega-Lite document.

pydeck draws no legend.  The document is the one Altair would write for the same
chart, built as a dict: Altair's object model and schema checks cost ~19 ms on every
rerun (about a seventh of a slider move), and importing it ~0.35 s on a cold start.
"""

from __future__ import annotations

ROW_PX = 24


def legend_spec(colours: dict[str, str], present: list[str]) -> dict:
    """Dots and names of the event types ``present`` (every type when none is), in the
    order and colours of ``colours``."""
    types = [t for t in colours if t in present] or list(colours)
    y = {"field": "type", "type": "nominal", "axis": None, "sort": None}
    dots = {
        "mark": {"type": "circle", "opacity": 1, "size": 150},
        "encoding": {
            "color": {
                "field": "type",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": list(colours), "range": list(colours.values())},
            },
            "x": {"value": 8},
            "y": y,
        },
    }
    names = {
        "mark": {"type": "text", "align": "left", "fontSize": 13, "x": 20},
        "encoding": {"text": {"field": "type", "type": "nominal"}, "y": y},
    }
    return {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None}},
        "data": {"values": [{"type": t} for t in types]},
        "layer": [dots, names],
        "height": ROW_PX * len(types),
        "width": 260,
    }
