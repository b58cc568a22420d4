"""The shortcuts that make a bulk import fast give the same results as the plain paths: placements
remembered per cell and span of dates, the faster ``fold``, the search index filled after the
insert, and a form save that skips the replication summaries of a record outside every family."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import pytest
from sqlalchemy import func, select

from registry import permissions
from registry import text as registry_text
from registry.db import read_session, write_session
from registry.importing import plan as import_plan
from registry.models import ModelExample, ModelExampleCreate, ModelExampleUpdate
from registry.records import bulk, rollups, writes
from registry.records.validation import References
from registry.search_index import FTS_TABLE
from registry.units.placement import Placements, place
from tests.support.import_rows import csv_bytes
from tests.support.real_records import real_records, record_days, unit_index

D = dt.date
# the era boundaries and the days around them, and a spread of ordinary days
EDGES = [D(2024, 11, 30), D(2024, 12, 1), D(2025, 6, 30), D(2025, 7, 1), D(2020, 12, 31), D(2021, 1, 1)]
# cells of every shape the placement reads (tests/units/test_placement.py has their expected units)
VARIANTS = [
    ("huyện Tĩnh Gia", "xã Hải Châu"),
    ("thị xã Nghi Sơn", "phường Hải Châu"),
    ("", "xã Quảng Hùng (Quảng Xương)"),
    ("xã Đông Hưng (Đông Sơn)", ""),
    ("thành phố Thanh Hóa", "xã Đông Hưng"),
    ("huyện Hà Trung", "xã Thái Lai"),
    ("huyện Hà Trung", "xã Hà Lâm (nay là xã Yến Sơn)"),
    ("xã Yến Sơn (trước đây là xã Hà Lâm)", ""),
    ("huyện Vĩnh Lộc", "xã Vĩnh Hòa"),
    ("", "xã Nga Liên, Nga Thanh, Nga Thái"),
    ("2 xã Pù Nhi và Nhi Sơn", ""),
    ("xã Hoằng Thái (Hoằng Hóa)", ""),
    ("xã Hoằng Thái (cũ)", ""),
    ("huyện Hà Trung (cũ)", "xã Hà Lâm (cũ)"),
    ("Thị xã Nghi Sơn (cũ)", "phường Hải Hòa"),
    ("Phường Đông Thọ", ""),
    ("huyện Mường Lát", ""),
    ("huyện Đông Sơn", ""),
    ("", "xã Không Có"),
    ("TP Thanh Hóa", "Phường Đông Thịnh"),
    ("", ""),
    ("Huyện Không Có", ""),
    ("huyện Hoằng Hóa", "xã Hoằng Khánh"),
    ("huyện Thiệu Hóa", "xã Thiệu Phú"),
    ("Cấp tỉnh", ""),
    ("xã Quảng Phúc, huyện Quảng Xương", ""),
    ("", "xã Thành Yên cũ"),
]
HEADER = ["Loại", "Tên mô hình, điển hình", "Đơn vị", "Xã, phường", "Lĩnh vực", "Khối", "Ngày đăng ký"]


@pytest.fixture(scope="module")
def units(sqlite_template):
    return unit_index(sqlite_template)


def outcome(p):
    return (
        p.unit.id if p.unit is not None else None,
        p.commune.id if p.commune is not None else None,
        p.locality,
        p.rule,
        [(n.field, n.key, n.params, n.rule) for n in p.notices],
        [(q.field, q.key, q.params) for q in p.problems],
    )


def test_remembered_placements_equal_fresh_ones_on_every_day(units):
    """Every cell of the placement tables at the days of the real records, the era boundaries and days around
    them, through one shared memo (so later days hit what earlier days stored): each result is
    what ``place`` gives for that day alone, notices and problems (with their dates) included."""
    memo = Placements(units)
    rng = random.Random(7)
    records = real_records()
    cells = {(r["unit"], r["commune"]) for r in records} | set(VARIANTS)
    days = sorted({d for r in records for d in record_days(r["registered_on"], r["source_date"])} | set(EDGES))
    days += [D(2021, 1, 1) + dt.timedelta(days=rng.randrange(2200)) for _ in range(30)]
    checked = 0
    for unit_text, commune_text in sorted(cells):
        for day in days + days[::-1]:
            got = memo.place(unit_text=unit_text, commune_text=commune_text, on=day)
            assert outcome(got) == outcome(place(units, unit_text=unit_text, commune_text=commune_text, on=day)), (
                unit_text,
                commune_text,
                day,
            )
            checked += 1
    assert checked > 1000
    assert len(memo.seen) < checked / 4  # it did remember: most calls were hits


def test_a_remembered_placement_is_a_copy_the_caller_may_change(units):
    memo = Placements(units)
    first = memo.place(unit_text="huyện Hà Trung", commune_text="xã Thái Lai", on=D(2023, 5, 1))
    assert first.notices and first.rule == "commune_unknown"
    first.notices.clear()
    first.problems.append("changed")
    again = memo.place(unit_text="huyện Hà Trung", commune_text="xã Thái Lai", on=D(2023, 5, 2))
    assert again.notices and not again.problems
    # the notice quotes the day of the record it is about, not the day first placed
    assert again.notices[0].params["date"] == "02/05/2023"


def test_one_unit_text_on_two_sides_of_the_reform_lands_on_two_units(sqlite_db):
    """The same cells in many rows, a day apart across 1 Jul 2025, and a commune that cannot be
    placed on several days: each row lands on the unit of its own day, and each notice carries
    its own row number and date."""
    rows = []
    for i in range(6):
        rows.append(["Mô hình", f"Hoằng Thái trước {i}", "xã Hoằng Thái (Hoằng Hóa)", "", "Kinh tế", "Khối Đảng"])
        rows[-1].append("30/06/2025")
        rows.append(["Mô hình", f"Hoằng Thái sau {i}", "xã Hoằng Thái (Hoằng Hóa)", "", "Kinh tế", "Khối Đảng"])
        rows[-1].append("01/07/2025")
        rows.append(["Mô hình", f"Thái Lai {i}", "huyện Hà Trung", "xã Thái Lai", "Kinh tế", "Khối Đảng"])
        rows[-1].append(f"{10 + i:02d}/05/2023")
    result = import_plan.run_import(sqlite_db, csv_bytes(rows, header=HEADER), "f.csv", permissions.SYSTEM)
    assert result.committed, result.errors
    with read_session(sqlite_db) as s:
        refs = References(s)
        placed = {
            e.title: (refs.units.by_id[e.unit_id].code, e.commune_id) for e in s.execute(select(ModelExample)).scalars()
        }
    before = {v for k, v in placed.items() if "trước" in k}
    after = {v for k, v in placed.items() if "sau" in k}
    assert len(before) == 1 and len(after) == 1 and before != after
    assert next(iter(before))[0] == "399" and next(iter(before))[1] is not None  # Hoằng Hóa, the commune
    assert next(iter(after))[0] != "399"
    unknown = [n for n in result.notices if n.key == "place.commune_unknown"]
    assert [(n.row, n.params["date"]) for n in unknown] == [(4 + 3 * i, f"{10 + i:02d}/05/2023") for i in range(6)]
    bracketed = [n.row for n in result.notices if n.key == "place.bracketed_district"]
    assert bracketed and set(bracketed) <= {2 + 3 * i for i in range(6)} | {3 + 3 * i for i in range(6)}


def _fold_reference(s):
    decomposed = unicodedata.normalize("NFD", registry_text.canonical(s).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(str.maketrans("đð", "dd"))


def test_fold_is_the_plain_definition_for_any_text():
    rng = random.Random(11)
    alphabet = [chr(i) for i in range(0x20, 0x2500)] + list("ĐđðÐ Hoá Thuỷ ẠạẶặ İ") + ["\u0301", "\u0323", "\u200b"]
    samples = ["ĐÔNG SƠN", "Thanh Hoá", "Hoằng Hóa", "İstanbul", "abc", "", None]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in range(20_000)]
    for s in samples:
        assert registry_text.fold(s) == _fold_reference(s), s
    assert registry_text.fold("ĐÔNG SƠN") == "dong son"


def _fts_ids(session, word):
    return set(
        session.connection()
        .exec_driver_sql(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (f'"{word}"',))
        .scalars()
    )


def _trigger(session):
    return (
        session.connection()
        .exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{FTS_TABLE}_ai",))
        .scalar()
    )


def _create(title, unit="Huyện Hậu Lộc"):
    return ModelExampleCreate(
        kind="collective", title=title, unit=unit, field="economy", bloc="state", registered_on=D(2023, 5, 1)
    )


def test_bulk_rows_are_searchable_and_the_trigger_is_back(sqlite_db):
    with write_session(sqlite_db) as s:
        ids = bulk.bulk_insert(s, [_create(f"Bếp ăn nghĩa tình số {i}") for i in range(30)], permissions.SYSTEM)
    with write_session(sqlite_db) as s:
        assert _trigger(s) == 1
        assert _fts_ids(s, "nghia tinh") == set(ids)
        one = writes.create_example(s, _create("Bếp ăn nghĩa tình lẻ"), permissions.SYSTEM)
        s.flush()
        assert _fts_ids(s, "nghia tinh") == {*ids, one.id}  # a single write is indexed by the trigger


def test_a_failed_bulk_insert_leaves_index_and_trigger_as_they_were(sqlite_db):
    with read_session(sqlite_db) as s:
        before = s.connection().exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE}_docsize").scalar()
        records = s.execute(select(func.count()).select_from(ModelExample)).scalar()
    with pytest.raises(RuntimeError), write_session(sqlite_db) as s:
        bulk.bulk_insert(s, [_create(f"Vườn mẫu thất bại {i}") for i in range(5)], permissions.SYSTEM)
        raise RuntimeError("after the insert, before the commit")
    with read_session(sqlite_db) as s:
        assert _trigger(s) == 1
        assert not _fts_ids(s, "that bai")
        assert s.connection().exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE}_docsize").scalar() == before
        assert s.execute(select(func.count()).select_from(ModelExample)).scalar() == records


def _replication_tables(session):
    out = {}
    for _measure, (_dims, models) in rollups.REPLICATION_ROLLUPS.items():
        for model, _d in models:
            table = model.__table__
            cols = [c for c in table.c if c.name != "id"]
            rows = session.execute(select(*cols).where(table.c.n != 0)).all()
            out[table.name] = sorted(tuple(r) for r in rows)
    return out


@pytest.mark.parametrize("in_family", [False, True])
def test_a_form_edit_keeps_the_replication_summaries_exact(sqlite_db, in_family):
    """An edit of a record outside every family skips the family queries; an edit of a family's
    root does not. Either way the summaries equal a rebuild from the records."""
    with write_session(sqlite_db) as s:
        root = writes.create_example(s, _create("Chợ văn minh"), permissions.SYSTEM)
        if in_family:
            copy = _create("Chợ văn minh", unit="Huyện Hoằng Hóa")
            copy.replicated_from, copy.registered_on = root.id, D(2023, 9, 1)
            writes.create_example(s, copy, permissions.SYSTEM)
        root_id, version = root.id, root.version
    with write_session(sqlite_db) as s:
        writes.update_example(
            s,
            root_id,
            ModelExampleUpdate(version=version, field="culture_society", registered_on=D(2022, 4, 1)),
            actor=permissions.SYSTEM,
        )
        s.flush()
        kept = _replication_tables(s)
        rollups.rebuild_replication(s)
        assert _replication_tables(s) == kept
        assert any(kept.values()) == in_family
