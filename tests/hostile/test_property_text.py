"""Property: whatever text a map holds as names, keys or file names, no control character
reaches the text output of diff, report, validate, lint or render md raw (only the outputs'
own line breaks). Run in-process through the CLI (the suite's runner) so it is fast enough for
hypothesis to try many names."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_cjm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\r\n\t\x1b\x7f\x85\x9b\u2028\u2029\u202e"

# Any text but lone surrogates (a YAML file cannot carry them), with control characters and
# ESC sequences made likely rather than left to chance.
names = st.lists(
    st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
              st.sampled_from(list(CONTROLS)),
              st.sampled_from(["\x1b[2J", "\x1b]8;;http://x\x07", "\n::error::x", "\r\n::add-mask::"])),
    min_size=1, max_size=6,
).map("".join)


def _map(name: str, emotion: int, key: str | None = None) -> str:
    q = json.dumps
    extra = f"{q('k' + key)}: 1\n" if key is not None else ""
    return (f"cjm: 1\nid: m\ntitle: {q('T' + name)}\npersona: p\npersonas: [{{id: p, name: {q(name)}}}]\n"
            f"channels: [{{id: web, name: {q(name)}}}]\n{extra}stages:\n  - id: a\n"
            f"    name: {q('S' + name)}\n    touchpoints:\n      - id: t1\n        name: {q('N' + name)}\n"
            f"        channel: web\n        emotion: {emotion}\n    pain_points:\n      - id: pp\n"
            f"        name: {q('P' + name)}\n        severity: high\n        touchpoints: [t1]\n")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=names, new=names)
def test_no_control_character_reaches_text_output(tmp_path: Path, old: str, new: str) -> None:
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    a.write_text(_map(old, 2), encoding="utf-8")
    b.write_text(_map(new, 4), encoding="utf-8")
    c.write_text(_map(old, 3, key=new), encoding="utf-8")
    for args in (["diff", a, b], ["report", a], ["report", a, b], ["validate", c], ["lint", c],
                 ["lint", a], ["render", a, "-f", "md"], ["diff", a, b, "-f", "markdown"]):
        result = run_cjm(*map(str, args))  # a crash is raised here, with its traceback
        # an empty or blank name makes an invalid map (exit 2 for diff): its problems are
        # text output too, and are checked the same way
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Usage:" not in result.stderr, (args, result.stderr)  # the command ran
        shown = result.stdout + result.stderr
        assert RAW.findall(shown) == [], (args, shown)
        assert not any(line.startswith("::") for line in shown.splitlines()), args
