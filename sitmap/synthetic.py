"""Realistic synthetic events, for benchmarks and scale tests (never for analysis).

Events cluster around front-line places and along the border, follow an ACLED-like
type mix, have heavy-tailed fatalities and a share of interval dates and imprecise
places, so the map, the store and the briefing meet the shapes real data has.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from events.schema import COLUMNS, to_frame
from events.vocabulary import TAXONOMY
from geo.regions import assign_admin, oblasts

VERSION = 2
"""Changes whenever the generator makes other events for the same seed (2: place names,
districts and oblasts as a coder would give them), so stores built from it are rebuilt."""

# (place, longitude, latitude, weight): front-line places on both sides of the border,
# at their gazetteer coordinates (x is longitude)
CLUSTERS = (
    ("Sudzha", 35.27194, 51.19194, 5.0),
    ("Korenevo", 34.90083, 51.41028, 3.0),
    ("Lyubimovka", 35.0425, 51.31194, 2.0),  # Korenevskiy District
    ("Plekhovo", 35.33056, 51.09972, 2.0),
    ("Tetkino", 34.2825, 51.27111, 1.5),
    ("Krasnopillya", 35.2596, 50.7746, 2.0),
    ("Sumy", 34.8003, 50.9216, 2.5),
    ("Yunakivka", 35.0406, 51.1221, 1.5),
    ("Belgorod", 36.58889, 50.5975, 1.0),
)
TYPE_MIX = {
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"): 0.45,
    ("Explosions/Remote violence", "Air/drone strike"): 0.25,
    ("Battles", "Armed clash"): 0.18,
    ("Violence against civilians", "Attack"): 0.04,
    ("Strategic developments", "Change to group/activity"): 0.05,
    ("Strategic developments", "Looting/property destruction"): 0.03,
}


def synthetic_events(
    n: int, *, seed: int = 0, start: str = "2024-08-06", days: int = 600
) -> pd.DataFrame:
    """``n`` synthetic events as the schema's frame (ids ``SYN-…``)."""
    rng = np.random.default_rng(seed)
    weights = np.array([c[3] for c in CLUSTERS])
    which = rng.choice(len(CLUSTERS), size=n, p=weights / weights.sum())
    centres = np.array([c[1:3] for c in CLUSTERS])[which]
    spread = rng.gamma(1.5, 0.06, size=(n, 1))
    lon = (centres[:, 0] + rng.normal(size=n) * spread[:, 0] * 1.6).round(4)
    lat = (centres[:, 1] + rng.normal(size=n) * spread[:, 0]).round(4)
    # labelled as a coder would: the oblast and district the point lies in, the place
    # it is near; a point the spread threw off the map is pulled back towards its place
    admin = assign_admin(lon, lat)
    for _ in range(20):
        off = np.flatnonzero(admin["admin1"].isna().to_numpy())
        if not len(off):
            break
        lon[off] = ((lon[off] + centres[off, 0]) / 2).round(4)
        lat[off] = ((lat[off] + centres[off, 1]) / 2).round(4)
        admin.iloc[off] = assign_admin(lon[off], lat[off]).to_numpy()
    kinds = list(TYPE_MIX)
    probabilities = np.array(list(TYPE_MIX.values()))
    chosen = rng.choice(len(kinds), size=n, p=probabilities / probabilities.sum())
    event_type = np.array([k[0] for k in kinds])[chosen]
    sub_type = np.array([k[1] for k in kinds])[chosen]
    assert all(s in TAXONOMY[t] for t, s in kinds)

    day0 = pd.Timestamp(start)
    offsets = np.sort(rng.integers(0, days, size=n))
    time_precision = rng.choice([1, 2, 3], size=n, p=[0.85, 0.1, 0.05])
    width = np.select([time_precision == 1, time_precision == 2], [0, 6], 30)
    date_start = day0 + pd.to_timedelta(offsets, unit="D")
    date_end = date_start + pd.to_timedelta(width, unit="D")
    geo_precision = rng.choice([1, 2, 3], size=n, p=[0.8, 0.15, 0.05])
    fatalities = np.minimum(rng.zipf(2.2, size=n) - 1, 500)
    # an event known only to its district or oblast is named after that area
    admin1 = admin["admin1"].to_numpy(object)
    admin2 = admin["admin2"].to_numpy(object)
    country = pd.Series(admin1).map(_countries()).to_numpy(object)
    ukraine = country == "Ukraine"
    area_name = np.where(pd.isna(admin2), admin1, admin2)
    place = np.array([c[0] for c in CLUSTERS], dtype=object)[which]
    frame = pd.DataFrame(
        {
            "event_id": [f"SYN-{i:07d}" for i in range(n)],
            "date_start": date_start,
            "date_end": date_end,
            "time_precision": time_precision,
            "disorder_type": np.where(
                event_type == "Strategic developments",
                "Strategic developments",
                "Political violence",
            ),
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": "Military Forces of Russia (2000-)",
            "inter1": "State forces",
            "actor2": "Military Forces of Ukraine (2019-)",
            "inter2": np.where(ukraine, "State forces", "External/Other forces"),
            "country": country,
            "admin1": admin1,
            "admin2": admin2,
            "location": np.where(geo_precision < 3, place, area_name),
            "latitude": np.where(geo_precision < 3, lat, np.nan),
            "longitude": np.where(geo_precision < 3, lon, np.nan),
            "geo_precision": geo_precision,
            "fatalities": fatalities,
            "source": "synthetic",
            "notes": "Synthetic event for benchmarks.",
            "coded_by": "synthetic",
        },
        columns=[c for c in COLUMNS if c not in ("batch_id", "imported_at")],
    )
    return _typed(frame)


@cache
def _countries() -> dict[str, str]:
    return dict(zip(oblasts()["admin1"], oblasts()["country"], strict=True))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The schema's dtypes without per-cell validation (the generator is trusted)."""
    typed = to_frame([])
    out = pd.DataFrame(index=frame.index)
    for column in COLUMNS:
        dtype = typed[column].dtype
        if column in frame:
            out[column] = frame[column].astype(dtype)
        else:
            out[column] = pd.Series(pd.NA if dtype != "float64" else np.nan, index=frame.index)
            out[column] = out[column].astype(dtype)
    return out
