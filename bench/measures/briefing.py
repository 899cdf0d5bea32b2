"""Briefing: render_briefing's PNG vs a plain matplotlib scatter of the same events."""

from __future__ import annotations

import io

import pandas as pd

from bench.measures.figures import Figure, in_window, timed, windows
from events.view import View
from sitmap.briefing import render_briefing


def naive_briefing(shown: pd.DataFrame) -> bytes:
    """A scatter of every located event on a figure of the briefing's size, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
    for kind, part in shown.groupby("event_type", observed=True):
        ax.scatter(part["longitude"], part["latitude"], s=6, label=str(kind))
    ax.legend(loc="lower right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def measure_briefing(events: pd.DataFrame, n: int, repeats: int = 3) -> list[Figure]:
    """render_briefing (PNG) of the last 30 days and of the whole span, vs a plain scatter."""
    out = []
    for label, start, end in (windows(events)[0], windows(events)[-1]):
        view = View(start=start, end=end)
        shown = in_window(events, start, end)
        app_s, png = timed(lambda v=view: render_briefing(events, v, file_format="png"), repeats)
        naive_s, _ = timed(lambda s=shown: naive_briefing(s), repeats)
        figure = Figure(f"briefing PNG, {label}", n, app_s, "s", naive_s)
        figure.details = {"rows": len(shown), "png_bytes": len(png)}
        out.append(figure)
    return out
