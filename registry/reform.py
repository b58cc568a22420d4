"""The 1 Jul 2025 reform: lineage of the 166 new communes and wards, and how records are
attributed across it in the unit views. Extended by the reform issue; until its lineage files
are loaded, nothing here changes the views."""
from __future__ import annotations

from pathlib import Path


def extend_view_maps(session, units, add, data_dir: Path) -> None:
    """Add the districts-2025 and new-units attributions that need the lineage."""
    return None


def former_districts_by_unit(session) -> dict[int, set[int]]:
    """For each new unit id, the ids of the former districts it draws on (from the lineage)."""
    return {}
