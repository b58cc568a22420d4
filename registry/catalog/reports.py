"""Strings of unit reports (issue 21): figure names, checks on entry, the workflow, the import,
completeness and the command line."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the fields of a report, as the summary table's headers name them
    "field_name.report.unit": ("Đơn vị", "Unit"),
    "field_name.report.period_from": ("Từ ngày", "From"),
    "field_name.report.period_until": ("Đến ngày", "Until"),
    "field_name.report.doc_number": ("Số văn bản", "Document number"),
    "field_name.report.doc_date": ("Ngày văn bản", "Document date"),
    "field_name.report.total": ("Tổng số", "Total"),
    "field_name.report.collective": ("Tập thể", "Collective"),
    "field_name.report.individual": ("Cá nhân", "Individual"),
    "field_name.report.economy": ("Kinh tế", "Economy"),
    "field_name.report.culture_society": ("Văn hóa – xã hội", "Culture and society"),
    "field_name.report.defence_security": ("Quốc phòng – an ninh", "Defence and security"),
    "field_name.report.political_system": ("Xây dựng hệ thống chính trị", "Building the political system"),
    "field_name.report.registered": ("Đăng ký", "Registered"),
    "field_name.report.recognised": ("Công nhận", "Recognised"),
    "field_name.report.outstanding": ("Tiêu biểu", "Outstanding"),
    "field_name.report.awarded": ("Khen thưởng", "Awarded"),
    "field_name.report.replicated": ("Nhân rộng", "Replicated"),
    "field_name.report.contests": ("Cuộc thi", "Contests"),
    "field_name.report.contest_units": ("Đơn vị dự thi", "Contest units"),
    # checks on entry: errors
    "report.error.not_whole": (
        "{field}: “{value}” không phải số nguyên. Nhập số nguyên không âm, hoặc để trống nếu báo cáo không nêu.",
        "{field}: “{value}” is not a whole number. Enter a whole number of 0 or more, or leave it empty if the"
        " report does not give it.",
    ),
    "report.error.negative": (
        "{field}: {value} là số âm. Nhập số từ 0 trở lên, hoặc để trống nếu báo cáo không nêu.",
        "{field}: {value} is negative. Enter 0 or more, or leave it empty if the report does not give it.",
    ),
    "report.error.kinds_sum": (
        "{field}: Tập thể {collective} + Cá nhân {individual} = {sum}, khác Tổng số {total}."
        " Sửa một trong ba số cho khớp.",
        "{field}: collective {collective} + individual {individual} = {sum}, not the total {total}."
        " Correct one of the three figures so that they add up.",
    ),
    "report.error.part_above_whole": (
        "{field}: {value} lớn hơn {whole_name} ({whole}). Một phần không thể lớn hơn tổng: sửa số này hoặc {whole_name}.",
        "{field}: {value} is more than the {whole_name} ({whole}). A part cannot exceed its whole: correct this"
        " figure or the {whole_name}.",
    ),
    "report.error.fields_sum": (
        "{field}: bốn lĩnh vực cộng lại {sum}, khác Tổng số {total}. Sửa số của một lĩnh vực hoặc Tổng số.",
        "{field}: the four fields add up to {sum}, not the total {total}. Correct a field's figure or the total.",
    ),
    "report.error.period_order": (
        "{field}: ngày {until} trước ngày bắt đầu {start}. Nhập “Đến ngày” sau “Từ ngày”.",
        "{field}: {until} is before the start {start}. Enter an end date after the start date.",
    ),
    "report.error.unit_era": (
        "{field}: {unit} không tồn tại trong kỳ {start}–{until}. Chọn đơn vị của thời kỳ đó"
        " (trước 1/7/2025: huyện, thị xã, thành phố; từ 1/7/2025: xã, phường mới) hoặc sửa kỳ báo cáo.",
        "{field}: {unit} did not exist throughout {start}–{until}. Choose a unit of that time (before 1 Jul"
        " 2025: a district; since: a new commune or ward) or correct the period.",
    ),
    "report.error.level": (
        "{field}: {unit} không phải đơn vị báo cáo. Chọn huyện, xã, phường, cơ quan cấp tỉnh hoặc tỉnh.",
        "{field}: {unit} is not a reporting unit. Choose a district, a commune or ward, a provincial body or"
        " the province.",
    ),
    "report.error.exists": (
        "{field}: {unit} đã có báo cáo kỳ {start}–{until} (số {id}). Sửa báo cáo đó thay vì tạo báo cáo mới.",
        "{field}: {unit} already has a report for {start}–{until} (no. {id}). Edit that report instead.",
    ),
    # checks on entry: warnings
    "report.warning.cumulative_below": (
        "{field}: {value} thấp hơn {previous_value} của báo cáo lũy kế trước ({period}). Số lũy kế không giảm:"
        " kiểm tra lại số này hoặc báo cáo trước.",
        "{field}: {value} is below {previous_value} in the previous cumulative report ({period}). A cumulative"
        " figure does not fall: check this figure or the previous report.",
    ),
    "report.warning.outlier": (
        "{field}: {value} rất khác các kỳ trước của đơn vị (thường {low}–{high} cho kỳ dài như vậy)."
        " Kiểm tra lại số này trước khi gửi.",
        "{field}: {value} is far outside the unit's earlier reports (usually {low}–{high} for a period this"
        " long). Check this figure before submitting.",
    ),
    # workflow
    "report.status.draft": ("Nháp", "Draft"),
    "report.status.submitted": ("Đã gửi", "Submitted"),
    "report.status.returned": ("Bị trả lại", "Returned"),
    "report.status.approved": ("Đã duyệt", "Approved"),
    "report.error.wrong_status": (
        "Báo cáo số {id} đang ở trạng thái “{status}”: không thể {step}.",
        "Report no. {id} is “{status}”: it cannot be {step}.",
    ),
    "report.error.locked": (
        "Báo cáo số {id} đã được duyệt và bị khóa. Chỉ quản trị viên mở lại được, kèm lý do.",
        "Report no. {id} is approved and locked. Only an administrator can reopen it, with a reason.",
    ),
    "report.error.comment_required": (
        "Nhập lý do trả lại để đơn vị biết cần sửa gì.",
        "Enter a comment saying what the unit must correct.",
    ),
    "report.error.reason_required": (
        "Nhập lý do mở lại báo cáo đã duyệt.",
        "Enter the reason for reopening the approved report.",
    ),
    "report.step.update": ("sửa", "edited"),
    "report.step.submit": ("gửi", "submitted"),
    "report.step.approve": ("duyệt", "approved"),
    "report.step.return": ("trả lại", "returned"),
    "report.step.reopen": ("mở lại", "reopened"),
    # the import of the summary table
    "report.import.no_header": (
        "Không tìm thấy dòng tiêu đề của bảng tổng hợp (cần ít nhất “Đơn vị”, “Từ ngày”, “Đến ngày”).",
        "No header row of the summary table was found (it needs at least “Đơn vị”, “Từ ngày”, “Đến ngày”).",
    ),
    "report.import.bad_date": (
        "{field}: “{value}” không phải ngày. Viết ngày dạng 31/12/2023 hoặc 2023-12-31.",
        "{field}: “{value}” is not a date. Write it as 31/12/2023 or 2023-12-31.",
    ),
    "report.import.duplicate_row": (
        "{field}: dòng {other} đã có báo cáo của {unit} cho cùng kỳ. Giữ một dòng, xóa dòng kia.",
        "{field}: row {other} already holds {unit}'s report for the same period. Keep one row and delete the other.",
    ),
    "report.import.locked": (
        "{field}: báo cáo của {unit} kỳ {start}–{until} đã được duyệt và khác dòng này. Xin quản trị viên mở"
        " lại báo cáo trước khi nhập lại.",
        "{field}: {unit}'s report for {start}–{until} is approved and differs from this row. Ask an"
        " administrator to reopen it before importing again.",
    ),
    "report.import.row": ("Dòng {row}, {message}", "Row {row}, {message}"),
    "report.cli.rejected": (
        "Không nhập gì: {errors} lỗi. Sửa các dòng trên rồi nhập lại cả tệp.",
        "Nothing imported: {errors} errors. Correct the rows above and import the whole file again.",
    ),
    "report.cli.dry": (
        "Kiểm tra xong (chưa ghi): {created} báo cáo mới, {updated} cập nhật, {unchanged} không đổi.",
        "Check done (nothing written): {created} new reports, {updated} updated, {unchanged} unchanged.",
    ),
    "report.cli.done": (
        "Đã nhập: {created} báo cáo mới, {updated} cập nhật, {unchanged} không đổi ({status}).",
        "Imported: {created} new reports, {updated} updated, {unchanged} unchanged ({status}).",
    ),
    "report.cli.warning": ("Cảnh báo dòng {row}: {message}", "Warning, row {row}: {message}"),
    "report.cli.bad_date": (
        "{option}: “{value}” không phải ngày. Viết YYYY-MM-DD, DD/MM/YYYY hoặc một năm.",
        "{option}: “{value}” is not a date. Write YYYY-MM-DD, DD/MM/YYYY or a year.",
    ),
    # check-published: what each published figure was compared with
    "report.source.reports": ("theo báo cáo", "reports"),
    "report.source.records": ("theo bản ghi", "records"),
    # the template's rules sheet
    "report.template.rule1": (
        "Mỗi dòng một đơn vị và một kỳ báo cáo (năm, 6 tháng, hoặc lũy kế từ 01/01/2021 đến một ngày).",
        "One row per unit and reporting period (a year, a half-year, or cumulative from 1 Jan 2021 to a date).",
    ),
    "report.template.rule2": (
        "Số liệu là số nguyên không âm; để trống số mà báo cáo không nêu (không ghi 0).",
        "Figures are whole numbers of 0 or more; leave empty what the report does not give (do not write 0).",
    ),
    "report.template.rule3": (
        "Tập thể + Cá nhân = Tổng số khi có cả ba; bốn lĩnh vực cộng lại bằng Tổng số khi có cả bốn.",
        "Collective + individual = total when all three are given; the four fields add up to the total when all four are.",
    ),
    "report.template.rule4": (
        "Đơn vị: trước 1/7/2025 là huyện, thị xã, thành phố; từ 1/7/2025 là xã, phường mới;"
        " cơ quan cấp tỉnh ở mọi thời kỳ (xem trang “Đơn vị”).",
        "Unit: before 1 Jul 2025 a district; since, a new commune or ward; provincial bodies at any time"
        " (see the sheet “Đơn vị”).",
    ),
    "report.template.rule5": (
        "Nhập lại cùng tệp không tạo báo cáo mới; báo cáo đã duyệt chỉ sửa được sau khi quản trị viên mở lại.",
        "Importing the same file again creates nothing; an approved report changes only after an administrator"
        " reopens it.",
    ),
    # accounts handed over in bulk
    "accounts.cli.done": (
        "Đã tạo {n} tài khoản; mật khẩu dùng một lần ghi trong {path} (đổi mật khẩu khi đăng nhập lần đầu).",
        "Created {n} accounts; their one-time passwords are in {path} (a new password at the first sign-in).",
    ),
    "accounts.error.columns": (
        "Tệp tài khoản cần hai cột “Tên đăng nhập” và “Đơn vị” (name, unit).",
        "The accounts file needs two columns, “Tên đăng nhập” and “Đơn vị” (name, unit).",
    ),
    "accounts.error.row": ("Dòng {row}: {message}", "Row {row}: {message}"),
    "accounts.error.out_exists": (
        "Tệp {path} đã có: chọn tên khác để không ghi đè mật khẩu đã phát.",
        "{path} already exists: choose another name so that passwords already handed over are not overwritten.",
    ),
}
