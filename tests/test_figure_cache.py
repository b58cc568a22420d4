"""The figure cache (issue 14): a rerun draws a chart without building its figure again; a write,
another language or other figure options build it anew; what is drawn is what plotly built."""

import dataclasses
import json

import plotly.graph_objects as go
import pytest
from plotly.tools import return_figure_from_figure_or_data
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from registry.charts import specs
from registry.config import PROJECT_ROOT
from registry.db import make_engine
from registry.i18n import t
from registry.permissions import SYSTEM
from registry.records import bulk, writes
from registry.schema import init
from tests.support.factories import example_input
from ui.charts import BuiltFigure


def test_streamlit_takes_a_built_figure_as_it_is():
    """st.plotly_chart asks a plotly figure for its dict and validates only other inputs: a cached
    figure is neither rebuilt nor copied (a plotly or Streamlit upgrade that changes this fails here)."""
    spec = go.Figure(go.Bar(x=[2021, 2022], y=[3, 4])).to_dict()
    assert return_figure_from_figure_or_data(BuiltFigure(spec), validate_figure=True) is spec


@pytest.fixture
def small_registry(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'figures.db'}"
    engine = make_engine(url)
    init(engine)
    with Session(engine) as s:
        bulk.bulk_insert(s, [example_input(title=f"Mô hình {i}", year=2023) for i in range(40)], actor=SYSTEM)
        s.commit()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PUBLIC_DASHBOARD", "true")
    yield engine
    engine.dispose()


@pytest.fixture
def builds(monkeypatch):
    """Counts the figure builds of the by-year chart (drawn on the overview)."""
    import streamlit as st

    st.cache_data.clear()
    calls: list[str] = []
    original = specs.CHARTS["theo-nam"]

    def counting(df, filters, labels, **options):
        calls.append(labels.lang)
        return original.figure(df, filters, labels, **options)

    monkeypatch.setitem(specs.CHARTS, "theo-nam", dataclasses.replace(original, figure=counting))
    yield calls
    st.cache_data.clear()


def _titles(at: AppTest) -> list[str]:
    """The chart titles as drawn (the plotly specs the browser gets), lines joined."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in at.get("plotly_chart")]


def test_a_rerun_draws_from_the_cache_and_a_write_rebuilds(small_registry, builds):
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert builds == ["vi"]
    first = [c.proto.spec for c in at.get("plotly_chart")]
    at.run()  # a rerun, as a click elsewhere on the page makes
    assert builds == ["vi"], "the rerun built the figure again"
    assert [c.proto.spec for c in at.get("plotly_chart")] == first  # drawn the same, from the cache
    assert t("chart.by_year.title", "vi", year=2023, n="40") in _titles(at)

    with Session(small_registry) as s:  # a write (any server): the change counter moves
        writes.create_example(s, example_input(title="Mô hình mới", year=2023), actor=SYSTEM)
        s.commit()
    at.run()
    assert builds == ["vi", "vi"], "a write did not rebuild the figure"
    assert t("chart.by_year.title", "vi", year=2023, n="41") in _titles(at)


def test_each_language_has_its_own_figure(small_registry, builds):
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120).run()
    vi_specs = [c.proto.spec for c in at.get("plotly_chart")]
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert builds == ["vi", "en"]
    en_specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert en_specs != vi_specs
    assert t("chart.records", "en") in " ".join(en_specs)
    assert t("chart.records", "vi") in " ".join(vi_specs)


def test_figure_options_are_part_of_the_key(small_registry, monkeypatch):
    """The spread page's measure switch: each measure has its own cached figure, and the figure
    drawn is the one of that measure."""
    import datetime as dt

    import streamlit as st

    from registry.queries.filters import Filters
    from ui import charts, readers

    st.cache_data.clear()
    calls: list[str] = []
    original = specs.CHARTS["ban-do-don-vi"]

    def counting(df, filters, labels, **options):
        calls.append(options.get("measure", "n"))
        return original.figure(df, filters, labels, **options)

    monkeypatch.setitem(specs.CHARTS, "ban-do-don-vi", dataclasses.replace(original, figure=counting))
    key, today = readers.key_of(Filters()), dt.date.today()
    by_count = charts._figure_json("ban-do-don-vi", key, (("measure", "n"),), None, False, "vi", 1, today)
    again = charts._figure_json("ban-do-don-vi", key, (("measure", "n"),), None, False, "vi", 1, today)
    by_rate = charts._figure_json("ban-do-don-vi", key, (("measure", "per_commune"),), None, False, "vi", 1, today)
    assert calls == ["n", "per_commune"]
    assert again == by_count and by_rate != by_count
    st.cache_data.clear()
