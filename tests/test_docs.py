"""The README's set-up commands are the ones CI runs, and every command has help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup, flags=re.S)


def test_docs_readme_has_two_setup_commands():
    assert len(_readme_commands()) == 2


@pytest.mark.parametrize("index", [0, 1])
def test_docs_ci_runs_readme_commands(index):
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_commands()[index] in ci


def test_docs_main_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS) or ["(none)"])
def test_docs_every_command_has_help(name):
    if name == "(none)":
        pytest.skip("no commands registered yet")
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) > 2


def _readme_matcher_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("matcher ")]


def test_docs_readme_shows_the_three_tasks():
    used = {line.split()[1] for line in _readme_matcher_lines()}
    assert {"score", "match", "screen"} <= used


@pytest.mark.parametrize("line", _readme_matcher_lines())
def test_docs_readme_commands_use_real_options(line):
    words = line.split()
    path = words[1:3] if words[1] == "taxonomy" else words[1:2]
    assert path[0] in COMMANDS, f"README shows an unknown command: {line}"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for option in (word.split("=", 1)[0] for word in words if word.startswith("--")):
        assert option in result.output, f"README shows {option}, which `{line}` does not take"


def test_docs_readme_links_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(((?:docs|taxonomy)/[^)#]+)", text)
    assert targets, "the README should link to the docs"
    missing = [target for target in targets if not (ROOT / target).exists()]
    assert not missing, missing


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_docs_pages_links_exist(page):
    path = ROOT / "docs" / page
    targets = re.findall(r"\]\(([^)#:]+\.(?:md|png))", path.read_text(encoding="utf-8"))
    missing = [target for target in targets if not (path.parent / target).exists()]
    assert not missing, missing
