"""A report's text from an uploaded file: plain text decoded, an HTML page's article
extracted by trafilatura (boilerplate, menus and comments left out)."""

from __future__ import annotations

from charset_normalizer import from_bytes
from trafilatura import extract

HTML_SUFFIXES = (".html", ".htm")


def report_text(data: bytes, file_name: str) -> str:
    """The report's text: the article of an ``.html`` page, or the decoded ``.txt`` file."""
    text = _decoded(data)
    if file_name.lower().endswith(HTML_SUFFIXES) or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        return extract(text, include_comments=False, include_tables=False) or ""
    return text


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")
