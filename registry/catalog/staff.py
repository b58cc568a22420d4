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
    "auth.bad_credentials": ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password."),
    "auth.locked": ("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau {minutes} phút.",
                    "The account is locked after too many failed attempts; try again in {minutes} minutes."),
    "auth.disabled": ("Tài khoản đã bị vô hiệu hóa; hãy liên hệ quản trị viên.",
                      "The account is disabled; contact an administrator."),
    "auth.name_empty": ("Tên đăng nhập không được để trống.", "The user name must not be empty."),
    "auth.name_taken": ("Tên đăng nhập “{name}” đã có.", "User name “{name}” is taken."),
    "auth.no_such_user": ("Không có tài khoản “{name}”.", "There is no account “{name}”."),
    "auth.bad_role": ("Vai trò “{value}” không hợp lệ; chọn một trong: {roles}.",
                      "Role “{value}” is not valid; choose one of: {roles}."),
    "auth.password_short": ("Mật khẩu phải có ít nhất {min} ký tự.", "The password needs at least {min} characters."),
    "auth.sign_in": ("Đăng nhập", "Sign in"),
    "auth.sign_in_heading": ("Đăng nhập hệ thống", "Sign in"),
    "auth.sign_in_intro": ("Sổ đăng ký mô hình, điển hình “Dân vận khéo” tỉnh Thanh Hóa. Hãy đăng nhập bằng tài khoản được cấp.",
                           "The registry of “Dân vận khéo” models of Thanh Hóa. Sign in with the account you were given."),
    "auth.sign_out": ("Đăng xuất", "Sign out"),
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
    "user.list_header": ("tên\tvai trò\tđơn vị\ttrạng thái\tđăng nhập lần cuối",
                         "name\trole\tunit\tstatus\tlast sign-in"),
    "user.status_active": ("hoạt động", "active"),
    "user.status_disabled": ("vô hiệu", "disabled"),
    "user.status_locked": ("tạm khóa", "locked"),
    "user.demo_accounts": ("Đã tạo {n} tài khoản mẫu (xem README).", "Created {n} demo accounts (see README)."),
    # import
    "import.unreadable": ("Không đọc được tệp.", "The file cannot be read."),
    "import.too_big": ("Tệp quá lớn ({size} MB); giới hạn là {max} MB (thiết lập IMPORT_MAX_MB).",
                       "The file is too big ({size} MB); the limit is {max} MB (setting IMPORT_MAX_MB)."),
    "import.too_many_rows": ("Tệp có {rows} dòng, quá giới hạn {max} dòng (thiết lập IMPORT_MAX_ROWS); hãy chia nhỏ tệp.",
                             "The file has {rows} rows, more than the limit of {max} (setting IMPORT_MAX_ROWS); split it."),
    "import.empty": ("Tệp trống.", "The file is empty."),
    "import.no_rows": ("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.", "The file has a header but no data rows."),
    "import.no_header": ("Không tìm thấy dòng tiêu đề cột (ví dụ “Tên mô hình, điển hình”, “Đơn vị”, “Ngày đăng ký”) trong 10 dòng đầu; hãy dùng tệp mẫu.",
                         "No header row (such as “Tên mô hình, điển hình”, “Đơn vị”, “Ngày đăng ký”) in the first 10 rows; use the template."),
    "import.wrong_sheet": ("Không trang tính nào có tiêu đề cột của tệp mẫu (các trang: {sheets}); hãy nhập dữ liệu vào trang “{expected}” của tệp mẫu.",
                           "No sheet carries the template's headers (sheets: {sheets}); enter the data in the “{expected}” sheet of the template."),
    "import.bad_workbook": ("Tệp Excel bị hỏng hoặc có mật khẩu: {error}", "The Excel file is damaged or password-protected: {error}"),
    "import.bad_csv": ("Tệp CSV không đúng định dạng: {error}", "The CSV file is malformed: {error}"),
    "import.bad_encoding": ("Tệp CSV không ở bảng mã UTF-8 hoặc UTF-16 (có thể là Windows-1258 hay bảng mã khác). Trong Excel hãy chọn Lưu thành “CSV UTF-8”, hoặc tải lên tệp .xlsx.",
                            "The CSV file is neither UTF-8 nor UTF-16 (perhaps Windows-1258 or another code page). In Excel choose Save as “CSV UTF-8”, or upload the .xlsx file."),
    "import.legacy_file": ("Tệp được gõ bằng bảng mã cũ {encoding}; đã chuyển toàn bộ sang Unicode. Hãy kiểm tra lại.",
                           "The file was typed in the legacy {encoding} encoding; it was converted to Unicode. Please check it."),
    "import.legacy_converted": ("Chữ gõ bằng bảng mã cũ {encoding} đã được chuyển: “{before}” → “{after}”.",
                                "Text in the legacy {encoding} encoding was converted: “{before}” → “{after}”."),
    "import.column_ignored": ("Cột “{column}” không thuộc tệp mẫu nên được bỏ qua.", "Column “{column}” is not in the template and is ignored."),
    "import.column_twice": ("Cột “{column}” xuất hiện hai lần.", "Column “{column}” appears twice."),
    "import.column_missing": ("Thiếu cột bắt buộc “{column}”.", "The required column “{column}” is missing."),
    "import.row_invalid": ("Dòng không hợp lệ: {error}", "The row is not valid: {error}"),
    "import.duplicate_row": ("Trùng với dòng {other} trong tệp (cùng tên, đơn vị, ngày đăng ký, người thực hiện).",
                             "Duplicates row {other} of the file (same title, unit, registration date and holder)."),
    "import.duplicate_id": ("Số hiệu {id} đã có ở dòng {other}.", "Record id {id} already appears in row {other}."),
    "import.unknown_id": ("Không có bản ghi số {id} trong sổ đăng ký.", "There is no record {id} in the registry."),
    "import.deleted_id": ("Bản ghi số {id} đã bị xóa; hãy khôi phục trước khi nhập.", "Record {id} is deleted; restore it before importing."),
    "import.unit_forbidden": ("Bạn chỉ được nhập mô hình của đơn vị mình.", "You may only import records of your own unit."),
    "import.stage_ignored": ("Giai đoạn, ngày xét duyệt của bản ghi số {id} khác trong sổ; nhập từ tệp không đổi giai đoạn, hãy dùng trang Xét duyệt.",
                             "The stage or review dates of record {id} differ from the registry; an import does not change stages, use the Review page."),
    "import.kind_error": ("Lỗi", "Error"),
    "import.kind_notice": ("Lưu ý", "Notice"),
    "import.col_row": ("Dòng", "Row"),
    "import.col_column": ("Cột", "Column"),
    "import.col_kind": ("Loại", "Kind"),
    "import.col_message": ("Nội dung", "Message"),
    "import.report_sheet": ("Lỗi", "Errors"),
    "import.line": ("Dòng {row}, cột “{column}”: {message}", "Row {row}, column “{column}”: {message}"),
    "import.notice_line": ("Lưu ý – dòng {row}, cột “{column}”: {message}", "Notice – row {row}, column “{column}”: {message}"),
    "import.cli_rejected": ("Tệp có {errors} lỗi; không ghi gì vào sổ đăng ký.", "The file has {errors} errors; nothing was written."),
    "import.cli_done": ("Đã nhập: {created} bản ghi mới, {updated} bản ghi cập nhật, {unchanged} không đổi.",
                        "Imported: {created} new, {updated} updated, {unchanged} unchanged."),
    "import.cli_dry": ("Kiểm tra xong (chưa ghi): sẽ tạo {created}, cập nhật {updated}, {unchanged} không đổi.",
                       "Checked (nothing written): would create {created}, update {updated}; {unchanged} unchanged."),
    "import.cli_no_file": ("Không đọc được tệp {path}: {error}", "Cannot read {path}: {error}"),
    # template
    "template.done": ("Đã ghi tệp mẫu {path}.", "Template written to {path}."),
    "template.help_sheet": ("Hướng dẫn", "Instructions"),
    "template.lists_sheet": ("DanhMuc", "Lists"),
    "template.help_title": ("HƯỚNG DẪN NHẬP MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”", "HOW TO FILL IN THE “DÂN VẬN KHÉO” TEMPLATE"),
    "template.help_lines": (
        "Mỗi dòng của trang “Mô hình” là một mô hình (tập thể) hoặc điển hình (cá nhân).|"
        "Cột có dấu (*) là bắt buộc: Loại, Tên, Đơn vị, Lĩnh vực, Khối, Ngày đăng ký.|"
        "Loại, Lĩnh vực, Khối, Đơn vị, Giai đoạn, Cấp công nhận: chọn trong danh sách thả xuống.|"
        "Đơn vị: huyện, thị xã, thành phố (trước 1/7/2025) hoặc xã, phường mới (từ 1/7/2025), hoặc “Cấp tỉnh” cho sở, ban, ngành.|"
        "Ngày ghi theo dạng dd/mm/yyyy, ví dụ 15/03/2023.|"
        "Giai đoạn đã đạt cần có ngày tương ứng; đã công nhận cần ghi cấp công nhận; đã khen thưởng cần hình thức, cơ quan và ngày khen thưởng.|"
        "Nhân rộng từ: ghi số hiệu của mô hình gốc trong sổ đăng ký.|"
        "Cột “Số hiệu bản ghi” để trống khi thêm mới; tệp xuất từ sổ đăng ký có sẵn số hiệu để cập nhật.|"
        "Nhập lại cùng một tệp không tạo bản ghi trùng.|"
        "Không gõ bằng phông chữ cũ (.VnTime, VNI-Times): hãy dùng Unicode.",
        "Each row of the “Mô hình” sheet is one model (collective) or exemplar (individual).|"
        "Columns marked (*) are required: kind, title, unit, field, bloc, registration date.|"
        "Kind, field, bloc, unit, stage and recognition level: pick from the drop-down list.|"
        "Unit: a district (before 1 Jul 2025) or a new commune or ward (since 1 Jul 2025), or “Cấp tỉnh” for provincial departments.|"
        "Dates as dd/mm/yyyy, for example 15/03/2023.|"
        "A stage reached needs its date; a recognised record needs its level; an award needs its form, issuer and date.|"
        "Replicated from: the record id of the original model in the registry.|"
        "Leave “Record id” empty for new rows; a file exported from the registry carries ids for updates.|"
        "Importing the same file again creates no duplicates.|"
        "Do not type in legacy fonts (.VnTime, VNI-Times): use Unicode."),
    "template.examples": ("Ví dụ", "Examples"),
    "template.required_mark": (" (*)", " (*)"),
    # backup
    "backup.done": ("Đã sao lưu {tables} bảng vào {path} ({size} KB).", "Backed up {tables} tables to {path} ({size} KB)."),
    "backup.postgres": ("Cơ sở dữ liệu là PostgreSQL: hãy sao lưu bằng pg_dump, ví dụ: pg_dump --format=custom --file={out} \"{url}\"; khôi phục bằng pg_restore --dbname=\"{url}\" {out}.",
                        "The database is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom --file={out} \"{url}\"; restore with pg_restore --dbname=\"{url}\" {out}."),
    "backup.restored": ("Đã khôi phục {rows} dòng của {tables} bảng từ {path}.", "Restored {rows} rows of {tables} tables from {path}."),
    "backup.not_empty": ("Cơ sở dữ liệu đích không trống ({n} bản ghi, tài khoản hoặc nhật ký); chỉ khôi phục vào cơ sở dữ liệu trống.",
                         "The target database is not empty ({n} records, accounts or audit rows); restore only into an empty database."),
    "backup.not_a_backup": ("Tệp {path} không phải là bản sao lưu của sổ đăng ký.", "{path} is not a backup of the registry."),
    "backup.exists": ("Tệp {path} đã có; hãy chọn tên khác.", "{path} already exists; choose another name."),
    "backup.newer": ("Bản sao lưu thuộc phiên bản cơ sở dữ liệu mới hơn ({version}); hãy cập nhật phần mềm trước.",
                     "The backup is of a newer schema ({version}); update the software first."),
}
