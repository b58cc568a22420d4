"""Strings of the suggested replication links: the reasons, the review page and the CLI."""

from __future__ import annotations

MESSAGES = {
    # reasons (stored with each suggestion, in Vietnamese)
    "suggest.reason.same_title": ("tên trùng với “{title}”", "same title as “{title}”"),
    "suggest.reason.close_title": ("tên gần giống “{title}” ({pct} %)", "title close to “{title}” ({pct} %)"),
    "suggest.reason.same_field": ("cùng lĩnh vực", "same field"),
    "suggest.reason.other_field": ("khác lĩnh vực", "another field"),
    "suggest.reason.neighbour": ("đơn vị lân cận", "neighbouring unit"),
    "suggest.reason.programme": ("cùng chương trình", "same programme"),
    "suggest.reason.generic": (
        "tên phổ biến ở {n} đơn vị, ít giá trị làm bằng chứng",
        "a common title held by {n} units, weak evidence",
    ),
    "suggest.reason.earlier": ("đăng ký trước {days} ngày", "registered {days} days earlier"),
    # review page
    "nav.suggestions": ("Gợi ý nhân rộng", "Replication suggestions"),
    "suggest.page.title": ("Gợi ý nhân rộng", "Replication suggestions"),
    "suggest.page.intro": (
        "Các cặp bản ghi có thể là nhân rộng, xếp theo điểm. Chỉ liên kết đã xác nhận mới được tính.",
        "Pairs of records that may be replications, by score. Only confirmed links are counted.",
    ),
    "suggest.page.none": ("Không có gợi ý nào chờ xác nhận.", "No suggestion waits for review."),
    "suggest.page.filter_unit": ("Đơn vị (bản sao)", "Unit (of the copy)"),
    "suggest.page.filter_field": ("Lĩnh vực", "Field"),
    "suggest.page.all": ("Tất cả", "All"),
    "suggest.page.copy": ("Bản ghi có thể là bản sao", "Possible copy"),
    "suggest.page.origin": ("Nguồn được gợi ý", "Suggested origin"),
    "suggest.page.score": ("Điểm {score} · {reason}", "Score {score} · {reason}"),
    "suggest.page.record": ("#{id} · {title} · {unit} · {date}", "#{id} · {title} · {unit} · {date}"),
    "suggest.page.confirm": ("Xác nhận", "Confirm"),
    "suggest.page.reject": ("Bác bỏ", "Reject"),
    "suggest.page.select": ("Chọn", "Select"),
    "suggest.page.confirm_selected": ("Xác nhận các gợi ý đã chọn", "Confirm the selected suggestions"),
    "suggest.page.confirmed": ("Đã xác nhận {n} liên kết nhân rộng.", "{n} replication links confirmed."),
    "suggest.page.rejected": ("Đã bác bỏ gợi ý; sẽ không gợi ý lại.", "Suggestion rejected; it will not come back."),
    "suggest.page.count": ("{n} gợi ý chờ xác nhận", "{n} suggestions wait for review"),
    "suggest.pending": ("{n} gợi ý nhân rộng chưa xác nhận", "{n} replication suggestions not yet confirmed"),
    "suggest.pending_help": (
        "Không tính vào số liệu: chỉ các liên kết đã xác nhận được đếm.",
        "Not counted in any figure: only confirmed links are counted.",
    ),
    # errors and CLI
    "suggest.not_pending": ("Gợi ý #{id} không còn chờ xác nhận.", "Suggestion #{id} is no longer pending."),
    "suggest.not_found": ("Không có gợi ý #{id}.", "No suggestion #{id}."),
    "cli.suggest_done": (
        "{n} gợi ý (điểm ≥ {min_score}), tính trong {seconds} giây.",
        "{n} suggestions (score ≥ {min_score}), computed in {seconds} s.",
    ),
}
