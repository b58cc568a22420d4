"""The three unit views, owned here and nowhere else: rows of ``unit_view_map`` that say towards
which unit (and with what share) a record of each unit counts.

- ``then``: a commune of 2021–2025 counts in its district; every other unit counts as itself.
- ``districts-2025``: as ``then``, then follow merges (Đông Sơn → Thanh Hóa city); a new unit of
  2025 counts towards its former districts by the lineage shares of its former communes.
- ``new-units``: a new unit counts as itself; a former commune towards the new units it went to,
  by forward share; a district (a record without a commune) towards the new units its communes
  went to, every commune of the district weighing the same; the province counts as itself.

A commune merged away before 2025 (Hà Thái into Thái Lai, 2024) counts in every view as the
commune it was merged into does; one whose receiver is not known, as its district does.

The shares of one unit in one view sum to 1, so every view gives the same total. Without a loaded
lineage every unit counts as itself in the views that need it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import delete
from sqlmodel import Session, select

from registry.models import REFORM_DATE, VIEWS, AdminUnit, UnitLineage, UnitViewMap, id_of
from registry.units.lineage import is_new_unit

Rows = dict[tuple[str, int, int], float]


def build_view_maps(session: Session) -> None:
    """(Re)build ``unit_view_map`` from the units and, where loaded, the lineage of the reform."""
    units = list(session.exec(select(AdminUnit)).all())
    by_id = {id_of(u): u for u in units}
    rows: Rows = {}

    def add(view: str, unit_id: int, target_id: int, share: float) -> None:
        rows[(view, unit_id, target_id)] = rows.get((view, unit_id, target_id), 0.0) + share

    for u in units:
        base = _then_target(u, by_id)
        add("then", id_of(u), id_of(base), 1.0)
        if base.level in ("district", "province"):
            add("districts-2025", id_of(u), _today_district(id_of(base), by_id), 1.0)
    _add_lineage(session, units, by_id, add)
    mapped = {(view, unit_id) for view, unit_id, _ in rows}
    for u in units:  # anything the lineage did not map counts as itself (a provincial body: as the province)
        for view in ("districts-2025", "new-units"):
            if (view, u.id) not in mapped:
                own = id_of(u)
                add(view, own, (u.parent_id or own) if u.level == "body" else own, 1.0)
    _follow_merges(units, by_id, rows)
    session.exec(delete(UnitViewMap))
    session.add_all(UnitViewMap(view=v, unit_id=a, target_id=b, share=s) for (v, a, b), s in rows.items())
    session.flush()


def _follow_merges(units: list[AdminUnit], by_id: dict[int, AdminUnit], rows: Rows) -> None:
    """A commune merged away counts in every view as its receiver does (or, receiver unknown, as
    its district does)."""
    targets: dict[tuple[str, int], dict[int, float]] = defaultdict(dict)
    for (view, unit_id, target_id), share in rows.items():
        targets[(view, unit_id)][target_id] = share
    for u in units:
        if u.level != "commune" or u.valid_to is None or u.valid_to >= REFORM_DATE - dt.timedelta(days=1):
            continue
        like = _today_district(id_of(u), by_id) if u.merged_into_id else u.parent_id
        if like is None or like == u.id:
            continue
        for view in VIEWS:
            for key in [k for k in rows if k[0] == view and k[1] == u.id]:
                del rows[key]
            for target_id, share in targets[(view, like)].items():
                rows[(view, id_of(u), target_id)] = share


def _then_target(u: AdminUnit, by_id: dict[int, AdminUnit]) -> AdminUnit:
    """A commune of 2021–2025 counts in its district, a provincial body (unit reports only) in the
    province; every other unit as itself."""
    if u.level == "body" and u.parent_id:
        return by_id[u.parent_id]
    if u.level == "commune" and u.parent_id and by_id[u.parent_id].level == "district":
        return by_id[u.parent_id]
    return u


def _today_district(unit_id: int, by_id: dict[int, AdminUnit]) -> int:
    """The district a district became by merges (Đông Sơn 405 → Thanh Hóa city 380)."""
    seen, unit = set(), by_id[unit_id]
    while unit.merged_into_id and unit.id not in seen:
        seen.add(unit.id)
        unit = by_id[unit.merged_into_id]
    return id_of(unit)


def _add_lineage(session: Session, units: list[AdminUnit], by_id: dict[int, AdminUnit], add) -> None:
    """The attributions that need the lineage: a new unit towards its former districts
    (``districts-2025``, the sum of the shares of its former communes in each); former communes
    and districts towards the new units (``new-units``, share = Σ over a district's n communes of
    forward share / n)."""
    lineage = list(session.execute(select(UnitLineage)).scalars())
    if not lineage:
        return
    forward: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for row in lineage:
        add("districts-2025", row.new_unit_id, _today_district(row.district_id, by_id), row.share)
        forward[row.old_unit_id].append((row.new_unit_id, row.forward_share))
    communes_of: dict[int, list[int]] = defaultdict(list)
    for u in units:
        if is_new_unit(u) or u.level == "province":
            add("new-units", id_of(u), id_of(u), 1.0)
        elif u.id in forward:  # a former commune
            for new_id, share in forward[u.id]:
                add("new-units", u.id, new_id, share)
            parent = by_id.get(u.parent_id) if u.parent_id is not None else None
            if parent is not None and parent.level == "district":
                communes_of[id_of(parent)].append(u.id)
    for district_id, communes in communes_of.items():
        n = len(communes)
        for commune_id in communes:
            for new_id, share in forward[commune_id]:
                add("new-units", district_id, new_id, share / n)
