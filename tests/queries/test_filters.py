"""The dashboard filters round-trip through URL query parameters; bad values are reported."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from registry.models import KINDS, STAGES, VIEWS
from registry.queries.filters import Filters, filters_from_query, filters_to_query

KNOWN = {
    "fields": {"economy", "culture_society", "defence_security", "political_system"},
    "blocs": {"party", "state", "front"},
    "units": {"38", "380", "405", "14758"},
    "programmes": {"friendly_government"},
}


def subset(values):
    return st.lists(st.sampled_from(sorted(values)), unique=True, max_size=3).map(tuple)


@st.composite
def filters(draw):
    a = draw(st.integers(2009, 2030))
    b = draw(st.integers(a, 2030))
    date_from = draw(st.none() | st.dates(dt.date(a, 1, 2), dt.date(a, 12, 31)))
    date_until = draw(st.none() | st.dates(dt.date(b, 1, 1), dt.date(b, 12, 30)))
    if date_from and date_until and date_from > date_until:
        date_until = None
    return Filters(
        year_from=a,
        year_until=b,
        date_from=date_from,
        date_until=date_until,
        fields=draw(subset(KNOWN["fields"])),
        kinds=draw(subset(KINDS)),
        blocs=draw(subset(KNOWN["blocs"])),
        units=draw(subset(KNOWN["units"])),
        stages=draw(subset(STAGES)),
        programmes=draw(subset(KNOWN["programmes"])),
        include_sample=draw(st.booleans()),
        view=draw(st.sampled_from(VIEWS)),
    )


@given(filters())
def test_round_trip(f):
    query = filters_to_query(f)
    assert all(isinstance(v, str) for v in query.values())
    back, bad = filters_from_query(query, KNOWN)
    assert bad == []
    assert back == f


def test_defaults_make_an_empty_query():
    assert filters_to_query(Filters()) == {}
    assert filters_from_query({}) == (Filters(), [])


def test_a_link_reproduces_the_view():
    query = {
        "from": "2022",
        "to": "2023",
        "field": "economy,political_system",
        "unit": "405",
        "sample": "0",
        "view": "districts-2025",
    }
    f, bad = filters_from_query(query, KNOWN)
    assert bad == []
    assert (f.year_from, f.year_until, f.fields, f.units, f.include_sample, f.view) == (
        2022,
        2023,
        ("economy", "political_system"),
        ("405",),
        False,
        "districts-2025",
    )
    assert filters_to_query(f) == query


def test_bad_values_are_dropped_and_listed():
    query = {
        "from": "20x",
        "to": "1800",
        "field": "economy,nope",
        "kind": "robot",
        "stage": "registered",
        "unit": "999",
        "sample": "maybe",
        "view": "mars",
    }
    f, bad = filters_from_query(query, KNOWN)
    assert set(bad) == {
        ("from", "20x"),
        ("to", "1800"),
        ("field", "nope"),
        ("kind", "robot"),
        ("unit", "999"),
        ("sample", "maybe"),
        ("view", "mars"),
    }
    assert f == Filters(fields=("economy",), kinds=(), stages=("registered",), units=())


def test_reversed_period_is_refused():
    f, bad = filters_from_query({"from": "2024", "to": "2022"}, KNOWN)
    assert f.year_from == 2021 and f.year_until == 2024
    assert ("to", "2022") in bad


def test_exact_dates():
    f, bad = filters_from_query({"from": "2023-01-01", "to": "2023-10-10"}, KNOWN)
    assert bad == []
    assert f.start == dt.date(2023, 1, 1) and f.end == dt.date(2023, 10, 10)
    assert f.date_from is None and f.date_until == dt.date(2023, 10, 10)
    assert filters_to_query(f) == {"from": "2023", "to": "2023-10-10"}
