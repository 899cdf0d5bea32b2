"""Seed an empty store with the bundled events (the article's events, coded by us)."""

from __future__ import annotations

import os
from pathlib import Path

from events.store import Store
from sitmap.importer import import_file

DATA_DIR = Path(os.environ.get("SITMAP_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))
SEED_DIR = DATA_DIR / "events"


def seed_files() -> list[Path]:
    """The bundled event files, in name order."""
    return sorted(SEED_DIR.glob("*.csv"))


def seed_store(store: Store) -> int:
    """Import every bundled file into an empty store; returns how many events were added."""
    if store.count():
        return 0
    added = 0
    for path in seed_files():
        batch = import_file(path, store, committed_by="sitmap seed")
        added += batch.row_count if batch else 0
    return added
