"""Briefing pages: one page with title, window, legend, key events and attribution."""

from __future__ import annotations

import io
from datetime import date

import pytest
from builders import raw_event
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from events.store import Store
from events.validation import validate
from events.view import View
from geo.static_map import draw_events
from sitmap.briefing import BriefingText, plain, render_briefing
from sitmap.cli import main
from sitmap.seed import seed_store


@pytest.fixture(scope="module")
def events():

    store = Store("sqlite://")
    seed_store(store)
    store.add_batch(
        validate([raw_event(i, event_id=f"SH-{i}", fatalities=str(i)) for i in range(1, 6)]),
        file_name="x.csv",
        data_hash="h",
    )
    return store.events()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_pdf_has_title_window_legend_key_events_and_attribution(events):
    view = View(start=date(2025, 1, 25), end=date(2025, 2, 28))
    text = BriefingText(title="Kursk brief 42", permalink="http://localhost:8501/?start=x")
    data = render_briefing(events, view, text=text, file_format="pdf")
    words = " ".join(pdf_text(data).split())
    assert "Kursk brief 42" in words
    assert "Window 25 Jan 2025 – 28 Feb 2025" in words
    for legend_entry in ("Battles", "Strategic developments", "Explosions/Remote violence"):
        assert legend_entry in words
    assert "Violence against civilians" not in words  # only types present
    assert "Key events" in words and "SM-ART-007" in words and "SH-5" in words
    assert "Natural Earth" in words and "GeoNames" in words
    assert "http://localhost:8501/?start=x" in words


@pytest.mark.parametrize(("size", "pixels"), [("1920x1080", (1920, 1080)), ("a4", (2338, 1654))])
def test_the_png_has_the_requested_size(events, size, pixels):
    data = render_briefing(events, View(), size=size, file_format="png")
    assert Image.open(io.BytesIO(data)).size == pixels


def test_an_empty_window_gives_a_page_that_says_so(events):
    view = View(start=date(2023, 1, 1), end=date(2023, 1, 31))
    words = " ".join(pdf_text(render_briefing(events, view, file_format="pdf")).split())
    assert "No events in this window" in words
    assert "None in this window" in words


def test_untrusted_text_is_drawn_as_text(events):
    hostile = events.copy()
    hostile.loc[hostile["event_id"] == "SH-5", "location"] = "$\\alpha$ <script>x</script>"
    assert plain("$x$\x07") == r"\$x\$ "
    view = View(start=date(2025, 2, 1), end=date(2025, 2, 5))
    words = pdf_text(render_briefing(hostile, view, file_format="pdf"))
    assert "<script>x</script>" in words


def test_the_cli_renders_a_briefing(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'b.sqlite'}"
    assert main(["--db", db, "seed"]) == 0
    out = tmp_path / "brief.pdf"
    code = main(
        [
            "--db",
            db,
            "brief",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-28",
            "--type",
            "Battles",
            "--title",
            "Battles only",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    words = " ".join(pdf_text(out.read_bytes()).split())
    assert "Battles only" in words and "types: Battles" in words
    assert main(["--db", db, "brief", "-o", str(tmp_path / "x.docx")]) == 2


def test_area_level_events_are_hatched_outlined_and_counted_not_filled(events):
    """An event known only to an oblast must not read as control of it: its area is
    hatched and outlined in the event's colour, with how many events it holds."""
    figure = Figure()
    ax = figure.add_subplot()
    kinds = draw_events(ax, events)
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert kinds["area"] and hatched
    for collection in hatched:
        assert (collection.get_facecolor()[:, 3] == 0).all()  # no fill at all
        assert (collection.get_edgecolor()[:, 3] > 0.5).all()  # a clear outline
    badges = sorted(int(t.get_text()) for t in ax.texts if t.get_text().isdigit())
    assert sum(badges) == kinds["area"]
