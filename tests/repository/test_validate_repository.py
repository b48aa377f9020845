"""`cjm validate` over a repository: library references, clashes and the hierarchy, each problem
naming both files."""

from __future__ import annotations

import json

from .repofiles import CHILD, LIBRARY, TOP, TOP_ALONE


def lines(result) -> list[str]:
    return result.stdout.splitlines()[:-1]


def test_maps_use_the_library_and_validate_alone(standard, cjm) -> None:
    assert cjm("validate", ".", cwd=standard).stdout == "No problems in 3 files.\n"
    # one file named alone still finds the library at the repository root
    alone = cjm("validate", "maps/top.yaml", cwd=standard)
    assert alone.exit_code == 0, alone.stdout
    inside = cjm("validate", "top.yaml", cwd=standard / "maps")
    assert inside.exit_code == 0, inside.stdout


def test_unknown_library_id_points_at_the_closest_definition(repo, cjm) -> None:
    root = repo({"library/people.yaml": LIBRARY,
                 "maps/top.yaml": TOP_ALONE.replace("persona: anna", "persona: ana")})
    result = cjm("validate", "maps/top.yaml", cwd=root)
    assert result.exit_code == 1
    assert lines(result) == [
        "maps/top.yaml:4:10: error CJM021 persona: unknown persona 'ana' "
        "(did you mean 'anna', defined in library/people.yaml:5:9?)",
    ]


def test_a_local_copy_that_differs_clashes_with_the_library(repo, cjm) -> None:
    child = CHILD + "personas:\n  - id: boris\n    name: Boris B.\n"
    root = repo({"library/people.yaml": LIBRARY, "maps/top.yaml": TOP, "maps/onboarding.yaml": child})
    result = cjm("validate", ".", "-f", "json", cwd=root)
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"], problem["column"], problem["code"]) == \
        ("maps/onboarding.yaml", 10, 9, "CJM030")
    assert "defined in library/people.yaml:7:9" in problem["message"]
    assert problem["related"] == [{"file": "library/people.yaml", "line": 7, "column": 9}]


def test_wrong_kind_names_the_library(repo, cjm) -> None:
    root = repo({"library/people.yaml": LIBRARY,
                 "maps/top.yaml": TOP_ALONE.replace("channel: kiosk", "channel: nps")})
    result = cjm("validate", "-f", "sarif", "maps/top.yaml", cwd=root)
    [res] = json.loads(result.stdout)["runs"][0]["results"]
    assert res["ruleId"] == "CJM023"
    assert res["message"]["text"].startswith(
        "'nps' is a metric of library 'people' defined in library/people.yaml:14:9, not a channel")
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 11, "startColumn": 18}
    related = res["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "library/people.yaml"
    assert related["region"] == {"startLine": 14, "startColumn": 9}


def test_two_libraries_defining_one_id(repo, cjm) -> None:
    root = repo({"library/a.yaml": LIBRARY,
                 "library/b.yaml": "cjm: 1\nlibrary: more\npersonas:\n  - id: anna\n    name: Other\n",
                 "maps/top.yaml": TOP_ALONE})
    result = cjm("validate", ".", cwd=root)
    assert lines(result) == [
        "library/b.yaml:4:9: error CJM030 personas[0].id: id 'anna' is already defined by library "
        "'people': the persona defined in library/a.yaml:5:9 (an id means one thing across the "
        "repository; keep one definition)",
    ]


def test_a_broken_library_file_is_reported_as_a_library(repo, cjm) -> None:
    root = repo({"library/people.yaml": LIBRARY.replace("title:", "titel:"), "maps/top.yaml": TOP_ALONE})
    result = cjm("validate", ".", cwd=root)
    assert lines(result) == [
        "library/people.yaml:3:1: error CJM010 titel: unknown field 'titel' in library "
        "(did you mean 'title'?)",
    ]


def test_renamed_in_the_library_followed_by_every_map(standard, cjm, tmp_path) -> None:
    (standard / "library/people.yaml").write_text(
        LIBRARY.replace("Anna, 34, busy parent", "Anna Petrova"), encoding="utf-8")
    out = tmp_path / "site"
    result = cjm("render", "maps", "-o", str(out), cwd=standard)
    assert result.exit_code == 0, result.output
    boards = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html")) if p.name != "index.html"]
    assert len(boards) == 2 and all("Anna Petrova" in b for b in boards)
    assert "Self-service kiosk" in boards[1] or "Self-service kiosk" in boards[0]


def test_hierarchy_problems_name_both_files(repo, cjm) -> None:
    root = repo({
        "library/people.yaml": LIBRARY,
        "maps/top.yaml": TOP.replace("detail: onboarding", "detail: onbording"),
        "maps/onboarding.yaml": CHILD,
        "maps/kyc.yaml": "cjm: 1\nid: kyc\ntitle: KYC\nparent: aml\nstages:\n  - {id: s, name: S}\n",
        "maps/aml.yaml": "cjm: 1\nid: aml\ntitle: AML\nparent: kyc\nstages:\n"
                         "  - {id: s, name: S, detail: onboarding}\n",
    })
    result = cjm("validate", ".", cwd=root)
    assert lines(result) == [
        "maps/aml.yaml:4:9: error CJM032 parent: `parent` goes round in a circle: aml -> kyc -> aml "
        "(a journey's parent is a wider journey; remove `parent` from one of these maps)",
        "maps/aml.yaml:6:30: error CJM033 stages[0].detail: the stage zooms into map 'onboarding', "
        "which says `parent: become-customer` (defined in maps/onboarding.yaml:4:9) (write "
        "`parent: aml` in maps/onboarding.yaml, or point `detail` at the right map)",
        "maps/kyc.yaml:4:9: error CJM032 parent: `parent` goes round in a circle: kyc -> aml -> kyc "
        "(a journey's parent is a wider journey; remove `parent` from one of these maps)",
        "maps/top.yaml:14:13: error CJM031 stages[1].detail: unknown map 'onbording' in `detail` "
        "(did you mean 'onboarding' (maps/onboarding.yaml:2:5)?)",
    ]


def test_a_map_that_is_its_own_parent(repo, cjm) -> None:
    root = repo({"library/people.yaml": LIBRARY,
                 "m.yaml": CHILD.replace("parent: become-customer", "parent: onboarding")})
    result = cjm("validate", "m.yaml", cwd=root)
    assert lines(result) == ["m.yaml:4:9: error CJM032 parent: map 'onboarding' names itself as its "
                             "parent (`parent` is the wider journey this one zooms into)"]


def test_map_ids_unique_across_the_repository(standard, cjm) -> None:
    (standard / "maps/copy.yaml").write_text(TOP_ALONE, encoding="utf-8")
    result = cjm("validate", ".", cwd=standard)
    assert lines(result) == [
        "maps/copy.yaml:2:5: error CJM034 id: map id 'become-customer' is also the id of the map in "
        "maps/top.yaml:2:5 (map ids are unique across the repository; rename one (and what points "
        "at it))",
        "maps/top.yaml:2:5: error CJM034 id: map id 'become-customer' is also the id of the map in "
        "maps/copy.yaml:2:5 (map ids are unique across the repository; rename one (and what points "
        "at it))",
    ]


def test_configured_library_list(repo, cjm) -> None:
    root = repo({"shared/people.yaml": LIBRARY, "maps/top.yaml": TOP_ALONE},
                marker=False)
    (root / "pyproject.toml").write_text('[tool.cjm]\nlibrary = ["shared/people.yaml"]\n', encoding="utf-8")
    assert cjm("validate", "maps/top.yaml", cwd=root).exit_code == 0
    (root / "pyproject.toml").write_text('[tool.cjm]\nlibrary = ["elsewhere.yaml"]\n', encoding="utf-8")
    result = cjm("validate", "maps/top.yaml", cwd=root)
    assert "unknown persona 'anna'" in result.stdout
    # the listed library is named, never dropped silently: a file that cannot be read, exit 2
    assert result.exit_code == 2
    assert "elsewhere.yaml:1:1: error CJM003 cannot read file: No such file or directory\n" in result.stdout


def test_render_and_report_skip_library_files(standard, cjm) -> None:
    result = cjm("report", ".", "-f", "json", cwd=standard)
    assert result.exit_code == 0, result.output
    assert "people.yaml" not in result.stdout


def test_map_ids_unique_in_a_plain_folder_of_maps(tmp_path, cjm) -> None:
    """No library, no hierarchy, no configuration: a folder of maps is still one repository,
    and `cjm diff` pairs its maps by id, so a copy with the same id is reported."""
    (tmp_path / "maps").mkdir()
    from conftest import MINIMAL

    (tmp_path / "maps/a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "maps/b-draft.yaml").write_text(MINIMAL, encoding="utf-8")
    result = cjm("validate", "maps", cwd=tmp_path)
    assert result.exit_code == 1
    assert [ln.split(" (")[0] for ln in lines(result)] == [
        "maps/a.yaml:2:5: error CJM034 id: map id 'minimal' is also the id of the map in "
        "maps/b-draft.yaml:2:5",
        "maps/b-draft.yaml:2:5: error CJM034 id: map id 'minimal' is also the id of the map in "
        "maps/a.yaml:2:5",
    ]
