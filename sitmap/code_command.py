"""The ``sitmap code`` command: draft events from a report's text, for review.

    sitmap code report.txt --published 2025-02-12 --source "Kursk governor" --json
    sitmap code - --published 2025-02-12 -o drafts.csv < report.txt

``--json`` prints one JSON object per draft (the native columns, and ``extra``: the
evidence, the place as written and any candidates).  ``-o drafts.csv`` writes sitmap's
own CSV with the extras as the last columns; after review, ``sitmap import drafts.csv``
commits it (the ``draft`` column is dropped then, the evidence is kept with each event).
Nothing is written to the store.  Exit codes: 0 drafts written (possibly none), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sitmap.coding.drafts import Draft, code_report, drafts_frame
from sitmap.coding.review import DRAFT_COLUMNS, drafts_table, native_csv
from sitmap.command_input import iso_day
from sitmap.json_values import json_value

OK, USAGE = 0, 2


def add_code_command(subparsers: argparse._SubParsersAction) -> None:
    """Add ``code FILE|- --published DAY [--source NAME] [--url URL] (--json | -o CSV)``."""
    parser = subparsers.add_parser(
        "code", help="draft events from a report's text (for review)", description=__doc__
    )
    parser.add_argument("file", metavar="FILE", help="the report as UTF-8 text; - for stdin")
    parser.add_argument(
        "--published", required=True, type=iso_day, metavar="YYYY-MM-DD", help="publication day"
    )
    parser.add_argument("--source", default="", metavar="NAME", help="who published it")
    parser.add_argument("--url", default="", metavar="URL", help="link to the report")
    output = parser.add_mutually_exclusive_group(required=True)
    output.add_argument("--json", action="store_true", help="print JSON lines")
    output.add_argument("-o", "--output", type=Path, metavar="CSV", help="write a drafts CSV")
    parser.set_defaults(func=run_code)


def run_code(args: argparse.Namespace) -> int:
    """Code the report and print or write its drafts."""
    if args.file == "-":
        text = sys.stdin.read()
        name = "report"
    else:
        path = Path(args.file)
        if not path.is_file():
            print(f"no such file: {path}", file=sys.stderr)
            return USAGE
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        name = path.name
    drafts = code_report(text, args.published, source=args.source or name, url=args.url)
    if args.json:
        for line in draft_lines(drafts):
            print(line)
    else:
        args.output.write_bytes(drafts_csv(drafts))
        print(f"{len(drafts)} draft(s) written to {args.output}", file=sys.stderr)
    return OK


def draft_lines(drafts: list[Draft]) -> list[str]:
    """One JSON object per draft: the native columns, and its extras under ``extra``."""
    frame = drafts_frame(drafts)
    lines = []
    for draft, record in zip(drafts, frame[list(DRAFT_COLUMNS)].to_dict("records"), strict=True):
        values = {key: json_value(value) for key, value in record.items()}
        extra: dict[str, object] = dict(draft.extras())
        if "place_candidates" in extra:
            extra["place_candidates"] = json.loads(str(extra["place_candidates"]))
        values["extra"] = extra
        lines.append(json.dumps(values, ensure_ascii=False))
    return lines


def drafts_csv(drafts: list[Draft]) -> bytes:
    """The drafts as sitmap's own CSV, the extras as its last columns (spreadsheet-safe)."""
    return native_csv(drafts_table(drafts))
