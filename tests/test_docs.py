"""The README keeps up with the settings and the CLI; docs/architecture.md with the source."""

import difflib

from registry.cli.main import app
from registry.config import PROJECT_ROOT, SETTING_NAMES
from tests.support.architecture import script

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block


def test_every_setting_is_documented():
    for name in SETTING_NAMES:
        assert f"`{name}`" in README, name


def test_every_cli_command_is_documented():
    import typer

    command = typer.main.get_command(app)
    for name in command.commands:
        assert f"`{name}" in README, name


def test_architecture_md_is_what_the_script_writes():
    """docs/architecture.md is generated (scripts/architecture.py): a module added, a docstring or a
    line count changed without running the script fails here, with the lines that differ."""
    written = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    fresh = script.render()
    diff = "\n".join(difflib.unified_diff(written.splitlines(), fresh.splitlines(), "written", "fresh", lineterm=""))
    assert written == fresh, f"docs/architecture.md is out of date: run `{script.COMMAND}`\n{diff[:3000]}"
    assert "`registry/units/`" in fresh and "`web/server.py`" in fresh and "`pages/entry.py`" in fresh
