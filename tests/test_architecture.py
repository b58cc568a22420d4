"""The architecture, checked: no import cycle in registry/ (imports inside functions count),
imports at module top but for deferred heavy ones that say why, no module over 450 lines,
registry/ never imports Streamlit or ui, the query layer keyword-only after ``session``, no
write or role-checked read with a default actor; and thin pages: no page imports the database or the
write layer, no page is over 250 lines, and ui/ holds no SQL."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re

import pytest

import registry
from tests.support.architecture import first_party_imports, floor_of, off_floor
from tests.support.imports import PACKAGE, ROOT, cycles, edges, inner_imports, module_name, modules

MAX_LINES = 450
MAX_PAGE_LINES = 250
PAGES = ROOT / "pages"
UI = ROOT / "ui"
PAGE_FORBIDDEN = ("registry.db", "registry.records")  # sessions and writes go through ui/ (readers, perform)
DEFERRED = {"kaleido"}  # heavy optional imports that may stay inside a function, with a comment


def test_the_import_graph_of_registry_has_no_cycle():
    graph = edges()
    assert len(graph) > 40 and sum(len(v) for v in graph.values()) > 100  # the graph was really read
    assert cycles(graph) == []


def test_cycles_are_found_when_there_are_some():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_are_at_module_top_except_deferred_ones_with_a_reason():
    for name, path in modules().items():
        for line, text in inner_imports(path):
            module = text.split()[1].split(".")[0]
            assert module in DEFERRED and "#" in text, f"{name}:{line}: {text}"


def test_no_module_of_registry_is_over_450_lines():
    sizes = {module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_registry_never_imports_streamlit_or_ui():
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            for n in names:
                assert n.split(".")[0] not in {"streamlit", "ui"}, f"{name} imports {n}"


def _public_functions(package: str):
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__, package + "."):
        module = importlib.import_module(info.name)
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not fname.startswith("_"):
                yield info.name, fname, fn


def test_every_public_query_is_keyword_only_after_session():
    checked = 0
    for module, fname, fn in _public_functions("registry.queries"):
        params = list(inspect.signature(fn).parameters.values())
        if not params or params[0].name != "session":
            continue
        checked += 1
        loose = [p.name for p in params[1:] if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        assert loose == [], f"{module}.{fname}: {loose} can be passed by position"
    assert checked >= 25


def test_no_function_of_registry_takes_a_default_actor():
    checked = 0
    for info in pkgutil.walk_packages(registry.__path__, "registry."):
        if info.name == "registry.__main__":  # running it is the command line
            continue
        module = importlib.import_module(info.name)
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or "actor" not in inspect.signature(fn).parameters:
                continue
            checked += 1
            default = inspect.signature(fn).parameters["actor"].default
            assert default is inspect.Parameter.empty, f"{info.name}.{fname} has actor={default!r}"
    assert checked >= 25


@pytest.mark.parametrize("folder", ["units", "records", "queries", "charts", "importing", "exports", "staff", "cli"])
def test_tests_mirror_the_packages(folder):
    assert (PACKAGE / folder).is_dir() and (ROOT / "tests" / folder).is_dir()
    assert list((ROOT / "tests" / folder).glob("test_*.py"))


def test_no_test_module_imports_another_test_module():
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
                assert node.module.startswith("tests.support"), f"{path.relative_to(ROOT)} imports {node.module}"


# --------------------------------------------------------------------------- thin pages
def _imported(path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _pages():
    pages = sorted(PAGES.glob("*.py"))
    assert len(pages) >= 10  # the pages were really found
    return pages


def test_no_page_imports_the_database_or_the_write_layer():
    wrong = {path.name: sorted(n for n in _imported(path) if n.startswith(PAGE_FORBIDDEN)) for path in _pages()}
    assert {name: names for name, names in wrong.items() if names} == {}


def test_the_page_rule_sees_an_import_of_the_write_layer(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("from registry.records import writes\nimport registry.db\n", encoding="utf-8")
    assert {"registry.records", "registry.records.writes", "registry.db"} <= _imported(page)


def test_no_page_is_over_250_lines():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in _pages()}
    assert {name: n for name, n in sizes.items() if n > MAX_PAGE_LINES} == {}


SQL_SELECT = re.compile(r"\bselect\(")  # sqlalchemy/sqlmodel select(); st.multiselect( is a widget


def test_ui_holds_no_sql():
    found = [
        f"{path.name}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL_SELECT.search(line)
    ]
    assert found == []
    assert SQL_SELECT.search("rows = session.exec(select(AdminUnit))") and not SQL_SELECT.search("st.multiselect(")


# where a write transaction may start: perform, the engine's own helper, and the sign-in sessions
# (ui/auth.py: a signed-in browser's session row, not a page's write)
WRITERS = {"actions.py", "core.py", "auth.py"}
WRITE_START = re.compile(r"\b(writing|write_session)\(")


def test_every_write_of_a_page_goes_through_perform():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted([*PAGES.glob("*.py"), *UI.rglob("*.py")])
        if not (path.parent == UI and path.name in WRITERS)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRITE_START.search(line)
    ]
    assert found == []
    assert WRITE_START.search("    with writing() as session:") and WRITE_START.search("write_session(engine())")


def test_every_import_of_registry_goes_down_a_floor():
    """The floors of docs/architecture.md (FLOORS in scripts/architecture.py), checked: a package or
    module imports only from the floors below it."""
    assert off_floor(edges()) == []
    assert floor_of("registry.text") == 0 < floor_of("registry.units.load") < floor_of("registry.records.writes")
    assert floor_of("registry.cli.main") < floor_of("registry.__main__") == max(floor_of(m) for m in modules())


def test_an_import_up_or_sideways_a_floor_is_found():
    graph = {"registry.units.load": {"registry.records.writes"}, "registry.queries.counts": {"registry.staff.sessions"}}
    assert off_floor(graph) == [
        "registry.queries.counts (floor 4) imports registry.staff.sessions (floor 4)",
        "registry.units.load (floor 1) imports registry.records.writes (floor 3)",
    ]
    assert off_floor({"registry.models": {"registry.rollup_tables"}, "registry.i18n": {"registry.catalog"}}) == []


def test_web_imports_registry_only_and_only_the_entry_point_imports_web():
    """The sign-in web server (web/) sits beside ui/: it imports registry/, never ui/ or pages/;
    registry/, ui/ and pages/ never import it (dashboard.py serves it)."""
    web = sorted((ROOT / "web").glob("*.py"))
    assert web and all(first_party_imports(p) <= {"registry", "web"} for p in web), [
        (p.name, first_party_imports(p)) for p in web
    ]
    assert "web" in first_party_imports(ROOT / "dashboard.py")
    for folder in ("registry", "ui", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not first_party_imports(path) & {"web", "dashboard"}, path.relative_to(ROOT)
