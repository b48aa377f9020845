"""A Mermaid ``journey`` diagram as a cjm map: title, sections -> stages, tasks -> touchpoints.

The parser follows Mermaid's own grammar (``user-journey/parser/journey.jison`` and
``journeyDb``) line by line, so what GitHub draws is what cjm imports:

- optional ``---`` front matter (its ``title`` is the diagram's title; ``config`` is display only);
- ``%%`` comment lines and ``%%{init: ...}%%`` directives, and ``#`` comments to the end of a line;
- ``journey`` (case-insensitive), then statements, indented or not:
  ``title TEXT``, ``accTitle: TEXT``, ``accDescr: TEXT``, ``accDescr { multi-line }``,
  ``section NAME`` (repeated names stay separate sections), and tasks
  ``Task name: SCORE[: Actor 1, Actor 2]`` (no actors, or a trailing colon, are both fine).

Mapping: the title is the map title, ``accDescr`` its description, each section a stage, each task
a touchpoint whose emotion is the task's score (1-5), each actor a persona (the first one is the
map's persona). What cannot be carried over is reported with its line number, never dropped
silently. It accepts everything ``cjm render --format mermaid`` writes, including its escapes
(a zero-width space before a name that starts with a keyword), so a map survives the round trip.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..i18n import language
from ..i18n.labels import N_
from ..i18n.message import say
from ..idgen import Ids
from ..text import slug

_KEYWORD_ESCAPE = re.compile(r"\u200b(?=(journey|title|section|acctitle|accdescr))", re.IGNORECASE)
_JOURNEY = re.compile(r"journey(?![^\s%#])", re.IGNORECASE)
_TITLE = re.compile(r"title\s([^#\n;]+)", re.IGNORECASE)
_SECTION = re.compile(r"section\s([^#:\n;]+)", re.IGNORECASE)
_ACC_TITLE = re.compile(r"accTitle\s*:\s*(.*)", re.IGNORECASE)
_ACC_DESCR = re.compile(r"accDescr\s*:\s*(.*)", re.IGNORECASE)
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)", re.IGNORECASE)
_TASK_NAME = re.compile(r"[^#:\n;]+")
_TASK_DATA = re.compile(r":[^#\n;]*")


class MermaidError(Exception):
    """The text is not a Mermaid journey diagram cjm can read at all (nothing is written)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@dataclass
class Note:
    """Something the import could not carry over (``lost``) or decided for the user."""

    line: int
    message: str
    lost: bool = True


@dataclass
class Task:
    name: str
    score: float | None
    actors: list[str]
    line: int


@dataclass
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str | None = None
    front_title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _unescape(name: str) -> str:
    """Undo the renderer's keyword escape: a zero-width space in front of a keyword."""
    return _KEYWORD_ESCAPE.sub("", name.strip()).strip()


def _front_matter(lines: list[str], diagram: Diagram) -> int:
    """Read ``---`` front matter at the very top; return the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        raise MermaidError(say("front matter opened with '---' is never closed"), 1)
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        raise MermaidError(say("front matter is not valid YAML: %(reason)s",
                                reason=str(getattr(exc, "problem", exc))), line) from None
    if not isinstance(meta, dict):
        raise MermaidError(say("front matter must be a mapping (title:, config:)"), 2)
    title = meta.get("title")
    if title is not None:
        diagram.front_title = str(title).strip() or None
    for key in meta:
        if key not in ("title", "config", "displayMode"):
            diagram.notes.append(Note(1, say("front matter key '%(key)s' has no place in a cjm map; ignored",
                                         key=str(key))))
    return end + 1


def parse(text: str) -> Diagram:
    """The diagram in ``text``; :class:`MermaidError` when it is not a journey diagram."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _Parser(text.split("\n")).run()


_DONE = None  # what a statement reader returns when the rest of its line is no statement


class _Parser:
    """One pass over a diagram's lines: a line holds statements (``title``, ``section``, a task,
    ``accTitle``/``accDescr``) one after another, each read by a method of its own that returns
    what is left of the line, or ``_DONE``."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.diagram = Diagram()
        self.i = _front_matter(lines, self.diagram)
        self.current: Section | None = None  # the section tasks go into
        self.implicit: Section | None = None  # the stage made for tasks before any section

    def run(self) -> Diagram:
        started = False
        while self.i < len(self.lines):
            number = self.i + 1
            rest = self.lines[self.i].strip()
            self.i += 1
            if not rest or rest.startswith("%%") or rest.startswith("#"):
                continue
            if not started:
                match = _JOURNEY.match(rest)
                if not match:
                    word = rest.split()[0]
                    raise MermaidError(say("not a Mermaid journey diagram: it starts with '%(word)s', "
                                           "not 'journey'", word=word), number)
                started = True
                rest = rest[match.end():].strip()
            line: str | None = rest
            while line:
                if line.startswith("%%") or line.startswith("#"):
                    break
                line = self._statement(line, number)
        if not started:
            raise MermaidError(say("empty diagram: no 'journey' line"), 1)
        return self.diagram

    def _statement(self, rest: str, number: int) -> str | None:
        if _ACC_BLOCK.match(rest):
            return self._acc_block(rest, number)
        acc = _ACC_TITLE.match(rest) or _ACC_DESCR.match(rest)
        if acc:
            value = acc.group(1).strip() or None
            if acc.re is _ACC_TITLE:
                self.diagram.acc_title = value
            else:
                self.diagram.acc_descr = value
            return _DONE
        title = _TITLE.match(rest)
        if title:
            self.diagram.title = title.group(1).strip() or None
            return _after_statement(rest[title.end():].strip(), number, self.diagram)
        section = _SECTION.match(rest)
        if section:
            return self._section(section, rest, number)
        return self._task(rest, number)

    def _acc_block(self, rest: str, number: int) -> str:
        """``accDescr { ... }``, which may run over several lines."""
        block = _ACC_BLOCK.match(rest)
        assert block is not None
        body = block.group(1)
        collected: list[str] = []
        while "}" not in body:
            collected.append(body)
            if self.i >= len(self.lines):
                raise MermaidError(say("accDescr { is never closed with }"), number)
            body = self.lines[self.i]
            self.i += 1
        inside, after = body.split("}", 1)
        collected.append(inside)
        self.diagram.acc_descr = "\n".join(s.strip() for s in collected).strip() or None
        return after.strip()

    def _section(self, section: re.Match[str], rest: str, number: int) -> str | None:
        self.current = Section(_unescape(section.group(1)), number)
        self.diagram.sections.append(self.current)
        rest = rest[section.end():].strip()
        if rest.startswith(":"):
            self.diagram.notes.append(Note(number, say("text after the section name ('%(text)s') is not part of a "
                                                         "section; ignored", text=rest)))
            return _DONE
        return _after_statement(rest, number, self.diagram)

    def _task(self, rest: str, number: int) -> str | None:
        name_match = _TASK_NAME.match(rest)
        name = _unescape(name_match.group(0)) if name_match else ""
        after = rest[name_match.end():] if name_match else rest
        data = _TASK_DATA.match(after)
        if not name or data is None:
            self.diagram.notes.append(
                Note(number, say("'%(text)s' is not a task ('Task name: score: Actor'), a section or a title; "
                             "not converted", text=rest))
            )
            return _DONE
        task = _task(name, data.group(0), number, self.diagram)
        if self.current is None:
            if self.implicit is None:
                self.implicit = Section("", number)
                self.diagram.sections.insert(0, self.implicit)
                self.diagram.notes.append(
                    Note(number, say("tasks before the first section were put in a stage of their own"), lost=False)
                )
            self.implicit.tasks.append(task)
        else:
            self.current.tasks.append(task)
        return _after_statement(after[data.end():].strip(), number, self.diagram)


def _after_statement(rest: str, number: int, diagram: Diagram) -> str:
    """What may follow a statement on its line: a ``#`` comment, or nothing Mermaid accepts."""
    if not rest or rest.startswith("#") or rest.startswith("%%"):
        return ""
    if rest.startswith(";"):
        diagram.notes.append(
            Note(number, say("';' is not allowed in a Mermaid journey (Mermaid rejects it); '%(text)s' not "
                         "converted", text=rest))
        )
        return ""
    return rest


def _task(name: str, data: str, number: int, diagram: Diagram) -> Task:
    pieces = data[1:].split(":")
    score_text = pieces[0].strip()
    actors: list[str] = []
    if len(pieces) > 1:
        actors = [a.strip() for a in pieces[1].split(",") if a.strip()]
    if len(pieces) > 2 and any(p.strip() for p in pieces[2:]):
        extra = ":".join(pieces[2:]).strip()
        diagram.notes.append(Note(number, say("text after the actors (': %(text)s') is ignored by Mermaid; "
                                                  "not converted", text=extra)))
    score: float | None
    try:
        score = float(score_text) if score_text else None
    except ValueError:
        score = None
    if score is None or not math.isfinite(score):
        diagram.notes.append(Note(number, say("task '%(name)s' has score %(score)s, not a number "
                                              "1-5; its emotion is left out", name=name,
                                              score=repr(score_text)) if score_text else
                                  say("task '%(name)s' has no score, not a number 1-5; its "
                                      "emotion is left out", name=name)))
        score = None
    return Task(name, score, actors, number)


# ---------------------------------------------------------------------------------------------
# diagram -> map


def _emotion(task: Task, diagram: Diagram) -> int | None:
    if task.score is None:
        return None
    value = int(math.floor(task.score + 0.5))
    clamped = max(1, min(5, value))
    if clamped != task.score:
        diagram.notes.append(
            Note(task.line, say("task '%(name)s' has score %(score)s; cjm emotions are whole numbers "
                                "1-5, so it became %(emotion)s", name=task.name,
                                score=f"{task.score:g}", emotion=str(clamped)))
        )
    return clamped


def to_map(diagram: Diagram, fallback_title: str = "Imported journey",
           lang: str | None = None) -> dict[str, Any]:
    """The map as plain data in the format's field order (dumped as YAML by :func:`to_yaml`);
    ``lang`` is written as the map's language and romanises its ids (:func:`cjm.text.slug`)."""
    ids = Ids(lang)
    _ = language(lang).gettext  # the words cjm writes into the map are in the map's language
    title = diagram.title or diagram.front_title or diagram.acc_title or fallback_title
    map_id = slug(title, lang=lang) or slug(fallback_title, lang=lang) or "journey"
    data: dict[str, Any] = {"cjm": 1, "id": map_id, "title": title}
    if diagram.acc_descr:
        data["description"] = diagram.acc_descr
    if lang:
        data["lang"] = lang
    if diagram.acc_title and diagram.acc_title != title:
        data["x-mermaid-acc-title"] = diagram.acc_title
    actors: list[str] = []
    for section in diagram.sections:
        for task in section.tasks:
            for actor in task.actors:
                if actor not in actors:
                    actors.append(actor)
    persona_ids = {name: ids.make(name, fallback=f"persona-{n + 1}") for n, name in enumerate(actors)}
    if actors:
        data["persona"] = persona_ids[actors[0]]
        data["personas"] = [{"id": persona_ids[a], "name": a} for a in actors]
    sets = {tuple(t.actors) for s in diagram.sections for t in s.tasks}
    per_task = len(sets) > 1
    if per_task:
        first = next(t for s in diagram.sections for t in s.tasks)
        diagram.notes.append(
            Note(first.line, say("tasks have different actors; the map's persona is '%(persona)s', the "
                                 "others are listed under personas and each touchpoint keeps its "
                                 "actors in x-actors", persona=actors[0] if actors else "-"),
                 lost=False)
        )
    stages = []
    for n, section in enumerate(diagram.sections):
        name = section.name or (diagram.title or _(N_("Journey")))
        stage: dict[str, Any] = {"id": ids.make(name, fallback=f"stage-{n + 1}"), "name": name}
        touchpoints = []
        for k, task in enumerate(section.tasks):
            tp: dict[str, Any] = {
                "id": ids.make(task.name, prefix="tp-", fallback=f"tp-{n + 1}-{k + 1}"),
                "name": task.name,
            }
            emotion = _emotion(task, diagram)
            if emotion is not None:
                tp["emotion"] = emotion
            if per_task:
                tp["x-actors"] = list(task.actors)
            touchpoints.append(tp)
        if touchpoints:
            stage["touchpoints"] = touchpoints
        stages.append(stage)
    if not stages:
        diagram.notes.append(Note(1, say("the diagram has no sections or tasks; the map has one empty stage"),
                                  lost=False))
        stages = [{"id": ids.make("journey", fallback="stage-1"), "name": _(N_("Journey"))}]
    data["stages"] = stages
    return data


_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_RESOLVER = yaml.resolver.Resolver()


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar; JSON's escapes are YAML's, plus the characters YAML forbids."""
    body = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", body)


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError("the importer writes no booleans or nulls")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and not text.startswith(_INDICATORS)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _ESCAPE.search(text)
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"  # type: ignore[no-untyped-call]
    )
    return text if plain else _quoted(text)


def _literal_ok(text: str) -> bool:
    """Multi-line text that a ``|-`` block keeps exactly: no blank, padded or control-char lines."""
    lines = text.split("\n")
    return len(lines) > 1 and all(
        line and line == line.strip() and not _ESCAPE.search(line) for line in lines
    )


def _emit(data: dict[str, Any], indent: int, out: list[str]) -> None:
    """Block-style YAML for the importer's plain data (PyYAML's emitter is 50x slower)."""
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _emit(value, indent + 2, out)
        elif isinstance(value, list):
            if not value:
                out.append(f"{pad}{key}: []")
                continue
            out.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    start = len(out)
                    _emit(item, indent + 4, out)
                    out[start] = f"{pad}  - " + out[start][indent + 4 :]
                else:
                    out.append(f"{pad}  - {_scalar(item)}")
        elif isinstance(value, str) and _literal_ok(value):
            out.append(f"{pad}{key}: |-")
            out.extend(f"{pad}  {line}" for line in value.split("\n"))
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")


def to_yaml(data: dict[str, Any], header: list[str]) -> str:
    lines: list[str] = []
    _emit(data, 0, lines)
    body = "\n".join(lines) + "\n"
    return "".join(f"# {line}\n" if line else "#\n" for line in header) + body


def convert(text: str, source: str = "<stdin>", schema: str | None = None,
            lang: str | None = None) -> tuple[str, list[Note]]:
    """Mermaid text -> (map YAML, notes sorted by line). Raises :class:`MermaidError`."""
    diagram = parse(text)
    stem = os.path.splitext(os.path.basename(source))[0] if not source.startswith("<") else ""
    _ = language(lang).gettext
    fallback = (stem.replace("-", " ").replace("_", " ").strip().capitalize()
                or _(N_("Imported journey")))
    data = to_map(diagram, fallback, lang)
    header = []
    if schema:
        header.append(f"yaml-language-server: $schema={schema}")
    header.append(_(N_("Imported from %(file)s by `cjm import mermaid`.")) % {"file": os.path.basename(source)})
    notes = sorted(diagram.notes, key=lambda n: n.line)
    return to_yaml(data, header), notes
