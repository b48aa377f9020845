"""The report laid out once: headings, paragraphs and tables of ready-written cells.

Text, rich and markdown only draw this, so every format shows the same words and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import NO_CHANNEL, Funnel, MetricFact
from ..i18n import numbers as n
from ..model import Direction, Severity
from .summary import MapFacts, Portfolio


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    right: set[int] = field(default_factory=set)  # column indexes aligned right (numbers)
    nowrap: set[int] = field(default_factory=set)  # columns a terminal table must not wrap


@dataclass
class Block:
    heading: str
    lines: list[str] = field(default_factory=list)  # paragraphs before the table
    table: Table | None = None
    notes: list[str] = field(default_factory=list)  # paragraphs after it


@dataclass
class Layout:
    title: str
    meta: list[str]
    blocks: list[Block]


def for_facts(facts: MapFacts | Portfolio) -> Layout:
    return portfolio(facts) if isinstance(facts, Portfolio) else single(facts)


def for_terminal(layout: Layout) -> Layout:
    """The layout with every cell, line and heading passed through :func:`cjm.text.terminal`.

    Cells carry map text (names, channel names, file names); the text and rich formats draw
    them raw, so a control character in a name would reach the terminal. Markdown escapes its
    own way (:func:`cjm.text.markdown`) and json by JSON's rules.
    """
    from ..text import terminal as t

    def table(tab: Table | None) -> Table | None:
        if tab is None:
            return None
        return Table([t(c) for c in tab.columns], [[t(c) for c in row] for row in tab.rows],
                     set(tab.right), set(tab.nowrap))

    blocks = [Block(t(b.heading), [t(x) for x in b.lines], table(b.table), [t(x) for x in b.notes])
              for b in layout.blocks]
    return Layout(t(layout.title), [t(m) for m in layout.meta], blocks)


def _channel(facts_names: dict[str, str], cid: str) -> str:
    if cid == NO_CHANNEL:
        return "no channel"
    return facts_names.get(cid, cid)


def _review(days: int | None, reviewed: object) -> str:
    if days is None:
        return "never reviewed"
    return f"reviewed {reviewed} ({n.days(days)} ago)" if days > 0 else f"reviewed {reviewed}"


def single(f: MapFacts) -> Layout:
    meta = [
        f.file,
        " · ".join(
            part
            for part in (
                f"persona: {f.persona}" if f.persona else "no persona",
                f"state: {f.state}",
                f"{len(f.stages)} stage{'s' if len(f.stages) != 1 else ''}",
                _review(f.days_since_review, f.reviewed),
            )
        ),
    ]
    blocks = [*_funnels(f.funnels), _emotion(f), _pains(f), _metrics(f), _moments(f), _mix(f)]
    return Layout(f.title, meta, blocks)


def _funnels(funnels: list[Funnel]) -> list[Block]:
    if not funnels:
        return [
            Block(
                "Funnel",
                ["No completed actions yet: add `completed_actions` with `count` and `of` "
                 "to a stage to see conversion and drop-off."],
            )
        ]
    out = []
    for funnel in funnels:
        rows = []
        mismatch = False
        for step in funnel.steps:
            if step.completed is None:
                rows.append([step.stage, step.action, "no data", ""])
                continue
            drop = n.rate(step.drop_off) if step.drop_off is not None else ""
            assert step.completed is not None
            if step.drop_off is not None and step.drop_off.count < 0:
                drop = f"+{n.integer(-step.drop_off.count)} more than the previous step"
            if step.base_mismatch:
                drop += " *"
                mismatch = True
            rows.append([step.stage, step.action, n.rate(step.completed), drop])
        notes = []
        overall = funnel.overall
        if overall is not None and len([s for s in funnel.steps if s.completed]) > 1:
            notes.append(f"Overall: {n.rate(overall)} from the first step's base to the last step.")
        if mismatch:
            notes.append("* this step's base (`of`) is not the previous step's count.")
        heading = f"Funnel ({funnel.period})" if funnel.period else "Funnel"
        out.append(
            Block(
                heading,
                table=Table(["Stage", "Desired action", "Completed", "Dropped since previous step"], rows,
                      nowrap={2, 3}),
                notes=notes,
            )
        )
    return out


def _emotion(f: MapFacts) -> Block:
    values = [p.value for p in f.emotion]
    if all(v is None for v in values):
        return Block("Emotion curve", ["No emotions rated: add `emotion` (1-5) to stages or touchpoints."])
    legend = " → ".join(f"{p.stage} {n.emotion(p.value)}" for p in f.emotion)
    lines = [f"{n.sparkline(values)}  {legend}  (1 = very negative, 5 = very positive)"]
    low = f.lowest
    if low is not None:
        text = f"Lowest point: {low.stage} ({n.emotion(low.value)})"
        if low.touchpoint is not None:
            text += f", at the touchpoint {low.touchpoint} ({low.touchpoint_value})"
        lines.append(text + ".")
    if any(p.from_touchpoints for p in f.emotion):
        lines.append("Stages without their own emotion show the mean of their touchpoints.")
    return Block("Emotion curve", lines)


def _pains(f: MapFacts) -> Block:
    if not f.pain_points:
        return Block("Pain points", ["No pain points recorded."])
    rows = []
    for p in f.pain_points:
        if p.opportunities:
            fix = "; ".join(
                f"{name} ({status.value if status else 'no status'})" for _i, name, status in p.opportunities
            )
        else:
            fix = "nothing yet"
        rows.append([
            p.severity.value if p.severity else "unrated",
            p.name,
            p.stage,
            ", ".join(p.touchpoints) or "-",
            fix,
        ])
    open_all = sum(1 for p in f.pain_points if p.open)
    severe = f.open_pains(Severity.critical, Severity.high)
    line = (f"{open_all} of {len(f.pain_points)} open (not yet addressed by a done opportunity); "
            f"{severe} of them critical or high.")
    return Block("Pain points, most severe first", [line],
                 Table(["Severity", "Pain point", "Stage", "Touchpoints", "Addressed by"], rows))


def gap_text(g: MetricFact) -> str:
    word = "over" if g.direction is Direction.lower_is_better else "short"
    rel = ""
    assert g.gap is not None
    if g.relative is not None:
        side = "above" if g.direction is Direction.lower_is_better else "below"
        rel = f" ({n.percent(g.relative)} {side} target)"
    amount = f"{n.number(g.gap)} pp" if g.unit == "%" else n.with_unit(g.gap, g.unit)  # points, not %
    return f"{amount} {word}{rel}"


def _metrics(f: MapFacts) -> Block:
    known = f.metrics_total - len(f.metrics_unknown)
    lines = []
    if f.metrics_total == 0:
        return Block("Metrics off target", ["No metrics recorded."])
    met = known - len(f.metrics_off_target)
    lines.append(f"{met} of {known} metric{'s' if known != 1 else ''} with a target and an actual value "
                 f"meet the target; {len(f.metrics_off_target)} miss it.")
    notes = []
    if f.metrics_unknown:
        names = ", ".join(m.name for m in f.metrics_unknown)
        notes.append(f"Without a target or an actual value: {names}.")
    if not f.metrics_off_target:
        return Block("Metrics off target", lines, notes=notes)
    rows = [
        [
            g.name,
            g.stage,
            n.with_unit(g.actual, g.unit),
            n.with_unit(g.target, g.unit),
            "lower is better" if g.direction is Direction.lower_is_better else "higher is better",
            gap_text(g),
        ]
        for g in f.metrics_off_target
    ]
    table = Table(["Metric", "Stage", "Actual", "Target", "Direction", "Gap"], rows, right={2, 3})
    return Block("Metrics off target", lines, table, notes)


def _moments(f: MapFacts) -> Block:
    if not f.moments:
        return Block("Moments of truth", ["No moments of truth recorded."])
    rows = []
    for m in f.moments:
        if m.emotion is None:
            feel = "-"
        else:
            feel = f"{m.emotion} {n.sparkline([m.emotion])}" + (" (stage)" if m.emotion_from_stage else "")
        rows.append([m.name, m.kind or "-", m.stage, m.touchpoint or "-", feel])
    return Block("Moments of truth", table=Table(["Moment", "Kind", "Stage", "Touchpoint", "Emotion"], rows))


def _mix(f: MapFacts) -> Block:
    rows = []
    for mix in f.channel_mix:
        total = sum(mix.counts.values())
        parts = ", ".join(f"{_channel(f.channel_names, c)} {k}" for c, k in mix.counts.items())
        rows.append([mix.stage, n.integer(total), parts or "-"])
    return Block("Channel mix per stage", table=Table(["Stage", "Touchpoints", "Channels"], rows, right={1}))


def portfolio(p: Portfolio) -> Layout:
    count = len(p.maps)
    meta = [
        f"{count} map{'s' if count != 1 else ''}, as of {p.today.isoformat()}; most in need of attention "
        "first (open critical pain points, open high ones, metrics off target, worst emotion, "
        "longest since review)."
    ]
    rows = []
    for i, f in enumerate(p.maps, 1):
        worst = "-"
        if f.lowest is not None:
            worst = f"{n.emotion(f.lowest.value)} ({f.lowest.stage})"
        known = f.metrics_total - len(f.metrics_unknown)
        rows.append([
            str(i),
            f.title,
            f.file,
            f.persona or "-",
            f.state,
            str(len(f.stages)),
            worst,
            f"{f.open_pains(Severity.critical)} / {f.open_pains(Severity.high)}",
            f"{len(f.metrics_off_target)} of {known}",
            n.days(f.days_since_review),
        ])
    blocks = [
        Block(
            "Maps",
            table=Table(
                ["#", "Map", "File", "Persona", "State", "Stages", "Worst emotion",
                 "Open critical / high", "Metrics off target", "Since review"],
                rows,
                right={0, 5, 7, 8, 9},
            ),
        )
    ]
    if p.channels:
        names = {c.channel: c.name for c in p.channels}
        crow = [
            [
                _channel(names, c.channel),
                n.integer(c.maps),
                n.integer(c.touchpoints),
                n.integer(c.pain_points),
                n.integer(c.severe_open),
            ]
            for c in p.channels
        ]
        blocks.append(
            Block(
                "Channels across maps, where pain points cluster",
                table=Table(["Channel", "Maps", "Touchpoints", "Pain points", "Open critical or high"],
                            crow, right={1, 2, 3, 4}),
            )
        )
    if p.invalid:
        blocks.append(
            Block(
                "Not included",
                [f"{len(p.invalid)} file{'s' if len(p.invalid) != 1 else ''} could not be read as a "
                 "valid map (run `cjm validate` on them):"],
                table=Table(["File", "First problem"], [[f, msg] for f, msg in p.invalid]),
            )
        )
    return Layout("Journey map portfolio", meta, blocks)
