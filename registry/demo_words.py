"""The words the demo data is made of: titles of models by field (as the province's reports name
them), Vietnamese names for exemplars, holders, villages and provincial departments."""

from __future__ import annotations

TITLES = {
    "economy": [
        "Hiến đất làm đường giao thông nông thôn",
        "Làm đường, làm cầu bằng nguồn xã hội hóa",
        "Sản xuất lúa an toàn theo chuỗi liên kết",
        "Chăn nuôi bò sinh sản, trồng rừng",
        "Bún an toàn thực phẩm",
        "Trồng rau an toàn trong nhà lưới",
        "Dồn điền đổi thửa, tích tụ ruộng đất",
        "Hợp tác xã nuôi trồng thủy sản",
        "Phát triển sản phẩm OCOP của xã",
        "Trồng mía nguyên liệu thâm canh",
        "Du lịch cộng đồng gắn với bản văn hóa",
        "Sạc pin thông minh cho xe ô tô điện",
        "Nuôi ong lấy mật dưới tán rừng",
        "Cánh đồng mẫu lớn",
        "Chuyển đổi cây trồng trên đất lúa kém hiệu quả",
    ],
    "culture_society": [
        "Tuyến phố văn minh",
        "Khu dân cư kiểu mẫu",
        "Thôn sáng, xanh, sạch, đẹp",
        "Phân loại rác thải tại nguồn",
        "Tủ sách cộng đồng",
        "Câu lạc bộ dân ca, dân vũ",
        "Mái ấm tình thương cho hộ nghèo",
        "Bữa cơm nghĩa tình",
        "Đỡ đầu học sinh có hoàn cảnh khó khăn",
        "Con đường hoa nông thôn mới",
        "Xây dựng gia đình văn hóa, hạnh phúc",
        "Bản sáng vùng biên",
    ],
    "defence_security": [
        "Tổ tự quản an ninh trật tự",
        "Camera an ninh khu dân cư",
        "Tổ hòa giải ở cơ sở",
        "Dòng họ không có người vi phạm pháp luật",
        "Khu dân cư an toàn về an ninh trật tự",
        "Bến thuyền an toàn",
        "Tổ liên gia tự quản phòng cháy chữa cháy",
        "Quân dân chung sức xây dựng nông thôn mới",
    ],
    "political_system": [
        "Chính quyền thân thiện, vì nhân dân phục vụ",
        "Dịch vụ công trực tuyến, không giấy tờ",
        "Bộ phận một cửa thân thiện",
        "Đối thoại định kỳ giữa người đứng đầu và nhân dân",
        "Chi bộ thôn kiểu mẫu",
        "Số hóa hồ sơ hành chính cấp xã",
        "Ngày thứ bảy cùng dân",
        "Tổ công nghệ số cộng đồng",
    ],
}


FAMILY = ["Nguyễn", "Lê", "Trịnh", "Hoàng", "Phạm", "Đỗ", "Vũ", "Mai", "Lò", "Hà", "Bùi", "Cao"]


MIDDLE = {"m": ["Văn", "Đình", "Xuân", "Hữu", "Minh"], "f": ["Thị", "Ngọc", "Thu", "Thanh"]}


GIVEN = {
    "m": ["Hùng", "Dũng", "Tuấn", "Sơn", "Thắng", "Long", "Quang", "Bình"],
    "f": ["Lan", "Hoa", "Hương", "Mai", "Hạnh", "Nga"],
}


GROUPS = [
    "Chi bộ thôn",
    "Ban công tác Mặt trận thôn",
    "Hội Nông dân xã",
    "Hội Liên hiệp Phụ nữ xã",
    "Đoàn Thanh niên xã",
    "Hội Cựu chiến binh xã",
    "Công an xã",
    "UBND xã",
    "Tổ dân phố",
    "Hợp tác xã",
]


VILLAGES = [
    "thôn Tân Lộc",
    "thôn Đông",
    "thôn Trung",
    "bản Lát",
    "thôn Yên Thọ",
    "khu phố 3",
    "thôn Bắc Sơn",
    "bản Na Mèo",
    "thôn Nam Giang",
    "thôn Phú Thọ",
    "khu phố Hàm Rồng",
    "thôn Hải Tiến",
]


PROVINCE_HOLDERS = [
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Trường CĐ Công nghiệp Thanh Hóa",
    "Sở Tư pháp",
    "Bảo hiểm xã hội tỉnh",
]
