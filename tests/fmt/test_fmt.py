"""`cjm fmt`: hand-formatted maps come out in one layout, with the same meaning and comments."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cjm import yamledit
from cjm.fmt import format_text
from cjm.interop.scaffold import PRESETS, scaffold
from cjm.loader import load_text
from cjm.model import JourneyMap
from cjm.validate import validate_document
from tests.conftest import ROOT, SAMPLES, dedent, run_cjm

CORPUS = Path(__file__).parent / "corpus"
CANONICAL = (CORPUS / "canonical.yaml").read_text(encoding="utf-8")


def journey(text: str) -> JourneyMap:
    checked = validate_document(load_text(text))
    assert checked.map is not None, checked.problems
    return checked.map


def formatted(text: str) -> str:
    result = format_text(text)
    assert result.text is not None, [p.message for p in result.problems]
    return result.text


def variant(name: str) -> str:
    return (CORPUS / f"{name}.yaml").read_text(encoding="utf-8")


# A flow mapping has no line of its own for a comment: those two stay out of the flow variant.
FLOW_EXPECTED = CANONICAL.replace("  # dwie drogi", "").replace(
    "        # emotion: 4  (not measured yet)\n", "")

VARIANTS = {
    "scrambled": (variant("scrambled"), CANONICAL),
    "indented": (variant("indented"), CANONICAL),
    "flow": (variant("flow"), FLOW_EXPECTED),
    "crlf": (variant("indented").replace("\n", "\r\n"), CANONICAL.replace("\n", "\r\n")),
    "bom": ("\ufeff" + variant("scrambled"), CANONICAL),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_hand_formatted_variant_formats_to_the_canonical_text_and_the_same_map(name: str) -> None:
    source, expected = VARIANTS[name]
    out = formatted(source)
    assert out == expected
    assert journey(out) == journey(source)
    assert journey(out).model_dump() == journey(source).model_dump()


def test_the_canonical_text_is_a_fixed_point() -> None:
    assert formatted(CANONICAL) == CANONICAL


def _maps_in_the_repository() -> list[tuple[str, str]]:
    """Every map this repository holds: samples, fixtures, and the maps in rule case files."""
    found: list[tuple[str, str]] = []
    for path in sorted([*SAMPLES.glob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if text.startswith("rule:"):
            for n, case in enumerate(yaml.safe_load(text)["cases"]):
                found.append((f"{name}#{n}", case["map"]))
        elif load_text(text).is_map:
            found.append((name, text))
    return found


REPO_MAPS = _maps_in_the_repository()


@pytest.mark.parametrize(("name", "text"), REPO_MAPS, ids=[n for n, _ in REPO_MAPS])
def test_every_map_in_the_repository_formats_once_and_keeps_its_meaning(name: str, text: str) -> None:
    result = format_text(text, name)
    if result.text is None:  # a fixture that is broken on purpose: refused, never rewritten
        assert result.problems
        return
    assert formatted(result.text) == result.text
    assert load_text(result.text).data == load_text(text).data


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_cjm_init_writes_the_canonical_layout(preset: str) -> None:
    text = scaffold("maps/new.yaml", title="New", preset=preset)
    assert formatted(text) == text


def test_cjm_init_with_named_stages_writes_the_canonical_layout() -> None:
    text = scaffold("maps/new.yaml", title="New", stages=["Before", "After"], persona="Ola")
    assert formatted(text) == text


TRAPS = ["yes", "no", "on", "off", "y", "n", "true", "null", "~", "010", "0o17", "0x1f", "1:20",
         "1_000", ".5", "2026-01-01", "-", "- a", "a: b", "a #b", "[x]", "@x", "'", " lead", ""]


@pytest.mark.parametrize("text", TRAPS)
def test_text_that_yaml_would_read_as_something_else_is_quoted(text: str) -> None:
    source = f"cjm: 1\nid: m\ntitle: {yamledit.render_string(text)}\nstages:\n  - id: a\n    name: A\n"
    if text == "":  # an empty title is valid YAML text, written as ""
        assert 'title: ""' in source
    out = formatted(source)
    assert load_text(out).data["title"] == text
    assert f'title: "{text}"\n' in out


def test_text_that_needs_no_quotes_loses_them_and_non_ascii_stays_as_written() -> None:
    out = formatted(dedent("""
        cjm: 1
        id: m
        title: 'Покупка: первый раз?'
        description: "Zażółć gęślą jaźń"
        stages:
          - id: a
            name: "\\u0417\\u0430\\u043a\\u0430\\u0437"
    """))
    assert 'title: "Покупка: первый раз?"\n' in out
    assert "description: Zażółć gęślą jaźń\n" in out
    assert "    name: Заказ\n" in out


def test_folded_text_is_never_rewrapped() -> None:
    long = "word " * 40
    source = f"cjm: 1\nid: m\ntitle: T\ndescription: >\n  {long.strip()}\n  next line\nstages:\n  - id: a\n    name: A\n"
    assert formatted(source) == source


def test_the_modeline_goes_first() -> None:
    source = "# A map\n# yaml-language-server: $schema=s.json\ncjm: 1\nid: m\ntitle: T\nstages:\n  - id: a\n    name: A\n"
    assert formatted(source).splitlines()[:2] == ["# yaml-language-server: $schema=s.json", "# A map"]
    lower = "cjm: 1\nid: m\ntitle: T\n# yaml-language-server: $schema=s.json\nstages:\n  - id: a\n    name: A\n"
    assert formatted(lower).splitlines()[:2] == ["# yaml-language-server: $schema=s.json", "cjm: 1"]


def test_a_formatter_bug_that_would_change_the_meaning_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    source = dedent("""
        cjm: 1
        id: m
        title: "no"
        stages:
          - id: a
            name: A
    """)
    monkeypatch.setattr(yamledit.roundtrip, "render_string", lambda value, flow=False: value)
    result = format_text(source, "m.yaml")
    assert result.text is None
    assert "would change the meaning of this map at title ('no' became False)" in result.problems[0].message


# ---------------------------------------------------------------------------------- the CLI


def test_check_exits_1_and_names_the_file_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(variant("scrambled"), encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(CANONICAL, encoding="utf-8")
    result = run_cjm("fmt", "--check", str(tmp_path), "--lang", "en")
    assert result.exit_code == 1
    assert f"would reformat {path}" in result.stderr
    assert "1 file would be reformatted, 1 left unchanged." in result.stderr
    assert path.read_text(encoding="utf-8") == variant("scrambled")


def test_check_passes_on_formatted_maps_and_skips_other_yaml(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(CANONICAL, encoding="utf-8")
    (tmp_path / "ci.yml").write_text("jobs: {build: {runs-on: x}}\n", encoding="utf-8")
    result = run_cjm("fmt", "--check", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "0 files would be reformatted, 1 left unchanged." in result.stderr


def test_diff_prints_a_unified_diff_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(variant("indented"), encoding="utf-8")
    result = run_cjm("fmt", "--diff", str(path), env={"FORCE_COLOR": ""})
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert "-    Jak nowa klientka" in result.stdout
    assert "+  Jak nowa klientka" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert path.read_text(encoding="utf-8") == variant("indented")
    assert run_cjm("fmt", "--diff", str(CORPUS / "canonical.yaml")).exit_code == 0


def test_fmt_rewrites_files_in_place_and_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_bytes(variant("indented").replace("\n", "\r\n").encode("utf-8"))
    result = run_cjm("fmt", str(path))
    assert result.exit_code == 0, result.output
    assert "1 file reformatted, 0 left unchanged." in result.stderr
    assert path.read_bytes() == CANONICAL.replace("\n", "\r\n").encode("utf-8")
    assert run_cjm("fmt", "--check", str(path)).exit_code == 0


def test_fmt_drops_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + CANONICAL.encode("utf-8"))
    assert run_cjm("fmt", "--check", str(path)).exit_code == 1
    assert run_cjm("fmt", str(path)).exit_code == 0
    assert path.read_bytes() == CANONICAL.encode("utf-8")


def test_stdin_is_formatted_to_stdout() -> None:
    result = run_cjm("fmt", "-", input=variant("flow"))
    assert result.exit_code == 0, result.output
    assert result.stdout == FLOW_EXPECTED
    assert result.stderr == ""
    assert run_cjm("fmt", "--check", "-", input=variant("flow")).exit_code == 1


def test_an_invalid_map_is_refused_with_the_validate_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = "cjm: 1\nid: m\ntitle:    T\nstages:\n  - id: a\n    name: A\n    colour: red\n"
    path.write_text(text, encoding="utf-8")
    result = run_cjm("fmt", str(path))
    assert result.exit_code == 1
    assert f"{path}:7:5: error CJM010 stages[0].colour: unknown field 'colour' in stage" in result.stderr
    assert "0 files reformatted, 0 left unchanged, 1 not formatted (problems above)." in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_broken_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("cjm: 1\nid: m\ntitle: [T\n", encoding="utf-8")
    result = run_cjm("fmt", "--check", str(path))
    assert result.exit_code == 1
    assert f"{path}:4:1: error CJM001" in result.stderr


def test_a_map_with_aliases_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    text = "cjm: 1\nid: m\ntitle: &t Shop\ndescription: *t\nstages:\n  - id: a\n    name: A\n"
    path.write_text(text, encoding="utf-8")
    result = run_cjm("fmt", str(path))
    assert result.exit_code == 1
    assert "aliases" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_a_dangling_reference_does_not_stop_formatting(tmp_path: Path) -> None:
    """It may name a map or a library file elsewhere; cjm validate and lint report it."""
    path = tmp_path / "m.yaml"
    path.write_text("id: m\ncjm: 1\ntitle: T\npersona: elsewhere\nstages:\n  - id: a\n    name: A\n")
    assert run_cjm("fmt", str(path)).exit_code == 0
    assert path.read_text().startswith("cjm: 1\nid: m\n")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run_cjm("fmt", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "cjm: error: path not found" in result.stderr
    assert run_cjm("fmt", "--check", str(tmp_path), "--no-such-option").exit_code == 2


def test_only_maps_skips_named_yaml_that_is_no_map(tmp_path: Path) -> None:
    ci = tmp_path / "ci.yml"
    ci.write_text("jobs:   {a: 1}\n", encoding="utf-8")
    assert run_cjm("fmt", str(ci)).exit_code == 1  # named: it must be a map
    result = run_cjm("fmt", "--only-maps", str(ci))
    assert result.exit_code == 0, result.output
    assert ci.read_text(encoding="utf-8") == "jobs:   {a: 1}\n"


def test_the_pre_commit_hook_runs_cjm_fmt() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "cjm-fmt")
    assert hook["entry"] == "cjm fmt --only-maps"
    assert hook["types"] == ["yaml"]


def test_comments_in_odd_places_stay_with_the_element_they_describe() -> None:
    source = dedent("""
        cjm: 1
        id: m
        title: T
        stages:   # the stages
          # first
          - name: A
            id: a   # id comment
            thoughts:
            - "one"   # c1
            # before two
            - two
            description:
              # above a value on the next line
              text on the next line
        x-block:
          - # after a lone dash
            k: v
        x-multi: [a,
          # inside a flow list
          b]   # after it
        x-val:    # on a key with a nested mapping
          k2:   # on an empty value
          # before k1
          k1: v1
        # bottom of the file
    """)
    assert formatted(source) == dedent("""
        cjm: 1
        id: m
        title: T
        stages:  # the stages
          # first
          - id: a  # id comment
            name: A
            # above a value on the next line
            description: text on the next line
            thoughts:
              - one  # c1
              # before two
              - two
        x-block:
          - k: v  # after a lone dash
        # inside a flow list
        x-multi: [a, b]  # after it
        x-val:  # on a key with a nested mapping
          k2:  # on an empty value
          # before k1
          k1: v1
        # bottom of the file
    """)


STYLES = {  # how other tools write YAML: PyYAML's dump options
    "block": {"default_flow_style": False},
    "flow": {"default_flow_style": True},
    "four-space": {"default_flow_style": False, "indent": 4},
    "wrapped-at-20": {"default_flow_style": None, "width": 20},
    "escaped-unicode": {"default_flow_style": None, "allow_unicode": False},
    "explicit-tags": {"canonical": True},
}


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_a_sample_map_dumped_by_another_tool_formats_and_keeps_its_data(sample: str, style: str) -> None:
    data = load_text((SAMPLES / sample).read_text(encoding="utf-8")).data
    text = yaml.safe_dump(data, sort_keys=True, **STYLES[style])  # type: ignore[call-overload]
    out = formatted(text)
    assert formatted(out) == out
    assert load_text(out).data == data
    assert list(load_text(out).data)[:3] == ["cjm", "id", "title"]  # sort_keys put them apart


def test_diff_is_coloured_on_request_and_never_with_no_color(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(variant("indented"), encoding="utf-8")
    coloured = run_cjm("fmt", "--diff", str(path), env={"FORCE_COLOR": "1"})
    assert "\x1b[31m-    Jak nowa klientka" in coloured.stdout
    assert "\x1b[32m+  Jak nowa klientka" in coloured.stdout
    plain = run_cjm("fmt", "--diff", str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout


def test_a_file_name_with_an_escape_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J.yaml"
    path.write_text(variant("scrambled"), encoding="utf-8")
    result = run_cjm("fmt", "--diff", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert "evil\\x1b[2J.yaml" in result.stdout


def test_a_duplicate_id_does_not_stop_formatting_but_a_duplicate_key_does() -> None:
    twice = "cjm: 1\nid: m\ntitle: T\nstages:\n  - id: a\n    name: A\n  - id: a\n    name: 'B'\n"
    assert formatted(twice).endswith("  - id: a\n    name: B\n")
    result = format_text("cjm: 1\nid: m\ntitle: T\ntitle: U\nstages:\n  - id: a\n    name: A\n")
    assert result.text is None
    assert result.problems[0].code == "CJM002"


def test_a_library_file_is_formatted_in_the_library_models_order(tmp_path: Path) -> None:
    from cjm import model

    if not hasattr(model, "Library"):
        pytest.skip("library files arrive with the repository branch's model")
    (tmp_path / ".cjm.toml").write_text("", encoding="utf-8")
    path = tmp_path / "shared.yaml"
    path.write_text(dedent("""
        personas:
          - name: Anna
            id: anna   # the main persona
        library: shared
        cjm: 1
    """), encoding="utf-8")
    result = run_cjm("fmt", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == dedent("""
        cjm: 1
        library: shared
        personas:
          - id: anna  # the main persona
            name: Anna
    """)


def test_the_sample_maps_are_formatted_and_a_reformatted_copy_is_flagged(tmp_path: Path) -> None:
    """What CI runs: `cjm fmt --check` passes on sample_maps/ and fails on a copy in another
    layout (PyYAML's dump of the same maps, comments gone)."""
    clean = run_cjm("fmt", "--check", str(SAMPLES), "--lang", "en")  # the samples are mostly Russian
    assert clean.exit_code == 0, clean.output
    assert f"0 files would be reformatted, {len(list(SAMPLES.rglob('*.yaml')))} left unchanged." in clean.stderr
    for sample in SAMPLES.glob("*.yaml"):
        data = load_text(sample.read_text(encoding="utf-8")).data
        (tmp_path / sample.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    copy = run_cjm("fmt", "--check", str(tmp_path), "--lang", "en")
    assert copy.exit_code == 1
    assert f"would reformat {tmp_path / 'saas-onboarding.yaml'}" in copy.stderr


def test_a_stage_s_detail_link_is_kept_with_its_own_fields_before_its_lanes() -> None:
    """A link down to a sub-journey written after the lanes moves up among the stage's own
    fields (after its name, description, goal and emotion), where a reader of the stage sees it."""
    out = formatted(dedent("""
        cjm: 1
        id: bank
        title: Bank
        stages:
          - id: card
            name: Card
            touchpoints:
              - {id: tp-app, name: App, channel: mobile_app}
            pain_points:
              - {id: pp-slow, name: Slow delivery, severity: high, touchpoints: [tp-app]}
            detail: card-delivery
            emotion: 2
            description: Ordering and receiving the card
            thoughts: [When will it come?]
    """))
    stage = out.split("stages:\n", 1)[1]
    assert stage.startswith(
        "  - id: card\n"
        "    name: Card\n"
        "    description: Ordering and receiving the card\n"
        "    emotion: 2\n"
        "    detail: card-delivery\n"
        "    thoughts:\n"
        "      - When will it come?\n"
        "    touchpoints:\n"), out
    assert stage.count("detail:") == 1
