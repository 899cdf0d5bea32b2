"""The Import page: upload a CSV, see what it would do, commit it as one batch, undo.

ACLED and UCDP files are imported row by row: the preview says how many rows will be
imported and how many are set aside, summarises why, and offers the full report as a
CSV download.  The analyst's native files are all or nothing unless "partial" is
ticked.  File names, cells and problems come from the analyst's file: they are shown
with ``st.text`` and in dataframes, never as markdown.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from events.column_mappings import remember
from events.duplicates.index import DuplicateIndex
from events.formats.dates import DAY_FIRST, MONTH_FIRST
from events.formats.detect import FORMATS
from events.formats.table import NAME as TABLE
from events.formats.table import ColumnMapping
from events.store import Store, file_hash
from events.write_lock import StoreBusy
from sitmap.import_report import counts, report_csv, summary
from sitmap.importer import ImportPlan, commit, plan_import
from ui.column_mapping import mapping_form

DATE_ORDERS = {
    "": "as the file settles them",
    DAY_FIRST: "day first (dmy)",
    MONTH_FIRST: "month first (mdy)",
}
"""The date-order choices: the file's own evidence, or ``--date-order dmy|mdy``."""
PREVIEW_ROWS = 200
PREVIEW_COLUMNS = [
    "event_id",
    "date_start",
    "date_end",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
]


def plan_for(
    data: bytes,
    file_name: str,
    file_format: str,
    version: str,
    store: Store,
    known: DuplicateIndex,
    *,
    partial: bool = False,
    only_region: bool = False,
    date_order: str | None = None,
    mapping: ColumnMapping | None = None,
):
    """The import plan of a file against the store's current version (``known`` holds
    its events), with a progress bar; ``date_order`` overrides how slashed dates are
    read, and ``mapping`` is a table's column mapping.

    Kept in the session (one plan at a time) so reruns of the page do not check again.
    """
    mapped = None
    if mapping is not None:
        mapped = (tuple(mapping.columns.items()), tuple(mapping.values.items()))
    key = (
        file_hash(data),
        file_name,
        file_format,
        version,
        partial,
        only_region,
        date_order,
        mapped,
    )
    if st.session_state.get("plan_key") != key:
        bar = st.progress(0.0, text="Reading the file")
        plan = plan_import(
            data,
            file_name,
            store,
            file_format=file_format,
            known=known,
            progress=lambda fraction, what: bar.progress(fraction, text=what),
            partial=partial,
            only_region=only_region,
            date_order=date_order,
            mapping=mapping,
        )
        bar.empty()
        st.session_state["plan_key"], st.session_state["plan"] = key, plan
    return st.session_state["plan"]


def import_page(
    store: Store, version: str, known: DuplicateIndex, *, committed_by: str = ""
) -> None:
    """Upload, preview and commit a file against the store's ``version`` (whose events
    ``known`` holds, for the probable-duplicate check); list and undo batches."""
    st.title("Import events")
    st.caption(
        "sitmap's own CSV, ACLED exports and UCDP GED/Candidate exports. ACLED and UCDP "
        "files are imported row by row: rows that cannot be used are set aside and listed. "
        "Your own native files are imported whole or not at all, unless you tick "
        "'partial'. Any other table of events: choose the format 'table' and map its "
        "columns. Each import is one batch, and a batch can be undone. Largest file: 50 MB."
    )
    generation = st.session_state.get("upload_generation", 0)
    left, right = st.columns([3, 1])
    uploaded = left.file_uploader(
        "Events file", type=["csv", "tsv", "txt", "xlsx", "json"], key=f"upload-{generation}"
    )
    file_format = right.selectbox("Format", ["auto", *FORMATS], key="upload_format")
    left, middle, right = st.columns(3)
    partial = left.checkbox(
        "Partial: import the usable rows of a native file",
        key="upload_partial",
        help="Rows with a problem are set aside and listed; the others are imported.",
    )
    only_region = middle.checkbox(
        "Only rows inside the mapped oblasts",
        key="upload_only_region",
        help="Rows outside Kursk Oblast and its neighbours are left out "
        "(rows without coordinates by the oblast they name).",
    )
    order = right.selectbox(
        "Slashed dates (01/03/2022)",
        list(DATE_ORDERS),
        format_func=DATE_ORDERS.get,
        key="upload_date_order",
        help="By default each written pattern is settled by the file itself (a day above "
        "12, AM/PM, end after start), else read day first, as the preview says. "
        "The command line's --date-order.",
    )
    if uploaded is not None:
        header, mapping = [], None
        if file_format == TABLE:
            header, mapping = mapping_form(uploaded.getvalue(), uploaded.name, store)
        plan = plan_for(
            uploaded.getvalue(),
            uploaded.name,
            file_format,
            version,
            store,
            known,
            partial=partial,
            only_region=only_region,
            date_order=order or None,
            mapping=mapping,
        )
        on_commit = None
        if mapping is not None:
            on_commit = lambda: remember(store, header, mapping, committed_by)  # noqa: E731
        _show_plan(plan, store, committed_by, on_commit)
    _show_batches(store)


def _show_plan(
    plan: ImportPlan, store: Store, committed_by: str, on_commit: Callable[[], None] | None = None
) -> None:
    """The preview of a plan, and its commit (then ``on_commit``: a table's mapping is
    remembered)."""
    st.text(f"File: {plan.file_name}")
    st.text(
        f"Format: {plan.file_format or '?'} · encoding: {plan.encoding or '?'} · "
        f"dialect: {plan.dialect or '?'} · new events: {plan.row_count}"
    )
    for note in plan.notes:
        st.text(note)
    if plan.problems:
        st.error(f"Rejected: {len(plan.problems)} problem(s). Nothing will be imported.")
        _problem_table(plan.problems)
        _report_download(plan, replace_changed=False)
        return
    if plan.already_imported is not None:
        batch = plan.already_imported
        st.info("This file was imported before; importing it again adds nothing.")
        st.text(f"Batch {batch.batch_id}, {batch.committed_at:%Y-%m-%d %H:%M}")
        return
    replace_changed = False
    if plan.changed is not None:
        replace_changed = st.checkbox(
            f"Replace the {len(plan.changed)} stored event(s) the source changed "
            "(one batch; undoing it puts the stored versions back)",
            key="upload_replace_changed",
        )
    st.subheader("Report", anchor=False)
    st.text(counts(plan, replace_changed=replace_changed))
    report = summary(plan, replace_changed=replace_changed)
    if report:
        st.text("\n".join(report))
        _report_download(plan, replace_changed=replace_changed)
    if plan.filled_places:
        st.info(
            f"{len(plan.filled_places)} row(s) named a place without coordinates; the gazetteer "
            "placed them as below. Commit to accept, or cancel and correct the file."
        )
        st.dataframe(pd.DataFrame(plan.filled_places), hide_index=True, width="stretch")
    if plan.flags:
        st.warning(
            f"{len(plan.flags)} row(s) flagged: points outside the oblast their row names "
            "(swapped coordinates?), figures the source itself gives out of order. They are "
            "imported as given; check them."
        )
        _problem_table(plan.flags)
    if plan.probable_duplicates:
        st.warning(
            f"{len(plan.probable_duplicates)} row(s) look like events already in the store "
            "(same dates and type, within 2 km or the same place name). They are kept as "
            "separate events; check them."
        )
        duplicates = pd.DataFrame(plan.probable_duplicates).rename(
            columns={
                "event_id": "row's event_id",
                "existing_event_id": "nearest stored event",
                "other_matches": "other stored matches",
            }
        )
        st.dataframe(duplicates, hide_index=True, width="stretch")
    st.subheader("Preview", anchor=False)
    preview = plan.frame[PREVIEW_COLUMNS].head(PREVIEW_ROWS)
    st.dataframe(
        preview,
        hide_index=True,
        width="stretch",
        column_config={
            "date_start": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "date_end": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
    if len(plan.frame) > PREVIEW_ROWS:
        st.caption(f"First {PREVIEW_ROWS} of {len(plan.frame)} rows.")
    adding = plan.row_count + (len(plan.changed) if replace_changed else 0)
    left, right = st.columns(2)
    if adding and left.button(f"Commit {adding} events", type="primary", key="commit"):
        try:
            batch = commit(plan, store, committed_by=committed_by, replace_changed=replace_changed)
        except StoreBusy as busy:
            st.warning(str(busy))
            return
        if on_commit is not None:
            on_commit()
        done = counts(plan, replace_changed=replace_changed, done=True)
        st.session_state["upload_generation"] = st.session_state.get("upload_generation", 0) + 1
        st.session_state["upload_message"] = f"Committed batch {batch.batch_id}: {done}"
        st.rerun()
    if not adding:
        left.text("Nothing to import.")
    if right.button("Cancel", key="cancel"):
        st.session_state["upload_generation"] = st.session_state.get("upload_generation", 0) + 1
        st.rerun()


def _report_download(plan: ImportPlan, *, replace_changed: bool) -> None:
    """The full report as a CSV download, named after the file."""
    stem = plan.file_name.rsplit(".", 1)[0] or "import"
    st.download_button(
        "Download the full report (CSV)",
        report_csv([plan], replace_changed=replace_changed),
        file_name=f"{stem} - import report.csv",
        mime="text/csv",
        key="import_report",
    )


def _problem_table(problems) -> None:
    """Problems as a table of line, column, value and reason (cells shown as text)."""
    st.dataframe(
        pd.DataFrame(
            [(p.line, p.column, p.value, p.reason) for p in problems],
            columns=["line", "column", "value", "reason"],
        ),
        hide_index=True,
        width="stretch",
    )


def _show_batches(store: Store) -> None:
    message = st.session_state.pop("upload_message", None)
    if message:
        st.success(message)  # a batch id and counts: nothing from the file
    st.subheader("Batches", anchor=False)
    batches = store.batches()
    if not batches:
        st.text("No batch yet.")
        return
    table = pd.DataFrame([b.to_json() for b in reversed(batches)])
    st.dataframe(
        table[
            ["batch_id", "committed_at", "committed_by", "file_name", "file_format", "row_count"]
        ],
        hide_index=True,
        width="stretch",
    )
    left, right = st.columns([3, 1])
    chosen = left.selectbox("Batch to undo", table["batch_id"], key="undo_batch")
    if right.button("Undo batch", key="undo"):
        restored = store.replaced_count(chosen)
        try:
            removed = store.undo(chosen)
        except StoreBusy as busy:
            st.warning(str(busy))
            return
        back = f", {restored} earlier version(s) put back" if restored else ""
        st.session_state["upload_message"] = (
            f"Undid batch {chosen}: {removed} event(s) removed{back}"
        )
        st.rerun()
