"""The partial year: the current year (the period runs on past today) and a period cut at a date
are labelled "2026 (đến 01/12)" (titles, exports) or "2026*" with a note in the subtitle (the
ticks, which then fit a phone unrotated) and drawn lighter and hatched, on the partial bar only; the
growth chart compares the same part of each year; the exports say so."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from registry.charts.pipeline import build_chart
from registry.charts.words import partial_year, same_day_before, year_label
from registry.exports import bundle
from registry.permissions import Actor
from registry.queries import counts, labels
from registry.queries.filters import Filters
from tests.support.factories import make_example
from tests.support.periods import TODAY, fill_partial_years

RUNNING = Filters(year_from=2024, year_until=2026)  # the period runs on past TODAY
CUT = Filters(date_until=dt.date(2023, 10, 10))  # `--until 2023-10-10`
VIEWER = Actor("nguoi-xem", "viewer")


def build(session, slug: str, filters: Filters, lang: str = "vi", today: dt.date = TODAY):
    chart = build_chart(session, slug, filters, lang=lang, today=today)
    return chart.frame, chart.figure


@pytest.fixture
def registry(sqlite_session):
    fill_partial_years(sqlite_session)
    return sqlite_session


# --------------------------------------------------------------------------- the one rule
def test_which_year_is_partial_and_to_which_day():
    assert partial_year(RUNNING, TODAY) == (2026, TODAY)
    assert partial_year(Filters(), TODAY) is None  # 2021-2024: every year is over
    assert partial_year(Filters(year_until=2026), dt.date(2026, 12, 31)) is None  # the last day: whole
    assert partial_year(CUT, TODAY) == (2023, dt.date(2023, 10, 10))
    assert partial_year(Filters(year_until=2027), TODAY) == (2026, TODAY)  # the future year has not begun
    assert partial_year(Filters(year_from=2027, year_until=2027), TODAY) is None
    assert same_day_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


def test_the_labels_in_both_languages():
    assert year_label(2026, RUNNING, "vi", TODAY) == "2026 (đến 01/12)"
    assert year_label(2026, RUNNING, "en", TODAY) == "2026 (to 1 Dec)"
    assert year_label(2025, RUNNING, "vi", TODAY) == "2025"
    assert year_label(2023, CUT, "vi", TODAY) == "2023 (đến 10/10)"
    assert year_label(2024, Filters(), "vi", TODAY) == "2024"


# --------------------------------------------------------------------------- charts
def test_by_year_marks_the_partial_bar_only(registry):
    _df, fig = build(registry, "theo-nam", RUNNING)
    bar = fig.data[0]
    assert list(bar.x) == ["2024", "2025", "2026*"]
    assert "* 2026: số liệu đến 01/12" in fig.layout.title.subtitle.text.replace("<br>", " ")  # the note of the *
    assert fig.layout.xaxis.tickangle == 0  # never rotated into each other on a phone
    assert list(bar.marker.opacity) == [1.0, 1.0, 0.45]
    assert list(bar.marker.pattern.shape) == ["", "", "/"]
    assert bar.marker.color == "#0072B2"  # the same colour, lighter
    title = fig.layout.title.text.replace("<br>", " ")
    assert "2026 (đến 01/12)" in title and "giảm" not in title  # no decline read off a partial year
    _df, whole = build(registry, "theo-nam", Filters(year_from=2024, year_until=2025))
    assert whole.data[0].marker.opacity is None and whole.data[0].marker.pattern.shape is None
    assert list(whole.data[0].x) == ["2024", "2025"] and "*" not in whole.layout.title.subtitle.text
    assert "giảm" in whole.layout.title.text or "tăng" in whole.layout.title.text


def test_stacked_and_replication_and_heatmap_mark_the_partial_year(registry):
    _df, fig = build(registry, "theo-linh-vuc", RUNNING, "en")
    for trace in fig.data:
        assert list(trace.x)[-1] == "2026*"
        assert list(trace.marker.opacity) == [1.0, 1.0, 0.45]
    assert "* 2026: figures to 1 Dec" in fig.layout.title.subtitle.text.replace("<br>", " ")
    _df, rep = build(registry, "nhan-rong-theo-nam", RUNNING)
    # no replications in this registry: the empty chart; with the demo data the ticks are labelled
    assert rep.data == () or list(rep.data[0].x)[-1] == "2026*"
    _df, heat = build(registry, "don-vi-theo-nam", RUNNING)
    assert list(heat.data[0].x) == ["2024", "2025", "2026*"]
    assert "* 2026: số liệu đến 01/12" in heat.layout.title.subtitle.text.replace("<br>", " ")


def test_replication_per_year_marks_the_partial_bar(registry):
    origin = make_example(registry, unit="380", registered_on=dt.date(2025, 2, 1), title="Gốc")
    for unit, day in (("394", dt.date(2025, 6, 1)), ("14758", dt.date(2026, 6, 1))):
        make_example(registry, unit=unit, registered_on=day, replicated_from=origin.id, title="Bản sao")
    _df, fig = build(registry, "nhan-rong-theo-nam", RUNNING)
    bars, line = fig.data
    assert list(bars.x) == list(line.x) == ["2024", "2025", "2026*"]
    assert list(bars.marker.opacity) == [1.0, 1.0, 0.45]


def test_growth_compares_the_same_part_of_each_year(registry):
    df, fig = build(registry, "tang-truong", RUNNING)
    last = df.iloc[-1]
    assert (last["year"], last["n"], last["previous"]) == (2026, 7, 6)  # 2025 counted to 1 Dec only
    assert last["growth"] == pytest.approx(7 / 6 - 1)
    assert last["until"] == TODAY
    whole = df.iloc[-2]  # 2025 against the whole of 2024
    assert (whole["n"], whole["previous"], whole["until"]) == (10, 2, None)
    title = fig.layout.title.text.replace("<br>", " ")
    assert title.startswith("Năm 2026 (đến 01/12) tăng") and "cùng kỳ" in title
    assert "01/01–01/12" in fig.layout.title.subtitle.text.replace("<br>", " ")
    assert list(fig.data[0].marker.opacity) == [1.0, 0.45]


def test_a_period_cut_at_a_date(registry):
    make_example(registry, unit="380", registered_on=dt.date(2022, 10, 1))
    make_example(registry, unit="380", registered_on=dt.date(2022, 11, 1))
    make_example(registry, unit="380", registered_on=dt.date(2023, 10, 1))
    make_example(registry, unit="380", registered_on=dt.date(2023, 10, 20))  # after the cut
    filters = Filters(year_from=2022, date_until=dt.date(2023, 10, 10))
    _df, fig = build(registry, "theo-nam", filters)
    assert list(fig.data[0].x) == ["2022", "2023*"]
    assert "* 2023: số liệu đến 10/10" in fig.layout.title.subtitle.text.replace("<br>", " ")
    assert list(fig.data[0].marker.opacity) == [1.0, 0.45]
    df, _fig = build(
        registry, "tang-truong", Filters(year_from=2022, year_until=2023, date_until=dt.date(2023, 10, 10))
    )
    last = df.iloc[-1]
    assert (last["n"], last["previous"], last["until"]) == (1, 1, dt.date(2023, 10, 10))  # 2022 to 10 Oct: 1


# --------------------------------------------------------------------------- exports
def test_exports_say_the_year_is_partial(registry):
    name, data = bundle.chart_export(registry, "theo-nam", "csv", RUNNING, "vi", actor=VIEWER, today=TODAY)
    text = data.decode("utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert header.split(",")[:3] == ["Năm", "Ghi chú năm", "n"] or "Ghi chú năm" in header
    assert rows[-1].startswith("2026,chưa trọn năm: tính đến 01/12/2026")
    assert rows[0].startswith("2024,,")
    _name, xlsx = bundle.chart_export(registry, "theo-nam", "xlsx", RUNNING, "vi", actor=VIEWER, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "số liệu năm 2026 tính đến 01/12/2026" in cells
    assert any("2026 (đến 01/12)" in c for c in cells)  # the finding (the chart's title)
    _name, whole = bundle.chart_export(registry, "theo-nam", "csv", Filters(), "vi", actor=VIEWER, today=TODAY)
    assert "Ghi chú năm" not in whole.decode("utf-8-sig")


def test_the_bundle_readme_says_the_year_is_partial(registry):
    _name, data, _reason = bundle.bundle_zip(
        registry, ["theo-nam"], RUNNING, "vi", actor=Actor("bien-tap", "admin"), images=False, today=TODAY
    )
    readme = zipfile.ZipFile(io.BytesIO(data)).read("README.txt").decode("utf-8-sig")
    assert "số liệu năm 2026 tính đến 01/12/2026" in readme
    assert "the figures for 2026 run to 2026-12-01 only" in readme


def test_the_overview_headline_compares_the_same_part_of_the_year_before(registry):
    names = labels.Labels.load(registry, "vi")
    h = counts.headline(registry, filters=RUNNING, labels=names, partial=partial_year(RUNNING, TODAY))
    assert (h["last_year"], h["last_year_n"], h["year_before"], h["year_before_n"]) == (2026, 7, 2025, 6)
    assert h["partial_until"] == TODAY
    whole = counts.headline(registry, filters=RUNNING, labels=names)  # no partial year given: whole years
    assert (whole["year_before_n"], whole["partial_until"]) == (10, None)
