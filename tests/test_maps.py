"""GeoJSON to matplotlib without geopandas, on small synthetic polygons."""

from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection

from provbook.datapackage import data
from provbook.draw import charts, maps

SQUARE = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]  # counter-clockwise
HOLE = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]  # clockwise


def _feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


@pytest.fixture
def collection() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            _feature({"province_id": "a"}, {"type": "Polygon", "coordinates": [SQUARE, HOLE]}),
            _feature(
                {"province_id": "b"},
                {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[10, 0], [12, 0], [12, 2], [10, 2], [10, 0]]],
                        [[[20, 10], [20.2, 10], [20.2, 10.2], [20, 10.2], [20, 10]]],
                    ],
                },
            ),
        ],
    }


def test_features_by_a_property(collection):
    geoms = maps.features_by(collection, "province_id")
    assert set(geoms) == {"a", "b"}
    assert geoms["b"]["type"] == "MultiPolygon"


def test_features_without_the_join_property_are_an_error(collection):
    collection["features"][1]["properties"] = {"name": "b"}
    with pytest.raises(ValueError, match="feature 1 has no property 'province_id'"):
        maps.features_by(collection, "province_id")


def test_polygons_of_polygon_and_multipolygon(collection):
    geoms = maps.features_by(collection, "province_id")
    assert [len(part) for part in maps.polygons(geoms["a"])] == [2]  # exterior + hole
    assert len(maps.polygons(geoms["b"])) == 2
    with pytest.raises(ValueError, match="LineString"):
        maps.polygons({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})


def test_signed_area_gives_orientation():
    assert maps.signed_area(np.array(SQUARE, dtype=float)) == pytest.approx(16.0)
    assert maps.signed_area(np.array(HOLE, dtype=float)) == pytest.approx(-4.0)


@pytest.mark.parametrize("flip", [False, True])
def test_holes_stay_empty_whatever_the_ring_orientation(flip):
    exterior, hole = (SQUARE[::-1], HOLE[::-1]) if flip else (SQUARE, HOLE[::-1])
    geometry = {"type": "Polygon", "coordinates": [exterior, hole]}
    path = maps.geometry_path(geometry)
    rings = [np.asarray(r) for r in path.to_polygons(closed_only=False)]
    assert maps.signed_area(rings[0]) > 0 > maps.signed_area(rings[1])
    fig, ax = charts.new_figure(2, 2)
    maps.draw(ax, [geometry], facecolor="black", edgecolor="none")
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    ax.set_axis_off()  # no grid lines through the hole
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())

    def at(x, y):
        px, py = ax.transData.transform((x, y))
        return tuple(pixels[pixels.shape[0] - int(py), int(px)][:3])

    assert at(2.0, 2.0) == (255, 255, 255)  # the hole
    assert at(0.5, 0.5) == (0, 0, 0)  # the ring around it


def test_bounds_and_label_point(collection):
    geoms = maps.features_by(collection, "province_id")
    assert maps.bounds(geoms.values()) == (0.0, 0.0, 20.2, 10.2)
    # largest part of b is the 2x2 square centred on (11, 1)
    assert maps.label_point(geoms["b"]) == pytest.approx((11.0, 1.0))
    assert maps.label_point(geoms["a"]) == pytest.approx((2.0, 2.0))


def test_offshore_parts_finds_the_distant_islands(collection):
    geoms = maps.features_by(collection, "province_id")
    far = maps.offshore_parts(geoms["b"])
    assert far == [pytest.approx((20.0, 10.0, 20.2, 10.2))]
    assert maps.offshore_parts(geoms["a"]) == []


def test_draw_and_frame_keep_everything_in_view(collection):
    geoms = maps.features_by(collection, "province_id")
    fig, ax = charts.new_figure()
    drawn = maps.draw(ax, geoms.values(), facecolor="red")
    assert isinstance(drawn, PatchCollection)
    assert len(drawn.get_paths()) == 2
    x0, y0, x1, y1 = maps.frame(ax, maps.bounds(geoms.values()))
    assert x0 < 0 and y0 < 0 and x1 > 20.2 and y1 > 10.2  # nothing cropped
    assert ax.get_aspect() == pytest.approx(1 / math.cos(math.radians((y0 + y1) / 2)))
    assert not ax.axison


def test_paths_by_are_the_paths_of_the_geometries_and_follow_the_file(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", folder)
    geometries = maps.features_by(data.boundaries("units_34", folder), "unit_2025_code")
    paths = maps.paths_by("units_34", "unit_2025_code", folder)
    assert paths.keys() == geometries.keys() and len(paths) == 34
    for code, geometry in geometries.items():
        expected = maps.geometry_path(geometry)
        assert np.array_equal(paths[code].vertices, expected.vertices)
        assert np.array_equal(paths[code].codes, expected.codes)
    assert maps.paths_by("units_34", "unit_2025_code", folder) is paths  # made once
    # A rewritten file gets new paths: drop one unit and the mapping follows.
    file = data.boundary_file("units_34", folder)
    geojson = json.loads(file.read_text(encoding="utf-8"))
    dropped = str(geojson["features"].pop()["properties"]["unit_2025_code"])
    file.write_text(json.dumps(geojson), encoding="utf-8")
    os.utime(file, ns=(1, 1))
    again = maps.paths_by("units_34", "unit_2025_code", folder)
    assert len(again) == 33 and dropped not in again and dropped in paths
