#!/usr/bin/env python3
"""Write docs/architecture.md from the source: one line per module (the first sentence of its
docstring and its line count), registry/ floor by floor, then web/, ui/, pages/ and dashboard.py.

The floors of registry/ are declared here (``FLOORS``); tests/test_architecture.py checks that every
import goes down a floor, and tests/test_docs.py that the file is as this script writes it.

Usage:
    .venv/bin/python scripts/architecture.py           # write docs/architecture.md
    .venv/bin/python scripts/architecture.py --check   # exit 1 if it would change
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
COMMAND = "python scripts/architecture.py"

# The floors of registry/, bottom up: a package (a folder) or a module of registry/ itself, by name.
# Each imports only from the floors below it; on the ground floor, the modules of registry/ itself
# may import each other (tests/test_architecture.py checks that there is no cycle). A module of
# registry/ itself that no floor names is on the ground floor; a package must be named.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("catalog",),  # the ground: settings, text, the catalog, the tables, the engine
    ("units",),  # places: the reference data of units and the 2025 reform
    ("permissions", "schema", "reference"),  # who may do what; the schema; the reference-data snapshot
    ("records",),  # every write
    ("queries", "replication", "staff", "synth"),  # reads; suggested links; accounts; benchmark rows
    ("charts", "importing"),  # figures; the import
    ("reports",),  # the units' periodic reports: checks, workflow, counting, their import
    ("exports", "demo"),  # files out; the demo data
    ("cli",),  # the command line
    ("__main__",),  # python -m registry
)
# Beside registry/, in the order of the file (each imports registry/; pages/ imports ui/).
OTHERS = ("web", "ui", "pages", "dashboard.py")

INTRO = """# Architecture: one line per module

Data flows one way: pages → ui → registry → database, and the sign-in web server (web/) beside ui
imports registry only. Inside `registry/`, each floor imports only from the floors below it;
`tests/test_architecture.py` computes the import graph from the source (imports inside functions
count) and fails on an import that goes up or sideways a floor, a cycle, an import that is not at
module top (but for kaleido, deferred with its reason), a module over 450 lines, a query function
that takes arguments by position after `session`, or a function with a default `actor`.

This file is written by `{command}` from the first sentence of each module's
docstring and its line count (`tests/test_docs.py` fails when it is out of date): change the
docstring, not this file.
"""


def unit(module: str) -> str:
    """The floor unit of a module of registry/ ("registry.units.load" -> "units", "registry.text" ->
    "text", "registry" -> "registry")."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def floor(name: str, *, package: bool) -> int:
    """The floor of a unit; a module of registry/ itself that no floor names is on the ground."""
    for level, names in enumerate(FLOORS):
        if name in names:
            return level
    if package:
        raise KeyError(f"registry/{name}/ is on no floor: add it to FLOORS in scripts/architecture.py")
    return 0


def docstring(path: Path) -> str:
    """A module's docstring, or the leading comment of a data file (the catalog's TOML)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return ast.get_docstring(ast.parse(text)) or ""
    lines = [x.removeprefix("#").strip() for x in text.split("\n\n")[0].splitlines() if x.startswith("#")]
    return "\n".join(lines)


def first_sentence(path: Path) -> str:
    doc = docstring(path)
    paragraph = " ".join(doc.split("\n\n")[0].split())
    match = re.search(r"\.\s+(?=[A-Z\"`(])", paragraph)
    return paragraph[: match.start() + 1] if match else paragraph or "(no docstring)"


def line(path: Path, base: Path) -> str:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    count = f"{lines} line" + ("s" if lines != 1 else "")
    return f"- `{path.relative_to(base).as_posix()}` ({count}): {first_sentence(path)}"


def modules(folder: Path) -> list[Path]:
    """The modules of a folder (its __init__.py only when it says something), then its data files
    read as code is (the catalog's TOML)."""
    code = [p for p in sorted(folder.glob("*.py")) if p.name != "__init__.py" or docstring(p)]
    return code + sorted(folder.glob("*.toml"))


def registry_floors() -> list[list[str]]:
    package = ROOT / "registry"
    units: dict[int, list[str]] = {}
    for path in sorted(package.iterdir()):
        is_package = path.is_dir() and (path / "__init__.py").exists()
        if is_package or (path.suffix == ".py" and path.name != "__init__.py"):
            name = path.name if is_package else path.stem
            units.setdefault(floor(name, package=is_package), []).append(name)
    sections = []
    for level in sorted(units):
        names = units[level]
        top = [package / f"{n}.py" for n in names if (package / f"{n}.py").exists()]
        folders = [n for n in names if (package / n).is_dir()]
        heading = ", ".join([f"`registry/{n}/`" for n in folders] + [f"`registry/{p.name}`" for p in top])
        if level == 0:
            heading = "the ground, `registry/*.py` and `registry/catalog/`"
        title = f"## Floor {level}: {heading}"
        body = [line(p, package) for p in top]
        for n in folders:
            body += [line(p, package) for p in modules(package / n)]
        sections.append([title, "", *body])
    return sections


def render() -> str:
    out = [INTRO.format(command=COMMAND).rstrip(), ""]
    for section in registry_floors():
        out += [*section, ""]
    for name in OTHERS:
        path = ROOT / name
        out += [f"## `{name}/`" if path.is_dir() else f"## `{name}`", ""]
        out += [line(p, ROOT) for p in (modules(path) if path.is_dir() else [path])]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/architecture.md would change")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC.relative_to(ROOT)} is out of date: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
