"""From file bytes to text: strict decoding, with Cyrillic code pages detected and named.

The order of trust:

1. A byte-order mark says UTF-8 or UTF-16 (LE or BE); the rest must decode strictly.
2. Without a BOM the file must be strict UTF-8 ...
3. ... unless it is not UTF-8 at all and reads as Russian or Ukrainian text in one of
   the two single-byte Cyrillic code pages in use: **cp1251** (Windows, what Excel
   in Russian and Ukrainian locales writes when it saves "CSV") or **KOI8-R** (older
   Unix mail and web text).  Both decode any byte string without error, so
   charset-normalizer, limited to these two, ranks the readings; the best one whose
   non-ASCII letters are Cyrillic words wins.  Bytes whose high characters read as
   accents inside Latin words (``Zürich`` in latin-1) are not Cyrillic text, and are
   rejected as not UTF-8.  The file is then decoded *with a note* naming the
   encoding, so the preview shows it and the analyst confirms by committing; it is
   never taken silently, and never as latin-1.
4. A UTF-8 file with some lines in another encoding (mixed) is rejected, naming the
   first line that is not UTF-8: guessing line by line would corrupt text silently.

Anything else is rejected with the line of the first undecodable byte.
"""

from __future__ import annotations

import codecs
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
        detected = detect_cyrillic(data)
        if detected is None:
            raise RejectedInput([_bad_bytes(data, exc, "UTF-8")]) from exc
        return _checked(detected)


def detect_cyrillic(data: bytes) -> Decoded | None:
    """Decode single-byte Cyrillic (cp1251 or KOI8-R) as charset-normalizer ranks it.

    The ranking only orders the two readings; whether the bytes are Cyrillic text at all
    stays this module's rule (:func:`_reads_as_cyrillic`), so the threshold is opened
    wide: a short or punctuation-heavy file is judged by its letters, not rejected for
    want of text to measure.  None if neither reading is Cyrillic text.
    """
    ranked = from_bytes(
        data,
        cp_isolation=list(CYRILLIC_CODE_PAGES),
        threshold=1.0,
        preemptive_behaviour=False,  # a cell saying "charset=..." must not decide
    )
    for match in ranked:
        if match.encoding not in CYRILLIC_CODE_PAGES:
            continue
        try:
            text = data.decode(match.encoding)
        except UnicodeDecodeError:
            continue
        if _reads_as_cyrillic(text):
            name = CYRILLIC_CODE_PAGES[match.encoding]
            note = (
                f"decoded as {name}: the file is not UTF-8, and its letters read as Russian "
                "or Ukrainian in this encoding; check names in the preview before committing"
            )
            return Decoded(text, name, note)
    return None


def _reads_as_cyrillic(text: str) -> bool:
    """Non-ASCII letters are Cyrillic and form Cyrillic words, not accents in Latin ones."""
    non_ascii = cyrillic = inside_latin = 0
    for i, char in enumerate(text):
        if char.isascii():
            continue
        non_ascii += 1
        if "\u0400" <= char <= "\u04ff":
            cyrillic += 1
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
                inside_latin += 1
    return bool(cyrillic) and cyrillic >= 0.8 * non_ascii and inside_latin <= 0.1 * cyrillic


def _first_utf8_line(data: bytes) -> int | None:
    """The first line holding non-ASCII text that is valid UTF-8, if any."""
    for number, line in enumerate(data.splitlines(), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
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
