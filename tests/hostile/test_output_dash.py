"""``-o -`` is standard output for every command that takes an output path, as in every Unix
tool: the same bytes as without ``-o``, and no file named ``-`` is made."""

from __future__ import annotations

from pathlib import Path

import pytest

from .common import MAP

COMMANDS = {
    "render md": ["render", "map.yaml", "-f", "md"],
    "render html": ["render", "map.yaml"],
    "render mermaid": ["render", "map.yaml", "-f", "mermaid"],
    "report": ["report", "map.yaml"],
    "report json": ["report", "map.yaml", "-f", "json"],
    "lint": ["lint", "map.yaml"],
    "validate": ["validate", "map.yaml"],
    "diff": ["diff", "map.yaml", "other.yaml"],
    "show": ["show", "map.yaml"],
    "refs": ["refs", "map.yaml"],
    "export csv": ["export", "csv", "map.yaml"],
    "import mermaid": ["import", "mermaid", "j.mmd"],
    "schema": ["schema"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_dash_as_output_is_stdout(cjm, write, tmp_path: Path, command: str) -> None:
    write("map.yaml", MAP)
    write("other.yaml", MAP.replace("Visit the site", "Visit the shop"))
    write("j.mmd", "journey\n  title T\n  section S\n    Visit: 3: Me\n")
    args = COMMANDS[command]

    plain = cjm(*args, cwd=tmp_path)
    dash = cjm(*args, "-o", "-", cwd=tmp_path)

    assert dash.exit_code == plain.exit_code, dash.output
    assert dash.stdout == plain.stdout
    assert dash.stdout.strip()
    assert dash.stderr == plain.stderr
    assert not (tmp_path / "-").exists()


def test_init_dash_prints_the_new_map(cjm, tmp_path: Path) -> None:
    result = cjm("init", "-", "--title", "First purchase", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "title: First purchase\n" in result.stdout
    assert result.stderr == ""
    assert not (tmp_path / "-").exists()


def test_write_baseline_dash_prints_the_baseline(cjm, write, tmp_path: Path) -> None:
    write("map.yaml", MAP)
    result = cjm("lint", "map.yaml", "--write-baseline", "-", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert '"cjm-baseline"' in result.stdout
    assert not (tmp_path / "-").exists()


def test_a_file_named_dash_is_still_written_as_dot_slash_dash(cjm, write, tmp_path: Path) -> None:
    write("map.yaml", MAP)
    result = cjm("render", "map.yaml", "-f", "md", "-o", "./-", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("# Minimal map")
