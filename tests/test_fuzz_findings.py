"""Inputs the fuzz suite (tests/fuzz/) found, each minimised to a plain regression test."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from scanner import engine
from scanner.analyzers.ci.shell_words import pipelines
from scanner.configuration import Config
from scanner.errors import UsageError
from scanner.model import Location, Notification, NotificationKind, Rule, ScanResult
from scanner.report.json import render_json
from scanner.report.load import load


def _notes(path: str, text: str, rules: tuple[Rule, ...]) -> tuple[Notification, ...]:
    return engine.scan_text(path, text, Config(), rules).notifications


def test_yaml_error_at_end_of_file_names_the_last_line(rules: tuple[Rule, ...]) -> None:
    # LibYAML marks a mapping cut short by the end of the file one line past it.
    notes = _notes("deploy/values.yaml", "jwt:\n  secret: x\n  e", rules)
    assert notes == (
        Notification("deploy/values.yaml", NotificationKind.PARSE_ERROR, "YAML syntax error", 3),
    )


def test_json_value_after_lone_carriage_return_is_placed_on_its_own_line(
    rules: tuple[Rule, ...],
) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f'\r{{"signing_secret": "{key}"}}'
    findings = engine.scan_text("config/settings.json", text, Config(), rules).findings
    assert [(f.rule_id, f.location, f.snippet) for f in findings] == [
        ("HMAC001", Location(2, 21, 2, 61), '{"signing_secret": "ad********82"}')
    ]


def test_report_nested_past_the_recursion_limit_is_refused_as_not_a_result(
    rules: tuple[Rule, ...],
) -> None:
    text = '{"schema_version": "1.0", "findings": ' + "[" * 100_000
    with pytest.raises(UsageError, match=r"^results\.json: not an nhiguard JSON result"):
        load(text, "results.json", rules)


def test_huge_token_lifetime_in_env_keeps_the_files_other_findings(
    rules: tuple[Rule, ...],
) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f"JWT_SECRET={key}\nACCESS_TOKEN_EXPIRE_MINUTES=1{'0' * 400}\n"
    findings = engine.scan_text(".env", text, Config(), rules).findings
    assert ("HMAC001", 1) in [(f.rule_id, f.location.line) for f in findings]


def test_huge_number_in_json_keeps_the_files_other_findings(rules: tuple[Rule, ...]) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f'{{"signing_secret": "{key}", "accessTokenLifespan": 1{"0" * 5000}}}'
    findings = engine.scan_text("config/settings.json", text, Config(), rules).findings
    assert ("HMAC001", 1) in [(f.rule_id, f.location.line) for f in findings]


def test_word_with_unterminated_single_quote_ends_at_the_end_of_the_line() -> None:
    words = [(w.text, w.start, w.end) for p in pipelines("echo 'it") for c in p for w in c.words]
    assert words == [("echo", 0, 4), ("it", 5, 8)]


def _saved_report(rules: tuple[Rule, ...]) -> dict[str, Any]:
    text = 'AWS_ACCESS_KEY_ID = "AKIAZ7Q4N2XW5R8T3Y6P"\n'
    findings = engine.scan_text("app/settings.py", text, Config(), rules).findings
    result = ScanResult("/repo", findings, (), 1, rules, "2026-01-01T00:00:00+00:00", 0.0, "0")
    report: dict[str, Any] = json.loads(render_json(result))
    assert [f["rule_id"] for f in report["findings"]] == ["SEC002"]
    return report


def test_report_whose_finding_names_a_rule_the_scan_did_not_run_is_refused(
    rules: tuple[Rule, ...],
) -> None:
    report = _saved_report(rules)
    report["scan"]["rules"] = ["SEC001"]
    with pytest.raises(UsageError, match=r"\$\.findings\[0\]\.rule_id: not among \$\.scan\.rules$"):
        load(json.dumps(report), "results.json", rules)


def test_report_with_an_infinite_line_number_is_refused(rules: tuple[Rule, ...]) -> None:
    text = json.dumps(_saved_report(rules)).replace('"line": 1,', '"line": 1e999,', 1)
    with pytest.raises(UsageError, match=r"\$\.findings\[0\]\.line: expected an integer"):
        load(text, "results.json", rules)


def test_huge_number_in_toml_keeps_the_files_other_findings(rules: tuple[Rule, ...]) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f'signing_secret = "{key}"\nlifetime = 1{"0" * 5000}\n'
    findings = engine.scan_text("config/settings.toml", text, Config(), rules).findings
    assert ("HMAC001", 1) in [(f.rule_id, f.location.line) for f in findings]


def _findings_within(path: str, text: str, seconds: float = 60) -> list[list[object]]:
    """(rule, line) of a scan_text run in a child process, so a pathological regex fails the test
    by its timeout instead of blocking the suite."""
    program = (
        "import json, sys\n"
        "from scanner import catalog, engine\n"
        "from scanner.configuration import Config\n"
        "path, text = json.load(sys.stdin)\n"
        "found = engine.scan_text(path, text, Config(), catalog.load()).findings\n"
        "print(json.dumps([[f.rule_id, f.location.line] for f in found]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        input=json.dumps([path, text]),
        capture_output=True,
        text=True,
        timeout=seconds,
        check=True,
    )
    found: list[list[object]] = json.loads(done.stdout)
    return found


BLANKS = "\t \t" * (350 * 1024)  # 1 MiB of spaces and tabs, under the 2 MiB size limit


def test_ini_line_of_blanks_without_separator_is_read_in_linear_time() -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f"[app]\nFROM{BLANKS}x\nsigning_secret = {key}\n"
    assert _findings_within("config/app.ini", text) == [["HMAC001", 3]]


def test_ini_value_with_blanks_and_no_comment_is_read_in_linear_time() -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f"[app]\nbanner = a{BLANKS}b\nsigning_secret = {key}\n"
    assert _findings_within("config/app.ini", text) == [["HMAC001", 3]]


def test_env_value_with_blanks_and_no_comment_is_read_in_linear_time() -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = f"BANNER=a{BLANKS}b\nSIGNING_SECRET={key}\n"
    assert _findings_within(".env", text) == [["HMAC001", 2]]


def test_yaml_value_after_a_bom_is_masked_where_it_stands(rules: tuple[Rule, ...]) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    findings = engine.scan_text("deploy/values.yaml", f"\ufeffjwt_secret: {key}\n", Config(), rules)
    assert [(f.rule_id, f.location, f.snippet) for f in findings.findings] == [
        ("HMAC001", Location(1, 13, 1, 53), "jwt_secret: ad********82")
    ]


def test_env_variable_after_a_bom_is_reported(rules: tuple[Rule, ...]) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    findings = engine.scan_text(".env", f"\ufeffJWT_SECRET={key}\n", Config(), rules).findings
    assert [(f.rule_id, f.location.line) for f in findings] == [("HMAC001", 1)]


def test_huge_integer_in_python_keeps_the_files_other_findings(rules: tuple[Rule, ...]) -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    text = (
        f"import jwt\nTOKEN_TTL = 1{'0' * 5000}\n"
        f'TOKEN = jwt.encode({{}}, "{key}", algorithm="HS256")\n'
    )
    findings = engine.scan_text("app/tokens.py", text, Config(), rules).findings
    assert ("HMAC001", 3) in [(f.rule_id, f.location.line) for f in findings]


def test_report_of_a_repeated_key_grows_linearly_with_the_repeats(rules: tuple[Rule, ...]) -> None:
    """Each SEC003 finding lists a bounded number of other places, so 4x the repeats is ~4x the bytes."""

    def report_size(repeats: int) -> int:
        text = "".join(f"AWS_KEY_{i}=AKIAZ7Q4N2XW5R8T3Y6P\n" for i in range(repeats))
        findings = engine.scan_text(".env", text, Config(), rules).findings
        result = ScanResult("/repo", findings, (), 1, rules, "2026-01-01T00:00:00+00:00", 0.0, "0")
        return len(render_json(result))

    assert report_size(600) < 4.5 * report_size(150)


def test_report_with_a_relative_scan_root_is_refused(rules: tuple[Rule, ...]) -> None:
    # SARIF states the root as a file URI, which a relative path cannot be.
    report = _saved_report(rules)
    report["scan"]["root"] = "."
    with pytest.raises(UsageError, match=r"\$\.scan\.root: expected an absolute path$"):
        load(json.dumps(report), "results.json", rules)


def test_snippet_of_a_line_with_nested_braces_is_made_in_linear_time() -> None:
    key = "adb1ef332d1f6e99e809fb9b00a08efcad930e82"
    nested = "{" * 61 + "{{a}}" + "}" * 61
    text = f"ENV JWT_SECRET={key} BANNER={nested}\n"
    assert _findings_within("Dockerfile", text, seconds=10) == [["HMAC001", 1]]
