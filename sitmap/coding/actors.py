"""Actors named in a sentence: the alias table's names, sides by adjective, and units.

The alias table (``data/actor_aliases.csv``, :mod:`events.actors`) is matched as written
for Latin aliases and in every case for Cyrillic ones (inflected like place names:
"российских войск", "ЗСУ").  "Ukrainian drone", "российский беспилотник" name a side by
its adjective.  A numbered unit ("the 47th Brigade", "810-й бригады") is an associated
actor of the side named nearest before it (else of the first side).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from events.actors import ALIASES_FILE, canonical_actor
from geo.names import fold
from sitmap.coding.morphology import name_forms
from sitmap.coding.text import Sentence

UKRAINE = "Military Forces of Ukraine (2019-)"
RUSSIA = "Military Forces of Russia (2000-)"
NORTH_KOREA = "Military Forces of North Korea (2011-)"
STATE_COUNTRIES = {
    UKRAINE: "Ukraine",
    RUSSIA: "Russia",
    NORTH_KOREA: "North Korea",
    "Government of Russia (2000-)": "Russia",
}
"""The country of each state actor (whose territory it regains, whose civilians it has)."""

_MILITARY = (
    r"(?:forces|troops|army|military|soldiers|units?|drones?|artillery|strikes?|shelling|"
    r"attacks?|assault|fighters|servicemen|uavs?|missiles?|rockets?|"
    r"войск\w*|военн\w*|арми\w*|беспилот\w*|дрон\w*|бпла|артиллери\w*|удар\w*|обстрел\w*|"
    r"подразделени\w*|бойц\w*|ракет\w*|"
    r"війсь\w*|військов\w*|безпілот\w*|артилері\w*|удар\w*|обстріл\w*|підрозділ\w*|бійц\w*)"
)
_SIDES = (
    (UKRAINE, r"\b(?:ukrainian|украинск\w*|українськ\w*)\s+(?:\w+\s+)?" + _MILITARY),
    (RUSSIA, r"\b(?:russian|российск\w*|російськ\w*)\s+(?:\w+\s+)?" + _MILITARY),
    (NORTH_KOREA, r"\b(?:north korean|северокорейск\w*|північнокорейськ\w*)\s+(?:\w+\s+)?"
     + _MILITARY),
)  # fmt: skip
_SIDE_PATTERNS = tuple((actor, re.compile(p, re.IGNORECASE)) for actor, p in _SIDES)
_UNIT_LATIN = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\s+((?:[A-Z][a-z]+\s+){0,3}?)"
    r"(Brigade|Regiment|Division|Battalion|Corps|Army)\b"
)
_UNIT_CYRILLIC = re.compile(
    r"\b(\d{1,3})-?(?:я|й|ї|ої|ой|ая|ий|го|ой|му)?\s+(?:(?:отдельн|окрем|механизир|механізов|"
    r"штурмов|десантн|мотострелк|морск|мотопіх)\w*\s+){0,3}(?:\w+\s+)?"
    r"(бригад|полк|дивизи|дивізі|батальон|корпус)\w*",
    re.IGNORECASE,
)
_UNIT_NAMES = {
    "бригад": "Brigade",
    "полк": "Regiment",
    "дивизи": "Division",
    "дивізі": "Division",
    "батальон": "Battalion",
    "корпус": "Corps",
}
_CIVILIANS = re.compile(
    r"\b(?:civilians?|residents?|man|woman|men|women|child\w*|house\w*|homes?|cars?|bus|"
    r"мирн\w+|жител\w*|мужчин\w*|женщин\w*|ребен\w*|дет\w*|дом\w*|автомобил\w*|машин\w*|"
    r"цивільн\w*|мешкан\w*|чоловік\w*|жінк\w*|дитин\w*|діт\w*|будин\w*|автівк\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """An actor named at a position of a sentence (``unit``: a numbered unit)."""

    actor: str
    position: int
    unit: bool = False


@cache
def _alias_forms() -> tuple[list[tuple[re.Pattern, str]], dict[tuple[str, ...], str]]:
    """Latin aliases as patterns; Cyrillic aliases as every inflected form's folded words."""
    latin, cyrillic = [], {}
    with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            alias, actor = row["alias"].strip(), row["actor"].strip()
            if alias.isascii():
                latin.append((re.compile(r"\b" + re.escape(alias) + r"\b", re.IGNORECASE), actor))
                continue
            folded = fold(alias)
            language = "uk" if set(folded) & set("іїєґ") else "ru"
            if alias.isupper():  # an abbreviation: ВСУ, ЗСУ, ВС РФ
                cyrillic[tuple(folded.split())] = actor
                continue
            for form in name_forms(folded, language):
                cyrillic[form] = actor
    latin.sort(key=lambda pair: -len(pair[0].pattern))
    return latin, cyrillic


def find_actors(sentence: Sentence) -> list[Mention]:
    """The actors a sentence names, in order of appearance (each once)."""
    latin, cyrillic = _alias_forms()
    found: list[Mention] = []
    for pattern, actor in latin:
        for match in pattern.finditer(sentence.text):
            found.append(Mention(actor, match.start()))
    words = sentence.words
    for k in range(len(words)):
        for n in (3, 2, 1):
            actor = cyrillic.get(tuple(w.key for w in words[k : k + n]))
            if actor and k + n <= len(words):
                found.append(Mention(actor, words[k].start))
                break
    for actor, pattern in _SIDE_PATTERNS:
        for match in pattern.finditer(sentence.text):
            found.append(Mention(actor, match.start()))
    for match in _UNIT_LATIN.finditer(sentence.text):
        found.append(Mention(canonical_actor(match.group(0)), match.start(), unit=True))
    for match in _UNIT_CYRILLIC.finditer(sentence.text):
        number = int(match.group(1))
        name = f"{_ordinal(number)} {_UNIT_NAMES[match.group(2).lower()]}"
        found.append(Mention(canonical_actor(name), match.start(), unit=True))
    seen: dict[str, Mention] = {}
    for mention in sorted(found, key=lambda m: m.position):
        seen.setdefault(mention.actor, mention)
    return sorted(seen.values(), key=lambda m: m.position)


def names_civilians(sentence: Sentence) -> bool:
    """Whether the sentence says civilians, homes or their cars were hit."""
    return _CIVILIANS.search(sentence.text) is not None


def inter_label(actor: str, country: str) -> str:
    """ACLED's actor category in a country: a state's forces at home are State forces,
    abroad External/Other forces."""
    if actor.startswith("Civilians"):
        return "Civilians"
    if actor.startswith("Unidentified Armed Group"):
        return "Political militias"
    home = STATE_COUNTRIES.get(actor)
    if home is None:
        return ""
    return "State forces" if home == country else "External/Other forces"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
