"""What a configuration file's lint table means: its selectors resolved against the rules, and
each rule's options checked against what the rule declares.

:mod:`cjm.config` checks the file's shape and knows nothing of rules; this is the half that needs
the rule registry, so it lives in the lint package and the import goes one way (lint → config).
Mistakes are still :class:`cjm.config.ConfigError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import ConfigError, ConfigFile, unknown_key
from ..config import load as load_file
from ..problems import Severity
from .finding import Rule
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
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)


_CHECKED: dict[str | None, LintConfig] = {}


def load(path: str | None) -> LintConfig:
    """The lint settings in ``path`` (None: the defaults). Raises :class:`ConfigError`."""
    if path not in _CHECKED:
        _CHECKED[path] = check(load_file(path))
    return _CHECKED[path]


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
                raise config.error(f"{label}: {exc}") from None
        return tuple(values)

    select = selectors(lint.select, f"{sect}.select") if lint.select is not None else None
    ignore = selectors(lint.ignore, f"{sect}.ignore")
    per_file = tuple(
        (glob, selectors(codes, f'{sect}.per-file-ignores."{glob}"'))
        for glob, codes in lint.per_file_ignores.items()
    )
    rules: dict[str, dict[str, Any]] = {}
    for name, options in lint.rules.items():
        label = f"{sect}.rules.{name}"
        try:
            matched = expand(name)
        except SelectorError as exc:
            raise config.error(f"[{label}]: {exc}") from None
        if len(matched) != 1:
            raise config.error(f"[{label}] must name one rule, by code or name")
        code = next(iter(matched))
        rules.setdefault(code, {}).update(_rule_options(RULES[code], options, label, config))
    return LintConfig(
        source=config.source,
        root=config.root,
        select=select,
        ignore=ignore,
        fail_on=lint.fail_on,
        per_file_ignores=per_file,
        rules=rules,
    )


def _rule_options(rule: Rule, options: dict[str, Any], label: str, config: ConfigFile) -> dict[str, Any]:
    """A rule's table: ``severity`` plus the options the rule declares, each of its default's type."""
    allowed = ("severity", *rule.OPTIONS)
    checked: dict[str, Any] = {}
    for key, value in options.items():
        if key not in allowed:
            raise unknown_key(key, allowed, label, str(config.source))
        if key == "severity":
            try:
                checked[key] = Severity.parse(str(value))
            except ValueError as exc:
                raise config.error(f"{label}.severity: {exc}") from None
            continue
        checked[key] = _option(value, rule.OPTIONS[key], f"{label}.{key}", rule, config)
    return checked


def _option(value: Any, default: Any, label: str, rule: Rule, config: ConfigFile) -> Any:
    choices = getattr(rule, "CHOICES", {}).get(label.rsplit(".", 1)[-1])
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    else:
        ok = isinstance(value, type(default))
    if not ok:
        want = {bool: "true or false", int: "a whole number >= 0", float: "a number >= 0",
                str: "text"}.get(type(default), type(default).__name__)
        raise config.error(f"{label} must be {want}, not {value!r}")
    if choices and value not in choices:
        raise config.error(f"{label} must be one of {', '.join(choices)}, not {value!r}")
    return value


__all__ = ["ConfigError", "LintConfig", "check", "load"]
