"""Strings of the 1 Jul 2025 reform: validation across the boundary, unit views."""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.legacy_commune_as_unit": (
        "{unit} là xã, phường, thị trấn cũ: trước ngày 1/7/2025 hãy ghi huyện, thị xã, thành phố ({district}) "
        "vào ô Đơn vị và ghi {unit} vào ô Xã, phường.",
        "{unit} is a commune of before the reform: before 1 Jul 2025 put its district ({district}) in the Unit "
        "column and {unit} in the Commune column.",
    ),
    "error.legacy_commune_after_reform": (
        "{unit} không còn từ ngày 1/7/2025: hãy chọn xã, phường mới có địa bàn của xã này, hoặc dùng mã xã mới.",
        "{unit} no longer exists since 1 Jul 2025: choose the new commune or ward it became part of, or use its code.",
    ),
    "error.commune_after_reform": (
        "Từ ngày 1/7/2025 không còn cấp huyện: xã, phường mới ghi ở ô Đơn vị, ô Xã, phường để trống "
        "(“{commune}” không phải là {unit}).",
        "Since 1 Jul 2025 there are no districts: the new commune or ward goes in the Unit column and the "
        "Commune column stays empty (“{commune}” is not {unit}).",
    ),
    "reform.split_note": (
        "Bản ghi được chia cho các đơn vị theo tỷ lệ của bảng chuyển đổi, nên số theo đơn vị có thể lẻ; "
        "tổng vẫn bằng số bản ghi.",
        "Records are split between units by the shares of the conversion table, so counts by unit may have "
        "decimals; the totals still equal the number of records.",
    ),
    # deleting an origin (registry/records/writes.py)
    "error.origin_has_copies": (
        "Không xoá được: {n} bản ghi nhân rộng còn lấy bản ghi này làm gốc: {copies}. Hãy đổi hoặc bỏ bản gốc "
        "của các bản ghi đó trước.",
        "Cannot delete: {n} live records were replicated from this one: {copies}. Change or clear their origin first.",
    ),
    "error.origin_has_copies_more": (
        "Không xoá được: {n} bản ghi nhân rộng còn lấy bản ghi này làm gốc: {copies} và {more} bản ghi khác. "
        "Hãy đổi hoặc bỏ bản gốc của các bản ghi đó trước.",
        "Cannot delete: {n} live records were replicated from this one: {copies} and {more} other records. "
        "Change or clear their origin first.",
    ),
    # restoring a backup (registry/staff/backup.py)
    "backup.bad_row": (
        "Bản sao lưu bị từ chối, không có gì được ghi: bảng {table}, dòng {row} (id {id}): {problem}",
        "The backup is refused and nothing was written: table {table}, row {row} (id {id}): {problem}",
    ),
    "backup.unreadable": ("không đọc được giá trị ({error}).", "a value cannot be read ({error})."),
    "backup.dangling": (
        "cột {column} trỏ tới dòng {value} của bảng {target}, dòng này không có trong bản sao lưu.",
        "column {column} points to row {value} of table {target}, which the backup does not hold.",
    ),
    "backup.not_among": (
        "cột {column} có giá trị “{value}” không hợp lệ (hợp lệ: {allowed}).",
        "column {column} holds “{value}”, which is not valid (valid: {allowed}).",
    ),
    "backup.origin_mismatch": (
        "cột origin_id ghi {value} nhưng theo chuỗi nhân rộng, bản gốc là {root}.",
        "column origin_id holds {value} but the chain of origins leads to {root}.",
    ),
}
