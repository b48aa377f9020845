"""The ``cjm`` command: the Typer app with every command registered, and ``main()``.

Exit codes, for every command: 0 clean, 1 problems found (or changes, with ``diff --exit-code``),
2 usage error, a path that does not exist, or a file that cannot be read at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib import import_module

from .commands.base import app

__all__ = ["COMMANDS", "app", "load_commands", "main"]

# Each feature's commands live in their own module under cjm/commands/ and register on ``app``
# (cjm.commands.base) when imported. Explicit, no discovery: the list of commands is this table.
COMMANDS: dict[str, str] = {
    "validate": "validate", "schema": "validate",
    "lint": "lint", "rules": "lint",
    "diff": "diff", "git-diff": "diff", "show": "diff",
    "render": "render",
    "report": "report", "init": "report", "import": "report", "export": "report",
}


def load_commands(argv: Sequence[str] | None = None) -> None:
    """Register the commands an invocation needs: the one module of ``cjm validate ...``, or all
    of them for ``--help``, shell completion, a typo (so Click can list the choices) or no argv.

    Why: Typer turns every registered command into a Click command, with a pydantic adapter per
    option, on every start; CI runs ``cjm validate`` on each push, and start-up is most of a
    one-file run. Importing one command module instead of five is the largest saving cjm controls.
    """
    words = [a for a in (argv or []) if not a.startswith("-")]
    complete = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    first = words[0] if words else None
    modules = {COMMANDS[first]} if first in COMMANDS and not complete and argv else set(COMMANDS.values())
    for module in sorted(modules):
        import_module(f".commands.{module}", __package__)


def main() -> None:
    """Entry point of the ``cjm`` script and ``python -m cjm``."""
    # pydantic looks up installed plugins (an entry-point scan) before its first validation; the
    # CLI uses none, and skipping the scan is ~10 ms of every start-up
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    load_commands(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("cjm: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
