"""The provincial bodies (departments, the Fatherland Front and mass organisations, the armed forces)
as reporting units: found by their full or short name."""

from __future__ import annotations

from registry.models import AdminUnit
from registry.text import name_key
from registry.units.index import UnitIndex


def body_named(units: UnitIndex, value: str) -> AdminUnit | None:
    """A provincial body named by its full or short name ("Tỉnh đoàn", "Hội LHPN tỉnh"): read
    before the unit names, whose rules take "Tỉnh …" for the province."""
    key = name_key(value)
    for unit in units.units:
        if unit.level == "body" and key in (name_key(unit.name), unit.name_key):
            return unit
    return None
