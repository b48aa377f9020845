"""A JSON array of problems: stable keys, documented in README ("JSON output"), for scripts and bots.

Each item: ``file``, ``line``, ``column`` (1-based), ``code``, ``name`` (the rule's readable
name), ``severity`` (``error``/``warning``/``info``), ``path`` (dotted map path, ``""`` for the
whole file), ``message`` and ``hint`` (``null`` when there is none); and, only when the problem is about
other places too, ``related``: ``[{"file", "line", "column"}]`` (the first of two duplicates,
the library file that defines an id, the other map with the same id). Sorted by file, line, column.
"""

from __future__ import annotations

import json

from ..problems import Problem, Report


def render(report: Report, *, color: bool = False) -> str:
    items = [_item(report, p) for p in report.problems]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _item(report: Report, p: Problem) -> dict[str, object]:
    item: dict[str, object] = {
            "file": p.file,
            "line": p.line,
            "column": p.col,
            "code": p.code,
            "name": report.rule(p.code).name,
            "severity": str(p.severity),
            "path": p.dotted_path,
            "message": p.message,
            "hint": p.hint,
        }
    if p.related or p.elsewhere:
        item["related"] = (
            [{"file": p.file, "line": line, "column": col} for line, col in p.related]
            + [{"file": file, "line": line, "column": col} for file, line, col in p.elsewhere])
    return item
