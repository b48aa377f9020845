"""``cjm show --canonical``: one stable, readable text for a map, for git's ``textconv``.

Two files that mean the same map print the same bytes: keys in the format's own order (the order
of the model's fields, ``x-`` keys last and sorted), the same quoting and layout, defaults and empty
fields left out, comments dropped. So reordering keys, re-indenting or re-quoting the YAML gives an
empty ``git diff`` and a real edit shows as a small, line-based one. List order is kept: stage
order and ``next`` order are the author's, and the order of items in a lane is how people read
the board. Long texts stay on one line, so an edit is one changed line.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import yaml
from pydantic import BaseModel

from .. import model as m
from .engine import plain


def _data(obj: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in type(obj).model_fields.items():
        if name == "extensions":
            continue
        value = getattr(obj, name)
        if name != "cjm" and info.is_required() is False and value == info.get_default(call_default_factory=True):
            continue
        out[name] = _value(value)
    for key in sorted(getattr(obj, "extensions", {})):
        out[key] = _value(obj.extensions[key])  # type: ignore[attr-defined]
    return out


def _value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _data(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, _dt.date):
        return value  # dumped as a plain YAML date, as the author wrote it
    return plain(value)


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, never an alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def canonical(journey: m.JourneyMap) -> str:
    """The canonical YAML text of a map (valid YAML, and a valid map again)."""
    return yaml.dump(
        _data(journey),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # one line per value: an edit is one changed line
        indent=2,
    )
