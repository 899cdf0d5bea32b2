"""The README stays a user's page: short, and every local link and picture in it exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_readme_is_at_most_20_kb():
    assert README.stat().st_size <= 20_000


def test_every_local_link_in_the_docs_exists():
    for page in [README, *sorted((ROOT / "docs").glob("*.md"))]:
        targets = [t for t in LINK.findall(page.read_text()) if "://" not in t]
        missing = [t for t in targets if not (page.parent / t).exists()]
        assert missing == [], page.name
