"""The upload guard: hostile workbooks are refused before calamine sees them, and a reader that
crashes, runs out of memory or time in the sandbox becomes a clean registry error.

Workbooks are built by hand with zipfile: the four parts calamine needs and nothing else."""

from __future__ import annotations

import io
import os
import re
import struct
import time
import zipfile

import pytest

from registry.catalog import messages
from registry.errors import RegistryError
from registry.i18n import catalog, t
from registry.importing.guard import UploadRejected, check_workbook, column_letters, scan_workbook
from registry.importing.sandbox import run_sandboxed
from tests.support.workbooks import MAIN, cell, one_far_cell, row, sheet_xml, xlsx

MEMORY_MB = 512

SMALL = xlsx(
    (
        "Mô hình",
        sheet_xml(
            row(1, cell("A1", "Tên mô hình"), cell("B1", "Đơn vị")),
            row(2, cell("A2", "Dân vận khéo"), '<c r="B2"><v>42</v></c>'),
            dimension="A1:B2",
        ),
    )
)
XFD = one_far_cell("XFD1048576", "A1:B2")


def rejected(data: bytes, **limits) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check_workbook(data, **{"max_rows": 200_000, **limits})
    return caught.value


# --------------------------------------------------------------------------- functions for the child
def calamine_cells(data: bytes) -> list:
    """Read every sheet with calamine, with no look first: what importing does today."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]


def checked_cells(data: bytes, max_rows: int = 200_000) -> list:
    check_workbook(data, max_rows=max_rows)
    return calamine_cells(data)


def sleep_for(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def raise_value_error(text: str) -> None:
    raise ValueError(text)


def decode_latin(data: bytes) -> str:
    return data.decode("utf-8")


def raise_registry_error() -> None:
    raise RegistryError("error.not_found", id=7)


class OddError(Exception):
    def __init__(self, code: int, *, where: str):
        super().__init__(f"odd {code} at {where}")
        self.code, self.where = code, where


def raise_odd() -> None:
    raise OddError(3, where="sheet")


def exhaust_memory() -> bytes:
    return bytes(2 * MEMORY_MB << 20)


def exit_with(code: int) -> None:
    os._exit(code)


def return_function():
    return os.system  # a callable must never be rebuilt in the parent


def add(a: int, b: int, *, times: int = 1) -> dict:
    import datetime as dt

    return {"sum": (a + b) * times, "when": dt.date(2024, 5, 1), "pid": os.getpid()}


# --------------------------------------------------------------------------- the look inside
def test_cell_at_xfd1048576_is_refused_with_a_message_in_both_languages():
    error = rejected(XFD)
    assert error.key == "upload.sheet_too_large"
    assert error.params == {
        "sheet": "Mô hình",
        "cell": "XFD1048576",
        "rows": 1_048_576,
        "cols": 16_384,
        "max_rows": 200_000,
        "max_cols": 64,
    }
    assert error.message("vi") == (
        "Trang tính “Mô hình” có ô XFD1048576 (dòng 1.048.576, cột 16.384): vượt giới hạn "
        "200.000 dòng, 64 cột. Hãy xóa các ô thừa ở xa rồi lưu lại."
    )
    assert "row 1,048,576, column 16,384" in error.message("en") and "200,000 rows" in str(error)
    assert isinstance(error, RegistryError)


def test_cell_at_all100000_is_refused_on_columns():
    error = rejected(one_far_cell("ALL100000"))
    assert (error.params["cell"], error.params["rows"], error.params["cols"]) == ("ALL100000", 100_000, 1000)


def test_a_dimension_that_lies_is_not_trusted():
    data = one_far_cell("A2000000", "A1:B2")
    error = rejected(data)
    assert (error.params["cell"], error.params["rows"], error.params["cols"]) == ("A2000000", 2_000_000, 1)
    (extent,) = scan_workbook(data)
    assert (extent.declared, extent.rows, extent.cols, extent.cells) == ("A1:B2", 2_000_000, 1, 2)


def test_a_missing_dimension_changes_nothing():
    assert rejected(one_far_cell("A300000")).params["rows"] == 300_000
    assert scan_workbook(one_far_cell("A3"))[0].declared is None


def test_a_big_declared_dimension_alone_passes():
    # calamine 0.9.1 sizes a sheet from its cells, not from <dimension>: a file that only declares far is harmless
    data = xlsx(("S", sheet_xml(row(1, cell("A1")), dimension="A1:XFD1048576")))
    check_workbook(data, max_rows=100)
    assert run_sandboxed(calamine_cells, data, memory_mb=MEMORY_MB, timeout_s=30) == [("S", [["x"]])]


def test_sixty_five_columns_are_refused_sixty_four_pass():
    wide = xlsx(("Rộng", sheet_xml(row(1, *(cell(f"{column_letters(c)}1") for c in range(1, 66))))))
    error = rejected(wide)
    assert (error.params["cell"], error.params["cols"], error.params["sheet"]) == ("BM1", 65, "Rộng")
    check_workbook(xlsx(("S", sheet_xml(row(1, *(cell(f"{column_letters(c)}1") for c in range(1, 65)))))), max_rows=10)
    check_workbook(wide, max_rows=10, max_cols=65)


def test_rows_over_the_limit_are_refused_at_the_limit_pass():
    data = xlsx(("S", sheet_xml(row(1, cell("A1")), row(1001, cell("A1001")))))
    assert rejected(data, max_rows=1000).params["rows"] == 1001
    check_workbook(data, max_rows=1001)


def test_cells_without_a_reference_are_placed_as_calamine_places_them():
    # 65 cells with no r in one row reach column BM; a row with no r follows the previous one
    wide = xlsx(("S", sheet_xml(row(None, *(cell(None) for _ in range(65))))))
    assert rejected(wide).params["cell"] == "BM1"
    after = xlsx(("S", sheet_xml(row(None, cell("C1"), cell(None)), row(None, cell(None)))))
    (extent,) = scan_workbook(after)
    assert (extent.rows, extent.cols) == (2, 4)
    assert [len(calamine_cells(after)[0][1]), len(calamine_cells(after)[0][1][0])] == [2, 4]


def test_empty_far_rows_and_style_only_far_cells_pass_and_are_harmless():
    data = xlsx(
        (
            "S",
            sheet_xml(
                row(1, cell("A1")), '<row r="1048576"><c r="XFD1048576" s="1"/></row>', dimension="A1:XFD1048576"
            ),
        )
    )
    check_workbook(data, max_rows=10)
    assert run_sandboxed(calamine_cells, data, memory_mb=MEMORY_MB, timeout_s=30) == [("S", [["x"]])]


def test_a_formula_or_number_counts_as_content():
    formula = xlsx(("S", sheet_xml(row(1, cell("A1")), '<row r="5000"><c r="A5000"><f>1+1</f></c></row>')))
    number = xlsx(("S", sheet_xml(row(1, cell("A1")), '<row r="5000"><c r="A5000"><v>1</v></c></row>')))
    assert rejected(formula, max_rows=100).params["rows"] == 5000
    assert rejected(number, max_rows=100).params["rows"] == 5000


def test_every_sheet_is_looked_at_and_named():
    data = xlsx(("Đầu", sheet_xml(row(1, cell("A1")))), ("Thứ hai", sheet_xml(row(9, cell("Z9")))))
    assert [(e.sheet, e.rows, e.cols) for e in scan_workbook(data)] == [("Đầu", 1, 1), ("Thứ hai", 9, 26)]
    assert rejected(data, max_cols=20).params["sheet"] == "Thứ hai"


def test_an_absolute_target_and_an_unlisted_sheet_part_are_looked_at():
    absolute = xlsx(
        ("S", sheet_xml(row(1, cell("A1")), row(70_000, cell("A70000")))), target="/xl/worksheets/sheet{n}.xml"
    )
    assert rejected(absolute, max_rows=1000).params["sheet"] == "S"
    stray = xlsx(
        ("S", sheet_xml(row(1, cell("A1")))),
        extra={"xl/worksheets/Sheet9.xml": sheet_xml(row(3, cell("ZZ3"))).encode()},
    )
    assert rejected(stray).params == {
        "sheet": "Sheet9.xml",
        "cell": "ZZ3",
        "rows": 3,
        "cols": 702,
        "max_rows": 200_000,
        "max_cols": 64,
    }


def test_the_scan_stops_at_the_first_cell_over_the_limit():
    # what follows the far cell is broken XML: reaching it would make the error "damaged"
    broken = sheet_xml(row(1, cell("XFD1")), "<row><c></row>" * 1000)
    assert rejected(xlsx(("S", broken))).params["cell"] == "XFD1"
    assert rejected(xlsx(("S", broken)), max_cols=20_000).key == "upload.damaged"


def test_a_declared_size_over_the_cap_is_refused_before_unpacking():
    padding = " " * (3 << 20)  # 3 MB that deflate packs into a few KB
    data = xlsx(("S", sheet_xml(row(1, cell("A1")), after=f"<!--{padding}-->")))
    assert len(data) < 50_000
    error = rejected(data, max_unzipped_mb=2)
    assert (error.key, error.params) == ("upload.too_much_data", {"size": 4, "max": 2})
    assert "vượt giới hạn 2 MB" in error.message("vi")
    check_workbook(data, max_rows=10, max_unzipped_mb=8)


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """Write ``size`` as the uncompressed size of ``name`` in its local and central headers."""
    out = bytearray(data)
    # (signature, offset of the size, offset of the name's length, offset of the name)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            length = struct.unpack_from("<H", out, start + length_at)[0]
            if bytes(out[start + name_at : start + name_at + length]) == name:
                struct.pack_into("<I", out, start + size_at, size)
            start += 4
    return bytes(out)


def test_a_part_that_lies_about_its_size_is_refused_as_damaged():
    big = xlsx(("S", sheet_xml(row(1, cell("A1")), *(row(n, cell(f"A{n}")) for n in range(2, 3000)))))
    liar = _lie_about_size(big, b"xl/worksheets/sheet1.xml", 1000)
    error = rejected(liar)
    assert (error.key, error.params) == ("upload.damaged", {"part": "xl/worksheets/sheet1.xml"})


def test_too_many_parts_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"x/{n}", b"")
    assert rejected(buffer.getvalue()).key == "upload.too_many_parts"


def test_a_dtd_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    assert rejected(xlsx(("S", laughs))).key == "upload.damaged"


@pytest.mark.parametrize("data", [b"hello, this is not a workbook", b"PK\x03\x04garbage", b"\x00" * 64])
def test_bytes_that_are_not_a_workbook_are_refused(data):
    error = rejected(data)
    assert error.key == "upload.not_workbook"
    assert error.message("vi").startswith("Không đọc được tệp")
    assert error.message("en").startswith("The file cannot be read")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")
    assert rejected(buffer.getvalue()).key == "upload.not_workbook"


def test_an_xls_is_left_to_the_sandbox():
    check_workbook(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), max_rows=10)


def test_a_small_sheet_passes_and_calamine_reads_it_in_the_sandbox():
    check_workbook(SMALL, max_rows=10)
    cells = run_sandboxed(checked_cells, SMALL, 10, memory_mb=MEMORY_MB, timeout_s=30)
    assert cells == [("Mô hình", [["Tên mô hình", "Đơn vị"], ["Dân vận khéo", 42.0]])] == calamine_cells(SMALL)


# --------------------------------------------------------------------------- the sandbox
def test_calamine_on_xfd1048576_without_the_look_dies_in_the_child_only():
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(calamine_cells, XFD, memory_mb=MEMORY_MB, timeout_s=60)
    error = caught.value
    assert error.key == "upload.too_costly" and error.reason.startswith(("signal", "exit", "MemoryError"))
    assert error.message("vi") == (
        "Không đọc được tệp: tệp cần quá nhiều bộ nhớ hoặc thời gian để mở "
        "(giới hạn 512 MB, 60 giây). Tệp có thể bị hỏng hoặc có ô ở rất xa."
    )
    assert "limits 512 MB, 60 seconds" in error.message("en")
    # this process and the fork server are unharmed
    assert run_sandboxed(add, 2, 3, memory_mb=MEMORY_MB, timeout_s=30)["sum"] == 5


def test_calamine_on_all100000_without_the_look_is_stopped_by_the_memory_limit():
    started = time.perf_counter()
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(calamine_cells, one_far_cell("ALL100000"), memory_mb=MEMORY_MB, timeout_s=60)
    assert caught.value.key == "upload.too_costly"
    assert time.perf_counter() - started < 30  # in-process it takes 4 GB and about 15 s


def test_the_look_inside_the_sandbox_comes_back_as_the_same_error():
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(checked_cells, XFD, memory_mb=MEMORY_MB, timeout_s=30)
    error = caught.value
    assert type(error) is UploadRejected and error.key == "upload.sheet_too_large"
    assert error.params["cell"] == "XFD1048576" and error.message("vi") == rejected(XFD).message("vi")
    assert "Traceback" in str(error.__cause__)  # the child's traceback, for the log


def test_a_child_past_its_timeout_is_killed():
    started = time.perf_counter()
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(sleep_for, 30, memory_mb=MEMORY_MB, timeout_s=1)
    assert caught.value.key == "upload.too_costly" and caught.value.reason == "timeout"
    assert "1 giây" in caught.value.message("vi")
    assert time.perf_counter() - started < 10
    assert run_sandboxed(sleep_for, 0.01, memory_mb=MEMORY_MB, timeout_s=10) == "woke"


def test_running_out_of_memory_in_python_is_refused():
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(exhaust_memory, memory_mb=MEMORY_MB, timeout_s=30)
    assert caught.value.key == "upload.too_costly" and caught.value.reason == "MemoryError"


def test_a_child_that_exits_is_refused():
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(exit_with, 3, memory_mb=MEMORY_MB, timeout_s=30)
    assert caught.value.reason == "exit 3"


@pytest.mark.parametrize(
    ("func", "args", "kind", "text"),
    [
        (raise_value_error, ("ngày “31/02/2024” không hợp lệ",), ValueError, "ngày “31/02/2024” không hợp lệ"),
        (decode_latin, (b"\xff\xfe",), UnicodeDecodeError, "'utf-8' codec can't decode byte 0xff in position 0"),
        (raise_registry_error, (), RegistryError, "Record 7 was not found."),
        (raise_odd, (), OddError, "odd 3 at sheet"),
    ],
)
def test_an_exception_in_the_child_is_raised_again_with_its_type_and_message(func, args, kind, text):
    with pytest.raises(kind) as caught:
        run_sandboxed(func, *args, memory_mb=MEMORY_MB, timeout_s=30)
    assert type(caught.value) is kind and text in str(caught.value)
    if kind is RegistryError:
        assert caught.value.message("vi") == t("error.not_found", "vi", id=7)
    if kind is OddError:
        assert (caught.value.code, caught.value.where) == (3, "sheet")


def test_results_come_back_and_run_in_another_process():
    result = run_sandboxed(add, 2, 3, times=10, memory_mb=MEMORY_MB, timeout_s=30)
    assert result["sum"] == 50 and str(result["when"]) == "2024-05-01" and result["pid"] != os.getpid()


def test_a_result_that_is_not_plain_data_is_refused():
    with pytest.raises(UploadRejected) as caught:
        run_sandboxed(return_function, memory_mb=MEMORY_MB, timeout_s=30)
    assert caught.value.key == "upload.failed" and "refused" in caught.value.message("en")


# --------------------------------------------------------------------------- the catalog
def test_the_upload_messages_are_in_the_catalog_in_both_languages():
    uploads = messages("uploads")
    assert uploads and all(key.startswith("upload.") for key in uploads)
    for key, (vi, en) in uploads.items():
        assert catalog()[key] == (vi, en)
        assert set(re.findall(r"{(\w+)}", vi)) == set(re.findall(r"{(\w+)}", en)), key


def test_the_child_never_runs_the_page_script_that_started_it(tmp_path, monkeypatch):
    """Streamlit runs each page as ``__main__``; multiprocessing would have the child re-run that
    script first. A page that fails outside Streamlit (the import page without its upload) made
    every sandboxed read a refused file."""
    import sys
    import types

    page = tmp_path / "import_page.py"
    page.write_text("raise SystemExit('the page script ran in the child')\n", encoding="utf-8")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    assert run_sandboxed(add, 2, 3, memory_mb=MEMORY_MB, timeout_s=30)["sum"] == 5
    cells = run_sandboxed(checked_cells, SMALL, 10, memory_mb=MEMORY_MB, timeout_s=30)
    assert cells == calamine_cells(SMALL)
