"""ACLED files as analysts have them: each export vintage, Excel and R round trips,
re-exports, subsets, API JSON and a workbook."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from export_base import (
    REMOTE,
    ROWS,
    RUSSIA,
    SHELLING,
    UKRAINE,
    ExportFile,
    acled_event,
    ids,
    labelled,
    select,
    shuffled,
)
from exports import (
    acled_api,
    acled_file,
    r_csv,
    workbook,
)

_ACLED_2019_NAMES = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,timestamp,iso3"
)
ACLED_2019 = _ACLED_2019_NAMES.split(",")
_ACLED_2023_NAMES = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
ACLED_2023 = _ACLED_2023_NAMES.split(",")
POPULATION = ["population_1km", "population_2km", "population_5km", "population_best"]


def _quoted_text(rows: list[dict[str, str]], encoding: str) -> bytes:
    """As the 2019–22 export tool wrote: every text cell quoted, numbers bare."""
    typed = [{column: _number(cell) for column, cell in row.items()} for row in rows]
    return acled_file(typed, encoding=encoding, quoting=csv.QUOTE_NONNUMERIC)


def _number(cell: str) -> object:
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell)
    except ValueError:
        return cell


def acled_2019_export() -> ExportFile:
    """ACLED export tool, 2019–22: ``21 March 2022`` dates, quoted; actor codes 1–8;
    data_id and iso3; a week- and a month-precision row; Donetsk rows off the map."""
    rows = []
    for i in range(1, ROWS + 1):
        row = acled_event(i, date(2022, 3, 1))
        row["event_date"] = date.fromisoformat(row["event_date"]).strftime("%d %B %Y")
        rows.append(select([row], ACLED_2019)[0])
    return ExportFile(
        name="2019-2022-Ukraine-Russia.csv",
        data=_quoted_text(rows, "utf-8"),
        again=_quoted_text(shuffled(rows), "cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows),
        expected={
            "UKR184001": {
                "date_start": "2022-03-01", "date_end": "2022-03-01", "time_precision": 1,
                "event_type": REMOTE, "sub_event_type": SHELLING,
                "actor1": RUSSIA, "inter1": "External/Other forces",
                "actor2": "Civilians (Ukraine)", "inter2": "Civilians",
                "assoc_actor_2": "Civilians (Ukraine); Health Workers (Ukraine)",
                "disorder_type": "Political violence", "geo_precision": 1, "fatalities": 2,
                "location": "Krasnopillia", "admin1": "Sumy", "latitude": 50.7736,
            },
            "RUS184011": {
                "date_start": "2022-03-31", "date_end": "2022-03-31", "time_precision": 1,
                "event_type": "Battles", "sub_event_type": "Armed clash",
                "actor1": UKRAINE, "assoc_actor_1": "Wagner Group", "actor2": RUSSIA,
                "inter2": "State forces", "fatalities": 14, "country": "Russia",
            },
            "RUS184013": {  # 6 April 2022, a Wednesday: precision 2 is its Monday–Sunday week
                "date_start": "2022-04-04", "date_end": "2022-04-10", "time_precision": 2,
            },
            "RUS184012": {"geo_precision": 2, "location": "Tyotkino", "actor2": None,
                          "inter2": None, "fatalities": 4},
            "UKR184015": {"event_type": "Protests", "sub_event_type": "Peaceful protest",
                          "disorder_type": "Demonstrations", "inter1": "Protesters",
                          "date_start": "2022-04-12", "fatalities": 0},
            "UKR184017": {"date_start": "2022-04-01", "date_end": "2022-04-30",
                          "time_precision": 3},
        },
    )  # fmt: skip


def acled_2023_rows(first: date = date(2024, 8, 6)) -> list[dict[str, str]]:
    """The 2023+ export tool's rows, with its population columns (some blank)."""
    rows = []
    for i in range(1, ROWS + 1):
        row = select([labelled(acled_event(i, first))], ACLED_2023)[0]
        blank = i % 9 == 0  # the export leaves population blank where it has none
        people = ["", "", "", ""] if blank else [str(120 * i), str(410 * i), str(2300 * i), ""]
        people[3] = "" if blank else people[1]
        rows.append(row | dict(zip(POPULATION, people, strict=True)))
    return rows


EXPECTED_2023 = {
    "UKR184001": {
        "date_start": "2024-08-06", "date_end": "2024-08-06", "time_precision": 1,
        "event_type": REMOTE, "sub_event_type": SHELLING, "actor1": RUSSIA,
        "inter1": "External/Other forces", "actor2": "Civilians (Ukraine)",
        "inter2": "Civilians", "geo_precision": 1, "fatalities": 2, "admin1": "Sumy",
        "latitude": 50.7736, "longitude": 35.2669,
    },
    "RUS184003": {  # 12 August 2024, a Monday, precision 2: that week
        "date_start": "2024-08-12", "date_end": "2024-08-18", "time_precision": 2,
        "event_type": "Battles", "actor1": UKRAINE, "actor2": RUSSIA,
        "inter1": "External/Other forces", "inter2": "State forces", "fatalities": 1,
        "country": "Russia", "admin1": "Kursk", "location": "Sudzha",
    },
    "UKR184002": {
        "notes": "On 09 August 2024, Russia\u2019s drones struck an infrastructure site in "
        "Okhtyrka.",
        "actor1": f"{RUSSIA} Air Force", "actor2": None, "inter2": None, "fatalities": 4,
    },
    "UKR184007": {"tags": "local administrators", "event_type": "Protests",
                  "actor1": "Protesters (Ukraine)", "date_start": "2024-08-24"},
    "UKR184017": {"date_start": "2024-09-01", "date_end": "2024-09-30", "time_precision": 3},
    "UKR184016": {"admin1": "Donetsk", "location": "Pokrovsk", "fatalities": 2},
    "UKR184006": {
        "notes": "On 21 August 2024, Russian forces hit Kharkiv with a missile; a M\u00e9decins "
        "Sans Fronti\u00e8res clinic was damaged.",
    },
}  # fmt: skip


def acled_2023_export() -> ExportFile:
    """ACLED export tool, 2023 onward, with its population columns: CRLF, labels."""
    rows = acled_2023_rows()
    return ExportFile(
        name="2024-08-01-2024-12-31-Europe-Ukraine-Russia.csv",
        data=acled_file(rows),
        again=acled_file(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows),
        expected=EXPECTED_2023,
    )


def excel_date(day: date) -> str:
    """A date as Excel writes it back on an English locale: ``9-May-24``."""
    return f"{day.day}-{day:%b}-{day:%y}"


def excel_resaved_acled() -> ExportFile:
    """The 2023+ export after an Excel round trip on Western Windows: ``6-Aug-24``
    dates, cp1252 with curly quotes, and the blank rows Excel leaves after the data."""
    rows = acled_2023_rows()
    for row in rows:
        row["event_date"] = excel_date(date.fromisoformat(row["event_date"]))
        row["latitude"] = row["latitude"].rstrip("0")  # a number cell: 50.7730 → 50.773
    blank = ",".join([""] * len(rows[0])).encode() + b"\r\n"
    return ExportFile(
        name="acled kursk (resaved).csv",
        data=acled_file(rows, encoding="cp1252") + blank * 2,
        again=b"\xef\xbb\xbf" + acled_file(shuffled(rows)),  # Excel's "CSV UTF-8": a BOM
        data_rows=ROWS,
        event_ids=ids(rows),
        expected=EXPECTED_2023,
    )


def r_written_acled() -> ExportFile:
    """The 2023+ export read and written by R's ``write.csv``: row names, ``NA`` in
    empty actor, admin3, civilian_targeting and tags cells; a round timestamp written
    as ``1.7e+09``."""
    rows = acled_2023_rows()
    rows[39]["timestamp"] = "1.7e+09"
    return ExportFile(
        name="acled_clean.csv",
        data=r_csv(rows),
        again=r_csv(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows),
        expected=EXPECTED_2023 | {"RUS184004": {"actor2": None, "inter2": None, "tags": None,
                                                "location": "Tyotkino", "geo_precision": 2}},
    )  # fmt: skip


_RE_EXPORT_NAMES = (
    "id,event_date,event_id_cnty,country,admin1,admin2,location,latitude,longitude,"
    "geo_precision,event_type,sub_event_type,actor1,inter1,actor2,inter2,actor_dyad,"
    "fatalities,time_precision,disorder_type,assoc_actor_1,assoc_actor_2,interaction,"
    "civilian_targeting,iso,region,admin3,source,source_scale,notes,tags,timestamp,year"
)
RE_EXPORT = _RE_EXPORT_NAMES.split(",")


def re_exported_acled() -> ExportFile:
    """An ACLED export re-exported by another tool: columns reordered, an ``id`` and an
    ``actor_dyad`` column added, dates written ``14/08/2024 00:00:00``."""
    rows = []
    for number, row in enumerate(acled_2023_rows(), start=1):
        day = date.fromisoformat(row["event_date"])
        dyad = " - ".join(actor for actor in (row["actor1"], row["actor2"]) if actor)
        row |= {"id": str(number), "event_date": f"{day:%d/%m/%Y} 00:00:00", "actor_dyad": dyad}
        rows.append(select([row], RE_EXPORT)[0])
    return ExportFile(
        name="events_reexport.csv",
        data=acled_file(rows),
        again=acled_file(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows),
        expected=EXPECTED_2023,
    )


def acled_api_json() -> ExportFile:
    """An ACLED API response: every value text, ``inter`` as codes, ``tags`` missing
    from a record, null cells."""
    records: list[dict[str, object]] = []
    for i in range(1, ROWS + 1):
        record: dict[str, object] = dict(select([acled_event(i, date(2024, 8, 6))], ACLED_2023)[0])
        record |= {key: None for key in ("assoc_actor_1", "assoc_actor_2") if not record[key]}
        records.append(record)
    del records[4]["tags"]
    return ExportFile(
        name="acled_api_2024-08.json",
        data=acled_api(records, ensure_ascii=False),
        again=acled_api(shuffled(records), ensure_ascii=True),
        data_rows=ROWS,
        event_ids=frozenset(str(r["event_id_cnty"]) for r in records),
        expected=EXPECTED_2023,
    )


def acled_workbook() -> ExportFile:
    """The 2023+ export opened and saved as ``.xlsx``: date cells, numbers, blank
    cells, a blank row in the data."""
    rows = acled_2023_rows()

    def values(row: dict[str, str]) -> list[object]:
        typed: list[object] = []
        for column in ACLED_2023:
            cell = row[column]
            if column == "event_date":
                typed.append(datetime.fromisoformat(cell))
            elif column in ("latitude", "longitude"):
                typed.append(float(cell))
            elif cell.isdigit():
                typed.append(int(cell))
            else:
                typed.append(cell or None)
        return typed

    def book(ordered: list[dict[str, str]]) -> bytes:
        sheet = [ACLED_2023, *(values(row) for row in ordered)]
        sheet.insert(21, [None] * len(ACLED_2023))
        return workbook({"Sheet1": sheet})

    return ExportFile(
        name="acled_export.xlsx",
        data=book(rows),
        again=book(shuffled(rows)),
        data_rows=ROWS,
        event_ids=ids(rows),
        expected=EXPECTED_2023,
    )


OLD_TYPES = [
    # (event_type, inter1, notes, inter2, actor2)
    ("Battle-No change of territory", "2", "Clashes between DPR and Ukrainian forces.", "1",
     UKRAINE),
    ("Remote violence", "2", "Shelling of Ukrainian positions with artillery.", "1", UKRAINE),
    ("Riots/Protests", "6", "Residents protested against the blockade.", "0", ""),
    ("Violence against civilians", "2", "A civilian was shot at a checkpoint.", "7",
     "Civilians (Ukraine)"),
    ("Remote violence", "2", "A drone dropped explosives on a position.", "1", UKRAINE),
    ("Strategic development", "1", "Ukrainian forces reinforced the line.", "0", ""),
    ("Battle-Government regains territory", "1", "Ukrainian forces took back a village.", "2",
     "DPR: Donetsk People's Republic"),
    ("Remote violence", "2", "An explosion was heard; the cause is unknown.", "1", UKRAINE),
]  # fmt: skip


def acled_2016_api() -> ExportFile:
    """An ACLED API download from 2016 saved by pandas: its index as a first column with
    an empty header, alphabetical columns, ``ally_actor_*``, no ``sub_event_type``, the
    event types from before the 2019 codebook."""
    rows = []
    for i in range(1, ROWS + 1):
        event_type, inter1, notes, inter2, actor2 = OLD_TYPES[(i - 1) % len(OLD_TYPES)]
        day = date(2016, 3, 1) + timedelta(days=2 * (i - 1))
        actor1 = {"1": UKRAINE, "2": "DPR: Donetsk People's Republic"}.get(
            inter1, "Protesters (Ukraine)"
        )
        rows.append({
            "actor1": actor1, "actor2": actor2, "admin1": "Donetsk", "admin2": "Horlivska",
            "admin3": "", "ally_actor_1": "", "ally_actor_2": "", "country": "Ukraine",
            "data_id": str(600000 + i), "event_date": day.isoformat(),
            "event_id_cnty": f"UKR{2100 + i}", "event_id_no_cnty": str(2100 + i),
            "event_type": event_type, "fatalities": str(i % 3), "geo_precision": "1",
            "gwno": "369", "inter1": inter1, "inter2": inter2,
            "interaction": f"{min(inter1, inter2)}{max(inter1, inter2)}" if inter2 != "0"
            else f"{inter1}0",
            "latitude": "48.3123", "location": "Horlivka", "longitude": "38.0290",
            "notes": notes, "source": "Ukrinform", "time_precision": "1", "year": "2016",
        })  # fmt: skip
    rows[3]["ally_actor_1"] = "Russian Military Forces"
    return ExportFile(
        name="acled_ukraine_2016.csv",
        data=_pandas_csv(rows),
        again=_pandas_csv(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows),
        expected={
            "UKR2101": {"event_type": "Battles", "sub_event_type": "Armed clash",
                        "date_start": "2016-03-01", "fatalities": 1,
                        "inter1": "Rebel groups", "actor2": UKRAINE},
            "UKR2102": {"event_type": REMOTE, "sub_event_type": SHELLING},
            "UKR2103": {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
            "UKR2104": {"event_type": "Violence against civilians", "sub_event_type": "Attack",
                        "assoc_actor_1": "Russian Military Forces"},
            "UKR2105": {"event_type": REMOTE, "sub_event_type": "Air/drone strike"},
            "UKR2106": {"event_type": "Strategic developments", "sub_event_type": "Other"},
            "UKR2107": {"event_type": "Battles",
                        "sub_event_type": "Government regains territory"},
            "UKR2108": {"event_type": REMOTE, "sub_event_type": None},
        },
    )  # fmt: skip


def _pandas_csv(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    """As pandas' ``to_csv`` writes a frame: its index first, under an empty header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["", *rows[0]])
    for number, row in enumerate(rows):
        writer.writerow([number, *row.values()])
    return out.getvalue().encode(encoding)


SUBSET = ["event_date", "event_type", "sub_event_type", "latitude", "longitude", "fatalities"]


def acled_subset() -> ExportFile:
    """An ACLED export cut down to six columns; two rows identical (they stay two)."""
    rows = select(acled_2023_rows(), SUBSET)
    rows[30] = dict(rows[29])
    data = acled_file(rows)
    return ExportFile(
        name="acled_subset.csv",
        data=data,
        again=acled_file(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=None,
        expected={},
    )
