"""Reading files as they were at a git revision, without checking anything out.

``cjm diff --rev main maps/`` needs the old bytes of every map under ``maps/``: the list comes from
``git ls-tree`` and the contents from one ``git cat-file --batch`` process (one process for any
number of files, rather than one ``git show`` each). Paths given to git are relative to the
repository root and every call uses ``git -C <root>``, so the user's current folder does not matter.
Nothing here touches the working tree or the index.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence

from .files import _SKIP_DIRS, YAML_SUFFIXES


class GitError(Exception):
    """git is missing, the folder is not a repository, or the revision is unknown: exit 2."""


def _git(args: Sequence[str], cwd: str, input: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", cwd, *args], input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return proc.stdout


def repo_root(cwd: str = ".") -> str:
    """The top folder of the repository that holds ``cwd``."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitError:
        raise GitError(f"not a git repository: {os.path.abspath(cwd)}") from None
    return out.decode("utf-8").strip()


def resolve(root: str, rev: str) -> str:
    """The commit a revision names (``main``, ``HEAD~1``, a tag), or :class:`GitError`."""
    if rev.startswith("-"):
        raise GitError(f"unknown revision '{rev}'")
    try:
        out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root)
    except GitError:
        raise GitError(f"unknown revision '{rev}' (try a branch, a tag or HEAD~1)") from None
    return out.decode("utf-8").strip()


def relative(root: str, path: str) -> str:
    """``path`` (relative to the current folder) as a path inside the repository, '/'-separated."""
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    if rel == os.curdir:
        return ""
    if rel.startswith(os.pardir + os.sep) or rel == os.pardir:
        raise GitError(f"{path} is outside the repository at {root}")
    return rel.replace(os.sep, "/")


def _searched(path: str, specs: list[str]) -> bool:
    """The files ``cjm validate`` would look at: a named file always; inside a named folder, YAML
    files not in hidden or tool folders (below the named folder, as ``files.discover`` does)."""
    if path in specs:
        return True
    base = max((s for s in specs if s == "" or path.startswith(s.rstrip("/") + "/")), key=len, default="")
    parts = path[len(base):].strip("/").split("/") if base else path.split("/")
    if any(p.startswith(".") or p in _SKIP_DIRS for p in parts):
        return False
    return parts[-1].endswith(YAML_SUFFIXES)


def list_yaml(root: str, commit: str, paths: Iterable[str]) -> list[str]:
    """YAML files under ``paths`` (repository-relative; ``""`` is the root) at ``commit``, sorted."""
    specs = [p for p in paths]
    args = [p for p in specs if p] if all(specs) else []
    out = _git(["ls-tree", "-r", "-z", "--full-tree", "--name-only", commit, "--", *args], root)
    names = [n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n]
    return sorted(n for n in names if _searched(n, specs or [""]))


def read_blobs(root: str, commit: str, paths: Sequence[str]) -> dict[str, bytes]:
    """The contents of ``paths`` at ``commit``, all through one ``git cat-file --batch``."""
    if not paths:
        return {}
    request = b"".join(f"{commit}:{p}\n".encode("utf-8", "surrogateescape") for p in paths)
    data = _git(["cat-file", "--batch"], root, input=request)
    blobs: dict[str, bytes] = {}
    pos = 0
    for path in paths:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            continue
        size = int(header[2])
        blobs[path] = data[pos : pos + size]
        pos += size + 1  # the contents are followed by a newline
    return blobs
