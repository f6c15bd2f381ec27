"""The CI formats: GitLab secret detection and SAST, Code Quality, JUnit, GitHub annotations.

The bundled vulnerable example, committed to a real git repository with one
more finding accepted by an inline ignore, is scanned through the real CLI
once per format. Each report must be what its consumer accepts (GitLab's
report schema, Code Climate's issue spec as GitLab reads it, a JUnit parser,
GitHub's workflow command syntax) and must hold exactly the scan's
unsuppressed findings: the same rule ids on the same lines as the JSON report.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitlab_schema import VERSION, gitlab_errors
from jsonschema import Draft7Validator
from junitparser import Failure, JUnitXml

from scanner.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vulnerable_app"
GIT = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
Json = dict[str, Any]

# Code Climate's issue spec (`type`, `check_name`, `description`, `categories`,
# `location`) with what GitLab Code Quality needs besides: `fingerprint`, `severity`.
CODE_QUALITY_ISSUE = {
    "type": "object",
    "required": [
        "type",
        "check_name",
        "description",
        "categories",
        "location",
        "fingerprint",
        "severity",
    ],
    "properties": {
        "type": {"const": "issue"},
        "check_name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "categories": {
            "type": "array",
            "minItems": 1,
            "items": {
                "enum": [
                    "Bug Risk",
                    "Clarity",
                    "Compatibility",
                    "Complexity",
                    "Duplication",
                    "Performance",
                    "Security",
                    "Style",
                ]
            },
        },
        "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
        "fingerprint": {"type": "string", "minLength": 1},
        "location": {
            "type": "object",
            "required": ["path", "lines"],
            "properties": {
                "path": {"type": "string", "minLength": 1},
                "lines": {
                    "type": "object",
                    "required": ["begin"],
                    "properties": {"begin": {"type": "integer", "minimum": 1}},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ci") / "repo"
    shutil.copytree(EXAMPLE, root)
    key = "whsec_" + secrets.token_hex(16)
    (root / "app" / "ignored.py").write_text(
        "import hashlib\nimport hmac\n\n\ndef sign(body: bytes) -> str:\n"
        f'    return hmac.new(b"{key}", body, hashlib.sha256).hexdigest()'
        "  # nhiguard: ignore[HMAC001] test key\n"
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), *GIT, "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), *GIT, "commit", "-q", "-m", "x"], check=True)
    return root


def _scan(repo: Path, output_format: str) -> str:
    outcome = CliRunner().invoke(
        main, ["scan", str(repo), "--format", output_format], catch_exceptions=False
    )
    assert outcome.exit_code == 1, outcome.output
    return outcome.stdout


@pytest.fixture(scope="module")
def findings(repo: Path) -> list[Json]:
    """The unsuppressed findings of the JSON report: what every format must hold."""
    document = json.loads(_scan(repo, "json"))
    active = [f for f in document["findings"] if f["suppression"] is None]
    assert len(active) < len(document["findings"]), "the fixture must have a suppressed finding"
    return active


def _places(findings: list[Json]) -> Counter[tuple[str, str, int]]:
    return Counter((f["rule_id"], f["path"], f["line"]) for f in findings)


# --- GitLab security reports -------------------------------------------------


@pytest.mark.parametrize(
    ("output_format", "kind"),
    [("gitlab-secrets", "secret_detection"), ("gitlab-sast", "sast")],
)
def test_gitlab_reports_meet_the_schema_version_they_declare(
    repo: Path, output_format: str, kind: str
) -> None:
    document = json.loads(_scan(repo, output_format))
    assert document["version"] == VERSION
    assert gitlab_errors(document, kind) == []
    assert document["vulnerabilities"], "an empty report would prove nothing"


def test_each_finding_is_in_exactly_one_gitlab_report(repo: Path, findings: list[Json]) -> None:
    secrets_report = json.loads(_scan(repo, "gitlab-secrets"))["vulnerabilities"]
    sast_report = json.loads(_scan(repo, "gitlab-sast"))["vulnerabilities"]

    def places(vulnerabilities: list[Json]) -> Counter[tuple[str, str, int]]:
        return Counter(
            (v["identifiers"][0]["value"], v["location"]["file"], v["location"]["start_line"])
            for v in vulnerabilities
        )

    assert places(secrets_report) + places(sast_report) == _places(findings)
    with_evidence = [f for f in findings if f["evidence"] is not None]
    assert places(secrets_report) == _places(with_evidence)


def test_gitlab_ids_derive_from_fingerprints_and_name_the_commit(
    repo: Path, findings: list[Json]
) -> None:
    report = json.loads(_scan(repo, "gitlab-secrets"))["vulnerabilities"]
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert {v["location"]["commit"]["sha"] for v in report} == {head}
    ids = [v["id"] for v in report]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)


def test_gitlab_vulnerabilities_carry_rule_cwe_and_masked_evidence(repo: Path) -> None:
    report = json.loads(_scan(repo, "gitlab-secrets"))["vulnerabilities"]
    first = report[0]
    assert first["identifiers"][0]["type"] == "nhiguard_rule_id"
    assert any(i["type"] == "cwe" for i in first["identifiers"])
    assert "Evidence (masked, " in first["description"]
    assert "raw_source_code_extract" not in first


# --- GitLab Code Quality -----------------------------------------------------


def test_code_quality_issues_meet_the_spec_and_hold_every_finding(
    repo: Path, findings: list[Json]
) -> None:
    issues = json.loads(_scan(repo, "codeclimate"))
    validator = Draft7Validator({"type": "array", "items": CODE_QUALITY_ISSUE})
    assert [e.message for e in validator.iter_errors(issues)] == []
    assert Counter(
        (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ) == _places(findings)
    assert [i["fingerprint"] for i in issues] == [f["fingerprint"] for f in findings]


def test_two_notes_of_one_kind_on_one_file_are_two_code_quality_issues(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(
        "DEBUG = True  # nhiguard: ignore[HMAC001] fixture\n"
        "TIMEOUT = 30  # nhiguard: ignore[JWT007] fixture\n",
        encoding="utf-8",
    )

    outcome = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "codeclimate"])
    issues = json.loads(outcome.stdout)

    unused = [i for i in issues if i["check_name"] == "nhiguard/unused-ignore"]
    assert [i["location"]["lines"]["begin"] for i in unused] == [1, 2]
    assert len({i["fingerprint"] for i in unused}) == 2


# --- JUnit ---------------------------------------------------------------------


def test_junit_has_a_test_case_per_rule_and_a_failure_per_finding(
    repo: Path, tmp_path: Path, findings: list[Json]
) -> None:
    path = tmp_path / "nhiguard.xml"
    path.write_text(_scan(repo, "junit"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    cases = list(suites[0])
    rules = json.loads(_scan(repo, "json"))["scan"]["rules"]
    assert [c.classname for c in cases] == [f"nhiguard.{r}" for r in rules]
    failures = Counter(
        case.classname.removeprefix("nhiguard.")
        for case in cases
        for result in case.result
        if isinstance(result, Failure)
    )
    assert failures == Counter(f["rule_id"] for f in findings)
    assert suites[0].failures == len(findings) and suites[0].tests == len(rules)
    passing = [c for c in cases if c.is_passed]
    assert len(passing) == len(rules) - len(failures)


# --- GitHub annotations ------------------------------------------------------

_ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,:\n]+),line=(\d+),col=(\d+),endLine=(\d+),"
    r"title=([^,:\n]+)::([^\n]*)$"
)


def test_github_annotations_are_one_workflow_command_per_finding(
    repo: Path, findings: list[Json]
) -> None:
    lines = _scan(repo, "github").splitlines()
    parsed = [_ANNOTATION.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    places = Counter(
        (m.group(6).split()[0], m.group(2), int(m.group(3))) for m in parsed if m is not None
    )
    assert places == _places(findings)
    levels = {(m.group(1), m.group(6).rsplit("(", 1)[1].rstrip(")")) for m in parsed if m}
    assert levels <= {
        ("error", "critical"),
        ("error", "high"),
        ("warning", "medium"),
        ("notice", "low"),
    }
