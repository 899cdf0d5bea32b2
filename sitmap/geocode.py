"""The ``sitmap geocode`` command: look a name up in the offline gazetteer, print JSON.

Exit codes: 0 a place (or area) was chosen; 1 none was — nothing matched, or the name is
shared by several places and needs ``--admin2``/``--admin1`` (the candidates are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from events.geocode_cache import StoredGeocodes
from events.store import Store
from geo.gazetteer import Resolution, load_gazetteer
from geo.online import OnlineGeocoderUnavailable, online_geocoder_from_env

FOUND, NOT_FOUND = 0, 1


def add_geocode_command(subparsers: argparse._SubParsersAction) -> None:
    """Add ``geocode NAME [--admin2 D] [--admin1 O] [--json] [--places CSV]``."""
    parser = subparsers.add_parser(
        "geocode",
        help="find a place, district or oblast in the offline gazetteer",
        description=__doc__,
    )
    parser.add_argument("name", help="place name in any common spelling, Latin or Cyrillic")
    parser.add_argument("--admin2", metavar="DISTRICT", help="district hint for homonyms")
    parser.add_argument("--admin1", metavar="OBLAST", help="oblast hint for homonyms")
    parser.add_argument("--places", metavar="CSV", help="analysts' own gazetteer, layered over")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run_geocode)


def describe(resolution: Resolution) -> dict[str, object]:
    """The JSON object the command prints for one resolution."""
    location = resolution.location
    raw = location.raw if location is not None else {}
    candidates = (
        raw["candidates"]
        if location is not None
        else [
            {key: c.raw[key] for key in ("name", "admin1", "admin2")}
            | {"lat": c.latitude, "lon": c.longitude}
            for c in resolution.candidates
        ]
    )
    return {
        "query": resolution.query,
        "name": raw.get("name"),
        "lat": location.latitude if location is not None else None,
        "lon": location.longitude if location is not None else None,
        "admin1": raw.get("admin1"),
        "admin2": raw.get("admin2"),
        "match": resolution.match,
        "geo_precision": raw.get("geo_precision"),
        "rule": raw.get("rule"),
        "candidates": [
            {key: c[key] for key in ("name", "lat", "lon", "admin1", "admin2")} for c in candidates
        ],
    }


def _ask_online(args: argparse.Namespace, offline: Resolution) -> Resolution:
    """When configured (SITMAP_ONLINE_GEOCODER), ask Nominatim; answers kept in the store."""
    if not os.environ.get("SITMAP_ONLINE_GEOCODER"):
        return offline
    geocoder = online_geocoder_from_env(cache=StoredGeocodes(Store(getattr(args, "db", None))))
    if geocoder is None:
        return offline
    try:
        found = geocoder.geocode(args.name, admin1=args.admin1, admin2=args.admin2)
    except OnlineGeocoderUnavailable as error:
        print(str(error), file=sys.stderr)
        return offline
    if found is None:
        return offline
    return Resolution(args.name, found, (found,), "online")


def run_geocode(args: argparse.Namespace) -> int:
    """Resolve ``args.name`` and print the result; see the module docstring for exit codes."""
    gazetteer = load_gazetteer(getattr(args, "places", None))
    resolution = gazetteer.resolve(args.name, admin1=args.admin1, admin2=args.admin2)
    if resolution.location is None and not resolution.ambiguous:
        resolution = _ask_online(args, resolution)
    result = describe(resolution)
    if getattr(args, "json", False):
        print(json.dumps(result, ensure_ascii=False))
    elif resolution.location is not None:
        print(f"{resolution.location.address}\t{result['lat']},{result['lon']}\t{result['match']}")
    else:
        print(f"no single place for {args.name!r}", file=sys.stderr)
        for candidate in result["candidates"]:
            print(f"  {candidate['name']}, {candidate['admin2']}, {candidate['admin1']}")
    return FOUND if resolution.location is not None else NOT_FOUND
