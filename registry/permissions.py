"""Who may do what: the acting user (``Actor``), the actions of each role, and ``authorize``.

Every write and every role-checked read takes ``actor=`` with no default: a forgotten argument
fails with a TypeError, it never grants admin. ``SYSTEM`` is the actor of the command line and of
the demo loader, always named explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from registry.errors import PermissionDenied
from registry.models import AdminUnit
from registry.units.lineage import is_new_unit


class UnitTree(Protocol):
    """What ``authorize`` needs of a unit index: units by id, their parent, and the reform's
    forward lineage (former commune id → [(new unit id, share)], ``UnitIndex.forward``)."""

    by_id: dict[int, AdminUnit]
    forward: dict[int, list[tuple[int, float]]]

    def parent(self, unit: AdminUnit) -> AdminUnit | None: ...


# Unit reports (registry/reports/workflow.py): an editor drafts and submits the reports of their
# unit; approving and returning are for a province-level editor (no unit limit) or an admin;
# reopening an approved report is for an admin only.
REPORT_EDITOR_ACTIONS = ("report_draft", "report_submit", "report_approve", "report_return")
PROVINCE_ONLY_ACTIONS = frozenset({"report_approve", "report_return"})

ROLE_ACTIONS = {
    "viewer": {"view"},
    "reporter": {"view", "export"},
    "editor": {"view", "export", "create", "update", "stage", "delete", "import", *REPORT_EDITOR_ACTIONS},
    "admin": {
        "view",
        "export",
        "create",
        "update",
        "stage",
        "delete",
        "import",
        "restore",
        "skip_stage",
        "users",
        "reference",
        "audit",
        *REPORT_EDITOR_ACTIONS,
        "report_reopen",
    },
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role, and for an editor limited to one unit, that unit's id."""

    name: str
    role: str
    unit_id: int | None = None


SYSTEM = Actor("system", "admin")


def authorize(
    actor: Actor,
    action: str,
    unit_id: int | None = None,
    units: UnitTree | None = None,
    *,
    commune_id: int | None = None,
) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action`` (on a record of ``unit_id``, and
    before the reform of ``commune_id`` in it). A unit-limited editor's scope is their unit, the
    units under it, and across the 1 Jul 2025 reform (``lineage_scope``): for a former district,
    the new units formed mostly from its communes; for a new unit, the former communes that went
    wholly into it."""
    if action not in ROLE_ACTIONS.get(actor.role, set()):
        raise PermissionDenied()
    if action in PROVINCE_ONLY_ACTIONS and actor.unit_id is not None and actor.role != "admin":
        raise PermissionDenied()  # a unit-limited editor never approves or returns a report
    if actor.unit_id is None or actor.role == "admin" or (unit_id is None and commune_id is None):
        return
    places = [i for i in (unit_id, commune_id) if i is not None]
    if actor.unit_id in places:
        return
    if units is None:
        raise PermissionDenied()
    if any(_within(units, i, actor.unit_id) for i in places):
        return
    if not any(i in lineage_scope(units, actor.unit_id) for i in places):
        raise PermissionDenied()


def _within(units: UnitTree, unit_id: int, ancestor_id: int) -> bool:
    unit = units.by_id.get(unit_id)
    while unit is not None:
        if unit.id == ancestor_id:
            return True
        unit = units.parent(unit)
    return False


def _lies_in(units: UnitTree, unit_id: int, area_id: int) -> bool:
    """Whether a unit lay in ``area_id`` before the reform: up its parents, and up the unit each
    merged into (Đông Sơn's communes lay in Thanh Hóa city from 1 Dec 2024)."""
    seen: set[int | None] = set()
    frontier = [units.by_id.get(unit_id)]
    while frontier:
        unit = frontier.pop()
        if unit is None or unit.id in seen:
            continue
        if unit.id == area_id:
            return True
        seen.add(unit.id)
        frontier += [units.parent(unit), units.by_id.get(unit.merged_into_id) if unit.merged_into_id else None]
    return False


_SCOPES: dict[tuple[int, int], tuple[UnitTree, frozenset[int]]] = {}


def lineage_scope(units: UnitTree, unit_id: int) -> frozenset[int]:
    """The units that ``unit_id``'s editor may also edit across the reform (memoised per index):

    - for a new unit (2025): the former communes that went wholly into it (a split commune's
      records also concern the other new units, so they stay with the province);
    - for a unit of before the reform (a district, a city): the new units at least half of whose
      former communes lay in it (Hậu Lộc's five new communes for the Hậu Lộc editor; a new unit
      formed across two districts goes to the district that gave most of it, both on a tie)."""
    cached = _SCOPES.get((id(units), unit_id))
    if cached is not None and cached[0] is units:
        return cached[1]
    unit = units.by_id.get(unit_id)
    forward = getattr(units, "forward", None) or {}
    scope: set[int] = set()
    if unit is not None and is_new_unit(unit):
        scope = {old for old, targets in forward.items() if targets and all(new == unit_id for new, _ in targets)}
    elif unit is not None:
        formed: dict[int, list[bool]] = {}
        for old, targets in forward.items():
            inside = _lies_in(units, old, unit_id)
            for new, _share in targets:
                formed.setdefault(new, []).append(inside)
        scope = {new for new, inside in formed.items() if 2 * sum(inside) >= len(inside) and any(inside)}
    if len(_SCOPES) > 32:
        _SCOPES.clear()
    result = frozenset(scope)
    _SCOPES[(id(units), unit_id)] = (units, result)
    return result
