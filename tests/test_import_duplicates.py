"""Probable duplicates: one entry per file row, naming the nearest stored event and
counting the others, on both backends, however dense the store; asked of the database
or of the in-memory index of the store's events, with the same answers."""

from __future__ import annotations

import math
import threading
import uuid

import pytest
import sqlalchemy as sa
from builders import csv_bytes, raw_event
from test_store_backends import backend_store, backend_url, pg_admin, pg_schema_url  # noqa: F401

from events.duplicates import lookup as duplicate_lookup
from events.duplicates.index import DuplicateIndex
from events.duplicates.rule import NEAR_KM, ProbableDuplicate
from events.store import Store
from sitmap.importer import commit, plan_import

DAY = "2025-02-01"
LAT, LON = 50.7736, 35.2669


def stored(store, records: list[dict[str, str]]) -> None:
    plan = plan_import(csv_bytes(records), "ours.csv", store)
    assert plan.ok, plan.problems
    commit(plan, store)


def event(event_id: str, **changes: str) -> dict[str, str]:
    return raw_event(1, **{"event_id": event_id, "date_start": DAY, "date_end": DAY, **changes})


def east_of(km: float, latitude: float = LAT) -> str:
    """The longitude ``km`` east of LON along the parallel ``latitude``."""
    return f"{LON + math.degrees(km / 6371.0088 / math.cos(math.radians(latitude))):.6f}"


def duplicates(store, records: list[dict[str, str]], known=None) -> list[ProbableDuplicate]:
    plan = plan_import(csv_bytes(records), "theirs.csv", store, known=known)
    assert plan.ok, plan.problems
    return plan.probable_duplicates


@pytest.fixture(params=["database", "memory"])
def lookup(request):
    """``duplicates`` as asked of the database, or of an index of the store's events."""
    if request.param == "database":
        return duplicates
    return lambda store, records: duplicates(
        store, records, DuplicateIndex.from_events(store.events())
    )


def test_a_row_names_its_nearest_match_and_counts_the_others(lookup, store):
    stored(
        store,
        [
            event("S-far", longitude=east_of(1.8)),
            event("S-near", longitude=east_of(0.3)),
            event("S-mid", longitude=east_of(1.0)),
            event("S-out", longitude=east_of(2.5)),
        ],
    )
    assert lookup(store, [event("NEW-1")]) == [ProbableDuplicate(2, "NEW-1", "S-near", 2)]


def test_each_row_is_listed_once_however_dense_the_store(lookup, store):
    stored(store, [event(f"S-{i:03d}") for i in range(60)])
    found = lookup(store, [event("NEW-1"), event("NEW-2", event_type="Battles",
                                                      sub_event_type="Armed clash")])  # fmt: skip
    assert found == [ProbableDuplicate(2, "NEW-1", "S-000", 59)]


@pytest.mark.parametrize(
    ("latitude", "km", "listed"),
    [
        (LAT, 1.9, True),
        (LAT, 2.1, False),
        (70.0, 1.95, True),  # far north a degree of longitude is short: the box widens
        (70.0, 2.05, False),
        (-33.9, 1.95, True),  # south of the equator
    ],
)
def test_near_means_within_near_km(lookup, store, latitude, km, listed):
    assert NEAR_KM == 2.0
    here = {"latitude": f"{latitude}", "admin1": "Somewhere"}
    stored(store, [event("S-1", **here, longitude=east_of(km, latitude))])
    found = lookup(store, [event("NEW-1", **here, longitude=f"{LON}")])
    assert found == ([ProbableDuplicate(2, "NEW-1", "S-1", 0)] if listed else [])


def test_same_interval_and_type_are_required(lookup, store):
    stored(store, [event("S-1")])
    week = {"date_start": "2025-01-27", "date_end": "2025-02-02", "time_precision": "2"}
    rows = [
        event("NEW-day-after", date_start="2025-02-02", date_end="2025-02-02"),
        event("NEW-week", **week),
        event("NEW-type", event_type="Battles", sub_event_type="Armed clash"),
        event("NEW-same"),
    ]
    assert lookup(store, rows) == [ProbableDuplicate(5, "NEW-same", "S-1", 0)]


@pytest.mark.parametrize("coordinates_in", ["file", "store"])
def test_without_coordinates_on_one_side_the_place_name_decides(lookup, store, coordinates_in):
    area = {"latitude": "", "longitude": "", "geo_precision": "3"}
    stored_row = {} if coordinates_in == "store" else area
    new_row = {} if coordinates_in == "file" else area
    stored(
        store,
        [
            event("S-sudzha", location="Суджа", **stored_row),
            event("S-other", location="Sumy", **stored_row),
            event("S-sudzha-2", location="СУДЖА ", **{"longitude": east_of(30), **stored_row}),
        ],
    )
    found = lookup(store, [event("NEW-1", location=" суджа", **new_row)])
    assert found == [ProbableDuplicate(2, "NEW-1", "S-sudzha", 1)]


def test_points_are_compared_by_distance_not_by_name(lookup, store):
    stored(store, [event("S-1", location="Krasnopillia", longitude=east_of(40))])
    assert lookup(store, [event("NEW-1", location="Krasnopillia")]) == []


def test_the_two_lookups_run_at_once_each_on_its_own_connection(store, monkeypatch):
    area = {"latitude": "", "longitude": "", "geo_precision": "3"}
    stored(
        store,
        [event("S-near", longitude=east_of(0.5)), event("S-named", **area, location="Sudzha")],
    )
    both_running = threading.Barrier(2, timeout=20)  # breaks unless the two overlap
    threads, original = set(), duplicate_lookup.lookup

    def lookup(engine, *args):
        threads.add(threading.get_ident())
        both_running.wait()
        return original(engine, *args)

    monkeypatch.setattr(duplicate_lookup, "lookup", lookup)
    rows = [event("NEW-1"), event("NEW-2", **area, location="sudzha")]
    assert duplicates(store, rows) == [
        ProbableDuplicate(2, "NEW-1", "S-near", 0),
        ProbableDuplicate(3, "NEW-2", "S-named", 0),
    ]
    assert len(threads) == 2


def test_an_in_memory_store_does_its_lookups_one_after_the_other():
    store = Store("sqlite://")  # one connection per thread: another thread sees no events
    stored(store, [event("S-1", longitude=east_of(0.5))])
    assert duplicates(store, [event("NEW-1")]) == [ProbableDuplicate(2, "NEW-1", "S-1", 0)]


MILLION_EVENTS_STATISTICS = {
    "ix_events_duplicates": "1000000 1667 556 140 1 1 1 1",
    "ix_events_type": "1000000 250000",
    "ix_events_admin2": "1000000 32259",
    "ix_events_batch": "1000000 100000",
    "sqlite_autoindex_events_1": "1000000 1",
}
"""The events table's rows of sqlite_stat1 after ``ANALYZE`` of the 1M bench store."""


def test_the_lookups_seek_the_index_on_a_store_with_statistics(tmp_path):
    """A store analysed at a million events: the lookups still seek the index once per
    key and point (they read the whole index, 0.55 s, when the planner took the
    file's temporary tables, which had no statistics, for large ones)."""
    url = f"sqlite:///{tmp_path / 'analysed.sqlite'}"
    store = Store(url)
    stored(store, [event("S-1", longitude=east_of(0.5)), event("S-2", latitude="", longitude="",
                                                                geo_precision="3")])  # fmt: skip
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql(
            "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = 'events' AND idx = ?",
            [(stat, index) for index, stat in MILLION_EVENTS_STATISTICS.items()],
        )
    store.engine.dispose()  # new connections read the statistics
    plans = []

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and "sitmap_duplicate" in statement:
            rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.append([row[3] for row in rows])

    found = duplicates(store, [event("NEW-1"), event("NEW-2", location="Kursk Oblast",
                                                     latitude="", longitude="",
                                                     geo_precision="3")])  # fmt: skip
    assert [f.existing_event_id for f in found] == ["S-1"]
    assert len(plans) == 3
    seek = "SEARCH events USING COVERING INDEX ix_events_duplicates ("
    for steps in plans:
        assert steps[0].startswith("SCAN sitmap_duplicate"), steps
        assert steps[1].startswith(seek), steps


def test_an_older_store_gets_the_duplicate_index_when_opened(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    first = Store(url)
    stored(first, [event("S-1")])
    with first.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_events_duplicates")
    first.engine.dispose()
    reopened = Store(url)
    names = {index["name"] for index in sa.inspect(reopened.engine).get_indexes("events")}
    assert "ix_events_duplicates" in names
    assert duplicates(reopened, [event("NEW-1")]) == [ProbableDuplicate(2, "NEW-1", "S-1", 0)]
    assert reopened.check() == []


def index_names(store: Store) -> set[str]:
    return {index["name"] for index in sa.inspect(store.engine).get_indexes("events")}


DATES_INDEX = "CREATE INDEX ix_events_dates ON events (date_start, date_end)"
"""What stores made before it was dropped have: a prefix of ix_events_duplicates."""


def test_an_older_store_loses_the_redundant_dates_index_when_opened(store_url):
    first = Store(store_url)
    assert "ix_events_dates" not in index_names(first)  # a new store never has it
    stored(first, [event("S-1")])
    with first.engine.begin() as conn:
        conn.exec_driver_sql(DATES_INDEX)
    first.engine.dispose()
    reopened = Store(store_url)
    assert "ix_events_dates" not in index_names(reopened)
    assert duplicates(reopened, [event("NEW-1")]) == [ProbableDuplicate(2, "NEW-1", "S-1", 0)]
    assert reopened.check() == []


def test_a_user_who_may_not_drop_the_dates_index_still_opens_the_store(
    postgres_url, postgres_admin
):
    owner = Store(postgres_url)
    stored(owner, [event("S-1")])
    with owner.engine.begin() as conn:
        conn.exec_driver_sql(DATES_INDEX)
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    owner.engine.dispose()
    role = f"analyst_{uuid.uuid4().hex[:12]}"  # may read and write rows, not drop indexes
    with postgres_admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.exec_driver_sql(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
        )
    try:
        url = sa.engine.make_url(postgres_url).set(username=role, password=None)
        analyst = Store(url.render_as_string(hide_password=False))
        assert "ix_events_dates" in index_names(analyst)  # only its owner may drop it
        found = duplicates(analyst, [event("NEW-1")])
        assert found == [ProbableDuplicate(2, "NEW-1", "S-1", 0)]
        stored(analyst, [event("NEW-2", event_type="Battles", sub_event_type="Armed clash")])
        assert analyst.check() == []
        analyst.engine.dispose()
    finally:
        with postgres_admin.begin() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
