"""A report's text cut into sentences and words, each word with its place in the text.

Names are matched on words folded as :func:`geo.names.fold` folds them (case, accents,
apostrophes, ё), so the text and the gazetteer compare alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from geo.names import fold

_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"»”)]*\s+(?=[\"«“(]?[A-ZА-ЯЁІЇЄҐ0-9])"  # the end of a sentence
    r"|\s*\n\s*(?=[\"«“(]?[A-ZА-ЯЁІЇЄҐ0-9•*-])"  # a new line: a headline, a paragraph
    r"|\n\s*\n"
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:г|гг|с|д|п|пос|обл|р|км|ст|им|ул|vs|Mr|Mrs|Dr|St|Gen|Col|Lt|No))\.$"
)
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*", re.UNICODE)
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_RUSSIAN = frozenset("ыэъёЫЭЪЁ")


@dataclass(frozen=True)
class Word:
    """One word of a sentence: as written, folded, and where it starts in the sentence."""

    text: str
    key: str
    start: int

    @property
    def capitalised(self) -> bool:
        """Whether it starts with a capital letter (a name, or a sentence's first word)."""
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Sentence:
    """One sentence of the report, its index and its language ("en", "ru" or "uk")."""

    index: int
    text: str
    language: str

    @cached_property
    def words(self) -> tuple[Word, ...]:
        """Its words in order (a hyphenated name is several words, as the gazetteer folds it)."""
        return tuple(Word(m.group(), fold(m.group()), m.start()) for m in _WORD.finditer(self.text))

    @cached_property
    def lower(self) -> str:
        """The sentence in lower case, ё as е (for the keyword patterns)."""
        return self.text.lower().replace("ё", "е")


def language_of(text: str, default: str = "en") -> str:
    """The report's language by script: Ukrainian letters, else Cyrillic, else Latin."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return default
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyrillic * 2 < len(letters):
        return "en"
    ukrainian = sum(c in _UKRAINIAN for c in letters)
    russian = sum(c in _RUSSIAN for c in letters)
    return "uk" if ukrainian > russian else "ru"


def split_sentences(text: str) -> list[Sentence]:
    """The report's sentences, in order; the language is judged per report, then per
    sentence where a sentence is clearly in another script (a quoted English name)."""
    report_language = language_of(text)
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        if _ABBREVIATIONS.search(piece.rstrip()):
            continue  # "с. Калиновка", "Gen. Smith": not the end of a sentence
        pieces.append(piece)
        start = match.end()
    pieces.append(text[start:])
    sentences = []
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        language = language_of(piece, report_language)
        if language != "en" and report_language != "en":
            language = report_language  # a short Russian sentence in a Ukrainian report
        sentences.append(Sentence(len(sentences), piece, language))
    return sentences
