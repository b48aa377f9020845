"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per problem.

GitHub turns each line into an annotation on the pull request's diff. Data is escaped as the
runner expects (``%``, CR and LF), and so are property values (also ``:`` and ``,``), so a
message in any language, or a path with a comma, cannot break the command. GitHub shows only 10
annotations of each type per step, so :func:`step_summary` gives the full report as markdown for
``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from ..problems import Report, Severity
from ..text import markdown, markdown_with_code
from .text import summary

_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, color: bool = False) -> str:
    lines = []
    for p in report.problems:
        title = f"{p.code} {report.rule(p.code).name}"
        props = ",".join(
            f"{k}={escape_property(str(v))}"
            for k, v in (("file", p.file), ("line", p.line), ("col", p.col), ("title", title))
        )
        lines.append(f"::{_LEVEL[p.severity]} {props}::{escape_data(p.full_message)}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """A model path as a code span in a table cell (a code span shows backslashes as they are)."""
    return "`" + " ".join(text.split()).replace("`", "").replace("|", "\\|") + "`"


def step_summary(report: Report) -> str:
    """The whole report as a markdown table, for the job's summary page."""
    title = f"## cjm {report.command}\n\n{summary(report)}\n"
    if not report.problems:
        return title
    rows = [
        "| File | Line | Severity | Code | Problem |",
        "|---|---:|---|---|---|",
    ]
    for p in report.problems:
        where = f"{_code(p.dotted_path)}: " if p.path else ""
        rows.append(
            f"| {markdown(p.file)} | {p.line}:{p.col} | {p.severity} | "
            f"{p.code} {markdown(report.rule(p.code).name)} | {where}{markdown_with_code(p.full_message)} |"
        )
    return title + "\n" + "\n".join(rows) + "\n"
