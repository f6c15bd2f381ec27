"""What a CI log shows when the report goes to a file, and how unread files reach the gate.

With `-o FILE` the report is in the file and stdout is empty; one summary
line on stderr says what the gate saw (findings by level and by rule, files
not read). A file too large to read is counted apart from skipped binaries,
and `--fail-on-unscanned` makes it fail the gate. A progress bar is drawn on
stderr only when it is a terminal, and only for long scans.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from planted import aws_key

from scanner.cli import main
from scanner.console import PROGRESS_MIN_FILES


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def leaky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two SEC002 keys, one JWT001 decode, one suppressed finding and a binary file."""
    (tmp_path / "prod.env").write_text(f"A_KEY={aws_key()}\nB_KEY={aws_key()}\n")
    (tmp_path / "peek.py").write_text(
        "import jwt\n\n\ndef peek(token):\n"
        '    return jwt.decode(token, options={"verify_signature": False})\n'
        '    jwt.decode(token, options={"verify_signature": False})  # nhiguard: ignore[JWT001] ok\n'
    )
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_output_to_a_file_prints_one_summary_line_on_stderr(leaky: Path) -> None:
    result = _invoke("scan", ".", "--format", "sarif", "-o", "out.sarif")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "nhiguard: 3 files: 3 findings (1 critical, 2 high; JWT001 1, SEC002 2), "
        "1 suppressed, 1 files not fully analysed; report in out.sarif\n"
    )


def test_quiet_keeps_stderr_empty_with_output(leaky: Path) -> None:
    result = _invoke("scan", ".", "-o", "out.txt", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_without_output_no_summary_line_is_added(leaky: Path) -> None:
    result = _invoke("scan", ".")
    assert result.stderr == ""


def test_a_clean_scan_summarises_as_no_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "util.py").write_text("def add(a, b):\n    return a + b\n")
    monkeypatch.chdir(tmp_path)
    result = _invoke("scan", ".", "-o", "out.json", "--format", "json")
    assert (result.exit_code, result.stderr) == (
        0,
        "nhiguard: 1 files: 0 findings, 0 suppressed; report in out.json\n",
    )


# --- files too large to read whole -------------------------------------------

FILLER = "request ok\n"
BLOCKS = 2 * 1024 * 1024 // len(FILLER) + 1  # lines in a little over 2 MiB


@pytest.fixture
def oversized(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean 2 MiB+ log: over the default max-file-size."""
    (tmp_path / "server.log").write_text(FILLER * BLOCKS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_file_too_large_to_read_whole_is_counted_apart(oversized: Path) -> None:
    result = _invoke("scan", ".", "-o", "out.txt")
    assert result.exit_code == 0
    assert result.stderr == (
        "nhiguard: 1 files: 0 findings, 0 suppressed, 1 files not read in full; report in out.txt\n"
    )
    report = (oversized / "out.txt").read_text()
    assert "1 file not fully analysed (1 not read in full: too large or unreadable)." in report
    assert (
        "  not fully analysed: server.log (too-large: over 2097152 bytes: "
        "searched for known credential formats only)" in report
    )


def test_a_key_deep_in_a_file_too_large_to_read_whole_is_found_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = aws_key()
    (tmp_path / "server.log").write_text(
        FILLER * (2 * BLOCKS) + f"export AWS_ACCESS_KEY_ID={key}\n" + FILLER * BLOCKS
    )
    monkeypatch.chdir(tmp_path)
    result = _invoke("scan", ".", "--format", "json")
    assert result.exit_code == 1
    assert [
        (f["rule_id"], f["line"], f["column"], f["evidence"]["masked"], f["snippet"])
        for f in json.loads(result.stdout)["findings"]
    ] == [
        (
            "SEC002",
            2 * BLOCKS + 1,
            26,
            f"{key[:2]}********{key[-2:]}",
            f"export AWS_ACCESS_KEY_ID={key[:2]}********{key[-2:]}",
        )
    ]


def test_a_binary_file_too_large_to_read_whole_is_not_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "core.dump").write_bytes(
        b"\0" + f"AWS_ACCESS_KEY_ID={aws_key()}\n".encode() * BLOCKS
    )
    monkeypatch.chdir(tmp_path)
    result = _invoke("scan", ".", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["notifications"]) == (
        0,
        [{"path": "core.dump", "kind": "too-large", "detail": "over 2097152 bytes", "line": 0}],
    )


def test_fail_on_unscanned_makes_a_file_too_large_to_read_whole_fail_the_gate(
    oversized: Path,
) -> None:
    assert _invoke("scan", ".", "--fail-on-unscanned").exit_code == 1


def test_fail_on_unscanned_from_the_configuration(oversized: Path) -> None:
    (oversized / ".nhiguard.toml").write_text("fail-on-unscanned = true\n")
    assert _invoke("scan", ".").exit_code == 1


def test_fail_on_unscanned_leaves_a_skipped_binary_passing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    monkeypatch.chdir(tmp_path)
    assert _invoke("scan", ".", "--fail-on-unscanned").exit_code == 0


# --- the progress bar ---------------------------------------------------------


def _many_files(root: Path, count: int) -> None:
    for index in range(count):
        (root / f"module_{index:04}.py").write_text(f"VALUE = {index}\n")


def _scan_with_stderr_on_a_terminal(root: Path) -> tuple[int, str]:
    """Run the real command with stderr on a pseudo-terminal; its exit code and what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "scanner", "scan", ".", "-o", "out.txt", "--jobs", "1"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return process.wait(timeout=300), drawn.decode("utf-8", "replace")


def test_a_long_scan_draws_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    _many_files(tmp_path, PROGRESS_MIN_FILES)
    code, drawn = _scan_with_stderr_on_a_terminal(tmp_path)
    assert code == 0
    assert (
        f"scanning  [####################################]  {PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES}"
        in drawn
    )
    assert drawn.rstrip().endswith(
        f"nhiguard: {PROGRESS_MIN_FILES} files: 0 findings, 0 suppressed; report in out.txt"
    )


def test_a_short_scan_draws_no_bar_on_a_terminal(tmp_path: Path) -> None:
    _many_files(tmp_path, 3)
    code, drawn = _scan_with_stderr_on_a_terminal(tmp_path)
    assert (code, drawn.strip()) == (
        0,
        "nhiguard: 3 files: 0 findings, 0 suppressed; report in out.txt",
    )


def test_no_bar_is_drawn_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    _many_files(tmp_path, PROGRESS_MIN_FILES)
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", ".", "-o", "out.txt"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stderr) == (
        0,
        f"nhiguard: {PROGRESS_MIN_FILES} files: 0 findings, 0 suppressed; report in out.txt\n",
    )
