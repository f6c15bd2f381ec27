"""The text report a CI log shows: one line per finding, how to fix each rule once; binaries counted, not listed (HTML too).

A small tree is scanned by the real CLI: the same hardcoded JWT signing key
pattern in two files (HMAC001 three times), a binary file, and a file Python
cannot parse.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner import catalog
from scanner.cli import main


def _signing(key: str) -> str:
    return f'import jwt\n\n\ndef issue(claims):\n    return jwt.encode(claims, "{key}", algorithm="HS256")\n'


def _key() -> str:
    return f"k3y-{secrets.token_hex(16)}"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "tokens.py").write_text(_signing(_key()) + _signing(_key()))
    (tmp_path / "app" / "admin.py").write_text(_signing(_key()))
    (tmp_path / "app" / "broken.py").write_text("import jwt\n\ndef f(:\n")
    (tmp_path / "locale.mo").write_bytes(b"\xde\x12\x04\x95\x00\x00\x00" * 40)
    return tmp_path


def _text(path: Path) -> str:
    outcome = CliRunner().invoke(main, ["scan", str(path)], catch_exceptions=False)
    assert outcome.exit_code == 1, outcome.output
    return outcome.stdout


def test_the_fix_of_a_rule_is_written_once_at_the_end(tree: Path) -> None:
    text = _text(tree)
    remediation = catalog.find(catalog.load(), "HMAC001")
    assert remediation is not None
    first_words = " ".join(remediation.remediation.split()[:6])
    assert text.count(first_words) == 1
    how, _, summary = text.partition("How to fix\n")
    assert first_words not in how
    assert "  HMAC001 hardcoded-signing-secret (3 findings):" in summary.splitlines()


def test_the_summary_counts_findings_per_rule(tree: Path) -> None:
    assert "Findings per rule: HMAC001 3" in _text(tree).splitlines()


def test_binary_files_are_counted_as_skipped_not_listed_as_failures(tree: Path) -> None:
    text = _text(tree)
    assert "locale.mo" not in text
    assert "1 file not fully analysed, 1 binary file skipped." in text
    assert "  not fully analysed: app/broken.py:3 (parse-error: Python syntax error)" in text


def test_one_file_is_counted_in_the_singular(tmp_path: Path) -> None:
    (tmp_path / "tokens.py").write_text(_signing(_key()))
    first = _text(tmp_path).splitlines()[-3]
    assert first.startswith("Scanned 1 file in ")
    assert ": 1 finding (0 critical, 1 high, 0 medium, 0 low), 0 suppressed, 0 files not" in first


def test_the_html_report_counts_binaries_apart_from_files_not_analysed(tree: Path) -> None:
    outcome = CliRunner().invoke(main, ["scan", str(tree), "--format", "html"])
    page = outcome.stdout
    assert "locale.mo" not in page
    assert "1 binary file was skipped: they hold no text a rule reads." in page
    assert "<code>app/broken.py</code>" in page
