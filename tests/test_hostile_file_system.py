"""Hostile shapes of the file system itself: names, permissions, files swapped mid-scan.

A scanned tree can hold a file name that is not UTF-8, a folder nobody may
read, or a file that turns into a FIFO or a link after discovery listed it.
None of them may stop the scan, hang it, or lead it out of the root: the file
is scanned or named in a notification, and every report format renders the
name. Scans run in a subprocess, as a CI job would run them; the permission
tests run as a user mode 000 stops (root without the capabilities that
override file modes), since root reads every folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner import catalog, engine, reading
from scanner.configuration import Config
from scanner.discovery import discover, find_root
from scanner.model import FileKind, Notification, NotificationKind

SCANNER_HOME = Path(__file__).resolve().parent.parent
TIMEOUT = 120
CANARY = "AKIAZ5QFOBNRJ7WXTQ3M"  # the shape of an AWS key id, not a real one
HIDDEN = "AKIAQ4VJ6WLXNB2RTY7P"
OUTSIDE = "AKIAM3TD8KQZPW5VXN2H"
LATIN1_NAME = os.fsdecode(b"caf\xe9.env")  # the bytes of `café.env` in Latin-1: not UTF-8


def _env_file(path: Path, key: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"AWS_ACCESS_KEY_ID={key}\n", encoding="utf-8")
    return path


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def _scan(folder: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) drops root's power to read any folder"
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "scanner", "scan", str(folder), *args],
        env={**os.environ, "PYTHONPATH": str(SCANNER_HOME)},
        cwd=folder.parent,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode == 1, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _findings(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(f["rule_id"], f["path"], f["line"]) for f in report["findings"]]


def _notes(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(n["path"], n["kind"], n["detail"]) for n in report["notifications"]]


# --- a file name that is not UTF-8 -----------------------------------------------


@pytest.fixture(params=["git", "plain"])
def latin1_tree(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    _env_file(root / "canary.env", CANARY)
    _env_file(root / LATIN1_NAME, HIDDEN)
    (root / os.fsdecode(b"logo-\xff.bin")).write_bytes(b"\x89PNG\0\0" + HIDDEN.encode())
    if request.param == "git":
        _git(root, "init", "-q")
    return root


def test_a_file_name_that_is_not_utf8_is_scanned_and_named_with_an_escape(
    latin1_tree: Path,
) -> None:
    report = _json(_scan(latin1_tree, "--format", "json"))
    assert _findings(report) == [("SEC002", "caf\\xe9.env", 1), ("SEC002", "canary.env", 1)]
    assert _notes(report) == [("logo-\\xff.bin", "binary", "not text")]


@pytest.mark.parametrize(
    ("output_format", "shown"),
    [
        ("text", "caf\\xe9.env"),
        ("json", '"caf\\\\xe9.env"'),
        ("sarif", '"uri": "caf%5Cxe9.env"'),
        ("html", "caf\\xe9.env"),
    ],
)
def test_every_format_renders_a_name_that_is_not_utf8(
    latin1_tree: Path, output_format: str, shown: str
) -> None:
    done = _scan(latin1_tree, "--format", output_format)
    assert done.returncode == 1, done.stderr
    assert shown in done.stdout
    assert HIDDEN not in done.stdout + done.stderr


def test_a_report_written_to_a_file_renders_a_name_that_is_not_utf8(latin1_tree: Path) -> None:
    output = latin1_tree.parent / "report.json"
    done = _scan(latin1_tree, "--format", "json", "-o", str(output))
    assert done.returncode == 1, done.stderr
    paths = [f["path"] for f in json.loads(output.read_text(encoding="utf-8"))["findings"]]
    assert "caf\\xe9.env" in paths


def test_two_files_are_never_merged_by_their_escaped_names(tmp_path: Path) -> None:
    """`caf\\xe9.env` may be a real name too: both files are scanned, neither hides the other."""
    root = tmp_path / "repo"
    _env_file(root / LATIN1_NAME, HIDDEN)
    _env_file(root / "caf\\xe9.env", CANARY)
    files, notes = discover([root], root, ())
    assert [f.relpath for f in files] == ["caf\\xe9.env", "caf\\xe9.env"]
    assert sorted(f.path.read_text(encoding="utf-8") for f in files) == sorted(
        [f"AWS_ACCESS_KEY_ID={HIDDEN}\n", f"AWS_ACCESS_KEY_ID={CANARY}\n"]
    )
    assert notes == []


# --- a folder nobody may read ------------------------------------------------------


@pytest.fixture
def locked_tree(tmp_path: Path) -> Iterator[Path]:
    """`src/locked/` (mode 000) holds a key; `src/open/` beside it holds the canary."""
    root = tmp_path / "repo"
    _env_file(root / "src" / "locked" / "keys.env", HIDDEN)
    _env_file(root / "src" / "open" / "settings.env", CANARY)
    yield root
    (root / "src" / "locked").chmod(0o755)


def _lock(root: Path) -> None:
    (root / "src" / "locked").chmod(0)


UNREADABLE_FOLDER = ("src/locked", "unreadable", "folder not read: Permission denied")
CANARY_FINDING = ("SEC002", "src/open/settings.env", 1)


def test_an_unreadable_folder_outside_git_is_named_and_the_scan_goes_on(
    locked_tree: Path,
) -> None:
    _lock(locked_tree)
    report = _json(_scan(locked_tree, "--format", "json", unprivileged=True))
    assert _findings(report) == [CANARY_FINDING]
    assert _notes(report) == [UNREADABLE_FOLDER]


def test_an_unreadable_folder_holding_tracked_files_is_named_and_the_scan_goes_on(
    locked_tree: Path,
) -> None:
    _git(locked_tree, "init", "-q")
    _git(locked_tree, "add", "-A")
    _lock(locked_tree)
    report = _json(_scan(locked_tree, "--format", "json", unprivileged=True))
    assert _findings(report) == [CANARY_FINDING]
    assert _notes(report) == [UNREADABLE_FOLDER]


def test_an_unreadable_folder_git_could_not_list_is_named(locked_tree: Path) -> None:
    _git(locked_tree, "init", "-q")  # nothing tracked: only git's own walk meets the folder
    _lock(locked_tree)
    report = _json(_scan(locked_tree / "src", "--format", "json", unprivileged=True))
    assert _findings(report) == [CANARY_FINDING]
    assert _notes(report) == [UNREADABLE_FOLDER]


# --- a file swapped after discovery --------------------------------------------------


@pytest.fixture
def listed(tmp_path: Path) -> tuple[Path, engine.Job]:
    """A tree discovery has listed: `conf/app.env`, as the engine's job for it."""
    root = tmp_path / "repo"
    _env_file(root / "conf" / "app.env", CANARY)
    files, _ = discover([root], find_root([root]), ())
    (ref,) = files
    return root, engine.Job(str(ref.path), ref.relpath, ref.kind)


def _analyze(job: engine.Job) -> engine.Outcome:
    return engine.analyze_file(job, engine.Settings.build(Config(), catalog.load()))


def test_the_file_as_listed_is_read(listed: tuple[Path, engine.Job]) -> None:
    _, job = listed
    assert job.kind == FileKind.DOTENV
    assert [(f.rule_id, f.path) for f in _analyze(job).findings] == [("SEC002", "conf/app.env")]


def test_a_file_swapped_for_a_fifo_is_refused_without_blocking(
    listed: tuple[Path, engine.Job],
) -> None:
    root, job = listed
    fifo = root / "conf" / "app.env"
    fifo.unlink()
    os.mkfifo(fifo)
    outcomes: list[engine.Outcome] = []
    reader = threading.Thread(target=lambda: outcomes.append(_analyze(job)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # blocked in open(): a writer lets it go, so the test can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
        pytest.fail("reading a FIFO blocked the scan")
    assert outcomes[0].notifications == (
        Notification("conf/app.env", NotificationKind.UNREADABLE, "not a regular file"),
    )


def test_a_file_swapped_for_a_link_out_of_the_root_is_refused(
    listed: tuple[Path, engine.Job], tmp_path: Path
) -> None:
    root, job = listed
    outside = _env_file(tmp_path / "elsewhere" / "keys.env", OUTSIDE)
    (root / "conf" / "app.env").unlink()
    (root / "conf" / "app.env").symlink_to(outside)
    outcome = _analyze(job)
    assert outcome.findings == ()
    assert outcome.notifications == (
        Notification("conf/app.env", NotificationKind.UNREADABLE, "moved after discovery"),
    )


@pytest.mark.parametrize("descriptors_named", [True, False], ids=["linux-proc", "no-proc"])
def test_a_folder_swapped_for_a_link_out_of_the_root_is_refused(
    listed: tuple[Path, engine.Job],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    descriptors_named: bool,
) -> None:
    if not descriptors_named:  # where /proc names no descriptor, the path is resolved instead
        monkeypatch.setattr(reading, "DESCRIPTORS", str(tmp_path / "no-proc"))
    root, job = listed
    _env_file(tmp_path / "elsewhere" / "app.env", OUTSIDE)
    shutil.rmtree(root / "conf")
    (root / "conf").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    outcome = _analyze(job)
    assert outcome.findings == ()
    assert outcome.notifications == (
        Notification("conf/app.env", NotificationKind.UNREADABLE, "moved after discovery"),
    )


def test_a_link_inside_the_root_is_read_where_it_leads(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _env_file(root / "shared" / "app.env", CANARY)
    (root / "current.env").symlink_to(root / "shared" / "app.env")
    files, _ = discover([root], root, ())
    jobs = [engine.Job(str(f.path), f.relpath, f.kind) for f in files]
    outcomes = [_analyze(job) for job in jobs]
    assert [f.relpath for f in files] == ["current.env", "shared/app.env"]
    assert [[(x.rule_id, x.path) for x in o.findings] for o in outcomes] == [
        [("SEC002", "current.env")],
        [("SEC002", "shared/app.env")],
    ]
