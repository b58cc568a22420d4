"""The key-figures paragraph: both languages, Vietnamese number format, and every number equal to
the charts' numbers for the same filters."""

import datetime as dt

import pytest
from sqlmodel import Session

from registry.charts.pipeline import build_chart
from registry.exports import keyfigures
from registry.i18n import fmt_int, fmt_pct
from registry.queries.filters import Filters
from tests.support.factories import make_example
from tests.support.periods import TODAY, fill_partial_years


def chart(s, slug, filters):
    """Chart ``slug``'s table: its numbers with the Vietnamese names of its codes."""
    return build_chart(s, slug, filters, lang="vi", today=dt.date.today()).table


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(year_from=2022, year_until=2023, blocs=("state",)),
        Filters(view="districts-2025", kinds=("collective",)),
    ],
)
def test_every_number_equals_the_charts(demo_sqlite, filters):  # noqa: F811
    with Session(demo_sqlite) as s:
        kf = keyfigures.compute(s, filters)
        text_vi = keyfigures.paragraph(s, filters, "vi", kf)
        by_year = chart(s, "theo-nam", filters)
        by_kind = chart(s, "theo-loai-hinh", filters).groupby("kind")["n"].sum()
        by_field = chart(s, "theo-linh-vuc", filters).groupby("field")["n"].sum().sort_values()
        ranking = chart(s, "xep-hang-don-vi", filters)
        replications = chart(s, "nhan-rong-theo-nam", filters)
        growth = chart(s, "tang-truong", filters)
    assert kf.total == by_year["n"].sum()
    assert f"{fmt_int(kf.total)} mô hình, điển hình" in text_vi
    assert kf.collective == by_kind.get("collective", 0) and fmt_int(kf.collective) + " mô hình tập thể" in text_vi
    assert kf.individual == by_kind.get("individual", 0) and fmt_int(kf.individual) + " điển hình cá nhân" in text_vi
    assert f"là {by_field.index[-1]} với {fmt_int(by_field.iloc[-1])}" in text_vi
    top = ranking[ranking["unit_code"] != "38"].sort_values("n", ascending=False).head(3)
    for unit_code, n in zip(top["unit_code"], top["n"], strict=False):
        assert (unit_code, n) in kf.top_units
    for _name, n in zip(top["unit"], top["n"], strict=False):
        assert f"({fmt_int(n)})" in text_vi
    assert kf.replications == replications["cumulative"].iloc[-1]
    assert f"Có {fmt_int(kf.replications)} mô hình" in text_vi
    last = growth.iloc[-1]
    assert kf.change == pytest.approx(last["growth"])
    assert f"Năm {int(last['year'])} có {fmt_int(last['n'])} mô hình" in text_vi
    assert fmt_pct(abs(last["growth"])) in text_vi


def test_paragraph_in_both_languages(demo_sqlite):  # noqa: F811
    with Session(demo_sqlite) as s:
        vi = keyfigures.paragraph(s, Filters(), "vi")
        en = keyfigures.paragraph(s, Filters(), "en")
    assert vi.startswith(
        "Từ năm 2021 đến năm 2024 (dữ liệu mẫu), toàn tỉnh có 9.739 mô hình, điển hình “Dân vận khéo”, trong đó "
        "5.688 mô hình tập thể và 4.051 điển hình cá nhân."
    )
    assert "Lĩnh vực có nhiều mô hình, điển hình nhất là Kinh tế" in vi and "so với năm 2023" in vi
    assert en.startswith(
        "From 2021 to 2024 (sample data), Thanh Hóa province had 9,739 “Dân vận khéo” models and exemplars: "
        "5,688 collective models and 4,051 individual exemplars."
    )
    assert "The largest field was Economy" in en and "on 2023" in en


def test_the_published_period_reads_as_dates(demo_sqlite):  # noqa: F811
    f = Filters(date_from=dt.date(2021, 1, 1), date_until=dt.date(2023, 10, 10))
    with Session(demo_sqlite) as s:
        vi = keyfigures.paragraph(s, f, "vi")
    assert vi.startswith("Từ ngày 01/01/2021 đến ngày 10/10/2023 (dữ liệu mẫu), toàn tỉnh có 8.419 mô hình, điển hình")
    assert "4.810 mô hình tập thể và 3.609 điển hình cá nhân" in vi and "Kinh tế với 3.200" in vi
    # the second published figure (Báo Thanh Hóa, 31 Aug 2025)
    f = Filters(date_from=dt.date(2021, 1, 1), date_until=dt.date(2025, 8, 31))
    with Session(demo_sqlite) as s:
        vi = keyfigures.paragraph(s, f, "vi")
    assert vi.startswith("Từ ngày 01/01/2021 đến ngày 31/08/2025 (dữ liệu mẫu), toàn tỉnh có 10.239 mô hình, điển hình")
    assert "6.026 mô hình tập thể và 4.213 điển hình cá nhân" in vi and "Kinh tế với 4.398" in vi


def test_one_unit_and_an_empty_registry(db):
    with Session(db) as s:
        assert keyfigures.paragraph(s, Filters(), "vi") == (
            "Từ năm 2021 đến năm 2024, toàn tỉnh chưa có mô hình, điển hình “Dân vận khéo” nào trong sổ đăng ký."
        )
        make_example(s, unit="394", registered_on=dt.date(2023, 3, 1))
        make_example(s, unit="394", kind="individual", registered_on=dt.date(2024, 3, 1), field="culture_society")
        text = keyfigures.paragraph(s, Filters(units=("394",)), "vi")
    assert text.startswith("Từ năm 2021 đến năm 2024, Huyện Yên Định có 2 mô hình, điển hình")
    assert "1 mô hình tập thể và 1 điển hình cá nhân" in text
    assert "Các đơn vị có nhiều" not in text  # one unit chosen: no ranking
    assert "Năm 2024 có 1 mô hình, điển hình, bằng năm 2023." in text
    assert "Phạm vi số liệu" not in text


def test_the_paragraph_itself_says_sample_data(db):
    """What gets pasted into an article carries the notice whenever sample rows are counted."""
    with Session(db) as s:
        make_example(s, unit="394", registered_on=dt.date(2023, 3, 1))
        real_vi, real_en = (keyfigures.paragraph(s, Filters(), lang) for lang in ("vi", "en"))
        make_example(s, unit="394", registered_on=dt.date(2024, 3, 1), is_sample=True)
        mixed_vi, mixed_en = (keyfigures.paragraph(s, Filters(), lang) for lang in ("vi", "en"))
        left_out = keyfigures.paragraph(s, Filters(include_sample=False), "vi")
        assert keyfigures.compute(s, Filters()).sample
        assert not keyfigures.compute(s, Filters(include_sample=False)).sample
    assert "dữ liệu mẫu" not in real_vi and "sample data" not in real_en
    assert mixed_vi.startswith("Từ năm 2021 đến năm 2024 (dữ liệu mẫu), toàn tỉnh có 2 mô hình")
    assert mixed_en.startswith("From 2021 to 2024 (sample data), Thanh Hóa province had 2")
    assert left_out.startswith("Từ năm 2021 đến năm 2024, toàn tỉnh có 1 mô hình")
    assert "(dữ liệu mẫu)" not in left_out


# --------------------------------------------------------------------------- a partial last year
def test_a_partial_year_is_compared_with_the_same_part_of_the_year_before(sqlite_session):
    fill_partial_years(sqlite_session)
    running = Filters(year_from=2024, year_until=2026)
    kf = keyfigures.compute(sqlite_session, running, today=TODAY)
    assert kf.partial == (2026, TODAY)
    assert kf.same_period == (7, 6)  # 2025 counted to 1 Dec only (10 in the whole year)
    assert kf.change == pytest.approx(7 / 6 - 1)
    vi = keyfigures.paragraph(sqlite_session, running, "vi", kf)
    en = keyfigures.paragraph(sqlite_session, running, "en", today=TODAY)
    assert vi.startswith("Từ năm 2024 đến ngày 01/12/2026, toàn tỉnh có 19 mô hình")
    assert "Từ đầu năm đến ngày 01/12/2026 có 7 mô hình, điển hình, tăng 17% so với cùng kỳ năm 2025." in vi
    assert "giảm" not in vi  # 7 against the whole of 2025 (10) would have read as a fall
    assert "The year to 2026-12-01 saw 7, up 17% on the same period of 2025." in en
    # a cut at the end of a month reads in whole months (2025 to 30 Nov: 4, the 1 Dec records left out)
    end_of_november = keyfigures.paragraph(sqlite_session, running, "vi", today=dt.date(2026, 11, 30))
    assert "11 tháng đầu năm 2026 có 7 mô hình, điển hình, tăng 75% so với cùng kỳ năm 2025." in end_of_november


def test_a_partial_year_without_the_year_before_says_so(sqlite_session):
    fill_partial_years(sqlite_session)
    only = Filters(year_from=2026, year_until=2026)
    vi = keyfigures.paragraph(sqlite_session, only, "vi", today=TODAY)
    assert vi.startswith("Năm 2026 (đến 01/12), toàn tỉnh có 7 mô hình")
    assert "Số liệu năm 2026 tính đến ngày 01/12/2026, chưa trọn năm." in vi
    assert "so với" not in vi


def test_a_period_cut_at_a_date_compares_the_same_days(sqlite_session):
    for day in (dt.date(2022, 3, 1), dt.date(2022, 11, 1), dt.date(2023, 3, 1), dt.date(2023, 4, 1)):
        make_example(sqlite_session, unit="380", registered_on=day)
    cut = Filters(year_from=2022, date_until=dt.date(2023, 10, 10))
    kf = keyfigures.compute(sqlite_session, cut, today=TODAY)
    assert kf.partial == (2023, dt.date(2023, 10, 10)) and kf.same_period == (2, 1)
    vi = keyfigures.paragraph(sqlite_session, cut, "vi", kf)
    assert "Từ đầu năm đến ngày 10/10/2023 có 2 mô hình, điển hình, tăng 100% so với cùng kỳ năm 2022." in vi
