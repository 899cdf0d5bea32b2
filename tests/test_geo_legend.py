"""The map's key is the chart Altair would write, without Altair on every rerun."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from geo.legend import legend_spec
from geo.style import EVENT_COLOURS

COLOURS = {name: "#{:02x}{:02x}{:02x}".format(*EVENT_COLOURS[name][:3]) for name in EVENT_COLOURS}


def altair_legend(colours: dict[str, str], types: list[str]) -> dict:
    """The same key drawn with Altair, its data inlined as ``legend_spec`` sends it."""
    rows = pd.DataFrame({"type": types})
    base = alt.Chart(rows).encode(y=alt.Y("type:N", axis=None, sort=None))
    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    dots = base.mark_circle(size=150, opacity=1).encode(
        x=alt.value(8), color=alt.Color("type:N", scale=scale, legend=None)
    )
    names = base.mark_text(align="left", x=20, fontSize=13).encode(text="type:N")
    chart = (dots + names).properties(height=24 * len(types), width=260)
    spec = chart.configure_view(stroke=None).to_dict()
    spec.pop("$schema")
    spec["data"] = {"values": spec.pop("datasets")[spec["data"]["name"]]}
    return spec


@pytest.mark.parametrize(
    ("present", "shown"),
    [
        (list(COLOURS)[1:3], list(COLOURS)[1:3]),
        (list(reversed(COLOURS)), list(COLOURS)),  # in the key's order, not the data's
        ([], list(COLOURS)),  # nothing in view: the whole key
        (["Not a type"], list(COLOURS)),
    ],
)
def test_the_key_lists_the_types_in_view_as_altair_would_draw_them(present, shown):
    spec = legend_spec(COLOURS, present)
    alt.LayerChart.from_dict(spec)  # raises unless it is a valid Vega-Lite document
    assert [row["type"] for row in spec["data"]["values"]] == shown
    assert spec == altair_legend(COLOURS, shown)
