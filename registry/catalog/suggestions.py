"""Strings of the suggested replication links: the reasons, the review page and the CLI; and of
"Nhân rộng từ" as written and the suggested origins, in the entry form and the import."""

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
    # "Nhân rộng từ" as written (registry/replication/origins.py): the entry form and the import page
    "field_name.replicated_from_text": ("Nhân rộng từ (ghi như nguồn)", "Replicated from (as written)"),
    "entry.origin_text_help": (
        "Mã số, tên mô hình, “tên (đơn vị)” hoặc “tên – đơn vị – năm”. Khi lưu, hệ thống tìm bản ghi khớp; "
        "nếu không có, nội dung này được giữ lại.",
        "An id, a title, “title (unit)” or “title – unit – year”. On saving, the matching record is looked "
        "up; if there is none, this text is kept.",
    ),
    "entry.origin_found": (
        "Nhân rộng từ “{value}”: đã nối với bản ghi {record}.",
        "Replicated from “{value}”: linked to record {record}.",
    ),
    "entry.origin_many": (
        "Nhân rộng từ “{value}”: {n} bản ghi khớp: {records}. Chọn một bản ghi trong ô “Nhân rộng từ mô hình” "
        "rồi lưu; hoặc bấm Lưu lần nữa để lưu mà chưa nối (giữ nguyên nội dung đã ghi).",
        "Replicated from “{value}”: {n} records match: {records}. Pick one in “Replicated from” and save; or "
        "save again to keep the text without a link.",
    ),
    "entry.origin_none": (
        "Nhân rộng từ “{value}”: không có bản ghi nào đăng ký trước khớp; nội dung đã ghi được giữ lại.",
        "Replicated from “{value}”: no earlier record matches; the text is kept.",
    ),
    "entry.origin_kept": (
        "Nhân rộng từ “{value}”: chưa nối, nội dung đã ghi được giữ lại.",
        "Replicated from “{value}”: not linked, the text is kept.",
    ),
    "importpage.suggestions": ("Gợi ý nhân rộng cho các dòng mới", "Suggested origins of the new rows"),
    "importpage.suggestions_help": (
        "Chỉ là gợi ý: không dòng nào được nối trừ khi chọn bên dưới. Sau khi nhập, các gợi ý còn lại chờ "
        "xác nhận ở trang “Gợi ý nhân rộng”.",
        "Suggestions only: no row is linked unless chosen below. After the import, the remaining suggestions "
        "wait for review on the page “Replication suggestions”.",
    ),
    "importpage.col_origin": ("Nguồn được gợi ý", "Suggested origin"),
    "importpage.col_score": ("Điểm", "Score"),
    "importpage.col_reason": ("Lý do", "Reason"),
    "importpage.origin_row": ("dòng {row} của tệp", "row {row} of the file"),
    "importpage.link": (
        "Nối các dòng mới với nguồn được gợi ý có điểm từ mức sau trở lên",
        "Link new rows to their suggested origin of at least this score",
    ),
    "importpage.link_score": ("Điểm tối thiểu (0 đến 1)", "Minimum score (0 to 1)"),
    "importpage.linked": (
        "Đã nối {n} bản ghi với nguồn được gợi ý (điểm ≥ {score}).",
        "{n} records linked to their suggested origin (score ≥ {score}).",
    ),
    # "Nhân rộng từ" as written (registry/importing/linking.py) and suggested origins of an import
    "import.origin_found": (
        "Nhân rộng từ “{value}”: đã nối với bản ghi {items}.",
        "Replicated from “{value}”: linked to record {items}.",
    ),
    "import.origin_ambiguous": (
        "Nhân rộng từ “{value}”: {n} bản ghi khớp, chưa nối (giữ nguyên nội dung đã ghi). Ghi mã số bản ghi "
        "hoặc thêm đơn vị, năm (“tên – đơn vị – năm”): {items}.",
        "Replicated from “{value}”: {n} records match, not linked (the text is kept). Write the record id or "
        "add the unit and year (“title – unit – year”): {items}.",
    ),
    "import.origin_unmatched": (
        "Nhân rộng từ “{value}”: không có bản ghi nào đăng ký trước khớp; dòng vẫn được nhập, nội dung đã "
        "ghi được giữ lại để cán bộ nối sau.",
        "Replicated from “{value}”: no earlier record matches; the row is imported and the text is kept "
        "for staff to link later.",
    ),
    "import.origin_suggested": (
        "Gợi ý nhân rộng từ ({n}): {items}.",
        "Suggested origins ({n}): {items}.",
    ),
    "import.origin_linked": (
        "Bản ghi #{id} đã nối với nguồn được gợi ý {items} (điểm {score}).",
        "Record #{id} linked to the suggested origin {items} (score {score}).",
    ),
    "import.origin_not_linked": (
        "Không nối được với nguồn được gợi ý {items}: {reason}",
        "Not linked to the suggested origin {items}: {reason}",
    ),
    "import.origin_row": ("dòng {row} của tệp", "row {row} of the file"),
    "import.origin_score": ("điểm {score}", "score {score}"),
    "import.cli_linked": (
        "Đã nối {n} bản ghi với nguồn được gợi ý (điểm ≥ {min_score}).",
        "{n} records linked to their suggested origin (score ≥ {min_score}).",
    ),
    "import.cli_bad_score": (
        "--link-min-score phải là một số từ 0 đến 1 (đang là {value}).",
        "--link-min-score must be a number from 0 to 1 (got {value}).",
    ),
}
