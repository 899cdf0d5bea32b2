"""Place-name folding: one key for the many ways a Russian or Ukrainian name is spelled.

Three levels, each coarser than the last:

- :func:`fold` — case, accents, apostrophes, hyphens and ё/е removed; the script is kept.
  Two spellings with the same fold are *the same name* (an "exact" match).
- :func:`phonetic_key` — the fold, transliterated to Latin and reduced to a skeleton in
  which BGN, scholarly, German, Ukrainian KMU and ad-hoc spellings coincide (Sudzha /
  Sudža / Sudscha, Guevo / Guyevo, Bolshoye / Bol'shoye / Bolshoe, Ukrainian и/і and
  Russian ы/и, г as g or h).  Same key means *a spelling variant* ("variant" match).
- :func:`area_key` — a phonetic key for district and oblast names, with the generic words
  (district, raion, oblast, область …) and the adjectival ending dropped, so that
  "Sudzhanskiy District", "Суджанский район" and "Sudzha district" compare equal or as a
  stem and its extension (see :func:`same_area`).

The keys are opaque (they may contain Cyrillic placeholder letters); never show them.
"""

from __future__ import annotations

import re
import unicodedata
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
