"""Which events a briefing lists first: the most significant in the window."""

from __future__ import annotations

import numpy as np
import pandas as pd

from events.vocabulary import EVENT_TYPES

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


RANK_COLUMNS = ("date_start", "geo_precision", "time_precision", "event_type", "fatalities")
"""What :func:`ranked` reads."""


def key_events(frame: pd.DataFrame, n: int = 6) -> pd.DataFrame:
    """The ``n`` most significant events (see :func:`ranked`)."""
    return ranked(frame).head(n)


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Every event, most significant first: most fatalities, then type, then the most
    precise date and place, then the latest (ties keep the frame's order)."""
    last = np.iinfo("int64").max  # an unknown precision sorts after every known one
    order = np.lexsort(
        (
            -frame["date_start"].to_numpy("datetime64[s]").view("int64"),
            frame["geo_precision"].to_numpy("int64", na_value=last),
            frame["time_precision"].to_numpy("int64", na_value=last),
            frame["event_type"].map(_RANK).fillna(9).to_numpy("int64"),
            -frame["fatalities"].to_numpy("int64", na_value=0),
        )
    )
    return frame.iloc[order]
