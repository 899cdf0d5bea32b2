"""The map on paper: the same layers and styles as the dashboard, drawn with matplotlib.

Used for briefings, which are rendered on the server with no browser and no
internet.  Colours and widths come from ``geo.style`` so screen and paper agree;
footprints come from ``geo.footprints`` so an imprecise event is never a dot here
either.  Above :data:`AGGREGATE_ABOVE` dots, points are binned into hexagons so a
hundred thousand events print as density, not as an ink blot.
"""

from __future__ import annotations

import math

import matplotlib.patheffects as path_effects
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo import regions, style
from geo.basemap import place_labels
from geo.footprints import NEAR_RADIUS_M, compute_footprints
from geo.style import EVENT_COLOURS, UNKNOWN_EVENT_COLOUR, to_matplotlib

AGGREGATE_ABOVE = 5_000
"""More point events than this are drawn as hexagonal density cells."""
EXTENT = (33.6, 39.4, 50.35, 52.75)
"""Lon/lat extent of the briefing map: Kursk oblast with the Sumy border country."""
_KM_PER_DEG_LAT = 111.32


def _colour(event_type: str, alpha: float | None = None) -> tuple[float, ...]:
    rgba = to_matplotlib(EVENT_COLOURS.get(event_type, UNKNOWN_EVENT_COLOUR))
    return rgba if alpha is None else (*rgba[:3], alpha)


def draw_basemap(ax: Axes) -> None:
    """Neighbouring oblasts, Kursk oblast, approximate districts, the border, place names."""
    oblasts = regions.oblasts()
    kursk = oblasts["admin1"] == regions.KURSK
    for key, frame in (("neighbours", oblasts[~kursk]), ("kursk", oblasts[kursk])):
        spec = style.BASEMAP[key]
        frame.plot(
            ax=ax,
            facecolor=to_matplotlib(spec.fill),
            edgecolor=to_matplotlib(spec.line),
            linewidth=spec.line_width_px * 0.6,
        )
    spec = style.BASEMAP["districts"]
    regions.districts().boundary.plot(
        ax=ax, color=to_matplotlib(spec.line), linewidth=0.5, linestyle=(0, (3, 2))
    )
    spec = style.BASEMAP["border"]
    regions.border().plot(ax=ax, color=to_matplotlib(spec.line), linewidth=2.0)
    halo = [path_effects.withStroke(linewidth=2.5, foreground="white")]
    for label in place_labels().itertuples(index=False):
        lon, lat = label.position  # [longitude, latitude]
        if not (EXTENT[0] < lon < EXTENT[1] and EXTENT[2] < lat < EXTENT[3]):
            continue
        major = label.tier == "major"
        ax.plot(lon, lat, "o", color="#282828", markersize=3.2 if major else 2.0, zorder=6)
        ax.annotate(
            label.name,
            (lon, lat),
            xytext=(4, 2),
            textcoords="offset points",
            fontsize=9 if major else 6.5,
            fontweight="bold" if major else "normal",
            color="#1e1e1e",
            path_effects=halo,
            zorder=7,
        )


def draw_events(ax: Axes, events: pd.DataFrame) -> dict[str, int]:
    """Events as footprints; returns how many were drawn of each kind."""
    if events.empty:
        return {"point": 0, "circle": 0, "area": 0}
    shapes = compute_footprints(events).merge(
        events[["event_id", "event_type", "fatalities"]], on="event_id"
    )
    areas = shapes[shapes["kind"] == "area"]
    for _, group in areas.groupby(areas.geometry.to_wkb(), sort=False):
        dominant = group["event_type"].value_counts().index[0]
        group.iloc[:1].plot(
            ax=ax,
            facecolor=_colour(dominant, min(0.12 + 0.03 * len(group), 0.35)),
            edgecolor=_colour(dominant, 0.9),
            linewidth=1.2,
            hatch="///",
            zorder=3,
        )
    circles = shapes[shapes["kind"] == "circle"]
    if len(circles):
        circles.plot(
            ax=ax,
            facecolor=[_colour(t, 0.25) for t in circles["event_type"]],
            edgecolor=[_colour(t, 0.9) for t in circles["event_type"]],
            linewidth=0.9,
            zorder=4,
        )
    points = shapes[shapes["kind"] == "point"]
    if len(points) > AGGREGATE_ABOVE:
        ax.hexbin(
            points.geometry.x,
            points.geometry.y,
            gridsize=60,
            extent=EXTENT,
            mincnt=1,
            bins="log",
            cmap="YlOrRd",
            alpha=0.85,
            zorder=5,
        )
    elif len(points):
        deaths = points["fatalities"].fillna(0).astype(float).to_numpy()
        ax.scatter(
            points.geometry.x,  # x is longitude
            points.geometry.y,
            s=14 + 10 * np.sqrt(deaths),
            c=[_colour(t) for t in points["event_type"]],
            edgecolors="white",
            linewidths=0.5,
            zorder=5,
        )
    return {kind: int((shapes["kind"] == kind).sum()) for kind in ("point", "circle", "area")}


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
        Patch(facecolor=(*grey, 0.15), edgecolor=grey, hatch="///", label="district/oblast only"),
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
