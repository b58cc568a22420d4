"""The URL codec drops control characters from every parameter (``/overview?unit=%00``), so that
no NUL byte reaches a query or a warning (issue 11, section 6)."""

from __future__ import annotations

from registry.queries.filters import Filters, filters_from_query


def test_control_characters_in_parameters_are_dropped():
    params = {"unit": "380\x00,\x00405", "from": "2022\x00", "view": "new-units\x1b", "sample": "\x000", "kind": "\x00"}
    filters, bad = filters_from_query(params, {"units": {"380", "405"}})
    assert bad == []
    assert filters == Filters(units=("380", "405"), year_from=2022, view="new-units", include_sample=False)


def test_a_bad_value_is_reported_without_its_control_characters():
    _filters, bad = filters_from_query({"stage": "bogus\x00\x07"})
    assert bad == [("stage", "bogus")]
