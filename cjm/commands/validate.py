"""`cjm validate` and `cjm schema`: the format's own checks and its JSON Schema."""

from __future__ import annotations

import typer

from .base import (
    FormatOpt,
    JobsOpt,
    LangOpt,
    OutputOpt,
    PathsArg,
    app,
    emit,
    fail,
    language_of,
    not_found,
    present,
)


@app.command()
def validate(
    paths: PathsArg = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check maps against the format: schema, ids and references.

    Prints FILE:LINE:COL: error CODE path: message (hint) for every problem.
    Exit 0 when every map is valid, 1 when problems were found, 2 for usage
    errors, paths that do not exist and files that cannot be read at all.
    """
    from ..api import validate_paths
    from ..files import PathNotFound
    from ..problems import exit_code
    from ..workspace import Workspace

    spoken = language_of(lang, paths)
    try:
        report = validate_paths(paths or ["."], jobs, Workspace())
    except PathNotFound as exc:
        raise fail(not_found(exc)) from None
    report.lang = spoken.code
    present(report, format, output)
    raise typer.Exit(exit_code(report))


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the map format (for editor completion), generated from the models."""
    import json

    from ..model import json_schema

    emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", output)
