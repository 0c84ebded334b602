"""GeoJSON polygons drawn with matplotlib alone (no geopandas, no shapely at run time).

Coordinates are longitude/latitude (WGS 84). Maps use an equirectangular view with the aspect
corrected for the latitude, which is accurate enough for a locator map of Vietnam. Nothing is
cropped: the extent is that of all features drawn, so the Hoàng Sa and Trường Sa archipelagos
(parts of Đà Nẵng and Khánh Hòa in the boundary files) stay on the national map.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path

Geometry = dict

#: The distant archipelagos drawn as parts of these provinces in the boundary files, with the
#: Vietnamese names every map labels them by (one mapping for all chapters).
ARCHIPELAGOS = {"da-nang": "Quần đảo Hoàng Sa", "khanh-hoa": "Quần đảo Trường Sa"}


def features_by(geojson: dict, key: str) -> dict[str, Geometry]:
    """Geometry of each feature keyed by a property (as text), e.g. ``province_id``.

    Raises ValueError naming the property when a feature lacks it: a boundary file that cannot
    be joined to the tables must not be drawn silently wrong.
    """
    out: dict[str, Geometry] = {}
    for number, feature in enumerate(geojson.get("features", [])):
        props = feature.get("properties") or {}
        if key not in props or props[key] in (None, ""):
            raise ValueError(f"feature {number} has no property {key!r} (has: {sorted(props)})")
        out[str(props[key])] = feature["geometry"]
    return out


def polygons(geometry: Geometry) -> list[list[np.ndarray]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of rings (exterior first)."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates", [])
    if kind == "Polygon":
        parts = [coords]
    elif kind == "MultiPolygon":
        parts = coords
    elif kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in polygons(g)]
    else:
        raise ValueError(f"cannot draw geometry of type {kind!r} (Polygon or MultiPolygon only)")
    return [[np.asarray(ring, dtype=float)[:, :2] for ring in part if len(ring)] for part in parts]


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area in squared degrees: positive when the ring runs counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _oriented(ring: np.ndarray, counter_clockwise: bool) -> np.ndarray:
    return ring if (signed_area(ring) > 0) == counter_clockwise else ring[::-1]


def geometry_path(geometry: Geometry) -> Path:
    """One compound path; exteriors counter-clockwise and holes clockwise so holes stay empty."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for part in polygons(geometry):
        for k, ring in enumerate(part):
            if len(ring) < 3:
                continue
            ring = _oriented(ring, counter_clockwise=(k == 0))
            closed = np.vstack([ring, ring[:1]])
            code = np.full(len(closed), Path.LINETO, dtype=Path.code_type)
            code[0] = Path.MOVETO
            code[-1] = Path.CLOSEPOLY
            vertices.append(closed)
            codes.append(code)
    if not vertices:
        return Path(np.zeros((0, 2)))
    return Path(np.vstack(vertices), np.concatenate(codes))


def bounds(geometries: Iterable[Geometry]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of all rings of all geometries."""
    points = [ring for g in geometries for part in polygons(g) for ring in part]
    if not points:
        raise ValueError("no coordinates to compute bounds from")
    stacked = np.vstack(points)
    return (
        float(stacked[:, 0].min()),
        float(stacked[:, 1].min()),
        float(stacked[:, 0].max()),
        float(stacked[:, 1].max()),
    )


def label_point(geometry: Geometry) -> tuple[float, float]:
    """Centroid of the largest polygon's exterior ring: where a name label goes."""
    parts = [part[0] for part in polygons(geometry) if len(part) and len(part[0]) >= 3]
    if not parts:
        raise ValueError("empty geometry has no label point")
    ring = max(parts, key=lambda r: abs(signed_area(r)))
    area = signed_area(ring)
    if area == 0:
        return float(ring[:, 0].mean()), float(ring[:, 1].mean())
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    cx = float(((x + np.roll(x, -1)) * cross).sum() / (6 * area))
    cy = float(((y + np.roll(y, -1)) * cross).sum() / (6 * area))
    return cx, cy


def offshore_rings(geometry: Geometry, min_distance: float = 2.5) -> list[np.ndarray]:
    """Exterior rings of the parts lying far (degrees) from the geometry's largest part.

    Used to find, draw and label the distant archipelagos without typing their coordinates.
    """
    parts = [part[0] for part in polygons(geometry) if len(part) and len(part[0]) >= 3]
    if len(parts) < 2:
        return []
    main = max(parts, key=lambda r: abs(signed_area(r)))
    mx, my = main[:, 0].mean(), main[:, 1].mean()
    return [
        r
        for r in parts
        if r is not main and math.hypot(r[:, 0].mean() - mx, r[:, 1].mean() - my) >= min_distance
    ]


def offshore_parts(
    geometry: Geometry, min_distance: float = 2.5
) -> list[tuple[float, float, float, float]]:
    """Bounds of the parts lying far (degrees) from the geometry's largest part."""
    far = offshore_rings(geometry, min_distance)
    if not far:
        return []
    stacked = np.vstack(far)
    return [
        (
            float(stacked[:, 0].min()),
            float(stacked[:, 1].min()),
            float(stacked[:, 0].max()),
            float(stacked[:, 1].max()),
        )
    ]


#: Colour of the distant archipelagos and of the dashed frame around them.
OFFSHORE_COLOR = "#6B6B6B"


def mark_offshore(
    ax: Axes, geometry: Geometry, label: str, *, fontsize: float, color: str, lift: float
) -> None:
    """Draw each distant part of a geometry (the archipelagos) so that it shows, and name it.

    Islands a few hundred metres across are under a pixel at the scale of a national map, and
    filled like the mainland they vanish: each is drawn with a dark outline (at least a dot
    whatever its size), inside a dashed frame, with its name in italics just above the frame.
    """
    from matplotlib.patches import Rectangle

    rings = offshore_rings(geometry)
    if not rings:
        return
    islands = [PathPatch(Path(np.vstack([r, r[:1]]), closed=True)) for r in rings]
    ax.add_collection(
        PatchCollection(
            islands, facecolor=OFFSHORE_COLOR, edgecolor=OFFSHORE_COLOR, linewidth=1.2, zorder=6
        )
    )
    for x0, y0, x1, y1 in offshore_parts(geometry):
        pad = max(x1 - x0, y1 - y0) * 0.1 + 0.1
        ax.add_patch(
            Rectangle(
                (x0 - pad, y0 - pad), x1 - x0 + 2 * pad, y1 - y0 + 2 * pad,
                fill=False, edgecolor=OFFSHORE_COLOR, linewidth=0.8, linestyle=(0, (2, 2)),
                zorder=6, clip_on=False,
            )
        )  # fmt: skip
        ax.annotate(
            label,
            ((x0 + x1) / 2, y1 + pad),
            xytext=(0, lift),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=fontsize,
            color=color,
            style="italic",
        )


def paths_by(which: str, key: str, data_dir=None) -> Mapping[str, Path]:
    """Drawing paths of a boundary file's features keyed by a property, made once per version
    of the file: every chapter's locator map draws all 63 (or 34) outlines, on both panels."""
    from provbook.datapackage import data

    version = data.stat_key(data.boundary_file(which, data_dir))
    return _paths_by(which, data.resolve_data_dir(data_dir), version, key)


@functools.lru_cache(maxsize=8)
def _paths_by(which: str, data_dir, _version: tuple, key: str) -> Mapping[str, Path]:
    """``_version`` (the file's path, time and size) only keys the cache."""
    from provbook.datapackage import data

    geojson = data.boundaries(which, data_dir)
    return MappingProxyType({k: geometry_path(g) for k, g in features_by(geojson, key).items()})


def draw(
    ax: Axes,
    geometries: Iterable[Geometry | Path],
    facecolor: str = "#DDDDDD",
    edgecolor: str = "white",
    linewidth: float = 0.4,
    zorder: float = 1,
    **kwargs,
) -> PatchCollection:
    """Draw polygons (GeoJSON geometries or their paths) as one collection."""
    patches = [PathPatch(g if isinstance(g, Path) else geometry_path(g)) for g in geometries]
    collection = PatchCollection(
        patches,
        facecolor=facecolor,
        edgecolor=edgecolor,
        linewidth=linewidth,
        zorder=zorder,
        **kwargs,
    )
    ax.add_collection(collection)
    return collection


def frame(
    ax: Axes, extent: tuple[float, float, float, float], margin: float = 0.02
) -> tuple[float, float, float, float]:
    """Fit the view to an extent (lon/lat) with a margin and a latitude-corrected aspect."""
    x0, y0, x1, y1 = extent
    dx, dy = (x1 - x0) or 0.1, (y1 - y0) or 0.1
    x0, x1 = x0 - dx * margin, x1 + dx * margin
    y0, y1 = y0 - dy * margin, y1 + dy * margin
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1.0 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_axis_off()
    return x0, y0, x1, y1
