#!/usr/bin/env python3
"""Build approximate boundary maps of Thanh Hóa (province code 38) from the unit
reference files in data/, with no download.

# Ranh giới gần đúng, dựng từ tọa độ trung tâm các xã; không dùng để xác định địa giới.
# Approximate boundaries built from commune centres; not for determining boundaries.

A developer runs this by hand (never at start-up); the app and the tests only read
the GeoJSON it writes:

    data/boundaries_districts_2021.geojson   27 district-level units of 2021-2024
    data/boundaries_districts_2025.geojson   26 district-level units from 1 Dec 2024 (405 in 380)
    data/boundaries_units_2025.geojson       166 communes and wards from 1 Jul 2025

Usage:
    .venv/bin/python scripts/build_boundaries.py [--out data/]

How the shapes are made (see data/boundaries_README.md):
1. All geometry is computed in a local equirectangular plane in km, so that the Voronoi
   cells are not stretched by the longitude scale (cos 20° = 0.94).
2. The outline of the province is the concave hull of the 547 commune centres, buffered,
   joined with the (closed and smoothed) union of the communes' bounding boxes that the
   package vietnamadminunits 1.0.4 gives (wardBounds, each cut to its district's box),
   cut to the province's box, and cut on the east by a coast line drawn a little beyond
   the easternmost centres (the hull's east side), so the outline does not bulge into
   the sea. Without the package the bounding boxes are skipped (hull only).
3. The Voronoi cells of the 547 commune centres (units_communes_legacy.csv) are clipped
   to the outline. The 10 communes split in 2025 have their cell divided between their
   new units by the Voronoi cells of those new units' centres.
4. That coverage of cells is simplified once, topology-preserving (coverage_simplify),
   then unioned: districts = their communes' cells; 2025 units = their former
   communes' cells (lineage_2025_forward.csv). All layers share the same edges.
5. A new unit whose own centre (units_2025.csv) falls outside that union is mended by
   moving the cells near that centre from the neighbour to the unit (listed on stderr).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import MultiPoint, Point, Polygon, box
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_CODE = "38"
DONG_SON, CITY = "405", "380"

# Local plane: x, y in km around the province's middle.
LAT0, LON0 = 19.95, 105.25
KY = 111.132  # km per degree of latitude at 20°N
KX = 111.320 * math.cos(math.radians(LAT0))  # km per degree of longitude at LAT0

HULL_RATIO = 0.1  # concave_hull ratio on the commune centres
HULL_BUFFER_KM = 3.0
BOX_SCALE = 0.65  # a commune fills only part of its box: shrink each box about its centre
BOX_CLOSE_KM = 3.0  # closing of the union of the bounding boxes (fills the gaps)
BOX_SMOOTH_KM = 2.0  # opening, rounds the box corners
OUTLINE_CLOSE_KM = 6.0
SAME_POINT_KM = 0.1  # commune centres closer than this are one geocoded point
COAST_MARGIN_KM = 2.5  # the coast lies this far beyond the easternmost centres
SIMPLIFY_KM = 0.25
DECIMALS = 4  # about 11 m
MAX_BYTES = 300_000


# ---------------------------------------------------------------- reading
def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def read_inputs(data: Path) -> dict:
    return {
        "communes": read_csv(data / "units_communes_legacy.csv"),
        "units": read_csv(data / "units_2025.csv"),
        "forward": read_csv(data / "lineage_2025_forward.csv"),
        "districts": [r for r in read_csv(data / "districts.csv") if r["level"] == "district"],
    }


def parse_bounds(text: str | None) -> tuple[float, float, float, float] | None:
    """'lat1,lon1 – lat2,lon2' -> (lon1, lat1, lon2, lat2)."""
    if not text:
        return None
    a, b = text.replace("–", "-").split(" - ")
    la1, lo1 = (float(v) for v in a.split(","))
    la2, lo2 = (float(v) for v in b.split(","))
    return min(lo1, lo2), min(la1, la2), max(lo1, lo2), max(la1, la2)


def read_package_boxes() -> dict | None:
    """Bounding boxes from vietnamadminunits (a dev dependency), or None."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        print("warning: vietnamadminunits not installed, outline from the hull only", file=sys.stderr)
        return None
    db = Path(list(spec.submodule_search_locations)[0]) / "data" / "dataset.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT wardCode, wardBounds, districtCode, districtBounds, provinceBounds, wardGeoAddress"
        " FROM admin_units_legacy WHERE provinceCode = ?",
        (PROVINCE_CODE,),
    ).fetchall()
    con.close()
    return {
        "province": parse_bounds(rows[0][4]),
        "districts": {r[2]: parse_bounds(r[3]) for r in rows},
        "wards": {r[0]: parse_bounds(r[1]) for r in rows},
        "geocoded_as": {r[0]: (r[5] or "").split(",")[0].strip() for r in rows},
    }


# ---------------------------------------------------------------- projection
def to_km(lon, lat):
    return (np.asarray(lon) - LON0) * KX, (np.asarray(lat) - LAT0) * KY


def km_geom(g):
    return shapely.transform(g, lambda c: np.column_stack(to_km(c[:, 0], c[:, 1])))


def lonlat_geom(g):
    return shapely.transform(g, lambda c: np.column_stack((c[:, 0] / KX + LON0, c[:, 1] / KY + LAT0)))


def km_box(b: tuple[float, float, float, float]) -> Polygon:
    (x1, x2), (y1, y2) = to_km([b[0], b[2]], [b[1], b[3]])
    return box(x1, y1, x2, y2)


def area_km2(g_km) -> float:
    """Area in the plane, corrected for the longitude scale at the shape's latitude."""
    lat = g_km.centroid.y / KY + LAT0
    return g_km.area * math.cos(math.radians(lat)) / math.cos(math.radians(LAT0))


# ---------------------------------------------------------------- outline
def sea_polygon(points: MultiPoint) -> Polygon:
    """Everything east of the hull's east side (easternmost to southernmost centre), moved
    COAST_MARGIN_KM eastwards."""
    ring = list(shapely.convex_hull(points).exterior.coords)[:-1]
    if shapely.is_ccw(shapely.convex_hull(points).exterior):
        ring.reverse()  # clockwise: from the east, going on clockwise leads south
    i_east = max(range(len(ring)), key=lambda i: ring[i][0])
    i_south = min(range(len(ring)), key=lambda i: ring[i][1])
    chain = []
    i = i_east
    while True:
        chain.append(ring[i])
        if i == i_south:
            break
        i = (i + 1) % len(ring)
    far = 500.0
    m = COAST_MARGIN_KM
    top, bottom = chain[0], chain[-1]
    coords = [(far, top[1]), (top[0] + m, top[1])]
    coords += [(x + m, y) for x, y in chain]
    coords += [(bottom[0] + m, bottom[1] - far), (far, bottom[1] - far)]
    return Polygon(coords)


def largest(g):
    parts = list(getattr(g, "geoms", [g]))
    return max(parts, key=lambda p: p.area)


def outline(points: MultiPoint, boxes: dict | None, commune_rows: list[dict]) -> Polygon:
    shape = shapely.concave_hull(points, ratio=HULL_RATIO).buffer(HULL_BUFFER_KM)
    if boxes:
        parts = []
        for r in commune_rows:
            wb = boxes["wards"].get(r["official_code"])
            db = boxes["districts"].get(r["parent_code"])
            if not wb:
                continue
            # cut to the district's box, unless the commune lies outside it (the boxes of
            # 380 and 382 leave out the communes they gained in 2012-2024)
            inside = db and db[0] <= float(r["lon"]) <= db[2] and db[1] <= float(r["lat"]) <= db[3]
            part = km_box(wb).intersection(km_box(db)) if inside else km_box(wb)
            parts.append(shapely.affinity.scale(part, BOX_SCALE, BOX_SCALE))
        merged = shapely.unary_union(parts)
        merged = merged.buffer(BOX_CLOSE_KM).buffer(-BOX_CLOSE_KM)
        merged = merged.buffer(-BOX_SMOOTH_KM).buffer(BOX_SMOOTH_KM)
        shape = shape.union(merged).intersection(km_box(boxes["province"]))
    shape = shape.buffer(OUTLINE_CLOSE_KM).buffer(-OUTLINE_CLOSE_KM)  # fill inlets between the pieces
    shape = shape.difference(sea_polygon(points))
    shape = shapely.make_valid(shape.buffer(0.5).buffer(-0.5))
    shape = Polygon(largest(shape).exterior)  # one piece, no holes
    missing = [p for p in points.geoms if not shape.buffer(-0.5).contains(p)]
    if missing:
        shape = Polygon(largest(shape.union(MultiPoint(missing).buffer(1.5))).exterior)
    return shape


# ---------------------------------------------------------------- cells
def voronoi_cells(points: list[Point], clip: Polygon) -> list:
    mp = MultiPoint(points)
    cells = shapely.voronoi_polygons(mp, extend_to=clip.buffer(50), ordered=True)
    out = [shapely.make_valid(c.intersection(clip)) for c in cells.geoms]
    return [shapely.unary_union([p for p in getattr(c, "geoms", [c]) if p.geom_type == "Polygon"]) for c in out]


def unit_radius(u: dict) -> float:
    return math.sqrt(max(float(u["area_km2"] or 1.0), 1.0) / math.pi)


def near_groups(pts: dict, within_km: float) -> list[list[str]]:
    """Groups of codes whose points lie within within_km of each other (chained)."""
    codes = sorted(pts)
    parent = {c: c for c in codes}

    def root(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    tree = shapely.STRtree([Point(*pts[c]) for c in codes])
    for c in codes:
        for j in tree.query(Point(*pts[c]), predicate="dwithin", distance=within_km):
            parent[root(codes[int(j)])] = root(c)
    groups = defaultdict(list)
    for c in codes:
        groups[root(c)].append(c)
    return [g for g in groups.values() if len(g) > 1]


def commune_points(inp: dict, boxes: dict | None) -> tuple[list[Point], list[str]]:
    """The commune centres in km. The geocoder behind the package gave a few pairs of
    communes whose names differ only by a diacritic the same point (Hoằng Phú and
    Hoằng Phụ). In each such group the commune that the geocoder's address names
    (wardGeoAddress, when the package is installed), else the one that fits its 2025
    unit best (distance to the unit's centre over the unit's radius), keeps the point;
    the others are moved into their 2025 unit, to the side of its centre away from its
    other former communes."""
    communes = inp["communes"]
    units = {r["code"]: r for r in inp["units"]}
    news = defaultdict(list)
    for r in inp["forward"]:
        news[r["old_code"]].append(r["new_code"])
    members = defaultdict(list)
    for r in communes:
        for n in news[r["code"]]:
            members[n].append(r["code"])
    pts = {r["code"]: np.array(to_km(float(r["lon"]), float(r["lat"]))) for r in communes}
    upt = {c: np.array(to_km(float(u["lon"]), float(u["lat"]))) for c, u in units.items()}

    named = {}
    if boxes:
        named = {"L" + k: v for k, v in boxes["geocoded_as"].items()}
    short = {r["code"]: r["short_name"] for r in communes}

    def fit(code: str) -> tuple[float, str]:
        return min((float(np.linalg.norm(pts[code] - upt[n])) / unit_radius(units[n]), n) for n in news[code])

    def keeps(code: str) -> tuple[bool, float]:
        return named.get(code) != short[code], fit(code)[0]

    notes = []
    same = near_groups(pts, SAME_POINT_KM)
    for group_codes in same:
        for code in sorted(group_codes, key=keeps)[1:]:
            n = fit(code)[1]
            others = [pts[o] for o in members[n] if o != code and o not in group_codes]
            step = upt[n] - np.mean(others, axis=0) if others else np.zeros(2)
            length = float(np.linalg.norm(step))
            limit = 0.6 * unit_radius(units[n])
            if length > limit:
                step = step * limit / length
            pts[code] = upt[n] + step
            notes.append(
                f"{code} shared its point with {', '.join(c for c in group_codes if c != code)};"
                f" placed in {n} at {np.round(pts[code], 1).tolist()} km"
            )
    return [Point(*pts[r["code"]]) for r in communes], notes


def atoms(inp: dict, clip: Polygon, boxes: dict | None) -> tuple[list, list[dict]]:
    """The finest coverage: one piece per (former commune, new unit) pair.
    Returns (geometries, [{'old': code, 'district': code, 'new': code}])."""
    communes = inp["communes"]
    pts, notes = commune_points(inp, boxes)
    for note in notes:
        print("moved: " + note, file=sys.stderr)
    cells = voronoi_cells(pts, clip)
    new_pt = {r["code"]: Point(*to_km(float(r["lon"]), float(r["lat"]))) for r in inp["units"]}
    targets = defaultdict(list)
    for r in inp["forward"]:
        targets[r["old_code"]].append(r["new_code"])
    geoms, meta = [], []
    for r, cell in zip(communes, cells, strict=True):
        news = sorted(targets[r["code"]])
        if len(news) == 1:
            pieces = [cell]
        else:  # split commune: divide its cell by the new units' centres
            pieces = voronoi_cells([new_pt[c] for c in news], cell)
        for code, piece in zip(news, pieces, strict=True):
            if piece.is_empty:
                print(
                    f"note: split commune {r['code']} lies wholly on the side of its other unit, nothing to {code}",
                    file=sys.stderr,
                )
                continue
            geoms.append(piece)
            meta.append({"old": r["code"], "district": r["parent_code"], "new": code})
    return geoms, meta


def mend_units(geoms: list, meta: list[dict], inp: dict) -> list[str]:
    """Give each new unit the atom that holds its own centre if that atom belongs to
    another unit whose centre is not in it. Returns notes."""
    notes = []
    tree = shapely.STRtree(geoms)
    for r in inp["units"]:
        p = Point(*to_km(float(r["lon"]), float(r["lat"])))
        hits = [int(i) for i in tree.query(p, predicate="within")]
        if not hits or meta[hits[0]]["new"] == r["code"]:
            continue
        i = hits[0]
        other = meta[i]["new"]
        other_pt = next(Point(*to_km(float(u["lon"]), float(u["lat"]))) for u in inp["units"] if u["code"] == other)
        own = [geoms[j] for j, m in enumerate(meta) if m["new"] == r["code"]]
        # split the atom between the two units by the bisector of their centres
        halves = voronoi_cells([p, other_pt], geoms[i])
        if other_pt.within(geoms[i]) or not own:
            geoms[i] = halves[1]
            geoms.append(halves[0])
            meta.append({**meta[i], "new": r["code"]})
            notes.append(f"{r['code']}: its centre lay in {meta[i]['old']} of {other}; split it by the bisector")
        else:
            meta[i] = {**meta[i], "new": r["code"]}
            notes.append(f"{r['code']}: its centre lay in {meta[i]['old']} of {other}; moved that piece")
    return notes


# ---------------------------------------------------------------- layers
def check_centres(simple: list, meta: list[dict], inp: dict) -> None:
    """Stop if simplifying pushed a 2025 unit's centre out of its unit."""
    tree = shapely.STRtree(simple)
    for r in inp["units"]:
        hits = tree.query(Point(*to_km(float(r["lon"]), float(r["lat"]))), predicate="within")
        if not any(meta[int(i)]["new"] == r["code"] for i in hits):
            sys.exit(f"the centre of {r['code']} is outside its unit: lower SIMPLIFY_KM")


def group(geoms: list, keys: list[str]) -> dict:
    by = defaultdict(list)
    for g, k in zip(geoms, keys, strict=True):
        by[k].append(g)
    return {k: shapely.make_valid(shapely.unary_union(v)) for k, v in sorted(by.items())}


def polygonal(g):
    parts = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and p.area > 0]
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def feature(code: str, name: str, g_km) -> dict:
    g_km = polygonal(g_km)
    label = polylabel(largest(g_km), tolerance=0.05)
    lon, lat = label.x / KX + LON0, label.y / KY + LAT0
    g = shapely.orient_polygons(shapely.set_precision(lonlat_geom(g_km), 10**-DECIMALS))
    geo = json.loads(shapely.to_geojson(g))
    geo["coordinates"] = _round(geo["coordinates"])
    return {
        "type": "Feature",
        "id": code,
        "properties": {
            "code": code,
            "name": name,
            "area_km2": round(area_km2(g_km), 1),
            "label_lon": round(lon, DECIMALS),
            "label_lat": round(lat, DECIMALS),
        },
        "geometry": geo,
    }


def _round(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], DECIMALS), round(c[1], DECIMALS)]
    return [_round(x) for x in c]


def write_layer(path: Path, feats: list[dict]) -> int:
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in feats]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8"))
    print(f"wrote {path} ({len(feats)} features, {size / 1000:.0f} kB)", file=sys.stderr)
    if size >= MAX_BYTES:
        sys.exit(f"{path} is {size} bytes, over {MAX_BYTES}: raise SIMPLIFY_KM")
    return size


def report_fit(units: dict, inp: dict) -> None:
    """How well the units' areas match the package's area_km2 (printed, not used)."""
    given = {r["code"]: float(r["area_km2"]) for r in inp["units"] if r["area_km2"]}
    errs = sorted(abs(math.log(area_km2(units[c]) / a)) for c, a in given.items() if c in units)
    if errs:
        med = math.exp(errs[len(errs) // 2]) - 1
        p90 = math.exp(errs[int(len(errs) * 0.9)]) - 1
        print(f"2025 units vs package area_km2: median error {med:.0%}, 90th percentile {p90:.0%}", file=sys.stderr)


def build(data: Path, out: Path) -> dict:
    inp = read_inputs(data)
    boxes = read_package_boxes()
    pts = MultiPoint([to_km(float(r["lon"]), float(r["lat"])) for r in inp["communes"]])
    clip = outline(pts, boxes, inp["communes"])
    total = sum(float(r["area_km2"] or 0) for r in inp["units"])
    print(f"outline {area_km2(clip):.0f} km2 (package's units sum to {total:.0f} km2)", file=sys.stderr)

    geoms, meta = atoms(inp, clip, boxes)
    for note in mend_units(geoms, meta, inp):
        print("mended: " + note, file=sys.stderr)
    simple = list(shapely.coverage_simplify(np.array(geoms, dtype=object), SIMPLIFY_KM))

    check_centres(simple, meta, inp)
    d21 = group(simple, [m["district"] for m in meta])
    d25 = group(simple, [CITY if m["district"] == DONG_SON else m["district"] for m in meta])
    u25 = group(simple, [m["new"] for m in meta])
    report_fit(u25, inp)

    dname = {r["code"]: r["name"] for r in inp["districts"]}
    uname = {r["code"]: r["name"] for r in inp["units"]}
    layers = {
        "boundaries_districts_2021.geojson": [feature(c, dname[c], g) for c, g in d21.items()],
        "boundaries_districts_2025.geojson": [feature(c, dname[c], g) for c, g in d25.items()],
        "boundaries_units_2025.geojson": [feature(c, uname[c], g) for c, g in u25.items()],
    }
    return {name: write_layer(out / name, feats) for name, feats in layers.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT / "data"), help="input directory (default: data/)")
    ap.add_argument("--out", default=None, help="output directory (default: the input directory)")
    args = ap.parse_args(argv)
    out = Path(args.out or args.data)
    out.mkdir(parents=True, exist_ok=True)
    build(Path(args.data), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
