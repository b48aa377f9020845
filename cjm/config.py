"""``[tool.cjm]`` in pyproject.toml, or a ``.cjm.toml``: which rules run, how severe, with what options.

The file's shape is a pydantic model (:class:`CjmConfig`), checked here; what the names in it
mean (rule codes, rule options) is lint's business and is checked by :mod:`cjm.lint.settings`,
so this module knows nothing of the rules.

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

import errno
import fnmatch
import os
import tomllib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .files import PathNotFound, Unreadable, read_bytes
from .problems import Severity
from .text import did_you_mean


class ConfigError(Exception):
    """The configuration file is unreadable or wrong: a usage error (exit 2)."""


def toml_text(value: Any) -> str:
    """``value`` as the TOML file spells it (``true``, ``inf``, ``["a"]``), for an error that
    quotes what the user wrote: Python's spelling (``True``, ``['a']``) is not theirs."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def severity(value: Any) -> Severity:
    """A severity as a configuration file gives it (``fail-on``, a rule's ``severity``)."""
    if not isinstance(value, str):
        allowed = ", ".join(s.name for s in Severity)
        raise ValueError(f"must be one of {allowed}, not {toml_text(value)}")
    return Severity.parse(value)


def _codes_list(value: Any) -> Any:
    """One selector may be written alone (``ignore = "CJM206"``), as people do."""
    return [value] if isinstance(value, str) else value


class LintTable(BaseModel):
    """``[tool.cjm.lint]``: the selectors are kept as written; lint resolves them to codes."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    fail_on: Severity | None = Field(default=None, alias="fail-on")
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _as_list(cls, value: Any) -> Any:
        return _codes_list(value)

    @field_validator("per_file_ignores", mode="before")
    @classmethod
    def _globs(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {glob: _codes_list(codes) for glob, codes in value.items()}
        return value

    @field_validator("fail_on", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Severity:
        return severity(value)


class CjmConfig(BaseModel):
    """``[tool.cjm]`` (or a whole ``.cjm.toml``); a feature with settings adds its table here."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    lint: LintTable = Field(default_factory=LintTable)
    lang: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$",
        description="The language cjm speaks in this repository (en, ru, pl, bg, de, uk): "
        "messages, hints and labels; `--lang` overrides it, and it overrides the maps' `lang`.",
    )
    library: list[str] | None = Field(
        default=None,
        description="Library files (or folders of them), relative to this file; when absent "
        "every library file under the repository root is one (cjm.repository).",
    )

    @field_validator("library", mode="before")
    @classmethod
    def _library_list(cls, value: Any) -> Any:
        return _codes_list(value)


@dataclass(frozen=True)
class ConfigFile:
    """One configuration file's settings, with where they came from for error messages."""

    source: str | None = None
    prefix: str = ""  # "tool.cjm." in a pyproject.toml, nothing in a .cjm.toml
    settings: CjmConfig = CjmConfig()

    @property
    def root(self) -> str:
        """The folder per-file-ignores globs are relative to: the configuration file's own."""
        return os.path.dirname(os.path.abspath(self.source)) if self.source else "."

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.source}: {message}")


_FOUND: dict[str, str | None] = {}
_LOADED: dict[str | None, ConfigFile] = {}


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
        if os.path.lexists(candidate):  # a folder or a FIFO there is reported when it is read
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
        raw = read_bytes(path)
    except (Unreadable, PathNotFound):
        return False
    if b"tool.cjm" not in raw:  # cheap test first: most pyprojects are not ours
        return False
    return "cjm" in _parse(path, raw).get("tool", {})


def _parse(path: str, raw: bytes | None = None) -> dict[str, Any]:
    try:
        if raw is None:
            raw = read_bytes(path)  # a regular file of at most 10 MB: never a FIFO's endless wait
        return tomllib.loads(raw.decode("utf-8"))
    except Unreadable as exc:
        raise ConfigError(f"{path}: cannot read: {exc.reason}") from None
    except PathNotFound:
        raise ConfigError(f"{path}: cannot read: {os.strerror(errno.ENOENT)}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load(path: str | None) -> ConfigFile:
    """The settings in ``path`` (None: the defaults). Raises :class:`ConfigError`."""
    if path in _LOADED:
        return _LOADED[path]
    if path is None:
        config = ConfigFile()
    else:
        data = _parse(path)
        is_pyproject = os.path.basename(path) == "pyproject.toml"
        table = data.get("tool", {}).get("cjm", {}) if is_pyproject else data
        config = from_table(table, path, "tool.cjm." if is_pyproject else "")
    _LOADED[path] = config
    return config


def unknown_key(key: str, allowed: tuple[str, ...], where: str, path: str) -> ConfigError:
    """The one message for a key nobody reads: a typo must not silently switch a check off."""
    guess = did_you_mean(key, allowed)
    tip = f"did you mean '{guess}'?" if guess else f"allowed: {', '.join(allowed)}"
    return ConfigError(f"{path}: unknown key '{key}' in [{where}] ({tip})")


def _keys(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f.alias or name for name, f in model.model_fields.items())


def from_table(table: Any, path: str, prefix: str = "") -> ConfigFile:
    """Check one ``[tool.cjm]`` table's shape; every mistake is a :class:`ConfigError` naming the key."""
    where = prefix.rstrip(".") or "top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{where}] must be a table")
    try:
        settings = CjmConfig.model_validate(table)
    except ValidationError as exc:
        raise _explain(exc, path, prefix) from None
    return ConfigFile(path, prefix, settings)


def _explain(exc: ValidationError, path: str, prefix: str) -> ConfigError:
    """Pydantic's first error, said as a person editing the TOML file needs to hear it."""
    errors = exc.errors()
    # Unknown keys first: a misspelt key explains the other errors better than they do.
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    error = errors[0]
    loc = tuple(str(part) for part in error["loc"])
    sect = f"{prefix}lint"
    if error["type"] == "extra_forbidden":
        if len(loc) == 1:
            return unknown_key(loc[0], _keys(CjmConfig), prefix.rstrip(".") or "top level", path)
        return unknown_key(loc[1], _keys(LintTable), sect, path)
    if loc[0] == "library":
        where = f"{prefix}library"
        return ConfigError(f"{path}: {where} must be a list of library files or folders")
    if len(loc) == 1:
        return ConfigError(f"{path}: [{sect}] must be a table")
    key = loc[1]
    if key in ("select", "ignore"):
        return ConfigError(f"{path}: {sect}.{key} must be a list of rule codes or names")
    if key == "fail-on":
        return ConfigError(f"{path}: {sect}.fail-on: {_reason(error)}")
    if key == "per-file-ignores":
        if len(loc) == 2:
            return ConfigError(f"{path}: [{sect}.per-file-ignores] must be a table of glob = [codes]")
        return ConfigError(f'{path}: {sect}.per-file-ignores."{loc[2]}" must be a list of rule codes or names')
    if len(loc) == 2:
        return ConfigError(f"{path}: [{sect}.rules] must be a table of rule tables")
    return ConfigError(f"{path}: [{sect}.rules.{loc[2]}] must be a table")


def _reason(error: Any) -> str:
    """The message of the ValueError a validator raised, without pydantic's prefix."""
    cause = error.get("ctx", {}).get("error")
    return str(cause) if cause is not None else str(error["msg"])


def matches(glob: str, file: str, root: str) -> bool:
    """Whether a per-file-ignores glob (relative to the config's folder) names ``file``.

    The semantics are documented for users in docs/lint.md ("How a per-file-ignores glob names
    files"): fnmatch's, which teams know from ruff and .gitignore-like tools, plus the two
    conveniences people expect (a leading ``**/`` may match nothing; no ``/`` means any folder).
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
