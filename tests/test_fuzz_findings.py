"""Inputs the fuzz suite (tests/fuzz/) found, each minimised to a plain regression test.

Tests marked `xfail(strict=True)` pin a defect in an area another item of
issue 14 owns: they fail today and turn red (XPASS) when that item lands,
so the marker is removed with the fix.
"""

from __future__ import annotations

import pytest

from scanner import engine
from scanner.config import Config
from scanner.errors import UsageError
from scanner.model import Location, Notification, NotificationKind, Rule
from scanner.report.load import load


def _notes(path: str, text: str, rules: tuple[Rule, ...]) -> tuple[Notification, ...]:
    return engine.scan_text(path, text, Config(), rules).notifications


def test_yaml_error_at_end_of_file_names_the_last_line(rules: tuple[Rule, ...]) -> None:
    # LibYAML marks a mapping cut short by the end of the file one line past it.
    notes = _notes("deploy/values.yaml", "jwt:\n  secret: x\n  e", rules)
    assert notes == (
        Notification("deploy/values.yaml", NotificationKind.PARSE_ERROR, "YAML syntax error", 3),
    )


@pytest.mark.xfail(strict=True, reason="issue 14 item 5: JSON positions count only \\n as a line end")
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
