"""Run the CI recipes of docs/ci.md on a temporary git repository, as the CI services would.

Usage: python tools/check-ci-recipes.py broken|fixed [RECIPE...]

Builds a repository with a library and maps, pushes its main branch to a bare "origin", and makes
a pull-request branch: ``broken`` removes a library channel a map still uses and breaks another
map; ``fixed`` does the same library change with the map moved to another channel. Then every
recipe marked ``<!-- ci-recipe: NAME -->`` in docs/ci.md runs there: GitHub Actions steps one by
one (a step without ``if: always()`` is skipped after a failure; ``uses:`` steps are the
service's own, except that an uploaded SARIF file must exist), GitLab CI's ``before_script`` and
``script`` lines in one shell that stops at the first failure. The ``pip install`` line is
skipped (the cjm that runs this script is used); ``gh`` and ``curl`` are replaced by recorders
that answer "no comment yet" and keep what would have been posted.

Prints one JSON object: per recipe, whether the job passed, the steps that failed and the
comments posted. Exit 0 when every recipe did what the scenario expects (broken: blocked, with a
comment; fixed: passed, with a comment), else 1. tests/diff/test_ci_recipes.py runs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ci.md"

LIBRARY = """\
cjm: 1
library: wspolne
channels:
  - id: kiosk
    name: Kiosk samoobsługowy
  - id: aplikacja
    name: Aplikacja
"""

SHOP = """\
cjm: 1
id: sklep
title: Pierwszy zakup
lang: pl
stages:
  - id: wybor
    name: Wybór
    touchpoints:
      - id: tp-kiosk
        name: Kiosk w sklepie
        channel: kiosk
        emotion: 3
"""

CLINIC = """\
cjm: 1
id: klinika
title: Wizyta w klinice
lang: pl
stages:
  - id: zapis
    name: Zapis
    touchpoints:
      - id: tp-telefon
        name: Telefon
        channel: phone
        emotion: 2
"""

FAKE = r'''#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
entry = {"tool": os.path.basename(sys.argv[0]), "args": args}
for i, a in enumerate(args):
    for prefix in ("body=@", "body@"):
        if a.startswith(prefix):
            entry["body"] = open(a[len(prefix):], encoding="utf-8").read()
with open(os.environ["CJM_FAKE_LOG"], "a", encoding="utf-8") as fh:
    fh.write(json.dumps(entry) + "\n")
if entry["tool"] == "curl" and "-X" not in args:
    print("[]")
'''


def recipes() -> dict[str, dict[str, Any]]:
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"<!-- ci-recipe: (\w+) -->\n```yaml\n(.*?)```", text, re.S)
    return {name: yaml.safe_load(body) for name, body in found}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                          env=env, check=True).stdout


def pull_request(tmp: Path, scenario: str) -> Path:
    """The clone CI checks out: main as origin has it, the pull request's commit on top."""
    base = tmp / "base"
    (base / "maps").mkdir(parents=True)
    (base / "library").mkdir()
    (base / ".cjm.toml").write_text("", encoding="utf-8")
    (base / "library" / "wspolne.yaml").write_text(LIBRARY, encoding="utf-8")
    (base / "maps" / "sklep.yaml").write_text(SHOP, encoding="utf-8")
    (base / "maps" / "klinika.yaml").write_text(CLINIC, encoding="utf-8")
    git(base, "init", "-q", "-b", "main")
    git(base, "add", "-A")
    git(base, "commit", "-qm", "maps")
    git(tmp, "clone", "-q", "--bare", str(base), str(tmp / "origin.git"))
    work = tmp / "work"
    git(tmp, "clone", "-q", str(tmp / "origin.git"), str(work))
    git(work, "checkout", "-q", "-b", "pr")
    lib = work / "library" / "wspolne.yaml"
    lib.write_text(LIBRARY.replace("  - id: kiosk\n    name: Kiosk samoobsługowy\n", ""),
                   encoding="utf-8")
    if scenario == "broken":
        clinic = work / "maps" / "klinika.yaml"
        clinic.write_text(CLINIC.replace("emotion: 2", "emotion: 9"), encoding="utf-8")
    else:
        shop = work / "maps" / "sklep.yaml"
        shop.write_text(SHOP.replace("channel: kiosk", "channel: aplikacja"), encoding="utf-8")
    git(work, "commit", "-qam", "pull request")
    return work


def environment(tmp: Path) -> dict[str, str]:
    bin_dir = tmp / "fake-bin"
    bin_dir.mkdir()
    for tool in ("gh", "curl"):
        path = bin_dir / tool
        path.write_text(FAKE.replace("/usr/bin/env python3", sys.executable, 1), encoding="utf-8")
        path.chmod(0o755)
    cjm_bin = Path(sys.executable).parent
    return {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), str(cjm_bin), os.environ.get("PATH", "")]),
        "CJM_FAKE_LOG": str(tmp / "posted.jsonl"), "NO_COLOR": "1",
        # GitHub Actions
        "GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main", "GITHUB_REPOSITORY": "team/maps",
        "GH_TOKEN": "token", "PR": "7",
        # GitLab CI
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_API_V4_URL": "https://gitlab.invalid/api/v4",
        "CI_PROJECT_ID": "1", "CI_MERGE_REQUEST_IID": "7", "CJM_NOTES_TOKEN": "token",
    }


def _skipped(line: str) -> bool:
    return line.strip().startswith("pip install")


def _shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False)


def run_github(workflow: dict[str, Any], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    failed: list[str] = []
    ran: list[str] = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            name = step.get("name") or step.get("run") or step.get("uses")
            if failed and "always()" not in str(step.get("if", "")):
                continue
            if "uses" in step:
                if "upload-sarif" in step["uses"] and not (cwd / step["with"]["sarif_file"]).is_file():
                    failed.append(f"{name}: no {step['with']['sarif_file']}")
                continue
            script = "\n".join(line for line in step["run"].splitlines() if not _skipped(line))
            if not script.strip():
                continue
            ran.append(name)
            result = _shell(script, cwd, {**env, **{k: str(v) for k, v in step.get("env", {}).items()
                                                    if "${{" not in str(v)}})
            if result.returncode != 0:
                failed.append(f"{name}: exit {result.returncode}: {result.stdout}{result.stderr}")
    return {"passed": not failed, "failed": failed, "ran": ran}


def run_gitlab(config: dict[str, Any], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"passed": True, "failed": [], "ran": []}
    for name, job in config.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        lines = [line for line in (*job.get("before_script", []), *job["script"]) if not _skipped(line)]
        variables = {k: str(v) for k, v in job.get("variables", {}).items()}
        result = _shell("\n".join(lines), cwd, {**env, **variables})
        out["ran"].append(name)
        if result.returncode != 0:
            out["passed"] = False
            out["failed"].append(f"{name}: exit {result.returncode}: {result.stdout}{result.stderr}")
    return out


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("broken", "fixed"):
        print(__doc__, file=sys.stderr)
        return 2
    scenario, wanted = argv[0], argv[1:]
    found = recipes()
    report: dict[str, Any] = {"scenario": scenario, "recipes": {}}
    ok = bool(found)
    for name, recipe in found.items():
        if wanted and name not in wanted:
            continue
        with tempfile.TemporaryDirectory(prefix=f"cjm-ci-{name}-") as tmp_name:
            tmp = Path(tmp_name)
            work = pull_request(tmp, scenario)
            env = environment(tmp)
            run = run_github if name == "github" else run_gitlab
            result = run(recipe, work, env)
            log = tmp / "posted.jsonl"
            posted = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] \
                if log.exists() else []
            result["comments"] = [p["body"] for p in posted if "body" in p]
        report["recipes"][name] = result
        expected = (not result["passed"]) if scenario == "broken" else result["passed"]
        ok = ok and expected and len(result["comments"]) == 1
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
