"""Test data factories: build records through the service layer, with overridable defaults."""

from __future__ import annotations

import datetime as dt

from registry import permissions
from registry.models import ModelExampleCreate
from registry.records import writes

DEFAULTS = dict(
    kind="collective",
    title="Tuyến phố văn minh",
    holder_name="Chi bộ thôn Đông",
    unit="380",
    field="economy",
    bloc="state",
    registered_on=dt.date(2023, 5, 1),
)


def example_input(**overrides) -> ModelExampleCreate:
    return ModelExampleCreate(**{**DEFAULTS, **overrides})


def make_example(session, actor=permissions.SYSTEM, **overrides):
    """Create one record (committed) and return it."""
    example = writes.create_example(session, example_input(**overrides), actor)
    session.commit()
    return example
