"""JUnit stays well-formed XML, valid against the Ant schema, whatever a file name or key holds.

XML 1.0 forbids ESC, BEL, ``\\x01`` and ``\\x0b`` outright (not even as character references); a
CI server that cannot parse the report shows no problems at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

lxml = pytest.importorskip("lxml.etree")

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "schemas" / "junit.xsd"
KEY = "k\x1b[31m\x07\x01\x0b<&>\"'\n]]>"


def test_forbidden_characters_in_keys_and_file_names(cjm, write):
    name = "m\x1b\x07\x0b<&>.yaml"
    source = write(name, f"cjm: 1\nid: m\ntitle: T\n{json.dumps(KEY)}: 1\nstages:\n  - id: a\n    name: A\n")
    result = cjm("validate", str(source), "-f", "junit")
    assert result.exit_code == 1, result.stderr
    doc = lxml.fromstring(result.stdout.encode("utf-8"))  # well-formed, or this raises
    schema = lxml.XMLSchema(lxml.parse(str(SCHEMA)))
    assert schema.validate(doc), schema.error_log
    suite = doc.find("testsuite")
    assert suite.get("name").endswith("m\\x1b\\x07\\x0b<&>.yaml")
    failure = suite.find("testcase/failure")
    assert "k\\x1b[31m\\x07\\x01\\x0b<&>\"'\n]]>" in failure.get("message")
    assert "]]>" in failure.text


def test_lint_junit_of_a_clean_map_is_valid(cjm, write):
    source = write("ok\x01.yaml", "cjm: 1\nid: m\ntitle: T\nstages:\n  - id: a\n    name: A\n")
    result = cjm("lint", str(source), "-f", "junit", "--select", "CJM1")
    doc = lxml.fromstring(result.stdout.encode("utf-8"))
    assert lxml.XMLSchema(lxml.parse(str(SCHEMA))).validate(doc)
