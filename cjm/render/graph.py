"""The journey as a flow diagram (Graphviz): DOT source, and SVG/PNG/PDF through the ``dot`` program.

One cluster per stage, left to right in stage order; touchpoints are nodes labelled with their
name and channel and filled by emotion; edges are the flow of :mod:`cjm.facts` (the graph lint's
flow rules walk): ``next`` edges solid, the implicit "any touchpoint of the next stage" dashed and
drawn once into the next stage's cluster, not once per pair; open pain points and moments of
truth are marked on their touchpoints.

Labels are HTML-like labels (``<...>``) built here with every map text escaped by
:func:`label_text`, so no name can close a label, start a record field or inject DOT. The source
is built with the ``graphviz`` package but its quoting is never relied on for map text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import TYPE_CHECKING

from .. import facts as F
from ..i18n import Language, language
from ..i18n import numbers as n
from ..i18n.labels import channel_label, label
from ..model import JourneyMap, Touchpoint
from .options import Options

if TYPE_CHECKING:
    import graphviz

    from ..facts.conformance import Conformance

FONT = "DejaVu Sans"  # has Latin, Polish and Cyrillic glyphs; installed by tools/ensure-graphviz.sh
EMOTION_FILL: dict[int | None, str] = {
    1: "#f4b6b0",
    2: "#f9d3a8",
    3: "#e4e4e4",
    4: "#d3eab6",
    5: "#a9d8ad",
    None: "#ffffff",
}
UNPLANNED = "#c0392b"  # observed moves the flow does not allow (--conform), drawn apart
OBSERVED = "#1f5fa8"  # the count a planned `next` edge was taken in the log
START_NODE = "start"
SEVERITY_MARK = {"critical": "▲▲", "high": "▲", "medium": "■", "low": "▽"}
INSTALL_HINT = (
    "the Graphviz 'dot' program is needed for svg, png and pdf output but was not found on PATH; "
    "install Graphviz: apt-get install graphviz / brew install graphviz / "
    "https://graphviz.org/download/ (html, md, mermaid and dot output do not need it)"
)


class GraphvizMissing(Exception):
    """``dot`` is not installed: the CLI turns this into exit 2 with :data:`INSTALL_HINT`."""


class GraphvizFailed(Exception):
    """``dot`` ran but failed (it should not on source made here; reported with its stderr)."""


_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}

# Graphviz refuses an HTML label longer than 16384 characters ("syntax error ... scanning a
# HTML string"), so a map that validates could not be drawn. Each text is cut at LABEL_MAX
# characters with an ellipsis (the full text goes in the node's tooltip), and a touchpoint
# lists at most MAX_MARKS pain points and moments; a label stays well under the limit. A quoted
# DOT string has the same limit in bytes, so a tooltip holds up to TOOLTIP_MAX characters (4
# bytes each at most, 2 for a doubled backslash).
LABEL_MAX = 200
TOOLTIP_MAX = 2000
MAX_MARKS = 8
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tooltip(text: str) -> str:
    """Map text as a DOT tooltip (an escString: a backslash starts an escape like ``\\N``).

    Backslashes are doubled and control characters become spaces; quotes are left to the
    ``graphviz`` package's quoting of attribute values.
    """
    return shorten(_CONTROL.sub(" ", text), TOOLTIP_MAX).replace("\\", "\\\\")


def label_text(text: str, width: int = 28) -> str:
    """Map text made safe inside an HTML-like DOT label.

    ``& < > " '`` become entities, so a name cannot close the label or add markup; line breaks
    become ``<BR/>`` made here (never from map text); ``\\``, ``{``, ``}`` and ``|`` need no
    escaping inside ``<...>`` labels, and control characters are dropped. ``]`` and ``[`` are inert
    there too. Long names wrap at about 28 characters and are cut at :data:`LABEL_MAX` characters with an ellipsis.
    """
    lines = []
    for raw in shorten(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        clean = "".join(ch for ch in raw if ch == "\t" or ord(ch) >= 32 and ord(ch) != 127)
        lines.extend(_wrap(clean.replace("\t", " "), width))
    return '<BR ALIGN="LEFT"/>'.join(
        "".join(_ESCAPES.get(ch, ch) for ch in line) for line in lines if line
    ) or " "


def _greedy(words: list[str], width: int) -> list[str]:
    lines, current = [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, balanced: as few lines as a greedy wrap needs, but as
    even as they can be, so no label ends on a lone orphan word ("Bestellung im Shop mit / ID")."""
    words = text.split(" ")
    lines = _greedy(words, width)
    if len(lines) < 2:
        return lines
    for narrower in range(-(-len(text) // len(lines)), width):
        balanced = _greedy(words, narrower)
        if len(balanced) == len(lines):
            return balanced
    return lines


def _node_label(tp: Touchpoint, channel: str | None, marks: list[str], lang: Language) -> str:
    rows = [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><B>{label_text(tp.name)}</B></TD></TR>']
    detail = []
    if channel:
        detail.append(label_text(channel))
    if tp.emotion is not None:
        detail.append(label_text(lang.gettext("emotion %(value)s/5") % {"value": tp.emotion}))
    if detail:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{" · ".join(detail)}</FONT></TD></TR>')
    if len(marks) > MAX_MARKS:
        left = len(marks) - MAX_MARKS + 1
        marks = [*marks[: MAX_MARKS - 1], lang.ngettext("… %(num)s more", "… %(num)s more", left) % {"num": left}]
    for mark in marks:
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9">{mark}</FONT></TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


def _sid(prefix: str, ident: str) -> str:
    """A DOT id from a map id; map ids are ``[a-z0-9_-]``, quoted by graphviz for the ``-``."""
    return f"{prefix}{ident}"


def dot_source(journey: JourneyMap, options: Options | None = None) -> str:
    """The DOT source: deterministic (document order), the same whatever Graphviz is installed."""
    f = F.of(journey)
    lang = language((options.lang if options else None) or journey.lang)
    _ = lang.gettext
    actual = options.conformance if options else None
    title = label_text(journey.title, 70)
    if actual is not None:
        title += '<BR/><FONT POINT-SIZE="11">' + label_text(_overlay_note(actual, lang), 90) + "</FONT>"
    g = _digraph(journey, title)
    marks = _marks(f, lang)
    for i, stage in enumerate(journey.stages):
        with g.subgraph(name=_sid("cluster_", stage.id)) as c:
            _stage_cluster(c, journey, i, marks, lang)
    for src, dst, attrs in edges(journey, actual, lang):
        g.edge(src, dst, **attrs)
    if actual is not None:
        _unplanned(g, journey, actual, lang)
    return str(g.source)


def _digraph(journey: JourneyMap, title: str) -> graphviz.Digraph:
    """The graph with the house style: left to right, stages as clusters, the title on top."""
    import graphviz

    return graphviz.Digraph(
        name=_sid("journey_", journey.id),
        comment="touchpoints filled by emotion (1 red ... 5 green); ▲ open pain point, ★ moment of "
        "truth; a dashed edge into a stage: any of its touchpoints may follow (no `next` given)",
        graph_attr={
            "rankdir": "LR",
            "newrank": "true",
            "compound": "true",
            "fontname": FONT,
            "nodesep": "0.3",
            "ranksep": "0.5",
            "label": f"<{title}>",
            "labelloc": "t",
            "fontsize": "18",
        },
        node_attr={"shape": "box", "style": "rounded,filled", "fontname": FONT, "fontsize": "11",
                   "color": "#555555", "margin": "0.12,0.06"},
        edge_attr={"fontname": FONT, "color": "#666666", "arrowsize": "0.7"},
    )


def _marks(f: F.JourneyFacts, lang: Language) -> dict[str, list[str]]:
    """What each touchpoint carries under its name: its open pain points (most severe first),
    then its moments of truth."""
    _ = lang.gettext
    marks: dict[str, list[str]] = {}
    for tp_id, pains in f.open_pains_at.items():  # most severe first
        for pain in pains:
            sev = pain.severity.value if pain.severity else ""
            what = _("pain (%(severity)s)") % {"severity": label("severity", sev, lang)} if sev else _("pain")
            marks.setdefault(tp_id, []).append(
                f"{SEVERITY_MARK.get(sev, '○')} {label_text(what)}: {label_text(pain.name)}"
            )
    for mot in f.moments:
        if mot.touchpoint_id:
            kind = label("moment", mot.kind, lang)
            marks.setdefault(mot.touchpoint_id, []).append(f"★ {label_text(kind)}: {label_text(mot.name)}")
    return marks


def _stage_cluster(c: graphviz.Digraph, journey: JourneyMap, i: int, marks: dict[str, list[str]],
                   lang: Language) -> None:
    """The ``i``-th stage as a cluster of its touchpoints, each filled by its emotion (a stage
    with none shows that it has none)."""
    _ = lang.gettext
    stage = journey.stages[i]
    c.attr(label=f"<<B>{i + 1}. {label_text(stage.name)}</B>>", style="rounded,filled",
           fillcolor="#f5f6f8", color="#c9ced6", fontsize="13", labeljust="l")
    if shorten(stage.name) != stage.name:
        c.attr(tooltip=tooltip(stage.name))
    if not stage.touchpoints:
        c.node(_sid("empty_", stage.id), label="<<I>" + label_text(_("no touchpoints")) + "</I>>", shape="plaintext",
               style="", fontcolor="#777777")
    for tp in stage.touchpoints:
        pen = "2" if tp.id in marks else "1"
        extra = {"tooltip": tooltip(tp.name)} if shorten(tp.name) != tp.name else {}
        c.node(_sid("tp_", tp.id),
               label=_node_label(tp, channel_label(journey, tp.channel, lang) if tp.channel else None,
                                 marks.get(tp.id, []), lang),
               fillcolor=EMOTION_FILL[tp.emotion], penwidth=pen, **extra)


def _unplanned(g: graphviz.Digraph, journey: JourneyMap, actual: Conformance, lang: Language) -> None:
    """The conformance overlay: the moves customers made that the flow does not have, from a
    START node when a case began where no journey starts."""
    _ = lang.gettext
    if any(t.source is None for t in actual.unplanned):
        g.node(START_NODE, label=label_text(_("START")), shape="circle", style="filled",
               fillcolor="#ffffff", color=UNPLANNED, fontsize="9")
        first = next((s for s in journey.stages if s.touchpoints), None)
        if first is not None:  # START stands left of the first stage, not wherever dot puts it
            g.edge(START_NODE, _sid("tp_", first.touchpoints[0].id), style="invis")
    for src, dst, attrs in unplanned_edges(journey, actual, lang):
        g.edge(src, dst, **attrs)


def _overlay_note(actual: Conformance, lang: Language) -> str:
    """The diagram's key to the overlay: how many cases, and what the red dashed edges are."""
    from ..conform.present import fitness_text

    cases = lang.ngettext("%(num)s case", "%(num)s cases", actual.cases) % {"num": n.integer(actual.cases, lang)}
    return lang.gettext("Event log: %(cases)s, fitness %(fitness)s; red dashed: moves the map does not "
                        "plan, thicker when more frequent") % {
        "cases": cases, "fitness": fitness_text(actual.fitness, lang)}


def unplanned_edges(journey: JourneyMap, actual: Conformance, lang: Language) -> list[tuple[str, str, dict[str, str]]]:
    """The observed moves the flow does not allow (:attr:`Conformance.unplanned`), drawn apart
    from the plan: dashed, red, not constraining the layout, wider the more often they were taken,
    labelled with their count."""
    from ..conform.present import Names, kind_label, times

    names = Names(journey, lang)
    moves = actual.unplanned
    top = max((t.count for t in moves), default=1)
    out: list[tuple[str, str, dict[str, str]]] = []
    for t in moves:
        src = START_NODE if t.source is None else _sid("tp_", t.source)
        out.append((src, _sid("tp_", t.target), {
            "style": "dashed", "color": UNPLANNED, "fontcolor": UNPLANNED, "constraint": "false",
            "penwidth": f"{1 + 3 * t.count / top:.2f}", "xlabel": n.integer(t.count, lang),
            "tooltip": tooltip(f"{names.point(t.source)} → {names.point(t.target)}: "
                               f"{times(t.count, t.cases, lang)} ({kind_label(t.kind, lang)})"),
        }))
    return out


def edges(journey: JourneyMap, actual: Conformance | None = None,
          lang: Language | None = None) -> list[tuple[str, str, dict[str, str]]]:
    """The flow of :attr:`cjm.facts.JourneyFacts.flow` as DOT edges.

    ``next`` edges are solid. The implicit flow (a touchpoint without ``next`` may lead to any
    touchpoint of the next stage) is one dashed edge into that stage's cluster (``lhead``), from
    the stage's cluster (``ltail``) when none of its touchpoints sets ``next``: a map of 8 stages
    and 21 touchpoints draws 7 such edges instead of 57 crossing ones.

    Stages must read left to right whatever the flow does: edges back to an earlier stage (a
    referral that brings a customer back to the start) do not constrain the layout, and an
    invisible chain through the first node of each stage fixes the stage order.

    With ``actual`` (``--conform``), a ``next`` edge the log took is labelled with how often
    (:attr:`Conformance.transitions`); a dashed edge into a stage stands for many pairs and
    carries no count.
    """
    taken = {(t.source, t.target): t.count for t in actual.transitions if t.allowed} if actual else {}
    flow = F.of(journey).flow
    anchor = {s.id: _sid("tp_", s.touchpoints[0].id) for s in journey.stages if s.touchpoints}
    out: list[tuple[str, str, dict[str, str]]] = []
    for stage in journey.stages:
        implicit = [tp for tp in stage.touchpoints if flow.implicit.get(tp.id) is not None]
        if implicit and len(implicit) == len(stage.touchpoints):
            target = flow.implicit[implicit[0].id]
            assert target is not None
            out.append((anchor[stage.id], anchor[target],
                        {"style": "dashed", "ltail": _sid("cluster_", stage.id),
                         "lhead": _sid("cluster_", target)}))
            continue
        for tp in stage.touchpoints:
            target = flow.implicit.get(tp.id)
            if target is not None:
                out.append((_sid("tp_", tp.id), anchor[target],
                            {"style": "dashed", "lhead": _sid("cluster_", target)}))
            for ref in flow.explicit.get(tp.id, ()):
                back = flow.stage_of[ref] < flow.stage_of[tp.id]
                attrs = {"constraint": "false"} if back else {}
                if (tp.id, ref) in taken:
                    attrs.update(label=n.integer(taken[tp.id, ref], lang or language(None)), fontcolor=OBSERVED)
                out.append((_sid("tp_", tp.id), _sid("tp_", ref), attrs))
    anchors = [anchor.get(s.id, _sid("empty_", s.id)) for s in journey.stages]
    out.extend((a, b, {"style": "invis"}) for a, b in zip(anchors, anchors[1:], strict=False))
    return out


def dot_program() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing(INSTALL_HINT)
    return found


def run_dot(source: str, fmt: str) -> bytes:
    """``dot -T<fmt>`` on ``source``; SVG and PDF get no timestamps or ids that vary."""
    program = dot_program()
    proc = subprocess.run([program, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True,
                          timeout=120, check=False)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(f"dot -T{fmt} failed: {message[0] if message else 'no message'}")
    return _PDF_DATE.sub(_fixed_date, proc.stdout) if fmt == "pdf" else proc.stdout


# cairo stamps PDFs with the time of rendering; a fixed date of the same length keeps the
# cross-reference offsets valid and the file byte-identical from run to run.
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\()(D:[0-9Z+'-]+)")


def _fixed_date(match: re.Match[bytes]) -> bytes:
    stamp = b"D:19700101000000Z"
    return match.group(1) + stamp[: len(match.group(2))].ljust(len(match.group(2)), b" ")


def render(journey: JourneyMap, fmt: str = "svg", options: Options | None = None) -> str | bytes:
    """``dot`` gives DOT source (text); ``svg`` text; ``png`` and ``pdf`` bytes."""
    source = dot_source(journey, options)
    if fmt == "dot":
        return source
    out = run_dot(source, fmt)
    return out.decode("utf-8") if fmt == "svg" else out
