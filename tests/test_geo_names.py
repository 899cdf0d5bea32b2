"""Name folding: the keys under which spellings of one name coincide."""

from __future__ import annotations

import pytest

from geo.names import (
    area_key,
    area_level,
    fold,
    latin_spellings,
    latin_spellings_of,
    phonetic_key,
    same_area,
    transliterate,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sudzha", "sudzha"),
        ("Sudža", "sudzha"),
        ("Bol'shoye  Soldatskoye", "bolshoye soldatskoye"),
        ("Bolshoye-Soldatskoye", "bolshoye soldatskoye"),
        ("Ryl’sk", "rylsk"),
        ("Тёткино", "теткино"),
        ("Хотінь", "хотінь"),  # Cyrillic stays Cyrillic, ї/й keep their marks
        ("Čeremisinovo", "cheremisinovo"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("суджа", "sudzha"),
        ("гуево", "guevo"),
        ("білопілля", "bilopillya"),
        ("глухів", "hlukhiv"),  # Ukrainian: г is h
        ("глухов", "glukhov"),  # Russian: г is g
    ],
)
def test_transliterate(text, latin):
    assert transliterate(text) == latin


@pytest.mark.parametrize(
    ("cyrillic", "spellings"),
    [
        # written alike in both languages: Russian and Ukrainian systems both spell it
        ("Олешня", {"oleshnya", "oleshnia"}),  # BGN/PCGN; Ukrainian national and ICAO
        ("Погребки", {"pogrebki", "pohrebky"}),
        ("Дегтярка", {"degtyarka", "degtiarka", "dehtiarka", "dehtyarka"}),
        ("Щекино", {"shchekino", "shhekino", "shchekyno"}),  # GOST 7.79 shh
        ("Новоеленовка", {"novoelenovka", "novoyelenovka"}),  # BGN: ye after a vowel
        # Ukrainian letters: the Ukrainian systems only (initial ю is yu, зг is zgh)
        ("Юнаківка", {"yunakivka"}),
        ("Згурівка", {"zghurivka", "zhurivka"}),
        ("Ямпіль", {"yampil"}),
        # Russian letters: the Russian systems only (GOST: ц before ы is c)
        ("Цыганка", {"tsyganka", "cyganka"}),
        ("Рыльск", {"rylsk"}),
        ("Sudzha", {"sudzha"}),
    ],
)
def test_latin_spellings_under_the_common_systems(cyrillic, spellings):
    assert latin_spellings(cyrillic) == spellings


def test_latin_spellings_of_many_names_are_those_of_each():
    names = ["Олешня", "Юнаківка", "Цыганка", "Велика Писарівка", "Большое Солдатское"]
    assert latin_spellings_of(names) == [latin_spellings(name) for name in names]


@pytest.mark.parametrize(
    "spellings",
    [
        ("Sudzha", "Sudža", "Sudscha", "Суджа", "SUDZHA"),
        ("Guevo", "Guyevo", "Gujevo", "Гуево"),
        (
            "Bolshoye Soldatskoye",
            "Bol'shoye Soldatskoye",
            "Bolshoe Soldatskoe",
            "Bolshoie-Soldatskoie",
            "Большое Солдатское",
        ),  # fmt: skip
        ("Nikolskiy", "Nikol'skiy", "Nikolskij", "Nikolsky", "Никольский"),
        ("Korenevo", "Korenjovo", "Коренево"),
        ("Yunakivka", "Iunakivka", "Юнаківка"),
        ("Myropillia", "Myropillya", "Миропілля"),
        ("Hlukhiv", "Глухів", "Glukhiv"),
        ("Tetkino", "Tyotkino", "Тёткино"),
    ],
)
def test_spelling_variants_share_a_phonetic_key(spellings):
    assert len({phonetic_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sudzhanskiy District", "Sudzha district"),
        ("Суджанский район", "Sudzhanskiy"),
        ("Kursk Oblast", "Kurskaya oblast"),
        ("Курская область", "Kursk"),
        ("Sumskyi Raion", "Сумський"),
        ("Bolshesoldatskiy District", "Bolshoye Soldatskoye district"),
    ],
)
def test_area_names_compare_equal(one, other):
    assert same_area(area_key(one), area_key(other))


def test_short_stems_do_not_swallow_longer_names():
    assert not same_area(area_key("Kursk district"), area_key("Kurchatovskiy District"))


@pytest.mark.parametrize(
    ("text", "level"),
    [("Kursk Oblast", "oblast"), ("Sudzha district", "district"), ("Sudzha", None)],
)
def test_area_level(text, level):
    assert area_level(text) == level
