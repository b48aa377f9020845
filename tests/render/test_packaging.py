"""The templates ship inside the package: a built cjm renders HTML with no source tree around.

The wheel is built the way a user's pip builds it (``pip wheel --no-deps``, the pyproject.toml
configuration only) and unpacked into an empty folder, then run from there in a folder that has
no templates of its own: what it renders can only come from the templates inside the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .helpers import MAPS, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cjm's wheel, built from this tree and unpacked (what ``pip install`` puts on disk)."""
    out = tmp_path_factory.mktemp("wheel")
    # A copy, because pip builds in place: build/ and *.egg-info left in the tree would keep
    # modules that were since moved, and the next wheel would ship them.
    source = out / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".cache", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "site"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-cache-dir", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    log = built.stdout + built.stderr  # -v: the build backend's own warnings are shown
    assert "deprecated" not in log.lower() and "BuildBackendWarning" not in log  # no banners
    (wheel,) = out.glob("journey_maps-*.whl")  # the distribution name; the package is cjm
    site = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def run_installed(site: Path, code: str, cwd: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")


# The wheel is built once (a module fixture, ~20 s): the tests that need it are marked
# ``packaging`` (left out by default: `make check-dist`) and go to one xdist worker.
@pytest.mark.packaging
@pytest.mark.xdist_group("packaging")
def test_the_wheel_carries_the_templates_and_renders_with_them(installed: Path, tmp_path: Path) -> None:
    shipped = sorted(p.name for p in (installed / "cjm" / "templates").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "templates").iterdir())
    code = (
        "import cjm, cjm.render.templates as t; from cjm.api import load; from cjm.render import render; "
        "print(cjm.__file__); print(t.default_template_dir()); "
        f"print(len(render(load({str(MAPS / 'online-store-first-purchase.yaml')!r}))))"
    )
    module, where, size = run_installed(installed, code, tmp_path)[:3]
    assert module == str(installed / "cjm" / "__init__.py")  # not this source tree
    assert where == str(installed / "cjm" / "templates") and int(size) > 10_000


@pytest.mark.packaging
@pytest.mark.xdist_group("packaging")
def test_template_dir_still_overrides_the_packaged_templates_file_by_file(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "style.css").write_text("/* ours */\n", encoding="utf-8")
    code = (
        "from cjm.api import load; from cjm.render import Options, render; from pathlib import Path; "
        f"html = render(load({str(MAPS / 'online-store-first-purchase.yaml')!r}), "
        "options=Options(template_dir=Path('tpl'))); "
        "print('/* ours */' in html, '<!DOCTYPE html>' in html)"
    )
    assert run_installed(installed, code, tmp_path)[0] == "True True"


@pytest.mark.packaging
@pytest.mark.xdist_group("packaging")
def test_the_installed_command_runs_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    """``python -m cjm`` as installed: start-up, a command, its output and exit code."""
    env = dict(os.environ, PYTHONPATH=str(installed))
    out = subprocess.run([sys.executable, "-m", "cjm", "validate", str(MAPS / "online-store-first-purchase.yaml")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "No problems in 1 file.\n"


def test_every_package_under_cjm_is_listed_for_setuptools() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "cjm").rglob("__init__.py")}
    assert listed == found | {"cjm.templates"}
