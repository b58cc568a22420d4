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


class UnitTree(Protocol):
    """What ``authorize`` needs of a unit index: units by id and their parent."""

    by_id: dict[int, AdminUnit]

    def parent(self, unit: AdminUnit) -> AdminUnit | None: ...


ROLE_ACTIONS = {
    "viewer": {"view"},
    "reporter": {"view", "export"},
    "editor": {"view", "export", "create", "update", "stage", "delete", "import"},
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
    },
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name, a role, and for an editor limited to one unit, that unit's id."""

    name: str
    role: str
    unit_id: int | None = None


SYSTEM = Actor("system", "admin")


def authorize(actor: Actor, action: str, unit_id: int | None = None, units: UnitTree | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action`` (on a record of ``unit_id``)."""
    if action not in ROLE_ACTIONS.get(actor.role, set()):
        raise PermissionDenied()
    if actor.unit_id is not None and unit_id is not None and actor.role != "admin":
        if unit_id != actor.unit_id and not (units and _within(units, unit_id, actor.unit_id)):
            raise PermissionDenied()


def _within(units: UnitTree, unit_id: int, ancestor_id: int) -> bool:
    unit = units.by_id.get(unit_id)
    while unit is not None:
        if unit.id == ancestor_id:
            return True
        unit = units.parent(unit)
    return False
