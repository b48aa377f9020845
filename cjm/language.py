"""Which language a command speaks: one resolution for every command (above `cjm.i18n`, which it
reads with the configuration and the maps, so the catalogs never import the configuration).

Why one place: the order is a promise (``--lang``, else the configuration's ``lang``, else the
maps' own ``lang``, else the user's locale) and six commands once wrote their own copy of part of
it. A folder of maps speaks the language most of its maps are written in; a tie goes to the map
met first. The maps' ``lang`` is read from their text (a top-level ``lang:`` line), not from a
parse, so a map too broken to load still chooses the language its problems are told in.
"""

from __future__ import annotations

import locale as _locale
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .i18n import DEFAULT, LANGUAGES, Language, Resolved, language, resolve

_LANG_LINE = re.compile(rb"""^lang:[ \t]*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)["']?[ \t]*(?:#.*)?$""",
                        re.MULTILINE)
_READ = 64 * 1024  # `lang:` sits among a map's first keys; a long map is not read to its end


def map_lang(path: str) -> str | None:
    """The ``lang:`` a map file declares at its top level, or None."""
    import stat

    try:  # a named pipe is read once, by the command: never here
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            head = fh.read(_READ)
    except OSError:
        return None
    match = _LANG_LINE.search(head)
    return match.group(1).decode("ascii") if match else None


def maps_lang(paths: Iterable[str]) -> str | None:
    """The ``lang`` most of the maps under ``paths`` declare (the first met on a tie)."""
    from .files import PathNotFound, discover

    try:
        targets = discover([p for p in paths if p != "-"])
    except PathNotFound:
        return None
    counts: Counter[str] = Counter()
    for target in targets:
        tag = map_lang(target.path)
        if tag is not None:
            counts[resolve(tag).code if resolve(tag).code != DEFAULT else tag] += 1
    return counts.most_common(1)[0][0] if counts else None


def config_lang(paths: Sequence[str]) -> str | None:
    """The ``lang`` of the configuration file governing the first path (None without one)."""
    from .config import ConfigError, find, load

    first = next((p for p in paths if p != "-"), ".")
    folder = first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first))
    try:
        return load(find(folder)).settings.lang
    except ConfigError:
        return None  # the command that reads the configuration reports it


def locale_lang(env: Mapping[str, str] | None = None) -> str | None:
    """The user's language from the environment, in the order gettext reads it (``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); ``C`` and ``POSIX`` are English."""
    env = os.environ if env is None else env
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if not value:
            continue
        first = value.split(":")[0]
        normalized = _locale.normalize(first).split(".")[0]
        if normalized in ("C", "POSIX", "c"):
            return DEFAULT
        return normalized
    return None


def override(option: str | None, paths: Sequence[str] = ()) -> str | None:
    """What outputs with a language per map (a board, a report) take over each map's own
    ``lang``: ``--lang``, else the configuration's."""
    return option or config_lang(paths)


def choose(option: str | None, paths: Sequence[str] = (),
           env: Mapping[str, str] | None = None) -> Resolved:
    """The language of one run's messages (see the module docstring for the order)."""
    chosen_tag = override(option, paths)
    found = resolve(chosen_tag or maps_lang(paths) or locale_lang(env))
    if chosen_tag is None and found.warning is not None:
        return resolve(None)  # a locale or a map cjm has no words for: English, without a word
    return found


def chosen(option: str | None, paths: Sequence[str] = ()) -> Language:
    """:func:`choose` as the :class:`~cjm.i18n.Language` outputs write with."""
    found = choose(option, paths)
    return language(found.code if found.code in LANGUAGES else None)
