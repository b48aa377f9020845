"""The ``cjm`` command: the Typer app with every command registered, and ``main()``.

Exit codes, for every command: 0 clean, 1 problems found (or changes, with ``diff --exit-code``),
2 usage error, a path that does not exist, or a file that cannot be read at all.
"""

from __future__ import annotations

import sys

# Each feature's commands live in their own module under cjm/commands/ and register on ``app``
# (cjm.commands.base). Explicit imports, no discovery: the list of commands is this list.
from .commands import diff as _diff  # noqa: F401
from .commands import lint as _lint  # noqa: F401
from .commands import render as _render  # noqa: F401
from .commands import report as _report  # noqa: F401
from .commands import validate as _validate  # noqa: F401
from .commands.base import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``cjm`` script and ``python -m cjm``."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("cjm: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
