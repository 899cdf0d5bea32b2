"""Reading a control layer from GeoJSON, KML, KMZ or GeoPackage (pyogrio/GDAL), and
committing it to a series.

Each feature is sorted into a class of :data:`events.overlays.CLASSES`:

- DeepStateMap raw exports name features in three parts,
  ``Ukrainian /// English /// geoJSON.status.<code>``: ``dismissed`` (liberated) is
  Ukrainian-held, ``occupied*`` Russian-held, ``unknown`` the grey zone.  Their colour
  is in the style URL (``#poly-0F9D58-2000-77-nodesc``), which GDAL does not expose for
  KML, so a KML's styles are read here with lxml.  Unit icons are points: skipped and
  counted.
- ISW-derived files carry ``date``, ``area_km2`` and ``layer_type``; "claimed" layers
  get classes of their own, never merged with the assessed ones.
- Lines are the front line.

Invalid rings (ISW's bow-ties) are repaired with shapely's ``make_valid`` and counted;
points and empty shapes are skipped and counted.  Nothing in a file crashes the import:
what cannot be used is said in :attr:`OverlayFile.problems` and the file is rejected.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyogrio
import shapely
from lxml import etree

from events.overlay_store import OverlayStore
from events.overlays import OverlayFeature, OverlayLayer
from events.store import file_hash
from sitmap.overlay_dates import NoLayerDate, layer_date

SUFFIXES = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".kmz": "kmz",
    ".gpkg": "gpkg",
}
"""The formats a layer is read from, by the file name's suffix."""
DEEPSTATE_STATUS = {
    "dismissed": "ukrainian_held",
    "liberated": "ukrainian_held",
    "unknown": "grey_zone",
    "occupied": "russian_held",
}
"""DeepStateMap's status codes (``geoJSON.status.<code>``); any ``occupied_…`` code
(``occupied_after_24_02_2022``, ``occupied_to_24_02_2022``) is Russian-held too."""
MAX_KMZ_BYTES = 200 * 1024 * 1024
"""A KMZ's KML unpacked, at most (a zip bomb is refused, not unpacked)."""
_STYLE_COLOUR = re.compile(r"^#?(?:poly|line)-([0-9A-Fa-f]{6})(?:-|$)")
_KML_NS = "{http://www.opengis.net/kml/2.2}"


@dataclass
class OverlayFile:
    """What a file holds as a layer: its features and day, and what was done to it."""

    file_name: str
    file_format: str
    data_hash: str
    features: list[OverlayFeature] = field(default_factory=list)
    day: date | None = None
    day_origin: str = ""
    stamp: datetime | None = None
    source: str = "file"
    report: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def file_format_of(file_name: str) -> str | None:
    """``geojson``, ``kml``, ``kmz`` or ``gpkg`` by the name's suffix, else None."""
    lowered = file_name.lower()
    for suffix, name in SUFFIXES.items():
        if lowered.endswith(suffix):
            return name
    return None


def read_overlay(
    data: bytes,
    file_name: str,
    *,
    day: date | None = None,
    layer: str | None = None,
) -> OverlayFile:
    """Read one file as a layer (nothing stored); ``day`` is ``--date``, ``layer`` a
    GeoPackage's layer name."""
    file_format = file_format_of(file_name)
    result = OverlayFile(file_name, file_format or "?", file_hash(data))
    if file_format is None:
        result.problems.append(
            f"{file_name}: not a control layer file (use .geojson, .kml, .kmz or .gpkg)"
        )
        return result
    try:
        frame, styles = _read_frame(data, file_format, layer)
    except ValueError as exc:
        result.problems.append(f"{file_name}: {exc}")
        return result
    except Exception as exc:  # GDAL's own errors name the file's fault, not ours
        result.problems.append(f"{file_name}: GDAL could not read it ({type(exc).__name__})")
        return result
    dates = frame["date"].tolist() if "date" in frame.columns else []
    try:
        found = layer_date(file_name, dates, day)
    except NoLayerDate as exc:
        result.problems.append(str(exc))
        return result
    result.day, result.day_origin, result.stamp = found.day, found.origin, found.stamp
    _sort_features(frame, styles, result)
    if not result.features:
        result.problems.append(f"{file_name}: no polygon or line to draw in this file")
    return result


def _read_frame(data: bytes, file_format: str, layer: str | None) -> tuple[pd.DataFrame, dict]:
    """Every feature of the file as one frame (every folder of a KML), and the KML's
    style URLs by placemark name (empty for other formats)."""
    if file_format == "kmz":
        data = _kml_of_kmz(data)
        file_format = "kml"
    layers = pyogrio.list_layers(io.BytesIO(data))
    chosen = list(range(len(layers)))  # by position: a buffer's name is new on every read
    if file_format == "gpkg":
        chosen = [_gpkg_layer(layers, layer)]
    elif layer is not None:
        raise ValueError("--layer names a GeoPackage's layer; this file has no layers to choose")
    if not chosen:
        raise ValueError("this file holds no layer")
    frames = [pyogrio.read_dataframe(io.BytesIO(data), layer=i, use_arrow=False) for i in chosen]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if "Name" in frame.columns and "name" not in frame.columns:  # GDAL's KML drivers
        frame = frame.rename(columns={"Name": "name"})
    styles = kml_styles(data) if file_format == "kml" else {}
    return frame, styles


def _gpkg_layer(layers: np.ndarray, wanted: str | None) -> int:
    """The position of the GeoPackage layer to read: the one named, else the only
    layer, else the only polygon layer."""
    names = [str(name) for name in layers[:, 0]]
    if wanted is not None:
        if wanted not in names:
            raise ValueError(f"no layer {wanted!r} in this GeoPackage (it has: {', '.join(names)})")
        return names.index(wanted)
    polygonal = [i for i, kind in enumerate(layers[:, 1]) if "polygon" in str(kind).lower()]
    if len(names) == 1:
        return 0
    if len(polygonal) == 1:
        return polygonal[0]
    raise ValueError(
        f"this GeoPackage has {len(names)} layers ({', '.join(names)}) and "
        f"{len(polygonal)} of them polygonal: name one with --layer"
    )


def _kml_of_kmz(data: bytes) -> bytes:
    """The KML document inside a KMZ (``doc.kml``, else its first ``.kml``)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValueError("not a KMZ (not a zip archive)") from None
    kmls = [info for info in archive.infolist() if info.filename.lower().endswith(".kml")]
    if not kmls:
        raise ValueError("this KMZ holds no .kml document")
    chosen = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])
    if chosen.file_size > MAX_KMZ_BYTES:
        raise ValueError(f"the KML in this KMZ unpacks to {chosen.file_size:,} bytes: too big")
    with archive.open(chosen) as member:
        return member.read(MAX_KMZ_BYTES + 1)[:MAX_KMZ_BYTES]


def kml_styles(data: bytes) -> dict[str, deque[str]]:
    """Each placemark's style URL by its name, in document order (a name may repeat).

    GDAL's KML drivers drop ``styleUrl``; this reads it with lxml (entities and the
    network off: the file is untrusted)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, deque[str]] = defaultdict(deque)
    for placemark in root.iter(f"{_KML_NS}Placemark", "Placemark"):
        name = _child_text(placemark, "name")
        url = _child_text(placemark, "styleUrl")
        found[name].append(_resolved_colour(root, url) or url)
    return found


def _child_text(element, tag: str) -> str:
    for child in element:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == tag:
            return (child.text or "").strip()
    return ""


def _resolved_colour(root, url: str, depth: int = 0) -> str | None:
    """A style URL whose id holds no colour, resolved through its Style (or StyleMap's
    normal style) to ``#rrggbb`` from KML's ``aabbggrr``; None when not found."""
    if not url.startswith("#") or _STYLE_COLOUR.match(url) or depth > 3:
        return None
    for element in root.iter(f"{_KML_NS}Style", f"{_KML_NS}StyleMap", "Style", "StyleMap"):
        if element.get("id") != url[1:]:
            continue
        if element.tag.endswith("StyleMap"):
            for pair in element:
                if _child_text(pair, "key") == "normal":
                    return _resolved_colour(root, _child_text(pair, "styleUrl"), depth + 1)
            return None
        for kind in ("PolyStyle", "LineStyle"):
            for sub in element.iter(f"{_KML_NS}{kind}", kind):
                colour = _child_text(sub, "color")
                if re.fullmatch(r"[0-9A-Fa-f]{8}", colour):
                    return "#" + colour[6:8] + colour[4:6] + colour[2:4]
    return None


def style_colour(style_url: object) -> str | None:
    """``#poly-0F9D58-2000-77-nodesc`` (or a resolved ``#0f9d58``) → ``#0f9d58``."""
    if not isinstance(style_url, str):
        return None
    found = _STYLE_COLOUR.match(style_url.strip())
    if found:
        return "#" + found.group(1).lower()
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", style_url.strip()):
        return style_url.strip().lower()
    return None


def classify(properties: dict) -> tuple[str | None, str, str]:
    """(class, label, kind of source) of a feature from its properties: class None for
    a DeepStateMap unit icon; kind "deepstate", "isw" or "file"."""
    name = str(properties.get("name") or "").strip()
    parts = [part.strip() for part in name.split("///")]
    if len(parts) == 3 and parts[2].startswith("geoJSON."):
        label = parts[1] or parts[0]
        code = parts[2]
        if code.startswith("geoJSON.units"):
            return None, label, "deepstate"
        status = code.removeprefix("geoJSON.status.").strip().lower()
        if status.startswith("occupied"):
            return "russian_held", label, "deepstate"
        return DEEPSTATE_STATUS.get(status, "other"), label, "deepstate"
    layer_type = str(properties.get("layer_type") or "").strip()
    if layer_type:
        return _isw_class(layer_type), layer_type, "isw"
    return "other", name, "file"


def _isw_class(layer_type: str) -> str:
    """ISW's ``layer_type`` (``kursk_russian_advances``, ``..._claimed_...``) as a class;
    claimed ground stays apart from assessed ground."""
    lowered = layer_type.lower()
    claimed = "claim" in lowered
    if any(word in lowered for word in ("front", "flot", "line")):
        return "front_line"
    if any(word in lowered for word in ("contested", "grey", "gray")):
        return "grey_zone"
    if "ukrain" in lowered:
        return "ukrainian_claimed" if claimed else "ukrainian_held"
    if "russia" in lowered:
        return "russian_claimed" if claimed else "russian_held"
    return "other"


def _sort_features(frame: pd.DataFrame, styles: dict, result: OverlayFile) -> None:
    """Sort each feature into its class, repairing or skipping what needs it, and record
    the counts in the report."""
    report: Counter = Counter()
    sources: Counter = Counter()
    unknown_codes: Counter = Counter()
    properties = frame.drop(columns="geometry").to_dict("records")
    for props, geometry in zip(properties, frame.geometry, strict=True):
        overlay_class, label, kind = classify(props)
        sources[kind] += 1
        name = str(props.get("name") or "")
        url = props.get("styleUrl")
        if not isinstance(url, str) and styles.get(name):
            url = styles[name].popleft()
        if geometry is None or shapely.is_empty(geometry):
            report["empty_skipped"] += 1
            continue
        geometry = shapely.force_2d(geometry)
        if geometry.geom_type in ("Point", "MultiPoint"):
            report["unit_points_skipped" if overlay_class is None else "points_skipped"] += 1
            continue
        if overlay_class is None:
            report["unit_points_skipped"] += 1
            continue
        if overlay_class == "other" and kind == "deepstate":
            unknown_codes[name.split("///")[-1].strip()] += 1
        if not shapely.is_valid(geometry):
            geometry = _repaired(geometry)
            report["repaired"] += 1
        if "Line" in geometry.geom_type:
            overlay_class = "front_line"
        elif overlay_class == "front_line":  # a polygon said to be a line: keep its edge
            geometry = geometry.boundary
        if geometry.is_empty:
            report["empty_skipped"] += 1
            continue
        result.features.append(OverlayFeature(overlay_class, label, style_colour(url), geometry))
    result.report = dict(report)
    if unknown_codes:
        result.report["unknown_status"] = dict(unknown_codes)
    if sources["deepstate"]:
        result.source = "DeepStateMap"
    elif sources["isw"]:
        result.source = "ISW"


def _repaired(geometry: shapely.Geometry) -> shapely.Geometry:
    """A valid shape of the same kind (shapely's ``make_valid``), keeping only the
    polygons of a repaired polygon (a bow-tie becomes two triangles, not a line)."""
    fixed = shapely.make_valid(geometry)
    if "Polygon" not in geometry.geom_type:
        return fixed
    parts = [
        part
        for part in getattr(fixed, "geoms", [fixed])
        if part.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def commit_overlay(
    plan: OverlayFile,
    store: OverlayStore,
    *,
    series: str,
    source: str | None = None,
    imported_by: str = "",
) -> OverlayLayer | None:
    """Store a readable file as a layer of ``series``; None when it was rejected (the
    plan's problems say why) or is already a layer of that series."""
    if plan.problems or plan.day is None:
        return None
    if store.find_layer(plan.data_hash, series) is not None:
        return None
    return store.add_layer(
        plan.features,
        series=series,
        day=plan.day,
        stamp=plan.stamp,
        source=source or plan.source,
        file_name=plan.file_name,
        data_hash=plan.data_hash,
        file_format=plan.file_format,
        report=plan.report,
        imported_by=imported_by,
    )


def report_lines(plan: OverlayFile) -> list[str]:
    """What the import did to a file, one plain line each."""
    lines = []
    if plan.day is not None:
        lines.append(f"date {plan.day.isoformat()} (from the {plan.day_origin})")
    counts = Counter(feature.overlay_class for feature in plan.features)
    if counts:
        lines.append("features: " + ", ".join(f"{name} {n}" for name, n in sorted(counts.items())))
    words = {
        "repaired": "invalid ring(s) repaired (make_valid)",
        "unit_points_skipped": "unit icon point(s) skipped",
        "points_skipped": "other point(s) skipped",
        "empty_skipped": "empty shape(s) skipped",
    }
    for key, text in words.items():
        if plan.report.get(key):
            lines.append(f"{plan.report[key]} {text}")
    for code, n in sorted(plan.report.get("unknown_status", {}).items()):
        lines.append(f"{n} feature(s) with the unknown status {code!r} drawn as 'other'")
    return lines
