#!/usr/bin/env python3
"""Build the unit reference CSV files of Thanh Hóa (province code 38) from the
PyPI package ``vietnamadminunits`` (MIT licence).

A developer runs this once, when the package data changes; the app and the
tests only read the CSV files it writes:

    data/units_communes_legacy.csv   547 communes/wards/townships, 2021 to 30 Jun 2025
    data/units_2025.csv              166 communes and wards from 1 Jul 2025
    data/lineage_2025.csv            new unit <- former communes, share of the NEW unit
    data/lineage_2025_forward.csv    former commune -> new units, share of the OLD commune
    data/district_tiles.csv          schematic tile map of the 27 district-level units

Usage:
    .venv/bin/python scripts/build_units.py --out data/

The output is deterministic (rows sorted by code, shares computed with
``decimal``). The "built <date>" in the headers is kept from the existing file
when the data rows did not change, so running the script twice changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import sqlite3
import sys
import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

PACKAGE = "vietnamadminunits"
PROVINCE_CODE = "38"
PROVINCE_KEY = "tinhthanhhoa"

LEGACY_VALID_FROM = "2021-01-01"
LEGACY_VALID_TO = "2025-06-30"
NEW_VALID_FROM = "2025-07-01"
SHARE_PLACES = Decimal("0.000001")  # 6 decimals; each group is fixed to sum to exactly 1

KIND = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}

# The 27 district-level units of 2021-2024, names as in shared/DOMAIN.md, with the
# commune counts of May 2023 given there. Only used for the tile map names and
# for the consistency checks printed on stderr.
DISTRICTS = {
    "380": ("Thành phố Thanh Hóa", 34),
    "381": ("Thị xã Bỉm Sơn", 7),
    "382": ("Thành phố Sầm Sơn", 11),
    "384": ("Huyện Mường Lát", 8),
    "385": ("Huyện Quan Hóa", 15),
    "386": ("Huyện Bá Thước", 21),
    "387": ("Huyện Quan Sơn", 12),
    "388": ("Huyện Lang Chánh", 10),
    "389": ("Huyện Ngọc Lặc", 21),
    "390": ("Huyện Cẩm Thủy", 17),
    "391": ("Huyện Thạch Thành", 25),
    "392": ("Huyện Hà Trung", 20),
    "393": ("Huyện Vĩnh Lộc", 13),
    "394": ("Huyện Yên Định", 26),
    "395": ("Huyện Thọ Xuân", 30),
    "396": ("Huyện Thường Xuân", 16),
    "397": ("Huyện Triệu Sơn", 34),
    "398": ("Huyện Thiệu Hóa", 25),
    "399": ("Huyện Hoằng Hóa", 37),
    "400": ("Huyện Hậu Lộc", 23),
    "401": ("Huyện Nga Sơn", 24),
    "402": ("Huyện Như Xuân", 16),
    "403": ("Huyện Như Thanh", 14),
    "404": ("Huyện Nông Cống", 29),
    "405": ("Huyện Đông Sơn", 14),
    "406": ("Huyện Quảng Xương", 26),
    "407": ("Thị xã Nghi Sơn", 31),
}
DONG_SON = "405"
CITY = "380"

# Đông Sơn (405). The package lists its former communes under 380 (districtAlias
# "huyendongson" on every 380 row), so it cannot tell them apart by alias or
# keywords. It does keep the official commune codes, which the statistics office
# allocated in one block per district in district order: the Đông Sơn block lies
# between the last code listed under 404 and the first code listed under 406.
# Four communes of that block had already been moved into Thành phố Thanh Hóa in
# 2012 (Resolution 05/NQ-CP of 29 Feb 2012: xã Đông Lĩnh, Đông Tân, Đông Hưng,
# Đông Vinh); they were in 380 during 2021-2024. This list is outside knowledge,
# not from the package; the build checks it against DOMAIN.md's counts (Đông Sơn
# 14 communes, Thành phố Thanh Hóa 34 in May 2023).
IN_CITY_SINCE_2012 = {
    "16396": "Đông Lĩnh",
    "16429": "Đông Vinh",
    "16432": "Đông Tân",
    "16435": "An Hưng (xã Đông Hưng, merged with phường An Hoạch in 2024)",
}

# Tile map: (short label, col, row). Hand-made from the lat/lon ranks (see
# tile_layout()): column 0 = west (mountains), column 6 = the coast, row 0 = north.
TILES = {
    "384": ("ML", 0, 0),
    "385": ("QH", 1, 0),
    "386": ("BT", 2, 0),
    "390": ("CT", 3, 0),
    "391": ("TT", 4, 0),
    "381": ("BS", 5, 0),
    "387": ("QS", 1, 1),
    "388": ("LC", 2, 1),
    "389": ("NL", 3, 1),
    "393": ("VL", 4, 1),
    "392": ("HT", 5, 1),
    "401": ("NS", 6, 1),
    "396": ("TGX", 2, 2),
    "395": ("THX", 3, 2),
    "394": ("YD", 4, 2),
    "398": ("TH", 5, 2),
    "400": ("HL", 6, 2),
    "402": ("NX", 2, 3),
    "397": ("TS", 3, 3),
    "405": ("DS", 4, 3),
    "380": ("TPTH", 5, 3),
    "399": ("HH", 6, 3),
    "403": ("NT", 3, 4),
    "404": ("NC", 4, 4),
    "406": ("QX", 5, 4),
    "382": ("SS", 6, 4),
    "407": ("NGS", 5, 5),
}


def nfc(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def num(value) -> str:
    """Write a float as the package stores it (shortest repr), no false precision."""
    if value is None or value == "":
        return ""
    return repr(float(value))


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# ---------------------------------------------------------------- reading
def read_package() -> dict:
    """Read everything needed from the package, once."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{PACKAGE} is not installed (pip install {PACKAGE}==1.0.4)")
    data_dir = Path(list(spec.submodule_search_locations)[0]) / "data"
    version = importlib.metadata.version(PACKAGE)

    con = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    legacy = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy WHERE provinceCode = ?", (PROVINCE_CODE,))]
    new = [dict(r) for r in con.execute("SELECT * FROM admin_units WHERE provinceCode = ?", (PROVINCE_CODE,))]
    con.close()

    with open(data_dir / "converter_2025.json", encoding="utf-8") as f:
        conv = json.load(f)
    return {
        "version": version,
        "legacy": legacy,
        "new": new,
        "no_divided": conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(PROVINCE_KEY, {}),
        "divided": conv["DICT_PROVINCE_WARD_DIVIDED"].get(PROVINCE_KEY, {}),
    }


# ---------------------------------------------------------------- building
KIND_FIXES: list[str] = []


def kind_of(r: dict) -> str:
    """The kind from the name's prefix ("Thị trấn Ngọc Lặc"), which the package's
    keys follow too; wardType disagrees for a few rows (15061 Thị trấn Ngọc Lặc
    has wardType "Xã" in 1.0.4)."""
    name = nfc(r["ward"])
    by_name = next((k for t, k in KIND.items() if name.startswith(t + " ")), None)
    by_type = KIND.get(nfc(r["wardType"]))
    if by_name is None and by_type is None:
        sys.exit(f"cannot tell the kind of {r['wardCode']} {name!r} ({r['wardType']!r})")
    if by_name and by_type and by_name != by_type:
        KIND_FIXES.append(f"{r['wardCode']} {name} (wardType {r['wardType']})")
        warn(f"kind taken from the name, not wardType: {KIND_FIXES[-1]}")
    return by_name or by_type


def dong_son_codes(legacy: list[dict]) -> set[str]:
    by_district: dict[str, list[int]] = {}
    for r in legacy:
        by_district.setdefault(r["districtCode"], []).append(int(r["wardCode"]))
    lo = max(by_district["404"])
    hi = min(by_district["406"])
    block = {str(c) for c in by_district[CITY] if lo < c < hi}
    missing = set(IN_CITY_SINCE_2012) - block
    if missing:
        sys.exit(f"codes moved to the city in 2012 not found in the Đông Sơn block: {missing}")
    return block - set(IN_CITY_SINCE_2012)


def build_legacy(pkg: dict) -> tuple[list[dict], dict]:
    legacy = pkg["legacy"]
    ds = dong_son_codes(legacy)
    rows = []
    for r in legacy:
        parent = r["districtCode"]
        if parent == CITY and r["wardCode"] in ds:
            parent = DONG_SON
        kind = kind_of(r)
        rows.append(
            {
                "code": "L" + r["wardCode"],
                "official_code": r["wardCode"],
                "name": nfc(r["ward"]),
                "short_name": nfc(r["wardShort"]),
                "kind": kind,
                "parent_code": parent,
                "lat": num(r["wardLat"]),
                "lon": num(r["wardLon"]),
                "valid_from": LEGACY_VALID_FROM,
                "valid_to": LEGACY_VALID_TO,
            }
        )
    rows.sort(key=lambda x: x["code"])
    counts: dict[str, int] = {}
    for x in rows:
        counts[x["parent_code"]] = counts.get(x["parent_code"], 0) + 1
    if counts.get(DONG_SON) != DISTRICTS[DONG_SON][1]:
        sys.exit(f"Đông Sơn has {counts.get(DONG_SON)} communes, DOMAIN.md says 14")
    return rows, counts


def build_new(pkg: dict) -> list[dict]:
    rows = []
    for r in pkg["new"]:
        kind = kind_of(r)
        if kind not in ("xa", "phuong"):
            sys.exit(f"unexpected 2025 wardType {r['wardType']!r}")
        rows.append(
            {
                "code": r["wardCode"],
                "official_code": r["wardCode"],
                "name": nfc(r["ward"]),
                "short_name": nfc(r["wardShort"]),
                "kind": kind,
                "lat": num(r["wardLat"]),
                "lon": num(r["wardLon"]),
                "area_km2": num(r["wardAreaKm2"]),
                "valid_from": NEW_VALID_FROM,
                "valid_to": "",
            }
        )
    rows.sort(key=lambda x: x["code"])
    return rows


def equal_shares(n: int) -> list[Decimal]:
    """n shares of 1/n rounded to 6 places; the last one takes the rounding rest,
    so the group sums to exactly 1.000000."""
    part = (Decimal(1) / Decimal(n)).quantize(SHARE_PLACES, rounding=ROUND_HALF_EVEN)
    shares = [part] * (n - 1)
    shares.append(Decimal(1) - sum(shares, Decimal(0)))
    assert sum(shares) == Decimal(1)
    return shares


def fmt_share(d: Decimal) -> str:
    return f"{d.quantize(SHARE_PLACES):f}"


def build_lineage(pkg: dict, legacy_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    # old key "tinhthanhhoa_<districtKey>_<wardKey>" -> legacy row
    by_key = {}
    for r in pkg["legacy"]:
        key = f"{PROVINCE_KEY}_{r['districtKey']}_{r['wardKey']}"
        if key in by_key:
            sys.exit(f"duplicate legacy key {key}")
        by_key[key] = r["wardCode"]
    legacy_by_official = {x["official_code"]: x for x in legacy_rows}
    new_by_key = {}
    for r in pkg["new"]:
        if r["wardKey"] in new_by_key:
            sys.exit(f"duplicate 2025 key {r['wardKey']}")
        new_by_key[r["wardKey"]] = r["wardCode"]

    # pairs (new official code, old official code) and whether the pair is the
    # package's default target of a divided old commune
    pairs: dict[tuple[str, str], bool] = {}
    for new_key, old_keys in pkg["no_divided"].items():
        new_code = new_by_key[new_key]
        for ok in old_keys:
            pairs[(new_code, by_key[ok])] = True
    for ok, targets in pkg["divided"].items():
        old_code = by_key[ok]
        for t in targets:
            pairs[(new_by_key[t["newWardKey"]], old_code)] = bool(t["isDefaultNewWard"])

    back: dict[str, list[str]] = {}
    fwd: dict[str, list[str]] = {}
    for new_code, old_code in pairs:
        back.setdefault(new_code, []).append(old_code)
        fwd.setdefault(old_code, []).append(new_code)

    lineage = []
    for new_code in sorted(back):
        olds = sorted(back[new_code])
        for old_code, share in zip(olds, equal_shares(len(olds)), strict=False):
            lineage.append(
                {
                    "new_code": new_code,
                    "old_code": "L" + old_code,
                    "old_district_code": legacy_by_official[old_code]["parent_code"],
                    "share": fmt_share(share),
                    "basis": "communes",
                }
            )
    forward = []
    for old_code in sorted(fwd):
        news = sorted(fwd[old_code])
        for new_code, share in zip(news, equal_shares(len(news)), strict=False):
            forward.append(
                {
                    "old_code": "L" + old_code,
                    "old_district_code": legacy_by_official[old_code]["parent_code"],
                    "new_code": new_code,
                    "share": fmt_share(share),
                    "basis": "single" if len(news) == 1 else "new_units",
                    "is_default": "1" if pairs[(new_code, old_code)] else "0",
                }
            )
    return lineage, forward


def district_centroids(pkg: dict, legacy_rows: list[dict]) -> dict[str, tuple[str, str, str]]:
    """code -> (lat, lon, source)."""
    out = {}
    for r in pkg["legacy"]:
        out[r["districtCode"]] = (f"{r['districtLat']:.6f}", f"{r['districtLon']:.6f}", "package")
    ds = [x for x in legacy_rows if x["parent_code"] == DONG_SON]
    lat = sum(float(x["lat"]) for x in ds) / len(ds)
    lon = sum(float(x["lon"]) for x in ds) / len(ds)
    out[DONG_SON] = (f"{lat:.6f}", f"{lon:.6f}", "mean of its 14 communes")
    return out


def rank_layout(cent: dict) -> dict[str, tuple[int, int]]:
    """The starting point of the hand layout: column = rank of lon cut into 7
    bins, row = rank of -lat cut into 6 bins. Printed with --show-ranks."""
    codes = sorted(cent)
    by_lon = sorted(codes, key=lambda c: float(cent[c][1]))
    by_lat = sorted(codes, key=lambda c: -float(cent[c][0]))
    n = len(codes)
    return {c: (by_lon.index(c) * 7 // n, by_lat.index(c) * 6 // n) for c in codes}


def build_tiles(cent: dict) -> list[dict]:
    rows = []
    for code in sorted(DISTRICTS):
        short, col, row = TILES[code]
        lat, lon, _ = cent[code]
        rows.append(
            {
                "code": code,
                "name": DISTRICTS[code][0],
                "short": short,
                "lat": lat,
                "lon": lon,
                "col": str(col),
                "row": str(row),
            }
        )
    pos = [(r["col"], r["row"]) for r in rows]
    assert len(set(pos)) == len(pos), "two districts on one tile"
    assert len({r["short"] for r in rows}) == len(rows), "duplicate short label"
    return rows


# ---------------------------------------------------------------- checks
def check_against_domain(pkg: dict, counts: dict) -> list[str]:
    notes = []
    names = {r["districtCode"]: nfc(r["district"]) for r in pkg["legacy"]}
    for code, (name, n2023) in DISTRICTS.items():
        if code == DONG_SON:
            if code not in names:
                notes.append(
                    "405 Đông Sơn is not a district in the package "
                    "(its communes are under 380, districtAlias 'huyendongson')"
                )
            continue
        if code not in names:
            notes.append(f"{code} {name}: not in the package")
        elif names[code] != name:
            notes.append(f"{code}: DOMAIN.md '{name}', package '{names[code]}'")
        if counts.get(code, 0) != n2023:
            notes.append(
                f"{code} {name}: {n2023} communes in May 2023 (DOMAIN.md), "
                f"{counts.get(code, 0)} in the package (after the 2024 rearrangement)"
            )
    extra = sorted(set(names) - set(DISTRICTS))
    if extra:
        notes.append(f"package districts not in DOMAIN.md: {extra}")
    return notes


# ---------------------------------------------------------------- writing
def source_line(version: str, built: str) -> str:
    return f"# Source: {PACKAGE} {version}, MIT licence, built {built}."


def render(header: list[str], columns: list[str], rows: list[dict]) -> str:
    lines = [h if h.startswith("#") else "# " + h for h in header]
    lines.append(",".join(columns))
    for r in rows:
        vals = []
        for c in columns:
            v = nfc(r[c])
            if "#" in v or "\n" in v or "\r" in v:
                sys.exit(f"forbidden character in {c}={v!r}")
            if "," in v or '"' in v:
                v = '"' + v.replace('"', '""') + '"'
            vals.append(v)
        lines.append(",".join(vals))
    return "\n".join(lines) + "\n"


def body(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if not ln.startswith("#")]


def existing_built_date(path: Path, new_text_without_date: str) -> str | None:
    """The built date of the existing file if its rows and comments are otherwise equal."""
    if not path.exists():
        return None
    old = path.read_text(encoding="utf-8")
    for ln in old.split("\n"):
        if ln.startswith(f"# Source: {PACKAGE}") and " built " in ln:
            date = ln.rsplit(" built ", 1)[1].rstrip(".")
            if old == new_text_without_date.replace("@@BUILT@@", date):
                return date
    return None


def write(path: Path, header: list[str], columns: list[str], rows: list[dict], version: str, built: str | None) -> None:
    hdr = [h if h != "@@SOURCE@@" else source_line(version, "@@BUILT@@") for h in header]
    draft = render(hdr, columns, rows)
    date = built or existing_built_date(path, draft) or dt.date.today().isoformat()
    text = draft.replace("@@BUILT@@", date)
    text = unicodedata.normalize("NFC", text)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {path} ({len(rows)} rows)", file=sys.stderr)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="data/", help="output directory (default: data/)")
    ap.add_argument(
        "--built", help="date written in the headers (default: keep the existing one when nothing changed, else today)"
    )
    ap.add_argument(
        "--show-ranks", action="store_true", help="print the rank-based tile layout the hand layout started from"
    )
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    pkg = read_package()
    v = pkg["version"]
    legacy, counts = build_legacy(pkg)
    new = build_new(pkg)
    lineage, forward = build_lineage(pkg, legacy)
    cent = district_centroids(pkg, legacy)
    tiles = build_tiles(cent)

    # sanity checks on what the package gave
    assert len(new) == 166, len(new)
    assert len(legacy) == 547, len(legacy)
    assert {x["new_code"] for x in lineage} == {x["code"] for x in new}
    assert {x["old_code"] for x in forward} == {x["code"] for x in legacy}
    split = sorted({x["old_code"] for x in forward if x["basis"] == "new_units"})
    ds_count = counts[DONG_SON]
    for note in check_against_domain(pkg, counts):
        warn("DOMAIN.md vs package: " + note)
    if args.show_ranks:
        for c, (col, row) in sorted(rank_layout(cent).items()):
            print(f"{c} rank col {col} row {row}  hand col {TILES[c][1]} row {TILES[c][2]}", file=sys.stderr)

    n_xa = sum(1 for x in legacy if x["kind"] == "xa")
    n_ph = sum(1 for x in legacy if x["kind"] == "phuong")
    n_tt = sum(1 for x in legacy if x["kind"] == "thi_tran")
    write(
        out / "units_communes_legacy.csv",
        [
            "Communes (xã), wards (phường) and townships (thị trấn) of Thanh Hóa (province 38)",
            "under their district-level unit, 2021 to 30 Jun 2025 (district level abolished 1 Jul 2025).",
            "@@SOURCE@@",
            "Table admin_units_legacy: the state AFTER the 2024 rearrangement (names and kinds as",
            f"valid until 30 Jun 2025): {len(legacy)} units ({n_xa} xa, {n_ph} phuong, {n_tt} thi_tran).",
            "GAP: DOMAIN.md counts 559 communes in May 2023. The 12 communes merged away in the",
            "2024 rearrangement are not in the package, so they are not in this file; records",
            "naming them must be mapped by hand to the unit that absorbed them. valid_from is",
            f"{LEGACY_VALID_FROM} for every row because the package does not date the 2024 changes.",
            "code = 'L' + official_code (new 2025 units reuse old official numbers).",
            "parent_code = the district during 2021-2024. The package lists Đông Sơn's communes",
            "under 380 (Thành phố Thanh Hóa, alias 'huyendongson'). Here parent_code is 405 for",
            "the communes whose official code lies in Đông Sơn's code block (between the codes",
            "of 404 and 406) except Đông Lĩnh, Đông Vinh, Đông Tân and Đông Hưng (now An Hưng),",
            f"which had been in the city since 2012: {ds_count} communes, as DOMAIN.md says. From",
            "1 Dec 2024 the 405 communes belong to 380.",
            "kind: from the prefix of the name (xa = Xã, phuong = Phường, thi_tran = Thị trấn);",
            "where the package's wardType disagrees, the name wins: "
            + ("; ".join(KIND_FIXES) if KIND_FIXES else "none")
            + ".",
            "lat/lon: the package's point for the unit (wardLat/wardLon).",
        ],
        ["code", "official_code", "name", "short_name", "kind", "parent_code", "lat", "lon", "valid_from", "valid_to"],
        legacy,
        v,
        args.built,
    )

    write(
        out / "units_2025.csv",
        [
            "Communes (xã) and wards (phường) of Thanh Hóa (province 38) from 1 Jul 2025",
            "(Resolution 1686/NQ-UBTVQH15; no district level). code = official 5-digit code.",
            "@@SOURCE@@",
            f"Table admin_units: {len(new)} units. lat/lon and area_km2 as given by the package.",
        ],
        ["code", "official_code", "name", "short_name", "kind", "lat", "lon", "area_km2", "valid_from", "valid_to"],
        new,
        v,
        args.built,
    )

    write(
        out / "lineage_2025.csv",
        [
            "Lineage of the 2025 units of Thanh Hóa: for each new unit (new_code, see",
            "units_2025.csv) the former communes that formed it (old_code, see",
            "units_communes_legacy.csv) and their district during 2021-2024 (old_district_code).",
            "@@SOURCE@@",
            "From the package's converter_2025.json (old->new conversion table, including the",
            f"{len(split)} former communes split between several new units).",
            "share = fraction of the NEW unit attributed to the former commune. basis = communes:",
            "the package gives no areas for the former communes, so every former commune of a",
            "new unit gets an equal share 1/n (6 decimals; the last row of each new unit takes",
            "the rounding rest, so each new unit sums to exactly 1.000000).",
            "A split former commune appears under each of its new units; see",
            "lineage_2025_forward.csv to map pre-2025 records forward.",
        ],
        ["new_code", "old_code", "old_district_code", "share", "basis"],
        lineage,
        v,
        args.built,
    )

    write(
        out / "lineage_2025_forward.csv",
        [
            "Forward mapping of the former communes of Thanh Hóa to the 2025 units: for each",
            "former commune (old_code) the new units it went to (new_code).",
            "@@SOURCE@@",
            "From the package's converter_2025.json. share = fraction of the OLD commune going",
            "to the new unit; sums to exactly 1.000000 per old commune.",
            "basis = single: the whole commune went to one new unit (share 1).",
            f"basis = new_units: the commune was split ({len(split)} communes); the package",
            "gives no areas for the parts, so each new unit gets an equal share 1/k (6 decimals,",
            "the last row takes the rounding rest).",
            "is_default = 1 for the new unit the package's converter picks for an address",
            "without street (isDefaultNewWard); always 1 for unsplit communes.",
        ],
        ["old_code", "old_district_code", "new_code", "share", "basis", "is_default"],
        forward,
        v,
        args.built,
    )

    write(
        out / "district_tiles.csv",
        [
            "Schematic tile map of the 27 district-level units of Thanh Hóa, 2021-2024",
            "(codes 380-407 without 383; names as in DOMAIN.md), for hex/square tile charts.",
            "@@SOURCE@@",
            "lat/lon: approximate centroid, the package's district point (districtLat/Lon; for",
            "380 the package's bounding box leaves out most of Đông Sơn, so its point is that of",
            "the city of 2021-2024). For 405 Đông Sơn, which the package has no row for, the",
            "mean of the points of its 14 communes (see units_communes_legacy.csv).",
            "col/row: 7 columns x 6 rows, col 0 = west (mountains), col 6 = the coast,",
            "row 0 = north. Started from the rank of lon (7 bins) and of lat (6 bins), then",
            "collisions were fixed by hand, keeping neighbours next to each other where possible:",
            "the coast (Nga Sơn, Hậu Lộc, Hoằng Hóa, Sầm Sơn) is column 6, Nghi Sơn is alone",
            "in row 5. short: ASCII tile label, unique.",
        ],
        ["code", "name", "short", "lat", "lon", "col", "row"],
        tiles,
        v,
        args.built,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
