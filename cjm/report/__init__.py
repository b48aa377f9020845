"""How ``cjm report`` shows a map's facts (:mod:`cjm.facts`, via :mod:`.summary`): text, markdown or json.

The facts are laid out once (:mod:`.layout`: headings, tables and notes, every number already
written with its base) and each text format only draws that layout, so the terminal, a wiki page
and a PR comment can never disagree. ``json`` serialises the facts themselves (documented in
docs/report.md). Registered in one explicit dict, imported on use.
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import Language
from .summary import MapFacts, Portfolio

Facts = MapFacts | Portfolio


def language_of(facts: Facts, override: str | None = None) -> Language:
    """``--lang``, else the map's ``lang`` (for a portfolio: the one all its maps share), else English."""
    from ..i18n import language

    if override or isinstance(facts, MapFacts):
        return language(override or facts.lang)  # type: ignore[union-attr]
    tags = {m.lang or "en" for m in facts.maps}
    return language(next(iter(tags)) if len(tags) == 1 else None)


def _text(facts: Facts, *, color: bool = False, width: int = 100, lang: str | None = None,
          top: int | None = None) -> str:
    from . import layout, text

    blocks = layout.for_terminal(layout.for_facts(facts, language_of(facts, lang), top))
    if color:
        from . import rich_text

        return rich_text.render(blocks, width=width)
    return text.render(blocks)


def _markdown(facts: Facts, *, color: bool = False, width: int = 100, lang: str | None = None,
              top: int | None = None) -> str:
    from . import layout, markdown

    return markdown.render(layout.for_facts(facts, language_of(facts, lang), top))


def _json(facts: Facts, *, color: bool = False, width: int = 100, lang: str | None = None,
          top: int | None = None) -> str:
    from . import json_format

    return json_format.render(facts, top)


FORMATS: dict[str, Callable[..., str]] = {"text": _text, "markdown": _markdown, "json": _json}


def render(name: str, facts: Facts, *, color: bool = False, width: int = 100,
           lang: str | None = None, top: int | None = None) -> str:
    """The report in format ``name``; text and markdown in ``lang`` (JSON keys stay English);
    ``top`` keeps the N highest-ranked opportunities (``--top``)."""
    return FORMATS[name](facts, color=color, width=width, lang=lang, top=top)
