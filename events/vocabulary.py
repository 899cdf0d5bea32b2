"""The coding vocabulary: ACLED's taxonomy and the date and place precision codes.

These are the words an event is coded in; the columns that carry them are in
:mod:`events.schema`, and the checks that enforce them in :mod:`events.validation`.
"""

from __future__ import annotations

TIME_PRECISION: dict[int, str] = {
    1: "day",
    2: "week",
    3: "month",
    4: "longer than a month",
}
"""How precisely the date is known; the interval [date_start, date_end] says where."""

MAX_SPAN_DAYS: dict[int, int | None] = {1: 1, 2: 7, 3: 31, 4: None}
"""The longest interval (days, inclusive) each time precision may claim."""

GEO_PRECISION: dict[int, str] = {
    1: "the place itself",
    2: "near the place, or part of a district",
    3: "district or oblast only",
    4: "region or country, no position",
}
"""How precisely the place is known: ACLED's three levels, and a fourth for events known
only to a region larger than an oblast or to a whole country (UCDP's where_prec 5–7)."""

NO_POSITION = 4
"""The geo precision of an event with no map position: it has no coordinates, its admin1
may be blank, and the map never draws it (the table, timeline and briefing list it)."""

NOT_ON_THE_MAP = "not on the map: region/country level"
"""What the detail and the briefing say of an event at :data:`NO_POSITION`."""

TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
"""ACLED event types and their sub-event types, in ACLED's order of precedence."""

EVENT_TYPES: tuple[str, ...] = tuple(TAXONOMY)

DISORDER_TYPES: tuple[str, ...] = (
    "Political violence",
    "Demonstrations",
    "Strategic developments",
    "Political violence; Demonstrations",
)

INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
"""ACLED actor categories; current exports write the label, older ones the number."""
