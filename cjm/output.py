"""The one way cjm writes: files atomically, devices and streams in place, and colour rules.

Why each rule:
- A regular file (or a new path) is written to a temporary file beside it, synced and renamed
  over it, so an interrupted run leaves the old file or the new one, never half of one.
- Anything else that exists (``/dev/null``, ``/dev/full``, a FIFO, a socket, ``/dev/stdout``) is
  opened and written in place: renaming over it would replace a device with a regular file (as
  root, ``-o /dev/null`` would destroy the system's ``/dev/null``).
- A symlink to a regular file is followed and the real file replaced, so the link stays a link.
- Temporary files (``.cjm-*.tmp``) are removed on every way out: return, exception, SIGINT,
  SIGTERM and SIGHUP (:func:`install_signal_handlers` turns the last two into
  :class:`Terminated`, which unwinds like Ctrl-C does).
- Every failure is a :class:`WriteError` naming the path and the reason, which the CLI prints
  as one line with exit 2; a broken pipe stays a :class:`BrokenPipeError` (quiet, as in Unix
  tools).
- ``-`` as an output path is standard output, as in every Unix tool (:func:`names_stdout`): a
  file named ``-`` is never made.
- A user's file that cjm rewrites (``cjm data import --write``, ``cjm fmt``) goes through
  :class:`Rewriter`: under a lock that keeps two cjm writers apart, the file is read again just
  before the rename, and when its bytes are not the ones the new text was made from (an editor
  saved it, another cjm run wrote it) the new text is made again from what is there now, or
  nothing is written: an edit made meanwhile is never overwritten unseen.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import FrameType
from typing import IO

from .files import PathNotFound, Unreadable, read_bytes, read_head

TEMP_PREFIX = ".cjm-"
TEMP_SUFFIX = ".tmp"
STDOUT = "<stdout>"
STDIN = "<stdin>"
DASH = "-"  # an output path that means standard output

# Temporary files being written right now; removed by :func:`remove_temp_files` on a signal.
_PENDING: set[str] = set()


class WriteError(Exception):
    """Something cjm was asked to write (a file, a folder, stdout) cannot be written: exit 2."""

    def __init__(self, path: str, reason: str, verb: str = "write") -> None:
        super().__init__(f"cannot {verb} {path}: {reason}")
        self.path = path
        self.reason = reason
        self.verb = verb

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, str, str]]:
        return WriteError, (self.path, self.reason, self.verb)  # a worker's reaches the parent


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary files) and exit ``128 + signo``.

    A ``BaseException`` like ``KeyboardInterrupt``, so no ``except Exception`` swallows it.
    """

    def __init__(self, signo: int) -> None:
        super().__init__(signo)
        self.signo = signo


def reason(exc: OSError) -> str:
    """The words of an OS error without Python's ``[Errno N]`` prefix or repeated file name."""
    if exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def is_broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.ECONNRESET)
    )


def _descriptor(target: str) -> int | None:
    """The open descriptor ``target`` names (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``).

    Written through directly rather than opened again: the shell may have opened it with ``>>``,
    and opening the path anew (with O_TRUNC) would empty a log that should only grow.
    """
    absolute = os.path.abspath(target)
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if absolute in named:
        return named[absolute]
    for prefix in ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/"):
        rest = absolute[len(prefix):]
        if absolute.startswith(prefix) and rest.isdigit():
            return int(rest)
    return None


def _in_place(target: str, st: os.stat_result | None) -> bool:
    """Whether ``target`` is written into rather than replaced (see the module docstring)."""
    if st is None:
        return False
    return not stat.S_ISREG(st.st_mode) or _descriptor(target) is not None


def names_stdout(path: str | os.PathLike[str] | None) -> bool:
    """Whether an output path given on the command line means standard output: ``-``, as every
    Unix tool reads it (``-o -``). The one place that decides it: every ``-o`` parser, and
    :func:`stage` for a path that reaches it anyway, ask here. ``./-`` still names a file."""
    return path is not None and os.fspath(path) == DASH


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` as the module docstring says; raises :class:`WriteError`."""
    stage(path, data).commit()


@dataclass
class Staged:
    """A file's new content, written and synced beside it but not yet in its place.

    Why: a command that changes many files (``cjm data import``) stages every one first and
    renames them into place only when all are staged, so a full disk, a read-only folder or a
    signal halfway leaves every file as it was, not half of them updated. :meth:`commit` is a
    rename; :meth:`discard` removes the temporary file. A target written in place (a device, a
    stream) has no temporary file: :meth:`commit` writes it then.

    Plain data, so a worker process can stage a file and the parent commit it.
    """

    target: str  # as the user named it (for messages)
    real: str  # the file replaced (a symlink's target)
    tmp: str | None  # the staged content; None: written in place on commit
    payload: bytes | None = None  # for a target written in place

    def commit(self) -> None:
        """Put the new content in place; raises :class:`WriteError`."""
        try:
            if self.tmp is None:
                assert self.payload is not None
                if self.target == STDOUT:
                    write_stdout(self.payload)
                else:
                    _write_in_place(self.target, self.payload)
                return
            os.replace(self.tmp, self.real)
        except OSError as exc:
            if is_broken_pipe(exc):
                raise
            self.discard()
            raise WriteError(self.target, reason(exc)) from None
        _PENDING.discard(self.tmp)
        self.tmp = None

    def discard(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            _PENDING.discard(self.tmp)
            self.tmp = None

    def adopt(self) -> Staged:
        """Take over a file another process (a worker) staged: a signal here removes it."""
        if self.tmp is not None:
            _PENDING.add(self.tmp)
        return self


def stage(path: str | os.PathLike[str], data: str | bytes, owner: int | None = None) -> Staged:
    """Write ``data`` beside ``path`` and sync it, ready for :meth:`Staged.commit`; raises
    :class:`WriteError` (nothing is left behind then).

    ``owner``: the process that will commit (a worker stages for its parent); its id is in the
    temporary file's name, so :func:`remove_staged` can find what a killed worker left."""
    target = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if target == "":
        raise WriteError("''", "an empty path names no file")
    if names_stdout(target):
        return Staged(STDOUT, STDOUT, None, payload)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteError(target, reason(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(target, "is a directory")
    if _in_place(target, st):
        return Staged(target, target, None, payload)
    real = os.path.realpath(target) if os.path.islink(target) else target
    try:
        tmp = _stage_file(real, payload, st, TEMP_PREFIX + (f"{owner}-" if owner else ""))
    except WriteError:
        raise
    except OSError as exc:
        if is_broken_pipe(exc):
            raise
        raise WriteError(target, reason(exc)) from None
    return Staged(target, real, tmp)


def remove_staged(folders: Iterable[str], owner: int | None = None) -> None:
    """Remove the temporary files staged for ``owner`` in ``folders``: what a worker killed
    between staging a file and reporting it leaves behind. With no ``owner``, those of every
    owner that no longer runs: what an earlier run killed outright (SIGKILL, a power cut)
    between staging and renaming left; a live owner's (a run going on now) are left alone."""
    import glob

    pattern = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-.*" + re.escape(TEMP_SUFFIX) + "$")
    whose = "*" if owner is None else str(owner)
    for folder in set(folders):
        for tmp in glob.glob(os.path.join(glob.escape(folder or "."), f"{TEMP_PREFIX}{whose}-*{TEMP_SUFFIX}")):
            found = pattern.match(os.path.basename(tmp))
            if owner is None and (found is None or _alive(int(found.group(1)))):
                continue
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            _PENDING.discard(tmp)


class Changed(WriteError):
    """Files changed on disk after cjm read them to plan their new text (an editor saved one,
    another program wrote it): they are not overwritten. ``paths`` as the user named them."""

    def __init__(self, paths: list[str], reason: str | None = None) -> None:
        super().__init__(", ".join(paths), reason or (
            "it changed on disk while cjm was working on it; nothing was written"
            if len(paths) == 1 else
            "they changed on disk while cjm was working on them; nothing was written"))
        self.paths = paths

    def __reduce__(self) -> tuple[type[Changed], tuple[list[str], str]]:  # type: ignore[override]
        return Changed, (self.paths, self.reason)


@dataclass
class Rewrite:
    """A user's file, its new content staged beside it, and the bytes that content was made from:
    the file is replaced only while it still holds exactly those bytes."""

    staged: Staged
    planned_from: bytes


def changed_since(planned: Iterable[tuple[str, bytes]]) -> list[str]:
    """The files whose bytes on disk are not (or no longer) the ones given: read again in full,
    not judged by modification time, which a save within the same tick does not move."""
    out = []
    for path, before in planned:
        try:  # one byte past ``before`` is enough to tell a longer file
            now = read_head(path, len(before) + 1)
        except (Unreadable, PathNotFound):  # removed, made unreadable or no longer a regular
            # file meanwhile (a FIFO put in its place is refused, not waited on): not the file
            # the plan was for
            out.append(path)
            continue
        if now != before:
            out.append(path)
    return out


class Rewriter:
    """The one way cjm rewrites files a user edits: under the writers' lock, each file compared
    with the bytes its new content was made from just before the rename, all of them renamed or
    none (:meth:`commit`).

    The lock: ``fcntl.flock`` on each folder that holds a file being rewritten, taken in one
    order (so two writers never wait on each other), at the first :meth:`commit` and held until
    the ``with`` block ends, so a writer that found a file changed makes its new content again
    and commits before another cjm writer can step in. A folder rather than a lock file: a lock
    file would be one more file in the user's folder, committed by ``git add maps/``; the lock
    dies with the process that holds it (even ``kill -9``), so nothing is ever left to clean up.
    On a file system without locks the comparison still guards every file.

    ``on_wait(folder)`` is called once when another process holds a folder's lock, before
    waiting for it (the command says so on stderr)."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]],
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.folders = sorted({os.path.dirname(os.path.realpath(os.fspath(p))) for p in paths})
        self.on_wait = on_wait
        self._held: list[int] | None = None

    def __enter__(self) -> Rewriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def lock(self) -> None:
        """Take every folder's lock (a no-op once held), waiting for another writer's."""
        if self._held is not None:
            return
        import fcntl

        self._held = []
        for folder in self.folders:
            try:
                fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError:  # a folder that cannot be opened cannot be written either: said then
                continue
            self._held.append(fd)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if self.on_wait is not None:
                        self.on_wait(folder)
                    fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                    raise

    def release(self) -> None:
        for fd in self._held or []:
            with contextlib.suppress(OSError):
                os.close(fd)  # closing the descriptor releases its lock
        self._held = None

    def commit(self, rewrites: list[Rewrite]) -> None:
        """Rename every staged file into place, all or nothing; raises :class:`Changed` (naming
        every file that changed, nothing renamed) or :class:`WriteError`.

        The renames run with Ctrl-C, SIGTERM and SIGHUP held (a signal waits the few milliseconds
        until every file is in place, then ends the command); a rename that fails puts back the
        files renamed before it, as their bytes were."""
        self.lock()
        changed = changed_since((r.staged.target, r.planned_from) for r in rewrites)
        if changed:
            raise Changed(changed)
        done: list[Rewrite] = []
        with signals_held():
            for rewrite in rewrites:
                try:
                    rewrite.staged.commit()
                except WriteError:
                    for back in done:
                        with contextlib.suppress(WriteError):
                            atomic_write(back.staged.target, back.planned_from)
                    raise
                done.append(rewrite)

    def rewrite(self, path: str, planned_from: bytes, data: str | bytes,
                replan: Callable[[bytes], str | bytes | None], attempts: int = 3) -> bool:
        """Replace one file with ``data``, made from ``planned_from``; when the file holds other
        bytes by then, ``replan`` makes the content again from what it holds now (None: it
        cannot be, :class:`Changed` is raised and the file left as it is). False when the
        content made again is what the file already says (nothing to write)."""
        for _ in range(attempts):
            payload = data.encode("utf-8") if isinstance(data, str) else data
            if payload == planned_from:
                return False
            staged = stage(path, payload)
            try:
                self.commit([Rewrite(staged, planned_from)])
                return True
            except Changed:
                staged.discard()
            try:
                planned_from = read_bytes(path)
            except (Unreadable, PathNotFound) as exc:
                why = exc.reason if isinstance(exc, Unreadable) else os.strerror(errno.ENOENT)
                raise Changed([path], f"it changed on disk while cjm was working on it "
                                      f"({why}); nothing was written") from None
            again = replan(planned_from)
            if again is None:
                raise Changed([path], "it changed on disk while cjm was working on it, and its "
                                      "new text cannot be used; it was left as it is")
            data = again
        raise Changed([path], f"it changed on disk {attempts} times while cjm was writing it; "
                              "nothing was written (is another program writing it?)")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process: not ours to judge
    return True


def _write_in_place(target: str, payload: bytes) -> None:
    fd = _descriptor(target)
    if fd is not None:
        if fd == 1 and sys.stdout is not None:
            sys.stdout.flush()  # what was printed before comes first
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        return
    fd = os.open(target, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP for a moment that must not be cut in two: a temporary file
    created and registered (or a signal leaves a file nobody knows to remove), a set of staged
    files renamed into place (or a signal leaves half of them updated). A signal that arrives
    meanwhile is delivered when the block ends."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stage_file(real: str, payload: bytes, st: os.stat_result | None, prefix: str) -> str:
    """The temporary file beside ``real`` holding ``payload``, synced, with ``real``'s mode;
    removed again if anything fails."""
    import tempfile  # imported on use: it pulls in random, which every start-up would pay for

    folder = os.path.dirname(os.path.abspath(real))
    try:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:  # a file where a folder should be
        raise WriteError(real, "a parent of it is a file, not a folder") from None
    with signals_held():
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=folder)
        _PENDING.add(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        _PENDING.discard(tmp)
        raise
    return tmp


def remove_temp_files() -> None:
    """Remove every temporary file still being written (called on the way out of a signal)."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _PENDING.discard(tmp)


def _on_signal(signo: int, _frame: FrameType | None) -> None:
    raise Terminated(signo)


def install_signal_handlers() -> None:
    """SIGTERM (CI cancel or timeout) and SIGHUP (terminal closed) unwind like Ctrl-C: cleanup
    runs and the CLI exits ``128 + signo``. Left alone when the signal is ignored (``nohup``)."""
    for signo in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signo) is not signal.SIG_IGN:
            signal.signal(signo, _on_signal)


def write_stdout(data: str | bytes) -> None:
    """Print a result on stdout; raises :class:`WriteError` (``<stdout>``), or BrokenPipeError."""
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        if isinstance(data, bytes):
            stream.flush()
            stream.buffer.write(data)
        else:
            stream.write(data)
        stream.flush()
    except OSError as exc:
        if is_broken_pipe(exc):
            raise
        raise WriteError(STDOUT, reason(exc)) from None


def flush_stdout() -> None:
    """Flush what commands printed (``typer.echo``), so a full device is reported, not lost."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError as exc:
        if is_broken_pipe(exc):
            raise
        raise WriteError(STDOUT, reason(exc)) from None


def guard_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr (``<&-``, ``>&-``) a descriptor that fails.

    Python starts with ``sys.stdout = None`` then, and the next file cjm opens would get
    descriptor 1, so a later print would land inside that file. ``/dev/null`` opened the wrong
    way round takes the slot: reading stdin or writing stdout fails with "Bad file descriptor",
    which is reported like any other read or write error. A closed stderr just goes quiet.
    """
    for fd, flags, name in (
        (0, os.O_WRONLY, "stdin"),
        (1, os.O_RDONLY, "stdout"),
        (2, os.O_WRONLY, "stderr"),
    ):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        new = os.open(os.devnull, flags)
        if new != fd:
            os.dup2(new, fd)
            os.close(new)
        mode = "r" if fd == 0 else "w"
        setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))  # noqa: SIM115


def silence_stdout() -> None:
    """After a write error on stdout, point it at nothing so Python's own flush at exit does not
    print a second error (or change the exit code)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, 1)
    except OSError:
        pass
    finally:
        os.close(devnull)


def use_color(stream: IO[str] | None = None) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` (https://no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"
