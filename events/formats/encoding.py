"""From file bytes to text: strict decoding, with the Windows code pages detected and named.

The order of trust:

1. A byte-order mark says UTF-8 or UTF-16 (LE or BE); the rest must decode strictly.
2. Without a BOM the file must be strict UTF-8 ...
3. ... unless it is not UTF-8 at all and reads as text in one of the single-byte code
   pages Excel and older tools write: **cp1251** (Windows Cyrillic, what Excel in
   Russian and Ukrainian locales saves as "CSV"), **KOI8-R** (older Unix mail and web
   text) or **cp1252** (Windows Western, what Excel saves on English, French or German
   Windows, curly apostrophes in notes included).  Each decodes almost any byte string,
   so charset-normalizer, limited to these three, ranks the readings, and the best one
   that reads as its kind of text wins: Cyrillic words for the first two (not
   Cyrillic letters inside Latin words, as ``Zürich`` in cp1251 gives), and for
   cp1252 accents inside Latin words and typographic punctuation (not words of
   accented letters alone, as Cyrillic or Greek bytes give).  The file is then decoded
   *with a note* naming the encoding, so the preview shows it and the analyst confirms
   by committing; it is never taken silently, and never as latin-1.
4. A UTF-8 file with some lines in another encoding (mixed) is rejected, naming the
   first line that is not UTF-8: guessing line by line would corrupt text silently.

Anything else is rejected with the line of the first undecodable byte.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from events.problems import Problem, RejectedInput

_MAGIC = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook?), not a CSV file",
    b"PK\x05\x06": "an empty zip archive, not a CSV file",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook, not a CSV file",
    b"\x1f\x8b": "a gzip archive; unpack it first",
    b"%PDF": "a PDF document, not a CSV file",
    b"{\\rtf": "an RTF document, not a CSV file",
}

CYRILLIC_CODE_PAGES = {"cp1251": "cp1251 (Windows Cyrillic)", "koi8_r": "KOI8-R"}
WESTERN_CODE_PAGES = {"cp1252": "cp1252 (Windows Western)"}
CODE_PAGES = CYRILLIC_CODE_PAGES | WESTERN_CODE_PAGES
"""The single-byte encodings recognised, with the names shown to the analyst."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding's display name, and a note if it had to be detected."""

    text: str
    encoding: str
    note: str = ""


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes strictly (see the module docstring), or raise RejectedInput."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise RejectedInput([Problem(0, "", magic.hex(" "), f"this file is {what}")])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "UTF-16 LE" if data.startswith(codecs.BOM_UTF16_LE) else "UTF-16 BE"
        try:
            return _checked(Decoded(data.decode("utf-16"), name))
        except UnicodeDecodeError as exc:
            raise RejectedInput([_bad_bytes(data, exc, name)]) from exc
    if _looks_like_utf16_without_bom(data):
        raise RejectedInput(
            [
                Problem(
                    1,
                    "",
                    data[:8].hex(" "),
                    "looks like UTF-16 without a byte-order mark; save the file as UTF-8",
                )
            ]
        )
    encoding = "UTF-8 with BOM" if data.startswith(codecs.BOM_UTF8) else "UTF-8"
    try:
        return _checked(Decoded(data.decode("utf-8-sig"), encoding))
    except UnicodeDecodeError as exc:
        mixed = _first_utf8_line(data)
        if mixed is not None:
            problem = _bad_bytes(data, exc, "UTF-8")
            raise RejectedInput(
                [
                    Problem(
                        problem.line,
                        "",
                        problem.value,
                        f"not valid UTF-8, though line {mixed} is: mixed encodings; "
                        "save the whole file as UTF-8",
                    )
                ]
            ) from exc
        detected = detect_code_page(data)
        if detected is None:
            raise RejectedInput([_bad_bytes(data, exc, "UTF-8")]) from exc
        return _checked(detected)


def detect_code_page(data: bytes) -> Decoded | None:
    """Decode single-byte text (cp1251, KOI8-R, cp1252) as charset-normalizer ranks it.

    The ranking only orders the readings; whether the bytes are text of that kind at all
    stays this module's rule (:func:`_reads_as_cyrillic`, :func:`_reads_as_western`), so
    the threshold is opened wide: a short or punctuation-heavy file is judged by its
    letters, not rejected for want of text to measure.  charset-normalizer lists once
    the code pages that read the bytes alike (cp1251 and cp1252 agree on ``’``), so the
    ones it leaves out are tried after it.  Both judge the lines that hold non-ASCII
    bytes (up to :data:`SAMPLE_BYTES`); only the reading chosen decodes the whole file.
    None if no reading is text.
    """
    sample = _non_ascii_lines(data)
    ranked = from_bytes(
        sample,
        cp_isolation=list(CODE_PAGES),
        threshold=1.0,
        preemptive_behaviour=False,  # a cell saying "charset=..." must not decide
    )
    order = [match.encoding for match in ranked if match.encoding in CODE_PAGES]
    for encoding in dict.fromkeys([*order, *CODE_PAGES]):
        try:
            sample_text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding in CYRILLIC_CODE_PAGES and _reads_as_cyrillic(sample_text):
            kind = "its letters read as Russian or Ukrainian"
        elif encoding in WESTERN_CODE_PAGES and _reads_as_western(
            sample_text, _high_bytes(data).decode(encoding)
        ):
            kind = "its accents and curly quotes read as Western European text"
        else:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue  # a byte this code page lacks, beyond the sample
        name = CODE_PAGES[encoding]
        note = (
            f"decoded as {name}: the file is not UTF-8, and {kind} in this encoding; "
            "check names in the preview before committing"
        )
        return Decoded(text, name, note)
    return None


SAMPLE_BYTES = 200_000
"""How much of a file's non-ASCII lines the code pages are judged on: thousands of lines,
plenty to tell them apart, and a 40 MB file is judged in a fraction of a second."""


def _non_ascii_lines(data: bytes) -> bytes:
    """The lines of ``data`` that hold non-ASCII bytes, up to :data:`SAMPLE_BYTES`."""
    picked: list[bytes] = []
    size = 0
    for line in data.splitlines():
        if not line.isascii():
            picked.append(line)
            size += len(line) + 1
            if size >= SAMPLE_BYTES:
                break
    return b"\n".join(picked)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
"""Runs of non-ASCII characters: the checks below look only at these and their edges."""
_ASCII_BYTES = bytes(range(128))


def _reads_as_cyrillic(text: str) -> bool:
    """Non-ASCII letters are Cyrillic and form Cyrillic words, not accents in Latin ones."""
    non_ascii = cyrillic = inside_latin = 0
    for run in _NON_ASCII.finditer(text):
        chars = run.group()
        non_ascii += len(chars)
        cyrillic += sum(_is_cyrillic(char) for char in chars)
        before = _ascii_letter(text[run.start() - 1]) if run.start() else False
        after = _ascii_letter(text[run.end()]) if run.end() < len(text) else False
        first, last = _is_cyrillic(chars[0]), _is_cyrillic(chars[-1])
        if len(chars) == 1:
            inside_latin += first and (before or after)
        else:
            inside_latin += (first and before) + (last and after)
    return bool(cyrillic) and cyrillic >= 0.8 * non_ascii and inside_latin <= 0.1 * cyrillic


_WESTERN_SIGNS = frozenset("€£°©®™×")


def _reads_as_western(text: str, characters: str) -> bool:
    """Non-ASCII letters are accents inside Latin words; other non-ASCII is punctuation.

    ``characters`` are the distinct non-ASCII characters of ``text``.  Words of accented
    letters alone (``Êóðñê``, Cyrillic bytes read as cp1252) are not Western text, nor
    are stray symbols (``¤``, ``¦``) where punctuation should be.
    """
    if not characters or not all(map(_western_character, characters)):
        return False
    accented = latin = 0
    for run in _NON_ASCII.finditer(text):
        chars = run.group()
        accented += sum(char.isalpha() for char in chars)
        if chars[0].isalpha():
            latin += _ascii_letters(text, run.start() - 1, -1)
        if chars[-1].isalpha():
            latin += _ascii_letters(text, run.end(), 1)
    return accented <= latin


def _western_character(char: str) -> bool:
    """A Latin letter, punctuation, a space, or a sign Western text uses (€, °)."""
    if char.isalpha():
        return "\u00c0" <= char <= "\u024f"
    return unicodedata.category(char)[0] in "PZ" or char in _WESTERN_SIGNS


def _high_bytes(data: bytes) -> bytes:
    """The distinct bytes above 127 in ``data``."""
    return bytes(sorted(set(data.translate(None, _ASCII_BYTES))))


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _ascii_letters(text: str, at: int, step: int) -> int:
    """How many ASCII letters run from ``at`` in the direction of ``step``."""
    count = 0
    while 0 <= at < len(text) and _ascii_letter(text[at]):
        count, at = count + 1, at + step
    return count


def _first_utf8_line(data: bytes) -> int | None:
    """The first line holding non-ASCII text that is valid UTF-8, if any."""
    for number, line in enumerate(data.splitlines(), start=1):
        if line.isascii():
            continue
        # valid UTF-8 unless decoding replaced something (no exception per line of a
        # 100,000-line file); a line that writes U+FFFD itself is told by the count
        decoded = line.decode("utf-8", "replace")
        if "\ufffd" not in decoded:
            return number
        if b"\xef\xbf\xbd" in line and decoded.count("\ufffd") == line.count(b"\xef\xbf\xbd"):
            return number
    return None


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    sample = data[:2000]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > 0.4 * len(sample) / 2
        or sample[0::2].count(0) > 0.4 * len(sample) / 2
    )


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RejectedInput([Problem(line, "", "\\x00", "NUL byte in the file (binary data?)")])
    return decoded


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, encoding: str) -> Problem:
    line = data.count(b"\n", 0, exc.start) + 1
    sample = data[exc.start : exc.start + 8].hex(" ")
    return Problem(line, "", sample, f"not valid {encoding}; save the file as UTF-8")
