"""Where the built-in Jinja2 templates are: the package data ``cjm.templates``.

The templates live in the repository's top-level ``templates/`` folder, where teams look for them
to copy and override; pyproject.toml maps that folder into the package as ``cjm.templates``, so a
wheel carries them and :mod:`importlib.resources` finds them wherever cjm is installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# The source tree's folder: used when ``cjm.templates`` is not importable, which is the case when
# cjm runs straight from a checkout (PYTHONPATH=. as the test suite may) or from an editable
# install in compat mode, whose plain .pth entry cannot express the package-dir mapping. `make
# setup` installs in the default editable mode, where the mapping resolves.
SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def default_template_dir() -> Path:
    """The folder of the built-in templates, for Jinja2's FileSystemLoader."""
    try:
        root = files("cjm.templates")
    except ModuleNotFoundError:
        return SOURCE_TEMPLATES
    if isinstance(root, Path):
        return root
    # The folder has no __init__.py (it is the folder teams copy, so it holds templates only),
    # which makes it a namespace package: importlib hands back a MultiplexedPath over the one
    # folder installed, whose entries are plain paths.
    first = next(iter(root.iterdir()), None)
    return Path(str(first)).parent if first is not None else SOURCE_TEMPLATES
