"""Checks of the unit reference files written by scripts/build_units.py.

These tests read only the CSV files (not the vietnamadminunits package).
Set UNITS_DATA_DIR to check another directory (e.g. a fresh build).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

DATA = Path(os.environ.get("UNITS_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))

FILES = {
    "units_communes_legacy.csv": [
        "code",
        "official_code",
        "name",
        "short_name",
        "kind",
        "parent_code",
        "lat",
        "lon",
        "valid_from",
        "valid_to",
    ],
    "units_2025.csv": [
        "code",
        "official_code",
        "name",
        "short_name",
        "kind",
        "lat",
        "lon",
        "area_km2",
        "valid_from",
        "valid_to",
    ],
    "lineage_2025.csv": ["new_code", "old_code", "old_district_code", "share", "basis"],
    "lineage_2025_forward.csv": ["old_code", "old_district_code", "new_code", "share", "basis", "is_default"],
    "district_tiles.csv": ["code", "name", "short", "lat", "lon", "col", "row"],
}

# The 27 district-level units of 2021-2024 (DOMAIN.md): 380-407 without 383.
DISTRICT_CODES = {str(c) for c in range(380, 408) if c != 383}

# Thanh Hóa lies roughly within these bounds.
LAT_RANGE = (19.0, 21.0)
LON_RANGE = (104.0, 106.5)


def raw(name: str) -> bytes:
    path = DATA / name
    assert path.exists(), f"{path} is missing: run scripts/build_units.py --out data/"
    return path.read_bytes()


def read(name: str) -> list[dict]:
    text = raw(name).decode("utf-8")
    lines = [ln for ln in text.split("\n") if ln and not ln.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert rows, f"{name} has no data rows"
    return rows


def share(value: str) -> float:
    x = float(value)
    assert 0 < x <= 1, value
    return x


@pytest.fixture(scope="module")
def legacy():
    return read("units_communes_legacy.csv")


@pytest.fixture(scope="module")
def new():
    return read("units_2025.csv")


@pytest.fixture(scope="module")
def lineage():
    return read("lineage_2025.csv")


@pytest.fixture(scope="module")
def forward():
    return read("lineage_2025_forward.csv")


@pytest.fixture(scope="module")
def tiles():
    return read("district_tiles.csv")


# ------------------------------------------------------------------ format
@pytest.mark.parametrize("name", sorted(FILES))
def test_file_format(name):
    data = raw(name)
    assert not data.startswith(b"\xef\xbb\xbf"), "BOM"
    assert b"\r" not in data, "line ends must be \\n"
    assert data.endswith(b"\n")
    text = data.decode("utf-8")
    lines = text.split("\n")
    assert lines[0].startswith("#"), "the file must start with # comment lines"
    comments = []
    for ln in lines:
        if not ln.startswith("#"):
            break
        comments.append(ln)
    assert any(
        re.fullmatch(
            r"# Source: vietnamadminunits \d+(\.\d+)+, MIT licence, "
            r"built \d{4}-\d{2}-\d{2}\.",
            c,
        )
        for c in comments
    ), "missing the source line"
    header = lines[len(comments)]
    assert header.split(",") == FILES[name]
    body = lines[len(comments) + 1 :]
    assert not any(ln.startswith("#") for ln in body), "comment line after the header"
    assert not any("#" in ln for ln in body), "'#' inside a data value"


@pytest.mark.parametrize("name", sorted(FILES))
def test_text_is_nfc(name):
    text = raw(name).decode("utf-8")
    bad = [ln for ln in text.split("\n") if unicodedata.normalize("NFC", ln) != ln]
    assert not bad, bad[:3]


@pytest.mark.parametrize("name", sorted(FILES))
def test_readable_with_pandas(name):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(DATA / name, comment="#", dtype=str, keep_default_na=False)
    assert list(df.columns) == FILES[name]
    assert len(df) == len(read(name))


# ------------------------------------------------------------------ 2025 units
def test_units_2025(new):
    codes = [r["code"] for r in new]
    assert len(new) == 166
    assert len(set(codes)) == 166
    assert codes == sorted(codes)
    for r in new:
        assert re.fullmatch(r"\d{5}", r["code"]), r
        assert r["official_code"] == r["code"], r
        assert r["kind"] in {"xa", "phuong"}, r
        prefix = {"xa": "Xã ", "phuong": "Phường "}[r["kind"]]
        assert r["name"] == prefix + r["short_name"], r
        assert LAT_RANGE[0] < float(r["lat"]) < LAT_RANGE[1], r
        assert LON_RANGE[0] < float(r["lon"]) < LON_RANGE[1], r
        assert float(r["area_km2"]) > 0, r
        assert r["valid_from"] == "2025-07-01" and r["valid_to"] == "", r
    assert len({r["name"] for r in new}) == 166


# ------------------------------------------------------------------ legacy communes
def test_legacy_communes(legacy):
    codes = [r["code"] for r in legacy]
    assert len(legacy) == 547
    assert len(set(codes)) == 547
    assert codes == sorted(codes)
    prefix = {"xa": "Xã ", "phuong": "Phường ", "thi_tran": "Thị trấn "}
    for r in legacy:
        assert re.fullmatch(r"\d{5}", r["official_code"]), r
        assert r["code"] == "L" + r["official_code"], r
        assert r["kind"] in prefix, r
        assert r["name"] == prefix[r["kind"]] + r["short_name"], r
        assert r["parent_code"] in DISTRICT_CODES, r
        assert LAT_RANGE[0] < float(r["lat"]) < LAT_RANGE[1], r
        assert LON_RANGE[0] < float(r["lon"]) < LON_RANGE[1], r
        assert r["valid_from"] == "2021-01-01" and r["valid_to"] == "2025-06-30", r


def test_legacy_parents(legacy):
    per = Counter(r["parent_code"] for r in legacy)
    assert set(per) == DISTRICT_CODES, "every district has communes, no other parent"
    # Đông Sơn (405) before its merge into the city: 14 communes (DOMAIN.md, May 2023)
    assert per["405"] == 14
    dong_son = {r["short_name"] for r in legacy if r["parent_code"] == "405"}
    assert "Rừng Thông" in dong_son and "Đông Vinh" not in dong_son


def test_codes_do_not_collide(legacy, new, tiles):
    old = {r["code"] for r in legacy}
    cur = {r["code"] for r in new}
    dist = {r["code"] for r in tiles} | DISTRICT_CODES
    assert not old & cur
    assert not old & dist
    assert not cur & dist
    assert not {"38"} & (old | cur)


# ------------------------------------------------------------------ lineage
def test_lineage_covers_every_new_unit(lineage, new):
    assert {r["new_code"] for r in lineage} == {r["code"] for r in new}


def test_lineage_uses_known_old_communes(lineage, legacy):
    parent = {r["code"]: r["parent_code"] for r in legacy}
    for r in lineage:
        assert r["old_code"] in parent, r
        assert r["old_district_code"] == parent[r["old_code"]], r
        assert r["basis"] in {"area", "communes"}, r
    pairs = [(r["new_code"], r["old_code"]) for r in lineage]
    assert len(pairs) == len(set(pairs)), "duplicate pair"
    assert {r["old_code"] for r in lineage} == set(parent), "every former commune appears"


def test_lineage_shares_sum_to_one(lineage):
    groups = defaultdict(list)
    for r in lineage:
        groups[r["new_code"]].append(share(r["share"]))
    assert groups
    bad = {k: sum(v) for k, v in groups.items() if not math.isclose(sum(v), 1.0, abs_tol=1e-9)}
    assert not bad, bad


def test_forward_shares_sum_to_one(forward, legacy, new):
    groups = defaultdict(list)
    cur = {r["code"] for r in new}
    for r in forward:
        assert r["new_code"] in cur, r
        assert r["is_default"] in {"0", "1"}, r
        groups[r["old_code"]].append(r)
    assert set(groups) == {r["code"] for r in legacy}
    for old, rows in groups.items():
        assert math.isclose(sum(share(r["share"]) for r in rows), 1.0, abs_tol=1e-9), old
        assert sum(r["is_default"] == "1" for r in rows) == 1, old
        if len(rows) == 1:
            assert rows[0]["basis"] == "single", old
        else:
            assert all(r["basis"] != "single" for r in rows), old


def test_forward_matches_lineage(forward, lineage):
    back = {(r["new_code"], r["old_code"]) for r in lineage}
    fwd = {(r["new_code"], r["old_code"]) for r in forward}
    assert fwd == back


# ------------------------------------------------------------------ tile map
def test_tiles(tiles):
    assert len(tiles) == 27
    assert {r["code"] for r in tiles} == DISTRICT_CODES
    pos = [(int(r["col"]), int(r["row"])) for r in tiles]
    assert len(set(pos)) == 27, "two units on one tile"
    shorts = [r["short"] for r in tiles]
    assert len(set(shorts)) == 27, "duplicate short label"
    assert all(re.fullmatch(r"[A-Za-z]{2,4}", s) for s in shorts), shorts
    assert min(c for c, _ in pos) == 0 and min(r for _, r in pos) == 0
    assert max(c for c, _ in pos) <= 7 and max(r for _, r in pos) <= 6, "grid not compact"
    for r in tiles:
        assert LAT_RANGE[0] < float(r["lat"]) < LAT_RANGE[1], r
        assert LON_RANGE[0] < float(r["lon"]) < LON_RANGE[1], r


def test_tiles_west_to_east(tiles):
    by = {r["code"]: r for r in tiles}
    westernmost = min(tiles, key=lambda r: float(r["lon"]))
    assert westernmost["code"] == "384"  # Mường Lát
    assert int(by["384"]["col"]) < int(by["382"]["col"])  # Mường Lát west of Sầm Sơn
    northernmost = min(tiles, key=lambda r: -float(r["lat"]))
    assert int(northernmost["row"]) == 0
