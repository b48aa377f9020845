"""`cjm refs ID`: every definition and use of an id across a repository, with file:line:col."""

from __future__ import annotations

import json


def test_a_library_persona_used_by_two_maps(standard, cjm) -> None:
    result = cjm("refs", "anna", cwd=standard)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "library/people.yaml:5:9: defines persona 'anna' (personas[0].id)",
        "maps/onboarding.yaml:5:10: uses persona 'anna' (persona)",
        "maps/top.yaml:4:10: uses persona 'anna' (persona)",
        "'anna': 1 definition, 2 uses in 3 of 3 files.",
    ]


def test_a_map_id_channel_and_metric_in_json(standard, cjm) -> None:
    uses = json.loads(cjm("refs", "onboarding", "-f", "json", cwd=standard).stdout)["uses"]
    assert [(u["file"], u["line"], u["column"], u["role"], u["kind"]) for u in uses] == [
        ("maps/onboarding.yaml", 2, 5, "defines", "map"),
        ("maps/top.yaml", 12, 9, "defines", "stage"),
        ("maps/top.yaml", 14, 13, "uses", "map"),
    ]
    kiosk = json.loads(cjm("refs", "kiosk", "-f", "json", cwd=standard).stdout)["uses"]
    assert [(u["file"], u["role"], u["path"]) for u in kiosk] == [
        ("library/people.yaml", "defines", "channels[0].id"),
        ("maps/top.yaml", "uses", "stages[0].touchpoints[0].channel"),
    ]
    nps = cjm("refs", "nps", "maps", cwd=standard)
    assert nps.exit_code == 0 and "maps/top.yaml:18:17: uses metric 'nps'" in nps.stdout


def test_exit_1_when_nothing_uses_it(standard, cjm) -> None:
    unused = cjm("refs", "boris", cwd=standard)
    assert unused.exit_code == 1
    assert unused.stdout.splitlines()[-1] == "'boris': 1 definition, 0 uses in 1 of 3 files."
    nowhere = cjm("refs", "nobody", cwd=standard)
    assert nowhere.exit_code == 1 and nowhere.stdout == "'nobody' appears nowhere in 3 files.\n"
    assert cjm("refs", "anna", "missing/", cwd=standard).exit_code == 2
