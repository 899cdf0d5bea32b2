"""Actor names: one canonical name per actor, whatever alias a source or coder used.

The alias list lives in ``data/actor_aliases.csv`` (alias, actor), so "KPA", "DPRK
troops" and "North Korean forces" filter as one actor, and so do the spellings of a
unit such as the 47th Separate Mechanized Brigade.  Matching ignores case, quotes
and punctuation; a name with no alias stays as it is.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "actor_aliases.csv"
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-zа-яё]+", " ", name.casefold()).strip()


@cache
def _aliases() -> dict[str, str]:
    with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
        return {_key(row["alias"]): row["actor"] for row in csv.DictReader(handle)}


def canonical_actor(name: str) -> str:
    """The canonical name of an actor (the name itself when it has no alias)."""
    return _aliases().get(_key(name), name.strip())


def split_actors(cell: object) -> list[str]:
    """The names in an actor cell (associated actors are ';'-separated)."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def canonical_actors(frame: pd.DataFrame) -> pd.Series:
    """For each event, the set of canonical actor names on either side."""
    names = frame[list(ACTOR_COLUMNS)].astype(object).to_numpy()
    return pd.Series(
        [frozenset(canonical_actor(n) for c in row for n in split_actors(c)) for row in names],
        index=frame.index,
        dtype=object,
    )


def actor_choices(frame: pd.DataFrame) -> list[str]:
    """Every canonical actor in the frame, sorted, for a filter widget."""
    names = {
        n
        for column in ACTOR_COLUMNS
        for c in frame[column].dropna().unique()
        for n in split_actors(c)
    }
    return sorted({canonical_actor(name) for name in names})
