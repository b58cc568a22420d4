"""Checks of the approximate boundary maps written by scripts/build_boundaries.py.

These tests read only the shipped GeoJSON and CSV files in data/ (with shapely), not the
builder or the vietnamadminunits package.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

DATA = Path(__file__).resolve().parent.parent / "data"
LAYERS = ["boundaries_districts_2021.geojson", "boundaries_districts_2025.geojson", "boundaries_units_2025.geojson"]
MAX_BYTES = 300_000
DONG_SON, CITY = "405", "380"
NEAR_DEG = 0.001  # about 100 m


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def districts() -> list[dict]:
    return [r for r in read_csv("districts.csv") if r["level"] == "district"]


def expected_codes(layer: str) -> set[str]:
    if layer == "boundaries_districts_2021.geojson":
        return {r["code"] for r in districts()}
    if layer == "boundaries_districts_2025.geojson":
        return {r["code"] for r in districts() if not r["merged_into"]}
    return {r["code"] for r in read_csv("units_2025.csv")}


def load(layer: str) -> dict:
    return json.loads((DATA / layer).read_text(encoding="utf-8"))


def geometries(layer: str) -> dict:
    return {f["properties"]["code"]: shape(f["geometry"]) for f in load(layer)["features"]}


@pytest.mark.parametrize("layer", LAYERS)
def test_file_is_small_feature_collection(layer):
    assert (DATA / layer).stat().st_size < MAX_BYTES
    gj = load(layer)
    assert gj["type"] == "FeatureCollection"
    for f in gj["features"]:
        assert f["type"] == "Feature"
        props = f["properties"]
        assert f["id"] == props["code"]
        assert set(props) >= {"code", "name", "area_km2", "label_lon", "label_lat"}
        assert isinstance(props["code"], str) and props["name"]
        assert props["area_km2"] > 0


@pytest.mark.parametrize("layer", LAYERS)
def test_codes_are_the_expected_set(layer):
    codes = [f["properties"]["code"] for f in load(layer)["features"]]
    assert len(codes) == len(set(codes))
    assert set(codes) == expected_codes(layer)


def test_layer_sizes():
    assert len(expected_codes(LAYERS[0])) == 27
    assert len(expected_codes(LAYERS[1])) == 26
    assert len(expected_codes(LAYERS[2])) == 166


@pytest.mark.parametrize("layer", LAYERS)
def test_geometries_are_valid_polygons(layer):
    for code, g in geometries(layer).items():
        assert g.geom_type in ("Polygon", "MultiPolygon"), code
        assert g.is_valid, (code, shapely.is_valid_reason(g))
        assert not g.is_empty and g.area > 0, code


@pytest.mark.parametrize("layer", LAYERS)
def test_coordinates_are_rounded(layer):
    gj = load(layer)
    for f in gj["features"]:
        coords = shapely.get_coordinates(shape(f["geometry"]))
        assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all(), f["id"]


@pytest.mark.parametrize("layer", LAYERS)
def test_units_barely_overlap(layer):
    geoms = list(geometries(layer).values())
    province = shapely.union_all(geoms).area
    tree = shapely.STRtree(geoms)
    overlap = 0.0
    for i, g in enumerate(geoms):
        for j in tree.query(g):
            if j > i:
                overlap += g.intersection(geoms[j]).area
    assert overlap < 0.001 * province


@pytest.mark.parametrize("layer", LAYERS)
def test_province_shape_is_plausible(layer):
    """Thanh Hóa lies within about 19.3-20.7°N, 104.4-106.1°E, one piece, about 11.100 km²."""
    geoms = list(geometries(layer).values())
    province = shapely.union_all(geoms)
    x1, y1, x2, y2 = province.bounds
    assert 104.3 < x1 < 104.6 and 105.9 < x2 < 106.15
    assert 19.2 < y1 < 19.4 and 20.55 < y2 < 20.75
    total = sum(f["properties"]["area_km2"] for f in load(layer)["features"])
    assert 10_000 < total < 12_500


@pytest.mark.parametrize("layer", LAYERS)
def test_label_points_lie_inside(layer):
    gj = load(layer)
    for f in gj["features"]:
        p = Point(f["properties"]["label_lon"], f["properties"]["label_lat"])
        assert shape(f["geometry"]).contains(p), f["id"]


def commune_centres() -> list[tuple[str, str, Point]]:
    """(commune code, district 2021-2024, centre). The geocoder gave a few communes of two
    districts (Thiệu Vân 380 and Thiệu Vận 398; Xuân Lộc 397 and Xuân Hồng, Xuân Sinh 395)
    one point; the builder moved the misplaced ones, so a point shared (within about
    100 m) with a commune of another district is not checked."""
    rows = read_csv("units_communes_legacy.csv")
    pts = [Point(float(r["lon"]), float(r["lat"])) for r in rows]
    tree = shapely.STRtree(pts)
    out = []
    for r, p in zip(rows, pts, strict=True):
        near = tree.query(p, predicate="dwithin", distance=NEAR_DEG)
        if all(rows[int(j)]["parent_code"] == r["parent_code"] for j in near):
            out.append((r["code"], r["parent_code"], p))
    return out


def test_commune_centres_lie_in_their_district_2021():
    g = geometries(LAYERS[0])
    centres = commune_centres()
    assert len(centres) >= 540
    outside = [code for code, district, p in centres if not g[district].contains(p)]
    assert outside == []


def test_commune_centres_lie_in_their_district_2025():
    g = geometries(LAYERS[1])
    outside = [
        code for code, district, p in commune_centres() if not g[CITY if district == DONG_SON else district].contains(p)
    ]
    assert outside == []


def test_new_unit_centres_lie_in_their_unit():
    g = geometries(LAYERS[2])
    outside = [
        r["code"]
        for r in read_csv("units_2025.csv")
        if not g[r["code"]].contains(Point(float(r["lon"]), float(r["lat"])))
    ]
    assert outside == []


def test_district_layers_agree():
    """Đông Sơn and the city of 2021-2024 together make the city of 2025; the rest is equal."""
    d21, d25 = geometries(LAYERS[0]), geometries(LAYERS[1])
    merged = shapely.union_all([d21[CITY], d21[DONG_SON]])
    assert merged.symmetric_difference(d25[CITY]).area < 1e-3 * merged.area
    for code, g in d25.items():
        if code != CITY:
            assert g.symmetric_difference(d21[code]).area < 1e-6, code
