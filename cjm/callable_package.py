"""Lets ``cjm.lint``, ``cjm.diff`` and ``cjm.render`` be called although they are packages.

Why: the Python API mirrors the CLI (``cjm.lint(paths)``, ``cjm.diff(old, new)``,
``cjm.render(map)``), and those names are also cjm's subpackages. Python sets ``cjm.lint`` to the
package as soon as anything imports ``cjm.lint.x``, so a plain function of that name in
``cjm/__init__.py`` would be replaced by the module depending on import order. Giving the
package module a ``__call__`` (Python allows a module's class to be a ModuleType subclass) keeps
one object that is both: ``from cjm.lint import RULES`` and ``cjm.lint(paths)`` both work.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


def make_callable(module_name: str, function: Callable[..., Any]) -> None:
    """Calling the module ``module_name`` calls ``function``, whose docstring it shows."""

    class CallablePackage(ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

    CallablePackage.__call__.__doc__ = function.__doc__
    CallablePackage.__name__ = f"CallablePackage[{module_name}]"
    sys.modules[module_name].__class__ = CallablePackage
