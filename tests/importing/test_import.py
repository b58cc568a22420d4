"""Bulk import: clean files, every kind of bad file and bad row, idempotence, all-or-nothing."""

import datetime as dt
import io
import json
import unicodedata

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from registry import permissions
from registry.db import read_session
from registry.errors import PermissionDenied
from registry.importing import cells as import_cells
from registry.importing import plan as import_plan
from registry.importing import report as import_report
from registry.importing import results as import_results
from registry.models import AuditLog, ModelExample, StageEvent
from registry.records import rollups, validation, writes
from tests.support.import_rows import GOOD, HEADER, csv_bytes, to_legacy


def xlsx_bytes(rows, header=HEADER, sheet="Mô hình", extra_sheets=()) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name in extra_sheets:
        book.add_worksheet(name).write_row(0, 0, ["ghi chú", "không phải dữ liệu"])
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, header)
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, tuple):  # (formula, cached value)
                ws.write_formula(r, c, value[0], None, value[1])
            else:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def count(db) -> int:
    with read_session(db) as s:
        return s.execute(select(func.count()).select_from(ModelExample)).scalar_one()


def state(db) -> tuple:
    with read_session(db) as s:
        return (
            s.execute(select(func.count()).select_from(ModelExample)).scalar_one(),
            s.execute(select(func.count()).select_from(AuditLog)).scalar_one(),
            s.execute(select(func.count()).select_from(StageEvent)).scalar_one(),
            rollups.data_version(s),
        )


def run(db, data, name="f.csv", **kw):
    return import_plan.run_import(db, data, name, kw.pop("actor", permissions.SYSTEM), **kw)


def errors_of(result):
    return [(e.row, e.column, e.key) for e in result.errors]


# --------------------------------------------------------------------------- clean files
@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t")])
def test_clean_csv_in_every_accepted_encoding(db, encoding, delimiter):
    result = run(db, csv_bytes(GOOD, encoding=encoding, delimiter=delimiter))
    assert result.ok and result.committed, errors_of(result)
    assert result.summary() == {"created": 3, "updated": 0, "errors": 0}
    with read_session(db) as s:
        rows = {e.title: e for e in s.exec(select(ModelExample)).scalars()}
    assert rows["Chăn nuôi bò sinh sản, trồng rừng"].stage == "effective"
    assert rows["Chăn nuôi bò sinh sản, trồng rừng"].beneficiaries == 1200
    assert rows["Chăn nuôi bò sinh sản, trồng rừng"].registered_on == dt.date(2022, 2, 10)
    assert rows["Tuyến phố văn minh"].registered_on == dt.date(2023, 3, 15)
    assert rows["Bún an toàn thực phẩm"].kind == "collective"


def test_clean_xlsx_with_date_cells_serials_and_a_formula_read_as_its_value(db):
    rows = [
        [
            "Mô hình",
            "Sạc pin thông minh",
            "Trường CĐ Công nghiệp",
            "Cấp tỉnh",
            "Kinh tế",
            "Khối chính quyền",
            dt.date(2023, 4, 1),
            "Đăng ký",
            "",
            ("=SUM(1,2)*100", 300),
        ],
        ["Mô hình", "Mô hình hai", "", "Nga Sơn", "Kinh tế", "Khối Đảng", 44928, "", "", 5.0],
    ]
    result = run(db, xlsx_bytes(rows), "f.xlsx")
    assert result.ok and result.to_create == 2, errors_of(result)
    with read_session(db) as s:
        got = {e.title: e for e in s.exec(select(ModelExample)).scalars()}
    assert got["Sạc pin thông minh"].beneficiaries == 300 and got["Sạc pin thông minh"].registered_on == dt.date(
        2023, 4, 1
    )
    assert got["Mô hình hai"].registered_on == dt.date(2023, 1, 2) and got["Mô hình hai"].beneficiaries == 5


def test_headers_in_nfd_upper_case_english_or_without_diacritics(db):
    header = [
        unicodedata.normalize("NFD", "LOẠI"),
        "ten mo hinh",
        "Holder",
        "  Đơn   vị ",
        "Field",
        "khoi",
        unicodedata.normalize("NFD", "Ngày đăng ký"),
        "Stage",
        "Effective on",
        "beneficiaries",
    ]
    result = run(db, csv_bytes(GOOD, header=header))
    assert result.ok and result.to_create == 3, errors_of(result)


def test_nfd_text_and_old_tone_marks_are_stored_as_nfc_new_placement(db):
    row = [
        "Mô hình",
        unicodedata.normalize("NFD", "Dân vận khéo ở Thanh Hoá"),
        "Hội phụ nữ",
        unicodedata.normalize("NFD", "TP Thanh Hoá"),
        "Kinh tế",
        "Khối chính quyền",
        "01/06/2023",
        "",
        "",
        "",
    ]
    result = run(db, csv_bytes([row]))
    assert result.ok, errors_of(result)
    with read_session(db) as s:
        example = s.exec(select(ModelExample)).scalars().one()
        assert example.title == "Dân vận khéo ở Thanh Hóa" and unicodedata.is_normalized("NFC", example.title)
        assert validation.References(s).units.by_id[example.unit_id].code == "380"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_cells_are_converted_and_reported(db, encoding):
    row = [
        "Mô hình",
        to_legacy("Dân vận khéo ở bản Lát", encoding),
        "",
        to_legacy("Huyện Mường Lát", encoding),
        "Kinh tế",
        "Khối chính quyền",
        "01/06/2023",
        "",
        "",
        "",
    ]
    result = run(db, xlsx_bytes([row]), "f.xlsx")
    assert result.ok, errors_of(result)
    notices = [n for n in result.notices if n.key == "import.legacy_converted"]
    assert {n.column for n in notices} == {"Tên mô hình, điển hình", "Đơn vị"}
    assert all(n.params["encoding"] == encoding.upper() and n.row == 2 for n in notices)
    with read_session(db) as s:
        assert s.exec(select(ModelExample.title)).scalars().one() == "Dân vận khéo ở bản Lát"


def test_a_whole_csv_file_in_tcvn3_is_converted(db):
    text = csv_bytes(
        [["Mô hình", "Tuyến phố văn minh", "Chi bộ", "Huyện Hậu Lộc", "Kinh tế", "Khối chính quyền", "15/03/2023"]],
        header=HEADER[:7],
        encoding="utf-8",
    ).decode()
    data = to_legacy(text, "tcvn3").encode("latin-1")
    result = run(db, data)
    assert result.ok and result.to_create == 1, errors_of(result)
    assert result.notices[0].key == "import.legacy_file"
    with read_session(db) as s:
        assert s.exec(select(ModelExample.title)).scalars().one() == "Tuyến phố văn minh"


# --------------------------------------------------------------------------- bad files
def test_another_encoding_is_refused_with_a_clear_message(db):
    def cp1258(text):  # Windows-1258: base letters precomposed, tone marks combining
        out = b""
        for ch in text:
            try:
                out += ch.encode("cp1258")
            except UnicodeEncodeError:
                d = unicodedata.normalize("NFD", ch)
                tone = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
                base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tone))
                out += base.encode("cp1258") + tone.encode("cp1258")
        return out

    data = cp1258("Loại,Tên mô hình,Đơn vị,Lĩnh vực\nMô hình,Thử nghiệm,Nga Sơn,Kinh tế\n")
    with pytest.raises(import_results.FileRejected) as exc:
        run(db, data)
    assert exc.value.key == "import.bad_encoding" and "UTF-8" in exc.value.message()


@pytest.mark.parametrize(
    "data, key",
    [
        (b"", "import.empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "import.empty"),
        (csv_bytes([]), "import.no_rows"),
        (b"a,b\n1,2\n", "import.no_header"),
        (b"PK\x03\x04garbage", "import.bad_workbook"),
    ],
)
def test_empty_headerless_and_damaged_files(db, data, key):
    with pytest.raises(import_results.FileRejected) as exc:
        run(db, data, "f.xlsx" if data.startswith(b"PK") else "f.csv")
    assert exc.value.key == key
    assert count(db) == 0


def test_wrong_sheet_names_the_sheets(db):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Tổng hợp").write_row(0, 0, ["STT", "Nội dung tổng hợp", "Số lượng"])
    book.add_worksheet("Sheet2")
    book.close()
    with pytest.raises(import_results.FileRejected) as exc:
        run(db, buffer.getvalue(), "f.xlsx")
    assert exc.value.key == "import.wrong_sheet" and "Tổng hợp" in exc.value.message()


def test_the_data_sheet_is_found_after_other_sheets(db):
    result = run(db, xlsx_bytes(GOOD, extra_sheets=("Bìa",)), "f.xlsx")
    assert result.ok and result.to_create == 3


def test_huge_file_and_too_many_rows(db, monkeypatch):
    monkeypatch.setenv("IMPORT_MAX_MB", "1")
    with pytest.raises(import_results.FileRejected) as exc:
        run(db, csv_bytes(GOOD) + b" " * (1024 * 1024))
    assert exc.value.key == "import.too_big" and "IMPORT_MAX_MB" in exc.value.message()
    monkeypatch.setenv("IMPORT_MAX_ROWS", "2")
    with pytest.raises(import_results.FileRejected) as exc:
        run(db, csv_bytes(GOOD))
    assert exc.value.key == "import.too_many_rows" and exc.value.params["rows"] == 3
    assert count(db) == 0


# --------------------------------------------------------------------------- bad rows
def test_every_bad_row_is_listed_with_row_number_and_column_and_nothing_is_written(db):
    before = state(db)
    rows = [
        GOOD[0],
        ["Mô hình", "Ngày sai", "", "Nga Sơn", "Kinh tế", "Khối Đảng", "31/02/2023", "", "", ""],  # 3 bad date
        ["Mô hình", "Số sai", "", "Nga Sơn", "Kinh tế", "Khối Đảng", "01/02/2023", "", "", "nhiều"],  # 4 not a number
        [
            "Mô hình",
            "Đơn vị lạ",
            "",
            "Huyện Không Có",
            "Kinh tế",
            "Khối Đảng",
            "01/02/2023",
            "",
            "",
            "",
        ],  # 5 unknown unit
        [
            "Mô hình",
            "Ngày lệch",
            "",
            "Nga Sơn",
            "Kinh tế",
            "Khối Đảng",
            "01/05/2023",
            "Hiệu quả",
            "01/04/2023",
            "",
        ],  # 6 order
        ["Cái gì", "Loại sai", "", "Nga Sơn", "Lĩnh vực lạ", "Khối Đảng", "01/02/2023", "", "", ""],  # 7 kind, field
        ["Mô hình", "", "", "Nga Sơn", "Kinh tế", "Khối Đảng", "01/02/2023", "", "", ""],  # 8 empty title
        GOOD[0],  # 9 duplicate of 2
    ]
    result = run(db, csv_bytes(rows))
    assert not result.committed and state(db) == before
    got = errors_of(result)
    assert (3, "Ngày đăng ký", "upload.bad_date") in got
    assert (4, "Số người hưởng lợi", "error.not_a_number") in got
    assert (5, "Đơn vị", "error.unknown_unit") in got
    assert (6, "Ngày đánh giá hiệu quả", "error.stage_date_before_registered") in got
    assert (7, "Loại", "error.bad_kind") in got and (7, "Lĩnh vực", "error.unknown_field") in got
    assert (8, "Tên mô hình, điển hình", "error.title_empty") in got
    assert (9, "Tên mô hình, điển hình", "import.duplicate_row") in got
    assert result.summary() == {"created": 0, "updated": 0, "errors": len(got)}
    for e in result.errors:  # every message reads in both languages
        assert e.message("vi") and e.message("en") and "{" not in e.message("vi")


def test_missing_required_column(db):
    result = run(db, csv_bytes([r[:6] for r in GOOD], header=HEADER[:6]))
    assert [(e.key, e.params["column"]) for e in result.errors] == [("import.column_missing", "Ngày đăng ký")]


def test_an_editor_limited_to_a_unit_cannot_import_other_units(db):
    with read_session(db) as s:
        hau_loc = validation.References(s).units.resolve("400").id
    result = run(db, csv_bytes(GOOD), actor=permissions.Actor("hl", "editor", hau_loc))
    assert [(e.row, e.key) for e in result.errors] == [(3, "import.unit_forbidden"), (4, "import.unit_forbidden")]
    with pytest.raises(PermissionDenied):
        run(db, csv_bytes(GOOD), actor=permissions.Actor("v", "viewer"))
    assert count(db) == 0


def test_failure_at_the_last_row_leaves_the_database_untouched(db):
    rows = [[*r[:1], f"Mô hình {i}", *r[2:]] for i in range(300) for r in GOOD[:1]]
    rows[-1] = [*rows[-1][:6], "01/13/2023", *rows[-1][7:]]
    before = state(db)
    result = run(db, csv_bytes(rows))
    assert errors_of(result) == [(301, "Ngày đăng ký", "upload.bad_date")] and state(db) == before


def test_a_database_error_at_the_last_row_rolls_everything_back(db, monkeypatch):
    original = writes.update_example
    calls = []

    def failing(session, example_id, data, actor=permissions.SYSTEM, refs=None):
        calls.append(example_id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(session, example_id, data, actor, refs)

    run(db, csv_bytes(GOOD[:2]))
    before = state(db)
    changed = [[*GOOD[0][:9], "999"], [*GOOD[1][:9], "888"], GOOD[2]]
    monkeypatch.setattr(writes, "update_example", failing)
    with pytest.raises(RuntimeError):
        run(db, csv_bytes(changed))
    assert state(db) == before and len(calls) == 2


# --------------------------------------------------------------------------- idempotence and updates
def test_reimporting_the_same_file_creates_nothing(db):
    data = xlsx_bytes(GOOD)
    first = run(db, data, "f.xlsx")
    after_first = state(db)
    second = run(db, data, "f.xlsx")
    assert first.summary()["created"] == 3
    assert second.summary() == {"created": 0, "updated": 0, "errors": 0} and second.unchanged == 3
    assert state(db)[0] == after_first[0] and state(db)[2] == after_first[2]
    # the same rows with NFD text, other case and spacing are still the same records
    variant = [[unicodedata.normalize("NFD", c.upper() if i == 1 else c) for i, c in enumerate(r)] for r in GOOD]
    third = run(db, csv_bytes(variant))
    assert third.to_create == 0 and count(db) == 3


def test_a_changed_row_becomes_an_update_with_its_audit_row(db):
    run(db, csv_bytes(GOOD))
    changed = [[*GOOD[0][:9], "150"], GOOD[1], GOOD[2]]
    result = run(db, csv_bytes(changed))
    assert result.summary() == {"created": 0, "updated": 1, "errors": 0} and result.unchanged == 2
    with read_session(db) as s:
        example = s.exec(select(ModelExample).where(ModelExample.title == "Tuyến phố văn minh")).scalars().one()
        assert example.beneficiaries == 150 and example.version == 2
        audit = (
            s.exec(select(AuditLog).where(AuditLog.action == "update", AuditLog.entity_id == example.id))
            .scalars()
            .one()
        )
        assert json.loads(audit.before)["beneficiaries"] == 120 and json.loads(audit.after)["beneficiaries"] == 150
        imports = s.exec(select(AuditLog).where(AuditLog.action == "import")).scalars().all()
        assert len(imports) == 2  # one per committed import


def test_rows_with_an_id_column_update_that_record(db):
    run(db, csv_bytes(GOOD))
    with read_session(db) as s:
        example_id = s.exec(select(ModelExample.id).where(ModelExample.title == "Tuyến phố văn minh")).scalars().one()
    header = ["Số hiệu bản ghi", *HEADER]
    renamed = [str(example_id), *GOOD[0][:1], "Tuyến phố văn minh, sạch đẹp", *GOOD[0][2:]]
    result = run(db, csv_bytes([renamed], header=header))
    assert result.summary() == {"created": 0, "updated": 1, "errors": 0}
    assert count(db) == 3
    bad = run(
        db, csv_bytes([["999999", *GOOD[1]], [str(example_id), *GOOD[2]], [str(example_id), *GOOD[2]]], header=header)
    )
    keys = [e.key for e in bad.errors]
    assert "import.unknown_id" in keys and "import.duplicate_id" in keys


def test_dry_run_writes_nothing_and_reports_what_would_happen(db):
    before = state(db)
    result = run(db, csv_bytes(GOOD), dry_run=True)
    assert result.to_create == 3 and not result.committed and state(db) == before
    assert [p["row"] for p in result.preview] == [2, 3, 4]


def test_progress_callback(db):
    seen = []
    run(db, csv_bytes(GOOD), progress=lambda done, total, phase: seen.append(phase))
    assert seen[0] == "read" and "check" in seen and seen[-1] == "done"


def test_error_report_downloads(db):
    rows = [GOOD[0], ["Mô hình", "X", "", "Huyện Không Có", "Kinh tế", "Khối Đảng", "01/02/2023", "", "", ""]]
    result = run(db, csv_bytes(rows), dry_run=True)
    data = import_report.error_report_csv(result)
    assert data.startswith("\ufeff".encode()) and "Dòng,Cột,Loại,Nội dung".encode() in data
    assert "Huyện Không Có".encode() in data
    book = CalamineWorkbook.from_filelike(io.BytesIO(import_report.error_report_xlsx(result, "en")))
    cells = book.get_sheet_by_index(0).to_python()
    assert cells[0] == ["Row", "Column", "Kind", "Message"] and cells[1][0] == 3 and "Huyện Không Có" in cells[1][3]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("15/03/2023", dt.date(2023, 3, 15)),
        ("5/3/2023", dt.date(2023, 3, 5)),
        ("2023-03-15", dt.date(2023, 3, 15)),
        (44928, dt.date(2023, 1, 2)),
        ("44928", dt.date(2023, 1, 2)),
        (dt.datetime(2023, 1, 2, 8), dt.date(2023, 1, 2)),
        ("", None),
    ],
)
def test_dates(value, expected):
    assert import_cells.parse_date(value) == expected


@pytest.mark.parametrize("value", ["15/13/2023", "hôm qua", "2023/15/03", True])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        import_cells.parse_date(value)


@pytest.mark.parametrize(
    "value, expected", [("1.234.567", 1234567), ("1,234", 1234), ("12", 12), (7.0, 7), ("3,00", 3)]
)
def test_numbers(value, expected):
    assert import_cells.parse_int(value) == expected


def test_rows_placed_by_a_forgiving_rule_carry_a_notice_and_are_counted(db):
    header = ["Loại", "Tên mô hình, điển hình", "Đơn vị", "Xã, phường", "Lĩnh vực", "Khối", "Ngày đăng ký"]
    rows = [
        [
            "Mô hình",
            "“Dân vận khéo” ở Hoằng Thái",
            "xã Hoằng Thái (Hoằng Hóa)",
            "",
            "Kinh tế",
            "Khối chính quyền",
            "15/03/2023",
        ],
        ["Mô hình", "Chợ văn minh", "", "xã Hoằng Thái", "Kinh tế", "Khối chính quyền", "16/03/2023"],
        ["Mô hình", "Tuyến phố văn minh", "Huyện Hậu Lộc", "", "Kinh tế", "Khối chính quyền", "17/03/2023"],
    ]
    result = run(db, csv_bytes(rows, header=header), dry_run=True)
    assert result.errors == [] and result.to_create == 3
    assert result.rules == {"bracketed_district": 1, "commune_only": 1}  # the plain row needs no word
    placed = {n.row: n for n in result.notices if n.key.startswith("place.")}
    assert set(placed) == {2, 3} and "Hoằng Thái" in placed[2].message("vi")
    lines = import_report.report_lines(result, "vi")
    assert "1 dòng: đơn vị lấy từ cột xã, phường." in lines
    assert "1 rows: commune and bracketed district taken apart." in import_report.report_lines(result, "en")
