"""``[tool.cjm]`` in pyproject.toml, or a ``.cjm.toml``: which rules run, how severe, with what options.

Why walk up from each file: a monorepo may hold several teams' maps, each folder with its own
rules, the way ruff and yamllint find their configuration. In each folder a ``.cjm.toml`` wins
over a ``pyproject.toml``; a pyproject without ``[tool.cjm]`` is passed over. Lookups are cached
per folder. Unknown keys are errors with a did-you-mean: a typo in a config file must not
silently switch a check off.

``.cjm.toml`` holds the same tables without the ``tool.cjm`` prefix::

    [lint]
    select = ["ALL"]
    ignore = ["CJM206", "long-name"]
    fail-on = "warning"

    [lint.per-file-ignores]
    "legacy/**" = ["CJM2"]

    [lint.rules.CJM401]
    max-age-days = 180
    severity = "error"
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from .problems import Severity
from .validate import did_you_mean

# Top-level tables under [tool.cjm]; a feature with settings adds its name here.
SECTIONS = ("lint",)
LINT_KEYS = ("select", "ignore", "fail-on", "per-file-ignores", "rules")


class ConfigError(Exception):
    """The configuration file is unreadable or wrong: a usage error (exit 2)."""


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


_FOUND: dict[str, str | None] = {}
_LOADED: dict[str | None, LintConfig] = {}


def find(directory: str) -> str | None:
    """The configuration file that governs ``directory``: nearest ``.cjm.toml`` or pyproject."""
    directory = os.path.abspath(directory)
    visited = []
    found: str | None = None
    current = directory
    while True:
        if current in _FOUND:
            found = _FOUND[current]
            break
        visited.append(current)
        candidate = os.path.join(current, ".cjm.toml")
        if os.path.isfile(candidate):
            found = candidate
            break
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate) and _has_cjm_table(candidate):
            found = candidate
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for folder in visited:
        _FOUND[folder] = found
    return found


def _has_cjm_table(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return False
    if b"tool.cjm" not in raw:  # cheap test first: most pyprojects are not ours
        return False
    return "cjm" in _parse(path, raw).get("tool", {})


def _parse(path: str, raw: bytes | None = None) -> dict[str, Any]:
    try:
        if raw is None:
            with open(path, "rb") as fh:
                raw = fh.read()
        return tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: str | None) -> LintConfig:
    """The lint settings in ``path`` (None: the defaults). Raises :class:`ConfigError`."""
    if path in _LOADED:
        return _LOADED[path]
    if path is None:
        config = LintConfig()
    else:
        data = _parse(path)
        is_pyproject = os.path.basename(path) == "pyproject.toml"
        table = data.get("tool", {}).get("cjm", {}) if is_pyproject else data
        prefix = "tool.cjm." if is_pyproject else ""
        config = from_table(table, path, prefix)
    _LOADED[path] = config
    return config


def for_file(file: str) -> LintConfig:
    """The settings that govern ``file`` (``<stdin>``: the current folder's)."""
    folder = os.path.dirname(os.path.abspath(file)) if not file.startswith("<") else os.getcwd()
    return load(find(folder))


def _unknown(key: str, allowed: tuple[str, ...], where: str, path: str) -> ConfigError:
    guess = did_you_mean(key, allowed)
    tip = f"did you mean '{guess}'?" if guess else f"allowed: {', '.join(allowed)}"
    return ConfigError(f"{path}: unknown key '{key}' in [{where}] ({tip})")


def from_table(table: Any, path: str, prefix: str = "") -> LintConfig:
    """Check one ``[tool.cjm]`` table; every mistake is a :class:`ConfigError` naming the key."""
    from .lint import RULES, SelectorError, expand

    where = prefix.rstrip(".") or "top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{where}] must be a table")
    for key in table:
        if key not in SECTIONS:
            raise _unknown(key, SECTIONS, where, path)
    lint = table.get("lint", {})
    sect = f"{prefix}lint"
    if not isinstance(lint, dict):
        raise ConfigError(f"{path}: [{sect}] must be a table")
    for key in lint:
        if key not in LINT_KEYS:
            raise _unknown(key, LINT_KEYS, sect, path)

    def codes(key: str, value: Any, label: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: {label} must be a list of rule codes or names")
        for v in value:
            try:
                expand(v)
            except SelectorError as exc:
                raise ConfigError(f"{path}: {label}: {exc}") from None
        return tuple(value)

    select = codes("select", lint["select"], f"{sect}.select") if "select" in lint else None
    ignore = codes("ignore", lint.get("ignore", []), f"{sect}.ignore")
    fail_on = None
    if "fail-on" in lint:
        try:
            fail_on = Severity.parse(str(lint["fail-on"]))
        except ValueError as exc:
            raise ConfigError(f"{path}: {sect}.fail-on: {exc}") from None
    per_file: list[tuple[str, tuple[str, ...]]] = []
    table_pfi = lint.get("per-file-ignores", {})
    if not isinstance(table_pfi, dict):
        raise ConfigError(f"{path}: [{sect}.per-file-ignores] must be a table of glob = [codes]")
    for glob, value in table_pfi.items():
        per_file.append((glob, codes("per-file-ignores", value, f'{sect}.per-file-ignores."{glob}"')))
    rules: dict[str, dict[str, Any]] = {}
    rules_table = lint.get("rules", {})
    if not isinstance(rules_table, dict):
        raise ConfigError(f"{path}: [{sect}.rules] must be a table of rule tables")
    for name, options in rules_table.items():
        label = f"{sect}.rules.{name}"
        try:
            matched = expand(name)
        except SelectorError as exc:
            raise ConfigError(f"{path}: [{label}]: {exc}") from None
        if len(matched) != 1:
            raise ConfigError(f"{path}: [{label}] must name one rule, by code or name")
        code = next(iter(matched))
        if not isinstance(options, dict):
            raise ConfigError(f"{path}: [{label}] must be a table")
        rule = RULES[code]
        allowed = ("severity", *rule.OPTIONS)
        checked: dict[str, Any] = {}
        for key, value in options.items():
            if key not in allowed:
                raise _unknown(key, allowed, label, path)
            if key == "severity":
                try:
                    checked[key] = Severity.parse(str(value))
                except ValueError as exc:
                    raise ConfigError(f"{path}: {label}.severity: {exc}") from None
                continue
            default = rule.OPTIONS[key]
            checked[key] = _option(value, default, f"{path}: {label}.{key}", rule)
        rules.setdefault(code, {}).update(checked)
    return LintConfig(
        source=path,
        root=os.path.dirname(os.path.abspath(path)),
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        per_file_ignores=tuple(per_file),
        rules=rules,
    )


def _option(value: Any, default: Any, label: str, rule: Any) -> Any:
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
        raise ConfigError(f"{label} must be {want}, not {value!r}")
    if choices and value not in choices:
        raise ConfigError(f"{label} must be one of {', '.join(choices)}, not {value!r}")
    return value


def matches(glob: str, file: str, root: str) -> bool:
    """Whether a per-file-ignores glob (relative to the config's folder) names ``file``.

    ``*`` matches across folders, ``**/`` may match nothing, and a glob without ``/`` also
    matches the file name alone (``draft-*.yaml``), as in ruff.
    """
    absolute = os.path.abspath(file)
    rel = os.path.relpath(absolute, root).replace(os.sep, "/")
    candidates = [rel, absolute.replace(os.sep, "/")]
    if "/" not in glob:
        candidates.append(os.path.basename(file))
    globs = [glob.rstrip("/")]
    while globs[-1].startswith("**/"):
        globs.append(globs[-1][3:])
    if glob.endswith("/**") or glob.endswith("/"):
        globs.append(glob.rstrip("/*") + "/*")
    return any(fnmatch.fnmatchcase(c, g) for c in candidates for g in globs)
