"""The database tables, declared once: batches, events, the geocoder's answers, the
column mappings of tables.

Columns follow :data:`events.schema.COLUMN_SPECS`; the constraints are the last line of
defence behind validation.  On PostgreSQL the events table also gets a PostGIS column
``geom`` — a Point in EPSG:4326 generated from (longitude, latitude), x being
longitude — with a GiST index; SQLite keeps only the two coordinate columns.
"""

from __future__ import annotations

import sqlalchemy as sa

from events.schema import COLUMN_SPECS

SQL_TYPES = {
    "text": sa.Text,
    "date": sa.Date,
    "int": sa.Integer,
    "float": sa.Float,
    "timestamp": sa.DateTime,
}

metadata = sa.MetaData()

batches = sa.Table(
    "batches",
    metadata,
    sa.Column("batch_id", sa.String(64), primary_key=True),
    sa.Column("committed_at", sa.DateTime, nullable=False),
    sa.Column("committed_by", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_hash", sa.String(64), nullable=False, index=True),
    sa.Column("file_format", sa.String(16), nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    *(
        sa.Column(
            spec.name,
            SQL_TYPES[spec.kind],
            primary_key=spec.name == "event_id",
            nullable=spec.name != "event_id",
        )
        for spec in COLUMN_SPECS
        if spec.name != "batch_id"
    ),
    sa.Column(
        "batch_id",
        sa.String(64),
        sa.ForeignKey("batches.batch_id", ondelete="RESTRICT"),
        nullable=False,
    ),
    sa.Column("extra", sa.Text, nullable=True, doc="Source columns the schema has no place for."),
    sa.Index("ix_events_type", "event_type"),
    sa.Index("ix_events_admin2", "admin2"),
    sa.Index("ix_events_batch", "batch_id"),
    # the probable-duplicate check's lookups (same interval and type, a latitude band)
    # read only this index, however many events a day the store holds; it also serves
    # the date-range reads (an index on the dates alone would only slow every import)
    sa.Index(
        "ix_events_duplicates",
        "date_start",
        "date_end",
        "event_type",
        "latitude",
        "longitude",
        "location",
        "event_id",
    ),
    # the last line of defence behind validation: no row breaks these, on any backend
    sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="ck_events_latitude"),
    sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="ck_events_longitude"),
    sa.CheckConstraint("fatalities >= 0", name="ck_events_fatalities"),
    sa.CheckConstraint("date_start <= date_end", name="ck_events_dates"),
)


def generate_postgis_geometry(table: sa.Table, geometry: str, expression: str) -> None:
    """On PostgreSQL only: a ``geom`` column of ``geometry`` (type, 4326) generated from
    ``expression`` over the table's own columns, so it can never disagree with them, and
    a GiST index on it (``ix_<table>_geom``)."""
    for statement in (
        f"ALTER TABLE %(fullname)s ADD COLUMN geom geometry({geometry}, 4326) GENERATED ALWAYS"
        f" AS ({expression}) STORED",
        f"CREATE INDEX ix_{table.name}_geom ON %(fullname)s USING GIST (geom)",
    ):
        sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect="postgresql"))


# PostGIS: the events' points (x is longitude).
generate_postgis_geometry(events, "Point", "ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)")


replaced_events = sa.Table(
    "replaced_events",
    metadata,
    *(
        sa.Column(column.name, column.type, primary_key=column.name == "event_id")
        for column in events.columns
        if column.name != "batch_id"
    ),
    sa.Column(
        "batch_id",
        sa.String(64),
        sa.ForeignKey("batches.batch_id", ondelete="RESTRICT"),
        nullable=False,
        doc="The batch that brought this version.",
    ),
    sa.Column(
        "replaced_by",
        sa.String(64),
        sa.ForeignKey("batches.batch_id", ondelete="RESTRICT"),
        primary_key=True,
        doc="The batch that replaced it; undoing that batch puts this version back.",
    ),
    sa.Index("ix_replaced_events_batch", "batch_id"),
    sa.Index("ix_replaced_events_replaced_by", "replaced_by"),
)
"""Stored events a later batch replaced with the source's new version (same id, other
values), kept exactly as they were so that undoing the replacing batch restores them."""


geocodes = sa.Table(
    "geocode_cache",
    metadata,
    sa.Column("query", sa.Text, primary_key=True),
    sa.Column("answer", sa.Text, nullable=True, doc="JSON of the place; NULL: no such place"),
    sa.Column("cached_at", sa.DateTime, nullable=False),
)
"""Answers of the optional online geocoder, so each name is asked at most once."""


column_mappings = sa.Table(
    "column_mappings",
    metadata,
    sa.Column("header_key", sa.String(64), primary_key=True, doc="SHA-256 of the header"),
    sa.Column("header", sa.Text, nullable=False, doc="JSON list of the column names"),
    sa.Column("mapping", sa.Text, nullable=False, doc="JSON: columns and values by field"),
    sa.Column("saved_by", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)
"""The last column mapping committed for each set of headers (the table format), so
the next file with the same headers is mapped as the team mapped it before."""


EVENT_COLUMNS = [spec.name for spec in COLUMN_SPECS]
"""The schema's columns, as the store returns them."""
INSERT_COLUMNS = tuple(column.name for column in events.columns)
"""The columns an insert writes, in the table's order (the compiled statement's)."""
OBSOLETE_INDEXES = ("ix_events_dates",)
"""Indexes older stores have and this one drops: ``ix_events_dates`` (date_start, date_end)
is a prefix of ``ix_events_duplicates`` and only made every import write it too."""

PROBE_COLUMNS = (
    "point_id",
    "date_start",
    "date_end",
    "event_type",
    "lat_lo",
    "lat_hi",
    "lon_lo",
    "lon_hi",
)
duplicate_probe = sa.Table(
    "sitmap_duplicate_probe",
    sa.MetaData(),
    sa.Column("point_id", sa.Integer),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("event_type", sa.Text),
    *(sa.Column(name, sa.Float) for name in ("lat_lo", "lat_hi", "lon_lo", "lon_hi")),
    prefixes=["TEMPORARY"],
)
"""A file's points (per interval and type) and the box around each, for the
probable-duplicate lookups (see :mod:`events.duplicates.lookup`)."""
KEY_COLUMNS = ("key_id", "date_start", "date_end", "event_type", "located")
duplicate_keys = sa.Table(
    "sitmap_duplicate_keys",
    sa.MetaData(),
    sa.Column("key_id", sa.Integer),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("event_type", sa.Text),
    sa.Column("located", sa.Boolean(create_constraint=False)),
    prefixes=["TEMPORARY"],
)
"""A file's distinct (interval, type, has coordinates) keys, numbered, for the lookups by
place name (see :mod:`events.duplicates.lookup`)."""


overlay_layers = sa.Table(
    "overlay_layers",
    metadata,
    sa.Column("layer_id", sa.String(64), primary_key=True),
    sa.Column("series", sa.Text, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("stamp", sa.DateTime, nullable=False, doc="the source's time; breaks a day's tie"),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_hash", sa.String(64), nullable=False),
    sa.Column("file_format", sa.String(16), nullable=False),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Column("imported_by", sa.Text, nullable=False),
    sa.Column("feature_count", sa.Integer, nullable=False),
    sa.Column("classes", sa.Text, nullable=False, doc="JSON: features by class"),
    sa.Column("report", sa.Text, nullable=False, doc="JSON: what the import repaired or skipped"),
    sa.Index("ix_overlay_layers_series_day", "series", "day"),
)
"""Dated control layers (see :mod:`events.overlays`), each imported from one file and
undone as a whole, like a batch of events."""

overlay_features = sa.Table(
    "overlay_features",
    metadata,
    sa.Column(
        "layer_id",
        sa.String(64),
        sa.ForeignKey("overlay_layers.layer_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("feature_no", sa.Integer, primary_key=True),
    sa.Column("class", sa.String(32), nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("colour", sa.String(7), nullable=True, doc="the source's own colour, #rrggbb"),
    sa.Column("wkb", sa.LargeBinary, nullable=False, doc="the geometry as WKB, lon/lat"),
)
"""A layer's polygons and lines, one class each."""

# PostGIS: the control layers' shapes, from their WKB.
generate_postgis_geometry(overlay_features, "Geometry", "ST_SetSRID(ST_GeomFromWKB(wkb), 4326)")
