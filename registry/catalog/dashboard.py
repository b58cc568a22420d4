"""Strings of the dashboard pages."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("Dân vận khéo Thanh Hóa", "Skillful Mass Mobilisation, Thanh Hóa"),
    "ui.language": ("Ngôn ngữ", "Language"),
    "nav.overview": ("Tổng quan", "Overview"),
    "overview.heading": (
        "Phong trào thi đua “Dân vận khéo” tỉnh Thanh Hóa",
        "The “Dân vận khéo” movement in Thanh Hóa",
    ),
    "overview.total": ("Tổng số mô hình, điển hình", "Models and exemplars"),
    "overview.empty": ("Sổ đăng ký chưa có bản ghi nào.", "The registry has no records yet."),
}
MESSAGES.update(
    {
        "auth.forbidden": ("Bạn không có quyền xem trang này.", "You are not allowed to see this page."),
    }
)
MESSAGES.update(
    {
        "nav.number": ("Số lượng", "Number"),
        "nav.spread": ("Phân bố", "Spread"),
        "nav.replication": ("Nhân rộng", "Replication"),
        "nav.browse": ("Tra cứu", "Browse"),
        "nav.entry": ("Nhập mô hình", "Enter a model"),
        "nav.import": ("Nhập từ Excel", "Import from Excel"),
        "nav.review": ("Xét duyệt", "Review"),
        "nav.export": ("Xuất số liệu", "Exports"),
        "nav.published": ("Đối chiếu số liệu công bố", "Published figures"),
        "nav.admin": ("Quản trị", "Administration"),
        "nav.section.charts": ("Biểu đồ", "Charts"),
        "nav.section.staff": ("Cập nhật dữ liệu", "Data entry"),
        "nav.section.press": ("Báo chí, báo cáo", "Press and reports"),
        "nav.section.admin": ("Quản trị", "Administration"),
    }
)
MESSAGES.update(
    {
        # the key-figures paragraph (registry/exports/keyfigures.py) when sample rows are counted
        "keyfig.sample": ("(dữ liệu mẫu)", "(sample data)"),
        # a partial last year in the key-figures paragraph (registry/exports/keyfigures.py)
        "keyfig.period.year_partial": ("Năm {year} (đến {day})", "In {year} (to {day})"),
        "keyfig.period.years_partial": ("Từ năm {start} đến ngày {end}", "From {start} to {end}"),
        "keyfig.part.months": ("{months} tháng đầu năm {year}", "The first {months} months of {year}"),
        "keyfig.part.days": ("Từ đầu năm đến ngày {day}", "The year to {day}"),
        "keyfig.change_part_up": (
            "{head} có {n} mô hình, điển hình, tăng {pct} so với cùng kỳ năm {before}.",
            "{head} saw {n}, up {pct} on the same period of {before}.",
        ),
        "keyfig.change_part_down": (
            "{head} có {n} mô hình, điển hình, giảm {pct} so với cùng kỳ năm {before}.",
            "{head} saw {n}, down {pct} on the same period of {before}.",
        ),
        "keyfig.change_part_same": (
            "{head} có {n} mô hình, điển hình, bằng cùng kỳ năm {before}.",
            "{head} saw {n}, the same as the same period of {before}.",
        ),
        "keyfig.partial_only": (
            "Số liệu năm {year} tính đến ngày {day}, chưa trọn năm.",
            "The figures for {year} run to {day}: the year is not complete.",
        ),
    }
)
# --------------------------------------------------------------------------- dashboard pages
MESSAGES.update(
    {
        # filters
        "filters.heading": ("Bộ lọc", "Filters"),
        "filters.period": ("Giai đoạn (năm đăng ký)", "Period (year registered)"),
        "filters.fields": ("Lĩnh vực", "Fields"),
        "filters.kinds": ("Loại", "Kinds"),
        "filters.blocs": ("Khối", "Blocs"),
        "filters.units": ("Đơn vị", "Units"),
        "filters.stages": ("Giai đoạn xét chọn", "Stages"),
        "filters.programme": ("Chương trình", "Programme"),
        "filters.sample": ("Gồm dữ liệu mẫu", "Include sample data"),
        "filters.view": ("Cách tính đơn vị", "Unit view"),
        "filters.all": ("Tất cả", "All"),
        "filters.reset": ("Đặt lại bộ lọc", "Reset filters"),
        "filters.year_2024": ("2024 – Năm dân vận chính quyền", "2024 – Year of government mass mobilisation"),
        "filters.year_2024_help": (
            "Chỉ xem năm 2024, “Năm dân vận chính quyền”",
            "Show 2024 only, the “Year of government mass mobilisation”",
        ),
        "filters.bad_value": (
            "Đã bỏ qua giá trị không hợp lệ trong đường dẫn: {values}",
            "Ignored invalid values in the link: {values}",
        ),
        "filters.link_hint": (
            "Đường dẫn trên thanh địa chỉ giữ nguyên bộ lọc này: có thể gửi cho người khác.",
            "The address in the browser keeps these filters: you can send it to others.",
        ),
        "filters.desc.period": ("{period}", "{period}"),
        "filters.desc.more": ("và {n} mục khác", "and {n} more"),
        "filters.desc.all": ("mọi lĩnh vực, loại, khối, đơn vị", "all fields, kinds, blocs and units"),
        "filters.desc.with_sample": ("gồm dữ liệu mẫu", "sample data included"),
        "filters.desc.no_sample": ("không gồm dữ liệu mẫu", "sample data left out"),
        # common chart words
        "chart.no_data": ("Không có bản ghi nào với bộ lọc này", "No records match these filters"),
        "chart.no_data_hint": ("Hãy mở rộng giai đoạn hoặc bỏ bớt bộ lọc.", "Widen the period or remove some filters."),
        "chart.records": ("Số mô hình, điển hình", "Models and exemplars"),
        "chart.hover.records": ("mô hình, điển hình", "models and exemplars"),
        "chart.open": ("Xem chi tiết", "See more"),
        "chart.year_partial": ("{year} (đến {day})", "{year} (to {day})"),
        # number
        "chart.by_year.name": ("Số mô hình, điển hình theo năm", "Models and exemplars per year"),
        "chart.by_year.title": ("Năm {year} có {n} mô hình, điển hình", "{n} models and exemplars in {year}"),
        "chart.by_year.title_up": (
            "Năm {year} có {n} mô hình, điển hình, tăng {pct} so với {prev}",
            "{n} models and exemplars in {year}, up {pct} on {prev}",
        ),
        "chart.by_year.title_down": (
            "Năm {year} có {n} mô hình, điển hình, giảm {pct} so với {prev}",
            "{n} models and exemplars in {year}, down {pct} on {prev}",
        ),
        "chart.by_year.title_partial": (
            "Năm {year} có {n} mô hình, điển hình; năm chưa kết thúc",
            "{n} models and exemplars in {year}; the year is not over",
        ),
        "chart.by_field.name": ("Theo năm và lĩnh vực", "Per year, by field"),
        "chart.by_field.title": (
            "{name} chiếm {share} mô hình, điển hình năm {year}",
            "{name} accounts for {share} of models and exemplars in {year}",
        ),
        "chart.by_kind.name": ("Theo năm và loại", "Per year, by kind"),
        "chart.by_kind.title": ("{name} chiếm {share} năm {year}", "{name}: {share} of the records of {year}"),
        "chart.by_bloc.name": ("Theo năm và khối", "Per year, by bloc"),
        "chart.by_bloc.title": (
            "{name} chiếm {share} mô hình, điển hình năm {year}",
            "{name} accounts for {share} of models and exemplars in {year}",
        ),
        "chart.by_stage.name": ("Theo năm và giai đoạn xét chọn", "Per year, by stage"),
        "chart.by_stage.title": (
            "Giai đoạn “{name}” chiếm {share} bản ghi năm {year}",
            "Stage “{name}” holds {share} of the records of {year}",
        ),
        "chart.funnel.name": ("Các bước xét chọn", "The stage funnel"),
        "chart.funnel.title": (
            "{share} mô hình, điển hình đăng ký đã được khen thưởng",
            "{share} of registered models and exemplars were awarded",
        ),
        "chart.funnel.note": (
            "mỗi bước đếm các bản ghi đã đạt ít nhất bước đó",
            "each step counts the records that reached at least that step",
        ),
        "chart.growth.name": ("Tăng trưởng so với năm trước", "Growth year on year"),
        "chart.growth.axis": ("So với năm trước", "Change on the year before"),
        "chart.growth.title_up": ("Năm {year} tăng {pct} so với năm trước", "{year} grew {pct} on the year before"),
        "chart.growth.title_down": ("Năm {year} giảm {pct} so với năm trước", "{year} fell {pct} on the year before"),
        "chart.growth.title_up_same": (
            "Năm {year} tăng {pct} so với cùng kỳ năm trước",
            "{year} grew {pct} on the same part of the year before",
        ),
        "chart.growth.title_down_same": (
            "Năm {year} giảm {pct} so với cùng kỳ năm trước",
            "{year} fell {pct} on the same part of the year before",
        ),
        "chart.growth.same_period_note": (
            "năm {year} chưa trọn: so sánh 01/01–{day} của mỗi năm (cùng kỳ)",
            "{year} is not over: each year counted from 1 Jan to {day} (same period)",
        ),
        # spread
        "chart.heatmap.name": ("Đơn vị theo năm", "Units by year"),
        "chart.heatmap.title": (
            "{unit} có nhiều mô hình, điển hình nhất: {n}",
            "{unit} has the most models and exemplars: {n}",
        ),
        "chart.heatmap.top_note": ("{n} đơn vị nhiều nhất", "the {n} busiest units"),
        "chart.map.name": ("Bản đồ đơn vị", "Map of units"),
        "chart.map.per_commune_name": ("Bản đồ đơn vị, tính trên mỗi xã", "Map of units, per commune"),
        "chart.map.title": ("{unit} dẫn đầu với {n} mô hình, điển hình", "{unit} leads with {n} models and exemplars"),
        "chart.map.title_per": (
            "{unit} dẫn đầu với {v} mô hình, điển hình mỗi xã",
            "{unit} leads with {v} per commune",
        ),
        "chart.map.per_commune": ("Bình quân mỗi xã", "Per commune"),
        "chart.map.merged": ("(đã nhập)", "(merged)"),
        "chart.map.tile_note": (
            "sơ đồ ô: miền núi phía tây, ven biển phía đông",
            "tile map: mountains west, coast east",
        ),
        "chart.map.dot_note": (
            "mỗi chấm là một xã, phường mới, đặt theo tọa độ tâm",
            "one dot per new commune or ward, at its centroid",
        ),
        "chart.choropleth.name": ("Bản đồ ranh giới", "Boundary map"),
        "chart.choropleth.per_commune_name": ("Bản đồ ranh giới, tính trên mỗi xã", "Boundary map, per commune"),
        "chart.boundary.footnote": (
            "Ranh giới gần đúng, dựng từ tọa độ trung tâm các xã; không dùng để xác định địa giới",
            "Approximate boundaries built from commune centres; not for determining boundaries",
        ),
        "chart.boundary.hover_n": ("{n} mô hình, điển hình", "{n} models and exemplars"),
        "chart.boundary.hover_rate": ("{v} mỗi xã ({c} xã)", "{v} per commune ({c} communes)"),
        "chart.boundary.no_rate": (
            "xã, phường mới không có xã trực thuộc: tô màu theo số mô hình",
            "new communes and wards have no communes under them: coloured by count",
        ),
        "chart.boundary.off_note": (
            "{n} mô hình, điển hình cấp tỉnh hoặc ngoài bản đồ không được tô",
            "{n} at province level or off the map are not coloured",
        ),
        "chart.boundary.title_off": (
            "Chưa đơn vị nào trên bản đồ có mô hình; {n} mô hình, điển hình ở cấp tỉnh hoặc ngoài bản đồ",
            "No unit on this map has a model yet; {n} are held at province level or off the map",
        ),
        "chart.boundary.bad_file": (
            "không đọc được tệp ranh giới BOUNDARIES_GEOJSON ({reason}), dùng ranh giới gần đúng có sẵn",
            "the BOUNDARIES_GEOJSON file could not be read ({reason}); the built approximate boundaries are shown",
        ),
        "chart.boundary.note_label": ("Ghi chú", "Note"),
        "chart.coverage.name": ("Độ phủ theo lĩnh vực", "Coverage by field"),
        "chart.coverage.axis": ("Tỉ lệ đơn vị có mô hình", "Share of units with a model"),
        "chart.coverage.title": (
            "Lĩnh vực phủ ít đơn vị nhất: {name}, có ở {share} đơn vị",
            "The least widespread field, {name}, reaches {share} of units",
        ),
        "chart.coverage.title_full": (
            "Lĩnh vực nào cũng có mô hình ở cả {n} đơn vị",
            "Every field has models in all {n} units",
        ),
        "chart.ranking.name": ("Xếp hạng đơn vị", "Ranking of units"),
        "chart.ranking.title": (
            "{unit} đứng đầu, chiếm {share} tổng số",
            "{unit} ranks first with {share} of the total",
        ),
        "chart.ranking.top_note": ("{n} đơn vị đầu", "top {n} units"),
        # replication
        "chart.rep.name": ("Nhân rộng theo năm", "Replications per year"),
        "chart.rep.per_year": ("Nhân rộng trong năm", "Replications in the year"),
        "chart.rep.cumulative": ("Lũy kế", "Cumulative"),
        "chart.rep.copies": ("Số lần nhân rộng", "Copies"),
        "chart.rep.title": ("{n} lượt nhân rộng mô hình trong {period}", "{n} replications in {period}"),
        "chart.most.name": ("Mô hình được nhân rộng nhiều nhất", "Most replicated models"),
        "chart.most.bar": ("{copies} lần, {units} đơn vị", "{copies} copies, {units} units"),
        "chart.most.origin": ("Nơi khởi nguồn", "Origin"),
        "chart.most.title": (
            "“{title}” được nhân rộng nhiều nhất: {copies} lần ở {units} đơn vị",
            "“{title}” is the most replicated: {copies} copies in {units} units",
        ),
        "chart.flows.name": ("Luồng nhân rộng giữa các đơn vị", "Flows between units"),
        "chart.flows.hover": ("Từ %{y} đến %{x}: %{z:,.0f} lần", "From %{y} to %{x}: %{z:,.0f} copies"),
        "chart.flows.from": ("Đơn vị khởi nguồn", "Origin unit"),
        "chart.flows.to": ("Đơn vị nhân rộng", "Adopting unit"),
        "chart.flows.title": (
            "{share} lượt nhân rộng vượt ra ngoài đơn vị khởi nguồn; nhiều nhất từ {origin} sang {target}",
            "{share} of copies left their origin unit; most went from {origin} to {target}",
        ),
        "chart.flows.top_note": ("{n} đơn vị nhiều nhất mỗi chiều", "the {n} busiest units each way"),
        "chart.ttc.name": ("Thời gian đến lần nhân rộng đầu tiên", "Time to the first copy"),
        "chart.ttc.families": ("mô hình gốc", "origin models"),
        "chart.ttc.title": (
            "{share} mô hình được nhân rộng lần đầu trong vòng một năm",
            "{share} of models were first copied within a year",
        ),
        "chart.ttc.note": (
            "tính theo mô hình gốc đăng ký trong giai đoạn",
            "counted over origin models registered in the period",
        ),
        "ttc.b0": ("Dưới 3 tháng", "Under 3 months"),
        "ttc.b1": ("3–6 tháng", "3–6 months"),
        "ttc.b2": ("6–12 tháng", "6–12 months"),
        "ttc.b3": ("1–2 năm", "1–2 years"),
        "ttc.b4": ("Trên 2 năm", "Over 2 years"),
        "chart.programme.name": ("Độ phủ của chương trình", "Coverage of a programme"),
        "chart.programme.title": (
            "“{programme}” đã có ở {share} đơn vị đến năm {year}",
            "“{programme}” reached {share} of units by {year}",
        ),
        "chart.programme.note": (
            "lũy kế số đơn vị có ít nhất một mô hình của chương trình",
            "cumulative units with at least one model of the programme",
        ),
        "chart.family.origin": ("Mô hình gốc", "Origin"),
        "chart.family.copy": ("Bản nhân rộng", "Copy"),
        "chart.family.title": (
            "“{title}”: {copies} lần nhân rộng, ở {units} đơn vị",
            "“{title}”: {copies} copies in {units} units",
        ),
        # overview
        "overview.intro": (
            "Số liệu của giai đoạn và bộ lọc đang chọn ở thanh bên.",
            "Figures for the period and filters chosen in the sidebar.",
        ),
        "overview.split": (
            "{collective} mô hình tập thể, {individual} điển hình cá nhân",
            "{collective} collective, {individual} individual",
        ),
        "overview.last_year": ("Năm {year}", "In {year}"),
        "overview.vs_before": ("so với năm {year}", "against {year}"),
        "overview.vs_same_period": ("so với cùng kỳ năm {year}", "against the same period of {year}"),
        "overview.recognised": ("Được công nhận", "Recognised"),
        "overview.awarded": ("Được khen thưởng", "Awarded"),
        "overview.replications": ("Lượt nhân rộng", "Replications"),
        "overview.units": ("Đơn vị có mô hình", "Units with models"),
        "overview.units_of": ("trên {total} đơn vị", "of {total} units"),
        "overview.state_share": ("Tỉ lệ khối chính quyền", "State bloc's share"),
        "overview.state_help": (
            "Năm 2024 là năm dân vận chính quyền (Công văn 1470-CV/TU).",
            "2024 was the year of state agencies and authorities (dispatch 1470-CV/TU).",
        ),
        "overview.more_number": ("Số lượng theo năm, lĩnh vực, giai đoạn", "Numbers by year, field and stage"),
        "overview.more_spread": ("Phân bố theo đơn vị, bản đồ", "Spread by unit, map"),
        "overview.more_replication": ("Nhân rộng mô hình", "Replication of models"),
        "overview.more_browse": ("Tra cứu từng mô hình", "Look up each model"),
        # number / spread / replication
        "number.heading": ("Số lượng mô hình, điển hình", "Number of models and exemplars"),
        "number.stack_by": ("Chia theo", "Split by"),
        "number.by.field": ("Lĩnh vực", "Field"),
        "number.by.kind": ("Loại", "Kind"),
        "number.by.bloc": ("Khối", "Bloc"),
        "number.by.stage": ("Giai đoạn", "Stage"),
        "spread.heading": ("Phân bố theo đơn vị", "Spread across units"),
        "spread.measure": ("Tô màu theo", "Colour by"),
        "spread.measure.n": ("Số mô hình", "Count"),
        "spread.measure.per_commune": ("Bình quân mỗi xã", "Per commune"),
        "spread.view_caption": (
            "Cách tính đơn vị: {view}. Đổi ở thanh bên.",
            "Unit view: {view}. Change it in the sidebar.",
        ),
        "spread.ranking_table": ("Bảng xếp hạng", "Ranking table"),
        "replication.heading": ("Nhân rộng mô hình", "Replication of models"),
        "replication.family": ("Cây nhân rộng của một mô hình", "Family tree of one model"),
        "replication.pick": ("Chọn mô hình", "Choose a model"),
        "replication.pick_id": ("hoặc nhập mã bản ghi", "or enter a record number"),
        "replication.no_family": (
            "Chưa có mô hình nào được nhân rộng với bộ lọc này.",
            "No model was replicated under these filters.",
        ),
        # browse
        "browse.heading": ("Tra cứu mô hình, điển hình", "Browse models and exemplars"),
        "browse.search": (
            "Tìm theo tên, người/đơn vị thực hiện, địa bàn (không cần dấu)",
            "Search title, holder, place (accents optional)",
        ),
        "browse.sort": ("Sắp xếp theo", "Sort by"),
        "browse.descending": ("Giảm dần", "Descending"),
        "browse.page": ("Trang", "Page"),
        "browse.found": ("{n} bản ghi, trang {page}/{pages}", "{n} records, page {page} of {pages}"),
        "browse.none": ("Không tìm thấy bản ghi nào.", "No records found."),
        "browse.pick": ("Chọn một dòng để xem chi tiết.", "Select a row to see its details."),
        "browse.sort.registered_on": ("Ngày đăng ký", "Date registered"),
        "browse.sort.title": ("Tên mô hình", "Title"),
        "browse.sort.unit": ("Đơn vị", "Unit"),
        "browse.sort.field": ("Lĩnh vực", "Field"),
        "browse.sort.stage": ("Giai đoạn", "Stage"),
        "browse.sort.id": ("Mã bản ghi", "Record number"),
        "browse.col.copy": ("Nhân rộng", "Copy"),
        "browse.col.sample": ("Mẫu", "Sample"),
        "browse.detail": ("Bản ghi số {id}", "Record {id}"),
        "browse.history": ("Các bước xét chọn", "Stage history"),
        "browse.awards": ("Khen thưởng", "Awards"),
        "browse.no_awards": ("Chưa có khen thưởng.", "No awards."),
        "browse.origin": ("Nhân rộng từ", "Copied from"),
        "browse.root": ("Mô hình gốc", "Origin of the family"),
        "browse.copies": ("Các bản nhân rộng ({n})", "Copies ({n})"),
        "browse.no_copies": ("Chưa được nhân rộng.", "Not copied yet."),
        "browse.not_found": ("Không tìm thấy bản ghi số {id}.", "Record {id} was not found."),
        "browse.col.date": ("Ngày", "Date"),
        "browse.col.level": ("Cấp", "Level"),
        "browse.col.reason": ("Ghi chú", "Note"),
        "browse.col.by": ("Người cập nhật", "By"),
        "browse.col.form": ("Hình thức", "Form"),
        "browse.col.issuer": ("Cấp khen", "Issuer"),
        "browse.family_link": ("Xem cây nhân rộng", "See the family tree"),
        "browse.close": ("Đóng chi tiết", "Close details"),
    }
)
