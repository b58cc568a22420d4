"""The provincial board by date (data/boards.csv): the source line of every chart and export names
the board of the day its figures run to, Ban Dân vận Tỉnh ủy until 10 Feb 2025, Ban Tuyên giáo và
Dân vận Tỉnh ủy from 11 Feb 2025."""

from __future__ import annotations

import datetime as dt

from registry.exports import keyfigures
from registry.exports.boards import board_on, boards, source_name
from registry.exports.formats import Metadata
from registry.exports.images import footer_text
from registry.queries.filters import Filters


def test_boards_tile_time_without_gap_or_overlap():
    rows = boards()
    assert len(rows) >= 2
    for a, b in zip(rows, rows[1:], strict=False):
        assert a.valid_to is not None and a.valid_to + dt.timedelta(days=1) == b.valid_from
    assert rows[-1].valid_to is None


def test_the_merger_day():
    assert board_on(dt.date(2025, 2, 10)).name_vi == "Ban Dân vận Tỉnh ủy"
    assert board_on(dt.date(2025, 2, 11)).name_vi == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert board_on(dt.date(2021, 1, 1)).symbol == "BDVTU"
    assert source_name(dt.date(2026, 1, 1), "en").startswith("Propaganda and Mass Mobilisation Commission")


def test_image_footer_and_citations_name_the_board_of_their_date():
    assert (
        footer_text(dt.date(2024, 12, 31)) == "Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa. Số liệu tính đến ngày 31/12/2024"
    )
    assert footer_text(dt.date(2025, 8, 31)) == (
        "Nguồn: Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa. Số liệu tính đến ngày 31/08/2025"
    )
    old = keyfigures.citation(Filters(year_from=2021, year_until=2024), "vi", today=dt.date(2026, 12, 8))
    new = keyfigures.citation(Filters(year_from=2021, year_until=2026), "vi", today=dt.date(2026, 12, 8))
    assert old.startswith("Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa, Sổ đăng ký") and "31/12/2024" in old
    assert new.startswith("Nguồn: Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa, Sổ đăng ký") and "08/12/2026" in new


def test_export_metadata_names_the_board_of_its_date():
    meta = Metadata(title="x", as_of=dt.date(2025, 3, 1), filters_text="", data_version=1, sample=False)
    assert meta.source.startswith("Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa, Sổ đăng ký")
    meta.as_of = dt.date(2025, 1, 31)
    assert meta.citation.startswith("Nguồn: Ban Dân vận Tỉnh ủy Thanh Hóa,")
