"""Draft events from a report: one per event, in the native columns, with their evidence.

A sentence with an event verb starts an event; the sentences after it that add to it
(its deaths, its date, a restatement at the same place and of the same type) join it
rather than starting another, so an event told twice is one draft.  Commentary (no event
verb, or speculation) gives none.

Every draft is marked as a draft (``draft`` in its extras: a column of the drafts CSV, a
field of the JSON, the status column of the page) until an analyst commits it; its
``coded_by`` says the machine drafted it (:data:`DRAFTED_BY`).  Its evidence (the
sentences it comes from) and, for a place the text leaves open, the candidates are kept
in its extras, which the store keeps with the event.  Its notes summarise in the coder's
own template words and never copy :data:`MAX_COPIED_WORDS` or more consecutive words of
the report.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from events.formats.native import DRAFT_EXTRAS
from events.schema import COLUMNS, to_frame
from events.vocabulary import NO_POSITION
from sitmap.coding.actors import (
    STATE_COUNTRIES,
    Mention,
    find_actors,
    inter_label,
    names_civilians,
    sides_of,
)
from sitmap.coding.dates import EventDate, find_date, undated
from sitmap.coding.deaths import Deaths, find_deaths
from sitmap.coding.kinds import TERRITORY, Kind, find_kind, territory_kind
from sitmap.coding.places import Area, Place, PlaceIndex, find_places, place_index
from sitmap.coding.text import Sentence, split_sentences

DRAFTED_BY = "sitmap code"
"""``coded_by`` of a draft; the page records the reviewing analyst on commit."""
MAX_COPIED_WORDS = 7
"""Notes never share this many consecutive words with the report."""
EXTRA_FIELDS = DRAFT_EXTRAS
"""The extras of a draft: kept with the event in the store, never in ``data/``."""
ASSUMED_COUNTRY = "Russia"
"""The country of a draft whose report names no place or area the gazetteer knows: the
map's focus (Kursk Oblast), said in the notes so the analyst checks it."""
_LANGUAGES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass
class Draft:
    """One draft event: its native record, and the evidence and candidates behind it."""

    record: dict[str, object]
    evidence: list[str]
    place_as_written: str = ""
    candidates: list[dict] = field(default_factory=list)
    place_rule: str = ""

    def extras(self, *, draft: bool = True) -> dict[str, str]:
        """What the store keeps with the event beyond the schema's columns."""
        extras = {"evidence": " ".join(self.evidence)}
        if draft:
            extras["draft"] = "yes"
        if self.place_as_written:
            extras["place_as_written"] = self.place_as_written
        if self.candidates:
            extras["place_candidates"] = json.dumps(self.candidates, ensure_ascii=False)
        if self.place_rule:
            extras["place_rule"] = self.place_rule
        return extras


@dataclass
class _Event:
    kind: Kind
    sentences: list[Sentence]
    place: Place | None
    area: Area | None
    when: EventDate | None
    deaths: list[Deaths]
    actors: list[Mention]


def code_report(
    text: str,
    published: date,
    *,
    source: str = "",
    url: str = "",
    index: PlaceIndex | None = None,
) -> list[Draft]:
    """The draft events of a report published on ``published`` (see the module doc)."""
    sentences = split_sentences(text)
    index = index or place_index()
    places, areas = find_places(sentences, index)
    events: list[_Event] = []
    previous_date: EventDate | None = None
    for sentence in sentences:
        kind = find_kind(sentence)
        deaths = find_deaths(sentence)
        named = _coordinated(sentence, places[sentence.index])
        place = named[0] if named else _main_place(places[sentence.index])
        area = _main_area(areas[sentence.index])
        when = find_date(sentence, published, previous_date)
        if kind is None:
            adds = deaths != Deaths() or when is not None
            target = _event_at(events, place, area)
            if target is not None and adds:
                _join(target, sentence, when, deaths, place, area)
                previous_date = target.when or previous_date
            continue
        current = events[-1] if events else None
        if current is not None and len(named) < 2 and _restates(current, kind, place, area, when):
            _join(current, sentence, when, deaths, place, area)
        else:
            actors = find_actors(sentence)
            headline = current if current is not None and _is_headline(current, kind) else None
            if headline is not None:
                events.pop()  # a headline over several places: it goes with the first
            for k, each in enumerate(named or [place]):  # "Lgov and Kurchatov": one each
                told = deaths if k == 0 else Deaths()
                events.append(_Event(kind, [sentence], each, area, when, [told], actors))
                if k == 0 and headline is not None:
                    events[-1].sentences.insert(0, headline.sentences[0])
        previous_date = events[-1].when or previous_date
    report_country = _report_country(places, areas)
    digest = hashlib.sha1(f"{source}|{url}|{published}|{text}".encode()).hexdigest()[:8]
    drafts = [
        _draft(event, n, digest, published, source, url, report_country)
        for n, event in enumerate(events, start=1)
    ]
    for draft in drafts:
        draft.record["notes"] = _guarded_notes(str(draft.record["notes"]), text)
    return drafts


def drafts_frame(drafts: list[Draft]) -> pd.DataFrame:
    """The drafts as an event frame (the schema's columns and dtypes)."""
    return to_frame([d.record for d in drafts])


# -- assembling events ---------------------------------------------------------------


def _main_place(places: list[Place]) -> Place | None:
    for place in places:
        if place.settled:
            return place
    return places[0] if places else None


_AND = re.compile(r"^\s*(?:,|,?\s*(?:and|и|і|та|й))\s*(?:[a-zа-яёіїєґ'’]+\s+){0,3}$")


def _coordinated(sentence: Sentence, places: list[Place]) -> list[Place]:
    """Two or more places the sentence names side by side ("Льгов и Курчатов", "Tetkino
    and Rylsk"): each is an event of its own.  Otherwise an empty list."""
    found = [p for p in places if p.known]
    if len(found) < 2:
        return []
    starts = [sentence.text.find(p.as_written) for p in found]
    for k in range(1, len(found)):
        between = sentence.text[starts[k - 1] + len(found[k - 1].as_written) : starts[k]]
        if starts[k] < 0 or not _AND.match(between):
            return []
    return found


def _is_headline(event: _Event, kind: Kind) -> bool:
    """A sentence of one kind with no place or date, told next in full (a headline)."""
    return (
        len(event.sentences) == 1
        and event.kind.event_type == kind.event_type
        and event.place is None
        and event.area is None
        and event.when is None
    )


def _event_at(events: list[_Event], place: Place | None, area: Area | None) -> _Event | None:
    """The event a sentence without an event verb adds to: the latest at its place, or the
    latest of all when it names none."""
    if not events:
        return None
    if place is None and area is None:
        return events[-1]
    for event in reversed(events):
        if _same_place(event, place, area):
            return event
    return None


def _main_area(areas: list[Area]) -> Area | None:
    districts = [a for a in areas if a.level == "district"]
    return (districts or areas or [None])[0]


def _place_key(place: Place | None, area: Area | None) -> tuple | None:
    if place is not None:
        return ("place", place.name, place.admin2 if place.settled else "")
    if area is not None:
        return ("area", area.admin1, area.admin2)
    return None


def _same_place(event: _Event, place: Place | None, area: Area | None) -> bool:
    key = _place_key(place, None if place is not None else area)
    if place is None and area is not None and area.level == "oblast":
        return True  # an oblast named again does not move the event
    return key is None or key == _place_key(event.place, event.area)


def _restates(
    event: _Event, kind: Kind, place: Place | None, area: Area | None, when: EventDate | None
) -> bool:
    """Whether a sentence tells the same event again (or more of it)."""
    if kind.event_type != event.kind.event_type:
        return False
    if event.place is None and event.area is None and event.when is None:
        return True  # a headline or a lead without place or date, then the event told
    if (
        when is not None
        and event.when is not None
        and (when.start, when.end)
        != (
            event.when.start,
            event.when.end,
        )
    ):
        return False
    return _same_place(event, place, area)


def _join(
    event: _Event,
    sentence: Sentence,
    when: EventDate | None,
    deaths: Deaths,
    place: Place | None,
    area: Area | None,
) -> None:
    event.sentences.append(sentence)
    event.deaths.append(deaths)
    event.actors.extend(m for m in find_actors(sentence) if m.actor not in _names(event.actors))
    if event.when is None and when is not None:
        event.when = when
    if place is not None and (event.place is None or (place.settled and not event.place.settled)):
        event.place = place
    if event.area is None and area is not None:
        event.area = area


def _names(mentions: list[Mention]) -> set[str]:
    return {m.actor for m in mentions}


def _report_country(places: dict[int, list[Place]], areas: dict[int, list[Area]]) -> str:
    countries = [p.country for found in places.values() for p in found if p.country]
    countries += [a.country for found in areas.values() for a in found if a.country]
    return max(set(countries), key=countries.count) if countries else ""


# -- one draft -----------------------------------------------------------------------


def _draft(
    event: _Event,
    n: int,
    digest: str,
    published: date,
    source: str,
    url: str,
    report_country: str,
) -> Draft:
    place, area = event.place, event.area
    where = _where(place, area, report_country)
    assumed = not where["country"]
    if assumed:
        where["country"] = ASSUMED_COUNTRY
        if where["geo_precision"] == NO_POSITION and not place:
            where["location"] = ASSUMED_COUNTRY
    country = str(where["country"])
    sides = sides_of(event.actors)
    actor1, actor2 = sides.actor1, sides.actor2
    kind = event.kind
    sub = kind.sub_event_type
    if sub == TERRITORY:
        sub = territory_kind(STATE_COUNTRIES.get(actor1), country)
    if not actor1:
        actor1 = f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"
    civilians = any(names_civilians(s) for s in event.sentences)
    if not actor2 and kind.event_type == "Explosions/Remote violence" and civilians and country:
        actor2 = f"Civilians ({country})"
    assoc1, assoc2 = list(sides.assoc1), list(sides.assoc2)
    when = event.when or undated(published)
    deaths = _combined_deaths(event.deaths)
    claimant = _claimant(event, actor1, actor2) if deaths.claim else ""
    notes = _notes(event, kind, sub, where, when, deaths, actor1, actor2, assumed, claimant)
    record: dict[str, object] = dict.fromkeys(COLUMNS)
    record.update(
        event_id=f"CODE-{digest}-{n:02d}",
        date_start=when.start,
        date_end=when.end,
        time_precision=when.precision,
        disorder_type=kind.disorder_type,
        event_type=kind.event_type,
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor_1=";".join(assoc1) or None,
        inter1=inter_label(actor1, country) or None,
        actor2=actor2 or None,
        assoc_actor_2=";".join(assoc2) or None,
        inter2=(inter_label(actor2, country) or None) if actor2 else None,
        fatalities=deaths.killed or 0,
        source=source or "report",
        source_url=url or None,
        source_date=published,
        notes=notes,
        tags="coded from text",
        coded_by=DRAFTED_BY,
        **where,
    )
    return Draft(
        record,
        [s.text for s in event.sentences],
        place.as_written if place is not None else "",
        place.candidates if place is not None and not place.settled else [],
        (place.rule or "") if place is not None else "",
    )


def _where(place: Place | None, area: Area | None, report_country: str) -> dict[str, object]:
    """The place columns of a draft."""
    if place is not None and (place.settled or place.candidates or not place.known or not area):
        country = place.country or report_country
        location = place.name if place.known else place.as_written
        admin1 = place.admin1
        precision = place.geo_precision
        if not place.settled and area is not None:
            admin1 = admin1 or area.admin1
            precision = 3
        return {
            "country": country,
            "admin1": admin1 or None,
            "admin2": place.admin2 or None,
            "location": location,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "geo_precision": precision,
        }
    if area is not None:
        country = area.country or report_country
        district = area.level == "district"
        return {
            "country": country,
            "admin1": area.admin1,
            "admin2": area.admin2 if district else None,
            "location": area.admin2 if district else area.admin1,
            "latitude": area.lat if district else None,
            "longitude": area.lon if district else None,
            "geo_precision": 3,
        }
    return {
        "country": report_country,
        "admin1": None,
        "admin2": None,
        "location": report_country,
        "latitude": None,
        "longitude": None,
        "geo_precision": NO_POSITION,
    }


_PERSONNEL = re.compile(
    r"^\W*\w+\s+(?:\w+\s+)?(?:soldiers|troops|servicemen|fighters|военнослужащ|бойц|военн|"
    r"солдат|військов|бійц|солдат|окупант)",
    re.IGNORECASE,
)


def _claimant(event: _Event, actor1: str, actor2: str) -> str:
    """The side that claims the enemy's losses: the other side than the one whose soldiers
    the claim counts ("it claimed 40 Ukrainian soldiers were killed": Russia's claim)."""
    for sentence in event.sentences:
        if not find_deaths(sentence).claim:
            continue
        for mention in find_actors(sentence):
            if mention.unit or not _PERSONNEL.match(sentence.text[mention.position :]):
                continue
            others = [a for a in (actor1, actor2) if a and a != mention.actor]
            if others and others[0] in STATE_COUNTRIES:
                return others[0]
    return ""


@dataclass(frozen=True)
class _Counted:
    killed: int | None
    wounded: int | None
    claim: bool
    running_total: bool
    casualties: int | None
    unnumbered: bool


def _combined_deaths(found: list[Deaths]) -> _Counted:
    """An event's deaths over its sentences: the largest figure, never a sum (a sentence
    that restates a figure does not add to it)."""
    killed = [d.killed for d in found if d.killed is not None]
    wounded = [d.wounded for d in found if d.wounded is not None]
    casualties = [d.casualties for d in found if d.casualties]
    return _Counted(
        max(killed) if killed else None,
        max(wounded) if wounded else None,
        any(d.claim for d in found),
        any(d.running_total for d in found),
        max(casualties) if casualties else None,
        any(d.unnumbered for d in found) and not any(killed),
    )


# -- notes ---------------------------------------------------------------------------


def _notes(
    event: _Event,
    kind: Kind,
    sub: str,
    where: dict[str, object],
    when: EventDate,
    deaths: _Counted,
    actor1: str,
    actor2: str,
    assumed_country: bool,
    claimant: str = "",
) -> str:
    """A summary in template words (never the report's own sentences)."""
    language = _LANGUAGES.get(event.sentences[0].language, "")
    parts = [f"Draft from a {language} report ({len(event.sentences)} sentence(s)): {kind.cue}"]
    parts[0] += f", coded {sub or kind.event_type}."
    place = event.place
    if place is not None and not place.known:
        parts.append(f"Place not in the gazetteer; kept as written ({place.as_written}).")
    elif place is not None and not place.settled:
        parts.append(
            f"Place not settled: {len(place.candidates)} places share the name; "
            "candidates in the extras."
        )
    elif place is not None and place.rule:
        parts.append(f"Place chosen by {place.rule}.")
    elif place is None and where["geo_precision"] == 3:
        parts.append("Only the area is named.")
    elif place is None:
        parts.append("No place named.")
    if assumed_country:
        parts.append(f"No country named: {ASSUMED_COUNTRY} assumed (the map's focus); check.")
    parts.append(f"Date: {when.rule}.")
    if actor1.startswith("Unidentified"):
        parts.append("The attacker is not named.")
    elif actor2:
        parts.append(f"Sides: {actor1} against {actor2}.")
    if deaths.killed == 0:
        parts.append("The report says no one died.")
    elif deaths.killed:
        parts.append(f"Deaths: {deaths.killed}.")
    if deaths.unnumbered:
        parts.append("Deaths mentioned without a figure; coded 0.")
    if deaths.claim and claimant:
        parts.append(f"The death figure is a claim by {claimant} of enemy losses, not verified.")
    elif deaths.claim:
        parts.append("The death figure is one side's claim of enemy losses, not verified.")
    if deaths.wounded:
        parts.append(f"Wounded (not deaths): {deaths.wounded}.")
    if deaths.casualties:
        parts.append(f"A figure of {deaths.casualties} killed and wounded together, not coded "
                     "as deaths.")  # fmt: skip
    if deaths.running_total:
        parts.append("A running total in the report is not this event's deaths.")
    return " ".join(parts)


def longest_shared_run(notes: str, source: str) -> int:
    """The most consecutive words the notes share with the source (case-insensitive)."""
    note_words = [w.casefold() for w in _WORD.findall(notes)]
    source_words = [w.casefold() for w in _WORD.findall(source)]
    if not note_words or not source_words:
        return 0
    grams: set[tuple[str, ...]] = set()
    best = 0
    for size in range(1, len(note_words) + 1):
        grams = {tuple(source_words[i : i + size]) for i in range(len(source_words) - size + 1)}
        if not any(
            tuple(note_words[i : i + size]) in grams for i in range(len(note_words) - size + 1)
        ):
            break
        best = size
    return best


def _guarded_notes(notes: str, source: str) -> str:
    """The notes, without any sentence of them that would copy the report."""
    if longest_shared_run(notes, source) < MAX_COPIED_WORDS:
        return notes
    kept = [
        part
        for part in re.split(r"(?<=\.)\s+", notes)
        if longest_shared_run(part, source) < MAX_COPIED_WORDS
    ]
    return " ".join(kept) or "Draft from a report; see the evidence."
