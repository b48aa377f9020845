"""Ships the top-level ``templates/`` folder inside the wheel as ``cjm/templates``.

Everything else is in pyproject.toml. The templates live at the top of the repository (where
teams look for them to copy and override); this build step copies them into the package so an
installed cjm finds them next to its code. A source checkout or ``pip install -e .`` reads them
from the top-level folder directly (see ``cjm.render.html.default_template_dir``).
"""

from __future__ import annotations

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the package reads ../templates from the source tree
            return
        here = os.path.dirname(os.path.abspath(__file__))
        source = os.path.join(here, "templates")
        target = os.path.join(self.build_lib, "cjm", "templates")
        if os.path.isdir(target):
            shutil.rmtree(target)
        shutil.copytree(source, target)


setup(cmdclass={"build_py": BuildWithTemplates})
