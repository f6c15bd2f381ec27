"""Invariant 2: bad input never crashes a scan (DESIGN.md, "Invariants").

Each hostile input sits in a folder of its own next to `canary.txt`, a file
holding an AWS key: the canary's finding proves the scan went on past the bad
file. Scans run the installed module in a subprocess with a timeout, so a
segfault or a hang fails the test instead of killing or blocking pytest. The
report must name every file it could not fully analyse, with the right kind;
the exit code follows the findings (1, since the canary is one) and is never 2.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from planted import aws_key

from scanner import engine
from scanner.configuration import DEFAULT_MAX_FILE_SIZE, Config
from scanner.model import FileKind, Notification, NotificationKind

TIMEOUT = 120
SECRET_RULES = frozenset({"HMAC001", "SEC001", "SEC002", "CI001"})


def _signing_key() -> str:
    return secrets.token_hex(20)


@dataclass(frozen=True)
class Scan:
    returncode: int
    report: dict[str, Any]
    stdout: str
    stderr: str

    def findings(self) -> list[tuple[str, str, int]]:
        """The findings of the rules that report a secret value, in report order."""
        return [
            (f["rule_id"], f["path"], f["line"])
            for f in self.report["findings"]
            if f["rule_id"] in SECRET_RULES
        ]

    def notifications(self) -> list[tuple[str, str, str, int]]:
        return [
            (n["path"], n["kind"], n["detail"], n["line"]) for n in self.report["notifications"]
        ]


def _scan(folder: Path, *args: str) -> Scan:
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", str(folder), "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=folder,
    )
    assert done.returncode in (0, 1), f"exit {done.returncode}: {done.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(done.stdout)
    return Scan(done.returncode, report, done.stdout, done.stderr)


@dataclass(frozen=True)
class Hostile:
    """A bad input: what to write, and what the report must say about it."""

    build: Callable[[Path], None]
    findings: list[tuple[str, str, int]]
    notifications: list[tuple[str, str, str, int]]
    config: str = ""
    git: bool = False
    planted: list[str] = field(default_factory=list)  # must not appear in any output


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


HIDDEN_KEY = _signing_key()
AWS_AFTER_BAD_BYTES = aws_key()
AWS_IN_BINARY = aws_key()
AWS_IN_HUGE_FILE = aws_key()
AWS_OUTSIDE_ROOT = aws_key()
AWS_IN_LONG_LINE = aws_key()
KEY_AFTER_LONG_LINE = _signing_key()
KEY_AFTER_BAD_BYTES = _signing_key()
PASSWORD_IN_BOMB = secrets.token_urlsafe(18)


def _syntax_error(folder: Path) -> None:
    _write(folder / "app.py", f'import jwt\n\nSIGNING_KEY = "{HIDDEN_KEY}" (\n')


def _invalid_utf8_text(folder: Path) -> None:
    _write(folder / "notes.txt", b"caf\xe9 au lait\n" + f"aws={AWS_AFTER_BAD_BYTES}\n".encode())


def _invalid_utf8_python(folder: Path) -> None:
    _write(
        folder / "app.py",
        b"import jwt\n# caf\xe9\n"
        + f'TOKEN = jwt.encode({{}}, "{KEY_AFTER_BAD_BYTES}", algorithm="HS256")\n'.encode(),
    )


def _binary(folder: Path) -> None:
    _write(folder / "tool.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00" + AWS_IN_BINARY.encode())


def _empty(folder: Path) -> None:
    for name in ("empty.py", "empty.yaml", ".env"):
        _write(folder / name, "")


def _too_large(folder: Path) -> None:
    line = "x" * 1023 + "\n"
    _write(folder / "dump.txt", line * (20 * 1024) + f"aws={AWS_IN_HUGE_FILE}\n")


def _symlink_loop(folder: Path) -> None:
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")


def _symlink_outside(folder: Path) -> None:
    outside = folder.parent / f"{folder.name}-outside.txt"
    _write(outside, f"aws={AWS_OUTSIDE_ROOT}\n")
    (folder / "linked.txt").symlink_to(outside)


def _dangling_symlink(folder: Path) -> None:
    (folder / "settings.yaml").symlink_to("deleted/settings.yaml")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "secrets.env")


def _python(body: str) -> Callable[[Path], None]:
    return lambda folder: _write(folder / "deep.py", f"import jwt\n{body}\n")


def _long_line_text(folder: Path) -> None:
    half = "var a=1;" * (320 * 1024)  # 2.5 MB either side of the key
    _write(folder / "bundle.min.js", f'{half}k="{AWS_IN_LONG_LINE}";{half}\n')


def _long_line_python(folder: Path) -> None:
    blob = "ab" * (5 * 512 * 1024)
    _write(
        folder / "app.py",
        f'import jwt\nBLOB = "{blob}"\n'
        f'TOKEN = jwt.encode({{}}, "{KEY_AFTER_LONG_LINE}", algorithm="HS256")\n',
    )


def _yaml_bomb(folder: Path) -> None:
    # Nine levels of nine aliases: 387 million strings if expanded. The password
    # makes the file worth parsing for the config analyzer.
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append(f"password: {PASSWORD_IN_BOMB}")
    _write(folder / "bomb.yaml", "\n".join(lines) + "\n")


PASSWORD_NEAR_BIG_NUMBER = secrets.token_urlsafe(18)
KEY_NEAR_BIG_NUMBER = _signing_key()
DIGITS_400 = "9" * 400
DIGITS_5000 = "9" * 5000  # past CPython's 4,300-digit limit on int(str)


def _big_number_in_dotenv(folder: Path) -> None:
    _write(
        folder / ".env",
        f"JWT_ACCESS_TOKEN_LIFETIME={DIGITS_400}\nDB_PASSWORD={PASSWORD_NEAR_BIG_NUMBER}\n",
    )


def _big_number_in_json(folder: Path) -> None:
    _write(
        folder / "config.json",
        f'{{\n  "jwt_expiration": {DIGITS_5000},\n  "password": "{PASSWORD_NEAR_BIG_NUMBER}"\n}}\n',
    )


def _big_number_in_toml(folder: Path) -> None:
    _write(
        folder / "config.toml",
        f'jwt_expiration = {DIGITS_5000}\npassword = "{PASSWORD_NEAR_BIG_NUMBER}"\n',
    )


def _big_number_in_workflow(folder: Path) -> None:
    _write(
        folder / ".github" / "workflows" / "ci.yml",
        "on: push\npermissions: read-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        f"    steps:\n      - uses: actions/checkout@{DIGITS_5000}\n"
        f"      - run: ./deploy.sh\n        env:\n          API_TOKEN: {PASSWORD_NEAR_BIG_NUMBER}\n",
    )


def _big_number_in_python(folder: Path) -> None:
    _write(
        folder / "auth.py",
        "import datetime\nimport jwt\n\n"
        f'SIGNING_KEY = "{KEY_NEAR_BIG_NUMBER}"\n\n\ndef mint(claims):\n'
        f"    claims['exp'] = datetime.datetime.now() + datetime.timedelta(seconds={DIGITS_5000})\n"
        '    return jwt.encode(claims, SIGNING_KEY, algorithm="HS256")\n',
    )


def _elif_chain(branches: int, indent: str = "") -> str:
    body = "".join(f"{indent}elif x == {n}:\n{indent}    y = {n}\n" for n in range(1, branches))
    return f"{indent}if x == 0:\n{indent}    y = 0\n{body}"


def _nested_elif_chains(levels: int, branches: int) -> str:
    """An elif chain whose last branch holds the next chain, `levels` deep."""
    return "".join(_elif_chain(branches, "    " * level) for level in range(levels))


BIG = 8 * 1024 * 1024
CASES = {
    "python-syntax-error": Hostile(
        _syntax_error,
        findings=[],
        notifications=[("app.py", "parse-error", "Python syntax error", 3)],
        planted=[HIDDEN_KEY],
    ),
    "invalid-utf8-text": Hostile(
        _invalid_utf8_text,
        findings=[("SEC002", "notes.txt", 2)],
        notifications=[("notes.txt", "not-utf8", "partly analysed", 1)],
    ),
    "invalid-utf8-python": Hostile(
        _invalid_utf8_python,
        findings=[("HMAC001", "app.py", 3)],
        notifications=[("app.py", "not-utf8", "partly analysed", 2)],
    ),
    "binary-with-nul-bytes": Hostile(
        _binary,
        findings=[],
        notifications=[("tool.bin", "binary", "not text", 0)],
        planted=[AWS_IN_BINARY],
    ),
    "empty-files": Hostile(_empty, findings=[], notifications=[]),
    "20-mb-file": Hostile(
        _too_large,
        findings=[("SEC002", "dump.txt", 20 * 1024 + 1)],  # known formats are searched in blocks
        notifications=[
            (
                "dump.txt",
                "too-large",
                f"over {DEFAULT_MAX_FILE_SIZE} bytes: searched for known credential formats only",
                0,
            )
        ],
        planted=[AWS_IN_HUGE_FILE],
    ),
    "symlink-loop": Hostile(
        _symlink_loop,
        findings=[],
        notifications=[
            ("a.yaml", "unreadable", "broken or looping symlink", 0),
            ("b.yaml", "unreadable", "broken or looping symlink", 0),
        ],
    ),
    "symlink-loop-in-git": Hostile(
        _symlink_loop,
        findings=[],
        notifications=[
            ("a.yaml", "unreadable", "broken or looping symlink", 0),
            ("b.yaml", "unreadable", "broken or looping symlink", 0),
        ],
        git=True,
    ),
    "symlink-outside-root": Hostile(
        _symlink_outside,
        findings=[],
        notifications=[("linked.txt", "symlink-outside-root", "not followed", 0)],
        planted=[AWS_OUTSIDE_ROOT],
    ),
    "symlink-outside-root-in-git": Hostile(
        _symlink_outside,
        findings=[],
        notifications=[("linked.txt", "symlink-outside-root", "not followed", 0)],
        git=True,
        planted=[AWS_OUTSIDE_ROOT],
    ),
    "dangling-symlink": Hostile(
        _dangling_symlink,
        findings=[],
        notifications=[("settings.yaml", "unreadable", "broken or looping symlink", 0)],
    ),
    "fifo": Hostile(
        _fifo,
        findings=[],
        notifications=[("secrets.env", "unreadable", "not a regular file", 0)],
    ),
    "fifo-in-git": Hostile(_fifo, findings=[], notifications=[], git=True),  # git lists no fifo
    "5000-nested-parentheses": Hostile(
        _python("x = " + "(" * 5000 + ")" * 5000),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2)],
    ),
    "100k-nested-lists": Hostile(
        _python("x = " + "[" * 100_000 + "]" * 100_000),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2)],
    ),
    "100k-unary-minus": Hostile(
        _python("x = " + "-" * 100_000 + "1"),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2)],
    ),
    "100k-chained-additions": Hostile(
        _python("x = " + "+".join(["1"] * 100_000)),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2)],
    ),
    "100k-chained-calls": Hostile(
        _python("x = f" + "()" * 100_000),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2)],
    ),
    "10k-branch-elif-chain": Hostile(
        _python(_elif_chain(10_000)),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2004)],
    ),
    "elif-chains-nested-20-deep": Hostile(
        _python(_nested_elif_chains(20, 500)),
        findings=[],
        # 499 + 499 + 2 elif are fine; the third elif of the third chain is one too many.
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 2008)],
    ),
    "700-branch-elif-chain-with-a-finding": Hostile(
        _python(
            f'KEY = "{HIDDEN_KEY}"\njwt.encode({{}}, KEY, algorithm="HS256")\n' + _elif_chain(700)
        ),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python nesting too deep", 0)],
        planted=[HIDDEN_KEY],
    ),
    "million-element-list": Hostile(
        _python("x = [" + "1, " * 1_000_000 + "]"),
        findings=[],
        notifications=[("deep.py", "parse-error", "Python file too large to parse", 2)],
        config=f"max-file-size = {BIG}\n",
    ),
    "5-mb-line-in-a-text-file": Hostile(
        _long_line_text,
        findings=[("SEC002", "bundle.min.js", 1)],
        notifications=[],
        config=f"max-file-size = {BIG}\n",
    ),
    "5-mb-line-in-python": Hostile(
        _long_line_python,
        findings=[("HMAC001", "app.py", 3)],
        notifications=[],
        config=f"max-file-size = {BIG}\n",
    ),
    "400-digit-lifetime-in-dotenv": Hostile(
        _big_number_in_dotenv, findings=[("SEC001", ".env", 2)], notifications=[]
    ),
    "5000-digit-number-in-json": Hostile(
        _big_number_in_json, findings=[("SEC001", "config.json", 3)], notifications=[]
    ),
    "5000-digit-number-in-toml": Hostile(
        _big_number_in_toml, findings=[("SEC001", "config.toml", 2)], notifications=[]
    ),
    "5000-digit-action-version-in-a-workflow": Hostile(
        _big_number_in_workflow,
        findings=[("CI001", ".github/workflows/ci.yml", 10)],
        notifications=[],
    ),
    "5000-digit-lifetime-in-python": Hostile(
        _big_number_in_python, findings=[("HMAC001", "auth.py", 4)], notifications=[]
    ),
    "yaml-alias-bomb": Hostile(
        _yaml_bomb,
        findings=[("SEC001", "bomb.yaml", 10)],
        notifications=[],
        planted=[PASSWORD_IN_BOMB],
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    target.mkdir()
    return target


def _prepare(folder: Path, case: Hostile) -> str:
    canary = aws_key()
    _write(folder / "canary.txt", f"aws_access_key_id={canary}\n")
    case.build(folder)
    if case.config:
        _write(folder / ".nhiguard.toml", case.config)
    if case.git:
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return canary


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_hostile_input_is_reported_and_the_scan_goes_on(case: Hostile, folder: Path) -> None:
    _prepare(folder, case)
    scan = _scan(folder)
    assert scan.notifications() == case.notifications
    assert sorted(scan.findings()) == sorted([("SEC002", "canary.txt", 1), *case.findings])
    assert scan.returncode == 1


@pytest.mark.parametrize(
    "case",
    [case for case in CASES.values() if case.planted],
    ids=[name for name, case in CASES.items() if case.planted],
)
def test_a_secret_in_a_file_not_analysed_is_never_printed(case: Hostile, folder: Path) -> None:
    _prepare(folder, case)
    for output_format in ("json", "text"):
        scan = _scan(folder) if output_format == "json" else _text_scan(folder)
        for secret in case.planted:
            assert secret not in scan.stdout
            assert secret not in scan.stderr


def _text_scan(folder: Path) -> Scan:
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", str(folder)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=folder,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return Scan(done.returncode, {}, done.stdout, done.stderr)


def test_a_parse_error_in_the_text_report_names_the_file_and_line(folder: Path) -> None:
    _prepare(folder, CASES["python-syntax-error"])
    scan = _text_scan(folder)
    assert "not fully analysed: app.py:3 (parse-error: Python syntax error)" in scan.stdout


def test_deeply_nested_yaml_flow_does_not_crash_the_scan(folder: Path) -> None:
    # LibYAML's composer recurses in C: about 50,000 nested `[` overflow its stack.
    _prepare(folder, CASES["empty-files"])
    _write(folder / "values.yaml", "password: x\nx: " + "[" * 100_000 + "]" * 100_000 + "\n")
    scan = _scan(folder)
    assert [n[:2] for n in scan.notifications()] == [("values.yaml", "parse-error")]
    assert scan.findings() == [("SEC002", "canary.txt", 1)]


def test_deeply_nested_yaml_in_a_workflow_does_not_crash_the_scan(folder: Path) -> None:
    # The CI analyzer reads YAML through the same reader as the config analyzer.
    _prepare(folder, CASES["empty-files"])
    nested = "on: push\njobs: " + "[" * 100_000 + "]" * 100_000 + "\n"
    _write(folder / ".github" / "workflows" / "ci.yml", nested)
    scan = _scan(folder)
    assert [n[:2] for n in scan.notifications()] == [(".github/workflows/ci.yml", "parse-error")]
    assert scan.findings() == [("SEC002", "canary.txt", 1)]


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda path: path.mkdir(), "IsADirectoryError"),
        (lambda path: None, "FileNotFoundError"),
    ],
    ids=["a-folder-where-a-file-was-listed", "a-file-deleted-after-discovery"],
)
def test_a_file_that_cannot_be_opened_is_an_unreadable_notification(
    make: Callable[[Path], None], error: str, tmp_path: Path
) -> None:
    path = tmp_path / "settings.py"
    make(path)
    job = engine.Job(str(path), "settings.py", FileKind.PYTHON)
    settings = engine.Settings.build(Config(), [])
    outcome = engine.analyze_file(job, settings)
    assert outcome.findings == ()
    assert outcome.notifications == (
        Notification("settings.py", NotificationKind.UNREADABLE, error),
    )


def test_a_10k_branch_elif_chain_in_a_pooled_scan_is_refused_and_the_scan_goes_on(
    folder: Path,
) -> None:
    # Over POOL_THRESHOLD files, so workers analyse them; libcst segfaulted on this file.
    case = CASES["10k-branch-elif-chain"]
    _prepare(folder, case)
    for number in range(engine.POOL_THRESHOLD + 50):
        _write(folder / "docs" / f"page{number:03}.txt", "nothing to see\n")
    scan = _scan(folder, "--jobs", "2")
    assert scan.notifications() == case.notifications
    assert scan.findings() == [("SEC002", "canary.txt", 1)]
    assert scan.returncode == 1
