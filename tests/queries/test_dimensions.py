"""Every filter dimension of registry.dimensions, on every path that lists them: the URL round
trip, the CLI option, the sidebar widget, the words and the file name, and the rollups answering
like the records table (counts and replication) under a filter on that dimension alone."""

from __future__ import annotations

import pytest
import typer
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from registry.charts.words import describe_filters
from registry.cli.filters import FilterValues, build_filters
from registry.cli.main import app
from registry.config import PROJECT_ROOT
from registry.db import make_engine
from registry.dimensions import DIMENSIONS, Dimension
from registry.exports.formats import filters_slug, slugify
from registry.i18n import t
from registry.queries import replication
from registry.queries.counts import count_by, total
from registry.queries.filters import Filters, filters_from_query, filters_to_query
from registry.reference import snapshot
from tests.support.dashboard_data import build
from tests.support.databases import fresh_sqlite

# a value of each dimension that the test world (tests/support/dashboard_data) holds but not everywhere
VALUES: dict[str, object] = {
    "field": "economy",
    "kind": "individual",
    "bloc": "state",
    "unit": "380",
    "stage": "effective",
    "programme": "friendly_government",
    "sample": False,
}
IDS = [d.param for d in DIMENSIONS]
GROUPS = [("year",), ("unit",), ("field_id", "kind"), ("stage", "is_replication"), ("bloc_id", "programme_id")]


def value_of(dim: Dimension):
    return VALUES[dim.param]


def only(dim: Dimension, **period) -> Filters:
    """Filters that restrict ``dim`` alone."""
    value = value_of(dim)
    return Filters(**period, **{dim.attr: value if dim.flag else (value,)})


def test_every_dimension_has_a_value_here_and_a_field_in_filters():
    assert set(VALUES) == {d.param for d in DIMENSIONS}
    assert {d.attr for d in DIMENSIONS} <= set(Filters.__dataclass_fields__)


@pytest.mark.parametrize("dim", DIMENSIONS, ids=IDS)
def test_the_url_round_trip(dim):
    f = only(dim)
    query = filters_to_query(f)
    assert list(query) == [dim.param]
    assert filters_from_query(query) == (f, [])
    assert filters_from_query({dim.param: "no-such-code" if not dim.flag else "2"}, {dim.attr: set()})[1] == [
        (dim.param, "no-such-code" if not dim.flag else "2")
    ]


@pytest.mark.parametrize("dim", DIMENSIONS, ids=IDS)
def test_the_cli_option(dim, sqlite_session):
    command = typer.main.get_command(app).commands["export"]  # type: ignore[attr-defined]
    flags = {flag for p in command.params for flag in (*p.opts, *p.secondary_opts)}
    assert set(dim.option.split("/")) <= flags
    value = value_of(dim)
    expected = only(dim, year_from=2021, year_until=2024)

    def typed(given) -> Filters:
        return build_filters(sqlite_session, FilterValues("2021", "2024", chosen={dim.param: given}))

    assert typed(value if dim.flag else [value]) == expected
    if dim.table:  # a name, as a user types it, works as well as the code
        name = next(key for key, code in snapshot(sqlite_session).lookup(dim).items() if code == value != key)
        assert typed([name]) == expected


@pytest.fixture(scope="module")
def sidebar(demo_url):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", demo_url)
        mp.setenv("PUBLIC_DASHBOARD", "true")
        at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120).run()
        assert not at.exception
        at.demo_url = demo_url
        yield at


@pytest.mark.parametrize("dim", DIMENSIONS, ids=IDS)
def test_the_sidebar_widget(dim, sidebar):
    widget = sidebar.toggle(key=dim.widget_key) if dim.flag else sidebar.multiselect(key=dim.widget_key)
    assert widget.label == t(dim.label_key, "vi")
    if not dim.flag:  # every choice of the reference snapshot, by its name
        engine = make_engine(sidebar.demo_url)
        with Session(engine) as session:
            assert widget.options == list(snapshot(session).choices(dim, "vi").values())
        engine.dispose()


@pytest.mark.parametrize("dim", DIMENSIONS, ids=IDS)
def test_the_words_and_the_file_name(dim, sqlite_session):
    labels = snapshot(sqlite_session).labels("vi")
    names = labels.filter_names()
    words = describe_filters(only(dim), "vi", names)
    if dim.flag:
        assert t("filters.desc.no_sample", "vi") in words
        return
    code = str(value_of(dim))
    name = t(f"{dim.words}.{code}", "vi") if dim.words else names[dim.attr][code]
    assert f"{t(dim.label_key, 'vi').lower()}: {name}" in words
    slug = filters_slug(only(dim), "vi", snapshot(sqlite_session).file_names("vi"))
    if dim.in_file_name:
        assert slugify(name.split("(")[-1].rstrip(")")) in slug
    elif dim.param == "unit":
        assert slug.startswith(slugify(labels.unit_by_code(code).short_name))


@pytest.fixture(scope="module")
def world(sqlite_template):
    engine = fresh_sqlite(sqlite_template)
    with Session(engine) as session:
        build(session, n=60, seed=11)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("period", [(2021, 2024), (2022, 2023)], ids=["2021-2024", "2022-2023"])
@pytest.mark.parametrize("dim", DIMENSIONS, ids=IDS)
def test_the_rollups_answer_like_the_records(dim, period, world):
    f = only(dim, year_from=period[0], year_until=period[1])
    with Session(world) as session:
        everything = total(session, filters=Filters(year_from=period[0], year_until=period[1]))
        assert 0 < total(session, filters=f) < everything  # the filter restricts, and leaves some
        for group in GROUPS:
            assert count_by(session, filters=f, group=group) == count_by(
                session, filters=f, group=group, source="records"
            ), group
        for view in ("then", "new-units"):
            g = f.with_(view=view)
            flows = replication.replication_flows(session, filters=g)
            assert flows == replication.replication_flows(session, filters=g, force_records=True)
            days = replication.days_to_first_copy(session, filters=g)
            assert days == replication.days_to_first_copy(session, filters=g, force_records=True)
            top = replication.most_replicated(session, filters=g, limit=5)
            assert top == replication.most_replicated(session, filters=g, limit=5, force_records=True)
