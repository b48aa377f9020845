"""The journey hierarchy of a set of maps: which map is a sub-journey of which, and as-is/to-be pairs.

Why a module of its own: the site index, the parent boards and ``cjm report``'s rollups all need
the same tree, and a tree built three times would disagree on the odd cases (a ``parent`` that
is not published, a cycle, a to-be map whose as-is map has sub-journeys). It decides shape only;
the numbers of a subtree come from :func:`cjm.facts.rollup`.

The rules:

- a map whose ``parent`` is in the set is that map's child; children are ordered as the parent's
  stages and touchpoints name them in ``detail`` (journey order), then by title;
- a future-state map whose ``current`` map is in the set sits beside it as its pair (the way the
  index has always shown as-is and to-be), not under a parent;
- anything else is a root: no ``parent``, a ``parent`` that is not in the set, or one on a cycle
  of parents (validation reports the cycle; the tree must still be finite);
- a subtree's rollup covers the map and its descendants **in the same state** (an as-is journey
  adds up its as-is sub-journeys; a to-be plan is not added to what customers live today).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from . import facts as F
from .model import JourneyMap

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    """What the tree needs of one map: small and picklable (a report's workers send it back)."""

    id: str
    title: str
    state: str
    parent: str | None = None
    current: str | None = None
    details: tuple[str, ...] = ()  # sub-journey ids its stages and touchpoints zoom into, in order


def details_of(journey: JourneyMap) -> list[tuple[str, str | None, str]]:
    """``(stage id, touchpoint id or None, sub-journey id)`` for every ``detail``, in map order."""
    out: list[tuple[str, str | None, str]] = []
    for stage in journey.stages:
        if stage.detail:
            out.append((stage.id, None, stage.detail))
        for tp in stage.touchpoints:
            if tp.detail:
                out.append((stage.id, tp.id, tp.detail))
    return out


def link_of(journey: JourneyMap) -> Link:
    details = tuple(dict.fromkeys(target for _s, _t, target in details_of(journey)))
    return Link(journey.id, journey.title, journey.state.value, journey.parent, journey.current,
                details)


@dataclass
class Node(Generic[T]):
    """One map in the tree, with its to-be pair (when it has one) and its sub-journeys."""

    item: T
    link: Link
    parent: Node[T] | None = None
    pair: Node[T] | None = None  # the future-state map that names this one as ``current``
    children: list[Node[T]] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    def walk(self) -> Iterator[Node[T]]:
        """This node, its pair, then their sub-journeys, depth first: the index's reading order."""
        yield self
        if self.pair is not None:
            yield from self.pair.walk()
        for child in self.children:
            yield from child.walk()

    def subtree(self) -> list[Node[T]]:
        """This map and its descendants in the same state, parent first: what a rollup covers."""
        out = [self]
        for child in self.children:
            if child.link.state == self.link.state:
                out.extend(child.subtree())
        return out


def tree(items: Sequence[T], link: Callable[[T], Link]) -> list[Node[T]]:
    """The roots of the hierarchy of ``items`` (in their order); every item is in it exactly once."""
    nodes = [Node(item, link(item)) for item in items]
    by_id: dict[str, Node[T]] = {}
    for node in nodes:
        by_id.setdefault(node.link.id, node)

    def on_cycle(node: Node[T]) -> bool:
        seen = {node.link.id}
        at = node.link.parent
        while at is not None and at in by_id:
            if at in seen:
                return True
            seen.add(at)
            at = by_id[at].link.parent
        return False

    placed: set[int] = set()
    for node in nodes:
        current = by_id.get(node.link.current or "")
        if (node.link.state == "future" and current is not None and current is not node
                and current.link.state != "future" and current.pair is None):
            current.pair = node
            node.parent = current.parent  # set again below once the current map is placed
            placed.add(id(node))
    roots: list[Node[T]] = []
    for node in nodes:
        if id(node) in placed:
            continue
        parent = by_id.get(node.link.parent or "")
        if parent is not None and parent is not node and by_id.get(node.link.id) is node \
                and not on_cycle(node):
            node.parent = parent
            parent.children.append(node)
        else:
            roots.append(node)
    for node in nodes:
        order = {target: i for i, target in enumerate(node.link.details)}
        node.children.sort(key=lambda c: (order.get(c.link.id, len(order)), c.link.title.casefold(),
                                          c.link.id))
        if node.pair is not None:
            node.pair.parent = node.parent
    return roots


def walk(roots: Sequence[Node[T]]) -> Iterator[Node[T]]:
    for root in roots:
        yield from root.walk()


def rollup(node: Node[T], summary: Callable[[T], F.Summary]) -> F.Rollup:
    """The rolled-up facts of ``node``'s subtree (see the module's rules)."""
    return F.rollup(summary(n.item) for n in node.subtree())
