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
    (RUSSIA, r"\b(?:russian|российск\w*|російськ\w*)\s+(?:and|и|і|та)\s+"
     r"(?:north korean|северокорейск\w*|північнокорейськ\w*)\s+" + _MILITARY),
    (RUSSIA, r"\b(?:russian (?:defen[cs]e ministry|ministry of defen[cs]e|general staff)|"
     r"russia's (?:defen[cs]e ministry|ministry of defen[cs]e|general staff)|минобороны|"
     r"министерств\w* обороны (?:россии|рф)|міноборони (?:росії|рф))"),
    (UKRAINE, r"\b(?:ukrainian (?:general staff|defen[cs]e ministry)|ukraine's (?:general "
     r"staff|defen[cs]e ministry)|генштаб\w* (?:всу|зсу|україни)|генеральн\w+ штаб\w* (?:всу|"
     r"зсу|україни)|міноборони україни|минобороны украины)"),
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


CAMPS = {RUSSIA: "Russia", NORTH_KOREA: "Russia", "Government of Russia (2000-)": "Russia",
         UKRAINE: "Ukraine"}  # fmt: skip
"""The two sides of the war on the Kursk front, by actor (North Korea's forces fight on
Russia's side)."""
_CAMP_FORCES = {"Russia": RUSSIA, "Ukraine": UKRAINE}
_OPPOSITE = {"Russia": "Ukraine", "Ukraine": "Russia"}


@dataclass(frozen=True)
class Mention:
    """An actor named at a position of a sentence (``unit``: a unit, not a state's forces)."""

    actor: str
    position: int
    unit: bool = False
    sentence: int = 0


@dataclass(frozen=True)
class Sides:
    """An event's actors in ACLED's columns."""

    actor1: str
    assoc1: tuple[str, ...]
    actor2: str
    assoc2: tuple[str, ...]


def sides_of(mentions: list[Mention]) -> Sides:
    """The two sides of an event from the actors its sentences name, in order.

    The first side named is ``actor1``, the first of the other camp ``actor2``; other
    actors of a camp are its associated actors (North Korea's forces beside Russia's).  A
    unit goes with the side named nearest before it in its sentence; without one, with the
    camp opposite the sides its sentence names (a brigade repelling Russian assaults is
    Ukrainian); a unit's camp with no state actor named gets its state's forces.
    """
    ordered = sorted(mentions, key=lambda m: (m.sentence, m.position))
    entries: list[tuple[str | None, Mention]] = []
    for mention in ordered:
        if not mention.unit:
            entries.append((CAMPS.get(mention.actor, mention.actor), mention))
            continue
        same = [m for m in ordered if not m.unit and m.sentence == mention.sentence]
        before = [m for m in same if m.position <= mention.position]
        if before:
            camp = CAMPS.get(before[-1].actor, before[-1].actor)
        else:
            camps = {CAMPS.get(m.actor) for m in same} - {None}
            camp = _OPPOSITE.get(camps.pop()) if len(camps) == 1 else None
        entries.append((camp, mention))
    camps = list(dict.fromkeys(camp for camp, _ in entries if camp))
    if not camps:  # only units of an unknown side: the first is named as the actor
        units = tuple(dict.fromkeys(m.actor for _, m in entries))
        return Sides(units[0] if units else "", units[1:], "", ())
    chosen = [_main_actor(camp, entries) for camp in camps[:2]]
    assoc = [
        tuple(dict.fromkeys(m.actor for c, m in entries if c == camp and m.actor != main))
        for camp, main in zip(camps[:2], chosen, strict=True)
    ]
    loose = tuple(m.actor for c, m in entries if c is None)
    return Sides(
        chosen[0],
        tuple(dict.fromkeys(assoc[0] + loose)),
        chosen[1] if len(chosen) > 1 else "",
        assoc[1] if len(assoc) > 1 else (),
    )


def _main_actor(camp: str, entries: list[tuple[str | None, Mention]]) -> str:
    states = [m.actor for c, m in entries if c == camp and not m.unit]
    if states:
        return states[0]
    return _CAMP_FORCES.get(camp, camp)


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
        unit = mention.unit or mention.actor not in STATE_COUNTRIES
        seen.setdefault(
            mention.actor, Mention(mention.actor, mention.position, unit, sentence.index)
        )
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
