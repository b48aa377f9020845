"""The templates ship inside the package: a built cjm renders HTML with no source tree around."""

from __future__ import annotations

import os
import subprocess
import sys

from .helpers import MAPS, ROOT


def test_build_copies_templates_into_the_package_and_the_built_package_uses_them(tmp_path) -> None:
    build = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )
    shipped = sorted(p.name for p in (build / "cjm" / "templates").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "templates").iterdir())
    code = (
        "import cjm.render.html as h; from cjm.api import load; "
        "print(h.default_template_dir()); "
        f"print(len(h.render(load({str(MAPS / 'online-store-first-purchase.yaml')!r}))))"
    )
    env = dict(os.environ, PYTHONPATH=str(build))
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True, timeout=60)
    where, size = out.stdout.split()
    assert where == str(build / "cjm" / "templates") and int(size) > 10_000
