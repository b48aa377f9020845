"""The terminal view: rich tables and colour. Imported only on a TTY, never when piped."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from .layout import Layout

_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim", "bad": "red"}


def render(layout: Layout, *, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False,
                      emoji=False, markup=False, soft_wrap=False)
    console.print(Text(layout.title, style="bold"))
    for line in layout.meta:
        console.print(Text(line, style="dim"))
    for block in layout.blocks:
        console.print()
        console.print(Text(block.heading, style="bold cyan"))
        for line in block.lines:
            console.print(Text(line))
        if block.table is not None:
            table = RichTable(show_edge=False, header_style="bold", pad_edge=False)
            for i, column in enumerate(block.table.columns):
                table.add_column(column, justify="right" if i in block.table.right else "left",
                                 overflow="fold", no_wrap=i in block.table.nowrap)
            for r, row in enumerate(block.table.rows):
                cells = [Text(c) for c in row]
                for c, cell in enumerate(cells):
                    meaning = block.table.styles.get((r, c))
                    if meaning in _STYLE:
                        cell.stylize(_STYLE[meaning])
                table.add_row(*cells)
            console.print(table)
        for note in block.notes:
            console.print(Text(note, style="dim"))
    return buffer.getvalue()
