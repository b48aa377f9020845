"""`cjm report FOLDER` rolls up per parent journey and per persona; numbers worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

from hierarchy_maps import FILES

TODAY = ("--today", "2026-11-23")


def _maps(write, tmp_path: Path) -> Path:
    for name, text in FILES:
        write(f"maps/{name}", text)
    return tmp_path / "maps"


def test_json_rolls_up_the_journey_and_its_as_is_sub_journeys(cjm, write, tmp_path) -> None:
    data = json.loads(cjm("report", str(_maps(write, tmp_path)), "-f", "json", *TODAY).stdout)
    (journey,) = data["journeys"]
    assert journey["id"] == "become-customer"
    # the to-be identity check plans the as-is one: it is not part of today's journey
    assert [(m["id"], m["depth"]) for m in journey["maps"]] == [
        ("become-customer", 0), ("onboard", 1), ("kyc", 1)]
    # 1 high (parent) + 1 critical, 1 high (onboarding; its third is resolved) + 1 medium (kyc)
    assert journey["open_pain_points"] == {"critical": 1, "high": 2, "medium": 1, "low": 0, "unrated": 0}
    assert journey["lowest"] == {"map": "kyc", "stage": "s1", "value": 1.0}
    assert (journey["metrics_off_target"], journey["metrics"]) == (1, 1)
    # conversions are listed per map, each its own latest period, never averaged
    overall = {m["id"]: (m["period"], m["overall"]) for m in journey["maps"]}
    assert overall["become-customer"] == ("2026-Q3", {"count": 400, "base": 20000, "rate": 0.02})
    assert overall["onboard"] == ("2026-Q3", {"count": 405, "base": 1000, "rate": 0.405})
    assert overall["kyc"] == (None, None)
    # the rolled-up map's numbers are that map's own report's numbers
    own = next(m for m in data["maps"] if m["id"] == "onboard")
    assert own["funnels"][-1]["overall"] == overall["onboard"][1]
    assert own["open_pain_points"] == {k: v for k, v in journey["maps"][1]["open_pain_points"].items()
                                       if k != "unrated"}


def test_json_rolls_up_each_personas_as_is_maps(cjm, write, tmp_path) -> None:
    data = json.loads(cjm("report", str(_maps(write, tmp_path)), "-f", "json", *TODAY).stdout)
    by_persona = {g["persona"]: g for g in data["personas"]}
    assert list(by_persona) == ["ola", None]  # maps without a persona last
    ola = by_persona["ola"]
    assert (ola["name"], ola["maps"], ola["future_maps"]) == ("Ola", ["become-customer"], [])
    rest = by_persona[None]
    assert rest["maps"] == ["other", "kyc", "onboard"] and rest["future_maps"] == ["kyc-future"]
    assert rest["open_pain_points"] == {"critical": 1, "high": 1, "medium": 1, "low": 0, "unrated": 0}


def test_text_and_markdown_show_the_rollups(cjm, write, tmp_path) -> None:
    maps = _maps(write, tmp_path)
    text = cjm("report", str(maps), *TODAY).stdout
    block = text.split("Journeys with their sub-journeys\n")[1].split("\n\nPersonas across maps")[0]
    rows = [" ".join(line.split()) for line in block.splitlines() if line.startswith("  ")][2:]
    assert rows == [
        "Become a customer all 3 maps 1 / 2 / 1 / 0 1 (Identity check: Upload ID) 1 of 1",
        "Become a customer 0 / 1 / 0 / 0 3 (Onboarding) 0 of 0 400 of 20,000 (2.0%), 2026-Q3",
        "↳ Onboarding 1 / 1 / 0 / 0 2 (Sign up) 1 of 1 405 of 1,000 (40.5%), 2026-Q3",
        "↳ Identity check 0 / 0 / 1 / 0 1 (Upload ID) 0 of 0 -",
    ]
    md = cjm("report", str(maps), "-f", "markdown", *TODAY).stdout
    assert "## Journeys with their sub-journeys" in md and "## Personas across maps" in md
    assert "| Become a customer | all 3 maps | 1 / 2 / 1 / 0 |" in md


def test_a_folder_without_hierarchy_or_personas_has_no_rollup_blocks(cjm, write, tmp_path) -> None:
    write("maps/a.yaml", "cjm: 1\nid: a\ntitle: A\nstages:\n  - {id: s, name: S}\n")
    write("maps/b.yaml", "cjm: 1\nid: b\ntitle: B\nstages:\n  - {id: s, name: S}\n")
    result = cjm("report", str(tmp_path / "maps"), *TODAY)
    assert "sub-journeys" not in result.stdout and "Personas across maps" not in result.stdout
    data = json.loads(cjm("report", str(tmp_path / "maps"), "-f", "json", *TODAY).stdout)
    assert data["journeys"] == [] and data["personas"] == []
