"""Frame cells as JSON values, for the command line's one-object-per-line output."""

from __future__ import annotations

import pandas as pd


def json_value(value: object) -> object:
    """A cell as JSON can hold it: missing values as null, days as ``YYYY-MM-DD``,
    NumPy scalars as Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    return value
