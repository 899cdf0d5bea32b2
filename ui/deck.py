"""Hand pydeck JSON built (and cached) elsewhere to ``st.pydeck_chart``."""

from __future__ import annotations

from geo.layers import TOOLTIP


class PrebuiltDeck:
    """A finished deck spec that ``st.pydeck_chart`` accepts like a ``pydeck.Deck``.

    Building and serialising a deck is the costly part of a rerun, so the JSON is
    cached by view; this wrapper lets Streamlit take it without rebuilding.
    """

    layers = None  # nothing for Streamlit's pandas-3 workaround to convert
    mapbox_key = None
    width = None

    def __init__(self, spec: str):
        self._spec = spec
        self._tooltip = TOOLTIP

    def to_json(self) -> str:
        """The deck as JSON, exactly as built."""
        return self._spec
