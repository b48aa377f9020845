"""The pull-request format: a summary line, then one section per stage with a table of changes.

Made to be posted as a GitHub comment by CI (``cjm diff --rev origin/main --format markdown``):
headings and tables render on GitHub, and every text taken from a map is escaped so a name with
``|`` or ``*`` cannot break the table.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text import markdown as escape
from .changes import Change, FileDiff, Summary
from .describe import describe, element_label

ICONS = {"added": "➕", "removed": "➖", "changed": "🔄", "renamed": "✏️", "moved": "➡️",
         "reordered": "🔀"}
def quote(text: str) -> str:
    return f"*{escape(text)}*"


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _table(changes: list[Change]) -> list[str]:
    lines = ["| | element | change |", "|---|---|---|"]
    for c in changes:
        label = element_label(c, quote, with_stage=False)
        lines.append(f"| {ICONS[c.kind]} | {label} | {describe(c, quote, _code)} |")
    return lines


def render_file(fd: FileDiff, *, heading: str = "###") -> list[str]:
    result = fd.result
    status = {"added": " (new map)", "deleted": " (map deleted)"}.get(fd.status, "")
    lines = [f"{heading} {_code(fd.label)}{status}", "", f"**{escape(result.summary.line())}**", ""]
    for w in result.warnings:
        lines += [f"> **Warning:** {escape(w)}", ""]
    curve = [p for p in result.curve if p.old != p.new and p.old is not None and p.new is not None]
    if curve:
        points = " · ".join(
            f"{escape(p.name)} {p.old} → {p.new} {'↑' if p.new > p.old else '↓'}"  # type: ignore[operator]
            for p in curve
        )
        lines += [f"Emotion curve: {points}", ""]
    general = [c for c in result.changes if c.stage is None]
    if general:
        lines += [f"{heading}# Map", "", *_table(general), ""]
    by_stage: dict[str, list[Change]] = {}
    for c in result.changes:
        if c.stage is not None:
            by_stage.setdefault(c.stage, []).append(c)
    for sid, name in result.stages.items():
        if sid in by_stage:
            lines += [f"{heading}# Stage {quote(name)} ({_code(sid)})", "", *_table(by_stage[sid]), ""]
    return lines


def render(files: Sequence[FileDiff], *, color: bool = False) -> str:
    changed = [f for f in files if f.result.changed]
    lines = ["## Journey map changes", ""]
    if not changed:
        lines.append("No changes." if files else "No maps found.")
        return "\n".join(lines) + "\n"
    if len(files) > 1:
        total = Summary()
        for f in files:
            total.add(f.result.summary)
        lines += [f"{len(changed)} of {len(files)} maps changed: **{escape(total.line())}**", ""]
    for f in changed:
        lines += render_file(f)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
