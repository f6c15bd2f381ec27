"""The scanned repository's own config files are hostile input too (issue 14, items 16 and 20).

A `pyproject.toml` belongs to the project, not to us: when discovery finds one
that cannot be read, the scan skips it as a config source with one warning
line and goes on. A `.nhiguard.toml`, an explicit `--config`, or a pyproject
whose `[tool.nhiguard]` table is wrong is ours: exit 2 with one line naming
the file and the key path, never the value and never a traceback. Scans run
in a subprocess with a timeout, so a hang (a FIFO) fails instead of blocking.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 120
DEEP = 5000


def _signing_key() -> str:
    return f"k3y-{secrets.token_hex(16)}"


def _aws_key() -> str:
    return "AKIA" + secrets.token_hex(8).upper()


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def _nhiguard(cwd: Path, *args: str) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "scanner", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=cwd,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one HMAC001 finding (line 5 of app/tokens.py); scans name `app`."""
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "tokens.py").write_text(
        "import jwt\n\n\ndef issue(claims):\n"
        f'    return jwt.encode(claims, "{_signing_key()}", algorithm="HS256")\n',
        encoding="utf-8",
    )
    return root


def _findings(run: Run) -> list[tuple[str, str, int]]:
    return [(f["rule_id"], f["path"], f["line"]) for f in json.loads(run.stdout)["findings"]]


SECRET = _aws_key()

BROKEN_TOML: dict[str, tuple[bytes, str]] = {
    "invalid-toml": (
        f'token = "{SECRET}" oops\n'.encode(),
        "not valid TOML (at line 1, column 32)",
    ),
    "duplicate-secret-key": (
        f"{SECRET} = 1\n{SECRET} = 2\n".encode(),
        "not valid TOML (at line 2, column 25)",
    ),
    "nested-5000-deep": (b"x = " + b"[" * DEEP + b"]" * DEEP + b"\n", "nested too deeply"),
    "inline-tables-5000-deep": (
        b"x = " + b"{a = " * DEEP + b"1" + b"}" * DEEP + b"\n",
        "nested too deeply",
    ),
    "5000-digit-int": (b"n = " + b"7" * DEEP + b"\n", "holds a number too large to read"),
    "binary": (b"\x7fELF\x02\x01\x01\x00" + os.urandom(256), "not UTF-8 text"),
    "latin-1": (f'name = "caf\xe9 {SECRET}"\n'.encode("latin-1"), "not UTF-8 text"),
}


@pytest.mark.parametrize(("content", "problem"), list(BROKEN_TOML.values()), ids=list(BROKEN_TOML))
def test_a_broken_pyproject_found_by_discovery_is_skipped_with_one_warning(
    project: Path, content: bytes, problem: str
) -> None:
    (project / "pyproject.toml").write_bytes(content)
    run = _nhiguard(project, "scan", "app", "--format", "json")
    assert run.returncode == 1, run.stderr
    assert _findings(run) == [("HMAC001", "tokens.py", 5)]
    path = project / "pyproject.toml"
    assert run.stderr == (f"nhiguard: warning: {path}: {problem}; not read as a config source\n")


@pytest.mark.parametrize(("content", "problem"), list(BROKEN_TOML.values()), ids=list(BROKEN_TOML))
def test_a_broken_nhiguard_toml_is_one_error_line_and_exit_2(
    project: Path, content: bytes, problem: str
) -> None:
    (project / ".nhiguard.toml").write_bytes(content)
    run = _nhiguard(project, "scan", "app", "--format", "json")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"nhiguard: error: {project / '.nhiguard.toml'}: {problem}\n"


@pytest.mark.parametrize(("content", "problem"), list(BROKEN_TOML.values()), ids=list(BROKEN_TOML))
def test_a_broken_pyproject_named_by_config_is_one_error_line_and_exit_2(
    project: Path, content: bytes, problem: str
) -> None:
    (project / "pyproject.toml").write_bytes(content)
    run = _nhiguard(project, "scan", ".", "--config", "pyproject.toml")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"nhiguard: error: pyproject.toml: {problem}\n"


def test_a_wrong_tool_nhiguard_table_in_a_discovered_pyproject_is_still_an_error(
    project: Path,
) -> None:
    (project / "pyproject.toml").write_text(
        f'[tool.nhiguard]\nfail-on = "{SECRET}"\n', encoding="utf-8"
    )
    run = _nhiguard(project, "scan", ".")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"nhiguard: error: {project / 'pyproject.toml'}: tool.nhiguard.fail-on: "
        "expected one of critical, high, medium, low, never\n"
    )


def test_a_fifo_named_by_config_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "settings.toml")
    run = _nhiguard(project, "scan", ".", "--config", "settings.toml")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "nhiguard: error: settings.toml: not a regular file\n"


def test_a_fifo_named_nhiguard_toml_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / ".nhiguard.toml")
    run = _nhiguard(project, "scan", ".")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"nhiguard: error: {project / '.nhiguard.toml'}: not a regular file\n"


def test_a_fifo_named_pyproject_toml_is_skipped_with_one_warning(project: Path) -> None:
    os.mkfifo(project / "pyproject.toml")
    run = _nhiguard(project, "scan", "app", "--format", "json")
    assert run.returncode == 1, run.stderr
    assert _findings(run) == [("HMAC001", "tokens.py", 5)]
    assert run.stderr == (
        f"nhiguard: warning: {project / 'pyproject.toml'}: not a regular file; "
        "not read as a config source\n"
    )


def test_a_broken_pyproject_does_not_hide_the_config_of_a_parent_folder(
    project: Path,
) -> None:
    (project / "pyproject.toml").write_bytes(b"[tool.nhiguard\n")
    (project.parent / ".nhiguard.toml").write_text('disable = ["HMAC001"]\n', encoding="utf-8")
    run = _nhiguard(project, "scan", "app", "--format", "json")
    assert (run.returncode, _findings(run)) == (0, [])
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("folder", "printed"),
    [(os.fsdecode(b"caf\xe9"), "caf\\xe9"), ("two\nlines", "two\\x0alines")],
    ids=["not-utf8", "newline"],
)
def test_an_error_naming_a_config_in_an_odd_folder_is_one_printable_line(
    project: Path, folder: str, printed: str
) -> None:
    nested = project / folder
    nested.mkdir()
    (nested / ".nhiguard.toml").write_bytes(b"fail-on = \n")
    run = _nhiguard(nested, "scan", ".")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"nhiguard: error: {project}/{printed}/.nhiguard.toml: not valid TOML (at line 1, column 11)\n"
    )
