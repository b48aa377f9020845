"""``cjm fmt``: one layout for every map file, without changing what the map says.

The layout (docs/fmt.md) is :mod:`cjm.yamledit`'s, with keys in the order of the model's fields
(``id``, ``name``, then the rest as ``cjm/model.py`` declares them; ``x-`` keys after them, in
the order they were written). The order is read from the pydantic models, never listed here, so
a field added to the model is placed by ``cjm fmt`` the day it is added.

A file is formatted only when cjm can read it as a map: broken YAML and schema errors are
refused with the problems ``cjm validate`` reports (reference problems do not stop it: they may
name maps or library files elsewhere in the repository). After formatting, the new text is
loaded again and must give the same data, value for value and type for type; otherwise the file
is left alone and the difference is reported, so a bug here can never rewrite a map's meaning.
"""

from __future__ import annotations

import datetime as _dt
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from . import model as m
from .files import PathNotFound, Target, Unreadable, read_input, shown_name
from .i18n.message import say, say_plural
from .loader import MAX_BYTES, load_bytes, load_text
from .output import Rewriter
from .problems import UNREADABLE, Path, Problem
from .repository import Repository
from .validate import validate_document
from .workspace import Workspace
from .yamledit import Document, YamlError, parse


def _blocks_formatting(problem: Problem) -> bool:
    """The file cannot be read as a map (CJM001-CJM016: YAML, encoding, version, schema). From
    CJM020 on, problems are about ids and references, maybe to other files of the repository:
    the text itself is a map and can be formatted."""
    return problem.code < "CJM020"



@dataclass
class Formatted:
    """One file through ``cjm fmt``: its new text, or the problems that stopped it."""

    file: str
    original: str
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (``list[Stage]``, ``Persona | None``...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is dict:
        return []
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


@cache
def _fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(info.alias or name for name, info in model.model_fields.items()
                 if name != "extensions")


@cache
def _child(model: type[BaseModel], key: str) -> type[BaseModel] | None:
    info = next((i for n, i in model.model_fields.items() if (i.alias or n) == key), None)
    if info is None:
        return None
    found = _models_in(info.annotation)
    return found[0] if found else None


def root_model(data: Any) -> type[BaseModel]:
    """The model of a file's top level: a library file's when it says ``library:`` and the
    model defines one (the field that says so names it), else a journey map's."""
    if isinstance(data, dict) and "library" in data:
        for value in vars(m).values():
            if (isinstance(value, type) and issubclass(value, m.Element)
                    and "library" in value.model_fields):
                return value
    return m.JourneyMap


def model_order(root: type[BaseModel]) -> typing.Callable[[Path, list[str]], list[str]]:
    """Keys in the model's field order at every path; ``x-`` and other keys after them."""

    done: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}

    def order(path: Path, keys: list[str]) -> list[str]:
        # list indexes do not change the model, so the answer depends on the path's keys and
        # the keys to order alone: an import orders the same few shapes thousands of times
        names = tuple(part for part in path if isinstance(part, str))
        asked = (names, tuple(keys))
        known_order = done.get(asked)
        if known_order is None:
            known_order = done[asked] = _order(names, keys)
        return list(known_order)

    def _order(names: tuple[str, ...], keys: list[str]) -> list[str]:
        here: type[BaseModel] | None = root
        for part in names:
            if here is None:
                break
            here = _child(here, part)
        if here is None:
            return keys
        known = _fields(here)
        rank = {k: i for i, k in enumerate(known)}
        return sorted(keys, key=lambda k: (0, rank[k]) if k in rank else (1, 0))

    return order


def _newline(text: str) -> str:
    """The line ending a file keeps: its first one (as ruff format and Prettier decide)."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def format_text(text: str, file: str = "<text>", explicit: bool = True,
                repo: Repository | None = None) -> Formatted:
    """Format a map's text; never raises for bad content (``problems`` say why not).
    ``explicit``: named by the user; else a file that is no map is ``skipped``. ``repo``: the
    repository the file belongs to (its scoring scales make an ``impact`` word valid); without
    one the text stands alone."""
    result = Formatted(file, text)
    doc = load_text(text, file)
    if not explicit and not doc.may_be_map:
        result.skipped = True
        return result
    checked = validate_document(doc, repo)
    blocking = [p for p in checked.problems if _blocks_formatting(p)]
    if blocking or not isinstance(doc.data, dict):
        result.problems = sorted(blocking or checked.problems, key=Problem.sort_key)
        return result
    newline = _newline(text)
    body = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        tree: Document = parse(body)
    except YamlError as exc:
        result.problems = [Problem("CJM001", say("cjm fmt cannot keep this file as written: %(error)s",
                                                       error=str(exc)),
                                   file, 1, 1, name="yaml-syntax")]
        return result
    new = tree.dump(model_order(root_model(doc.data)))
    change = _meaning_change(doc.data, load_text(new, file).data)
    if change is not None:
        result.problems = [Problem(
            "CJM001", say("cjm fmt would change the meaning of this map at %(where)s, so the file "
                          "is left as it is", where=change), file, 1, 1, name="yaml-syntax",
            hint=say("please report this with the file; format it by hand meanwhile"))]
        return result
    result.text = new.replace("\n", newline) if newline != "\n" else new
    return result


def _meaning_change(before: Any, after: Any, path: str = "") -> str | None:
    """Where two loaded documents differ (type included: ``1``, ``1.0`` and ``true`` are
    different values to a map), or ``None`` when they are the same; said in the run's language
    (the values and type names are shown as Python writes them: they are what to report)."""
    here = path or say("the top level")
    if type(before) is not type(after):
        if isinstance(before, (dict, list)) or isinstance(after, (dict, list)):
            return say("%(path)s (a %(before)s became a %(after)s)", path=here,
                       before=type(before).__name__, after=type(after).__name__)
        return say("%(path)s (%(before)s became %(after)s)", path=here, before=repr(before),
                   after=repr(after))
    if isinstance(before, dict):
        if list(before) != list(after) and set(before) != set(after):
            return say("%(path)s (keys %(keys)s)", path=here,
                       keys=str(sorted(map(str, set(before) ^ set(after)))))
        for key in before:
            found = _meaning_change(before[key], after[key], f"{path}.{key}" if path else str(key))
            if found:
                return found
        return None
    if isinstance(before, list):
        if len(before) != len(after):
            return say_plural("%(path)s (%(num)s item became %(after)s)",
                              "%(path)s (%(num)s items became %(after)s)", len(before), path=here,
                              num=len(before), after=len(after))
        for i, (a, b) in enumerate(zip(before, after, strict=True)):
            found = _meaning_change(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(before, float) and before != before and after != after:  # NaN
        return None
    if isinstance(before, (_dt.date, str, int, float, bool, types.NoneType)):
        return None if before == after else say("%(path)s (%(before)s became %(after)s)", path=here,
                                                before=repr(before), after=repr(after))
    return None if before == after else here


def format_target(workspace: Workspace, target: Target) -> Formatted:
    """Read and format one file of a run (stdin for ``-``); a YAML file found in a folder that
    is no map is skipped, as ``cjm validate`` skips it."""
    name = shown_name(target.path)
    try:
        raw = read_input(target.path, MAX_BYTES + 1)
    except Unreadable as exc:
        return Formatted(name, "", problems=[Problem(UNREADABLE, exc.reason, name)])
    except PathNotFound:  # it vanished between discovery and reading
        return Formatted(name, "", problems=[Problem(UNREADABLE, say("cannot read file: No such "
                                                         "file or directory"), name)])
    try:
        text = raw.decode("utf-8") if len(raw) <= MAX_BYTES else None
    except UnicodeDecodeError:
        text = None
    if text is None:  # the loader says why, in validate's words
        return Formatted(name, "", problems=load_bytes(raw, name).problems)
    return format_text(text, name, explicit=target.explicit,
                       repo=workspace.repository(target.path, target.base))


def write(result: Formatted, rewriter: Rewriter, workspace: Workspace) -> bool:
    """Put a formatted file's new text in place, through the guarded write every rewrite of a
    user's file takes (:class:`cjm.output.Rewriter`): a file saved meanwhile is formatted again
    from what it says now (the save is kept), or left as it is when that text can no longer be
    formatted (:class:`cjm.output.Changed`). False: nothing to write after all."""
    assert result.text is not None

    def again(raw: bytes) -> str | None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        redone = format_text(text, result.file, repo=workspace.repository(result.file))
        return redone.text if not any(_blocks_formatting(p) for p in redone.problems) else None

    return rewriter.rewrite(result.file, result.original.encode("utf-8"), result.text, again)


def unified_diff(result: Formatted) -> str:
    """What ``cjm fmt`` would change in a file, as ``diff -u`` shows it."""
    import difflib

    from .text import terminal

    if result.text is None:
        return ""
    name = terminal(result.file)  # a file name can hold any byte but "/" and NUL
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True), result.text.splitlines(keepends=True),
        fromfile=name, tofile=name,
    )
    return "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n"
                   for ln in lines)
