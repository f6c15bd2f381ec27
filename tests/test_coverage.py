"""Control matrices: fail, pass and not covered per framework item, in a stable order."""

from __future__ import annotations

from dataclasses import replace

from scanner.coverage import Status, matrix
from scanner.frameworks import Framework
from scanner.model import Finding, Frameworks, Location, Rule, ScanResult, Suppression


def _result(rules: tuple[Rule, ...], *findings: Finding) -> ScanResult:
    return ScanResult(
        root="/repo",
        findings=findings,
        notifications=(),
        files_scanned=3,
        rules=rules,
        started_at="2026-01-01T00:00:00+00:00",
        duration_seconds=0.5,
        version="0.0.0",
    )


def _finding(rule_id: str, line: int = 1, suppression: Suppression | None = None) -> Finding:
    return Finding(
        rule_id=rule_id,
        path="app/auth.py",
        location=Location(line),
        message="m",
        snippet="s",
        fingerprint=f"{rule_id}-{line}",
        suppression=suppression,
    )


def _statuses(result: ScanResult, framework: Framework) -> dict[str, Status]:
    return {row.control.id: row.status for row in matrix(result, framework).rows}


def test_a_clean_scan_passes_what_its_rules_test_and_no_more(rules: tuple[Rule, ...]) -> None:
    statuses = _statuses(_result(rules), Framework.OWASP_NHI)
    assert list(statuses) == [f"NHI{n}:2025" for n in range(1, 11)]
    not_covered = {i for i, s in statuses.items() if s is Status.NOT_COVERED}
    assert not_covered == {"NHI1:2025", "NHI3:2025", "NHI10:2025"}
    assert {s for i, s in statuses.items() if i not in not_covered} == {Status.PASS}


def test_an_open_finding_fails_every_item_its_rule_maps_to(rules: tuple[Rule, ...]) -> None:
    result = _result(rules, _finding("JWT001"), _finding("JWT001", 9), _finding("JWT002"))
    nhi = {row.control.id: row for row in matrix(result, Framework.OWASP_NHI).rows}
    assert nhi["NHI4:2025"].status is Status.FAIL
    assert nhi["NHI4:2025"].failing_rules == ("JWT001", "JWT002")
    assert nhi["NHI4:2025"].findings == 3
    assert nhi["NHI2:2025"].status is Status.PASS
    csf = _statuses(result, Framework.NIST_CSF)
    assert csf["PR.AA-04"] is Status.FAIL and csf["PR.AA-03"] is Status.FAIL
    assert csf["PR.AA-01"] is Status.PASS
    assert _statuses(result, Framework.CWE)["CWE-347"] is Status.FAIL


def test_a_suppressed_finding_is_counted_but_passes(rules: tuple[Rule, ...]) -> None:
    accepted = _finding("HMAC001", suppression=Suppression("inline", "test key"))
    row = next(
        r
        for r in matrix(_result(rules, accepted), Framework.OWASP_NHI).rows
        if r.control.id == "NHI2:2025"
    )
    assert (row.status, row.findings, row.suppressed) == (Status.PASS, 0, 1)


def test_items_only_a_disabled_rule_tests_are_not_covered(rules: tuple[Rule, ...]) -> None:
    enabled = tuple(r for r in rules if r.id != "SEC003")
    nhi = _statuses(_result(enabled), Framework.OWASP_NHI)
    assert nhi["NHI8:2025"] is Status.NOT_COVERED and nhi["NHI9:2025"] is Status.NOT_COVERED
    csf = _statuses(_result(enabled), Framework.NIST_CSF)
    assert csf["PR.AA-02"] is Status.NOT_COVERED and csf["PR.IR-01"] is Status.NOT_COVERED
    assert csf["PR.AA-01"] is Status.PASS


def test_rows_keep_catalog_order_and_sorted_rule_ids(rules: tuple[Rule, ...]) -> None:
    rows = matrix(_result(tuple(reversed(rules))), Framework.NIST_CSF).rows
    assert [r.control.id for r in rows][:5] == [
        "PR.AA-01",
        "PR.AA-02",
        "PR.AA-03",
        "PR.AA-04",
        "PR.AA-05",
    ]
    for row in rows:
        assert list(row.rules) == sorted(row.rules)


def test_an_id_the_catalog_does_not_know_still_gets_a_row(rules: tuple[Rule, ...]) -> None:
    odd = replace(rules[0], frameworks=Frameworks(("NHI2:2025",), ("PR.PS-02",), (1004,)))
    result = _result((odd, *rules[1:]), _finding(odd.id))
    rows = matrix(result, Framework.NIST_CSF).rows
    assert rows[-1].control.id == "PR.PS-02" and rows[-1].control.title == ""
    assert rows[-1].status is Status.FAIL
    assert matrix(result, Framework.CWE).rows[-1].control.id == "CWE-1004"
