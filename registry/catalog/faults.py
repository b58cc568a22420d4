"""Strings of the faults (registry/health.py): a database file that is damaged or not a registry,
the database out of reach while the server runs, a full disk."""

MESSAGES: dict[str, tuple[str, str]] = {
    "faults.damaged": (
        "Tệp cơ sở dữ liệu {path} không phải sổ đăng ký hoặc đã bị hỏng; không ghi gì vào tệp. "
        "Hãy chuyển tệp này sang chỗ khác rồi khôi phục bản sao lưu: python -m registry restore TỆP_SAO_LƯU",
        "The database file {path} is not a registry or is damaged; nothing was written to it. "
        "Move this file elsewhere, then restore a backup: python -m registry restore BACKUP_FILE",
    ),
    "faults.db_down": (
        "Không kết nối được cơ sở dữ liệu, đang thử lại…",
        "Cannot reach the database, retrying…",
    ),
    "faults.disk_full": (
        "Ổ đĩa đầy: không ghi được vào cơ sở dữ liệu, không có gì thay đổi. "
        "Hãy giải phóng chỗ trống trên ổ đĩa rồi làm lại.",
        "The disk is full: nothing could be written to the database, nothing changed. "
        "Free some space on the disk, then try again.",
    ),
}
