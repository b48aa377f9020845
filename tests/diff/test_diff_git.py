"""Git integration against real temporary repositories: `--rev`, the external driver, textconv."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, run_cjm

MAPS = Path(__file__).parent / "maps"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CJM = f"{sys.executable} -m cjm"


def git(repo: Path, *args: str) -> str:
    """git as the suite's environment sets it up (tests/conftest.py): no user configuration."""
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds two maps and a CI file; the second edits and deletes."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    shutil.copy(MAPS / "old.yaml", root / "maps" / "order.yaml")
    (root / "maps" / "gone.yaml").write_text(MINIMAL.replace("id: minimal", "id: gone"), encoding="utf-8")
    (root / "maps" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    git(root, "tag", "v1")
    shutil.copy(MAPS / "new.yaml", root / "maps" / "order.yaml")
    (root / "maps" / "gone.yaml").unlink()
    (root / "maps" / "fresh.yaml").write_text(MINIMAL.replace("id: minimal", "id: fresh"), encoding="utf-8")
    (root / "maps" / "ci.yaml").write_text("on: [push, pull_request]\n", encoding="utf-8")
    return root


def test_rev_compares_working_tree_with_a_revision_including_added_and_deleted_maps(repo):
    head_before = git(repo, "rev-parse", "HEAD")
    result = run_cjm("diff", "--rev", "main", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    files = [(f["old"], f["new"], f["status"]) for f in doc["files"]]
    assert files == [  # the CI file is not a map and is left out
        (None, "maps/fresh.yaml", "added"),
        ("main:maps/gone.yaml", None, "deleted"),
        ("main:maps/order.yaml", "maps/order.yaml", "modified"),
    ]
    # a deleted map is one line, not every element removed (nor its pain points "resolved")
    assert doc["files"][1]["changes"] == []
    assert doc["files"][1]["overview"] == {
        "title": "Minimal map", "stages": 1, "touchpoints": 0, "open_pain_points": 0}
    assert doc["files"][2]["summary"]["line"].startswith("2 added, 2 removed, 6 changed")
    # nothing was checked out or staged
    assert git(repo, "rev-parse", "HEAD") == head_before
    assert git(repo, "status", "--porcelain") == (
        " M maps/ci.yaml\n D maps/gone.yaml\n M maps/order.yaml\n?? maps/fresh.yaml\n")


def test_rev_text_output_from_a_subfolder_with_a_path(repo):
    result = run_cjm("diff", "--rev", "v1", "order.yaml", "--exit-code", cwd=repo / "maps")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- v1:maps/order.yaml\n+++ maps/order.yaml\n")
    assert '~ Touchpoint "Посещение сайта" (interest): emotion 2 → 4 ↑\n' in result.stdout


def test_rev_markdown_for_a_pull_request(repo):
    result = run_cjm("diff", "--rev", "HEAD", "maps", "-f", "markdown", cwd=repo)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Journey map changes\n\n### ⚠️ 1 breaking change\n\n"
                          "- `HEAD:maps/gone.yaml`: map 'gone' deleted: its id may be referred to "
                          "from elsewhere\n\n3 of 3 maps changed: 1 new, 1 deleted · 2 added, "
                          "2 removed, 6 changed")
    assert "| Minimal map | `maps/fresh.yaml` (new map) | new map: 1 stage, 0 touchpoints, " \
           "0 open pain points |\n" in out
    assert "<summary><b>Minimal map</b> `HEAD:maps/gone.yaml` (map deleted)</summary>\n" in out
    assert "#### Stage *Выбор товара* (`interest`)\n" in out


def test_rev_with_no_changes(repo):
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "second")
    result = run_cjm("diff", "--rev", "HEAD", "--exit-code", cwd=repo)
    assert (result.exit_code, result.stdout) == (0, "0 of 2 maps changed\n")
    earlier = run_cjm("diff", "--rev", "HEAD~1", "--exit-code", cwd=repo)
    assert earlier.exit_code == 1


def test_rev_errors_are_clear_and_exit_2(repo, tmp_path):
    unknown = run_cjm("diff", "--rev", "no-such-branch", cwd=repo)
    assert (unknown.exit_code, unknown.stderr) == (
        2, "cjm: error: unknown revision 'no-such-branch' (try a branch, a tag or HEAD~1)\n")
    outside = tmp_path / "plain"
    outside.mkdir()
    not_repo = run_cjm("diff", "--rev", "main", cwd=outside)
    assert not_repo.exit_code == 2
    assert not_repo.stderr.startswith("cjm: error: not a git repository")
    missing = run_cjm("diff", "--rev", "main", "nowhere", cwd=repo)
    assert (missing.exit_code, missing.stderr) == (2, "cjm: error: path not found: nowhere\n")


def test_rev_with_an_invalid_map_reports_it_in_its_place_and_compares_the_rest(repo):
    """A broken map does not silence the review: its problems are shown where its changes would
    be, the other maps are compared, and the exit code says problems were found (1)."""
    (repo / "maps" / "order.yaml").write_text(
        (MAPS / "new.yaml").read_text(encoding="utf-8").replace("emotion: 4", "emotion: 8", 1),
        encoding="utf-8")
    result = run_cjm("diff", "--rev", "main", cwd=repo)
    assert result.exit_code == 1
    assert ("maps/order.yaml:28:18: error CJM014 stages[1].touchpoints[0].emotion: emotion 8 is "
            "out of range") in result.stdout
    assert "new map: Minimal map" in result.stdout and "map deleted: Minimal map" in result.stdout
    assert result.stderr == ("cjm: maps/order.yaml is not a valid map; its changes are not shown "
                             "(see `cjm validate`)\n")
    alone = run_cjm("diff", "--rev", "main", "maps/order.yaml", cwd=repo)
    assert alone.exit_code == 2  # nothing could be compared


def configure_driver(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.yaml diff=cjm\n*.yml diff=cjm\n", encoding="utf-8")
    git(repo, "config", "diff.cjm.command", f"{CJM} git-diff")


@pytest.mark.e2e
def test_git_diff_uses_the_driver(repo):
    configure_driver(repo)
    out = git(repo, "diff", "--", "maps/order.yaml")
    assert out.startswith(
        "cjm diff a/maps/order.yaml b/maps/order.yaml\n--- a/maps/order.yaml\n+++ b/maps/order.yaml\n")
    assert '~ Touchpoint "Посещение сайта" (interest): emotion 2 → 4 ↑\n' in out
    assert '> Touchpoint "Каталог" (purchase): moved from stage "Выбор товара" (interest)\n' in out
    assert out.endswith("persona switched · emotion ↑1 ↓0\n")


@pytest.mark.e2e
def test_git_diff_handles_deleted_added_and_non_map_files(repo):
    configure_driver(repo)
    git(repo, "add", "-A")
    out = git(repo, "diff", "--cached", "--no-renames", "--", "maps/gone.yaml", "maps/fresh.yaml", "maps/ci.yaml")
    assert "cjm diff a/maps/fresh.yaml b/maps/fresh.yaml\n--- /dev/null\n+++ b/maps/fresh.yaml\n" \
           "new map: Minimal map · 1 stage, 0 touchpoints, 0 open pain points\n" in out
    assert "--- a/maps/gone.yaml\n+++ /dev/null\n" \
           "map deleted: Minimal map · 1 stage, 0 touchpoints, 0 open pain points\n" in out
    assert ("cjm: maps/ci.yaml is not a journey map (no `cjm:` key); showing a line diff\n"
            "--- a/maps/ci.yaml\n+++ b/maps/ci.yaml\n@@ -1 +1 @@\n-on: push\n+on: [push, pull_request]\n") in out


@pytest.mark.e2e
def test_git_log_patch_uses_the_driver_with_ext_diff(repo):
    configure_driver(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    out = git(repo, "log", "-p", "--ext-diff", "-1", "--format=%s", "--", "maps/order.yaml")
    assert out.startswith("second\n\ncjm diff a/maps/order.yaml b/maps/order.yaml\n")
    assert '~ Stage "Выбор товара" (interest): renamed from "Интерес"\n' in out


@pytest.mark.e2e
def test_git_diff_driver_shows_problems_of_a_broken_map_and_git_carries_on(repo):
    configure_driver(repo)
    (repo / "maps" / "order.yaml").write_text("cjm: 1\nid: [broken\n", encoding="utf-8")
    out = git(repo, "diff")
    assert "cjm: the new version of maps/order.yaml is not a valid map; showing a line diff\n" in out
    assert "b/maps/order.yaml:3:1: error CJM001 YAML syntax error" in out
    assert "+id: [broken\n" in out
    assert "cjm diff a/maps/ci.yaml b/maps/ci.yaml\n" in out  # git went on to the next file


def test_git_diff_with_wrong_arguments_still_exits_0(cjm):
    result = cjm("git-diff", "only-one")
    assert result.exit_code == 0
    assert "expected git's 7 external-diff arguments, got 1" in result.stdout


@pytest.mark.e2e
def test_textconv_with_show_canonical(repo):
    (repo / ".gitattributes").write_text("*.yaml diff=cjm\n", encoding="utf-8")
    git(repo, "config", "diff.cjm.textconv", f"{CJM} show --canonical --raw-if-invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    # reformat the map without changing its meaning: the textconv diff is empty
    text = (repo / "maps" / "order.yaml").read_text(encoding="utf-8")
    (repo / "maps" / "order.yaml").write_text("# reformatted\n" + text.replace("next: [tp-cart]", "next:\n          - tp-cart"),
                                              encoding="utf-8")
    assert git(repo, "diff", "--", "maps/order.yaml") == ""
    (repo / "maps" / "order.yaml").write_text(text.replace("emotion: 4", "emotion: 5", 1), encoding="utf-8")
    out = git(repo, "diff", "--", "maps/order.yaml")
    assert "-        emotion: 4\n+        emotion: 5\n" in out
    assert "diff" in git(repo, "log", "-p", "-1", "--", "maps/ci.yaml")  # a non-map goes through raw


@pytest.mark.e2e
def test_git_diff_driver_with_a_detected_rename(repo):
    configure_driver(repo)
    git(repo, "add", "-A")
    out = git(repo, "diff", "--cached", "-M", "--", "maps/gone.yaml", "maps/fresh.yaml")
    assert out == (
        "cjm diff a/maps/gone.yaml b/maps/fresh.yaml\n"
        "--- a/maps/gone.yaml\n+++ b/maps/fresh.yaml\n"
        "warning: comparing two different maps: 'gone' (Minimal map) and 'fresh' (Minimal map)\n"
        "no changes\n"
    )


@pytest.mark.e2e
def test_git_diff_compares_a_library_file_as_a_library(repo):
    """A library's personas and channels by id, in the language of the repository's maps (a
    Russian one here); a library that does not validate gets its problems and a line diff."""
    lib = repo / "library.yaml"
    lib.write_text("cjm: 1\nlibrary: shared\npersonas:\n  - id: olga\n    name: Ольга\n"
                   "channels:\n  - id: kiosk\n    name: Киоск\n", encoding="utf-8")
    (repo / "maps" / "ru.yaml").write_text(
        MINIMAL.replace("id: minimal", "id: ru\nlang: ru\npersona: olga"), encoding="utf-8")
    git(repo, "add", "library.yaml", "maps/ru.yaml")
    git(repo, "commit", "-qm", "library")
    configure_driver(repo)
    lib.write_text("cjm: 1\nlibrary: shared\npersonas:\n  - id: olga\n    name: Ольга, 35\n",
                   encoding="utf-8")
    out = git(repo, "diff", "--", "library.yaml")
    assert out.splitlines()[:3] == ["cjm diff a/library.yaml b/library.yaml", "--- a/library.yaml",
                                    "+++ b/library.yaml"]
    assert '~ Персона "Ольга, 35": переименована, было "Ольга"' in out
    assert '- Канал "Киоск": удалён' in out
    lib.write_text("cjm: 1\nlibrary: shared\npersonas: 5\n", encoding="utf-8")
    broken = git(repo, "diff", "--", "library.yaml")
    assert "некорректная библиотека; показано построчное сравнение" in broken  # the library's language
    assert "+personas: 5" in broken


def test_git_diff_resolves_references_against_the_work_trees_libraries(tmp_path):
    """With a library in the repository, `git diff` through the driver is a semantic diff of a map
    that names the library's persona, channels and metric: no false "unknown reference", no line
    diff."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    (root / "library").mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "library" / "shared.yaml").write_text(
        "cjm: 1\nlibrary: shared\npersonas:\n  - id: olga\n    name: Olga\n"
        "channels:\n  - id: kiosk\n    name: Kiosk\n  - id: app\n    name: App\n"
        "metrics:\n  - id: nps\n    name: NPS\n", encoding="utf-8")
    journey = ("cjm: 1\nid: visit\ntitle: Visit\npersona: olga\nstages:\n  - id: s1\n    name: One\n"
               "    touchpoints:\n      - id: tp-a\n        name: A\n        channel: kiosk\n"
               "      - id: tp-b\n        name: B\n        channel: app\n        emotion: 2\n"
               "    desired_actions:\n      - id: da\n        name: Do\n        metric: nps\n")
    (root / "maps" / "visit.yaml").write_text(journey, encoding="utf-8")
    (root / ".gitattributes").write_text("*.yaml diff=cjm\n", encoding="utf-8")
    git(root, "config", "diff.cjm.command", f"{CJM} git-diff")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    (root / "maps" / "visit.yaml").write_text(journey.replace("emotion: 2", "emotion: 4"),
                                              encoding="utf-8")
    out = git(root, "diff")
    assert out.splitlines() == [
        "cjm diff a/maps/visit.yaml b/maps/visit.yaml",
        "--- a/maps/visit.yaml",
        "+++ b/maps/visit.yaml",
        '~ Touchpoint "B" (s1): emotion 2 → 4 ↑',
        "Emotion curve: s1 2 → 4 ↑",  # the mean of the rated touchpoints
        "1 changed · emotion ↑1 ↓0",
    ]
