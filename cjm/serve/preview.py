"""The pages a preview serves, kept in memory and brought up to date file by file.

Why a module of its own, apart from the server: what a page holds is decided here and tested
without sockets, and the server only looks pages up by name. The pages are exactly what
``cjm render`` publishes (:mod:`cjm.render.publish` renders them), plus the live-reload script
and, for a map with problems, the overlay that lists them. Nothing here prints or writes a file.

A refresh re-checks only files whose ``stat`` changed or that the watcher named, so a save of
one map in a folder of hundreds renders that map's board and the index, not the site.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import PathNotFound, Target, discover
from ..i18n.message import say
from ..problems import Problem
from ..render.publish import Plan, check_entry, compare_pages, language_warnings, page
from ..render.site import INDEX, Entry, by_map_id, index_html, output_names
from ..workspace import Workspace

TEMPLATE = "serve.html.j2"
EVENTS = "/__cjm/events"  # the server-sent events stream; no page name can be this (pages end in .html)
NONCE = "__CJM_NONCE__"  # replaced by a fresh nonce per response (the Content-Security-Policy's)
Signature = tuple[int, int, int] | None


class PreviewError(Exception):
    """Nothing can be previewed as asked (no such path, no maps, a broken template): exit 2."""


@dataclass(frozen=True)
class Served:
    """One page as served: its HTML (script and overlay in it), and a version for the reload check."""

    body: str
    version: str

    def with_nonce(self) -> tuple[bytes, str]:
        """The bytes of one response and the nonce its script carries (fresh for every response)."""
        nonce = secrets.token_urlsafe(16)
        return self.body.replace(NONCE, nonce).encode("utf-8"), nonce


@dataclass
class _Known:
    """What the last refresh learnt about one map file: its stat, its entry and its board."""

    signature: Signature
    name: str
    entry: Entry | None  # None: a YAML file in the folder that is no map
    board: str | None = None  # the rendered page; None when the map could not be rendered
    error: str | None = None  # a template that fails on this map


@dataclass
class Refreshed:
    """What one refresh did: the files it read again, the pages whose content changed, how long."""

    checked: list[Entry] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # template errors, one line each
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _signature(path: str) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class Preview:
    """The served pages of one folder (a site: index, boards, as-is/to-be pages) or one map file
    (its board at ``/``), with the last good board of every map kept for when it breaks."""

    def __init__(self, path: str, template_dir: Path | None = None, lang: str | None = None) -> None:
        if not os.path.exists(path):
            raise PreviewError(say("path not found: %(path)s", path=path))
        if template_dir is not None and not template_dir.is_dir():
            raise PreviewError(say("--template-dir %(folder)s: not a folder", folder=str(template_dir)))
        self.path = path
        self.folder = os.path.isdir(path)
        self.real_root = os.path.realpath(path if self.folder else os.path.dirname(os.path.abspath(path)))
        self.template_dir = template_dir
        self.lang = lang
        self.pages: dict[str, Served] = {}
        self.generation = 0  # bumped (under ``changed``) whenever a page changes
        self.changed = threading.Condition()
        self._known: dict[str, _Known] = {}
        self._good: dict[str, tuple[str, str | None]] = {}  # page -> (last good board, its lang)
        self._compare: list[tuple[str, str]] = []
        self._outside: set[str] = set()
        # page -> (body, overlay, lang, served): a page whose board was not rendered again is
        # not injected and hashed again either (the body is the very same string object)
        self._served: dict[str, tuple[str, str | None, str | None, Served]] = {}

    # -- what the server asks -------------------------------------------------------------------

    @property
    def home(self) -> str:
        """The page ``/`` shows: the index of a folder, the board of a single map."""
        if self.folder:
            return INDEX
        names = [k.name for k in self._known.values() if k.entry is not None]
        return names[0] if names else INDEX

    @property
    def maps(self) -> int:
        """How many maps the preview shows (broken ones included)."""
        return sum(1 for k in self._known.values() if k.entry is not None)

    def lookup(self, name: str) -> Served | None:
        """The page called ``name`` (a key, never a file path: nothing outside the pages is served)."""
        return self.pages.get(name)

    def missing(self, name: str) -> Served:
        """The 404 page; it reloads itself when a page of that name appears (a map saved back)."""
        lang = self.lang
        body = self._render("missing", lang, home="/")
        return Served(self._inject(body, name, "", lang, None), "")

    # -- bringing pages up to date --------------------------------------------------------------

    def _targets(self, done: Refreshed) -> list[Target]:
        """The maps served now; those whose path leads outside the served folder are left out,
        with a warning the first time."""
        if not self.folder:
            # the one map, whatever is at its path now: deleted, or replaced by a folder or a
            # pipe, it is an unreadable map whose last good board stays served with the problem
            # shown, at the same page, until a file is back (never a folder's contents instead)
            targets = [Target(self.path, True)]
        else:
            try:
                targets = discover([self.path])
            except PathNotFound:
                targets = [Target(self.path, True)]  # the folder deleted: its page says so
        targets, outside = self._within(targets)
        if outside - self._outside:
            done.warnings += [say("%(file)s: not served, it leads outside %(folder)s", file=p, folder=self.path)
                              for p in sorted(outside - self._outside)]
        self._outside = outside
        return targets

    def _check(self, targets: list[Target], names: list[str], forced: set[str],
               template_changed: bool, done: Refreshed,
               workspace: Workspace) -> tuple[dict[str, _Known], list[_Known]]:
        """Every target, checked again when it changed (its signature, a name, ``forced``, the
        templates), else as known: all of them by path, and those to render."""
        known: dict[str, _Known] = {}
        todo: list[_Known] = []
        for target, name in zip(targets, names, strict=True):
            sig = _signature(target.path)
            old = self._known.get(target.path)
            if (old is not None and old.signature == sig and old.name == name and sig is not None
                    and os.path.abspath(target.path) not in forced and not template_changed):
                known[target.path] = old
                continue
            entry = check_entry(target, name, workspace)
            item = _Known(sig, name, entry)
            if entry is not None:
                done.checked.append(entry)
                todo.append(item)
            known[target.path] = item
        return known, todo

    def refresh(self, touched: Iterable[str] = (), template_changed: bool = False) -> Refreshed:
        """Check again every file that changed (by stat, or named in ``touched``), render what
        changed, and swap the pages in; waiters on :attr:`changed` are woken when any page did.

        Never raises for what a file holds or whether it is still there: a broken, unreadable or
        deleted map is a page with an overlay, a broken template an error in the result.
        """
        start = time.perf_counter()
        done = Refreshed()
        workspace = Workspace()  # library files and the map index are read afresh for what is checked now
        forced = {os.path.abspath(p) for p in touched}
        targets = self._targets(done)
        roots = [self.path]
        names = output_names(targets, roots, ".html")
        plan = Plan("html", roots, targets, names, None, self.folder, self.template_dir, self.lang,
                    screen_only=True, workspace=workspace)
        known, todo = self._check(targets, names, forced, template_changed, done, workspace)
        entries = [k.entry for k in known.values() if k.entry is not None]
        published = by_map_id(entries) if self.folder else {}  # a parent board's sub-journeys
        for item in todo:
            self._render_board(plan, item, published)
        if self.folder and (known.keys() != self._known.keys() or done.checked or template_changed):
            self._compare = self._safely(lambda: compare_pages(plan, entries), done) or []
        if done.checked:
            done.warnings += language_warnings(plan, done.checked)
        self._known = known
        pages = self._pages(plan, entries, done)
        self._served = {name: cached for name, cached in self._served.items() if name in pages}
        changed = sorted(n for n in set(pages) | set(self.pages)
                         if (pages.get(n) or _GONE).version != (self.pages.get(n) or _GONE).version)
        done.changed = changed
        done.errors += [k.error for k in known.values() if k.error]
        with self.changed:
            self.pages = pages
            if changed:
                self.generation += 1
                self.changed.notify_all()
        done.seconds = time.perf_counter() - start
        return done

    def _within(self, targets: Sequence[Target]) -> tuple[list[Target], set[str]]:
        """Targets whose real path is under the served folder; the others (a symlink leading out
        of it) are not read, so the preview never shows a file from elsewhere on the machine."""
        if not self.folder:
            return list(targets), set()
        inside = [t for t in targets if _inside(t.path, self.real_root)]
        return inside, {t.path for t in targets if t not in inside}

    def _safely(self, render: Any, done: Refreshed) -> Any:
        from ..render.html import TemplateError

        try:
            return render()
        except TemplateError as exc:
            done.errors.append(str(exc))
            return None

    def _render_board(self, plan: Plan, item: _Known, published: dict[str, Entry]) -> None:
        from ..render.html import TemplateError

        entry = item.entry
        assert entry is not None
        if entry.map is None:
            return
        try:
            board = page(plan, entry, published)
        except TemplateError as exc:
            item.error = str(exc)
            return
        assert isinstance(board, str)
        item.board = board
        self._good[item.name] = (board, self.lang or entry.map.lang)

    def _pages(self, plan: Plan, entries: list[Entry], done: Refreshed) -> dict[str, Served]:
        pages: dict[str, Served] = {}
        for item in self._known.values():
            entry = item.entry
            if entry is None:
                continue
            good = self._good.get(item.name)
            lang = self.lang or (entry.map.lang if entry.map is not None else good[1] if good else None)
            errors = [item.error] if item.error else []
            if item.board is not None:
                body = item.board
            elif good is not None:
                body = good[0]
            else:
                body = self._render("empty", lang, source=entry.source)
            overlay = (entry.problems or errors) and self._render(
                "overlay", lang, problems=entry.problems, errors=errors,
                kept=item.board is None and good is not None, source=entry.source)
            pages[item.name] = self._serve(body, item.name, lang, overlay or None)
        for name, html in self._compare:
            pages[name] = self._serve(html, name, self.lang, None)
        if self.folder:
            index = self._safely(lambda: index_html(entries, self.template_dir, self.lang), done)
            if index is None and INDEX in self.pages:
                pages[INDEX] = self.pages[INDEX]
            elif index is not None:
                pages[INDEX] = self._serve(index, INDEX, self.lang, None)
        return pages

    def _serve(self, body: str, name: str, lang: str | None, overlay: str | None) -> Served:
        cached = self._served.get(name)
        if cached is not None and cached[0] is body and cached[1] == overlay and cached[2] == lang:
            return cached[3]
        version = hashlib.sha1((body + (overlay or "")).encode("utf-8")).hexdigest()[:16]
        served = Served(self._inject(body, name, version, lang, overlay), version)
        self._served[name] = (body, overlay, lang, served)
        return served

    def _inject(self, body: str, name: str, version: str, lang: str | None, overlay: str | None) -> str:
        """The page with the overlay and the live-reload script before its ``</body>``: only
        served pages get them, ``cjm render`` output never does."""
        script = self._render("script", lang, page=name, version=version, events=EVENTS, nonce=NONCE)
        extra = (overlay or "") + script
        at = body.lower().rfind("</body>")
        return body + extra if at < 0 else body[:at] + extra + body[at:]

    def _render(self, part: str, lang: str | None, **context: Any) -> str:
        from ..i18n import language
        from ..render.html import render_template

        return render_template(TEMPLATE, self.template_dir, language(lang), part=part, **context)


_GONE = Served("", "")


def problems_of(entries: Sequence[Entry]) -> list[Problem]:
    """Every problem of the given entries, in the order ``cjm validate`` prints them."""
    return sorted((p for e in entries for p in e.problems), key=Problem.sort_key)
