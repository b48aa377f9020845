"""Writing what cjm produces: atomically (no half-written file if interrupted) and colour rules."""

from __future__ import annotations

import os
import sys
import tempfile
from typing import IO


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename over it."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cjm-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def use_color(stream: IO[str] | None = None) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` (https://no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"
