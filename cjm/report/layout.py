"""The report laid out once: headings, paragraphs and tables of ready-written cells.

Text, rich and markdown only draw this, so every format shows the same words and numbers. Every
word cjm adds is a gettext message in the report's language (:mod:`cjm.i18n`), and numbers are
written for it; a cell's meaning for colour (``critical``, ``bad``) travels in :attr:`Table.styles`
so that the terminal view never has to read the words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import (
    NO_CHANNEL,
    Funnel,
    Low,
    MetricFact,
    Ranked,
    Rollup,
    ScoredOpportunity,
    Summary,
    ranked,
)
from ..i18n import ENGLISH, Language
from ..i18n import numbers as n
from ..i18n.labels import label
from ..i18n.message import localize
from ..i18n.scoring import (
    addressed_text,
    formula_text,
    inputs_text,
    score_text,
    scored_with,
    why_unscored,
)
from ..model import BUILTIN_CHANNELS, Direction, Severity
from .summary import MapFacts, PersonaRollup, Portfolio, Scoring


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    right: set[int] = field(default_factory=set)  # column indexes aligned right (numbers)
    nowrap: set[int] = field(default_factory=set)  # columns a terminal table must not wrap
    styles: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> meaning


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


def for_facts(facts: MapFacts | Portfolio, lang: Language = ENGLISH, top: int | None = None) -> Layout:
    """The report's layout; ``top`` keeps only the N highest-ranked opportunities (``--top``)."""
    if isinstance(facts, Portfolio):
        return portfolio(facts, lang, top)
    return single(facts, lang, top)


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
                     set(tab.right), set(tab.nowrap), dict(tab.styles))

    blocks = [Block(t(b.heading), [t(x) for x in b.lines], table(b.table), [t(x) for x in b.notes])
              for b in layout.blocks]
    return Layout(t(layout.title), [t(m) for m in layout.meta], blocks)


def _channel(names: dict[str, str], cid: str, lang: Language) -> str:
    if cid == NO_CHANNEL:
        return lang.gettext("no channel")
    name = names.get(cid, cid)
    if cid in BUILTIN_CHANNELS and name == BUILTIN_CHANNELS[cid][0]:
        return label("channel", cid, lang)  # the built-in name, in the report's language
    return name


def _review(days: int | None, reviewed: object, lang: Language) -> str:
    _ = lang.gettext
    if days is None:
        return _("never reviewed")
    if days > 0:
        return _("reviewed %(date)s (%(days)s ago)") % {"date": reviewed, "days": n.days(days, lang)}
    return _("reviewed %(date)s") % {"date": reviewed}


def single(f: MapFacts, lang: Language = ENGLISH, top: int | None = None) -> Layout:
    _ = lang.gettext
    meta = [
        f.file,
        " · ".join(
            part
            for part in (
                _("persona: %(name)s") % {"name": f.persona} if f.persona else _("no persona"),
                _("state: %(state)s") % {"state": f.state if lang.code == "en" else label("state", f.state, lang)},
                lang.ngettext("%(num)s stage", "%(num)s stages", len(f.stages)) % {"num": len(f.stages)},
                _review(f.days_since_review, f.reviewed, lang),
            )
        ),
    ]
    blocks = [*_funnels(f.funnels, lang), _emotion(f, lang), _pains(f, lang),
              *_opportunities(list(f.opportunities), [f.scoring], lang, top, across=False),
              _metrics(f, lang), *_trends(f, lang), _moments(f, lang), _mix(f, lang)]
    return Layout(f.title, meta, blocks)


def _funnels(funnels: list[Funnel], lang: Language) -> list[Block]:
    _ = lang.gettext
    if not funnels:
        return [
            Block(
                _("Funnel"),
                [_("No completed actions yet: add `completed_actions` with `count` and `of` "
                   "to a stage to see conversion and drop-off.")],
            )
        ]
    out = []
    for funnel in funnels:
        rows = []
        mismatch = False
        for step in funnel.steps:
            if step.completed is None:
                rows.append([step.stage, step.action, _("no data"), ""])
                continue
            drop = n.rate(step.drop_off, lang) if step.drop_off is not None else ""
            if step.growth:
                drop = "+" + _("%(count)s more than the previous step") % {
                    "count": n.integer(step.growth, lang)}
            if step.base_mismatch:
                drop += " *"
                mismatch = True
            rows.append([step.stage, step.action, n.rate(step.completed, lang), drop])
        notes = []
        overall = funnel.overall
        if overall is not None and len([s for s in funnel.steps if s.completed]) > 1:
            notes.append(_("Overall: %(rate)s from the first step's base to the last step.")
                         % {"rate": n.rate(overall, lang)})
        if mismatch:
            notes.append(_("* this step's base (`of`) is not the previous step's count."))
        heading = _("Funnel (%(period)s)") % {"period": funnel.period} if funnel.period else _("Funnel")
        out.append(
            Block(
                heading,
                table=Table([_("Stage"), _("Desired action"), _("Completed"),
                             _("Dropped since previous step")], rows, nowrap={2, 3}),
                notes=notes,
            )
        )
    return out


def _emotion(f: MapFacts, lang: Language) -> Block:
    _ = lang.gettext
    values = [p.value for p in f.emotion]
    if all(v is None for v in values):
        return Block(_("Emotion curve"),
                     [_("No emotions rated: add `emotion` (1-5) to stages or touchpoints.")])
    legend = " → ".join(f"{p.stage} {n.emotion(p.value, lang)}" for p in f.emotion)
    lines = [f"{n.sparkline(values)}  {legend}  " + _("(1 = very negative, 5 = very positive)")]
    low = f.lowest
    if low is not None:
        values_ = {"stage": low.stage, "value": n.emotion(low.value, lang)}
        if low.touchpoint is not None:
            text = _("Lowest point: %(stage)s (%(value)s), at the touchpoint %(touchpoint)s (%(tp_value)s).") % {
                **values_, "touchpoint": low.touchpoint, "tp_value": low.touchpoint_value}
        else:
            text = _("Lowest point: %(stage)s (%(value)s).") % values_
        lines.append(text)
    if any(p.from_touchpoints for p in f.emotion):
        lines.append(_("Stages without their own emotion show the mean of their touchpoints."))
    return Block(_("Emotion curve"), lines)


def _pains(f: MapFacts, lang: Language) -> Block:
    _ = lang.gettext
    if not f.pain_points:
        return Block(_("Pain points"), [_("No pain points recorded.")])
    rows = []
    styles: dict[tuple[int, int], str] = {}
    for r, p in enumerate(f.pain_points):
        if p.opportunities:
            fix = "; ".join(f"{name} ({label('status', status, lang)})"
                            for _i, name, status in p.opportunities)
        else:
            fix = _("nothing yet")
            styles[(r, 5)] = "bad"
        if p.severity is not None:
            styles[(r, 0)] = p.severity.value
        if p.assumption_only:
            styles[(r, 4)] = "bad"
        rows.append([
            label("severity", p.severity, lang),
            p.name,
            p.stage,
            ", ".join(p.touchpoints) or "-",
            label("confidence", p.confidence, lang),
            fix,
        ])
    open_all = f.open_pains()
    severe = f.open_pains(Severity.critical, Severity.high)
    line = (lang.ngettext("%(open)s of %(num)s open (not yet addressed by a done opportunity); ",
                          "%(open)s of %(num)s open (not yet addressed by a done opportunity); ",
                          len(f.pain_points)) % {"open": open_all, "num": len(f.pain_points)}
            + _("%(severe)s of them critical or high.") % {"severe": severe})
    confidence = _("Open pain points by confidence: %(counts)s.") % {"counts": ", ".join(
        f"{label('confidence', level, lang)} {n.integer(count, lang)}" for level, count in f.by_confidence)}
    lines = [line, confidence]
    weak = f.severe_on_assumptions
    if weak.count:
        lines.append(_("%(share)s of the open critical and high pain (critical counted twice) rests "
                       "on assumptions only.") % {"share": n.percent(weak.fraction, lang)})
    return Block(_("Pain points, most severe first"), lines,
                 Table([_("Severity"), _("Pain point"), _("Stage"), _("Touchpoints"), _("Confidence"),
                        _("Addressed by")],
                       rows, styles=styles))


def gap_text(g: MetricFact, lang: Language = ENGLISH) -> str:
    _ = lang.gettext
    assert g.gap is not None
    amount = (n.points(g.gap, lang, signed=False) if g.unit == "%"  # points, not %
              else n.with_unit(g.gap, g.unit, lang))
    lower = g.direction is Direction.lower_is_better
    if g.relative is None:
        return (_("%(amount)s over") if lower else _("%(amount)s short")) % {"amount": amount}
    values = {"amount": amount, "share": n.percent(g.relative, lang)}
    if lower:
        return _("%(amount)s over (%(share)s above target)") % values
    return _("%(amount)s short (%(share)s below target)") % values


def _metrics(f: MapFacts, lang: Language) -> Block:
    _ = lang.gettext
    known = f.metrics_total - len(f.metrics_unknown)
    if f.metrics_total == 0:
        return Block(_("Metrics off target"), [_("No metrics recorded.")])
    met = known - len(f.metrics_off_target)
    lines = [lang.ngettext(
        "%(met)s of %(num)s metric with a target and an actual value meet the target; %(off)s miss it.",
        "%(met)s of %(num)s metrics with a target and an actual value meet the target; %(off)s miss it.",
        known) % {"met": met, "num": known, "off": len(f.metrics_off_target)}]
    notes = []
    if f.metrics_unknown:
        names = ", ".join(m.name for m in f.metrics_unknown)
        notes.append(_("Without a target or an actual value: %(names)s.") % {"names": names})
    if not f.metrics_off_target:
        return Block(_("Metrics off target"), lines, notes=notes)
    rows = [
        [
            g.name,
            g.stage,
            n.with_unit(g.actual, g.unit, lang),
            n.with_unit(g.target, g.unit, lang),
            label("direction", g.direction, lang),
            gap_text(g, lang),
        ]
        for g in f.metrics_off_target
    ]
    table = Table([_("Metric"), _("Stage"), _("Actual"), _("Target"), _("Direction"), _("Gap")], rows,
                  right={2, 3})
    return Block(_("Metrics off target"), lines, table, notes)


def _trends(f: MapFacts, lang: Language) -> list[Block]:
    """Metric history and funnel steps across periods: where each stands, how it moved since the
    previous period, and for how many periods in a row it has missed its target (above it, for a
    lower-is-better metric; facts' numbers, formatted)."""
    _ = lang.gettext
    blocks = []
    if f.metric_trends:
        rows = []
        for m in f.metric_trends:
            latest = m.latest
            assert latest is not None
            previous = m.previous
            moved = n.change(m.change, m.unit, lang)
            if previous is not None:
                moved = _("%(change)s since %(period)s") % {"change": moved,
                                                            "period": previous.period}
            missed = (lang.ngettext("%(num)s period", "%(num)s periods", m.missed_in_a_row)
                      % {"num": n.integer(m.missed_in_a_row, lang)}) if m.missed_in_a_row else "-"
            rows.append([m.name, m.stage, f"{n.with_unit(latest.value, m.unit, lang)} ({latest.period})",
                         moved, n.with_unit(m.target, m.unit, lang), missed])
        table = Table([_("Metric"), _("Stage"), _("Latest value"), _("Change"), _("Target"),
                       _("Target missed in a row")], rows, right={2, 3, 4})
        blocks.append(Block(_("Metric trends"), [], table))
    if f.step_trends:
        rows = []
        for t in f.step_trends:
            period, now = t.points[-1]
            before = t.points[-2][0]
            rows.append([t.action, t.stage, f"{n.percent(now.fraction, lang)} ({period})",
                         _("%(change)s since %(period)s") % {"change": n.points(t.change, lang),
                                                             "period": before},
                         " → ".join(n.percent(r.fraction, lang) for _p, r in t.points)])
        table = Table([_("Step"), _("Stage"), _("Latest conversion"), _("Change"),
                       _("Conversion by period")], rows, right={2, 3})
        blocks.append(Block(_("Step conversion across periods"), [], table))
    return blocks


def _moments(f: MapFacts, lang: Language) -> Block:
    _ = lang.gettext
    if not f.moments:
        return Block(_("Moments of truth"), [_("No moments of truth recorded.")])
    rows = []
    for m in f.moments:
        if m.emotion is None:
            feel = "-"
        else:
            feel = f"{m.emotion} {n.sparkline([m.emotion])}" + (" " + _("(stage)") if m.emotion_from_stage else "")
        kind = (m.kind or "-") if lang.code == "en" else (label("moment", m.kind, lang) if m.kind else "-")
        rows.append([m.name, kind, m.stage, m.touchpoint or "-", feel])
    return Block(_("Moments of truth"),
                 table=Table([_("Moment"), _("Kind"), _("Stage"), _("Touchpoint"), _("Emotion")], rows))


def _mix(f: MapFacts, lang: Language) -> Block:
    _ = lang.gettext
    rows = []
    for mix in f.channel_mix:
        total = sum(mix.counts.values())
        parts = ", ".join(f"{_channel(f.channel_names, c, lang)} {k}" for c, k in mix.counts.items())
        rows.append([mix.stage, n.integer(total, lang), parts or "-"])
    return Block(_("Channel mix per stage"),
                 table=Table([_("Stage"), _("Touchpoints"), _("Channels")], rows, right={1}))


PORTFOLIO_TOP = 25
"""A portfolio's text and Markdown list this many opportunities unless ``--top`` says otherwise:
the first of thousands are the ones a meeting reads (JSON lists them all)."""


def _opportunities(items: list[ScoredOpportunity], models: list[Scoring], lang: Language,
                   top: int | None, across: bool, todo: list[Ranked] | None = None,
                   done: list[ScoredOpportunity] | None = None) -> list[Block]:
    """The opportunities still to do, highest score first, with each input and where a derived
    one comes from; the done ones apart (numbers from :mod:`cjm.facts.scores`)."""
    _ = lang.gettext
    if todo is None or done is None:
        todo, done = ranked(items)
    if not todo and not done:
        return []
    labels = {k: v for m in models for k, v in m[2]}
    scored = sum(1 for r in todo if r.rank is not None)
    lines = []
    if models:
        lines.append("; ".join(scored_with(m[0], formula_text(m[1], lang, dict(m[2])), lang)
                               for m in models) + ".")
    lines.append(lang.ngettext("%(scored)s of %(num)s open opportunity has a score; ",
                               "%(scored)s of %(num)s open opportunities have a score; ", len(todo))
                 % {"scored": n.integer(scored, lang), "num": n.integer(len(todo), lang)}
                 + _("inputs cjm derived from the map say where they come from."))
    shown = todo[:top] if top is not None else todo
    rows = []
    styles: dict[tuple[int, int], str] = {}
    for r, entry in enumerate(shown):
        o = entry.item
        pains = addressed_text(o, lang)
        score = score_text(o.score, lang) if o.score is not None else \
            "– (" + why_unscored(o, lang, labels) + ")"
        if o.score is None:
            styles[(r, 3)] = "bad"
        row = [str(entry.rank) if entry.rank is not None else "-", o.name]
        row += [o.map_title] if across else [o.stage]
        row += [score, inputs_text(o, lang, labels), label("status", o.status, lang), pains]
        rows.append(row)
    columns = ["#", _("Opportunity"), _("Map") if across else _("Stage"), _("Score"), _("Inputs"),
               _("Status"), _("Pain points it addresses")]
    notes = []
    if top is not None and len(todo) > top:
        notes.append(_("The first %(top)s of %(num)s (--top).") % {"top": n.integer(top, lang),
                                                                   "num": n.integer(len(todo), lang)})
    heading = _("Opportunities across maps, highest score first") if across else \
        _("Opportunities, highest score first")
    blocks = [Block(heading, lines, Table(columns, rows, right={0, 3},
                                          styles=styles) if rows else None, notes)]
    if done:
        drows = []
        for o in (done[:top] if top is not None else done):
            pains = addressed_text(o, lang)
            drows.append([o.name, o.map_title if across else o.stage, score_text(o.score, lang), pains])
        blocks.append(Block(_("Done opportunities"), [], Table(
            [_("Opportunity"), _("Map") if across else _("Stage"), _("Score"), _("Pain points it addresses")],
            drows, right={2})))
    return blocks


def portfolio(p: Portfolio, lang: Language = ENGLISH, top: int | None = None) -> Layout:
    _ = lang.gettext
    count = len(p.maps)
    meta = [
        lang.ngettext("%(num)s map, as of %(date)s", "%(num)s maps, as of %(date)s", count)
        % {"num": count, "date": p.today.isoformat()}
        + _("; most in need of attention first (open critical pain points, open high ones, metrics "
            "off target, worst emotion, longest since review).")
    ]
    blocks = [_maps_block(p, lang)]
    blocks += _opportunities([], p.scoring, lang, top if top is not None else PORTFOLIO_TOP, across=True,
                             todo=p.opportunities, done=p.done)
    if p.channels:
        blocks.append(_channels_block(p, lang))
    if p.on_assumptions:
        blocks.append(_assumptions_block(p, lang))
    if p.journeys:
        blocks.append(_journey_rollups(p, lang))
    if p.personas:
        blocks.append(_persona_rollups(p.personas, lang))
    if p.invalid:
        blocks.append(_invalid_block(p, lang))
    return Layout(_("Journey map portfolio"), meta, blocks)


def _maps_block(p: Portfolio, lang: Language) -> Block:
    """The maps in the order the portfolio ranks them, most in need of attention first."""
    _ = lang.gettext
    rows = []
    for i, f in enumerate(p.maps, 1):
        worst = "-"
        if f.lowest is not None:
            worst = f"{n.emotion(f.lowest.value, lang)} ({f.lowest.stage})"
        rows.append([
            str(i),
            f.title,
            f.file,
            f.persona or "-",
            f.state if lang.code == "en" else label("state", f.state, lang),
            str(f.stages),
            worst,
            f"{f.open_critical} / {f.open_high}",
            _("%(count)s of %(base)s") % {"count": f.metrics_off_target, "base": f.metrics_known},
            n.days(f.days_since_review, lang),
        ])
    return Block(
        _("Maps"),
        table=Table(
            ["#", _("Map"), _("File"), _("Persona"), _("State"), _("Stages"), _("Worst emotion"),
             _("Open critical / high"), _("Metrics off target"), _("Since review")],
            rows,
            right={0, 5, 7, 8, 9},
        ),
    )


def _channels_block(p: Portfolio, lang: Language) -> Block:
    """The channels across maps, to show where pain points cluster."""
    _ = lang.gettext
    names = {c.channel: c.name for c in p.channels}
    crow = [
        [
            _channel(names, c.channel, lang),
            n.integer(c.maps, lang),
            n.integer(c.touchpoints, lang),
            n.integer(c.pain_points, lang),
            n.integer(c.severe_open, lang),
        ]
        for c in p.channels
    ]
    return Block(
        _("Channels across maps, where pain points cluster"),
        table=Table([_("Channel"), _("Maps"), _("Touchpoints"), _("Pain points"),
                     _("Open critical or high")], crow, right={1, 2, 3, 4}),
    )


def _assumptions_block(p: Portfolio, lang: Language) -> Block:
    """The maps whose severe pain rests most on assumptions: where research is owed first."""
    _ = lang.gettext
    arow = [
        [
            str(i),
            f.title,
            f.file,
            n.percent(f.severe_on_assumptions.fraction, lang),
            f"{n.integer(f.assumed_critical, lang)} / {n.integer(f.assumed_high, lang)}",
        ]
        for i, f in enumerate(p.on_assumptions, 1)
    ]
    return Block(
        _("Severe pain resting on assumptions, largest share first"),
        [_("Of each map's open critical and high pain points (critical counted twice), the "
           "share that rests on assumptions only.")],
        table=Table(["#", _("Map"), _("File"), _("On assumptions"),
                     _("Critical / high on assumptions")], arow, right={0, 3, 4}),
    )


def _invalid_block(p: Portfolio, lang: Language) -> Block:
    """The files left out of the portfolio because they are not valid maps, with their first problem."""
    _ = lang.gettext
    return Block(
        _("Not included"),
        [lang.ngettext("%(num)s file could not be read as a valid map (run `cjm validate` on it):",
                       "%(num)s files could not be read as a valid map (run `cjm validate` on them):",
                       len(p.invalid)) % {"num": len(p.invalid)}],
        table=Table([_("File"), _("First problem")], [[f, localize(msg, lang)] for f, msg in p.invalid]),
    )


# ---------------------------------------------------------------------------------------------
# rollups: a journey with its sub-journeys, a persona's maps (numbers from cjm.facts.rollup)


def _severities(counts: Summary | Rollup, lang: Language) -> str:
    """``critical / high / medium / low`` open pain points, the portfolio's way of writing them."""
    return " / ".join(n.integer(counts.open_count(s), lang) for s in
                      (Severity.critical, Severity.high, Severity.medium, Severity.low))


def _low(low: Low | None, lang: Language, where: str | None = None) -> str:
    if low is None:
        return "-"
    place = f"{where}: {low.stage}" if where else low.stage
    return f"{n.emotion(low.value, lang)} ({place})"


def _off(off: int, total: int, lang: Language) -> str:
    return lang.gettext("%(count)s of %(base)s") % {"count": n.integer(off, lang),
                                                     "base": n.integer(total, lang)}


def _journey_rollups(p: Portfolio, lang: Language) -> Block:
    _ = lang.gettext
    rows: list[list[str]] = []
    styles: dict[tuple[int, int], str] = {}
    for j in p.journeys:
        r = j.rollup
        where = r.lowest[0].title if r.lowest else None
        rows.append([j.map.title, lang.ngettext("all %(num)s map", "all %(num)s maps", len(j.maps))
                     % {"num": n.integer(len(j.maps), lang)},
                     _severities(r, lang), _low(r.lowest[1] if r.lowest else None, lang, where),
                     _off(r.metrics_off_target, r.metrics, lang), ""])
        if r.open_count(Severity.critical):
            styles[(len(rows) - 1, 2)] = "critical"
        for m, depth in zip(j.maps, j.depth, strict=True):
            s = m.summary
            assert s is not None
            conversion = "-"
            if s.overall is not None:
                conversion = n.rate(s.overall, lang) + (f", {s.period}" if s.period else "")
            rows.append(["", "  " * depth + ("↳ " if depth else "") + m.title, _severities(s, lang),
                         _low(s.lowest, lang), _off(s.metrics_off_target, s.metrics, lang), conversion])
    return Block(
        _("Journeys with their sub-journeys"),
        [_("A journey's first row adds up the journey and its sub-journeys in the same state: open "
           "pain points and metrics off target are summed, the lowest emotion is the lowest of any "
           "of them. End-to-end conversions are each map's own (latest period), never averaged: "
           "each funnel counts different customers.")],
        Table([_("Journey"), _("Map"), _("Open critical / high / medium / low"), _("Lowest emotion"),
               _("Metrics off target"), _("End-to-end conversion")], rows, right={2, 4},
              nowrap={2, 5}, styles=styles),
    )


def _persona_rollups(personas: list[PersonaRollup], lang: Language) -> Block:
    _ = lang.gettext
    rows = []
    for g in personas:
        r = g.rollup
        where = r.lowest[0].title if r.lowest else None
        rows.append([g.name or g.persona or _("no persona"), n.integer(len(g.maps), lang),
                     n.integer(len(g.future), lang), _severities(r, lang),
                     _low(r.lowest[1] if r.lowest else None, lang, where),
                     _off(r.metrics_off_target, r.metrics, lang)])
    return Block(
        _("Personas across maps"),
        [_("Each persona's as-is maps added up (to-be maps are counted, not added: they plan the "
           "same journeys).")],
        Table([_("Persona"), _("As-is maps"), _("To-be maps"), _("Open critical / high / medium / low"),
               _("Lowest emotion"), _("Metrics off target")], rows, right={1, 2, 3, 5}, nowrap={3}),
    )
