"""The floors of registry/ as scripts/architecture.py declares them (``FLOORS``, ``render``), and
the imports that break them."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from tests.support.imports import ROOT

_spec = importlib.util.spec_from_file_location("architecture_script", ROOT / "scripts" / "architecture.py")
assert _spec is not None and _spec.loader is not None
script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(script)


def floor_of(module: str) -> int:
    """The floor of a module of registry/ ("registry.units.load" -> 1)."""
    name = script.unit(module)
    return 0 if name == "registry" else script.floor(name, package=(ROOT / "registry" / name).is_dir())


def off_floor(graph: dict[str, set[str]]) -> list[str]:
    """Every import between two units of registry/ that does not go down a floor (on the ground
    floor, the modules of registry/ itself may import each other and the catalog)."""
    found = []
    for source, targets in sorted(graph.items()):
        for target in sorted(targets):
            if script.unit(source) == script.unit(target):
                continue
            low, high = floor_of(target), floor_of(source)
            if low >= high and not (low == high == 0):
                found.append(f"{source} (floor {high}) imports {target} (floor {low})")
    return found


def first_party_imports(path: Path) -> set[str]:
    """The top-level names of what ``path`` imports (every import, at module top or inside a function)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & {"registry", "ui", "web", "pages", "dashboard"}
