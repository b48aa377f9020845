"""``FILE:LINE:COL: severity CODE path: message (hint)``: the line every editor and CI log links.

File names, paths, messages and hints can all carry map text (an unknown key is echoed in its
message), so each goes through :func:`cjm.text.terminal`: one problem stays one line, and
nothing in a map can colour, clear or forge the terminal or a CI log.
"""

from __future__ import annotations

from ..problems import Problem, Report, Severity
from ..text import terminal

_COLOURS = {Severity.error: "31", Severity.warning: "33", Severity.info: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(report: Report, *, color: bool = False) -> str:
    lines = [problem_line(p, color=color) for p in report.problems]
    lines.append(summary(report, color=color))
    return "\n".join(lines) + "\n"


def problem_line(p: Problem, *, color: bool = False, file: str | None = None) -> str:
    """One problem as the module docstring says; ``file`` names the file otherwise (``cjm data
    import`` says a problem is in the text it would have written, not the one on disk)."""
    where = _c(f"{terminal(file if file is not None else p.file)}:{p.line}:{p.col}:", "1", color)
    sev = _c(str(p.severity), _COLOURS[p.severity], color)
    code = _c(p.code, "1", color)
    path = f" {terminal(p.dotted_path)}:" if p.path else ""
    hint = _c(f" ({terminal(p.hint)})", "2", color) if p.hint else ""
    return f"{where} {sev} {code}{path} {terminal(p.message)}{hint}"


def summary(report: Report, *, color: bool = False) -> str:
    n_files = len(report.files)
    files = f"{n_files} file" + ("" if n_files == 1 else "s")
    if not report.problems:
        return _c(f"No problems in {files}.", "32", color) if n_files else "No map files found."
    counts = report.counts()
    parts = [
        f"{counts[s]} {s.name}" + ("" if counts[s] == 1 or s is Severity.info else "s")
        for s in (Severity.error, Severity.warning, Severity.info)
        if counts[s]
    ]
    bad = len({p.file for p in report.problems})
    total = len(report.problems)
    text = (
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
        f"in {bad} of {files}."
    )
    worst = max(p.severity for p in report.problems)
    return _c(text, _COLOURS[worst], color)
