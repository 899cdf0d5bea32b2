"""A control layer on the briefing map (matplotlib): translucent fills by class, the front
line solid, and the legend entries naming the series, date and source."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from events.overlays import CLASSES, OverlayFeature

FILL_ALPHA = 0.35


def _polygon_path(geometry) -> MplPath | None:
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type == "Polygon":
            for ring in (part.exterior, *part.interiors):
                parts.append(MplPath(np.asarray(ring.coords)[:, :2], closed=True))
    return MplPath.make_compound_path(*parts) if parts else None


def _lines(geometry) -> list[np.ndarray]:
    return [
        np.asarray(part.coords)[:, :2]
        for part in getattr(geometry, "geoms", [geometry])
        if "LineString" in part.geom_type or part.geom_type == "LinearRing"
    ]


def _rgb(feature: OverlayFeature) -> tuple[float, float, float]:
    return tuple(c / 255 for c in feature.rgb())  # type: ignore[return-value]


def draw_overlay(ax: Axes, features: Sequence[OverlayFeature]) -> list[str]:
    """Draw a layer's features (already clipped) under the events; the classes drawn,
    in :data:`~events.overlays.CLASSES` order."""
    drawn = set()
    for feature in features:
        if CLASSES.get(feature.overlay_class, CLASSES["other"]).kind != "area":
            continue
        path = _polygon_path(feature.geometry)
        if path is None:
            continue
        colour = _rgb(feature)
        ax.add_collection(
            PathCollection(
                [path],
                facecolor=(*colour, FILL_ALPHA),
                edgecolor=(*colour, 0.8),
                linewidth=0.6,
                zorder=2.5,
            )
        )
        drawn.add(feature.overlay_class)
    lines = [xy for f in features if f.overlay_class == "front_line" for xy in _lines(f.geometry)]
    if lines:
        colour = tuple(c / 255 for c in CLASSES["front_line"].colour)
        ax.add_collection(LineCollection(lines, colors=[colour], linewidths=1.8, zorder=2.8))
        drawn.add("front_line")
    return [name for name in CLASSES if name in drawn]


def overlay_handles(classes: Sequence[str], caption: str) -> list:
    """Legend entries: a heading naming series, date and source, then each class drawn."""
    handles: list = [Line2D([], [], linestyle="", label=caption)]
    for name in classes:
        spec = CLASSES[name]
        colour = tuple(c / 255 for c in spec.colour)
        if spec.kind == "line":
            handles.append(Line2D([], [], color=colour, lw=1.8, label=spec.label))
        else:
            handles.append(
                Patch(facecolor=(*colour, FILL_ALPHA), edgecolor=colour, label=spec.label)
            )
    return handles
