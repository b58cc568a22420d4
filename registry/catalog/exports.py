"""Strings of the exports, key figures, published-figures check and periodic report."""

MESSAGES: dict[str, tuple[str, str]] = {
    # images
    "export.footer": (
        "Nguồn: {board}. Số liệu tính đến ngày {date}",
        "Source: {board}. Data as of {date}",
    ),
    "export.sample_mark": ("Dữ liệu mẫu", "Sample data"),
    "images.no_browser": (
        "Không tạo được ảnh PNG/SVG: máy chủ chưa cài Chromium (đặt BROWSER_PATH hoặc cài gói "
        "chromium). Vẫn tải được số liệu CSV, XLSX.",
        "PNG/SVG images are unavailable: no Chromium is installed on the server (set BROWSER_PATH "
        "or install the chromium package). CSV and XLSX data still work.",
    ),
    "images.no_browser_at": (
        "Không tạo được ảnh PNG/SVG: không có Chromium tại BROWSER_PATH={path}. Vẫn tải được số liệu CSV, XLSX.",
        "PNG/SVG images are unavailable: no Chromium at BROWSER_PATH={path}. CSV and XLSX data still work.",
    ),
    "images.start_failed": (
        "Không khởi động được Chromium để tạo ảnh ({error}). Vẫn tải được số liệu CSV, XLSX.",
        "Chromium could not be started to make images ({error}). CSV and XLSX data still work.",
    ),
    # citation and metadata
    "export.source": (
        "{board}, Sổ đăng ký mô hình, điển hình “Dân vận khéo”",
        "{board}, registry of “Dân vận khéo” models and exemplars",
    ),
    "export.citation": (
        "Nguồn: {board}, Sổ đăng ký mô hình, điển hình “Dân vận khéo”. Số liệu tính đến ngày {date}.",
        "Source: {board}, registry of “Dân vận khéo” models and exemplars. Data as of {date}.",
    ),
    "export.meta.sheet": ("Thông tin", "About"),
    "export.meta.data_sheet": ("Số liệu", "Data"),
    "export.meta.item": ("Mục", "Item"),
    "export.meta.value": ("Nội dung", "Value"),
    "export.meta.title": ("Tiêu đề", "Title"),
    "export.meta.source": ("Nguồn", "Source"),
    "export.meta.citation": ("Trích dẫn", "Citation"),
    "export.meta.as_of": ("Số liệu tính đến ngày", "Data as of"),
    "export.meta.partial": ("Năm chưa trọn", "Partial year"),
    "export.meta.partial_value": (
        "số liệu năm {year} tính đến {day}",
        "the figures for {year} run to {day} only",
    ),
    "export.meta.filters": ("Bộ lọc", "Filters"),
    "export.meta.data_version": ("Phiên bản dữ liệu", "Data version"),
    "export.meta.exported_at": ("Thời điểm xuất", "Exported at"),
    "export.meta.sample": ("Dữ liệu mẫu", "Sample data"),
    "export.meta.sample_yes": (
        "Có: số liệu gồm cả bản ghi mẫu (dữ liệu thử), không dùng để đăng tải",
        "Yes: the figures include sample (demo) records; do not publish them",
    ),
    "export.meta.sample_no": ("Không", "No"),
    "export.meta.definitions": ("Định nghĩa", "Definitions"),
    "export.meta.columns": ("Cột {name}", "Column {name}"),
    "export.def.records": (
        "Số mô hình, điển hình: số bản ghi còn hiệu lực (không tính bản ghi đã xóa) đăng ký trong "
        "khoảng thời gian và khớp bộ lọc; mỗi mô hình (tập thể) hoặc điển hình (cá nhân) tính một.",
        "Models and exemplars: live records (deleted ones are never counted) registered in the "
        "period and matching the filters; each collective model or individual exemplar counts once.",
    ),
    "export.def.kind": (
        "Mô hình là của tập thể (đơn vị, thôn, hội); điển hình là cá nhân tiêu biểu.",
        "A model is run by a collective (a unit, village or association); an exemplar is an individual.",
    ),
    "export.def.stage": (
        "Giai đoạn: đăng ký → hiệu quả → được công nhận → tiêu biểu → được khen thưởng; mỗi bản ghi "
        "tính ở giai đoạn đã đạt.",
        "Stage: registered → effective → recognised → outstanding → awarded; each record counts at "
        "the stage it has reached.",
    ),
    "export.def.replication": (
        "Nhân rộng: bản ghi của một đơn vị áp dụng một mô hình đã có ở đơn vị khác.",
        "Replication: a record of a unit that adopted a model already existing elsewhere.",
    ),
    "export.def.unit": (
        "Đơn vị: huyện, thị xã, thành phố (hoặc cấp tỉnh) theo cách tính đơn vị đã chọn; khi một "
        "đơn vị được chia cho nhiều đơn vị mới, số đếm có thể lẻ nhưng tổng không đổi.",
        "Unit: district, town or city (or the province level) in the chosen unit view; where a unit "
        "is split between new units a count can be fractional, but totals do not change.",
    ),
    "export.def.year": ("Năm: năm đăng ký của bản ghi.", "Year: the year the record was registered."),
    # file names
    "export.slug.province": ("thanh-hoa", "thanh-hoa"),
    "export.slug.registry": ("so-dang-ky", "registry"),
    "export.slug.bundle": ("bo-bieu-do", "charts"),
    "export.slug.report": ("bao-cao", "report"),
    "export.slug.published": ("doi-chieu-so-lieu-cong-bo", "published-figures-check"),
    # README of a bundle
    "export.readme.title": (
        "Bộ biểu đồ và số liệu “Dân vận khéo” tỉnh Thanh Hóa",
        "Charts and data of the “Dân vận khéo” movement in Thanh Hóa",
    ),
    "export.readme.files": (
        "Mỗi biểu đồ có: ảnh PNG và SVG (in được), số liệu CSV (UTF-8) và XLSX (có trang Thông tin).",
        "Each chart has: PNG and SVG images (print-ready), its data as CSV (UTF-8) and XLSX (with an About sheet).",
    ),
    "export.readme.no_images": ("Không có ảnh trong gói này: {reason}", "This bundle has no images: {reason}"),
    "export.readme.charts": ("Biểu đồ", "Charts"),
    "export.partial_cell": ("chưa trọn năm: tính đến {day}", "partial year: to {day}"),
    "export.readme.sample": (
        "Lưu ý: số liệu gồm cả dữ liệu mẫu, không dùng để đăng tải.",
        "Note: the figures include sample data; do not publish them.",
    ),
    # registry export columns
    "export.col.id": ("Mã số", "ID"),
    "export.col.unit_code": ("Mã đơn vị", "Unit code"),
    "export.col.unit": ("Đơn vị", "Unit"),
    "export.col.commune": ("Xã, phường", "Commune or ward"),
    "export.col.field": ("Lĩnh vực", "Field"),
    "export.col.bloc": ("Khối", "Bloc"),
    "export.col.programme": ("Chương trình", "Programme"),
    "export.col.kind": ("Loại", "Kind"),
    "export.col.title": ("Tên mô hình, điển hình", "Title"),
    "export.col.holder": ("Tập thể, cá nhân thực hiện", "Holder"),
    "export.col.locality": ("Thôn, xã", "Village or commune"),
    "export.col.registered_on": ("Ngày đăng ký", "Registered on"),
    "export.col.year": ("Năm", "Year"),
    "export.col.stage": ("Giai đoạn", "Stage"),
    "export.col.effective_on": ("Ngày đánh giá hiệu quả", "Effective on"),
    "export.col.recognised_on": ("Ngày công nhận", "Recognised on"),
    "export.col.outstanding_on": ("Ngày chọn tiêu biểu", "Outstanding on"),
    "export.col.awarded_on": ("Ngày khen thưởng", "Awarded on"),
    "export.col.recognition_level": ("Cấp công nhận", "Recognition level"),
    "export.col.replicated_from": ("Nhân rộng từ (mã số)", "Replicated from (ID)"),
    "export.col.origin": ("Mô hình gốc (mã số)", "Origin (ID)"),
    "export.col.beneficiaries": ("Số người hưởng lợi", "Beneficiaries"),
    "export.col.funds_vnd": ("Kinh phí huy động (đồng)", "Funds mobilised (VND)"),
    "export.col.results": ("Kết quả", "Results"),
    "export.col.description": ("Mô tả", "Description"),
    "export.col.is_sample": ("Dữ liệu mẫu", "Sample"),
    "export.col.created_by": ("Người tạo", "Created by"),
    "export.col.updated_by": ("Người sửa cuối", "Last edited by"),
    "export.col.updated_at": ("Sửa lần cuối", "Last edited at"),
    "export.yes": ("có", "yes"),
    "export.no": ("không", "no"),
    # published figures
    "published.measure.total": ("Tổng số mô hình, điển hình", "Models and exemplars"),
    "published.measure.collective": ("Mô hình (tập thể)", "Models (collective)"),
    "published.measure.individual": ("Điển hình (cá nhân)", "Exemplars (individual)"),
    "published.measure.field": ("Trong lĩnh vực {field}", "In the field {field}"),
    "published.measure.awarded_collective": ("Tập thể được khen thưởng", "Collectives awarded"),
    "published.measure.awarded_individual": ("Cá nhân được khen thưởng", "Individuals awarded"),
    "published.measure.contests": ("Số cuộc thi", "Contests"),
    "published.measure.contest_units": ("Số đơn vị dự thi", "Units in contests"),
    "published.scope.province": ("Toàn tỉnh Thanh Hóa", "Thanh Hóa province"),
    "published.col.source": ("Nguồn công bố", "Published by"),
    "published.col.date": ("Ngày công bố", "Published on"),
    "published.col.scope": ("Phạm vi", "Scope"),
    "published.col.measure": ("Chỉ tiêu", "Measure"),
    "published.col.published": ("Số công bố", "Published"),
    "published.col.registry": ("Số trong sổ", "Registry"),
    "published.col.gap": ("Chênh lệch", "Gap"),
    "published.col.relative_gap": ("Chênh lệch (%)", "Gap (%)"),
    "published.col.status": ("Kết luận", "Verdict"),
    "published.status.ok": ("Khớp (trong ngưỡng cho phép)", "Matches (within tolerance)"),
    "published.status.gap": ("Chênh lệch vượt ngưỡng", "Gap above tolerance"),
    "published.status.not_tracked": ("Sổ không theo dõi chỉ tiêu này", "Not kept in the registry"),
    "published.heading": ("Đối chiếu với số liệu đã công bố", "Check against published figures"),
    "published.intro": (
        "Mỗi số liệu tỉnh đã công bố được so với số trong sổ đăng ký, đếm đến cùng ngày và cùng "
        "phạm vi. Chênh lệch âm là sổ còn thiếu bản ghi.",
        "Each figure the province has published is compared with the registry counted up to the "
        "same date and over the same scope. A negative gap means records are missing.",
    ),
    "published.tolerance": ("Ngưỡng cho phép (%)", "Tolerance (%)"),
    "published.all_ok": (
        "Mọi số liệu so sánh được đều khớp trong ngưỡng {tolerance}.",
        "Every comparable figure matches within {tolerance}.",
    ),
    "published.some_gaps": (
        "{n} số liệu chênh lệch vượt ngưỡng {tolerance}.",
        "{n} figures differ by more than {tolerance}.",
    ),
    "published.none": ("Chưa có số liệu công bố nào trong sổ.", "No published figures are recorded."),
    "published.download": ("Tải bảng đối chiếu (CSV)", "Download the check (CSV)"),
    "published.period": ("Từ {start} đến {end}", "From {start} to {end}"),
}
MESSAGES.update(
    {
        # key figures paragraph
        "keyfig.period.year": ("Năm {year}", "In {year}"),
        "keyfig.period.years": ("Từ năm {start} đến năm {end}", "From {start} to {end}"),
        "keyfig.period.days": ("Từ ngày {start} đến ngày {end}", "From {start} to {end}"),
        "keyfig.scope.province": ("toàn tỉnh", "Thanh Hóa province"),
        "keyfig.and": (" và ", " and "),
        "keyfig.none": (
            "{period}, {scope} chưa có mô hình, điển hình “Dân vận khéo” nào trong sổ đăng ký.",
            "{period}, the registry holds no “Dân vận khéo” models or exemplars for {scope}.",
        ),
        "keyfig.total": (
            "{period}, {scope} có {total} mô hình, điển hình “Dân vận khéo”, trong đó {collective} mô hình "
            "tập thể và {individual} điển hình cá nhân.",
            "{period}, {scope} had {total} “Dân vận khéo” models and exemplars: {collective} collective "
            "models and {individual} individual exemplars.",
        ),
        "keyfig.largest_field": (
            "Lĩnh vực có nhiều mô hình, điển hình nhất là {field} với {n} ({share}).",
            "The largest field was {field}, with {n} ({share}).",
        ),
        "keyfig.unit_count": ("{unit} ({n})", "{unit} ({n})"),
        "keyfig.top_units": (
            "Các đơn vị có nhiều mô hình, điển hình nhất: {units}.",
            "The units with the most were {units}.",
        ),
        "keyfig.replications": (
            "Có {n} mô hình, điển hình được nhân rộng từ đơn vị khác ({share}).",
            "Of these, {n} were replications of a model from another unit ({share}).",
        ),
        "keyfig.change_up": (
            "Năm {year} có {n} mô hình, điển hình, tăng {pct} so với năm {before}.",
            "{year} saw {n}, up {pct} on {before}.",
        ),
        "keyfig.change_down": (
            "Năm {year} có {n} mô hình, điển hình, giảm {pct} so với năm {before}.",
            "{year} saw {n}, down {pct} on {before}.",
        ),
        "keyfig.change_same": (
            "Năm {year} có {n} mô hình, điển hình, bằng năm {before}.",
            "{year} saw {n}, the same as {before}.",
        ),
        "keyfig.filters": ("Phạm vi số liệu: {filters}.", "Figures for: {filters}."),
    }
)
MESSAGES.update(
    {
        # periodic report
        "report.title": (
            "Báo cáo kết quả phong trào thi đua “Dân vận khéo” tỉnh Thanh Hóa",
            "Report on the “Dân vận khéo” emulation movement in Thanh Hóa",
        ),
        "report.period": ("Kỳ báo cáo: từ ngày {start} đến ngày {end}", "Period: {start} to {end}"),
        "report.total": ("Tổng cộng", "Total"),
        "report.sheet.unit_field": ("Đơn vị - lĩnh vực", "Unit by field"),
        "report.sheet.unit_field.title": (
            "Số mô hình, điển hình theo đơn vị và lĩnh vực",
            "Models and exemplars by unit and field",
        ),
        "report.sheet.stage": ("Giai đoạn", "Stage"),
        "report.sheet.stage.title": ("Số mô hình, điển hình theo giai đoạn", "Models and exemplars by stage"),
        "report.sheet.kind": ("Tập thể - cá nhân", "Collective, individual"),
        "report.sheet.kind.title": (
            "Mô hình tập thể và điển hình cá nhân theo năm",
            "Collective models and individual exemplars by year",
        ),
        "report.sheet.replication": ("Nhân rộng", "Replication"),
        "report.sheet.replication.title": ("Nhân rộng mô hình theo năm", "Replication of models by year"),
        "report.sheet.programmes": ("Chương trình", "Programmes"),
        "report.sheet.programmes.title": ("Độ bao phủ của chương trình theo đơn vị", "Programme coverage by unit"),
        "report.sheet.published": ("Đối chiếu công bố", "Published figures"),
        "report.sheet.published.title": ("Đối chiếu với số liệu đã công bố", "Check against published figures"),
        "report.sheet.notable": ("Mô hình mới tiêu biểu", "Notable new records"),
        "report.sheet.notable.title": (
            "Mô hình, điển hình mới đăng ký trong kỳ đã được chọn tiêu biểu, khen thưởng hoặc công nhận cấp tỉnh",
            "New records of the period that became outstanding, were awarded or were recognised at province level",
        ),
        "report.col.code": ("Mã", "Code"),
        "report.col.unit": ("Đơn vị", "Unit"),
        "report.col.total": ("Tổng số", "Total"),
        "report.col.stage": ("Giai đoạn", "Stage"),
        "report.col.at_stage": ("Đang ở giai đoạn", "At this stage"),
        "report.col.reached": ("Đã đạt giai đoạn này trở lên", "Reached this stage or later"),
        "report.col.year": ("Năm", "Year"),
        "report.col.originals": ("Mô hình mới (không nhân rộng)", "New (not replications)"),
        "report.col.replications": ("Nhân rộng từ đơn vị khác", "Replications"),
        "report.col.origin_id": ("Mã mô hình gốc", "Origin ID"),
        "report.col.title": ("Tên mô hình gốc", "Origin title"),
        "report.col.copies": ("Số lần được nhân rộng trong kỳ", "Copies in the period"),
        "report.col.programme": ("Chương trình", "Programme"),
        "report.col.units_covered": ("Số đơn vị có mô hình", "Units covered"),
        "report.col.units_total": ("Tổng số đơn vị", "Units"),
        "report.col.coverage": ("Tỷ lệ bao phủ (%)", "Coverage (%)"),
        "report.col.period": ("Kỳ báo cáo", "Period"),
        "report.top_replicated": ("Các mô hình được nhân rộng nhiều nhất", "Most replicated models"),
        "report.coverage": (
            "Tỷ lệ đơn vị cấp huyện có mô hình của chương trình",
            "Share of district-level units covered",
        ),
        "report.note.stage": (
            "Mỗi bản ghi tính một lần, ở giai đoạn đã đạt; cột cuối là số đã đạt giai đoạn đó trở lên.",
            "Each record counts once, at the stage it has reached; the last column counts records "
            "that reached that stage or a later one.",
        ),
        "report.note.replication": (
            "Nhân rộng: đơn vị áp dụng mô hình đã có ở đơn vị khác.",
            "Replication: a unit adopting a model that already exists elsewhere.",
        ),
        "report.note.programmes": (
            "Số mô hình gắn với từng chương trình, theo đơn vị.",
            "Models tagged with each programme, by unit.",
        ),
        "report.note.published": (
            "Số trong sổ đếm đến cùng ngày, cùng phạm vi với số công bố; ngưỡng cho phép {tolerance}.",
            "The registry counted up to the same date and scope as each published figure; tolerance {tolerance}.",
        ),
        "report.note.notable": (
            "Tối đa {n} bản ghi, giai đoạn cao nhất trước, mới nhất trước.",
            "At most {n} records, highest stage first, newest first.",
        ),
        "report.download": ("Tải báo cáo định kỳ (XLSX)", "Download the periodic report (XLSX)"),
    }
)
MESSAGES.update(
    {
        # CLI
        "export.cli.out_required": (
            "Thiếu --out: hãy cho biết tệp cần ghi.",
            "--out is missing: name the file to write.",
        ),
        "export.cli.bad_suffix": ("Tệp “{path}” phải có đuôi {suffixes}.", "The file “{path}” must end in {suffixes}."),
        "export.cli.no_folder": ("Thư mục “{path}” không tồn tại.", "The folder “{path}” does not exist."),
        "export.cli.one_mode": (
            "Chỉ chọn một trong --list, --bundle, --registry.",
            "Choose only one of --list, --bundle, --registry.",
        ),
        "export.cli.chart_required": (
            "Thiếu --chart (xem “export --list”), hoặc dùng --bundle, --registry.",
            "--chart is missing (see “export --list”), or use --bundle or --registry.",
        ),
        "export.cli.no_charts": (
            "Chưa có biểu đồ nào (mô-đun biểu đồ của bảng điều khiển chưa được cài).",
            "No charts are available (the dashboard's chart module is not installed).",
        ),
        "export.cli.done": ("Đã ghi {path} ({size} byte).", "Wrote {path} ({size} bytes)."),
        "export.cli.bundle_done": (
            "Đã ghi {path}: {n} biểu đồ trong {seconds} giây.",
            "Wrote {path}: {n} charts in {seconds} s.",
        ),
        "export.cli.no_images": ("Gói không có ảnh: {reason}", "The bundle has no images: {reason}"),
        "export.cli.bad_tolerance": (
            "Ngưỡng “{value}” không hợp lệ; ghi 0.02 hoặc 2%.",
            "Tolerance “{value}” is not valid; write 0.02 or 2%.",
        ),
    }
)
MESSAGES.update(
    {
        # headings of chart data columns
        "export.colname.year": ("Năm", "Year"),
        "export.colname.year_note": ("Ghi chú năm", "Year note"),
        "export.colname.until": ("So sánh cùng kỳ đến ngày", "Same period to"),
        "export.colname.n": ("Số mô hình, điển hình", "Models and exemplars"),
        "export.colname.code": ("Mã", "Code"),
        "export.colname.label": ("Nhóm", "Group"),
        "export.colname.stage": ("Giai đoạn (mã)", "Stage (code)"),
        "export.colname.unit_code": ("Mã đơn vị", "Unit code"),
        "export.colname.unit": ("Đơn vị", "Unit"),
        "export.colname.communes": ("Số xã, phường, thị trấn", "Communes"),
        "export.colname.in_view": ("Có trong cách tính đơn vị", "In the unit view"),
        "export.colname.per_commune": ("Bình quân mỗi xã", "Per commune"),
        "export.colname.previous": ("Năm trước", "Year before"),
        "export.colname.growth": ("Tăng trưởng (tỷ lệ)", "Growth (ratio)"),
        "export.colname.cumulative": ("Cộng dồn", "Cumulative"),
        "export.colname.units": ("Số đơn vị", "Units"),
        "export.colname.units_total": ("Tổng số đơn vị", "Units in total"),
        "export.colname.share": ("Tỷ lệ", "Share"),
        "export.colname.origin_id": ("Mã mô hình gốc", "Origin ID"),
        "export.colname.title": ("Tên mô hình", "Title"),
        "export.colname.copies": ("Số lần nhân rộng", "Copies"),
        "export.colname.origin_code": ("Mã đơn vị gốc", "Origin unit code"),
        "export.colname.origin": ("Đơn vị gốc", "Origin unit"),
        "export.colname.target_code": ("Mã đơn vị áp dụng", "Adopting unit code"),
        "export.colname.target": ("Đơn vị áp dụng", "Adopting unit"),
        "export.colname.bucket": ("Khoảng (mã)", "Bucket (code)"),
        "export.colname.families": ("Số mô hình gốc", "Families"),
        "export.colname.programme": ("Chương trình", "Programme"),
        "export.colname.programme_code": ("Chương trình (mã)", "Programme (code)"),
        "export.colname.field_code": ("Lĩnh vực (mã)", "Field (code)"),
        "export.colname.field": ("Lĩnh vực", "Field"),
        "export.colname.bloc_code": ("Khối (mã)", "Bloc (code)"),
        "export.colname.bloc": ("Khối", "Bloc"),
        "export.colname.kind": ("Loại (mã)", "Kind (code)"),
        "export.colname.kind_name": ("Loại", "Kind"),
        "export.colname.stage_name": ("Giai đoạn", "Stage"),
        "export.colname.bucket_name": ("Khoảng thời gian", "Time span"),
    }
)
MESSAGES.update(
    {
        # export page
        "exportpage.heading": ("Xuất số liệu cho báo chí và báo cáo", "Exports for the press and reports"),
        "exportpage.intro": (
            "Mọi tệp dùng bộ lọc đang chọn ở thanh bên và ghi rõ nguồn, ngày số liệu.",
            "Every file uses the filters chosen in the sidebar and states the source and the as-of date.",
        ),
        "exportpage.keyfig.heading": ("Số liệu chính (đoạn văn dùng ngay)", "Key figures (ready to paste)"),
        "exportpage.keyfig.hint": (
            "Sao chép bằng nút ở góc khung. Mọi con số khớp với biểu đồ.",
            "Copy with the button in the corner. Every number equals the charts'.",
        ),
        "exportpage.bundle.heading": ("Gói biểu đồ (ZIP)", "Chart bundle (ZIP)"),
        "exportpage.bundle.charts": ("Biểu đồ trong gói", "Charts in the bundle"),
        "exportpage.bundle.download": ("Tải gói {n} biểu đồ", "Download {n} charts"),
        "exportpage.size": ("Cỡ ảnh", "Image size"),
        "exportpage.size.landscape": ("Ngang 1200×675", "Landscape 1200×675"),
        "exportpage.size.square": ("Vuông 1080×1080", "Square 1080×1080"),
        "exportpage.chart.heading": ("Một biểu đồ", "One chart"),
        "exportpage.chart.pick": ("Biểu đồ", "Chart"),
        "exportpage.format.png": ("Ảnh PNG", "PNG image"),
        "exportpage.format.svg": ("Ảnh SVG", "SVG image"),
        "exportpage.format.csv": ("Số liệu CSV", "CSV data"),
        "exportpage.format.xlsx": ("Số liệu Excel", "Excel data"),
        "exportpage.registry.heading": ("Toàn bộ sổ đăng ký", "The whole registry"),
        "exportpage.registry.hint": (
            "Các bản ghi khớp bộ lọc (không gồm bản ghi đã xóa).",
            "The records matching the filters (deleted records never).",
        ),
        "exportpage.registry.csv": ("Tải CSV", "Download CSV"),
        "exportpage.registry.xlsx": ("Tải Excel", "Download Excel"),
        "exportpage.report.heading": ("Báo cáo định kỳ gửi Ban Thường vụ", "Periodic report to the Standing Committee"),
        "exportpage.report.from": ("Từ ngày", "From"),
        "exportpage.report.until": ("Đến ngày", "Until"),
        "exportpage.report.bad_range": ("Ngày bắt đầu sau ngày kết thúc.", "The start is after the end."),
    }
)
