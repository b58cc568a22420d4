"""The 1 Jul 2025 reform: lineage of the 166 new communes and wards, and how records are
attributed across it in the unit views.

The lineage comes from two data files built by scripts/build_units.py (see their header comments):

- ``lineage_2025.csv``: for each new unit, the former communes that formed it, with ``share`` =
  the fraction of the new unit attributed to each former commune (by number of former communes:
  the package has no areas for them), summing to 1 per new unit;
- ``lineage_2025_forward.csv``: for each former commune, the new units it went to, with
  ``share`` = the fraction of the former commune that went to each (1 unless the commune was
  split; a split commune is divided equally), summing to 1 per former commune.

Both are loaded into ``unit_lineage`` (one row per new unit and former commune, with ``share`` and
``forward_share``). The unit views are rows of ``unit_view_map`` (never if-statements in
queries); what each view does with each kind of unit is in ``registry.units.views``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import delete, select
from sqlmodel import Session, col

from registry.config import DATA_DIR
from registry.datafiles import read_csv
from registry.models import REFORM_DATE, AdminUnit, UnitLineage

LINEAGE_FILE = "lineage_2025.csv"
FORWARD_FILE = "lineage_2025_forward.csv"


def is_new_unit(unit: AdminUnit) -> bool:
    """A commune or ward of 1 Jul 2025 or later (directly under the province)."""
    return unit.level == "commune" and unit.valid_from >= REFORM_DATE


def is_legacy_commune(unit: AdminUnit) -> bool:
    """A commune, ward or township of 2021 – 30 Jun 2025 (under a district)."""
    return unit.level == "commune" and unit.valid_from < REFORM_DATE


def load_lineage(session: Session, data_dir: Path = DATA_DIR) -> int:
    """(Re)load ``unit_lineage`` from the two lineage files; idempotent. Returns the row count
    (0 when the files are absent). Every code must name a loaded unit."""
    backward, forward = data_dir / LINEAGE_FILE, data_dir / FORWARD_FILE
    if not (backward.exists() and forward.exists()):
        return 0
    ids: dict[str, int] = dict(session.execute(select(col(AdminUnit.code), col(AdminUnit.id))).all())
    forward_share = {(r["new_code"], r["old_code"]): float(r["share"]) for r in read_csv(forward)}
    rows = []
    for r in read_csv(backward):
        key = (r["new_code"], r["old_code"])
        missing = [c for c in (r["new_code"], r["old_code"], r["old_district_code"]) if c not in ids]
        if missing or key not in forward_share:
            raise ValueError(f"{LINEAGE_FILE}: row {key} names unknown units {missing} or has no forward row")
        rows.append(
            dict(
                new_unit_id=ids[r["new_code"]],
                old_unit_id=ids[r["old_code"]],
                district_id=ids[r["old_district_code"]],
                share=float(r["share"]),
                forward_share=forward_share.pop(key),
                basis=r.get("basis") or "communes",
            )
        )
    if forward_share:
        raise ValueError(f"{FORWARD_FILE}: rows without a lineage row: {sorted(forward_share)[:5]}")
    session.execute(delete(UnitLineage))
    if rows:
        session.execute(UnitLineage.__table__.insert(), rows)
    session.flush()
    return len(rows)


def former_districts_by_unit(session: Session) -> dict[int, set[int]]:
    """For each new unit id, the ids of the former districts it draws on (from the lineage), as
    they were in 2021–2024 (Đông Sơn's communes give 405)."""
    out: dict[int, set[int]] = defaultdict(set)
    for new_id, district_id in session.execute(
        select(col(UnitLineage.new_unit_id), col(UnitLineage.district_id))
    ).all():
        out[new_id].add(district_id)
    return dict(out)


def forward_by_unit(session: Session) -> dict[int, list[tuple[int, float]]]:
    """For each former commune id, the new units it went to with the forward shares."""
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    stmt = select(col(UnitLineage.old_unit_id), col(UnitLineage.new_unit_id), col(UnitLineage.forward_share)).order_by(
        col(UnitLineage.old_unit_id), col(UnitLineage.new_unit_id)
    )
    for old_id, new_id, share in session.execute(stmt).all():
        out[old_id].append((new_id, share))
    return dict(out)
