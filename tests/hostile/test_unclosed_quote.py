"""An unclosed quote is reported where it opens, however far down YAML's scanner fails.

`name: "Каталог` on line 42 swallows every line down to the next `"` (here the opening quote of a
value on line 70 that starts with a backtick), and the scanner then fails on the backtick:
"found character that cannot start any token" at 70:16. The line to change is 42."""

from __future__ import annotations

from conftest import run_cjm

from cjm.loader import load_text


def shop() -> str:
    lines = ["cjm: 1", "id: shop", "title: Shop", "stages:"]
    while len(lines) < 40:
        lines += [f"  - id: s{len(lines)}", f"    name: Stage {len(lines)}"]
    lines += ["  - id: catalog", '    name: "Каталог', "    touchpoints:"]
    while len(lines) < 68:
        lines += [f"      - id: t{len(lines)}", f"        name: Touch {len(lines)}"]
    lines += ["      - id: tz", '        name: "`Ticks` and more"']
    return "\n".join(lines) + "\n"


def test_the_unclosed_quote_is_reported_at_its_opening_line(tmp_path) -> None:
    text = shop()
    assert text.splitlines()[41] == '    name: "Каталог'
    (problem,) = load_text(text, "shop.yaml").problems
    assert (problem.code, problem.line, problem.col) == ("CJM001", 42, 11)
    assert problem.message == 'YAML syntax error: the quoted text that starts here with `"` is never closed'

    (tmp_path / "shop.yaml").write_text(text, encoding="utf-8")
    result = run_cjm("validate", "shop.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        'shop.yaml:42:11: error CJM001 YAML syntax error: the quoted text that starts here with `"` '
        'is never closed (add the closing `"` at the end of the text; a quote inside it is written `\\"`)')


def test_a_closed_multi_line_quote_above_a_real_scanner_error_is_left_alone() -> None:
    text = ('cjm: 1\nid: shop\ntitle: "A title\n  on two lines"\nstages:\n  - id: s\n'
            "    name: `ticks`\n")
    (problem,) = load_text(text, "shop.yaml").problems
    assert (problem.line, problem.col) == (7, 11)
    assert "cannot start any token" in problem.message
