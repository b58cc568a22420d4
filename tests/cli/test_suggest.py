"""``python -m registry suggest-replications``: one line per suggestion, --min-score, --json."""

import datetime as dt
import json

from sqlmodel import Session

from registry.db import make_engine
from registry.schema import init
from tests.support.cli import run_cli as run
from tests.support.factories import make_example

DAY = dt.date(2022, 3, 1)


def test_suggest_replications_prints_one_line_per_suggestion(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = make_engine(url)
    init(engine)
    with Session(engine) as s:
        origin = make_example(s, unit="388", title="Bản sáng vùng biên", registered_on=DAY)
        copy = make_example(s, unit="384", title="“Bản sáng vùng biên” Mường Lát", registered_on=DAY.replace(2023))
        make_example(s, unit="380", title="Tủ sách cộng đồng", registered_on=DAY)
        origin, copy = origin.id, copy.id
    engine.dispose()
    proc = run(["suggest-replications"], url)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    copy_id, origin_id, score, reason = lines[0].split("\t")
    assert (int(copy_id), int(origin_id)) == (copy, origin)
    assert 0.5 <= float(score) <= 1 and "Bản sáng vùng biên" in reason
    assert "1 gợi ý" in proc.stderr
    rows = json.loads(run(["suggest-replications", "--json"], url).stdout)
    assert [(r["copy_id"], r["origin_id"]) for r in rows] == [(copy, origin)]
    assert run(["suggest-replications", "--min-score", "1", "--json"], url).stdout.strip() == "[]"
    bad = run(["suggest-replications", "--min-score", "2"], url)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
