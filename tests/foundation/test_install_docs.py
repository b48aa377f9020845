"""One install story everywhere: the distribution name, the repository and the pre-commit `repo:`.

The name `cjm` on the public package index belongs to an unrelated project, so a doc that says
`pip install cjm` installs someone else's code. Every install line in README.md, docs/ and the
pre-commit hooks file must name this project the same way.
"""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT

DISTRIBUTION = "journey-maps"
REPOSITORY = "https://github.com/your-org/cjm"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / ".pre-commit-hooks.yaml"]


def _text() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in DOCS}


def test_the_distribution_is_not_called_cjm_but_the_command_and_package_are():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"cjm": "cjm.entry:main"}


def _extras_packages() -> set[str]:
    """Third-party packages our extras list (``pip install weasyprint pypdfium2`` is a fine hint)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for deps in project.get("optional-dependencies", {}).values():
        for dep in deps:
            names.add(re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].lower())
    return names - {"cjm", DISTRIBUTION}


def test_every_pip_install_line_installs_this_project():
    extras = _extras_packages()
    for name, text in _text().items():
        for line in text.splitlines():
            if "pip install" not in line or line.lstrip().startswith("`make"):
                continue
            target = line.split("pip install", 1)[1].split()
            assert target, f"{name}: {line}"
            first = target[0].strip('"')
            ok = first.startswith(f"git+{REPOSITORY}@") or first.endswith(".whl") or first in (
                "-e", ".", "-q") or first.startswith("cjm`:") or (  # the warning against the other one
                first.startswith(f"{DISTRIBUTION}[")
                and [t.strip("\"'") for t in target[1:3]] == ["@", f"git+{REPOSITORY}@v0.1.0"]
                or first.strip("'").lower() in extras)
            assert ok, f"{name}: {line.strip()}"


def test_every_repository_url_and_pre_commit_repo_is_the_same():
    urls = set()
    for text in _text().values():
        urls |= {u for u in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text)
                 if not u.startswith(("https://github.com/actions/", "https://github.com/github/"))}
        for repo in re.findall(r"repo:\s*(\S+)", text):
            assert repo == REPOSITORY
    assert urls == {REPOSITORY}


def test_make_run_installs_no_dev_tools():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp = makefile.split("$(STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "pip install -q -e .\n" in stamp and "[dev]" not in stamp
    run = makefile.split("\nrun:", 1)[1].split("\n", 1)[0]
    assert "dev" not in run.split()
    test = makefile.split("\ntest:", 1)[1].split("\n", 1)[0]
    assert "dev" in test.split()
