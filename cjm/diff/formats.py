"""Diff formats by name: a plain dict built from explicit imports, loaded on use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from .changes import FileDiff


class DiffRenderer(Protocol):
    def __call__(self, files: Sequence[FileDiff], *, color: bool = False,
                 lang: str | None = None) -> str: ...


def _text() -> DiffRenderer:
    from . import text

    return text.render


def _markdown() -> DiffRenderer:
    from . import markdown

    return markdown.render


def _json() -> DiffRenderer:
    from . import json

    return json.render


FORMATS: dict[str, Callable[[], DiffRenderer]] = {"text": _text, "markdown": _markdown, "json": _json}


def render(name: str, files: Sequence[FileDiff], *, color: bool = False,
           lang: str | None = None) -> str:
    """Render compared files in the named format (``text``, ``markdown`` or ``json``); ``lang``
    overrides each map's own language for the words cjm adds (JSON is not translated)."""
    return FORMATS[name]()(files, color=color, lang=lang)
