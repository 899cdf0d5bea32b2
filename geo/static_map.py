"""The map on paper: the same layers and styles as the dashboard, drawn with matplotlib.

Used for briefings, which are rendered on the server with no browser and no
internet.  Colours and widths come from ``geo.style`` so screen and paper agree;
footprints come from ``geo.footprints`` so an imprecise event is never a dot here
either.  Above :data:`AGGREGATE_ABOVE` dots, points are binned into hexagons so a
hundred thousand events print as density, not as an ink blot.
"""

from __future__ import annotations

import math
from functools import cache

import matplotlib.patheffects as path_effects
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import EllipseCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from geo import regions, style
from geo.basemap import place_labels
from geo.footprints import KINDS, NEAR_RADIUS_M, area_shapes, footprint_kinds
from geo.style import EVENT_COLOURS, UNKNOWN_EVENT_COLOUR, to_matplotlib

AGGREGATE_ABOVE = 5_000
"""More point events than this are drawn as hexagonal density cells."""
EXTENT = (33.6, 39.4, 50.35, 52.75)
"""Lon/lat extent of the briefing map: Kursk oblast with the Sumy border country."""
_KM_PER_DEG_LAT = 111.32


def _colour(event_type: str, alpha: float | None = None) -> tuple[float, ...]:
    rgba = to_matplotlib(EVENT_COLOURS.get(event_type, UNKNOWN_EVENT_COLOUR))
    return rgba if alpha is None else (*rgba[:3], alpha)


def _path(geometry) -> MplPath:
    """A matplotlib path of a (multi)polygon's rings or a (multi)line, in lon/lat."""
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type == "Polygon":
            rings = [part.exterior, *part.interiors]
            parts += [MplPath(np.asarray(r.coords)[:, :2], closed=True) for r in rings]
        else:
            parts.append(MplPath(np.asarray(part.coords)[:, :2]))
    return MplPath.make_compound_path(*parts)


@cache
def _basemap_paths() -> dict[str, list[MplPath]]:
    """The basemap's outlines as matplotlib paths, built once."""
    oblasts = regions.oblasts()
    kursk = oblasts["admin1"] == regions.KURSK
    return {
        "neighbours": [_path(g) for g in oblasts[~kursk].geometry],
        "kursk": [_path(g) for g in oblasts[kursk].geometry],
        "districts": [_path(g.boundary) for g in regions.districts().geometry],
        "border": [_path(g) for g in regions.border().geometry],
    }


def _patches(paths, **style) -> PathCollection:
    return PathCollection(paths, **style)


def draw_basemap(ax: Axes) -> None:
    """Neighbouring oblasts, Kursk oblast, approximate districts, the border, place names."""
    paths = _basemap_paths()
    for key in ("neighbours", "kursk"):
        spec = style.BASEMAP[key]
        ax.add_collection(
            _patches(
                paths[key],
                facecolor=to_matplotlib(spec.fill),
                edgecolor=to_matplotlib(spec.line),
                linewidth=spec.line_width_px * 0.6,
                zorder=1,
            )
        )
    spec = style.BASEMAP["districts"]
    ax.add_collection(
        _patches(
            paths["districts"],
            facecolor="none",
            edgecolor=to_matplotlib(spec.line),
            linewidth=0.5,
            linestyle=(0, (3, 2)),
            zorder=2,
        )
    )
    spec = style.BASEMAP["border"]
    ax.add_collection(
        _patches(
            paths["border"], facecolor="none", edgecolor=to_matplotlib(spec.line), linewidth=2.0,
            zorder=6,
        )
    )  # fmt: skip
    labels = place_labels()
    lon = np.array([p[0] for p in labels["position"]])
    lat = np.array([p[1] for p in labels["position"]])
    inside = (EXTENT[0] < lon) & (lon < EXTENT[1]) & (EXTENT[2] < lat) & (lat < EXTENT[3])
    major = (labels["tier"] == "major").to_numpy()
    ax.scatter(lon[inside], lat[inside], s=np.where(major[inside], 10, 4), c="#282828", zorder=7)
    halo = [path_effects.withStroke(linewidth=2.5, foreground="white")]
    for name, x, y, big in zip(
        labels["name"][inside], lon[inside], lat[inside], major[inside], strict=True
    ):
        ax.annotate(
            name,
            (x, y),
            xytext=(4, 2),
            textcoords="offset points",
            fontsize=9 if big else 6.5,
            fontweight="bold" if big else "normal",
            color="#1e1e1e",
            path_effects=halo,
            zorder=8,
        )


def draw_events(ax: Axes, events: pd.DataFrame) -> dict[str, int]:
    """Events as footprints; returns how many there were of each kind ('none': events
    with no position, region or country level, which are not drawn)."""
    kinds = footprint_kinds(events)
    counts = {kind: int((kinds == kind).sum()) for kind in KINDS}
    areas = events[kinds == "area"]
    shapes = area_shapes(areas)
    drawable = areas[shapes.notna()]
    groups = [g for _, g in drawable.groupby(shapes[drawable.index].map(shapely.to_wkb))]
    groups.sort(key=lambda g: -shapes[g.index[0]].area)  # districts over their oblast
    for group in groups:
        dominant = group["event_type"].value_counts().index[0]
        shape = shapes[group.index[0]]
        # hatched and outlined with the count, never filled: a filled oblast reads as
        # control of the oblast, while the events are only known to lie somewhere in it
        ax.add_collection(
            _patches(
                [_path(shape)],
                facecolor="none",
                edgecolor=_colour(dominant, 0.9),
                linewidth=1.4,
                hatch="///",
                zorder=3,
            )
        )
        inside = shapely.point_on_surface(shape)
        ax.text(
            inside.x,  # x is longitude
            inside.y,
            f"{len(group)}",
            ha="center",
            va="center",
            fontsize=7,
            fontweight="bold",
            color="white",
            bbox={"boxstyle": "round,pad=0.25", "facecolor": _colour(dominant), "lw": 0},
            zorder=9,
        )
    located = events[kinds.isin(("point", "circle")).to_numpy()]
    if len(located) > AGGREGATE_ABOVE:
        ax.hexbin(
            located["longitude"],  # x is longitude
            located["latitude"],
            gridsize=60,
            extent=EXTENT,
            mincnt=1,
            bins="log",
            cmap="YlOrRd",
            alpha=0.85,
            zorder=5,
        )
        return counts
    circles = events[kinds == "circle"]
    if len(circles):
        # 10 km rings as ellipses in degrees: longitude degrees shrink with latitude
        height = 2 * NEAR_RADIUS_M / 1000 / _KM_PER_DEG_LAT
        width = height / np.cos(np.radians(circles["latitude"].to_numpy()))
        ax.add_collection(
            EllipseCollection(
                width,
                np.full(len(circles), height),
                np.zeros(len(circles)),
                units="xy",
                offsets=np.column_stack([circles["longitude"], circles["latitude"]]),
                offset_transform=ax.transData,
                facecolors=[_colour(t, 0.25) for t in circles["event_type"]],
                edgecolors=[_colour(t, 0.9) for t in circles["event_type"]],
                linewidths=0.9,
                zorder=4,
            )
        )
    points = events[kinds == "point"]
    if len(points):
        deaths = points["fatalities"].fillna(0).astype(float).to_numpy()
        ax.scatter(
            points["longitude"],  # x is longitude
            points["latitude"],
            s=14 + 10 * np.sqrt(deaths),
            c=[_colour(t) for t in points["event_type"]],
            edgecolors="white",
            linewidths=0.5,
            zorder=5,
        )
    return counts


def draw_scale_and_north(ax: Axes, km: int = 50) -> None:
    """A scale bar of ``km`` kilometres (true at the map's middle latitude) and a north arrow."""
    x0, x1, y0, y1 = EXTENT
    lat = (y0 + y1) / 2
    degrees = km / (_KM_PER_DEG_LAT * math.cos(math.radians(lat)))
    left, base = x0 + 0.15, y0 + 0.12
    ax.plot([left, left + degrees], [base, base], color="black", linewidth=3, zorder=8)
    ax.text(left + degrees / 2, base + 0.05, f"{km} km", ha="center", fontsize=8, zorder=8)
    ax.annotate(
        "N",
        xy=(x1 - 0.2, y1 - 0.12),
        xytext=(x1 - 0.2, y1 - 0.42),
        ha="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5},
        zorder=8,
    )


def legend_handles(present: list[str]) -> list:
    """Legend entries: each event type present, then how uncertainty is drawn."""
    handles = [
        Line2D([], [], marker="o", linestyle="", color=_colour(t), markersize=8, label=t)
        for t in present
    ]
    grey = (0.35, 0.35, 0.35)
    handles += [
        Line2D([], [], marker="o", linestyle="", color=grey, label="the place itself"),
        Patch(
            facecolor=(*grey, 0.25),
            edgecolor=grey,
            label=f"near a place (~{NEAR_RADIUS_M / 1000:.0f} km)",
        ),
        Patch(facecolor="none", edgecolor=grey, hatch="///", label="district/oblast only (count)"),
        Line2D([], [], color=to_matplotlib(style.BASEMAP["border"].line), lw=2, label="border"),
        Line2D([], [], color="#a08250", lw=0.8, ls="--", label="districts (approximate)"),
    ]
    return handles


def draw_map(ax: Axes, events: pd.DataFrame) -> dict[str, int]:
    """The whole briefing map on ``ax``: basemap, events, scale bar and north arrow."""
    ax.set_facecolor(to_matplotlib(style.BACKGROUND))
    draw_basemap(ax)
    counts = draw_events(ax, events)
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    # degrees of longitude are shorter than degrees of latitude at 51.5° N
    ax.set_aspect(1 / math.cos(math.radians((EXTENT[2] + EXTENT[3]) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    draw_scale_and_north(ax)
    return counts
