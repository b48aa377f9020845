"""Every rule's case file (tests/rules/CJMxxx.yaml): passing and failing maps, expected line:col.

A case file reads like the rule's documentation: each case is a small map and the positions the
rule reports in it (``[]`` for a map that passes). One parametrized test runs them all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from cjm.lint import RULES
from cjm.lint.runner import Settings, lint_document
from cjm.loader import load_text, read_file
from cjm.repository import Repository
from cjm.validate import Checked, validate_document
from cjm.workspace import Workspace

HERE = Path(__file__).parent
TODAY = dt.date(2026, 11, 1)
CASE_FILES = sorted(HERE.glob("CJM*.yaml"))


def _cases() -> list[Any]:
    out = []
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append(pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}"))
    return out


def test_every_rule_has_a_case_file_with_passing_and_failing_maps() -> None:
    assert sorted(p.stem for p in CASE_FILES) == sorted(RULES)
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem
        assert any(c["expect"] == [] for c in data["cases"]), f"{path.name}: no passing case"
        assert any(c["expect"] for c in data["cases"]), f"{path.name}: no failing case"


def _checked(case: dict[str, Any], folder: Path) -> tuple[Checked, Repository]:
    """The case's map, alone; or, for cross-file rules, as ``case.yaml`` in a repository
    (a ``.cjm.toml`` at its root) with the case's other ``files`` (a library, other maps)."""
    if "files" not in case:
        return validate_document(load_text(case["map"], "case.yaml"), Repository.alone()), Repository.alone()
    (folder / ".cjm.toml").write_text("", encoding="utf-8")
    for name, text in case["files"].items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "case.yaml").write_text(case["map"], encoding="utf-8")
    workspace = Workspace()
    return (workspace.validate(read_file(str(folder / "case.yaml"))),
            workspace.repository(str(folder / "case.yaml")))


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    checked, repo = _checked(case, tmp_path)
    typed = checked.library if case.get("library") else checked.map
    assert typed is not None and not checked.problems, checked.problems
    options = RULES[code].Options.model_validate(case.get("options", {}))
    settings = Settings(enabled=frozenset({code}), options={code: options})
    problems = lint_document(checked, settings, TODAY, repo)
    assert all(p.code == code for p in problems)
    assert [f"{p.line}:{p.col}" for p in problems] == case["expect"], [p.message for p in problems]
    if "message" in case:
        assert case["message"] in problems[0].message
