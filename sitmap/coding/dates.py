"""When an event happened, from the words of its sentence and the report's publication day.

Candidate phrases are found with patterns first (a weekday, "today", "накануне", a day and
a month, "late January", "recently"), in the sentence's language; only a day and a month
go to dateparser, with the publication day as its base, preferring the past.  Running
``search_dates`` over the whole text is avoided: it finds dates in "may", "march" and
"47th", and is slow.

The rules (each an interval [start, end] and an ACLED time precision):

- a day and a month: that day; the year is the last one not after publication;
- a weekday: the last such day on or before publication (the publication's own weekday is
  the publication day);
- today/сегодня/сьогодні: the publication day; yesterday: the day before it;
- last night/этой ночью: the publication day and the day before (precision 2);
- the day before/накануне/напередодні: the day before the event it follows;
- early/mid/late in a month: days 1–10, 11–20, 21–end, precision 3 (as the seed
  article codes "late January": 21–31 January); a month alone: the whole month;
- recently/недавно/нещодавно: the 30 days up to publication (precision 3), "in recent
  days"/"на днях": the week up to publication (precision 2).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from sitmap.coding.text import Sentence

_MONTHS = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "ru": ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
           "октябр", "ноябр", "декабр"),
    "uk": ("січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт",
           "листопад", "груд"),
}  # fmt: skip
_MONTH_WORDS = {
    "en": r"(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)",
    "ru": r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
    r"декабря)",
    "uk": r"(січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|"
    r"листопада|грудня)",
}
_MONTH_IN = {
    "en": r"\bin\s+" + _MONTH_WORDS["en"] + r"(?:\s+(\d{4}))?\b",
    "ru": r"\bв\s+(январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|"
    r"ноябре|декабре)(?:\s+(\d{4}))?",
    "uk": r"\b[ув]\s+(січні|лютому|березні|квітні|травні|червні|липні|серпні|вересні|"
    r"жовтні|листопаді|грудні)(?:\s+(\d{4}))?",
}
_WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "ru": ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"),
    "uk": ("понеділок", "вівторок", "середу", "четвер", "п'ятницю", "суботу", "неділю"),
}
_TODAY = {
    "en": r"\b(?:today|this morning|earlier today|this afternoon)\b",
    "ru": r"\bсегодня\b",
    "uk": r"\b(?:сьогодні|сьогодні вранці)\b",
}
_YESTERDAY = {"en": r"\byesterday\b", "ru": r"\bвчера\b", "uk": r"\b[ув]чора\b"}
_NIGHT = {
    "en": r"\b(?:last night|overnight)\b",
    "ru": r"\b(?:этой|минувшей|прошлой) ночью\b|\bв ночь на\b",
    "uk": r"\b(?:цієї|минулої) ночі\b|\bвночі\b",
}
_DAY_BEFORE = {
    "en": r"\b(?:the day before|a day earlier|the previous day|the day prior)\b",
    "ru": r"\bнакануне\b",
    "uk": r"\bнапередодні\b",
}
_PARTS = {
    "en": r"\b(early|mid|late|the (?:beginning|start|middle|end) of)[\s-]+(?:in\s+)?"
    + _MONTH_WORDS["en"]
    + r"(?:\s+(\d{4}))?",
    "ru": r"\b(в начале|в середине|в конце|в первой половине|во второй половине)\s+"
    + _MONTH_WORDS["ru"]
    + r"(?:\s+(\d{4}))?",
    "uk": r"\b(на початку|[ув] середині|наприкінці|[ув] кінці|в першій половині|"
    r"у другій половині)\s+" + _MONTH_WORDS["uk"] + r"(?:\s+(\d{4}))?",
}
_RECENTLY = {
    "en": r"\b(recently|in recent days|in recent weeks|lately|the other day)\b",
    "ru": r"\b(недавно|на днях|в последние дни|на прошлой неделе)\b",
    "uk": r"\b(нещодавно|днями|останніми днями|минулого тижня)\b",
}
_DAY_MONTH = {
    "en": r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_WORDS["en"] + r"(?:,?\s+(\d{4}))?"
    r"|\b" + _MONTH_WORDS["en"] + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?",
    "ru": r"\b(\d{1,2})\s+" + _MONTH_WORDS["ru"] + r"(?:\s+(\d{4}))?",
    "uk": r"\b(\d{1,2})\s+" + _MONTH_WORDS["uk"] + r"(?:\s+(\d{4}))?",
}
_COMPILED = {
    name: {lang: re.compile(pattern, re.IGNORECASE) for lang, pattern in table.items()}
    for name, table in (
        ("day_month", _DAY_MONTH),
        ("part", _PARTS),
        ("month", _MONTH_IN),
        ("today", _TODAY),
        ("yesterday", _YESTERDAY),
        ("night", _NIGHT),
        ("day_before", _DAY_BEFORE),
        ("recently", _RECENTLY),
    )
}
_WEEKDAY_PATTERNS = {
    lang: re.compile(r"\b(?:on\s+|в\s+|во\s+|у\s+)?(" + "|".join(days) + r")\b", re.IGNORECASE)
    for lang, days in _WEEKDAYS.items()
}


@dataclass(frozen=True)
class EventDate:
    """The days an event may have happened on, how precisely, and the phrase that says so."""

    start: date
    end: date
    precision: int
    phrase: str
    rule: str


def find_date(
    sentence: Sentence, published: date, previous: EventDate | None = None
) -> EventDate | None:
    """The date a sentence gives its event, or None when it gives none.

    ``previous`` is the date of the event the sentence follows ("the day before" counts
    back from it; without one, from the publication day)."""
    lang = sentence.language
    text = sentence.lower
    found = _COMPILED["day_month"][lang].search(text)
    if found:
        day = _parse_day(found.group(0), lang, published)
        if day is not None:
            return EventDate(day, day, 1, found.group(0), "a day and a month")
    found = _COMPILED["part"][lang].search(text)
    if found:
        return _month_part(found, lang, published)
    found = _COMPILED["day_before"][lang].search(text)
    if found:
        anchor = previous.start if previous is not None and previous.precision == 1 else published
        day = anchor - timedelta(days=1)
        return EventDate(day, day, 1, found.group(0), "the day before the event it follows")
    found = _COMPILED["today"][lang].search(text)
    if found:
        day = _parse_day(found.group(0), lang, published) or published
        return EventDate(day, day, 1, found.group(0), "the publication day")
    found = _COMPILED["yesterday"][lang].search(text)
    if found:
        day = _parse_day(found.group(0), lang, published) or published - timedelta(days=1)
        return EventDate(day, day, 1, found.group(0), "the day before publication")
    found = _WEEKDAY_PATTERNS[lang].search(text)
    if found:
        weekday = _WEEKDAYS[lang].index(found.group(1).lower().replace("’", "'"))
        day = published - timedelta(days=(published.weekday() - weekday) % 7)
        return EventDate(day, day, 1, found.group(0), "the last such weekday on or before "
                         "publication")  # fmt: skip
    found = _COMPILED["night"][lang].search(text)
    if found:
        start = published - timedelta(days=1)
        return EventDate(start, published, 2, found.group(0), "the night before publication")
    found = _COMPILED["month"][lang].search(text)
    if found:
        month = _month_number(found.group(1), lang)
        year = _year(found.group(2), month, 1, published)
        last = calendar.monthrange(year, month)[1]
        return EventDate(date(year, month, 1), date(year, month, last), 3, found.group(0),
                         "a month")  # fmt: skip
    found = _COMPILED["recently"][lang].search(text)
    if found:
        phrase = found.group(0)
        if re.search(r"days|днях|дни|днями|тиж|недел", phrase):
            return EventDate(published - timedelta(days=6), published, 2, phrase,
                             "recent days: the week up to publication")  # fmt: skip
        return EventDate(published - timedelta(days=30), published, 3, phrase,
                         "recently: the 30 days up to publication")  # fmt: skip
    return None


def undated(published: date) -> EventDate:
    """The date of an event whose report gives none: the week up to publication."""
    return EventDate(published - timedelta(days=6), published, 2, "",
                     "no date given: the week up to publication")  # fmt: skip


def _parse_day(phrase: str, lang: str, published: date) -> date | None:
    base = datetime(published.year, published.month, published.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(phrase, languages=[lang], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if day > published and not re.search(r"\d{4}", phrase):
        day = day.replace(year=day.year - 1)  # a day and month after publication: last year
    return day


def _month_number(word: str, lang: str) -> int:
    word = word.lower()
    stems = _MONTHS[lang]
    if lang == "ru" and word.startswith("ма") and not word.startswith("март"):
        return 5
    for number, stem in enumerate(stems, start=1):
        if lang == "ru" and stem == "ма":
            continue
        if word.startswith(stem):
            return number
    raise ValueError(word)


def _year(written: str | None, month: int, day: int, published: date) -> int:
    if written:
        return int(written)
    year = published.year
    return year if date(year, month, day) <= published else year - 1


def _month_part(found: re.Match, lang: str, published: date) -> EventDate:
    part, month_word, year_text = found.group(1).lower(), found.group(2), found.group(3)
    month = _month_number(month_word, lang)
    year = _year(year_text, month, 1, published)
    last = calendar.monthrange(year, month)[1]
    if re.search(r"early|beginning|start|начал|почат|перв", part):
        days = (1, 10)
    elif re.search(r"mid|middle|середин", part):
        days = (11, 20)
    elif re.search(r"втор|другій", part):
        days = (16, last)
    else:
        days = (21, last)
    if re.search(r"перв|першій", part):
        days = (1, 15)
    start, end = date(year, month, days[0]), date(year, month, days[1])
    return EventDate(start, end, 3, found.group(0), "a part of a month (early 1–10, "
                     "mid 11–20, late 21–end)")  # fmt: skip
