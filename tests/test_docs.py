"""The README keeps up with the settings and the CLI."""

from registry.cli.main import app
from registry.config import PROJECT_ROOT, SETTING_NAMES

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
