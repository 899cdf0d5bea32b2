"""Control layers in the event store's database: added whole, listed, read, undone whole.

The same engine and write lock as the events (:mod:`events.engine`,
:mod:`events.write_lock`); one layer is one transaction, like a batch.  A feature's
geometry travels as WKB in lon/lat; on PostgreSQL the table also holds a PostGIS
``geom`` generated from it (EPSG:4326, GiST-indexed), on SQLite the WKB alone.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime

import shapely
import sqlalchemy as sa

from events.overlays import OverlayFeature, OverlayLayer, dumps
from events.tables import overlay_features, overlay_layers
from events.write_lock import write_transaction


class OverlayStore:
    """The layers of one database (the engine of an :class:`events.store.Store`)."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def add_layer(
        self,
        features: list[OverlayFeature],
        *,
        series: str,
        day: date,
        stamp: datetime | None = None,
        source: str,
        file_name: str,
        data_hash: str,
        file_format: str,
        report: dict | None = None,
        imported_by: str = "",
    ) -> OverlayLayer:
        """Store a layer and its features in one transaction; the layer as stored.

        ``stamp`` (the source's own time) orders two layers of one day; without one
        the import's time does."""
        if not series.strip():
            raise ValueError("a layer needs a series name")
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        classes: dict[str, int] = {}
        for feature in features:
            classes[feature.overlay_class] = classes.get(feature.overlay_class, 0) + 1
        layer = OverlayLayer(
            layer_id=f"o{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
            series=series.strip(),
            day=day,
            stamp=stamp or now,
            source=source,
            file_name=file_name,
            file_hash=data_hash,
            file_format=file_format,
            imported_at=now,
            imported_by=imported_by or os.environ.get("SITMAP_USER") or "analyst",
            feature_count=len(features),
            classes=classes,
            report=dict(report or {}),
        )
        row = {
            "layer_id": layer.layer_id,
            "series": layer.series,
            "day": layer.day,
            "stamp": layer.stamp,
            "source": layer.source,
            "file_name": layer.file_name,
            "file_hash": layer.file_hash,
            "file_format": layer.file_format,
            "imported_at": layer.imported_at,
            "imported_by": layer.imported_by,
            "feature_count": layer.feature_count,
            "classes": dumps(layer.classes),
            "report": dumps(layer.report),
        }
        rows = [
            {
                "layer_id": layer.layer_id,
                "feature_no": n,
                "class": feature.overlay_class,
                "label": feature.label,
                "colour": feature.colour,
                "wkb": shapely.to_wkb(feature.geometry, output_dimension=2),
            }
            for n, feature in enumerate(features)
        ]
        with write_transaction(self.engine) as conn:
            conn.execute(overlay_layers.insert(), [row])
            if rows:
                conn.execute(overlay_features.insert(), rows)
        return layer

    def layers(self, series: str | None = None) -> list[OverlayLayer]:
        """Stored layers (of one series if named), by series, day and stamp."""
        query = sa.select(overlay_layers).order_by(
            overlay_layers.c.series, overlay_layers.c.day, overlay_layers.c.stamp
        )
        if series is not None:
            query = query.where(overlay_layers.c.series == series)
        with self.engine.connect() as conn:
            return [_layer(row) for row in conn.execute(query).mappings()]

    def series(self) -> list[str]:
        """The series names, sorted."""
        with self.engine.connect() as conn:
            query = sa.select(overlay_layers.c.series).distinct().order_by(overlay_layers.c.series)
            return list(conn.execute(query).scalars())

    def find_layer(self, data_hash: str, series: str) -> OverlayLayer | None:
        """The layer of ``series`` imported from a file with this hash, if any."""
        query = sa.select(overlay_layers).where(
            overlay_layers.c.file_hash == data_hash, overlay_layers.c.series == series
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _layer(row) if row else None

    def features(self, layer_id: str) -> list[OverlayFeature]:
        """A layer's features in their stored order (empty for an unknown layer)."""
        query = (
            sa.select(
                overlay_features.c["class"],
                overlay_features.c.label,
                overlay_features.c.colour,
                overlay_features.c.wkb,
            )
            .where(overlay_features.c.layer_id == layer_id)
            .order_by(overlay_features.c.feature_no)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        shapes = shapely.from_wkb([bytes(row.wkb) for row in rows]) if rows else []
        return [
            OverlayFeature(row[0], row.label, row.colour, shape)
            for row, shape in zip(rows, shapes, strict=True)
        ]

    def undo(self, layer_id: str) -> int:
        """Remove one layer and its features; how many features went (KeyError: no such
        layer)."""
        with write_transaction(self.engine) as conn:
            found = conn.execute(
                sa.select(overlay_layers.c.layer_id).where(overlay_layers.c.layer_id == layer_id)
            ).scalar()
            if found is None:
                raise KeyError(layer_id)
            removed = conn.execute(
                overlay_features.delete().where(overlay_features.c.layer_id == layer_id)
            ).rowcount
            conn.execute(overlay_layers.delete().where(overlay_layers.c.layer_id == layer_id))
        return removed

    def version(self) -> str:
        """A token that changes whenever a layer is added or undone (for cache keys)."""
        with self.engine.connect() as conn:
            count, last = conn.execute(
                sa.select(sa.func.count(), sa.func.max(overlay_layers.c.layer_id))
            ).one()
        return f"{count}-{last or 'none'}"


def _layer(row) -> OverlayLayer:
    values = dict(row)
    return OverlayLayer(
        layer_id=values["layer_id"],
        series=values["series"],
        day=values["day"],
        stamp=values["stamp"],
        source=values["source"],
        file_name=values["file_name"],
        file_hash=values["file_hash"],
        file_format=values["file_format"],
        imported_at=values["imported_at"],
        imported_by=values["imported_by"],
        feature_count=values["feature_count"],
        classes=json.loads(values["classes"]),
        report=json.loads(values["report"]),
    )
