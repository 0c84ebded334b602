"""Small GeoJSON boundaries for the book's maps, from the raw TopoJSON and GeoJSON files.

The raw layers are about 4.6 MB; the book needs country-scale maps, so polygons are simplified
as a coverage (shared borders stay shared, no slivers), tiny islets are dropped except in the
provinces holding the Hoàng Sa and Trường Sa archipelagos, and coordinates are rounded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

TOPO_63 = "boundaries/taliacao_63_provinces_fixednames.topo.json"
GEO_34 = "boundaries/taliacao_34_provinces_merged.geojson"

#: Simplification tolerance (degrees, roughly the square root of the triangle areas removed).
TOLERANCE = 0.01
#: Decimals kept (4 = about 11 m, enough to keep reefs of a few hundred metres as polygons).
DECIMALS = 4
#: Parts smaller than this (degrees^2, about 1.2 km2) are dropped, outside protected features.
MIN_PART_AREA = 1e-4
#: Provinces (63) and units (34) whose every part is kept: the archipelagos' provinces.
PROTECTED_PROVINCES = ("da-nang", "khanh-hoa")
PROTECTED_UNITS = (48, 56)


@dataclass
class Layer:
    """Features ready to write, and notes on what changed."""

    features: list[dict]
    notes: list[str] = field(default_factory=list)


def decode_topojson(topology: dict, object_name: str | None = None) -> list[tuple[dict, object]]:
    """(properties, shapely geometry) for each geometry of a TopoJSON object.

    Arcs are delta-encoded integers when the topology has a transform: positions are the
    running sum, then scaled and translated. A negative arc index ~i means arc i reversed.
    """
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)[:, :2]
        if transform:
            points = np.cumsum(points, axis=0)
            points = points * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(points)

    def ring(indexes: Sequence[int]) -> np.ndarray:
        pieces = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            pieces.append(arc if not pieces else arc[1:])
        return np.concatenate(pieces)

    def polygon(rings: Sequence[Sequence[int]]) -> Polygon:
        return Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    objects = topology["objects"]
    name = object_name or next(iter(objects))
    out = []
    for geometry in objects[name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            geom = polygon(geometry["arcs"])
        elif kind == "MultiPolygon":
            geom = MultiPolygon([polygon(p) for p in geometry["arcs"]])
        else:
            raise ValueError(f"TopoJSON geometry type {kind!r} is not a polygon")
        out.append((geometry.get("properties", {}), geom))
    return out


def _parts(geom) -> list[Polygon]:
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for g in getattr(geom, "geoms", []) for g in _parts(g)]


def _combine(parts: list[Polygon]):
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _valid(geom):
    return geom if geom.is_valid else _combine(_parts(shapely.make_valid(geom)))


def simplify_layer(
    geoms: list,
    keys: list,
    protected: Sequence,
    tolerance: float = TOLERANCE,
    decimals: int = DECIMALS,
    min_area: float = MIN_PART_AREA,
) -> tuple[list, list[str]]:
    """Drop islets, simplify as a coverage, round; protected keys keep every part."""
    notes = []
    cleaned = []
    dropped = 0
    for key, geom in zip(keys, geoms, strict=True):
        parts = _parts(_valid(geom))
        if key not in protected:
            kept = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
            dropped += len(parts) - len(kept)
            parts = kept
        cleaned.append(_combine(parts))
    notes.append(
        f"dropped {dropped} islet parts smaller than {min_area} square degrees "
        f"(outside {', '.join(map(str, protected))})"
    )
    simplified = shapely.coverage_simplify(cleaned, tolerance)
    out = []
    for key, geom in zip(keys, simplified, strict=True):
        parts, finer = [], 0
        for part in _parts(geom):
            rounded = _round_part(part, decimals)
            if rounded is None:
                # A reef of a few metres collapses at this grid: keep it with more decimals.
                finer += 1
                rounded = _round_part(part, decimals + 2) or part
            parts.append(rounded)
        if finer:
            notes.append(
                f"{key}: {finer} tiny part(s) kept with {decimals + 2} decimals "
                f"(they collapse at {decimals})"
            )
        invalid = [p for p in parts if not p.is_valid]
        if invalid:
            raise ValueError(f"{key}: {len(invalid)} part(s) invalid after simplification")
        out.append(_combine(parts))
    return out, notes


def _round_part(part: Polygon, decimals: int) -> Polygon | None:
    """The part with rounded coordinates, or None if rounding breaks or empties it."""
    rounded = shapely.transform(part, lambda xy: np.round(xy, decimals))
    if rounded.is_empty or not rounded.is_valid or rounded.area <= 0:
        return None
    return rounded


def _feature(properties: dict, geom) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": mapping(geom)}


def write_geojson(path: Path | str, features: list[dict]) -> None:
    """Compact GeoJSON, one feature per line (readable diffs, small file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def provinces_layer(raw: Path, match: Callable[[str], str | None], names: dict[str, str]) -> Layer:
    """63 provinces with province_id and name_vi, from the TopoJSON layer."""
    path = raw / TOPO_63
    topology = json.loads(path.read_text(encoding="utf-8"))
    decoded = decode_topojson(topology)
    ids = []
    for n, (props, _) in enumerate(decoded, start=1):
        ident = match(str(props.get("ten_tinh", "")))
        if ident is None:
            raise ValueError(f"{path}, geometry {n}: unknown province {props.get('ten_tinh')!r}")
        ids.append(ident)
    if sorted(ids) != sorted(names):
        raise ValueError(
            f"{path}: provinces differ from provinces.csv: "
            f"missing {sorted(set(names) - set(ids))}, extra "
            f"{sorted(set(ids) - set(names))}"
        )
    geoms, notes = simplify_layer([g for _, g in decoded], ids, PROTECTED_PROVINCES)
    features = sorted(
        (
            _feature({"province_id": i, "name_vi": names[i]}, g)
            for i, g in zip(ids, geoms, strict=True)
        ),
        key=lambda f: f["properties"]["province_id"],
    )
    return Layer(features, notes)


def units_layer(raw: Path, match: Callable[[str], str | None], names: dict[int, str]) -> Layer:
    """34 units with unit_2025_code and name_vi, from the merged GeoJSON layer."""
    path = raw / GEO_34
    collection = json.loads(path.read_text(encoding="utf-8"))
    codes, geoms = [], []
    for n, feature in enumerate(collection["features"], start=1):
        name = str(feature["properties"].get("ten_tinh", ""))
        code = match(name)
        if code is None:
            raise ValueError(f"{path}, feature {n}: unknown unit {name!r}")
        codes.append(int(code))
        geoms.append(shape(feature["geometry"]))
    if sorted(codes) != sorted(names):
        raise ValueError(
            f"{path}: units differ from units_2025.csv: "
            f"missing {sorted(set(names) - set(codes))}, extra "
            f"{sorted(set(codes) - set(names))}"
        )
    simplified, notes = simplify_layer(geoms, codes, PROTECTED_UNITS)
    features = sorted(
        (
            _feature({"unit_2025_code": c, "name_vi": names[c]}, g)
            for c, g in zip(codes, simplified, strict=True)
        ),
        key=lambda f: f["properties"]["unit_2025_code"],
    )
    return Layer(features, notes)
