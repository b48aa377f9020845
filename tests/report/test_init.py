"""`cjm init`: a new user's first file validates, lints clean, and refuses to clobber work."""

from __future__ import annotations

import json

import pytest

from cjm.api import load
from cjm.interop.scaffold import PRESETS, scaffold


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_makes_a_valid_map(tmp_path, preset):
    path = tmp_path / f"{preset}.yaml"
    path.write_text(scaffold(str(path), "First purchase", preset), encoding="utf-8")
    journey = load(path)  # raises on any validation problem
    assert journey.title == "First purchase"
    assert all(stage.touchpoints and stage.touchpoints[0].channel for stage in journey.stages)
    assert journey.persona == journey.personas[0].id


def test_init_writes_a_map_that_passes_validate(cjm, tmp_path):
    path = tmp_path / "maps" / "first-purchase.yaml"
    result = cjm("init", str(path), "--title", "First purchase", "--persona", "Maya, first-time shopper")
    assert result.exit_code == 0, result.output
    assert f"Created {path}" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    for lane in ("moments_of_truth", "pain_points", "opportunities", "desired_actions",
                 "completed_actions", "metrics", "channels", "emotion", "next", "backstage"):
        assert f"# {lane}:" in text or f"#   {lane}:" in text or f"# {lane}: " in text, lane
    assert "name: Maya, first-time shopper" in text
    check = cjm("validate", str(path))
    assert check.exit_code == 0, check.output


def test_the_commented_examples_are_valid_when_uncommented(tmp_path):
    """What the file shows as an example must work when a user uncomments it."""
    path = tmp_path / "m.yaml"
    lines = scaffold(str(path), "T", "ecommerce").splitlines()
    out = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith("# ") and indent == "    " and not stripped.startswith("# Add ") \
                and not stripped.startswith("# completed_actions and"):
            out.append(indent + stripped[2:])
        elif stripped.startswith("#   ") and indent == "    ":
            out.append(indent + stripped[2:])
        else:
            out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    journey = load(path)
    first = journey.stages[0]
    assert first.emotion == 3 and first.pain_points and first.metrics[0].target == 4
    assert first.opportunities[0].addresses == ["pp-example"]


def test_stages_and_names_in_any_language(cjm, tmp_path):
    path = tmp_path / "ścieżka.yaml"
    result = cjm("init", str(path), "--preset", "blank", "--title", "Покупка",
                 "--stages", "Поиск, Zakup i odbiór,,Поиск,🙂")
    assert result.exit_code == 0, result.output
    journey = load(path)
    assert journey.id == "pokupka"
    assert [(s.id, s.name) for s in journey.stages] == [
        ("poisk", "Поиск"), ("zakup-i-odbior", "Zakup i odbiór"), ("poisk-2", "Поиск"), ("stage-4", "🙂"),
    ]


def test_refuses_to_overwrite_unless_forced(cjm, tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("my work\n", encoding="utf-8")
    refused = cjm("init", str(path))
    assert refused.exit_code == 2 and "already exists; use --force" in refused.stderr
    assert path.read_text(encoding="utf-8") == "my work\n"
    forced = cjm("init", str(path), "--force", "--preset", "saas")
    assert forced.exit_code == 0
    assert load(path).title == "Map"  # from the file name
    assert cjm("init", str(tmp_path), "--force").exit_code == 2  # a folder is not a file


def test_schema_modeline_points_at_the_repository_schema(tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "cjm.schema.json").write_text("{}", encoding="utf-8")
    text = scaffold(str(tmp_path / "maps" / "team" / "x.yaml"), "X")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/cjm.schema.json"


def test_init_output_lints_with_only_fill_this_in_infos(cjm, tmp_path):
    path = tmp_path / "first.yaml"
    assert cjm("init", str(path), "--title", "First").exit_code == 0
    result = cjm("lint", str(path), "--format", "json")
    if "No such command" in result.stderr:
        pytest.skip("`cjm lint` is not on this branch yet")
    problems = json.loads(result.stdout)
    assert [p for p in problems if p["severity"] != "info"] == [], result.stdout


def test_names_yaml_reads_as_yes_or_no_still_give_text_ids(cjm, tmp_path):
    """`no`, `on`, `yes`, `true` are booleans to YAML 1.1 (and PyYAML): written plain they would
    make the new map invalid, so the ids that are such words are quoted."""
    result = cjm("init", "no.yaml", "--stages", "Yes,No,Off", "--persona", "True", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "no.yaml").read_text(encoding="utf-8")
    assert 'id: "no"\n' in text and 'persona: "true"\n' in text and '  - id: "off"\n' in text
    assert cjm("validate", "no.yaml", cwd=tmp_path).stdout == "No problems in 1 file.\n"
