"""Death tolls in words, as uncertain as the sources give them.

ACLED codes one, conservative number; UCDP a best estimate with a low and a high one.
A source that gives only a floor ("at least 100 killed") fills ``fatalities_low``
alone, and the detail panel must say so rather than show an open range.
"""

from __future__ import annotations

import pandas as pd


def describe_toll(best: object, low: object = None, high: object = None) -> str:
    """'12', '12 (reported range 10–15)', '100 (reported: at least 100)', '0 (reported:
    at most 40)'; missing values (None, NaN, NA) are left out."""
    text = str(int(best)) if _known(best) else "not reported"
    if _known(low) and _known(high):
        return f"{text} (reported range {int(low)}–{int(high)})"
    if _known(low):
        return f"{text} (reported: at least {int(low)})"
    if _known(high):
        return f"{text} (reported: at most {int(high)})"
    return text


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)
