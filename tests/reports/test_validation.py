"""Every check on entry of a unit report: errors refuse it, warnings do not; each message names the
figure and the fix, in Vietnamese and English."""

import datetime as dt

import pytest

from registry.reports.validation import Earlier, check_numbers, check_period, check_report, check_sums, warnings

Y2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def keys(problems):
    return [(p.field, p.key) for p in problems]


def test_missing_figures_stay_missing_never_zero():
    figures, problems = check_numbers({"total": 12, "collective": None, "individual": ""})
    assert problems == [] and figures["total"] == 12
    assert figures["collective"] is None and figures["individual"] is None and figures["economy"] is None


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (-1, "report.error.negative"),
        (2.5, "report.error.not_whole"),
        ("abc", "report.error.not_whole"),
        (True, "report.error.not_whole"),
    ],
)
def test_figures_are_non_negative_whole_numbers(value, key):
    figures, problems = check_numbers({"economy": value})
    assert keys(problems) == [("report.economy", key)] and figures["economy"] is None


def test_whole_numbers_as_spreadsheets_and_reports_write_them():
    figures, problems = check_numbers({"total": 12.0, "collective": "8.419", "individual": " 7 "})
    assert problems == [] and (figures["total"], figures["collective"], figures["individual"]) == (12, 8419, 7)
    assert keys(check_numbers({"total": "12.5"})[1]) == [("report.total", "report.error.not_whole")]


def test_collective_plus_individual_is_the_total_when_all_three_are_given():
    assert check_sums({"total": 201, "collective": 147, "individual": 54}) == []
    assert check_sums({"total": 201, "collective": 147}) == []  # one missing: no rule
    (problem,) = check_sums({"total": 200, "collective": 147, "individual": 54})
    assert problem.key == "report.error.kinds_sum"
    assert problem.message("vi") == (
        "Tổng số: Tập thể 147 + Cá nhân 54 = 201, khác Tổng số 200. Sửa một trong ba số cho khớp."
    )
    assert "collective 147 + individual 54 = 201, not the total 200" in problem.message("en")


def test_no_part_above_its_whole():
    problems = check_sums({"total": 10, "collective": 11, "awarded": 12, "replicated": 3})
    assert ("report.collective", "report.error.part_above_whole") in keys(problems)
    awarded = next(p for p in problems if p.field == "report.awarded")
    assert awarded.message("vi").startswith("Khen thưởng: 12 lớn hơn tổng số (10).")
    assert "more than the total (10)" in awarded.message("en")
    assert not any(p.field == "report.replicated" for p in problems)


def test_four_fields_sum_to_the_total_when_all_four_are_given():
    fields = {"economy": 4, "culture_society": 3, "defence_security": 2, "political_system": 1}
    assert check_sums({"total": 10, **fields}) == []
    assert keys(check_sums({"total": 11, **fields})) == [("report.total", "report.error.fields_sum")]
    assert check_sums({"total": 11, "economy": 4, "culture_society": 3}) == []  # two given, below the total
    assert keys(check_sums({"total": 5, "economy": 4, "culture_society": 3})) == [
        ("report.total", "report.error.fields_sum")
    ]


def test_period_ends_after_it_starts():
    assert check_period(*Y2023) == []
    (problem,) = check_period(dt.date(2023, 12, 31), dt.date(2023, 1, 1))
    assert problem.field == "report.period_until" and "01/01/2023" in problem.message("en")


def test_check_report_collects_every_error():
    _, problems = check_report({"total": -3, "collective": 5, "individual": 1, "economy": 7}, *Y2023)
    assert {p.key for p in problems} == {"report.error.negative"}  # the negative total leaves the sums out
    _, problems = check_report({"total": 3, "collective": 5, "individual": 1}, *Y2023)
    assert {p.key for p in problems} == {"report.error.kinds_sum", "report.error.part_above_whole"}


def test_warning_for_a_cumulative_figure_below_the_previous_cumulative_report():
    start = dt.date(2021, 1, 1)
    earlier = [Earlier(start, dt.date(2023, 10, 10), {"total": 8419, "collective": 4810})]
    (warning,) = warnings({"total": 8400, "collective": 4900}, start, dt.date(2024, 12, 31), earlier)
    assert warning.key == "report.warning.cumulative_below" and warning.field == "report.total"
    assert "8400" in warning.message("vi") and "01/01/2021–10/10/2023" in warning.message("en")
    assert warnings({"total": 9000}, start, dt.date(2024, 12, 31), earlier) == []
    # a yearly report is not cumulative: no comparison with the cumulative one
    assert warnings({"total": 10}, dt.date(2024, 1, 1), dt.date(2024, 12, 31), earlier) == []


def test_warning_for_a_figure_far_outside_the_units_history():
    earlier = [
        Earlier(dt.date(y, 1, 1), dt.date(y, 12, 31), {"total": n}) for y, n in ((2021, 90), (2022, 110), (2023, 100))
    ]
    (warning,) = warnings({"total": 1000}, dt.date(2024, 1, 1), dt.date(2024, 12, 31), earlier)
    assert warning.key == "report.warning.outlier" and "90–110" in warning.message("en")
    assert warnings({"total": 120}, dt.date(2024, 1, 1), dt.date(2024, 12, 31), earlier) == []
    # a half-year is judged against half a year's usual figure
    assert warnings({"total": 50}, dt.date(2024, 1, 1), dt.date(2024, 6, 30), earlier) == []
    assert len(warnings({"total": 5}, dt.date(2024, 1, 1), dt.date(2024, 6, 30), earlier)) == 1
    assert (
        warnings({"total": 1000}, dt.date(2024, 1, 1), dt.date(2024, 12, 31), earlier[:1]) == []
    )  # too little history
