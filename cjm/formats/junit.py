"""JUnit XML (the Apache Ant schema), for CI systems that show test reports (GitLab, Jenkins...).

One ``<testsuite>`` per file checked and one ``<testcase>`` per problem; every problem is a
``<failure>`` whose type is its severity, so a report reads "this map failed these checks". A
clean file has one passing testcase, so it still shows up as green. Times are 0 and the timestamp
fixed, so the output is deterministic.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..problems import Problem, Report

TIMESTAMP = "1970-01-01T00:00:00"


def render(report: Report, *, color: bool = False) -> str:
    by_file: dict[str, list[Problem]] = {f: [] for f in report.files}
    for p in report.problems:
        by_file.setdefault(p.file, []).append(p)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<testsuites>",
    ]
    for i, (file, problems) in enumerate(by_file.items()):
        tests = max(1, len(problems))
        out.append(
            f"  <testsuite name={quoteattr(file)} package={quoteattr('cjm.' + report.command)} "
            f'id="{i}" timestamp="{TIMESTAMP}" hostname="localhost" tests="{tests}" '
            f'failures="{len(problems)}" errors="0" skipped="0" time="0">'
        )
        out.append("    <properties/>")
        if not problems:
            out.append(f'    <testcase name="{report.command}" classname={quoteattr(file)} time="0"/>')
        for p in problems:
            name = f"{p.code} {report.rule(p.code).name} at {p.line}:{p.col}"
            body = f"{p.file}:{p.line}:{p.col}: {p.severity} {p.code}"
            body += f" {p.dotted_path}:" if p.path else ""
            body += f" {p.full_message}"
            out.append(f"    <testcase name={quoteattr(name)} classname={quoteattr(file)} time=\"0\">")
            out.append(
                f"      <failure message={quoteattr(p.full_message)} type={quoteattr(str(p.severity))}>"
                f"{escape(body)}</failure>"
            )
            out.append("    </testcase>")
        out.append("    <system-out/>")
        out.append("    <system-err/>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
