"""Dated territorial-control layers: the classes they draw, and which layer is in force.

A *series* ("DeepState", "ISW Kursk") is a list of dated layers, each a set of polygons
and lines of one class each (Ukrainian-held, Russian-held, grey zone, front line, and
ISW's claimed areas kept apart from its assessed ones).  A layer is in force from its
day until the series' next layer, for at most ``max_days`` (:data:`DEFAULT_MAX_DAYS`):
after that nothing of the series is drawn.  Of two layers of one day the later
``stamp`` (the source's own time, else the import's) wins, and the other is never in force.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import shapely

DEFAULT_MAX_DAYS = 30
"""How long a layer stays in force when its series has no later one."""


@dataclass(frozen=True)
class OverlayClass:
    """One class of ground or line: its label, default colour and how it is drawn."""

    label: str
    colour: tuple[int, int, int]
    kind: str  # "area" or "line"


CLASSES: dict[str, OverlayClass] = {
    "ukrainian_held": OverlayClass("Ukrainian-held", (15, 157, 88), "area"),
    "russian_held": OverlayClass("Russian-held", (200, 40, 40), "area"),
    "grey_zone": OverlayClass("grey zone", (150, 150, 150), "area"),
    "ukrainian_claimed": OverlayClass("claimed by Ukraine (unverified)", (120, 200, 150), "area"),
    "russian_claimed": OverlayClass("claimed by Russia (unverified)", (240, 140, 120), "area"),
    "other": OverlayClass("other marked area", (120, 120, 200), "area"),
    "front_line": OverlayClass("front line", (20, 20, 20), "line"),
}
"""Every class a layer's features are sorted into (see :mod:`sitmap.overlay_import`)."""
AREA_CLASSES = tuple(name for name, spec in CLASSES.items() if spec.kind == "area")
HELD_CLASSES = ("ukrainian_held", "grey_zone")
"""What a derived front line bounds when a source has no line: the held and contested
ground (its edge less the state border)."""


@dataclass(frozen=True)
class OverlayFeature:
    """One polygon or line of a layer: its class, the source's name for it, its colour
    (``#rrggbb``, the source's own; None: the class's)."""

    overlay_class: str
    label: str
    colour: str | None
    geometry: shapely.Geometry

    def rgb(self) -> tuple[int, int, int]:
        """The colour to draw it in."""
        if self.colour and len(self.colour) == 7:
            red, green, blue = (int(self.colour[i : i + 2], 16) for i in (1, 3, 5))
            return red, green, blue
        return CLASSES.get(self.overlay_class, CLASSES["other"]).colour


@dataclass(frozen=True)
class OverlayLayer:
    """One stored layer: its series, day and provenance, and what it holds."""

    layer_id: str
    series: str
    day: date
    stamp: datetime
    source: str
    file_name: str
    file_hash: str
    file_format: str
    imported_at: datetime
    imported_by: str
    feature_count: int
    classes: dict[str, int] = field(default_factory=dict)
    """Features by class."""
    report: dict = field(default_factory=dict)
    """What the import did: repaired rings, skipped points and the like, by kind."""

    def to_json(self) -> dict:
        """The layer as JSON-ready values (``sitmap overlays list --json``)."""
        return {
            "layer_id": self.layer_id,
            "series": self.series,
            "date": self.day.isoformat(),
            "stamp": self.stamp.isoformat(timespec="seconds"),
            "source": self.source,
            "file_name": self.file_name,
            "file_format": self.file_format,
            "features": self.feature_count,
            "classes": dict(self.classes),
            "report": dict(self.report),
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "imported_by": self.imported_by,
        }


def colour_hex(rgb: Sequence[int]) -> str:
    """``(15, 157, 88)`` → ``"#0f9d58"``."""
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


@dataclass(frozen=True)
class InForce:
    """When one layer is in force: from ``start`` to ``end``, both days included."""

    layer: OverlayLayer
    start: date
    end: date


def schedule(layers: Iterable[OverlayLayer], max_days: int = DEFAULT_MAX_DAYS) -> list[InForce]:
    """Each series' layers with the days each is in force, by series then day.

    A layer runs from its day to the day before its series' next layer, and for at
    most ``max_days`` days; of two layers of one day only the later stamp is kept.
    """
    if max_days < 1:
        raise ValueError("a layer is in force for at least one day")
    by_series: dict[str, dict[date, OverlayLayer]] = {}
    for layer in layers:
        days = by_series.setdefault(layer.series, {})
        kept = days.get(layer.day)
        if kept is None or (layer.stamp, layer.imported_at, layer.layer_id) > (
            kept.stamp,
            kept.imported_at,
            kept.layer_id,
        ):
            days[layer.day] = layer
    periods = []
    for series in sorted(by_series):
        ordered = [by_series[series][day] for day in sorted(by_series[series])]
        for layer, following in zip(ordered, [*ordered[1:], None], strict=True):
            last = layer.day + timedelta(days=max_days - 1)
            if following is not None:
                last = min(last, following.day - timedelta(days=1))
            periods.append(InForce(layer, layer.day, last))
    return periods


def in_force(
    layers: Iterable[OverlayLayer],
    day: date,
    series: str,
    max_days: int = DEFAULT_MAX_DAYS,
) -> OverlayLayer | None:
    """The layer of ``series`` in force on ``day``, or None (none yet, or the last one
    is more than ``max_days`` old)."""
    for period in schedule((x for x in layers if x.series == series), max_days):
        if period.start <= day <= period.end:
            return period.layer
    return None


def no_layer_note(series: str, max_days: int = DEFAULT_MAX_DAYS) -> str:
    """What the legend says when a series has no layer in force."""
    return f"{series}: no layer within {max_days} days"


def dumps(value: object) -> str:
    """Compact JSON for the classes and report columns."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
