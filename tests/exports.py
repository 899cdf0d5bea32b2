"""ACLED and UCDP rows and the files they come in, built in code for tests: CSV as the
export tools, Excel, R and HDX write it, Excel workbooks, and the APIs' JSON.

Every row is synthetic, shaped like the real ones (ACLED's terms forbid redistributing
its data): a shelling in Sumy oblast, a clash near Sudzha, numbered ``i``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl


def acled_row(i: int = 1, **changes: str) -> dict[str, str]:
    """A synthetic, valid ACLED row (current export, text labels) numbered ``i``."""
    day = date(2025, 2, 1 + (i - 1) % 28)
    row = {
        "event_id_cnty": f"UKR{9000 + i}",
        "event_date": day.isoformat(),
        "year": "2025",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)",
        "assoc_actor_1": "",
        "inter1": "External/Other forces",
        "actor2": "Civilians (Ukraine)",
        "assoc_actor_2": "",
        "inter2": "Civilians",
        "interaction": "External/Other forces-Civilians",
        "civilian_targeting": "Civilian targeting",
        "iso": "804",
        "region": "Europe",
        "country": "Ukraine",
        "admin1": "Sumy",
        "admin2": "Sumskyi",
        "admin3": "Yunakivska",
        "location": "Yunakivka",
        "latitude": "51.0561",
        "longitude": "35.1364",
        "geo_precision": "1",
        "source": "Suspilne; Ukrinform",
        "source_scale": "National",
        "notes": f"Synthetic event {i}: shelling of Yunakivka.",
        "fatalities": str(i % 3),
        "tags": "",
        "timestamp": str(1_740_000_000 + i),
    }
    row.update(changes)
    return row


def old_acled_row(i: int = 1, **changes: str) -> dict[str, str]:
    """An older export: numeric actor codes, ``07 February 2025`` dates, no disorder_type."""
    row = acled_row(i, inter1="8", inter2="7", interaction="78", event_id_no_cnty=str(9000 + i))
    row["event_date"] = date.fromisoformat(row["event_date"]).strftime("%d %B %Y")
    del row["disorder_type"]
    row.update(changes)
    return row


def acled_file(
    rows: list[dict[str, str]],
    delimiter: str = ",",
    encoding: str = "utf-8",
    quoting: int = csv.QUOTE_MINIMAL,
) -> bytes:
    """Rows as an ACLED CSV file (CRLF line ends, as the export tool writes them)."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, list(rows[0]), delimiter=delimiter, lineterminator="\r\n", quoting=quoting
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def r_csv(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    """Rows as R's ``write.csv`` writes a data frame: row names under an empty header,
    text quoted, numbers bare, and ``NA`` (bare) for every empty cell."""
    out = io.StringIO()
    out.write(",".join(f'"{name}"' for name in ["", *rows[0]]) + "\n")
    for number, row in enumerate(rows, start=1):
        cells = [f'"{number}"'] + [_r_cell(value) for value in row.values()]
        out.write(",".join(cells) + "\n")
    return out.getvalue().encode(encoding)


def _r_cell(value: str) -> str:
    if value in ("", "NA"):
        return "NA"
    try:
        float(value)
    except ValueError:
        return '"' + value.replace('"', '""') + '"'
    return value


_UCDP_COLUMN_NAMES = (
    "id relid year active_year code_status type_of_violence conflict_dset_id conflict_new_id "
    "conflict_name dyad_dset_id dyad_new_id dyad_name side_a_dset_id side_a_new_id side_a "
    "side_b_dset_id side_b_new_id side_b number_of_sources source_article source_office "
    "source_date source_headline source_original where_prec where_coordinates "
    "where_description adm_1 adm_2 latitude longitude geom_wkt priogrid_gid country "
    "country_id region event_clarity date_prec date_start date_end deaths_a deaths_b "
    "deaths_civilians deaths_unknown best high low gwnoa gwnob"
)
UCDP_COLUMNS = _UCDP_COLUMN_NAMES.split()
"""The 49 columns of a full UCDP GED (or GED Candidate) file, in its order."""


def ucdp_row(i: int = 1, **changes: str) -> dict[str, str]:
    """A GED-shaped row: a Russia–Ukraine clash in Kursk oblast, numbered ``i``."""
    row = dict.fromkeys(UCDP_COLUMNS, "")
    row.update(
        id=str(500000 + i),
        relid=f"RUS-2025-1-{i}",
        year="2025",
        active_year="1",
        code_status="Clear",
        type_of_violence="1",
        conflict_name="Russia - Ukraine",
        dyad_name="Government of Russia (Soviet Union) - Government of Ukraine",
        side_a="Government of Russia (Soviet Union)",
        side_b="Government of Ukraine",
        number_of_sources="2",
        source_article='"Fighting near Sudzha," Reuters, 2025-02-08',
        source_office="Reuters;Meduza",
        source_date="2025-02-08 00:00:00.000;2025-02-09 00:00:00.000",
        source_headline="Fighting near Sudzha",
        where_prec="1",
        where_coordinates="Sudzha town",
        where_description="Sudzha, Kursk oblast",
        adm_1="Kursk oblast",
        adm_2="Sudzhanskiy rayon",
        latitude="51.1914",
        longitude="35.2706",
        geom_wkt="POINT (35.2706 51.1914)",
        country="Russia (Soviet Union)",
        country_id="365",
        region="Europe",
        event_clarity="1",
        date_prec="1",
        date_start="2025-02-07 00:00:00.000",
        date_end="2025-02-07 00:00:00.000",
        deaths_a="3",
        deaths_b="5",
        best="8",
        low="6",
        high="12",
        gwnoa="365",
        gwnob="369",
    )
    row.update(changes)
    return row


def ucdp_file(rows: list[dict[str, str]], encoding: str = "utf-8", line_end: str = "\n") -> bytes:
    """Rows as a UCDP CSV file (Excel writes it back with CRLF, in cp1252)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator=line_end)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


HXL = {
    "id": "#event+id",
    "date_start": "#date+start",
    "date_end": "#date+end",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "country": "#country+name",
    "adm_1": "#adm1+name",
    "adm_2": "#adm2+name",
    "best": "#affected+killed",
    "high": "#affected+killed+high",
    "low": "#affected+killed+low",
    "side_a": "#group+name+a",
    "side_b": "#group+name+b",
    "type_of_violence": "#event+type",
    "where_prec": "#geo+precision",
    "date_prec": "#date+precision",
    "year": "#date+year",
    "conflict_name": "#event+name",
    "dyad_name": "#group+dyad",
    "where_coordinates": "#loc+name",
    "where_description": "#loc+description",
    "region": "#region+name",
    "source_headline": "#meta+headline",
    "source_office": "#meta+source",
    "source_date": "#date+source",
    "deaths_a": "#affected+killed+a",
    "deaths_b": "#affected+killed+b",
}
"""The HXL hashtags HDX puts under a UCDP GED header (columns without one stay blank)."""


def hdx_ged(rows: list[dict[str, str]] | None = None, encoding: str = "utf-8") -> bytes:
    """A UCDP GED copy from HDX: the HXL hashtag row directly under the header."""
    rows = rows or [ucdp_row(i) for i in (1, 2, 3)]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerow({name: HXL.get(name, "") for name in rows[0]})
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


_ACLED_COLUMN_NAMES = (
    "event_id_cnty event_id_no_cnty event_date year time_precision disorder_type event_type "
    "sub_event_type actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction "
    "civilian_targeting iso region country admin1 admin2 admin3 location latitude longitude "
    "geo_precision source source_scale notes fatalities tags timestamp"
)
ACLED_COLUMNS = _ACLED_COLUMN_NAMES.split()
"""An ACLED export's columns, as a workbook or the API holds them."""


def acled_values(i: int, day: date) -> dict[str, object]:
    """One synthetic ACLED event as typed values, as a workbook or the API holds them."""
    return {
        "event_id_cnty": f"UKR{9000 + i}",
        "event_id_no_cnty": 9000 + i,
        "event_date": day,
        "year": day.year,
        "time_precision": 1,
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)",
        "assoc_actor_1": None,
        "inter1": "External/Other forces",
        "actor2": "Civilians (Ukraine)",
        "assoc_actor_2": None,
        "inter2": "Civilians",
        "interaction": "External/Other forces-Civilians",
        "civilian_targeting": "Civilian targeting",
        "iso": 804,
        "region": "Europe",
        "country": "Ukraine",
        "admin1": "Sumy",
        "admin2": "Sumskyi",
        "admin3": "Yunakivska",
        "location": "Yunakivka",
        "latitude": 51.0561,
        "longitude": 35.1364,
        "geo_precision": 1,
        "source": "Suspilne; Ukrinform",
        "source_scale": "National",
        "notes": f"Synthetic event {i}: shelling of Yunakivka.",
        "fatalities": i % 3 + 1,
        "tags": None,
        "timestamp": 1_723_000_000 + i,
    }


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx file with these sheets (rows of values; None is a blank cell)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def acled_api(records: list[dict[str, object]], ensure_ascii: bool = True) -> bytes:
    """An ACLED API response: its envelope, every value as text as the API gives it."""
    as_text = [{k: v if v is None else str(v) for k, v in record.items()} for record in records]
    body = {
        "status": 200,
        "success": True,
        "last_update": 12,
        "count": len(records),
        "messages": [],
        "data": as_text,
        "filename": "2024-08-09",
    }
    return json.dumps(body, indent=1, ensure_ascii=ensure_ascii).encode()


def ucdp_record(i: int) -> dict[str, object]:
    """A GED event as the UCDP API gives it: numbers as numbers, dates with a T, nulls."""
    return {
        "id": 500000 + i,
        "relid": f"RUS-2025-1-{i}",
        "year": 2025,
        "active_year": True,
        "code_status": "Clear",
        "type_of_violence": 1,
        "conflict_dset_id": "13243",
        "conflict_new_id": 13243,
        "conflict_name": "Russia - Ukraine",
        "dyad_dset_id": "14553",
        "dyad_new_id": 14553,
        "dyad_name": "Government of Russia (Soviet Union) - Government of Ukraine",
        "side_a_dset_id": "57",
        "side_a_new_id": 57,
        "side_a": "Government of Russia (Soviet Union)",
        "side_b_dset_id": "193",
        "side_b_new_id": 193,
        "side_b": "Government of Ukraine",
        "number_of_sources": -1,
        "source_article": "Synthetic wire report",
        "source_office": "Reuters",
        "source_date": "2025-02-08",
        "source_headline": f"Fighting near Sudzha ({i})",
        "source_original": "",
        "where_prec": 1,
        "where_coordinates": "Sudzha town",
        "where_description": "Sudzha, Kursk oblast",
        "adm_1": "Kursk oblast",
        "adm_2": "Sudzhanskiy rayon",
        "latitude": 51.1914,
        "longitude": 35.2706,
        "geom_wkt": "POINT (35.2706 51.1914)",
        "priogrid_gid": 185831,
        "country": "Russia (Soviet Union)",
        "country_id": 365,
        "region": "Europe",
        "event_clarity": 1,
        "date_prec": 1,
        "date_start": f"2025-02-0{i}T00:00:00",
        "date_end": f"2025-02-0{i}T00:00:00",
        "deaths_a": 3,
        "deaths_b": 5,
        "deaths_civilians": 0,
        "deaths_unknown": 0,
        "best": 8,
        "high": 12,
        "low": 6,
        "gwnoa": "365",
        "gwnob": None,
    }


def ucdp_api(
    records: list[dict[str, object]], total: int | None = None, ensure_ascii: bool = True
) -> bytes:
    """A UCDP API response: one page of ``total`` records (default: all of them)."""
    body = {
        "TotalCount": len(records) if total is None else total,
        "TotalPages": 1,
        "PreviousPageUrl": "",
        "NextPageUrl": "",
        "Result": records,
    }
    return json.dumps(body, ensure_ascii=ensure_ascii).encode()
