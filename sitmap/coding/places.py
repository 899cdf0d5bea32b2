"""Places named in a report's running text, found in the gazetteer and settled honestly.

Every Cyrillic name of the shipped gazetteer is inflected (:mod:`sitmap.coding.morphology`)
and every form indexed, so "в деревне Урусы", "у Краснопіллі" and "Большого Солдатского"
find their places without lemmatising the text.  Latin names are indexed as recorded.

A name that is also an ordinary word (Победа, Мирный, Заря) counts only after a trigger
word ("село", "деревня", "в районе", "village"), or right before a district.  Districts
("Хомутовского района", "Sudzha district") and oblasts ("Курской области", "Kursk region")
are read as areas (their adjective lemmatised, then looked up in the gazetteer).

Homonyms are never resolved silently: a district named in the same sentence settles one;
an oblast named in the report narrows them; a distance in the text ("30 km from the
border") ranks them and settles one only when a single candidate fits it; the gazetteer's
one rule (the only town among villages) is applied and said.  Otherwise the place is left
open: no coordinates, the candidates listed, precision 3 when they share an oblast and
:data:`~events.vocabulary.NO_POSITION` when they do not.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from events.snapshot import cache_dir
from events.vocabulary import NO_POSITION
from geo import regions
from geo.gazetteer import URBAN_RULE, Gazetteer, load_gazetteer
from geo.names import area_key, fold, same_area
from geo.places import RUSSIAN_SIDE, UKRAINIAN_SIDE, shipped_places
from sitmap.coding import morphology
from sitmap.coding.morphology import is_common_word, lemma, name_forms
from sitmap.coding.text import Sentence, Word

MAX_NAME_WORDS = 3
TRIGGERS = frozenset(
    fold(word)
    for word in (
        *("село", "села", "селе", "селом", "сел", "деревня", "деревни", "деревне", "деревню"),
        *("деревней", "поселок", "поселка", "поселке", "поселком", "хутор", "хутора", "хуторе"),
        *("слобода", "слободы", "слободе", "нп", "пункт", "пункта", "пункте", "пунктом"),
        *("селі", "селище", "селища", "селищі", "місто", "міста", "місті", "хутір", "хуторі"),
        *("город", "города", "городе", "районе", "районі", "окрестностях", "околицях"),
        *("village", "villages", "town", "settlement", "hamlet", "area", "outskirts"),
        *("near", "around", "outside", "возле", "около", "близ", "біля", "поблизу"),
    )
)
"""Words after which a common word is read as a place name (within three words)."""
SETTLEMENT_WORDS = frozenset(
    fold(word)
    for word in (
        *("село", "селе", "села", "деревня", "деревне", "деревни", "поселок", "поселке"),
        *("хутор", "хуторе", "селі", "селище", "селищі", "village", "town", "settlement"),
    )
)
"""Words that announce a settlement: an unknown capitalised name after one is a place
the gazetteer does not hold (coded as written, without coordinates)."""
NOT_A_PLACE_AFTER = frozenset(
    ("front", "direction", "axis", "sector", "region", "oblast", "province", "incursion")
    + ("offensive", "operation", "governor", "направлении", "направлений", "фронте", "фронт")
)
"""A name followed by one of these words is an area or a direction, not the settlement."""
UKRAINIAN_COMMON = frozenset(
    ("перемога", "зоря", "мирне", "мирний", "нива", "дружба", "прогрес", "степове", "слава")
    + ("зелене", "червоне", "зарічне", "лісне", "майське", "пролетар", "жовтень", "свобода")
)
"""Ukrainian names that are ordinary words (the Ukrainian dictionary marks no proper names)."""

_DISTRICT_CYRILLIC = re.compile(
    r"\b([А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+)\s+(район\w*|р-н\w*|округ\w*)", re.UNICODE
)
_OBLAST_CYRILLIC = re.compile(r"\b([А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+)\s+(област\w*|обл\b)", re.UNICODE)
_DISTRICT_LATIN = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:[Dd]istrict|[Rr]aion|[Rr]ayon)\b")
_OBLAST_LATIN = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:[Oo]blast|[Rr]egion|[Pp]rovince)\b")
_OBLAST_NICKNAMES = {
    "курщин": "Kursk Oblast",
    "белгородчин": "Belgorod Oblast",
    "бєлгородщин": "Belgorod Oblast",
    "брянщин": "Bryansk Oblast",
    "сумщин": "Sumy Oblast",
    "харьковщин": "Kharkiv Oblast",
    "харківщин": "Kharkiv Oblast",
    "черниговщин": "Chernihiv Oblast",
    "чернігівщин": "Chernihiv Oblast",
}
_DISTANCE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:km|kilomet\w*|км|кілометр\w*|километр\w*)\s+"
    r"(?:\w+\s+)?(?:from|of|от|від|до)\s+(?:the\s+)?(\w+)",
    re.UNICODE | re.IGNORECASE,
)
_BORDER_WORDS = ("border", "границ", "кордон", "рубеж")
DISTANCE_TOLERANCE_KM = 5.0
"""A candidate fits a distance in the text within this many km (or a quarter of it)."""


@dataclass(frozen=True)
class Area:
    """A district or oblast named in the text, as the gazetteer knows it."""

    level: str  # "district" | "oblast"
    admin1: str
    admin2: str | None
    as_written: str
    lemma: str
    lat: float
    lon: float
    sentence: int
    country: str


@dataclass
class Place:
    """A place named in one sentence: what was written, and where it is (if settled)."""

    as_written: str
    sentence: int
    name: str
    latitude: float | None
    longitude: float | None
    admin1: str
    admin2: str
    country: str
    geo_precision: int
    candidates: list[dict] = field(default_factory=list)
    rule: str | None = None
    known: bool = True

    @property
    def settled(self) -> bool:
        """Whether one place was chosen (it has coordinates)."""
        return self.latitude is not None


@dataclass(frozen=True)
class _Mention:
    as_written: str
    rows: tuple[int, ...]
    start: int
    end: int


class PlaceIndex:
    """Every inflected form of the gazetteer's names, by the folded words it is written in."""

    def __init__(
        self,
        places: pd.DataFrame,
        gazetteer: Gazetteer,
        built: tuple[dict[tuple[str, ...], list[int]], list[bool]] | None = None,
    ):
        self.places = places.reset_index(drop=True)
        self.gazetteer = gazetteer
        country = dict(zip(regions.oblasts()["admin1"], regions.oblasts()["country"], strict=True))
        self.countries = country
        if built is not None:  # read back from the cache (see place_index)
            self.forms, self.common = built
            return
        self.forms = defaultdict(list)
        self.common = []
        russian_side = self.places["source"].str.startswith("russian").tolist()
        for i, spellings in enumerate(self.places["names"]):
            common = False
            for spelling in dict.fromkeys(fold(s) for s in spellings.split("|")):
                if not spelling:
                    continue
                if spelling.isascii():
                    self._add(tuple(spelling.split()), i)
                    continue
                for language in _languages(spelling, russian_side[i]):
                    for form in name_forms(spelling, language):
                        self._add(form, i)
                    if " " in spelling:
                        continue  # "Большое Солдатское": two capitals make a name
                    if language == "ru":
                        common = common or is_common_word(spelling, "ru")
                    else:
                        common = common or spelling in UKRAINIAN_COMMON
            self.common.append(common)
        self.forms = dict(self.forms)

    def _add(self, key: tuple[str, ...], i: int) -> None:
        rows = self.forms[key]
        if not rows or rows[-1] != i:
            rows.append(i)

    def candidate(self, i: int) -> dict[str, object]:
        """One place as a candidate: name, lat, lon, admin1, admin2."""
        row = self.places.iloc[i]
        return {
            "name": row["name"],
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "admin1": row["admin1"],
            "admin2": row["admin2"] or None,
        }

    def to_json(self) -> str:
        """The generated forms and the common-word marks, as JSON (for the cache)."""
        forms = [[" ".join(key), rows] for key, rows in self.forms.items()]
        return json.dumps({"forms": forms, "common": self.common}, ensure_ascii=False)


def _languages(spelling: str, russian_side: bool) -> tuple[str, ...]:
    if set(spelling) & set("іїєґ"):
        return ("uk",)
    if set(spelling) & set("ыэъ") or russian_side:
        return ("ru",)
    return ("uk",)


def _read_built(text: str, rows: int) -> tuple[dict[tuple[str, ...], list[int]], list[bool]]:
    """The forms and marks of :meth:`PlaceIndex.to_json`; ValueError if they do not fit."""
    data = json.loads(text)
    forms = {tuple(key.split(" ")): [int(i) for i in found] for key, found in data["forms"]}
    common = [bool(c) for c in data["common"]]
    if len(common) != rows or any(i >= rows for found in forms.values() for i in found):
        raise ValueError("the cached index does not fit the gazetteer")
    return forms, common


INDEX_VERSION = 1
"""Part of the cache key of the place index; the code and data it depends on are too."""


def index_key() -> str:
    """What the place index depends on: the gazetteer files, pymorphy3 and its dictionaries,
    and this code (a change to any of them builds the index again)."""
    digest = hashlib.sha256(str(INDEX_VERSION).encode())
    for name in ("pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk"):
        digest.update(metadata.version(name).encode())
    for path in (RUSSIAN_SIDE, UKRAINIAN_SIDE, Path(__file__), Path(morphology.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_index(folder: Path) -> PlaceIndex:
    """The shipped gazetteer's index: read from ``folder`` if it holds this version's,
    else built (a few seconds) and saved there (atomically; a read-only folder is fine)."""
    places, gazetteer = shipped_places(), load_gazetteer()
    path = folder / f"place-forms-{index_key()}.json"
    try:
        built = _read_built(path.read_text(encoding="utf-8"), len(places))
        return PlaceIndex(places, gazetteer, built)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or unreadable: build it
    index = PlaceIndex(places, gazetteer)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(index.to_json(), encoding="utf-8")
        partial.replace(path)
        for old in folder.glob("place-forms-*.json"):
            if old != path:
                old.unlink(missing_ok=True)  # an index of older code or data
    except OSError:
        pass  # no writable cache: the next process builds it again
    return index


@cache
def place_index() -> PlaceIndex:
    """The index of the shipped gazetteer, once per process: from the cache folder
    (``$SITMAP_CACHE_DIR``, else ``var/cache``) when it holds it, else built."""
    return load_index(cache_dir())


# -- areas ---------------------------------------------------------------------------


def find_areas(sentence: Sentence, index: PlaceIndex) -> list[Area]:
    """Districts and oblasts named in a sentence."""
    found: list[Area] = []
    text = sentence.text
    if sentence.language == "en":
        patterns = ((_DISTRICT_LATIN, "district"), (_OBLAST_LATIN, "oblast"))
    else:
        patterns = ((_DISTRICT_CYRILLIC, "district"), (_OBLAST_CYRILLIC, "oblast"))
    for pattern, level in patterns:
        for match in pattern.finditer(text):
            written = match.group(1)
            if sentence.language == "en":
                name = written
            else:
                gender = "masc" if level == "district" else "femn"
                name = lemma(written, sentence.language, "ADJF", gender)
            query = f"{name} {'district' if level == 'district' else 'oblast'}"
            resolution = index.gazetteer.resolve(query)
            location = resolution.location
            if location is None or location.raw["geo_precision"] != 3:
                continue
            raw = location.raw
            if raw["kind"] != level:
                continue
            found.append(
                Area(
                    level,
                    raw["admin1"],
                    raw["admin2"],
                    match.group(0),
                    name,
                    location.latitude,
                    location.longitude,
                    sentence.index,
                    index.countries.get(raw["admin1"], ""),
                )
            )
    for word in sentence.words:
        for stem, admin1 in _OBLAST_NICKNAMES.items():
            if word.key.startswith(stem):
                point = _oblast_point(index, admin1)
                found.append(
                    Area(
                        "oblast",
                        admin1,
                        None,
                        word.text,
                        admin1,
                        *point,
                        sentence.index,
                        index.countries.get(admin1, ""),
                    )
                )
    return found


def _oblast_point(index: PlaceIndex, admin1: str) -> tuple[float, float]:
    location = index.gazetteer.geocode(admin1)
    return location.latitude, location.longitude


# -- places --------------------------------------------------------------------------


def _mentions(sentence: Sentence, index: PlaceIndex, areas: list[Area]) -> list[_Mention]:
    """Names of gazetteer places in the sentence, longest first, not inside an area name."""
    words = sentence.words
    taken = [False] * len(words)
    for area in areas:
        start = sentence.text.find(area.as_written)
        if start < 0:
            continue
        end = start + len(area.as_written)
        for k, word in enumerate(words):
            if start <= word.start < end:
                taken[k] = True
    mentions = []
    k = 0
    while k < len(words):
        word = words[k]
        if (
            taken[k]
            or not word.capitalised
            or (word.text.isupper() and len(word.text) > 1)
            or _continues(sentence, words, k)  # the end of a longer hyphenated name
        ):
            k += 1
            continue
        for n in range(min(MAX_NAME_WORDS, len(words) - k), 0, -1):
            if any(taken[k : k + n]):
                continue
            key = tuple(w.key for w in words[k : k + n])
            rows = index.forms.get(key)
            if not rows and n == 1 and sentence.language != "en":
                # a name inflected in the other language ("Суджі" for Суджа): its lemma
                rows = index.forms.get((fold(lemma(word.text, sentence.language, "NOUN")),))
            if not rows:
                continue
            following = words[k + n].key if k + n < len(words) else ""
            if following in NOT_A_PLACE_AFTER or _continues(sentence, words, k + n):
                break  # "Kursk front"; "Zarechnoye-Novoe" is another (longer) name
            if any(index.common[i] for i in rows) and not _triggered(words, k, n, areas):
                rows = [i for i in rows if not index.common[i]]
                if not rows:
                    break
            written = sentence.text[
                word.start : words[k + n - 1].start + len(words[k + n - 1].text)
            ]
            mentions.append(_Mention(written, tuple(rows), k, k + n))
            for j in range(k, k + n):
                taken[j] = True
            k += n - 1
            break
        k += 1
    for k, word in enumerate(words[:-1]):  # a settlement word, then a name nobody holds
        if word.key not in SETTLEMENT_WORDS:
            continue
        first = k + 2 if words[k + 1].key in ("of", "named") and k + 2 < len(words) else k + 1
        end = first
        while end < len(words) and words[end].capitalised and not taken[end]:
            end += 1
            if not _continues(sentence, words, end):
                break
        if end == first or tuple(w.key for w in words[first:end]) in index.forms:
            continue
        last = words[end - 1]
        written = sentence.text[words[first].start : last.start + len(last.text)]
        mentions.append(_Mention(written, (), first, end))
        for j in range(first, end):
            taken[j] = True
    return sorted(mentions, key=lambda m: m.start)


def _continues(sentence: Sentence, words: tuple[Word, ...], k: int) -> bool:
    """Whether word ``k`` is joined to the one before by a hyphen and capitalised."""
    if k >= len(words) or k == 0:
        return False
    before = words[k - 1]
    gap = sentence.text[before.start + len(before.text) : words[k].start]
    return gap == "-" and words[k].capitalised


def _triggered(words: tuple[Word, ...], k: int, n: int, areas: list[Area]) -> bool:
    before = {w.key for w in words[max(0, k - 3) : k]}
    if before & TRIGGERS:
        return True
    following = " ".join(w.text for w in words[k + n : k + n + 2])
    return any(area.level == "district" and following in area.as_written for area in areas)


def find_places(
    sentences: list[Sentence], index: PlaceIndex | None = None
) -> tuple[dict[int, list[Place]], dict[int, list[Area]]]:
    """Per sentence, the places it names (settled or not) and the areas it names."""
    index = index or place_index()
    areas = {s.index: find_areas(s, index) for s in sentences}
    report_oblasts = {
        a.admin1 for found in areas.values() for a in found if a.level == "oblast"
    } | {a.admin1 for found in areas.values() for a in found if a.level == "district"}
    settled: dict[tuple[int, ...], Place] = {}
    places: dict[int, list[Place]] = {}
    for sentence in sentences:
        found = []
        here = areas[sentence.index]
        for mention in _mentions(sentence, index, here):
            if not mention.rows:
                found.append(_unknown(mention, sentence, here, report_oblasts, index))
                continue
            place = _settle(mention, sentence, here, report_oblasts, index)
            if not place.settled and mention.rows in settled:
                earlier = settled[mention.rows]  # named again, without its district
                place = replace(earlier, as_written=mention.as_written, sentence=sentence.index)
            elif place.settled:
                settled[mention.rows] = place
            found.append(place)
        places[sentence.index] = found
    return places, areas


def _settle(
    mention: _Mention,
    sentence: Sentence,
    areas: list[Area],
    report_oblasts: set[str],
    index: PlaceIndex,
) -> Place:
    rows = list(dict.fromkeys(mention.rows))
    table = index.places
    rule = None
    districts = [a for a in areas if a.level == "district"]
    if len(rows) > 1 and districts:
        inside = [i for i in rows if any(_in_district(table.iloc[i], a) for a in districts)]
        if inside:
            rows, rule = inside, "the district named in the sentence"
    oblasts = {a.admin1 for a in areas} or report_oblasts
    if len(rows) > 1 and oblasts:
        inside = [i for i in rows if table.iloc[i]["admin1"] in oblasts]
        rows = inside or rows
    if len(rows) > 1:
        users = [i for i in rows if table.iloc[i]["user"]]
        rows = users or rows
    if len(rows) > 1:
        urban = [i for i in rows if table.iloc[i]["urban"]]
        if len(urban) == 1:
            rows, rule = urban, URBAN_RULE
    ranked = _by_distance(rows, sentence, index)
    if len(rows) > 1 and ranked is not None:
        rows, fitting = ranked
        if len(fitting) == 1:
            rows, rule = fitting, "the only candidate at the distance the text gives"
    candidates = [index.candidate(i) for i in rows]
    if len(rows) == 1:
        row = table.iloc[rows[0]]
        return Place(
            mention.as_written,
            sentence.index,
            row["name"],
            float(row["lat"]),
            float(row["lon"]),
            row["admin1"],
            row["admin2"],
            index.countries.get(row["admin1"], ""),
            1,
            [index.candidate(i) for i in dict.fromkeys(mention.rows)] if rule else [],
            rule,
        )
    shared = {c["admin1"] for c in candidates}
    admin1 = shared.pop() if len(shared) == 1 else ""
    countries = {index.countries.get(c["admin1"], "") for c in candidates}
    return Place(
        mention.as_written,
        sentence.index,
        str(candidates[0]["name"]),
        None,
        None,
        admin1,
        "",
        countries.pop() if len(countries) == 1 else "",
        3 if admin1 else NO_POSITION,
        candidates,
        None,
    )


def _in_district(row: pd.Series, area: Area) -> bool:
    if row["admin1"] != area.admin1:
        return False
    if area.admin2 and row["admin2"] == area.admin2:
        return True
    key = area_key(area.lemma)
    return any(
        same_area(key, area_key(name)) for name in (row["admin2"], row["admin2_alt"]) if name
    )


def _unknown(
    mention: _Mention,
    sentence: Sentence,
    areas: list[Area],
    report_oblasts: set[str],
    index: PlaceIndex,
) -> Place:
    """A place the gazetteer does not hold: named as written, no coordinates."""
    districts = [a for a in areas if a.level == "district"]
    oblasts = {a.admin1 for a in areas} or report_oblasts
    admin1 = oblasts.pop() if len(oblasts) == 1 else ""
    return Place(
        mention.as_written,
        sentence.index,
        mention.as_written,
        None,
        None,
        admin1,
        districts[0].admin2 or "" if districts else "",
        index.countries.get(admin1, ""),
        3 if admin1 else NO_POSITION,
        [],
        None,
        known=False,
    )


# -- distances -----------------------------------------------------------------------


_TO_METRIC = Transformer.from_crs(regions.CRS, regions.METRIC_CRS, always_xy=True)


@cache
def _metric_border() -> shapely.Geometry:
    line = regions.border().geometry.union_all()
    return shapely.transform(line, lambda xy: np.column_stack(_TO_METRIC.transform(*xy.T)))


def _by_distance(
    rows: list[int], sentence: Sentence, index: PlaceIndex
) -> tuple[list[int], list[int]] | None:
    """The rows ranked by how well they fit the distance the sentence gives (and those
    that fit it), or None when it gives none."""
    match = _DISTANCE.search(sentence.text)
    if match is None:
        return None
    km = float(match.group(1).replace(",", "."))
    target = match.group(2).lower()
    table = index.places
    if target.startswith(_BORDER_WORDS):
        border = _metric_border()
        points = [_TO_METRIC.transform(table.iloc[i]["lon"], table.iloc[i]["lat"]) for i in rows]
        distances = [border.distance(shapely.Point(x, y)) / 1000 for x, y in points]
    else:
        anchor = index.gazetteer.geocode(target)
        if anchor is None:
            return None
        distances = [
            _haversine_km(table.iloc[i]["lat"], table.iloc[i]["lon"], anchor.latitude,
                          anchor.longitude)
            for i in rows
        ]  # fmt: skip
    errors = [abs(d - km) for d in distances]
    order = sorted(range(len(rows)), key=errors.__getitem__)
    tolerance = max(DISTANCE_TOLERANCE_KM, km / 4)
    return [rows[j] for j in order], [rows[j] for j in order if errors[j] <= tolerance]


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
