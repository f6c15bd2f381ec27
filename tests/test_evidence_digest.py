"""Invariant 6: a report alone never lets anyone confirm a guessed secret.

A report shows a secret's masked form and length. Anything more that is a
function of the value (a digest keyed by a public constant, a fingerprint
built from the value) turns the report into an offline oracle: hash each
guess, compare. So a digest is published only keyed by the organisation's
NHIGUARD_SALT, and fingerprints are built from what the report already shows,
which also keeps them the same whatever the salt (a new salt must not reset
every code-scanning alert).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scanner.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vulnerable_app"
ORG_SALT = "acme-security-2026-q4"


def _report(folder: Path, salt: str | None, output_format: str = "json") -> dict[str, Any]:
    result = CliRunner(env={"NHIGUARD_SALT": salt}).invoke(
        main, ["scan", str(folder), "--format", output_format], catch_exceptions=False
    )
    assert result.exit_code == 1, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _without_run_facts(document: dict[str, Any]) -> dict[str, Any]:
    scan = {k: v for k, v in document["scan"].items() if k in ("files_scanned", "rules")}
    audit = {k: v for k, v in (document["audit"] or {}).items() if k != "finished_at"}
    return {**document, "scan": scan, "audit": audit}


def _leaky_service(root: Path, key: str, token: str) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "auth.py").write_text(
        f'import jwt\n\n\ndef issue(claims):\n    return jwt.encode(claims, "{key}", algorithm="HS256")\n'
    )
    (root / ".env.production").write_text(f"PAYMENTS_API_TOKEN={token}\nLOG_LEVEL=info\n")
    return root


def test_two_secrets_with_the_same_mask_give_identical_reports(tmp_path: Path) -> None:
    """The keys differ in every character a mask hides, and in nothing it shows."""
    first = _leaky_service(
        tmp_path / "one", "Zq7Xk2Lm9Pw4Rt8VbN3cYh6Dj1Fs5Ga0", "Tk4Hn8Wq2Mz6Rb1Vx5Lc9Pd3Jf7Gs0Ay"
    )
    second = _leaky_service(
        tmp_path / "two", "Zq8Yk3Ln0Qx5Su9WcO4dZi7Ek2Gt6Ha0", "Tk5Io9Xr3Na7Sc2Wy6Md0Qe4Kg8Ht1Ay"
    )
    reports = [_without_run_facts(_report(folder, salt=None)) for folder in (first, second)]
    assert reports[0]["findings"], "the planted secrets must be found"
    assert reports[0] == reports[1]


def test_without_an_organisation_salt_evidence_carries_no_digest() -> None:
    report = _report(EXAMPLE, salt=None)
    evidences = [f["evidence"] for f in report["findings"] if f["evidence"] is not None]
    assert evidences
    assert {e["digest"] for e in evidences} == {None}


def test_with_an_organisation_salt_equal_secrets_share_a_published_digest(tmp_path: Path) -> None:
    key = "Zq7Xk2Lm9Pw4Rt8VbN3cYh6Dj1Fs5Ga0"
    folder = _leaky_service(tmp_path, key, key)
    digests = {
        (f["rule_id"], f["path"]): f["evidence"]["digest"]
        for f in _report(folder, salt=ORG_SALT)["findings"]
        if f["evidence"] is not None
    }
    assert digests[("HMAC001", "app/auth.py")] == digests[("SEC001", ".env.production")]
    assert len(digests[("HMAC001", "app/auth.py")]) == 32


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_fingerprints_are_the_same_whatever_the_salt(output_format: str) -> None:
    def fingerprints(salt: str | None) -> list[str]:
        document = _report(EXAMPLE, salt, output_format)
        if output_format == "json":
            return [f["fingerprint"] for f in document["findings"]]
        return [r["partialFingerprints"]["nhiguard/v1"] for r in document["runs"][0]["results"]]

    unsalted = fingerprints(None)
    assert len(unsalted) > 10
    assert fingerprints(ORG_SALT) == unsalted
    assert fingerprints("another-org-salt-2027") == unsalted


def test_a_salt_that_is_not_utf8_leaves_every_finding_reported(tmp_path: Path) -> None:
    environ = {os.fsencode(k): os.fsencode(v) for k, v in os.environ.items()}
    environ[b"NHIGUARD_SALT"] = b"acme-\xff\xfe-security-2026"
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", str(EXAMPLE), "--format", "json"],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["notifications"] == []
    expected = _report(EXAMPLE, salt=ORG_SALT)["findings"]
    assert [f["fingerprint"] for f in report["findings"]] == [f["fingerprint"] for f in expected]
    digests = {f["evidence"]["digest"] for f in report["findings"] if f["evidence"]}
    assert None not in digests


def test_a_salt_too_short_to_key_digests_is_named_in_a_warning() -> None:
    result = CliRunner(env={"NHIGUARD_SALT": "acme"}).invoke(
        main, ["scan", str(EXAMPLE), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "nhiguard: warning: NHIGUARD_SALT is shorter than 16 bytes, "
        "so reports carry no evidence digest\n"
    )
    digests = {
        f["evidence"]["digest"] for f in json.loads(result.stdout)["findings"] if f["evidence"]
    }
    assert digests == {None}
