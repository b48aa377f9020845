"""One run's view of the repositories its files belong to: opened once, handed to everything the
run calls.

Why one object: a map's references resolve against its repository's libraries, its ``parent``
against the repository's map index, its lint settings and scoring model against the repository's
configuration file. When each part of a run found these for itself, through a cache kept per
process, a long-running process answered from a stale cache, the Python API scanned folders the
caller never named, and nothing said which answers belonged to which run. A :class:`Workspace`
is made once per command (in the CLI layer) or per API call; it finds each root once, reads each
``.cjm.toml`` and each library once, validates maps against them, and is passed down. A worker
process of the same run re-opens it once (:meth:`Workspace.__reduce__`), so the libraries are
read once per process, not once per file.

Two modes:

- the command line's (default): a map belongs to the repository of the nearest ``.cjm.toml`` or
  ``[tool.cjm]`` above it, else to the folder the user named (``cjm validate maps/``), else to its
  own folder;
- ``configured_only`` (the Python API's): without a configuration file above it a map named on
  its own stands alone (a script comparing ``/tmp/a.yaml`` with ``/tmp/b.yaml`` must not read
  every YAML file under ``/tmp``); the maps of a folder the caller named are that folder's.
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING

from . import config
from .files import Target
from .loader import Document, read_file
from .model import is_library
from .repository import Repository
from .run import FileResult

if TYPE_CHECKING:
    from .scoring import ScoringModel
    from .validate import Checked

__all__ = ["Workspace"]


class Workspace:
    """The repositories, configuration files and libraries one run has read (see the module doc)."""

    def __init__(self, *, configured_only: bool = False, token: str | None = None) -> None:
        self.configured_only = configured_only
        self.token = token or uuid.uuid4().hex
        self._found: dict[str, str | None] = {}  # folder -> the configuration file governing it
        self._by_root: dict[tuple[str, str | None], Repository] = {}
        self._scoring: dict[str | None, ScoringModel] = {}  # by configuration file

    def __repr__(self) -> str:
        roots = ", ".join(sorted(root for root, _source in self._by_root))
        return f"Workspace({roots})"

    def __reduce__(self) -> tuple[object, tuple[str, bool]]:
        # a worker process gets the run's settings, not its caches: it reads each library itself,
        # once (see _reopen), rather than unpickling parsed documents for every file it is sent
        return _reopen, (self.token, self.configured_only)

    # --- configuration ----------------------------------------------------------------------

    def config_file(self, folder: str) -> str | None:
        """The configuration file governing ``folder`` (nearest ``.cjm.toml`` or pyproject with
        ``[tool.cjm]``), looked up once per folder in this run."""
        return config.find(folder, self._found)

    def scoring_for(self, file: str | None) -> ScoringModel:
        """The scoring model governing ``file`` (:func:`cjm.config.scoring_in`); raises
        :class:`cjm.config.ConfigError` for a broken configuration."""
        folder = os.path.dirname(os.path.abspath(file)) if file and file != "-" else os.getcwd()
        source = self.config_file(folder)
        if source not in self._scoring:
            self._scoring[source] = config.scoring_in(source)
        return self._scoring[source]

    # --- repositories -----------------------------------------------------------------------

    def folder(self, folder: str) -> Repository:
        """The repository governing ``folder``: the configuration file's folder, else ``folder``."""
        folder = os.path.abspath(folder)
        source = self.config_file(folder)
        root = os.path.dirname(source) if source else folder
        key = (root, source)
        if key not in self._by_root:
            paths = None
            if source is not None:
                try:
                    paths = config.load(source).settings.library
                except config.ConfigError:
                    paths = None  # lint reports a broken configuration; validation reads the root
            self._by_root[key] = Repository(root, source, tuple(paths) if paths is not None else None,
                                            finder=self._found)
        return self._by_root[key]

    def repository(self, path: str, base: str | None = None) -> Repository:
        """The repository of a map file: configured root, else ``base`` (the folder the user
        named), else the file's folder; stdin (``-``) belongs to the current folder, and a name
        that is no file (a test's text, a git revision's blob) stands alone."""
        if path == "-":
            return self.folder(os.getcwd())
        if not os.path.isfile(path):
            return Repository.alone()
        folder = os.path.dirname(os.path.abspath(path))
        if self.config_file(folder) is None:
            if base is not None and os.path.isdir(base):
                return self.folder(base)
            if self.configured_only:
                return Repository.alone()
        return self.folder(folder)

    # --- maps -------------------------------------------------------------------------------

    def validate(self, doc: Document, base: str | None = None, *,
                 whole_repository: bool = False) -> Checked:
        """:func:`cjm.validate.validate_document` against the repository ``doc`` belongs to."""
        from .validate import validate_document

        return validate_document(doc, self.repository(doc.file, base),
                                 whole_repository=whole_repository)

    def check(self, target: Target, libraries: bool = False) -> tuple[Checked | None, FileResult]:
        """Read and validate one target; a non-map YAML file found in a folder is skipped.

        A library file is checked (its problems reported) when ``libraries`` says so, as
        validate and lint do; commands that want maps (render, report) skip it. Either way
        ``Checked`` is None for it: it is no map.
        """
        doc = read_file(target.path, named=target.explicit)  # a file found in a folder: regular only
        if not target.explicit and not doc.may_be_map:
            return None, FileResult(doc.file, skipped=True)
        checked = self.validate(doc, target.base, whole_repository=target.base is not None)
        if checked.library is not None or is_library(doc.data):
            if not libraries:
                return None, FileResult(doc.file, skipped=True)
            return None, FileResult(doc.file, checked.problems)
        return checked, FileResult(doc.file, checked.problems)

    def validate_task(self, target: Target) -> FileResult:
        """``cjm validate``'s work on one file (a method, so that it pickles to worker processes
        with the workspace it belongs to)."""
        return self.check(target, libraries=True)[1]


_CURRENT: Workspace | None = None  # in a worker process: the run it works for


def _reopen(token: str, configured_only: bool) -> Workspace:
    """The workspace of run ``token`` in this process: made once, then reused for every batch
    of files the run sends (a worker serves one run at a time)."""
    global _CURRENT
    if _CURRENT is None or _CURRENT.token != token:
        _CURRENT = Workspace(configured_only=configured_only, token=token)
    return _CURRENT
