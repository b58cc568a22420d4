"""Strings of the report to the Standing Committee as a Word document (registry/exports/party_*.py)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the heading block, by who issues it
    "party.head.party": ("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIET NAM"),
    "party.head.province": ("ĐẢNG BỘ TỈNH THANH HÓA", "THANH HÓA PROVINCIAL PARTY ORGANISATION"),
    "party.head.huyen": ("ĐẢNG BỘ HUYỆN {name}", "{name} DISTRICT PARTY ORGANISATION"),
    "party.head.thi_xa": ("ĐẢNG BỘ THỊ XÃ {name}", "{name} TOWN PARTY ORGANISATION"),
    "party.head.thanh_pho": ("ĐẢNG BỘ THÀNH PHỐ {name}", "{name} CITY PARTY ORGANISATION"),
    "party.issuer.huyen": ("BAN DÂN VẬN HUYỆN ỦY", "DISTRICT MASS MOBILISATION COMMISSION"),
    "party.issuer.thi_xa": ("BAN DÂN VẬN THỊ ỦY", "TOWN MASS MOBILISATION COMMISSION"),
    "party.issuer.thanh_pho": ("BAN DÂN VẬN THÀNH ỦY", "CITY MASS MOBILISATION COMMISSION"),
    "party.issuer.xa": ("ĐẢNG ỦY XÃ {name}", "{name} COMMUNE PARTY COMMITTEE"),
    "party.issuer.phuong": ("ĐẢNG ỦY PHƯỜNG {name}", "{name} WARD PARTY COMMITTEE"),
    "party.board.huyen": ("Ban Dân vận Huyện ủy {name}", "the {name} District Mass Mobilisation Commission"),
    "party.board.thi_xa": ("Ban Dân vận Thị ủy {name}", "the {name} Town Mass Mobilisation Commission"),
    "party.board.thanh_pho": ("Ban Dân vận Thành ủy {name}", "the {name} City Mass Mobilisation Commission"),
    "party.board.xa": ("Đảng ủy xã {name}", "the {name} Commune Party Committee"),
    "party.board.phuong": ("Đảng ủy phường {name}", "the {name} Ward Party Committee"),
    "party.committee.huyen": ("Huyện ủy", "District Party Committee"),
    "party.committee.thi_xa": ("Thị ủy", "Town Party Committee"),
    "party.committee.thanh_pho": ("Thành ủy", "City Party Committee"),
    "party.symbol.huyen": ("BDVHU", "BDVHU"),
    "party.symbol.thi_xa": ("BDVTU", "BDVTU"),
    "party.symbol.thanh_pho": ("BDVTU", "BDVTU"),
    "party.symbol.commune": ("ĐU", "ĐU"),
    "party.place.province": ("Thanh Hóa", "Thanh Hóa"),
    "party.number": ("Số …-BC/{symbol}", "No. …-BC/{symbol}"),
    "party.date": ("{place}, ngày {d} tháng {m} năm {y}", "{place}, {y}-{m}-{d}"),
    "party.to.standing": ("Ban Thường vụ Tỉnh ủy", "the Standing Committee of the Provincial Party Committee"),
    "party.sample": (
        "DỮ LIỆU MẪU: số liệu trong báo cáo này gồm cả bản ghi mẫu (dữ liệu thử), không dùng để ban hành",
        "SAMPLE DATA: the figures in this report include sample (demo) records; do not issue it",
    ),
    "party.title": ("BÁO CÁO", "REPORT"),
    "party.summary": (
        "kết quả thực hiện phong trào thi đua “Dân vận khéo” {period}",
        "on the “Dân vận khéo” emulation movement {period}",
    ),
    "party.period": ("từ ngày {start} đến ngày {end}", "from {start} to {end}"),
    "party.span": ("{start}–{end}", "{start}–{end}"),
    "party.slug": ("bao-cao-ban-thuong-vu", "report-standing-committee"),
    # signature and recipients
    "party.recipients": ("Nơi nhận:", "To:"),
    "party.recipients.province": (
        "- Thường trực Tỉnh ủy (để báo cáo),\n- Ban Thường vụ Tỉnh ủy (để báo cáo),\n- Lưu Văn phòng.",
        "- Permanent Board of the Provincial Party Committee (for reporting),\n"
        "- Standing Committee of the Provincial Party Committee (for reporting),\n- Office file.",
    ),
    "party.recipients.district": (
        "- {board} (để báo cáo),\n- Ban Thường vụ {committee} (để báo cáo),\n- Lưu.",
        "- {board} (for reporting),\n- Standing Committee of the {committee} (for reporting),\n- File.",
    ),
    "party.recipients.commune": (
        "- {board} (để báo cáo),\n- Lưu Văn phòng Đảng ủy.",
        "- {board} (for reporting),\n- Party Committee office file.",
    ),
    "party.sign.board_head": ("TRƯỞNG BAN", "HEAD OF THE COMMISSION"),
    "party.sign.for_committee": ("T/M ĐẢNG ỦY", "FOR THE PARTY COMMITTEE"),
    "party.sign.secretary": ("BÍ THƯ", "SECRETARY"),
    "party.sign.name": ("……………………………", "……………………………"),
    "party.source": (
        "Nguồn: {board}, Sổ đăng ký mô hình, điển hình “Dân vận khéo”. Số liệu tính đến ngày {date}.",
        "Source: {board}, registry of “Dân vận khéo” models and exemplars. Data as of {date}.",
    ),
    # the opening
    "party.opening": (
        "Thực hiện Công văn số 1470-CV/TU ngày 22/02/2024 của Ban Thường vụ Tỉnh ủy (điểm 10) về báo cáo "
        "định kỳ kết quả thực hiện phong trào thi đua “Dân vận khéo”, {board} báo cáo {to} kết quả {period} "
        "như sau:",
        "Under dispatch 1470-CV/TU of 22/02/2024 of the Standing Committee of the Provincial Party Committee "
        "(point 10) on periodic reports on the “Dân vận khéo” emulation movement, {board} reports to {to} the "
        "results {period} as follows:",
    ),
    "party.partial": (
        "Kỳ báo cáo (đến ngày {end}) chưa kết thúc: số liệu tính đến ngày {day}.",
        "The period (to {end}) is not over: the figures run to {day}.",
    ),
    "party.filters": ("Phạm vi số liệu: {filters}.", "Scope of the figures: {filters}."),
    # I. general
    "party.h.general": ("I. KẾT QUẢ CHUNG", "I. OVERALL RESULTS"),
    "party.h.reported": ("1. Số liệu do các đơn vị báo cáo", "1. Figures as the units reported them"),
    "party.h.recorded": ("2. Số liệu ghi nhận trong Sổ đăng ký", "2. Figures as recorded in the registry"),
    "party.reported.none": (
        "Chưa có báo cáo đã được duyệt của các đơn vị cho kỳ này; số liệu dưới đây là số liệu ghi nhận trong Sổ đăng ký.",
        "No approved unit report covers this period yet; the figures below are those recorded in the registry.",
    ),
    "party.reported.total": (
        "Theo báo cáo của các đơn vị (số liệu đơn vị báo cáo, kỳ {span}), có {total} mô hình, điển hình “Dân vận "
        "khéo”, trong đó {collective} mô hình tập thể và {individual} điển hình cá nhân; {units}/{expected} đơn vị "
        "đã có báo cáo.",
        "As the units reported them (period {span}), there are {total} “Dân vận khéo” models and exemplars: "
        "{collective} collective models and {individual} individual exemplars; {units} of {expected} units have "
        "reported.",
    ),
    "party.reported.total_own": (
        "Theo báo cáo của đơn vị (số liệu đơn vị báo cáo, kỳ {span}), có {total} mô hình, điển hình “Dân vận "
        "khéo”, trong đó {collective} mô hình tập thể và {individual} điển hình cá nhân.",
        "As the unit reported them (period {span}), there are {total} “Dân vận khéo” models and exemplars: "
        "{collective} collective models and {individual} individual exemplars.",
    ),
    "party.recorded.total": (
        "Theo Sổ đăng ký (số liệu ghi nhận), có {total} mô hình, điển hình được xây dựng và nhân rộng, trong đó "
        "{collective} mô hình tập thể và {individual} điển hình cá nhân.",
        "As recorded in the registry, {total} models and exemplars were built and replicated: {collective} "
        "collective models and {individual} individual exemplars.",
    ),
    "party.table.compare": ("Số liệu đơn vị báo cáo và số liệu ghi nhận", "Figures as reported and as recorded"),
    "party.col.figure": ("Chỉ tiêu", "Figure"),
    "party.col.reported": ("Đơn vị báo cáo", "As reported"),
    "party.col.recorded": ("Sổ đăng ký ghi nhận", "As recorded"),
    "party.row.total": ("Tổng số mô hình, điển hình", "Models and exemplars"),
    "party.row.replicated": ("Nhân rộng", "Replications"),
    "party.row.sum": ("Tổng cộng", "Total"),
    "party.compare.note": (
        "Số liệu đơn vị báo cáo là tổng hợp các báo cáo đã được duyệt (không tính trùng cấp trên và cấp dưới); "
        "số liệu ghi nhận là các mô hình, điển hình đã nhập vào Sổ đăng ký. Dấu “–” là chỉ tiêu báo cáo không nêu.",
        "Figures as reported sum the approved reports (never a unit and its parts twice); figures as recorded "
        "count the models and exemplars entered in the registry. “–” marks a figure the reports do not give.",
    ),
    # II. breakdown
    "party.h.breakdown": (
        "II. THEO LĨNH VỰC, LOẠI HÌNH, KHỐI VÀ GIAI ĐOẠN",
        "II. BY FIELD, KIND, BLOC AND STAGE",
    ),
    "party.h.by_field": ("1. Theo lĩnh vực", "1. By field"),
    "party.by_field": ("Theo lĩnh vực (số liệu ghi nhận): {items}.", "By field (as recorded): {items}."),
    "party.item": ("{name} {n} ({share})", "{name} {n} ({share})"),
    "party.item_plain": ("{name} {n}", "{name} {n}"),
    "party.table.field": (
        "Mô hình, điển hình theo lĩnh vực (số liệu ghi nhận)",
        "Models and exemplars by field (as recorded)",
    ),
    "party.col.field": ("Lĩnh vực", "Field"),
    "party.col.count": ("Số lượng", "Number"),
    "party.col.share": ("Tỷ lệ", "Share"),
    "party.chart.field": ("Mô hình, điển hình theo lĩnh vực và năm", "Models and exemplars by field and year"),
    "party.h.by_kind": ("2. Theo loại hình", "2. By kind"),
    "party.by_kind": (
        "Mô hình tập thể: {collective} ({collective_share}); điển hình cá nhân: {individual} ({individual_share}).",
        "Collective models: {collective} ({collective_share}); individual exemplars: {individual} ({individual_share}).",
    ),
    "party.h.by_bloc": ("3. Theo khối", "3. By bloc"),
    "party.state_share": (
        "Thực hiện chủ đề năm 2024 “Năm đẩy mạnh công tác dân vận của cơ quan nhà nước và chính quyền các cấp”, "
        "khối chính quyền có {n} mô hình, điển hình, chiếm {share} tổng số.",
        "Under the 2024 theme (mass-mobilisation work in state agencies and authorities at all levels), the state "
        "bloc holds {n} models and exemplars, {share} of the total.",
    ),
    "party.table.bloc": (
        "Mô hình, điển hình theo khối (số liệu ghi nhận)",
        "Models and exemplars by bloc (as recorded)",
    ),
    "party.col.bloc": ("Khối", "Bloc"),
    "party.chart.bloc": ("Mô hình, điển hình theo khối và năm", "Models and exemplars by bloc and year"),
    "party.chart.funnel": (
        "Mô hình, điển hình đã đạt từng giai đoạn",
        "Models and exemplars that reached each stage",
    ),
    "party.h.by_stage": ("4. Theo giai đoạn", "4. By stage"),
    "party.by_stage": (
        "Theo giai đoạn hiện tại (số liệu ghi nhận): {items}.",
        "By current stage (as recorded): {items}.",
    ),
    "party.table.stage": (
        "Mô hình, điển hình theo giai đoạn (số liệu ghi nhận)",
        "Models and exemplars by stage (as recorded)",
    ),
    "party.col.stage": ("Giai đoạn", "Stage"),
    "party.reported.stages": ("Theo báo cáo của các đơn vị: {items}.", "As the units reported them: {items}."),
    # III. growth
    "party.h.growth": ("III. TĂNG TRƯỞNG SO VỚI CÙNG KỲ", "III. GROWTH ON THE SAME PERIOD BEFORE"),
    "party.growth.up": (
        "Trong kỳ ({span}) có {now} mô hình, điển hình, tăng {pct} so với cùng kỳ ({before_span}: {before}).",
        "In the period ({span}) there are {now} models and exemplars, up {pct} on the same period before ({before_span}: {before}).",
    ),
    "party.growth.down": (
        "Trong kỳ ({span}) có {now} mô hình, điển hình, giảm {pct} so với cùng kỳ ({before_span}: {before}).",
        "In the period ({span}) there are {now} models and exemplars, down {pct} on the same period before ({before_span}: {before}).",
    ),
    "party.growth.same": (
        "Trong kỳ ({span}) có {now} mô hình, điển hình, bằng cùng kỳ ({before_span}: {before}).",
        "In the period ({span}) there are {now} models and exemplars, as many as in the same period before ({before_span}: {before}).",
    ),
    "party.growth.none": (
        "Trong kỳ ({span}) có {now} mô hình, điển hình; cùng kỳ ({before_span}) Sổ đăng ký chưa ghi nhận mô hình nào để so sánh.",
        "In the period ({span}) there are {now} models and exemplars; the registry holds none for the same period before ({before_span}) to compare.",
    ),
    "party.growth.new_unit": (
        "Trong kỳ ({span}) có {now} mô hình, điển hình. Đơn vị được thành lập từ ngày {since} nên chưa có số liệu "
        "cùng kỳ ({before_span}) để so sánh.",
        "In the period ({span}) there are {now} models and exemplars. The unit was formed on {since}, so there is "
        "no same period before ({before_span}) to compare.",
    ),
    "party.chart.year": ("Mô hình, điển hình theo năm", "Models and exemplars by year"),
    # IV. replication
    "party.h.replication": ("IV. NHÂN RỘNG MÔ HÌNH", "IV. REPLICATION"),
    "party.replication": (
        "Có {n} mô hình, điển hình được nhân rộng từ mô hình đã có ở đơn vị khác, chiếm {share} tổng số (số liệu ghi nhận).",
        "{n} models and exemplars were replicated from a model that existed elsewhere, {share} of the total (as recorded).",
    ),
    "party.replication.reported": (
        "Theo báo cáo của các đơn vị: {n} mô hình được nhân rộng.",
        "As the units reported them: {n} replications.",
    ),
    "party.replication.top": ("Các mô hình được nhân rộng nhiều nhất:", "The most replicated models:"),
    "party.replication.item": (
        "“{title}” ({unit}, {year}): {n} lượt nhân rộng;",
        "“{title}” ({unit}, {year}): {n} copies;",
    ),
    # V. programme
    "party.h.programme": (
        "V. MÔ HÌNH “CHÍNH QUYỀN THÂN THIỆN, VÌ NHÂN DÂN PHỤC VỤ”",
        "V. THE “FRIENDLY GOVERNMENT SERVING THE PEOPLE” PROGRAMME",
    ),
    "party.programme.coverage": (
        "Có {n} mô hình thuộc chương trình “{name}”, có mặt ở {covered}/{units} đơn vị (số liệu ghi nhận).",
        "{n} models belong to the “{name}” programme, present in {covered} of {units} units (as recorded).",
    ),
    "party.programme": (
        "Có {n} mô hình thuộc chương trình “{name}” (số liệu ghi nhận).",
        "{n} models belong to the “{name}” programme (as recorded).",
    ),
    "party.programme.none": (
        "Trong kỳ chưa có mô hình nào thuộc chương trình “{name}” (số liệu ghi nhận).",
        "No model of the period belongs to the “{name}” programme (as recorded).",
    ),
    # VI. reporting
    "party.h.reporting": ("VI. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", "VI. WHICH UNITS REPORTED"),
    "party.reporting.not_due": (
        "Kỳ báo cáo chưa kết thúc, chưa đến hạn các đơn vị gửi báo cáo.",
        "The period is not over: the units' reports are not due yet.",
    ),
    "party.reporting.summary": (
        "Kỳ {span} (hạn gửi {due}): {expected} đơn vị phải báo cáo; {on_time} đơn vị báo cáo đúng hạn, {late} đơn vị "
        "báo cáo muộn, {missing} đơn vị chưa báo cáo.",
        "Period {span} (due {due}): {expected} units were to report; {on_time} reported on time, {late} late, "
        "{missing} have not reported.",
    ),
    "party.reporting.late_list": ("Đơn vị báo cáo muộn: {units}.", "Reported late: {units}."),
    "party.reporting.missing_list": ("Đơn vị chưa báo cáo: {units}.", "Not reported: {units}."),
    "party.table.reporting": ("Tình hình gửi báo cáo theo kỳ", "Reports received by period"),
    "party.col.period": ("Kỳ báo cáo", "Period"),
    "party.col.on_time": ("Đúng hạn", "On time"),
    "party.col.late": ("Muộn", "Late"),
    "party.col.missing": ("Chưa báo cáo", "Missing"),
    "party.col.expected": ("Phải báo cáo", "Expected"),
    # VII. notable
    "party.h.notable": ("VII. MỘT SỐ MÔ HÌNH, ĐIỂN HÌNH TIÊU BIỂU", "VII. SOME OUTSTANDING MODELS AND EXEMPLARS"),
    "party.notable.intro": ("Nổi bật như là:", "Notable among them:"),
    "party.notable.item": (
        "Mô hình “{title}” của {holder}, {unit} (lĩnh vực {field}; {stage}, năm {year});",
        "“{title}” by {holder}, {unit} ({field}; {stage}, {year});",
    ),
    "party.notable.none": (
        "Trong kỳ chưa có mô hình, điển hình được chọn là tiêu biểu hoặc được khen thưởng.",
        "No model or exemplar of the period was selected as outstanding or awarded.",
    ),
    # the export page
    "party.download": ("Báo cáo Word gửi Ban Thường vụ (DOCX)", "Word report to the Standing Committee (DOCX)"),
    "party.download.no_charts": (
        "Máy chủ chưa có Chromium: báo cáo Word sẽ không có biểu đồ (vẫn có bảng số liệu).",
        "No Chromium on the server: the Word report will have no charts (its tables are there).",
    ),
    # tables and charts
    "party.table.caption": ("Bảng {n}. {title}", "Table {n}. {title}"),
    "party.chart.caption": ("Hình {n}. {title}", "Figure {n}. {title}"),
    "party.chart.missing": ("(Chưa chèn được biểu đồ: {reason})", "(The chart could not be drawn: {reason})"),
}
