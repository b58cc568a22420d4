"""The review queue: a confirmation is an audited update that keeps the rollups equal to a
recount; a unit-limited editor sees and acts on their own unit's suggestions only."""

import datetime as dt

import pytest
from sqlalchemy import select

from registry.errors import PermissionDenied
from registry.models import AdminUnit, AuditLog, ModelExample
from registry.permissions import SYSTEM, Actor
from registry.records import rollups
from registry.records.rollups import ROLLUPS
from registry.replication import review
from registry.replication.store import recompute_all
from tests.support.factories import make_example

DAY = dt.date(2022, 3, 1)


def tables(session):
    out = {}
    for model, _dims in ROLLUPS:
        rows = session.execute(select(model.__table__)).all()
        out[model.__tablename__] = sorted(tuple(r[1:]) for r in rows if r[-1])
    return out


def setup(s):
    origin = make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY)
    copy_a = make_example(s, unit="384", title="Bản sáng vùng biên", registered_on=DAY.replace(2023))
    o2 = make_example(s, unit="380", title="Đèn đường năng lượng mặt trời", registered_on=DAY)
    copy_b = make_example(s, unit="388", title="Đèn đường năng lượng mặt trời", registered_on=DAY.replace(2023))
    recompute_all(s)
    s.commit()
    return origin, copy_a, o2, copy_b


def test_confirm_is_an_audited_update_and_rollups_match_a_recount(sqlite_session):
    s = sqlite_session
    origin, copy_a, o2, copy_b = setup(s)
    queue = review.pending(s, actor=SYSTEM)
    assert [p.copy.id for p in queue][:2] and {p.copy.id for p in queue} >= {copy_a.id, copy_b.id}
    chosen = [p.id for p in queue if (p.copy.id, p.origin.id) in {(copy_a.id, origin.id), (copy_b.id, o2.id)}]
    assert review.confirm_many(s, chosen, actor=Actor("ed", "editor")) == 2
    s.commit()
    assert s.get(ModelExample, copy_a.id).replicated_from_id == origin.id
    assert s.get(ModelExample, copy_b.id).replicated_from_id == o2.id
    audit = s.execute(select(AuditLog).where(AuditLog.entity_id == copy_a.id)).scalars().all()
    assert [a.action for a in audit][-1] == "update" and audit[-1].user == "ed"
    kept = tables(s)
    rollups.rebuild(s)
    assert tables(s) == kept
    assert all(p.copy.id not in (copy_a.id, copy_b.id) for p in review.pending(s, actor=SYSTEM))


def test_a_unit_limited_editor_sees_and_acts_on_their_unit_only(sqlite_session):
    s = sqlite_session
    origin, copy_a, o2, copy_b = setup(s)
    unit_384 = s.execute(select(AdminUnit).where(AdminUnit.code == "384")).scalar_one()
    editor = Actor("ml", "editor", unit_id=unit_384.id)
    mine = review.pending(s, actor=editor)
    assert mine and {p.copy.id for p in mine} == {copy_a.id}
    other = next(p for p in review.pending(s, actor=SYSTEM) if p.copy.id == copy_b.id)
    with pytest.raises(PermissionDenied):
        review.confirm(s, other.id, actor=editor)
    s.rollback()
    with pytest.raises(PermissionDenied):
        review.reject(s, other.id, actor=editor)
    s.rollback()
    assert review.pending_count(s) == len(review.pending(s, actor=SYSTEM))
