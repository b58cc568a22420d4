"""Strings of the replication suggestions' evidence (issue 26): why an origin is suggested, the
alternatives behind "xem thêm", the campaign tag and the flip on the review page."""

from __future__ import annotations

MESSAGES = {
    # reasons (stored with each suggestion, in Vietnamese)
    "replication.reason.common": ("tên phổ biến: {n} đơn vị dùng", "a common title: {n} units use it"),
    "replication.reason.stated": ("nguồn ghi rõ nhân rộng từ mô hình này", "the source states it copies this model"),
    "replication.reason.campaign": (
        "chương trình “{name}”: mô hình đầu tiên",
        "programme “{name}”: its first model",
    ),
    "replication.reason.from_above": ("mô hình của đơn vị cấp tỉnh", "a model of a provincial body"),
    "replication.reason.same_period": (
        "cùng kỳ đăng ký: chiều do quy tắc chọn (cấp cao hơn, rồi bản ghi không ghi nguồn, rồi nhập trước)",
        "registered in the same period: direction by the rule (higher level, then the record naming no "
        "origin, then the one entered first)",
    ),
    # review page
    "replication.page.more": ("Xem thêm {n} nguồn khác", "See {n} other origins"),
    "replication.page.alternative": ("Điểm {score} · {reason}", "Score {score} · {reason}"),
    "replication.page.confirm_this": ("Xác nhận nguồn này", "Confirm this origin"),
    "replication.page.flip": ("Đảo chiều", "Flip"),
    "replication.page.flip_help": (
        "Bản ghi bên phải là bản sao của bản ghi bên trái: xác nhận theo chiều ngược lại.",
        "The record on the right is a copy of the one on the left: confirm the reverse link.",
    ),
    "replication.page.tag": ("Gắn nhãn chương trình “{name}”", "Tag with the programme “{name}”"),
    "replication.page.tag_help": (
        "Thay cho chuỗi nhân rộng: bản ghi thuộc chương trình do cấp trên phát động.",
        "Instead of a chain of copies: the record belongs to a programme launched from above.",
    ),
    "replication.loop": (
        "Không thể xác nhận: liên kết này tạo thành vòng lặp nhân rộng.",
        "Cannot confirm: this link would make a replication loop.",
    ),
}
