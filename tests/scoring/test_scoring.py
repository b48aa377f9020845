"""Opportunity scores on the sample repository (sample_maps/scoring): ranks by hand, derived
inputs against the numbers the report shows, the formula's allow-list, config errors at their
line, and what `cjm report` and the board show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjm import api
from cjm import facts as F
from cjm.config import ConfigError, from_table, load
from cjm.scoring import FormulaError, Scale, build, parse_formula, preset
from cjm.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_maps" / "scoring"
MAPS = sorted(SAMPLE.glob("*.yaml"))


def _scored(model):
    items = []
    for path in MAPS:
        items += F.scores(api.load(path), model, str(path))
    return items


def _order(model) -> list[str]:
    todo, _done = F.ranked(_scored(model))
    return [r.item.id for r in todo if r.rank is not None]


# Each open opportunity's inputs, worked out by hand from the maps (docs/scoring.md):
# reach = the latest (2026-Q3) funnel step's base in the stage of the pain point addressed;
# impact = severity (critical 3, high 2, medium 1, low 0.5), a step up where the stage emotion is 1-2;
# confidence = the pain point's (assumption 0.5, reasoned 0.8, validated 1); effort and fit stated.
HAND = {  # id: (reach, impact, confidence, effort in person-months, effort word, fit)
    "op-price-calendar": (55000, 1, 0.8, 2, None, 1),        # Search 4: no raise
    "op-fare-table": (52000, 2, 1.0, 2, "medium", 1.5),      # validated pain point
    "op-vehicle-lookup": (21400, 3, 0.8, 3, None, 1.5),      # critical, Checkout emotion 2
    "op-decline-reasons": (21400, 3, 0.8, 1, "low", 1),      # high, raised by emotion 2
    "op-review-prompt": (12000, 1, 0.8, 1, "low", 0.5),
    "op-lenient-reference": (4100, 2, 0.5, 0.5, None, 1),    # assumption only, raised
    "op-offline-pass": (3300, 2, 0.8, 2, None, 1.5),         # First trip emotion 3.5: no raise
    "op-quiet-offers": (3300, 0.5, 0.8, 1, "low", 0.5),      # reach stated
    "op-fee-upfront": (8800, 3, 0.8, 1, None, 1.5),          # Change emotion 1.5
    "op-instant-refund": (5700, 2, 0.8, 4, "high", 1),
}
ICE_EASE = {"low": 8, "medium": 5, "high": 2}


def _by_hand(score) -> list[str]:
    """The hand computation's order; equal scores in file and document order, as documented."""
    position = {o.id: i for i, o in enumerate(_scored(preset("rice")))}
    ranked = sorted((-round(score(*v), 6), position[k], k) for k, v in HAND.items()
                    if score(*v) is not None)
    return [k for _s, _p, k in ranked]


def test_the_repository_model_ranks_as_by_hand() -> None:
    model = load(str(SAMPLE / ".cjm.toml")).scoring
    order = _order(model)
    assert order == _by_hand(lambda r, i, c, e, _w, fit: r * i * c / e * fit)
    assert order[:3] == ["op-fare-table", "op-decline-reasons", "op-fee-upfront"]
    scores = {o.id: o.score for o in _scored(model)}
    assert scores["op-decline-reasons"] == pytest.approx(21400 * 3 * 0.8 / 1 * 1)  # docs' example


def test_rice_ranks_as_by_hand() -> None:
    assert _order(preset("rice")) == _by_hand(lambda r, i, c, e, _w, _f: r * i * c / e)


def test_ice_ranks_as_by_hand() -> None:
    def ice(_r, i, c, _e, word, _f):
        return None if word is None else (i * 10 / 3) * (c * 10) * ICE_EASE[word]

    # ICE needs ease, which cjm derives from an effort word only: numeric efforts stay unscored
    assert _order(preset("ice")) == _by_hand(ice)


def test_value_effort_ranks_as_by_hand() -> None:
    words = {"low": 1, "medium": 3, "high": 5}

    def value_effort(_r, i, _c, e, word, _f):
        effort = words[word] if word else e
        if effort > 5:
            return None
        return (i / 3 * 100) / max(effort, 1)  # value = customer value only (no business value)

    assert _order(preset("value-effort")) == _by_hand(value_effort)


def test_a_custom_formula_ranks_as_by_hand() -> None:
    model = build(None, "max(impact, 1) * confidence ** 2 - effort / 10", {})
    assert _order(model) == _by_hand(lambda _r, i, c, e, _w, _f: max(i, 1) * c ** 2 - e / 10)


def test_derived_inputs_match_the_reports_funnel_and_evidence(tmp_path: Path) -> None:
    import datetime as dt

    from cjm.report.json_format import map_dict
    from cjm.report.summary import map_facts

    for path in MAPS:
        journey = api.load(path)
        report = map_dict(map_facts(journey, str(path), dt.date(2026, 12, 1), Workspace().scoring_for(str(path))))
        latest = report["funnels"][-1]
        stage_names = {s.id: s.name for s in journey.stages}
        pains = {p["name"]: p for p in report["pain_points"]}
        for o in report["opportunities"]:
            for i in o["inputs"]:
                src = i.get("source")
                if i["name"] == "reach" and src:
                    step = next(s for s in latest["steps"] if stage_names[s["stage"]] == src["stage"])
                    assert src["period"] == latest["period"]
                    assert i["value"] == step["completed"]["base"]
                if i["name"] == "confidence" and src and src["kind"] == "pain-evidence":
                    assert src["confidence"] == pains[src["pain_point"]]["confidence"]


@pytest.mark.parametrize("text", [
    "__import__('os').system('x')", "reach.real", "reach[0]", "reach if effort else 1",
    "reach < effort", "lambda: 1", "'a' * 3", "reach ** effort", "2 ** 1000", "open(1)",
    "min", "reach and effort",
])
def test_the_formula_allows_arithmetic_only(text: str) -> None:
    with pytest.raises(FormulaError):
        parse_formula(text)


def test_a_formula_evaluates_its_checked_tree() -> None:
    import pickle

    formula = parse_formula("mean(a, b) * -c + 2 ** 2 / max(d, 1)")
    assert formula.names == ("a", "b", "c", "d")
    assert formula.evaluate({"a": 1, "b": 3, "c": 2, "d": 0.5}) == pytest.approx(-4 + 4)
    with pytest.raises(ZeroDivisionError):
        parse_formula("a / b").evaluate({"a": 1, "b": 0})
    # a configuration travels to worker processes: the compiled formula goes as its text
    copy = pickle.loads(pickle.dumps(formula))
    assert copy == formula and copy.evaluate({"a": 1, "b": 3, "c": 2, "d": 0.5}) == pytest.approx(0)


def test_scores_read_the_funnels_the_report_computed(monkeypatch) -> None:
    """One funnel computation per map: reach reads the map's facts, not a funnel of its own."""
    import datetime as dt

    import cjm.facts.journey as J
    from cjm.report.summary import map_facts

    made = []
    real = J.funnels_of
    monkeypatch.setattr(J, "funnels_of", lambda journey: made.append(journey) or real(journey))
    report = map_facts(api.load(MAPS[1]), str(MAPS[1]), dt.date(2026, 12, 1),
                       Workspace().scoring_for(str(MAPS[1])))
    assert len(made) == 1
    reach = [o.input("reach") for o in report.opportunities]
    assert {r.source.period for r in reach if r is not None and r.source is not None} == {
        report.funnels[-1].period}


def test_a_json_portfolio_carries_opportunities_by_reference(cjm) -> None:
    """The workers send each map's JSON (inputs and all) and, for the ranking across maps, only
    what ranks an opportunity: the portfolio's JSON names it by map and id."""
    import datetime as dt

    from cjm.report.summary import map_row

    journey = api.load(MAPS[1])
    row = map_row(journey, str(MAPS[1]), dt.date(2026, 12, 1), Workspace().scoring_for(str(MAPS[1])), json="{}")
    assert row.opportunities and all(o.inputs == () for o in row.opportunities)
    assert all(o.inputs for o in map_row(journey, str(MAPS[1]), dt.date(2026, 12, 1),
                                     Workspace().scoring_for(str(MAPS[1]))).opportunities)
    data = json.loads(cjm("report", str(SAMPLE), "--today", "2026-12-01", "-f", "json").stdout)
    inputs = {(m["id"], o["id"]): o["inputs"] for m in data["maps"] for o in m["opportunities"]}
    assert all(inputs[(o["map"], o["id"])] for o in data["opportunities"])


def test_config_errors_name_the_line(tmp_path: Path) -> None:
    config = tmp_path / ".cjm.toml"
    config.write_text('[lint]\nselect = ["ALL"]\n\n[scoring]\npreset = "rice"\n'
                      'formula = "reach * fitt"\n\n[scoring.inputs.fit]\nmax = 2\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.cjm\.toml:6: scoring\.formula: .*'fitt'.*did you mean 'fit'"):
        load(str(config))
    with pytest.raises(ConfigError, match="unknown preset"):
        from_table({"scoring": {"preset": "rise"}}, "x.toml")
    with pytest.raises(ConfigError, match=r"unknown key 'maxx' in \[scoring\.inputs\.fit\]"):
        from_table({"scoring": {"inputs": {"fit": {"maxx": 1}}}}, "x.toml")


def test_a_word_off_the_scale_gives_no_value() -> None:
    model = build(None, "impact / effort", {"effort": Scale(0, 5, {"small": 1})})
    journey = api.load(MAPS[1])
    by_id = {o.id: o for o in F.scores(journey, model)}
    assert by_id["op-fare-table"].score is None  # effort: medium is no word of this scale
    assert by_id["op-fare-table"].input("effort").problem == F.OffScale("medium", 0, 5, ("small",))


OFF_SCALE_CONFIG = """\
lang = "pl"
[scoring]
formula = "reach * impact * confidence / effort * fit"
[scoring.inputs.fit]
min = 0.5
max = 1.5
words = {weak = 0.5, neutral = 1, strong = 1.5}
"""
OFF_SCALE_MAP = """\
cjm: 1
id: m
title: Mapa
lang: pl
stages:
  - id: s
    name: Zakup
    pain_points:
      - {id: p, name: Długi formularz, severity: high}
    opportunities:
      - {id: o1, name: Krótszy formularz, addresses: [p], impact: high, effort: low, scores: {fit: 7}}
      - {id: o2, name: Autouzupełnianie, addresses: [p], impact: high, effort: low, scores: {fit: huge}}
"""


def test_a_stated_value_off_its_scale_is_said_in_the_teams_language(cjm, tmp_path: Path) -> None:
    """Lint (CJM701) says why the value is not used in the repository's language, numbers
    written its way; the JSON report keeps the English sentence for scripts."""
    (tmp_path / ".cjm.toml").write_text(OFF_SCALE_CONFIG, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(OFF_SCALE_MAP, encoding="utf-8")
    lint = cjm("lint", str(tmp_path / "m.yaml"), "--select", "CJM701")
    assert "szansa 'o1' nie ma oceny: 7 wykracza poza skalę fit (od 0,5 do 1,5 albo jedno z: weak, " \
           "neutral, strong)" in lint.stdout
    assert "szansa 'o2' nie ma oceny: 'huge' nie jest słowem skali fit (jedno z: weak, neutral, strong)" \
           in lint.stdout
    assert "outside" not in lint.stdout and "is not a word" not in lint.stdout
    assert "від 0,5 до 1,5" in cjm("lint", str(tmp_path / "m.yaml"), "--select", "CJM701", "--lang", "uk").stdout

    report = json.loads(cjm("report", str(tmp_path / "m.yaml"), "-f", "json").stdout)
    problems = [i["problem"] for o in report["opportunities"] for i in o["inputs"] if "problem" in i]
    assert problems == ["7 is outside the fit scale (0.5 to 1.5, or one of weak, neutral, strong)",
                        "'huge' is not a word of the fit scale (one of weak, neutral, strong)"]


def test_rank_moves_say_what_reordered() -> None:
    before = _scored(preset("rice"))
    after = _scored(load(str(SAMPLE / ".cjm.toml")).scoring)
    moves = {m.id: (m.before, m.after) for m in F.rank_moves(before, after)}
    assert moves["op-fee-upfront"][1] == 3
    assert all(b != a for b, a in moves.values())


def test_report_ranks_the_folder_with_top(cjm) -> None:
    result = cjm("report", str(SAMPLE), "--top", "3", "--today", "2026-12-01", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ranked = [o for o in data["opportunities"] if o["rank"] is not None]
    assert [o["id"] for o in ranked] == ["op-fare-table", "op-decline-reasons", "op-fee-upfront"]
    done = [o["id"] for o in data["opportunities"] if o["status"] == "done"]
    assert sorted(done) == ["op-email-day-before", "op-manage-in-header"]
    text = cjm("report", str(SAMPLE / "book-a-crossing.yaml"), "--lang", "de").stdout
    assert "Chancen, höchste Bewertung zuerst" in text
    assert "Reichweite 21.400: Kunden in Checkout, 2026-Q3" in text
    # each addressed pain point's state, open or resolved, in the reader's language too
    text = cjm("report", str(SAMPLE), "--lang", "bg", "--today", "2026-12-01").stdout
    assert "Fare rules hidden behind a link (открита)" in text and "(решена)" in text
    assert "(open)" not in text and "(resolved)" not in text
    assert "Оценка по собствения модел на хранилището: обхват * въздействие" in text  # one sentence, not "по модела собствения модел"


@pytest.mark.parametrize("lang", ["en", "ru", "pl", "bg", "de", "uk"])
def test_the_board_draws_the_matrix_in_every_language(lang: str) -> None:
    from cjm.render import html
    from cjm.render.options import Options

    path = MAPS[1]  # book-a-crossing
    page = html.render(api.load(path), Options(source=str(path), lang=lang))
    assert 'aria-labelledby="matrix-title matrix-desc"' in page
    assert "#1<span class=\"rank-score\"> · " in page  # the top opportunity's card shows its rank
    title = {"en": "Opportunity matrix", "ru": "Матрица возможностей", "pl": "Macierz szans",
             "bg": "Матрица на възможностите", "de": "Chancen-Matrix", "uk": "Матриця можливостей"}
    assert title[lang] in page
    # the poster's page (board-pdf) draws the compact one beside the title, in the same words
    poster = html.render(api.load(path), Options(source=str(path), lang=lang, print_only=True))
    header = poster[poster.index('<header class="map-header">'):poster.index("</header>")]
    assert 'class="matrix-section matrix-print"' in header and title[lang] in header
    assert 'viewBox="0 0 420 170"' in header and "matrix-list" not in poster


def test_a_typo_in_impact_or_effort_is_still_an_error_with_did_you_mean(cjm, tmp_path) -> None:
    """Scales may take words of their own, but only declared ones: `impact: hihg` is a typo."""
    path = tmp_path / "o.yaml"
    path.write_text(
        "cjm: 1\nid: o\ntitle: O\nstages:\n  - id: s\n    name: S\n    pain_points:\n"
        "      - {id: p, name: P}\n    opportunities:\n"
        "      - {id: o1, name: O1, addresses: [p], impact: hihg, effort: 2}\n"
        "      - {id: o2, name: O2, addresses: [p], impact: massive, effort: low}\n",
        encoding="utf-8")
    result = cjm("validate", str(path))
    assert result.exit_code == 1
    assert "'hihg' is not a word of the impact scale" in result.stdout
    assert "did you mean 'high'?" in result.stdout
    assert "o2" not in result.stdout and ":11:" not in result.stdout  # RICE's own word, a number


@pytest.mark.parametrize("lang", ["en", "ru", "pl", "bg", "de", "uk"])
def test_every_input_has_a_name_of_its_own_in_every_language(lang: str) -> None:
    """Russian and Ukrainian called impact and value both "ценность"/"цінність": a report's
    "ценность 2: ..." could be either input."""
    from cjm.i18n import language
    from cjm.i18n.scoring import INPUT_NAMES, input_name

    names = [input_name(name, language(lang)) for name in INPUT_NAMES]
    assert len(set(names)) == len(names), names


def test_scores_kept_for_a_freed_model_are_not_handed_to_the_next_one() -> None:
    """cjm serve reads an edited .cjm.toml into a new model; Python may give it the freed old
    model's id. Scores are kept per model object, so the new formula is used."""
    journey = api.load(MAPS[0])
    old, new = preset("rice"), build(None, "reach", {})
    F.scores(journey, old)
    kept = F.of(journey).__dict__["_scores"]
    kept[(id(new), "")] = kept.pop((id(old), ""))  # the new model born at the old one's address
    assert [o.score for o in F.scores(journey, new)] == [o.input("reach").value for o in F.scores(journey, new)]
