"""Strings of the staff area: accounts and sign-in, import, template, backup, entry, review, admin."""

MESSAGES: dict[str, tuple[str, str]] = {
    # accounts
    "role.viewer": ("Lãnh đạo (xem biểu đồ)", "Viewer (charts)"),
    "role.editor": ("Cán bộ nhập liệu", "Editor (data entry)"),
    "role.reporter": ("Phóng viên (xuất số liệu)", "Reporter (exports)"),
    "role.admin": ("Quản trị viên", "Administrator"),
    "field_name.name": ("Tên đăng nhập", "User name"),
    "field_name.password": ("Mật khẩu", "Password"),
    "field_name.role": ("Vai trò", "Role"),
    "field_name.id": ("Số hiệu bản ghi", "Record id"),
    "auth.bad_credentials": (
        "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang phải chờ sau nhiều lần nhập "
        "sai: hãy thử lại sau ít phút.",
        "Wrong user name or password, or the account must wait after too many failed attempts: "
        "try again in a few minutes.",
    ),
    "auth.throttled": (
        "Máy này đã đăng nhập sai quá nhiều lần; hãy chờ {seconds} giây rồi thử lại.",
        "Too many failed sign-ins from this computer; wait {seconds} seconds and try again.",
    ),
    "auth.bad_form": (
        "Biểu mẫu đăng nhập đã hết hạn hoặc không đến từ trang này; hãy đăng nhập lại.",
        "The sign-in form expired or did not come from this site; please sign in again.",
    ),
    "auth.session_ended": (
        "Phiên đăng nhập đã hết (đăng xuất, quá {minutes} phút không dùng, hoặc tài khoản thay đổi). "
        "Hãy đăng nhập lại.",
        "The session has ended (signed out, idle for more than {minutes} minutes, or the account "
        "changed). Please sign in again.",
    ),
    "auth.go_sign_in": ("Đến trang đăng nhập", "Go to the sign-in page"),
    "auth.sign_in_again": ("Đăng nhập lại", "Sign in again"),
    "auth.other_language": ("English", "Tiếng Việt"),
    "auth.continue": ("Tiếp tục", "Continue"),
    "config.weak_secret_key": (
        "SECRET_KEY quá ngắn hoặc là giá trị mẫu: cần ít nhất {min} byte ngẫu nhiên, ví dụ "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'.",
        "SECRET_KEY is too short or a placeholder: it needs at least {min} random bytes, e.g. "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'.",
    ),
    "share.copy": ("Sao chép liên kết", "Copy link"),
    "share.hint": (
        "Liên kết chỉ mang bộ lọc này, không mang đăng nhập: người nhận tự đăng nhập bằng tài khoản của "
        "mình. Bấm biểu tượng sao chép ở góc khung.",
        "The link carries these filters only, never your sign-in: whoever opens it signs in with their "
        "own account. Click the copy icon in the corner of the box.",
    ),
    "share.link_hint": (
        "Dùng nút “Sao chép liên kết” để gửi khung nhìn này (chỉ bộ lọc, không mang đăng nhập).",
        "Use “Copy link” to send this view (filters only, never your sign-in).",
    ),
    "auth.disabled": (
        "Tài khoản đã bị vô hiệu hóa; hãy liên hệ quản trị viên.",
        "The account is disabled; contact an administrator.",
    ),
    "auth.name_empty": ("Tên đăng nhập không được để trống.", "The user name must not be empty."),
    "auth.name_taken": ("Tên đăng nhập “{name}” đã có.", "User name “{name}” is taken."),
    "auth.no_such_user": ("Không có tài khoản “{name}”.", "There is no account “{name}”."),
    "auth.bad_role": (
        "Vai trò “{value}” không hợp lệ; chọn một trong: {roles}.",
        "Role “{value}” is not valid; choose one of: {roles}.",
    ),
    "auth.password_short": ("Mật khẩu phải có ít nhất {min} ký tự.", "The password needs at least {min} characters."),
    "auth.sign_in": ("Đăng nhập", "Sign in"),
    "auth.sign_in_heading": ("Đăng nhập hệ thống", "Sign in"),
    "auth.sign_in_intro": (
        "Sổ đăng ký mô hình, điển hình “Dân vận khéo” tỉnh Thanh Hóa. Hãy đăng nhập bằng tài khoản được cấp.",
        "The registry of “Dân vận khéo” models of Thanh Hóa. Sign in with the account you were given.",
    ),
    "auth.sign_out": ("Đăng xuất", "Sign out"),
    "auth.account": ("Tài khoản", "Account"),
    "auth.signed_out": ("Bạn đã đăng xuất.", "You are signed out."),
    "auth.signed_in_as": ("Đang đăng nhập: {name} ({role})", "Signed in as {name} ({role})"),
    "auth.public_view": ("Đang xem công khai.", "Viewing as the public."),
    "auth.need_sign_in": ("Trang này cần đăng nhập.", "This page needs you to sign in."),
    # CLI: accounts
    "user.password_prompt": ("Mật khẩu", "Password"),
    "user.password_again": ("Nhập lại mật khẩu", "Repeat the password"),
    "user.password_mismatch": ("Hai lần nhập mật khẩu không khớp.", "The two passwords differ."),
    "user.added": ("Đã tạo tài khoản {name} ({role}).", "Account {name} ({role}) created."),
    "user.disabled_done": ("Đã vô hiệu hóa tài khoản {name}.", "Account {name} disabled."),
    "user.password_done": ("Đã đặt lại mật khẩu cho {name}.", "Password of {name} reset."),
    "user.none": ("Chưa có tài khoản nào.", "There are no accounts yet."),
    "user.list_header": (
        "tên\tvai trò\tđơn vị\ttrạng thái\tđăng nhập lần cuối",
        "name\trole\tunit\tstatus\tlast sign-in",
    ),
    "user.status_active": ("hoạt động", "active"),
    "user.status_disabled": ("vô hiệu", "disabled"),
    "user.status_locked": ("tạm khóa", "locked"),
    "user.demo_accounts": (
        "Đã tạo {n} tài khoản mẫu; mật khẩu sinh ngẫu nhiên, chỉ in một lần này (không lưu ở đâu):",
        "Created {n} demo accounts; random passwords, printed this once only (stored nowhere):",
    ),
    "user.demo_account_line": ("  {name}\t{role}\tmật khẩu: {password}", "  {name}\t{role}\tpassword: {password}"),
    "user.demo_exists": (
        "Tài khoản mẫu {names} đã có (mật khẩu không in lại; đặt mật khẩu mới bằng "
        "python -m registry user reset-password TÊN).",
        "Demo accounts {names} exist already (their passwords are not printed again; set a new one "
        "with python -m registry user reset-password NAME).",
    ),
    "user.unlocked": ("Đã mở khóa đăng nhập cho {name}.", "Sign-in back-off of {name} cleared."),
    "user.unlocked_clients": ("Đã xóa mọi giới hạn theo địa chỉ máy.", "Every per-address back-off cleared."),
    "user.no_admin": (
        "Chưa có quản trị viên. Tạo tài khoản quản trị đầu tiên: python -m registry user add TÊN --role admin",
        "There is no administrator yet. Create the first one: python -m registry user add NAME --role admin",
    ),
    # import
    "import.unreadable": ("Không đọc được tệp.", "The file cannot be read."),
    "import.too_big": (
        "Tệp quá lớn ({size} MB); giới hạn là {max} MB (thiết lập IMPORT_MAX_MB).",
        "The file is too big ({size} MB); the limit is {max} MB (setting IMPORT_MAX_MB).",
    ),
    "import.too_many_rows": (
        "Tệp có {rows} dòng, quá giới hạn {max} dòng (thiết lập IMPORT_MAX_ROWS); hãy chia nhỏ tệp.",
        "The file has {rows} rows, more than the limit of {max} (setting IMPORT_MAX_ROWS); split it.",
    ),
    "import.empty": ("Tệp trống.", "The file is empty."),
    "import.no_rows": (
        "Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.",
        "The file has a header but no data rows.",
    ),
    "import.no_header": (
        "Không tìm thấy dòng tiêu đề cột (ví dụ “Tên mô hình, điển hình”, “Đơn vị”, “Ngày đăng ký”) trong 10 dòng đầu; hãy dùng tệp mẫu.",
        "No header row (such as “Tên mô hình, điển hình”, “Đơn vị”, “Ngày đăng ký”) in the first 10 rows; use the template.",
    ),
    "import.wrong_sheet": (
        "Không trang tính nào có tiêu đề cột của tệp mẫu (các trang: {sheets}); hãy nhập dữ liệu vào trang “{expected}” của tệp mẫu.",
        "No sheet carries the template's headers (sheets: {sheets}); enter the data in the “{expected}” sheet of the template.",
    ),
    "import.bad_workbook": (
        "Tệp Excel bị hỏng hoặc có mật khẩu: {error}",
        "The Excel file is damaged or password-protected: {error}",
    ),
    "import.bad_csv": ("Tệp CSV không đúng định dạng: {error}", "The CSV file is malformed: {error}"),
    "import.bad_encoding": (
        "Tệp CSV không ở bảng mã UTF-8 hoặc UTF-16 (có thể là Windows-1258 hay bảng mã khác). Trong Excel hãy chọn Lưu thành “CSV UTF-8”, hoặc tải lên tệp .xlsx.",
        "The CSV file is neither UTF-8 nor UTF-16 (perhaps Windows-1258 or another code page). In Excel choose Save as “CSV UTF-8”, or upload the .xlsx file.",
    ),
    "import.legacy_file": (
        "Tệp được gõ bằng bảng mã cũ {encoding}; đã chuyển toàn bộ sang Unicode. Hãy kiểm tra lại.",
        "The file was typed in the legacy {encoding} encoding; it was converted to Unicode. Please check it.",
    ),
    "import.legacy_converted": (
        "Chữ gõ bằng bảng mã cũ {encoding} đã được chuyển: “{before}” → “{after}”.",
        "Text in the legacy {encoding} encoding was converted: “{before}” → “{after}”.",
    ),
    "import.column_ignored": (
        "Cột “{column}” không thuộc tệp mẫu nên được bỏ qua.",
        "Column “{column}” is not in the template and is ignored.",
    ),
    "import.column_twice": ("Cột “{column}” xuất hiện hai lần.", "Column “{column}” appears twice."),
    "import.column_missing": ("Thiếu cột bắt buộc “{column}”.", "The required column “{column}” is missing."),
    "import.row_invalid": ("Dòng không hợp lệ: {error}", "The row is not valid: {error}"),
    "import.duplicate_row": (
        "Trùng với dòng {other} trong tệp (cùng tên, đơn vị, ngày đăng ký, người thực hiện).",
        "Duplicates row {other} of the file (same title, unit, registration date and holder).",
    ),
    "import.duplicate_id": ("Số hiệu {id} đã có ở dòng {other}.", "Record id {id} already appears in row {other}."),
    "import.unknown_id": ("Không có bản ghi số {id} trong sổ đăng ký.", "There is no record {id} in the registry."),
    "import.deleted_id": (
        "Bản ghi số {id} đã bị xóa; hãy khôi phục trước khi nhập.",
        "Record {id} is deleted; restore it before importing.",
    ),
    "import.unit_forbidden": (
        "Bạn chỉ được nhập mô hình của đơn vị mình.",
        "You may only import records of your own unit.",
    ),
    "import.stage_ignored": (
        "Giai đoạn, ngày xét duyệt của bản ghi số {id} khác trong sổ; nhập từ tệp không đổi giai đoạn, hãy dùng trang Xét duyệt.",
        "The stage or review dates of record {id} differ from the registry; an import does not change stages, use the Review page.",
    ),
    "import.kind_error": ("Lỗi", "Error"),
    "import.kind_notice": ("Lưu ý", "Notice"),
    "import.col_row": ("Dòng", "Row"),
    "import.col_column": ("Cột", "Column"),
    "import.col_kind": ("Loại", "Kind"),
    "import.col_message": ("Nội dung", "Message"),
    "import.report_sheet": ("Lỗi", "Errors"),
    "import.line": ("Dòng {row}, cột “{column}”: {message}", "Row {row}, column “{column}”: {message}"),
    "import.notice_line": (
        "Lưu ý – dòng {row}, cột “{column}”: {message}",
        "Notice – row {row}, column “{column}”: {message}",
    ),
    "import.cli_rejected": (
        "Tệp có {errors} lỗi; không ghi gì vào sổ đăng ký.",
        "The file has {errors} errors; nothing was written.",
    ),
    "import.cli_done": (
        "Đã nhập: {created} bản ghi mới, {updated} bản ghi cập nhật, {unchanged} không đổi.",
        "Imported: {created} new, {updated} updated, {unchanged} unchanged.",
    ),
    "import.cli_dry": (
        "Kiểm tra xong (chưa ghi): sẽ tạo {created}, cập nhật {updated}, {unchanged} không đổi.",
        "Checked (nothing written): would create {created}, update {updated}; {unchanged} unchanged.",
    ),
    "import.cli_no_file": ("Không đọc được tệp {path}: {error}", "Cannot read {path}: {error}"),
    # template
    "template.done": ("Đã ghi tệp mẫu {path}.", "Template written to {path}."),
    "template.help_sheet": ("Hướng dẫn", "Instructions"),
    "template.lists_sheet": ("DanhMuc", "Lists"),
    "template.help_title": (
        "HƯỚNG DẪN NHẬP MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”",
        "HOW TO FILL IN THE “DÂN VẬN KHÉO” TEMPLATE",
    ),
    "template.help_lines": (
        "Mỗi dòng của trang “Mô hình” là một mô hình (tập thể) hoặc điển hình (cá nhân).|"
        "Cột có dấu (*) là bắt buộc: Loại, Tên, Đơn vị, Lĩnh vực, Khối, Ngày đăng ký.|"
        "Loại, Lĩnh vực, Khối, Đơn vị, Giai đoạn, Cấp công nhận: chọn trong danh sách thả xuống.|"
        "Đơn vị: huyện, thị xã, thành phố (trước 1/7/2025) hoặc xã, phường mới (từ 1/7/2025), hoặc “Cấp tỉnh” cho sở, ban, ngành.|"
        "Ngày ghi như nguồn cho: cả ngày (15/03/2023), chỉ tháng (03/2023, tháng 3/2023) hoặc chỉ năm (2023, năm 2023).|"
        "Giai đoạn đã đạt cần có ngày tương ứng; đã công nhận cần ghi cấp công nhận; đã khen thưởng cần hình thức, cơ quan và ngày khen thưởng.|"
        "Nhân rộng từ: số hiệu của mô hình gốc, hoặc tên, “tên (đơn vị)”, “tên – đơn vị – năm”.|"
        "Cột “Số hiệu bản ghi” để trống khi thêm mới; tệp xuất từ sổ đăng ký có sẵn số hiệu để cập nhật.|"
        "Nhập lại cùng một tệp không tạo bản ghi trùng.|"
        "Không gõ bằng phông chữ cũ (.VnTime, VNI-Times): hãy dùng Unicode.",
        "Each row of the “Mô hình” sheet is one model (collective) or exemplar (individual).|"
        "Columns marked (*) are required: kind, title, unit, field, bloc, registration date.|"
        "Kind, field, bloc, unit, stage and recognition level: pick from the drop-down list.|"
        "Unit: a district (before 1 Jul 2025) or a new commune or ward (since 1 Jul 2025), or “Cấp tỉnh” for provincial departments.|"
        "Dates as the source gives them: a full date (15/03/2023), a month (03/2023) or a year (2023).|"
        "A stage reached needs its date; a recognised record needs its level; an award needs its form, issuer and date.|"
        "Replicated from: the original's record id, or its title, “title (unit)”, “title – unit – year”.|"
        "Leave “Record id” empty for new rows; a file exported from the registry carries ids for updates.|"
        "Importing the same file again creates no duplicates.|"
        "Do not type in legacy fonts (.VnTime, VNI-Times): use Unicode.",
    ),
    "template.examples": ("Ví dụ", "Examples"),
    "template.required_mark": (" (*)", " (*)"),
    # backup
    "backup.done": (
        "Đã sao lưu {tables} bảng vào {path} ({size} KB).",
        "Backed up {tables} tables to {path} ({size} KB).",
    ),
    "backup.postgres": (
        'Cơ sở dữ liệu là PostgreSQL: hãy sao lưu bằng pg_dump, ví dụ: pg_dump --format=custom --file={out} "{url}"; khôi phục bằng pg_restore --dbname="{url}" {out}.',
        'The database is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom --file={out} "{url}"; restore with pg_restore --dbname="{url}" {out}.',
    ),
    "backup.restored": (
        "Đã khôi phục {rows} dòng của {tables} bảng từ {path}.",
        "Restored {rows} rows of {tables} tables from {path}.",
    ),
    "backup.not_empty": (
        "Cơ sở dữ liệu đích không trống ({n} bản ghi, tài khoản hoặc nhật ký); chỉ khôi phục vào cơ sở dữ liệu trống.",
        "The target database is not empty ({n} records, accounts or audit rows); restore only into an empty database.",
    ),
    "backup.not_a_backup": (
        "Tệp {path} không phải là bản sao lưu của sổ đăng ký.",
        "{path} is not a backup of the registry.",
    ),
    "backup.exists": ("Tệp {path} đã có; hãy chọn tên khác.", "{path} already exists; choose another name."),
    "backup.newer": (
        "Bản sao lưu thuộc phiên bản cơ sở dữ liệu mới hơn ({version}); hãy cập nhật phần mềm trước.",
        "The backup is of a newer schema ({version}); update the software first.",
    ),
}
MESSAGES.update(
    {
        # entry page
        "entry.heading": ("Nhập, sửa mô hình, điển hình", "Enter or edit a model"),
        "entry.open_id": ("Mở bản ghi số", "Open record number"),
        "entry.open": ("Mở", "Open"),
        "entry.new": ("Nhập mới", "New record"),
        "entry.template": ("Tải tệp Excel mẫu", "Download the Excel template"),
        "entry.precision": ("Nguồn ghi đến", "The source gives"),
        "field_name.registered_precision": ("Độ chính xác của ngày đăng ký", "Precision of the registration date"),
        "entry.precision.day": ("Ngày (15/03/2023)", "The day (15/03/2023)"),
        "entry.precision.month": ("Chỉ tháng (03/2023)", "Only the month (03/2023)"),
        "entry.precision.year": ("Chỉ năm (2023)", "Only the year (2023)"),
        "entry.editing": ("Đang sửa bản ghi số {id} (phiên bản {version})", "Editing record {id} (version {version})"),
        "entry.creating": ("Bản ghi mới", "New record"),
        "entry.pick": ("Chọn…", "Choose…"),
        "entry.none": ("(không)", "(none)"),
        "entry.origin_search": (
            "Tìm mô hình gốc (nhân rộng từ): gõ tên, đơn vị hoặc số hiệu",
            "Find the original model (replicated from): type a title, unit or id",
        ),
        "entry.origin_placeholder": ("ví dụ: bản sáng vùng biên", "e.g. ban sang vung bien"),
        "entry.stage_section": ("Giai đoạn, công nhận, khen thưởng", "Stage, recognition, award"),
        "entry.stage_readonly": (
            "Giai đoạn của bản ghi đã có được thay đổi ở trang Xét duyệt.",
            "The stage of an existing record changes on the Review page.",
        ),
        "entry.duplicates": (
            "Có thể trùng với: {records} (cùng tên, đơn vị và năm). Hãy kiểm tra; nếu vẫn muốn lưu, đánh dấu ô bên dưới.",
            "Possible duplicates: {records} (same title, unit and year). Check them; to save anyway, tick the box below.",
        ),
        "entry.save_anyway": ("Tôi đã kiểm tra, vẫn lưu", "I checked; save anyway"),
        "entry.save": ("Lưu", "Save"),
        "entry.created": ("Đã tạo bản ghi số {id}.", "Record {id} created."),
        "entry.updated": ("Đã lưu bản ghi số {id}.", "Record {id} saved."),
        "entry.nothing_changed": ("Không có gì thay đổi.", "Nothing changed."),
        "entry.col_field": ("Trường", "Field"),
        "entry.col_opened": ("Khi bạn mở", "When you opened it"),
        "entry.col_theirs": ("Đã được lưu", "Saved meanwhile"),
        "entry.col_yours": ("Bạn nhập", "Your input"),
        "entry.rebase": (
            "Giữ thay đổi của tôi trên phiên bản mới nhất",
            "Keep my changes on top of the latest version",
        ),
        "entry.delete_section": ("Xóa bản ghi", "Delete the record"),
        "entry.delete_confirm": (
            "Tôi muốn xóa bản ghi này (quản trị viên có thể khôi phục)",
            "I want to delete this record (an admin can restore it)",
        ),
        "entry.delete": ("Xóa", "Delete"),
        "entry.deleted": ("Đã xóa bản ghi số {id}.", "Record {id} deleted."),
        "entry.history": ("Lịch sử thay đổi", "History"),
        "entry.stage_history": ("Các giai đoạn đã qua", "Stages reached"),
        # import page
        "importpage.heading": ("Nhập mô hình từ Excel hoặc CSV", "Import models from Excel or CSV"),
        "importpage.intro": (
            "Tải lên tệp theo mẫu (tối đa {mb} MB, {rows} dòng). Tệp được kiểm tra trước; chỉ khi không còn lỗi mới ghi, và ghi tất cả hoặc không ghi gì.",
            "Upload a file in the template's layout (at most {mb} MB, {rows} rows). It is checked first; it is written only without errors, all rows or none.",
        ),
        "importpage.upload": ("Chọn tệp .xlsx hoặc .csv", "Choose an .xlsx or .csv file"),
        "importpage.checking": ("Đang kiểm tra tệp…", "Checking the file…"),
        "importpage.rows": ("Số dòng", "Rows"),
        "importpage.to_create": ("Sẽ tạo mới", "To create"),
        "importpage.to_update": ("Sẽ cập nhật", "To update"),
        "importpage.unchanged": ("Không đổi", "Unchanged"),
        "importpage.errors": ("Lỗi", "Errors"),
        "importpage.download_csv": ("Tải danh sách lỗi (CSV)", "Download the errors (CSV)"),
        "importpage.download_xlsx": ("Tải danh sách lỗi (Excel)", "Download the errors (Excel)"),
        "importpage.fix_first": (
            "Tệp có {n} lỗi. Hãy sửa trong Excel rồi tải lên lại; chưa có gì được ghi.",
            "The file has {n} errors. Fix them in Excel and upload again; nothing was written.",
        ),
        "importpage.preview": ("Các bản ghi sẽ được tạo", "Records to be created"),
        "importpage.nothing_to_do": (
            "Mọi dòng đã có trong sổ đăng ký; không có gì để nhập.",
            "Every row is already in the registry; nothing to import.",
        ),
        "importpage.commit": ("Nhập: tạo {created}, cập nhật {updated}", "Import: create {created}, update {updated}"),
        "importpage.progress": ("Đang nhập…", "Importing…"),
        "importpage.phase_read": ("Đang đọc tệp…", "Reading…"),
        "importpage.phase_check": ("Đang kiểm tra…", "Checking…"),
        "importpage.phase_write": ("Đang ghi…", "Writing…"),
        "importpage.phase_done": ("Xong.", "Done."),
        "importpage.done": (
            "Đã nhập: {created} bản ghi mới, {updated} bản ghi cập nhật.",
            "Imported: {created} new, {updated} updated.",
        ),
        # review page
        "review.heading": ("Xét duyệt mô hình, điển hình", "Review"),
        "review.rules": (
            "Đăng ký → Hiệu quả → Được công nhận → Tiêu biểu → Được khen thưởng. Mỗi lần đi một bước; bỏ bước chỉ quản trị viên, kèm lý do; lùi bước cần lý do; công nhận cần cấp; khen thưởng cần hình thức, cơ quan và ngày.",
            "Registered → effective → recognised → outstanding → awarded. One step at a time; only an admin may skip, with a reason; going back needs a reason; recognition needs a level; an award needs form, issuer and date.",
        ),
        "review.year": ("Năm", "Year"),
        "review.all_units": ("Mọi đơn vị", "All units"),
        "review.all_years": ("Mọi năm", "All years"),
        "review.search": ("Tìm", "Search"),
        "review.count": (
            "{n} bản ghi (tối đa 500 hiển thị). Chọn các dòng cần chuyển.",
            "{n} records (at most 500 shown). Select the rows to move.",
        ),
        "review.selected": ("Đã chọn {n} bản ghi.", "{n} records selected."),
        "review.target": ("Chuyển sang giai đoạn", "Move to stage"),
        "review.on": ("Ngày", "Date"),
        "review.reason": ("Lý do (bắt buộc khi lùi hoặc bỏ bước)", "Reason (required to go back or skip)"),
        "review.reason_help": ("Được ghi vào lịch sử của bản ghi.", "Kept in the record's history."),
        "review.move": ("Chuyển các bản ghi đã chọn", "Move the selected records"),
        "review.pick_first": ("Hãy chọn ít nhất một bản ghi.", "Select at least one record."),
        "review.moved": ("Đã chuyển {n} bản ghi sang “{stage}”.", "Moved {n} records to “{stage}”."),
        # admin page
        "admin.heading": ("Quản trị", "Administration"),
        "admin.users": ("Tài khoản", "Accounts"),
        "admin.changes": ("Thay đổi gần đây", "Recent changes"),
        "admin.deleted": ("Bản ghi đã xóa", "Deleted records"),
        "admin.col_status": ("Trạng thái", "Status"),
        "admin.col_at": ("Thời điểm", "When"),
        "admin.col_user": ("Người thực hiện", "User"),
        "admin.col_action": ("Thao tác", "Action"),
        "admin.col_changes": ("Thay đổi", "Changes"),
        "admin.col_note": ("Ghi chú", "Note"),
        "admin.add_user": ("Thêm tài khoản", "Add an account"),
        "admin.limit_unit": ("Giới hạn vào đơn vị (cán bộ nhập liệu)", "Limit to a unit (editors)"),
        "admin.add": ("Thêm", "Add"),
        "admin.manage_user": ("Quản lý tài khoản", "Manage an account"),
        "admin.new_password": ("Mật khẩu mới", "New password"),
        "admin.reset_password": ("Đặt lại mật khẩu", "Reset the password"),
        "admin.disable": ("Vô hiệu hóa", "Disable"),
        "admin.enable": ("Kích hoạt lại", "Enable"),
        "admin.enabled_done": ("Đã kích hoạt lại tài khoản {name}.", "Account {name} enabled."),
        "admin.everyone": ("Mọi người", "Everyone"),
        "admin.from": ("Từ ngày", "From"),
        "admin.until": ("Đến ngày", "Until"),
        "admin.changes_count": ("{n} thay đổi (tối đa 1.000 hiển thị).", "{n} changes (at most 1,000 shown)."),
        "admin.none_deleted": ("Không có bản ghi nào bị xóa.", "No record is deleted."),
        "admin.restore": ("Khôi phục {n} bản ghi đã chọn", "Restore the {n} selected records"),
        # audit actions
        "audit.create": ("Tạo mới", "Created"),
        "audit.update": ("Sửa", "Updated"),
        "audit.stage": ("Chuyển giai đoạn", "Stage changed"),
        "audit.delete": ("Xóa", "Deleted"),
        "audit.restore": ("Khôi phục", "Restored"),
        "audit.import": ("Nhập từ tệp", "Imported"),
        "audit.user_add": ("Thêm tài khoản", "Account added"),
        "audit.user_disable": ("Vô hiệu hóa tài khoản", "Account disabled"),
        "audit.user_enable": ("Kích hoạt tài khoản", "Account enabled"),
        "audit.user_role": ("Đổi vai trò", "Role changed"),
        "audit.user_password": ("Đặt lại mật khẩu", "Password reset"),
        "audit.user_locked": ("Khóa tạm do nhập sai mật khẩu", "Locked after failed sign-ins"),
    }
)
