"""The "Code a report" page: paste or upload a report, review its draft events, commit.

The drafts come from :func:`sitmap.coding.drafts.code_report`; the analyst edits them in
a table, with each draft's evidence beside it, and commits them as one batch through
the importer (the same validation, batch and undo as any import, :mod:`sitmap.coding.review`).
The report's text, evidence and names are shown in text widgets and dataframes, never
as markdown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from events.store import Store
from events.write_lock import StoreBusy
from sitmap.coding.drafts import code_report
from sitmap.coding.extract import report_text
from sitmap.coding.review import drafts_table, native_csv
from sitmap.importer import commit, plan_import

DRAFTS = "coding_drafts"
"""Session key of the drafts table of the report being coded."""
SHOWN = [
    "status",
    "evidence",
    "location",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "fatalities",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "geo_precision",
    "time_precision",
    "notes",
    "place_candidates",
]
READ_ONLY = ["status", "evidence", "place_candidates"]


def coding_page(store: Store, *, committed_by: str = "") -> None:
    """Paste or upload a report, draft its events, review and commit them to ``store``."""
    st.title("Code a report")
    st.caption(
        "Paste a report, or upload it as .txt or .html (the article is extracted). sitmap "
        "drafts its events: places from the gazetteer, dates from the publication day, "
        "ACLED types, actors and deaths. Review every draft, fix what is wrong, then commit: "
        "the drafts are validated and committed as one batch, which the Import page can undo."
    )
    message = st.session_state.pop("coding_message", None)
    if message:
        st.success(message)  # a batch id and a count: nothing from the report
    generation = st.session_state.get("coding_generation", 0)
    left, right = st.columns([3, 2])
    pasted = left.text_area("Report text", height=180, key=f"coding_text-{generation}")
    uploaded = right.file_uploader(
        "…or a file", type=["txt", "html", "htm"], key=f"coding_file-{generation}"
    )
    published = right.date_input("Published on", value=date.today(), key="coding_published")
    source = right.text_input("Source", key="coding_source", placeholder="outlet or account")
    url = right.text_input("Link", key="coding_url", placeholder="https://…")
    if st.button("Draft events", type="primary", key="coding_draft"):
        text = pasted
        if uploaded is not None:
            text = report_text(uploaded.getvalue(), uploaded.name)
        if not text.strip():
            st.warning("Paste a report or upload a file first.")
        else:
            with st.spinner("Reading the report (the first time takes a few seconds)"):
                drafts = code_report(text, published, source=source.strip(), url=url.strip())
            st.session_state[DRAFTS] = drafts_table(drafts)
    table = st.session_state.get(DRAFTS)
    if table is None:
        return
    if table.empty:
        st.info("No event found in this report (commentary, or no event verb). Nothing to code.")
        return
    _review(table, store, committed_by, generation)


def _review(table: pd.DataFrame, store: Store, committed_by: str, generation: int) -> None:
    st.subheader(f"{len(table)} draft(s) to review", anchor=False)
    shown = table.assign(status="draft")
    edited = st.data_editor(
        shown[SHOWN],
        hide_index=True,
        width="stretch",
        disabled=READ_ONLY,
        key=f"coding_editor-{generation}",
        column_config={
            "evidence": st.column_config.TextColumn("evidence", width="medium"),
            "date_start": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "date_end": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "notes": st.column_config.TextColumn(width="large"),
            "place_candidates": st.column_config.TextColumn("candidates (unsettled place)"),
        },
    )
    reviewed = table.copy()
    for column in SHOWN:
        if column not in READ_ONLY:
            reviewed[column] = edited[column].to_numpy()
    st.caption(
        "A place the report does not settle has no coordinates and lists its candidates: "
        "type the right one's latitude, longitude and district, and set geo_precision to 1."
    )
    left, right = st.columns(2)
    if left.button(f"Commit {len(table)} events", type="primary", key="coding_commit"):
        data = native_csv(reviewed, draft=False, analyst=committed_by)
        name = f"coded report {reviewed['event_id'].iloc[0].rsplit('-', 1)[0]}.csv"
        plan = plan_import(data, name, store, file_format="native")
        if not plan.ok:
            st.error(f"Not committed: {len(plan.problems)} problem(s). Fix the drafts and retry.")
            st.dataframe(
                pd.DataFrame(
                    [(p.line - 1, p.column, p.value, p.reason) for p in plan.problems],
                    columns=["draft", "column", "value", "reason"],
                ),
                hide_index=True,
                width="stretch",
            )
            return
        try:
            batch = commit(plan, store, committed_by=committed_by)
        except StoreBusy as busy:
            st.warning(str(busy))
            return
        if batch is None:
            st.info("These drafts were committed before; nothing was added.")
            return
        st.session_state.pop(DRAFTS, None)
        st.session_state["coding_generation"] = generation + 1
        st.session_state["coding_message"] = (
            f"Committed batch {batch.batch_id}: {batch.row_count} event(s). "
            "Undo it on the Import page."
        )
        st.rerun()
    if right.button("Discard the drafts", key="coding_discard"):
        st.session_state.pop(DRAFTS, None)
        st.session_state["coding_generation"] = generation + 1
        st.rerun()
