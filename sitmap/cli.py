"""The ``sitmap`` command line: list, import, export, seed, batches, undo, geocode.

Exit codes: 0 success, 1 rejected input (every problem printed, one per line, as
``line L, column C: reason (value)``), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from events.export import SUFFIXES, export_events
from events.formats.dates import ORDERS
from events.formats.detect import FORMATS
from events.problems import RejectedInput
from events.store import Store
from events.view import View
from events.vocabulary import EVENT_TYPES
from sitmap.geocode import add_geocode_command
from sitmap.importer import commit, plan_import
from sitmap.seed import seed_store

OK, REJECTED, USAGE = 0, 1, 2

LIST_FIELDS = (
    "event_id",
    "date_start",
    "date_end",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "location",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "source",
    "source_url",
    "notes",
    "tags",
    "batch_id",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RejectedInput as rejected:
        print_problems(rejected)
        return REJECTED
    except BrokenPipeError:  # e.g. `sitmap events --json | head`
        sys.stderr.close()
        return OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="sitmap", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: $SITMAP_DATABASE_URL or var/)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("events", help="list events, one JSON object per line")
    listing.add_argument("--from", dest="start", type=_day, help="first day (YYYY-MM-DD)")
    listing.add_argument("--to", dest="end", type=_day, help="last day (YYYY-MM-DD)")
    listing.add_argument("--json", action="store_true", help="JSON lines (the only output)")
    listing.set_defaults(func=run_events)

    importing = commands.add_parser("import", help="import CSV files, each as one batch")
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importing.add_argument("--format", default="auto", choices=["auto", *FORMATS])
    importing.add_argument("--dry-run", action="store_true", help="validate only")
    importing.add_argument(
        "--date-order",
        choices=ORDERS,
        help="read slashed ACLED/UCDP dates day first (dmy) or month first (mdy)",
    )
    importing.set_defaults(func=run_import)

    exporting = commands.add_parser("export", help="export events (.csv, .geojson, .gpkg)")
    exporting.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    exporting.add_argument("--from", dest="start", type=_day)
    exporting.add_argument("--to", dest="end", type=_day)
    exporting.set_defaults(func=run_export)

    seeding = commands.add_parser("seed", help="load the article's events into an empty store")
    seeding.set_defaults(func=run_seed)

    listing_batches = commands.add_parser("batches", help="list import batches")
    listing_batches.add_argument("--json", action="store_true")
    listing_batches.set_defaults(func=run_batches)

    undoing = commands.add_parser("undo", help="remove exactly the events of one batch")
    undoing.add_argument("batch_id")
    undoing.set_defaults(func=run_undo)

    briefing = commands.add_parser("brief", help="render a briefing page (.pdf or .png)")
    briefing.add_argument("--from", dest="start", type=_day)
    briefing.add_argument("--to", dest="end", type=_day)
    briefing.add_argument("--type", dest="types", action="append", default=[], metavar="TYPE")
    briefing.add_argument("--title", default="Kursk front — situation")
    briefing.add_argument("--classification", default="", help="handling line, top and bottom")
    briefing.add_argument("--size", choices=["1920x1080", "a4"], default="1920x1080")
    briefing.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    briefing.set_defaults(func=run_brief)

    add_geocode_command(commands)
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def print_problems(rejected: RejectedInput) -> None:
    """Every problem on its own line, on stderr."""
    for problem in rejected.problems:
        print(problem, file=sys.stderr)


def run_events(args: argparse.Namespace) -> int:
    """Print events overlapping the window as JSON lines."""
    frame = Store(args.db).events(args.start, args.end)
    for record in frame[list(LIST_FIELDS)].to_dict("records"):
        print(json.dumps({k: _json_value(v) for k, v in record.items()}, ensure_ascii=False))
    return OK


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    return value


def run_import(args: argparse.Namespace) -> int:
    """Validate each file, then commit it (unless --dry-run)."""
    store = Store(args.db)
    status = OK
    for path in args.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
            status = REJECTED
            continue
        plan = plan_import(
            data, path.name, store, file_format=args.format, date_order=args.date_order
        )
        print(
            f"{path}: format {plan.file_format}, encoding {plan.encoding or '?'}, "
            f"dialect {plan.dialect or '?'}",
            end="",
        )
        if plan.problems:
            print(f", rejected: {len(plan.problems)} problem(s); nothing imported")
            print_problems(RejectedInput(plan.problems))
            status = REJECTED
        elif plan.already_imported:
            print(f", already imported as batch {plan.already_imported.batch_id}; nothing added")
        elif args.dry_run:
            print(f", {plan.row_count} new event(s); dry run, nothing imported")
        else:
            batch = commit(plan, store)
            print(f", {batch.row_count} event(s) imported as batch {batch.batch_id}")
        _report_warnings(plan)
    return status


def _report_warnings(plan) -> None:
    """What the analyst should check although nothing blocked the import."""
    for place in plan.filled_places:
        print(
            f"  line {place.line}: {place.location!r} geocoded to {place.matched} "
            f"({place.latitude}, {place.longitude}; {place.match} match, "
            f"precision {place.geo_precision})"
        )
    for flag in plan.flags:
        print(f"  warning: {flag}", file=sys.stderr)
    for duplicate in plan.probable_duplicates:
        more = f" and {duplicate.other_matches} more" if duplicate.other_matches else ""
        print(
            f"  line {duplicate.line}: {duplicate.event_id} may duplicate "
            f"{duplicate.existing_event_id}{more} (same dates and type, within 2 km or "
            "the same place name)"
        )


def run_export(args: argparse.Namespace) -> int:
    """Write the events overlapping the window to a file chosen by suffix."""
    if args.output.suffix.lower() not in SUFFIXES:
        print(f"cannot export to {args.output.name}: use {', '.join(SUFFIXES)}", file=sys.stderr)
        return USAGE
    frame = Store(args.db).events(args.start, args.end)
    export_events(frame, args.output)
    print(f"{len(frame)} event(s) written to {args.output}")
    return OK


def run_brief(args: argparse.Namespace) -> int:
    """Render the briefing of a window and filters to a PDF or PNG file."""
    # matplotlib loads only for a briefing: ~0.6 s off every other command
    from sitmap.briefing import BriefingText, render_briefing

    if args.output.suffix.lower() not in (".pdf", ".png"):
        print(f"cannot render {args.output.name}: use .pdf or .png", file=sys.stderr)
        return USAGE
    unknown = [t for t in args.types if t not in EVENT_TYPES]
    if unknown:
        print(f"unknown event type {unknown[0]!r}: {', '.join(EVENT_TYPES)}", file=sys.stderr)
        return USAGE
    store = Store(args.db)
    events = store.events()
    if events.empty:
        print("the store holds no events", file=sys.stderr)
        return REJECTED
    view = View(start=args.start, end=args.end, event_types=tuple(args.types))
    text = BriefingText(
        title=args.title, classification=args.classification, data_version=store.version()
    )
    render_briefing(events, view, args.output, text=text, size=args.size)
    print(f"briefing written to {args.output}")
    return OK


def run_seed(args: argparse.Namespace) -> int:
    """Load the bundled events into an empty store; leave a non-empty store alone."""
    store = Store(args.db)
    added = seed_store(store)
    print(f"{added} event(s) seeded" if added else f"store holds {store.count()} event(s)")
    return OK


def run_batches(args: argparse.Namespace) -> int:
    """List committed batches."""
    for batch in Store(args.db).batches():
        if args.json:
            print(json.dumps(batch.to_json(), ensure_ascii=False))
        else:
            print(
                f"{batch.batch_id}  {batch.committed_at:%Y-%m-%d %H:%M}  "
                f"{batch.row_count:>7} events  {batch.file_format:<7} {batch.file_name}"
            )
    return OK


def run_undo(args: argparse.Namespace) -> int:
    """Remove one batch and its events."""
    try:
        removed = Store(args.db).undo(args.batch_id)
    except KeyError:
        print(f"no batch {args.batch_id!r}; see `sitmap batches`", file=sys.stderr)
        return REJECTED
    print(f"batch {args.batch_id} undone: {removed} event(s) removed")
    return OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
