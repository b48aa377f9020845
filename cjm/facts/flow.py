"""Where each touchpoint leads: the flow graph with its implicit edges."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import JourneyMap


@dataclass
class Flow:
    """Where each touchpoint leads: explicit ``next`` edges plus the implicit ones.

    ``implicit[tp]`` is the stage a touchpoint without ``next`` flows into (None in the last
    stage with touchpoints): the Graphviz diagram draws that as one edge into the stage's
    cluster, the rules walk :attr:`edges`, which spells it out touchpoint by touchpoint. Both
    read this one object, so the picture and the lint findings cannot disagree.
    """

    order: list[str] = field(default_factory=list)  # touchpoint ids in document order
    stage_of: dict[str, int] = field(default_factory=dict)  # touchpoint id -> stage index
    explicit: dict[str, list[str]] = field(default_factory=dict)  # from ``next`` (existing ids)
    implicit: dict[str, str | None] = field(default_factory=dict)  # tp without next -> stage id
    edges: dict[str, list[str]] = field(default_factory=dict)  # every successor, deduplicated
    explicit_empty: set[str] = field(default_factory=set)  # ``next: []``: the journey stops here
    first_stage: int = -1
    last_stage: int = -1

    @property
    def starts(self) -> list[str]:
        return [t for t in self.order if self.stage_of[t] == self.first_stage]

    def reachable(self, starts: Iterable[str] | None = None) -> set[str]:
        todo = list(self.starts if starts is None else starts)
        seen = set(todo)
        while todo:
            for nxt in self.edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def components(self) -> list[list[str]]:
        """Strongly connected components (iterative Tarjan), in a deterministic order."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        out: list[list[str]] = []
        counter = 0
        for root in self.order:
            if root in index:
                continue
            work = [(root, 0)]
            while work:
                node, i = work.pop()
                if i == 0:
                    index[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack.add(node)
                edges = self.edges.get(node, [])
                if i < len(edges):
                    work.append((node, i + 1))
                    nxt = edges[i]
                    if nxt not in index:
                        work.append((nxt, 0))
                    elif nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                    continue
                for nxt in edges:
                    if nxt in on_stack:
                        low[node] = min(low[node], low[nxt])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    out.append(comp)
        return out


def flow_of(journey: JourneyMap) -> Flow:
    flow = Flow()
    filled = [s for s, stage in enumerate(journey.stages) if stage.touchpoints]
    if not filled:
        return flow
    flow.first_stage, flow.last_stage = filled[0], filled[-1]
    following = {s: (filled[i + 1] if i + 1 < len(filled) else None) for i, s in enumerate(filled)}
    for s in filled:
        for tp in journey.stages[s].touchpoints:
            if tp.id not in flow.stage_of:
                flow.order.append(tp.id)
                flow.stage_of[tp.id] = s
    for s in filled:
        nxt = following[s]
        for tp in journey.stages[s].touchpoints:
            if tp.id in flow.edges:
                continue  # a duplicate id (invalid map): the first one counts, as in validate
            if tp.next is not None:
                targets = [t for t in dict.fromkeys(tp.next) if t in flow.stage_of]
                flow.explicit[tp.id] = targets
                flow.edges[tp.id] = targets
                if not tp.next:
                    flow.explicit_empty.add(tp.id)
            else:
                flow.implicit[tp.id] = journey.stages[nxt].id if nxt is not None else None
                flow.edges[tp.id] = [t.id for t in journey.stages[nxt].touchpoints] if nxt is not None else []
    return flow
