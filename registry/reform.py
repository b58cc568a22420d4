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
queries); what each view does with each kind of unit is in ``extend_view_maps``.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy import delete, select
from sqlmodel import Session

from registry.config import DATA_DIR
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
    from registry.reference import read_csv  # local import: reference imports this module

    backward, forward = data_dir / LINEAGE_FILE, data_dir / FORWARD_FILE
    if not (backward.exists() and forward.exists()):
        return 0
    ids = dict(session.execute(select(AdminUnit.code, AdminUnit.id)).all())
    forward_share = {(r["new_code"], r["old_code"]): float(r["share"]) for r in read_csv(forward)}
    rows = []
    for r in read_csv(backward):
        key = (r["new_code"], r["old_code"])
        missing = [c for c in (r["new_code"], r["old_code"], r["old_district_code"]) if c not in ids]
        if missing or key not in forward_share:
            raise ValueError(f"{LINEAGE_FILE}: row {key} names unknown units {missing} or has no forward row")
        rows.append(dict(new_unit_id=ids[r["new_code"]], old_unit_id=ids[r["old_code"]],
                         district_id=ids[r["old_district_code"]], share=float(r["share"]),
                         forward_share=forward_share.pop(key), basis=r.get("basis") or "communes"))
    if forward_share:
        raise ValueError(f"{FORWARD_FILE}: rows without a lineage row: {sorted(forward_share)[:5]}")
    session.execute(delete(UnitLineage))
    if rows:
        session.execute(UnitLineage.__table__.insert(), rows)
    session.flush()
    return len(rows)


def _lineage(session: Session) -> list[UnitLineage]:
    return list(session.execute(select(UnitLineage)).scalars())


def extend_view_maps(session: Session, units: Iterable[AdminUnit], add: Callable[[str, int, int, float], None],
                     data_dir: Path = DATA_DIR) -> None:
    """Add the attributions that need the lineage (reference.build_view_maps has already added
    ``then`` for every unit and ``districts-2025`` for districts, the province and the communes
    of 2021–2025).

    - ``then``: a new unit counts as itself (done by build_view_maps).
    - ``districts-2025``: a new unit counts towards its former districts, each with the sum of the
      lineage shares of its former communes in that district, then Đông Sơn (405) → 380.
    - ``new-units``: a new unit counts as itself; a former commune towards the new units it went
      to, by forward share; a district (a record without a commune) towards the new units its
      communes went to, every commune of the district weighing the same (share = Σ over its n
      communes of forward share / n); Đông Sơn likewise through its own communes; the province
      counts as itself.

    The shares of one unit in one view sum to 1, so every view gives the same total. Without a
    loaded lineage nothing is added (every unit then counts as itself in the views it lacks).
    """
    units = list(units)
    lineage = _lineage(session)
    if not lineage:
        return
    by_id = {u.id: u for u in units}

    def today_district(unit_id: int) -> int:
        seen, unit = set(), by_id[unit_id]
        while unit.merged_into_id and unit.id not in seen:
            seen.add(unit.id)
            unit = by_id[unit.merged_into_id]
        return unit.id

    forward: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for row in lineage:
        add("districts-2025", row.new_unit_id, today_district(row.district_id), row.share)
        forward[row.old_unit_id].append((row.new_unit_id, row.forward_share))
    communes_of: dict[int, list[int]] = defaultdict(list)
    for u in units:
        if is_new_unit(u):
            add("new-units", u.id, u.id, 1.0)
        elif u.level == "province":
            add("new-units", u.id, u.id, 1.0)
        elif u.id in forward:  # a former commune
            for new_id, share in forward[u.id]:
                add("new-units", u.id, new_id, share)
            parent = by_id.get(u.parent_id)
            if parent is not None and parent.level == "district":
                communes_of[parent.id].append(u.id)
    for district_id, communes in communes_of.items():
        n = len(communes)
        for commune_id in communes:
            for new_id, share in forward[commune_id]:
                add("new-units", district_id, new_id, share / n)


def former_districts_by_unit(session: Session) -> dict[int, set[int]]:
    """For each new unit id, the ids of the former districts it draws on (from the lineage), as
    they were in 2021–2024 (Đông Sơn's communes give 405)."""
    out: dict[int, set[int]] = defaultdict(set)
    for new_id, district_id in session.execute(select(UnitLineage.new_unit_id, UnitLineage.district_id)).all():
        out[new_id].add(district_id)
    return dict(out)


def forward_by_unit(session: Session) -> dict[int, list[tuple[int, float]]]:
    """For each former commune id, the new units it went to with the forward shares."""
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    stmt = select(UnitLineage.old_unit_id, UnitLineage.new_unit_id, UnitLineage.forward_share).order_by(
        UnitLineage.old_unit_id, UnitLineage.new_unit_id)
    for old_id, new_id, share in session.execute(stmt).all():
        out[old_id].append((new_id, share))
    return dict(out)
