"""A briefing page (PDF or PNG) of a view: map, legend, timeline, key events, sources.

Rendered with matplotlib on the server — no browser, no internet — so it works on
closed networks and in CI.  All text from the data is drawn as plain text
(``usetex`` off, mathtext disabled by escaping ``$``), never interpreted.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from events.key_events import key_events  # noqa: E402
from events.schema import event_kind  # noqa: E402
from events.timeline import bin_counts, describe_dates, overlapping, spans  # noqa: E402
from events.view import View, apply_filters  # noqa: E402
from events.vocabulary import GEO_PRECISION, NO_POSITION, NOT_ON_THE_MAP  # noqa: E402
from geo.basemap import ATTRIBUTION  # noqa: E402
from geo.overlay_paper import draw_overlay, overlay_handles  # noqa: E402
from geo.static_map import draw_map, legend_handles  # noqa: E402
from geo.style import EVENT_COLOURS, to_matplotlib  # noqa: E402
from sitmap.overlay_analysis import BriefingOverlay  # noqa: E402

SIZES = {
    "1920x1080": (19.2, 10.8, 100),  # inches and dpi: a 16:9 slide / screen
    "a4": (11.69, 8.27, 200),  # A4 landscape
}


@dataclass(frozen=True)
class BriefingText:
    """The words around the map."""

    title: str = "Kursk front — situation"
    classification: str = ""
    permalink: str = ""
    data_version: str = ""
    as_of: date | None = None


def plain(text: object) -> str:
    """Untrusted text made inert for matplotlib: no mathtext, no control characters."""
    cleaned = "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in str(text))
    return cleaned.replace("$", r"\$")


def describe_filters(view: View) -> str:
    """The view's filters in words."""
    parts = []
    for label, values in (
        ("types", view.event_types),
        ("sub-types", view.sub_event_types),
        ("actors", view.actors),
        ("districts", view.districts),
        ("sources", view.sources),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if view.max_geo_precision < NO_POSITION:
        parts.append(f"place known to {GEO_PRECISION[view.max_geo_precision]} or better")
    if view.text:
        parts.append(f'text "{view.text}"')
    if view.front_km is not None and view.overlay:
        parts.append(f"within {view.front_km:g} km of the {view.overlay} front line")
    return "; ".join(parts) or "all events"


def render_briefing(
    events: pd.DataFrame,
    view: View,
    path: Path | None = None,
    *,
    text: BriefingText = BriefingText(),
    size: str = "1920x1080",
    file_format: str = "png",
    overlay: BriefingOverlay | None = None,
) -> bytes:
    """Render the briefing of ``view`` over ``events``; returns the file's bytes (and writes
    them to ``path`` if given, the format then following its suffix).  An ``overlay``
    is drawn under the events, named in the legend and the attribution."""
    if path is not None:
        file_format = path.suffix.lower().lstrip(".")
    if file_format not in ("png", "pdf"):
        raise ValueError(f"a briefing is a .png or a .pdf, not .{file_format}")
    width, height, dpi = SIZES[size]
    start = view.start or events["date_start"].min().date()
    end = view.end or events["date_end"].max().date()
    filtered = apply_filters(events, view)
    shown = overlapping(filtered, start, end)

    with plt.rc_context({"text.usetex": False, "font.family": "DejaVu Sans"}):
        fig = plt.figure(figsize=(width, height), dpi=dpi)
        grid = fig.add_gridspec(
            3,
            2,
            width_ratios=[1.6, 1],
            height_ratios=[0.09, 1, 0.2],
            hspace=0.14,
            wspace=0.04,
            left=0.025,
            right=0.985,
            top=0.95,
            bottom=0.05,
        )
        _header(fig.add_subplot(grid[0, :]), text, start, end, view, len(shown), len(events))
        map_ax = fig.add_subplot(grid[1, 0])
        drawn = draw_map(map_ax, shown)
        _unmapped_note(map_ax, drawn["none"])
        present = [t for t in shown["event_type"].value_counts().index]
        handles = legend_handles(present)
        if overlay is not None:
            classes = draw_overlay(map_ax, overlay.features)
            handles += overlay_handles(classes, plain(overlay.caption()))
        legend = map_ax.legend(
            handles=handles,
            loc="lower right",
            fontsize=7.5,
            framealpha=0.95,
            title="Legend",
            title_fontsize=8,
        )
        legend.set_zorder(20)
        if shown.empty:
            map_ax.text(
                0.5,
                0.5,
                "No events in this window with these filters",
                transform=map_ax.transAxes,
                ha="center",
                fontsize=16,
                bbox={"facecolor": "white", "alpha": 0.9},
            )
        _key_events(fig.add_subplot(grid[1, 1]), shown)
        bars_grid = grid[2, 0].subgridspec(2, 1, height_ratios=[1.5, 1.3], hspace=0.05)
        bars = fig.add_subplot(bars_grid[0])
        _timeline(bars, filtered, start, end)
        _ranges(fig.add_subplot(bars_grid[1], sharex=bars), filtered, start, end)
        _footer(fig.add_subplot(grid[2, 1]), shown, text, overlay)
        buffer = io.BytesIO()
        extra = {"pil_kwargs": {"compress_level": 3}} if file_format == "png" else {}
        fig.savefig(
            buffer, format=file_format, dpi=dpi, metadata=_metadata(text, file_format), **extra
        )
        plt.close(fig)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


def _metadata(text: BriefingText, file_format: str) -> dict:
    if file_format == "pdf":
        return {"Title": plain(text.title), "Creator": "sitmap"}
    return {"Title": plain(text.title), "Software": "sitmap"}


def _header(ax, text: BriefingText, start, end, view: View, shown: int, total: int) -> None:
    ax.axis("off")
    if text.classification:
        ax.text(0.5, 1.25, plain(text.classification), ha="center", fontsize=10, color="#b00")
    ax.text(0, 0.55, plain(text.title), fontsize=22, fontweight="bold", va="center")
    as_of = text.as_of or date.today()
    ax.text(
        0,
        -0.25,
        plain(
            f"Window {start:%-d %b %Y} – {end:%-d %b %Y}  ·  {shown} of {total} events  ·  "
            f"{describe_filters(view)}  ·  as of {as_of:%-d %b %Y}"
            + (f"  ·  data version {text.data_version}" if text.data_version else "")
        ),
        fontsize=10.5,
        color="#333",
        va="center",
    )


def _key_events(ax, shown: pd.DataFrame) -> None:
    ax.axis("off")
    ax.set_title("Key events", loc="left", fontsize=13, fontweight="bold")
    y = 0.97
    if shown.empty:
        ax.text(0, y, "None in this window.", fontsize=10, va="top")
        return
    for _, event in key_events(shown, n=6).iterrows():
        when = describe_dates(event["date_start"], event["date_end"], int(event["time_precision"]))
        head = f"{when} · {event['location']} ({_place_words(int(event['geo_precision']))})"
        deaths = int(event["fatalities"]) if pd.notna(event["fatalities"]) else 0
        summary = f"{event_kind(event)}: {event['actor1']}"
        if pd.notna(event["actor2"]) and str(event["actor2"]).strip():
            summary += f" vs {event['actor2']}"
        summary += f" · fatalities {deaths}"
        note = str(event["notes"]) if pd.notna(event["notes"]) else ""
        first_sentence = textwrap.shorten(note.split(". ")[0], 170, placeholder=" …")
        title = textwrap.fill(plain(f"{event['event_id']}  {head}"), 78)
        body = textwrap.fill(plain(summary), 88) + "\n" + textwrap.fill(plain(first_sentence), 92)
        ax.text(0, y, title, fontsize=8.8, fontweight="bold", va="top")
        y -= 0.03 * (title.count("\n") + 1)
        ax.text(0, y, body, fontsize=8, va="top", color="#222")
        y -= 0.018 + 0.027 * (body.count("\n") + 1)
        if y < 0.05:
            break


def _place_words(precision: int) -> str:
    """How precisely a key event's place is known, saying when it is not on the map."""
    return NOT_ON_THE_MAP if precision == NO_POSITION else GEO_PRECISION[precision]


def _unmapped_note(ax, count: int) -> None:
    """Say on the map how many events in view it cannot draw (no position)."""
    if count:
        ax.text(
            0.01, 0.99, f"{count} event(s) in view known only to a region or country: "
            "not on the map", transform=ax.transAxes, ha="left",
            va="top", fontsize=8.5, bbox={"facecolor": "white", "alpha": 0.85, "lw": 0},
            zorder=20,
        )  # fmt: skip


def _timeline(ax, frame: pd.DataFrame, start, end) -> None:
    counts = bin_counts(frame)
    if not counts.empty:
        pivot = counts.pivot_table(
            index="bin", columns="event_type", values="events", aggfunc="sum", fill_value=0
        )
        bottom = None
        for kind in pivot.columns:
            ax.bar(
                pivot.index,
                pivot[kind],
                width=6,
                bottom=bottom,
                color=to_matplotlib(EVENT_COLOURS.get(kind, (120, 120, 120, 255))),
                label=kind,
                align="edge",
            )
            bottom = pivot[kind] if bottom is None else bottom + pivot[kind]
    if not frame.empty:
        # to the end of the last day, as the ranges are drawn: a one-day span is a day wide
        ax.set_xlim(frame["date_start"].min(), frame["date_end"].max() + pd.Timedelta(days=1))
    ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color="#1f4e79", alpha=0.12, lw=0)
    ax.set_ylabel("events / week", fontsize=8)
    ax.tick_params(labelsize=7.5, labelbottom=False)
    ax.set_title(
        "Timeline: events per week (above) and events known only to a wider interval or a "
        "whole region (ranges below); shaded: the window",
        fontsize=8.5,
        loc="left",
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


MAX_RANGES = 40


def _ranges(ax, frame: pd.DataFrame, start, end) -> None:
    """Events known only to a wider interval, and region-level events, as date ranges."""
    wide = spans(frame).sort_values("date_start")
    ax.axvspan(pd.Timestamp(start), pd.Timestamp(end), color="#1f4e79", alpha=0.12, lw=0)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=7.5)
    if len(wide) > MAX_RANGES:
        ax.text(
            0.01, 0.5, f"{len(wide)} events dated only to wider intervals or region-level "
            "(see the table)", transform=ax.transAxes, fontsize=8, va="center",
        )  # fmt: skip
        return
    width = max(1.0, min(3.5, 40 / max(len(wide), 1)))
    for i, event in enumerate(wide.itertuples(index=False)):
        colour = to_matplotlib(EVENT_COLOURS.get(event.event_type, (120, 120, 120, 255)))
        end_day = event.date_end + pd.Timedelta(days=1)
        ax.hlines(i, event.date_start, end_day, color=colour, linewidth=width)
    ax.set_ylim(-1, max(len(wide), 1))


def _footer(
    ax, shown: pd.DataFrame, text: BriefingText, overlay: BriefingOverlay | None = None
) -> None:
    ax.axis("off")
    sources = sorted(
        {s.strip() for cell in shown["source"].dropna() for s in str(cell).split(";") if s.strip()}
    )
    lines = ["Sources: " + ("; ".join(sources) if sources else "none in the window")]
    if text.permalink:
        lines.append("View: " + text.permalink)
    lines.append(ATTRIBUTION)
    if overlay is not None:
        lines.append(overlay.caption() + " — as published by that source, not verified here.")
    if text.classification:
        lines.append(text.classification)
    ax.text(
        0,
        1.0,
        "\n".join(textwrap.fill(plain(line), 80) for line in lines),
        fontsize=7.5,
        va="top",
        color="#333",
    )
