"""Where the ``cjm`` script and ``python -m cjm`` start: nothing but a guard around the CLI.

Why a module of its own: the CLI's modules (Typer, Click, the command's own) take about a tenth
of a second to import, and ``cjm.cli.main`` installs its signal handling only once they are in.
A Ctrl-C in that tenth of a second printed a Python traceback from the middle of an import;
here it is ``cjm: interrupted`` and exit 130, as at any other moment. Nothing has been written
yet then, so there is nothing to clean up.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("cjm: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        raise SystemExit(130) from None
