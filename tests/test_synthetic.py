"""The benchmark's synthetic events look like coded events: the importer takes them
as they are, with every point in the oblast its row names."""

from __future__ import annotations

import pandas as pd
import pytest

from events.formats import native
from geo.regions import assign_admin
from sitmap.importer import plan_import
from sitmap.synthetic import CLUSTERS, synthetic_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return synthetic_events(3_000, seed=11)


def test_the_importer_takes_them_without_a_problem_or_a_flag(events, store):
    plan = plan_import(native.write(events), "synthetic.csv", store)
    assert plan.problems == []
    assert plan.flags == []  # every point lies in the oblast its row names
    assert plan.row_count == len(events)


def test_each_event_names_the_oblast_and_district_its_point_is_in(events):
    located = events[events["latitude"].notna()]
    admin = assign_admin(located["longitude"], located["latitude"])
    assert admin["admin1"].tolist() == located["admin1"].astype(object).tolist()
    assert admin["admin2"].fillna("").tolist() == located["admin2"].fillna("").tolist()


@pytest.mark.parametrize(
    ("precision", "named_after"),
    [(1, "place"), (2, "place"), (3, "district, else oblast")],
)
def test_the_location_is_the_place_or_for_an_area_event_the_area(events, precision, named_after):
    rows = events[events["geo_precision"] == precision]
    assert len(rows) > 0
    if named_after == "place":
        assert set(rows["location"]) <= {place for place, *_ in CLUSTERS}
        assert rows["latitude"].notna().all()
    else:
        area = rows["admin2"].fillna(rows["admin1"])
        assert rows["location"].tolist() == area.tolist()
        assert rows["latitude"].isna().all()
