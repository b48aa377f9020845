"""Plain text: aligned columns, no colour, no box drawing; what a pipe, a log or NO_COLOR gets."""

from __future__ import annotations

from ..text import cell_width as width
from .layout import Layout, Table


def _pad(text: str, size: int, right: bool) -> str:
    fill = " " * (size - width(text))
    return fill + text if right else text + fill


def table(t: Table, indent: str = "  ") -> list[str]:
    sizes = [width(c) for c in t.columns]
    for row in t.rows:
        for i, cell in enumerate(row):
            sizes[i] = max(sizes[i], width(cell))
    out = []

    def line(cells: list[str]) -> str:
        return (indent + "  ".join(_pad(c, sizes[i], i in t.right) for i, c in enumerate(cells))).rstrip()

    out.append(line(t.columns))
    out.append(indent + "  ".join("-" * s for s in sizes))
    out.extend(line(row) for row in t.rows)
    return out


def render(layout: Layout) -> str:
    out = [layout.title, "=" * max(1, width(layout.title)), *layout.meta]
    for block in layout.blocks:
        out += ["", block.heading, "-" * max(1, width(block.heading))]
        out += block.lines
        if block.table is not None:
            if block.lines:
                out.append("")
            out += table(block.table)
        if block.notes:
            out += block.notes
    return "\n".join(out) + "\n"
