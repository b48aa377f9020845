"""Configuration in pyproject.toml or .cjm.toml, found by walking up from each map."""

from __future__ import annotations

import pytest
from conftest import MINIMAL

from cjm.config import ConfigError, from_table, matches


def test_pyproject_selects_rules_and_sets_fail_on(cjm, write, tmp_path):
    write("pyproject.toml", """
        [project]
        name = "maps"

        [tool.cjm.lint]
        select = ["CJM4"]
        fail-on = "info"
    """)
    path = write("maps/m.yaml", MINIMAL)
    result = cjm("lint", str(path))
    assert result.exit_code == 1  # the info problem fails because of fail-on
    assert "CJM402" in result.stdout and "CJM107" not in result.stdout
    # the command line wins over the file
    assert cjm("lint", "--fail-on", "error", str(path)).exit_code == 0


def test_nearest_cjm_toml_wins_and_uses_no_prefix(cjm, write, tmp_path):
    write("pyproject.toml", '[tool.cjm.lint]\nselect = ["CJM4"]\n')
    write("team/.cjm.toml", '[lint]\nselect = ["CJM1"]\nignore = ["CJM102"]\n')
    write("team/m.yaml", MINIMAL)
    write("other/m.yaml", MINIMAL)
    result = cjm("lint", str(tmp_path))
    team = [ln for ln in result.stdout.splitlines() if "team" in ln]
    other = [ln for ln in result.stdout.splitlines() if "other" in ln]
    assert [ln.split()[2] for ln in team] == ["CJM107", "CJM101"]
    assert [ln.split()[2] for ln in other] == ["CJM402"]


def test_rule_options_and_severity(cjm, write):
    write(".cjm.toml", """
        [lint]
        select = ["stale-map"]

        [lint.rules.CJM401]
        max-age-days = 30
        severity = "error"
    """)
    path = write("m.yaml", MINIMAL.replace("title:", "reviewed: 2020-01-01\ntitle:"))
    result = cjm("lint", str(path))
    assert result.exit_code == 1
    assert ": error CJM401 reviewed: the map was last reviewed" in result.stdout
    assert "more than 30" in result.stdout


def test_per_file_ignores_by_glob(cjm, write, tmp_path):
    write(".cjm.toml", """
        [lint]
        select = ["CJM107", "CJM402"]

        [lint.per-file-ignores]
        "legacy/**" = ["CJM1"]
        "draft-*.yaml" = ["review-date-missing"]
    """)
    write("legacy/old/a.yaml", MINIMAL)
    write("new/draft-b.yaml", MINIMAL.replace("id: minimal", "id: draft-b"))
    write("new/c.yaml", MINIMAL.replace("id: minimal", "id: c"))
    out = cjm("lint", str(tmp_path)).stdout
    found = sorted((ln.split(":")[0].rsplit("/", 1)[-1], ln.split()[2]) for ln in out.splitlines()[:-1])
    assert found == [("a.yaml", "CJM402"), ("c.yaml", "CJM107"), ("c.yaml", "CJM402"),
                     ("draft-b.yaml", "CJM107")]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[lint]\nselct = ["CJM1"]\n', "unknown key 'selct' in [lint] (did you mean 'select'?)"),
        ('[lnt]\n', "unknown key 'lnt' in [top level] (did you mean 'lint'?)"),
        ('[lint]\nignore = ["CJM999"]\n', "lint.ignore: unknown rule 'CJM999'"),
        ('[lint.rules.CJM401]\nmax-age = 3\n', "unknown key 'max-age' in [lint.rules.CJM401] (did you mean 'max-age-days'?)"),
        ('[lint.rules.CJM401]\nmax-age-days = "a year"\n', "lint.rules.CJM401.max-age-days must be a whole number of at least 0, not \"a year\""),
        ('[lint.rules.CJM314]\nmax-drop-points = -3\n', "lint.rules.CJM314.max-drop-points must be a number of at least 0, not -3"),
        ('[lint.rules.id-style]\ncase = "camel"\n', "must be one of either, kebab, snake, not \"camel\""),
        ('[lint]\nfail-on = "fatal"\n', "lint.fail-on: unknown severity 'fatal'"),
        ('[lint]\nfail-on = ["warning"]\n', 'lint.fail-on: must be one of info, warning, error, not ["warning"]'),
        ('[lint.rules.CJM314]\nmax-drop-points = true\n', "max-drop-points must be a number of at least 0, not true"),
        ('[lint\n', "invalid TOML"),
        ('[lint]\nselect = 3\n', "lint.select must be a list of rule codes or names"),
        ('[lint]\nper-file-ignores = ["a"]\n', "[lint.per-file-ignores] must be a table of glob = [codes]"),
        ('[lint.per-file-ignores]\n"a/**" = [1]\n', 'lint.per-file-ignores."a/**" must be a list of rule codes or names'),
        ('[lint.rules]\nCJM401 = 3\n', "[lint.rules.CJM401] must be a table"),
        ('lint = 3\n', "[lint] must be a table"),
    ],
)
def test_invalid_configuration_is_a_clear_usage_error(cjm, write, toml, message):
    config = write(".cjm.toml", toml)
    path = write("m.yaml", MINIMAL)
    result = cjm("lint", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"cjm: error: {config}:")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_pyproject_errors_name_the_full_table():
    with pytest.raises(ConfigError, match=r"unknown key 'selct' in \[tool.cjm.lint\]"):
        from_table({"lint": {"selct": []}}, "pyproject.toml", "tool.cjm.")


def test_the_table_is_a_typed_model_and_one_selector_may_stand_alone():
    config = from_table({"lint": {"ignore": "CJM206", "fail-on": "warning"}}, ".cjm.toml")
    assert config.settings.lint.ignore == ["CJM206"]
    assert str(config.settings.lint.fail_on) == "warning"
    with pytest.raises(ConfigError, match=r"tool.cjm.lint.fail-on: unknown severity 'fatal'"):
        from_table({"lint": {"fail-on": "fatal"}}, "pyproject.toml", "tool.cjm.")


def test_glob_matching(tmp_path):
    root = str(tmp_path)
    assert matches("legacy/**", f"{root}/legacy/a/b.yaml", root)
    assert matches("**/draft-*.yaml", f"{root}/draft-x.yaml", root)
    assert matches("draft-*.yaml", f"{root}/deep/er/draft-x.yaml", root)
    assert not matches("legacy/*.yaml", f"{root}/new/a.yaml", root)
    assert matches("legacy/*", f"{root}/legacy/old/a.yaml", root)  # '*' crosses folders
    assert matches("legacy/", f"{root}/legacy/a.yaml", root)
    assert not matches("Legacy/**", f"{root}/legacy/a.yaml", root)  # case-sensitive
