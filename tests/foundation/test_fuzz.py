"""Random and mutated YAML never makes the loader or `cjm validate` raise: problems, not tracebacks."""

from __future__ import annotations

from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjm.loader import load_bytes
from cjm.validate import validate_document

SEED = (SAMPLES / "omnichannel-retail.yaml").read_bytes()
YAML_BITS = [b":", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!int ", b"\t", b"'", b'"', b"\n", b"  ",
             b"# ", b"? ", b"|", b">", b"---\n", b"<<: ", b"\xff", b"\x00", b"no", b".nan", b"010", b"~"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def check(raw: bytes) -> None:
    checked = validate_document(load_bytes(raw, "fuzz.yaml"))
    for problem in checked.problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.message


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    check(raw)


@SETTINGS
@given(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8).map(str.encode), max_size=60))
def test_random_yaml_tokens(parts: list[bytes]) -> None:
    check(b"cjm: 1\n" + b"".join(parts))


@SETTINGS
@given(st.data())
def test_mutated_sample_map(data: st.DataObject) -> None:
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        bit = data.draw(st.sampled_from(YAML_BITS))
        if action == "delete":
            del raw[pos : pos + data.draw(st.integers(1, 40))]
        elif action == "insert":
            raw[pos:pos] = bit
        else:
            raw[pos : pos + len(bit)] = bit
    check(bytes(raw))


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
        max_leaves=30,
    )
)
def test_random_structures_in_a_map(value: object) -> None:
    import json

    text = "cjm: 1\nid: m\ntitle: T\nstages:\n  - id: s\n    name: S\n    touchpoints: " + json.dumps(value) + "\n"
    check(text.encode())
