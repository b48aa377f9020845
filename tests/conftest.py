"""Shared test helpers: write a map, run the CLI, read what a user would see.

Two ways to run ``cjm``, both returning a :class:`Result`:

- :func:`run_cjm` (and the ``cjm`` fixture): in this process, through ``cjm.cli.main`` with the
  argv given, stdin/stdout/stderr swapped for in-memory streams (Typer's ``CliRunner``
  isolation). No interpreter start, so a run costs what the command does. A crash is a
  traceback in the test, never a quiet exit 1. Most of the suite uses this.
- :func:`run_cjm_process`: ``python -m cjm`` in a real process, for the few end-to-end tests
  (marker ``e2e``) about what only a process has: start-up, signals, closed or full streams.

Every test runs in a scrubbed environment (:func:`_hermetic`): no colour or CI variables from the
developer's shell, a fixed locale and width, a throw-away home and cache, and a git that reads
no user or system configuration and stamps fixed names and dates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hypothesis
import pytest

# The test modules are compiled, with pytest's assertion rewriting, once and kept in __pycache__
# (gitignored), even where PYTHONDONTWRITEBYTECODE is set (many CI images and containers): that
# rewrite costs each xdist worker ~3 s of CPU on every run otherwise. The variable itself stays
# set, so the `cjm` processes the tests start see the environment a user's would.
sys.dont_write_bytecode = False

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_maps"
SHARED = ROOT.parent / "shared"

MINIMAL = """\
cjm: 1
id: minimal
title: Minimal map
stages:
  - id: awareness
    name: Awareness
"""

# Property tests try the same examples on every run (a failure shows again when re-run), and keep
# no example database in the working tree; `--hypothesis-profile=explore` searches afresh.
hypothesis.settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
hypothesis.settings.register_profile("explore", derandomize=False)
hypothesis.settings.load_profile("deterministic")

# Knobs of the test harness itself (not read by cjm), kept when the environment is scrubbed.
HARNESS_VARIABLES = ("CJM_AXE_JS", "CJM_UPDATE_GOLDEN")
# What a developer's shell or CI may export that changes what cjm prints.
SCRUBBED = ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GIT_PAGER_IN_USE",
            "TERM", "CLICOLOR", "CLICOLOR_FORCE", "COLORTERM", "LANGUAGE", "LC_MESSAGES", "LC_NUMERIC",
            "PYTHONWARNINGS", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


# -- the environment of every test ---------------------------------------------------------------

@pytest.fixture(scope="session")
def _shared_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Folders a whole run (one xdist worker) shares: the template cache, an empty git template."""
    base = tmp_path_factory.mktemp("shared")
    dirs = {"cache": base / "cjm-cache", "git-template": base / "git-template"}
    for folder in dirs.values():
        folder.mkdir()
    return dirs


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory,
              _shared_dirs: dict[str, Path]) -> Iterator[None]:
    """The result of a test depends on the test, not on the shell, dotfiles or CI it runs in.

    Colour tests set ``FORCE_COLOR``/``NO_COLOR`` themselves (``env=`` of the run). The home is a
    folder of its own, not ``tmp_path``, so a test listing its ``tmp_path`` sees only its files.
    """
    for name in list(os.environ):
        if name in SCRUBBED or (name.startswith("CJM_") and name not in HARNESS_VARIABLES):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home", numbered=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    # compiled templates are the same for every test: one cache per worker (a test of the cache
    # itself points CJM_CACHE_DIR elsewhere)
    monkeypatch.setenv("CJM_CACHE_DIR", str(_shared_dirs["cache"]))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")  # what cjm.cli.main sets for itself
    # git: no user or system configuration, no hook templates, fixed names and dates
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TEMPLATE_DIR", str(_shared_dirs["git-template"]))
    monkeypatch.setenv("GIT_PAGER", "cat")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "test@example.com")
        monkeypatch.setenv(f"GIT_{who}_DATE", "2026-01-01T12:00:00+00:00")
    reset_cjm_state()
    yield
    reset_cjm_state()


def reset_cjm_state() -> None:
    """Forget what cjm keeps per process, as a new ``cjm`` process would start without it.

    Why: in-process runs share one interpreter, and cjm caches what a process reads once (lint
    settings, Jinja2 environments bound to the cache folder of their time; repositories are the
    run's own, in its :class:`cjm.workspace.Workspace`). Every ``functools`` cache in a loaded cjm module is cleared too, so a
    cache added later cannot leak between tests unnoticed; the few that hold only what ships
    with cjm (translations, WeasyPrint's style sheet) are kept: reading them again costs time and
    changes nothing.
    """
    modules = {name: module for name, module in list(sys.modules.items())
               if module is not None and (name == "cjm" or name.startswith("cjm."))}
    if "cjm.lint.settings" in modules:
        modules["cjm.lint.settings"]._CHECKED.clear()
    if "cjm.output" in modules:
        modules["cjm.output"]._PENDING.clear()
    for name, module in modules.items():
        for cached in _caches_of(name, module):
            cached.cache_clear()


_CACHES: dict[str, tuple[object, list]] = {}  # module name -> (the module, its functools caches)


def _caches_of(name: str, module: object) -> list:
    """The ``functools`` caches a cjm module defines, found once per module object (looking at
    every attribute of every module twice per test was 5 ms of each of 1,600 tests)."""
    known = _CACHES.get(name)
    if known is None or known[0] is not module:
        found = [value for attr, value in list(vars(module).items())
                 if hasattr(value, "cache_clear") and getattr(value, "__module__", None) == name
                 and f"{name}.{attr}" not in _KEPT_CACHES]
        known = _CACHES[name] = (module, found)
    return known[1]


# caches of what ships with cjm: the same for every test (see reset_cjm_state)
_KEPT_CACHES = frozenset({
    "cjm.i18n.translations", "cjm.i18n.numbers._percent_pattern", "cjm.render.board.poster_ua_stylesheet",
    "cjm.fmt._fields", "cjm.fmt._child",
})


# -- running cjm ---------------------------------------------------------------------------------

def run_cjm(*args: str, cwd: str | os.PathLike[str] | None = None, env: Mapping[str, str | None] | None = None,
            input: str | bytes | None = None) -> Result:
    """``cjm ARGS`` in this process, as ``python -m cjm`` runs it: through ``cjm.cli.main``.

    ``env`` is applied for this run only (a value of None unsets a variable); ``cwd`` is the
    working directory of this run. The output streams are in-memory and not a terminal, so
    there is no colour unless ``env`` forces it. What belongs to the process (signal handlers,
    ``sys.excepthook``, descriptor 1, the working directory) is put back afterwards, and cjm's
    per-process caches are cleared before the run, as a new process would have them.
    """
    from typer.testing import CliRunner

    import cjm.__main__
    import cjm.cli

    reset_cjm_state()
    _keep_click_command(cjm.cli.app)
    saved_argv, saved_main, saved_hook = sys.argv, sys.modules["__main__"], sys.excepthook
    saved_signals = {signo: signal.getsignal(signo) for signo in (signal.SIGTERM, signal.SIGHUP)}
    saved_cwd = os.getcwd()
    saved_stdout_fd = os.dup(1)  # main() points fd 1 at /dev/null after a write error on stdout
    exit_code = 0
    with CliRunner().isolation(input=input, env=dict(env or {})) as (stdout, stderr, _):
        try:
            # click names the program from __main__ and argv[0]: "python -m cjm", as in a process
            sys.modules["__main__"] = cjm.__main__
            sys.argv = [cjm.__main__.__file__, *map(str, args)]
            if cwd is not None:
                os.chdir(cwd)
            cjm.cli.main()
        except SystemExit as exc:
            exit_code = _exit_code(exc)
        finally:
            sys.argv, sys.modules["__main__"], sys.excepthook = saved_argv, saved_main, saved_hook
            for signo, handler in saved_signals.items():
                signal.signal(signo, handler)
            os.chdir(saved_cwd)
            os.dup2(saved_stdout_fd, 1)
            os.close(saved_stdout_fd)
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = stdout.getvalue(), stderr.getvalue()
    return Result(exit_code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def _keep_click_command(app: Any) -> None:
    """Build the Click command of cjm's Typer app once per set of registered commands, not on
    every run.

    Why: Typer turns the app into a Click command on every call (~60 ms once every command
    module is loaded, as it soon is in a test worker; a run of ``cjm validate`` itself is ~15 ms).
    A process builds it once, and so does this: the command is rebuilt when another command
    module has registered since. Click commands keep no state between invocations."""
    import typer.main

    real = getattr(typer.main.get_command, "__wrapped__", typer.main.get_command)
    built: dict[tuple[int, int], Any] = {}

    def get_command(typer_instance: Any) -> Any:
        if typer_instance is not app:
            return real(typer_instance)
        key = (len(app.registered_commands), len(app.registered_groups))
        if key not in built:
            built.clear()
            built[key] = real(app)
        return built[key]

    if typer.main.get_command is real:
        get_command.__wrapped__ = real  # type: ignore[attr-defined]
        typer.main.get_command = get_command


def _exit_code(exc: SystemExit) -> int:
    """The status a process exiting with ``exc`` would have (``sys.exit("text")`` is 1)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    sys.stderr.write(f"{exc.code}\n")
    return 1


def run_cjm_process(*args: str, cwd: str | os.PathLike[str] | None = None,
                    env: Mapping[str, str | None] | None = None, input: str | bytes | None = None) -> Result:
    """Run ``python -m cjm`` in a real process, as a user or CI would (no colour: not a TTY).

    For end-to-end tests only (marker ``e2e``); it inherits the test's scrubbed environment."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run(
        [sys.executable, "-m", "cjm", *args],
        cwd=cwd, env=full_env, input=data, capture_output=True, timeout=120,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write(tmp_path: Path):
    """``write("name.yaml", text)`` writes a dedented file under tmp_path and returns its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the run (one per xdist worker: the browser tests share the
    ``browser`` xdist group); each test opens tabs in it (``render/browser.py``). Skips the
    test, with the reason, when no Chromium is installed."""
    from render import browser

    executable = browser.chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; tools/ensure-browser.sh does it)")
    chrome = browser.Chromium(executable)
    try:
        yield chrome
    finally:
        chrome.close()


@pytest.fixture
def cjm():
    """``cjm(*args, cwd=, env=, input=)``: run the CLI in this process (:func:`run_cjm`)."""
    return run_cjm


# -- which tests run -----------------------------------------------------------------------------

def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the ``packaging`` tests (a wheel build, ~20 s) out of the default run.

    They run when asked for: with ``-m`` naming the marker (``make check-dist``), or when their
    file or the test itself is named on the command line, so no selection ends in pytest's "no
    tests ran" (exit 5).
    """
    _keep_xdist_groups_together(config, items)
    if "packaging" in (config.option.markexpr or ""):
        return
    named = {Path(arg.split("::")[0]).resolve() for arg in config.args}
    left_out = [item for item in items if item.get_closest_marker("packaging") and item.path not in named]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


def _keep_xdist_groups_together(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give ``--dist loadgroup`` its groups back under pytest 9.2.

    Why: pytest-xdist 3.8 tells its scheduler a test's ``xdist_group`` by appending ``@group``
    to the test's node id through ``item._nodeid``, which pytest 9.2 no longer reads (node ids
    are structured, ``item._id``): every grouped test was scheduled on its own, so the browser
    tests started a Chromium on each worker and the poster tests rendered the shared posters
    twice (pytest-dev/pytest-xdist#1386, open). Here the suffix goes where pytest 9.2 keeps the
    id; under an older pytest, or once xdist does it itself, this changes nothing."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        structured = getattr(item, "_id", None)
        if structured is None or not hasattr(type(structured), "parse") or "@" in item.nodeid:
            continue
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})
        if names:
            item._id = type(structured).parse(f"{item.nodeid}@{'_'.join(names)}")
