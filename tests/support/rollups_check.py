"""The check that the summary rollups equal a recount of the live records: the counts rollups
against a GROUP BY in SQL, the replication summaries (flows, families, time to first copy)
against counts computed here in plain Python from the raw records. Shared by the property test of
the rollups (tests/records/test_rollups.py) and the synthetic load (tests/test_synth.py)."""

import datetime as dt
from collections import Counter

from sqlalchemy import text as sql

from registry.rollup_tables import REPLICATION_ROLLUPS, ROLLUPS


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
