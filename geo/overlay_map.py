"""Control layers on the interactive map: the payload a browser picks the layer in force
from, and the pydeck layers of one layer.

:func:`overlay_payload` holds every layer of the chosen series once, clipped to the
map's frame (the oblasts drawn, :func:`map_box`), with the days each is in force as
day numbers (days since 1970-01-01) so the browser can pick the layer of any day
without asking the server: ``day_from <= day <= day_to``.  Until the map component
draws it, :func:`overlay_deck_layers` draws the layer in force at the window's end
as plain pydeck layers under the events: translucent fills by class, the front line
as a solid line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

import pydeck as pdk
import shapely

from events.overlays import CLASSES, InForce, OverlayFeature
from geo import regions
from geo.basemap import DECIMALS, line_segments
from geo.drawing import fill_layer, segment_layer
from geo.layers import layer_specs
from geo.overlay_geometry import clipped, front_line

FILL_ALPHA = 90
"""Translucency of a class's fill (0-255): the basemap and events stay readable under it."""
FRONT_LINE_PX = 3.0
OUTLINE_PX = 1.0
MAP_MARGIN_DEG = 0.5
DRAWN_TOLERANCE_DEG = 0.0005
"""Shapes sent to the browser are simplified to about 50 m (a pixel at zoom 11): a
theatre-wide layer's vertices would otherwise be most of the map's bytes.  Areas and
distances are measured on the unsimplified shapes."""
_EPOCH = date(1970, 1, 1)


@cache
def map_box() -> tuple[float, float, float, float]:
    """(west, south, east, north) of the oblasts the map draws, with a margin: the frame
    a layer covering the whole theatre is clipped to before it travels."""
    west, south, east, north = regions.oblasts().total_bounds
    m = MAP_MARGIN_DEG
    return (float(west - m), float(south - m), float(east + m), float(north + m))


def day_number(day: date) -> int:
    """Days since 1970-01-01: how the browser compares days."""
    return (day - _EPOCH).days


def clipped_features(
    features: Sequence[OverlayFeature], box: tuple[float, float, float, float] | None = None
) -> list[OverlayFeature]:
    """The features inside ``box`` (default :func:`map_box`), cut to it, with the front
    line derived when the layer has none (:func:`geo.overlay_geometry.front_line`)."""
    box = box or map_box()
    kept = []
    for feature in features:
        part = clipped(feature.geometry, box)
        if not part.is_empty:
            kept.append(OverlayFeature(feature.overlay_class, feature.label, feature.colour, part))
    if not any(f.overlay_class == "front_line" for f in kept):
        line = front_line(kept)
        if line is not None:
            kept.append(OverlayFeature("front_line", "front line (derived)", None, line))
    return kept


def _area_collection(features: Sequence[OverlayFeature]) -> dict:
    shapes = [f for f in features if CLASSES.get(f.overlay_class, CLASSES["other"]).kind == "area"]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(_drawn(f.geometry)),
                "properties": {
                    "class": f.overlay_class,
                    "label": f.label,
                    "fill": [*f.rgb(), FILL_ALPHA],
                    "tooltip": f"{CLASSES.get(f.overlay_class, CLASSES['other']).label}"
                    f" ({f.label})",
                },
            }
            for f in shapes
        ],
    }


def _drawn(geometry: shapely.Geometry) -> shapely.Geometry:
    """A shape as the browser gets it: simplified, its coordinates rounded."""
    simple = shapely.simplify(geometry, DRAWN_TOLERANCE_DEG, preserve_topology=True)
    return shapely.set_precision(simple, 10**-DECIMALS)


def _front_segments(features: Sequence[OverlayFeature]) -> list[dict]:
    return line_segments(_drawn(f.geometry) for f in features if f.overlay_class == "front_line")


def payload_layer(period: InForce, features: Sequence[OverlayFeature]) -> dict:
    """One layer as the payload holds it: its id, date, source, the days it is in force
    (``day_from``/``day_to``), its areas (GeoJSON, a fill colour per feature) and its
    front line (segments); ``features`` already clipped (:func:`clipped_features`)."""
    return {
        "layer_id": period.layer.layer_id,
        "date": period.layer.day.isoformat(),
        "source": period.layer.source,
        "day_from": day_number(period.start),
        "day_to": day_number(period.end),
        "areas": _area_collection(features),
        "front": _front_segments(features),
    }


def overlay_payload(
    series: dict[str, list[tuple[InForce, Sequence[OverlayFeature]]]], max_days: int
) -> dict:
    """Every layer of each series once, for the map component: the days each is in
    force, its areas as GeoJSON (fill colour per feature) and its front line as
    segments, and the classes' labels and colours for the legend.

    ``series``: name → the series' periods (:func:`events.overlays.schedule`) with the
    layer's features, already clipped (:func:`clipped_features`)."""
    return {
        "max_days": max_days,
        "classes": {
            name: {"label": spec.label, "colour": list(spec.colour), "kind": spec.kind}
            for name, spec in CLASSES.items()
        },
        "series": [
            {
                "name": name,
                "layers": [payload_layer(period, features) for period, features in periods],
            }
            for name, periods in sorted(series.items())
        ],
    }


def layer_in_force(payload: dict, series: str, day: date) -> dict | None:
    """The payload's layer of ``series`` in force on ``day`` (what the browser picks)."""
    number = day_number(day)
    for entry in payload["series"]:
        if entry["name"] == series:
            for layer in entry["layers"]:
                if layer["day_from"] <= number <= layer["day_to"]:
                    return layer
    return None


def overlay_deck_layers(layer: dict) -> list[pdk.Layer]:
    """One payload layer (:func:`layer_in_force`) as pydeck layers: the areas filled,
    then the front line; to go under the events."""
    drawn = []
    if layer["areas"]["features"]:
        drawn.append(fill_layer("overlay-areas", layer["areas"], pickable=False, opacity=1.0))
    if layer["front"]:
        drawn.append(
            segment_layer(
                "overlay-front",
                layer["front"],
                colour=(*CLASSES["front_line"].colour, 255),
                width_px=FRONT_LINE_PX,
            )
        )
    return drawn


def component_layers(payload: dict) -> list[dict]:
    """Every layer of a one-series payload (:func:`overlay_payload`) as the map component
    takes it: the days it is in force, its legend line, and its pydeck layers as JSON
    documents (:func:`overlay_deck_layers`).  The browser picks the one in force at the
    window's end, as :func:`layer_in_force` does, so a drag changes it without a rerun."""
    [series] = payload["series"]
    return [
        {
            "day_from": layer["day_from"],
            "day_to": layer["day_to"],
            "label": f"Control: {series['name']}, layer of {layer['date']}"
            + (f" (source: {layer['source']})" if layer["source"] else ""),
            "specs": layer_specs(overlay_deck_layers(layer)),
        }
        for layer in series["layers"]
    ]


UNDER_LAYER_ID = "kursk-oblast"
"""The basemap layer the overlay goes just above: over the oblasts' fills, under their
lines, the place names and every event."""


def with_overlay(deck: pdk.Deck, layers: Sequence[pdk.Layer]) -> pdk.Deck:
    """``deck`` with ``layers`` inserted above the basemap's fills (in place; returned)."""
    ids = [getattr(layer, "id", None) for layer in deck.layers]
    at = ids.index(UNDER_LAYER_ID) + 1 if UNDER_LAYER_ID in ids else 0
    deck.layers[at:at] = list(layers)
    return deck
