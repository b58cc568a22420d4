"""`stats --json` on a small hand-made registry, against independently counted expectations."""

import datetime as dt
import json

from registry.permissions import SYSTEM
from registry.queries.counts import count_by, stats
from registry.queries.filters import Filters
from registry.records import writes
from tests.support.factories import make_example


def build(session):
    rows = [
        dict(unit="380", field="economy", kind="collective", registered_on=dt.date(2021, 3, 1)),
        dict(unit="380", field="economy", kind="individual", registered_on=dt.date(2022, 3, 1)),
        dict(unit="405", field="culture_society", kind="collective", registered_on=dt.date(2022, 7, 1)),
        dict(unit="38", field="political_system", kind="collective", registered_on=dt.date(2023, 10, 10), bloc="state"),
        dict(unit="399", field="defence_security", kind="individual", registered_on=dt.date(2023, 10, 11)),
        dict(unit="Huyện Như xuân", field="economy", kind="collective", registered_on=dt.date(2024, 12, 31)),
    ]
    made = [make_example(session, **r) for r in rows]
    copy = make_example(session, unit="401", registered_on=dt.date(2024, 1, 5), replicated_from=made[0].id)
    gone = make_example(session, unit="381", registered_on=dt.date(2022, 1, 1))
    writes.delete_example(session, gone.id, actor=SYSTEM)
    session.commit()
    return made, copy


def test_stats_contract(session):
    build(session)
    result = stats(session, filters=Filters(year_from=2009, year_until=2026))
    assert result["total"] == 7
    assert result["by_year"] == {"2021": 1, "2022": 2, "2023": 2, "2024": 2}
    assert result["by_field"] == {"economy": 4, "culture_society": 1, "political_system": 1, "defence_security": 1}
    assert result["by_kind"] == {"collective": 5, "individual": 2}
    assert result["by_stage"] == {"registered": 7}
    assert result["by_unit"] == {"380": 2, "405": 1, "province": 1, "399": 1, "402": 1, "401": 1}
    assert result["replications"] == 1
    assert result["units"] == 27


def test_stats_with_dates_reads_the_records(session):
    build(session)
    result = stats(session, filters=Filters(date_from=dt.date(2022, 1, 1), date_until=dt.date(2023, 10, 10)))
    assert result["total"] == 3 and result["by_year"] == {"2022": 2, "2023": 1}
    after = stats(session, filters=Filters(date_from=dt.date(2024, 12, 1), date_until=dt.date(2024, 12, 31)))
    assert after["units"] == 26  # Đông Sơn ended on 30 Nov 2024
    assert after["by_unit"] == {"402": 1}


def test_districts_2025_view_moves_dong_son_but_keeps_total(session):
    build(session)
    then = stats(session, filters=Filters(year_from=2009, year_until=2026))
    merged = stats(session, filters=Filters(year_from=2009, year_until=2026, view="districts-2025"))
    assert merged["total"] == then["total"]
    assert merged["by_unit"]["380"] == 3 and "405" not in merged["by_unit"]


def test_rollups_and_records_agree(session):
    build(session)
    f = Filters(year_from=2021, year_until=2024)
    for group in [("year",), ("field_id", "kind"), ("unit",), ("stage", "is_replication"), ("year", "unit")]:
        assert count_by(session, filters=f, group=group) == count_by(
            session, filters=f, group=group, source="records"
        ), group


def test_cli_stats_json(sqlite_db, monkeypatch, capsys, tmp_path):
    from sqlmodel import Session

    from registry.cli import app as cli_app
    from registry.cli import main

    with Session(sqlite_db) as s:
        build(s)
    monkeypatch.setattr(cli_app, "engine", lambda: sqlite_db)
    assert main.run(["stats", "--json", "--from", "2022-01-01", "--until", "31/12/2022"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 2 and out["by_kind"] == {"collective": 1, "individual": 1}
    assert set(out) >= {"total", "by_year", "by_field", "by_kind", "by_stage", "by_unit", "replications", "units"}
