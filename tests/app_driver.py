"""Driving the app headless with Streamlit's AppTest: running it on a URL's query, and
reading the map component's elements from what it rendered."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(query: dict[str, str] | None = None) -> AppTest:
    """The app run once, opened on ``query`` (the URL's parameters)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def map_part(at: AppTest, role: str) -> dict:
    """The data of one of the map component's elements: basemap, overlay, events or view."""
    for element in at.get("bidi_component"):
        proto = element.proto
        found = json.loads(proto.mixed.json if proto.WhichOneof("data") == "mixed" else proto.json)
        if found.get("role") == role:
            return found
    raise AssertionError(f"no map element {role!r}")
