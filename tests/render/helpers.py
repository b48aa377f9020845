"""Helpers for the renderer tests: build maps from YAML text, compare against golden files."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

from cjm.loader import load_text
from cjm.model import JourneyMap
from cjm.validate import validate_document

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ROOT = HERE.parent.parent
SAMPLES = ROOT / "sample_maps"
# Frozen copies of sample maps (English, Polish, Russian): golden files must not change when the
# samples are edited.
MAPS = HERE / "maps"
FIXTURES = sorted(p.name for p in MAPS.glob("*.yaml"))
UPDATE = os.environ.get("CJM_UPDATE_GOLDEN") == "1"


def journey(text: str) -> JourneyMap:
    """A valid map from YAML text (dedented); fails the test with the problems otherwise."""
    checked = validate_document(load_text(textwrap.dedent(text).lstrip("\n"), "<test>"))
    assert checked.map is not None and not checked.problems, [p.full_message for p in checked.problems]
    return checked.map


def fixture(name: str) -> JourneyMap:
    return journey((MAPS / name).read_text(encoding="utf-8"))


def assert_golden(name: str, actual: str) -> None:
    """``actual`` equals golden/NAME; ``CJM_UPDATE_GOLDEN=1 pytest tests/render`` rewrites them."""
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.write_text(actual, encoding="utf-8", newline="\n")
        if not UPDATE:
            raise AssertionError(f"golden file {path} did not exist; written now, check it and commit")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from golden/{name} (CJM_UPDATE_GOLDEN=1 to accept)"


HOSTILE = """
cjm: 1
id: hostile
title: 'Title: with #hash; and %%comment "quotes" <script>alert(1)</script>'
persona: p1
personas:
  - id: p1
    name: 'Ann, the "tester": <b>bold</b>'
stages:
  - id: s1
    name: 'Section: one; #1 {braces} | pipe'
    emotion: 2
    touchpoints:
      - id: tp-a
        name: "<script>alert('x')</script>"
        channel: web
        emotion: 1
      - id: tp-b
        name: '"><img src=x onerror=alert(1)>'
        channel: email
      - id: tp-c
        name: "Title page: review\\nsecond line\\\\ back\\\\slash"
        emotion: 5
        next: [tp-d]
    pain_points:
      - id: pp-1
        name: 'Pain <i>italic</i> & "quoted"'
        touchpoints: [tp-a]
        severity: critical
    moments_of_truth:
      - id: mot-1
        name: 'Moment {x} | <y>'
        kind: first
        touchpoint: tp-b
  - id: s2
    name: section 2%%%
    touchpoints:
      - id: tp-d
        name: |-
          journey
          multi-line; name
        channel: phone
  - id: s3
    name: Empty stage
"""


def assert_no_word_cut(text: str, board_map: JourneyMap) -> None:
    """Every long word of the stage and metric names is on the page whole, or hyphenated at a
    line end ("Rufnummern-|mitnahme"), never cut without a hyphen ("Klickra|te")."""
    joined = " ".join(re.sub(r"[-\u2010\u00ad]\s*[\r\n]+\s*", "", text).split())  # U+2010: WeasyPrint's hyphen
    names = [s.name for s in board_map.stages] + [m.name for s in board_map.stages for m in s.metrics]
    words = {w.strip(".,:;()") for name in names for w in name.split() if len(w) >= 8 and "-" not in w}
    cut = sorted(w for w in words if w not in joined)
    assert not cut, f"cut mid-word: {cut}"
