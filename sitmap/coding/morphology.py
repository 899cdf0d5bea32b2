"""Inflected forms of names, and lemmas of words, from pymorphy3 (Russian and Ukrainian).

Small villages are not in any morphological dictionary, so the text is not lemmatised to
find them: each gazetteer name is *inflected* instead, word by word, in the six cases of
its own number and gender (an adjective agrees: "Большое Солдатское" → "Большого
Солдатского"), and the forms are looked up in the text as written.  pymorphy3 predicts
the paradigm of an unknown word from its ending, which is what a village name needs.
"""

from __future__ import annotations

import itertools
from functools import cache, lru_cache

import pymorphy3

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NAME_PARTS = ("NOUN", "ADJF")
_PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr"})
MAX_FORMS = 64
"""Most spellings of one multi-word name (its words' forms combined case by case)."""


@cache
def analyzer(language: str) -> pymorphy3.MorphAnalyzer:
    """pymorphy3's analyzer for "ru" or "uk" (loaded once per process)."""
    return pymorphy3.MorphAnalyzer(lang=language)


def _nominative(word: str, language: str):
    """The parse of ``word`` as a nominative noun or adjective (a name's own form)."""
    parses = analyzer(language).parse(word)
    fitting = [p for p in parses if p.tag.case == "nomn" and p.tag.POS in _NAME_PARTS]
    if not fitting:
        return None
    geo = [p for p in fitting if "Geox" in p.tag.grammemes]
    return (geo or fitting)[0]


@lru_cache(maxsize=65536)
def word_forms(word: str, language: str) -> dict[str, frozenset[str]]:
    """The forms of a name's word by case, in the word's own number and gender
    (lower case); an unknown or invariant word is the same in every case."""
    word = word.lower()
    parse = _nominative(word, language)
    if parse is None:
        return {case: frozenset({word}) for case in CASES}
    number, gender = parse.tag.number, parse.tag.gender
    forms: dict[str, set[str]] = {case: {word} if case == "nomn" else set() for case in CASES}
    for form in parse.lexeme:
        tag = form.tag
        if tag.case not in forms or tag.number != number or {"Supr", "Cmp"} & tag.grammemes:
            continue
        if parse.tag.POS == "ADJF" and number == "sing" and tag.gender != gender:
            continue
        forms[tag.case].add(form.word.replace("ё", "е"))
    return {case: frozenset(found or {word}) for case, found in forms.items()}


def name_forms(name: str, language: str) -> set[tuple[str, ...]]:
    """Every spelling of a (folded, space-separated) name in the six cases, as word
    tuples: the words agree case by case, so "большое солдатское" gives
    ("большого", "солдатского") but not ("большого", "солдатском")."""
    words = name.split()
    if not words:
        return set()
    per_word = [word_forms(word, language) for word in words]
    found: set[tuple[str, ...]] = {tuple(words)}
    for case in CASES:
        combos = itertools.product(*(forms[case] for forms in per_word))
        found.update(itertools.islice(combos, MAX_FORMS))
    return found


@lru_cache(maxsize=65536)
def is_common_word(name: str, language: str) -> bool:
    """Whether every word of a name is an ordinary dictionary word, not a proper name
    (Победа, Мирный, Заря, Красный Октябрь): such a name needs a trigger word nearby."""
    morph = analyzer(language)
    for word in name.split():
        if not morph.word_is_known(word):
            return False
        parses = morph.parse(word)
        if any(_PROPER & p.tag.grammemes for p in parses[:2]):
            return False
    return True


@lru_cache(maxsize=16384)
def lemma(word: str, language: str, part: str | None = None, gender: str | None = None) -> str:
    """The nominative of an inflected word (of a part of speech, e.g. "ADJF", if given),
    in ``gender`` for an adjective ("Большесолдатского" → "большесолдатский")."""
    parses = analyzer(language).parse(word.lower())
    if part is not None:
        parses = [p for p in parses if part == p.tag.POS] or parses
    best = parses[0]
    if gender is not None and best.tag.POS == "ADJF":
        inflected = best.inflect({"nomn", "sing", gender})
        if inflected is not None:
            return inflected.word
    return best.normal_form
