"""The touchpoint flow graph shared by the flow rules (CJM104-CJM106).

A touchpoint's ``next`` lists what can follow it; without ``next`` the flow follows the map's
order: to the next touchpoint of the same stage, or after a stage's last touchpoint to the first
touchpoint of the next stage that has any. The flow rules only run when a map uses
``next`` at all: a map without it is linear by definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import JourneyMap
from ...problems import Path


@dataclass
class Flow:
    paths: dict[str, Path] = field(default_factory=dict)
    stage_of: dict[str, int] = field(default_factory=dict)
    edges: dict[str, list[str]] = field(default_factory=dict)
    first_stage: int = -1
    last_stage: int = -1
    explicit_empty: set[str] = field(default_factory=set)


def build(journey: JourneyMap) -> Flow | None:
    """The flow graph, or None when no touchpoint uses ``next``."""
    touchpoints = list(journey.lane_items("touchpoints"))
    if not any(tp.next is not None for _, _, tp in touchpoints):
        return None
    flow = Flow()
    filled = [s for s, stage in enumerate(journey.stages) if stage.touchpoints]
    flow.first_stage, flow.last_stage = filled[0], filled[-1]
    for path, _stage, tp in touchpoints:
        flow.paths[tp.id] = path
        flow.stage_of[tp.id] = int(path[1])
    for i, (_path, _stage, tp) in enumerate(touchpoints):
        if tp.next is not None:
            flow.edges[tp.id] = [n for n in tp.next if n in flow.paths]
            if not tp.next:
                flow.explicit_empty.add(tp.id)
        else:
            flow.edges[tp.id] = [touchpoints[i + 1][2].id] if i + 1 < len(touchpoints) else []
    return flow


def reachable(flow: Flow, starts: list[str]) -> set[str]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in flow.edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def components(flow: Flow) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan), in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in flow.paths:
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
            edges = flow.edges.get(node, [])
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
