"""Which files a command looks at: named files always, folders searched for YAML maps."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv"}


class PathNotFound(Exception):
    """A path named by the user does not exist: a usage error (exit 2), not a problem."""


@dataclass(frozen=True)
class Target:
    """A file to check; ``explicit`` when the user named it (then it is a map whatever it holds)."""

    path: str
    explicit: bool


def discover(paths: Iterable[str]) -> list[Target]:
    """Expand folders recursively (sorted, hidden folders skipped); keep the user's order."""
    out: list[Target] = []
    seen: set[str] = set()
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
                    seen.add(key)
                    out.append(Target(os.path.normpath(f), False))
        elif os.path.exists(raw):
            key = os.path.normpath(raw)
            if key not in seen:
                seen.add(key)
                out.append(Target(raw, True))
        else:
            raise PathNotFound(raw)
    return out
