"""Which files a command looks at (named files always, folders searched for YAML maps), and the
one way to read a file, or stdin for ``-``.

Why one way: a file cjm finds by itself (a library listed in ``.cjm.toml``, the config, a map in
a folder, a template, a data file) may be anything the file system holds: a FIFO with no writer
(an ``open`` that never returns), a device with no end (``/dev/zero``), a folder, a file of
gigabytes. :func:`read_bytes` opens without blocking, checks with ``fstat`` on the open file (no
race with a rename) that it is a regular file, refuses one past the size limit before reading it,
and reads at most the limit. Only a file the user names on the command line may be a pipe
(``cjm diff a.yaml <(git show HEAD:a.yaml)``): :func:`read_input` reads that, bounded too.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from .i18n.labels import N_
from .i18n.message import Message, Quantity, say

YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv"}


class PathNotFound(Exception):
    """A path named by the user does not exist: a usage error (exit 2), not a problem."""


class Unreadable(Exception):
    """A file that exists but cannot be read at all (a directory, no permission): exit 2.

    ``reason`` is said after the file name: ``maps/a.yaml: cannot read file: Permission denied``.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(Message("%(path)s: %(reason)s", {"path": path, "reason": reason}))
        self.path = path
        self.reason = reason


class TooLarge(Unreadable):
    """A file past the size limit: refused before it is read (CJM005 where a map is concerned)."""

    def __init__(self, path: str, size: int | None, limit: int) -> None:
        said = (say("file is %(size)s bytes, more than the %(limit)s bytes allowed",
                    size=Quantity(size, None), limit=Quantity(limit, None)) if size is not None else
                say("file is more than the %(limit)s bytes allowed", limit=Quantity(limit, None)))
        super().__init__(path, said)
        self.size = size
        self.limit = limit


DEFAULT_LIMIT = 10 * 1024 * 1024
"""The size limit of a file cjm reads: maps and libraries (``loader.MAX_BYTES``), config,
templates and data files alike. Ten megabytes is a hundred times the largest map seen in use."""

STDIN = "-"

_KINDS = ((stat.S_ISDIR, N_("is a directory, not a file")),
          (stat.S_ISFIFO, N_("is a named pipe (FIFO), not a regular file")),
          (stat.S_ISCHR, N_("is a character device, not a regular file")),
          (stat.S_ISBLK, N_("is a block device, not a regular file")),
          (stat.S_ISSOCK, N_("is a socket, not a regular file")))
# Its own name: pybabel does not see an N_() nested inside say(next(...)).
_OTHER_KIND = N_("is not a regular file")


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return say(next((reason for test, reason in _KINDS if test(mode)), _OTHER_KIND))


def _open_error(path: str, exc: OSError) -> Exception:
    if isinstance(exc, FileNotFoundError):
        return PathNotFound(path)
    if isinstance(exc, IsADirectoryError):
        return Unreadable(path, say(_KINDS[0][1]))
    return Unreadable(path, say("cannot read file: %(reason)s", reason=exc.strerror or str(exc)))


def _read_fd(fd: int, path: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes from ``fd`` (the extra one tells a file past the limit)."""
    chunks: list[bytes] = []
    left = limit + 1
    try:
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _open_error(path, exc) from None
    return b"".join(chunks)


def _open_regular(name: str) -> tuple[int, int]:
    """An open descriptor of the regular file ``name`` and its size; opened without blocking (a
    FIFO with no writer would block ``open`` forever) and checked on the open file."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(name, exc) from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise _open_error(name, exc) from None
    reason = _not_regular(info.st_mode)
    if reason is not None:
        os.close(fd)
        raise Unreadable(name, reason)
    return fd, info.st_size


def read_bytes(path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of the regular file ``path`` (a symlink is followed), never blocking.

    Raises :class:`PathNotFound` when it is missing, :class:`TooLarge` past ``limit`` bytes, and
    :class:`Unreadable` for a folder, a FIFO, a device, a socket or an error while reading."""
    name = os.fspath(path)
    fd, size = _open_regular(name)
    try:
        if size > limit:
            raise TooLarge(name, size, limit)
        raw = _read_fd(fd, name, limit)
    finally:
        os.close(fd)
    if len(raw) > limit:  # it grew while read
        raise TooLarge(name, None, limit)
    return raw


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first ``size`` bytes of the regular file ``path``, whatever its length (a look at the
    top of a file too large to read whole); raises as :func:`read_bytes` does."""
    name = os.fspath(path)
    fd, _ = _open_regular(name)
    try:
        return _read_fd(fd, name, size - 1)
    finally:
        os.close(fd)


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
            raise Unreadable("<stdin>", say("cannot read: %(reason)s", reason=exc.strerror or str(exc))) from None
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _open_error(path, exc) from None
    if stat.S_ISFIFO(info.st_mode):  # a pipe the user named: its writer is at the other end
        try:
            with open(path, "rb") as fh:
                return fh.read(size)
        except OSError as exc:
            raise _open_error(path, exc) from None
    fd, _ = _open_regular(path)
    try:
        return _read_fd(fd, path, sys.maxsize - 1 if limit is None else limit - 1)
    finally:
        os.close(fd)


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
