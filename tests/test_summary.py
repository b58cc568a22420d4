"""The summary rollups always equal a GROUP BY over the live records, after any random sequence
of writes (property-based, on SQLite and PostgreSQL)."""
import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import text as sql
from sqlmodel import Session

from registry import services, summary
from registry.errors import RegistryError
from registry.models import ROLLUPS, ModelExampleUpdate
from tests.factories import example_input

UNITS = ["380", "405", "38", "399", "402"]
FIELDS = ["economy", "culture_society", "defence_security", "political_system"]

create_op = st.tuples(st.just("create"), st.sampled_from(UNITS), st.sampled_from(FIELDS),
                      st.sampled_from(["collective", "individual"]), st.integers(2021, 2024),
                      st.booleans(), st.booleans())
update_op = st.tuples(st.just("update"), st.integers(0, 30), st.sampled_from(FIELDS), st.sampled_from(UNITS))
stage_op = st.tuples(st.just("stage"), st.integers(0, 30))
delete_op = st.tuples(st.just("delete"), st.integers(0, 30))
restore_op = st.tuples(st.just("restore"), st.integers(0, 30))
bulk_op = st.tuples(st.just("bulk"), st.integers(1, 4), st.sampled_from(UNITS), st.sampled_from(FIELDS))
ops = st.lists(st.one_of(create_op, update_op, stage_op, delete_op, restore_op, bulk_op), min_size=1, max_size=14)


def expected(session, dims):
    place = "COALESCE(commune_id, unit_id)"
    exprs = {"place_id": place, "is_replication": "CASE WHEN replicated_from_id IS NULL THEN 0 ELSE 1 END",
             "is_sample": "CASE WHEN is_sample THEN 1 ELSE 0 END", "programme_id": "COALESCE(programme_id, 0)"}
    cols = ", ".join(exprs.get(d, d) for d in dims)
    rows = session.execute(sql(f"SELECT {cols}, COUNT(*) FROM model_example WHERE NOT deleted GROUP BY {cols}")).all()
    return sorted(tuple(r) for r in rows)


def actual(session, model, dims):
    cols = ", ".join(dims)
    rows = session.execute(sql(f"SELECT {cols}, n FROM {model.__tablename__} WHERE n <> 0")).all()
    return sorted(tuple(r) for r in rows)


def apply_op(session, op, ids):
    kind = op[0]
    try:
        with session.begin_nested():
            if kind == "create":
                _, unit, field, k, year, sample, copy = op
                day = dt.date(year, 11, 30)
                origin = ids[0] if copy and ids else None
                ex = services.create_example(session, example_input(unit=unit, field=field, kind=k, registered_on=day,
                                                                    is_sample=sample, replicated_from=origin))
                ids.append(ex.id)
            elif kind == "bulk":
                _, n, unit, field = op
                ids += services.bulk_insert(session, [example_input(unit=unit, field=field) for _ in range(n)])
            elif ids:
                target = ids[op[1] % len(ids)]
                ex = services.get_live(session, target, allow_deleted=True)
                if kind == "update":
                    services.update_example(session, target, ModelExampleUpdate(version=ex.version, field=op[2], unit=op[3]))
                elif kind == "stage":
                    services.change_stage(session, target, "effective", on=dt.date(2024, 12, 1))
                elif kind == "delete":
                    services.delete_example(session, target)
                elif kind == "restore":
                    services.restore_example(session, target)
    except RegistryError:
        pass  # refused writes must leave no trace either


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=ops)
def test_summary_equals_group_by_after_random_writes(db, ops):
    with Session(db) as session:
        try:
            ids: list[int] = []
            for op in ops:
                apply_op(session, op, ids)
            session.flush()
            for model, dims in ROLLUPS:
                assert actual(session, model, dims) == expected(session, dims), model.__tablename__
            summary.rebuild(session)  # the rebuild path agrees too
            for model, dims in ROLLUPS:
                assert actual(session, model, dims) == expected(session, dims), model.__tablename__
        finally:
            session.rollback()
