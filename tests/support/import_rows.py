"""Rows of an import file as commission staff type them, and the CSV bytes of such a file."""

from __future__ import annotations

import csv
import io
import unicodedata

from registry.text import LEGACY_CODES

HEADER = [
    "Loại",
    "Tên mô hình, điển hình",
    "Tập thể, cá nhân thực hiện",
    "Đơn vị",
    "Lĩnh vực",
    "Khối",
    "Ngày đăng ký",
    "Giai đoạn",
    "Ngày đánh giá hiệu quả",
    "Số người hưởng lợi",
]
GOOD = [
    [
        "Mô hình",
        "Tuyến phố văn minh",
        "Chi bộ thôn Đông",
        "Huyện Hậu Lộc",
        "Kinh tế",
        "Khối chính quyền",
        "15/03/2023",
        "Đăng ký",
        "",
        "120",
    ],
    [
        "Điển hình",
        "Chăn nuôi bò sinh sản, trồng rừng",
        "Ông Hà Văn Lượng",
        "H. Mường Lát",
        "kinh te",
        "Cộng đồng dân cư",
        "2022-02-10",
        "Hiệu quả",
        "01/09/2022",
        "1.200",
    ],
    [
        "mô hình (tập thể)",
        "Bún an toàn thực phẩm",
        "Tổ hợp tác",
        "394",
        "Kinh tế",
        "Cộng đồng dân cư",
        "10/02/2022",
        "",
        "",
        "",
    ],
]


def to_legacy(s: str, encoding: str) -> str:
    return "".join(LEGACY_CODES[encoding].get(c, c) for c in unicodedata.normalize("NFC", s))


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig", delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode(encoding)
