"""The audit record: which commit, which settings, which gate, in every report.

Real git repositories in temp folders, scanned through the real CLI. The
record must tie the report to its commit and work-tree state without running
anything the repository configures, and without carrying a remote's
credentials or an absolute path of the machine.
"""

from __future__ import annotations

import json
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scanner import git
from scanner.audit import public_url
from scanner.cli import main

Json = dict[str, Any]
GIT = ["-c", "user.name=t", "-c", "user.email=t@example.com"]


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *GIT, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _signing(key: str) -> str:
    return f'import jwt\n\n\ndef issue(c):\n    return jwt.encode(c, "{key}", algorithm="HS256")\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    (root / "services" / "billing").mkdir(parents=True)
    (root / "services" / "billing" / "tokens.py").write_text(_signing(secrets.token_hex(16)))
    (root / "web.py").write_text("def page():\n    return 'ok'\n")
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(root)], check=True)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "first")
    return root


def _scan(*args: str, exit_code: int = 1) -> Json:
    outcome = CliRunner().invoke(main, ["scan", *args, "--format", "json"], catch_exceptions=False)
    assert outcome.exit_code == exit_code, outcome.output
    document: Json = json.loads(outcome.stdout)
    return document


def test_a_clean_checkout_is_named_by_commit_and_branch(repo: Path) -> None:
    audit = _scan(str(repo))["audit"]
    assert audit["git"] == {
        "commit": _git(repo, "rev-parse", "HEAD"),
        "branch": "trunk",
        "dirty": False,
        "repository": "",
    }


def test_an_uncommitted_change_makes_the_work_tree_dirty(repo: Path) -> None:
    (repo / "web.py").write_text("def page():\n    return 'changed'\n")
    assert _scan(str(repo))["audit"]["git"]["dirty"] is True


def test_a_detached_head_has_no_branch(repo: Path) -> None:
    _git(repo, "checkout", "-q", "--detach")
    assert _scan(str(repo))["audit"]["git"]["branch"] == ""


def test_a_folder_outside_git_has_no_git_record(tmp_path: Path) -> None:
    (tmp_path / "tokens.py").write_text(_signing(secrets.token_hex(16)))
    assert _scan(str(tmp_path))["audit"]["git"] is None


def test_the_requested_subfolder_is_recorded_relative_to_the_repository(repo: Path) -> None:
    document = _scan(str(repo / "services" / "billing"))
    assert document["audit"]["requested_paths"] == ["services/billing"]
    assert document["scan"]["root"] == str(repo.resolve())


def test_the_configuration_in_effect_and_the_gate_are_recorded(repo: Path) -> None:
    (repo / ".nhiguard.toml").write_text(
        'exclude = ["vendor"]\ndisable = ["SEC003"]\n[rules.JWT008]\nmax_leeway_seconds = 600\n'
    )
    audit = _scan(str(repo), "--fail-on", "critical", exit_code=0)["audit"]
    configuration = audit["configuration"]
    assert configuration["source"] == ".nhiguard.toml"
    assert configuration["exclude"] == ["vendor"]
    assert configuration["disabled_rules"] == ["SEC003"]
    assert configuration["changed_parameters"] == {"JWT008": {"max_leeway_seconds": 600}}
    assert audit["gate"] == {"fail_on": "critical", "result": "pass", "exit_code": 0}


def test_status_runs_no_filter_driver_the_repository_configures(repo: Path) -> None:
    marker = repo.parent / "ran"
    script = repo.parent / "filter.sh"
    script.write_text(f'#!/bin/sh\necho ran >> "{marker}"\ncat\n')
    script.chmod(0o755)
    (repo / ".gitattributes").write_text("*.py filter=evil\n")
    _git(repo, "config", "filter.evil.clean", str(script))
    _git(repo, "config", "filter.evil.process", str(script))
    (repo / "web.py").write_text("def page():\n    return 'changed again'\n")
    assert git.is_dirty(repo) is True
    assert not marker.exists()
    # The door is real: plain git status runs the driver.
    subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True)
    assert marker.exists()


def test_a_remote_is_recorded_without_its_credentials(repo: Path) -> None:
    token = "ghp_" + secrets.token_hex(18)
    _git(repo, "remote", "add", "origin", f"https://bot:{token}@gitlab.example.com/a/b.git?x=1")
    outcome = CliRunner().invoke(main, ["scan", str(repo), "--format", "sarif"])
    assert token not in outcome.stdout
    assert _scan(str(repo))["audit"]["git"]["repository"] == "https://gitlab.example.com/a/b.git"


@pytest.mark.parametrize(
    ("configured", "public"),
    [
        ("https://github.com/acme/orders.git", "https://github.com/acme/orders.git"),
        ("https://user:tok@github.com/acme/orders", "https://github.com/acme/orders"),
        ("git@github.com:acme/orders.git", "ssh://github.com/acme/orders.git"),
        ("ssh://git@host:2222/x.git", "ssh://host:2222/x.git"),
        ("user:ghp_tokenvalue1234@github.com:o/r.git", ""),
        ("https://user:tok@[::1]/o/r", "https://[::1]/o/r"),
        ("https://host.example/o/r;ghp_tokenvalue1234", "https://host.example/o/r"),
        ("https://host.example/o/ghp_tokenvalue1234@r", ""),
        ("/srv/git/orders.git", ""),
        ("file:///srv/git/orders.git", ""),
        ("../orders", ""),
        ("", ""),
    ],
)
def test_public_url_keeps_only_scheme_host_and_path(configured: str, public: str) -> None:
    assert public_url(configured) == public


def test_the_html_report_is_titled_by_the_scanned_subfolder_and_shows_the_record(
    repo: Path,
) -> None:
    outcome = CliRunner().invoke(
        main, ["scan", str(repo / "services" / "billing"), "--format", "html"]
    )
    page = outcome.stdout
    assert "<title>nhiguard report · billing</title>" in page
    assert "<h1>billing</h1>" in page
    commit = _git(repo, "rev-parse", "HEAD")
    assert f'<tr><th scope="row">Commit</th><td><code>{commit}</code></td></tr>' in page
    assert '<tr><th scope="row">Branch</th><td>trunk</td></tr>' in page
    assert "fail: fails on low and above" in page
