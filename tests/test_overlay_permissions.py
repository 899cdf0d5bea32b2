"""Under sign-in only editors import and undo control layers: the Control layers page
offers neither to anyone else, and an editor's undo removes exactly one layer."""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from conftest import ROOT
from overlay_fixtures import HELD

from events.overlay_store import OverlayStore
from events.overlays import OverlayFeature
from events.store import Store

SECTION = """
import os
from events.overlay_store import OverlayStore
from events.store import Store
from ui.auth import config_from, may_edit
from ui.overlay_upload import overlay_section

store = OverlayStore(Store(os.environ["OVERLAY_TEST_DB"]).engine)
user = os.environ["OVERLAY_TEST_USER"]
signed_in = config_from({"auth": {"client_id": "x"}}, os.environ)  # sign-in on
overlay_section(store, may_edit=may_edit(user, signed_in), user=user)
"""


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    overlays = OverlayStore(Store(url).engine)
    for day in (date(2024, 8, 20), date(2024, 9, 1)):
        overlays.add_layer(
            [OverlayFeature("ukrainian_held", "held", None, shapely.Polygon(HELD))],
            series="DS", day=day, source="t", file_name=f"{day}.kml", data_hash=str(day),
            file_format="kml",
        )  # fmt: skip
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("OVERLAY_TEST_DB", url)
    monkeypatch.setenv("SITMAP_EDITORS", "editor@example.org")
    monkeypatch.setenv("SITMAP_VIEWERS", "viewer@example.org")
    return url


def _run(user: str, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("OVERLAY_TEST_USER", user)
    return AppTest.from_string(SECTION, default_timeout=30).run()


def test_a_viewer_can_neither_import_nor_undo(db, monkeypatch):
    at = _run("viewer@example.org", monkeypatch)
    assert not at.exception
    assert "Only editors import or undo control layers." in [i.value for i in at.info]
    assert not [b for b in at.button if b.label == "Undo"]
    assert not at.get("file_uploader")


def test_an_editor_undoes_exactly_one_layer(db, monkeypatch):
    at = _run("editor@example.org", monkeypatch)
    assert not at.exception
    undo = [b for b in at.button if b.label == "Undo"]
    assert len(undo) == 2
    undo[0].click().run()  # the newest layer is listed first
    left = OverlayStore(Store(db).engine).layers()
    assert len(left) == 1
