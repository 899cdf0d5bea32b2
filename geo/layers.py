"""The map as pydeck layers: the offline basemap, then events drawn as honest as they are known.

Precision 1 events are dots sized by fatalities; precision 2 events are translucent
rings of the footprint radius; precision 3 events are their district or oblast,
shaded.  Nothing imprecise is ever a pin.  Tooltips are plain text (deck.gl sets
``innerText``), so a note holding HTML shows as text.
"""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk
import shapely

from geo.basemap import compose_deck
from geo.footprints import compute_footprints
from geo.style import EVENT_COLOURS, UNKNOWN_EVENT_COLOUR

LITERAL = pdk.types.String
"""pydeck turns plain strings into accessor expressions; units must stay literal."""
SELECTED_COLOUR = [255, 215, 0, 255]
TOOLTIP = {"text": "{tooltip}"}
_DECIMALS = 4  # about 10 m: finer than any place name can justify
AREA_TOOLTIP_ROWS = 8


def _with_alpha(colour: tuple[int, ...], alpha: int) -> list[int]:
    return [*colour[:3], alpha]


def point_radius_px(fatalities: float) -> float:
    """Dot radius in pixels: grows with the square root of fatalities, capped."""
    return min(5.0 + 2.0 * math.sqrt(max(fatalities, 0.0)), 22.0)


def _dates(row: pd.Series) -> str:
    text = row["date_start"].strftime("%Y-%m-%d")
    if row["date_end"] != row["date_start"]:
        text += " – " + row["date_end"].strftime("%Y-%m-%d")
    return text


def _tooltip(row: pd.Series) -> str:
    return (
        f"{row['event_id']} · {_dates(row)}\n{row['sub_event_type']}\n{row['location']}\n"
        f"fatalities: {row['fatalities']}"
    )


def event_layers(frame: pd.DataFrame, *, selected: str = "") -> list[pdk.Layer]:
    """Layers for the events: areas, rings and dots (in that order, dots on top)."""
    if frame.empty:
        return []
    shapes = compute_footprints(frame).set_index("event_id")
    rows = frame.set_index("event_id", drop=False)
    rings, dots = [], []
    for event_id, shape in shapes[shapes["kind"] != "area"].iterrows():
        row = rows.loc[event_id]
        colour = EVENT_COLOURS.get(row["event_type"], UNKNOWN_EVENT_COLOUR)
        centre = shape.geometry.centroid
        record = {
            "event_id": event_id,
            "tooltip": _tooltip(row),
            "selected": event_id == selected,
            "lon": round(centre.x, _DECIMALS),  # x is longitude
            "lat": round(centre.y, _DECIMALS),
            "fill": _with_alpha(colour, 70 if shape["kind"] == "circle" else 220),
            "line": _with_alpha(colour, 255),
        }
        if shape["kind"] == "circle":
            rings.append({**record, "radius": float(shape["radius_m"])})
        else:
            dots.append({**record, "radius": point_radius_px(float(row["fatalities"] or 0))})
    areas = _area_features(shapes[shapes["kind"] == "area"], rows, selected)
    layers = []
    if areas:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="event-areas",
                data={"type": "FeatureCollection", "features": areas},
                pickable=True,
                stroked=True,
                filled=True,
                get_fill_color="properties.fill",
                get_line_color="properties.line",
                line_width_units=LITERAL("pixels"),
                get_line_width="properties.width",
            )
        )
    if rings:
        layers.append(_scatter("event-rings", rings, units="meters", line_px=2))
    if dots:
        layers.append(_scatter("event-points", dots, units="pixels", line_px=1))
    chosen = [r for r in rings + dots if r["selected"]]
    if chosen:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="selected",
                data=chosen,
                get_position=["lon", "lat"],
                get_radius=14,
                radius_units=LITERAL("pixels"),
                filled=False,
                stroked=True,
                get_line_color=SELECTED_COLOUR,
                line_width_min_pixels=3,
            )
        )
    return layers


def _area_features(shapes, rows: pd.DataFrame, selected: str) -> list[dict]:
    """One feature per area, however many events are known only to it.

    Stacked translucent copies of one oblast would turn opaque and hide the map, so
    the events of an area are drawn once, in the colour of its most frequent type,
    a little stronger the more events it holds; the tooltip lists them.
    """
    features = []
    groups = shapes.groupby(shapes.geometry.to_wkb(), sort=False)
    for _, group in groups:
        members = rows.loc[group.index].sort_values(
            ["fatalities", "date_start"], ascending=[False, False]
        )
        dominant = members["event_type"].value_counts().index[0]
        colour = EVENT_COLOURS.get(dominant, UNKNOWN_EVENT_COLOUR)
        count = len(members)
        first = members.iloc[0]
        area = first["admin2"] if isinstance(first["admin2"], str) else first["admin1"]
        lines = [f"{count} event(s) known only to {area}:"]
        lines += [
            f"{row['event_id']} · {_dates(row)} · {row['sub_event_type']}"
            for _, row in members.head(AREA_TOOLTIP_ROWS).iterrows()
        ]
        if count > AREA_TOOLTIP_ROWS:
            lines.append(f"… and {count - AREA_TOOLTIP_ROWS} more (see the table)")
        geometry = shapely.set_precision(group.geometry.iloc[0], 10**-_DECIMALS)
        ids = list(members["event_id"])
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geometry),
                "properties": {
                    "event_id": selected if selected in ids else ids[0],
                    "count": count,
                    "tooltip": "\n".join(lines),
                    "fill": _with_alpha(colour, min(30 + 8 * count, 90)),
                    "line": _with_alpha(colour, 220),
                    "width": 3 if selected in ids else 1.5,
                },
            }
        )
    return features


def _scatter(layer_id: str, data: list[dict], *, units: str, line_px: int) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        pickable=True,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=LITERAL(units),
        get_fill_color="fill",
        get_line_color="line",
        stroked=True,
        line_width_min_pixels=line_px,
    )


def event_deck(frame: pd.DataFrame, *, selected: str = "") -> pdk.Deck:
    """The whole map: offline basemap under the event layers, with plain-text tooltips."""
    return compose_deck(event_layers(frame, selected=selected), tooltip=TOOLTIP)
