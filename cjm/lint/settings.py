"""What a configuration file's lint table means: its selectors resolved against the rules, and
each rule's options checked against what the rule declares.

:mod:`cjm.config` checks the file's shape and knows nothing of rules; this is the half that needs
the rule registry, so it lives in the lint package and the import goes one way (lint → config).
Mistakes are still :class:`cjm.config.ConfigError` naming the file and the key.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..config import ConfigError, ConfigFile, toml_text, unknown_key
from ..config import load as load_file
from ..config import severity as severity_of
from ..i18n.message import Message, say
from ..problems import Severity
from .finding import Rule, RuleOptions
from .registry import RULES, SelectorError, expand


@dataclass(frozen=True)
class LintConfig:
    """The ``lint`` table of one configuration file, checked but not yet resolved to codes."""

    source: str | None = None
    root: str = "."
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)  # per rule code
    options: dict[str, RuleOptions] = field(default_factory=dict)  # per rule code, checked


_CHECKED: dict[int, tuple[ConfigFile, LintConfig]] = {}  # by the loaded file (its content)


def load(path: str | None) -> LintConfig:
    """The lint settings in ``path`` (None: the defaults). Raises :class:`ConfigError`.

    Checked once per content of the file (:func:`cjm.config.load` gives the same object for
    the same text), so an edited configuration is read anew in a long-running process."""
    config = load_file(path)
    kept = _CHECKED.get(id(config))
    if kept is None or kept[0] is not config:
        if len(_CHECKED) > 64:  # as cjm.config.load: a long-running process edits its configuration
            _CHECKED.clear()
        kept = _CHECKED[id(config)] = (config, check(config))
    return kept[1]


def check(config: ConfigFile) -> LintConfig:
    """Resolve the selectors and options of one file's ``lint`` table against the rules."""
    if config.source is None:
        return LintConfig()
    lint = config.settings.lint
    sect = f"{config.prefix}lint"

    def selectors(values: list[str], label: str) -> tuple[str, ...]:
        for value in values:
            try:
                expand(value)
            except SelectorError as exc:
                raise config.error(Message("%(key)s: %(error)s", {"key": label, "error": str(exc)})) from None
        return tuple(values)

    select = selectors(lint.select, f"{sect}.select") if lint.select is not None else None
    ignore = selectors(lint.ignore, f"{sect}.ignore")
    per_file = tuple(
        (glob, selectors(codes, f'{sect}.per-file-ignores."{glob}"'))
        for glob, codes in lint.per_file_ignores.items()
    )
    severity: dict[str, Severity] = {}
    tables: dict[str, dict[str, Any]] = {}
    for name, options in lint.rules.items():
        label = f"{sect}.rules.{name}"
        try:
            matched = expand(name)
        except SelectorError as exc:
            raise config.error(Message("[%(key)s]: %(error)s", {"key": label, "error": str(exc)})) from None
        if len(matched) != 1:
            raise config.error(say("[%(table)s] must name one rule, by code or name", table=label))
        code = next(iter(matched))
        table = dict(options)
        if "severity" in table:
            try:
                severity[code] = severity_of(table.pop("severity"))
            except ValueError as exc:
                raise config.error(Message("%(key)s: %(error)s", {"key": f"{label}.severity", "error": str(exc)})) from None
        tables.setdefault(code, {}).update(table)
        tables[code]["__label__"] = label
    return LintConfig(
        source=config.source,
        root=config.root,
        select=select,
        ignore=ignore,
        fail_on=lint.fail_on,
        per_file_ignores=per_file,
        severity=severity,
        options={code: _options(RULES[code], table, config) for code, table in tables.items()},
    )


def _options(rule: Rule, table: dict[str, Any], config: ConfigFile) -> RuleOptions:
    """The rule's options from its table, checked by the rule's own ``Options`` model.

    Pydantic's verdicts are put in a config writer's words (``must be a whole number >= 0``),
    with a did-you-mean for a misspelt key.
    """
    label = table.pop("__label__")
    try:
        return rule.Options.model_validate(table)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else ""
        allowed = ("severity", *(f.alias or n for n, f in rule.Options.model_fields.items()))
        if error["type"] == "extra_forbidden":
            raise unknown_key(key, allowed, label, str(config.source)) from None
        name = next(n for n, f in rule.Options.model_fields.items() if (f.alias or n) == key)
        raise config.error(say("%(key)s must be %(wanted)s, not %(value)s", key=f"{label}.{key}",
                               wanted=_wanted(rule.Options, name), value=toml_text(table.get(key)))) from None


def _wanted(options: type[RuleOptions], name: str) -> str:
    """What a field takes, in words: from its type and its ``ge`` bound."""
    field = options.model_fields[name]
    kind = field.annotation
    args = [a for a in typing.get_args(kind) if a is not type(None)]
    if typing.get_origin(kind) in (typing.Union, types.UnionType) and len(args) == 1:
        kind = args[0]  # optional: unset is the default, so a value is what is asked for
    if typing.get_origin(kind) is typing.Literal:
        return say("one of %(values)s", values=", ".join(str(a) for a in typing.get_args(kind)))
    bound = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    if kind is bool:
        return say("true or false")
    if kind is int:
        return say("a whole number of at least %(bound)s", bound=str(bound)) if bound is not None else say("a whole number")
    if kind is float:
        return say("a number of at least %(bound)s", bound=str(bound)) if bound is not None else say("a number")
    if kind is str:
        return say("text")
    return say("a value of another kind")


__all__ = ["ConfigError", "LintConfig", "check", "load"]
