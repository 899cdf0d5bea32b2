"""Time ``sitmap code`` on 100 short reports: English, Russian and Ukrainian, made here.

    .venv/bin/python -m bench.coding [N]

Each report is two to four sentences built from templates (a strike or a clash, a date,
deaths, a district, commentary) around villages drawn from the gazetteer.  Prints the
place index's build (every inflected form of the gazetteer's names: on a first run, then
read from the cache), the coding of the N reports, and the first run's sum against the
target: N = 100 in 10 s or less.
Not a test: the figure depends on the machine.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from geo.places import shipped_places
from sitmap.coding.drafts import code_report
from sitmap.coding.places import load_index

TARGET_S = 10.0
PUBLISHED = date(2025, 2, 12)
RESULTS = Path("bench-results")

_TEMPLATES = {
    "en": (
        "On {weekday} a drone struck a car in {place}; {count} people were killed.",
        "Shelling hit {place} yesterday. No one was hurt, local officials said.",
        "Russian forces repelled an assault near {place} in late January.",
        "Analysts expect the fighting to intensify in spring.",
        "Ukrainian troops captured {place} today, the brigade said.",
    ),
    "ru": (
        "В {weekday_ru} беспилотник атаковал автомобиль в селе {place_ru}. Погиб мужчина.",
        "Сегодня ВСУ обстреляли {place_ru}, никто не пострадал.",
        "Накануне в районе {place_ru} шли бои, ранены трое военных.",
        "Эксперты полагают, что наступление может продолжиться.",
    ),
    "uk": (
        "Сьогодні російська армія обстріляла {place_uk}, загинули двоє мешканців.",
        "Наприкінці січня дрон атакував склад у місті {place_uk}.",
        "Експерти вважають, що бої можуть тривати.",
    ),
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_WEEKDAYS_RU = ("понедельник", "вторник", "среду", "четверг", "пятницу")


def sample_reports(n: int, seed: int = 7) -> list[str]:
    """``n`` reproducible reports of two to four sentences each."""
    rng = random.Random(seed)
    places = shipped_places()
    russian = places[places["source"].str.startswith("russian")]
    ukrainian = places[~places["source"].str.startswith("russian")]
    reports = []
    for i in range(n):
        language = ("en", "ru", "uk")[i % 3]
        sentences = []
        for _ in range(rng.randint(2, 4)):
            ru = russian.iloc[rng.randrange(len(russian))]
            uk = ukrainian.iloc[rng.randrange(len(ukrainian))]
            cyrillic = [s for s in ru["names"].split("|") if not s.isascii()]
            ukr = [s for s in uk["names"].split("|") if not s.isascii()]
            sentences.append(
                rng.choice(_TEMPLATES[language]).format(
                    weekday=rng.choice(_WEEKDAYS),
                    weekday_ru=rng.choice(_WEEKDAYS_RU),
                    place=ru["name"],
                    place_ru=cyrillic[0] if cyrillic else ru["name"],
                    place_uk=ukr[0] if ukr else uk["name"],
                    count=rng.choice(("two", "three", "several", "4")),
                )
            )
        reports.append(" ".join(sentences))
    return reports


def main(argv: list[str] | None = None) -> int:
    """Build the index, code ``N`` reports, print and save the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        load_index(Path(folder))  # nothing saved yet: built, then saved
        built = time.perf_counter() - start
        start = time.perf_counter()
        index = load_index(Path(folder))  # read back, as every later process does
        loaded = time.perf_counter() - start
    reports = sample_reports(n)
    start = time.perf_counter()
    drafts = sum(
        len(code_report(report, PUBLISHED, source="bench", index=index)) for report in reports
    )
    coded = time.perf_counter() - start
    total = built + coded
    passed = total <= TARGET_S * n / 100
    print(f"coding: place index built in {built:.2f} s (first run), read from the cache in "
          f"{loaded:.2f} s")  # fmt: skip
    each = coded / n * 1000
    print(f"coding: {n} reports ({drafts} drafts) coded in {coded:.2f} s ({each:.1f} ms each)")
    print(
        f"coding: index + {n} reports = {total:.2f} s; target ≤ {TARGET_S * n / 100:.0f} s: "
        f"{'passed' if passed else 'FAILED'}"
    )
    RESULTS.mkdir(exist_ok=True)
    record = {
        "figure": "code reports",
        "n": n,
        "index_s": round(built, 3),
        "index_cached_s": round(loaded, 3),
        "coding_s": round(coded, 3),
        "total_s": round(total, 3),
        "target_s": TARGET_S * n / 100,
        "passed": passed,
        "drafts": drafts,
    }
    (RESULTS / "coding.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
