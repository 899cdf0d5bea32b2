"""What the ``sitmap`` commands share in taking their input: a day argument and a file's
bytes, each with the same message when it cannot be had."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def iso_day(text: str) -> date:
    """An argparse type: a YYYY-MM-DD day, or argparse's usage error naming the text."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def read_input(path: Path) -> bytes | None:
    """The file's bytes, or None after saying on stderr why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
        return None
