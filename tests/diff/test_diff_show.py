"""`cjm show --canonical`: one stable text per map, whatever the YAML looked like."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL, SAMPLES

from cjm.api import load
from cjm.diff import diff_maps
from cjm.diff.canonical import canonical
from cjm.loader import load_text
from cjm.validate import validate_document

MAPS = Path(__file__).parent / "maps"


def test_canonical_form_is_readable_yaml_in_the_formats_order(cjm, write):
    path = write("m.yaml", """
        # a comment that canonical form drops
        stages:
          - touchpoints:
              - {emotion: 4, name: "Посещение сайта", id: tp-site, channel: web, x-jira: CX-12}
            name: Интерес
            id: interest
        title: 'Карта'
        cjm: 1
        reviewed: 2026-09-30
        state: current
        id: m
        x-owner-team: growth
    """)
    result = cjm("show", "--canonical", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "cjm: 1\n"
        "id: m\n"
        "title: Карта\n"
        "reviewed: 2026-09-30\n"
        "stages:\n"
        "  - id: interest\n"
        "    name: Интерес\n"
        "    touchpoints:\n"
        "      - id: tp-site\n"
        "        name: Посещение сайта\n"
        "        channel: web\n"
        "        emotion: 4\n"
        "        x-jira: CX-12\n"
        "x-owner-team: growth\n"
    )


def test_same_map_differently_written_prints_the_same_bytes(cjm, write):
    text = (MAPS / "old.yaml").read_text(encoding="utf-8")
    other = write("other.yaml", "# moved keys around\n" + text.replace(
        "owner: CX team\npersona: anna", "persona: anna\nowner: 'CX team'").replace(
        "next: [tp-site]", "next:\n          - tp-site"))
    a = cjm("show", "--canonical", str(MAPS / "old.yaml"))
    b = cjm("show", "--canonical", str(other))
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout


def test_canonical_form_is_a_valid_map_of_the_same_meaning():
    for sample in sorted(SAMPLES.glob("*.yaml")):
        journey = load(sample)
        text = canonical(journey)
        checked = validate_document(load_text(text, "canonical"))
        assert checked.ok, (sample.name, checked.problems)
        assert checked.map is not None
        assert diff_maps(journey, checked.map).changes == [], sample.name
        assert canonical(checked.map) == text  # a fixed point


def test_show_output_file_diffs_clean_against_its_source(cjm, tmp_path):
    sample = SAMPLES / "omnichannel-retail.yaml"
    out = tmp_path / "canonical.yaml"
    assert cjm("show", str(sample), "-o", str(out)).exit_code == 0
    assert cjm("diff", str(sample), str(out), "--exit-code").exit_code == 0


def test_invalid_map_exits_2_unless_raw_is_asked_for(cjm, write):
    bad = write("bad.yaml", MINIMAL.replace("id: awareness", "id: Awareness!"))
    strict = cjm("show", "--canonical", str(bad))
    assert strict.exit_code == 2
    assert "error CJM015" in strict.stderr
    raw = cjm("show", "--canonical", "--raw-if-invalid", str(bad))
    assert (raw.exit_code, raw.stdout) == (0, bad.read_text(encoding="utf-8"))
    missing = cjm("show", "nope.yaml")
    assert (missing.exit_code, missing.stderr) == (2, "cjm: error: path not found: nope.yaml\n")
