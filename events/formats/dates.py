"""Date cells of ACLED and UCDP files as they come back from Excel, R and locales.

Forms read, each cell on its own (one column may mix them):

* ISO days, ``2025-02-07``, with or without a time (UCDP's ``2025-02-07 00:00:00.000``);
* a day, an English month name (full or three letters, any case) and a year:
  ``07 February 2025``, ``9-May-20``, ``09-May-2020``;
* dotted numbers, ``07.02.2025``: always day first, as Excel writes in Russian and
  Ukrainian locales;
* slashed (or dashed) numbers with an optional time, as Excel writes back in English
  locales: ``14/08/2020 00:00:00``, ``3/1/2022 12:00:00 AM``, ``01/03/2022 00:00``.

Slashed numbers do not say whether the day or the month comes first, and one column can
hold both (an Excel-damaged UCDP file has US ``3/1/2022 12:00:00 AM`` next to day-first
``01/03/2022 00:00``).  So the order is decided once per *written pattern* (separator,
year digits, time, AM/PM), in this order: ``--date-order`` when the analyst gives one;
else a first field above 12 somewhere in the pattern (day first) or a second one
(month first), the majority if both occur; else AM/PM (month first, the US locale);
else ``date_end`` ≥ ``date_start`` across the rows (UCDP); else day first, and a note
says it was assumed.  A time of day is checked and dropped.  Two-digit years follow
Excel's window: 00–29 are 2000–2029, 30–99 are 1930–1999.  A cell that is no date,
or an impossible one (31/02/2025), is an error on its own line: never a guess.

Reading caches per distinct cell text: a file repeats its dates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
ORDERS = (DAY_FIRST, MONTH_FIRST)
"""The values of ``--date-order``."""

UNREADABLE = (
    "not a date (read: 2025-02-07, 07 February 2025, 9-May-20, 07.02.2025, "
    "14/08/2020 00:00:00, 3/1/2022 12:00:00 AM)"
)
MISSING = "required value is missing"
IMPOSSIBLE_TIME = "impossible time of day"

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
"""English month names (lower case) → number; three-letter abbreviations are added below."""
MONTHS |= {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}

_TIME = r"(?:[ T](\d{1,2}):(\d\d)(?::(\d\d)(\.\d{1,6})?)?(?: ?([AaPp][Mm]))?)?"
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)" + _TIME, re.ASCII)
_NAMED = re.compile(r"(\d{1,2})([ -])([A-Za-z]{3,9})\2(\d{4}|\d\d)", re.ASCII)
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d\d)" + _TIME, re.ASCII)


@dataclass(frozen=True, order=True)
class Pattern:
    """A written date pattern: what decides the day/month order and names it in notes."""

    kind: str
    """"iso", "named", "dotted" (day first) or "slashed" (order to decide)."""
    separator: str
    year_digits: int
    time: str = ""
    """The time part as written: "", "hh:mm", "hh:mm:ss", "hh:mm:ss.fff", with " AM"."""

    @property
    def am_pm(self) -> bool:
        """Whether the pattern writes a 12-hour clock (US Excel: month first)."""
        return self.time.endswith("AM")


@dataclass(frozen=True)
class _Cell:
    """One distinct cell text, taken apart: its pattern and the fields it holds."""

    pattern: Pattern
    first: int
    second: int
    year: int
    widths: tuple[int, int]
    time_ok: bool


class DateReading:
    """The date cells of one file, read: the day of each cell text, and notes to show.

    Build it with :func:`read_dates`; :meth:`day` gives a cell's day or raises
    ValueError with the reason (unreadable, impossible, missing).
    """

    def __init__(self, orders: dict[Pattern, str], notes: list[str]) -> None:
        self.orders = orders
        """The day/month order used for each slashed pattern found."""
        self.notes = notes
        """What the preview should say: the patterns read, an order assumed."""
        self._days: dict[str, date | str] = {}

    def day(self, text: str) -> date:
        """The day a cell stands for, or ValueError naming why it is none."""
        found = self._days.get(text)
        if found is None:
            found = self._days[text] = _day_or_reason(text, self.orders)
        if isinstance(found, str):
            raise ValueError(found)
        return found


def read_dates(
    columns: Mapping[str, Sequence[str]],
    *,
    order: str | None = None,
    span: tuple[str, str] | None = None,
) -> DateReading:
    """Read a file's date columns together, deciding the order of each slashed pattern.

    ``columns`` maps column names to their cells, in file order; ``order`` is the
    analyst's ``dmy``/``mdy`` override; ``span`` names a (start, end) pair of those
    columns whose rows must not end before they start, which can settle an order.
    """
    if order is not None and order not in ORDERS:
        raise ValueError(f"date order must be one of {', '.join(ORDERS)}, not {order!r}")
    distinct = {name: dict.fromkeys(cells) for name, cells in columns.items()}
    cells: dict[str, _Cell | None] = {}
    for texts in distinct.values():
        for text in texts:
            if text not in cells:
                cells[text] = _take_apart(text)
    slashed = {cell.pattern for cell in cells.values() if cell and cell.pattern.kind == "slashed"}
    if order is not None:
        orders = dict.fromkeys(slashed, order)
        reasons = dict.fromkeys(slashed, f"--date-order {order}")
    else:
        orders, reasons = _by_fields(cells, slashed)
        unsettled = slashed - set(orders)
        if unsettled and span is not None:
            votes = _span_votes(columns[span[0]], columns[span[1]], cells, orders, unsettled)
            for pattern, counts in votes.items():
                orders[pattern] = _majority(counts)
                reasons[pattern] = f"so that {span[1]} ≥ {span[0]}"
    assumed = sorted(slashed - set(orders))
    orders |= dict.fromkeys(assumed, DAY_FIRST)
    return DateReading(orders, _notes(distinct, cells, orders, reasons, assumed))


def iso_day(text: str) -> date:
    """An ISO day, with or without a time (``2025-02-07 00:00:00.000``); else ValueError."""
    cell = _take_apart(text)
    if cell is None or cell.pattern.kind != "iso":
        raise ValueError(UNREADABLE)
    return _day(cell, DAY_FIRST)


def two_digit_year(year: int) -> int:
    """Excel's window: 00–29 → 2000–2029, 30–99 → 1930–1999."""
    return year + (2000 if year < 30 else 1900)


def _take_apart(text: str) -> _Cell | None:
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = match.group(1, 2, 3)
        pattern = Pattern("iso", "-", 4, _time_shape(match, 4))
        return _Cell(pattern, int(day), int(month), int(year), (2, 2), _time_ok(match, 4))
    if match := _NAMED.fullmatch(text):
        day, separator, month, year = match.groups()
        number = MONTHS.get(month.lower())
        if number is None:
            return None
        kind = "Mon" if len(month) == 3 else "Month"
        pattern = Pattern("named", separator + kind, len(year))
        full_year = int(year) if len(year) == 4 else two_digit_year(int(year))
        return _Cell(pattern, int(day), number, full_year, (len(day), len(month)), True)
    if match := _NUMERIC.fullmatch(text):
        first, separator, second, year = match.group(1, 2, 3, 4)
        kind = "dotted" if separator == "." else "slashed"
        pattern = Pattern(kind, separator, len(year), _time_shape(match, 5))
        full_year = int(year) if len(year) == 4 else two_digit_year(int(year))
        widths = (len(first), len(second))
        return _Cell(pattern, int(first), int(second), full_year, widths, _time_ok(match, 5))
    return None


def _time_shape(match: re.Match[str], at: int) -> str:
    hour, _, seconds, fraction, half = match.group(at, at + 1, at + 2, at + 3, at + 4)
    if hour is None:
        return ""
    shape = "hh:mm" + (":ss" if seconds else "") + (".fff" if fraction else "")
    return shape.replace("hh", "h") + " AM" if half else shape


def _time_ok(match: re.Match[str], at: int) -> bool:
    hour, minute, seconds, _, half = match.group(at, at + 1, at + 2, at + 3, at + 4)
    if hour is None:
        return True
    hours = range(1, 13) if half else range(24)
    return int(hour) in hours and int(minute) < 60 and int(seconds or 0) < 60


def _day(cell: _Cell, order: str) -> date:
    """The cell's day; ValueError if impossible."""
    if not cell.time_ok:
        raise ValueError(IMPOSSIBLE_TIME)
    day, month = (cell.second, cell.first) if order == MONTH_FIRST else (cell.first, cell.second)
    return date(cell.year, month, day)


def _day_or_reason(text: str, orders: Mapping[Pattern, str]) -> date | str:
    if not text.strip():
        return MISSING
    cell = _take_apart(text)
    if cell is None:
        return UNREADABLE
    order = orders.get(cell.pattern, DAY_FIRST)
    if not cell.time_ok:
        return IMPOSSIBLE_TIME
    try:
        return _day(cell, order)
    except ValueError:
        return f"impossible date (read as {_display(cell.pattern, order, cell.widths)})"


def _by_fields(
    cells: Mapping[str, _Cell | None], slashed: set[Pattern]
) -> tuple[dict[Pattern, str], dict[Pattern, str]]:
    """Orders settled inside each pattern: a field above 12, else AM/PM."""
    votes: dict[Pattern, Counter[str]] = {pattern: Counter() for pattern in slashed}
    for cell in cells.values():
        if cell is None or cell.pattern not in votes:
            continue
        if cell.first > 12 >= cell.second:
            votes[cell.pattern][DAY_FIRST] += 1
        elif cell.second > 12 >= cell.first:
            votes[cell.pattern][MONTH_FIRST] += 1
    orders: dict[Pattern, str] = {}
    reasons: dict[Pattern, str] = {}
    for pattern, counts in votes.items():
        if counts:
            orders[pattern] = _majority(counts)
            field = "first" if orders[pattern] == DAY_FIRST else "second"
            reasons[pattern] = f"some {field} fields are above 12"
        elif pattern.am_pm:
            orders[pattern], reasons[pattern] = MONTH_FIRST, "AM/PM: the US order"
    return orders, reasons


def _span_votes(
    starts: Sequence[str],
    ends: Sequence[str],
    cells: Mapping[str, _Cell | None],
    settled: Mapping[Pattern, str],
    unsettled: set[Pattern],
) -> dict[Pattern, Counter[str]]:
    """For each unsettled pattern, the orders under which rows end on or after they start."""
    votes: dict[Pattern, Counter[str]] = {}
    for pair in dict.fromkeys(zip(starts, ends, strict=True)):
        start, end = cells.get(pair[0]), cells.get(pair[1])
        if start is None or end is None:
            continue
        open_patterns = {start.pattern, end.pattern} & unsettled
        if len(open_patterns) != 1:
            continue
        (pattern,) = open_patterns
        fits = [
            order
            for order in ORDERS
            if _ends_after(start, end, {**settled, pattern: order})
        ]  # fmt: skip
        if len(fits) == 1:
            votes.setdefault(pattern, Counter())[fits[0]] += 1
    return votes


def _ends_after(start: _Cell, end: _Cell, orders: Mapping[Pattern, str]) -> bool:
    try:
        first = _day(start, orders.get(start.pattern, DAY_FIRST))
        last = _day(end, orders.get(end.pattern, DAY_FIRST))
    except ValueError:
        return False
    return last >= first


def _majority(counts: Counter[str]) -> str:
    return MONTH_FIRST if counts[MONTH_FIRST] > counts[DAY_FIRST] else DAY_FIRST


def _notes(
    distinct: Mapping[str, Mapping[str, None]],
    cells: Mapping[str, _Cell | None],
    orders: Mapping[Pattern, str],
    reasons: Mapping[Pattern, str],
    assumed: list[Pattern],
) -> list[str]:
    """Name the patterns read (when any is not ISO) and any order that was assumed."""
    examples: dict[Pattern, str] = {}
    for texts in distinct.values():
        for text in texts:
            cell = cells[text]
            if cell is not None and cell.pattern not in examples:
                examples[cell.pattern] = text
    if all(pattern.kind == "iso" for pattern in examples):
        return []
    names = " and ".join(distinct)
    read = []
    for pattern, example in examples.items():
        shown = _display(pattern, orders.get(pattern, DAY_FIRST), cells[example].widths)
        why = f"; {reasons[pattern]}" if pattern in reasons else ""
        read.append(f"{shown} ({example.strip()}{why})")
    notes = [f"{names} read as " + ", ".join(read)]
    for pattern in assumed:
        shown = _display(pattern, DAY_FIRST, cells[examples[pattern]].widths)
        notes.append(
            f"{names}: nothing in the file shows whether {shown} writes the day or the "
            "month first; read day first. If the month comes first, import with "
            "--date-order mdy"
        )
    return notes


def _display(pattern: Pattern, order: str, widths: tuple[int, int]) -> str:
    """How a pattern reads: ``d-Mon-yy``, ``dd/mm/yyyy hh:mm:ss``, ``m/d/yyyy h:mm:ss AM``."""
    year = "y" * pattern.year_digits
    if pattern.kind == "iso":
        text = "yyyy-mm-dd"
    elif pattern.kind == "named":
        separator, month = pattern.separator[0], pattern.separator[1:]
        text = "d" * widths[0] + separator + month + separator + year
    else:
        fields = ("d", "m") if order == DAY_FIRST or pattern.kind == "dotted" else ("m", "d")
        first, second = (name * width for name, width in zip(fields, widths, strict=True))
        text = first + pattern.separator + second + pattern.separator + year
    return f"{text} {pattern.time}" if pattern.time else text
