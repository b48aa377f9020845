"""cjm: customer journey maps as code.

The Python API mirrors the CLI: ``cjm.load(path)`` gives a typed :class:`cjm.model.JourneyMap`,
``cjm.check(path)`` the problems, ``cjm.validate_paths(paths)`` a report. Names are imported on
first use so that ``import cjm`` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load": "api",
    "check": "api",
    "validate_paths": "api",
    "MapError": "api",
    "JourneyMap": "model",
    "Problem": "problems",
    "diff_maps": "diff",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(name)
