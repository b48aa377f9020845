"""JUnit XML (the Apache Ant schema), for CI systems that show test reports (GitLab, Jenkins...).

One ``<testsuite>`` per file checked and one ``<testcase>`` per problem; every problem is a
``<failure>`` whose type is its severity, so a report reads "this map failed these checks". A
clean file has one passing testcase, so it still shows up as green. Times are 0 and the timestamp
fixed, so the output is deterministic.

Built with :mod:`xml.etree.ElementTree` rather than strings, so quoting is the library's job;
characters XML 1.0 cannot carry at all (ESC, BEL, ``\\x01``, ``\\x0b``..., which a file name or an
unknown key can hold) are replaced by their visible escapes (``\\x1b``) first: a report that a
CI server cannot parse would hide every problem in it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..problems import Problem, Report

TIMESTAMP = "1970-01-01T00:00:00"

# Not allowed anywhere in an XML 1.0 document: C0 controls but TAB, LF, CR; lone surrogates;
# U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids shown as ``\\xNN`` (``\\uNNNN``)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) <= 0xFF
                        else f"\\u{ord(m.group()):04x}", text)


def _element(parent: ET.Element | None, tag: str, **attrs: str) -> ET.Element:
    clean = {k: xml_text(v) for k, v in attrs.items()}
    return ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)


def render(report: Report, *, color: bool = False) -> str:
    by_file: dict[str, list[Problem]] = {f: [] for f in report.files}
    for p in report.problems:
        by_file.setdefault(p.file, []).append(p)
    root = _element(None, "testsuites")
    for i, (file, problems) in enumerate(by_file.items()):
        suite = _element(
            root, "testsuite", name=file, package="cjm." + report.command, id=str(i),
            timestamp=TIMESTAMP, hostname="localhost", tests=str(max(1, len(problems))),
            failures=str(len(problems)), errors="0", skipped="0", time="0",
        )
        _element(suite, "properties")
        if not problems:
            _element(suite, "testcase", name=report.command, classname=file, time="0")
        for p in problems:
            name = f"{p.code} {report.rule(p.code).name} at {p.line}:{p.col}"
            body = f"{p.file}:{p.line}:{p.col}: {p.severity} {p.code}"
            body += f" {p.dotted_path}:" if p.path else ""
            body += f" {p.full_message}"
            case = _element(suite, "testcase", name=name, classname=file, time="0")
            failure = _element(case, "failure", message=p.full_message, type=str(p.severity))
            failure.text = xml_text(body)
        _element(suite, "system-out")
        _element(suite, "system-err")
    ET.indent(root, "  ")
    body_xml = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body_xml + "\n"
