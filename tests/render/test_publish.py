"""Publishing from Python, without the command: what goes where, and what comes back."""

from __future__ import annotations

import pytest
from conftest import MINIMAL

from cjm.render.publish import PublishError, plan, publish


def test_a_folder_is_planned_as_a_site_and_published_with_its_index(write, tmp_path):
    write("maps/a.yaml", MINIMAL)
    write("maps/team/b.yaml", MINIMAL.replace("id: minimal", "id: b"))
    write("maps/ci.yaml", "on: push\n")
    todo = plan([str(tmp_path / "maps")], "html", tmp_path / "site")
    assert todo.to_folder and todo.site and not todo.to_stdout
    assert todo.names == ["a.html", "ci.html", "team/b.html"]
    done = publish(todo)
    assert [e.output for e in done.entries] == ["a.html", "team/b.html"]  # ci.yaml is no map
    assert done.written == ["a.html", "team/b.html", "index.html"]
    assert (tmp_path / "site" / "index.html").is_file()
    assert done.stdout is None and done.report.problems == []


def test_one_map_without_output_comes_back_for_stdout(write):
    path = write("m.yaml", MINIMAL)
    done = publish(plan([str(path)], "mermaid"))
    assert isinstance(done.stdout, str) and done.stdout.startswith("journey\n")
    assert done.written == []


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: plan([str(p)], "html"), "several maps need --output FOLDER"),
        (lambda p: plan([str(p / "nope.yaml")], "html"), "path not found"),
        (lambda p: publish(plan([str(p)], "html", p / "out")), "no maps found in"),
    ],
)
def test_usage_errors_are_publish_errors(tmp_path, setup, message):
    (tmp_path / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(PublishError, match=message):
        setup(tmp_path)
