"""SARIF 2.1.0, the format GitHub code scanning (and most security dashboards) upload.

The log validates against the OASIS schema (tests check it). Each rule carries its short and full
description and help (the rule's documentation); results point at relative artifact URIs with a
region; ``partialFingerprints`` hash file, code and map path (not the line), so a problem keeps
its identity when edits elsewhere move it, and code scanning does not reopen it as new.
"""

from __future__ import annotations

import hashlib
import json
import os
from urllib.parse import quote

from .. import __version__
from ..problems import Problem, Report, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
INFORMATION_URI = "https://github.com/cjm-dev/cjm"


def artifact_uri(file: str) -> str:
    """A relative URI (forward slashes, percent-encoded) for a path inside the working tree."""
    if file.startswith("<"):
        return quote(file.strip("<>"))
    path = file
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    path = os.path.normpath(path).replace(os.sep, "/")
    if os.path.isabs(file) and path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


def _artifact(file: str) -> dict[str, str]:
    uri = artifact_uri(file)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}


def fingerprint(file: str, code: str, map_path: str, message: str) -> str:
    key = "\0".join((artifact_uri(file), code, map_path, "" if map_path else message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def render(report: Report, *, color: bool = False) -> str:
    codes = sorted(set(report.rules) | {p.code for p in report.problems})
    index = {code: i for i, code in enumerate(codes)}
    rules = [_rule(report, code) for code in codes]
    results = [_result(p, index[p.code]) for p in report.problems]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cjm",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _rule(report: Report, code: str) -> dict[str, object]:
    """A rule's descriptor: code scanning shows its documentation beside each of its results."""
    info = report.rule(code)
    doc = info.doc or info.summary
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
        "properties": {"tags": [_category(code)]},
    }


def _result(p: Problem, rule_index: int) -> dict[str, object]:
    """One problem: where it is (file and region, and the map path as a logical location), the
    other places it is about, and a fingerprint that survives edits elsewhere in the file."""
    return {
        "ruleId": p.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[p.severity],
        "message": {"text": p.full_message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(p.file),
                    "region": {"startLine": p.line, "startColumn": p.col},
                },
                **(
                    {"logicalLocations": [{"fullyQualifiedName": p.dotted_path, "kind": "member"}]}
                    if p.path
                    else {}
                ),
            }
        ],
        **({"relatedLocations": _related(p)} if p.related or p.elsewhere else {}),
        "partialFingerprints": {
            "cjmProblem/v1": fingerprint(p.file, p.code, p.dotted_path, p.message)
        },
    }


def _related(p: Problem) -> list[dict[str, object]]:
    """The other places a problem is about: the first of two duplicates, the library file that
    defines an id, the other map with the same id (shown by code scanning as links)."""
    places = [(p.file, line, col) for line, col in p.related] + list(p.elsewhere)
    return [
        {
            "id": i,
            "physicalLocation": {
                "artifactLocation": _artifact(file),
                "region": {"startLine": line, "startColumn": col},
            },
        }
        for i, (file, line, col) in enumerate(places)
    ]


def _category(code: str) -> str:
    return {
        "CJM0": "validation",
        "CJM1": "structure",
        "CJM2": "completeness",
        "CJM3": "consistency",
        "CJM4": "freshness-and-style",
    }.get(code[:4], "cjm")
