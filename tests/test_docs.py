"""The README tells the truth about the commands and routes."""

import re
from pathlib import Path
from typing import Any

import typer

from api.main import create_app
from prosopo.cli import app
from prosopo.config import Settings

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: str = "prosopo") -> dict[str, Any]:
    """Every command and sub-command, by the words a user types."""
    found = {}
    for name, command in group.commands.items():
        found[f"{prefix} {name}"] = command
        if hasattr(command, "commands"):
            found |= _commands(command, f"{prefix} {name}")
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    commands = _commands(typer.main.get_command(app))
    assert "prosopo build" in commands and "prosopo chart career" in commands
    for name, command in commands.items():
        assert command.help, f"{name} has no help text"
        assert f"`{name}" in README, f"{name} is not in the README"


def test_every_route_has_a_description_and_is_in_the_readme() -> None:
    paths = create_app(Settings(database_url="sqlite://")).openapi()["paths"]
    assert "/persons/{person_id}" in paths
    for path, operations in paths.items():
        assert operations["get"].get("description"), f"{path} has no docstring"
        readme_path = re.sub(r"{\w+_id}", "{id}", path)
        assert f"`GET {readme_path}" in README, f"{path} is not in the README"


def test_the_readme_commands_are_make_targets() -> None:
    makefile = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", README, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
