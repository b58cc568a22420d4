"""Strings of the dashboard pages."""

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("Dân vận khéo Thanh Hóa", "Skillful Mass Mobilisation, Thanh Hóa"),
    "ui.language": ("Ngôn ngữ", "Language"),
    "nav.overview": ("Tổng quan", "Overview"),
    "overview.heading": ("Phong trào thi đua “Dân vận khéo” tỉnh Thanh Hóa", "The “Dân vận khéo” movement in Thanh Hóa"),
    "overview.total": ("Tổng số mô hình, điển hình", "Models and exemplars"),
    "overview.empty": ("Sổ đăng ký chưa có bản ghi nào.", "The registry has no records yet."),
}
