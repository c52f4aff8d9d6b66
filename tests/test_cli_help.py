"""The docs check: every command and subcommand has `--help` text with an example."""
from __future__ import annotations

import click
import pytest

from kg.cli import cli


def walk(command: click.Command, path: tuple[str, ...] = ()):
    """(path, command) for `command` and every command below it, depth first, sorted by name."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], path + (name,))


COMMANDS = list(walk(cli))


def test_the_walk_finds_the_foundation_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "ingest", "stats", "papers", "show"} <= names


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda p: " ".join(p) or "kg")
def test_help_has_text_and_an_example(runner, path):
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Usage: ")
    command = dict(COMMANDS)[path]
    assert (command.help or "").strip(), f"kg {' '.join(path)} has no help text"
    example_lines = [line.strip() for line in result.output.splitlines() if line.strip().startswith("kg ")]
    assert example_lines, f"kg {' '.join(path)} --help shows no example line (a line starting with 'kg ')"
    if path:
        assert any(line.startswith("kg " + " ".join(path)) for line in example_lines), (
            f"kg {' '.join(path)} --help has no example of itself")
