"""Baselines: adopt cjm on a repository that already has problems, and fail only on new ones.

``cjm lint --write-baseline FILE`` records today's problems; ``cjm lint --baseline FILE`` hides
those and reports the rest. A problem is matched by file, code and the *id path* of the element
it is about (``stages[id=purchase].pain_points[id=pp-slow].severity``), never by line or list
position: inserting a pain point above a known problem, reordering stages or renaming a sibling
moves lines and indices but not ids, so known problems stay hidden and new ones show. The
message breaks ties between problems of one rule on one element, and is ignored when nothing
else is left to match (a rule's message may quote a name that was edited); for a problem about no
element (the whole file or map) the message is all there is, and must match. Matching counts, so a
second identical problem in the same place is new. Files are recorded relative to the baseline's
folder, so the baseline works from any working directory.

Version 1 baselines keyed problems by list position (``stages[3].pain_points[0]``); they are
still read (positions are compared with today's, which is right as long as nothing moved since
they were written) and rewritten as version 2 with the ids of what they matched.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..files import PathNotFound, Unreadable, read_bytes
from ..i18n.message import say
from ..problems import Path, Problem

VERSION = 2

Key = tuple[str, str, str, str]  # file, code, id path, message
Anchors = Mapping[str, Mapping[Path, str]]  # file -> model path -> id path


class BaselineError(Exception):
    """The baseline file is missing or not a cjm baseline: a usage error (exit 2)."""


def id_path(data: Any, path: Path) -> str:
    """``stages[id=purchase].pain_points[id=pp-x].severity`` for ``("stages", 3, ...)``.

    Walks the file's plain data (valid map or not), so validation problems get ids too; a list
    item without a text ``id`` keeps its position, and so does everything below a step that the
    data does not have.
    """
    out = ""
    node: Any = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[id={ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def anchors_of(data: Any, problems: Iterable[Problem]) -> dict[Path, str]:
    """The id path of every problem that has a model path: computed where the data is (in the
    worker), so only text travels back."""
    return {p.path: id_path(data, p.path) for p in problems if p.path}


def _file_key(file: str, base: str) -> str:
    if file.startswith("<"):
        return file
    return os.path.relpath(os.path.abspath(file), base).replace(os.sep, "/")


def key(problem: Problem, base: str, anchors: Anchors, coarse: bool = False) -> Key:
    """A problem's identity: file, code, id path, message. ``coarse`` keeps the id path only
    down to the last element with an id (``...metrics[id=m-conv]``, not ``.history[3].value``):
    a rule about a metric's history is about the metric, wherever its latest point sits."""
    element = anchors.get(problem.file, {}).get(problem.path) if problem.path else None
    where = element if element is not None else problem.dotted_path
    if coarse and "[id=" in where:
        where = where[: where.index("]", where.rindex("[id=")) + 1]
    return (_file_key(problem.file, base), problem.code, where, problem.message)


def dumps(problems: Iterable[Problem], baseline_path: str, anchors: Anchors) -> str:
    """The baseline file's text: sorted, one entry per problem, stable across runs."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    return _dumps(sorted(key(p, base, anchors) for p in problems))


def _dumps(entries: list[Key]) -> str:
    items = [{"file": f, "code": c, "element": element, "message": m} for f, c, element, m in entries]
    body = {"cjm-baseline": VERSION, "problems": items}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Known:
    """A loaded baseline: its entries, and whether it is the old positional form (version 1)."""

    entries: Counter[Key] = field(default_factory=Counter)
    positional: bool = False


def load(baseline_path: str) -> Known:
    """The baseline in ``baseline_path``, read through :func:`cjm.files.read_bytes`: a folder, a
    FIFO (whose ``open`` would wait for a writer forever) or a file past the size limit is a
    :class:`BaselineError` naming the file, as a missing one is."""
    try:
        data = json.loads(read_bytes(baseline_path).decode("utf-8"))
    except PathNotFound:
        raise BaselineError(
            say("baseline %(file)s not found (create it with --write-baseline)", file=baseline_path)
        ) from None
    except Unreadable as exc:
        raise BaselineError(say("cannot read baseline %(file)s: %(reason)s", file=baseline_path,
                                reason=exc.reason)) from None
    except UnicodeDecodeError as exc:
        raise BaselineError(say("cannot read baseline %(file)s: %(reason)s", file=baseline_path,
                                reason=str(exc))) from None
    except json.JSONDecodeError as exc:
        raise BaselineError(say("baseline %(file)s is not valid JSON: %(reason)s", file=baseline_path,
                                reason=str(exc))) from None
    version = data.get("cjm-baseline") if isinstance(data, dict) else None
    if version not in (1, VERSION):
        raise BaselineError(say("%(file)s is not a cjm baseline (version 1 or %(version)s)",
                                file=baseline_path, version=str(VERSION)))
    known = Known(positional=version == 1)
    for item in data.get("problems", []):
        try:
            if known.positional:  # v1 kept the message only for problems without a path
                entry = (item["file"], item["code"], item["path"], item.get("message", ""))
            else:
                entry = (item["file"], item["code"], item["element"], item["message"])
        except (KeyError, TypeError):
            raise BaselineError(say("%(file)s: malformed entry %(entry)s", file=baseline_path,
                                    entry=repr(item))) from None
        known.entries[entry] += 1
    return known


@dataclass
class Applied:
    """What a baseline did to a run: the problems left, how many it hid, and (for a version 1
    baseline) the text of the same baseline in the current form, for the caller to write."""

    new: list[Problem]
    hidden: int
    upgraded: str | None = None


def apply(problems: list[Problem], known: Known, baseline_path: str, anchors: Anchors,
          coarse: bool = False) -> Applied:
    """Hide the problems the baseline knows: exact keys first, then the same element and rule
    with another message (the message only breaks ties). ``coarse``: see :func:`key`."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    if known.positional:
        return _apply_positional(problems, known, base, anchors)
    keys = [key(p, base, anchors, coarse) for p in problems]
    left = Counter(known.entries)
    hidden_at: set[int] = set()
    for i, k in enumerate(keys):
        if left[k] > 0:
            left[k] -= 1
            hidden_at.add(i)
    # A problem about no element (the file, the whole map) has only its message to go by.
    loose: Counter[tuple[str, str, str]] = Counter()
    for (f, c, element, _m), n in left.items():
        if n > 0 and element:
            loose[(f, c, element)] += n
    for i, k in enumerate(keys):
        if i not in hidden_at and k[2] and loose[k[:3]] > 0:
            loose[k[:3]] -= 1
            hidden_at.add(i)
    new = [p for i, p in enumerate(problems) if i not in hidden_at]
    return Applied(new, len(hidden_at))


def _apply_positional(problems: list[Problem], known: Known, base: str, anchors: Anchors) -> Applied:
    """A version 1 baseline: matched by position as it was written, then re-keyed by ids."""
    left = Counter(known.entries)
    new: list[Problem] = []
    matched: list[Key] = []
    for p in problems:
        old = (_file_key(p.file, base), p.code, p.dotted_path, "" if p.path else p.message)
        if left[old] > 0:
            left[old] -= 1
            matched.append(key(p, base, anchors))
        else:
            new.append(p)
    return Applied(new, len(matched), _dumps(sorted(matched)))


# ---------------------------------------------------------------------------------------------
# the base revision as a baseline: `cjm lint --new-since REV`


@dataclass
class Since:
    """What a base revision already had: problems keyed as a baseline's (file relative to
    ``base``, the repository's top; the element with an id they are about, :func:`key`'s
    ``coarse``), to hide from today's run, so a pull request fails on what it introduced and not
    on a known trend: CJM313 "missed 4 periods in a row" after a monthly import is the problem
    the base revision had as "3 periods in a row", on the same metric."""

    rev: str
    known: Known
    base: str

    @property
    def path(self) -> str:
        """A baseline file name in ``base``: keys are then computed relative to the repository."""
        return os.path.join(self.base, ".cjm-new-since")


Run = Callable[[list[str]], tuple[list[Problem], Anchors]]


def since(rev: str, paths: Sequence[str], run: Run, cwd: str = ".") -> Since:
    """Lint ``paths`` as they were at ``rev``, with the configuration they had then, and keep the
    problems as a baseline. The revision's tree is written to a temporary folder (``git
    archive``: nothing is checked out, the index is not touched); ``run`` lints the given paths
    there. Raises :class:`cjm.gitio.GitError` (a usage error)."""
    import io
    import tarfile
    import tempfile

    from .. import gitio

    root = gitio.repo_root(cwd)
    commit = gitio.resolve(root, rev)
    archive = gitio.archive(root, commit)
    with tempfile.TemporaryDirectory(prefix="cjm-new-since-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        there = []
        for p in paths:
            rel = gitio.relative(root, os.path.join(cwd, p))
            target = os.path.join(tmp, rel) if rel else tmp
            if os.path.exists(target):
                there.append(target)
        problems, anchors = run(there) if there else ([], {})
        entries = Counter(key(p, tmp, anchors, coarse=True) for p in problems)
    return Since(rev, Known(entries), root)
