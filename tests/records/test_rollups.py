"""The summary rollups always equal a GROUP BY over the live records, after any random sequence
of writes (property-based, on SQLite and PostgreSQL). The replication summaries (flows, families,
time to first copy) are checked against counts computed here in plain Python from the records,
after writes that include edits of an origin's unit, deletes and restores of origins and copies,
copies of copies and re-rooting a subtree. Confirmations and rejections of suggested links go
through the real review code (registry/replication/review.py) among the random writes."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql
from sqlmodel import Session

from registry.errors import RegistryError
from registry.models import ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import bulk, rollups, writes
from registry.replication import review
from registry.replication.store import recompute_all
from tests.support.factories import example_input
from tests.support.rollups_check import check_all

UNITS = ["380", "405", "38", "399", "402", "405/L16381"]  # "unit/commune"
FIELDS = ["economy", "culture_society", "defence_security", "political_system"]
# few titles, so that records of other units share them and the suggester proposes origins
TITLES = ["Bản sáng vùng biên", "Mô hình “Bản sáng vùng biên”", "Đèn đường năng lượng mặt trời", "Tuyến phố văn minh"]


def _unit(value):
    unit, _, commune = value.partition("/")
    return dict(unit=unit, commune=commune or None)


create_op = st.tuples(
    st.just("create"),
    st.sampled_from(UNITS),
    st.sampled_from(FIELDS),
    st.sampled_from(["collective", "individual"]),
    st.integers(2021, 2024),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 30)),
    st.integers(1, 330),
    st.booleans(),
    st.sampled_from(TITLES),
)
update_op = st.tuples(st.just("update"), st.integers(0, 30), st.sampled_from(FIELDS), st.sampled_from(UNITS))
reparent_op = st.tuples(st.just("reparent"), st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30)))
stage_op = st.tuples(st.just("stage"), st.integers(0, 30))
delete_op = st.tuples(st.just("delete"), st.integers(0, 30))
restore_op = st.tuples(st.just("restore"), st.integers(0, 30))
bulk_op = st.tuples(
    st.just("bulk"),
    st.integers(1, 4),
    st.sampled_from(UNITS),
    st.sampled_from(FIELDS),
    st.one_of(st.none(), st.integers(0, 30)),
)
suggest_op = st.tuples(st.just("suggest"))
confirm_op = st.tuples(st.just("confirm"), st.integers(0, 30), st.integers(1, 2))
reject_op = st.tuples(st.just("reject"), st.integers(0, 30))
ops = st.lists(
    st.one_of(
        create_op,
        create_op,
        update_op,
        reparent_op,
        stage_op,
        delete_op,
        restore_op,
        bulk_op,
        suggest_op,
        confirm_op,
        confirm_op,
        reject_op,
    ),  # fmt: skip
    min_size=1,
    max_size=16,
)


def decide(session, op):
    """Confirm (one or two at once) or reject pending suggestions through the review code, as the
    page does; the suggestions are recomputed first when none waits."""
    queue = review.pending(session, actor=SYSTEM)
    if not queue:
        recompute_all(session)
        queue = review.pending(session, actor=SYSTEM)
    if not queue:
        return
    first = op[1] % len(queue)
    if op[0] == "reject":
        chosen = queue[first]
        review.reject(session, chosen.id, actor=SYSTEM)
        recompute_all(session)  # a rejected pair never comes back
        assert all(
            (p.copy.id, p.origin.id) != (chosen.copy.id, chosen.origin.id)
            for p in review.pending(session, actor=SYSTEM)
        )
        return
    # one suggestion per copy in a selection, as the page offers them
    picked, copies = [], set()
    for p in queue[first:] + queue[:first]:
        if p.copy.id not in copies and len(picked) < op[2]:
            picked.append(p)
            copies.add(p.copy.id)
    assert review.confirm_many(session, [p.id for p in picked], actor=SYSTEM) == len(picked)
    for p in picked:
        assert writes.get_live(session, p.copy.id).replicated_from_id == p.origin.id


def apply_op(session, op, ids):
    kind = op[0]
    try:
        with session.begin_nested():
            if kind == "create":
                _, unit, field, k, year, sample, origin, day_of_year, programme, title = op
                day = min(dt.date(year, 1, 1) + dt.timedelta(days=day_of_year), dt.date(year, 11, 30))
                origin_id = ids[origin % len(ids)] if origin is not None and ids else None
                ex = writes.create_example(
                    session,
                    example_input(
                        **_unit(unit),
                        title=title,
                        field=field,
                        kind=k,
                        registered_on=day,
                        is_sample=sample,
                        replicated_from=origin_id,
                        programme="friendly_government" if programme else None,
                    ),
                    actor=SYSTEM,
                )
                ids.append(ex.id)
            elif kind == "bulk":
                _, n, unit, field, origin = op
                origin_id = ids[origin % len(ids)] if origin is not None and ids else None
                ids += bulk.bulk_insert(
                    session,
                    [
                        example_input(
                            **_unit(unit), field=field, replicated_from=origin_id, registered_on=dt.date(2024, 6, 1 + i)
                        )
                        for i in range(n)
                    ],
                    actor=SYSTEM,
                )
            elif kind == "suggest":
                recompute_all(session)
            elif kind in ("confirm", "reject"):
                decide(session, op)
            elif ids:
                target = ids[op[1] % len(ids)]
                ex = writes.get_live(session, target, allow_deleted=True)
                if kind == "update":
                    unit = _unit(op[3])
                    writes.update_example(
                        session, target, ModelExampleUpdate(version=ex.version, field=op[2], **unit), actor=SYSTEM
                    )
                elif kind == "reparent":
                    parent = ids[op[2] % len(ids)] if op[2] is not None else None
                    writes.update_example(
                        session, target, ModelExampleUpdate(version=ex.version, replicated_from=parent), actor=SYSTEM
                    )
                elif kind == "stage":
                    writes.change_stage(session, target, "effective", on=dt.date(2024, 12, 1), actor=SYSTEM)
                elif kind == "delete":
                    writes.delete_example(session, target, actor=SYSTEM)
                elif kind == "restore":
                    writes.restore_example(session, target, actor=SYSTEM)
    except RegistryError:
        pass  # refused writes must leave no trace either


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=ops)
def test_summary_equals_group_by_after_random_writes(db, ops):
    with Session(db) as session:
        try:
            ids: list[int] = []
            for op in ops:
                apply_op(session, op, ids)
            session.flush()
            check_all(session)
            rollups.rebuild(session)  # the rebuild path agrees too
            check_all(session)
        finally:
            session.rollback()


def test_replication_summaries_follow_origin_edits_deletes_and_reroots(session):
    """A hand-made family through every careful case, checked after each write."""

    def make(**kw):
        ex = writes.create_example(session, example_input(**kw), actor=SYSTEM)
        session.flush()
        check_all(session)
        return ex

    def edit(ex_id, **kw):
        ex = writes.get_live(session, ex_id, allow_deleted=True)
        writes.update_example(session, ex_id, ModelExampleUpdate(version=ex.version, **kw), actor=SYSTEM)
        session.flush()
        check_all(session)

    origin = make(unit="388", registered_on=dt.date(2022, 1, 10))
    a = make(unit="384", registered_on=dt.date(2022, 2, 1), replicated_from=origin.id)  # the first copy
    b = make(unit="385", registered_on=dt.date(2022, 3, 1), replicated_from=a.id)  # a copy of a copy
    other = make(unit="399", registered_on=dt.date(2021, 5, 1))
    assert b.origin_id == origin.id
    flows = {(r[0], r[1]) for r in session.execute(sql("SELECT origin_place_id, place_id FROM summary_flow"))}
    assert len(flows) == 2 and {o for o, _p in flows} == {origin.unit_id}
    edit(origin.id, unit="386")  # the origin's unit changes the flow keys of all its copies
    assert {r[0] for r in session.execute(sql("SELECT origin_place_id FROM summary_flow"))} == {origin.unit_id}
    # the first copy goes (an admin keeps its own copies): the time to first copy moves
    writes.delete_example(session, a.id, actor=SYSTEM, keep_copies=True)
    session.flush()
    check_all(session)
    # the origin goes (an admin keeps its copies): no flows, still a family
    writes.delete_example(session, origin.id, actor=SYSTEM, keep_copies=True)
    session.flush()
    check_all(session)
    assert session.execute(sql("SELECT COUNT(*) FROM summary_flow")).scalar() == 0
    assert session.execute(sql("SELECT SUM(n) FROM summary_family_total")).scalar() == 1
    writes.restore_example(session, origin.id, actor=SYSTEM)
    writes.restore_example(session, a.id, actor=SYSTEM)
    session.flush()
    check_all(session)
    edit(a.id, replicated_from=other.id)  # re-root a subtree: a and b move to other's family
    assert session.execute(sql(f"SELECT origin_id FROM model_example WHERE id = {b.id}")).scalar() == other.id
    edit(a.id, replicated_from=None)  # a becomes an origin of its own, with b as its copy
    edit(origin.id, commune="L16381", unit="405")  # an origin with a commune: its place is the commune
    bulk.bulk_insert(
        session,
        [example_input(unit="380", replicated_from=a.id, registered_on=dt.date(2023, 1, 1 + i)) for i in range(3)],
        actor=SYSTEM,
    )
    session.flush()
    check_all(session)
    session.rollback()


def test_confirm_and_reject_ops_link_copies_and_keep_the_rollups(session):
    """The property's confirm and reject ops do what they say: with four records of one title in
    four units, one rejection and two confirmations link two copies, and the rollups still equal
    a recount."""
    ids: list[int] = []
    for unit, year in (("380", 2021), ("405", 2022), ("399", 2023), ("402", 2024)):
        apply_op(session, ("create", unit, "economy", "collective", year, False, None, 10, False, TITLES[0]), ids)
    apply_op(session, ("suggest",), ids)
    apply_op(session, ("reject", 0), ids)
    apply_op(session, ("confirm", 0, 2), ids)
    session.flush()
    linked = session.execute(sql("SELECT COUNT(*) FROM model_example WHERE replicated_from_id IS NOT NULL")).scalar()
    assert linked == 2
    check_all(session)
    session.rollback()
