"""Shared fixtures: small stores built in code, a served app, headless Chromium."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from builders import raw_event

from bench.serving import CHROMIUM, CHROMIUM_ARGS, ServedApp, serve
from events.store import Store
from events.validation import validate
from sitmap.seed import seed_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def snapshot_cache(tmp_path_factory) -> Iterator[Path]:
    """Event snapshots of the tests' throwaway stores go to a temporary folder, not var/cache
    (set in the environment, so servers the tests start inherit it)."""
    folder = tmp_path_factory.mktemp("snapshots")
    saved = os.environ.get("SITMAP_CACHE_DIR")
    os.environ["SITMAP_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("SITMAP_CACHE_DIR", None)
    else:
        os.environ["SITMAP_CACHE_DIR"] = saved


def require_chromium() -> None:
    """Skip without Chromium on a developer machine; fail in CI, where it must be there."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must install chromium")
    pytest.skip(f"{CHROMIUM} not installed")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (system build) driven by Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def served() -> Iterator:
    """Call ``served(script, env)`` to serve a script; stopped after the test."""
    apps: list[ServedApp] = []

    def start(script: Path, env: dict[str, str] | None = None) -> ServedApp:
        app = serve(script, env or {})
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.process.terminate()
        try:
            app.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.process.kill()


@pytest.fixture
def artifacts() -> Path:
    """Where tests leave screenshots for people to look at (git-ignored)."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def screenshots(artifacts) -> Path:
    """Where browser tests save the screenshots docs/ shows: ``$SITMAP_SCREENSHOTS``
    (``make screenshots`` sets it to docs/screenshots), else the artifacts folder."""
    target = os.environ.get("SITMAP_SCREENSHOTS")
    path = Path(target) if target else artifacts
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def app_store(tmp_path, monkeypatch) -> Store:
    """The article's events plus ten dated shelling events, in a store the app opens
    (its URL in SITMAP_DATABASE_URL, Streamlit's caches cleared)."""
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("SITMAP_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    store = Store(url)
    seed_store(store)
    shelling = validate([raw_event(i, event_id=f"SH-{i}") for i in range(1, 11)])
    store.add_batch(shelling, file_name="shelling.csv", data_hash="h")
    return store


@pytest.fixture
def store(tmp_path):
    """An empty SQLite store in a temporary folder."""

    return Store(f"sqlite:///{tmp_path / 'store.sqlite'}")


def content(store) -> list[dict]:
    """The store's content as comparable rows (events and batches)."""
    events = store.events().astype(object).where(lambda f: f.notna(), None)
    return sorted(events.to_dict("records"), key=lambda r: r["event_id"]) + [
        b.to_json() for b in store.batches()
    ]


def set_aside_problems(plan) -> list:
    """Every problem of the rows a plan set aside, in file order."""
    return [problem for row in plan.set_aside for problem in row.problems]
