"""Realistic synthetic events, for benchmarks and scale tests (never for analysis).

Events cluster around front-line places and along the border, follow an ACLED-like
type mix, have heavy-tailed fatalities and a share of interval dates and imprecise
places, so the map, the store and the briefing meet the shapes real data has.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from events.schema import COLUMNS, TAXONOMY, to_frame

# (longitude, latitude, weight): front-line places on both sides of the border
CLUSTERS = (
    (35.2719, 51.1919, 5.0),  # Sudzha
    (34.9008, 51.4103, 3.0),  # Korenevo
    (35.0690, 51.3200, 2.0),  # Lyubimovka area
    (35.3400, 51.1300, 2.0),  # Plekhovo / Guyevo
    (34.5350, 51.3570, 1.5),  # Tetkino
    (35.2669, 50.7736, 2.0),  # Krasnopillia (Sumy)
    (34.7981, 50.9077, 2.5),  # Sumy
    (35.0530, 51.0200, 1.5),  # Yunakivka
    (36.5887, 50.5952, 1.0),  # Belgorod
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
    weights = np.array([c[2] for c in CLUSTERS])
    which = rng.choice(len(CLUSTERS), size=n, p=weights / weights.sum())
    centres = np.array([c[:2] for c in CLUSTERS])[which]
    spread = rng.gamma(1.5, 0.06, size=(n, 1))
    lon = centres[:, 0] + rng.normal(size=n) * spread[:, 0] * 1.6
    lat = centres[:, 1] + rng.normal(size=n) * spread[:, 0]
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
    ukraine = lat < 51.0  # roughly: the Sumy side
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
            "country": np.where(ukraine, "Ukraine", "Russia"),
            "admin1": np.where(ukraine, "Sumy Oblast", "Kursk Oblast"),
            "location": "synthetic place",
            "latitude": np.where(geo_precision < 3, lat.round(4), np.nan),
            "longitude": np.where(geo_precision < 3, lon.round(4), np.nan),
            "geo_precision": geo_precision,
            "fatalities": fatalities,
            "source": "synthetic",
            "notes": "Synthetic event for benchmarks.",
            "coded_by": "synthetic",
        },
        columns=[c for c in COLUMNS if c not in ("batch_id", "imported_at")],
    )
    return _typed(frame)


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
