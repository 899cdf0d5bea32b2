"""``sitmap overlays``: import, list, measure and undo dated control layers.

- ``sitmap overlays import FILE... --series NAME [--date YYYY-MM-DD] [--layer NAME]``
  stores each file as one layer of the series (``--date`` only with one file);
- ``sitmap overlays list [--series NAME] [--json]``: one line (JSON object) per layer;
- ``sitmap overlays area --series NAME --within ADMIN1 [--json]``: km² by class per layer;
- ``sitmap overlays undo ID`` removes one layer.

Exit codes as ``sitmap``'s: 0 success, 1 a file rejected or no such layer, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from events.overlay_store import OverlayStore
from events.store import Store
from sitmap.command_input import iso_day, read_input
from sitmap.overlay_analysis import UnknownArea, area_by_class
from sitmap.overlay_import import commit_overlay, read_overlay, report_lines

OK, REJECTED, USAGE = 0, 1, 2


def add_overlays_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``sitmap overlays`` and its four subcommands."""
    parser = subparsers.add_parser("overlays", help="dated control layers (front line, areas)")
    commands = parser.add_subparsers(dest="overlays_command", required=True)

    importing = commands.add_parser("import", help="import files, each as one dated layer")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importing.add_argument("--series", required=True, help='e.g. "DeepState" or "ISW Kursk"')
    importing.add_argument("--date", type=iso_day, help="the layer's day (one file only)")
    importing.add_argument("--layer", help="a GeoPackage's layer (default: its only polygon one)")
    importing.add_argument("--source", help="the source named in legends (default: detected)")
    importing.set_defaults(func=run_overlays_import)

    listing = commands.add_parser("list", help="list layers")
    listing.add_argument("--series")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=run_overlays_list)

    area = commands.add_parser("area", help="km² by class within an oblast, per layer")
    area.add_argument("--series", required=True)
    area.add_argument("--within", required=True, metavar="ADMIN1", help='e.g. "Kursk Oblast"')
    area.add_argument("--json", action="store_true", help="one JSON object per line")
    area.set_defaults(func=run_overlays_area)

    undoing = commands.add_parser("undo", help="remove one layer")
    undoing.add_argument("layer_id")
    undoing.set_defaults(func=run_overlays_undo)


def _store(args: argparse.Namespace) -> OverlayStore:
    return OverlayStore(Store(args.db).engine)


def run_overlays_import(args: argparse.Namespace) -> int:
    """Read each file and store it as a layer; 1 when any file was rejected."""
    if args.date is not None and len(args.files) > 1:
        print(
            "sitmap overlays import: --date applies to one file; each of several files "
            "takes its day from its 'date' property or its name",
            file=sys.stderr,
        )
        return USAGE
    store = _store(args)
    status = OK
    for path in args.files:
        data = read_input(path)
        if data is None:
            status = REJECTED
            continue
        plan = read_overlay(data, path.name, day=args.date, layer=args.layer)
        if plan.problems:
            print(f"{path}: rejected, nothing imported")
            for problem in plan.problems:
                print(f"  {problem}", file=sys.stderr)
            status = REJECTED
            continue
        earlier = store.find_layer(plan.data_hash, args.series)
        if earlier is not None:
            print(f"{path}: already imported as layer {earlier.layer_id}; nothing added")
            status = REJECTED
            continue
        layer = commit_overlay(plan, store, series=args.series, source=args.source)
        if layer is None:  # imported by someone else meanwhile
            continue
        print(
            f"{path}: {layer.feature_count} feature(s) imported as layer {layer.layer_id} "
            f"of {layer.series!r}, {layer.day.isoformat()}, source {layer.source}"
        )
        for line in report_lines(plan):
            print(f"  {line}")
    return status


def run_overlays_list(args: argparse.Namespace) -> int:
    """Print the layers, one per line."""
    for layer in _store(args).layers(args.series):
        if args.json:
            print(json.dumps(layer.to_json(), ensure_ascii=False))
        else:
            classes = ", ".join(f"{k} {v}" for k, v in sorted(layer.classes.items()))
            print(
                f"{layer.layer_id}  {layer.series:<12} {layer.day}  {layer.feature_count:>5} "
                f"features  {layer.source:<12} {layer.file_name}  ({classes})"
            )
    return OK


def run_overlays_area(args: argparse.Namespace) -> int:
    """Print km² by class within an oblast for each layer of a series."""
    try:
        rows = area_by_class(_store(args), args.series, args.within)
    except UnknownArea as exc:
        print(f"sitmap overlays area: {exc}", file=sys.stderr)
        return USAGE
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            areas = ", ".join(f"{k} {v:,.1f}" for k, v in sorted(row["areas_km2"].items()))
            print(f"{row['date']}  total {row['total_km2']:,.1f} km²  ({areas})")
    return OK


def run_overlays_undo(args: argparse.Namespace) -> int:
    """Remove one layer and its features."""
    try:
        removed = _store(args).undo(args.layer_id)
    except KeyError:
        print(f"no layer {args.layer_id!r}; see `sitmap overlays list`", file=sys.stderr)
        return REJECTED
    print(f"layer {args.layer_id} undone: {removed} feature(s) removed")
    return OK
