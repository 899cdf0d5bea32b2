"""ACLED's event types from before the 2019 codebook, as today's type and sub-type.

Files from the 2016 API and earlier exports have no ``sub_event_type`` and code events
in nine older types.  Each becomes a type of :data:`events.vocabulary.TAXONOMY`:

* ``Battle-No change of territory`` → Battles / Armed clash;
* ``Battle-Government regains territory`` → Battles / Government regains territory;
* ``Battle-Non-state actor overtakes territory`` → Battles / Non-state actor overtakes
  territory;
* ``Riots/Protests`` → by ``inter1``: 6 (protesters) → Protests / Peaceful protest,
  5 (rioters) → Riots / Violent demonstration; any other actor is a problem on the row;
* ``Remote violence`` → Explosions/Remote violence, with the sub-type the notes name
  (:data:`WEAPON_WORDS`; when they name several, the first in ACLED's order of
  precedence); when they name none, the sub-type is left empty and the row is flagged;
* ``Violence against civilians`` → Violence against civilians / Attack;
* ``Strategic development`` → Strategic developments / Other;
* ``Non-violent transfer of territory`` and ``Headquarters or base established`` →
  Strategic developments, with the sub-type of the same name.

A sub-type the old type itself names (the three battles, the transfer, the base) is
ACLED's own; any other is **inferred**: from the actor, from the notes, or as the
default of its type.  An inferred sub-type gets the tag :data:`INFERRED_TAG`, and every
converted row keeps its original type in its extras (``event_type``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.vocabulary import TAXONOMY

INFERRED_TAG = "sub_event_type:inferred"
"""The tag of an event whose sub-type was inferred, not coded by ACLED."""

REMOTE = "Explosions/Remote violence"

NAMED: dict[str, tuple[str, str]] = {
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": (
        "Battles",
        "Non-state actor overtakes territory",
    ),
    "Non-violent transfer of territory": (
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    "Headquarters or base established": (
        "Strategic developments",
        "Headquarters or base established",
    ),
}
"""Old types whose new sub-type the old name itself gives."""

DEFAULTED: dict[str, tuple[str, str]] = {
    "Violence against civilians": ("Violence against civilians", "Attack"),
    "Strategic development": ("Strategic developments", "Other"),
}
"""Old types mapped to the usual sub-type of the new type (inferred)."""

RIOTS_PROTESTS = "Riots/Protests"
BY_ACTOR: dict[str, tuple[str, str]] = {
    "Protesters": ("Protests", "Peaceful protest"),
    "Rioters": ("Riots", "Violent demonstration"),
}
"""``Riots/Protests`` by the category of actor1 (inter1 6 or 5, as labels)."""

REMOTE_VIOLENCE = "Remote violence"
WEAPON_WORDS: dict[str, str] = {
    "Air/drone strike": (
        r"air ?strikes?|air ?raids?|aerial|air force|aircraft|warplanes?|jets?|helicopters?"
        r"|drones?|UAVs?|bombers?"
    ),
    "Shelling/artillery/missile attack": (
        r"shell(?:s|ed|ing)?|artillery|missiles?|mortars?|rockets?|MLRS|Grads?|howitzers?"
    ),
    "Remote explosive/landmine/IED": (
        r"IEDs?|VBIEDs?|land ?mines?|mines?|explosive devices?|roadside bombs?|booby[- ]traps?"
    ),
    "Grenade": r"grenades?",
}
"""Words in the notes that name the weapon of an old ``Remote violence`` event."""

_WEAPONS = [
    (sub, re.compile(rf"\b(?:{WEAPON_WORDS[sub]})\b", re.IGNORECASE))
    for sub in TAXONOMY[REMOTE]
    if sub in WEAPON_WORDS
]  # in ACLED's order of precedence: an air strike and shelling is an air strike

OLD_TYPES = frozenset({*NAMED, *DEFAULTED, RIOTS_PROTESTS, REMOTE_VIOLENCE})
"""Every event type of the old codebook."""


@dataclass(frozen=True)
class Converted:
    """An old event type as today's: the type, the sub-type (empty when unknown),
    whether the sub-type was inferred, and what is wrong or worth a flag."""

    event_type: str
    sub_event_type: str
    inferred: bool = False
    problem: str = ""
    """Why the row cannot be converted (it is then set aside)."""
    flag: str = ""
    """A warning for the preview: the row imports, but the analyst should look."""


NO_WEAPON = "Remote violence: the notes name no weapon, so the sub-type is left empty"


def convert(event_type: str, inter1: str, notes: str) -> Converted | None:
    """Today's type and sub-type of an old ACLED event type; None for any other type.

    ``inter1`` is actor1's category as a label ("Protesters"), ``notes`` the row's notes.
    """
    old = event_type.strip()
    if old in NAMED:
        return Converted(*NAMED[old])
    if old in DEFAULTED:
        return Converted(*DEFAULTED[old], inferred=True)
    if old == RIOTS_PROTESTS:
        new = BY_ACTOR.get(inter1.strip())
        if new is None:
            return Converted(
                "",
                "",
                problem="Riots/Protests is Protests when actor1 is protesters (inter1 6) "
                "and Riots when rioters (inter1 5); inter1 is neither",
            )
        return Converted(*new, inferred=True)
    if old == REMOTE_VIOLENCE:
        sub = weapon_in(notes)
        if not sub:
            return Converted(REMOTE, "", flag=NO_WEAPON)
        return Converted(REMOTE, sub, inferred=True)
    return None


def weapon_in(notes: str) -> str:
    """The Explosions/Remote violence sub-type the notes name, or "" when none."""
    for sub, words in _WEAPONS:
        if words.search(notes):
            return sub
    return ""


def note(converted: int, inferred: int) -> str:
    """The preview note of a file with rows in the old types."""
    said = (
        f"{converted} row(s) in ACLED's event types from before 2019, converted to "
        "today's (each keeps its original event_type in its extras)"
    )
    if inferred:
        said += f"; {inferred} inferred sub-type(s) tagged {INFERRED_TAG!r}"
    return said


def with_tag(tags: str, tag: str) -> str:
    """``tags`` (``;``-separated) with ``tag`` added once."""
    present = [t.strip() for t in tags.split(";") if t.strip()]
    return "; ".join(present if tag in present else [*present, tag])
