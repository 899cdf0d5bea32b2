"""Views: filters that combine, actor aliases, and the URL round trip."""

from __future__ import annotations

from datetime import date

import pytest
from builders import raw_event

from events.actors import actor_choices, canonical_actor
from events.validation import validate
from events.view import View, apply_filters


@pytest.fixture
def frame():
    return validate(
        [
            raw_event(1, event_id="shelling"),
            raw_event(
                2,
                event_id="clash",
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1="Military Forces of Russia (2000-)",
                assoc_actor_1="KPA",
                actor2="Military Forces of Ukraine (2019-)",
                assoc_actor_2="47th Mechanised Brigade",
                inter2="External/Other forces",
                admin2="Sudzhanskiy District",
                notes="Night assault in waves through the woods.",
            ),
            raw_event(
                3,
                event_id="withdrawal",
                event_type="Strategic developments",
                sub_event_type="Change to group/activity",
                disorder_type="Strategic developments",
                actor1="North Korean forces",
                actor2="",
                inter2="",
                latitude="",
                longitude="",
                geo_precision="3",
                date_start="2025-01-21",
                date_end="2025-01-31",
                time_precision="3",
                source="EU Today",
            ),
        ]
    )


@pytest.mark.parametrize(
    ("alias", "actor"),
    [
        ("KPA", "Military Forces of North Korea (2011-)"),
        ("DPRK troops", "Military Forces of North Korea (2011-)"),
        ("north korean forces", "Military Forces of North Korea (2011-)"),
        ("47th Mechanised Brigade", "47th Separate Mechanized Brigade"),
        ("47 OMBr", "47th Separate Mechanized Brigade"),
        ("Some new militia", "Some new militia"),
    ],
)
def test_aliases_name_one_actor(alias, actor):
    assert canonical_actor(alias) == actor


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (View(), {"shelling", "clash", "withdrawal"}),
        (View(event_types=("Battles",)), {"clash"}),
        (View(actors=("Military Forces of North Korea (2011-)",)), {"clash", "withdrawal"}),
        (View(actors=("47th Separate Mechanized Brigade",)), {"clash"}),
        (View(districts=("Sudzhanskiy District",)), {"clash"}),
        (View(max_geo_precision=2), {"shelling", "clash"}),
        (View(max_time_precision=1), {"shelling", "clash"}),
        (View(sources=("EU Today",)), {"withdrawal"}),
        (View(text="WOODS"), {"clash"}),
        # filters combine: North Korean forces AND strategic developments
        (
            View(
                actors=("Military Forces of North Korea (2011-)",),
                event_types=("Strategic developments",),
            ),
            {"withdrawal"},
        ),
        (View(event_types=("Battles",), max_geo_precision=1, text="nothing"), set()),
    ],
)
def test_filters_combine(frame, view, expected):
    assert set(apply_filters(frame, view)["event_id"]) == expected


@pytest.mark.parametrize("view", [View(), View(event_types=("Battles",))])
def test_filters_can_keep_only_the_columns_asked_for(frame, view):
    columns = ["event_id", "date_start", "fatalities"]
    narrow = apply_filters(frame, view, columns=columns)
    assert list(narrow.columns) == columns
    assert narrow.equals(apply_filters(frame, view)[columns])


def test_actor_choices_are_canonical(frame):
    choices = actor_choices(frame)
    assert "Military Forces of North Korea (2011-)" in choices
    assert "KPA" not in choices and "North Korean forces" not in choices


def test_a_view_round_trips_through_query_params():
    view = View(
        start=date(2025, 1, 21),
        end=date(2025, 2, 28),
        event_types=("Battles", "Strategic developments"),
        actors=("Military Forces of North Korea (2011-)",),
        max_geo_precision=2,
        text="night assault",
        selected="SM-ART-007",
        lat=51.2,
        lon=35.3,
        zoom=8.5,
    )
    params = view.to_query_params()
    assert all(isinstance(v, str) for v in params.values())
    assert View.from_query_params(params) == view


def test_defaults_stay_out_of_the_url_and_garbage_is_ignored():
    assert View().to_query_params() == {}
    assert View.from_query_params({"start": "yesterday", "zoom": "x", "junk": "1"}) == View()


def test_the_filters_of_a_view_leave_out_window_selection_camera_and_drawing():
    from datetime import date

    view = View(
        start=date(2025, 1, 1),
        end=date(2025, 1, 31),
        event_types=("Battles",),
        text="Sudzha",
        selected="E1",
        points=True,
        lat=51.2,
        lon=35.3,
        zoom=9.0,
    )
    assert view.filters() == View(event_types=("Battles",), text="Sudzha")


@pytest.mark.parametrize("points", [True, False])
def test_every_event_as_a_dot_round_trips_through_the_url(points):
    assert View.from_query_params(View(points=points).to_query_params()).points is points
