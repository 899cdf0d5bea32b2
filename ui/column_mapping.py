"""The Import page's column mapping, for a table in no known format (``table``).

One dropdown per field lists the file's columns; each starts at the mapping the team
last committed for the same headers (kept in the store: :mod:`events.column_mappings`),
else at a guess from the header names (:mod:`events.formats.table_guess`).  Values every
row shares (the event type, the source) are asked for below, used where no column is
chosen.  The command line's ``--column``/``--set`` are the same mapping.  Column names
come from the analyst's file: they are shown only as dropdown options, never as markdown.
"""

from __future__ import annotations

import streamlit as st

from events.column_mappings import header_key, recall
from events.formats.readers import read_any
from events.formats.table import POSITION, ColumnMapping
from events.formats.table_guess import SAMPLE, guess_mapping
from events.problems import RejectedInput
from events.store import Store, file_hash
from events.vocabulary import EVENT_TYPES, TAXONOMY

NONE = "(none)"
FIELDS = (
    "date_start", "date_end", POSITION, "latitude", "longitude", "location", "admin1",
    "admin2", "country", "event_id", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities", "notes", "source", "source_url", "geo_precision", "time_precision",
)  # fmt: skip
"""The fields offered, in the order the form shows them."""
SHARED = ("event_type", "sub_event_type", "actor1", "source")
"""Fields the form asks one value for, used where no column is chosen."""


def mapping_form(data: bytes, file_name: str, store: Store) -> tuple[list[str], ColumnMapping]:
    """The file's header and the mapping the analyst chose; an empty mapping when the
    file cannot be read (the preview then shows why)."""
    read = _header_and_sample(data, file_name)
    if read is None:
        return [], ColumnMapping()
    header, sample = read
    remembered = recall(store, header)
    proposed = remembered or guess_mapping(header, sample)
    key = header_key(header)[:16]
    columns: dict[str, str] = {}
    with st.expander("Column mapping", expanded=True):
        st.caption(
            "The mapping last used for these columns."
            if remembered is not None
            else "Guessed from the column names: check each field."
        )
        slots = st.columns(4)
        options = [NONE, *header]
        for n, field in enumerate(FIELDS):
            chosen = proposed.columns.get(field, NONE)
            choice = slots[n % 4].selectbox(
                field,
                options,
                index=options.index(chosen) if chosen in options else 0,
                key=f"map-{key}-{field}",
            )
            if choice != NONE:
                columns[field] = choice
        st.caption("One value for every row, where no column is chosen above:")
        values = _shared_values(proposed, key)
    values = {field: value for field, value in values.items() if field not in columns}
    return header, ColumnMapping(columns, values)


def _header_and_sample(data: bytes, file_name: str) -> tuple[list[str], list[list[str]]] | None:
    """The file's header and first rows (what the guess looks at), read once per file:
    the form is drawn on every rerun of the page, and a large file takes seconds to read.
    None when the file cannot be read."""
    key = ("column-mapping-sample", file_hash(data), file_name)
    if st.session_state.get("column_mapping_key") != key:
        try:
            table = read_any(data, file_name)
        except RejectedInput:
            read = None
        else:
            read = (table.header, table.rows[:SAMPLE])
        st.session_state["column_mapping_key"] = key
        st.session_state["column_mapping_read"] = read
    return st.session_state["column_mapping_read"]


def _shared_values(proposed: ColumnMapping, key: str) -> dict[str, str]:
    left, middle, right, last = st.columns(4)
    types = [NONE, *EVENT_TYPES]
    given = proposed.values.get("event_type", NONE)
    event_type = left.selectbox(
        "event type (every row)",
        types,
        index=types.index(given) if given in types else 0,
        key=f"set-{key}-event_type",
    )
    subs = [NONE, *TAXONOMY.get(event_type, ())]
    given = proposed.values.get("sub_event_type", NONE)
    sub = middle.selectbox(
        "sub-event type (every row)",
        subs,
        index=subs.index(given) if given in subs else 0,
        key=f"set-{key}-sub_event_type-{event_type}",
    )
    actor = right.text_input(
        "actor1 (every row)", value=proposed.values.get("actor1", ""), key=f"set-{key}-actor1"
    )
    source = last.text_input(
        "source (every row)", value=proposed.values.get("source", ""), key=f"set-{key}-source"
    )
    chosen = {"event_type": event_type, "sub_event_type": sub, "actor1": actor, "source": source}
    return {
        field: value.strip() for field, value in chosen.items() if value.strip() and value != NONE
    }
