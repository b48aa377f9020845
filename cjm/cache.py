"""Where cjm keeps what it can rebuild, and how it reads and writes it without ever failing a run.

Two things are kept: Jinja2's compiled templates (:mod:`cjm.render.html`) and each repository's
scan of its files (:mod:`cjm.repository`). Both are an optimisation only: a cache that is missing,
damaged, foreign, unreadable or unwritable (a read-only home, a full disk, a path that is a file)
is skipped, and the output is the same bytes as without it.

The folder is ``$CJM_CACHE_DIR``, else ``$XDG_CACHE_HOME/cjm``, else ``~/.cache/cjm``;
``CJM_CACHE_DIR=`` (empty) turns caching off.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """The cache folder (see the module doc), or None when caching is off."""
    chosen = os.environ.get("CJM_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cjm"


def folder(name: str) -> Path | None:
    """The cache's subfolder ``name``, created private to the user; None when it cannot be."""
    root = cache_dir()
    if root is None:
        return None
    path = root / name
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if path.is_dir() else None


def read_json(path: Path) -> Any:
    """The JSON value kept in ``path``, or None when there is none or it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Keep ``value`` in ``path``, whole or not at all: written beside it and renamed over it, so
    a killed process or a concurrent run never leaves half a file for the next run to read."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException as exc:  # a signal too: no .tmp file is left in the cache
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if not isinstance(exc, (OSError, ValueError)):
            raise
