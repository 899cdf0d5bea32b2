"""An offline geocoder over the shipped gazetteers, shaped like a geopy geocoder.

    >>> from geo.gazetteer import load_gazetteer
    >>> gazetteer = load_gazetteer()
    >>> gazetteer.geocode("Sudža").raw["match"]
    'variant'
    >>> gazetteer.geocode("Lyubimovka") is None  # four villages: give a district
    True
    >>> gazetteer.geocode("Lyubimovka", admin2="Korenevskiy").raw["admin2"]
    'Korenevskiy District'

:meth:`Gazetteer.geocode` has geopy's signature and returns geopy ``Location`` objects, so
an online geopy geocoder (see ``geo.online``) can stand in for it.  Each result's ``raw``
says what was matched and how:

``name``, ``admin1``, ``admin2``
    the place (or area) found;
``match``
    "exact" (a recorded spelling, ignoring case, accents and apostrophes), "variant"
    (another transliteration, see ``geo.names``) or "fuzzy" (a small typo);
``geo_precision``
    1 for a settlement point, 3 for a district or oblast (the event schema's codes);
``candidates``
    every place the name matched at that level, chosen or not, each with name, lat, lon,
    admin1 and admin2;
``rule``
    None, or why one of several candidates was chosen without a hint.

Namesakes are grouped by their Cyrillic name across transliterations: a Latin name
finds every place whose Cyrillic name it spells under a common system
(:func:`geo.names.latin_spellings`) as well as the places that record it, so "Oleshnia"
and "Oleshnya" both list Kursk's Oleshnya and the Ukrainian Oleshnias (all Олешня); a
place found only through its Cyrillic name is a "variant" match.

Homonyms are never resolved silently.  A district (``admin2``) or oblast (``admin1``)
hint picks among them; without one, the single town or urban-type settlement among
villages of the same name is chosen and flagged (:data:`URBAN_RULE`), and otherwise
nothing is chosen: ``geocode`` returns None and :meth:`Gazetteer.resolve` lists the
candidates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import IO

import pandas as pd
from geopy.location import Location
from rapidfuzz import process
from rapidfuzz.distance import OSA

from geo import regions
from geo.names import (
    area_key,
    area_level,
    area_name_key,
    fold,
    latin_spellings_of,
    phonetic_key,
    same_area,
    transliterate,
)
from geo.places import layer_places, read_user_places, shipped_places

URBAN_RULE = "the only town (urban type, or 5,000 people or more) among places of this name"
"""The one rule by which a homonym is chosen without a hint (e.g. Korenevo: pgt over selo)."""


_ADJECTIVAL = re.compile(r"(?:sk|ck|ск|цк|ськ)(?:(aya|aia|a|ая|а)|iy|ii|yi|ij|y|i|ий|ый|ій)$")
"""A bare adjective names an area: feminine for an oblast (область), else a district."""


def _max_typos(key: str) -> int:
    """Edits (a transposition counts as one) a fuzzy match may need, by name length."""
    return 0 if len(key) < 4 else 1 if len(key) < 6 else 2


@dataclass(frozen=True)
class Resolution:
    """What a name resolved to: one location, or several candidates and no choice."""

    query: str
    location: Location | None
    candidates: tuple[Location, ...]
    match: str | None

    @property
    def ambiguous(self) -> bool:
        """Several candidates and none chosen: a district or oblast hint is needed."""
        return self.location is None and len(self.candidates) > 1


@dataclass(frozen=True)
class _Area:
    level: str  # "oblast" | "district"
    admin1: str
    admin2: str | None
    names: tuple[str, ...]
    lat: float
    lon: float


def _spelling_keys(spelling: str) -> set[str]:
    """Variant keys of one recorded spelling; "Sudzha" is also indexed as "Suja"."""
    latin = transliterate(fold(spelling))
    keys = {phonetic_key(spelling)}
    if "zh" in latin:
        keys.add(phonetic_key(latin.replace("dzh", "j").replace("zh", "j")))
    return keys


class Gazetteer:
    """Geocode place names against a place table (see ``geo.places``), offline and fast.

    Indexes are built once: folded names (exact) here; phonetic keys (variant), and
    keys by first letter (the fuzzy fallback only searches that bucket), on the first
    lookup that gets past the exact names (the phonetic keys of the shipped places take
    a few tenths of a second, which the map's labels, all exact names, need not wait for).
    """

    def __init__(self, places: pd.DataFrame):
        self._places = places.reset_index(drop=True)
        self._rows = list(self._places.itertuples(index=False))
        self._exact: dict[str, list[int]] = defaultdict(list)
        cyrillic: list[tuple[int, str]] = []
        for i, spellings in enumerate(self._places["names"]):
            for spelling in spellings.split("|"):
                folded = fold(spelling)
                self._add(self._exact, folded, i)
                if not folded.isascii():
                    cyrillic.append((i, folded))
        self._spelled: dict[str, list[int]] = defaultdict(list)
        names = list(dict.fromkeys(name for _, name in cyrillic))
        spellings = dict(zip(names, latin_spellings_of(names), strict=True))
        for i, name in cyrillic:
            for key in spellings[name]:
                self._add(self._spelled, key, i)
        self._admin2_keys = {
            name: area_key(name)
            for name in set(self._places["admin2"]) | set(self._places["admin2_alt"])
        }
        self._areas = self._build_areas()

    @cached_property
    def _variant(self) -> dict[str, list[int]]:
        variant: dict[str, list[int]] = defaultdict(list)
        for i, spellings in enumerate(self._places["names"]):
            for spelling in spellings.split("|"):
                for key in _spelling_keys(spelling):
                    self._add(variant, key, i)
        return variant

    @cached_property
    def _buckets(self) -> dict[str, dict[str, list[str]]]:
        return {"exact": self._bucket(self._exact), "variant": self._bucket(self._variant)}

    @staticmethod
    def _bucket(index: dict[str, list[int]]) -> dict[str, list[str]]:
        buckets: dict[str, list[str]] = defaultdict(list)
        for key in index:
            buckets[key[:1]].append(key)
        return dict(buckets)

    @staticmethod
    def _add(index: dict[str, list[int]], key: str, i: int) -> None:
        if key and (not index[key] or index[key][-1] != i):
            index[key].append(i)

    def _build_areas(self) -> list[_Area]:
        areas = []
        for row in regions.oblasts().itertuples():
            point = row.geometry.representative_point()
            names = (row.admin1, row.name_ru, row.name_uk, *row.aliases.split("|"))
            areas.append(
                _Area("oblast", row.admin1, None, names, round(point.y, 5), round(point.x, 5))
            )
        polygons = {row.admin2: row for row in regions.districts().itertuples()}
        grouped = self._places[self._places["admin2"] != ""].groupby(["admin1", "admin2"])
        for (admin1, admin2), group in grouped:
            # admin2_alt is the Russian name on the Russian side, but the (larger) 2020
            # raion on the Ukrainian side: an area name only on the Russian side.
            russian = group["source"].iloc[0].startswith("russian")
            names = (admin2, *group["admin2_alt"].head(1)) if russian else (admin2,)
            if admin2 in polygons:
                point = polygons[admin2].geometry.representative_point()
                lat, lon = point.y, point.x
                names = (*names, polygons[admin2].name_ru)
            else:
                lat, lon = group["lat"].mean(), group["lon"].mean()
            areas.append(_Area("district", admin1, admin2, names, round(lat, 5), round(lon, 5)))
        return areas

    # -- the geopy interface -------------------------------------------------------

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        admin2: str | None = None,
    ) -> Location | list[Location] | None:
        """Find a place, district or oblast by name; None when nothing (or no one) fits.

        With ``exactly_one=False``, every candidate is returned (a list, possibly empty
        — geopy returns None then, so test for truthiness).
        """
        resolution = self.resolve(query, admin1=admin1, admin2=admin2)
        if exactly_one:
            return resolution.location
        if resolution.location is not None:
            return [resolution.location]
        return list(resolution.candidates) or None

    def resolve(
        self, query: str, *, admin1: str | None = None, admin2: str | None = None
    ) -> Resolution:
        """Like :meth:`geocode`, but says why: the choice, or the candidates without one."""
        folded = fold(query or "")
        if not folded:
            return Resolution(query, None, (), None)
        level = area_level(query)
        if level is not None:
            found = self._resolve_area(query, level, admin1)
            if found is not None:
                return found
        found = self._resolve_places(query, self._named(folded), admin1, admin2)
        if found is not None:
            return found
        variants = self._variant.get(phonetic_key(query), [])
        found = self._resolve_places(query, dict.fromkeys(variants, "variant"), admin1, admin2)
        if found is not None:
            return found
        adjective = _ADJECTIVAL.search(folded) if level is None else None
        if adjective:  # "Sudzhanskiy", "Kurskaya"
            level = "oblast" if adjective.group(1) else "district"
            found = self._resolve_area(query, level, admin1)
            if found is not None:
                return found
        fuzzy = dict.fromkeys(self._fuzzy(query), "fuzzy")
        found = self._resolve_places(query, fuzzy, admin1, admin2)
        return found or Resolution(query, None, (), None)

    # -- places --------------------------------------------------------------------

    def _named(self, folded: str) -> dict[int, str]:
        """The places recording this spelling ("exact"), then those whose Cyrillic name
        it spells in some transliteration system ("variant"), by row."""
        named = dict.fromkeys(self._exact.get(folded, ()), "exact")
        for i in self._spelled.get(folded, ()):
            named.setdefault(i, "variant")
        return named

    def _fuzzy(self, query: str) -> list[int]:
        """Rows within a few typos of the query, searched among keys with its first letter.

        Both key kinds are tried (a typo inside "dzh" can break the phonetic key); ties
        are broken by the distance of the query's own spelling to each place's spellings.
        """
        rows: dict[int, int] = {}
        for kind, key in (("variant", phonetic_key(query)), ("exact", fold(query))):
            limit = _max_typos(key)
            if not limit:
                continue
            index = self._variant if kind == "variant" else self._exact
            hits = process.extract(
                key,
                self._buckets[kind].get(key[:1], []),
                scorer=OSA.distance,
                score_cutoff=limit,
                limit=None,
            )
            for choice, score, _ in hits:
                for i in index[choice]:
                    rows[i] = min(score, rows.get(i, score))
            if rows:
                break
        if not rows:
            return []
        best = min(rows.values())
        tied = [i for i, score in rows.items() if score == best]
        if len(tied) > 1:
            folded = fold(query)
            spelling = {
                i: min(OSA.distance(folded, fold(n)) for n in self._rows[i].names.split("|"))
                for i in tied
            }
            closest = min(spelling.values())
            tied = [i for i in tied if spelling[i] == closest]
        return tied

    def _fits(self, i: int, admin1: str | None, admin2: str | None) -> bool:
        row = self._rows[i]
        if admin1 and row.admin1 != (regions.match_admin1(admin1) or admin1):
            return False
        if admin2:
            hint, hint_key = fold(admin2), area_key(admin2)
            names = (row.admin2, row.admin2_alt)
            if not any(
                hint == fold(n) or same_area(hint_key, self._admin2_keys[n]) for n in names if n
            ):
                return False
        return True

    def _resolve_places(
        self, query: str, matches: dict[int, str], admin1: str | None, admin2: str | None
    ) -> Resolution | None:
        """Choose among the rows found (row → how its name matched), or list them."""
        if not matches:
            return None
        rows = list(matches)
        fitting = [i for i in rows if self._fits(i, admin1, admin2)]
        if not fitting:
            return None
        users = [i for i in fitting if self._rows[i].user]
        if users:  # analysts' own entries win over shipped places of the same name
            fitting = users
        candidates = [self._candidate(i) for i in rows]
        rule = None
        if len(fitting) > 1:
            urban = [i for i in fitting if self._rows[i].urban]
            if len(urban) != 1:
                locations = tuple(self._location(query, i, matches[i], candidates) for i in fitting)
                return Resolution(query, None, locations, matches[fitting[0]])
            fitting, rule = urban, URBAN_RULE
        chosen = fitting[0]
        location = self._location(query, chosen, matches[chosen], candidates, rule=rule)
        return Resolution(query, location, (location,), matches[chosen])

    def _candidate(self, i: int) -> dict[str, object]:
        row = self._rows[i]
        return {
            "name": row.name,
            "lat": row.lat,
            "lon": row.lon,
            "admin1": row.admin1,
            "admin2": row.admin2 or None,
        }

    def _location(
        self, query: str, i: int, match: str, candidates: list[dict], *, rule: str | None = None
    ) -> Location:
        row = self._rows[i]
        address = ", ".join(part for part in (row.name, row.admin2, row.admin1) if part)
        raw = {
            "query": query,
            "name": row.name,
            "admin1": row.admin1,
            "admin2": row.admin2 or None,
            "match": match,
            "geo_precision": 1,
            "candidates": candidates,
            "rule": rule,
            "kind": row.kind,
            "population": None if pd.isna(row.population) else int(row.population),
            "source": row.source,
        }
        return Location(address, (row.lat, row.lon), raw)

    # -- districts and oblasts -----------------------------------------------------

    def _resolve_area(self, query: str, level: str | None, admin1: str | None) -> Resolution | None:
        folded, key = fold(query), area_key(query)
        pool = [a for a in self._areas if level in (None, a.level)]
        if admin1:
            wanted = regions.match_admin1(admin1) or admin1
            pool = [a for a in pool if a.admin1 == wanted]
        found = [a for a in pool if any(folded == fold(n) for n in a.names if n)]
        if not found:
            name_key = area_name_key(query)
            found = [a for a in pool if any(name_key == area_name_key(n) for n in a.names if n)]
        if not found:
            found = [a for a in pool if any(key == area_key(n) for n in a.names if n)]
        if not found and level is not None:
            found = [a for a in pool if any(same_area(key, area_key(n)) for n in a.names if n)]
        if not found:
            return None
        match = "exact" if any(folded == fold(n) for n in found[0].names if n) else "variant"
        candidates = [
            {"name": a.admin2 or a.admin1, "lat": a.lat, "lon": a.lon, "admin1": a.admin1,
             "admin2": a.admin2}
            for a in found
        ]  # fmt: skip
        locations = tuple(self._area_location(query, a, match, candidates) for a in found)
        if len(found) > 1:
            return Resolution(query, None, locations, match)
        return Resolution(query, locations[0], locations, match)

    @staticmethod
    def _area_location(query: str, area: _Area, match: str, candidates: list[dict]) -> Location:
        name = area.admin2 or area.admin1
        address = ", ".join(part for part in (area.admin2, area.admin1) if part)
        raw = {
            "query": query,
            "name": name,
            "admin1": area.admin1,
            "admin2": area.admin2,
            "match": match,
            "geo_precision": 3,
            "candidates": candidates,
            "rule": None,
            "kind": area.level,
            "population": None,
            "source": "area",
        }
        return Location(address, (area.lat, area.lon), raw)


@cache
def _shipped_gazetteer() -> Gazetteer:
    return Gazetteer(shipped_places())


def load_gazetteer(user_places: str | Path | bytes | IO[str] | None = None) -> Gazetteer:
    """The shipped gazetteer, with an analysts' CSV layered over it when one is given.

    The shipped one is built once per process and shared (it is read-only).  A bad user
    file raises :class:`~events.problems.RejectedInput`.
    """
    if user_places is None:
        return _shipped_gazetteer()
    user = read_user_places(user_places)
    return Gazetteer(layer_places(shipped_places(), user))
