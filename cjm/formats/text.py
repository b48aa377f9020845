"""``FILE:LINE:COL: severity CODE path: message (hint)``: the line every editor and CI log links.

File names, paths, messages and hints can all carry map text (an unknown key is echoed in its
message), so each goes through :func:`cjm.text.terminal`: one problem stays one line, and
nothing in a map can colour, clear or forge the terminal or a CI log.

Messages and hints are told in the report's language (:attr:`cjm.problems.Report.lang`), and so
is the summary line. The severity word stays ``error``/``warning``/``info``, like the code and the
path: editors' and CI problem matchers find a problem by it.
"""

from __future__ import annotations

from ..i18n import ENGLISH, Language, language
from ..i18n.message import localize
from ..i18n.numbers import integer
from ..problems import Problem, Report, Severity
from ..text import terminal

_COLOURS = {Severity.error: "31", Severity.warning: "33", Severity.info: "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(report: Report, *, color: bool = False) -> str:
    lang = language(report.lang)
    lines = [problem_line(p, color=color, lang=lang) for p in report.problems]
    lines.append(summary(report, color=color, lang=lang))
    return "\n".join(lines) + "\n"


def problem_line(p: Problem, *, color: bool = False, file: str | None = None,
                 lang: Language = ENGLISH) -> str:
    """One problem as the module docstring says; ``file`` names the file otherwise (``cjm data
    import`` says a problem is in the text it would have written, not the one on disk)."""
    where = _c(f"{terminal(file if file is not None else p.file)}:{p.line}:{p.col}:", "1", color)
    sev = _c(str(p.severity), _COLOURS[p.severity], color)
    code = _c(p.code, "1", color)
    path = f" {terminal(p.dotted_path)}:" if p.path else ""
    hint = _c(f" ({terminal(localize(p.hint, lang))})", "2", color) if p.hint else ""
    return f"{where} {sev} {code}{path} {terminal(localize(p.message, lang))}{hint}"


def _count(severity: Severity, n: int, lang: Language) -> str:
    num = {"num": integer(n, lang)}
    if severity is Severity.error:
        return lang.ngettext("%(num)s error", "%(num)s errors", n) % num
    if severity is Severity.warning:
        return lang.ngettext("%(num)s warning", "%(num)s warnings", n) % num
    return lang.ngettext("%(num)s info", "%(num)s info", n) % num


def summary(report: Report, *, color: bool = False, lang: Language = ENGLISH) -> str:
    n_files = len(report.files)
    if not report.problems:
        if not n_files:
            return lang.gettext("No map files found.")
        text = lang.ngettext("No problems in %(num)s file.", "No problems in %(num)s files.",
                             n_files) % {"num": integer(n_files, lang)}
        return _c(text, "32", color)
    counts = report.counts()
    parts = [_count(s, counts[s], lang) for s in (Severity.error, Severity.warning, Severity.info)
             if counts[s]]
    bad = len({p.file for p in report.problems})
    total = len(report.problems)
    found = lang.ngettext("Found %(num)s problem (%(counts)s)", "Found %(num)s problems (%(counts)s)",
                          total) % {"num": integer(total, lang), "counts": ", ".join(parts)}
    where = lang.ngettext("in %(bad)s of %(num)s file.", "in %(bad)s of %(num)s files.",
                          n_files) % {"bad": integer(bad, lang), "num": integer(n_files, lang)}
    worst = max(p.severity for p in report.problems)
    return _c(f"{found} {where}", _COLOURS[worst], color)
