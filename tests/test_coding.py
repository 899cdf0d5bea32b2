"""Coding from reports: a corpus of short reports (written for these tests, in English,
Russian and Ukrainian) and the drafts an ACLED coder would expect of each.

Every report is published on Wednesday 12 February 2025 unless a case says otherwise.
Each case names the report and the values its drafts must have; the 7-word rule is
checked on every report of the corpus.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from events.schema import COLUMNS
from events.validation import validate_frame
from events.vocabulary import NO_POSITION
from sitmap.coding import places
from sitmap.coding.drafts import (
    MAX_COPIED_WORDS,
    _guarded_notes,
    code_report,
    drafts_frame,
    longest_shared_run,
)
from sitmap.coding.places import place_index

PUBLISHED = date(2025, 2, 12)  # a Wednesday

# id -> (report, [expected values of each draft, in order])
CORPUS: dict[str, tuple[str, list[dict[str, object]]]] = {
    # -- places ----------------------------------------------------------------------
    "ru homonym settled by its district": (
        "Во вторник беспилотник ударил по ферме в селе Калиновка Хомутовского района.",
        [{"location": "Kalinovka", "admin2": "Khomutovskiy District", "geo_precision": 1,
          "latitude": 51.89639, "date_start": date(2025, 2, 11)}],
    ),
    "en homonym left open across oblasts": (
        "Shelling hit Kalinovka on Monday, damaging a barn.",
        [{"location": "Kalinovka", "latitude": None, "geo_precision": NO_POSITION,
          "admin1": None, "candidates": 10}],
    ),
    "en homonym left open inside one oblast": (
        "Artillery fire struck Lyubimovka in Kursk region on Tuesday.",
        [{"location": "Lyubimovka", "latitude": None, "geo_precision": 3,
          "admin1": "Kursk Oblast", "candidates": 4}],
    ),
    "en homonym settled by a distance from the border": (
        "A drone hit a shed in Lyubimovka, about 10 km from the border, on Sunday.",
        [{"location": "Lyubimovka", "admin2": "Korenevskiy District", "geo_precision": 1,
          "date_start": date(2025, 2, 9)}],
    ),
    "uk inflected town": (
        "Сьогодні у Краснопіллі внаслідок обстрілу пошкоджено школу.",
        [{"location": "Krasnopillya", "admin1": "Sumy Oblast", "geo_precision": 1,
          "event_type": "Explosions/Remote violence"}],
    ),
    "ru inflected two-word village": (
        "В Большом Солдатском дрон повредил линию электропередачи.",
        [{"location": "Bolshoye Soldatskoye", "geo_precision": 1}],
    ),
    "ru village in the nominative after its kind": (
        "В деревне Урусы Глушковского района упал беспилотник.",
        [{"location": "Urusy", "admin2": "Glushkovskiy District", "geo_precision": 1}],
    ),
    "ru district only": (
        "В понедельник артиллерия обстреляла окраины Суджанского района.",
        [{"location": "Sudzhanskiy District", "admin2": "Sudzhanskiy District",
          "geo_precision": 3, "date_start": date(2025, 2, 10)}],
    ),
    "ru common-word name needs a trigger": (
        "Дрон атаковал магазин в селе Победа Брянской области.",
        [{"location": "Pobeda", "admin1": "Bryansk Oblast", "geo_precision": 3,
          "latitude": None}],
    ),
    # -- dates -----------------------------------------------------------------------
    "en weekday on publication day is that day": (
        "On Wednesday a mortar round landed near Tetkino.",
        [{"date_start": date(2025, 2, 12), "date_end": date(2025, 2, 12),
          "time_precision": 1, "location": "Tetkino"}],
    ),
    "ru today": (
        "Сегодня украинские военные обстреляли Рыльск.",
        [{"date_start": PUBLISHED, "time_precision": 1, "location": "Rylsk",
          "actor1": "Military Forces of Ukraine (2019-)"}],
    ),
    "ru the day before counts from the event it follows": (
        "9 февраля дрон ударил по автобусу в Судже. Накануне артиллерия обстреляла Глушково.",
        [{"date_start": date(2025, 2, 9), "location": "Sudzha"},
         {"date_start": date(2025, 2, 8), "location": "Glushkovo",
          "sub_event_type": "Shelling/artillery/missile attack"}],
    ),
    "en late January": (
        "In late January a drone struck a fuel depot in Korenevo.",
        [{"date_start": date(2025, 1, 21), "date_end": date(2025, 1, 31),
          "time_precision": 3}],
    ),
    "uk late January": (
        "Наприкінці січня дрон атакував склад у Шостці.",
        [{"date_start": date(2025, 1, 21), "date_end": date(2025, 1, 31),
          "time_precision": 3, "location": "Shostka"}],
    ),
    "en recently is an interval": (
        "Ukrainian troops recently repelled an assault near Sverdlikovo.",
        [{"date_start": date(2025, 1, 13), "date_end": PUBLISHED, "time_precision": 3,
          "event_type": "Battles", "sub_event_type": "Armed clash"}],
    ),
    "no date is the week up to publication": (
        "A landmine blew up a tractor outside Tetkino.",
        [{"date_start": date(2025, 2, 6), "date_end": PUBLISHED, "time_precision": 2,
          "sub_event_type": "Remote explosive/landmine/IED"}],
    ),
    # -- types -----------------------------------------------------------------------
    "en FPV drone": (
        "An FPV drone hit a car on the road to Sudzha yesterday.",
        [{"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
          "date_start": date(2025, 2, 11)}],
    ),
    "ru Russia retaking a Kursk village regains territory": (
        "Во вторник российские войска освободили Свердликово.",
        [{"event_type": "Battles", "sub_event_type": "Government regains territory",
          "actor1": "Military Forces of Russia (2000-)", "inter1": "State forces"}],
    ),
    "en Ukraine taking a Kursk village overtakes territory": (
        "Ukrainian forces captured Sverdlikovo today.",
        [{"event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory",
          "actor1": "Military Forces of Ukraine (2019-)", "inter1": "External/Other forces"}],
    ),
    "en a unit repelling Russian and North Korean assaults is Ukrainian": (
        "The 47th Mechanized Brigade said it repelled Russian and North Korean assaults near "
        "Sudzha on Tuesday.",
        [{"actor1": "Military Forces of Ukraine (2019-)",
          "assoc_actor_1": "47th Separate Mechanized Brigade",
          "actor2": "Military Forces of Russia (2000-)",
          "assoc_actor_2": "Military Forces of North Korea (2011-)",
          "inter1": "External/Other forces", "inter2": "State forces"}],
    ),
    "en a ministry names the side that retakes a village": (
        "The Russian Defence Ministry said its forces had retaken Nikolayevo-Darino. It claimed "
        "that 200 Ukrainian servicemen were killed.",
        [{"actor1": "Military Forces of Russia (2000-)",
          "sub_event_type": "Government regains territory", "fatalities": 200}],
    ),
    "uk clash with a named unit": (
        "Бійці 47-ї бригади відбили штурм поблизу Суджі.",
        [{"event_type": "Battles", "sub_event_type": "Armed clash",
          "actor1": "47th Separate Mechanized Brigade"}],
    ),
    # -- deaths ----------------------------------------------------------------------
    "ru one man killed, two wounded kept apart": (
        "В среду дрон атаковал автомобиль в Рыльске. Погиб мужчина, двое ранены.",
        [{"fatalities": 1, "notes_has": "Wounded (not deaths): 2"}],
    ),
    "en four workers, in words": (
        "Shelling of Tetkino on Tuesday killed four workers.",
        [{"fatalities": 4}],
    ),
    "ru negation is zero": (
        "Накануне беспилотник сбросил взрывчатку на дом в Глушково, никто не пострадал.",
        [{"fatalities": 0, "notes_has": "no one died"}],
    ),
    "en negation is zero": (
        "A drone struck a garage in Sudzha on Monday. No one was hurt.",
        [{"fatalities": 0}],
    ),
    "en claim of enemy losses named in the notes": (
        "Russian forces repelled an assault near Sudzha on Tuesday, the ministry said. "
        "It claimed that 40 Ukrainian soldiers were killed.",
        [{"fatalities": 40,
          "notes_has": "a claim by Military Forces of Russia (2000-) of enemy losses"}],
    ),
    "en running total is not deaths": (
        "Ukrainian troops repelled an attack near Korenevo on Monday. Since August, over "
        "3,000 Russian soldiers have been killed and wounded in the region.",
        [{"fatalities": 0, "notes_has": "running total"}],
    ),
    "en hundreds is 100": (
        "Fighting near Sudzha on Sunday left hundreds of soldiers dead, officials said.",
        [{"fatalities": 100}],
    ),
    "ru several is 3": (
        "В результате обстрела Суджи в понедельник погибли несколько человек.",
        [{"fatalities": 3}],
    ),
    "en at least": (
        "At least three civilians died when a missile hit Rylsk on Tuesday.",
        [{"fatalities": 3, "sub_event_type": "Shelling/artillery/missile attack"}],
    ),
    "uk negation is zero": (
        "У середу дрон атакував ферму в Шостці, ніхто не постраждав.",
        [{"fatalities": 0, "date_start": PUBLISHED, "location": "Shostka"}],
    ),
    "uk the day before": (
        "10 лютого ракета влучила в Суми. Напередодні артилерія обстріляла Краснопілля.",
        [{"date_start": date(2025, 2, 10), "location": "Sumy"},
         {"date_start": date(2025, 2, 9), "location": "Krasnopillya"}],
    ),
    "ru four workers": (
        "Во вторник при обстреле Тёткино погибли четверо рабочих.",
        [{"fatalities": 4, "location": "Tetkino"}],
    ),
    "ru hundreds is 100": (
        "По словам командования, в боях у Суджи в воскресенье погибли сотни военных.",
        [{"fatalities": 100, "event_type": "Battles"}],
    ),
    "en the day before": (
        "A drone hit a school in Sudzha on 10 February. The day before, a mortar shell hit "
        "Tetkino.",
        [{"date_start": date(2025, 2, 10), "location": "Sudzha"},
         {"date_start": date(2025, 2, 9), "location": "Tetkino"}],
    ),
    # -- one draft per event -----------------------------------------------------------
    "en a restatement is the same draft": (
        "Shelling hit Tetkino on Monday. Two civilians were killed in the shelling of "
        "Tetkino. The shelling of Tetkino killed two people, local officials said.",
        [{"fatalities": 2, "location": "Tetkino"}],
    ),
    "ru a restatement is the same draft": (
        "Во вторник дрон атаковал Глушково. Беспилотник ударил по Глушково, погиб водитель.",
        [{"fatalities": 1, "location": "Glushkovo"}],
    ),
    "two events at two places are two drafts": (
        "On Monday shelling hit Tetkino. On Tuesday a drone struck a car in Rylsk.",
        [{"location": "Tetkino"}, {"location": "Rylsk"}],
    ),
    "ru two places side by side are two drafts; a later sentence joins its own": (
        "Во вторник украинские беспилотники атаковали Льгов и Курчатов. В Льгове повреждены "
        "крыши двух домов, пострадавших нет.",
        [{"location": "Lgov", "fatalities": 0, "notes_has": "no one died",
          "actor1": "Military Forces of Ukraine (2019-)"},
         {"location": "Kurchatov", "date_start": date(2025, 2, 11)}],
    ),
    "en a headline over two places side by side": (
        "Drones hit two border towns\n\nUkrainian drones struck the town of Rylsk and the "
        "village of Tetkino on Monday.",
        [{"location": "Rylsk", "date_start": date(2025, 2, 10),
          "actor1": "Military Forces of Ukraine (2019-)"},
         {"location": "Tetkino", "date_start": date(2025, 2, 10)}],
    ),
    "ru a ministry's claim of enemy soldiers destroyed": (
        "Минобороны заявило, что в понедельник у Свердликово отражены две атаки ВСУ и "
        "уничтожены до 30 военнослужащих противника.",
        [{"fatalities": 30, "event_type": "Battles", "notes_has": "claim"}],
    ),
    # -- edges -----------------------------------------------------------------------
    "commentary gives no draft": (
        "Analysts believe the offensive could stall by spring. The governor praised the "
        "volunteers who help displaced families.",
        [],
    ),
    "unknown place is kept as written, without coordinates": (
        "A drone struck a farm near the village of Zarechnoye-Novoe in Kursk region on "
        "Monday.",
        [{"location": "Zarechnoye-Novoe", "latitude": None, "longitude": None,
          "admin1": "Kursk Oblast", "geo_precision": 3}],
    ),
    "ru unknown place without an oblast has no position": (
        "Дрон атаковал ферму у деревни Кривоколенка в понедельник.",
        [{"location": "Кривоколенка", "latitude": None, "geo_precision": NO_POSITION}],
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def index():
    return place_index()


def _drafts(report: str, index):
    return code_report(report, PUBLISHED, source="test corpus", index=index)


@pytest.mark.parametrize("case", list(CORPUS), ids=list(CORPUS))
def test_corpus(case: str, index) -> None:
    report, expected = CORPUS[case]
    drafts = _drafts(report, index)
    assert len(drafts) == len(expected), [d.record["location"] for d in drafts]
    for draft, values in zip(drafts, expected, strict=True):
        for key, value in values.items():
            if key == "candidates":
                assert len(json.loads(draft.extras()["place_candidates"])) == value
            elif key == "notes_has":
                assert value in draft.record["notes"]
            else:
                assert draft.record[key] == value, key


@pytest.mark.parametrize("case", list(CORPUS), ids=list(CORPUS))
def test_notes_never_copy_seven_words(case: str, index) -> None:
    report, _ = CORPUS[case]
    for draft in _drafts(report, index):
        assert longest_shared_run(str(draft.record["notes"]), report) < MAX_COPIED_WORDS


def test_the_notes_guard_drops_a_sentence_that_would_copy_the_report(index) -> None:
    """A report that happens to contain the notes' own template words: the guard drops
    that part of the notes rather than copy the report."""
    report = (
        "A drone hit Rylsk on Monday, and the ministry claimed 12 Ukrainian soldiers were "
        "killed. The death figure is one side's claim of enemy losses, not verified."
    )
    (draft,) = _drafts(report, index)
    notes = str(draft.record["notes"])
    assert longest_shared_run(notes, report) < MAX_COPIED_WORDS
    assert notes.startswith("Draft from")
    copied = _guarded_notes(
        "one two three four five six seven.", "one two three four five six seven eight"
    )
    assert copied == "Draft from a report; see the evidence."


@pytest.mark.parametrize(
    ("notes", "source", "run"),
    [
        ("the quick brown fox", "a quick brown dog", 2),
        ("A B C D E F G", "x a b c d e f g y", 7),
        ("nothing shared", "at all", 0),
    ],
)
def test_longest_shared_run(notes: str, source: str, run: int) -> None:
    assert longest_shared_run(notes, source) == run


def test_every_draft_is_marked_and_keeps_its_evidence(index) -> None:
    report = CORPUS["en homonym left open inside one oblast"][0]
    (draft,) = _drafts(report, index)
    extras = draft.extras()
    assert extras["draft"] == "yes"
    assert extras["evidence"] == report
    assert extras["place_as_written"] == "Lyubimovka"
    assert {"name", "lat", "lon", "admin1", "admin2"} == set(
        json.loads(extras["place_candidates"])[0]
    )
    assert "draft" not in draft.extras(draft=False)


def test_drafts_are_valid_events(index) -> None:
    """Every draft of the corpus passes the importer's validation as it stands."""
    records = [d.record for case in CORPUS.values() for d in _drafts(case[0], index)]
    frame = drafts_frame([d for case in CORPUS.values() for d in _drafts(case[0], index)])
    assert list(frame.columns) == list(COLUMNS)
    cells = [
        {k: "" if v is None else (f"{v:%Y-%m-%d}" if isinstance(v, date) else str(v))
         for k, v in r.items() if k not in ("batch_id", "imported_at")}
        for r in records
    ]  # fmt: skip
    _, problems = validate_frame(cells, lines=list(range(2, len(cells) + 2)), existing_ids=())
    assert problems == []


def test_the_cached_place_index_is_the_built_one(tmp_path, monkeypatch) -> None:
    """The index is saved once built and read back whole; a damaged file is built again."""
    (tmp_path / f"place-forms-{places.index_key()}.json").write_text("{not json", "utf-8")
    built = places.load_index(tmp_path)  # the damaged file: built again, and saved

    def no_building(*args, **kwargs):
        raise AssertionError("the saved index was not read")

    monkeypatch.setattr(places, "name_forms", no_building)
    read = places.load_index(tmp_path)
    assert read.forms == built.forms and read.common == built.common
    assert len(read.forms) > 50_000
    assert [p.name for p in tmp_path.iterdir()] == [f"place-forms-{places.index_key()}.json"]


def test_a_new_index_replaces_the_older_ones(tmp_path, monkeypatch, index) -> None:
    stale = tmp_path / "place-forms-0000000000000000.json"
    stale.write_text("{}", "utf-8")
    monkeypatch.setattr(places, "PlaceIndex", lambda *args: index)  # built already
    places.load_index(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"place-forms-{places.index_key()}.json"]
