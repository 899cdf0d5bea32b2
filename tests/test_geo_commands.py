"""`sitmap geocode`: one JSON object, exit 1 when no single place is chosen."""

from __future__ import annotations

import argparse
import json

import pytest

from sitmap.geocode import add_geocode_command, run_geocode


def _run(capsys, *argv):
    parser = argparse.ArgumentParser(prog="sitmap")
    add_geocode_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["geocode", *argv])
    assert args.func is run_geocode
    code = args.func(args)
    return code, capsys.readouterr().out


KEYS = {"query", "name", "lat", "lon", "admin1", "admin2", "match", "geo_precision",
        "candidates", "rule"}  # fmt: skip


def test_a_place(capsys):
    code, out = _run(capsys, "Sudža", "--json")
    result = json.loads(out)
    assert code == 0
    assert set(result) == KEYS
    assert result["name"] == "Sudzha"
    assert (result["lat"], result["lon"]) == (51.19194, 35.27194)
    assert result["match"] == "exact"
    assert result["geo_precision"] == 1
    assert set(result["candidates"][0]) == {"name", "lat", "lon", "admin1", "admin2"}


def test_a_homonym_lists_candidates_and_exits_1(capsys):
    code, out = _run(capsys, "Lyubimovka", "--json")
    result = json.loads(out)
    assert code == 1
    assert result["lat"] is None
    assert len(result["candidates"]) >= 4


@pytest.mark.parametrize("hint", [["--admin2", "Korenevskiy"], ["--admin2", "Кореневский район"]])
def test_a_district_hint_picks_one(capsys, hint):
    code, out = _run(capsys, "Lyubimovka", *hint, "--json")
    assert code == 0
    assert json.loads(out)["admin2"] == "Korenevskiy District"


def test_an_area(capsys):
    code, out = _run(capsys, "Sudzha district", "--json")
    assert code == 0
    assert json.loads(out)["geo_precision"] == 3


def test_nothing_exits_1(capsys):
    code, out = _run(capsys, "Qwertyzzz", "--json")
    assert code == 1
    assert json.loads(out)["candidates"] == []


def test_user_places(capsys, tmp_path):
    places = tmp_path / "places.csv"
    places.write_text("name,alt_names,lat,lon,admin1,admin2\nKazachya Loknya,,51.346,35.148,,\n")
    code, out = _run(capsys, "Kazachya Loknya", "--places", str(places), "--json")
    assert code == 0
    assert json.loads(out)["lat"] == 51.346
