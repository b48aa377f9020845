"""`cjm diff OLD NEW` as a user runs it: exact output per format, exit codes, colour, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINIMAL, run_cjm

HERE = Path(__file__).parent
MAPS = HERE / "maps"
EXPECTED = HERE / "expected"


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


def test_text_output_of_a_realistic_pair(cjm):
    result = cjm("diff", "old.yaml", "new.yaml", cwd=MAPS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected("pair.txt")
    assert '~ Touchpoint "Посещение сайта" (interest): emotion 2 → 4 ↑\n' in result.stdout
    assert "\x1b[" not in result.stdout  # piped: no colour


def test_markdown_output_is_a_pull_request_comment(cjm):
    result = cjm("diff", "old.yaml", "new.yaml", "--format", "markdown", cwd=MAPS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected("pair.md")
    assert "| 🔄 | Touchpoint *Посещение сайта* | emotion 2 → 4 ↑ |" in result.stdout


def test_json_output_is_stable_and_documented(cjm):
    result = cjm("diff", "old.yaml", "new.yaml", "-f", "json", cwd=MAPS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected("pair.json")
    doc = json.loads(result.stdout)
    assert doc["cjm_diff"] == 1
    assert doc["summary"]["files_changed"] == 1
    (f,) = doc["files"]
    assert (f["old"], f["new"], f["status"], f["map"]) == ("old.yaml", "new.yaml", "modified", "online-order")
    emotion = next(c for c in f["changes"] if c["field"] == "emotion")
    assert emotion == {
        "kind": "changed", "element_kind": "touchpoint", "id": "tp-site", "name": "Посещение сайта",
        "stage": "interest", "stage_name": "Выбор товара", "field": "emotion", "old": 2, "new": 4,
        "meaning": "emotion_up", "note": None, "related": [],
    }


def test_small_change_exact_text_and_markdown(cjm, write):
    old = write("old.yaml", MINIMAL)
    new = write("new.yaml", MINIMAL.replace("name: Awareness", "name: Discovery"))
    text = cjm("diff", str(old), str(new))
    assert text.stdout == (
        f"--- {old}\n"
        f"+++ {new}\n"
        '~ Stage "Discovery" (awareness): renamed from "Awareness"\n'
        "1 renamed\n"
    )
    md = cjm("diff", str(old), str(new), "--format", "markdown")
    assert md.stdout == (
        "## Journey map changes\n"
        "\n"
        f"### `{new}`\n"
        "\n"
        "**1 renamed**\n"
        "\n"
        "#### Stage *Discovery* (`awareness`)\n"
        "\n"
        "| | element | change |\n"
        "|---|---|---|\n"
        "| ✏️ | Stage *Discovery* | renamed from *Awareness* |\n"
    )


def test_exit_code_option(cjm):
    assert cjm("diff", "old.yaml", "new.yaml", "--exit-code", cwd=MAPS).exit_code == 1
    same = cjm("diff", "old.yaml", "old.yaml", "--exit-code", cwd=MAPS)
    assert (same.exit_code, same.stdout) == (0, "--- old.yaml\n+++ old.yaml\nno changes\n")
    assert cjm("diff", "old.yaml", "new.yaml", cwd=MAPS).exit_code == 0


def test_reformatted_map_gives_no_changes(cjm, write):
    text = (MAPS / "old.yaml").read_text(encoding="utf-8")
    reformatted = "# reformatted\n" + text.replace("next: [tp-site]", "next:\n          - 'tp-site'").replace(
        "  - id: anna\n    name: Анна, новый покупатель", '  - name: "Анна, новый покупатель"\n    id: anna')
    new = write("reformatted.yaml", reformatted)
    result = cjm("diff", str(MAPS / "old.yaml"), str(new), "--exit-code")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("no changes\n")


def test_colour_only_when_forced_on_and_never_with_no_color(cjm):
    forced = cjm("diff", "old.yaml", "new.yaml", cwd=MAPS, env={"FORCE_COLOR": "1"})
    assert "\x1b[32m+\x1b[0m" in forced.stdout
    plain = cjm("diff", "old.yaml", "new.yaml", cwd=MAPS, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout


def test_invalid_map_shows_its_problems_like_validate_and_exits_2(cjm, write):
    bad = write("bad.yaml", MINIMAL.replace("name: Awareness", "name: Awareness\n    emotion: 9"))
    result = cjm("diff", str(MAPS / "old.yaml"), str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:7:14: error CJM014 stages[0].emotion: emotion 9 is out of range 1-5" in result.stderr
    assert f"cjm: error: {bad} is not a valid map" in result.stderr


def test_usage_errors_exit_2(cjm, tmp_path):
    one = cjm("diff", str(MAPS / "old.yaml"))
    assert one.exit_code == 2
    assert "expected two map files or folders, got 1" in one.stderr
    missing = cjm("diff", str(MAPS / "old.yaml"), str(tmp_path / "nope.yaml"))
    assert (missing.exit_code, missing.stderr.strip()) == (2, f"cjm: error: path not found: {tmp_path / 'nope.yaml'}")
    folder = cjm("diff", str(MAPS / "old.yaml"), str(tmp_path))
    assert folder.exit_code == 2
    assert "two files or two folders, not a file with a folder" in folder.stderr
    bad_format = cjm("diff", "old.yaml", "new.yaml", "--format", "xml", cwd=MAPS)
    assert bad_format.exit_code == 2


def test_output_file_is_written(cjm, tmp_path):
    out = tmp_path / "comment.md"
    result = cjm("diff", "old.yaml", "new.yaml", "-f", "markdown", "-o", str(out), cwd=MAPS)
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == expected("pair.md")


def test_current_state_against_future_state_map_warns_once(cjm):
    from conftest import SAMPLES

    result = cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", "--exit-code",
                 "--lang", "en", cwd=SAMPLES)
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "warning: comparing two different maps: 'bank-card-current' (Оформление дебетовой карты — "
        "текущее состояние) and 'bank-card-future' (Оформление дебетовой карты — целевое состояние)")
    assert result.stdout.count("warning:") == 1
    assert "~ Map \"Оформление дебетовой карты — целевое состояние\": state current → future" in lines


def test_one_side_from_stdin(cjm):
    text = (MAPS / "new.yaml").read_text(encoding="utf-8")
    result = cjm("diff", "old.yaml", "-", cwd=MAPS, input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected("pair.txt").replace("+++ new.yaml", "+++ <stdin>")


CONVERSION = """\
cjm: 1
id: c
title: C
stages:
  - id: s
    name: S
    desired_actions:
      - {id: da-buy, name: Buy}
    completed_actions:
      - {id: ca-buy, fulfils: da-buy, count: COUNT, of: BASE}
"""


def _conversion(write, old: tuple[int, int], new: tuple[int, int], lang: str = "en") -> str:
    def text(count: int, base: int) -> str:
        return CONVERSION.replace("COUNT", str(count)).replace("BASE", str(base))

    a, b = write("old.yaml", text(*old)), write("new.yaml", text(*new))
    return [line for line in run_cjm("diff", str(a), str(b), "--lang", lang)
            .stdout.splitlines() if line.startswith("~")][-1]  # after the count: the conversion


def test_a_conversion_change_too_small_for_one_decimal_shows_the_decimals_that_tell_it(write):
    """3.94% → 3.87% used to read "3.9% → 3.9% ↓": an arrow for a change nobody could see."""
    assert _conversion(write, (394, 10000), (387, 10000)).endswith(
        "conversion 3.94% → 3.87% ↓")
    assert _conversion(write, (394, 10000), (387, 10000), "ru").endswith(
        "конверсия 3,94\u00a0% → 3,87\u00a0% ↓")
    assert _conversion(write, (3941, 100000), (3942, 100000)).endswith(
        "conversion 3.941% → 3.942% ↑")
    # one decimal when one shows the change
    assert _conversion(write, (394, 10000), (420, 10000)).endswith("conversion 3.9% → 4.2% ↑")
