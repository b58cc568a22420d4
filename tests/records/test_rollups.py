"""The summary rollups always equal a GROUP BY over the live records, after any random sequence
of writes (property-based, on SQLite and PostgreSQL). The replication summaries (flows, families,
time to first copy) are checked against counts computed here in plain Python from the records,
after writes that include edits of an origin's unit, deletes and restores of origins and copies,
copies of copies and re-rooting a subtree."""

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql
from sqlmodel import Session

from registry.errors import RegistryError
from registry.models import ModelExampleUpdate
from registry.permissions import SYSTEM
from registry.records import bulk, rollups, writes
from registry.rollup_tables import REPLICATION_ROLLUPS, ROLLUPS
from tests.support.factories import example_input

UNITS = ["380", "405", "38", "399", "402", "405/L16381"]  # "unit/commune"
FIELDS = ["economy", "culture_society", "defence_security", "political_system"]


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
ops = st.lists(
    st.one_of(create_op, create_op, update_op, reparent_op, stage_op, delete_op, restore_op, bulk_op),
    min_size=1,
    max_size=16,
)


def expected(session, dims):
    place = "COALESCE(commune_id, unit_id)"
    exprs = {
        "place_id": place,
        "is_replication": "CASE WHEN replicated_from_id IS NULL THEN 0 ELSE 1 END",
        "is_sample": "CASE WHEN is_sample THEN 1 ELSE 0 END",
        "programme_id": "COALESCE(programme_id, 0)",
    }
    cols = ", ".join(exprs.get(d, d) for d in dims)
    rows = session.execute(sql(f"SELECT {cols}, COUNT(*) FROM model_example WHERE NOT deleted GROUP BY {cols}")).all()
    return sorted(tuple(r) for r in rows)


def actual(session, model, dims):
    cols = ", ".join(dims)
    rows = session.execute(sql(f"SELECT {cols}, n FROM {model.__tablename__} WHERE n <> 0")).all()
    return sorted(tuple(r) for r in rows)


def expected_replication(session) -> dict[str, Counter]:
    """The three replication measures at full grain, computed in Python from the raw records."""
    rows = (
        session.execute(
            sql(
                "SELECT id, origin_id, deleted, registered_on, year, field_id, kind, bloc_id, stage, is_sample, "
                "programme_id, "
                "commune_id, unit_id FROM model_example"
            )
        )
        .mappings()
        .all()
    )
    recs = {r["id"]: r for r in rows}

    def day(r):
        v = r["registered_on"]
        return v if isinstance(v, dt.date) else dt.date.fromisoformat(v)

    def dims(r):
        return (
            r["year"],
            r["field_id"],
            r["kind"],
            r["bloc_id"],
            r["stage"],
            int(bool(r["is_sample"])),
            r["programme_id"] or 0,
        )

    def place(r):
        return r["commune_id"] or r["unit_id"]

    flow, family, first_copy = Counter(), Counter(), Counter()
    first: dict[int, dt.date] = {}
    for r in rows:
        if r["origin_id"] is None or r["deleted"]:
            continue
        o = recs[r["origin_id"]]
        family[(r["origin_id"], *dims(r), place(r))] += 1
        if not o["deleted"]:
            flow[(*dims(r), place(o), place(r))] += 1
        first[r["origin_id"]] = min(first.get(r["origin_id"], day(r)), day(r))
    for origin_id, first_on in first.items():
        o = recs[origin_id]
        if not o["deleted"] and o["origin_id"] is None:
            first_copy[(*dims(o), place(o), (first_on - day(o)).days)] += 1
    return {"flow": flow, "family": family, "first_copy": first_copy}


def project(full: Counter, full_dims, dims) -> list[tuple]:
    index = [full_dims.index(d) for d in dims]
    out: Counter = Counter()
    for key, n in full.items():
        out[tuple(key[i] for i in index)] += n
    return sorted((*k, n) for k, n in out.items() if n)


def check_replication(session):
    want = expected_replication(session)
    for measure, (full_dims, tables) in REPLICATION_ROLLUPS.items():
        for model, dims in tables:
            assert actual(session, model, dims) == project(want[measure], full_dims, dims), model.__tablename__


def check_all(session):
    for model, dims in ROLLUPS:
        assert actual(session, model, dims) == expected(session, dims), model.__tablename__
    check_replication(session)


def apply_op(session, op, ids):
    kind = op[0]
    try:
        with session.begin_nested():
            if kind == "create":
                _, unit, field, k, year, sample, origin, day_of_year, programme = op
                day = min(dt.date(year, 1, 1) + dt.timedelta(days=day_of_year), dt.date(year, 11, 30))
                origin_id = ids[origin % len(ids)] if origin is not None and ids else None
                ex = writes.create_example(
                    session,
                    example_input(
                        **_unit(unit),
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
