"""The 1 Jul 2025 reform: units of both eras, the lineage, validation across the boundary, matching
of the forms sources use after the reform, and the three unit views."""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata
from collections import defaultdict

import pytest
from sqlmodel import select

from registry import schema
from registry.config import DATA_DIR
from registry.errors import ValidationFailed
from registry.models import REFORM_DATE, VIEWS, AdminUnit, ModelExampleCreate, UnitLineage, UnitViewMap
from registry.permissions import SYSTEM
from registry.queries.counts import count_by, stats
from registry.queries.filters import Filters
from registry.records import bulk, writes
from registry.units.index import UnitIndex, UnitNotResolved
from tests.support.factories import example_input

AFTER = dt.date(2025, 9, 1)
BEFORE = dt.date(2024, 5, 1)
DISTRICT_CODES = [str(c) for c in range(380, 408) if c != 383]


def rows(name: str) -> list[dict]:
    """A data file read with the csv module alone (independent of registry.datafiles)."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def units_by_code(session) -> dict[str, AdminUnit]:
    return {u.code: u for u in session.exec(select(AdminUnit)).all()}


# --------------------------------------------------------------------------- reference data
def test_new_units_and_former_units_load_with_their_validity(session):
    units = units_by_code(session)
    province = units["38"]
    new = [u for u in units.values() if u.level == "commune" and u.valid_from >= REFORM_DATE]
    assert len(new) == 166
    assert all(u.valid_from == REFORM_DATE and u.valid_to is None and u.parent_id == province.id for u in new)
    assert all(len(u.code) == 5 and u.code.isdigit() and u.lat and u.lon for u in new)
    assert {u.kind for u in new} == {"xa", "phuong"}
    districts = [u for u in units.values() if u.level == "district"]
    assert sorted(u.code for u in districts) == DISTRICT_CODES
    for u in districts:
        assert u.valid_on(dt.date(2021, 1, 1)) and not u.valid_on(REFORM_DATE), u.code
        assert u.valid_on(dt.date(2025, 6, 30)) == (u.code != "405"), u.code
    legacy = [u for u in units.values() if u.level == "commune" and u.valid_on(dt.date(2025, 6, 30))]
    assert len(legacy) == 547
    # communes merged away before 2025 (data/commune_changes.csv) end earlier (tests/units/test_history.py)
    merged = [u for u in units.values() if u.level == "commune" and u.valid_from < REFORM_DATE and u not in legacy]
    assert merged and all(u.code.startswith("M") and u.valid_to < dt.date(2025, 6, 30) for u in merged)
    assert all(u.code.startswith("L") and u.valid_to == dt.date(2025, 6, 30) for u in legacy)
    assert all(units[u.code].parent_id in {d.id for d in districts} for u in legacy)
    assert sum(units_by_id == units["405"].id for units_by_id in (u.parent_id for u in legacy)) == 14
    # codes are unique across eras, though the new units reuse official codes
    assert units["14758"].name == "Phường Hàm Rồng" and units["L14758"].name == "Phường Đông Thọ"
    assert units["14758"].official_code == units["L14758"].official_code == "14758"


def test_lineage_covers_every_new_unit_and_shares_sum_to_one(session):
    units = units_by_code(session)
    by_id = {u.id: u for u in units.values()}
    lineage = session.exec(select(UnitLineage)).all()
    assert len(lineage) == len(rows("lineage_2025.csv")) == 558
    share, forward = defaultdict(float), defaultdict(float)
    for row in lineage:
        share[row.new_unit_id] += row.share
        forward[row.old_unit_id] += row.forward_share
        old = by_id[row.old_unit_id]
        assert by_id[row.district_id].id == old.parent_id  # the district of 2021-2024
        assert by_id[row.new_unit_id].valid_from == REFORM_DATE and old.valid_to == dt.date(2025, 6, 30)
    new_ids = {u.id for u in units.values() if u.level == "commune" and u.valid_from >= REFORM_DATE}
    legacy_ids = {u.id for u in units.values() if u.level == "commune" and u.valid_on(dt.date(2025, 6, 30))}
    assert set(share) == new_ids and set(forward) == legacy_ids
    assert all(abs(v - 1) < 1e-9 for v in share.values())
    assert all(abs(v - 1) < 1e-9 for v in forward.values())


def test_lineage_load_is_idempotent(sqlite_session):
    before = len(sqlite_session.exec(select(UnitLineage)).all())
    view_rows = len(sqlite_session.exec(select(UnitViewMap)).all())
    schema.load_all(sqlite_session)
    schema.load_all(sqlite_session)
    sqlite_session.commit()
    assert len(sqlite_session.exec(select(UnitLineage)).all()) == before == 558
    assert len(sqlite_session.exec(select(UnitViewMap)).all()) == view_rows


# --------------------------------------------------------------------------- the views
def view_rows(session) -> dict[str, dict[int, dict[int, float]]]:
    out: dict[str, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in session.exec(select(UnitViewMap)).all():
        out[r.view][r.unit_id][r.target_id] = r.share
    return out


def test_every_unit_sums_to_one_in_every_view_and_lands_on_the_views_units(session):
    units = units_by_code(session)
    by_id = {u.id: u for u in units.values()}
    views = view_rows(session)
    assert set(views) == set(VIEWS)
    for view in VIEWS:
        assert set(views[view]) == set(by_id), view  # every unit mapped explicitly
        for unit_id, targets in views[view].items():
            assert abs(sum(targets.values()) - 1) < 1e-9, (view, by_id[unit_id].code)
            assert all(s > 0 for s in targets.values())
    d2025 = {by_id[t].code for targets in views["districts-2025"].values() for t in targets}
    assert d2025 == (set(DISTRICT_CODES) - {"405"}) | {"38"}  # 26 districts of 30 Jun 2025 and the province
    new = {t for targets in views["new-units"].values() for t in targets}
    assert all(by_id[t].level == "province" or by_id[t].valid_from == REFORM_DATE for t in new) and len(new) == 167


def test_view_attributions_through_the_lineage(session):
    units = units_by_code(session)
    views = view_rows(session)
    code = {u.id: u.code for u in units.values()}

    def targets(view, unit_code):
        return {code[t]: round(s, 6) for t, s in views[view][units[unit_code].id].items()}

    # then: former commune -> its district, new unit -> itself
    assert targets("then", "L15226") == {"391": 1} and targets("then", "15229") == {"15229": 1}
    # districts-2025: a new unit of two districts splits by its former communes (3 of Bỉm Sơn, 1 of Hà Trung)
    assert targets("districts-2025", "14812") == {"381": 0.75, "392": 0.25}
    # ... and Đông Sơn is counted in Thanh Hóa city
    assert targets("districts-2025", "16378") == {"380": 1}
    assert targets("districts-2025", "L16378") == {"380": 1} and targets("districts-2025", "405") == {"380": 1}
    # new-units: a split former commune goes half and half; a whole one goes whole
    assert targets("new-units", "L14758") == {"14758": 0.5, "14797": 0.5}
    assert targets("new-units", "L15226") == {"15229": 1}
    assert targets("new-units", "38") == {"38": 1}
    # a district without a commune: its communes weigh the same
    forward = [r for r in rows("lineage_2025_forward.csv") if r["old_district_code"] == "405"]
    n = len({r["old_code"] for r in forward})
    expected = defaultdict(float)
    for r in forward:
        expected[r["new_code"]] += float(r["share"]) / n
    assert n == 14 and targets("new-units", "405") == {k: round(v, 6) for k, v in expected.items()}


# --------------------------------------------------------------------------- validation
def problem_keys(session, **overrides) -> set[str]:
    with pytest.raises(ValidationFailed) as err:
        writes.create_example(session, example_input(**overrides), actor=SYSTEM)
    session.rollback()
    return {p.key for p in err.value.problems}


def test_district_accepted_on_30_june_2025_refused_on_1_july(session):
    ex = writes.create_example(
        session, example_input(unit="huyện Quan Sơn", registered_on=dt.date(2025, 6, 30)), actor=SYSTEM
    )
    session.commit()
    assert ex.unit_id == units_by_code(session)["387"].id
    assert problem_keys(session, unit="387", registered_on=dt.date(2025, 7, 1)) == {"error.unit_wrong_era"}


def test_new_commune_refused_on_30_june_2025_accepted_on_1_july(session):
    assert problem_keys(session, unit="Phường Hạc Thành", registered_on=dt.date(2025, 6, 30)) == {
        "error.unit_new_before_reform"
    }
    ex = writes.create_example(
        session, example_input(unit="Phường Hạc Thành", registered_on=dt.date(2025, 7, 1)), actor=SYSTEM
    )
    session.commit()
    assert ex.unit_id == units_by_code(session)["14797"].id and ex.commune_id is None


def test_dong_son_refused_from_1_december_2024(session):
    assert problem_keys(session, unit="Huyện Đông Sơn", registered_on=dt.date(2024, 12, 1)) == {
        "error.unit_not_valid_on"
    }
    assert writes.create_example(
        session, example_input(unit="405", registered_on=dt.date(2024, 11, 30)), actor=SYSTEM
    ).id
    # from then on its communes are in Thanh Hóa city
    ex = writes.create_example(
        session,
        example_input(unit="TP Thanh Hóa", commune="Phường Đông Thịnh", registered_on=dt.date(2025, 2, 1)),
        actor=SYSTEM,
    )
    assert ex.commune_id == units_by_code(session)["L16414"].id
    session.commit()
    # before, it lay in Đông Sơn: the message names the district to write
    with pytest.raises(ValidationFailed) as err:
        writes.create_example(
            session,
            example_input(unit="380", commune="Phường Đông Thịnh", registered_on=dt.date(2024, 6, 1)),
            actor=SYSTEM,
        )
    session.rollback()
    assert [p.key for p in err.value.problems] == ["place.commune_elsewhere"]
    assert "Huyện Đông Sơn" in err.value.message("vi") and "Huyện Đông Sơn" in err.value.message("en")


def test_former_commune_as_the_unit_is_taken_apart(session):
    """Issue 12: "xã Hoằng Thái (Hoằng Hóa)" in the unit column goes to the district and the
    commune, with a notice (it used to be refused with "split it into two cells")."""
    from registry.records.validation import References, resolve_input

    units = units_by_code(session)
    data = example_input(unit="xã Hoằng Thái (Hoằng Hóa)", registered_on=BEFORE)
    resolution = resolve_input(session, data, References(session))
    assert resolution.problems == [] and resolution.rule == "bracketed_district"
    assert resolution.values["unit_id"] == units["399"].id and resolution.values["commune_id"] == units["L15955"].id
    vi, en = resolution.notices[0].message("vi"), resolution.notices[0].message("en")
    assert "xã Hoằng Thái (Hoằng Hóa)" in vi and "Huyện Hoằng Hóa" in vi and "Xã Hoằng Thái" in vi
    assert "Took" in en and "Huyện Hoằng Hóa" in en
    ex = writes.create_example(session, data, actor=SYSTEM)
    assert (ex.unit_id, ex.commune_id) == (units["399"].id, units["L15955"].id)


def test_commune_column_after_the_reform(session):
    units = units_by_code(session)
    # the commune column may repeat the unit (or a former commune that went wholly to it) ...
    ex = writes.create_example(
        session, example_input(unit="15229", commune="xã Thành Yên cũ", registered_on=AFTER), actor=SYSTEM
    )
    assert ex.unit_id == units["15229"].id and ex.commune_id is None
    session.commit()
    # ... but not name another unit
    assert problem_keys(session, unit="15229", commune="Phường Hạc Thành", registered_on=AFTER) == {
        "error.commune_after_reform"
    }
    assert problem_keys(session, unit="38", commune="Phường Hạc Thành", registered_on=AFTER) == {
        "error.commune_after_reform"
    }


# --------------------------------------------------------------------------- matching
def resolve(index: UnitIndex, value: str, on: dt.date | None, want="unit", within: str | None = None) -> str:
    return index.resolve(value, on=on, want=want, within=index.by_code[within] if within else None).code


NFD = unicodedata.normalize("NFD", "Phường Hạc Thành")


@pytest.mark.parametrize(
    "value, on, want, within, expected",
    [
        # codes
        ("14797", AFTER, "unit", None, "14797"),
        ("14758", AFTER, "unit", None, "14758"),  # the new Hàm Rồng ...
        ("14758", BEFORE, "commune", "380", "L14758"),  # ... whose code was Đông Thọ's before the reform
        ("l14758", BEFORE, "commune", "380", "L14758"),
        # names with or without the prefix, NFC or NFD, old or new tone marks
        ("Hạc Thành", AFTER, "unit", None, "14797"),
        ("phường Hạc Thành", AFTER, "unit", None, "14797"),
        (NFD, AFTER, "unit", None, "14797"),
        ("Xã Quan Sơn", AFTER, "unit", None, "15016"),
        ("Quan Sơn", AFTER, "unit", None, "15016"),
        ("Quan Sơn", BEFORE, "unit", None, "387"),
        ("huyện Quan Sơn (cũ)", BEFORE, "unit", None, "387"),
        ("Bỉm Sơn", AFTER, "unit", None, "14812"),
        ("Bỉm Sơn", BEFORE, "unit", None, "381"),
        ("Xã Cẩm Thuỷ", AFTER, "unit", None, "15127"),
        ("xa Cam Thuy", AFTER, "unit", None, "15127"),
        # former communes, with "cũ" or the former district in brackets
        ("xã Thành Yên cũ", BEFORE, "commune", "391", "L15226"),
        ("xã Thành Yên cũ", AFTER, "unit", None, "15229"),  # went wholly to the new unit
        ("xã Thành Yên", AFTER, "unit", None, "15229"),
        ("xã Hoằng Thái (Hoằng Hóa)", BEFORE, "commune", "399", "L15955"),
        ("Xuân Lộc", BEFORE, "commune", "397", "L15736"),  # one of three, told apart by the district
        ("xã Xuân Lộc (Hậu Lộc)", AFTER, "unit", None, "16072"),
        ("xã Xuân Lộc (huyện Thường Xuân cũ)", AFTER, "unit", None, "15643"),
        # two new units that differ only in diacritics, or told apart by a former district
        ("Phường Đông Tiến", AFTER, "unit", None, "15853"),
        ("Đồng Tiến", AFTER, "unit", None, "15724"),
        ("Dong Tien (Trieu Son)", AFTER, "unit", None, "15724"),
        ("Dong Tien (TP Thanh Hoa)", AFTER, "unit", None, "15853"),
        ("Đông Tiến (Đông Sơn)", AFTER, "unit", None, "15853"),
        ("Cấp tỉnh", AFTER, "unit", None, "38"),
    ],
)
def test_post_reform_forms_are_matched(session, value, on, want, within, expected):
    assert resolve(UnitIndex.load(session), value, on, want, within) == expected


@pytest.mark.parametrize(
    "value, on, candidates",
    [
        ("xã Xuân Lộc", AFTER, {"L15643", "L15736", "L16057"}),  # three former communes of that name
        ("Dong Tien", AFTER, {"15724", "15853"}),  # two new units, no diacritics to tell
        ("Phường Đông Thọ", AFTER, {"14758", "14797"}),  # a former ward split between two
    ],
)
def test_ambiguous_names_list_their_candidates(session, value, on, candidates):
    index = UnitIndex.load(session)
    with pytest.raises(UnitNotResolved) as err:
        index.resolve(value, on=on)
    problem = err.value.problem
    assert problem.key == "error.ambiguous_unit"
    listed = problem.params["candidates"]
    assert all(f"{c})" in listed for c in candidates), listed
    assert "(" in problem.message("vi") and "ambiguous" in problem.message("en")


def test_import_style_batch_of_post_reform_forms(session):
    """Rows as an import gives them to the service layer: every form resolves, the ambiguous one
    is reported with its candidates, nothing is written."""
    units = units_by_code(session)
    base = dict(kind="collective", title="Tuyến phố văn minh", field="economy", bloc="state")
    inputs = [
        ModelExampleCreate(**base, unit="huyện Quan Sơn (cũ)", commune="xã Trung Hạ", registered_on=BEFORE),
        ModelExampleCreate(**base, unit="H. Thạch Thành", commune="xã Thành Yên cũ", registered_on=BEFORE),
        ModelExampleCreate(**base, unit="xã Thành Yên cũ", registered_on=AFTER),
        ModelExampleCreate(**base, unit="Phuong Hac Thanh", registered_on=AFTER),
        ModelExampleCreate(**base, unit="xã Hoằng Thái (Hoằng Hóa)", registered_on=AFTER),
        ModelExampleCreate(**base, unit="xã Xuân Lộc", registered_on=AFTER),
    ]
    results = bulk.validate_batch(session, inputs)
    got = [(r.values["unit_id"], r.values["commune_id"], [p.key for p in r.problems]) for r in results]
    hoang_thai_new = next(r["new_code"] for r in rows("lineage_2025_forward.csv") if r["old_code"] == "L15955")
    trung_ha = next(u for u in units.values() if u.short_name == "Trung Hạ" and u.code.startswith("L"))
    assert got[0] == (units["387"].id, trung_ha.id, [])
    assert got[1] == (units["391"].id, units["L15226"].id, [])
    assert got[2] == (units["15229"].id, None, [])
    assert got[3] == (units["14797"].id, None, [])
    assert got[4] == (units[hoang_thai_new].id, None, [])
    assert got[5][2] == ["error.ambiguous_unit"]


# --------------------------------------------------------------------------- counts in every view
def _records(n: int, seed: int = 3) -> list[dict]:
    """Deterministic record inputs across 2021 - 26 Nov 2026: districts (some with a commune of
    that time, Đông Sơn until 30 Nov 2024), the province, and new units since 1 Jul 2025."""
    rng = random.Random(seed)
    districts = {r["code"]: r for r in rows("districts.csv") if r["level"] == "district"}
    legacy = defaultdict(list)
    for r in rows("units_communes_legacy.csv"):
        legacy[r["parent_code"]].append(r["code"])
    new = [r["code"] for r in rows("units_2025.csv")]
    start, end = dt.date(2021, 1, 1), dt.date(2026, 11, 26)
    out = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        unit, commune = "38", None
        if rng.random() > 0.1:
            if day < REFORM_DATE:
                live = [c for c, r in districts.items() if day <= dt.date.fromisoformat(r["valid_to"])]
                unit = rng.choice(live)
                if rng.random() < 0.5:
                    commune = rng.choice(legacy[unit])
            else:
                unit = rng.choice(new)
        out.append(
            dict(
                kind=rng.choice(["collective", "individual"]),
                title=f"Mô hình {i}",
                holder_name="Chi bộ",
                unit=unit,
                commune=commune,
                field=rng.choice(["economy", "culture_society"]),
                bloc="state",
                registered_on=day,
            )
        )
    return out


@pytest.fixture
def mixed(db):
    from sqlmodel import Session

    records = _records(400)
    with Session(db) as s:
        bulk.bulk_insert(s, [ModelExampleCreate(**r) for r in records], actor=SYSTEM)
        s.commit()
    return db, records


FILTERS = [
    Filters(year_from=2021, year_until=2026),
    Filters(year_from=2025, year_until=2026, fields=("economy",)),
    Filters(year_from=2021, year_until=2026, kinds=("individual",)),
    Filters(date_from=dt.date(2024, 11, 15), date_until=dt.date(2025, 8, 15)),
    Filters(date_from=dt.date(2025, 7, 1), date_until=dt.date(2026, 11, 26), include_sample=False),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_every_view_gives_the_same_total(mixed, filters):
    from sqlmodel import Session

    db, records = mixed
    expected = sum(
        1
        for r in records
        if filters.start <= r["registered_on"] <= filters.end
        and (not filters.fields or r["field"] in filters.fields)
        and (not filters.kinds or r["kind"] in filters.kinds)
    )
    with Session(db) as s:
        totals = {}
        for view in VIEWS:
            figures = stats(s, filters=filters.with_(view=view))
            assert figures["total"] == expected, view
            assert abs(sum(figures["by_unit"].values()) - expected) < 1e-6, view
            assert sum(figures["by_year"].values()) == expected
            totals[view] = figures
        keys = {view: set(f["by_unit"]) for view, f in totals.items()}
        assert keys["districts-2025"] <= (set(DISTRICT_CODES) - {"405"}) | {"province"}
        assert all(k == "province" or (len(k) == 5 and k.isdigit()) for k in keys["new-units"])


def test_districts_2025_series_equals_the_lineage_computed_independently(mixed):
    """Year × district in the districts-2025 view, against plain Python over the records and the
    data files: a record before the reform counts in its (commune's) district, one since in the
    former districts of its new unit by lineage share; Đông Sơn counts in Thanh Hóa city."""
    from sqlmodel import Session

    db, records = mixed
    parent = {r["code"]: r["parent_code"] for r in rows("units_communes_legacy.csv")}
    lineage = defaultdict(list)
    for r in rows("lineage_2025.csv"):
        lineage[r["new_code"]].append((r["old_district_code"], float(r["share"])))
    today = {"405": "380"}
    expected = defaultdict(float)
    for r in records:
        year = r["registered_on"].year
        if r["unit"] == "38":
            expected[(year, "38")] += 1
        elif r["registered_on"] < REFORM_DATE:
            district = parent[r["commune"]] if r["commune"] else r["unit"]
            expected[(year, today.get(district, district))] += 1
        else:
            for district, share in lineage[r["unit"]]:
                expected[(year, today.get(district, district))] += share
    with Session(db) as s:
        code = {u.id: u.code for u in s.exec(select(AdminUnit)).all()}
        for source in (None, "records"):
            got = {
                (year, code[unit]): n
                for year, unit, n in count_by(
                    s,
                    filters=Filters(year_from=2021, year_until=2026, view="districts-2025"),
                    group=("year", "unit"),
                    source=source,
                )
            }
            assert set(got) == {k for k, v in expected.items() if v > 1e-9}
            for key, value in expected.items():
                assert got[key] == pytest.approx(value, abs=1e-6), key
    years = {y for y, _ in expected}
    assert years == set(range(2021, 2027))
    assert {d for _, d in expected} - {"38"} == set(DISTRICT_CODES) - {"405"}


def test_stats_json_by_view_from_the_command_line(tmp_path):
    """`stats --json --view`: by_unit in the view's codes, the same total in every view, split
    counts rounded to 6 decimals."""
    import json

    from sqlmodel import Session

    from registry.db import make_engine
    from tests.support.cli import run_cli as run

    url = f"sqlite:///{tmp_path / 'views.db'}"
    assert run(["init"], url).returncode == 0
    records = _records(120, seed=11)
    engine = make_engine(url)
    with Session(engine) as s:
        bulk.bulk_insert(s, [ModelExampleCreate(**r) for r in records], actor=SYSTEM)
        s.commit()
    engine.dispose()
    out = {}
    for view in VIEWS:
        proc = run(["stats", "--json", "--view", view], url)
        assert proc.returncode == 0, proc.stderr
        out[view] = json.loads(proc.stdout)
        assert out[view]["total"] == len(records) and out[view]["view"] == view
        assert sum(out[view]["by_unit"].values()) == pytest.approx(len(records), abs=1e-4)
        assert all(round(v, 6) == v for v in out[view]["by_unit"].values())
    assert set(out["districts-2025"]["by_unit"]) <= (set(DISTRICT_CODES) - {"405"}) | {"province"}
    assert all(k == "province" or (len(k) == 5 and k.isdigit()) for k in out["new-units"]["by_unit"])
    then_keys = set(out["then"]["by_unit"])
    assert then_keys & set(DISTRICT_CODES) and {k for k in then_keys if len(k) == 5}
    assert any(isinstance(v, float) for v in out["new-units"]["by_unit"].values())
