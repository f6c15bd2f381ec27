"""The `nhiguard` command line: options, output streams and exit codes.

Exit codes are the contract a CI gate relies on: 0 nothing at or above
--fail-on, 1 findings at or above it, 2 anything that is not a finding
(usage, configuration, internal error). Planted secrets are made per test.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sysconfig
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner, Result

from scanner import catalog
from scanner.cli import main

ANSI = re.compile(r"\x1b\[")
SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


def fake_key() -> str:
    return f"k3y-{secrets.token_hex(16)}"


def signing_code(key: str, comment: str = "") -> str:
    """HMAC001 (high, not critical) on line 5."""
    return (
        "import jwt\n"
        "\n"
        "\n"
        "def issue(claims):\n"
        f'    return jwt.encode(claims, "{key}", algorithm="HS256"){comment}\n'
    )


CLEAN_CODE = "def add(a, b):\n    return a + b\n"


def invoke(*args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(result: Result) -> list[tuple[str, str, int, bool]]:
    """(rule id, path, line, suppressed) from a JSON report on stdout."""
    document = json.loads(result.stdout)
    return [
        (f["rule_id"], f["path"], f["line"], f["suppression"] is not None)
        for f in document["findings"]
    ]


@pytest.fixture
def clean_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "app" / "util.py", CLEAN_CODE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def leaky_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "app" / "tokens.py", signing_code(fake_key()))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_clean_tree_exits_0(clean_tree: Path) -> None:
    result = invoke("scan", ".")
    assert result.exit_code == 0
    assert "Scanned 1 file in" in result.stdout


def test_default_path_is_the_current_folder(leaky_tree: Path) -> None:
    assert invoke("scan").exit_code == 1


def test_finding_exits_1_and_is_reported_at_its_line(leaky_tree: Path) -> None:
    result = invoke("scan", ".", "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [("HMAC001", "app/tokens.py", 5, False)]


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [("critical", 0), ("high", 1), ("medium", 1), ("low", 1), ("never", 0)],
    ids=["critical-above-high", "high", "medium", "low", "never"],
)
def test_fail_on_sets_the_lowest_level_that_fails(
    leaky_tree: Path, fail_on: str, exit_code: int
) -> None:
    assert invoke("scan", ".", "--fail-on", fail_on).exit_code == exit_code


def test_fail_on_critical_still_prints_the_high_finding(leaky_tree: Path) -> None:
    result = invoke("scan", ".", "--fail-on", "critical")
    assert "HMAC001" in result.stdout


def test_unknown_format_is_a_usage_error(clean_tree: Path) -> None:
    result = invoke("scan", ".", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of" in result.stderr


def test_unknown_fail_on_level_is_a_usage_error(clean_tree: Path) -> None:
    assert invoke("scan", ".", "--fail-on", "severe").exit_code == 2


def test_missing_path_is_a_usage_error_naming_it(clean_tree: Path) -> None:
    # A CI job with a mistyped path must not pass green after scanning nothing.
    result = invoke("scan", "app", "no-such-dir")
    assert result.exit_code == 2
    assert "'no-such-dir' does not exist" in result.stderr
    assert result.stdout == ""


def test_output_writes_the_report_and_leaves_stdout_empty(leaky_tree: Path) -> None:
    result = invoke("scan", ".", "--format", "json", "--output", "report.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    document = json.loads((leaky_tree / "report.json").read_text(encoding="utf-8"))
    assert [(f["rule_id"], f["line"]) for f in document["findings"]] == [("HMAC001", 5)]


def test_output_into_a_missing_folder_exits_2_with_one_line(leaky_tree: Path) -> None:
    result = invoke("scan", "app", "--output", "missing/report.txt")
    assert result.exit_code == 2
    assert result.stderr == (
        "nhiguard: error: cannot write the report to missing/report.txt: "
        "No such file or directory\n"
    )


def test_output_onto_a_scanned_file_is_refused_and_leaves_it_intact(leaky_tree: Path) -> None:
    source = (leaky_tree / "app" / "tokens.py").read_text(encoding="utf-8")
    result = invoke("scan", ".", "--format", "json", "--output", "app/tokens.py")
    assert result.exit_code == 2
    assert result.stderr == (
        "nhiguard: error: --output app/tokens.py is one of the scanned files: "
        "the report would overwrite it\n"
    )
    assert (leaky_tree / "app" / "tokens.py").read_text(encoding="utf-8") == source


def test_output_through_a_link_onto_a_scanned_file_is_refused(leaky_tree: Path) -> None:
    source = (leaky_tree / "app" / "tokens.py").read_text(encoding="utf-8")
    outside = leaky_tree.parent / f"{leaky_tree.name}-reports"
    outside.mkdir()
    (outside / "latest.txt").symlink_to(leaky_tree / "app" / "tokens.py")
    result = invoke("scan", "app", "--output", str(outside / "latest.txt"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"nhiguard: error: --output {outside / 'latest.txt'} is one of the scanned files: "
        "the report would overwrite it\n"
    )
    assert (leaky_tree / "app" / "tokens.py").read_text(encoding="utf-8") == source


@pytest.mark.parametrize(
    ("output_format", "name"),
    [
        ("text", "nhiguard.txt"),
        ("json", "result.json"),
        ("sarif", "nhiguard.sarif"),
        ("html", "audit.html"),
    ],
)
def test_a_second_run_overwrites_the_report_the_first_one_left_in_the_scanned_tree(
    leaky_tree: Path, output_format: str, name: str
) -> None:
    for _ in range(2):
        result = invoke("scan", ".", "--format", output_format, "--output", name)
        assert result.exit_code == 1, result.stderr
    assert "tokens.py" in (leaky_tree / name).read_text(encoding="utf-8")


def test_output_onto_the_configuration_in_use_is_refused(leaky_tree: Path) -> None:
    config = write(leaky_tree / "ci" / "nhiguard.toml", 'fail-on = "high"\n')
    result = invoke("scan", "app", "--config", "ci/nhiguard.toml", "--output", "ci/nhiguard.toml")
    assert result.exit_code == 2
    assert result.stderr == (
        "nhiguard: error: --output ci/nhiguard.toml is the configuration in use: "
        "the report would overwrite it\n"
    )
    assert config.read_text(encoding="utf-8") == 'fail-on = "high"\n'


def test_output_onto_a_file_an_exclude_keeps_out_of_the_scan_is_written(
    leaky_tree: Path,
) -> None:
    write(leaky_tree / "reports" / "last.json", "{}\n")
    result = invoke(
        "scan", ".", "--format", "json", "--exclude", "reports", "-o", "reports/last.json"
    )
    assert result.exit_code == 1
    document = json.loads((leaky_tree / "reports" / "last.json").read_text(encoding="utf-8"))
    assert [(f["rule_id"], f["path"]) for f in document["findings"]] == [
        ("HMAC001", "app/tokens.py")
    ]


def test_quiet_prints_nothing_on_a_clean_tree(clean_tree: Path) -> None:
    result = invoke("scan", ".", "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


def test_quiet_still_prints_findings(leaky_tree: Path) -> None:
    result = invoke("scan", ".", "--quiet")
    assert result.exit_code == 1
    assert "HMAC001" in result.stdout


@pytest.mark.parametrize("rule", ["JWT001", "jwt-signature-not-verified"], ids=["id", "name"])
def test_explain_prints_every_documentation_section(rule: str) -> None:
    result = invoke("explain", rule)
    assert result.exit_code == 0
    assert result.stdout.startswith("# JWT001 jwt-signature-not-verified\n")
    headings = re.findall(r"^## (.+)$", result.stdout, flags=re.MULTILINE)
    assert [h for h in headings if h in SECTIONS] == list(SECTIONS)


def test_explain_of_an_unknown_rule_exits_2() -> None:
    result = invoke("explain", "NOPE")
    assert result.exit_code == 2
    assert "no rule 'NOPE'" in result.stderr


def test_rules_lists_every_rule_of_the_catalog() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines()[1:]}
    assert listed == {rule.id for rule in catalog.load()}


def test_exclude_skips_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "app" / "util.py", CLEAN_CODE)
    write(tmp_path / "vendor" / "lib.py", signing_code(fake_key()))
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--exclude", "vendor")
    assert result.exit_code == 0
    assert "Scanned 1 file in" in result.stdout


def test_explicitly_named_file_is_scanned_even_when_excluded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "vendor" / "lib.py", signing_code(fake_key()))
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", "vendor/lib.py", "--exclude", "vendor", "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == [("HMAC001", "vendor/lib.py", 5, False)]


def test_explicitly_named_file_in_a_default_excluded_folder_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pre-commit passes file names: build/ is skipped by a walk, not when named.
    write(tmp_path / "build" / "settings.py", signing_code(fake_key()))
    monkeypatch.chdir(tmp_path)
    assert invoke("scan", "build/settings.py").exit_code == 1
    assert invoke("scan", ".").exit_code == 0


@pytest.mark.parametrize(
    ("rule", "options"),
    [("HMAC001", ()), ("hardcoded-signing-secret", ("--strict-ignores",))],
    ids=["by-id", "by-name-strict-ignores-passes"],
)
def test_inline_ignore_suppresses_the_finding(
    rule: str, options: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comment = f"  # nhiguard: ignore[{rule}] test key"
    write(tmp_path / "app" / "tokens.py", signing_code(fake_key(), comment))
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json", *options)
    assert result.exit_code == 0
    assert findings(result) == [("HMAC001", "app/tokens.py", 5, True)]


def test_no_inline_ignores_brings_back_an_ignored_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comment = "  # nhiguard: ignore[HMAC001] test key"
    write(tmp_path / "app" / "tokens.py", signing_code(fake_key(), comment))
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json", "--no-inline-ignores")
    assert result.exit_code == 1
    assert findings(result) == [("HMAC001", "app/tokens.py", 5, False)]


def test_terminal_report_is_coloured(leaky_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The positive case, so that the "no colour" cases below cannot pass vacuously.
    monkeypatch.setattr("scanner.cli._is_tty", lambda: True)
    result = invoke("scan", ".", env={"NO_COLOR": None}, color=True)
    assert ANSI.search(result.stdout)


@pytest.mark.parametrize(
    ("tty", "args", "env"),
    [
        (False, (), {"NO_COLOR": None}),
        (True, (), {"NO_COLOR": "1"}),
        (True, ("--no-color",), {"NO_COLOR": None}),
    ],
    ids=["not-a-tty", "NO_COLOR", "--no-color"],
)
def test_report_has_no_ansi_escapes(
    leaky_tree: Path,
    monkeypatch: pytest.MonkeyPatch,
    tty: bool,
    args: tuple[str, ...],
    env: dict[str, str | None],
) -> None:
    monkeypatch.setattr("scanner.cli._is_tty", lambda: tty)
    result = invoke("scan", ".", *args, env=env, color=True)
    assert result.exit_code == 1
    assert "HMAC001" in result.stdout
    assert not ANSI.search(result.stdout)


def test_internal_error_exits_2_with_one_line_and_no_traceback(
    leaky_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_scan(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom: a message that may quote a scanned line")

    monkeypatch.setattr("scanner.engine.scan", broken_scan)
    result = invoke("scan", ".")
    assert result.exit_code == 2
    assert result.stderr == (
        "nhiguard: internal error: RuntimeError (rerun with --debug for a traceback)\n"
    )


def test_internal_error_with_debug_shows_the_traceback_and_exits_2(
    leaky_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_scan(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("scanner.engine.scan", broken_scan)
    result = invoke("scan", ".", "--debug")
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.endswith(
        "nhiguard: internal error: RuntimeError (rerun with --debug for a traceback)\n"
    )


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (("scan", "app/util.py"), 0),
        (("scan", "app/tokens.py"), 1),
        (("scan", "app/missing.py"), 2),
        (("explain", "NOPE"), 2),
    ],
    ids=["clean", "finding", "missing-path", "unknown-rule"],
)
def test_installed_console_script_exit_codes(
    tmp_path: Path, args: tuple[str, ...], exit_code: int
) -> None:
    script = Path(sysconfig.get_path("scripts")) / "nhiguard"
    assert script.is_file(), f"console script not installed at {script}"
    key = fake_key()
    write(tmp_path / "app" / "util.py", CLEAN_CODE)
    write(tmp_path / "app" / "tokens.py", signing_code(key))
    done = subprocess.run(
        [str(script), *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == exit_code, done.stderr
    assert "Traceback" not in done.stderr
    assert key not in done.stdout + done.stderr


class _CountingPool(ProcessPoolExecutor):
    """The process pool, recording how many workers were asked for."""

    asked: ClassVar[list[int]] = []

    def __init__(self, max_workers: int, **options: Any) -> None:
        self.asked.append(max_workers)
        super().__init__(max_workers, **options)


def test_jobs_beyond_four_times_the_cpu_count_are_lowered_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scanner import engine, pool

    for index in range(engine.POOL_THRESHOLD):
        write(tmp_path / "app" / f"util_{index}.py", CLEAN_CODE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pool, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(_CountingPool, "asked", [])
    result = invoke("scan", ".", "--jobs", "10000")
    assert result.exit_code == 0, result.output
    assert _CountingPool.asked == [4 * (os.cpu_count() or 1)]


def test_jobs_help_states_the_upper_bound() -> None:
    result = invoke("scan", "--help")
    assert "more than 4 times the CPU count are lowered to that" in " ".join(result.output.split())


def _stale_ignore_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "app" / "util.py", "total = add(1, 2)  # nhiguard: ignore[HMAC001] old\n")
    monkeypatch.chdir(tmp_path)


def test_an_ignore_that_suppresses_nothing_is_reported_in_text_and_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale_ignore_tree(tmp_path, monkeypatch)
    result = invoke("scan", ".")
    assert result.exit_code == 0
    assert "0 files not fully analysed, 1 ignore comment that does nothing." in result.stdout
    assert (
        "  ignore comment: app/util.py:1 (unused-ignore: ignore[HMAC001] suppresses no finding "
        "of HMAC001 here)" in result.stdout
    )


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_an_ignore_that_suppresses_nothing_is_a_notification_in_json_and_sarif(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale_ignore_tree(tmp_path, monkeypatch)
    document = json.loads(invoke("scan", ".", "--format", output_format).stdout)
    if output_format == "json":
        assert document["notifications"] == [
            {
                "path": "app/util.py",
                "kind": "unused-ignore",
                "detail": "ignore[HMAC001] suppresses no finding of HMAC001 here",
                "line": 1,
            }
        ]
        assert document["summary"]["ignores_unheeded"] == 1
        assert document["summary"]["files_not_fully_analysed"] == 0
        return
    (note,) = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "unused-ignore"
    assert note["message"]["text"] == (
        "app/util.py: ignore comment suppresses nothing "
        "(ignore\\[HMAC001\\] suppresses no finding of HMAC001 here)."  # brackets escaped
    )


def test_strict_ignores_makes_an_ignore_that_does_nothing_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale_ignore_tree(tmp_path, monkeypatch)
    assert invoke("scan", ".", "--strict-ignores").exit_code == 1


def test_strict_ignores_from_the_configuration_fails_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale_ignore_tree(tmp_path, monkeypatch)
    write(tmp_path / ".nhiguard.toml", "strict-ignores = true\n")
    assert invoke("scan", ".").exit_code == 1
