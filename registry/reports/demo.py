"""Demo unit reports: a first years of real use, deterministic, flagged as sample data.

- Every unit of each era reports: the district-level units a report per year 2021–2024 and one for
  the first half of 2025 (their last, before the district level ended on 30 Jun 2025; Đông Sơn
  until 2023, Thanh Hóa city reporting for it in 2024); the 166 new communes and wards one for
  1 Jul–31 Dec 2025 and one for the first half of 2026; the provincial bodies one per year
  2021–2025 and one for the first half of 2026.
- The province's two syntheses reproduce every published figure exactly
  (data/published_figures.csv): 1 Jan 2021–10 Oct 2023 (8.419: 4.810 collective, 3.609
  individual, economy 3.200, 236 contests with 396 units, 1.064 + 1.623 awarded) and 1 Jan 2021–
  31 Aug 2025 (10.239: 6.026 and 4.213; economy 4.398, culture–society 3.030, defence–security
  1.696, political system 1.115). Unit reports, whose periods are years and half-years, cannot
  answer those periods exactly, so they are never added to them.
- A few reports come late (``LATE``), two never come (``MISSING``), one is returned (``RETURNED``),
  two give no breakdown by field (``NO_FIELDS``: missing, not 0); the rest are approved.

Every report is checked by the rules of entry (registry/reports/validation.py) and stored in the
state the workflow would leave it in, with one audit row for all, as the demo's records are.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session, col, select

from registry.errors import ValidationFailed
from registry.models import AdminUnit
from registry.permissions import Actor
from registry.records.audit import audit
from registry.records.rollups import bump_version
from registry.report_tables import FIELD_FIGURES, FIGURES, UnitReport, UnitReportCreate
from registry.reports import workflow
from registry.reports.completeness import HALF_YEAR_DUE, YEAR_DUE
from registry.reports.validation import check_report

SEED = 20250831
PHASE_START = dt.date(2021, 1, 1)
# What the units reported per period in the whole province (bodies included)
PERIOD_TOTALS = {
    (dt.date(2021, 1, 1), dt.date(2021, 12, 31)): 2600,
    (dt.date(2022, 1, 1), dt.date(2022, 12, 31)): 2900,
    (dt.date(2023, 1, 1), dt.date(2023, 12, 31)): 3300,
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31)): 1000,
    (dt.date(2025, 1, 1), dt.date(2025, 6, 30)): 450,
    (dt.date(2025, 7, 1), dt.date(2025, 12, 31)): 380,
    (dt.date(2026, 1, 1), dt.date(2026, 6, 30)): 500,
}
BODY_SHARE = 0.08
KIND_SHARE = 0.57  # collective
FIELD_SHARES = {"economy": 0.43, "culture_society": 0.30, "defence_security": 0.16, "political_system": 0.11}
SYNTHESES = (
    {
        "period_from": PHASE_START,
        "period_until": dt.date(2023, 10, 10),
        "doc_number": "Tổng hợp 10/10/2023",
        "doc_date": dt.date(2023, 10, 10),
        "total": 8419,
        "collective": 4810,
        "individual": 3609,
        "economy": 3200,
        "awarded": 1064 + 1623,
        "contests": 236,
        "contest_units": 396,
    },
    {
        "period_from": PHASE_START,
        "period_until": dt.date(2025, 8, 31),
        "doc_number": "Tổng hợp 31/8/2025",
        "doc_date": dt.date(2025, 8, 31),
        "total": 10239,
        "collective": 6026,
        "individual": 4213,
        "economy": 4398,
        "culture_society": 3030,
        "defence_security": 1696,
        "political_system": 1115,
    },
)
LATE = {("386", 2022), ("B05", 2023), ("399", 2024), ("14797", 2025)}  # (unit, year the period ends)
MISSING = {("387", 2022), ("B14", 2024)}
RETURNED = ("402", 2024, "Tổng số và số theo lĩnh vực chưa khớp với phụ lục; đề nghị rà soát, gửi lại.")
NO_FIELDS = {("384", 2021), ("B09", 2021)}


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` split by ``weights`` into whole numbers that sum to it (largest remainder)."""
    scale = sum(weights.values())
    raw = {k: total * w / scale for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (out[k] - raw[k], k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def _units_of(units: list[AdminUnit], start: dt.date, end: dt.date) -> list[AdminUnit]:
    """The units that report for [start, end]: those that existed through it, below the province."""
    return [
        u
        for u in units
        if u.level in ("district", "body") or (u.level == "commune" and u.valid_from >= dt.date(2025, 7, 1))
        if u.valid_from <= start and (u.valid_to is None or u.valid_to >= end)
    ]


def _figures(total: int, with_fields: bool) -> dict[str, int | None]:
    collective = round(total * KIND_SHARE)
    fields: dict[str, int | None] = (
        dict(apportion(total, FIELD_SHARES)) if with_fields else dict.fromkeys(FIELD_FIGURES)
    )
    return {
        "total": total,
        "collective": collective,
        "individual": total - collective,
        **fields,
        "registered": total,
        "recognised": round(total * 0.6),
        "outstanding": round(total * 0.2),
        "awarded": round(total * 0.3),
        "replicated": round(total * 0.15),
    }


def _due(end: dt.date) -> dt.date:
    if (end.month, end.day) == (6, 30):
        return dt.date(end.year, *HALF_YEAR_DUE)
    return dt.date(end.year + 1, *YEAR_DUE)


def plan(units: list[AdminUnit], seed: int = SEED) -> list[dict]:
    """Every demo unit report as input values (without the syntheses), in a fixed order."""
    rng = random.Random(seed)
    weight = {u.code: rng.uniform(0.6, 1.4) * (u.communes or 8) for u in sorted(units, key=lambda u: u.code)}
    out: list[dict] = []
    for (start, end), province_total in PERIOD_TOTALS.items():
        reporting = sorted(_units_of(units, start, end), key=lambda u: u.code)
        bodies = [u for u in reporting if u.level == "body"]
        others = [u for u in reporting if u.level != "body"]
        body_total = round(province_total * BODY_SHARE)
        shares = apportion(province_total - body_total, {u.code: weight[u.code] for u in others})
        shares |= apportion(body_total, {u.code: weight[u.code] for u in bodies})
        for unit in reporting:
            if (unit.code, end.year) in MISSING:
                continue
            if unit.level == "body" and (start, end) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30)):
                continue  # the bodies report 2025 as a whole year (below)
            late = (unit.code, end.year) in LATE
            due = _due(end)
            doc_date = (
                due + dt.timedelta(days=rng.randint(6, 40)) if late else due - dt.timedelta(days=rng.randint(0, 12))
            )
            total = shares[unit.code]
            if unit.level == "body" and (start, end) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31)):
                start_body = dt.date(2025, 1, 1)
                total += round(PERIOD_TOTALS[(start_body, dt.date(2025, 6, 30))] * BODY_SHARE / len(bodies))
                values = {"unit": unit.code, "period_from": start_body, "period_until": end}
            else:
                values = {"unit": unit.code, "period_from": start, "period_until": end}
            values |= {
                "doc_number": f"Số {rng.randint(1, 60)}-BC/{unit.code}",
                "doc_date": doc_date,
                "is_sample": True,
                **_figures(total, (unit.code, end.year) not in NO_FIELDS),
            }
            out.append(values)
    return out


def seed_reports(session: Session, *, actor: Actor) -> int:
    """Insert the demo unit reports and the province's syntheses in their final state, in one step
    as the demo's records are (every report checked by the rules of entry first; one audit row and
    one bump of the data version for all)."""
    units = list(session.exec(select(AdminUnit).order_by(col(AdminUnit.code))).all())
    index = workflow.reporting_units(session)
    syntheses = [{"unit": "38", "is_sample": True, **s} for s in SYNTHESES]
    reports = []
    for values in [*plan(units), *syntheses]:
        data = UnitReportCreate.model_validate(values)
        unit = workflow.resolve_unit(index, data.unit, data.period_from, data.period_until)
        figures, problems = check_report(data.model_dump(include=set(FIGURES)), data.period_from, data.period_until)
        if problems:
            raise ValidationFailed(problems)
        reports.append(_final(data, unit.id or 0, figures, actor))
    session.add_all(reports)
    session.flush()
    audit(session, actor, "report_create", None, None, {"reports": len(reports)}, note="demo", entity=workflow.ENTITY)
    bump_version(session)
    return len(reports)


def _final(data: UnitReportCreate, unit_id: int, figures: dict[str, int | None], actor: Actor) -> UnitReport:
    """A report as the workflow leaves it: submitted on its document's date, approved five days
    later (or returned with a comment)."""
    day = data.doc_date or data.period_until
    at = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)
    returned = (data.unit, data.period_until.year) == RETURNED[:2]
    report = UnitReport(
        unit_id=unit_id,
        period_from=data.period_from,
        period_until=data.period_until,
        doc_number=data.doc_number,
        doc_date=data.doc_date,
        is_sample=True,
        status="returned" if returned else "approved",
        return_comment=RETURNED[2] if returned else "",
        submitted_at=at,
        submitted_by=actor.name,
        decided_at=at + dt.timedelta(days=5),
        decided_by=actor.name,
        created_at=at,
        created_by=actor.name,
        updated_at=at + dt.timedelta(days=5),
        updated_by=actor.name,
        version=3,
    )
    for name, value in figures.items():
        setattr(report, name, value)
    return report
