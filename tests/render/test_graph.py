"""`cjm render --format dot|svg|png|pdf`: the journey as a Graphviz flow."""

from __future__ import annotations

import re
import shutil

import pytest
from lxml import etree

from cjm import facts
from cjm.render import graph

from .helpers import FIXTURES, HOSTILE, assert_golden, fixture, journey

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", FIXTURES)
def test_dot_source_matches_golden_files(name: str) -> None:
    assert_golden(name.replace(".yaml", ".dot"), graph.dot_source(fixture(name)))


def test_hostile_names_cannot_break_or_inject_dot() -> None:
    source = graph.dot_source(journey(HOSTILE))
    assert_golden("hostile.dot", source)
    assert "<script>" not in source and "<img" not in source and "<b>" not in source
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in source


def test_label_text_escapes_markup_and_keeps_braces_pipes_backslashes_literal() -> None:
    assert graph.label_text('a<b>&"c\'') == "a&lt;b&gt;&amp;&quot;c&#39;"
    assert graph.label_text("{x} | y \\ z") == "{x} | y \\ z"
    assert graph.label_text("one\ntwo") == 'one<BR ALIGN="LEFT"/>two'
    assert graph.label_text("bell\x07") == "bell"


@needs_dot
def test_svg_is_xml_with_every_hostile_name_as_text() -> None:
    m = journey(HOSTILE)
    svg = graph.render(m, "svg")
    root = etree.fromstring(svg.encode("utf-8"))
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<script>alert('x')</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert not list(root.iter(f"{SVG}script"))
    clusters = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster"]
    assert len(clusters) == len(m.stages)


@needs_dot
def test_cyrillic_and_polish_labels_survive_into_svg() -> None:
    for name, word in (("bank-card-current.yaml", "Оформление"), ("omnichannel-retail.yaml", "ł")):
        svg = graph.render(fixture(name), "svg")
        etree.fromstring(svg.encode("utf-8"))
        assert word in svg


@needs_dot
def test_png_and_pdf_are_deterministic() -> None:
    m = fixture(FIXTURES[0])
    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        first, second = graph.render(m, fmt), graph.render(m, fmt)
        assert isinstance(first, bytes) and first.startswith(magic)
        assert first == second


SIBLINGS = """
    cjm: 1
    id: e
    title: E
    stages:
      - id: a
        name: A
        touchpoints:
          - {id: t1, name: Ad, next: [t3]}
          - {id: t2, name: Search}
      - id: b
        name: B
      - id: c
        name: C
        touchpoints:
          - {id: t3, name: Landing page}
          - {id: t4, name: Store visit}
      - id: d
        name: D
        touchpoints:
          - {id: t5, name: Web checkout}
          - {id: t6, name: Till}
"""


def _drawn_pairs(m, source: str) -> set[tuple[str, str]]:
    """Every (from, to) touchpoint pair the DOT edges stand for, clusters expanded."""
    members = {s.id: [t.id for t in s.touchpoints] for s in m.stages}
    pairs = set()
    for line in source.splitlines():
        found = re.match(r'\s*"?tp_([\w-]+)"? -> "?tp_([\w-]+)"?(?: \[(.*)\])?$', line)
        if not found or "invis" in (found.group(3) or ""):
            continue
        attrs = dict(re.findall(r'(\w+)="?([\w-]+)"?', found.group(3) or ""))
        sources = members[attrs["ltail"].removeprefix("cluster_")] if "ltail" in attrs else [found.group(1)]
        targets = members[attrs["lhead"].removeprefix("cluster_")] if "lhead" in attrs else [found.group(2)]
        pairs |= {(a, b) for a in sources for b in targets}
    return pairs


def test_graph_edges_are_the_flow_lint_walks_and_next_narrows_only_its_own_touchpoint() -> None:
    m = journey(SIBLINGS)
    source = graph.dot_source(m)
    flow = facts.of(m).flow
    assert _drawn_pairs(m, source) == {(a, b) for a, bs in flow.edges.items() for b in bs}
    assert flow.edges["t1"] == ["t3"]  # next narrows t1 ...
    assert flow.edges["t2"] == ["t3", "t4"]  # ... but its sibling may still go anywhere in C
    assert 'tp_t1 -> tp_t3\n' in source
    assert 'tp_t2 -> tp_t3 [lhead=cluster_c style=dashed]' in source
    assert 'tp_t3 -> tp_t5 [lhead=cluster_d ltail=cluster_c style=dashed]' in source  # one edge
    assert "no touchpoints" in source  # stage B keeps its cluster
    from cjm.lint.finding import context
    from cjm.lint.rules import dead_end_touchpoint, unreachable_touchpoint

    assert list(unreachable_touchpoint.check(context(m))) == []  # t4 is reached through t2
    assert list(dead_end_touchpoint.check(context(m))) == []


def test_a_big_map_without_next_draws_one_edge_per_stage_not_a_hairball() -> None:
    stages = "\n".join(
        f"  - id: s{s}\n    name: S{s}\n    touchpoints:\n"
        + "\n".join(f"      - {{id: t{s}-{t}, name: T{t}}}" for t in range(3 if s % 2 else 2))
        for s in range(8)
    )
    m = journey(f"cjm: 1\nid: big\ntitle: Big\nstages:\n{stages}\n")
    assert sum(len(s.touchpoints) for s in m.stages) == 20
    drawn = [line for line in graph.dot_source(m).splitlines() if "->" in line and "invis" not in line]
    assert len(drawn) == 7  # one per pair of neighbouring stages
    assert _drawn_pairs(m, graph.dot_source(m)) == {
        (a, b) for a, bs in facts.of(m).flow.edges.items() for b in bs
    }


def test_without_dot_svg_fails_with_install_hint_but_html_and_dot_work(cjm, tmp_path, write) -> None:
    path = write("m.yaml", "cjm: 1\nid: m\ntitle: M\nstages: [{id: a, name: A, touchpoints: [{id: t, name: T}]}]\n")
    bare = tmp_path / "bin"  # a PATH with no programs at all, so no `dot`
    bare.mkdir()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return cjm("render", str(path), *args, env={"PATH": str(bare)})

    for fmt in ("svg", "png", "pdf"):
        proc = run("--format", fmt, "-o", str(tmp_path / f"x.{fmt}"))
        assert proc.exit_code == 2
        assert proc.stderr.startswith("cjm: error: the Graphviz 'dot' program is needed")
        assert "apt-get install graphviz" in proc.stderr and "brew install graphviz" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert not (tmp_path / f"x.{fmt}").exists()
    assert run("--format", "dot").exit_code == 0
    assert run("--format", "html", "-o", str(tmp_path / "x.html")).exit_code == 0


def test_long_names_wrap_into_even_lines_without_an_orphan_word() -> None:
    label = graph.label_text("Vertragsunterlagen und Auftragsbestätigung per E-Mail")
    lines = label.split('<BR ALIGN="LEFT"/>')
    assert lines == ["Vertragsunterlagen und", "Auftragsbestätigung", "per E-Mail"]
    assert all(len(line) <= 28 for line in lines)
    assert graph.label_text("Загрузка фото паспорта") == "Загрузка фото паспорта"  # fits: one line
