"""Reading files as they were at a git revision, without checking anything out.

``cjm diff --rev main maps/`` needs the old bytes of every map under ``maps/``: the list comes from
``git ls-tree -z`` and the contents from one ``git cat-file --batch`` process (one process for any
number of files, rather than one ``git show`` each). Paths are NUL-separated and never sent to
``cat-file``: it is asked for object ids, so a file name with a newline or a space cannot make it
pair one path with another file's bytes. Paths given to git are relative to the
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
    """Run git in ``cwd``; pathspecs are literal (a map called `*.yaml` names only itself)."""
    try:
        proc = subprocess.run(["git", "--literal-pathspecs", "-C", cwd, *args], input=input,
                              capture_output=True, check=False)
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
    # the path as git prints it, less the one newline it ends with: a folder may end in a space
    return (out[:-1] if out.endswith(b"\n") else out).decode("utf-8", "surrogateescape")


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
    return sorted(list_blobs(root, commit, paths))


def list_blobs(root: str, commit: str, paths: Iterable[str]) -> dict[str, str]:
    """YAML files under ``paths`` at ``commit``, each with its blob's object id.

    ``ls-tree -z`` separates entries with NUL and never quotes a name, so a path holding a
    newline, a tab or a quote comes back exactly as it is; the object id is what
    :func:`read_objects` then asks for, so no path ever travels to ``cat-file``.
    """
    specs = list(paths)
    args = [p for p in specs if p] if all(specs) else []
    out = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *args], root)
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_name = entry.partition(b"\t")  # "<mode> <type> <oid>\t<name>"
        fields = meta.split()
        if len(fields) != 3 or fields[1] != b"blob":
            continue  # submodules (commit entries) have no bytes to read
        name = raw_name.decode("utf-8", "surrogateescape")
        if _searched(name, specs or [""]):
            found[name] = fields[2].decode("ascii")
    return found


def read_objects(root: str, oids: Iterable[str]) -> dict[str, bytes]:
    """The contents of blobs by object id, all through one ``git cat-file --batch``.

    Object ids are hexadecimal, so one per line cannot be misread, whatever the paths they came
    from hold; each answer is read by the size in its header, never by looking for a newline.
    """
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    request = "".join(f"{oid}\n" for oid in wanted).encode("ascii")
    data = _git(["cat-file", "--batch"], root, input=request)
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            continue
        size = int(header[2])
        blobs[oid] = data[pos : pos + size]
        pos += size + 1  # the contents are followed by a newline
    return blobs


def read_blobs(root: str, commit: str, paths: Sequence[str]) -> dict[str, bytes]:
    """The contents of ``paths`` at ``commit``: ids from ``ls-tree -z``, bytes by id."""
    if not paths:
        return {}
    wanted = set(paths)
    out = _git(["ls-tree", "-z", "--full-tree", commit, "--", *paths], root)
    ids: dict[str, str] = {}
    for entry in out.split(b"\0"):
        meta, _, raw_name = entry.partition(b"\t")
        fields = meta.split()
        name = raw_name.decode("utf-8", "surrogateescape")
        if len(fields) == 3 and fields[1] == b"blob" and name in wanted:
            ids[name] = fields[2].decode("ascii")
    objects = read_objects(root, ids.values())
    return {name: objects[oid] for name, oid in ids.items() if oid in objects}


def archive(root: str, commit: str) -> bytes:
    """The whole tree of ``commit`` as a tar archive (``git archive``): a revision's files,
    configuration included, without checking anything out (``cjm lint --new-since``)."""
    return _git(["archive", "--format=tar", commit], root)
