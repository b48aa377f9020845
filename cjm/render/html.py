"""The map as one self-contained HTML board (Jinja2), and the index page of a published site.

The page has no external requests: CSS is inlined, the emotion curve is inline SVG, there are no
fonts, scripts or images to fetch, so it works offline and as an e-mail attachment. Every text
from the map goes through Jinja2's autoescape. Geometry of the emotion curve is computed here and
the numbers (funnel, emotion, metrics, open pain points) in :mod:`cjm.facts`; templates only lay
out and format, they never compute.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import facts as F
from ..i18n import ENGLISH, Language, language
from ..i18n import numbers as n
from ..i18n.labels import channel_label, evidence_item, label, severity_count
from ..i18n.lists import join_markup
from ..i18n.message import localize
from ..model import JourneyMap
from .options import PAGE_NAMES, Options
from .templates import compiled_loader, default_template_dir, file_loader

if TYPE_CHECKING:
    from ..facts.conformance import Conformance, StageFact, TouchpointFact, TransitionFact

BOARD_TEMPLATE = "board.html.j2"
INDEX_TEMPLATE = "index.html.j2"

COLUMN = 270  # px per stage column; the curve's x axis uses the same width so it lines up
CURVE_HEIGHT = 170
CURVE_TOP = 22
CURVE_BOTTOM = 26
LANE_HEADER = 150  # px of the first (lane names) column
# The curve's colours as SVG presentation attributes, the light theme's (style.css): style.css
# restyles them with its custom properties (dark mode), while WeasyPrint, which does not apply a
# page's CSS to inline SVG, draws these. Keep them in step with style.css's :root.
PAINT: dict[str, Any] = {
    "ink": "#1b2129", "muted": "#505a66", "line": "#d3d8df", "grid": "#dfe3e8", "curve": "#2f5fb3",
    "card": "#ffffff",
    "emotion": {1: "#c62828", 2: "#ef6c00", 3: "#8d8d8d", 4: "#7cb342", 5: "#2e7d32"},
}
PRINT_STAGES = 8  # stage columns on one printed page; a wider board prints in parts of this many


@dataclass(frozen=True)
class PageSize:
    """A sheet in landscape, as the CSS ``@page size`` the board asks printers and WeasyPrint for.

    Given as lengths, not names, so ``tabloid`` (CSS calls it ``ledger``) and every engine agree.
    """

    size: str
    margin: str = "8mm"


PAGE_SIZES: dict[str, PageSize] = {
    "a3": PageSize("420mm 297mm"),
    "a4": PageSize("297mm 210mm", "6mm"),
    "letter": PageSize("11in 8.5in", "6mm"),
    "tabloid": PageSize("17in 11in"),
}
assert (*PAGE_SIZES, "auto") == PAGE_NAMES  # the CLI offers the names without importing this module


class TemplateError(Exception):
    """A template (the built-in ones or ``--template-dir``) is missing or broken."""


def _configured(loader: Any, lang: Language = ENGLISH) -> Any:
    """A Jinja2 environment with the settings every render uses: autoescape always on, undefined
    names are errors, gettext in the new style, the language's number filters. The built-in
    templates are compiled ahead with exactly these settings (:func:`.templates.compiled_loader`:
    the compiled code depends on them, and on which filters exist, though not on the language)."""
    import jinja2

    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda x: n.number(x, lang)
    env.filters["pct"] = lambda x: n.percent(x, lang)
    env.filters["rate"] = lambda r: n.rate(r, lang)
    env.filters["emotion"] = lambda x: n.emotion(x, lang)
    env.filters["unit"] = lambda x, unit: n.with_unit(x, unit, lang)
    env.filters["date"] = lambda d: n.date(d, lang)
    env.filters["bar"] = bar_width
    env.globals["change"] = lambda x, unit=None: n.change(x, unit, lang)
    env.globals["points"] = lambda x: n.points(x, lang)
    env.globals["label"] = lambda kind, value: label(kind, value, lang)
    env.globals["severity_count"] = lambda severity, count: severity_count(severity, count, lang)
    env.globals["evidence_item"] = lambda item: evidence_item(item, lang)
    env.globals["lang"] = lang
    env.filters["said"] = lambda text: localize(text, lang)  # a core message, in the page's language
    env.filters["and_list"] = lambda items: join_markup(items, lang)  # "A, B i C", not "A B C"
    return env


@functools.cache
def _builtin_loader() -> Any:
    """The built-in templates, compiled once into the package (never into the user's cache)."""
    return compiled_loader(default_template_dir(), _configured)


@functools.lru_cache(maxsize=16)
def environment(template_dir: Path | None = None, lang_code: str = "en") -> Any:
    """A Jinja2 environment in one language: autoescape always on, undefined names are errors.

    A ``--template-dir`` comes first and falls back to the built-in templates, so a team can
    override one file (say ``style.css``) and keep the rest. Labels are gettext messages (Jinja2's
    i18n extension, ``_()`` and ``ngettext()``), and the number filters write the language's
    numbers. Cached per folder and language, so a site of many maps compiles each template once.
    """
    import jinja2

    builtin = _builtin_loader()
    loader = builtin if template_dir is None else jinja2.ChoiceLoader(
        [file_loader(template_dir), builtin])
    return _configured(loader, language(lang_code))


def render_template(name: str, template_dir: Path | None, lang: Language = ENGLISH,
                    **context: Any) -> str:
    """Render ``name``; any Jinja2 failure becomes a :class:`TemplateError` naming file and line."""
    import jinja2

    try:
        template = environment(template_dir, lang.code).get_template(name)
        return str(template.render(**context))
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{name}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{name}: {exc}") from None


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass(frozen=True)
class Curve:
    """The emotion curve in SVG coordinates: one column per stage, 5 at the top, 1 at the bottom."""

    width: int
    height: int
    stage_points: list[Point]
    touchpoint_points: list[Point]
    grid: list[tuple[int, float]]  # (emotion, y)

    @property
    def stage_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.stage_points)

    @property
    def touchpoint_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.touchpoint_points)


@dataclass(frozen=True)
class TrendLine:
    """A small trend line (a metric's history, a funnel step's conversion by period) in SVG
    coordinates: oldest on the left, the highest value at the top; the target as a level."""

    width: int
    height: int
    dots: list[tuple[float, float]]
    target_y: float | None

    @property
    def line(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.dots)


TREND_WIDTH, TREND_HEIGHT, TREND_PAD = 120, 32, 4


def trend_line(values: list[float], target: float | None = None) -> TrendLine | None:
    """Geometry of a trend of two or more values (None for fewer: nothing to draw)."""
    if len(values) < 2:
        return None
    scale = [*values, *([target] if target is not None else [])]
    low, high = min(scale), max(scale)
    span = (high - low) or 1.0
    inner_w, inner_h = TREND_WIDTH - 2 * TREND_PAD, TREND_HEIGHT - 2 * TREND_PAD

    def y(v: float) -> float:
        return TREND_PAD + (high - v) / span * inner_h if high != low else TREND_HEIGHT / 2

    step = inner_w / (len(values) - 1)
    dots = [(TREND_PAD + i * step, y(v)) for i, v in enumerate(values)]
    return TrendLine(TREND_WIDTH, TREND_HEIGHT, dots, y(target) if target is not None else None)


def bar_width(rate: F.Rate | None) -> str:
    """A funnel bar's CSS width: the step's conversion, ``0%`` without a base."""
    frac = rate.fraction if rate is not None else None
    return f"{min(max(frac or 0.0, 0.0), 1.0) * 100:.1f}%"


def _y(value: float, height: int = CURVE_HEIGHT) -> float:
    span = height - CURVE_TOP - CURVE_BOTTOM
    return CURVE_TOP + (5 - value) / 4 * span


def curve(journey: JourneyMap, f: F.JourneyFacts, start: int = 0, stop: int | None = None,
          scale: float = 1.0) -> Curve:
    """The curve of stages ``start`` to ``stop`` (all by default): a printed part draws its own.
    ``scale`` makes it taller (the poster grown to fill its sheet), never wider: its columns are
    the board's."""
    height = round(CURVE_HEIGHT * scale)
    stage_points: list[Point] = []
    tp_points: list[Point] = []
    pairs = list(zip(journey.stages, f.emotion, strict=True))[start:stop]
    for i, (stage, point) in enumerate(pairs):
        left = i * COLUMN
        if point.value is not None:
            stage_points.append(Point(left + COLUMN / 2, _y(point.value, height), point.value, stage.name))
        rated = [t for t in stage.touchpoints if t.emotion is not None]
        for j, tp in enumerate(rated):
            x = left + 24 + (j + 0.5) * (COLUMN - 48) / len(rated)
            assert tp.emotion is not None
            tp_points.append(Point(x, _y(tp.emotion, height), tp.emotion, tp.name))
    grid = [(v, _y(v, height)) for v in (5, 4, 3, 2, 1)]
    return Curve(len(pairs) * COLUMN, height, stage_points, tp_points, grid)


@dataclass(frozen=True)
class PrintPart:
    """At most :data:`PRINT_STAGES` stages of a wide board, printed as a page of their own.

    Each part is a whole table (lane titles repeated, every lane of its stages on the page),
    so no lane is ever cut from its stage by a page break. ``first`` is the stages before it.
    """

    first: int
    stages: list[Any]
    curve: Curve
    emotions: list[tuple[Any, F.EmotionPoint]]


def print_parts(journey: JourneyMap, f: F.JourneyFacts, scale: float = 1.0) -> list[PrintPart]:
    """The printed parts of a board wider than one page; none when it fits on one.

    Parts are as even as possible (12 stages print as 6 + 6, not 8 + 4), so each page's columns
    are about as wide as the others'.
    """
    count = len(journey.stages)
    if count <= PRINT_STAGES:
        return []
    pages = -(-count // PRINT_STAGES)
    size = -(-count // pages)
    emotions = list(zip(journey.stages, f.emotion, strict=True))
    return [PrintPart(start, journey.stages[start:start + size], curve(journey, f, start, start + size, scale),
                      emotions[start:start + size])
            for start in range(0, count, size)]


AUTO_A4_CARDS = 30  # a board of up to this many cards (and 5 stages) reads well on A4
AUTO_PORTRAIT_STAGES = 3  # a board of this few stages is taller than wide: portrait


def page_size(name: str | None, journey: JourneyMap | None = None) -> PageSize:
    """The sheet for ``--page-size`` (a3, a4, letter, tabloid, auto; any case); A3 when not given.

    ``auto`` reads the board's shape: up to :data:`AUTO_A4_CARDS` cards on up to 5 stages fit
    A4, more take A3; up to :data:`AUTO_PORTRAIT_STAGES` stages (columns, each as tall as its
    cards) print portrait, more landscape."""
    key = (name or "a3").lower()
    if key == "auto":
        return auto_page_size(journey)
    if key not in PAGE_SIZES:
        raise ValueError(f"unknown page size {name!r}; use one of {', '.join(PAGE_NAMES)}")
    return PAGE_SIZES[key]


def auto_page_size(journey: JourneyMap | None) -> PageSize:
    """``--page-size auto``: see :func:`page_size`."""
    if journey is None:
        return PAGE_SIZES["a3"]
    stages = journey.stages
    cards = sum(len(s.touchpoints) + len(s.pain_points) + len(s.opportunities) + len(s.moments_of_truth)
                + len(s.metrics) + len(s.desired_actions) + len(s.thoughts) for s in stages)
    sheet = PAGE_SIZES["a4" if cards <= AUTO_A4_CARDS and len(stages) <= 5 else "a3"]
    if len(stages) > AUTO_PORTRAIT_STAGES:
        return sheet
    width, height = sheet.size.split()
    return PageSize(f"{height} {width}", sheet.margin)


def emotion_text(value: float | None, lang: Language = ENGLISH) -> str:
    """``2.7 of 5, neutral``: the value and its word, for screen readers and tooltips."""
    if value is None:
        return label("emotion", None, lang)
    return lang.gettext("%(value)s of 5, %(word)s") % {
        "value": n.emotion(value, lang), "word": label("emotion", int(F.half_up(value)), lang)}




def emotion_class(value: float | None) -> str:
    return f"emo-{int(F.half_up(value))}" if value is not None else "emo-none"


@dataclass(frozen=True)
class FunnelCard:
    """A desired action (or a completed action that fulfils none) on the board.

    ``current`` is its step in the period the board shows (``period``: ``--period``, else the
    latest with data for most steps); ``earlier`` are the other periods that have data for it,
    latest first (shown on request).
    """

    id: str
    name: str
    current: tuple[F.Funnel, F.FunnelStep] | None
    earlier: list[tuple[F.Funnel, F.FunnelStep]]
    period: str | None


@dataclass(frozen=True)
class ShownPeriod:
    """The funnel period the desired-actions lane shows, and why: the board says it in a note."""

    period: str | None
    asked: bool  # --period named it; else it is the latest with data for most steps
    found: bool  # the map has a funnel for it
    periods: tuple[str, ...]  # every period the map has data for, oldest first


def shown_period(f: F.JourneyFacts, period: str | None = None) -> ShownPeriod:
    """``--period`` (written as cjm writes periods) or, when not given, the period of
    :attr:`cjm.facts.JourneyFacts.mostly_measured`."""
    from .. import periods

    known = tuple(fn.period for fn in f.funnels if fn.period is not None)
    if period is not None:
        wanted = periods.canonical(period)
        return ShownPeriod(wanted, True, wanted in known, known)
    chosen = f.mostly_measured
    return ShownPeriod(chosen.period if chosen else None, False, chosen is not None, known)


def funnel_cards(journey: JourneyMap, f: F.JourneyFacts, period: str | None = None) -> dict[str, list[FunnelCard]]:
    """Stage id -> its cards in the desired-actions lane, read from the per-period funnels:
    each card's step in the period :func:`shown_period` picks."""
    shown = shown_period(f, period)
    latest = next((fn for fn in f.funnels if fn.period == shown.period), None) if shown.found else None
    cards: dict[str, list[FunnelCard]] = {s.id: [] for s in journey.stages}
    seen: set[str] = set()
    for funnel in [*f.funnels, None]:
        steps = funnel.steps if funnel is not None else ()
        for step in steps:
            if step.action_id in seen:
                continue
            seen.add(step.action_id)
            history = f.steps_of(step.action_id)
            current = next(((fn, st) for fn, st in history if fn is latest), None)
            earlier = [(fn, st) for fn, st in reversed(history) if fn is not latest]
            cards[step.stage_id].append(
                FunnelCard(step.action_id, step.action, current, earlier, shown.period))
    for stage in journey.stages:  # desired actions with no completed action in any period
        for action in stage.desired_actions:
            if action.id not in seen:
                seen.add(action.id)
                cards[stage.id].append(FunnelCard(action.id, action.name, None, [], None))
    order = {a.id: i for s in journey.stages for i, a in enumerate(s.desired_actions)}
    for stage_cards in cards.values():
        stage_cards.sort(key=lambda c: order.get(c.id, len(order)))
    return cards


def link_targets(journey: JourneyMap) -> frozenset[str]:
    """The touchpoints a printed poster links to (a pain point's or a moment of truth's "at ..."):
    on a print-only page (board-pdf) they are the only elements that keep their id.

    Why: WeasyPrint turns an element's id into a style declaration of that element alone, so an
    element with an id, and everything inside it, gets a computed style of its own instead of
    sharing its siblings'. The 565 ids of a 500-touchpoint board's cards made WeasyPrint compute
    2,445 distinct styles where 492 do, about a fifth of the poster's time; on paper nothing but
    these links needs them. Each touchpoint is on one printed part only, so its id stays
    ``el-<id>`` there and the links find it on every page."""
    return frozenset(
        [ref for stage in journey.stages for pain in stage.pain_points for ref in pain.touchpoints]
        + [m.touchpoint for stage in journey.stages for m in stage.moments_of_truth if m.touchpoint])


class Overlay:
    """What the board shows of ``--conform LOG`` (templates/overlay.html.j2): each touchpoint's
    cases and events, each stage's share of cases missing it, the most frequent unplanned moves
    and ad hoc activities. Every number is looked up in the :class:`Conformance` of
    :mod:`cjm.facts.conformance`; this class only finds and words them, in the map's language."""

    def __init__(self, journey: JourneyMap, actual: Conformance, lang: Language) -> None:
        from ..conform.present import TOP, Names

        self.facts = actual
        self.lang = lang
        self.names = Names(journey, lang)
        self._touchpoints = {t.id: t for t in actual.touchpoints}
        self._stages = {s.id: s for s in actual.stages}
        self.unplanned: tuple[TransitionFact, ...] = actual.unplanned[:TOP]
        self.ad_hoc: tuple[tuple[str, int, int], ...] = actual.ad_hoc[:TOP]

    def touchpoint(self, tp_id: str) -> TouchpointFact | None:
        return self._touchpoints.get(tp_id)

    def stage(self, stage_id: str) -> StageFact | None:
        return self._stages.get(stage_id)

    def share(self, rate: F.Rate) -> str:
        """``3 of 6 (50.0%)``; "not applicable" for a log without cases (never 0% or 100%)."""
        from ..conform.present import share_text

        return share_text(rate.count, self.facts.cases, self.lang)

    def fitness(self) -> str:
        from ..conform.present import fitness_text

        return fitness_text(self.facts.fitness, self.lang)

    def move(self, t: TransitionFact) -> str:
        """``Register → Check the ticket``, START for a first move."""
        return f"{self.names.point(t.source)} → {self.names.point(t.target)}"

    def times(self, count: int, cases: int) -> str:
        """``5 times in 5 cases``."""
        from ..conform.present import times

        return times(count, cases, self.lang)

    def kind(self, t: TransitionFact) -> str:
        from ..conform.present import kind_label

        return kind_label(t.kind, self.lang)


def map_language(journey: JourneyMap, options: Options) -> Language:
    """``--lang`` when given, else the map's ``lang``, else English."""
    return language(options.lang or journey.lang)


def repository_path(source: str | None, root: str | None) -> str | None:
    """The map file's path from its repository's ``root``, with ``/``: what a footer shows. Never
    absolute (a poster or a page must not carry the machine's folders); a file outside any
    repository shows its name."""
    import os
    from pathlib import PurePath

    if not source:
        return None
    if source == "-" or root is None:
        return PurePath(source).name if os.path.isabs(source) else source
    path = os.path.abspath(source)
    relative = os.path.relpath(path, root)
    if relative.startswith(os.pardir):
        return PurePath(path).name
    return PurePath(relative).as_posix()


def context(journey: JourneyMap, options: Options) -> dict[str, Any]:
    """What the board template is given: the map, its facts and the curve."""
    f = F.of(journey)
    lang = map_language(journey, options)
    return {
        "map": journey,
        "facts": f,
        "persona": journey.persona_profile(),
        "curve": curve(journey, f, scale=options.scale),
        "stage_emotions": list(zip(journey.stages, f.emotion, strict=True)),
        "funnel_cards": funnel_cards(journey, f, options.period),
        "shown_period": shown_period(f, options.period),
        "trend_line": trend_line,
        # memoised per page: a board asks for the same few values (1 to 5) once per touchpoint
        "emotion_text": functools.lru_cache(maxsize=None)(lambda value: emotion_text(value, lang)),
        "channel_label": lambda ref: channel_label(journey, ref, lang),
        "emotion_class": emotion_class,
        # a wide board's print parts are the board again, 8 stages at a time; a live preview
        # (cjm serve) leaves them out: they cost two thirds of its render, and prints come from
        # `cjm render`
        "print_parts": [] if options.screen_only else print_parts(journey, f, options.scale),
        "paint": PAINT,
        "print_only": options.print_only,
        # the poster's matrix sits beside the title when the board fits one sheet; a board printed
        # over pages gets it after the board, as the screen does (cjm.render.board decides)
        "matrix_in_header": options.print_only and not options.extra.get("matrix_at_end", False),
        "link_targets": link_targets(journey) if options.print_only else frozenset(),
        "page": page_size(options.page_size, journey),
        "column": COLUMN,
        "lane_header": LANE_HEADER,
        "source": repository_path(options.source, options.root),
        "has": {
            "thoughts": any(s.thoughts for s in journey.stages),
            "goal": any(s.customer_goal for s in journey.stages),
            "moments": any(s.moments_of_truth for s in journey.stages),
            "backstage": any(t.backstage for s in journey.stages for t in s.touchpoints),
            "emotion": any(p.value is not None for p in f.emotion),
        },
        "index_href": options.extra.get("index_href"),
        "problems": options.extra.get("problems", []),
        # sub-journeys this map zooms into (``detail:``): map id -> cjm.render.site.SubJourney
        "details": options.extra.get("details", {}),
        # the journey this map is part of (``parent:``): cjm.render.site.ParentJourney or None
        "parent_journey": options.extra.get("parent"),
        # --conform LOG: what customers did, overlaid (None without a log)
        "actual": Overlay(journey, options.conformance, lang) if options.conformance is not None else None,
    }


def scoring_context(journey: JourneyMap, options: Options, lang: Language) -> dict[str, Any]:
    """The board's opportunity ranks and matrix (:mod:`.matrix`), scored with the model of the
    map's repository; a broken configuration scores with the default (lint and report say why)."""
    from ..i18n.scoring import input_name, score_text
    from ..scoring import DEFAULT
    from .matrix import POSTER, SCREEN, matrix

    model = options.scoring or DEFAULT
    scored = F.scores(journey, model, options.source or "")
    return {
        "matrix": matrix(journey, model, options.source or "", POSTER if options.print_only else SCREEN),
        "ranks": F.ranks(scored),
        "opportunity_scores": {o.id: o for o in scored},
        "score_text": lambda value: score_text(value, lang),
        "input_name": lambda name: input_name(name, lang, model.labels),
    }


def render(journey: JourneyMap, options: Options | None = None) -> str:
    """The HTML board for ``journey``; raises :class:`TemplateError` for a broken template."""
    options = options or Options()
    lang = map_language(journey, options)
    return render_template(BOARD_TEMPLATE, options.template_dir, lang,
                           **context(journey, options), **scoring_context(journey, options, lang))
