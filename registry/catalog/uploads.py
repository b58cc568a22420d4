"""Strings of the upload guard (registry/importing/guard.py): a workbook refused before it is opened,
or a file whose reading ran out of memory or time in the sandbox; and the limit of the long texts
(description, results) that forms and imports share."""

MESSAGES: dict[str, tuple[str, str]] = {
    "upload.unreadable": ("Không đọc được tệp.", "The file cannot be read."),
    "upload.not_workbook": (
        "Không đọc được tệp: đây không phải tệp Excel .xlsx hợp lệ (tệp bị hỏng hoặc chỉ được đổi đuôi). "
        "Hãy mở tệp bằng Excel và lưu lại dạng “Excel Workbook (*.xlsx)”.",
        "The file cannot be read: it is not a valid Excel .xlsx workbook (it is damaged, or was only renamed). "
        "Open it in Excel and save it again as “Excel Workbook (*.xlsx)”.",
    ),
    "upload.damaged": (
        "Không đọc được tệp: tệp Excel bị hỏng (phần “{part}”). Hãy mở tệp bằng Excel và lưu lại.",
        "The file cannot be read: the Excel file is damaged (part “{part}”). Open it in Excel and save it again.",
    ),
    "upload.too_much_data": (
        "Không đọc được tệp: khi giải nén, tệp có tới {size} MB dữ liệu, vượt giới hạn {max} MB. "
        "Tệp có thể bị hỏng hoặc có ô ở rất xa.",
        "The file cannot be read: unpacked, it holds {size} MB of data, over the limit of {max} MB. "
        "The file may be damaged or have cells very far away.",
    ),
    "upload.too_many_parts": (
        "Không đọc được tệp: tệp có {count} thành phần, vượt giới hạn {max}. Tệp có thể bị hỏng.",
        "The file cannot be read: it has {count} parts, more than the limit of {max}. The file may be damaged.",
    ),
    "upload.sheet_too_large": (
        "Trang tính “{sheet}” có ô {cell} (dòng {rows}, cột {cols}): vượt giới hạn {max_rows} dòng, {max_cols} cột. "
        "Hãy xóa các ô thừa ở xa rồi lưu lại.",
        "Sheet “{sheet}” has a cell at {cell} (row {rows}, column {cols}): over the limit of {max_rows} rows "
        "and {max_cols} columns. Delete the stray cells far away, then save the file again.",
    ),
    "upload.too_many_cells": (
        "Trang tính “{sheet}” có hơn {max} ô; tệp có thể bị hỏng. Hãy chia nhỏ tệp.",
        "Sheet “{sheet}” has more than {max} cells; the file may be damaged. Split the file.",
    ),
    "upload.too_costly": (
        "Không đọc được tệp: tệp cần quá nhiều bộ nhớ hoặc thời gian để mở (giới hạn {memory_mb} MB, "
        "{timeout_s} giây). Tệp có thể bị hỏng hoặc có ô ở rất xa.",
        "The file cannot be read: opening it needs too much memory or time (limits {memory_mb} MB, "
        "{timeout_s} seconds). The file may be damaged or have cells very far away.",
    ),
    "upload.failed": (
        "Không đọc được tệp: lỗi khi mở tệp ({error}).",
        "The file cannot be read: opening it failed ({error}).",
    ),
    "upload.bad_date": (
        "{field}: “{value}” không phải là ngày hợp lệ. Ghi năm (2023, năm 2023), tháng (03/2023, tháng 3/2023, "
        "T3/2023) hoặc ngày (15/03/2023, ngày 15 tháng 3 năm 2023).",
        "{field}: “{value}” is not a valid date. Write a year (2023), a month (03/2023, tháng 3/2023, T3/2023) "
        "or a day (15/03/2023, ngày 15 tháng 3 năm 2023).",
    ),
    "upload.bad_precision": (
        "{field}: độ chính xác “{value}” không hợp lệ (năm, tháng hoặc ngày).",
        "{field}: precision “{value}” is not valid (year, month or day).",
    ),
    "upload.text_too_long": (
        "{field}: dài {length} ký tự, vượt giới hạn {max} ký tự. Hãy rút gọn nội dung.",
        "{field}: {length} characters, over the limit of {max} characters. Shorten the text.",
    ),
}
