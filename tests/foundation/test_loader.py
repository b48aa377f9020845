"""The loader: positions for every path and a clear, located problem for every kind of bad input."""

from __future__ import annotations

import pytest

from cjm import loader
from cjm.loader import MAX_DEPTH, load_bytes, load_text


def problems(text: str | bytes) -> list[tuple[str, int, int, str]]:
    doc = load_bytes(text.encode() if isinstance(text, str) else text, "m.yaml")
    return [(p.code, p.line, p.col, p.full_message) for p in doc.problems]


def test_positions_are_kept_for_every_path() -> None:
    doc = load_text("cjm: 1\nstages:\n  - id: a\n    touchpoints:\n      - {id: t, emotion: 4}\n")
    assert doc.source.locate(("cjm",)) == (1, 6)
    assert doc.source.locate(("stages", 0, "id")) == (3, 9)
    assert doc.source.locate(("stages", 0, "touchpoints", 0, "emotion")) == (5, 26)
    assert doc.source.locate_key(("stages", 0, "touchpoints")) == (4, 5)


def test_a_missing_path_falls_back_to_its_nearest_ancestor() -> None:
    doc = load_text("cjm: 1\nstages:\n  - id: a\n")
    assert doc.source.locate(("stages", 0, "name")) == (3, 5)


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    [(code, line, col, message)] = problems("cjm: 1\ntitle: A\nid: x\ntitle: B\n")
    assert (code, line, col) == ("CJM002", 4, 1)
    assert "first defined at line 2" in message


def test_duplicate_keys_in_nested_mappings() -> None:
    [(code, line, col, _)] = problems("a:\n  - b: 1\n    c: 2\n    b: 3\n")
    assert (code, line, col) == ("CJM002", 4, 5)


def test_syntax_error_is_located() -> None:
    [(code, line, col, message)] = problems("cjm: 1\nstages: [a, b\nid: x\n")
    assert code == "CJM001" and line == 3 and "YAML syntax error" in message


def test_tabs_get_a_hint() -> None:
    [(code, line, col, message)] = problems("cjm: 1\nstages:\n\t- id: a\n")
    assert (code, line, col) == ("CJM001", 3, 1)
    assert "tabs" in message


def test_unclosed_quote_gets_a_hint() -> None:
    [(code, _, _, message)] = problems('cjm: 1\ntitle: "Never closed\nid: x\n')
    assert code == "CJM001" and "quote" in message


def test_top_level_must_be_a_mapping() -> None:
    [(code, line, col, message)] = problems("- a\n- b\n")
    assert (code, line, col) == ("CJM004", 1, 1)
    assert "a list" in message


def test_empty_and_comment_only_files() -> None:
    assert problems("")[0][:1] == ("CJM004",)
    assert problems("# nothing here\n\n")[0][3].startswith("file is empty")


def test_non_utf8_reports_the_byte_offset() -> None:
    [(code, line, col, message)] = problems(b"cjm: 1\ntitle: caf\xe9\n")
    assert (code, line, col) == ("CJM007", 2, 11)
    assert "offset 17" in message and "0xe9" in message


def test_bom_and_crlf_are_fine() -> None:
    doc = load_bytes("\ufeffcjm: 1\r\ntitle: Ж\r\n".encode())
    assert doc.problems == []
    assert doc.data == {"cjm": 1, "title": "Ж"}
    assert doc.source.locate(("title",)) == (2, 8)


def test_alias_bomb_fails_fast() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    [(code, _, _, message)] = problems("\n".join(lines) + "\n")
    assert code == "CJM005" and "alias" in message


def test_recursive_alias_is_refused() -> None:
    assert problems("a: &x [1, *x]\n")[0][0] == "CJM005"


def test_small_aliases_work() -> None:
    doc = load_text("base: &b {x: 1}\nother: *b\n")
    assert doc.problems == [] and doc.data["other"] == {"x": 1}


def test_merge_keys() -> None:
    doc = load_text("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")
    assert doc.data["other"] == {"x": 1, "y": 3}


def test_deep_nesting_never_crashes() -> None:
    for text in ("a: " + "[" * 200_000, "a: " + "{a: " * 50_000, "- " * 10_000 + "x"):
        [(code, _, _, message)] = problems(text)
        assert code == "CJM005" and str(MAX_DEPTH) in message


def test_python_tags_are_refused() -> None:
    [(code, line, col, message)] = problems("cjm: !!python/object/apply:os.system ['echo hi']\n")
    assert code == "CJM001" and "not allowed" in message


def test_more_than_one_document() -> None:
    assert problems("cjm: 1\n---\ncjm: 1\n")[0][0] == "CJM001"


def test_yaml_11_scalars_keep_their_source_text() -> None:
    doc = load_text("name: no\ncount: 010\nx: .nan\n")
    assert doc.data["name"] is False
    assert doc.source.raw_text(("name",)) == "no"
    assert doc.source.raw_text(("count",)) == "010"


def test_keys_are_always_text() -> None:
    doc = load_text("on: 1\n1: 2\n")
    assert set(doc.data) == {"on", "1"}


def test_control_characters_are_reported() -> None:
    [(code, _, _, _)] = problems("cjm: 1\ntitle: a\x00b\n")
    assert code == "CJM001"


def test_oversize_files_are_refused_before_parsing(tmp_path) -> None:
    from cjm.loader import MAX_BYTES, read_file

    big = tmp_path / "big.yaml"
    big.write_bytes(b"cjm: 1\nx: '" + b"a" * MAX_BYTES + b"'\n")
    [problem] = read_file(big).problems
    assert problem.code == "CJM005" and "bytes" in problem.message


def test_more_values_than_the_limit_without_aliases_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # the limit lowered from its million (the same check, 100x less YAML to parse in a test)
    assert loader.MAX_NODES == 1_000_000
    monkeypatch.setattr(loader, "MAX_NODES", 10_000)
    text = "cjm: 1\nx: [" + "1," * 10_001 + "]\n"
    [(code, _, _, message)] = problems(text)
    assert code == "CJM005" and "10,000 values" in message and "alias" not in message


def test_an_explicit_tag_on_a_value_it_cannot_read_is_a_problem_not_a_crash() -> None:
    for text in ("cjm: !!int\n", "cjm: !!bool maybe\n"):  # found by the fuzz test
        doc = load_text(text, "m.yaml")
        assert doc.data is None
        assert [(p.code, p.line) for p in doc.problems] == [("CJM001", 1)], text


# -- read_back: the quick reader cjm data import checks its own edits with


def test_read_back_reads_every_sample_map_as_the_loader_does() -> None:
    from pathlib import Path

    from cjm.loader import read_back

    samples = sorted((Path(__file__).resolve().parents[2] / "sample_maps").rglob("*.yaml"))
    assert len(samples) >= 8
    for path in samples:
        text = path.read_text(encoding="utf-8")
        assert read_back(text) == load_text(text).data, path.name


def test_read_back_reads_scalars_as_the_loader_does_each_time() -> None:
    from cjm.loader import read_back

    text = ("a: no\nb: 010\nc: 2026-10-05\nd: 2026-02-30\ne: '2026'\nf: 1.5e3\ng: ~\nh: 0x1F\n"
            "i: .inf\nj: 2026-Q3\nk: 12:30\nl:\nm: !!str 5\nn: \"yes\"\n")
    expected = load_text(text).data
    assert expected["a"] is False and expected["d"] == "2026-02-30" and expected["m"] == "5"
    for _ in range(3):  # plain scalars are resolved once and remembered: the same values again
        assert read_back(text) == expected
        assert load_text(text).data == expected


def test_read_back_declines_what_it_does_not_handle() -> None:
    """``None`` sends the caller to the full loader, which reports the problem with a place."""
    from cjm.loader import read_back

    declined = {
        "an alias": "a: &x 1\nb: *x\n",
        "an anchor on a list": "a: &x [1]\n",
        "a merge key": "base: {a: 1}\nm:\n  <<: {a: 2}\n",
        "a duplicate key": "a: 1\na: 2\n",
        "a tag on a mapping": "a: !!map {b: 1}\n",
        "two documents": "a: 1\n---\nb: 2\n",
        "a syntax error": "a: [1, 2\n",
        "a tag not allowed": "a: !!python/name:os.system x\n",
        "a list as a key": "? [a]\n: 1\n",
        "nesting past the limit": "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    }
    for why, text in declined.items():
        assert read_back(text) is None, why


def test_read_back_declines_more_values_than_the_loader_allows(monkeypatch) -> None:
    """Past the limit the caller asks load_text, which reports CJM005 with its place."""
    import cjm.loader
    from cjm.loader import read_back

    text = "a: [" + ", ".join(str(n) for n in range(30)) + "]\n"
    assert read_back(text) == {"a": list(range(30))}
    monkeypatch.setattr(cjm.loader, "MAX_NODES", 20)
    assert read_back(text) is None
    assert [p.code for p in load_text(text).problems] == ["CJM005"]
