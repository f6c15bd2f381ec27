"""Interrupting a scan: exit code 2 and no worker process left behind.

A CI runner cancels a job with SIGTERM. The default action would end the
scan with 143 (read by some gates as a plain failure, by none as "scanner
failed") and orphan the pool's workers, which went on for minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scanner import engine

# Enough Python that two workers need many seconds: the signal lands mid-scan.
FILES = engine.POOL_THRESHOLD * 3
MODULE = "import jwt\n\n" + "".join(
    f"def check_{n}(token, key):\n"
    f"    claims = jwt.decode(token, key, algorithms=['HS256'], audience='svc-{n}')\n"
    f"    return claims.get('sub') == 'user-{n}' and [claims] * {n} != []\n\n"
    for n in range(150)
)


def _children(pid: int) -> set[int]:
    """The pool's workers: forks of the scan, so they share its command line.

    The scan also runs git (discovery asks for the top level and the file
    list); a git caught mid-start was counted as a third worker.
    """
    found = set()
    own = _cmdline(pid)
    for entry in Path("/proc").iterdir():
        child = int(entry.name) if entry.name.isdigit() else 0
        if child and _stat(child)[1] == pid and _cmdline(child) == own:
            found.add(child)
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def _stat(pid: int) -> tuple[str, int]:
    """(state, parent pid) from /proc; ("", 0) once the process is gone."""
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return "", 0
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def _running(pid: int) -> bool:
    return _stat(pid)[0] not in ("", "Z", "X")


def test_sigterm_mid_scan_exits_2_and_leaves_no_worker(tmp_path: Path) -> None:
    tree = tmp_path / "repo"
    for number in range(FILES):
        target = tree / f"pkg{number % 10}" / f"auth_{number:04}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(MODULE, encoding="utf-8")
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:  # a file: an orphaned worker would hold a pipe open
        scan = subprocess.Popen(
            [sys.executable, "-m", "scanner", "scan", str(tree), "--jobs", "2", "--format", "json"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and scan.poll() is None:
            workers |= _children(scan.pid)
            time.sleep(0.05)
        time.sleep(0.5)  # the workers are busy parsing
        assert scan.poll() is None, "the scan ended before it could be interrupted"
        assert len(workers) == 2
        scan.send_signal(signal.SIGTERM)
        scan.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if _running(pid)] == []
        assert scan.returncode == 2
        assert errors.read_text().strip().splitlines()[-1] == "nhiguard: terminated"
    finally:
        for pid in [scan.pid, *workers]:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
