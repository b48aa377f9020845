"""cjm.yamledit: a map read with its comments, edited by model path, written canonically."""

from __future__ import annotations

import pytest

from cjm import yamledit
from cjm.fmt import model_order, root_model
from cjm.loader import load_text
from tests.conftest import dedent

MAP = dedent("""
    # yaml-language-server: $schema=../schema/cjm.schema.json
    cjm: 1
    id: shop
    title: Shop
    stages:
      - id: buy
        name: Buy
        metrics:
          # the number the board shows
          - id: m-conversion
            name: Conversion
            unit: "%"  # of visitors
            target: 4
            actual: 3.1
""")


def test_append_a_history_item_keeps_comments_and_writes_block_layout() -> None:
    doc = yamledit.parse(MAP)
    path = ("stages", 0, "metrics", 0, "history")
    doc.append(path, {"period": "2026-Q3", "value": 3.4})
    doc.append(path, {"period": "2026-Q4", "value": 3.1, "note": "after: the redesign"})
    doc.set(("stages", 0, "metrics", 0, "actual"), 3.1)
    text = doc.dump()
    assert text == MAP + (
        "        history:\n"
        "          - period: 2026-Q3\n"
        "            value: 3.4\n"
        "          - period: 2026-Q4\n"
        "            value: 3.1\n"
        '            note: "after: the redesign"\n'
    )
    data = load_text(text).data
    assert data["stages"][0]["metrics"][0]["history"][1] == {
        "period": "2026-Q4", "value": 3.1, "note": "after: the redesign"}


def test_set_replaces_a_value_and_keeps_its_comment() -> None:
    doc = yamledit.parse(MAP)
    doc.set(("stages", 0, "metrics", 0, "unit"), "percent")
    assert "        unit: percent  # of visitors\n" in doc.dump()
    assert doc.get(("stages", 0, "metrics", 0, "unit")) == "percent"


def test_new_keys_take_their_place_in_model_order() -> None:
    doc = yamledit.parse(MAP)
    doc.set(("stages", 0, "emotion"), 4)
    doc.set(("owner",), "no")  # a YAML 1.1 boolean as text: quoted
    text = doc.dump(model_order(root_model(load_text(MAP).data)))
    assert 'title: Shop\nowner: "no"\nstages:\n' in text
    assert "    name: Buy\n    emotion: 4\n    metrics:\n" in text


def test_remove_drops_an_item_with_its_comments() -> None:
    doc = yamledit.parse(MAP)
    doc.remove(("stages", 0, "metrics", 0))
    assert "the number the board shows" not in doc.dump()
    assert doc.get(("stages", 0, "metrics")) == []


def test_a_missing_path_is_a_key_error() -> None:
    doc = yamledit.parse(MAP)
    with pytest.raises(KeyError):
        doc.get(("stages", 3, "name"))


def test_aliases_are_refused() -> None:
    with pytest.raises(yamledit.YamlError, match="aliases"):
        yamledit.parse("cjm: 1\nid: &a x\ntitle: *a\n")


def _strings(data: object) -> set[str]:
    if isinstance(data, dict):
        return {str(k) for k in data} | {s for v in data.values() for s in _strings(v)}
    if isinstance(data, list):
        return {s for v in data for s in _strings(v)}
    return {data, *data.split()} if isinstance(data, str) else set()


def test_the_quick_test_for_plain_text_agrees_with_pyyaml_on_every_string_of_the_samples() -> None:
    """Plain text skips PyYAML's per-character analysis; it must never let through what the
    analysis would quote."""
    from tests.conftest import SAMPLES

    words = {"a.", "a-", "a ", "a:", "a #b", "Ok!", "x?", "it's", "1.5", "a—b", "—a", "a,b", "a]"}
    for path in SAMPLES.glob("*.yaml"):
        words |= _strings(load_text(path.read_text(encoding="utf-8")).data)
    emitter = yamledit.roundtrip._EMITTER
    checked = 0
    for word in sorted(words):
        for flow, quick in ((False, yamledit.roundtrip._COMMON_BLOCK), (True, yamledit.roundtrip._COMMON_FLOW)):
            if quick.match(word):
                checked += 1
                analysis = emitter.analyze_scalar(word)
                assert (analysis.allow_flow_plain if flow else analysis.allow_block_plain), word
                assert not analysis.multiline, word
    assert checked > 3000
