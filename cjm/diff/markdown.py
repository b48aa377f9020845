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

from ..i18n import ENGLISH, Language
from ..i18n.message import localize
from ..i18n.numbers import emotion
from ..problems import Problem
from ..text import markdown as escape
from .changes import Change, FileDiff, files_line
from .describe import describe, element_label, file_language, files_language

# GitHub's limit on a comment body; the default budget leaves room for a header a CI step adds.
GITHUB_LIMIT = 65_536
DEFAULT_MAX_CHARS = 60_000

ICONS = {"added": "➕", "removed": "➖", "changed": "🔄", "renamed": "✏️", "moved": "➡️",
         "reordered": "🔀"}
def quote(text: str) -> str:
    return f"*{escape(text)}*"


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _table(changes: list[Change], lang: Language = ENGLISH) -> list[str]:
    _ = lang.gettext
    element, change = _("element"), _("change")
    lines = [f"| | {element} | {change} |", "|---|---|---|"]
    for c in changes:
        label = element_label(c, quote, with_stage=False, lang=lang)
        lines.append(f"| {ICONS[c.kind]} | {label} | {describe(c, quote, _code, lang)} |")
    return lines


def github_length(text: str) -> int:
    """How long GitHub may consider ``text``, never less: UTF-16 code units (an emoji counts two,
    as in the browser's textarea), and every line break as two (in case it is counted as CRLF,
    as a browser submits it)."""
    return len(text.encode("utf-16-le")) // 2 + text.count("\n")


def _status(fd: FileDiff, lang: Language = ENGLISH) -> str:
    if fd.kind == "library" and fd.status != "modified":
        what = lang.gettext("new library") if fd.status == "added" else lang.gettext("library deleted")
        return " (" + what + ")"
    if fd.status == "added":
        return " (" + lang.gettext("new map") + ")"
    if fd.status == "deleted":
        return " (" + lang.gettext("map deleted") + ")"
    return ""


def render_file(fd: FileDiff, *, heading: str = "###", lang: str | None = None,
                breaking_first: bool = False) -> list[str]:
    speak = file_language(fd, lang)
    lines = [f"{heading} {_code(fd.label)}{_status(fd, speak)}", ""]
    if fd.moved_from is not None and breaking_first:
        lines += [speak.gettext("moved from %(path)s") % {"path": _code(fd.moved_from)}, ""]
    return lines + _body(fd, heading, speak, breaking_first)


def _problems(problems: Sequence[Problem]) -> list[str]:
    """One bullet per problem, at ``file:line:col``, as ``cjm validate`` names it."""
    out = []
    for p in problems:
        path = f" {_code(p.dotted_path)}" if p.path else ""
        out.append(f"- {_code(f'{p.file}:{p.line}:{p.col}')} {p.severity} {p.code}{path}: "
                   f"{escape(p.full_message)}")
    return out


def breaking_section(files: Sequence[FileDiff], lang: str | None, speak: Language) -> list[str]:
    """What a reviewer must see before anything else, never collapsed and never left out for
    size: every change that breaks something (an id still in use removed, a library element
    still named, a map made invalid), each under its file, with the problems of an invalid map at
    ``file:line:col``."""
    broken = [f for f in files if f.breaking]
    if not broken:
        return []
    n = sum(len(f.breaking) for f in broken)
    title = speak.ngettext("⚠️ %(num)s breaking change", "⚠️ %(num)s breaking changes", n) % {"num": n}
    lines = [f"### {title}", ""]
    for f in broken:
        own = file_language(f, lang)
        for reason in f.breaking:
            lines.append(f"- {_code(f.label)}: {escape(localize(reason, own))}")
        if f.invalid == "new":
            lines += ["  " + line for line in _problems(f.problems)]
    return lines + [""]


def _body(fd: FileDiff, heading: str, lang: Language, breaking_first: bool = False) -> list[str]:
    _ = lang.gettext
    result = fd.result
    lines = [f"**{escape(fd.headline(title=False, lang=lang, moved=not breaking_first))}**", ""]
    if fd.invalid is not None:  # a new side's problems lead the comment when it comes first
        return lines + ([] if breaking_first and fd.invalid == "new" else [*_problems(fd.problems), ""])
    if not breaking_first:  # said in the first section of the comment otherwise
        for reason in fd.breaking:
            lines += ["> **" + _("Breaking:") + f"** {escape(localize(reason, lang))}", ""]
    for w in result.warnings:
        lines += ["> **" + _("Warning:") + f"** {escape(localize(w, lang))}", ""]
    if result.ranking:  # the scoring model's change and the opportunities whose rank moved
        lines += [f"- {escape(localize(note, lang))}" for note in result.ranking] + [""]
    if curve := result.curve_moves:
        points = " · ".join(f"{escape(p.name)} {emotion(p.old, lang)} → {emotion(p.new, lang)} {p.arrow}"
                            for p in curve)
        lines += [_("Emotion curve: %(points)s") % {"points": points}, ""]
    general = [c for c in result.changes if c.stage is None]
    if general:
        what = _("Library") if fd.kind == "library" else _("Map")
        lines += [f"{heading}# " + what, "", *_table(general, lang), ""]
    by_stage: dict[str, list[Change]] = {}
    for c in result.changes:
        if c.stage is not None:
            by_stage.setdefault(c.stage, []).append(c)
    for sid, name in result.stages.items():
        if sid in by_stage:
            title = _("Stage %(name)s") % {"name": quote(name)}
            lines += [f"{heading}# {title} ({_code(sid)})", "", *_table(by_stage[sid], lang), ""]
    return lines


def _title(fd: FileDiff) -> str:
    return fd.overview.title if fd.overview is not None else fd.result.title


def _summary_table(files: Sequence[FileDiff], lang: str | None, speak: Language) -> list[str]:
    _ = speak.gettext
    first = _("map or library") if any(f.kind == "library" for f in files) else _("map")
    head = (first, _("file"), _("what changed"))
    lines = ["| {} | {} | {} |".format(*head), "|---|---|---|"]
    for f in files:
        own = file_language(f, lang)
        what = escape(f.headline(title=False, lang=own))
        lines.append(f"| {escape(_title(f))} | {_code(f.label)}{_status(f, own)} | {what} |")
    return lines


def _section(fd: FileDiff, lang: str | None) -> list[str]:
    speak = file_language(fd, lang)
    summary = f"<b>{escape(_title(fd))}</b> {_code(fd.label)}{_status(fd, speak)}"
    return ["<details>", f"<summary>{summary}</summary>", "", *_body(fd, "###", speak, True),
            "</details>", ""]


def _left_out(n: int, total: int, lang: Language = ENGLISH) -> list[str]:
    return [
        "> " + lang.ngettext(
            "**%(num)s of %(total)s map section left out** to keep this comment under GitHub's "
            "size limit; every changed map is in the table above. The full report is the "
            "`cjm-diff` artifact of this run, or run the same `cjm diff` locally (`--max-bytes` "
            "sets the budget).",
            "**%(num)s of %(total)s map sections left out** to keep this comment under GitHub's "
            "size limit; every changed map is in the table above. The full report is the "
            "`cjm-diff` artifact of this run, or run the same `cjm diff` locally (`--max-bytes` "
            "sets the budget).", n) % {"num": n, "total": total},
        "",
    ]


def render(files: Sequence[FileDiff], *, color: bool = False,
           max_chars: int | None = None, lang: str | None = None) -> str:
    """The comment; never longer than ``max_chars`` by :func:`github_length` unless even the
    summary table does not fit (then rows are left out too, and the comment says so). Each map's
    section is written in its own ``lang`` (or ``lang`` given here), the rest in the language
    the maps share (else English)."""
    budget = max_chars if max_chars is not None else DEFAULT_MAX_CHARS
    speak = files_language(files, lang)
    _ = speak.gettext
    changed = [f for f in files if f.changed]
    lines = ["## " + _("Journey map changes"), ""]
    if not changed:
        lines.append(_("No changes.") if files else _("No maps found."))
        return "\n".join(lines) + "\n"
    lines += breaking_section(changed, lang, speak)
    if len(files) == 1:
        keep = len(lines)
        lines += render_file(changed[0], lang=lang, breaking_first=True)
        return _fit_single(lines, budget, file_language(changed[0], lang), keep)
    lines += [escape(files_line(list(files), speak)), ""]
    table = _summary_table(changed, lang, speak)
    head = "\n".join(lines) + "\n"
    used = github_length(head) + github_length("\n".join(table) + "\n\n")
    reserve = github_length("\n".join(_left_out(len(changed), len(changed), speak)) + "\n")
    while len(table) > 2 and used + reserve > budget:  # a thousand maps: even rows must go
        used -= github_length(table.pop() + "\n")
    rows_left_out = len(changed) - (len(table) - 2)
    if rows_left_out:
        more = speak.ngettext("%(num)s more map not listed", "%(num)s more maps not listed",
                              rows_left_out) % {"num": rows_left_out}
        table.append(f"| … | | {more} |")
    out = [head, "\n".join(table) + "\n\n"]
    used = sum(github_length(x) for x in out)
    left_out = 0
    for f in changed:
        text = "\n".join(_section(f, lang)) + "\n"
        size = github_length(text)
        if left_out or used + size + reserve > budget:
            left_out += 1  # keep the order: a reader scrolling the table finds sections in turn
            continue
        out.append(text)
        used += size
    if left_out:
        out.append("\n".join(_left_out(left_out, len(changed), speak)) + "\n")
    return "".join(out).rstrip("\n") + "\n"


def _fit_single(lines: list[str], budget: int, lang: Language = ENGLISH, keep: int = 0) -> str:
    """One map: its stage sections in order, the last ones left out when over budget; the first
    ``keep`` lines (the heading and the breaking changes) are always kept."""
    while lines and lines[-1] == "":
        lines.pop()
    text = "\n".join(lines) + "\n"
    if github_length(text) <= budget:
        return text
    note = "\n> " + lang.gettext(
        "**Changes left out** to keep this comment under GitHub's size limit; the full report is "
        "the `cjm-diff` artifact of this run, or run the same `cjm diff` locally.") + "\n"
    kept: list[str] = list(lines[:keep])
    used = github_length(note) + github_length("\n".join(kept) + "\n")
    for line in lines[keep:]:
        size = github_length(line + "\n")
        if used + size > budget:
            break
        kept.append(line)
        used += size
    while len(kept) > keep and kept[-1].startswith("|") is False and kept[-1] != "":
        kept.pop()  # end on a whole table row or a blank line, not half a heading
    return "\n".join(kept).rstrip("\n") + "\n" + note
