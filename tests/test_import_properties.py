"""Properties of the importer over generated files (hypothesis).

* Any valid native file imports, and the stored events write back to the same file.
* One bad cell anywhere rejects the whole file, naming that line and column.
* No bytes and no CSV text make the importer raise anything but RejectedInput.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import numpy as np
import pytest
from conftest import content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.formats import native
from events.formats.detect import FORMATS
from events.formats.text import decode
from events.problems import RejectedInput
from events.schema import COLUMNS, KINDS, PROVENANCE
from events.store import Store
from events.validation import validate
from events.vocabulary import DISORDER_TYPES, INTER_CODES, TAXONOMY
from sitmap.importer import ImportPlan, commit, plan_import

QUICK = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEEP = [c for c in COLUMNS if c not in PROVENANCE]

text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    max_size=30,
).map(str.strip)
required_text = text.filter(bool)
decimal = lambda low, high: st.floats(low, high, allow_nan=False).map(  # noqa: E731
    lambda x: np.format_float_positional(x, trim="-")
)
SPANS = {1: 0, 2: 6, 3: 30, 4: 800}


@st.composite
def raw_records(draw, min_size: int = 1, max_size: int = 6) -> list[dict[str, str]]:
    """Valid native records (cells as text), with unique ids."""
    n = draw(st.integers(min_size, max_size))
    records = []
    for i in range(n):
        precision = draw(st.sampled_from(sorted(SPANS)))
        start = draw(st.dates(date(1990, 1, 1), date(2025, 12, 31)))  # never in the future
        end = start + timedelta(days=draw(st.integers(0, SPANS[precision])))
        event_type = draw(st.sampled_from(sorted(TAXONOMY)))
        geo = draw(st.sampled_from([1, 2, 3]))
        located = geo < 3 or draw(st.booleans())
        best = draw(st.integers(0, 5000))
        high = draw(st.one_of(st.none(), st.integers(best, 10_000)))
        low = draw(st.integers(0, high)) if high is not None else None
        record = {
            "event_id": f"E{i}-" + draw(text),
            "date_start": start.isoformat(),
            "date_end": end.isoformat(),
            "time_precision": str(precision),
            "disorder_type": draw(st.sampled_from(DISORDER_TYPES)),
            "event_type": event_type,
            "sub_event_type": draw(st.sampled_from(TAXONOMY[event_type])),
            "actor1": draw(required_text),
            "assoc_actor_1": draw(text),
            "inter1": draw(st.sampled_from(["", *INTER_CODES.values()])),
            "actor2": draw(text),
            "inter2": draw(st.sampled_from(["", *INTER_CODES.values()])),
            "country": draw(st.sampled_from(["Russia", "Ukraine"])),
            "admin1": draw(required_text),
            "admin2": draw(text),
            "location": draw(required_text),
            "latitude": draw(decimal(1, 90)) if located else "",
            "longitude": draw(decimal(-180, 180)) if located else "",
            "geo_precision": str(geo),
            "fatalities": str(best),
            "fatalities_low": "" if low is None else str(low),
            "fatalities_high": "" if high is None else str(high),
            "source": draw(required_text),
            "source_url": draw(st.sampled_from(["", "https://example.org/a?b=c", "http://x.ua"])),
            "source_date": draw(st.sampled_from(["", start.isoformat()])),
            "notes": draw(text),
            "tags": draw(text),
            "coded_by": draw(text),
        }
        records.append(record)
    return records


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory) -> Store:
    """One store for all examples; each test leaves it as it found it, or only adds."""
    return Store(f"sqlite:///{tmp_path_factory.mktemp('properties')}/store.sqlite")


def comparable(frame) -> list[dict]:
    frame = frame.sort_values(["date_start", "event_id"])[KEEP]
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


@QUICK
@given(raw_records())
def test_any_valid_native_file_imports_and_round_trips_through_export(shared_store, records):
    frame = validate(records)
    plan = plan_import(native.write(frame), "generated.csv", shared_store)
    assert plan.ok, plan.problems
    batch = commit(plan, shared_store)
    try:
        stored = shared_store.events()
        assert comparable(stored) == comparable(frame)
        assert native.write(stored, KEEP) == native.write(
            frame.sort_values(["date_start", "event_id"]), KEEP
        )
    finally:
        shared_store.undo(batch.batch_id)


BAD_CELLS = [
    ("date_start", "2025-02-30"),
    ("date_end", "03/04/2025"),
    ("time_precision", "9"),
    ("event_type", "Shelling"),
    ("sub_event_type", "Nonsense"),
    ("disorder_type", "War"),
    ("inter1", "Soldiers"),
    ("latitude", "91"),
    ("longitude", "1e3"),
    ("geo_precision", "7"),
    ("fatalities", "-3"),
    ("fatalities", "3.5"),
    ("source_url", "javascript:alert(1)"),
    ("event_id", ""),
    ("country", ""),
    ("source", " "),
]


def csv_file(records: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {k: native.neutralise(v) if KINDS[k] == "text" else v for k, v in r.items()}
        for r in records
    )
    return out.getvalue().encode()


def editor_line(records: list[dict[str, str]], row: int) -> int:
    """The line an editor shows for ``records[row]``: quoted line breaks count."""
    breaks = sum(
        len(re.findall(r"\r\n|\r|\n", cell)) for record in records[:row] for cell in record.values()
    )
    return 2 + row + breaks


@QUICK
@given(raw_records(), st.data())
def test_one_bad_cell_anywhere_rejects_the_whole_file(shared_store, records, data):
    row = data.draw(st.integers(0, len(records) - 1))
    column, value = data.draw(st.sampled_from(BAD_CELLS))
    records[row][column] = value
    line = editor_line(records, row)
    before = content(shared_store)
    plan = plan_import(csv_file(records), "bad.csv", shared_store)
    assert (line, column) in {(p.line, p.column) for p in plan.problems}, plan.problems
    assert {p.line for p in plan.problems} == {line}
    with pytest.raises(RejectedInput):
        commit(plan, shared_store)
    assert content(shared_store) == before


HEADER_NAMES = sorted(
    {*COLUMNS, "event_id_cnty", "event_date", "inter1", "id", "type_of_violence", "where_prec"}
    | {"date_prec", "side_a", "side_b", "adm_1", "best", "low", "high", "Latitude ", ""}
)
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["1", "0", "-3", "51,19", "2025-02-07", "07 February 2025", "NA", '"']),
    st.sampled_from(["2025-02-07 00:00:00.000", "State forces", "Battles", "Armed clash"]),
)


@st.composite
def csv_texts(draw) -> bytes:
    """CSV-ish text with known and odd headers, in a random delimiter and encoding."""
    header = draw(st.lists(st.sampled_from(HEADER_NAMES) | st.text(max_size=8), max_size=40))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    rows = draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=5))
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))
    )
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8_r"]))
    return out.getvalue().encode(encoding, errors="replace")


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory) -> Store:
    """A store the fuzz tests may fill with whatever imports cleanly."""
    return Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/store.sqlite")


FORMAT_COLUMNS = set(COLUMNS).union(
    *(
        (
            *module.SIGNATURE,
            *getattr(module, "REQUIRED", ()),
            *getattr(module, "SOURCE_COLUMNS", {}).values(),
        )
        for module in FORMATS.values()
    )
)
"""Every column a format names in its problems, whether or not the file has it."""


def plan_and_commit(data: bytes, store: Store) -> None:
    """Plan (any format) and commit when clean: nothing may raise but a refused commit.

    A clean plan adds exactly the rows it announced.  A refused one, and each row a
    clean one sets aside, gives each reason on a line of the file (0: the file as a
    whole) and a column that is "", one of the file's header cells or one a format
    requires; committing a refused one writes nothing.
    """
    last_line = data.count(b"\n") + data.count(b"\r") + 1
    try:
        file_text = decode(data)[0].lower().replace('"', "")
    except RejectedInput:
        file_text = ""  # undecodable: its problems name no column
    for file_format in ("auto", *FORMATS):
        plan = plan_import(data, "fuzz.csv", store, file_format=file_format)
        assert isinstance(plan, ImportPlan)
        before = store.count()
        found = plan.problems + [p for row in plan.set_aside for p in row.problems]
        for problem in found:
            assert problem.reason and 0 <= problem.line <= last_line, problem
            unquoted = problem.column.replace('"', "")  # "" names no column: in any text
            assert problem.column in FORMAT_COLUMNS or unquoted in file_text, problem
        if plan.ok:
            commit(plan, store)
            assert store.count() == before + plan.row_count
            continue
        with pytest.raises(RejectedInput):
            commit(plan, store)
        assert store.count() == before


@QUICK
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(fuzz_store, data):
    plan_and_commit(data, fuzz_store)


@QUICK
@given(csv_texts())
def test_random_csv_text_never_raises(fuzz_store, data):
    plan_and_commit(data, fuzz_store)
