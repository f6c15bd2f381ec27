"""Settings from `[tool.nhiguard]` / `.nhiguard.toml`: validation, discovery, effect.

Every mistake is one line naming the file and the key as TOML spells it, and
the command line turns it into exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scanner.cli import main
from scanner.configuration import Config, discover, load, rebase
from scanner.errors import ConfigError
from scanner.model import Rule


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, **kwargs: Any) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def jwt001_code() -> str:
    """JWT001 on line 5."""
    return (
        "import jwt\n"
        "\n"
        "\n"
        "def claims(token):\n"
        '    return jwt.decode(token, options={"verify_signature": False})\n'
    )


def hmac001_code() -> str:
    """HMAC001 (high) on line 5, with a key made for this test."""
    return (
        "import jwt\n"
        "\n"
        "\n"
        "def issue(claims):\n"
        f'    return jwt.encode(claims, "k3y-{secrets.token_hex(16)}", algorithm="HS256")\n'
    )


def reported(result: Result, rule_id: str) -> list[tuple[str, int, dict[str, str] | None]]:
    """(path, line, suppression) of every `rule_id` finding in a JSON report."""
    document = json.loads(result.stdout)
    return [
        (f["path"], f["line"], f["suppression"])
        for f in document["findings"]
        if f["rule_id"] == rule_id
    ]


PYPROJECT_ERRORS = [
    pytest.param("colour = true", "tool.nhiguard.colour: unknown key", id="unknown-key"),
    pytest.param(
        'fail_on = "high"',
        "tool.nhiguard.fail_on: unknown key (did you mean 'fail-on'?)",
        id="misspelt-key",
    ),
    pytest.param(
        'fail-on = "severe"',
        "tool.nhiguard.fail-on: expected one of critical, high, medium, low, never",
        id="fail-on-value",
    ),
    pytest.param(
        'enable = "JWT001"', "tool.nhiguard.enable: expected a list of strings", id="enable-type"
    ),
    pytest.param(
        'disable = ["JWT999"]',
        "tool.nhiguard.disable: entry 1 is not a rule id or name (`nhiguard rules` lists them)",
        id="disable-unknown-rule",
    ),
    pytest.param(
        "exclude = [1]", "tool.nhiguard.exclude: expected a list of strings", id="exclude-type"
    ),
    pytest.param(
        'max-file-size = "2MB"',
        "tool.nhiguard.max-file-size: expected a number of bytes from 1 to 1073741824",
        id="max-file-size-type",
    ),
    pytest.param(
        "max-file-size = 0",
        "tool.nhiguard.max-file-size: expected a number of bytes from 1 to 1073741824",
        id="max-file-size-zero",
    ),
    pytest.param(
        'inline-ignores = "no"',
        "tool.nhiguard.inline-ignores: expected true or false",
        id="inline-ignores-type",
    ),
    pytest.param(
        'per-file-ignores = ["tests/*"]',
        "tool.nhiguard.per-file-ignores: expected a table of glob = [rule ids]",
        id="per-file-ignores-type",
    ),
    pytest.param(
        '[tool.nhiguard.per-file-ignores]\n"tests/*.py" = ["NOPE001"]',
        'tool.nhiguard.per-file-ignores."tests/*.py": entry 1 is not a rule id or name'
        " (`nhiguard rules` lists them)",
        id="per-file-ignores-unknown-rule",
    ),
    pytest.param(
        '[tool.nhiguard.per-file-ignores]\n"tests/*.py" = "HMAC001"',
        'tool.nhiguard.per-file-ignores."tests/*.py": expected a list of strings',
        id="per-file-ignores-ids-type",
    ),
    pytest.param("rules = 1", "tool.nhiguard.rules: expected a table per rule id", id="rules-type"),
    pytest.param(
        "[tool.nhiguard.rules.JWT999]\nmax_leeway_seconds = 60",
        "tool.nhiguard.rules.JWT999: no such rule",
        id="parameter-of-unknown-rule",
    ),
    pytest.param(
        "[tool.nhiguard.rules]\nJWT008 = 60",
        "tool.nhiguard.rules.JWT008: expected a table of parameters",
        id="rule-parameters-type",
    ),
    pytest.param(
        "[tool.nhiguard.rules.JWT008]\nmax_leeway = 60",
        "tool.nhiguard.rules.JWT008.max_leeway: unknown parameter (known: max_leeway_seconds)",
        id="unknown-parameter",
    ),
    pytest.param(
        '[tool.nhiguard.rules.JWT008]\nmax_leeway_seconds = "60"',
        "tool.nhiguard.rules.JWT008.max_leeway_seconds: expected int from 0 to 3153600000",
        id="parameter-type",
    ),
    pytest.param(
        "[tool.nhiguard.rules.JWT008]\nmax_leeway_seconds = true",
        "tool.nhiguard.rules.JWT008.max_leeway_seconds: expected int from 0 to 3153600000",
        id="parameter-bool-for-int",
    ),
]


@pytest.mark.parametrize(("body", "message"), PYPROJECT_ERRORS)
def test_pyproject_mistake_is_one_line_naming_the_key(
    tmp_path: Path, rules: tuple[Rule, ...], body: str, message: str
) -> None:
    header = "" if body.startswith("[tool.nhiguard.") else "[tool.nhiguard]\n"
    path = write(tmp_path / "pyproject.toml", header + body + "\n")
    with pytest.raises(ConfigError) as raised:
        load(path, rules)
    assert str(raised.value) == f"{path}: {message}"


NHIGUARD_TOML_ERRORS = [
    pytest.param("colour = true", "colour: unknown key", id="unknown-key"),
    pytest.param(
        '[tool.nhiguard]\nfail-on = "high"',
        "tool: unknown key (settings sit at the top level here, without [tool.nhiguard])",
        id="pyproject-table-in-nhiguard-toml",
    ),
    pytest.param(
        "[rules.JWT008]\nmax_leeway_seconds = 1.5",
        "rules.JWT008.max_leeway_seconds: expected int from 0 to 3153600000",
        id="parameter-type",
    ),
]


@pytest.mark.parametrize(("body", "message"), NHIGUARD_TOML_ERRORS)
def test_nhiguard_toml_mistake_is_one_line_naming_the_key(
    tmp_path: Path, rules: tuple[Rule, ...], body: str, message: str
) -> None:
    path = write(tmp_path / ".nhiguard.toml", body + "\n")
    with pytest.raises(ConfigError) as raised:
        load(path, rules)
    assert str(raised.value) == f"{path}: {message}"


def test_tool_nhiguard_that_is_not_a_table_is_an_error(
    tmp_path: Path, rules: tuple[Rule, ...]
) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool]\nnhiguard = 1\n")
    with pytest.raises(ConfigError) as raised:
        load(path, rules)
    assert str(raised.value) == f"{path}: tool.nhiguard: expected a table"


def test_invalid_toml_is_an_error_naming_the_file(tmp_path: Path, rules: tuple[Rule, ...]) -> None:
    path = write(tmp_path / ".nhiguard.toml", "fail-on = \n")
    with pytest.raises(ConfigError) as raised:
        load(path, rules)
    assert str(raised.value).startswith(f"{path}: not valid TOML")


def test_valid_settings_are_read_into_the_config(tmp_path: Path, rules: tuple[Rule, ...]) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        "[tool.nhiguard]\n"
        'fail-on = "high"\n'
        'enable = ["JWT001", "hardcoded-signing-secret", "JWT008"]\n'
        'disable = ["jwt-alg-none"]\n'
        'exclude = ["vendor", "*.min.js"]\n'
        "max-file-size = 1000\n"
        "inline-ignores = false\n"
        '[tool.nhiguard.per-file-ignores]\n"tests/*.py" = ["hmac001"]\n'
        "[tool.nhiguard.rules.jwt-excessive-leeway]\nmax_leeway_seconds = 60\n",
    )
    assert load(path, rules) == Config(
        fail_on="high",
        enable=("JWT001", "HMAC001", "JWT008"),
        disable=("JWT002",),
        exclude=("vendor", "*.min.js"),
        max_file_size=1000,
        per_file_ignores={"tests/*.py": ("HMAC001",)},
        rule_parameters={"JWT008": {"max_leeway_seconds": 60}},
        inline_ignores=False,
        source=str(path),
    )


def test_rule_parameter_overrides_only_its_default(tmp_path: Path, rules: tuple[Rule, ...]) -> None:
    path = write(tmp_path / ".nhiguard.toml", "[rules.JWT008]\nmax_leeway_seconds = 60\n")
    jwt008 = next(rule for rule in rules if rule.id == "JWT008")
    assert jwt008.parameter_defaults() == {"max_leeway_seconds": 300}
    assert load(path, rules).parameters_for(jwt008) == {"max_leeway_seconds": 60}


def test_discovery_walks_up_from_the_scan_root(tmp_path: Path) -> None:
    config = write(tmp_path / ".nhiguard.toml", 'fail-on = "high"\n')
    start = tmp_path / "src" / "pkg"
    start.mkdir(parents=True)
    assert discover(start) == config


def test_discovery_from_a_file_starts_at_its_folder(tmp_path: Path) -> None:
    config = write(tmp_path / ".nhiguard.toml", 'fail-on = "high"\n')
    source = write(tmp_path / "src" / "app.py", "x = 1\n")
    assert discover(source) == config


def test_discovery_prefers_nhiguard_toml_to_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nhiguard]\nfail-on = "low"\n')
    config = write(tmp_path / ".nhiguard.toml", 'fail-on = "high"\n')
    assert discover(tmp_path) == config


def test_discovery_takes_the_nearest_folder_first(tmp_path: Path) -> None:
    write(tmp_path / ".nhiguard.toml", 'fail-on = "high"\n')
    nearer = write(tmp_path / "service" / "pyproject.toml", "[tool.nhiguard]\n")
    assert discover(tmp_path / "service") == nearer


@pytest.mark.parametrize(
    "pyproject",
    [
        '[project]\nname = "svc"\n',
        "[tool.ruff]\nline-length = 100\n",
        'tool = "not a table"\n',
    ],
    ids=["no-tool-table", "other-tools-only", "tool-not-a-table"],
)
def test_discovery_skips_a_pyproject_without_our_table(tmp_path: Path, pyproject: str) -> None:
    config = write(tmp_path / ".nhiguard.toml", 'fail-on = "high"\n')
    write(tmp_path / "service" / "pyproject.toml", pyproject)
    assert discover(tmp_path / "service") == config


def test_disable_removes_the_rule_from_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "auth.py", jwt001_code())
    monkeypatch.chdir(tmp_path)
    before = invoke("scan", ".", "--format", "json")
    assert reported(before, "JWT001") == [("app/auth.py", 5, None)]

    write(tmp_path / "pyproject.toml", '[tool.nhiguard]\ndisable = ["JWT001"]\n')
    after = invoke("scan", ".", "--format", "json")
    assert reported(after, "JWT001") == []
    assert "JWT001" not in json.loads(after.stdout)["scan"]["rules"]


def test_enable_runs_only_the_listed_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "app" / "auth.py", jwt001_code())
    write(tmp_path / ".nhiguard.toml", 'enable = ["HMAC001"]\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scan"]["rules"] == ["HMAC001"]


def test_per_file_ignores_mark_findings_suppressed_by_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "tokens.py", hmac001_code())
    write(tmp_path / ".nhiguard.toml", '[per-file-ignores]\n"app/*.py" = ["HMAC001"]\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json")
    assert result.exit_code == 0
    assert reported(result, "HMAC001") == [
        ("app/tokens.py", 5, {"kind": "config", "reason": "per-file-ignores: app/*.py"})
    ]


def test_per_file_ignores_leave_other_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "tokens.py", hmac001_code())
    write(tmp_path / ".nhiguard.toml", '[per-file-ignores]\n"tests/*.py" = ["HMAC001"]\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json")
    assert result.exit_code == 1
    assert reported(result, "HMAC001") == [("app/tokens.py", 5, None)]


def test_fail_on_from_config_applies_and_the_command_line_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "tokens.py", hmac001_code())
    write(tmp_path / ".nhiguard.toml", 'fail-on = "critical"\n')
    monkeypatch.chdir(tmp_path)
    assert invoke("scan", ".").exit_code == 0
    assert invoke("scan", ".", "--fail-on", "high").exit_code == 1


def test_exclude_from_config_skips_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "vendor" / "tokens.py", hmac001_code())
    write(tmp_path / "pyproject.toml", '[tool.nhiguard]\nexclude = ["vendor"]\n')
    monkeypatch.chdir(tmp_path)
    assert invoke("scan", ".").exit_code == 0
    assert invoke("scan", "vendor/tokens.py").exit_code == 1


def test_inline_ignores_false_in_config_reports_ignored_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = hmac001_code().rstrip("\n") + "  # nhiguard: ignore[HMAC001] test key\n"
    write(tmp_path / "app" / "tokens.py", code)
    write(tmp_path / ".nhiguard.toml", "inline-ignores = false\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json")
    assert result.exit_code == 1
    assert reported(result, "HMAC001") == [("app/tokens.py", 5, None)]


def test_max_file_size_from_config_skips_larger_files_with_a_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "tokens.py", hmac001_code())
    write(tmp_path / ".nhiguard.toml", "max-file-size = 50\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["notifications"] == [
        {
            "path": "app/tokens.py",
            "kind": "too-large",
            "detail": "over 50 bytes: searched for known credential formats only",
            "line": 0,
        }
    ]


def test_explicit_config_option_is_used_instead_of_discovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "app" / "tokens.py", hmac001_code())
    write(tmp_path / ".nhiguard.toml", 'fail-on = "low"\n')
    lenient = write(tmp_path / "ci" / "lenient.toml", 'fail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    assert invoke("scan", ".", "--config", str(lenient)).exit_code == 0


@pytest.mark.parametrize(
    ("glob", "folder", "rebased"),
    [
        ("app/*.py", "service", "service/app/*.py"),
        ("/app/*.py", "service", "service/app/*.py"),
        ("vendor", "service", "vendor"),
        ("vendor/", "service", "vendor/"),
        ("app/*.py", "", "app/*.py"),
    ],
    ids=["path-glob", "leading-slash", "bare-name", "bare-folder", "at-the-root"],
)
def test_rebase_anchors_path_globs_at_the_folder_they_were_written_in(
    glob: str, folder: str, rebased: str
) -> None:
    config = Config(exclude=(glob,), per_file_ignores={glob: ("HMAC001",)})
    assert rebase(config, folder) == Config(
        exclude=(rebased,), per_file_ignores={rebased: ("HMAC001",)}
    )


def monorepo(root: Path) -> Path:
    """A git work tree whose service/ folder has its own settings; returns service/."""
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    write(root / "service" / "app" / "tokens.py", hmac001_code())
    write(root / "service" / "generated" / "client.py", hmac001_code())
    return root / "service"


def test_per_file_ignores_of_a_subfolder_config_are_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = monorepo(tmp_path)
    write(
        service / "pyproject.toml", '[tool.nhiguard.per-file-ignores]\n"app/*.py" = ["HMAC001"]\n'
    )
    monkeypatch.chdir(service)
    result = invoke("scan", ".", "--format", "json")
    assert reported(result, "HMAC001") == [
        (
            "service/app/tokens.py",
            5,
            {"kind": "config", "reason": "per-file-ignores: service/app/*.py"},
        ),
        ("service/generated/client.py", 5, None),
    ]


def test_exclude_option_is_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = monorepo(tmp_path)
    monkeypatch.chdir(service)
    result = invoke("scan", ".", "--format", "json", "--exclude", "generated/*.py")
    assert reported(result, "HMAC001") == [("service/app/tokens.py", 5, None)]


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("pyproject.toml", "[tool.nhiguard]\ncolour = true\n", "tool.nhiguard.colour: unknown key"),
        (".nhiguard.toml", 'fail-on = "severe"\n', "fail-on: expected one of"),
        (".nhiguard.toml", "fail-on = \n", "not valid TOML"),
    ],
    ids=["unknown-key", "bad-value", "bad-toml"],
)
def test_config_error_exits_2_with_one_line_and_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str, message: str
) -> None:
    write(tmp_path / "app" / "tokens.py", hmac001_code())
    config = write(tmp_path / name, body)
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"nhiguard: error: {config}: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_missing_config_option_file_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".", "--config", "missing.toml")
    assert result.exit_code == 2
    assert "'missing.toml' does not exist" in result.stderr


RANGE_ERRORS = [
    pytest.param(
        "max-file-size = 9223372036854775807",
        "max-file-size: expected a number of bytes from 1 to 1073741824",
        id="max-file-size-int64",
    ),
    pytest.param(
        "max-file-size = 1073741825",
        "max-file-size: expected a number of bytes from 1 to 1073741824",
        id="max-file-size-over-1gib",
    ),
    pytest.param(
        "max-file-size = -1",
        "max-file-size: expected a number of bytes from 1 to 1073741824",
        id="max-file-size-negative",
    ),
    pytest.param(
        "[rules.SEC001]\nmin_entropy = nan",
        "rules.SEC001.min_entropy: expected float from 0.0 to 8.0",
        id="entropy-nan",
    ),
    pytest.param(
        "[rules.SEC001]\nmin_entropy = inf",
        "rules.SEC001.min_entropy: expected float from 0.0 to 8.0",
        id="entropy-inf",
    ),
    pytest.param(
        "[rules.CI001]\nmin_entropy = -inf",
        "rules.CI001.min_entropy: expected float from 0.0 to 8.0",
        id="entropy-minus-inf",
    ),
    pytest.param(
        "[rules.SEC001]\nmin_entropy = 8.5",
        "rules.SEC001.min_entropy: expected float from 0.0 to 8.0",
        id="entropy-above-8-bits",
    ),
    pytest.param(
        "[rules.SEC001]\nmin_entropy = " + "9" * 400,
        "rules.SEC001.min_entropy: expected float from 0.0 to 8.0",
        id="entropy-400-digit-int",
    ),
    pytest.param(
        "[rules.SEC001]\nmin_length = 0",
        "rules.SEC001.min_length: expected int from 1 to 1000",
        id="length-zero",
    ),
    pytest.param(
        "[rules.SEC003]\nmin_length = 9223372036854775807",
        "rules.SEC003.min_length: expected int from 1 to 1000",
        id="length-int64",
    ),
    pytest.param(
        "[rules.JWT007]\naccess_max_seconds = " + "9" * 400,
        "rules.JWT007.access_max_seconds: expected int from 0 to 3153600000",
        id="lifetime-400-digit-int",
    ),
    pytest.param(
        "[rules.JWT008]\nmax_leeway_seconds = -1",
        "rules.JWT008.max_leeway_seconds: expected int from 0 to 3153600000",
        id="leeway-negative",
    ),
    pytest.param(
        "[rules.HMAC002]\ndefault_min_bytes = 0",
        "rules.HMAC002.default_min_bytes: expected int from 1 to 1024",
        id="key-bytes-zero",
    ),
    pytest.param(
        "[rules.HMAC002]\nweak_values = [" + ", ".join(['"x"'] * 10_001) + "]",
        "rules.HMAC002.weak_values: expected list[str] of at most 10000 strings"
        " of 1 to 1000 characters",
        id="list-too-long",
    ),
    pytest.param(
        '[rules.JWT011]\nsensitive_claim_names = ["password", ""]',
        "rules.JWT011.sensitive_claim_names: expected list[str] of at most 10000 strings"
        " of 1 to 1000 characters",
        id="list-empty-string",
    ),
]


@pytest.mark.parametrize(("body", "message"), RANGE_ERRORS)
def test_a_number_outside_its_range_is_one_line_naming_key_and_range(
    tmp_path: Path, rules: tuple[Rule, ...], body: str, message: str
) -> None:
    path = write(tmp_path / ".nhiguard.toml", body + "\n")
    with pytest.raises(ConfigError) as raised:
        load(path, rules)
    assert str(raised.value) == f"{path}: {message}"


def test_the_range_ends_are_accepted(tmp_path: Path, rules: tuple[Rule, ...]) -> None:
    path = write(
        tmp_path / ".nhiguard.toml",
        "max-file-size = 1073741824\n"
        "[rules.SEC001]\nmin_entropy = 8\nmin_length = 1\n"
        "[rules.JWT008]\nmax_leeway_seconds = 0\n",
    )
    config = load(path, rules)
    assert config.max_file_size == 1024**3
    assert config.rule_parameters == {
        "SEC001": {"min_entropy": 8.0, "min_length": 1},
        "JWT008": {"max_leeway_seconds": 0},
    }


ECHO_CASES = [
    pytest.param('fail-on = "{v}"', "fail-on: expected one of", id="fail-on"),
    pytest.param('max-file-size = "{v}"', "max-file-size: expected a number", id="size"),
    pytest.param('disable = ["{v}"]', "disable: entry 1 is not a rule id", id="disable"),
    pytest.param('exclude = "{v}"', "exclude: expected a list of strings", id="exclude"),
    pytest.param('inline-ignores = "{v}"', "inline-ignores: expected true or false", id="ignores"),
    pytest.param(
        '[per-file-ignores]\n"app/*" = ["{v}"]',
        'per-file-ignores."app/*": entry 1 is not a rule id',
        id="per-file-ignores",
    ),
    pytest.param(
        '[rules.SEC001]\nmin_entropy = "{v}"',
        "rules.SEC001.min_entropy: expected float",
        id="param",
    ),
    pytest.param('"{v}" = 1', "unknown key", id="secret-as-a-key"),
    pytest.param('[rules]\n"{v}" = {{}}', "no such rule", id="secret-as-a-rule-id"),
]


@pytest.mark.parametrize(("body", "message"), ECHO_CASES)
def test_a_config_error_never_prints_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    secret = "AKIA" + secrets.token_hex(8).upper()
    write(tmp_path / "app" / "tokens.py", jwt001_code())
    write(tmp_path / ".nhiguard.toml", body.format(v=secret) + "\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"nhiguard: error: {tmp_path / '.nhiguard.toml'}: ")
    assert message in result.stderr
    assert secret not in result.stderr
    assert secret[4:-4] not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_key_with_a_line_break_stays_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".nhiguard.toml", '"a\\nb\\u202e" = 1\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", ".")
    assert result.exit_code == 2
    assert result.stderr == (
        f'nhiguard: error: {tmp_path / ".nhiguard.toml"}: "a\\nb\\u202e": unknown key\n'
    )


def test_fail_on_incomplete_is_read_as_a_list_of_notification_kinds(
    tmp_path: Path, rules: tuple[Rule, ...]
) -> None:
    path = write(tmp_path / ".nhiguard.toml", 'fail-on-incomplete = ["parse-error", "binary"]\n')
    assert load(path, rules).fail_on_incomplete == ("parse-error", "binary")


def test_fail_on_incomplete_never_lists_no_kind(tmp_path: Path, rules: tuple[Rule, ...]) -> None:
    path = write(tmp_path / ".nhiguard.toml", 'fail-on-incomplete = "never"\n')
    assert load(path, rules).fail_on_incomplete == ()


def test_fail_on_incomplete_defaults_to_the_scanner_s_own_failures() -> None:
    assert Config().fail_on_incomplete == ("analyzer-error", "analyzer-crash")


def test_an_unknown_fail_on_incomplete_kind_is_an_error_naming_the_key(
    tmp_path: Path, rules: tuple[Rule, ...]
) -> None:
    path = write(tmp_path / ".nhiguard.toml", 'fail-on-incomplete = ["crash"]\n')
    with pytest.raises(ConfigError) as raised:
        load(path, rules)
    assert str(raised.value) == (
        f"{path}: fail-on-incomplete: expected never or a list of too-large, binary, not-utf8,"
        " parse-error, unreadable, symlink-outside-root, analyzer-error, git-refused, analyzer-crash,"
        " unknown-ignore, unused-ignore,"
        " stale-baseline"
    )
