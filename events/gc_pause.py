"""Pause Python's cyclic garbage collector while a file is planned or committed.

Reading a file makes hundreds of thousands of short-lived containers (a dict per
row, a tuple per row to insert).  Each allocation counts towards a collection, and
the rows that survive push the collector into full passes over every object the
server holds: about a quarter of planning time (docs/performance.md).  Reference counting
still frees the rows as usual; only reference cycles wait for the next collection.

Imports may overlap in one server process (one thread per browser session), so the
pauses are counted: collection resumes when the last overlapping pause ends, and
only if it was on when the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block (usable as a decorator)."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
