"""Rules see the typed model only: they are usable, and tested, without any YAML."""

from __future__ import annotations

import datetime as dt

from cjm.lint import RULES
from cjm.lint.finding import Context, Finding, context
from cjm.model import JourneyMap


def _map(**extra) -> JourneyMap:
    data = {"cjm": 1, "id": "m", "title": "T", "stages": [{"id": "s", "name": "S"}], **extra}
    return JourneyMap.model_validate(data)


def test_a_rule_yields_findings_with_model_paths():
    journey = _map(stages=[
        {"id": "a", "name": "A", "pain_points": [{"id": "pp-1", "name": "Slow", "severity": "high"}]},
    ])
    assert list(RULES["CJM202"].check(context(journey))) == [
        Finding(("stages", 0, "pain_points", 0, "severity"),
                "high pain point 'pp-1' gives no evidence",
                "add `evidence:` (interviews, analytics, tickets) or lower the severity"),
    ]


def test_stale_map_reads_today_and_its_option():
    journey = _map(reviewed=dt.date(2026, 1, 1))
    rule = RULES["CJM401"]
    june = dt.date(2026, 6, 1)
    assert list(rule.check(Context(journey, rule.Options(), june))) == []  # default: 365 days
    found = list(rule.check(Context(journey, rule.Options.model_validate({"max-age-days": 100}), june)))
    assert [f.path for f in found] == [("reviewed",)]


def test_every_rule_is_documented_and_runs_on_a_minimal_map():
    journey = _map()
    for code, rule in RULES.items():
        assert rule.CODE == code and rule.NAME and rule.__doc__
        doc = rule.__doc__
        assert "Why:" in doc and "Fails" in doc and "Passes" in doc, code
        for finding in rule.check(Context(journey, rule.Options(), dt.date(2026, 11, 1))):
            assert isinstance(finding, Finding)


def test_flow_rules_stay_quiet_without_next():
    journey = _map(stages=[
        {"id": "a", "name": "A", "touchpoints": [{"id": "t1", "name": "One"}]},
        {"id": "b", "name": "B", "touchpoints": [{"id": "t2", "name": "Two"}]},
    ])
    for code in ("CJM104", "CJM105", "CJM106"):
        assert list(RULES[code].check(context(journey))) == []


def test_parallel_and_serial_runs_agree(tmp_path):
    from conftest import MINIMAL

    from cjm.lint.runner import lint_paths

    for i in range(30):
        (tmp_path / f"m{i:02d}.yaml").write_text(MINIMAL.replace("minimal", f"m{i}"), encoding="utf-8")
    serial = lint_paths([str(tmp_path)], jobs=1)
    parallel = lint_paths([str(tmp_path)], jobs=2)
    assert serial.report.problems == parallel.report.problems
    assert len(serial.report.problems) == 30 * 4
