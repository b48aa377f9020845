"""The error a side of a diff raises when it is not a valid map: its own module, so that both the
readers (:mod:`cjm.diff.inputs`) and the pairing (:mod:`cjm.diff.pairs`, which reports such a map
in its place) can name it without importing each other."""

from __future__ import annotations

from ..i18n.message import say
from ..problems import Problem


class InvalidMap(Exception):
    """A side of the diff is not a valid map (or cannot be read); ``problems`` say why."""

    def __init__(self, file: str, problems: list[Problem], unreadable: bool = False) -> None:
        self.file = file
        self.problems = sorted(problems, key=Problem.sort_key)
        self.unreadable = unreadable
        super().__init__(say("%(file)s cannot be read", file=file) if unreadable else
                         say("%(file)s is not a valid map", file=file))
