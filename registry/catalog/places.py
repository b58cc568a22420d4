"""Strings of unit placement (registry.units.placement): what was read in the unit and commune
cells and what was done with it (notices), or why a record cannot be placed and how to fix it."""

MESSAGES: dict[str, tuple[str, str]] = {
    # notices: what was read, what was done
    "place.commune_only": (
        "Đã đọc xã, phường “{value}” (không có huyện): bản ghi được ghi cho {unit}.",
        "Read the commune “{value}” (no district given): the record is placed at {unit}.",
    ),
    "place.bracketed_district": (
        "Đã tách “{value}” thành đơn vị và xã, phường: bản ghi được ghi cho {unit}.",
        "Took “{value}” apart into unit and commune: the record is placed at {unit}.",
    ),
    "place.commune_list": (
        "“{value}” ghi nhiều xã, phường: bản ghi được ghi cho {unit}; danh sách xã, phường giữ nguyên ở ô Thôn, xã.",
        "“{value}” lists several communes: the record is placed at {unit}; the list is kept as written in "
        "the locality.",
    ),
    "place.former_names_after_reform": (
        "Đã đọc tên trước ngày 1/7/2025 “{value}”: bản ghi được ghi cho {unit}, đơn vị mới có địa bàn này.",
        "Read the names of before 1 Jul 2025 “{value}”: the record is placed at {unit}, the new unit that "
        "holds that area.",
    ),
    "place.cu_suffix": (
        "Đã đọc xã, phường cũ “{value}”: từ ngày 1/7/2025 xã này thuộc {unit}, bản ghi được ghi cho {unit}.",
        "Read the former commune “{value}”: since 1 Jul 2025 it is part of {unit}, where the record is placed.",
    ),
    "place.now_named": (
        "Đã đọc “{value}” và dùng tên “{used}” cho ngày của bản ghi: bản ghi được ghi cho {unit}.",
        "Read “{value}” and used the name “{used}” for the record's date: the record is placed at {unit}.",
    ),
    "place.commune_unknown": (
        "Không xác định được xã, phường “{value}” vào ngày {date}: bản ghi được giữ ở {unit}, tên xã, phường "
        "giữ nguyên ở ô Thôn, xã.",
        "The commune “{value}” could not be placed on {date}: the record is kept at {unit}, and the commune "
        "text is kept as written in the locality.",
    ),
    "place.former_name": (
        "“{value}” là tên cũ (đến {until}) của {unit}: bản ghi được ghi cho {unit}.",
        "“{value}” is a former name (until {until}) of {unit}: the record is placed at {unit}.",
    ),
    # problems: what is wrong and how to fix it
    "place.commune_not_found": (
        "Không tìm thấy xã, phường “{value}” vào ngày {date}: hãy ghi huyện, thị xã, thành phố vào ô Đơn vị "
        "(bản ghi sẽ được giữ ở đó, tên xã ghi ở ô Thôn, xã), hoặc sửa tên xã.",
        "No commune “{value}” was found on {date}: put its district in the Unit column (the record is then kept "
        "there, with the commune text in the locality), or correct the name.",
    ),
    "place.commune_elsewhere": (
        "Vào ngày {date}, {commune} thuộc {district}, không thuộc {unit}: hãy ghi {district} vào ô Đơn vị, "
        "hoặc để trống ô Đơn vị.",
        "On {date}, {commune} lay in {district}, not in {unit}: put {district} in the Unit column, or leave "
        "the Unit column empty.",
    ),
    "place.list_several_units": (
        "“{value}” gồm nhiều đơn vị ({candidates}): mỗi dòng chỉ ghi một đơn vị; hãy tách thành một dòng cho "
        "mỗi đơn vị, hoặc ghi đơn vị chủ trì (ví dụ “Cấp tỉnh”) vào ô Đơn vị.",
        "“{value}” spans several units ({candidates}): a row holds one unit; split it into one row per unit, "
        "or put the leading unit (e.g. “Cấp tỉnh”) in the Unit column.",
    ),
    "place.former_split": (
        "Xã, phường cũ “{value}” đã được chia cho nhiều đơn vị mới ({candidates}): hãy ghi đơn vị mới vào ô Đơn vị.",
        "The former commune “{value}” was split between several new units ({candidates}): put the new unit "
        "in the Unit column.",
    ),
    "place.not_in_former_district": (
        "Không tìm thấy xã, phường “{value}” thuộc {district} trước ngày 1/7/2025: hãy ghi xã, phường mới vào "
        "ô Đơn vị và để trống ô Xã, phường, hoặc sửa tên.",
        "No commune “{value}” of {district} was found before 1 Jul 2025: put the new commune in the Unit "
        "column and leave the Commune column empty, or correct the name.",
    ),
    "place.year_spans_reform": (
        "Năm {year} gồm cả trước và sau ngày 1/7/2025, nên chưa xác định được đơn vị: hãy ghi tháng (ví dụ "
        "09/{year}) hoặc ngày.",
        "The year {year} falls on both sides of 1 Jul 2025, so the unit cannot be decided: give the month "
        "(e.g. 09/{year}) or the day.",
    ),
    # the import's count of rows per placement rule
    "import.rule_count": ("{n} dòng: {rule}.", "{n} rows: {rule}."),
    "import.rule.before_2021": (
        "đơn vị trước năm 2021, theo địa giới lúc đó",
        "a unit of before 2021, by the boundaries of then",
    ),
    "import.rule.commune_only": ("đơn vị lấy từ cột xã, phường", "unit taken from the commune column"),
    "import.rule.bracketed_district": (
        "tách xã, phường và huyện ghi trong ngoặc",
        "commune and bracketed district taken apart",
    ),
    "import.rule.commune_list": (
        "nhiều xã, phường trong một ô: ghi cho đơn vị chung",
        "several communes in one cell: placed at their common unit",
    ),
    "import.rule.former_names_after_reform": (
        "tên huyện, xã cũ sau ngày 1/7/2025: ghi cho đơn vị mới",
        "former district and commune after 1 Jul 2025: placed at the new unit",
    ),
    "import.rule.cu_suffix": (
        "xã, phường ghi “cũ”: ghi cho đơn vị mới",
        "commune marked “former”: placed at the new unit",
    ),
    "import.rule.now_named": (
        "tên “nay là”, “trước đây là”: dùng tên đúng với ngày của bản ghi",
        "“now”/“formerly” names: the name of the record's date used",
    ),
    "import.rule.commune_unknown": (
        "xã, phường không xác định được cho ngày đó: ghi cho huyện, giữ tên ở ô Thôn, xã",
        "commune not placed for its date: kept at the district, its name kept in the locality",
    ),
}
