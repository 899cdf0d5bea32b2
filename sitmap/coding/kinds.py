"""What kind of event a sentence reports, by ACLED's taxonomy, from its verbs and weapons.

Each kind has keyword patterns in English, Russian and Ukrainian (word stems, so that
inflected forms match).  Where tactics co-occur ACLED's order of precedence decides:
territory changing hands, then a clash, then a drone or air strike, shelling, a mine, a
grenade.  Territory changing hands is "Government regains territory" when the state whose
territory it is takes it back, and "Non-state actor overtakes territory" when anyone else
(a foreign state's forces included) takes it: the drafter decides that from the actor and
the place's country (:func:`territory_kind`).

A sentence that speculates (may, could, expected, вероятно, можуть) reports no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitmap.coding.text import Sentence

TERRITORY = "territory"


@dataclass(frozen=True)
class Kind:
    """An ACLED event type and sub-event type (``TERRITORY``: decided by the actor)."""

    disorder_type: str
    event_type: str
    sub_event_type: str
    cue: str


_RULES: tuple[tuple[str, str, str, str], ...] = (
    # (event type, sub-event type, pattern) in ACLED's order of precedence
    (
        "Battles",
        TERRITORY,
        r"\b(?:captur|recaptur|retook|retake|retaken|seiz|took control|taken control|"
        r"regain|liberat|occup(?:y|ied)|pushed \w+ out of|"
        r"освобод|отбил[иа]? (?:у противника )?(?:село|деревн|поселок|населен)|"
        r"взял[иа]? под контроль|заня(?:л|ли|ла)|захвати|"
        r"звільни|відбили (?:село|селище)|захопи|окупува|зайня(?:ли|в)|взяли під контроль)",
        "territory changing hands",
    ),
    (
        "Battles",
        "Armed clash",
        r"\b(?:clash|fought|fighting|battle|firefight|assault|stormed|storming|repell?ed|"
        r"repuls|attack was (?:repelled|repulsed|beaten off)|ambush|skirmish|"
        r"бо[йяие]\b|боев|боестолкнов|столкновени|штурм|отраз|отраж|"
        r"отбил[иа]? (?:атак|наступ|штурм)|"
        r"бій|бої|боях|зіткнен|штурм|відбили (?:атак|наступ|штурм)|відбито)",
        "a clash or an assault",
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        r"(?:\bdrones?\b|\buav|\bfpv|quadcopter|air ?strike|airstrike|glide bomb|aerial bomb|"
        r"\bkab\b|беспилот|бпла|\bдрон|квадрокоптер|fpv|авиаудар|авиабомб|\bкаб\b|"
        r"безпілот|бпла|\bдрон|авіаудар|авіабомб)",
        "a drone or an air strike",
    ),
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        r"(?:shell(?:ed|ing|s)?\b|artillery|mortar|missile|rocket|mlrs|grad\b|himars|"
        r"обстрел|обстреля|артиллер|миномет|ракет|рсзо|град\b|"
        r"обстріл|артилер|міномет|ракет|рсзв)",
        "shelling, artillery or a missile",
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        r"(?:landmine|\bmine\b|\bied\b|roadside bomb|explosive device|"
        r"подорвал|мин[ауыое]\b|взрывн\w+ устройств|сву\b|"
        r"підірва|міна\b|міну\b|вибухов\w+ пристр)",
        "a mine or an explosive device",
    ),
    (
        "Explosions/Remote violence",
        "Grenade",
        r"(?:grenade|гранат)",
        "a grenade",
    ),
)
_COMPILED = tuple(
    (event_type, sub, re.compile(pattern, re.IGNORECASE), cue)
    for event_type, sub, pattern, cue in _RULES
)
_SPECULATION = re.compile(
    r"(?<!\d\s)\bmay\b(?!\s+\d)|"
    r"\b(?:might|could|would|will|expect\w*|likely|possibl\w*|predict\w*|warn\w* that|"
    r"if\b|forecast|analysts? (?:say|believe|think)|"
    r"может|могут|вероятно|возможно|ожида\w+|прогноз\w*|если|"
    r"може|можуть|ймовірно|можливо|очіку\w+|якщо)\b",
    re.IGNORECASE,
)


def find_kind(sentence: Sentence) -> Kind | None:
    """The event kind a sentence reports, or None (no event verb, or speculation)."""
    text = sentence.lower
    if _SPECULATION.search(text):
        return None
    for event_type, sub, pattern, cue in _COMPILED:
        if pattern.search(text):
            return Kind("Political violence", event_type, sub, cue)
    return None


def territory_kind(actor_country: str | None, place_country: str | None) -> str:
    """ACLED's sub-type for territory changing hands: the state retaking its own territory
    "regains"; anyone else (a foreign state's forces too) "overtakes"."""
    if actor_country and place_country and actor_country == place_country:
        return "Government regains territory"
    return "Non-state actor overtakes territory"
