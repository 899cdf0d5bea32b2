"""Which events a briefing lists first: the most significant in the window."""

from __future__ import annotations

import pandas as pd

from events.schema import EVENT_TYPES

# Kinetic events before political ones; ACLED's own order within each group.
_RANK = {
    "Battles": 0,
    "Explosions/Remote violence": 1,
    "Violence against civilians": 2,
    "Strategic developments": 3,
    "Riots": 4,
    "Protests": 5,
}
assert set(_RANK) == set(EVENT_TYPES)


def key_events(frame: pd.DataFrame, n: int = 6) -> pd.DataFrame:
    """The ``n`` most significant events: most fatalities, then type, then precision, then date."""
    ranked = frame.assign(
        _deaths=frame["fatalities"].fillna(0).astype("int64"),
        _type=frame["event_type"].map(_RANK).fillna(9),
    ).sort_values(
        ["_deaths", "_type", "time_precision", "geo_precision", "date_start"],
        ascending=[False, True, True, True, False],
        kind="stable",
    )
    return ranked.drop(columns=["_deaths", "_type"]).head(n)
