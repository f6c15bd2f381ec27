"""JUnit XML for CI systems that show test results (Jenkins, GitLab, Azure, CircleCI).

Each rule that ran is a test case; each of its unsuppressed findings is a
`<failure>` of that case, so a rule with no finding is a passing test and the
count of failures is the count of findings. Files not fully analysed are
listed in the suite's `<system-err>`. Scanned text is made visible
first: XML 1.0 cannot carry most control characters even escaped, and
ElementTree escapes the rest (`<`, `&`, quotes).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from scanner.escape import visible
from scanner.model import Finding, ScanResult
from scanner.report.notes import described


def render_junit(result: ScanResult) -> str:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.active:
        by_rule[finding.rule_id].append(finding)
    failures = len(result.active)
    counts = {
        "tests": str(len(result.rules)),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
        "time": f"{result.duration_seconds:.3f}",
    }
    suites = ET.Element("testsuites", {"name": "nhiguard", **counts})
    suite = ET.SubElement(
        suites, "testsuite", {"name": "nhiguard", "timestamp": result.started_at, **counts}
    )
    for rule in result.rules:
        case = ET.SubElement(
            suite, "testcase", classname=f"nhiguard.{rule.id}", name=f"{rule.id} {rule.name}"
        )
        case.set("time", "0")
        for finding in by_rule[rule.id]:
            where = f"{finding.path}:{finding.location.line}:{finding.location.column}"
            if result.comparison is not None:
                where = f"[{result.change(finding)}] {where}"
            failure = ET.SubElement(
                case,
                "failure",
                type=rule.id,
                message=visible(f"{where} {finding.message}"),
            )
            lines = [
                f"{where} {result.level(finding).value} {finding.message}",
                f"    {finding.snippet}" if finding.snippet else "",
                f"fix: {rule.remediation}",
            ]
            failure.text = "\n".join(visible(line) for line in lines if line)
    if result.notifications:
        notes = ET.SubElement(suite, "system-err")
        notes.text = "\n".join(visible(f"{n.path}: {described(n)}") for n in result.notifications)
    if result.comparison is not None:
        fixed = ET.SubElement(suite, "system-out")
        fixed.text = "\n".join(
            [
                visible(f"compared to {result.comparison.previous}: fixed since then:"),
                *(
                    visible(f"fixed: {f.path}:{f.location.line} {f.rule_id} {f.message}")
                    for f in result.comparison.fixed
                ),
            ]
        )
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
