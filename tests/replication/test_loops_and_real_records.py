"""Confirming never closes a loop; on the real records (tests/data/real_replications.csv, the
development rows only) no pair both ways, one default origin per copy, and the replications the
sources state are found; ``suggest-replications --json`` gives the alternatives."""

import datetime as dt
import json

import pytest
from sqlalchemy import select
from sqlmodel import Session

from benchmarks.replication_inference import load_real, review_load
from registry.db import make_engine
from registry.models import ModelExample
from registry.permissions import SYSTEM
from registry.replication import evidence, review, suggest
from registry.replication.store import recompute_all
from registry.schema import init
from registry.suggestion_tables import ReplicationSuggestion
from tests.support.cli import run_cli as run
from tests.support.factories import make_example

DAY = dt.date(2022, 3, 1)


def test_confirming_a_link_never_closes_a_loop(sqlite_session):
    s = sqlite_session
    a = make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY)
    b = make_example(s, unit="384", title="Bản sáng vùng biên", registered_on=DAY.replace(2023))
    c = make_example(s, unit="380", title="Bản sáng vùng biên", registered_on=DAY.replace(2024))
    recompute_all(s)
    first = next(p for p in review.pending(s, actor=SYSTEM) if p.copy.id == b.id and p.origin.id == a.id)
    review.confirm(s, first.id, actor=SYSTEM)
    second = next(p for p in review.pending(s, actor=SYSTEM) if p.copy.id == c.id)
    pick = second if second.origin.id == b.id else next(x for x in second.alternatives if x.origin.id == b.id)
    review.confirm(s, pick.id, actor=SYSTEM)
    s.commit()
    assert review.would_loop(s, a.id, c.id) and not review.would_loop(s, c.id, a.id)
    # a stale pending row that would close the loop (a copy of c) is never offered and is refused
    row = ReplicationSuggestion(copy_id=a.id, origin_id=c.id, score=0.9, reason="")
    s.add(row)
    s.flush()
    assert all(p.id != row.id for p in review.pending(s, actor=SYSTEM))
    with pytest.raises(review.Loop):
        review.confirm(s, row.id, actor=SYSTEM)
    s.rollback()
    assert s.get(ModelExample, a.id).replicated_from_id is None
    assert all((x.copy_id, x.origin_id) not in {(a.id, b.id), (a.id, c.id), (b.id, c.id)} for x in recompute_all(s))


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    path = tmp_path_factory.mktemp("real") / "real.db"
    engine = make_engine(f"sqlite:///{path}")
    init(engine)
    with Session(engine) as s:
        ids, truth, rows = load_real(s)
        s.commit()
        found = recompute_all(s)
        s.commit()
        kinds = {e.id: (e.kind, e.title) for e in s.execute(select(ModelExample)).scalars()}
    dev = {ids[int(r["case"])] for r in rows if r["holdout"] == "0"}
    yield {"url": f"sqlite:///{path}", "found": found, "truth": truth, "dev": dev, "kinds": kinds}
    engine.dispose()


def test_real_records_one_way_one_default_and_the_stated_links_found(real):
    found = [c for c in real["found"] if c.copy_id in real["dev"]]
    truth = {k: o for k, o in real["truth"].items() if k in real["dev"]}
    m = review_load(found, truth, real["dev"])
    assert m["both_ways"] == 0 and m["copies_with_several"] == 0
    default = {c.copy_id: c.origin_id for c in found if c.rank == 0}
    assert all(default.get(k) == o for k, o in truth.items())  # every stated replication, as the default
    assert m["precision"] >= 0.75 and m["read_per_true_link"] <= 1.5
    for c in found:  # no exemplar through a shared honour
        (k1, t1), (k2, t2) = real["kinds"][c.copy_id], real["kinds"][c.origin_id]
        if "individual" in (k1, k2) and (evidence.is_honour(t1) or evidence.is_honour(t2)):
            assert "nguồn ghi rõ" in c.reason


def test_the_cli_gives_the_alternatives_in_json(real):
    rows = json.loads(run(["suggest-replications", "--json"], real["url"]).stdout)
    assert rows and len({r["copy_id"] for r in rows}) == len(rows)
    assert any(r["alternatives"] for r in rows)
    for r in rows:
        assert all(a["score"] <= r["score"] and a["origin_id"] != r["origin_id"] for a in r["alternatives"])


def test_the_block_read_for_a_few_records_gives_the_suggestions_of_the_whole_registry(real):
    engine = make_engine(real["url"])
    try:
        with Session(engine) as s:
            for copy_id in sorted(real["dev"])[::3]:
                whole = suggest.compute(s, only={copy_id})
                block = suggest.compute(s, only={copy_id}, records=suggest.load_block(s, {copy_id}))
                assert [(c.origin_id, c.score, c.reason, c.rank) for c in block] == [
                    (c.origin_id, c.score, c.reason, c.rank) for c in whole
                ]
    finally:
        engine.dispose()
