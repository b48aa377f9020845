"""The smallest Typer + pydantic + PyYAML program that validates a map file: the stack's own floor.

Why it is in bench/: `cjm validate one-map.yaml` is measured against *importing* the stack
(`import yaml, typer; from pydantic import BaseModel`), but a program that *uses* the stack pays
more than the import: Typer 0.29 builds a pydantic TypeAdapter for each option it parses, and
pydantic's first validator loads its plugin machinery (importlib.metadata). This program does
only that much (a three-field model, four options, one file read with LibYAML), so its start-up is
the least any Typer + pydantic command line can have; bench/run.py reports cjm against it too.

    python bench/startup_floor.py validate FILE.yaml
"""
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel


class Fmt(StrEnum):
    text = "text"
    json = "json"


class Stage(BaseModel):
    id: str
    name: str


class Map(BaseModel):
    cjm: int
    id: str
    title: str
    stages: list[Stage] = []


app = typer.Typer()


@app.command()
def validate(paths: Annotated[list[Path], typer.Argument()],
             format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.text,
             jobs: Annotated[int | None, typer.Option("--jobs")] = None,
             quiet: Annotated[bool, typer.Option("--quiet")] = False) -> None:
    for p in paths:
        data = yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
        Map.model_validate({k: data[k] for k in ("cjm", "id", "title")})
    print(f"No problems in {len(paths)} file.")


@app.command()
def other() -> None:
    pass


app()
