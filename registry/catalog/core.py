"""Strings of the registry core: validation messages, CLI messages, names of codes."""

MESSAGES: dict[str, tuple[str, str]] = {
    # placeholders of the choice widgets (ui.core.choose), instead of Streamlit's English ones
    "ui.choose_one": ("Chọn một mục", "Choose an option"),
    "ui.choose_many": ("Chọn một hoặc nhiều mục", "Choose options"),
    "ui.no_options": ("Không có mục nào để chọn", "No options to select"),
    # kinds, stages, levels, views
    "kind.collective": ("Mô hình (tập thể)", "Model (collective)"),
    "kind.individual": ("Điển hình (cá nhân)", "Exemplar (individual)"),
    "stage.registered": ("Đăng ký", "Registered"),
    "stage.effective": ("Hiệu quả", "Effective"),
    "stage.recognised": ("Được công nhận", "Recognised"),
    "stage.outstanding": ("Tiêu biểu", "Outstanding"),
    "stage.awarded": ("Được khen thưởng", "Awarded"),
    "level.commune": ("Cấp xã", "Commune level"),
    "level.district": ("Cấp huyện", "District level"),
    "level.province": ("Cấp tỉnh", "Province level"),
    "level.central": ("Trung ương", "Central level"),
    "view.then": ("Đơn vị tại thời điểm đăng ký", "Units as they were"),
    "view.districts-2025": (
        "Theo 26 huyện, thị xã, thành phố (ranh giới 30/6/2025)",
        "By the 26 districts (boundaries of 30 Jun 2025)",
    ),
    "view.new-units": ("Theo 166 xã, phường mới (từ 1/7/2025)", "By the 166 new communes and wards (since 1 Jul 2025)"),
    "field_name.kind": ("Loại", "Kind"),
    "field_name.title": ("Tên mô hình, điển hình", "Title"),
    "field_name.holder_name": ("Tập thể, cá nhân thực hiện", "Holder"),
    "field_name.locality": ("Thôn, xã", "Village or commune"),
    "field_name.unit": ("Đơn vị", "Unit"),
    "field_name.commune": ("Xã, phường", "Commune or ward"),
    "field_name.field": ("Lĩnh vực", "Field"),
    "field_name.bloc": ("Khối", "Bloc"),
    "field_name.programme": ("Chương trình", "Programme"),
    "field_name.description": ("Mô tả", "Description"),
    "field_name.registered_on": ("Ngày đăng ký", "Registered on"),
    "field_name.stage": ("Giai đoạn", "Stage"),
    "field_name.effective_on": ("Ngày đánh giá hiệu quả", "Effective on"),
    "field_name.recognised_on": ("Ngày công nhận", "Recognised on"),
    "field_name.outstanding_on": ("Ngày chọn tiêu biểu", "Outstanding on"),
    "field_name.awarded_on": ("Ngày khen thưởng", "Awarded on"),
    "field_name.recognition_level": ("Cấp công nhận", "Recognition level"),
    "field_name.award_form": ("Hình thức khen thưởng", "Award form"),
    "field_name.award_issuer": ("Cơ quan khen thưởng", "Award issuer"),
    "field_name.results": ("Kết quả", "Results"),
    "field_name.beneficiaries": ("Số người hưởng lợi", "Beneficiaries"),
    "field_name.funds_vnd": ("Kinh phí huy động (đồng)", "Funds mobilised (VND)"),
    "field_name.replicated_from": ("Nhân rộng từ mô hình", "Replicated from"),
    "field_name.version": ("Phiên bản", "Version"),
    # validation
    "error.required": ("{field}: không được để trống.", "{field}: must not be empty."),
    "error.title_empty": ("Tên mô hình, điển hình không được để trống.", "The title must not be empty."),
    "error.too_long": ("{field}: dài quá {max} ký tự.", "{field}: longer than {max} characters."),
    "error.year_range": (
        "Năm đăng ký phải từ {min} đến {max} (đang là {year}).",
        "The year of registration must be between {min} and {max} (it is {year}).",
    ),
    "error.bad_kind": (
        "Loại “{value}” không hợp lệ: chọn “mô hình” (tập thể) hoặc “điển hình” (cá nhân).",
        "Kind “{value}” is not valid: choose collective or individual.",
    ),
    "error.bad_stage": ("Giai đoạn “{value}” không hợp lệ.", "Stage “{value}” is not valid."),
    "error.bad_level": (
        "Cấp công nhận “{value}” không hợp lệ: xã, huyện, tỉnh hoặc trung ương.",
        "Recognition level “{value}” is not valid: commune, district, province or central.",
    ),
    "error.stage_date_missing": ("Thiếu {field} cho giai đoạn đã đạt.", "{field} is missing for a stage reached."),
    "error.stage_date_beyond": (
        "{field}: mô hình chưa đạt giai đoạn này nên không được có ngày.",
        "{field}: the record has not reached this stage, so it cannot have a date.",
    ),
    "error.stage_date_before_registered": (
        "{field} ({date}) không được trước ngày đăng ký ({registered}).",
        "{field} ({date}) cannot be before the registration date ({registered}).",
    ),
    "error.stage_dates_order": (
        "{field} ({date}) không được trước {previous} ({previous_date}).",
        "{field} ({date}) cannot be before {previous} ({previous_date}).",
    ),
    "error.date_in_future": (
        "{field} ({date}) không được sau ngày hôm nay.",
        "{field} ({date}) cannot be in the future.",
    ),
    "error.level_required": (
        "Mô hình đã được công nhận cần có cấp công nhận.",
        "A recognised record needs a recognition level.",
    ),
    "error.award_required": (
        "Khen thưởng cần có hình thức, cơ quan khen thưởng và ngày.",
        "An award needs a form, an issuer and a date.",
    ),
    "error.unknown_unit": (
        "Không tìm thấy đơn vị “{value}”: hãy kiểm tra chính tả, ghi tên huyện, thị xã, thành phố "
        "(trước 1/7/2025) hoặc xã, phường (từ 1/7/2025), hoặc dùng mã đơn vị.",
        "Unit “{value}” was not found: check the spelling, write the district (before 1 Jul 2025) "
        "or the commune or ward (since), or use the unit's code.",
    ),
    "error.ambiguous_unit": (
        "Tên đơn vị “{value}” chưa rõ, có thể là: {candidates}. Hãy ghi thêm huyện cũ trong ngoặc, ví dụ “xã … (Hoằng Hóa)”, hoặc dùng mã.",
        "Unit name “{value}” is ambiguous; it could be: {candidates}. Add the former district in brackets or use the code.",
    ),
    "error.unit_not_valid_on": (
        "Đơn vị {unit} không tồn tại vào ngày {date} (hiệu lực {valid_from} – {valid_to}): "
        "hãy sửa ngày hoặc ghi đơn vị có vào ngày đó.",
        "Unit {unit} did not exist on {date} (valid {valid_from} – {valid_to}): correct the "
        "date or write the unit of that day.",
    ),
    "error.unit_wrong_era": (
        "Từ ngày 1/7/2025 mô hình thuộc xã, phường mới hoặc cấp tỉnh, không thuộc huyện ({unit}): "
        "hãy ghi xã, phường mới, hoặc ghi thêm xã, phường cũ vào ô Xã, phường.",
        "Since 1 Jul 2025 a record belongs to a new commune or ward or the province level, not a "
        "district ({unit}): write the new commune, or add the former commune in the Commune column.",
    ),
    "error.unit_new_before_reform": (
        "Đơn vị {unit} chỉ có từ ngày 1/7/2025; trước đó hãy chọn huyện, thị xã, thành phố.",
        "Unit {unit} exists only since 1 Jul 2025; before that, choose a district.",
    ),
    "error.commune_not_in_unit": ("Xã {commune} không thuộc {unit}.", "Commune {commune} is not in {unit}."),
    "error.unknown_field": ("Không tìm thấy lĩnh vực “{value}”.", "Field “{value}” was not found."),
    "error.unknown_bloc": ("Không tìm thấy khối “{value}”.", "Bloc “{value}” was not found."),
    "error.unknown_programme": ("Không tìm thấy chương trình “{value}”.", "Programme “{value}” was not found."),
    "error.origin_missing": ("Mô hình gốc số {value} không tồn tại.", "Origin record {value} does not exist."),
    "error.origin_later": (
        "Mô hình gốc (đăng ký {origin_date}) phải có trước bản nhân rộng ({date}).",
        "The origin (registered {origin_date}) must not be later than the copy ({date}).",
    ),
    "error.origin_cycle": (
        "Không thể nhân rộng từ chính nó hoặc từ một bản nhân rộng của nó.",
        "A record cannot be replicated from itself or from one of its own copies.",
    ),
    "error.not_a_number": ("{field}: “{value}” không phải là số.", "{field}: “{value}” is not a number."),
    "error.negative": ("{field} không được âm.", "{field} cannot be negative."),
    "error.bad_date": (
        "{field}: “{value}” không phải là ngày hợp lệ (dd/mm/yyyy).",
        "{field}: “{value}” is not a valid date (dd/mm/yyyy).",
    ),
    "error.not_found": ("Không tìm thấy bản ghi số {id}.", "Record {id} was not found."),
    "error.conflict": (
        "Bản ghi đã được {user} sửa lúc {at} (phiên bản {current}, bạn đang sửa phiên bản {yours}). Hãy tải lại và nhập lại thay đổi.",
        "The record was changed by {user} at {at} (version {current}; you edited version {yours}). Reload it and enter your change again.",
    ),
    "error.deleted": ("Bản ghi số {id} đã bị xóa.", "Record {id} has been deleted."),
    "error.not_deleted": ("Bản ghi số {id} chưa bị xóa.", "Record {id} is not deleted."),
    "error.stage_skip": (
        "Không được bỏ qua giai đoạn ({current} → {target}); chỉ quản trị viên được làm, kèm lý do.",
        "Stages cannot be skipped ({current} → {target}) except by an admin with a reason.",
    ),
    "error.stage_backwards_reason": (
        "Lùi giai đoạn ({current} → {target}) cần ghi lý do.",
        "Going back a stage ({current} → {target}) needs a reason.",
    ),
    "error.stage_same": ("Bản ghi đã ở giai đoạn {current}.", "The record is already at stage {current}."),
    # CLI
    "cli.init_done": (
        "Đã khởi tạo cơ sở dữ liệu: {units} đơn vị, {fields} lĩnh vực, {blocs} khối.",
        "Database ready: {units} units, {fields} fields, {blocs} blocs.",
    ),
    "cli.seed_refused": (
        "Từ chối nạp dữ liệu mẫu: cơ sở dữ liệu đã có {n} bản ghi thật.",
        "Refusing to load demo data: the registry already holds {n} real records.",
    ),
    "cli.seed_already": (
        "Dữ liệu mẫu đã có ({n} bản ghi); không nạp lại.",
        "Demo data is already loaded ({n} records); nothing to do.",
    ),
    "cli.seed_done": ("Đã nạp {n} bản ghi mẫu.", "Loaded {n} sample records."),
    "cli.synth_done": ("Đã sinh {n} bản ghi trong {seconds} giây.", "Generated {n} records in {seconds} s."),
    "cli.db_unreachable": ("Không kết nối được cơ sở dữ liệu: {error}", "Cannot reach the database: {error}"),
    "cli.bad_date": (
        "Ngày “{value}” không hợp lệ; hãy ghi YYYY-MM-DD hoặc DD/MM/YYYY.",
        "Date “{value}” is not valid; use YYYY-MM-DD or DD/MM/YYYY.",
    ),
    "cli.bad_choice": (
        "Giá trị “{value}” không hợp lệ cho {option}; chọn một trong: {choices}.",
        "“{value}” is not valid for {option}; choose one of: {choices}.",
    ),
    "cli.bad_range": ("Ngày bắt đầu {start} sau ngày kết thúc {end}.", "The start {start} is after the end {end}."),
    "cli.not_initialised": (
        "Cơ sở dữ liệu chưa được khởi tạo: hãy chạy “python -m registry init”.",
        "The database is not initialised: run “python -m registry init”.",
    ),
    "cli.positive": ("{option} phải là số dương.", "{option} must be a positive number."),
    "sample.notice": (
        "Đang hiển thị dữ liệu mẫu (không phải số liệu thật).",
        "Showing sample data (not real figures).",
    ),
}
MESSAGES.update(
    {
        "error.forbidden": ("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this."),
    }
)
MESSAGES.update(
    {
        "cli.error_prefix": ("Lỗi", "Error"),
        "cli.aborted": ("Đã hủy.", "Aborted."),
    }
)
MESSAGES.update(
    {
        "cli.seed_not_empty": (
            "Sổ đăng ký đã có {n} bản ghi; không nạp dữ liệu mẫu.",
            "The registry already holds {n} records; no demo data loaded.",
        ),
    }
)
