"""`cjm diff --rev` in a repository with a library: each revision's maps read with that
revision's library, library files themselves not taken for maps."""

from __future__ import annotations

import json
import subprocess

from .repofiles import LIBRARY


def git(root, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_diff_rev_reads_each_side_with_its_own_library(standard, cjm) -> None:
    git(standard, "init", "-q")
    git(standard, "add", ".")
    git(standard, "commit", "-qm", "maps")
    # the library renames its persona's id; the maps follow in the same change
    (standard / "library/people.yaml").write_text(LIBRARY.replace("id: anna", "id: anya"), encoding="utf-8")
    for name in ("top.yaml", "onboarding.yaml"):
        path = standard / "maps" / name
        path.write_text(path.read_text(encoding="utf-8").replace("persona: anna", "persona: anya"),
                        encoding="utf-8")
    result = cjm("diff", "--rev", "HEAD", cwd=standard)
    assert result.exit_code == 0, result.output
    assert "anya" in result.stdout
    # the library is compared as a library (its persona's id changed: one removed, one added),
    # and nothing breaks: every map follows
    assert "+++ library/people.yaml" in result.stdout
    assert "Breaking" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("2 of 2 maps changed, 1 library changed")


def committed(root) -> None:
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "maps")


def test_a_library_element_removed_while_an_unchanged_map_names_it_is_breaking(standard, cjm) -> None:
    committed(standard)
    # the kiosk channel goes from the library; maps/top.yaml (not touched) still names it
    library = standard / "library/people.yaml"
    library.write_text(LIBRARY.replace("channels:\n  - id: kiosk\n    name: Self-service kiosk\n"
                                       "    kind: physical\n", ""), encoding="utf-8")
    result = cjm("diff", "--rev", "HEAD", cwd=standard)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "--- HEAD:library/people.yaml",
        "+++ library/people.yaml",
        "! Breaking: channel 'kiosk' removed from library 'people' while maps still refer to it: "
        "maps/top.yaml:11:18",
        '- Channel "Self-service kiosk": removed',
        "1 removed",
        "",
        "0 of 2 maps changed, 1 library changed: 1 removed",
    ]
    gate = cjm("diff", "--rev", "HEAD", "--fail-on", "breaking", "-f", "json", cwd=standard)
    assert gate.exit_code == 1
    assert "cjm: breaking: channel 'kiosk' removed from library 'people'" in gate.stderr
    [lib] = [f for f in json.loads(gate.stdout)["files"] if f["kind"] == "library"]
    assert (lib["status"], lib["map"], [c["id"] for c in lib["changes"]]) == ("modified", "people", ["kiosk"])
    assert lib["breaking"] == ["channel 'kiosk' removed from library 'people' while maps still refer "
                               "to it: maps/top.yaml:11:18"]
    markdown = cjm("diff", "--rev", "HEAD", "-f", "markdown", cwd=standard).stdout
    assert "### ⚠️ 1 breaking change\n\n- `library/people.yaml`: channel 'kiosk' removed from library 'people'" in markdown
    assert "#### Library" in markdown
    # the summary table lists the library among the maps: its first column says both
    assert "| map or library | file | what changed |" in markdown


def test_a_changed_map_naming_a_removed_element_is_still_compared(standard, cjm) -> None:
    committed(standard)
    library = standard / "library/people.yaml"
    library.write_text(LIBRARY.replace("  - id: boris\n    name: Boris, 51\n", ""), encoding="utf-8")
    child = standard / "maps/onboarding.yaml"
    child.write_text(child.read_text(encoding="utf-8").replace("persona: anna", "persona: boris")
                     .replace("title: Onboarding", "title: Onboarding for Boris"), encoding="utf-8")
    result = cjm("diff", "--rev", "HEAD", cwd=standard)
    assert result.exit_code == 0, result.output
    assert '~ Map "Onboarding for Boris": persona "anna" → "boris"' in result.stdout
    assert ("! Breaking: persona 'boris' removed from library 'people' while maps still refer to it: "
            "maps/onboarding.yaml:5:10") in result.stdout


def test_an_element_moved_to_another_library_file_breaks_nothing(standard, cjm) -> None:
    committed(standard)
    library = standard / "library/people.yaml"
    library.write_text(LIBRARY.replace("channels:\n  - id: kiosk\n    name: Self-service kiosk\n"
                                       "    kind: physical\n", ""), encoding="utf-8")
    (standard / "library/places.yaml").write_text(
        "cjm: 1\nlibrary: places\nchannels:\n  - id: kiosk\n    name: Self-service kiosk\n"
        "    kind: physical\n", encoding="utf-8")
    result = cjm("diff", "--rev", "HEAD", "--fail-on", "breaking", cwd=standard)
    assert result.exit_code == 0, result.output
    assert "+++ library/places.yaml" in result.stdout and "Breaking" not in result.stdout
    assert result.stdout.splitlines()[-1] == "0 of 2 maps changed, 2 libraries changed: 1 added, 1 removed"


def test_folders_compare_their_libraries_too(standard, cjm, tmp_path) -> None:
    import shutil

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(standard, old)
    shutil.copytree(standard, new)
    (new / "library/people.yaml").write_text(LIBRARY.replace("name: Boris, 51", "name: Boris, 52"),
                                             encoding="utf-8")
    result = cjm("diff", str(old), str(new), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert '~ Persona "Boris, 52": renamed from "Boris, 51"' in result.stdout


def test_diff_rev_of_the_maps_folder_reads_the_library_beside_it(standard, cjm) -> None:
    """`cjm diff --rev main maps/` (the pull-request recipe): the library is outside the paths
    compared, and each revision's maps are still read with that revision's library."""
    committed(standard)
    top = standard / "maps/top.yaml"
    top.write_text(top.read_text(encoding="utf-8").replace("name: Discover", "name: Find us"),
                   encoding="utf-8")
    for args, cwd in ((("maps/",), standard), (("maps/top.yaml",), standard), ((".",), standard / "maps")):
        result = cjm("diff", "--rev", "HEAD", *args, cwd=cwd)
        assert result.exit_code == 0, result.output
        assert '~ Stage "Find us" (discover): renamed from "Discover"' in result.stdout
        assert "library" not in result.stdout
