"""`cjm init`: start a new map, valid and ready to fill in (the core is :mod:`cjm.interop.scaffold`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .base import app, fail, file_path


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
) -> None:
    """Create a new map, valid and ready to fill in.

    The file has the schema modeline, a persona, one touchpoint per stage, and a commented example
    of every lane under the first stage. Refuses to overwrite FILE unless --force.
    """
    from ..interop.scaffold import scaffold
    from ..loader import load_text
    from ..output import WriteError, atomic_write, names_stdout
    from ..repository import Repository
    from ..text import terminal
    from ..validate import validate_document

    if file.is_dir():
        raise fail(f"{file} is a directory; give the map file to create, e.g. {file / 'journey.yaml'}")
    if file.exists() and not force:
        raise fail(f"{file} already exists; use --force to overwrite it")
    names = [s for s in stages.split(",") if s.strip()] if stages is not None else None
    if stages is not None and not names:
        raise fail("--stages needs at least one stage name")
    from ..i18n.choose import config_lang

    text = scaffold(str(file), title, preset.value, names, persona, lang=config_lang([str(file)]))
    checked = validate_document(load_text(text, str(file)), Repository.alone())  # the text alone
    if not checked.ok:  # a bug, not a user error: say so rather than write a broken map
        first = checked.problems[0]
        raise fail(f"internal error: the new map would not validate ({first.message}); please report it")
    try:
        atomic_write(file, text)
    except WriteError as exc:
        raise fail(str(exc)) from None
    if not names_stdout(file):  # `cjm init -` prints the new map and nothing else
        typer.echo(terminal(f"Created {file} ({len(checked.map.stages) if checked.map else 0} stages). "
                   f"Fill in the TODOs, then: cjm validate {file}"), err=True)
