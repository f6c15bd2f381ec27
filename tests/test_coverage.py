"""Control matrices: fail, pass and not covered per framework item, in a stable order."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from every_output import write

from scanner import catalog, engine
from scanner.configuration import Config
from scanner.coverage import Status, matrix
from scanner.frameworks import Framework
from scanner.model import Finding, Frameworks, Location, Rule, ScanResult, Suppression
from scanner.report.json import render_json


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
    enabled = tuple(r for r in rules if r.id not in ("SEC003", "TOK001"))  # NHI9's only rules
    nhi = _statuses(_result(enabled), Framework.OWASP_NHI)
    assert nhi["NHI8:2025"] is Status.NOT_COVERED and nhi["NHI9:2025"] is Status.NOT_COVERED
    with_tok001 = _statuses(
        _result((*enabled, *(r for r in rules if r.id == "TOK001"))), Framework.OWASP_NHI
    )
    assert (
        with_tok001["NHI9:2025"] is Status.PASS and with_tok001["NHI8:2025"] is Status.NOT_COVERED
    )
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


# --- pass rests on inputs checked -------------------------------------------


def _scanned(tmp_path: Path, files: dict[str, str | bytes]) -> ScanResult:
    write(tmp_path, files)
    return engine.scan([tmp_path], Config(), catalog.load(), jobs=1)


FIVE_LINES = "import os\n\n\ndef token():\n    return os.environ['API_TOKEN']\n"
WORKFLOW = "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"


def test_ci_items_are_not_applicable_when_no_ci_file_was_scanned(tmp_path: Path) -> None:
    result = _scanned(tmp_path, {"app.py": FIVE_LINES})
    nhi = {row.control.id: row for row in matrix(result, Framework.OWASP_NHI).rows}
    assert (nhi["NHI5:2025"].status, nhi["NHI5:2025"].inputs) == (Status.NOT_APPLICABLE, 0)
    assert (nhi["NHI6:2025"].status, nhi["NHI6:2025"].inputs) == (Status.NOT_APPLICABLE, 0)
    assert (nhi["NHI2:2025"].status, nhi["NHI2:2025"].inputs) == (Status.PASS, 1)


def test_a_pass_names_the_rules_of_its_item_that_had_no_input(tmp_path: Path) -> None:
    result = _scanned(tmp_path, {"app.py": FIVE_LINES})
    nhi = {row.control.id: row for row in matrix(result, Framework.OWASP_NHI).rows}
    assert nhi["NHI2:2025"].status is Status.PASS
    assert nhi["NHI2:2025"].rules_without_input == ("CI001", "CI002", "CI004", "CI006", "SEC001")
    assert nhi["NHI4:2025"].rules_without_input == ()


def test_a_ci_workflow_makes_the_ci_items_pass_with_its_count(tmp_path: Path) -> None:
    result = _scanned(tmp_path, {"app.py": FIVE_LINES, ".github/workflows/ci.yml": WORKFLOW})
    nhi = {row.control.id: row for row in matrix(result, Framework.OWASP_NHI).rows}
    assert (nhi["NHI5:2025"].status, nhi["NHI5:2025"].inputs) == (Status.PASS, 1)
    assert nhi["NHI2:2025"].inputs == 2


def test_a_skipped_file_is_no_input_checked(tmp_path: Path) -> None:
    result = _scanned(tmp_path, {"messages.mo": b"\xde\x12\x04\x95\x00\x00" * 50})
    assert result.inputs == {}
    statuses = {row.status for row in matrix(result, Framework.CWE).rows}
    assert statuses == {Status.NOT_APPLICABLE}


def test_the_json_summary_states_each_item_with_its_inputs(tmp_path: Path) -> None:
    result = _scanned(tmp_path, {"app.py": FIVE_LINES})
    controls = json.loads(render_json(result))["summary"]["controls"]
    assert controls["owasp_nhi"]["NHI5:2025"] == {
        "status": "not applicable",
        "rules": ["CI003", "CI004", "CI006"],
        "findings": 0,
        "suppressed": 0,
        "inputs_checked": 0,
        "rules_without_input": ["CI003", "CI004", "CI006"],
    }
    assert controls["owasp_nhi"]["NHI1:2025"]["status"] == "not covered"
    assert controls["cwe"]["CWE-798"]["status"] == "pass"
