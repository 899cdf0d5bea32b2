"""The collector is paused while a file is planned or committed, and always resumes."""

from __future__ import annotations

import gc
from contextlib import ExitStack

import pytest
from builders import event_frame, native_file

from events.gc_pause import paused_gc
from events.store import Store
from sitmap.importer import commit, plan_import


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_after():
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_resumes_the_collector():
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("bad row")
    assert gc.isenabled()


def test_overlapping_pauses_resume_when_the_last_one_ends():
    first, second = ExitStack(), ExitStack()
    first.enter_context(paused_gc())
    second.enter_context(paused_gc())
    first.close()  # the first import ends while the second is still running
    assert not gc.isenabled()
    second.close()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_host_stays_off():
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_planning_and_committing_run_with_the_collector_paused(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    seen: list[bool] = []
    plan = plan_import(
        native_file(event_frame(3)),
        "three.csv",
        store,
        progress=lambda fraction, what: seen.append(gc.isenabled()),
    )
    assert seen and not any(seen)
    assert gc.isenabled()
    assert commit(plan, store) is not None
    assert gc.isenabled() and store.count() == 3
