"""The chart pipeline (registry/charts/pipeline.py): build_chart is its steps, each once; today and
the figure options are passed, never guessed; an unknown chart, title or option is an error."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from registry.charts import pipeline
from registry.charts.specs import CHARTS
from registry.config import PROJECT_ROOT
from registry.i18n import catalog, t
from registry.queries.filters import Filters
from registry.queries.labels import Labels
from tests.support.factories import make_example

TODAY = dt.date(2025, 12, 1)


@pytest.fixture
def filled(sqlite_session):
    for i in range(5):
        make_example(sqlite_session, field="economy", unit="380", registered_on=dt.date(2023, 3, 1 + i))
    make_example(sqlite_session, field="culture_society", unit="380", registered_on=dt.date(2025, 2, 1))
    return sqlite_session


def test_every_chart_is_its_steps(filled):
    filters = Filters(year_from=2023, year_until=2025)
    labels = Labels.load(filled, "en")
    for slug, spec in CHARTS.items():
        chart = pipeline.build_chart(filled, slug, filters, lang="en", today=TODAY)
        frame = pipeline.chart_frame(filled, slug, filters, labels.codes, today=TODAY)
        figure = pipeline.chart_figure(slug, frame, filters, labels, today=TODAY)
        assert chart.frame.equals(frame), slug
        assert chart.figure.to_json() == figure.to_json(), slug
        assert chart.table.equals(pipeline.chart_table(frame, filters, labels, today=TODAY)), slug
        assert chart.title == t(spec.title_key, "en") and chart.lang == "en"
        assert chart.finding and "<br>" not in chart.finding, slug
        with pytest.raises(dataclasses.FrozenInstanceError):
            chart.title = "x"  # type: ignore[misc]


def test_today_is_passed_to_the_builders(filled):
    """The same registry on two days: the year that runs on is labelled from the day given."""
    filters = Filters(year_from=2023, year_until=2025)
    running = pipeline.build_chart(filled, "theo-nam", filters, lang="vi", today=TODAY)
    later = pipeline.build_chart(filled, "theo-nam", filters, lang="vi", today=dt.date(2026, 1, 5))
    assert "2025*" in list(running.figure.data[0].x)
    assert "* 2025: số liệu đến 01/12" in running.figure.layout.title.subtitle.text.replace("<br>", " ")
    assert "2025" in list(later.figure.data[0].x)
    assert list(running.table["year_note"])[-1] == "chưa trọn năm: tính đến 01/12/2025"
    assert "year_note" not in later.table.columns


def test_the_options_are_the_charts_own(filled):
    filters = Filters()
    per_commune = pipeline.build_chart(filled, "ban-do-don-vi-xa", filters, lang="vi", today=TODAY)
    asked = pipeline.build_chart(
        filled, "ban-do-don-vi", filters, lang="vi", today=TODAY, options={"measure": "per_commune"}
    )
    by_count = pipeline.build_chart(filled, "ban-do-don-vi", filters, lang="vi", today=TODAY)
    assert per_commune.figure.to_json() == asked.figure.to_json() != by_count.figure.to_json()
    with pytest.raises(ValueError, match="takes no option"):
        pipeline.build_chart(filled, "theo-nam", filters, lang="vi", today=TODAY, options={"measure": "n"})


def test_an_unknown_chart_or_title_is_an_error(filled):
    with pytest.raises(KeyError):
        pipeline.build_chart(filled, "khong-co", Filters(), lang="vi", today=TODAY)
    broken = dataclasses.replace(CHARTS["theo-nam"], title_key="chart.no_such_name")
    with pytest.raises(KeyError):
        pipeline.chart_title(broken, "vi")
    for spec in CHARTS.values():
        assert spec.title_key in catalog(), spec.slug


def test_labels_in_another_language_are_refused(filled):
    with pytest.raises(ValueError):
        pipeline.build_chart(filled, "theo-nam", Filters(), lang="vi", today=TODAY, labels=Labels.load(filled, "en"))


def test_no_builder_is_inspected():
    """Builders take today and their options by name: nothing reads a signature to guess them."""
    for folder in ("registry/charts", "registry/exports", "ui"):
        for path in Path(PROJECT_ROOT / folder).glob("*.py"):
            assert "inspect" not in path.read_text(encoding="utf-8"), path


def test_the_notes_come_from_the_figure():
    figure = pipeline.go.Figure(layout={"meta": {"note_keys": ["chart.boundary.footnote", "no.such.key"]}})
    assert pipeline.figure_notes(figure) == ("chart.boundary.footnote",)  # a key not in the catalog is left out
    assert pipeline.figure_notes(pipeline.go.Figure()) == ()
    titled = pipeline.go.Figure(layout={"title": {"text": "Một<br>hai <b>ba</b>"}})
    assert pipeline.figure_finding(titled) == "Một hai  ba"
