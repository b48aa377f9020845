"""The terminal format: one self-contained line per change, a summary line last.

``~ Touchpoint "Посещение сайта" (interest): emotion 2 → 4 ↑``. Each line names the element and its
stage, so the output can be grepped and read without scrolling back. Colour (ANSI, no rich: the
format must stay cheap to import) only when the caller asks, which the CLI does on a TTY only.
Every piece of map text (names, values, stage ids, file labels, warnings) goes through
:func:`cjm.text.terminal` before colour is added: a change stays one line and a name cannot send
escape sequences or a ``::error`` line to a terminal or a CI log.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import ENGLISH, Language
from ..i18n.message import localize
from ..i18n.numbers import emotion
from ..problems import Problem, Report
from ..text import terminal
from .changes import Change, FileDiff, files_line
from .describe import BAD, GOOD, describe, element_label, file_language, files_language

MARKERS = {"added": "+", "removed": "-", "changed": "~", "renamed": "~", "moved": ">", "reordered": "^"}
_COLOURS = {"added": "32", "removed": "31", "changed": "33", "renamed": "33", "moved": "36",
            "reordered": "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def quote(text: str) -> str:
    return f'"{text}"'


def change_line(change: Change, *, color: bool = False, lang: Language = ENGLISH) -> str:
    marker = _c(MARKERS[change.kind], _COLOURS[change.kind], color)
    label = terminal(element_label(change, quote, lang=lang))
    what = terminal(describe(change, quote, lang=lang))
    if color:
        label = _c(label, "1", True)
        if change.meaning in GOOD:
            what = _c(what, "32", True)
        elif change.meaning in BAD:
            what = _c(what, "31", True)
    return f"{marker} {label}: {what}"


def render_file(fd: FileDiff, *, color: bool = False, header: bool = True,
                lang: str | None = None) -> list[str]:
    """One file's changes, in ``lang`` (a BCP 47 tag; default: the map's own ``lang``)."""
    speak = file_language(fd, lang)
    _ = speak.gettext
    result = fd.result
    lines: list[str] = []
    if header:
        old = fd.old_label if fd.status != "added" else "/dev/null"
        new = fd.new_label if fd.status != "deleted" else "/dev/null"
        lines.append(_c(f"--- {terminal(old)}", "1", color))
        lines.append(_c(f"+++ {terminal(new)}", "1", color))
    if fd.moved_from is not None:
        lines.append(_c("> " + _("moved from %(path)s") % {"path": terminal(fd.moved_from)}, "36",
                        color))
    # a library's breaking reasons name maps that no longer validate: always said; a map's
    # ("its id may be referred to from elsewhere") only with --fail-on breaking, on stderr
    lines.extend(_c("! " + _("Breaking:") + " " + terminal(localize(reason, speak)), "31", color)
                 for reason in (fd.breaking if fd.kind == "library" else ()))
    lines.extend(_c(_("warning: %(text)s") % {"text": terminal(localize(w, speak))}, "33", color)
                 for w in result.warnings)
    if fd.invalid is not None:  # not compared: what is wrong, where, as `cjm validate` says it
        lines.append(_c(terminal(fd.headline(lang=speak)), "31", color))
        lines.extend(problem_lines(fd.problems))  # already made safe for a terminal
        return lines
    if fd.overview is not None:  # a whole map added or deleted: one line, not every element
        lines.append(_c(terminal(fd.headline(lang=speak)), "1", color))
        return lines
    lines.extend(change_line(c, color=color, lang=speak) for c in result.changes)
    # the scoring model's change and the opportunities whose rank moved (cjm.diff.ranks)
    lines.extend(_c(MARKERS["reordered"] + " " + terminal(localize(note, speak)), _COLOURS["reordered"], color)
                 for note in result.ranking)
    if curve := result.curve_moves:
        points = ", ".join(f"{p.stage} {emotion(p.old, speak)} → {emotion(p.new, speak)} {p.arrow}"
                           for p in curve)
        lines.append(_("Emotion curve: %(points)s") % {"points": terminal(points)})
    lines.append(_c(result.summary.line(speak), "1", color))  # the move has its own line
    return lines


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """``maps/x.yaml:12:18: error CJM021 ...: unknown channel 'kiosk'``, exactly as ``cjm
    validate`` prints them (its text format, without its total line)."""
    from ..formats import text as problem_text

    if not problems:
        return []
    report = Report("validate", sorted({p.file for p in problems}), list(problems))
    return problem_text.render(report).splitlines()[:-1]


def render(files: Sequence[FileDiff], *, color: bool = False, lang: str | None = None) -> str:
    """All compared files; files without changes are left out when there are several. Each map's
    changes are written in its own ``lang`` (or ``lang`` given here), the totals in the language
    the maps share (else English)."""
    if len(files) == 1:
        return "\n".join(render_file(files[0], color=color, lang=lang)) + "\n"
    blocks = [render_file(f, color=color, lang=lang) for f in files if f.changed]
    speak = files_language(files, lang)
    last = files_line(list(files), speak)
    out = [line for block in blocks for line in (*block, "")]
    out.append(_c(last, "1", color) if files else speak.gettext("No maps found."))
    return "\n".join(out) + "\n"
