"""Replication semantics on a small hand-made family."""

import datetime as dt

from registry.permissions import SYSTEM
from registry.queries import replication
from registry.records import writes
from tests.support.factories import make_example


def test_spread_counts_distinct_units_of_the_family(session):
    origin = make_example(session, unit="388", title="Bản sáng vùng biên", registered_on=dt.date(2024, 1, 10))
    c1 = make_example(
        session, unit="384", title="Bản sáng vùng biên", registered_on=dt.date(2024, 3, 1), replicated_from=origin.id
    )
    c2 = make_example(session, unit="385", registered_on=dt.date(2024, 4, 1), replicated_from=c1.id)  # copy of a copy
    make_example(session, unit="384", registered_on=dt.date(2024, 5, 1), replicated_from=origin.id)  # same unit again
    make_example(session, unit="386", registered_on=dt.date(2024, 5, 1))  # unrelated
    assert c2.origin_id == origin.id  # transitively in the origin's family
    members = replication.family_members(session, example_id=c2.id)
    assert [m.id for m in members][0] == origin.id and len(members) == 4
    assert replication.spread(session, example_id=origin.id) == 3  # Lang Chánh, Mường Lát, Quan Hóa
    assert replication.spread(session, example_id=c1.id) == 3


def test_spread_in_the_districts_2025_view_merges_dong_son(session):
    origin = make_example(session, unit="405", registered_on=dt.date(2022, 1, 10))
    make_example(session, unit="380", registered_on=dt.date(2022, 2, 1), replicated_from=origin.id)
    assert replication.spread(session, example_id=origin.id, view="then") == 2
    assert replication.spread(session, example_id=origin.id, view="districts-2025") == 1


def test_deleted_copies_leave_the_family(session):
    origin = make_example(session, unit="388", registered_on=dt.date(2024, 1, 10))
    copy = make_example(session, unit="384", registered_on=dt.date(2024, 3, 1), replicated_from=origin.id)
    writes.delete_example(session, copy.id, actor=SYSTEM)
    session.commit()
    assert replication.spread(session, example_id=origin.id) == 1
