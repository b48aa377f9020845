"""Which files a command looks at (named files always, folders searched for YAML maps), and the
one way to read one of them, or stdin for ``-``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass

YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv"}


class PathNotFound(Exception):
    """A path named by the user does not exist: a usage error (exit 2), not a problem."""


class Unreadable(Exception):
    """A file that exists but cannot be read at all (a directory, no permission): exit 2.

    ``reason`` is said after the file name: ``maps/a.yaml: cannot read file: Permission denied``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


STDIN = "-"


def shown_name(path: str) -> str:
    """How messages name an input: ``<stdin>`` for ``-``, else the path as the user gave it."""
    return "<stdin>" if path == STDIN else path


def require(path: str) -> None:
    """A file named on the command line must exist (``-`` always does): else :class:`PathNotFound`,
    checked before anything is read so a typo is a usage error, not a problem in a report."""
    if path != STDIN and not os.path.exists(path):
        raise PathNotFound(path)


def read_input(path: str, limit: int | None = None) -> bytes:
    """The bytes of ``path``, or of stdin for ``-``; at most ``limit`` bytes when given.

    Every command reads its inputs here, so a missing file is always :class:`PathNotFound` and
    a directory or a permission error always :class:`Unreadable`, with the same words.
    """
    size = -1 if limit is None else limit
    if path == STDIN:
        try:  # a closed stdin (``<&-``) reads as "Bad file descriptor", like any unreadable file
            if sys.stdin is None:
                raise OSError(9, os.strerror(9))
            return sys.stdin.buffer.read(size)
        except OSError as exc:
            raise Unreadable("<stdin>", f"cannot read: {exc.strerror or exc}") from None
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        raise PathNotFound(path) from None
    except IsADirectoryError:
        raise Unreadable(path, "is a directory, not a file") from None
    except OSError as exc:
        raise Unreadable(path, f"cannot read file: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class Target:
    """A file to check; ``explicit`` when the user named it (then it is a map whatever it holds)."""

    path: str
    explicit: bool
    base: str | None = None  # the folder the user named that holds it (a repository root)


def discover(paths: Iterable[str]) -> list[Target]:
    """Expand folders recursively (sorted, hidden folders skipped); keep the user's order.

    A file is listed once; named on its own as well as found in a named folder, it is explicit
    (``cjm validate . ci.yaml`` checks ci.yaml as a map, where ``.`` alone skips it)."""
    out: list[Target] = []
    seen: dict[str, int] = {}  # normalized path -> its place in ``out``
    for raw in paths:
        if raw == "-":
            out.append(Target("-", True))
            continue
        if os.path.isdir(raw):
            found: list[str] = []
            for root, dirs, names in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
                found.extend(
                    os.path.join(root, n)
                    for n in names
                    if n.endswith(YAML_SUFFIXES)
                    and not n.startswith(".")
                    and os.path.isfile(os.path.join(root, n))  # no pipes or sockets from a folder
                )
            for f in sorted(found):
                key = os.path.normpath(f)
                if key not in seen:
                    seen[key] = len(out)
                    out.append(Target(os.path.normpath(f), False, raw))
        elif os.path.exists(raw):
            key = os.path.normpath(raw)
            if key not in seen:
                seen[key] = len(out)
                out.append(Target(raw, True))
            else:
                earlier = out[seen[key]]
                out[seen[key]] = Target(earlier.path, True, earlier.base)
        else:
            raise PathNotFound(raw)
    return out
