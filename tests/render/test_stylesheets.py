"""Every stylesheet cjm ships parses cleanly: the .css files under templates/ and every <style>
block of its templates.

Why: CSS forgives a missing ``}`` silently. A merge once dropped the one closing the print
block of style.css, and every rule after it (the site's tree, sub-journey boxes, the index's
depth columns) applied only in print: the hierarchy views were unstyled on screen and no test
noticed. tinycss2 (WeasyPrint's own parser) reads each sheet here; a parse error, a rule that
swallows the rest of the file, or a stray ``}`` fails with the file and the rule.
"""

from __future__ import annotations

import re

import pytest
import tinycss2

from .helpers import ROOT

TEMPLATES = ROOT / "templates"
SENTINEL = "#cjm-end-of-sheet"
# Jinja2 inside a <style> block: statements and comments vanish, an expression becomes a number
# (the board's `@page { size: {{ page.size }} }`); an include is checked as the file it includes.
_JINJA = [(re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S), ""), (re.compile(r"\{\{.*?\}\}", re.S), "1mm")]
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


def sheets() -> list[tuple[str, str]]:
    """(name, CSS text) of every shipped stylesheet and template <style> block."""
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(TEMPLATES.glob("*.css"))]
    for template in sorted(TEMPLATES.glob("*.j2")):
        for number, block in enumerate(_STYLE.findall(template.read_text(encoding="utf-8")), 1):
            for pattern, replacement in _JINJA:
                block = pattern.sub(replacement, block)
            out.append((f"{template.name} <style> #{number}", block))
    return out


def problems(css: str) -> list[str]:
    """What tinycss2 finds wrong in ``css``: parse errors, unbalanced blocks, empty values."""
    found: list[str] = []
    rules = tinycss2.parse_stylesheet(f"{css}\n{SENTINEL} {{}}\n", skip_comments=True, skip_whitespace=True)
    last = rules[-1] if rules else None
    if last is None or last.type != "qualified-rule" or tinycss2.serialize(last.prelude).strip() != SENTINEL:
        found.append("a block is never closed: it swallows every rule after it (missing '}')")
    found += check_rules(rules[:-1] if not found else rules)
    return found


def check_rules(rules: list[object]) -> list[str]:
    found: list[str] = []
    for rule in rules:
        kind = getattr(rule, "type", "")
        line = getattr(rule, "source_line", "?")
        if kind == "error":
            found.append(f"line {line}: {rule.message}")  # type: ignore[attr-defined]
        elif kind == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()  # type: ignore[attr-defined]
            if any(t.type == "error" or (t.type == "literal" and t.value in "{}") for t in rule.prelude):  # type: ignore[attr-defined]
                found.append(f"line {line}: stray brace before {prelude!r}")
            found += check_declarations(rule.content, line, prelude)  # type: ignore[attr-defined]
        elif kind == "at-rule" and rule.content is not None:  # type: ignore[attr-defined]
            if rule.lower_at_keyword in ("media", "supports", "layer", "container"):  # type: ignore[attr-defined]
                found += check_rules(tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True))  # type: ignore[attr-defined]
            else:  # @page, @font-face: declarations
                found += check_declarations(rule.content, line, "@" + rule.at_keyword)  # type: ignore[attr-defined]
    return found


def check_declarations(content: list[object], line: object, where: str) -> list[str]:
    found = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "error":
            found.append(f"line {getattr(item, 'source_line', line)} in {where!r}: {item.message}")
        elif item.type == "declaration" and not tinycss2.serialize(item.value).strip():
            found.append(f"line {item.source_line} in {where!r}: {item.name} has no value")
        elif item.type == "qualified-rule":  # a rule inside a rule: its block was left open
            found.append(f"line {item.source_line} in {where!r}: a rule inside a rule (missing '}}')")
        elif item.type == "at-rule" and item.content is not None:
            found.append(f"line {item.source_line} in {where!r}: @{item.at_keyword} inside a rule")
    return found


@pytest.mark.parametrize(("name", "css"), sheets(), ids=[name for name, _ in sheets()])
def test_every_shipped_stylesheet_parses_without_errors(name: str, css: str) -> None:
    assert not problems(css), f"{name}: {problems(css)}"


def test_there_are_sheets_to_check() -> None:
    names = [name for name, _ in sheets()]
    assert "style.css" in names and any("board.html.j2" in n for n in names)


@pytest.mark.parametrize("broken", [
    "@media print { a { color: red; } }\n.tree { margin: 0; }\n@media print { b { color: blue; }\n.node { margin: 0; }",
    "a { color: red; }\n}\nb { color: blue; }",
    "a { color: red;\nb { color: blue; }",
    "a { color: ; }",
    "a { color red; }",
])
def test_the_check_finds_what_a_broken_merge_leaves(broken: str) -> None:
    assert problems(broken)


def test_the_screen_sees_the_hierarchy_rules_of_style_css() -> None:
    """The rules after the print blocks are top level, for every medium (the merge bug itself)."""
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    top = [tinycss2.serialize(r.prelude).strip() for r in
           tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True) if r.type == "qualified-rule"]
    for selector in (".tree", ".node", ".detail", "table.index th.depth-1"):
        assert selector in top, f"{selector} is not a top-level rule of style.css"

