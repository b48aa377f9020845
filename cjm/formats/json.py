"""A JSON array of problems: stable keys, documented in README ("JSON output"), for scripts and bots.

Each item: ``file``, ``line``, ``column`` (1-based), ``code``, ``name`` (the rule's readable
name), ``severity`` (``error``/``warning``/``info``), ``path`` (dotted map path, ``""`` for the
whole file), ``message`` and ``hint`` (``null`` when there is none). Sorted by file, line, column.
"""

from __future__ import annotations

import json

from ..problems import Report


def render(report: Report, *, color: bool = False) -> str:
    items = [
        {
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
        for p in report.problems
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
