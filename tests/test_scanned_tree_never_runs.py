"""Nothing from the scanned tree runs: not its git configuration, not its modules.

A scanned repository is untrusted (a fork's pull request, vendored code). Its
`.git/config` can name commands git would run (`core.fsmonitor`, hooks,
pagers), and a `click.py` in the working folder would be imported by
`python -m scanner` if the working folder were on `sys.path`. Each test plants
such a door that would leave a marker file, scans, and checks no marker exists.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.discovery import discover, find_root
from scanner.model import Notification, NotificationKind

SCANNER = Path(__file__).resolve().parent.parent / "scanner"
AWS_KEY = "AKIAZ5QFOBNRJ7WXTQ3M"  # the shape of an AWS key id, not a real one
NOBODY = 65534


def _plant_git_doors(repo: Path, marker: Path) -> None:
    """Every repository-controlled command git could run writes `marker` when it runs."""
    script = repo.parent / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\n', encoding="utf-8")
    script.chmod(0o755)
    hooks = repo / ".git" / "hooks"
    for hook in ("post-index-change", "reference-transaction", "post-checkout"):
        (hooks / hook).write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
        (hooks / hook).chmod(0o755)
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(
            "[core]\n"
            f"\tfsmonitor = {script}\n"
            "\tuntrackedCache = true\n"
            f"\tpager = {script}\n"
            f"\tsshCommand = {script}\n"
            f"\teditor = {script}\n"
            f"\thooksPath = {hooks}\n"
            "[diff]\n"
            f"\texternal = {script}\n"
        )


def _repo(root: Path, marker: Path) -> Path:
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("local/\n", encoding="utf-8")
    (root / "deploy.env").write_text(f"AWS_ACCESS_KEY_ID={AWS_KEY}\n", encoding="utf-8")
    (root / "local").mkdir()
    (root / "local" / "notes.txt").write_text("ignored\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    _plant_git_doors(root, marker)
    return root


def test_the_door_the_tests_plant_is_real_git_runs_the_fsmonitor_command(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    repo = _repo(tmp_path / "repo", marker)
    subprocess.run(["git", "-C", str(repo), "status", "--short"], check=True, capture_output=True)
    assert marker.exists()


def test_scanning_a_repository_never_runs_a_command_its_git_config_names(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    repo = _repo(tmp_path / "repo", marker)
    result = CliRunner().invoke(main, ["scan", str(repo), "--format", "json"])
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    report = json.loads(result.stdout)
    assert [(f["rule_id"], f["path"], f["line"]) for f in report["findings"]] == [
        ("SEC002", "deploy.env", 1)
    ]
    assert report["scan"]["files_scanned"] == 2  # .gitignore and deploy.env: git's list


def test_a_repository_owned_by_another_user_is_walked_with_a_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git refuses it (`safe.directory`); the scan neither trusts it nor stops."""
    marker = tmp_path / "ran"
    repo = _repo(tmp_path / "repo", marker)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # no safe.directory of this machine
    if os.geteuid() == 0:
        for folder, _, names in os.walk(repo):
            for path in (folder, *(os.path.join(folder, n) for n in names)):
                os.lchown(path, NOBODY, NOBODY)
    else:  # git's own switch for the same check, for a run as an ordinary user
        monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    root = find_root([repo])
    files, notes = discover([repo], root, ())
    assert root == repo.resolve()
    assert [f.relpath for f in files] == [".gitignore", "deploy.env", "local/notes.txt"]
    assert notes == [
        Notification(
            ".",
            NotificationKind.GIT_REFUSED,
            "repository owned by another user: walked, .gitignore not applied",
        )
    ]
    assert not marker.exists()


def test_only_scanner_git_starts_a_process() -> None:
    """One hardened door to git: no other module imports subprocess or calls os.system/exec."""
    starters = {"system", "popen", "posix_spawn", "posix_spawnp", "fork", "forkpty"}
    offenders = []
    for module in sorted(SCANNER.rglob("*.py")):
        if module == SCANNER / "git.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            imported = []
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                imported = [node.module or ""]
            if any(name.split(".")[0] in ("subprocess", "pty") for name in imported):
                offenders.append(f"{module.relative_to(SCANNER)}: imports {imported}")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
                and (node.attr in starters or node.attr.startswith(("exec", "spawn")))
            ):
                offenders.append(f"{module.relative_to(SCANNER)}: os.{node.attr}")
    assert offenders == []


def test_python_m_scanner_never_imports_a_module_from_the_scanned_working_folder(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran"
    tree = tmp_path / "tree"
    tree.mkdir()
    planted = f"open({str(marker)!r}, 'w').close()\n"
    for name in ("click.py", "yaml.py", "libcst.py", "scanner_helper.py"):
        (tree / name).write_text(planted, encoding="utf-8")
    (tree / "deploy.env").write_text(f"AWS_ACCESS_KEY_ID={AWS_KEY}\n", encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(SCANNER.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", ".", "--format", "json"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert not marker.exists()
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [(f["rule_id"], f["path"]) for f in findings] == [("SEC002", "deploy.env")]
