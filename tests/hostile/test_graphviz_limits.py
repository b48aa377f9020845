"""A valid map Graphviz could not draw: a label over 16 KB failed ``-f svg/png/pdf``. Labels are
cut with an ellipsis, the full text in the tooltip."""

from __future__ import annotations

import json
import shutil

import pytest

from cjm.loader import load_text
from cjm.render.graph import LABEL_MAX, dot_source, label_text
from cjm.validate import validate_document

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def _map(name: str, pains: int = 0) -> str:
    pain = "".join(
        f"\n      - id: p{i}\n        name: {json.dumps('pain ' * 60)}\n        severity: high\n"
        "        touchpoints: [t1]" for i in range(pains))
    return ("cjm: 1\nid: big\ntitle: Big\nstages:\n  - id: a\n    name: A\n    touchpoints:\n"
            f"      - id: t1\n        name: {json.dumps(name)}\n"
            + (f"    pain_points:{pain}\n" if pains else ""))


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_a_16_kb_name_is_drawn_cut_with_the_full_text_in_the_tooltip(cjm, write, tmp_path, fmt):
    source = write("big.yaml", _map("x" * 17_000))
    out = tmp_path / f"big.{fmt}"
    result = cjm("render", str(source), "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 0


@needs_dot
def test_many_long_pain_points_on_one_touchpoint(cjm, write, tmp_path):
    source = write("big.yaml", _map("Visit", pains=60))
    result = cjm("render", str(source), "-f", "svg", "-o", str(tmp_path / "big.svg"))
    assert result.exit_code == 0, result.stderr
    assert "… 53 more" in (tmp_path / "big.svg").read_text()


def test_the_label_is_cut_with_an_ellipsis_and_the_tooltip_is_escaped():
    name = "A long name " * 30 + '\\N "quoted" <b>'
    checked = validate_document(load_text(_map(name), "big.yaml"))
    assert checked.map is not None
    dot = dot_source(checked.map)
    assert "…" in label_text(name)
    assert "<b>" not in label_text(name)
    tooltip_line = next(line for line in dot.splitlines() if "tooltip=" in line)
    assert '\\\\N \\"quoted\\" <b>' in tooltip_line  # a backslash is no DOT escape any more
    short = validate_document(load_text(_map("Visit"), "s.yaml")).map
    assert short is not None and "tooltip" not in dot_source(short)  # goldens stay the same
    assert len(label_text("y" * 5000)) < LABEL_MAX * 2
