"""The classes of file analysts hand sitmap, one builder each, built in code.

Each builder gives a :class:`ExportFile`: the file as it comes (about 40 synthetic
rows shaped like the real ones, with a few quirky ones), the same rows again in
another order and another encoding, and what the import must store for a few chosen
rows.  The rows are the Kursk front's: shelling and drone strikes in Sumy and Kharkiv
oblasts, clashes near Sudzha, strikes on Belgorod, and a few Donetsk rows outside the
mapped region, as country-wide exports have them.

Every row is synthetic (ACLED's terms forbid redistributing its data).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from exports import (
    HXL,
    UCDP_COLUMNS,
    acled_api,
    acled_file,
    r_csv,
    ucdp_api,
    ucdp_file,
    workbook,
)

from events.vocabulary import INTER_CODES

ROWS = 40
"""Data rows in each file."""


@dataclass(frozen=True)
class ExportFile:
    """One class of file: the bytes as they come, the same rows again, what to expect."""

    name: str
    """The file name an analyst would have (its suffix is the shape)."""
    data: bytes
    again: bytes
    """The same rows in another order and (where the shape has one) another encoding."""
    data_rows: int
    event_ids: frozenset[str] | None
    """The ids the import keeps (None where the file has no id column)."""
    expected: dict[str, dict[str, object]]
    """Per chosen event id, field → the stored value (dates as ``YYYY-MM-DD``)."""
    options: tuple[str, ...] = ()
    """``sitmap import`` options the class needs (none but for a generic table)."""


@dataclass(frozen=True)
class Scene:
    """An ACLED-coded kind of event at a place; rows cycle through the scenes."""

    country: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: str
    longitude: str
    event_type: str
    sub_event_type: str
    actor1: str
    inter1: int
    actor2: str
    inter2: int
    notes: str


RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"
SHELLING = "Shelling/artillery/missile attack"
REMOTE = "Explosions/Remote violence"

SCENES = [
    Scene("Ukraine", "Sumy", "Sumskyi", "Krasnopilska", "Krasnopillia", "50.7736", "35.2669",
          REMOTE, SHELLING, RUSSIA, 8, "Civilians (Ukraine)", 7,
          "Russian forces shelled Krasnopillia; two houses were damaged."),
    Scene("Ukraine", "Sumy", "Okhtyrskyi", "Okhtyrska", "Okhtyrka", "50.3116", "34.8988",
          REMOTE, "Air/drone strike", f"{RUSSIA} Air Force", 8, "", 0,
          "Russia\u2019s drones struck an infrastructure site in Okhtyrka."),
    Scene("Russia", "Kursk", "Sudzhanskiy", "", "Sudzha", "51.1914", "35.2706",
          "Battles", "Armed clash", UKRAINE, 8, RUSSIA, 1,
          "Ukrainian and Russian forces clashed near Sudzha, \u201cheavy\u201d fighting."),
    Scene("Russia", "Kursk", "Glushkovskiy", "", "Tyotkino", "51.2776", "34.3322",
          REMOTE, SHELLING, UKRAINE, 8, "", 0,
          "Ukrainian forces shelled Tyotkino. No casualties were reported."),
    Scene("Russia", "Belgorod", "Belgorodskiy", "", "Belgorod", "50.5977", "36.5858",
          REMOTE, "Air/drone strike", UKRAINE, 8, "Civilians (Russia)", 7,
          "a Ukrainian drone hit a car in Belgorod."),
    Scene("Ukraine", "Kharkiv", "Kharkivskyi", "Kharkivska", "Kharkiv", "49.9935", "36.2304",
          REMOTE, SHELLING, RUSSIA, 8, "Civilians (Ukraine)", 7,
          "Russian forces hit Kharkiv with a missile; a M\u00e9decins Sans Fronti\u00e8res "
          "clinic was damaged."),
    Scene("Ukraine", "Sumy", "Sumskyi", "Sumska", "Sumy", "50.9077", "34.7981",
          "Protests", "Peaceful protest", "Protesters (Ukraine)", 6, "", 0,
          "residents of Sumy rallied for the release of prisoners of war."),
    Scene("Ukraine", "Donetsk", "Pokrovskyi", "Pokrovska", "Pokrovsk", "48.2820", "37.1760",
          "Battles", "Armed clash", RUSSIA, 8, UKRAINE, 1,
          "Russian and Ukrainian forces clashed near Pokrovsk."),
]  # fmt: skip


def acled_event(i: int, first: date) -> dict[str, str]:
    """ACLED row ``i`` (from 1) with every column any vintage has; ``inter`` as codes."""
    scene = SCENES[(i - 1) % len(SCENES)]
    day = first + timedelta(days=3 * (i - 1))
    prefix = "UKR" if scene.country == "Ukraine" else "RUS"
    codes = sorted(code for code in (scene.inter1, scene.inter2) if code)
    protest = scene.event_type == "Protests"
    return {
        "data_id": str(10_400_000 + i),
        "iso": "804" if prefix == "UKR" else "643",
        "event_id_cnty": f"{prefix}{184000 + i}",
        "event_id_no_cnty": str(184000 + i),
        "event_date": day.isoformat(),
        "year": str(day.year),
        "time_precision": "2" if i % 10 == 3 else "3" if i == 17 else "1",
        "disorder_type": "Demonstrations" if protest else "Political violence",
        "event_type": scene.event_type,
        "sub_event_type": scene.sub_event_type,
        "actor1": scene.actor1,
        "assoc_actor_1": "Wagner Group" if i == 11 else "",
        "inter1": str(scene.inter1),
        "actor2": scene.actor2,
        "assoc_actor_2": "Civilians (Ukraine); Health Workers (Ukraine)" if i == 1 else "",
        "inter2": str(scene.inter2),
        "interaction": "".join(map(str, codes)) if len(codes) == 2 else f"{codes[0]}0",
        "civilian_targeting": "Civilian targeting" if scene.inter2 == 7 else "",
        "region": "Europe",
        "country": scene.country,
        "admin1": scene.admin1,
        "admin2": scene.admin2,
        "admin3": scene.admin3,
        "location": scene.location,
        "latitude": scene.latitude,
        "longitude": scene.longitude,
        "geo_precision": "2" if scene.location == "Tyotkino" else "1",
        "source": "Suspilne; Ukrinform" if prefix == "UKR" else "Kursk Regional Government",
        "source_scale": "National" if prefix == "UKR" else "Subnational",
        "notes": f"On {day:%d %B %Y}, {scene.notes}",
        "fatalities": "0" if protest else "14" if i == 11 else str(i * 7 % 5),
        "tags": "local administrators" if i == 7 else "",
        "timestamp": str(1_700_000_000 + 3_600 * i),
        "iso3": prefix,
    }


def labelled(row: dict[str, str]) -> dict[str, str]:
    """The row as exports since 2023 write it: actor categories as labels."""
    labels = {str(code): label for code, label in INTER_CODES.items()} | {"0": ""}
    codes = row["interaction"]
    pair = [labels[codes[0]], labels[codes[1]]] if codes[1] != "0" else [labels[codes[0]]]
    return row | {
        "inter1": labels[row["inter1"]],
        "inter2": labels[row["inter2"]],
        "interaction": "-".join(pair),
    }


def select(rows: list[dict[str, str]], columns: list[str]) -> list[dict[str, str]]:
    return [{column: row[column] for column in columns} for row in rows]


def shuffled(rows: list, seed: int = 23) -> list:
    """The rows in another order (the same every run)."""
    again = list(rows)
    random.Random(seed).shuffle(again)
    return again


def ids(rows: list[dict[str, str]], key: str = "event_id_cnty") -> frozenset[str]:
    return frozenset(row[key] for row in rows)


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


UCDP_PLACES = {
    # place → (country, adm_1, adm_2, where_coordinates, latitude, longitude)
    "sudzha": ("Russia (Soviet Union)", "Kursk oblast", "Sudzhanskiy rayon", "Sudzha town",
               "51.1914", "35.2706"),
    "sumy": ("Ukraine", "Sumy oblast", "Sumskyi raion", "Sumy city", "50.9077", "34.7981"),
    "belgorod": ("Russia (Soviet Union)", "Belgorod oblast", "Belgorodskiy rayon",
                 "Belgorod city", "50.5977", "36.5858"),
}  # fmt: skip

RUSSIA_GOV, UKRAINE_GOV = "Government of Russia (Soviet Union)", "Government of Ukraine"
SIDES = {
    "sudzha": (RUSSIA_GOV, UKRAINE_GOV),
    "sumy": (RUSSIA_GOV, "Civilians"),
    "belgorod": (UKRAINE_GOV, RUSSIA_GOV),
}

WHERE_PREC = {10: "5", 22: "5", 31: "6", 37: "7", 14: "3"} | {i: "4" for i in (5, 12, 18, 26)}
"""Per row, where_prec other than 1 or 2: oblast and district rows, the vaguer 5–7."""


def ucdp_event(i: int) -> dict[str, str]:
    """GED row ``i`` (from 1): clashes near Sudzha, strikes on Sumy (one-sided) and
    Belgorod; where_prec 5–7 rows; a best above high."""
    place = ("sudzha", "sumy", "belgorod")[(i - 1) % 3]
    country, adm_1, adm_2, where, lat, lon = UCDP_PLACES[place]
    one_sided = place == "sumy"
    start = date(2024, 8, 6) + timedelta(days=i - 1)
    date_prec = "3" if i % 8 == 0 else "1"
    end = start + timedelta(days=4) if date_prec == "3" else start
    where_prec = WHERE_PREC.get(i, "1" if i % 2 else "2")
    deaths = (i % 4, i % 3 + 1, 2 if one_sided else 0)
    best = sum(deaths)
    side_a, side_b = SIDES[place]
    headline = f"Fighting near {where}"
    if one_sided:
        headline = (
            f"Russia\u2019s shelling of {where} hits a M\u00e9decins Sans Fronti\u00e8res clinic"
        )
    row = dict.fromkeys(UCDP_COLUMNS, "") | {
        "id": str(540000 + i),
        "relid": f"RUS-2024-1-{9000 + i}",
        "year": "2024",
        "active_year": "1",
        "code_status": "Clear",
        "type_of_violence": "3" if one_sided else "1",
        "conflict_dset_id": "13243",
        "conflict_new_id": "13243",
        "conflict_name": "Government of Russia - civilians" if one_sided else "Russia - Ukraine",
        "dyad_dset_id": "14553",
        "dyad_new_id": "14553",
        "side_a_dset_id": "57",
        "side_a_new_id": "57",
        "side_a": side_a,
        "side_b": side_b,
        "number_of_sources": str(1 + i % 3),
        "source_article": f"\u201cStrikes near {where}\u201d, Suspilne, {start:%Y-%m-%d}",
        "source_office": "Suspilne;Reuters" if i % 5 else "",
        "source_date": f"{start:%Y-%m-%d} 00:00:00.000",
        "source_headline": headline,
        "where_prec": where_prec,
        "where_coordinates": where,
        "where_description": f"{where}, {adm_1}",
        "adm_1": adm_1,
        "adm_2": adm_2,
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})",
        "priogrid_gid": "185831",
        "country": country,
        "country_id": "369" if country == "Ukraine" else "365",
        "region": "Europe",
        "event_clarity": "1",
        "date_prec": date_prec,
        "date_start": f"{start:%Y-%m-%d} 00:00:00.000",
        "date_end": f"{end:%Y-%m-%d} 00:00:00.000",
        "deaths_a": str(deaths[0]),
        "deaths_b": str(deaths[1]),
        "deaths_civilians": str(deaths[2]),
        "deaths_unknown": "0",
        "best": str(best),
        "low": str(max(best - 1, 0)),
        "high": str(best + 3),
        "gwnoa": "365",
        "gwnob": "369" if not one_sided else "",
    }  # fmt: skip
    row["dyad_name"] = f"{row['side_a']} - {row['side_b']}"
    if where_prec in ("5", "6", "7"):  # the centroid UCDP gives such rows; often no adm_1
        vague = {
            "5": ("Kursk oblast", "Kursk oblast, border area with Sumy oblast", "51.5", "35.9")
            if i == 10
            else ("", "Kursk-Sumy border area", "51.3", "34.9"),
            "6": ("", "Russia", "55.75", "37.62"),
            "7": ("", "Black Sea", "44.0", "35.0"),
        }[where_prec]
        adm, description, vlat, vlon = vague
        row |= {"adm_1": adm, "adm_2": "", "where_description": description,
                "where_coordinates": description, "latitude": vlat, "longitude": vlon,
                "geom_wkt": f"POINT ({vlon} {vlat})"}  # fmt: skip
    if i == 15:  # the source's own figures disagree
        row |= {"best": "20", "low": "6", "high": "12"}
    return row


def ucdp_rows() -> list[dict[str, str]]:
    return [ucdp_event(i) for i in range(1, ROWS + 1)]


def ucdp_ids(rows: list[dict[str, str]]) -> frozenset[str]:
    return frozenset(f"UCDP-{row['id']}" for row in rows)


EXPECTED_UCDP = {
    "UCDP-540001": {
        "date_start": "2024-08-06", "date_end": "2024-08-06", "time_precision": 1,
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Government of Russia (Soviet Union)", "inter1": "State forces",
        "actor2": "Government of Ukraine", "inter2": "External/Other forces",
        "geo_precision": 1, "fatalities": 3, "fatalities_low": 2, "fatalities_high": 6,
        "country": "Russia", "admin1": "Kursk oblast", "location": "Sudzha town",
        "latitude": 51.1914,
    },
    "UCDP-540002": {
        "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor2": "Civilians", "inter2": "Civilians", "geo_precision": 2,
        "fatalities": 7,
        "notes": "Russia\u2019s shelling of Sumy city hits a M\u00e9decins Sans "
        "Fronti\u00e8res clinic",
    },
    "UCDP-540008": {  # date_prec 3: the interval UCDP gives
        "date_start": "2024-08-13", "date_end": "2024-08-17", "time_precision": 2,
    },
    "UCDP-540010": {  # where_prec 5 naming its oblast: drawn as the oblast
        "geo_precision": 3, "admin1": "Kursk oblast", "latitude": None,
        "location": "Kursk oblast",
    },
    "UCDP-540022": {"geo_precision": 4, "admin1": None, "latitude": None,
                    "longitude": None, "location": "Kursk-Sumy border area"},
    "UCDP-540031": {"geo_precision": 4, "admin1": None, "latitude": None,
                    "location": "Russia", "date_start": "2024-09-05"},
    "UCDP-540037": {"geo_precision": 4, "admin1": None, "location": "Black Sea"},
    "UCDP-540015": {"fatalities": 20, "fatalities_low": 6, "fatalities_high": 12},
    "UCDP-540005": {"geo_precision": 3, "admin1": "Sumy oblast"},
}  # fmt: skip


def ucdp_ged() -> ExportFile:
    """UCDP GED, its 49 columns: where_prec 1 to 7 (5 to 7 at UCDP's centroid, mostly
    with no adm_1), one row with best above high."""
    rows = ucdp_rows()
    return ExportFile(
        name="GEDEvent_v24_1.csv",
        data=ucdp_file(rows),
        again=ucdp_file(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ucdp_ids(rows),
        expected=EXPECTED_UCDP,
    )


def us_excel(moment: str) -> str:
    day = datetime.strptime(moment[:10], "%Y-%m-%d")
    return f"{day.month}/{day.day}/{day.year} 12:00:00 AM"


def day_first_excel(moment: str) -> str:
    return f"{datetime.strptime(moment[:10], '%Y-%m-%d'):%d/%m/%Y} 00:00"


def candidate_rows() -> list[dict[str, str]]:
    """GED Candidate rows after Excel: one column holds US ``8/6/2024 12:00:00 AM`` (the
    rows a colleague pasted in) and day-first ``06/08/2024 00:00``."""
    rows = ucdp_rows()
    for row in rows:
        write = us_excel if int(row["id"]) % 3 == 0 else day_first_excel
        row |= {"date_start": write(row["date_start"]), "date_end": write(row["date_end"])}
        row["code_status"] = "Check" if int(row["id"]) % 7 == 0 else "Clear"
    return rows


def ucdp_candidate_after_excel() -> ExportFile:
    """UCDP GED Candidate re-saved by Excel: two date patterns in one column, cp1252."""
    rows = candidate_rows()
    return ExportFile(
        name="GEDEvent_v24_0_9.csv",
        data=ucdp_file(rows, encoding="cp1252", line_end="\r\n"),
        again=ucdp_file(shuffled(rows), line_end="\r\n"),
        data_rows=ROWS,
        event_ids=ucdp_ids(rows),
        expected=EXPECTED_UCDP,
    )


def ucdp_hdx() -> ExportFile:
    """A UCDP GED copy from HDX: the HXL hashtag row under the header."""
    rows = ucdp_rows()
    return ExportFile(
        name="ged_ukraine_hdx.csv",
        data=_hdx(rows, "utf-8"),
        again=_hdx(shuffled(rows), "cp1252"),
        data_rows=ROWS,
        event_ids=ucdp_ids(rows),
        expected=EXPECTED_UCDP,
    )


def _hdx(rows: list[dict[str, str]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerow({name: HXL.get(name, "") for name in rows[0]})
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def api_record(row: dict[str, str]) -> dict[str, object]:
    """A GED row as the UCDP API gives it: numbers as numbers, dates with a T."""
    record: dict[str, object] = {}
    for column, cell in row.items():
        if column in ("date_start", "date_end"):
            record[column] = cell[:10] + "T00:00:00"
        elif column in ("latitude", "longitude"):
            record[column] = float(cell)
        elif cell.isdigit() and not column.endswith("dset_id") and column not in ("gwnoa",):
            record[column] = int(cell)
        else:
            record[column] = cell if cell else None
    record["active_year"] = True
    return record


def ucdp_api_json() -> ExportFile:
    """A UCDP API page: ``{"Result": [...], "TotalCount": …}``, typed values, nulls."""
    records = [api_record(row) for row in ucdp_rows()]
    return ExportFile(
        name="gedevents-24.1-Ukraine.json",
        data=ucdp_api(records, ensure_ascii=False),
        again=ucdp_api(shuffled(records), ensure_ascii=True),
        data_rows=ROWS,
        event_ids=frozenset(f"UCDP-{r['id']}" for r in records),
        expected=EXPECTED_UCDP,
    )


_ACLED_2016_NAMES = (
    "actor1 actor2 admin1 admin2 admin3 ally_actor_1 ally_actor_2 country data_id event_date "
    "event_id_cnty event_id_no_cnty event_type fatalities geo_precision gwno inter1 inter2 "
    "interaction latitude location longitude notes source time_precision year"
)
ACLED_2016 = sorted(_ACLED_2016_NAMES.split())

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


UCDP_SUBSET = ["id", "date_start", "date_end", "latitude", "longitude", "type_of_violence", "best"]


def ucdp_api_subset() -> ExportFile:
    """The seven columns users keep of a UCDP API download (where_prec 1–2 rows)."""
    rows = [row for row in ucdp_rows() if row["where_prec"] in ("1", "2")]
    rows = select(rows, UCDP_SUBSET)
    return ExportFile(
        name="ucdp_subset.csv",
        data=ucdp_file(rows),
        again=ucdp_file(shuffled(rows), line_end="\r\n"),
        data_rows=len(rows),
        event_ids=ucdp_ids(rows),
        expected={
            "UCDP-540001": {"date_start": "2024-08-06", "date_end": "2024-08-06",
                            "event_type": "Battles", "fatalities": 3, "latitude": 51.1914},
            "UCDP-540002": {"event_type": "Violence against civilians", "fatalities": 7},
        },
    )  # fmt: skip


CIR = ["entry", "date", "event_group", "title", "brief description", "lat", "lon", "country",
       "province", "district", "town/city", "arms/munition", "violence level", "link",
       "geolocation"]  # fmt: skip


def cir_table() -> ExportFile:
    """A CIR "Eyes on Russia"-style list, through the column mapping."""
    rows = []
    for i in range(1, ROWS + 1):
        scene = SCENES[(i - 1) % 4]
        day = date(2024, 8, 6) + timedelta(days=i)
        rows.append({
            "entry": f"CIR-{1200 + i}", "date": day.isoformat(), "event_group": "Strike",
            "title": f"Strike on {scene.location}", "brief description": scene.notes,
            "lat": scene.latitude, "lon": scene.longitude, "country": scene.country,
            "province": scene.admin1, "district": scene.admin2, "town/city": scene.location,
            "arms/munition": "Artillery", "violence level": str(i % 3 + 1),
            "link": f"https://example.org/cir/{1200 + i}", "geolocation": "Confirmed",
        })  # fmt: skip
    options = (
        "--format", "table",
        "--column", "event_id=entry", "--column", "date_start=date",
        "--column", "latitude=lat", "--column", "longitude=lon",
        "--column", "admin1=province", "--column", "location=town/city",
        "--column", "notes=brief description", "--column", "source_url=link",
        "--set", "event_type=Explosions/Remote violence",
        "--set", f"sub_event_type={SHELLING}",
        "--set", f"actor1={RUSSIA}",
        "--set", "source=CIR Eyes on Russia",
    )  # fmt: skip
    return ExportFile(
        name="eyes_on_russia.csv",
        data=acled_file(rows),
        again=acled_file(shuffled(rows), encoding="cp1252"),
        data_rows=ROWS,
        event_ids=ids(rows, "entry"),
        expected={"CIR-1201": {"date_start": "2024-08-07", "date_end": "2024-08-07",
                               "geo_precision": 1, "time_precision": 1,
                               "location": "Krasnopillia", "source": "CIR Eyes on Russia",
                               "event_type": REMOTE}},
        options=options,
    )  # fmt: skip
