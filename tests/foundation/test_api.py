"""The Python API as the README shows it: the example runs exactly as written, and each function
returns cjm's own types."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import MINIMAL, ROOT

import cjm
from cjm.diff import DiffResult
from cjm.lint.runner import LintResult
from cjm.model import JourneyMap


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Python API\n.*?```python\n(.*?)```", text, re.S | re.M)
    assert found, "README.md has a Python API section with a python example"
    return found.group(1)


@pytest.mark.e2e
def test_the_readme_example_runs_as_written() -> None:
    out = subprocess.run([sys.executable, "-c", readme_example()], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "['Осознание и выбор карты', 'Оформление заявки', 'Получение карты']"
    assert lines[1] == "True 0"
    assert any(line.startswith("CJM2") for line in lines)
    assert "fails the build: False" in lines
    assert any(re.match(r"\d+ removed, \d+ changed", line) for line in lines)
    assert lines[-1].startswith("True # ")


def test_each_function_returns_cjm_types(write) -> None:
    path = write("m.yaml", MINIMAL)
    journey = cjm.load(path)
    assert isinstance(journey, JourneyMap)
    assert cjm.check(path).ok
    result = cjm.lint_paths(path)
    assert isinstance(result, LintResult) and result.report.command == "lint"
    assert isinstance(cjm.compare(journey, path), DiffResult)  # a map and a path
    assert not cjm.compare(path, path).changed
    assert cjm.render_map(path, format="mermaid").startswith("journey\n")
    assert cjm.validate_paths([str(path)]).problems == []


def test_the_api_names_are_plain_functions_whatever_is_imported() -> None:
    import types

    import cjm.lint.runner  # importing a submodule must not change what an API name is
    from cjm.lint import RULES

    assert cjm.lint.RULES is RULES and isinstance(cjm.lint, types.ModuleType)
    for name in ("lint_paths", "compare", "render_map", "load", "check"):
        assert isinstance(getattr(cjm, name), types.FunctionType), name


def test_user_errors_are_cjm_exceptions(write) -> None:
    bad = write("bad.yaml", MINIMAL.replace("name: Awareness", "name: Awareness\n    emotion: 9"))
    with pytest.raises(cjm.MapError) as info:
        cjm.compare(bad, bad)
    assert info.value.problems[0].code == "CJM014"
    from cjm.lint import SelectorError

    with pytest.raises(SelectorError, match="unknown rule 'CJM999'"):
        cjm.lint_paths(bad, select=["CJM999"])
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        cjm.render_map(bad, format="gif")
