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

    [scoring]                   # how opportunities are scored (docs/scoring.md)
    preset = "rice"             # rice, ice or value-effort
    formula = "reach * impact * confidence / effort * fit"
    [scoring.inputs.fit]
    min = 0
    max = 2
    words = {weak = 0.5, strong = 2}
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .files import PathNotFound, Unreadable, read_bytes
from .i18n.labels import N_
from .i18n.message import Message, say
from .problems import Severity
from .scoring import DEFAULT as DEFAULT_SCORING
from .scoring import PRESETS, FormulaError, Scale, ScoringModel, build
from .text import did_you_mean


class ConfigError(Exception):
    """The configuration file is unreadable or wrong: a usage error (exit 2).

    Its text is a message in the run's language (``cjm: error: .cjm.toml: nieznany klucz ...``);
    ``detail`` is the part after the file's name and line."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(Message("%(where)s: %(detail)s", {"where": where, "detail": detail}))
        self.detail = detail


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
        raise ValueError(say("must be one of %(allowed)s, not %(value)s", allowed=allowed, value=toml_text(value)))
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


class ScoringInputTable(BaseModel):
    """``[scoring.inputs.NAME]``: the scale of one input, a range and words for points on it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    min: float | None = None
    max: float | None = None
    words: dict[str, float] = Field(default_factory=dict)
    label: str | None = None

    @field_validator("min", "max", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(say("must be a number, not %(value)s", value=toml_text(value)))
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(say("must be a finite number, not %(value)s", value=toml_text(value)))
        return float(value)

    @field_validator("words", mode="before")
    @classmethod
    def _words(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(say("must be a table of word = number"))
        for word, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int | float) or number != number \
                    or number in (float("inf"), float("-inf")):
                raise ValueError(say("%(word)s must be a finite number, not %(value)s", word=word,
                                     value=toml_text(number)))
        return {k: float(v) for k, v in value.items()}


class ScoringTable(BaseModel):
    """``[tool.cjm.scoring]``: a preset, a formula and declared inputs (:mod:`cjm.scoring`)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    preset: str | None = None
    formula: str | None = None
    inputs: dict[str, ScoringInputTable] = Field(default_factory=dict)


class CjmConfig(BaseModel):
    """``[tool.cjm]`` (or a whole ``.cjm.toml``); a feature with settings adds its table here."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    lint: LintTable = Field(default_factory=LintTable)
    lang: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$",
        description="The language cjm speaks in this repository (en, ru, pl, bg, de, uk): "
        "messages, hints and labels; `--lang` overrides it, and it overrides the maps' `lang`.",
    )
    scoring: ScoringTable | None = None
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
    scoring: ScoringModel = DEFAULT_SCORING

    @property
    def root(self) -> str:
        """The folder per-file-ignores globs are relative to: the configuration file's own."""
        return os.path.dirname(os.path.abspath(self.source)) if self.source else "."

    def error(self, message: str) -> ConfigError:
        return ConfigError(self.source or "", message)


def find(directory: str, memo: dict[str, str | None] | None = None) -> str | None:
    """The configuration file that governs ``directory``: nearest ``.cjm.toml`` or pyproject.

    ``memo`` remembers the answer for every folder walked through, for a caller that asks about
    many folders of one tree (a :class:`cjm.workspace.Workspace`, a repository's scan); without
    it nothing is remembered, so a configuration file created since is found."""
    directory = os.path.abspath(directory)
    memo = {} if memo is None else memo
    visited = []
    found: str | None = None
    current = directory
    while True:
        if current in memo:
            found = memo[current]
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
        memo[folder] = found
    return found


def _has_cjm_table(path: str) -> bool:
    try:
        raw = read_bytes(path)
    except (Unreadable, PathNotFound):
        return False
    if b"tool.cjm" not in raw:  # cheap test first: most pyprojects are not ours
        return False
    return "cjm" in _parse(path, raw).get("tool", {})


def _read(path: str) -> bytes:
    try:
        return read_bytes(path)  # a regular file of at most 10 MB: never a FIFO's endless wait
    except Unreadable as exc:
        raise ConfigError(path, say("cannot read: %(reason)s", reason=exc.reason)) from None
    except PathNotFound:
        raise ConfigError(path, say("cannot read: %(reason)s", reason=os.strerror(errno.ENOENT))) from None


def _parse(path: str, raw: bytes | None = None) -> dict[str, Any]:
    try:
        return tomllib.loads((_read(path) if raw is None else raw).decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, say("not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        raise _invalid_toml(path, str(exc)) from None


_TOML_AT = re.compile(r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$")
_TOML_WORDS = frozenset((
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Invalid value"),
    N_("Invalid statement"),
    N_("Unterminated string"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Cannot overwrite a value"),
    N_("Invalid initial character for a key part"),
    N_("Invalid date or datetime"),
    N_("Expected ']]' at the end of an array declaration"),
))
"""What :mod:`tomllib` says of the mistakes people make most, in the catalogs' words; anything
else is quoted as tomllib wrote it."""


def _invalid_toml(path: str, said: str) -> ConfigError:
    """tomllib's ``Expected '=' ... (at line 3, column 5)`` as ``PATH:3:5: invalid TOML: ...``."""
    found = _TOML_AT.match(said)
    what = found.group("what") if found else said
    what = say(what) if what in _TOML_WORDS else what
    if found and found.group("line"):
        return ConfigError(f"{path}:{found.group('line')}:{found.group('col')}", say("invalid TOML: %(error)s", error=what))
    if found:
        return ConfigError(path, say("invalid TOML: %(error)s (at the end of the file)", error=what))
    return ConfigError(path, say("invalid TOML: %(error)s", error=what))


_LOADED: dict[tuple[str, bytes], ConfigFile] = {}  # by path and content: never stale
_DEFAULTS = ConfigFile()  # no configuration file (frozen: one for everybody)


def load(path: str | None) -> ConfigFile:
    """The settings in ``path`` (None: the defaults). Raises :class:`ConfigError`.

    Kept by the file's content, so a run that asks once per map parses and checks the file
    once, and a long-running process (``cjm serve``) sees an edit at once: reading a small file
    is cheap, parsing and validating it is what costs."""
    if path is None:
        return _DEFAULTS
    raw = _read(path)
    key = (os.path.abspath(path), raw)
    if key not in _LOADED:
        if len(_LOADED) > 64:  # a long-running process edits its configuration many times
            _LOADED.clear()
        _LOADED[key] = from_bytes(raw, path)
    return _LOADED[key]


def from_bytes(raw: bytes | None, path: str) -> ConfigFile:
    """The settings of a configuration file given as bytes (None: read ``path``), named ``path``
    in messages: a repository's configuration as of a git revision is no file on disk
    (``cjm diff --rev`` scores the old side with it). Raises :class:`ConfigError`."""
    data = _parse(path, raw)
    is_pyproject = os.path.basename(path.rpartition(":")[2] or path) == "pyproject.toml"
    table = data.get("tool", {}).get("cjm", {}) if is_pyproject else data
    return from_table(table, path, "tool.cjm." if is_pyproject else "")


def unknown_key(key: str, allowed: tuple[str, ...], where: str, path: str) -> ConfigError:
    """The one message for a key nobody reads: a typo must not silently switch a check off."""
    guess = did_you_mean(key, allowed)
    if guess:
        said = say("unknown key '%(key)s' in [%(where)s] (did you mean '%(guess)s'?)", key=key,
                   where=where, guess=guess)
    else:
        said = say("unknown key '%(key)s' in [%(where)s] (allowed: %(allowed)s)", key=key,
                   where=where, allowed=", ".join(allowed))
    return ConfigError(path, said)


def _keys(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(f.alias or name for name, f in model.model_fields.items())


def from_table(table: Any, path: str, prefix: str = "") -> ConfigFile:
    """Check one ``[tool.cjm]`` table's shape; every mistake is a :class:`ConfigError` naming the key."""
    where = prefix.rstrip(".") or say("top level")
    if not isinstance(table, dict):
        raise ConfigError(path, say("[%(table)s] must be a table", table=where))
    try:
        settings = CjmConfig.model_validate(table)
    except ValidationError as exc:
        raise _explain(exc, path, prefix) from None
    scoring = scoring_model(settings.scoring, path, prefix)
    return ConfigFile(path, prefix, settings, scoring)


_ID_LIKE = re.compile(r"^[a-z][a-z0-9_]*$")


def scoring_model(table: ScoringTable | None, path: str, prefix: str = "") -> ScoringModel:
    """The scoring model ``[scoring]`` describes (the default, RICE, without one); a mistake is a
    :class:`ConfigError` at the line of the key that has it."""
    if table is None:
        return DEFAULT_SCORING
    sect = f"{prefix}scoring"
    if table.preset is not None and table.preset not in PRESETS:
        guess = did_you_mean(table.preset, tuple(PRESETS))
        tip = say("did you mean '%(guess)s'?", guess=guess) if guess else say(
            "use %(presets)s", presets=", ".join(PRESETS))
        raise _at(path, f"{sect}.preset", say("%(key)s: unknown preset %(value)s (%(tip)s)", key=f"{sect}.preset",
                                              value=toml_text(table.preset), tip=tip))
    scales: dict[str, Scale] = {}
    labels: dict[str, str] = {}
    for name, spec in table.inputs.items():
        key = f"{sect}.inputs.{name}"
        if not _ID_LIKE.match(name):
            raise _at(path, key, say("[%(key)s]: an input's name is lowercase letters, digits and '_', "
                                     "starting with a letter (it is a name in the formula)", key=key))
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            raise _at(path, key, say("[%(key)s]: min (%(min)s) is more than max (%(max)s)", key=key,
                                     min=toml_text(spec.min), max=toml_text(spec.max)))
        for word, number in spec.words.items():
            if not ((spec.min is None or number >= spec.min) and (spec.max is None or number <= spec.max)):
                raise _at(path, key, say("[%(key)s]: the word '%(word)s' stands for %(value)s, "
                                         "outside the input's min and max", key=key, word=word,
                                         value=toml_text(number)))
        scales[name] = Scale(spec.min, spec.max, dict(spec.words))
        if spec.label:
            labels[name] = spec.label
    try:
        return build(table.preset, table.formula, scales, labels)
    except FormulaError as exc:
        where = f"{sect}.formula" if table.formula is not None else f"{sect}.preset"
        said = say("%(key)s: %(error)s (character %(col)s)", key=f"{sect}.formula", error=str(exc),
                   col=str(exc.col)) if table.formula is not None else Message(
            "%(key)s: %(error)s", {"key": f"{sect}.formula", "error": str(exc)})
        raise _at(path, where, said) from None


def _at(path: str, dotted: str, message: str) -> ConfigError:
    """A :class:`ConfigError` naming the line of ``dotted`` (a key or table) in ``path``."""
    line = key_line(path, dotted)
    return ConfigError(f"{path}:{line}" if line else path, message)


_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\".]+)\s*=")


def key_line(path: str, dotted: str) -> int | None:
    """The line (1-based) where the TOML file ``path`` sets ``dotted`` (``scoring.formula``) or
    opens its table (``[scoring.inputs.fit]``); None when it cannot tell.

    :mod:`tomllib` gives values, not positions, so the text is scanned: table headers and
    ``key =`` lines, with dotted keys and quotes, which is how people write these files.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    table = ""
    best: int | None = None
    for number, text in enumerate(lines, 1):
        header = _HEADER.match(text)
        if header:
            table = header.group(1).replace('"', "").replace(" ", "")
            if table == dotted:
                return number
            continue
        key = _KEY.match(text)
        if key:
            full = ".".join(p for p in (table, key.group(1).replace('"', "")) if p)
            if full == dotted:
                return number
            if dotted.startswith(full + ".") and best is None:
                best = number  # an inline table holding the key
    return best


def _explain(exc: ValidationError, path: str, prefix: str) -> ConfigError:
    """Pydantic's first error, said as a person editing the TOML file needs to hear it."""
    errors = exc.errors()
    # Unknown keys first: a misspelt key explains the other errors better than they do.
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    error = errors[0]
    loc = tuple(str(part) for part in error["loc"])
    sect = f"{prefix}lint"
    if loc and loc[0] == "scoring":
        return _explain_scoring(error, loc, path, prefix)
    if error["type"] == "extra_forbidden":
        if len(loc) == 1:
            return unknown_key(loc[0], _keys(CjmConfig), prefix.rstrip(".") or say("top level"), path)
        return unknown_key(loc[1], _keys(LintTable), sect, path)
    if loc[0] == "library":
        where = f"{prefix}library"
        return ConfigError(path, say("%(key)s must be a list of library files or folders", key=where))
    if len(loc) == 1:
        return ConfigError(path, say("[%(table)s] must be a table", table=sect))
    key = loc[1]
    if key in ("select", "ignore"):
        return ConfigError(path, say("%(key)s must be a list of rule codes or names", key=f"{sect}.{key}"))
    if key == "fail-on":
        return ConfigError(path, Message("%(key)s: %(error)s", {"key": f"{sect}.fail-on", "error": _reason(error)}))
    if key == "per-file-ignores":
        if len(loc) == 2:
            return ConfigError(path, say("[%(table)s] must be a table of glob = [codes]",
                                         table=f"{sect}.per-file-ignores"))
        return ConfigError(path, say("%(key)s must be a list of rule codes or names",
                                     key=f'{sect}.per-file-ignores."{loc[2]}"'))
    if len(loc) == 2:
        return ConfigError(path, say("[%(table)s] must be a table of rule tables", table=f"{sect}.rules"))
    return ConfigError(path, say("[%(table)s] must be a table", table=f"{sect}.rules.{loc[2]}"))


def _explain_scoring(error: Any, loc: tuple[str, ...], path: str, prefix: str) -> ConfigError:
    """A mistake in ``[scoring]``, at its line."""
    sect = f"{prefix}scoring"
    if error["type"] == "extra_forbidden":
        if len(loc) == 2:
            bad = unknown_key(loc[1], _keys(ScoringTable), sect, path)
            return _at(path, f"{sect}.{loc[1]}", bad.detail)
        if len(loc) >= 4 and loc[1] == "inputs":
            where = f"{sect}.inputs.{loc[2]}"
            bad = unknown_key(loc[3], _keys(ScoringInputTable), where, path)
            return _at(path, f"{where}.{loc[3]}", bad.detail)
    if len(loc) == 1:
        return _at(path, sect, say("[%(table)s] must be a table", table=sect))
    key = loc[1]
    if key in ("preset", "formula"):
        return _at(path, f"{sect}.{key}", say("%(key)s must be text", key=f"{sect}.{key}"))
    if len(loc) == 2:
        return _at(path, f"{sect}.inputs", say("[%(table)s] must be a table of input tables", table=f"{sect}.inputs"))
    where = f"{sect}.inputs.{loc[2]}"
    if len(loc) == 3:
        return _at(path, where, say("[%(table)s] must be a table (min, max, words, label)", table=where))
    return _at(path, f"{where}.{loc[3]}", Message("%(key)s: %(error)s", {"key": f"{where}.{loc[3]}",
                                                                        "error": _reason(error)}))


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


def scoring_for(file: str | None) -> ScoringModel:
    """The scoring model that governs ``file``: its repository configuration's ``[scoring]``,
    else RICE (:mod:`cjm.scoring`). Raises :class:`ConfigError` for a broken configuration.
    Read here, beside the configuration, so the facts that score opportunities read no file."""
    folder = os.path.dirname(os.path.abspath(file)) if file and file != "-" else os.getcwd()
    source = find(folder)
    return load(source).scoring if source else DEFAULT_SCORING


def scoring_in(config_file: str | None) -> ScoringModel:
    """The scoring model of a configuration file (a repository's), RICE without one: what lint,
    which sees a map's repository rather than its file, scores with."""
    return load(config_file).scoring if config_file is not None else DEFAULT_SCORING
