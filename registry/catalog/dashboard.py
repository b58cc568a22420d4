"""Strings of the dashboard pages."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("Dân vận khéo Thanh Hóa", "Skillful Mass Mobilisation, Thanh Hóa"),
    "ui.language": ("Ngôn ngữ", "Language"),
    "nav.overview": ("Tổng quan", "Overview"),
    "overview.heading": ("Phong trào thi đua “Dân vận khéo” tỉnh Thanh Hóa", "The “Dân vận khéo” movement in Thanh Hóa"),
    "overview.total": ("Tổng số mô hình, điển hình", "Models and exemplars"),
    "overview.empty": ("Sổ đăng ký chưa có bản ghi nào.", "The registry has no records yet."),
}
MESSAGES.update({
    "auth.forbidden": ("Bạn không có quyền xem trang này.", "You are not allowed to see this page."),
})
MESSAGES.update({
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
})
