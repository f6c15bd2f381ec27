"""`scan --diff REF` and `scan --staged`: report what changes, judge it against the whole repository.

A `.env` committed alone is judged by the code already committed that signs
with its key (HMAC001, not the generic SEC001), and a hostile repository's
filter drivers, fsmonitor and hooks never run. Real git repositories, exact
expectations; planted secrets are made per test.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from git_repo import commit, git
from planted import MONDAY, SIGNING_CODE, TUESDAY, aws_key, invoke, planted, scan_json

from scanner.masking import mask


def rows(document: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    return [
        (f["rule_id"], f["path"], f["line"], f["evidence"]["masked"] if f["evidence"] else "")
        for f in document["findings"]
    ]


@pytest.fixture
def branch_with_a_new_key(tmp_path: Path) -> tuple[Path, str, str]:
    """main holds one key in .env; the branch `feature` adds a line above it and a second key."""
    old, new = planted(), planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={old}\nLOG_LEVEL=info\n"}, MONDAY)
    git(repo, "checkout", "-q", "-b", "feature")
    env = f"# billing\nAPI_TOKEN={old}\nLOG_LEVEL=info\nBILLING_TOKEN={new}\n"
    commit(repo, "billing", {".env": env}, TUESDAY)
    return repo, old, new


def test_diff_reports_only_lines_added_since_the_merge_base(
    branch_with_a_new_key: tuple[Path, str, str],
) -> None:
    repo, _, new = branch_with_a_new_key

    code, document = scan_json(str(repo), "--diff", "main")

    assert code == 1
    assert rows(document) == [("SEC001", ".env", 4, mask(new))]
    assert document["scan"]["files_scanned"] == 1


def test_diff_counts_uncommitted_changes_and_new_files_too(
    branch_with_a_new_key: tuple[Path, str, str],
) -> None:
    repo, _, new = branch_with_a_new_key
    extra = planted()
    (repo / "ci").mkdir()
    (repo / "ci" / ".env").write_text(f"DEPLOY_TOKEN={extra}\n", encoding="utf-8")

    _, document = scan_json(str(repo), "--diff", "main")

    assert rows(document) == [
        ("SEC001", ".env", 4, mask(new)),
        ("SEC001", "ci/.env", 1, mask(extra)),
    ]


def test_diff_against_an_unknown_ref_is_a_usage_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "code", {"app.py": "x = 1\n"}, MONDAY)

    done = invoke("scan", str(repo), "--diff", "no-such-branch")

    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"nhiguard: error: --diff no-such-branch: no such commit in {repo}\n"


@pytest.mark.parametrize(
    ("args", "what"), [(("--staged",), "--staged"), (("--diff", "main"), "--diff main")]
)
def test_a_change_scan_outside_git_is_a_usage_error_not_a_clean_pass(
    tmp_path: Path, args: tuple[str, ...], what: str
) -> None:
    (tmp_path / ".env").write_text(f"API_TOKEN={planted()}\n", encoding="utf-8")

    done = invoke("scan", str(tmp_path), *args)

    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"nhiguard: error: {what}: {tmp_path} is not in a git work tree\n"


def test_diff_in_a_repository_without_commits_says_so(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")

    done = invoke("scan", str(tmp_path), "--diff", "main")

    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == f"nhiguard: error: --diff main: {tmp_path} has no commit yet\n"


def test_an_env_staged_alone_is_judged_by_the_committed_code_that_signs_with_it(
    tmp_path: Path,
) -> None:
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "signing", {"app/webhooks.py": SIGNING_CODE}, MONDAY)
    (repo / ".env").write_text(f"PARTNER_SECRET={key}\n", encoding="utf-8")
    git(repo, "add", ".env")

    code, document = scan_json(str(repo), "--staged")

    assert code == 1
    assert rows(document) == [("HMAC001", ".env", 1, mask(key))]
    assert [r["path"] for r in document["findings"][0]["related"]] == ["app/webhooks.py"]
    assert document["scan"]["files_scanned"] == 1


@pytest.fixture
def code_starts_signing_with_a_committed_value(tmp_path: Path) -> tuple[Path, str]:
    """main holds a `.env` value no code used; the change makes the code sign with it."""
    key = planted()
    repo = tmp_path / "repo"
    files = {".env": f"PARTNER_SECRET={key}\n", "app/webhooks.py": "import os\n"}
    commit(repo, "settings", files, MONDAY)
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "app" / "webhooks.py").write_text(SIGNING_CODE, encoding="utf-8")
    return repo, key


def test_diff_reports_an_unchanged_value_the_change_starts_signing_with(
    code_starts_signing_with_a_committed_value: tuple[Path, str],
) -> None:
    repo, key = code_starts_signing_with_a_committed_value

    code, document = scan_json(str(repo), "--diff", "main")

    assert code == 1
    assert rows(document) == [("HMAC001", ".env", 1, mask(key))]
    assert [r["path"] for r in document["findings"][0]["related"]] == ["app/webhooks.py"]


def test_staged_code_is_judged_with_the_committed_value_it_signs_with(
    code_starts_signing_with_a_committed_value: tuple[Path, str],
) -> None:
    repo, key = code_starts_signing_with_a_committed_value
    git(repo, "add", "app/webhooks.py")

    code, document = scan_json(str(repo), "--staged")

    assert code == 1
    assert rows(document) == [("HMAC001", ".env", 1, mask(key))]


def test_a_file_whose_name_holds_the_archive_separator_is_still_staged(tmp_path: Path) -> None:
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "start", {"README.md": "# api\n"}, MONDAY)
    (repo / "conf!prod.env").write_text(f"API_TOKEN={key}\n", encoding="utf-8")
    git(repo, "add", "conf!prod.env")

    _, document = scan_json(str(repo), "--staged")

    assert rows(document) == [("SEC001", "conf!prod.env", 1, mask(key))]


def test_a_staged_file_over_the_size_limit_is_searched_for_known_formats(tmp_path: Path) -> None:
    key = aws_key()
    repo = tmp_path / "repo"
    commit(repo, "start", {".nhiguard.toml": "max-file-size = 100\n"}, MONDAY)
    dump = f"-- exported with AWS_ACCESS_KEY_ID={key}\n" + "INSERT 1;\n" * 20
    (repo / "dump.sql").write_text(dump, encoding="utf-8")
    git(repo, "add", "dump.sql")

    code, document = scan_json(str(repo), "--staged")

    assert code == 1
    assert rows(document) == [("SEC002", "dump.sql", 1, mask(key))]


def test_staged_reads_the_index_not_the_work_tree(tmp_path: Path) -> None:
    staged_key, unstaged_key = planted(), planted()
    repo = tmp_path / "repo"
    commit(repo, "start", {"README.md": "# api\n"}, MONDAY)
    (repo / ".env").write_text(f"API_TOKEN={staged_key}\n", encoding="utf-8")
    git(repo, "add", ".env")
    (repo / ".env").write_text(f"API_TOKEN={unstaged_key}\n", encoding="utf-8")

    _, document = scan_json(str(repo), "--staged")

    assert rows(document) == [("SEC001", ".env", 1, mask(staged_key))]


def test_staged_with_nothing_staged_reports_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)

    code, document = scan_json(str(repo), "--staged")

    assert (code, document["findings"], document["scan"]["files_scanned"]) == (0, [], 0)


def test_staged_with_named_files_reports_those_files(tmp_path: Path) -> None:
    first, second = planted(), planted()
    repo = tmp_path / "repo"
    commit(
        repo, "env", {"a/.env": f"API_TOKEN={first}\n", "b/.env": f"API_TOKEN={second}\n"}, MONDAY
    )

    _, document = scan_json(str(repo / "b" / ".env"), "--staged")

    assert rows(document) == [("SEC001", "b/.env", 1, mask(second))]


def test_force_exclude_skips_a_named_file_the_configuration_excludes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(
        repo,
        "fixture",
        {
            ".nhiguard.toml": 'exclude = ["tests/fixtures"]\n',
            "tests/fixtures/.env": f"API_TOKEN={planted()}\n",
        },
        MONDAY,
    )
    named = str(repo / "tests" / "fixtures" / ".env")

    assert scan_json(named, "--staged")[0] == 1
    code, document = scan_json(named, "--staged", "--force-exclude")
    assert (code, document["findings"], document["scan"]["files_scanned"]) == (0, [], 0)


def test_a_hostile_repository_runs_nothing_in_history_diff_or_staged_scans(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    repo = tmp_path / "repo"
    key = planted()
    commit(repo, "start", {".gitattributes": "* filter=evil diff=evil\n", "a.env": "X=1\n"}, MONDAY)
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, "key", {".env": f"API_TOKEN={key}\n"}, TUESDAY)
    (repo / "b.env").write_text(f"OTHER_TOKEN={planted()}\n", encoding="utf-8")
    git(repo, "add", "b.env")
    for setting, value in {
        "filter.evil.clean": str(script),
        "filter.evil.smudge": str(script),
        "filter.evil.process": str(script),
        "filter.evil.required": "true",
        "diff.evil.textconv": str(script),
        "diff.evil.command": str(script),
        "core.fsmonitor": str(script),
        "core.pager": str(script),
    }.items():
        git(repo, "config", setting, value)
    hooks = repo / ".git" / "hooks"
    for name in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        os.symlink(script, hooks / name)
    (repo / ".env").write_text(f"API_TOKEN={key}\nMORE=1\n", encoding="utf-8")  # stat-dirty

    history = json.loads(invoke("history", str(repo), "--format", "json").stdout)
    _, diffed = scan_json(str(repo), "--diff", "main")
    _, staged = scan_json(str(repo), "--staged")

    assert not marker.exists()
    assert rows(history) == [("SEC001", ".env", 1, mask(key))]
    assert [r[:3] for r in rows(diffed)] == [("SEC001", ".env", 1), ("SEC001", "b.env", 1)]
    assert [r[:3] for r in rows(staged)] == [("SEC001", "b.env", 1)]
    # The control: plain git does run the repository's commands (and fails on `process`).
    subprocess.run(["git", "-C", str(repo), "diff"], capture_output=True, check=False)
    assert marker.exists()


def test_a_secret_staged_in_one_environment_is_reused_from_a_committed_one(tmp_path: Path) -> None:
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "production", {"deploy/.env.production": f"API_TOKEN={key}\n"}, MONDAY)
    (repo / "deploy" / ".env.staging").write_text(f"API_TOKEN={key}\n", encoding="utf-8")
    git(repo, "add", "deploy/.env.staging")

    _, document = scan_json(str(repo), "--staged")

    assert rows(document) == [
        ("SEC001", "deploy/.env.staging", 1, mask(key)),
        ("SEC003", "deploy/.env.staging", 1, mask(key)),
    ]
    assert document["findings"][1]["related"][0]["path"] == "deploy/.env.production"


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("history",), "history"),
        (("scan", "--staged"), "--staged"),
        (("scan", "--diff", "main"), "--diff"),
    ],
    ids=["history", "staged", "diff"],
)
def test_a_repository_git_refuses_is_a_usage_error_for_commands_that_need_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], what: str
) -> None:
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # no safe.directory of this machine
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's switch for another owner

    done = invoke(args[0], str(repo), *args[1:])

    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"nhiguard: error: {what}: git refuses {repo}: another user owns it (safe.directory)\n"
    )


def test_a_staged_authentication_is_judged_with_the_committed_policy_that_covers_it(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    policy = (
        "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: require-jwt\n"
        "  namespace: orders\nspec:\n  rules:\n    - from:\n        - source:\n"
        "            requestPrincipals: ['*']\n"
    )
    commit(repo, "policy", {"mesh/authz.yaml": policy}, MONDAY)
    authentication = (
        "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: orders\n"
        "  namespace: NAMESPACE\nspec:\n  jwtRules:\n    - issuer: https://login.example.com/\n"
        "      audiences: [orders-api]\n"
        "      jwksUri: https://login.example.com/.well-known/jwks.json\n"
    )
    for namespace in ("orders", "billing"):
        text = authentication.replace("NAMESPACE", namespace)
        (repo / "mesh" / f"{namespace}.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "mesh")

    _, document = scan_json(str(repo), "--staged")

    assert rows(document) == [("GW001", "mesh/billing.yaml", 2, "")]
    assert document["scan"]["files_scanned"] == 2
