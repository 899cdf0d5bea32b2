"""Write tests/article_fingerprint.txt: hashes of the article's 7-word runs, never its text.

The coded events must not copy the article they come from, but the article itself is
not ours to commit.  So the repository keeps only a fingerprint: the truncated SHA-256
of every normalised run of seven words.  The tests import :func:`run_hashes` from here,
so the article and the events are normalised by one rule.

Run it by hand when the article changes (the tests never run it)::

    .venv/bin/python tests/make_article_fingerprint.py path/to/article.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 7
"""Words per run: long enough that a shared run means copied text, not a common phrase."""

FINGERPRINT = Path(__file__).with_name("article_fingerprint.txt")


def words(text: str) -> list[str]:
    """The text lowercased, split into words: punctuation and spacing are ignored."""
    return re.findall(r"\w+", text.lower())


def run_hashes(text: str) -> dict[str, str]:
    """Each 7-word run of ``text`` by its hash (16 hex digits of SHA-256)."""
    found = words(text)
    runs = (" ".join(found[i : i + RUN]) for i in range(len(found) - RUN + 1))
    return {hashlib.sha256(run.encode()).hexdigest()[:16]: run for run in runs}


def read_fingerprint(path: Path = FINGERPRINT) -> set[str]:
    """The hashes kept in the repository (comment lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def main(argv: list[str]) -> int:
    """Hash the article named on the command line into :data:`FINGERPRINT`."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    hashes = sorted(run_hashes(Path(argv[0]).read_text(encoding="utf-8")))
    header = (
        "# SHA-256 (first 16 hex digits) of every 7-word run of the source article,\n"
        "# lowercased, punctuation stripped; written by tests/make_article_fingerprint.py\n"
    )
    FINGERPRINT.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{len(hashes)} runs hashed into {FINGERPRINT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
