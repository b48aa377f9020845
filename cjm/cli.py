"""The ``cjm`` command: the Typer app with every command registered, and ``main()``.

Exit codes, for every command: 0 clean, 1 problems found (or changes, with ``diff --exit-code``),
2 usage error, a path that does not exist, a file that cannot be read at all, or an output that
cannot be written; 130 after Ctrl-C, 143 after SIGTERM and 129 after SIGHUP (128 + the signal).
A broken pipe (``cjm report | head``) exits 1 quietly.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from .commands.base import app, forget_language
from .output import (
    STDOUT,
    Terminated,
    WriteError,
    flush_stdout,
    guard_standard_streams,
    install_signal_handlers,
    is_broken_pipe,
    reason,
    remove_temp_files,
    silence_stdout,
)

__all__ = ["COMMANDS", "app", "load_commands", "main"]

# Each feature's commands live in their own module under cjm/commands/ and register on ``app``
# (cjm.commands.base) when imported. Explicit, no discovery: the list of commands is this table.
COMMANDS: dict[str, str] = {
    "validate": "validate", "schema": "validate",
    "lint": "lint", "rules": "lint",
    "diff": "diff", "git-diff": "diff", "show": "diff",
    "render": "render",
    "refs": "refs",
    "fmt": "fmt",
    "serve": "serve",
    "report": "report", "init": "init", "import": "interop", "export": "interop",
    "data": "data",
    "conform": "conform",
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


def _fewer_collections() -> None:
    """Run the cyclic garbage collector less often than Python's default (every 700 new objects).

    Why: a run allocates millions of small objects that live to the end (imported modules, the
    facts of a thousand maps in ``cjm report``) and makes almost no reference cycles, so most
    collections find nothing; with the default they cost several per cent of start-up and a
    fifth of the report's own work after the maps are read. Garbage is still collected.
    """
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(20_000, older, oldest)


_fewer_collections()

_SIGNAL_WORDS = {1: "hangup", 15: "terminated"}


def _interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` was raised on the way out of a Ctrl-C (Typer raises ``Exit(130)`` from
    the ``KeyboardInterrupt``, and exits with that)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _say(line: str) -> None:
    """One line on stderr, map text in it escaped (:func:`cjm.text.terminal`); a closed or full
    stderr must not turn an error into a traceback."""
    from .text import terminal

    try:
        sys.stderr.write(terminal(line) + "\n")
        sys.stderr.flush()
    except (OSError, AttributeError):
        pass


def main() -> None:
    """Entry point of the ``cjm`` script and ``python -m cjm``.

    Every way out goes through here: write errors become one ``cjm: error: cannot write PATH:
    REASON`` line with exit 2 (never a traceback), signals exit 128 + signo after temporary
    files are removed, and stdout is flushed before the exit code is decided, so output lost
    on a full device is an error rather than a silent exit 0.
    """
    guard_standard_streams()
    install_signal_handlers()
    # pydantic looks up installed plugins (an entry-point scan) before its first validation; the
    # CLI uses none, and skipping the scan is ~10 ms of every start-up
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    load_commands(sys.argv[1:])
    forget_language()
    try:
        try:
            app()
        except SystemExit as exc:
            if _interrupted(exc):  # Typer turns Ctrl-C into a quiet exit 130 of its own
                raise KeyboardInterrupt from None
            flush_stdout()
            raise
        finally:
            # a temporary file still pending here will never be renamed into place: whichever
            # way out this is (Typer's own exits included), it goes
            remove_temp_files()
    except KeyboardInterrupt:  # temporary files are gone already (the finally above)
        _say("cjm: interrupted")
        sys.exit(130)
    except Terminated as exc:
        _say(f"cjm: {_SIGNAL_WORDS.get(exc.signo, 'signal')}")
        sys.exit(128 + exc.signo)
    except WriteError as exc:
        if exc.path == STDOUT:
            silence_stdout()
        _say(f"cjm: error: {exc}")
        sys.exit(2)
    except OSError as exc:  # anything not caught closer to where it happened
        silence_stdout()
        if is_broken_pipe(exc):
            sys.exit(1)
        if exc.filename:
            _say(f"cjm: error: {exc.filename}: {reason(exc)}")
        else:  # no file named: the one stream commands print to (typer.echo flushing)
            _say(f"cjm: error: cannot write {STDOUT}: {reason(exc)}")
        sys.exit(2)
