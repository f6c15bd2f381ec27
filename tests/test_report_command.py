"""`nhiguard report` renders a saved JSON result in any format without scanning again."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sarif_schema import schema_errors

from scanner.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vulnerable_app"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "app")
    out = tmp_path / "result.json"
    done = CliRunner().invoke(
        main,
        ["scan", str(tmp_path / "app"), "--format", "json", "-o", str(out)],
        catch_exceptions=False,
    )
    assert done.exit_code == 1
    return out


def test_json_rendered_from_a_saved_result_is_the_saved_result(saved: Path) -> None:
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", "json"], catch_exceptions=False
    )
    assert done.exit_code == 0
    assert json.loads(done.output) == json.loads(saved.read_text())


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("html", "<!DOCTYPE html>"), ("sarif", '"version": "2.1.0"'), ("text", "JWT001")],
)
def test_a_saved_result_renders_in_every_format(
    saved: Path, tmp_path: Path, fmt: str, marker: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", fmt, "-o", str(out)], catch_exceptions=False
    )
    assert done.exit_code == 0
    assert marker in out.read_text()


def test_rendering_over_the_saved_result_is_refused_and_keeps_it(saved: Path) -> None:
    before = saved.read_text(encoding="utf-8")
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", "html", "-o", str(saved)], catch_exceptions=False
    )
    assert done.exit_code == 2
    assert done.stderr == (
        f"nhiguard: error: --output {saved} is a result being rendered: "
        "the report would overwrite it\n"
    )
    assert saved.read_text(encoding="utf-8") == before


def test_a_file_that_is_not_a_result_exits_2_with_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "other.json"
    bogus.write_text('{"hello": "world"}')
    done = CliRunner().invoke(main, ["report", str(bogus)], catch_exceptions=False)
    assert done.exit_code == 2
    assert "not an nhiguard JSON result" in done.output
    assert "Traceback" not in done.output


def test_a_saved_result_round_trips_into_sarif_that_validates(saved: Path) -> None:
    done = CliRunner().invoke(
        main, ["report", str(saved), "--format", "sarif"], catch_exceptions=False
    )
    assert done.exit_code == 0
    sarif = json.loads(done.stdout)
    assert schema_errors(sarif) == []
    saved_lines = sorted(
        (f["rule_id"], f["path"], f["line"]) for f in json.loads(saved.read_text())["findings"]
    )
    sarif_lines = sorted(
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in sarif["runs"][0]["results"]
    )
    assert sarif_lines == saved_lines


Document = dict[str, Any]
SECRET = "AKIA" + secrets.token_hex(8).upper()


def _set(*path: str | int, to: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        *parents, last = path
        node: Any = document
        for key in parents:
            node = node[key]
        node[last] = to

    return change


def _drop(*path: str | int) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        *parents, last = path
        node: Any = document
        for key in parents:
            node = node[key]
        del node[last]

    return change


def _span(**location: int) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["findings"][0].update(location)

    return change


def _with_notification(**fields: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        note = {"path": "app/big.bin", "kind": "too-large", "detail": "", "line": 0}
        document["notifications"] = [{**note, **fields}]

    return change


TAMPERED = [
    pytest.param(
        _set("findings", 0, "line", to=-3),
        "$.findings[0].line: expected an integer from 1 to 2147483647",
        id="negative-line",
    ),
    pytest.param(
        _set("findings", 0, "line", to=0),
        "$.findings[0].line: expected an integer from 1 to 2147483647",
        id="line-zero",
    ),
    pytest.param(
        _set("findings", 0, "column", to=0),
        "$.findings[0].column: expected an integer from 1 to 2147483647",
        id="column-zero",
    ),
    pytest.param(
        _set("findings", 0, "line", to=True),
        "$.findings[0].line: expected an integer from 1 to 2147483647",
        id="line-bool",
    ),
    pytest.param(
        _set("findings", 0, "line", to=SECRET),
        "$.findings[0].line: expected an integer from 1 to 2147483647",
        id="line-string",
    ),
    pytest.param(
        _set("findings", 0, "line", to=10**400),
        "$.findings[0].line: expected an integer from 1 to 2147483647",
        id="line-huge",
    ),
    pytest.param(
        _span(line=5, column=1, end_line=4, end_column=9),
        "$.findings[0].end_line: expected a line at or after line",
        id="end-line-before-line",
    ),
    pytest.param(
        _span(line=5, column=10, end_line=5, end_column=3),
        "$.findings[0].end_column: expected 0 or a column at or after column",
        id="end-column-before-column",
    ),
    pytest.param(
        _set("findings", 0, "end_column", to=-1),
        "$.findings[0].end_column: expected an integer from 0 to 2147483647",
        id="end-column-negative",
    ),
    pytest.param(_drop("findings", 0, "line"), "$.findings[0].line: missing", id="missing-line"),
    pytest.param(
        _drop("findings", 0, "rule_id"), "$.findings[0].rule_id: missing", id="missing-rule-id"
    ),
    pytest.param(_drop("scan"), "$.scan: missing", id="missing-scan"),
    pytest.param(_drop("tool", "version"), "$.tool.version: missing", id="missing-version"),
    pytest.param(
        _set("findings", 0, "rule_id", to=SECRET),
        "$.findings[0].rule_id: not a rule of this nhiguard version",
        id="unknown-rule",
    ),
    pytest.param(
        _set("findings", 0, "path", to=7), "$.findings[0].path: expected a string", id="path-number"
    ),
    pytest.param(
        _set("findings", 0, "snippet", to=[SECRET]),
        "$.findings[0].snippet: expected a string",
        id="snippet-list",
    ),
    pytest.param(
        _set("findings", 0, "message", to=None),
        "$.findings[0].message: expected a string",
        id="message-null",
    ),
    pytest.param(
        _set("findings", 0, "evidence", to={"masked": "ab", "length": -1, "digest": "x"}),
        "$.findings[0].evidence.length: expected an integer from 0 to 2147483647",
        id="evidence-length",
    ),
    pytest.param(
        _set(
            "findings",
            0,
            "related",
            to=[
                {
                    "path": "a.py",
                    "line": 1,
                    "column": -2,
                    "end_line": 1,
                    "end_column": 3,
                    "message": "m",
                }
            ],
        ),
        "$.findings[0].related[0].column: expected an integer from 1 to 2147483647",
        id="related-column",
    ),
    pytest.param(
        _set("findings", 0, "related", to={}),
        "$.findings[0].related: expected an array",
        id="related-object",
    ),
    pytest.param(
        _set("findings", 0, "adjustment", to={"score": 11.0, "reason": "r"}),
        "$.findings[0].adjustment.score: expected a number from 0.0 to 10.0",
        id="score-over-10",
    ),
    pytest.param(
        _set("findings", 0, "suppression", to={"kind": SECRET, "reason": "r"}),
        "$.findings[0].suppression.kind: expected one of inline, config, baseline",
        id="suppression-kind",
    ),
    pytest.param(
        _set("findings", 0, to=SECRET), "$.findings[0]: expected an object", id="finding-string"
    ),
    pytest.param(_set("findings", to={}), "$.findings: expected an array", id="findings-object"),
    pytest.param(
        _with_notification(kind=SECRET),
        "$.notifications[0].kind: expected one of too-large, binary, not-utf8, parse-error,"
        " unreadable, symlink-outside-root, analyzer-error, git-refused, analyzer-crash,"
        " unknown-ignore, unused-ignore,"
        " stale-baseline",
        id="notification-kind",
    ),
    pytest.param(
        _with_notification(line=-1),
        "$.notifications[0].line: expected an integer from 0 to 2147483647",
        id="notification-line",
    ),
    pytest.param(
        _with_notification(detail=5),
        "$.notifications[0].detail: expected a string",
        id="notification-detail",
    ),
    pytest.param(
        _set("scan", "files_scanned", to=-1),
        "$.scan.files_scanned: expected an integer from 0 to 2147483647",
        id="files-scanned",
    ),
    pytest.param(
        _set("scan", "duration_seconds", to="fast"),
        "$.scan.duration_seconds: expected a number >= 0.0",
        id="duration",
    ),
    pytest.param(
        _set("scan", "rules", to=[1]), "$.scan.rules[0]: expected a string", id="scan-rules"
    ),
    pytest.param(
        _set("schema_version", to="2.0"),
        "$.schema_version: expected a 1.x version",
        id="schema-major",
    ),
    pytest.param(
        _set("schema_version", to=1), "$.schema_version: expected a string", id="schema-number"
    ),
]


NOT_A_NUMBER = "not JSON (a number that is not finite or has too many digits)"


def _report(path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["report", str(path), *args], catch_exceptions=False)


@pytest.mark.parametrize(("tamper", "where"), TAMPERED)
@pytest.mark.parametrize("fmt", ["sarif", "text"])
def test_a_tampered_result_is_one_line_naming_the_json_path(
    saved: Path, tamper: Callable[[Document], None], where: str, fmt: str
) -> None:
    document = json.loads(saved.read_text())
    tamper(document)
    saved.write_text(json.dumps(document))
    done = _report(saved, "--format", fmt)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"nhiguard: error: {saved}: not an nhiguard JSON result: {where}\n"
    assert SECRET not in done.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("[" * 100_000 + "]" * 100_000, "$: nested too deeply", id="deep-arrays"),
        pytest.param(
            '{"a":' * 100_000 + "1" + "}" * 100_000, "$: nested too deeply", id="deep-objects"
        ),
        pytest.param('{"schema_version": "1.0", "x": NaN}', NOT_A_NUMBER, id="nan"),
        pytest.param('{"schema_version": Infinity}', NOT_A_NUMBER, id="infinity"),
        pytest.param('{"n": ' + "7" * 5000 + "}", NOT_A_NUMBER, id="5000-digit-int"),
        pytest.param('{"schema_version": "1.0",', "not JSON (line 1, column 26)", id="truncated"),
        pytest.param("[]", "$: expected an object", id="array"),
    ],
)
def test_a_document_that_is_not_a_result_is_one_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "result.json"
    path.write_text(text)
    done = _report(path)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"nhiguard: error: {path}: not an nhiguard JSON result: {problem}\n"


def test_a_number_that_json_reads_as_infinity_is_refused(saved: Path) -> None:
    document = json.loads(saved.read_text())
    document["scan"]["duration_seconds"] = 0.5
    saved.write_text(
        json.dumps(document).replace('"duration_seconds": 0.5', '"duration_seconds": 1e400')
    )
    done = _report(saved)
    assert (done.exit_code, done.stderr) == (
        2,
        f"nhiguard: error: {saved}: not an nhiguard JSON result:"
        " $.scan.duration_seconds: expected a number >= 0.0\n",
    )


def test_a_result_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(b'{"schema_version": "\xff"}')
    done = _report(path)
    assert (done.exit_code, done.stderr) == (2, f"nhiguard: error: {path}: not UTF-8 text\n")


def test_a_result_larger_than_256_mib_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    with path.open("wb") as handle:
        handle.truncate(256 * 1024 * 1024 + 1)
    done = _report(path)
    assert (done.exit_code, done.stderr) == (
        2,
        f"nhiguard: error: {path}: larger than 268435456 bytes\n",
    )


def test_a_fifo_as_the_result_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "result.json")
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "report", "result.json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stderr) == (
        2,
        "nhiguard: error: result.json: not a regular file\n",
    )
