"""Our own registry export imports back cleanly and unchanged (issue 11, section 6): the export's
headers are mapped (the unit's code beside its name, the derived columns passed over), and the
apostrophe that ``neutralise`` puts before formula-like text is taken off again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlmodel import Session

from registry import permissions
from registry.db import read_session
from registry.exports.records import registry_csv, registry_xlsx
from registry.importing import cells as import_cells
from registry.importing import plan as import_plan
from registry.models import AdminUnit, ModelExample, ModelExampleUpdate
from registry.queries.filters import Filters
from registry.records import writes
from tests.support.factories import make_example

ADMIN = permissions.SYSTEM
# Compared field by field: everything a person stated, and the derived search columns.
FIELDS = (
    "kind",
    "title",
    "holder_name",
    "locality",
    "description",
    "results",
    "unit_id",
    "commune_id",
    "field_id",
    "bloc_id",
    "programme_id",
    "registered_on",
    "stage",
    "effective_on",
    "recognised_on",
    "outstanding_on",
    "awarded_on",
    "recognition_level",
    "beneficiaries",
    "funds_vnd",
    "replicated_from_id",
    "origin_id",
    "title_key",
    "match_key",
    "search_text",
    "version",
    "updated_at",
)


def _records(db) -> dict[int, dict]:
    with read_session(db) as s:
        rows = s.execute(select(ModelExample).where(ModelExample.deleted.is_(False))).scalars()
        return {r.id: {f: getattr(r, f) for f in FIELDS} for r in rows}


def _demo_like(db) -> None:
    """Records like the demo's: formula-like text the export protects, line breaks, every stage up
    to outstanding, a commune, a programme, figures, and a copy of another unit's model."""
    with Session(db) as s:
        phone = make_example(s, title="Đường dây nóng", holder_name="+84 912 345 678", locality="-Thôn Đông")
        make_example(
            s,
            title='=HYPERLINK("http://x")',
            holder_name="@Tổ hợp tác",
            description="Dòng một\nDòng hai\n\nĐoạn mới",
            results="+15% thu nhập\nGiảm nghèo",
            beneficiaries=1200,
            funds_vnd=350_000_000,
            unit="Huyện Hậu Lộc",
            commune="Xã Hòa Lộc",
            programme="friendly_government",
            registered_on=dt.date(2022, 2, 10),
        )
        effective = make_example(s, title="Bún an toàn thực phẩm", kind="individual", holder_name="Bà Lê Thị Hoa")
        writes.change_stage(s, effective.id, "effective", on=dt.date(2023, 9, 1), actor=ADMIN)
        recognised = make_example(s, title="Chợ văn minh", registered_on=dt.date(2022, 3, 1))
        for stage, on in (("effective", dt.date(2022, 6, 1)), ("recognised", dt.date(2023, 1, 5))):
            writes.change_stage(s, recognised.id, stage, on=on, actor=ADMIN, level="district")
        writes.change_stage(s, recognised.id, "outstanding", on=dt.date(2023, 6, 5), actor=ADMIN)
        writes.change_stage(
            s,
            recognised.id,
            "awarded",
            on=dt.date(2024, 1, 9),
            actor=ADMIN,
            award_form="Bằng khen",
            award_issuer="UBND tỉnh",
        )
        make_example(s, title="Đường dây nóng", unit="394", replicated_from=phone.id, registered_on=dt.date(2024, 1, 2))
        s.commit()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_our_export_reimports_into_the_same_registry_as_nothing_new(db, fmt):
    _demo_like(db)
    before = _records(db)
    assert len(before) == 5
    with Session(db) as s:
        build = registry_csv if fmt == "csv" else registry_xlsx
        name, data = build(s, Filters(year_from=2021, year_until=2025), ADMIN)
    assert b"'+84 912 345 678" in data or fmt == "xlsx"  # the export protects the cell

    checked = import_plan.run_import(db, data, name, ADMIN, dry_run=True)
    assert [(e.row, e.column, e.key) for e in checked.errors] == []
    assert [(n.column, n.key) for n in checked.notices] == []  # no column ignored, none twice
    assert (checked.to_create, checked.to_update, checked.unchanged) == (0, 0, 5)

    done = import_plan.run_import(db, data, name, ADMIN)
    assert done.ok and done.summary() == {"created": 0, "updated": 0, "errors": 0} and done.unchanged == 5
    assert _records(db) == before  # field by field, versions and edit times included


def test_a_record_changed_after_the_export_is_restored_by_its_reimport(db):
    """The export read back is the data itself: edits made since are undone field by field,
    formula-like text, line breaks and the unit given by its code included."""
    _demo_like(db)
    with Session(db) as s:
        _name, data = registry_csv(s, Filters(year_from=2021, year_until=2025), ADMIN)
    before = _records(db)
    target = next(i for i, r in before.items() if r["holder_name"] == "@Tổ hợp tác")
    with Session(db) as s:
        example = s.get(ModelExample, target)
        from_db = ModelExampleUpdate(
            version=example.version, holder_name="Tổ hợp tác", description="một dòng", results="", unit="380"
        )
        writes.update_example(s, target, from_db, ADMIN)
        s.commit()
    result = import_plan.run_import(db, data, "registry.csv", ADMIN)
    assert result.ok and result.summary() == {"created": 0, "updated": 1, "errors": 0}, result.errors
    after = _records(db)[target]
    for name in ("holder_name", "description", "results", "unit_id", "commune_id", "locality", "title_key"):
        assert after[name] == before[target][name], name
    assert after["description"] == "Dòng một\nDòng hai\n\nĐoạn mới"


def test_the_unit_code_column_alone_is_the_unit(db):
    header = "Loại,Tên mô hình,Mã đơn vị,Lĩnh vực,Khối,Ngày đăng ký\r\n"
    data = (header + "Mô hình,Tuyến phố văn minh,394,Kinh tế,Khối chính quyền,15/03/2023\r\n").encode("utf-8-sig")
    result = import_plan.run_import(db, data, "f.csv", ADMIN)
    assert result.ok and result.committed, result.errors
    with read_session(db) as s:
        (example,) = s.execute(select(ModelExample)).scalars().all()
        assert s.get(AdminUnit, example.unit_id).code == "394"


@pytest.mark.parametrize(
    "cell, stored",
    [
        ("'+84 912 345 678", "+84 912 345 678"),
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'-Thôn Đông", "-Thôn Đông"),
        ("'@Tổ", "@Tổ"),
        ("'\tx", "x"),
        ("'Nhà văn hóa", "'Nhà văn hóa"),  # an apostrophe the export did not add stays
        ("'", "'"),
        ("''=x", "''=x"),
    ],
)
def test_only_the_protective_apostrophe_is_taken_off(cell, stored):
    assert import_cells.TextCells()(cell, "Cột", 2, []) == stored
