"""Review at repository scale: maps paired by id in real git repositories, as a pull request sees them.

Each test builds a repository in tmp_path with `git init`, commits maps, then changes the working
tree the way a team does (`git mv`, edits, new and deleted maps, awkward file names) and runs
`cjm diff --rev` as CI would.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cjm
from test_diff_git import git

from cjm.diff.markdown import GITHUB_LIMIT, github_length

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SAMPLE = SAMPLES / "online-store-first-purchase.yaml"


def sample(map_id: str, source: Path = SAMPLE) -> str:
    """A sample map under another map id (map ids are unique across a repository)."""
    return re.sub(r"(?m)^id: .*$", f"id: {map_id}", source.read_text(encoding="utf-8"), count=1)


def commit_all(repo: Path, message: str = "maps") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two committed maps under maps/: checkout (the online store sample) and clinic."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "maps" / "checkout.yaml").write_text(sample("checkout"), encoding="utf-8")
    shutil.copy(SAMPLES / "clinic-appointment.yaml", root / "maps" / "clinic.yaml")
    commit_all(root, "first")
    return root


def diff_json(repo: Path, *args: str) -> dict:
    result = run_cjm("diff", "--rev", "HEAD", *args, "-f", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_moved_map_is_compared_with_itself_and_says_moved_no_changes(repo):
    (repo / "maps" / "private").mkdir()
    git(repo, "mv", "maps/checkout.yaml", "maps/private/checkout.yaml")
    text = run_cjm("diff", "--rev", "HEAD", "maps/", cwd=repo)
    assert text.exit_code == 0, text.stderr
    assert text.stdout == (
        "--- HEAD:maps/checkout.yaml\n+++ maps/private/checkout.yaml\n"
        "> moved from maps/checkout.yaml\n"
        "no changes\n"
        "\n"
        "1 of 2 maps changed: 1 moved\n"
    )
    md = run_cjm("diff", "--rev", "HEAD", "maps/", "-f", "markdown", cwd=repo).stdout
    assert "| `maps/private/checkout.yaml` | moved from maps/checkout.yaml, no changes |" in md
    assert "added" not in md and "removed" not in md and "resolved" not in md


def test_a_renamed_map_with_edits_shows_the_move_and_only_the_edits(repo):
    git(repo, "mv", "maps/checkout.yaml", "maps/first-order.yaml")
    path = repo / "maps" / "first-order.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Renamed · ", 1), encoding="utf-8")
    doc = diff_json(repo)
    (changed,) = [f for f in doc["files"] if f["moved_from"]]
    assert (changed["old"], changed["new"], changed["status"]) == (
        "HEAD:maps/checkout.yaml", "maps/first-order.yaml", "modified")
    assert [(c["kind"], c["field"]) for c in changed["changes"]] == [("changed", "title")]
    assert doc["summary"]["files_moved"] == 1 and doc["summary"]["files_added"] == 0


def test_a_new_future_state_map_and_a_deleted_map_are_one_line_each_and_resolve_nothing(repo):
    (repo / "maps" / "clinic.yaml").unlink()
    shutil.copy(SAMPLES / "bank-card-future.yaml", repo / "maps" / "card-future.yaml")
    # --lang en: an added map's line is in its own language (the future map is Russian)
    result = run_cjm("diff", "--rev", "HEAD", "-f", "markdown", "--lang", "en", cwd=repo)
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert "resolved" not in md and "introduced" not in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and "map" in line]
    assert any("`maps/card-future.yaml` (new map) | new map: " in r and " stages, " in r
               and " touchpoints, " in r and " open pain point" in r for r in rows)
    assert any("`HEAD:maps/clinic.yaml` (map deleted) | map deleted: " in r for r in rows)
    doc = diff_json(repo)
    assert doc["summary"]["pain_points_resolved"] == 0
    new = next(f for f in doc["files"] if f["status"] == "added")
    assert new["changes"] == [] and new["overview"]["stages"] > 0


def test_paths_with_a_newline_and_with_spaces_pair_the_right_old_contents(tmp_path):
    repo = tmp_path / "repo"
    (repo / "maps").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    names = {"odd": "line\none.yaml", "spaced": "with spaces.yaml", "plain": "plain.yaml"}
    for map_id, name in names.items():
        (repo / "maps" / name).write_text(sample(map_id), encoding="utf-8")
    commit_all(repo)
    clean = run_cjm("diff", "--rev", "HEAD", "--exit-code", cwd=repo)
    assert (clean.exit_code, clean.stdout) == (0, "0 of 3 maps changed\n")
    edited = repo / "maps" / "with spaces.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: New · ", 1),
                      encoding="utf-8")
    doc = diff_json(repo)
    changed = [(f["new"], f["map"]) for f in doc["files"] if f["changes"]]
    assert changed == [("maps/with spaces.yaml", "spaced")]
    odd = next(f for f in doc["files"] if f["map"] == "odd")
    assert odd["new"] == "maps/line\none.yaml" and odd["moved_from"] is None


def test_read_blobs_is_not_confused_by_a_newline_in_a_path(tmp_path):
    from cjm import gitio

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    files = {"a\nb.yaml": b"first\n", "a": b"second\n", "b.yaml": b"third\n", "c d.yaml": b"x\ny"}
    for name, data in files.items():
        (repo / name).write_bytes(data)
    commit_all(repo)
    commit = gitio.resolve(str(repo), "HEAD")
    assert gitio.read_blobs(str(repo), commit, list(files)) == files
    assert gitio.list_yaml(str(repo), commit, [""]) == ["a\nb.yaml", "b.yaml", "c d.yaml"]


def test_a_forty_map_pull_request_stays_under_the_comment_limit_and_lists_every_map(repo):
    sources = sorted(SAMPLES.glob("*.yaml"))
    for i in range(40):
        (repo / "maps" / f"imported-{i:02}.yaml").write_text(
            sample(f"imported-{i:02}", sources[i % len(sources)]), encoding="utf-8")
    # and one big edit, so there is a long section too
    path = repo / "maps" / "clinic.yaml"
    path.write_text(re.sub(r"emotion: (\d)", lambda m: f"emotion: {6 - int(m[1])}",
                           path.read_text(encoding="utf-8")), encoding="utf-8")
    md = run_cjm("diff", "--rev", "HEAD", "-f", "markdown", "--lang", "en", cwd=repo).stdout
    assert github_length(md) < 60_000 < GITHUB_LIMIT
    table = [line for line in md.splitlines() if "(new map) | new map: " in line]
    assert len(table) == 40
    assert md.count("<details>") == md.count("</details>") == 41
    small = run_cjm("diff", "--rev", "HEAD", "-f", "markdown", "--max-bytes", "15000", "--lang", "en",
                    cwd=repo)
    assert small.exit_code == 0, small.stderr
    assert github_length(small.stdout) <= 15000
    assert len([line for line in small.stdout.splitlines() if "(new map) | new map: " in line]) == 40
    left = re.search(r"\*\*(\d+) of 41 map sections left out\*\*", small.stdout)
    assert left is not None and small.stdout.count("<details>") == 41 - int(left[1])
    assert small.stdout.count("<details>") == small.stdout.count("</details>")
    assert "artifact" in small.stdout


def test_two_folders_are_paired_by_map_id(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "a").mkdir(parents=True)
    (new / "b").mkdir(parents=True)
    (old / "a" / "checkout.yaml").write_text(sample("checkout"), encoding="utf-8")
    (new / "b" / "renamed.yaml").write_text(sample("checkout"), encoding="utf-8")
    (old / "gone.yaml").write_text(sample("gone"), encoding="utf-8")
    (new / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    result = run_cjm("diff", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    assert "> moved from a/checkout.yaml\n" in result.stdout
    assert "map deleted: " in result.stdout
    assert result.stdout.endswith("2 of 2 maps changed: 1 deleted, 1 moved\n")


def test_fail_on_breaking_when_a_referenced_definition_or_a_map_id_goes(repo):
    path = repo / "maps" / "checkout.yaml"
    original = path.read_text(encoding="utf-8")
    assert run_cjm("diff", "--rev", "HEAD", "--fail-on", "breaking", cwd=repo).exit_code == 0
    path.write_text(original.replace("title: ", "title: Edited · ", 1), encoding="utf-8")
    edit = run_cjm("diff", "--rev", "HEAD", "--fail-on", "breaking", cwd=repo)
    assert (edit.exit_code, edit.stderr) == (0, "")
    (repo / "maps" / "clinic.yaml").unlink()
    gone = run_cjm("diff", "--rev", "HEAD", "--fail-on", "breaking", cwd=repo)
    assert gone.exit_code == 1
    assert gone.stderr == "cjm: breaking: map 'clinic-appointment' deleted: its id may be referred to from elsewhere\n"


def test_fail_on_breaking_for_a_removed_channel_that_touchpoints_used(tmp_path, write):
    old = write("old.yaml", """\
        cjm: 1
        id: m
        title: M
        channels:
          - id: kiosk
            name: Kiosk
            kind: physical
        stages:
          - id: s
            name: S
            touchpoints:
              - id: t
                name: T
                channel: kiosk
        """)
    new = write("new.yaml", old.read_text(encoding="utf-8").replace("""channels:
  - id: kiosk
    name: Kiosk
    kind: physical
""", "").replace("channel: kiosk", "channel: web"))
    result = run_cjm("diff", str(old), str(new), "--fail-on", "breaking", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["breaking"] == [
        "channel 'kiosk' removed while the map referred to it"]
    assert result.stderr == "cjm: breaking: channel 'kiosk' removed while the map referred to it\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("cjm: 1\nid: a\ntitle: A\nstages: []\n", ("a", "A")),
    ("stages:\n  - {id: s, name: S}\ntitle: 'Quoted: title'\ncjm: 1\nid: late\n", ("late", "Quoted: title")),
    ("{cjm: 1, id: flow, title: Flow, stages: [{id: s, name: S}]}\n", ("flow", "Flow")),
    ("x: &t T\ncjm: 1\nid: a\ntitle: *t\n", None),  # an alias: load it the ordinary way
    ("- cjm: 1\n", None),
    ("on: push\n", None),
    ("cjm: [1\n", None),
])
def test_an_unchanged_file_is_identified_from_its_first_keys_only(text, expected):
    from cjm.diff.pairs import Side, _quick

    assert _quick(Side("k", "k", text.encode())) == expected
