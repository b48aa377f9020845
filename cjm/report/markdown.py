"""Markdown for a wiki page or a PR comment: GitHub-flavoured tables, text escaped."""

from __future__ import annotations

from ..text import markdown as escape
from ..text import markdown_with_code
from .layout import Layout, Table


def table(t: Table) -> list[str]:
    head = "| " + " | ".join(escape(c) for c in t.columns) + " |"
    rule = "|" + "|".join("---:" if i in t.right else "---" for i in range(len(t.columns))) + "|"
    rows = ["| " + " | ".join(escape(c) for c in row) + " |" for row in t.rows]
    return [head, rule, *rows]


def render(layout: Layout) -> str:
    out = [f"# {escape(layout.title)}", ""]
    if layout.meta:  # two trailing spaces: a markdown line break
        out += [escape(m) + "  " for m in layout.meta[:-1]] + [escape(layout.meta[-1])]
    for block in layout.blocks:
        out += ["", f"## {escape(block.heading)}", ""]
        for line in block.lines:
            out += [markdown_with_code(line), ""]
        if block.table is not None:
            out += table(block.table)
            out.append("")
        for note in block.notes:
            out += [markdown_with_code(note), ""]
        while out and out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"
