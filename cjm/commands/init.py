"""`cjm init`: start a new map, valid and ready to fill in (the core is :mod:`cjm.interop.scaffold`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..i18n.message import say, say_plural
from .base import LangOpt, app, fail, file_path, language_of, tell


class Preset(StrEnum):
    ecommerce = "ecommerce"
    saas = "saas"
    service = "service"
    blank = "blank"


@app.command()
def init(
    file: Annotated[Path, typer.Argument(metavar="FILE", parser=file_path, show_default=False,
                                         help="The map file to create, e.g. maps/first-purchase.yaml.")],
    title: Annotated[str | None, typer.Option("--title", "-t", help="The map's title (default: from the file name).")] = None,
    preset: Annotated[Preset, typer.Option("--preset", "-p", help="Example stages and touchpoints to start from.")] = Preset.ecommerce,
    stages: Annotated[
        str | None, typer.Option("--stages", "-s", help='Comma-separated stage names, e.g. "Awareness,Consideration,Purchase".')
    ] = None,
    persona: Annotated[str | None, typer.Option("--persona", help="The persona's name.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    lang: LangOpt = None,
) -> None:
    """Create a new map, valid and ready to fill in.

    The file has the schema modeline, a persona, one touchpoint per stage, and a commented example
    of every lane under the first stage, its comments and placeholders in the chosen language.
    The modeline points at the repository's schema/cjm.schema.json, written there when the
    repository has none yet. Refuses to overwrite FILE unless --force.
    """
    import os

    from ..interop.scaffold import scaffold, schema_file
    from ..loader import load_text
    from ..output import WriteError, atomic_write, names_stdout
    from ..validate import validate_document

    folder = os.path.dirname(os.path.abspath(file))
    spoken = language_of(lang, [folder])  # a folder still to make has no maps: config, else locale
    if file.is_dir():
        raise fail(say("%(path)s is a directory; give the map file to create, e.g. %(example)s",
                       path=str(file), example=str(file / "journey.yaml")))
    if file.exists() and not force:
        raise fail(say("%(path)s already exists; use --force to overwrite it", path=str(file)))
    names = [s for s in stages.split(",") if s.strip()] if stages is not None else None
    if stages is not None and not names:
        raise fail(say("--stages needs at least one stage name"))
    to_stdout = names_stdout(file)
    root = _root(folder if not to_stdout else os.getcwd())
    text = scaffold(str(file), title, preset.value, names, persona, lang=spoken, root=root)
    checked = validate_document(load_text(text, str(file)))  # the text alone
    if not checked.ok:  # a bug, not a user error: say so rather than write a broken map
        first = checked.problems[0]
        raise fail(say("internal error: the new map would not validate (%(problem)s); please report it",
                       problem=first.message))
    schema = schema_file(str(file), root)
    try:
        atomic_write(file, text)
        if not to_stdout and not os.path.isfile(schema):
            _write_schema(schema)
            tell(say("Wrote %(path)s, the schema editors check the map with (refresh it with "
                     "`cjm schema -o %(path)s` after upgrading cjm)", path=_shown(schema)))
    except WriteError as exc:
        raise fail(str(exc)) from None
    if not to_stdout:  # `cjm init -` prints the new map and nothing else
        n = len(checked.map.stages) if checked.map else 0
        tell(say_plural("Created %(path)s (%(num)s stage). Fill in the TODOs, then: cjm validate %(path)s",
                        "Created %(path)s (%(num)s stages). Fill in the TODOs, then: cjm validate %(path)s",
                        n, path=str(file), num=n))


def _shown(path: str) -> str:
    """``schema/cjm.schema.json`` under the current folder, else the absolute path."""
    import os

    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _root(folder: str) -> str:
    """Where a new repository's schema goes: the configured root (``.cjm.toml``,
    ``[tool.cjm]``) above ``folder``, else the current folder when the map is made under it
    (``cjm init maps/first.yaml`` at the top of a repository), else the map's own folder."""
    import os

    from ..config import find

    source = find(folder)
    if source is not None:
        return os.path.dirname(source)
    here = os.getcwd()
    return here if os.path.commonpath([here, folder]) == here else folder


def _write_schema(path: str) -> None:
    """The schema `cjm schema -o PATH` writes, in the same words."""
    import json
    from pathlib import Path

    from ..model import json_schema
    from ..output import atomic_write

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(Path(path), json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
