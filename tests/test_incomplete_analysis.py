"""Invariant 7: no input silences the gate (DESIGN.md, "Invariants").

A failure inside an analyzer costs at most the family, value or step it hit:
the file's other findings are still reported, the report names the part that
failed, and the scanner's own failures fail the gate unless
`--fail-on-incomplete` says otherwise. The failures here are injected, as
the inputs that caused them in the past are fixed at their source.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scanner.analyzers.ci.readers import github_workflows
from scanner.analyzers.config import durations
from scanner.analyzers.python import mac_compare
from scanner.cli import main


def _fail(*_: Any, **__: Any) -> Any:
    raise RuntimeError("injected")


def _scan(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["scan", str(folder), "--format", "json", *args], catch_exceptions=False
    )


def _report(result: Result) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, str, int]]]:
    document = json.loads(result.stdout)
    findings = [(f["rule_id"], f["path"], f["line"]) for f in document["findings"]]
    notes = [(n["path"], n["kind"], n["detail"], n["line"]) for n in document["notifications"]]
    return findings, notes


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


WEBHOOK = (
    "import hmac\n"
    "\n"
    "\n"
    "def valid(body, signature, key):\n"
    '    return hmac.new(key, body, "sha256").hexdigest() == signature\n'
)


def test_a_failing_python_family_keeps_the_other_families_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mac_compare, "detect", _fail)
    key = secrets.token_hex(20)
    _write(tmp_path / "hooks.py", WEBHOOK.replace("key, body", f'"{key}".encode(), body'))
    result = _scan(tmp_path)
    assert _report(result) == (
        [("HMAC001", "hooks.py", 5)],
        [("hooks.py", "analyzer-error", "RuntimeError in mac_compare", 0)],
    )
    assert result.exit_code == 1


def test_a_file_whose_analysis_failed_fails_the_gate_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mac_compare, "detect", _fail)
    _write(tmp_path / "hooks.py", WEBHOOK)
    result = _scan(tmp_path)
    assert _report(result) == (
        [],
        [("hooks.py", "analyzer-error", "RuntimeError in mac_compare", 0)],
    )
    assert result.exit_code == 1


def test_fail_on_incomplete_never_lets_a_failed_analysis_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mac_compare, "detect", _fail)
    _write(tmp_path / "hooks.py", WEBHOOK)
    assert _scan(tmp_path, "--fail-on-incomplete", "never").exit_code == 0


def test_fail_on_incomplete_from_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mac_compare, "detect", _fail)
    _write(tmp_path / "hooks.py", WEBHOOK)
    _write(tmp_path / ".nhiguard.toml", 'fail-on-incomplete = ["parse-error"]\n')
    assert _scan(tmp_path).exit_code == 0


def test_a_parse_error_is_informational_by_default(tmp_path: Path) -> None:
    _write(tmp_path / "broken.py", "import jwt\njwt.decode(\n")
    result = _scan(tmp_path)
    assert _report(result) == ([], [("broken.py", "parse-error", "Python syntax error", 2)])
    assert result.exit_code == 0


def test_fail_on_incomplete_can_make_a_parse_error_fail_the_gate(tmp_path: Path) -> None:
    _write(tmp_path / "broken.py", "import jwt\njwt.decode(\n")
    result = _scan(tmp_path, "--fail-on-incomplete", "parse-error,analyzer-error")
    assert result.exit_code == 1


def test_an_unknown_notification_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = _scan(tmp_path, "--fail-on-incomplete", "analyser-error")
    assert result.exit_code == 2
    assert "--fail-on-incomplete: unknown kind 'analyser-error'" in result.output


def test_a_failing_config_value_keeps_the_file_s_other_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durations, "duration", _fail)
    password = secrets.token_urlsafe(18)
    _write(tmp_path / ".env", f"JWT_ACCESS_TOKEN_LIFETIME=86400\nDB_PASSWORD={password}\n")
    result = _scan(tmp_path)
    assert _report(result) == (
        [("SEC001", ".env", 2)],
        [(".env", "analyzer-error", "RuntimeError in a value", 1)],
    )
    assert result.exit_code == 1


def test_a_failing_workflow_step_keeps_the_other_steps_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = github_workflows.audit_step

    def audit_step(run: Any, wf: Any, job: Any, step: Any) -> Any:
        if step.action is not None:
            raise RuntimeError("injected")
        return real(run, wf, job, step)

    monkeypatch.setattr(github_workflows, "audit_step", audit_step)
    token = secrets.token_urlsafe(24)
    _write(
        tmp_path / ".github" / "workflows" / "ci.yml",
        "on: push\npermissions: read-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
        f"      - run: ./deploy.sh\n        env:\n          API_TOKEN: {token}\n",
    )
    result = _scan(tmp_path)
    assert _report(result) == (
        [("CI001", ".github/workflows/ci.yml", 10)],
        [(".github/workflows/ci.yml", "analyzer-error", "RuntimeError in a step", 7)],
    )
    assert result.exit_code == 1
