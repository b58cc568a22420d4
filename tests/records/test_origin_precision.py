"""A copy is not older than its origin, compared at the coarser of the two dates' precisions: a
source that says only "2024" may name a copy of a model registered on 15/03/2024."""

import datetime as dt

import pytest

from registry.errors import ValidationFailed
from registry.models import ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import writes
from tests.support.factories import example_input, make_example

ORIGIN_DAY = dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    "origin_precision, copy_day, copy_precision, accepted",
    [
        ("day", dt.date(2024, 1, 1), "year", True),  # "2024": the same year
        ("day", dt.date(2024, 3, 1), "month", True),  # "03/2024": the same month
        ("day", dt.date(2024, 3, 10), "day", False),  # five days before its origin
        ("day", dt.date(2024, 2, 1), "month", False),  # "02/2024": a month before
        ("day", dt.date(2023, 1, 1), "year", False),  # "2023": a year before
        ("year", dt.date(2024, 1, 5), "day", True),  # origin "2024", copy 05/01/2024
        ("year", dt.date(2023, 12, 31), "day", False),
    ],
)
def test_copy_dates_compare_at_the_coarser_precision(session, origin_precision, copy_day, copy_precision, accepted):
    origin = make_example(
        session, title="Bản sáng vùng biên", registered_on=ORIGIN_DAY, registered_precision=origin_precision
    )
    data = example_input(
        title="Bản sáng vùng biên", unit="382", registered_on=copy_day, registered_precision=copy_precision
    )
    data.replicated_from = origin.id
    if accepted:
        copy = writes.create_example(session, data, SYSTEM)
        session.commit()
        assert copy.replicated_from_id == origin.id
    else:
        with pytest.raises(ValidationFailed) as caught:
            writes.create_example(session, data, SYSTEM)
        assert any(p.key == "error.origin_later" for p in caught.value.problems)


def test_an_edit_to_a_coarser_date_keeps_the_origin(session):
    origin = make_example(session, title="Đường hoa", registered_on=ORIGIN_DAY)
    copy = make_example(session, title="Đường hoa", unit="382", registered_on=dt.date(2024, 4, 1))
    copy = writes.update_example(
        session, copy.id, ModelExampleUpdate(version=copy.version, replicated_from=origin.id), actor=SYSTEM
    )
    session.commit()
    edited = writes.update_example(
        session,
        copy.id,
        ModelExampleUpdate(version=copy.version, registered_on=dt.date(2024, 1, 1), registered_precision="year"),
        actor=SYSTEM,
    )
    session.commit()
    assert edited.replicated_from_id == origin.id and edited.registered_precision == "year"
