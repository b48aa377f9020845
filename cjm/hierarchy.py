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
- anything else is a root: no ``parent``, a ``parent`` that is not in the set, one on a cycle
  of parents, or one more than :data:`MAX_DEPTH` parents down (validation reports the cycle,
  CJM032, and the over-deep chain, CJM035; the tree must still be finite and shallow);
- a subtree's rollup covers the map and its descendants **in the same state** (an as-is journey
  adds up its as-is sub-journeys; a to-be plan is not added to what customers live today).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from . import facts as F
from .limits import MAX_HIERARCHY_DEPTH
from .model import JourneyMap

T = TypeVar("T")

MAX_DEPTH = MAX_HIERARCHY_DEPTH  # see cjm.limits


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
        depth, at = 0, self.parent
        while at is not None:
            depth, at = depth + 1, at.parent
        return depth

    def walk(self) -> Iterator[Node[T]]:
        """This node, its pair, then their sub-journeys, depth first: the index's reading order."""
        stack: list[Node[T]] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))
            if node.pair is not None:
                stack.append(node.pair)

    def subtree(self) -> list[Node[T]]:
        """This map and its descendants in the same state, parent first: what a rollup covers."""
        out: list[Node[T]] = []
        stack: list[Node[T]] = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(c for c in reversed(node.children) if c.link.state == node.link.state)
        return out


def chain_lengths(links: dict[str, Link]) -> dict[str, int | None]:
    """How many ``parent`` links lead up from each map to a root (a map whose parent is not in
    ``links``); None for a map whose chain goes round in a circle. One pass, no recursion."""
    length: dict[str, int | None] = {}
    for start in links:
        path: list[str] = []
        on_path: set[str] = set()
        at: str | None = start
        while at is not None and at in links and at not in length and at not in on_path:
            path.append(at)
            on_path.add(at)
            at = links[at].parent
        if at is not None and at in on_path:
            base: int | None = None  # a circle: everything below it loops too
        elif at is not None and at in length:
            base = length[at]
        else:
            base = -1
        for ident in reversed(path):
            base = None if base is None else base + 1
            length[ident] = base
    return length


def tree(items: Sequence[T], link: Callable[[T], Link]) -> list[Node[T]]:
    """The roots of the hierarchy of ``items`` (in their order); every item is in it exactly once."""
    nodes = [Node(item, link(item)) for item in items]
    by_id: dict[str, Node[T]] = {}
    for node in nodes:
        by_id.setdefault(node.link.id, node)

    lengths = chain_lengths({ident: node.link for ident, node in by_id.items()})

    def too_far(node: Node[T]) -> bool:
        """On a cycle of parents, or deeper than MAX_DEPTH: shown as a root (see the module doc)."""
        found = lengths.get(node.link.id)
        return found is None or found > MAX_DEPTH

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
                and not too_far(node):
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
        yield from root.walk()  # Node.walk is iterative: a deep tree is no deep stack


def rollup(node: Node[T], summary: Callable[[T], F.Summary]) -> F.Rollup:
    """The rolled-up facts of ``node``'s subtree (see the module's rules)."""
    return F.rollup(summary(n.item) for n in node.subtree())
