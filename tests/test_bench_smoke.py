"""`make bench` harness at a tiny size: every measure runs and reports its figures.

Shapes and keys only — never timings (those belong to `make bench`, not to tests).
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import numpy as np
import pytest
import streamlit as st
from PIL import Image

from bench import browser as bench_browser
from bench import import_throughput
from bench import run as bench_run
from bench.measures.deck import measure_deck
from bench.measures.figures import Figure
from bench.measures.imports import IMPORT_REPEATS, measure_import
from bench.measures.store_load import measure_store_load
from bench.measures.window_filter import measure_filter
from bench.stores import ensure_store, store_url
from events.store import Store
from sitmap.importer import plan_import

N = 2_000


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    path, built = ensure_store(N, folder, log=lambda _: None)
    assert built is not None
    assert ensure_store(N, folder, log=lambda _: None) == (path, None)  # reused, not rebuilt
    url = store_url(path)
    figures, events = measure_store_load(url, N, repeats=1)
    yield url, events, figures
    st.cache_data.clear()
    st.cache_resource.clear()


def check(figures, names):
    assert [f.figure.split(" (")[0].split(",")[0] for f in figures] == names
    for figure in figures:
        record = figure.to_json()
        assert record["n"] == N and record["unit"]
        assert set(record) >= {"figure", "value", "naive", "ratio", "target", "passed"}
        json.dumps(record, default=str)


def test_store_load_filter_and_deck(bench_store):
    url, events, figures = bench_store
    assert len(events) == N
    check(figures, ["store load", "store load"])  # from the snapshot, and a first read
    check(measure_filter(events, url, N, repeats=1, moves=2), ["filter per slider move"])
    deck = measure_deck(events, N, repeats=1, moves=2)
    check(
        deck,
        [
            "deck build+JSON per rerun",
            "deck payload",
            "deck with points",
            "deck payload with points",
            "map index build",
        ],
    )
    assert set(deck[0].details["windows"]) == {"last 30 d", "whole span"}
    assert all(f.value > 0 and f.naive > 0 for f in deck[:4]) and deck[4].value > 0


def test_import_into_the_store_is_undone(bench_store, tmp_path):
    url, _, _ = bench_store
    figures = measure_import(url, N, 200, tmp_path)
    check(figures, ["import native", "import ACLED"])
    assert all(f.higher_is_better and f.target == 10_000 for f in figures)
    assert all(len(f.details["runs_s"]) == IMPORT_REPEATS for f in figures)
    assert Store(url).count() == N


def test_table_json_and_pixels(tmp_path):
    figures = [
        Figure("store load (all events)", N, 0.5, "s", 0.25, target=5.0),
        Figure("import native", N, 5_000, "rows/s", 50_000, 10_000, True),
        Figure("peak RSS of the app server", N, None, "MB", notes="n/a"),
    ]
    assert [f.passed for f in figures] == [True, False, None]
    text = bench_run.table(figures)
    assert text.count("\n") == 4 and "**FAIL**" in text and "2×" in text
    assert "slow machine" not in text
    figures[0].details["cpu_check_ms"] = [44, 46]
    figures[1].details["cpu_check_ms"] = [48, 74]  # the machine slowed during the step
    import_line = bench_run.table(figures).splitlines()[3]
    assert (
        "**FAIL**" in import_line and "slow machine: cpu check 48→74 ms (fastest 44)" in import_line
    )
    path = bench_run.write_results(figures, bench_run.machine(), tmp_path)
    saved = json.loads(path.read_text())
    assert saved["machine"]["nproc"] >= 1 and len(saved["figures"]) == 3
    assert (tmp_path / "latest.json").exists()

    image = np.full((40, 40, 3), 238, dtype=np.uint8)
    image[:10, :10] = (230, 159, 0)  # Explosions/Remote violence
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    assert bench_browser.event_pixels(buffer.getvalue()) == 100
    assert bench_browser.peak_rss_mb(__import__("os").getpid()) > 0


def test_the_cpu_check_is_the_median_of_its_timed_loops_in_ms(monkeypatch):
    """Logged with every run, so a slow machine can be told from slower code.

    A stand-in clock gives the three loops 50, 40 and 70 ms: the check reports 50.
    """
    ticks = iter([10.0, 10.05, 20.0, 20.04, 30.0, 30.07])
    monkeypatch.setattr(bench_run, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    assert bench_run.cpu_check_ms(repeats=3) == pytest.approx(50.0)
    assert next(ticks, None) is None  # one start and one stop read per loop


def test_the_import_bench_reports_an_acled_file_as_excel_and_r_leave_it(capsys, tmp_path):
    """`make bench` times a file with Excel's d-Mon-yy dates, R's NA cells and cp1252, so
    the rows/s it prints are for the file analysts hand over."""
    mangled = import_throughput.acled_csv(50, as_excel_and_r_leave_it=True)
    assert b",NA," in mangled and b"-Aug-24," in mangled
    plan = plan_import(mangled, "bench.csv", Store(f"sqlite:///{tmp_path / 's.sqlite'}"))
    assert plan.row_count == 50 and plan.encoding == "cp1252 (Windows Western)"
    assert "event_date read as d-Mon-yy (1-Aug-24)" in plan.notes
    import_throughput.main(50)
    out = capsys.readouterr().out
    assert "50 ACLED rows as Excel and R leave them" in out
    assert out.count("rows/s") == 2
