"""The ``sitmap`` command line: list, import, export, seed, batches, undo, geocode, code.

Exit codes: 0 success, 1 rejected input, 2 usage error.  ``sitmap import`` exits 0 when
every file committed a batch (with ``--dry-run``: would commit one) and 1 when one
committed nothing (rejected, every row set aside, or nothing new).  Problems are
printed one per line as ``line L, column C: reason (value)``; an import prints at most
:data:`SHOWN_PROBLEMS` of them and a summary of the rest, about 60 lines whatever the
file, and ``--report PATH`` writes the full list as CSV.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from events.export import SUFFIXES, export_events
from events.formats.dates import ORDERS
from events.formats.detect import FORMATS
from events.formats.table import NAME as TABLE
from events.formats.table import ColumnMapping, mapping_from_pairs
from events.overlay_store import OverlayStore
from events.problems import RejectedInput
from events.store import Store
from events.view import View
from events.vocabulary import EVENT_TYPES
from sitmap.code_command import add_code_command
from sitmap.command_input import iso_day, read_input
from sitmap.geocode import add_geocode_command
from sitmap.import_report import counts, report_csv, summary
from sitmap.importer import ImportPlan, commit, plan_import
from sitmap.json_values import json_value
from sitmap.overlay_analysis import briefing_overlay
from sitmap.overlays_cli import add_overlays_command
from sitmap.seed import seed_store

OK, REJECTED, USAGE = 0, 1, 2
SHOWN_PROBLEMS = 20
"""Problems of a rejected file printed before "and N more"."""

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
    listing.add_argument("--from", dest="start", type=iso_day, help="first day (YYYY-MM-DD)")
    listing.add_argument("--to", dest="end", type=iso_day, help="last day (YYYY-MM-DD)")
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
    importing.add_argument("--sheet", metavar="NAME", help="workbook sheet (default: the first)")
    importing.add_argument(
        "--partial",
        action="store_true",
        help="import the usable rows of a native file and set the others aside "
        "(ACLED and UCDP files always are)",
    )
    importing.add_argument(
        "--only-region",
        action="store_true",
        help="keep only rows inside the mapped oblasts (rows without coordinates by admin1)",
    )
    importing.add_argument(
        "--replace-changed",
        action="store_true",
        help="rows whose id is stored with other values replace the stored versions "
        "(in the same batch; undo puts them back)",
    )
    importing.add_argument(
        "--report", type=Path, metavar="PATH", help="write the full report as CSV"
    )
    importing.add_argument(
        "--column",
        dest="columns",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="with --format table: FIELD (a native column, or position for a 'lat,lon' "
        "column) is read from the column HEADER",
    )
    importing.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="with --format table: FIELD is VALUE in every row (the source, say)",
    )
    importing.set_defaults(func=run_import)

    exporting = commands.add_parser("export", help="export events (.csv, .geojson, .gpkg)")
    exporting.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    exporting.add_argument("--from", dest="start", type=iso_day)
    exporting.add_argument("--to", dest="end", type=iso_day)
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
    briefing.add_argument("--from", dest="start", type=iso_day)
    briefing.add_argument("--to", dest="end", type=iso_day)
    briefing.add_argument("--type", dest="types", action="append", default=[], metavar="TYPE")
    briefing.add_argument("--title", default="Kursk front — situation")
    briefing.add_argument("--classification", default="", help="handling line, top and bottom")
    briefing.add_argument("--size", choices=["1920x1080", "a4"], default="1920x1080")
    briefing.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    briefing.add_argument(
        "--overlay", metavar="SERIES", help="draw the control layer of SERIES in force at --to"
    )
    briefing.add_argument("--overlay-days", type=int, default=30, metavar="N")
    briefing.set_defaults(func=run_brief)

    add_geocode_command(commands)
    add_code_command(commands)
    add_overlays_command(commands)
    return parser


def print_problems(rejected: RejectedInput, limit: int | None = None) -> None:
    """The problems on stderr, one per line (the first ``limit``, then how many more)."""
    problems = rejected.problems if limit is None else rejected.problems[:limit]
    for problem in problems:
        print(problem, file=sys.stderr)
    if len(problems) < len(rejected.problems):
        more = len(rejected.problems) - len(problems)
        print(f"... and {more} more problem(s); --report PATH lists them all", file=sys.stderr)


def run_events(args: argparse.Namespace) -> int:
    """Print events overlapping the window as JSON lines."""
    frame = Store(args.db).events(args.start, args.end)
    for record in frame[list(LIST_FIELDS)].to_dict("records"):
        print(json.dumps({k: json_value(v) for k, v in record.items()}, ensure_ascii=False))
    return OK


def run_import(args: argparse.Namespace) -> int:
    """Validate each file, then commit its usable rows (unless --dry-run)."""
    try:
        mapping = _mapping(args)
    except ValueError as exc:
        print(f"sitmap import: {exc}", file=sys.stderr)
        return USAGE
    store = Store(args.db)
    status = OK
    plans: list[ImportPlan] = []
    for path in args.files:
        data = read_input(path)
        if data is None:
            status = REJECTED
            continue
        plan = plan_import(
            data,
            path.name,
            store,
            file_format=args.format,
            sheet=args.sheet,
            partial=args.partial,
            only_region=args.only_region,
            date_order=args.date_order,
            mapping=mapping,
        )
        plans.append(plan)
        if not _import_one(path, plan, store, args):
            status = REJECTED
    if args.report is not None:
        args.report.write_bytes(report_csv(plans, replace_changed=args.replace_changed))
        print(f"report written to {args.report}")
    return status


def _mapping(args: argparse.Namespace) -> ColumnMapping | None:
    """The --column/--set mapping; ValueError for a bad one, or one without --format table."""
    if not (args.columns or args.values):
        return None
    if args.format != TABLE:
        raise ValueError("--column and --set map the columns of --format table")
    return mapping_from_pairs(args.columns, args.values)


def _import_one(path: Path, plan: ImportPlan, store: Store, args: argparse.Namespace) -> bool:
    """Print what the plan does and commit it; whether a batch was (or would be) committed."""
    replace = args.replace_changed
    print(
        f"{path}: format {plan.file_format}, encoding {plan.encoding or '?'}, "
        f"dialect {plan.dialect or '?'}",
        end="",
    )
    committed = False
    if plan.problems:
        print(f", rejected: {len(plan.problems)} problem(s); nothing imported")
        print_problems(RejectedInput(plan.problems), SHOWN_PROBLEMS)
    elif plan.already_imported:
        print(f", already imported as batch {plan.already_imported.batch_id}; nothing added")
    elif args.dry_run:
        print(f", {plan.row_count} new event(s); dry run, nothing imported")
        print(f"  {counts(plan, replace_changed=replace)}")
        committed = plan.row_count > 0 or (replace and plan.changed is not None)
    else:
        batch = commit(plan, store, replace_changed=replace)
        if batch is None:
            print(", nothing to import")
        else:
            print(f", {batch.row_count} event(s) imported as batch {batch.batch_id}")
        print(f"  {counts(plan, replace_changed=replace, done=batch is not None)}")
        committed = batch is not None
    for note in plan.notes:
        print(f"  note: {note}")
    for line in summary(plan, replace_changed=replace):
        print(f"  {line}")
    if plan.changed is not None and not replace:
        print("  (--replace-changed replaces them, as one batch that undo reverses)")
    if (plan.set_aside or plan.problems) and args.report is None:
        print("  (--report PATH writes every row of this report to a CSV file)")
    return committed


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
    overlay = None
    if args.overlay:
        overlay = briefing_overlay(
            OverlayStore(store.engine),
            args.overlay,
            args.end or events["date_end"].max().date(),
            args.overlay_days,
        )
    render_briefing(events, view, args.output, text=text, size=args.size, overlay=overlay)
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
    store = Store(args.db)
    restored = store.replaced_count(args.batch_id)
    try:
        removed = store.undo(args.batch_id)
    except KeyError:
        print(f"no batch {args.batch_id!r}; see `sitmap batches`", file=sys.stderr)
        return REJECTED
    back = f", {restored} earlier version(s) put back" if restored else ""
    print(f"batch {args.batch_id} undone: {removed} event(s) removed{back}")
    return OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
