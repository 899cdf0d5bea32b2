"""ACLED files from before the 2019 codebook, and exports that keep only some columns,
imported through ``sitmap import FILE`` with the values each row must have.

Every row is synthetic, shaped like the real exports (docs of the shapes: the 2016 API's
alphabetical columns with ``ally_actor_*`` and no ``sub_event_type``; the six-column
ACLED subset; the seven-column UCDP API subset).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
import re
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from builders import raw_event
from pypdf import PdfReader

from events.export import export_events
from events.formats import acled_codebook, defaults, native
from events.schema import to_frame
from events.store import Store
from events.validation import validate
from events.view import View
from geo.layers import deck_payload, event_deck
from sitmap.briefing import render_briefing
from sitmap.cli import main
from sitmap.importer import commit, plan_import
from ui.panels import detail_lines


def run(*argv: str) -> tuple[int, str]:
    """``sitmap ARGV``: the exit code and everything printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(argv))
    return code, out.getvalue()


def csv_file(
    header: list[str], rows: list[list[str]], encoding: str = "utf-8", *, index: bool = False
) -> bytes:
    """Rows as a CSV file; ``index`` adds pandas' unnamed index column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(([""] if index else []) + header)
    writer.writerows(([str(i)] if index else []) + row for i, row in enumerate(rows))
    return out.getvalue().encode(encoding)


def listed(db: str) -> dict[str, dict]:
    """The stored events by id, as ``sitmap events --json`` lists them."""
    code, out = run("--db", db, "events", "--json")
    assert code == 0
    return {row["event_id"]: row for row in map(json.loads, out.splitlines())}


API_2016 = [
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "admin3",
    "ally_actor_1",
    "ally_actor_2",
    "country",
    "data_id",
    "event_date",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_type",
    "fatalities",
    "geo_precision",
    "gwno",
    "inter1",
    "inter2",
    "interaction",
    "latitude",
    "location",
    "longitude",
    "notes",
    "source",
    "time_precision",
    "year",
]

OLD_TYPES = [
    # (old event_type, inter1, notes, event_type, sub_event_type, disorder, how the
    #  sub-type was found: "named" by the old type, "inferred", or "none" and flagged)
    ("Battle-No change of territory", "1", "Clashes near the village.",
     "Battles", "Armed clash", "Political violence", "named"),
    ("Battle-Government regains territory", "1", "Forces retook the village.",
     "Battles", "Government regains territory", "Political violence", "named"),
    ("Battle-Non-state actor overtakes territory", "2", "A group seized the village.",
     "Battles", "Non-state actor overtakes territory", "Political violence", "named"),
    ("Riots/Protests", "6", "Residents protested peacefully.",
     "Protests", "Peaceful protest", "Demonstrations", "inferred"),
    ("Riots/Protests", "5", "Rioters threw stones at the office.",
     "Riots", "Violent demonstration", "Demonstrations", "inferred"),
    ("Remote violence", "1", "Artillery shelling of positions near the village.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence",
     "inferred"),
    ("Remote violence", "8", "A drone dropped explosives on a checkpoint.",
     "Explosions/Remote violence", "Air/drone strike", "Political violence", "inferred"),
    ("Remote violence", "3", "A car hit a landmine on the road.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence",
     "inferred"),
    ("Remote violence", "3", "A grenade was thrown at a shop.",
     "Explosions/Remote violence", "Grenade", "Political violence", "inferred"),
    ("Remote violence", "1", "Shelling and air strikes hit the village.",  # ACLED's precedence
     "Explosions/Remote violence", "Air/drone strike", "Political violence", "inferred"),
    ("Remote violence", "1", "An explosion was reported; no details.",
     "Explosions/Remote violence", "", "Political violence", "none"),
    ("Violence against civilians", "3", "Gunmen attacked a farmer.",
     "Violence against civilians", "Attack", "Political violence", "inferred"),
    ("Strategic development", "1", "Troops were seen moving north.",
     "Strategic developments", "Other", "Strategic developments", "inferred"),
    ("Non-violent transfer of territory", "1", "Forces withdrew from the village.",
     "Strategic developments", "Non-violent transfer of territory", "Strategic developments",
     "named"),
    ("Headquarters or base established", "2", "A group set up a base in the school.",
     "Strategic developments", "Headquarters or base established", "Strategic developments",
     "named"),
]  # fmt: skip


def api_2016_row(i: int, event_type: str, inter1: str, notes: str) -> list[str]:
    """A row of the 2016 API's columns (alphabetical), numbered ``i``."""
    cells = {
        "actor1": "Military Forces of Ukraine (2014-)",
        "actor2": "",
        "admin1": "Sumy",
        "admin2": "Sumskyi",
        "admin3": "",
        "ally_actor_1": "National Guard of Ukraine" if i == 1 else "",
        "ally_actor_2": "",
        "country": "Ukraine",
        "data_id": str(4000 + i),
        "event_date": f"2018-03-{i:02d}",
        "event_id_cnty": f"UKR{i}",
        "event_id_no_cnty": str(i),
        "event_type": event_type,
        "fatalities": str(i % 3),
        "geo_precision": "1",
        "gwno": "369",
        "inter1": inter1,
        "inter2": "0",
        "interaction": inter1 + "0",
        "latitude": "51.0561",
        "location": "Yunakivka",
        "longitude": "35.1364",
        "notes": notes,
        "source": "Local news",
        "time_precision": "1",
        "year": "2018",
    }
    return [cells[name] for name in API_2016]


NEITHER = len(OLD_TYPES) + 1
"""The number of the Riots/Protests row whose actor is neither protesters nor rioters."""


def api_2016_file(encoding: str = "utf-8", order: list[int] | None = None) -> bytes:
    rows = [api_2016_row(i, *case[:3]) for i, case in enumerate(OLD_TYPES, start=1)]
    rows.append(api_2016_row(NEITHER, "Riots/Protests", "7", "Civilians gathered."))
    if order is not None:
        rows = [rows[i] for i in order]
    return csv_file(API_2016, rows, encoding, index=True)


@pytest.fixture(scope="module")
def imported_2016(tmp_path_factory) -> tuple[int, str, str]:
    """The 2016 API file, saved by pandas with its index, imported: (exit code, output, db)."""
    folder = tmp_path_factory.mktemp("acled2016")
    path = folder / "acled_2016_api.csv"
    path.write_bytes(api_2016_file())
    db = f"sqlite:///{folder / 'store.sqlite'}"
    code, out = run("--db", db, "import", str(path))
    return code, out, db


@pytest.mark.parametrize(
    ("old", "inter1", "notes", "event_type", "sub_event_type", "disorder", "found"),
    OLD_TYPES,
    ids=[f"{case[0]} ({case[2][:20]})" for case in OLD_TYPES],
)
def test_an_old_acled_type_becomes_todays_keeping_the_original(
    imported_2016, old, inter1, notes, event_type, sub_event_type, disorder, found
):
    code, out, db = imported_2016
    assert code == 0, out
    i = next(i for i, case in enumerate(OLD_TYPES, start=1) if case[2] == notes)
    event = listed(db)[f"UKR{i}"]
    assert (event["event_type"], event["sub_event_type"], event["disorder_type"]) == (
        event_type,
        sub_event_type or None,
        disorder,
    )
    assert event["tags"] == ("sub_event_type:inferred" if found == "inferred" else None)
    extras = Store(db).extras([f"UKR{i}"])[f"UKR{i}"]
    assert extras["event_type"] == old
    flagged = f"line {i + 1}, column event_type: {acled_codebook.NO_WEAPON}"
    assert (flagged in out) == (found == "none")


def test_the_2016_api_file_imports_with_its_ids_actors_places_and_extras(imported_2016):
    code, out, db = imported_2016
    assert code == 0
    assert f"{len(OLD_TYPES)} imported, 1 set aside" in out
    assert "the first column (unnamed), an index as pandas writes it, is ignored" in out
    assert f"{len(OLD_TYPES)} row(s) in ACLED's event types from before 2019" in out
    event = listed(db)["UKR1"]
    assert {k: event[k] for k in (
        "date_start", "date_end", "time_precision", "actor1", "assoc_actor_1",
        "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
        "fatalities", "source",
    )} == {
        "date_start": "2018-03-01", "date_end": "2018-03-01", "time_precision": 1,
        "actor1": "Military Forces of Ukraine (2014-)",
        "assoc_actor_1": "National Guard of Ukraine",
        "country": "Ukraine", "admin1": "Sumy", "admin2": "Sumskyi", "location": "Yunakivka",
        "latitude": 51.0561, "longitude": 35.1364, "geo_precision": 1, "fatalities": 1,
        "source": "Local news",
    }  # fmt: skip
    assert Store(db).events().set_index("event_id").loc["UKR1", "inter1"] == "State forces"
    extras = Store(db).extras(["UKR1"])["UKR1"]
    assert {k: extras[k] for k in ("data_id", "gwno", "event_id_no_cnty", "year")} == {
        "data_id": "4001", "gwno": "369", "event_id_no_cnty": "1", "year": "2018",
    }  # fmt: skip
    assert "ally_actor_1" not in extras


def test_riots_protests_by_an_actor_neither_protesting_nor_rioting_is_set_aside(imported_2016):
    _, out, db = imported_2016
    assert f"line {NEITHER + 1}, column event_type: Riots/Protests is Protests when" in out
    assert f"UKR{NEITHER}" not in listed(db)


def test_the_2016_file_again_in_another_order_and_encoding_adds_nothing(imported_2016, tmp_path):
    _, _, db = imported_2016
    before = listed(db)
    path = tmp_path / "acled_2016_again.csv"
    order = list(range(len(OLD_TYPES) + 1))
    random.Random(23).shuffle(order)
    path.write_bytes(api_2016_file("utf-16", order))
    code, out = run("--db", db, "import", str(path))
    assert code == 1, out
    assert f"0 will be imported, 1 set aside, {len(OLD_TYPES)} already stored" in out
    assert listed(db) == before


ACLED_SUBSET = ["event_date", "event_type", "sub_event_type", "latitude", "longitude", "fatalities"]
ACLED_SUBSET_ROWS = [
    ["2024-08-12", "Battles", "Armed clash", "51.2014", "35.2711", "4"],
    ["2024-08-12", "Battles", "Armed clash", "51.2014", "35.2711", "4"],  # the same again
    ["2024-08-13", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "50.9077", "34.7981", "0"],
    ["2024-08-14", "Explosions/Remote violence", "Air/drone strike", "48.0159", "37.8028", "1"],
]  # fmt: skip
ACLED_SUBSET_EVENTS = [
    # (date, event_type, sub_event_type, latitude, longitude, fatalities, admin1, admin2,
    #  country, location)
    ("2024-08-12", "Battles", "Armed clash", 51.2014, 35.2711, 4,
     "Kursk Oblast", "Sudzhanskiy District", "Russia", "51.2014, 35.2711"),
    ("2024-08-12", "Battles", "Armed clash", 51.2014, 35.2711, 4,
     "Kursk Oblast", "Sudzhanskiy District", "Russia", "51.2014, 35.2711"),
    ("2024-08-13", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     50.9077, 34.7981, 0, "Sumy Oblast", None, "Ukraine", "50.9077, 34.7981"),
    ("2024-08-14", "Explosions/Remote violence", "Air/drone strike", 48.0159, 37.8028, 1,
     "Unknown", None, "Unknown", "48.0159, 37.8028"),
]  # fmt: skip

UCDP_SUBSET = ["id", "date_start", "date_end", "latitude", "longitude", "type_of_violence", "best"]
UCDP_SUBSET_ROWS = [
    ["500001", "2024-08-10 00:00:00.000", "2024-08-10 00:00:00.000", "51.2014", "35.2711",
     "1", "3"],
    ["500002", "2024-08-10 00:00:00.000", "2024-08-14 00:00:00.000", "51.3", "35.2", "1", "0"],
    ["500003", "2024-08-11 00:00:00.000", "2024-08-11 00:00:00.000", "50.9077", "34.7981",
     "3", "2"],
]  # fmt: skip
UCDP_SUBSET_EVENTS = [
    ("UCDP-500001", "2024-08-10", "2024-08-10", 1, "Battles", "Armed clash", 51.2014, 35.2711,
     3, "Kursk Oblast", "Russia"),
    ("UCDP-500002", "2024-08-10", "2024-08-14", 2, "Battles", "Armed clash", 51.3, 35.2, 0,
     "Kursk Oblast", "Russia"),
    ("UCDP-500003", "2024-08-11", "2024-08-11", 1, "Violence against civilians", "Attack",
     50.9077, 34.7981, 2, "Sumy Oblast", "Ukraine"),
]  # fmt: skip


def test_an_acled_subset_imports_with_defaults_the_preview_names(tmp_path):
    path = tmp_path / "acled_subset.csv"
    path.write_bytes(csv_file(ACLED_SUBSET, ACLED_SUBSET_ROWS))
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, out = run("--db", db, "import", str(path))
    assert code == 0, out
    assert "format acled" in out and "4 imported, 0 set aside" in out
    for said in (
        "ids made from each row's content (ACLED-<hash>-<n>)",
        "time precision from the dates: 1 (a day) for a single day",
        "geo precision 1 (the place itself) for each row with a point",
        "each point without a place name is named by its coordinates",
        "actor1 'Unknown'",
        "no source column: each row's source is the file, 'acled_subset.csv'",
        "no admin1 or admin2 or country column: taken from each row's point, "
        "3 row(s) in a mapped oblast; 1 row(s) outside them get 'Unknown'",
    ):
        assert said in out
    # the row outside is counted by what is known of it, not as "Unknown (Unknown)"
    assert "Unknown (Unknown)" not in out
    assert "a point outside the mapped oblasts (the file names no oblast or country)" in out
    events = sorted(listed(db).values(), key=lambda e: (e["date_start"], e["event_id"]))
    got = [
        tuple(e[k] for k in ("date_start", "event_type", "sub_event_type", "latitude",
                             "longitude", "fatalities", "admin1", "admin2", "country",
                             "location"))
        for e in events
    ]  # fmt: skip
    assert got == ACLED_SUBSET_EVENTS
    for event in events:
        assert re.fullmatch(r"ACLED-[0-9a-f]{12}-[12]", event["event_id"])
        assert (event["date_end"], event["time_precision"], event["geo_precision"]) == (
            event["date_start"],
            1,
            1,
        )
        assert (event["actor1"], event["source"]) == ("Unknown", "acled_subset.csv")
        assert event["disorder_type"] == "Political violence"
    twins = [e["event_id"] for e in events[:2]]
    assert twins[0][:-2] == twins[1][:-2] and {twins[0][-1], twins[1][-1]} == {"1", "2"}


def test_a_ucdp_api_subset_imports_with_its_ids_and_defaults(tmp_path):
    path = tmp_path / "ged_api_subset.csv"
    path.write_bytes(csv_file(UCDP_SUBSET, UCDP_SUBSET_ROWS))
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, out = run("--db", db, "import", str(path))
    assert code == 0, out
    assert "format ucdp" in out and "3 imported, 0 set aside" in out
    assert "no source column: each row's source is the file, 'ged_api_subset.csv'" in out
    assert "geo precision 1 (the place itself) for each row with a point" in out
    events = listed(db)
    got = [
        tuple(e[k] for k in ("event_id", "date_start", "date_end", "time_precision",
                             "event_type", "sub_event_type", "latitude", "longitude",
                             "fatalities", "admin1", "country"))
        for e in sorted(events.values(), key=lambda e: e["event_id"])
    ]  # fmt: skip
    assert got == UCDP_SUBSET_EVENTS
    for event in events.values():
        assert (event["geo_precision"], event["actor1"], event["actor2"]) == (1, "Unknown", None)
        assert event["source"] == "ged_api_subset.csv"


def reordered(header: list[str], rows: list[list[str]], seed: int) -> tuple[list, list]:
    """The same rows in another order, with the columns in another order."""
    columns = list(range(len(header)))
    random.Random(seed).shuffle(columns)
    shuffled = list(rows)
    random.Random(seed + 1).shuffle(shuffled)
    return [header[c] for c in columns], [[row[c] for c in columns] for row in shuffled]


AGAIN = [
    # (class, header, rows, the same rows as they come back: cells rewritten per column)
    ("ACLED six-column subset, dates as Excel writes them", ACLED_SUBSET, ACLED_SUBSET_ROWS,
     {"event_date": lambda d: f"{int(d[8:])}-Aug-{d[2:4]}"}),  # every row is in August 2024
    ("ACLED six-column subset, trailing zeros", ACLED_SUBSET, ACLED_SUBSET_ROWS,
     {"latitude": lambda x: x + "00"}),
    ("UCDP seven-column API subset", UCDP_SUBSET, UCDP_SUBSET_ROWS, {}),
]  # fmt: skip


@pytest.mark.parametrize(("case", "header", "rows", "rewrite"), AGAIN, ids=[a[0] for a in AGAIN])
def test_a_subset_again_in_another_order_and_encoding_adds_nothing(
    tmp_path, case, header, rows, rewrite
):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    first = tmp_path / "first.csv"
    first.write_bytes(csv_file(header, rows))
    assert run("--db", db, "import", str(first))[0] == 0
    before = listed(db)
    again_header, again_rows = reordered(header, rows, seed=len(case))
    for name, change in rewrite.items():
        at = again_header.index(name)
        again_rows = [[*row[:at], change(row[at]), *row[at + 1 :]] for row in again_rows]
    again = tmp_path / "again.csv"
    again.write_bytes(csv_file(again_header, again_rows, "cp1252"))
    code, out = run("--db", db, "import", str(again))
    assert code == 1, out
    assert f"0 will be imported, 0 set aside, {len(rows)} already stored" in out
    assert listed(db) == before


def test_a_subset_row_without_a_point_is_set_aside_as_having_no_place(tmp_path):
    rows = [*ACLED_SUBSET_ROWS[:1], ["2024-08-15", "Battles", "Armed clash", "", "", "2"]]
    path = tmp_path / "subset.csv"
    path.write_bytes(csv_file(ACLED_SUBSET, rows))
    code, out = run("--db", f"sqlite:///{tmp_path / 's.sqlite'}", "import", str(path))
    assert code == 0 and "1 imported, 1 set aside" in out and "no place: 1" in out


@pytest.mark.parametrize(
    ("notes", "sub_event_type"),
    [
        ("Artillery shelled the outskirts.", "Shelling/artillery/missile attack"),
        ("MLRS rockets hit the town.", "Shelling/artillery/missile attack"),
        ("Mortar fire was reported.", "Shelling/artillery/missile attack"),
        ("A missile struck a depot.", "Shelling/artillery/missile attack"),
        ("An airstrike hit the bridge.", "Air/drone strike"),
        ("A UAV dropped a munition.", "Air/drone strike"),
        ("Aircraft bombed the village and shelling followed.", "Air/drone strike"),
        ("An IED exploded under a truck.", "Remote explosive/landmine/IED"),
        ("Two deminers were hurt by a land mine.", "Remote explosive/landmine/IED"),
        ("A roadside bomb went off.", "Remote explosive/landmine/IED"),
        ("A grenade was thrown into a yard.", "Grenade"),
        ("An explosion was heard.", ""),
        ("Fighting was reported near Volgograd.", ""),
        ("A jetty was damaged in Kaliningrad.", ""),  # words, not parts of words
    ],
)
def test_the_notes_name_the_weapon_of_an_old_remote_violence_event(notes, sub_event_type):
    assert acled_codebook.weapon_in(notes) == sub_event_type


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        ("2024-08-10", "2024-08-10", "1"),
        ("2024-08-10", "2024-08-16", "2"),
        ("2024-08-10", "2024-08-17", "3"),
        ("2024-08-01", "2024-08-31", "3"),
        ("2024-08-01", "2024-09-01", "4"),
        ("2024-08-10", "2024-08-09", ""),
        ("", "2024-08-09", ""),
    ],
)
def test_a_time_precision_not_given_is_the_finest_that_holds_the_dates(start, end, precision):
    assert defaults.time_precision_of(start, end) == precision


def test_content_ids_count_identical_rows_and_ignore_how_cells_are_written():
    rows = [
        {"event_date": "2024-08-12", "latitude": "51.2000", "fatalities": "4"},
        {"fatalities": "4", "latitude": "51.2", "event_date": "2024-08-12", "notes": " "},
        {"event_date": "2024-08-12", "latitude": "51,2", "fatalities": "4"},
        {"event_date": "2024-08-12", "latitude": "51.2", "fatalities": "5"},
    ]
    ids = defaults.content_ids("ACLED", rows)
    assert [i[-2:] for i in ids] == ["-1", "-2", "-3", "-1"]
    assert len({i[:-2] for i in ids[:3]}) == 1 and ids[3][:-2] != ids[0][:-2]


@pytest.fixture
def unsorted() -> pd.DataFrame:
    """An old 'Remote violence' event whose notes name no weapon (no sub-type), with an
    oblast-level one, so the map draws it both as a point and inside an area."""
    return validate(
        [
            raw_event(1, event_id="NOSUB", sub_event_type=""),
            raw_event(2, event_id="AREA", sub_event_type="", geo_precision="3", latitude="",
                      longitude="", admin1="Kursk Oblast", admin2="", location="Kursk Oblast"),
        ]
    )  # fmt: skip


def test_an_event_without_a_sub_type_says_so_wherever_it_is_shown(unsorted):
    event = unsorted.set_index("event_id").loc["NOSUB"].copy()
    event["event_id"] = "NOSUB"
    assert detail_lines(event, "batch b1")[0] == (
        "NOSUB: Explosions/Remote violence — sub-type not given"
    )
    layers = json.loads(deck_payload(event_deck(unsorted)))["layers"]
    tips = [
        item.get("tooltip") or item.get("properties", {}).get("tooltip")
        for layer in layers
        if isinstance(layer.get("data"), list)
        for item in layer["data"]
    ]
    tips += [
        feature["properties"]["tooltip"]
        for layer in layers
        if isinstance(layer.get("data"), dict)
        for feature in layer["data"].get("features", [])
        if "tooltip" in feature["properties"]
    ]
    assert "NOSUB · 2025-02-01\nExplosions/Remote violence\nKrasnopillia\nfatalities: 1" in tips
    assert any(str(tip).endswith("AREA · 2025-02-02 · Explosions/Remote violence") for tip in tips)
    view = View(start=date(2025, 2, 1), end=date(2025, 2, 28))
    words = " ".join(
        PdfReader(io.BytesIO(render_briefing(unsorted, view, file_format="pdf")))
        .pages[0]
        .extract_text()
        .split()
    )
    assert "Explosions/Remote violence: Military Forces of Russia" in words
    assert "<NA>" not in words


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".gpkg"])
def test_an_empty_sub_type_survives_export_and_re_import(tmp_path, unsorted, suffix):
    path = tmp_path / f"events{suffix}"
    export_events(unsorted, path)
    if suffix == ".csv":
        data = path.read_bytes()
    else:
        data = native.write(to_frame(pd.DataFrame(gpd.read_file(path).drop(columns="geometry"))))
    store = Store(f"sqlite:///{tmp_path / 'again.sqlite'}")
    plan = plan_import(data, path.name, store)
    assert plan.ok, plan.problems
    commit(plan, store)
    again = store.events().set_index("event_id")
    assert again["sub_event_type"].isna().all() and len(again) == 2
