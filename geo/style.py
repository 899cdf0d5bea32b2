"""The map's colours and line widths, in one table for every renderer (pydeck, matplotlib).

Colours are RGBA tuples of 0–255 ints, as deck.gl takes them; :func:`to_matplotlib`
converts one for matplotlib.  Event colours follow ACLED's event types with the
Okabe–Ito palette, which stays distinguishable for colour-blind readers.
"""

from __future__ import annotations

from dataclasses import dataclass

RGBA = tuple[int, int, int, int]


@dataclass(frozen=True)
class LayerStyle:
    """How one basemap layer is drawn."""

    fill: RGBA | None
    line: RGBA | None
    line_width_px: float


BACKGROUND: RGBA = (238, 242, 244, 255)
"""The ground where no oblast is drawn: the map's background layer and the briefing map's."""

BASEMAP: dict[str, LayerStyle] = {
    "neighbours": LayerStyle(fill=(222, 226, 230, 255), line=(150, 156, 164, 255), line_width_px=1),
    "kursk": LayerStyle(fill=(255, 243, 214, 255), line=(120, 84, 24, 255), line_width_px=2.5),
    "districts": LayerStyle(fill=None, line=(160, 130, 80, 110), line_width_px=0.8),
    "border": LayerStyle(fill=None, line=(178, 24, 43, 255), line_width_px=3),
}

LABEL_COLOUR: RGBA = (30, 30, 30, 255)
LABEL_HALO: RGBA = (255, 255, 255, 220)
AREA_LABEL_COLOUR: RGBA = (110, 110, 110, 255)
LABEL_SIZE_PX = {"major": 16, "town": 13, "front": 12, "area": 12}

EVENT_COLOURS: dict[str, RGBA] = {
    "Battles": (213, 94, 0, 230),
    "Explosions/Remote violence": (230, 159, 0, 230),
    "Violence against civilians": (204, 121, 167, 230),
    "Protests": (0, 114, 178, 230),
    "Riots": (86, 180, 233, 230),
    "Strategic developments": (0, 158, 115, 230),
}
"""One colour per ACLED event type (events.vocabulary.EVENT_TYPES)."""
UNKNOWN_EVENT_COLOUR: RGBA = (120, 120, 120, 230)


def to_matplotlib(colour: RGBA) -> tuple[float, float, float, float]:
    """The same colour as matplotlib's 0–1 floats."""
    return tuple(channel / 255 for channel in colour)  # type: ignore[return-value]
