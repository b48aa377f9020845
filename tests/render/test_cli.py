"""`cjm render` as a user runs it: files, folders, sites, exit codes, errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from lxml import html as lxml_html

from .helpers import MAPS

GOOD = """\
cjm: 1
id: good
title: Good map
persona: p
personas: [{id: p, name: Pat}]
reviewed: 2026-05-01
stages:
  - id: a
    name: Arrive
    touchpoints: [{id: t1, name: Door, channel: store, emotion: 4}]
    pain_points: [{id: pp, name: Queue, touchpoints: [t1], severity: high}]
    metrics: [{id: m, name: Wait, target: 5, actual: 9, direction: lower_is_better}]
"""
BROKEN = """\
cjm: 1
id: broken
title: Broken map
stages:
  - id: a
    name: A
    touchpoints: [{id: t1, name: T, chanel: web}]
"""


def test_one_file_to_stdout_and_to_a_named_file(cjm, write, tmp_path) -> None:
    path = write("good.yaml", GOOD)
    result = cjm("render", str(path))
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    out = tmp_path / "board.html"
    assert cjm("render", str(path), "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout
    assert cjm("render", str(path), "-f", "mermaid").stdout.startswith("journey\n")
    assert cjm("render", str(path), "-f", "md").stdout.startswith("# Good map\n")
    assert cjm("render", str(path), "-f", "dot").stdout.startswith("// ")


def test_folder_becomes_a_site_and_a_broken_map_is_listed_with_its_problems(cjm, write, tmp_path) -> None:
    write("maps/good.yaml", GOOD)
    write("maps/team/broken.yaml", BROKEN)
    write("maps/ci.yaml", "on: push\njobs: {}\n")  # not a map: skipped quietly
    site = tmp_path / "site"
    result = cjm("render", str(tmp_path / "maps"), "--output", str(site))
    assert result.exit_code == 1
    assert "broken.yaml:7:" in result.stderr and "chanel" in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == ["good.html", "index.html"]
    index = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    rows = index.xpath("//table[@class='index']/tbody/tr")
    assert len(rows) == 2
    text = index.text_content()
    assert "Good map" in text and "Pat" in text and "2026-05-01" in text and "1 high" in text
    assert "⚠" in text and "team/broken.yaml" in text and "chanel" in text
    assert index.xpath("//a[@href='./good.html']")  # relative, ./-prefixed (docs/output.md)
    board = lxml_html.document_fromstring((site / "good.html").read_text(encoding="utf-8"))
    assert board.xpath("//a[@href='./index.html']")


def test_site_is_byte_identical_between_runs_and_leaves_no_temporary_files(cjm, tmp_path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert cjm("render", str(MAPS), "-o", str(one)).exit_code == 0
    assert cjm("render", str(MAPS), "-o", str(two)).exit_code == 0
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    assert not [n for n in names if n.startswith(".")]
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_several_files_in_another_format_write_one_file_each(cjm, tmp_path) -> None:
    out = tmp_path / "md"
    files = sorted(str(p) for p in MAPS.glob("*.yaml"))
    assert cjm("render", *files, "-f", "md", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".md" for p in MAPS.glob("*.yaml"))


def test_usage_errors_are_one_line_and_exit_2(cjm, write, tmp_path) -> None:
    path = write("good.yaml", GOOD)
    cases = [
        (("render", str(tmp_path / "nope.yaml")), "path not found"),
        (("render", str(MAPS)), "need --output FOLDER"),
        (("render", str(path), "--template-dir", str(tmp_path / "none")), "not a folder"),
        (("render", str(path), "-f", "gif"), "gif"),
    ]
    for args, words in cases:
        result = cjm(*args)
        assert result.exit_code == 2, args
        assert words in result.stderr and "Traceback" not in result.stderr


def test_template_dir_overrides_one_template_and_a_broken_one_is_a_clear_error(cjm, write, tmp_path) -> None:
    path = write("good.yaml", GOOD)
    write("tpl/style.css", "body { color: rebeccapurple; }\n")
    result = cjm("render", str(path), "--template-dir", str(tmp_path / "tpl"))
    assert result.exit_code == 0 and "rebeccapurple" in result.stdout and "<table" in result.stdout
    write("bad/board.html.j2", "<h1>{{ map.title }</h1>\n")
    result = cjm("render", str(path), "--template-dir", str(tmp_path / "bad"), "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith("cjm: error: ") and "board.html.j2:1" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.html").exists()


@pytest.mark.e2e
def test_rendering_html_does_not_import_graphviz() -> None:
    code = (
        "import sys; from cjm.api import load; from cjm.render import render; "
        f"render(load({str(MAPS / 'online-store-first-purchase.yaml')!r}), 'html'); "
        "print('graphviz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
