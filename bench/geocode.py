"""Time the offline gazetteer on 10,000 names: exact, variant, Cyrillic and typo spellings.

    .venv/bin/python bench/geocode.py [N]

Prints the build time and names/s.  Not a test: the figure depends on the machine.
"""

from __future__ import annotations

import random
import sys
import time

from geo.gazetteer import load_gazetteer
from geo.names import fold
from geo.places import shipped_places


def _typo(name: str, rng: random.Random) -> str:
    """One edit away: swap two neighbouring letters after the first, or drop one."""
    if len(name) < 6:
        return name
    i = rng.randrange(1, len(name) - 2)
    if rng.random() < 0.5:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


def _variant(name: str) -> str:
    """A common respelling: BGN apostrophes off, -oye → -oe, y-glides dropped, lower-case."""
    return fold(name).replace("oye", "oe").replace("ye", "e").replace("yo", "e")


def sample_names(n: int, seed: int = 3) -> list[str]:
    """A reproducible mix: 40 % exact Latin, 20 % variant, 25 % Cyrillic, 15 % typo."""
    rng = random.Random(seed)
    places = shipped_places()
    cyrillic = [
        next((s for s in names.split("|") if any("а" <= c <= "я" for c in s.lower())), latin)
        for latin, names in zip(places["name"], places["names"], strict=True)
    ]
    names = []
    for _ in range(n):
        i = rng.randrange(len(places))
        draw = rng.random()
        latin = places["name"].iat[i]
        if draw < 0.40:
            names.append(latin)
        elif draw < 0.60:
            names.append(_variant(latin))
        elif draw < 0.85:
            names.append(cyrillic[i])
        else:
            names.append(_typo(latin, rng))
    return names


def main(n: int = 10_000) -> None:
    start = time.perf_counter()
    gazetteer = load_gazetteer()
    built = time.perf_counter() - start
    names = sample_names(n)
    start = time.perf_counter()
    results = [gazetteer.resolve(name) for name in names]
    elapsed = time.perf_counter() - start
    chosen = sum(r.location is not None for r in results)
    ambiguous = sum(r.ambiguous for r in results)
    print(f"gazetteer built in {built:.2f} s")
    print(
        f"{n} names in {elapsed:.3f} s: {n / elapsed:,.0f} names/s "
        f"({chosen} chosen, {ambiguous} homonyms left to a hint, "
        f"{n - chosen - ambiguous} not found)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
