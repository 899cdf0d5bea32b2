"""UCDP files as analysts have them: GED, GED Candidate after Excel, HDX, API JSON
and an API subset."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from export_base import ROWS, ExportFile, select, shuffled
from exports import (
    HXL,
    UCDP_COLUMNS,
    ucdp_api,
    ucdp_file,
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
