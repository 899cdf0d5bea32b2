"""The few ways the map draws anything: one per deck.gl layer class.

Without a GPU (headless Chromium, thin clients on a closed network) WebGL runs in
software, and every distinct pipeline the map draws with is compiled on the CPU before
the first frame: one per layer class and, within a class, one per mix of per-row and
constant attributes, each costing about 0.3 to 0.5 s of one core.  So each class is drawn
one way only, and every layer of the map is made here:

- every ``LineLayer`` has one constant colour and width (:func:`segment_layer`); lines of
  several colours are several layers;
- every fill reads its colour per row (:func:`fill_layer`);
- every label reads size, anchor and offset per row (:func:`label_layer`), in one font
  and character set;
- every dot and ring layer reads radius and both colours per row (:func:`dot_layer`,
  :func:`ring_layer`), even a colour that is never drawn (a ring's fill);
- the settlement dots are "●" glyphs among the labels, not a ``ScatterplotLayer``.

Measured on the million-event page: the map's compiled routines went from 40 to 22, the
first paint about 1 s sooner (``make bench``, first paint; docs/performance.md).
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from geo import style

PIXELS = '"pixels"'


def fill_layer(layer_id: str, collection: dict, **props) -> pdk.Layer:
    """A GeoJSON feature collection's areas filled in each feature's ``fill`` property
    (per row, as every fill on the map is drawn: one pipeline for them all); no strokes
    (outlines are drawn by :func:`segment_layer`)."""
    return pdk.Layer(
        "GeoJsonLayer",
        data=collection,
        id=layer_id,
        filled=True,
        stroked=False,
        get_fill_color="properties.fill",
        **props,
    )


def segment_layer(layer_id: str, segments: object, *, colour, width_px: float) -> pdk.Layer:
    """A LineLayer of :func:`line_segments` rows (a list, or data pydeck serialises such
    as :class:`geo.layers.JsonRows`) in one colour and width: every line on the map is
    drawn so (lines of several colours are several layers), one pipeline for them all."""
    return pdk.Layer(
        "LineLayer",
        data=segments,
        id=layer_id,
        get_source_position="s",
        get_target_position="t",
        get_color=list(colour),
        get_width=width_px,
        width_units=PIXELS,
        pickable=False,
    )


DOT = "\u25cf"
"""A settlement's dot, drawn as a glyph among the labels ("●")."""
DOT_SIZE_PX = 10
LABEL_FONT = {
    "font_family": '"Helvetica, Arial, sans-serif"',
    "font_weight": 600,
    "font_settings": {"sdf": True, "fontSize": 64, "buffer": 8, "radius": 16},
    "character_set": '"' + "".join(map(chr, range(32, 127))).replace('"', "") + DOT + '"',
}
"""One font and character set for every label: deck.gl builds one glyph atlas per font,
in the browser.  Its default set is ASCII, which has no dot; in quotes, as pydeck reads a
bare string as code (and drops every double quote: no label has one)."""
LABEL_COLUMNS = ("name", "position", "size", "anchor", "baseline", "offset")
"""What a label row holds: every label layer reads all of these per row."""


def label_layer(layer_id: str, rows: pd.DataFrame, colour) -> pdk.Layer:
    """Labels (rows of :data:`LABEL_COLUMNS`) in one colour with a white halo; every label
    layer reads size, anchor and offset per row, so all share one pipeline."""
    return pdk.Layer(
        "TextLayer",
        data=rows[list(LABEL_COLUMNS)],
        id=layer_id,
        get_position="position",
        get_text="name",
        get_size="size",
        get_text_anchor="anchor",
        get_alignment_baseline="baseline",
        get_pixel_offset="offset",
        get_color=list(colour),
        outline_width=3,
        outline_color=list(style.LABEL_HALO),
        billboard=True,
        **LABEL_FONT,
    )


def dot_layer(
    layer_id: str,
    data: object,
    *,
    units: str,
    line_px: int,
    fill: str | list[int],
    radius: str | float,
    opacity: float = 1.0,
    stroked: bool = False,
) -> pdk.Layer:
    """Dots or rings (``units`` "pixels" or "meters") with radius and colours per row, or
    one value for all when given as a number or a colour."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        pickable=True,
        opacity=opacity,
        get_position=["lon", "lat"],
        get_radius=radius,
        radius_units=pdk.types.String(units),
        get_fill_color=fill,
        get_line_color=fill,
        stroked=stroked or opacity == 1.0,  # translucent fills: a separate, solid outline layer
        line_width_min_pixels=line_px,
    )


def ring_layer(
    layer_id: str, data: object, *, units: str, line_px: int, colour: str | list[int]
) -> pdk.Layer:
    """Outlines only (a translucent ring's solid edge, the selected event's halo); the
    fill colour is never drawn but still read per row, as every dot layer's is."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=pdk.types.String(units),
        filled=False,
        stroked=True,
        get_fill_color=colour,
        get_line_color=colour,
        line_width_min_pixels=line_px,
    )
