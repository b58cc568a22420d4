"""The search text of browse (issue 11, section 6): control characters are dropped (``q=%00``
made PostgreSQL raise a DataError) and a search is capped, so that a thousand words never reach
the database as a thousand LIKEs ("Expression tree is too large")."""

from __future__ import annotations

import pytest

from registry.queries import listing
from registry.queries.filters import Filters
from tests.support.factories import make_example

ALL = Filters(year_from=2021, year_until=2025)


@pytest.fixture
def two(session):
    make_example(session, title="Tuyến phố văn minh")
    make_example(session, title="Bản sáng vùng biên", unit="405")
    return session


@pytest.mark.parametrize("query", ["\x00", "phố\x00", "\x00văn minh", "tuyến\x1b phố", "văn\x7f minh"])
def test_a_search_with_control_characters_runs_on_every_backend(two, query):
    page = listing.browse(two, filters=ALL, query=query)
    titles = {r["title"] for r in page.rows}
    assert titles == ({"Tuyến phố văn minh", "Bản sáng vùng biên"} if query == "\x00" else {"Tuyến phố văn minh"})
    assert listing.find_examples(two, query=query)


def test_a_search_of_a_thousand_words_is_capped_and_runs(two):
    query = " ".join(f"phố{i}" for i in range(1_500)) + " văn"
    page = listing.browse(two, filters=ALL, query=query)
    assert page.total == 0 and page.rows == []
    assert listing.find_examples(two, query=query) == []
    # the same words repeated count once: a long query of one word still finds it
    assert [r["title"] for r in listing.browse(two, filters=ALL, query="phố " * 1_000).rows] == ["Tuyến phố văn minh"]


def test_search_words_are_folded_distinct_and_capped():
    assert listing.search_words("  Phố\x00  PHỐ văn ") == ["pho", "van"]
    assert listing.search_words(None) == []
    many = listing.search_words(" ".join(f"w{i}" for i in range(100)))
    assert many == [f"w{i}" for i in range(listing.MAX_SEARCH_WORDS)] and listing.MAX_SEARCH_WORDS == 20
    long = listing.search_words("x" * 5_000)
    assert long == ["x" * listing.MAX_SEARCH_CHARS] and listing.MAX_SEARCH_CHARS == 200
