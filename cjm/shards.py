"""Items shared out among processes that keep them between calls: work in rounds on every core.

Why not :func:`cjm.run.on_cores`: a pool forgets a task's data when it returns. ``cjm data
import`` must read every map (round one: which ids each map has), match the export's rows in one
place, and then edit each map with its rows (round two); with a pool, round two reads every map
again or ships parsed documents between processes, and either costs what the pool saves. Here
each process opens its share of the items once and keeps what it opened for the next round, and
only small answers travel.

Items are dealt by size, biggest first, to the least loaded worker. A worker that
raises sends its error back and :class:`ShardError` is raised here; one that dies (killed,
out of memory) is reported the same way, never a hang.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

__all__ = ["MIN_ITEMS", "ShardError", "Shards", "workers"]

I = TypeVar("I")  # noqa: E741 - an item as given
S = TypeVar("S")  # what opening an item keeps
A = TypeVar("A")
R = TypeVar("R")

MIN_ITEMS = 24  # below this, starting processes costs more than it saves (as cjm.run.POOL_THRESHOLD)


def workers(count: int, jobs: int | None = None) -> int:
    """How many worker processes ``count`` items get for ``jobs`` (default: one per core); 0
    when they stay in this process (one job, or too few items to pay for starting any)."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    return min(jobs, count) if jobs > 1 and count >= MIN_ITEMS else 0


class ShardError(RuntimeError):
    """A worker process failed: its exception in words, or how it ended."""


def _open_all(opener: Callable[[Any], tuple[Any, Any]], items: Mapping[int, Any]
              ) -> tuple[dict[int, Any], dict[int, Any]]:
    states, answers = {}, {}
    for n, item in items.items():
        states[n], answers[n] = opener(item)
    return states, answers


def _call_all(fn: Callable[[Any, Any], Any], states: Mapping[int, Any], args: Mapping[int, Any]
              ) -> dict[int, Any]:
    return {n: fn(states[n], arg) for n, arg in args.items()}


def _serve(conn: Any, inherited: Sequence[int] = ()) -> None:
    """A worker: open its items, then answer calls on them until told to stop.

    A signal that ends the command (Ctrl-C, a CI cancel, a closed terminal) ends a worker at
    once and quietly: it holds nothing to save or clean up, and the parent, which gets the same
    signal, reports it and stops the others.

    A parent that dies without a word (SIGKILL, the OOM killer) ends it too: the pipes' other
    ends a fork copied here (``inherited``) are closed first, so the parent's death is an end
    of file on this pipe rather than a send that blocks for ever on a socket a sibling holds
    open. The temporary files this worker created for the parent (``cjm data import``'s staged
    maps) go with it: nobody is left to rename them."""
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    for signo in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signo) is not signal.SIG_IGN:
            signal.signal(signo, signal.SIG_DFL)
    states: dict[int, Any] = {}
    try:
        while True:
            message = conn.recv()
            if message is None:
                return
            kind, fn, payload = message
            try:
                if kind == "open":
                    states, answers = _open_all(fn, payload)
                else:
                    answers = _call_all(fn, states, payload)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
                conn.send(("error", _said(exc)))
                if not isinstance(exc, Exception):
                    return
                continue
            conn.send(("ok", answers))
    except (EOFError, OSError):  # the parent is gone
        from .output import remove_temp_files

        remove_temp_files()
        return
    finally:
        conn.close()


def _said(exc: BaseException) -> str:
    """An exception in one line, with where it was raised: enough for a bug report, without
    printing a worker's traceback at a user."""
    what = traceback.format_exception_only(exc)[-1].strip()
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return what
    last = frames[-1]
    return f"{what} (in {last.name}, {os.path.basename(last.filename)}:{last.lineno})"


class Shards(Generic[I, S]):
    """``opener(item) -> (state, answer)`` on every item, in ``jobs`` processes; :meth:`call`
    then runs a function on the kept states of the items it names.

    With one job (or fewer than :data:`MIN_ITEMS` items) everything runs here. Otherwise the
    workers start opening at once and this process is free until it asks for :attr:`opened`:
    ``cjm data import`` reads the export meanwhile.

    ``opener`` and every function given to :meth:`call` must be module-level (they travel by
    name); items, arguments and answers must be picklable. Use it as a context manager: leaving
    it stops the workers.
    """

    def __init__(self, items: Sequence[I], opener: Callable[[I], tuple[S, Any]],
                 jobs: int | None = None, sizes: Sequence[int] | None = None) -> None:
        jobs = workers(len(items), jobs) or 1
        self._count = len(items)
        self._conns: list[Any] = []
        self._procs: list[Any] = []
        self._local: dict[int, S] = {}
        self._opened: list[Any] | None = None
        if jobs == 1:
            self._owner = [-1] * len(items)
            self._local, answers = _open_all(opener, dict(enumerate(items)))
            self._opened = [answers[n] for n in range(len(items))]
            return
        shares = _deal(sizes if sizes is not None else [1] * len(items), jobs)
        self._owner = [0] * len(items)
        for share_no, share in enumerate(shares):
            for n in share:
                self._owner[n] = share_no
        try:
            self._start(jobs)
            for conn, share in zip(self._conns, shares, strict=True):
                conn.send(("open", opener, {n: items[n] for n in share}))
        except BaseException:
            self.close(abort=True)
            raise

    @property
    def opened(self) -> list[Any]:
        """Each item's answer from ``opener``, in item order (waits for the workers)."""
        if self._opened is None:
            answers: dict[int, Any] = {}
            try:
                for conn in self._conns:
                    answers.update(self._receive(conn))
            except BaseException:
                self.close(abort=True)
                raise
            self._opened = [answers[n] for n in range(self._count)]
        return self._opened

    def _start(self, workers: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context()
        forked = context.get_start_method() == "fork"
        for _ in range(workers):
            here, there = context.Pipe()
            # a forked child holds copies of this end and of every earlier worker's: it closes
            # them (see _serve); a spawned one inherits no descriptor it was not given
            inherited = [c.fileno() for c in (*self._conns, here)] if forked else []
            proc = context.Process(target=_serve, args=(there, inherited), daemon=True)
            proc.start()
            there.close()
            self._conns.append(here)
            self._procs.append(proc)

    def _receive(self, conn: Any) -> dict[int, Any]:
        try:
            status, payload = conn.recv()
        except (EOFError, OSError):
            proc = self._procs[self._conns.index(conn)]
            proc.join(timeout=1)
            code = proc.exitcode
            how = (f"was killed by signal {-code}" if code is not None and code < 0
                   else f"ended unexpectedly (exit code {code})")
            raise ShardError(f"a worker process {how}") from None
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be unpickled is a bug
            raise ShardError(f"a worker process's answer could not be read: {_said(exc)}"
                             ) from None
        if status != "ok":
            raise ShardError(f"a worker process failed: {payload}")
        answers: dict[int, Any] = payload
        return answers

    def call(self, fn: Callable[[S, A], R], args: Mapping[int, A]) -> dict[int, R]:
        """``fn(state, args[n])`` for every item ``n`` named in ``args``, each where it is kept;
        the answers by item number."""
        if not self._conns:
            return _call_all(fn, self._local, args)
        self.opened  # noqa: B018 - every worker's open answer comes first on its pipe
        per_share: list[dict[int, A]] = [{} for _ in self._conns]
        for n, arg in args.items():
            per_share[self._owner[n]][n] = arg
        answers: dict[int, R] = {}
        try:
            for conn, share in zip(self._conns, per_share, strict=True):
                conn.send(("call", fn, share))
            for conn in self._conns:
                answers.update(self._receive(conn))
        except BaseException:
            self.close(abort=True)
            raise
        return answers

    def close(self, abort: bool = False) -> None:
        """Stop the workers: asked to when they are idle, killed when ``abort`` (an error or an
        interrupt here: they may be busy, and hold nothing to save)."""
        for conn in self._conns:
            if not abort:
                try:
                    conn.send(None)
                except (OSError, ValueError):
                    pass
            conn.close()
        for proc in self._procs:
            if abort:
                proc.kill()
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self._conns, self._procs = [], []

    def __enter__(self) -> Shards[I, S]:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        self.close(abort=kind is not None)


def _deal(sizes: Sequence[int], shares: int) -> list[list[int]]:
    """Item numbers in ``shares`` groups of about equal total size (largest first, each to the
    lightest group), each group in item order."""
    groups: list[list[int]] = [[] for _ in range(shares)]
    loads = [0] * shares
    for n in sorted(range(len(sizes)), key=lambda n: -sizes[n]):
        lightest = loads.index(min(loads))
        groups[lightest].append(n)
        loads[lightest] += sizes[n]
    return [sorted(g) for g in groups]
