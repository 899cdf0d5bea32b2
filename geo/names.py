"""Place-name folding: one key for the many ways a Russian or Ukrainian name is spelled.

Three levels, each coarser than the last:

- :func:`fold` — case, accents, apostrophes, hyphens and ё/е removed; the script is kept.
  Two spellings with the same fold are *the same name* (an "exact" match).
- :func:`phonetic_key` — the fold, transliterated to Latin and reduced to a skeleton in
  which BGN, scholarly, German, Ukrainian KMU and ad-hoc spellings coincide (Sudzha /
  Sudža / Sudscha, Guevo / Guyevo, Bolshoye / Bol'shoye / Bolshoe, Ukrainian и/і and
  Russian ы/и, г as g or h).  Same key means *a spelling variant* ("variant" match).
- :func:`latin_spellings` — the Latin spellings of a Cyrillic name under each common
  transliteration system (Ukrainian national, BGN/PCGN, GOST 7.79, the passport
  standard), so that a Latin name finds every place whose Cyrillic name it spells:
  "Oleshnia" is Олешня in Ukrainian national, "Oleshnya" in BGN/PCGN.
- :func:`area_key` — a phonetic key for district and oblast names, with the generic words
  (district, raion, oblast, область …) and the adjectival ending dropped, so that
  "Sudzhanskiy District", "Суджанский район" and "Sudzha district" compare equal or as a
  stem and its extension (see :func:`same_area`).

The keys are opaque (they may contain Cyrillic placeholder letters); never show them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_APOSTROPHES = "'’ʼʹ`´‘\"″"
_SPECIAL = {"ž": "zh", "š": "sh", "č": "ch", "ё": "е", "ß": "ss", "ł": "l", "ø": "o"}
_UKRAINIAN_LETTERS = frozenset("іїєґ")

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_UKRAINIAN_OVERRIDES = {"г": "h", "и": "y"}

_COMMON_LATIN = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ж": "zh", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "ч": "ch", "ш": "sh", "ь": "",
}  # fmt: skip
_BGN_YE = re.compile(r"(?<![^\n аеиоуыэюяйъь])е")
_GOST_C = re.compile(r"ц(?=[еиыйэ])")
_UKRAINIAN_INITIAL = re.compile(r"(?<![^\n ])[єїйюя]|зг")
_UKRAINIAN_INITIAL_LATIN = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "зг": "zgh"}


def _bgn_russian(names: str) -> str:
    """е is ye at the start of a word and after a vowel, й, ъ or ь."""
    return _BGN_YE.sub("ye", names)


def _gost_russian(names: str) -> str:
    """ц is c before е, и, ы, й, э (and cz elsewhere)."""
    return _GOST_C.sub("c", names)


def _ukrainian_national(names: str) -> str:
    """є, ї, й, ю, я are ye, yi, y, yu, ya at the start of a word; зг is zgh."""
    return _UKRAINIAN_INITIAL.sub(lambda m: _UKRAINIAN_INITIAL_LATIN[m.group()], names)


def _table(letters: dict[str, str]) -> dict[int, str]:
    return str.maketrans(_COMMON_LATIN | letters)


_RUSSIAN_SYSTEMS = {
    "BGN/PCGN Russian": (_bgn_russian, _table(
        {"г": "g", "и": "i", "й": "y", "х": "kh", "ц": "ts", "щ": "shch", "ъ": "", "ы": "y",
         "э": "e", "ю": "yu", "я": "ya"}
    )),
    # GOST 7.79-2000 system B (its apostrophes and backticks fold away)
    "GOST 7.79-2000 B": (_gost_russian, _table(
        {"г": "g", "и": "i", "й": "j", "х": "x", "ц": "cz", "щ": "shh", "ъ": "", "ы": "y",
         "э": "e", "ю": "yu", "я": "ya"}
    )),
    # ICAO Doc 9303, the Russian passport standard since 2013
    "ICAO 9303": (None, _table(
        {"г": "g", "и": "i", "й": "i", "х": "kh", "ц": "ts", "щ": "shch", "ъ": "ie", "ы": "y",
         "э": "e", "ю": "iu", "я": "ia"}
    )),
    # transliterate()'s, for a Russian name
    "plain": (None, _table({k: v for k, v in _CYRILLIC.items() if k not in _UKRAINIAN_LETTERS})),
}  # fmt: skip
_UKRAINIAN_SYSTEMS = {
    # Cabinet of Ministers resolution 55 (2010)
    "Ukrainian national": (_ukrainian_national, _table(
        {"г": "h", "ґ": "g", "є": "ie", "и": "y", "і": "i", "ї": "i", "й": "i", "х": "kh",
         "ц": "ts", "щ": "shch", "ю": "iu", "я": "ia"}
    )),
    "BGN/PCGN Ukrainian": (None, _table(
        {"г": "h", "ґ": "g", "є": "ye", "и": "y", "і": "i", "ї": "yi", "й": "y", "х": "kh",
         "ц": "ts", "щ": "shch", "ю": "yu", "я": "ya"}
    )),
}  # fmt: skip
_SYSTEMS = _RUSSIAN_SYSTEMS | _UKRAINIAN_SYSTEMS
TRANSLITERATION_SYSTEMS = tuple(_SYSTEMS)
"""The systems :func:`latin_spellings` spells a Cyrillic name in ("plain" is
:func:`transliterate`'s; for a Ukrainian name it is BGN/PCGN's)."""

# Word endings first (adjectival forms), then digraphs to one placeholder letter each,
# then the glides (ye/yo/ya/yu in their j/i spellings), then single letters.
_ENDINGS = (
    (re.compile(r"(?:oye|oie|oje|oe)\b"), "e"),
    (re.compile(r"(?:aya|aia|aja)\b"), "a"),
    (re.compile(r"(?:iy|yy|yi|ii|ij|yj|y)\b"), "i"),
)
_DIGRAPHS = (
    ("dzh", "ж"), ("dsch", "ж"), ("dzj", "ж"), ("dj", "ж"),
    ("shch", "щ"), ("shtsh", "щ"), ("sch", "щ"),
    ("zh", "ж"), ("zj", "ж"), ("kh", "х"), ("tsch", "ч"), ("tch", "ч"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"), ("tz", "ц"), ("c", "ц"), ("h", "г"), ("g", "г"), ("w", "v"),
    ("iya", "ia"), ("ija", "ia"),
    ("ye", "e"), ("je", "e"), ("yo", "e"), ("jo", "e"),
    ("yu", "u"), ("ju", "u"), ("iu", "u"), ("ya", "a"), ("ja", "a"), ("ia", "a"),
    ("y", "i"), ("j", "i"),
)  # fmt: skip
_DOUBLES = re.compile(r"(.)\1+")

_GENERIC_WORDS = frozenset(
    {
        *("district", "raion", "rayon", "region", "oblast", "obl", "okrug", "city"),
        *("gorodskoy", "municipal", "municipalnyy", "munitsipalnyy", "urban", "r", "n"),
        *("район", "р", "н", "область", "обл", "округ", "городской", "муниципальный"),
        *("міська", "рада", "громада"),
    }
)
_OBLAST_WORDS = frozenset({"oblast", "obl", "region", "область", "обл"})
_DISTRICT_WORDS = frozenset({"district", "raion", "rayon", "район", "okrug", "округ", "р"})
_ADJECTIVE = re.compile(r"(?:ska|ski|ske|sk)$")
_TRAILING_VOWELS = re.compile(r"[aeiou]+$")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip Latin accents, drop apostrophes, ё→е, hyphens to spaces.

    Cyrillic stays Cyrillic (й and ї keep their marks); ž/š/č become zh/sh/ch so that
    "Sudža" folds like "Sudzha".
    """
    out = []
    for char in unicodedata.normalize("NFC", text.lower()):
        if char in _APOSTROPHES:
            continue
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
            continue
        base = unicodedata.normalize("NFKD", char)
        out.append(base[0] if base[0].isascii() and base[0].isalpha() else char)
    folded = re.sub(r"[\s\-‐‑–—_.,;:()/]+", " ", "".join(out))
    return folded.strip()


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic ones (a plain scheme, Ukrainian-aware); others unchanged.

    A word with і, ї, є or ґ is read as Ukrainian (г→h, и→y); otherwise as Russian.
    """
    words = []
    for word in text.split(" "):
        ukrainian = not _UKRAINIAN_LETTERS.isdisjoint(word)
        table = {**_CYRILLIC, **_UKRAINIAN_OVERRIDES} if ukrainian else _CYRILLIC
        words.append("".join(table.get(char, char) for char in word))
    return " ".join(words)


def latin_spellings(name: str) -> frozenset[str]:
    """The folded Latin spellings of a Cyrillic name under every system in
    :data:`TRANSLITERATION_SYSTEMS`.

    A name with і, ї, є or ґ is spelled only by the Ukrainian systems, one with ы, э or ъ
    only by the Russian ones; one written alike in both languages (Олешня) by all.
    Latin text comes back folded and alone.
    """
    return latin_spellings_of([name])[0]


def latin_spellings_of(names: Sequence[str]) -> list[frozenset[str]]:
    """:func:`latin_spellings` of many names at once (each system spells them all in one
    pass, which the gazetteer's index of some ten thousand names needs to be quick)."""
    joined = "\n".join(fold(name).replace("\n", " ") for name in names)
    columns = [
        (rule(joined) if rule else joined).translate(table).split("\n")
        for rule, table in _SYSTEMS.values()
    ]
    # A system leaves the other language's letters (і, ы …) as they are: not its name.
    return [frozenset(filter(str.isascii, spellings)) for spellings in zip(*columns, strict=True)]


@lru_cache(maxsize=65536)
def phonetic_key(text: str) -> str:
    """The spelling-variant skeleton of a name (see the module docstring)."""
    key = transliterate(fold(text))
    for pattern, replacement in _ENDINGS:
        key = pattern.sub(replacement, key)
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    key = _DOUBLES.sub(r"\1", key)
    return key.replace(" ", "")


def area_level(text: str) -> str | None:
    """ "oblast" or "district" when the name says which kind of area it is, else None."""
    words = set(fold(text).split())
    if words & _OBLAST_WORDS:
        return "oblast"
    if words & _DISTRICT_WORDS:
        return "district"
    return None


def area_name_key(text: str) -> str:
    """The phonetic key of a district or oblast name without its generic words."""
    return phonetic_key(" ".join(w for w in fold(text).split() if w not in _GENERIC_WORDS))


def area_key(text: str) -> str:
    """The stem of a district or oblast name: generic words and adjectival ending dropped."""
    key = _TRAILING_VOWELS.sub("", area_name_key(text))
    key = _ADJECTIVE.sub("", key)
    return _TRAILING_VOWELS.sub("", key)


def same_area(key: str, other: str) -> bool:
    """Whether two area keys name the same area: equal, or a stem and a short extension.

    "Sudzha" (stem suж) and "Sudzhanskiy" (suжan) differ by the -an- of the adjective;
    allowing at most two extra letters keeps "Kursk" apart from "Kurchatov".
    """
    if not key or not other:
        return False
    short, long = sorted((key, other), key=len)
    return long.startswith(short) and len(long) - len(short) <= 2 and len(short) >= 3
