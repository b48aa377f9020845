"""The pull-request format: what changed, readable in a GitHub comment however big the PR.

Made to be posted as a GitHub comment by CI (``cjm diff --rev origin/main --format markdown``):
headings and tables render on GitHub, and every text taken from a map is escaped so a name with
``|`` or ``*`` cannot break the table.

One map changed: a summary line, then one section per stage with a table of changes. Several: a
summary table with one row per changed map first (a reviewer sees the whole PR at a glance), then
one collapsed ``<details>`` section per map. GitHub refuses a comment over 65,536 characters, so
the output keeps under a budget (``max_chars``) by leaving whole map sections out, from the last,
and says how many and where the full report is: a truncated table row or a half-closed
``<details>`` would break the rest of the comment.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text import markdown as escape
from .changes import Change, FileDiff, files_line
from .describe import describe, element_label

# GitHub's limit on a comment body; the default budget leaves room for a header a CI step adds.
GITHUB_LIMIT = 65_536
DEFAULT_MAX_CHARS = 60_000

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


def github_length(text: str) -> int:
    """How long GitHub may consider ``text``, never less: UTF-16 code units (an emoji counts two,
    as in the browser's textarea), and every line break as two (in case it is counted as CRLF,
    as a browser submits it)."""
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


def _status(fd: FileDiff) -> str:
    return {"added": " (new map)", "deleted": " (map deleted)"}.get(fd.status, "")


def render_file(fd: FileDiff, *, heading: str = "###") -> list[str]:
    lines = [f"{heading} {_code(fd.label)}{_status(fd)}", ""]
    return lines + _body(fd, heading)


def _body(fd: FileDiff, heading: str) -> list[str]:
    result = fd.result
    lines = [f"**{escape(fd.headline(title=False))}**", ""]
    for reason in fd.breaking:
        lines += [f"> **Breaking:** {escape(reason)}", ""]
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


def _title(fd: FileDiff) -> str:
    return fd.overview.title if fd.overview is not None else fd.result.title


def _summary_table(files: Sequence[FileDiff]) -> list[str]:
    lines = ["| map | file | what changed |", "|---|---|---|"]
    for f in files:
        what = escape(f.headline(title=False))
        lines.append(f"| {escape(_title(f))} | {_code(f.label)}{_status(f)} | {what} |")
    return lines


def _section(fd: FileDiff) -> list[str]:
    summary = f"<b>{escape(_title(fd))}</b> {_code(fd.label)}{_status(fd)}"
    return ["<details>", f"<summary>{summary}</summary>", "", *_body(fd, "###"), "</details>", ""]


def _left_out(n: int, total: int) -> list[str]:
    return [
        f"> **{n} of {total} map sections left out** to keep this comment under GitHub's size "
        "limit; every changed map is in the table above. The full report is the `cjm-diff` "
        "artifact of this run, or run the same `cjm diff` locally (`--max-bytes` sets the "
        "budget).",
        "",
    ]


def render(files: Sequence[FileDiff], *, color: bool = False,
           max_chars: int | None = None) -> str:
    """The comment; never longer than ``max_chars`` by :func:`github_length` unless even the
    summary table does not fit (then rows are left out too, and the comment says so)."""
    budget = max_chars if max_chars is not None else DEFAULT_MAX_CHARS
    changed = [f for f in files if f.changed]
    lines = ["## Journey map changes", ""]
    if not changed:
        lines.append("No changes." if files else "No maps found.")
        return "\n".join(lines) + "\n"
    if len(files) == 1:
        lines += render_file(changed[0])
        return _fit_single(lines, budget)
    lines += [escape(files_line(list(files))), ""]
    table = _summary_table(changed)
    head = "\n".join(lines) + "\n"
    used = github_length(head) + github_length("\n".join(table) + "\n\n")
    reserve = github_length("\n".join(_left_out(len(changed), len(changed))) + "\n")
    while len(table) > 2 and used + reserve > budget:  # a thousand maps: even rows must go
        used -= github_length(table.pop() + "\n")
    rows_left_out = len(changed) - (len(table) - 2)
    if rows_left_out:
        table.append(f"| … | | {rows_left_out} more maps not listed |")
    out = [head, "\n".join(table) + "\n\n"]
    used = sum(github_length(x) for x in out)
    left_out = 0
    for f in changed:
        text = "\n".join(_section(f)) + "\n"
        size = github_length(text)
        if left_out or used + size + reserve > budget:
            left_out += 1  # keep the order: a reader scrolling the table finds sections in turn
            continue
        out.append(text)
        used += size
    if left_out:
        out.append("\n".join(_left_out(left_out, len(changed))) + "\n")
    return "".join(out).rstrip("\n") + "\n"


def _fit_single(lines: list[str], budget: int) -> str:
    """One map: its stage sections in order, the last ones left out when over budget."""
    while lines and lines[-1] == "":
        lines.pop()
    text = "\n".join(lines) + "\n"
    if github_length(text) <= budget:
        return text
    note = ("\n> **Changes left out** to keep this comment under GitHub's size limit; the full "
            "report is the `cjm-diff` artifact of this run, or run the same `cjm diff` locally.\n")
    kept: list[str] = []
    used = github_length(note)
    for line in lines:
        size = github_length(line + "\n")
        if used + size > budget:
            break
        kept.append(line)
        used += size
    while kept and kept[-1].startswith("|") is False and kept[-1] != "":
        kept.pop()  # end on a whole table row or a blank line, not half a heading
    return "\n".join(kept).rstrip("\n") + "\n" + note
