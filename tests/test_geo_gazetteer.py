"""The offline gazetteer: spellings, homonyms, hints, areas, analysts' own places."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic
from geopy.location import Location

from events.problems import RejectedInput
from geo.gazetteer import URBAN_RULE, load_gazetteer
from geo.regions import assign_admin

# (lat, lon) of the gazetteer point each spelling must land on.
PLACES = {
    "Sudzha": (51.19194, 35.27194),
    "Guyevo": (51.09472, 35.26389),
    "Korenevo pgt": (51.41028, 34.90083),
    "Sverdlikovo": (51.24583, 35.11639),
    "Plekhovo": (51.09972, 35.33056),
    "Lgov": (51.68694, 35.28),
    "Rylsk": (51.56806, 34.68028),
    "Glushkovo": (51.33917, 34.635),
    "Tetkino": (51.27111, 34.2825),
    "Bolshoye Soldatskoye": (51.33361, 35.51889),
    "Kurilovka": (51.14417, 35.27),
    "Makhnovka": (51.175, 35.30278),
    "Kursk": (51.73028, 36.19278),
    "Sumy": (50.9216, 34.8003),
    "Yunakivka": (51.1221, 35.0406),
    "Khotin": (51.0811, 34.7709),
    "Krasnopillia": (50.7746, 35.2596),
    "Velyka Pysarivka": (50.4243, 35.4799),
    "Bilopillia": (51.1502, 34.3129),
}

SPELLINGS = [
    # Kursk side: BGN, scholarly, German, ad-hoc Latin, Russian Cyrillic, typos
    ("Sudzha", "Sudzha", "exact"),
    ("SUDZHA", "Sudzha", "exact"),
    ("Sudža", "Sudzha", "exact"),  # scholarly ž folds to zh
    ("Suja", "Sudzha", "variant"),
    ("Sudscha", "Sudzha", "variant"),  # German
    ("Суджа", "Sudzha", "exact"),
    ("Sudhza", "Sudzha", "fuzzy"),
    ("Guevo", "Guyevo", "exact"),
    ("Guyevo", "Guyevo", "exact"),
    ("Гуево", "Guyevo", "exact"),
    ("Gujevo", "Guyevo", "variant"),
    ("Korenevo", "Korenevo pgt", "exact"),  # the pgt, by the urban rule
    ("Коренево", "Korenevo pgt", "exact"),
    ("Korenjovo", "Korenevo pgt", "exact"),
    ("Sverdlikovo", "Sverdlikovo", "exact"),
    ("Sverdlykovo", "Sverdlikovo", "variant"),
    ("Sverdlikvo", "Sverdlikovo", "fuzzy"),
    ("Plekhovo", "Plekhovo", "exact"),
    ("Plehovo", "Plekhovo", "fuzzy"),
    ("Плехово", "Plekhovo", "exact"),
    ("Lgov", "Lgov", "exact"),
    ("L'gov", "Lgov", "exact"),
    ("Льгов", "Lgov", "exact"),
    ("Rylsk", "Rylsk", "exact"),
    ("Ryl’sk", "Rylsk", "exact"),
    ("Рыльск", "Rylsk", "exact"),
    ("Glushkovo", "Glushkovo", "exact"),
    ("Glušhkovo", "Glushkovo", "fuzzy"),
    ("Tetkino", "Tetkino", "exact"),
    ("Tyotkino", "Tetkino", "variant"),  # ё written yo
    ("Тёткино", "Tetkino", "exact"),
    ("Bolshoye Soldatskoye", "Bolshoye Soldatskoye", "exact"),
    ("Bol'shoye Soldatskoye", "Bolshoye Soldatskoye", "exact"),
    ("Bolshoe Soldatskoe", "Bolshoye Soldatskoye", "exact"),
    ("Bolshoie-Soldatskoie", "Bolshoye Soldatskoye", "variant"),
    ("Большое Солдатское", "Bolshoye Soldatskoye", "exact"),
    ("Kurilovka", "Kurilovka", "exact"),
    ("Kurylovka", "Kurilovka", "variant"),
    ("Makhnovka", "Makhnovka", "exact"),
    ("Mahnovka", "Makhnovka", "fuzzy"),
    ("Махновка", "Makhnovka", "exact"),
    ("Kursk", "Kursk", "exact"),
    ("Курск", "Kursk", "exact"),
    # Ukrainian side: KMU Latin, Ukrainian Cyrillic, Russian forms, typos
    ("Sumy", "Sumy", "exact"),
    ("Суми", "Sumy", "exact"),
    ("Сумы", "Sumy", "variant"),  # Russian form
    ("Yunakivka", "Yunakivka", "exact"),
    ("Юнаківка", "Yunakivka", "exact"),
    ("Iunakivka", "Yunakivka", "variant"),
    ("Yunakovka", "Yunakivka", "fuzzy"),  # Russian form
    ("Юнаковка", "Yunakivka", "fuzzy"),
    ("Khotin", "Khotin", "exact"),
    ("Хотінь", "Khotin", "exact"),
    ("Khotyn", "Khotin", "variant"),
    ("Krasnopillia", "Krasnopillia", "exact"),  # the Sumy town, by the urban rule
    ("Krasnopillya", "Krasnopillia", "exact"),
    ("Краснопілля", "Krasnopillia", "exact"),
    ("Velyka Pysarivka", "Velyka Pysarivka", "exact"),
    ("Велика Писарівка", "Velyka Pysarivka", "exact"),
    ("Velikaya Pisarevka", "Velyka Pysarivka", "fuzzy"),  # Russian form
    ("Bilopillia", "Bilopillia", "exact"),
    ("Білопілля", "Bilopillia", "exact"),
    ("Белополье", "Bilopillia", "exact"),  # Russian form recorded by GeoNames
    ("Belopolye", "Bilopillia", "variant"),
    ("Bilopilia", "Bilopillia", "variant"),
]


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_there_are_at_least_forty_spellings():
    assert len(SPELLINGS) >= 40


@pytest.mark.parametrize(("spelling", "place", "match"), SPELLINGS)
def test_spelling_resolves_within_1_km_of_the_place(gazetteer, spelling, place, match):
    location = gazetteer.geocode(spelling)
    assert isinstance(location, Location)
    assert geodesic(location.point, PLACES[place]).km < 1
    assert location.raw["match"] == match
    assert location.raw["geo_precision"] == 1


@pytest.mark.parametrize(
    ("name", "count"),
    [("Lyubimovka", 4), ("Nikolskiy", 5), ("Myropillia", 2), ("Basivka", 2)],
)
def test_homonyms_without_a_hint_give_candidates_and_no_choice(gazetteer, name, count):
    assert gazetteer.geocode(name) is None
    resolution = gazetteer.resolve(name)
    assert resolution.ambiguous
    assert len(resolution.candidates) >= count
    assert {c.raw["name"] for c in resolution.candidates} == {name}
    assert len(gazetteer.geocode(name, exactly_one=False)) == len(resolution.candidates)


RUSSIAN_OBLASTS = {"Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast"}
UKRAINIAN_OBLASTS = {"Sumy Oblast", "Kharkiv Oblast", "Chernihiv Oblast"}
NAMESAKES = [
    # a Cyrillic name shared across the border, and its Latin spellings under the common
    # systems (BGN/PCGN, Ukrainian national, GOST 7.79, ICAO 9303), each recorded on one
    # side only
    ("Олешня", ("Oleshnya", "Oleshnia")),
    ("Погребки", ("Pogrebki", "Pohrebky")),
    ("Гусинка", ("Gusinka", "Husynka")),
    ("Дегтярка", ("Degtyarka", "Dehtiarka", "Degtiarka")),
    ("Щекино", ("Shchekino", "Shchekyno", "Shhekino")),
]


@pytest.mark.parametrize(("cyrillic", "spellings"), NAMESAKES)
def test_namesakes_across_the_border_are_listed_under_every_spelling(
    gazetteer, cyrillic, spellings
):
    namesakes = {(c.raw["admin1"], c.raw["admin2"]) for c in gazetteer.resolve(cyrillic).candidates}
    oblasts = {admin1 for admin1, _ in namesakes}
    assert oblasts & RUSSIAN_OBLASTS and oblasts & UKRAINIAN_OBLASTS
    for spelling in spellings:
        resolution = gazetteer.resolve(spelling)
        assert resolution.location is None  # never chosen silently
        assert {(c.raw["admin1"], c.raw["admin2"]) for c in resolution.candidates} == namesakes


def test_oleshnia_lists_kursks_oleshnya_and_the_ukrainian_villages(gazetteer):
    expected = {
        ("Kursk Oblast", "Sudzhanskiy District"),
        ("Sumy Oblast", "Okhtyrskyi Raion"),
        ("Chernihiv Oblast", "Koriukivskyi Raion"),
        ("Chernihiv Oblast", "Ripkynskyi Raion"),
    }
    for spelling in ("Oleshnia", "Oleshnya", "Олешня"):
        resolution = gazetteer.resolve(spelling)
        assert resolution.ambiguous
        assert {(c.raw["admin1"], c.raw["admin2"]) for c in resolution.candidates} == expected


@pytest.mark.parametrize(
    ("name", "hint", "expected", "match"),
    [
        # the spelling recorded on the other side of the border: a "variant" match
        ("Oleshnia", {"admin1": "Kursk Oblast"}, (51.15194, 35.14944), "variant"),
        ("Oleshnia", {"admin2": "Sudzhanskiy"}, (51.15194, 35.14944), "variant"),
        ("Oleshnya", {"admin1": "Sumy"}, (50.4041, 34.7372), "variant"),
        ("Oleshnya", {"admin1": "Kursk Oblast"}, (51.15194, 35.14944), "exact"),
        ("Pogrebki", {"admin2": "Sudzhanskiy"}, (51.37778, 35.2275), "exact"),
        ("Pogrebki", {"admin1": "Sumy Oblast"}, (51.5187, 33.5783), "variant"),
    ],
)
def test_a_hint_picks_a_namesake_across_the_border(gazetteer, name, hint, expected, match):
    location = gazetteer.geocode(name, **hint)
    assert geodesic(location.point, expected).km < 0.1
    assert location.raw["match"] == match
    assert location.raw["rule"] is None
    assert len(location.raw["candidates"]) > 1


@pytest.mark.parametrize(
    ("name", "hint", "expected"),
    [
        ("Lyubimovka", {"admin2": "Korenevskiy"}, (51.31194, 35.0425)),
        ("Lyubimovka", {"admin2": "Korenevskiy District"}, (51.31194, 35.0425)),
        ("Lyubimovka", {"admin2": "Кореневский район"}, (51.31194, 35.0425)),
        ("Lyubimovka", {"admin2": "Korenevo district"}, (51.31194, 35.0425)),
        ("Lyubimovka", {"admin2": "Bolshesoldatskiy"}, (51.50278, 35.66667)),
        ("Lyubimovka", {"admin1": "Bryansk Oblast"}, (53.60556, 33.47611)),
        ("Nikolskiy", {"admin2": "Sudzhanskiy District"}, (51.305, 35.20528)),
        ("Myropillia", {"admin1": "Sumy"}, (51.0230, 35.2623)),
        ("Myropillia", {"admin2": "Krasnopilskyi Raion"}, (51.0230, 35.2623)),
        ("Basivka", {"admin2": "Sumskyi"}, (51.1856, 35.0877)),
        ("Basivka", {"admin2": "Сумський"}, (51.1856, 35.0877)),  # the 2020 raion
    ],
)
def test_a_hint_picks_one_homonym(gazetteer, name, hint, expected):
    location = gazetteer.geocode(name, **hint)
    assert location is not None
    assert geodesic(location.point, expected).km < 0.1
    assert location.raw["rule"] is None
    assert len(location.raw["candidates"]) > 1


def test_a_single_town_among_villages_is_chosen_by_a_flagged_rule(gazetteer):
    location = gazetteer.geocode("Korenevo")
    assert location.raw["rule"] == URBAN_RULE
    assert {c["admin2"] for c in location.raw["candidates"]} == {"Korenevskiy District"}
    assert len(location.raw["candidates"]) == 2


@pytest.mark.parametrize(
    ("query", "admin1", "admin2"),
    [
        ("Kursk Oblast", "Kursk Oblast", None),
        ("Kurskaya oblast", "Kursk Oblast", None),
        ("Курская область", "Kursk Oblast", None),
        ("Kurskaya", "Kursk Oblast", None),
        ("Sumy Oblast", "Sumy Oblast", None),
        ("Сумська область", "Sumy Oblast", None),
        ("Sudzhanskiy District", "Kursk Oblast", "Sudzhanskiy District"),
        ("Sudzha district", "Kursk Oblast", "Sudzhanskiy District"),
        ("Суджанский район", "Kursk Oblast", "Sudzhanskiy District"),
        ("Sudzhanskiy", "Kursk Oblast", "Sudzhanskiy District"),
        ("Lgovsky district", "Kursk Oblast", "Lgovskiy District"),
        ("Bilopilskyi raion", "Sumy Oblast", "Bilopilskyi Raion"),
        ("Belgorodskiy rayon", "Belgorod Oblast", "Belgorodskiy rayon District"),
    ],
)
def test_oblast_and_district_names_resolve_to_areas(gazetteer, query, admin1, admin2):
    location = gazetteer.geocode(query)
    assert location is not None
    assert (location.raw["admin1"], location.raw["admin2"]) == (admin1, admin2)
    assert location.raw["geo_precision"] == 3


def test_the_area_point_lies_in_the_area(gazetteer):

    location = gazetteer.geocode("Sudzhanskiy District")
    found = assign_admin([location.longitude], [location.latitude])
    assert found.iloc[0].tolist() == ["Kursk Oblast", "Sudzhanskiy District"]


@pytest.mark.parametrize("query", ["", "   ", "Qwertyzzz", "Xx"])
def test_nothing_matches(gazetteer, query):
    assert gazetteer.geocode(query) is None
    assert gazetteer.geocode(query, exactly_one=False) is None


def test_an_unknown_hint_matches_nothing(gazetteer):
    assert gazetteer.geocode("Sudzha", admin2="Nowhere District") is None


def test_raw_carries_what_was_matched(gazetteer):
    raw = gazetteer.geocode("Суджа").raw
    assert raw["name"] == "Sudzha"
    assert raw["admin1"] == "Kursk Oblast"
    assert raw["admin2"] == "Sudzhanskiy District"
    assert raw["candidates"] == [
        {
            "name": "Sudzha",
            "lat": 51.19194,
            "lon": 35.27194,
            "admin1": "Kursk Oblast",
            "admin2": "Sudzhanskiy District",
        }
    ]


USER_CSV = """name,alt_names,lat,lon,admin1,admin2
Lyubimovka,,51.3125,35.0431,Kursk Oblast,Korenevskiy District
Kazachya Loknya,Kazachia Loknia|Казачья Локня,51.3460,35.1480,Kursk,Sudzhanskiy District
Sudzha GIS,Sudzha gas metering station,51.1960,35.2510,Kursk Oblast,Sudzhanskiy District
"""


def test_user_places_win_on_their_name_and_add_new_ones():
    gazetteer = load_gazetteer(USER_CSV.encode())
    own = gazetteer.geocode("Lyubimovka")
    assert own.point[:2] == (51.3125, 35.0431)
    assert own.raw["source"] == "user gazetteer"
    added = gazetteer.geocode("Казачья Локня")
    assert added.raw["name"] == "Kazachya Loknya"
    assert added.raw["admin1"] == "Kursk Oblast"  # normalised from "Kursk"
    assert gazetteer.geocode("Sudzha gas metering station").raw["name"] == "Sudzha GIS"
    # the shipped gazetteer is untouched
    assert load_gazetteer().geocode("Lyubimovka") is None


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("Nowhere,,,35.1,,", "lat", "required value is missing"),
        ("Nowhere,,fifty,35.1,,", "lat", "not a number"),
        ("Nowhere,,95,35.1,,", "lat", "out of range -90..90"),
        ("Nowhere,,51.2,200,,", "lon", "out of range -180..180"),
        (",,51.2,35.1,,", "name", "required value is missing"),
        ("Nowhere,,0,0,,", "lat", "0,0 is a missing-value placeholder"),
        ("Nowhere,,35.27,51.19,,", "lat", "are lat and lon swapped?"),
    ],
)
def test_bad_user_rows_are_rejected_with_their_line(row, column, reason):
    csv_text = "name,alt_names,lat,lon,admin1,admin2\nFine,,51.2,35.1,,\n" + row + "\n"
    with pytest.raises(RejectedInput) as caught:
        load_gazetteer(csv_text.encode())
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, column)
    assert reason in problem.reason


def test_a_user_file_without_coordinates_columns_is_rejected():
    with pytest.raises(RejectedInput) as caught:
        load_gazetteer(b"name,alt_names\nX,\n")
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "lat"), (1, "lon")]


def test_duplicate_user_rows_are_rejected():
    csv_text = "name,lat,lon,admin2\nX,51.2,35.1,A\nX,51.3,35.2,A\n"
    with pytest.raises(RejectedInput) as caught:
        load_gazetteer(csv_text.encode())
    assert caught.value.problems[0].line == 3
