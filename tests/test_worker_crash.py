"""A file that crashes the process analysing it costs that file only.

libcst's parser is native code: input it cannot handle can segfault the
worker, which breaks the whole process pool. The crash is injected here (the
known inputs are refused before parsing), in the forked workers of a real pool.
"""

from __future__ import annotations

import os
import secrets
import signal
import string
from pathlib import Path

import pytest

from scanner import catalog, engine
from scanner.configuration import Config
from scanner.model import Notification, NotificationKind

FILES = engine.POOL_THRESHOLD + 50


def _aws_key() -> str:
    return "AKIA" + "".join(secrets.choice(string.ascii_uppercase + "234567") for _ in range(16))


def _tree(folder: Path, crashing: tuple[str, ...]) -> str:
    key = _aws_key()
    (folder / "canary.txt").write_text(f"aws_access_key_id={key}\n", encoding="utf-8")
    for name in crashing:
        (folder / name).write_text("import jwt\n", encoding="utf-8")
    for number in range(FILES - 1 - len(crashing)):
        (folder / f"note{number:03}.txt").write_text("nothing to see\n", encoding="utf-8")
    return key


@pytest.fixture
def crash_on(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Names of files whose analysis kills the process with SIGSEGV."""
    names: set[str] = set()
    real = engine.analyze_file

    def analyze_file(job: engine.Job, settings: engine.Settings) -> engine.Outcome:
        if job.relpath in names:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(job, settings)

    monkeypatch.setattr(engine, "analyze_file", analyze_file)
    return names


@pytest.mark.parametrize(
    "crashing",
    [("crash.py",), ("a_crash.py", "z_crash.py")],
    ids=["one-crashing-file", "two-crashing-files"],
)
def test_a_crashing_file_is_notified_and_every_other_file_is_analysed(
    tmp_path: Path, crash_on: set[str], crashing: tuple[str, ...]
) -> None:
    _tree(tmp_path, crashing)
    crash_on.update(crashing)
    result = engine.scan([tmp_path], Config(), catalog.load(), jobs=2)
    assert [(f.rule_id, f.path) for f in result.findings] == [("SEC002", "canary.txt")]
    assert result.notifications == tuple(
        Notification(name, NotificationKind.ANALYZER_CRASH, "the process analysing it crashed")
        for name in crashing
    )
    assert result.files_scanned == FILES
