"""`make bench`: how the dashboard holds up at 10k, 100k and 1M events, against naive.

For each size the synthetic store is built once (var/bench/, reused across runs),
then every measure runs against it and against the naive approach (all rows, all
columns, as JSON or plain SQL) in the same run.  Prints one markdown table and writes
bench-results/bench-<timestamp>.json (plus bench-results/latest.json).

    .venv/bin/python bench/run.py                       # 10k, 100k, 1M
    .venv/bin/python bench/run.py --sizes 10000,100000
    .venv/bin/python bench/run.py --quick               # fewer repeats, no naive browser runs
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.measures.briefing import measure_briefing
from bench.measures.deck import measure_deck
from bench.measures.figures import Figure
from bench.measures.imports import measure_import
from bench.measures.map_browser import map_figures
from bench.measures.overlay import measure_overlay
from bench.measures.store_load import measure_store_load
from bench.measures.window_filter import measure_filter
from bench.stores import ensure_store, store_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
IMPORT_ROWS = 20_000
BIG = 1_000_000
"""At and above this size: one repeat, three slider moves, 5,000-row imports, no naive apps,
so that `make bench` (10k, 100k, 1M) stays within about ten minutes."""
PACKAGES = (
    "streamlit",
    "pandas",
    "numpy",
    "pydeck",
    "pyarrow",
    "SQLAlchemy",
    "matplotlib",
    "altair",
    "playwright",
    "psutil",
)


def machine() -> dict:
    """Facts that make one run comparable with another."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    memory = None
    try:
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory = round(int(first.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "packages": packages,
    }


def cpu_check_ms(repeats: int = 5) -> float:
    """Median time of a fixed pure-Python loop, in ms: how fast this machine is right now.

    Shared 2-core machines vary by tens of percent from hour to hour; logged at the start,
    before each size and at the end, it tells a slow machine from slower code.
    """
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run_size(n: int, *, quick: bool, skip_browser: bool, log=print) -> list[Figure]:
    """Every measure at one size."""
    cheap, expensive = (3, 1) if quick else (5, 3)
    big = n >= BIG
    moves = 3 if big or quick else None
    import_rows = min(n, 5_000 if big or quick else IMPORT_ROWS)
    if big:
        cheap, expensive = 1, 1
    path, built = ensure_store(n, log=log)
    url = store_url(path)
    figures: list[Figure] = []
    if built is not None:
        log(f"  built the {n:,} store in {built:.1f} s")
    started = time.perf_counter()
    loaded, events = measure_store_load(url, n, expensive)
    figures += loaded
    log(f"  store load {time.perf_counter() - started:.1f} s")
    scratch = Path(tempfile.mkdtemp(prefix="sitmap-bench-"))
    for label, step in (
        ("filter", lambda: measure_filter(events, url, n, cheap, moves)),
        ("deck", lambda: measure_deck(events, n, cheap, moves)),
        ("briefing", lambda: measure_briefing(events, n, expensive)),
        ("import", lambda: measure_import(url, n, import_rows, scratch)),
        # the browser figures replace the AppTest reruns (docs/performance.md)
        ("browser", lambda: [] if skip_browser else map_figures(url, n)),
        (
            "overlay",
            lambda: measure_overlay(events, url, n, skip_browser=skip_browser),
        ),
    ):
        before = cpu_check_ms(3)
        started = time.perf_counter()
        measured = step()
        took = time.perf_counter() - started
        gc.collect()
        after = cpu_check_ms(3)
        for figure in measured:  # a figure can then be read against the machine's speed
            figure.details["cpu_check_ms"] = [round(before), round(after)]
        figures += measured
        log(f"  {label} {took:.1f} s (cpu check {before:.0f} ms before, {after:.0f} after)")
    return figures


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "MB":
        return f"{value:,.2f} MB" if value < 100 else f"{value:,.0f} MB"
    return f"{value:,.2f} {unit}"


SLOW_SPELL = 1.25
"""A step measured while the CPU check read this much above the run's fastest is flagged."""


def table(figures: list[Figure]) -> str:
    """The figures as one markdown table; a figure measured in a slow spell of the machine
    (its step's CPU check :data:`SLOW_SPELL` times the run's fastest) says so in its notes."""
    checks = [ms for f in figures for ms in f.details.get("cpu_check_ms", [])]
    fastest = min(checks, default=None)
    lines = [
        "| N | figure | value | target | naive | ratio (app/naive) | vs target | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        target = (">= " if f.higher_is_better else "<= ") + _number(f.target, f.unit)
        verdict = {True: "pass", False: "**FAIL**", None: "–"}[f.passed]
        ratio = "–" if f.ratio is None else f"{f.ratio:.3g}×"
        notes = f.notes
        step = f.details.get("cpu_check_ms", [])
        if fastest and step and max(step) >= SLOW_SPELL * fastest:
            spell = f"slow machine: cpu check {step[0]}→{step[1]} ms (fastest {fastest})"
            notes = f"{notes}; {spell}" if notes else spell
        lines.append(
            f"| {f.n:,} | {f.figure} | {_number(f.value, f.unit)} | "
            f"{target if f.target is not None else '–'} | {_number(f.naive, f.unit)} | {ratio} | "
            f"{verdict} | {notes} |"
        )
    return "\n".join(lines)


def write_results(figures: list[Figure], facts: dict, folder: Path = RESULTS) -> Path:
    """bench-results/bench-<stamp>.json and latest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {"run_at": stamp, "machine": facts, "figures": [f.to_json() for f in figures]}
    text = json.dumps(payload, indent=2, default=str)
    path = folder / f"bench-{stamp}.json"
    path.write_text(text)
    (folder / "latest.json").write_text(text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated, e.g. 10000,100000")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no naive browser")
    parser.add_argument("--no-browser", action="store_true", help="skip headless Chromium")
    args = parser.parse_args(argv)
    sizes = (
        [int(s.replace("_", "")) for s in args.sizes.split(",")]
        if args.sizes
        else list(DEFAULT_SIZES)
    )
    started = time.perf_counter()
    facts = machine() | {"sizes": sizes, "quick": args.quick}
    facts["cpu_check_ms"] = {"start": cpu_check_ms()}
    print(f"cpu check {facts['cpu_check_ms']['start']:.0f} ms", flush=True)
    figures: list[Figure] = []
    for n in sizes:
        facts["cpu_check_ms"][str(n)] = check = cpu_check_ms()
        print(f"== {n:,} events (cpu check {check:.0f} ms)", flush=True)
        figures += run_size(
            n,
            quick=args.quick,
            skip_browser=args.no_browser,
            log=lambda m: print(m, flush=True),
        )
        path = write_results(figures, facts)  # partial results survive an interrupted run
    facts["wall_s"] = time.perf_counter() - started
    facts["load_average_at_end"] = os.getloadavg()
    facts["cpu_check_ms"]["end"] = cpu_check_ms()
    path = write_results(figures, facts)
    print()
    print(table(figures))
    checks = ", ".join(f"{k} {v:.0f}" for k, v in facts["cpu_check_ms"].items())
    print(f"\n{len(figures)} figures in {facts['wall_s']:.0f} s; cpu check (ms): {checks}")
    print(f"JSON: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
