"""Where the built-in Jinja2 templates are (the package data ``cjm.templates``), and their
compiled form, kept inside the package rather than in the user's cache.

The templates live in the repository's top-level ``templates/`` folder, where teams look for them
to copy and override; pyproject.toml maps that folder into the package as ``cjm.templates``, so a
wheel carries them and :mod:`importlib.resources` finds them wherever cjm is installed.

Why compiled templates are not kept in the cache: compiling the board template is about a quarter
of a second of every ``cjm render``, so it is worth keeping, but a compiled template is code, and
Jinja2's bytecode cache unpickles and unmarshals what it reads. The user cache is not trusted
(CI restores ``~/.cache`` from caches that forks' pull requests can write), so a poisoned entry
there would run code. Instead the built-in templates are compiled once, on the first render, into
Python modules beside cjm's own code (``cjm/render/compiled-templates/<key>/``), where only
someone who can already change cjm can write; Python keeps their bytecode as it keeps cjm's. The
key names the Jinja2 and Python versions and the checksum of every template, so an upgrade or an
edited template compiles afresh. When the package folder is read-only the templates are compiled
in memory, as without any cache. A ``--template-dir`` is always compiled in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

# The source tree's folder: used when ``cjm.templates`` is not importable, which is the case when
# cjm runs straight from a checkout (PYTHONPATH=. as the test suite may) or from an editable
# install in compat mode, whose plain .pth entry cannot express the package-dir mapping. `make
# setup` installs in the default editable mode, where the mapping resolves.
SOURCE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Not a Python identifier, so neither imports nor mypy walk into it as a package.
COMPILED = Path(__file__).resolve().parent / "compiled-templates"
_COMPILE_FORMAT = "1"  # bump when the environment's settings that shape compiled code change


def default_template_dir() -> Path:
    """The folder of the built-in templates, for Jinja2's FileSystemLoader."""
    try:
        root = files("cjm.templates")
    except ModuleNotFoundError:
        return SOURCE_TEMPLATES
    if isinstance(root, Path):
        return root
    # The folder has no __init__.py (it is the folder teams copy, so it holds templates only),
    # which makes it a namespace package: importlib hands back a MultiplexedPath over the one
    # folder installed, whose entries are plain paths.
    first = next(iter(root.iterdir()), None)
    return Path(str(first)).parent if first is not None else SOURCE_TEMPLATES


def file_loader(folder: Path | str) -> Any:
    """Jinja2's ``FileSystemLoader`` over ``folder``, reading each template as every file is read
    (:func:`cjm.files.read_bytes`): a FIFO, a device or a 50 MB file named like a template is an
    error naming it, never a hang."""
    import jinja2

    from ..files import PathNotFound, Unreadable, read_bytes

    class SafeLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            pieces = jinja2.loaders.split_template_path(template)
            for searchpath in self.searchpath:
                filename = os.path.join(searchpath, *pieces)
                if not os.path.lexists(filename):
                    continue
                try:
                    text = read_bytes(filename).decode(self.encoding)
                except PathNotFound:
                    continue
                except Unreadable as exc:
                    raise jinja2.TemplateError(f"{filename}: {exc.reason}") from None
                except UnicodeDecodeError:
                    raise jinja2.TemplateError(f"{filename}: not {self.encoding} text") from None
                mtime = os.path.getmtime(filename)

                def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                    try:
                        return os.path.getmtime(filename) == mtime
                    except OSError:
                        return False

                return text, os.path.normpath(filename), uptodate
            raise jinja2.TemplateNotFound(template)

    return SafeLoader(str(folder))


def _settings(env: Any) -> str:
    """What of an environment shapes the code a template compiles to (not the values of its
    filters and globals, which are looked up when it renders)."""
    return repr((env.block_start_string, env.block_end_string, env.variable_start_string,
                 env.variable_end_string, env.comment_start_string, env.comment_end_string,
                 env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                 env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 env.autoescape, env.optimized, env.undefined.__name__, env.is_async,
                 getattr(env, "newstyle_gettext", None), sorted(env.extensions),
                 sorted(env.filters), sorted(env.tests), sorted(env.globals)))


def _key(source: Path, env: Any) -> str | None:
    """The compiled folder's name for the templates in ``source``: Jinja2 and Python versions, the
    environment's settings and a checksum of every template's name and text. None when a
    template cannot be read."""
    import jinja2

    from ..files import PathNotFound, Unreadable, read_bytes

    digest = hashlib.sha256(f"{_COMPILE_FORMAT}|{jinja2.__version__}|{sys.version}".encode())
    digest.update(_settings(env).encode())
    try:
        names = sorted(p.name for p in source.iterdir() if p.suffix in (".j2", ".css"))
        for name in names:
            digest.update(f"|{name}|".encode())
            digest.update(read_bytes(source / name))
    except (OSError, Unreadable, PathNotFound):
        return None
    v = sys.version_info
    return f"jinja2-{jinja2.__version__}-py{v.major}.{v.minor}-{digest.hexdigest()[:20]}"


def compiled_loader(source: Path, make_environment: Callable[[Any], Any]) -> Any:
    """A Jinja2 loader of the templates in ``source``, compiled once into the package folder.

    ``make_environment(loader)`` builds an environment with the settings the renders use (the
    compiled code depends on them). Returns a ``ModuleLoader`` over the compiled folder, or a
    ``FileSystemLoader`` over ``source`` (compiled in memory) when the folder cannot be written."""
    import jinja2

    plain = file_loader(source)
    env = make_environment(plain)
    key = _key(source, env)
    if key is None:
        return plain
    target = COMPILED / key
    if not (target / "done").is_file():
        try:
            COMPILED.mkdir(exist_ok=True)
            work = Path(tempfile.mkdtemp(dir=COMPILED, prefix=".tmp-"))
            work.chmod(0o755)  # readable as the package around it is
        except OSError:
            return plain  # a read-only install: compile in memory, as without a cache
        try:
            env.compile_templates(str(work), zip=None, ignore_errors=False,
                                  filter_func=lambda name: name.endswith((".j2", ".css")))
            import compileall

            # their bytecode now, as pip does for cjm's own modules: Python reads it even where
            # it is told not to write any (PYTHONDONTWRITEBYTECODE)
            compileall.compile_dir(str(work), quiet=2, workers=1)
            (work / "done").write_text(key, encoding="utf-8")
            try:
                os.rename(work, target)
            except OSError:  # another run got there first: its copy is the same
                pass
            else:
                _prune(keep=key)
        except (OSError, jinja2.TemplateError):
            return plain  # a broken template is reported when it is rendered, in memory
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if not (target / "done").is_file():
            return plain
    found = _MODULE_LOADERS.get(str(target))
    if found is None:
        found = _MODULE_LOADERS[str(target)] = jinja2.ModuleLoader(str(target))
    return found


# One ModuleLoader per compiled folder for the life of the process: Jinja2 puts a weak proxy of
# its package module in sys.modules, and a loader let go (a cache cleared, a second environment)
# leaves code that walks sys.modules meanwhile (Hypothesis, pytest's import hooks) holding a dead
# proxy: "ReferenceError: weakly-referenced object no longer exists".
_MODULE_LOADERS: dict[str, Any] = {}


def _prune(keep: str) -> None:
    """Remove compiled folders of other versions of the templates (best effort)."""
    try:
        stale = [p for p in COMPILED.iterdir() if p.name != keep and not p.name.startswith(".")]
    except OSError:
        return
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
