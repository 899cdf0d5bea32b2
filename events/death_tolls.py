"""Death tolls in words, as uncertain as the sources give them.

ACLED codes one, conservative number; UCDP a best estimate with a low and a high one.
A source that gives only a floor ("at least 100 killed") fills ``fatalities_low``
alone, and the detail panel must say so rather than show an open range.  A source's
own figures can contradict each other (UCDP releases hold rows whose best exceeds
their high): those are kept as given and said to disagree, here and in the import
preview (:func:`disagreement_flags`), never corrected or rejected.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from events.problems import Problem

DISAGREE = "the source's own figures disagree"


def describe_toll(best: object, low: object = None, high: object = None) -> str:
    """'12', '12 (reported range 10–15)', '100 (reported: at least 100)', '0 (reported:
    at most 40)'; missing values (None, NaN, NA) are left out.  Figures out of order end
    with '— the source's own figures disagree (best 12 > high 10)'."""
    text = str(int(best)) if _known(best) else "not reported"
    if _known(low) and _known(high):
        text = f"{text} (reported range {int(low)}–{int(high)})"
    elif _known(low):
        text = f"{text} (reported: at least {int(low)})"
    elif _known(high):
        text = f"{text} (reported: at most {int(high)})"
    disagreement = figures_disagree(best, low, high)
    return f"{text} — {DISAGREE} ({disagreement})" if disagreement else text


def figures_disagree(best: object, low: object = None, high: object = None) -> str:
    """How the figures contradict each other ('low 9 > best 5, best 5 > high 4'), or ''
    when they are in order (low ≤ best ≤ high, missing ones left out)."""
    parts = []
    if _known(low) and _known(best) and int(low) > int(best):
        parts.append(f"low {int(low)} > best {int(best)}")
    if _known(best) and _known(high) and int(best) > int(high):
        parts.append(f"best {int(best)} > high {int(high)}")
    if not parts and _known(low) and _known(high) and int(low) > int(high):
        parts.append(f"low {int(low)} > high {int(high)}")
    return ", ".join(parts)


def disagreement_flags(frame: pd.DataFrame, lines: Sequence[int]) -> list[Problem]:
    """A flag (not a problem: the row is imported as given) for each event of the frame
    whose fatalities lie outside [fatalities_low, fatalities_high]; ``lines`` are the
    rows' file lines.  Named by the ``fatalities`` column, whose value it shows."""
    best, low, high = (
        frame[name].to_numpy("float64", na_value=np.nan)
        for name in ("fatalities", "fatalities_low", "fatalities_high")
    )
    with np.errstate(invalid="ignore"):  # NaN compares false: a missing figure agrees
        out_of_order = (low > best) | (best > high) | (low > high)
    return [
        Problem(
            lines[i],
            "fatalities",
            "" if np.isnan(best[i]) else str(int(best[i])),
            f"{DISAGREE} ({figures_disagree(best[i], low[i], high[i])})",
        )
        for i in np.flatnonzero(out_of_order).tolist()
    ]


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)
