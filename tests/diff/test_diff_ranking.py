"""`cjm diff` says when new inputs or a new scoring formula reorder the top opportunities: with
`--rev` the old side is scored with the repository's configuration as it was at REV (read from
git), with two folders each with its own; real git in a temporary repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cjm

from cjm import api
from cjm import facts as F
from cjm.config import from_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "sample_maps" / "scoring"
NEW_FORMULA = "reach * confidence / effort"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The sample scoring repository, committed (tag v1)."""
    root = tmp_path / "repo"
    shutil.copytree(SAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    git(root, "tag", "v1")
    return root


def _set_formula(root: Path, formula: str) -> None:
    config = root / ".cjm.toml"
    lines = [f'formula = "{formula}"' if line.startswith("formula =") else line
             for line in config.read_text(encoding="utf-8").splitlines()]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _by_hand(path: Path, before: str, after: str) -> list[str]:
    """The moves in the top 5 of one map, from the ranks each formula gives (cjm.facts)."""
    journey = api.load(path)
    models = [from_bytes(text.encode(), "x.toml").scoring for text in (before, after)]
    moves = F.rank_moves(F.scores(journey, models[0]), F.scores(journey, models[1]))
    return [f"opportunity '{m.name}' moved from rank {m.before} to rank {m.after} by score" for m in moves]


def test_a_formula_changed_since_the_revision_reorders_unchanged_maps(repo: Path) -> None:
    old_config = (repo / ".cjm.toml").read_text(encoding="utf-8")
    _set_formula(repo, NEW_FORMULA)
    result = run_cjm("diff", "--rev", "v1", "-f", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    files = {f["new"]: f for f in json.loads(result.stdout)["files"]}
    crossing = files["book-a-crossing.yaml"]
    assert crossing["changes"] == []  # the map did not change: the formula did
    assert crossing["ranking"][0] == ("the scoring formula changed: "
                                      f"reach * impact * confidence / effort * fit → {NEW_FORMULA}")
    # by hand: under the old formula fare table (fit 1.5), decline reasons, vehicle lookup (fit
    # 1.5), price calendar; without impact and fit the calendar's 55,000 customers come second
    assert "opportunity 'Price calendar for seven days around the chosen date' moved from rank 4 " \
           "to rank 2 by score" in crossing["ranking"]
    new_config = (repo / ".cjm.toml").read_text(encoding="utf-8")
    assert crossing["ranking"][1:] == _by_hand(repo / "book-a-crossing.yaml", old_config, new_config)

    assert run_cjm("diff", "--rev", "v1", "--exit-code", cwd=repo).exit_code == 1
    text = run_cjm("diff", "--rev", "v1", "--lang", "de", cwd=repo).stdout
    assert f"^ die Bewertungsformel hat sich geändert: reach * impact * confidence / effort * fit → " \
           f"{NEW_FORMULA}" in text


def test_the_revision_reads_the_configuration_it_had(repo: Path) -> None:
    """Formula changed and committed: HEAD's .cjm.toml is the old side, not the working tree's."""
    _set_formula(repo, NEW_FORMULA)
    git(repo, "commit", "-qam", "new formula")
    files = json.loads(run_cjm("diff", "--rev", "HEAD", "-f", "json", cwd=repo).stdout)["files"]
    assert files and all(f["ranking"] == [] for f in files)
    ranking = {f["new"]: f["ranking"] for f in
               json.loads(run_cjm("diff", "--rev", "v1", "-f", "json", cwd=repo).stdout)["files"]}
    assert ranking["book-a-crossing.yaml"][0].startswith("the scoring formula changed")


def test_changed_inputs_move_an_opportunity_up(repo: Path) -> None:
    path = repo / "book-a-crossing.yaml"
    text = path.read_text(encoding="utf-8")
    # the price calendar states a reach four times the funnel's: from rank 4 to the top
    marker = "id: op-price-calendar\n"
    at = text.index(marker) + len(marker)
    indent = " " * (text.index(marker) - text.rindex("\n", 0, text.index(marker)) - 1)
    path.write_text(text[:at] + f"{indent}reach: 220000\n" + text[at:], encoding="utf-8")
    result = run_cjm("diff", "--rev", "v1", "-f", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    files = {f["new"]: f for f in json.loads(result.stdout)["files"]}
    assert files["app-onboarding.yaml"]["ranking"] == []  # unchanged, and the same formula
    crossing = files["book-a-crossing.yaml"]
    assert crossing["ranking"][0] == ("opportunity 'Price calendar for seven days around the "
                                      "chosen date' moved from rank 4 to rank 1 by score")
    assert not any("formula" in note for note in crossing["ranking"])  # the same formula


def test_two_folders_are_each_scored_with_their_own_formula(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(repo, other, ignore=shutil.ignore_patterns(".git"))
    _set_formula(other, NEW_FORMULA)
    result = run_cjm("diff", str(repo), str(other), "-f", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    files = {Path(f["new"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["book-a-crossing.yaml"]["ranking"][0].endswith(f"→ {NEW_FORMULA}")
    markdown = run_cjm("diff", str(repo), str(other), "-f", "markdown", cwd=tmp_path).stdout
    assert "- opportunity 'Price calendar for seven days around the chosen date' moved from rank 4" in markdown


def test_no_scoring_configured_no_ranking(repo: Path) -> None:
    """Without [scoring] on either side the ranking is nobody's agreed priority: not reported."""
    (repo / ".cjm.toml").unlink()
    git(repo, "commit", "-qam", "no scoring")
    path = repo / "book-a-crossing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("effort: medium", "effort: high"),
                    encoding="utf-8")
    files = json.loads(run_cjm("diff", "--rev", "HEAD", "-f", "json", cwd=repo).stdout)["files"]
    assert files and all(f["ranking"] == [] for f in files)
