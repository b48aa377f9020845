"""Baselines: adopt cjm on a repository that already has problems, and fail only on new ones.

``cjm lint --write-baseline FILE`` records today's problems; ``cjm lint --baseline FILE`` hides
those and reports the rest. A problem is matched by file, code and map path (with its message as
a tie-breaker for problems without a path), never by line: adding a stage above an old problem
moves its line but not its path, so it stays hidden. Matching counts, so a second identical
problem in the same place is new. Files are recorded relative to the baseline's folder, so the
baseline works from any working directory.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable

from ..problems import Problem

VERSION = 1

Key = tuple[str, str, str, str]


class BaselineError(Exception):
    """The baseline file is missing or not a cjm baseline: a usage error (exit 2)."""


def _file_key(file: str, base: str) -> str:
    if file.startswith("<"):
        return file
    return os.path.relpath(os.path.abspath(file), base).replace(os.sep, "/")


def key(problem: Problem, base: str) -> Key:
    message = "" if problem.path else problem.message
    return (_file_key(problem.file, base), problem.code, problem.dotted_path, message)


def dumps(problems: Iterable[Problem], baseline_path: str) -> str:
    """The baseline file's text: sorted, one entry per problem, stable across runs."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    entries = sorted(key(p, base) for p in problems)
    items = [
        {"file": f, "code": c, "path": path, **({"message": m} if m else {})}
        for f, c, path, m in entries
    ]
    body = {"cjm-baseline": VERSION, "problems": items}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def load(baseline_path: str) -> Counter[Key]:
    try:
        with open(baseline_path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(
            f"baseline {baseline_path} not found (create it with --write-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {baseline_path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline {baseline_path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("cjm-baseline") != VERSION:
        raise BaselineError(f"{baseline_path} is not a cjm baseline (version {VERSION})")
    out: Counter[Key] = Counter()
    for item in data.get("problems", []):
        try:
            out[(item["file"], item["code"], item["path"], item.get("message", ""))] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"{baseline_path}: malformed entry {item!r}") from None
    return out


def apply(problems: list[Problem], known: Counter[Key], baseline_path: str) -> tuple[list[Problem], int]:
    """The problems the baseline does not know, and how many it hid."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    left = Counter(known)
    new: list[Problem] = []
    hidden = 0
    for p in problems:
        k = key(p, base)
        if left[k] > 0:
            left[k] -= 1
            hidden += 1
        else:
            new.append(p)
    return new, hidden
