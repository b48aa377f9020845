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
    result = cjm.lint(path)
    assert isinstance(result, LintResult) and result.report.command == "lint"
    assert isinstance(cjm.diff(journey, path), DiffResult)  # a map and a path
    assert not cjm.diff(path, path).changed
    assert cjm.render(path, format="mermaid").startswith("journey\n")
    assert cjm.validate_paths([str(path)]).problems == []


def test_the_callable_names_are_still_the_packages() -> None:
    import cjm.lint.runner as runner  # importing a submodule must not replace the function
    from cjm.lint import RULES

    assert cjm.lint.RULES is RULES and callable(cjm.lint) and runner.lint.__doc__
    assert callable(cjm.diff) and cjm.diff.diff_maps and callable(cjm.render) and cjm.render.RENDERERS


def test_user_errors_are_cjm_exceptions(write) -> None:
    bad = write("bad.yaml", MINIMAL.replace("name: Awareness", "name: Awareness\n    emotion: 9"))
    with pytest.raises(cjm.MapError) as info:
        cjm.diff(bad, bad)
    assert info.value.problems[0].code == "CJM014"
    from cjm.lint import SelectorError

    with pytest.raises(SelectorError, match="unknown rule 'CJM999'"):
        cjm.lint(bad, select=["CJM999"])
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        cjm.render(bad, format="gif")
