"""The machine format: one JSON object, documented in ``docs/diff.md`` ("JSON output"), stable.

``{"cjm_diff": 1, "summary": {...}, "files": [{"old", "new", "kind", "status", "moved_from", "overview", "breaking",
"invalid", "problems", "map", "title", "lang", "summary",
"warnings", "ranking", "curve", "changes": [{"kind", "element_kind", "id", "name", "stage", "stage_name",
"field", "old", "new", "meaning", "note", "related"}]}]}``. Every key is always present (``null``
when it does not apply), so scripts never need ``.get``. ``cjm_diff`` is the schema version: keys may
be added within version 1, never removed or renamed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .changes import FileDiff, Summary

SCHEMA_VERSION = 1


def file_dict(fd: FileDiff) -> dict[str, Any]:
    r = fd.result
    return {
        "old": fd.old_label if fd.status != "added" else None,
        "new": fd.new_label if fd.status != "deleted" else None,
        "kind": fd.kind,
        "status": fd.status,
        "moved_from": fd.moved_from,
        "overview": None if fd.overview is None else {
            "title": fd.overview.title,
            "stages": fd.overview.stages,
            "touchpoints": fd.overview.touchpoints,
            "open_pain_points": fd.overview.open_pain_points,
        },
        "breaking": list(fd.breaking),
        "invalid": fd.invalid,
        "problems": [{"file": p.file, "line": p.line, "col": p.col, "severity": str(p.severity),
                      "code": p.code, "path": p.dotted_path or None, "message": p.full_message}
                     for p in fd.problems],
        "map": r.new_id if fd.status != "deleted" else r.old_id,
        "title": r.title,
        "lang": r.lang,
        "summary": {**r.summary.as_dict(), "line": r.summary.line()},
        "warnings": list(r.warnings),
        "ranking": list(r.ranking),
        "curve": [{"stage": p.stage, "name": p.name, "old": p.old, "new": p.new} for p in r.curve],
        "changes": [
            {
                "kind": c.kind,
                "element_kind": c.element_kind,
                "id": c.id,
                "name": c.name,
                "stage": c.stage,
                "stage_name": r.stages.get(c.stage) if c.stage else None,
                "field": c.field,
                "old": c.old,
                "new": c.new,
                "meaning": c.meaning,
                "note": c.note,
                "related": list(c.related),
            }
            for c in r.changes
        ],
    }


def render(files: Sequence[FileDiff], *, color: bool = False, lang: str | None = None) -> str:
    """The JSON document; ``lang`` is accepted for the common signature and ignored: keys and
    the summary lines stay English, for scripts."""
    total = Summary()
    for f in files:
        total.add(f.result.summary)
    doc = {
        "cjm_diff": SCHEMA_VERSION,
        "summary": {
            **total.as_dict(),
            "line": total.line(),
            "files": len(files),
            "files_changed": sum(1 for f in files if f.changed),
            "files_added": sum(1 for f in files if f.status == "added"),
            "files_deleted": sum(1 for f in files if f.status == "deleted"),
            "files_moved": sum(1 for f in files if f.moved_from is not None),
            "files_invalid": sum(1 for f in files if f.invalid is not None),
        },
        "files": [file_dict(f) for f in files],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
