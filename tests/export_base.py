"""The classes of file analysts hand sitmap: what every builder shares.

Each builder (``acled_classes``, ``ucdp_classes``, ``table_classes``) gives an
:class:`ExportFile`: the file as it comes (about 40 synthetic rows shaped like the real
ones, with a few quirky ones), the same rows again in another order and another
encoding, and what the import must store for a few chosen rows.  The rows are the Kursk
front's, with a few Donetsk rows outside the mapped region, as country-wide exports have
them.  Every row is synthetic (ACLED's terms forbid redistributing its data).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

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
