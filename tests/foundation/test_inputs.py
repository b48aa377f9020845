"""Reading inputs: one reader for files and stdin, one test for "could this be a map", and a file
that cannot be read at all is exit 2 in every command, said the same way."""

from __future__ import annotations

import os

import pytest
from conftest import MINIMAL

from cjm.loader import load_text

UNREADABLE = "/proc/self/mem"  # exists, opens, and fails on read, even for root
needs_unreadable = pytest.mark.skipif(not os.path.exists(UNREADABLE), reason="needs Linux /proc")


@needs_unreadable
@pytest.mark.parametrize(
    "args",
    [
        ("validate",), ("lint",), ("render",),  # the file's problem is reported with the others
    ],
)
def test_an_unreadable_file_is_reported_and_exits_2(cjm, args):
    result = cjm(*args, UNREADABLE)
    assert result.exit_code == 2
    assert f"{UNREADABLE}:1:1: error CJM003 cannot read file: " in result.output
    assert "Traceback" not in result.output


@needs_unreadable
@pytest.mark.parametrize(
    "args",
    [("report",), ("export", "csv"), ("import", "mermaid")],  # these need every input to read
)
def test_an_unreadable_input_stops_the_command_with_exit_2(cjm, args):
    result = cjm(*args, UNREADABLE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cjm: error: {UNREADABLE}: cannot read file: ")
    assert result.stdout == ""


@pytest.mark.parametrize("args", [("export", "csv"), ("import", "mermaid")])
def test_a_folder_where_a_file_is_expected_is_a_usage_error(cjm, tmp_path, args):
    result = cjm(*args, str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"cjm: error: {tmp_path}: is a directory, not a file\n")


def test_show_for_git_textconv_never_fails_even_on_a_folder(cjm, tmp_path):
    result = cjm("show", "--raw-if-invalid", str(tmp_path))
    assert result.exit_code == 0 and "Traceback" not in result.stderr


def test_stdin_is_read_by_the_same_reader(cjm):
    result = cjm("validate", "-", input=MINIMAL)
    assert result.exit_code == 0
    assert cjm("export", "csv", "-", input=MINIMAL).exit_code == 0


@pytest.mark.parametrize(
    ("text", "may_be_map"),
    [
        (MINIMAL, True),  # says cjm:
        ("on: push\njobs: {}\n", False),  # someone's CI file
        ("cjm: 1\nstages: [\n", True),  # broken YAML: may be a broken map, so it is reported
        ("# only a comment\n", False),  # empty
    ],
)
def test_which_yaml_files_in_a_folder_are_checked_as_maps(text, may_be_map):
    assert load_text(text, "x.yaml").may_be_map is may_be_map


def test_a_file_named_as_well_as_found_in_a_named_folder_is_checked_as_named(cjm, tmp_path):
    """``.`` alone skips a YAML file that is no map; naming it too asks for it to be checked."""
    (tmp_path / "map.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    assert cjm("validate", ".", cwd=tmp_path).exit_code == 0
    both = cjm("validate", ".", "ci.yaml", cwd=tmp_path)
    assert both.exit_code == 1
    assert both.stdout.startswith("ci.yaml:1:1: error CJM006 not a cjm map")
    assert "in 1 of 2 files" in both.stdout  # still listed once
