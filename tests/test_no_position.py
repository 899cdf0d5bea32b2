"""Events with no map position (geo precision 4: a region larger than an oblast, or a
whole country): listed by the table's counts, the timeline, the key events and the
briefing, kept through every export, and never drawn on the map, as a dot, a ring or an
area."""

from __future__ import annotations

import io
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from builders import raw_event
from matplotlib.figure import Figure
from pypdf import PdfReader

from events.export import export_events
from events.formats import native
from events.key_events import key_events
from events.schema import to_frame
from events.store import Store
from events.timeline import bin_counts, spans
from events.timeline_chart import timeline_spec
from events.validation import validate
from events.view import View, apply_filters
from events.vocabulary import NOT_ON_THE_MAP
from geo.layers import deck_payload, event_deck
from geo.map_index import MapIndex
from geo.static_map import draw_events
from sitmap.briefing import render_briefing
from sitmap.importer import commit, plan_import

REGION = {
    "geo_precision": "4",
    "latitude": "",
    "longitude": "",
    "admin1": "",
    "admin2": "",
    "country": "Russia",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
}


def region_event(i: int, event_id: str, **changes: str) -> dict[str, str]:
    """A raw region-level event: known only to a border region, no oblast, no position."""
    cells = {"location": "Kursk-Sumy border area", **REGION, **changes}
    return raw_event(i, event_id=event_id, **cells)


@pytest.fixture
def events() -> pd.DataFrame:
    """A dot, a ring, an oblast-level event and two region-level ones (one naming no
    oblast, one naming Kursk Oblast, which must not be shaded for it), all on 3 Feb."""
    day = {"date_start": "2025-02-03", "date_end": "2025-02-03"}
    oblast = {"geo_precision": "3", "latitude": "", "longitude": "", "admin2": ""}
    battle = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    return validate(
        [
            raw_event(1, event_id="DOT", **day),
            raw_event(2, event_id="RING", geo_precision="2", **day),
            raw_event(3, event_id="OBLAST", fatalities="5", **oblast, **battle, **day),
            region_event(4, "REGION-1", fatalities="5", **day),
            region_event(5, "REGION-2", fatalities="0", admin1="Kursk Oblast", **day),
        ]
    )


REGION_IDS = {"REGION-1", "REGION-2"}


@pytest.mark.parametrize("aggregate", [False, True])
def test_the_map_draws_nothing_for_them(events, aggregate):
    payload = deck_payload(event_deck(events, aggregate=aggregate))
    assert not any(event_id in payload for event_id in REGION_IDS)  # no dot, ring, area, tip
    index = MapIndex(events)
    everything = index.positions()
    assert index.count_located(everything) == 2  # the dot and the ring
    assert int(index.cells.count(everything)["count"].sum()) == 2
    drawn_in_areas = [events["event_id"].iloc[g.top].tolist() for g in index.areas(top=10)]
    assert drawn_in_areas == [["OBLAST"]]


def test_the_paper_map_draws_nothing_for_them(events):
    region_only = events[events["event_id"].isin(REGION_IDS)]
    ax = Figure().add_subplot()
    counts = draw_events(ax, region_only)
    assert counts == {"point": 0, "circle": 0, "area": 0, "none": 2}
    assert len(ax.collections) == 0 and len(ax.patches) == 0


def test_the_view_shows_them_by_default_and_old_links_mean_what_they_meant(events):
    """Links never wrote the old default (3), so a link without the filter still means
    every event; 1 and 2 still mean what they did; 3, now written, leaves them out."""
    default = View.from_query_params({})
    assert set(apply_filters(events, default)["event_id"]) >= REGION_IDS
    assert View().to_query_params() == {}
    old_link = View.from_query_params({"max_geo_precision": "2"})
    assert set(apply_filters(events, old_link)["event_id"]) == {"DOT", "RING"}
    areas_at_most = View(max_geo_precision=3)
    assert View.from_query_params(areas_at_most.to_query_params()) == areas_at_most
    assert not set(apply_filters(events, areas_at_most)["event_id"]) & REGION_IDS


def test_the_timeline_draws_them_as_ranges(events):
    """Known to one day, they are not bars only: the ranges strip lists them, as it does
    oblast-level events, so they read beside the map that cannot show them."""
    wide = spans(events)
    assert set(wide["event_id"]) == {"OBLAST", *REGION_IDS}
    spec = timeline_spec(bin_counts(events), wide, (date(2025, 2, 1), date(2025, 2, 28)), {})
    ranges = spec["vconcat"][1]["layer"][1]["data"]["values"]
    assert {r["event_id"] for r in ranges} >= REGION_IDS


def test_key_events_list_them_below_a_district_or_oblast_event_of_equal_weight(events):
    ranked = key_events(events, n=5)["event_id"].tolist()
    assert ranked.index("OBLAST") < ranked.index("REGION-1")  # same deaths, type and day
    assert "REGION-2" in ranked


def pdf_words(data: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_the_briefing_lists_them_as_not_on_the_map(events):
    view = View(start=date(2025, 2, 1), end=date(2025, 2, 28))
    words = pdf_words(render_briefing(events, view, file_format="pdf"))
    assert "5 of 5 events" in words
    assert "REGION-1" in words and f"Kursk-Sumy border area ({NOT_ON_THE_MAP})" in words
    assert "2 event(s) in view known only to a region or country: not on the map" in words


EXPORTS = [".csv", ".geojson", ".gpkg"]


@pytest.mark.parametrize("suffix", EXPORTS)
def test_they_and_their_flags_survive_export_and_re_import(tmp_path, events, suffix):
    """Each export, read back and imported into another store, gives the same events:
    precision 4 with no position and no oblast, and the source's disagreeing figures
    flagged again."""
    disagreeing = events.copy()
    at = disagreeing["event_id"] == "REGION-1"
    disagreeing.loc[at, "fatalities_high"] = 3  # best 5 > high 3, as the source gave it
    path = tmp_path / f"events{suffix}"
    export_events(disagreeing, path)
    if suffix == ".csv":
        data = path.read_bytes()
    else:
        back = gpd.read_file(path)
        by_id = back.set_index("event_id")
        assert by_id.geometry["REGION-1"] is None  # no geometry, not a point at 0,0
        assert by_id.geometry["DOT"].x == pytest.approx(35.2669)  # x is longitude
        properties = to_frame(pd.DataFrame(back.drop(columns="geometry")))
        pd.testing.assert_frame_equal(properties, disagreeing)
        data = native.write(properties)
    store = Store(f"sqlite:///{tmp_path / 'again.sqlite'}")
    plan = plan_import(data, path.name, store)
    assert plan.ok, plan.problems
    assert [(f.column, f.value) for f in plan.flags] == [("fatalities", "5")]
    commit(plan, store)
    again = store.events().set_index("event_id")
    region = again.loc["REGION-1"]
    assert (region.geo_precision, region.location) == (4, "Kursk-Sumy border area")
    assert pd.isna(region.admin1) and pd.isna(region.latitude) and pd.isna(region.longitude)
    assert (region.fatalities, region.fatalities_high) == (5, 3)
    assert len(again) == len(events)
