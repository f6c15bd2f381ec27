"""`nhiguard history`: secrets deleted from the work tree are still in the commits that hold them.

Each test builds a real repository with fixed author dates, so every finding
is expected exactly: rule, path, line, masked evidence, and the sha and date
of the commit that introduced it. Planted secrets are made per test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from git_repo import commit, git
from planted import MONDAY, SIGNING_CODE, TUESDAY, aws_key, invoke, planted
from sarif_schema import schema_errors

from scanner.masking import mask

VERIFY_WITHOUT_SIGNATURE = (
    "import jwt\n\n\ndef claims(token):\n"
    '    return jwt.decode(token, options={"verify_signature": False})\n'
)


def history_json(*args: str) -> dict[str, Any]:
    done = invoke("history", *args, "--format", "json")
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def rows(document: dict[str, Any]) -> list[tuple[str, str, int, str, str, str]]:
    """(rule, path, line, masked evidence, commit sha, author date) of each finding."""
    return [
        (
            f["rule_id"],
            f["path"],
            f["line"],
            f["evidence"]["masked"] if f["evidence"] else "",
            f["commit"]["sha"],
            f["commit"]["author_date"],
        )
        for f in document["findings"]
    ]


def test_a_deleted_env_key_is_found_in_the_commit_that_added_it_and_linked_to_the_code(
    tmp_path: Path,
) -> None:
    key = planted()
    repo = tmp_path / "repo"
    added = commit(
        repo, "partner webhook", {"app.py": SIGNING_CODE, ".env": f"PARTNER_SECRET={key}\n"}, MONDAY
    )
    commit(repo, "drop the env file", {".env": None}, TUESDAY)

    document = history_json(str(repo))

    assert rows(document) == [("HMAC001", ".env", 1, mask(key), added, MONDAY)]
    assert key not in json.dumps(document)


def test_the_text_report_names_the_introducing_commit_and_its_date(tmp_path: Path) -> None:
    key = aws_key()
    repo = tmp_path / "repo"
    added = commit(repo, "deploy notes", {"docs/deploy.md": f"Use {key} for uploads.\n"}, MONDAY)
    commit(repo, "scrub the key", {"docs/deploy.md": "Use the role for uploads.\n"}, TUESDAY)

    done = invoke("history", str(repo))

    assert done.exit_code == 1
    assert "  1:5  " in done.stdout and "SEC002 known-credential-format" in done.stdout
    assert f"introduced in {added[:12]} ({MONDAY})" in done.stdout
    assert key not in done.stdout


def test_a_secret_kept_through_later_edits_is_one_finding_from_the_oldest_commit(
    tmp_path: Path,
) -> None:
    key = planted()
    repo = tmp_path / "repo"
    added = commit(repo, "env", {"deploy/.env": f"API_TOKEN={key}\nLOG_LEVEL=info\n"}, MONDAY)
    commit(
        repo,
        "more settings above",
        {"deploy/.env": f"# service\nREGION=eu-west-1\nAPI_TOKEN={key}\nLOG_LEVEL=debug\n"},
        TUESDAY,
    )

    document = history_json(str(repo))

    assert rows(document) == [("SEC001", "deploy/.env", 1, mask(key), added, MONDAY)]


def test_only_the_rules_about_secret_values_run_on_history(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "decode", {"app/tokens.py": VERIFY_WITHOUT_SIGNATURE}, MONDAY)

    document = history_json(str(repo))

    assert document["findings"] == []
    assert document["scan"]["rules"] == [
        "CI001",
        "HMAC001",
        "HMAC002",
        "SEC001",
        "SEC002",
        "SEC005",
    ]


def test_since_leaves_out_what_the_given_commit_already_reached(tmp_path: Path) -> None:
    old, new = planted(), planted()
    repo = tmp_path / "repo"
    first = commit(repo, "old", {"a/.env": f"API_TOKEN={old}\n"}, MONDAY)
    second = commit(repo, "new", {"b/.env": f"API_TOKEN={new}\n"}, TUESDAY)

    document = history_json(str(repo), "--since", first)

    assert rows(document) == [("SEC001", "b/.env", 1, mask(new), second, TUESDAY)]


def test_all_walks_branches_the_current_one_does_not_reach(tmp_path: Path) -> None:
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "start", {"README.md": "# api\n"}, MONDAY)
    git(repo, "checkout", "-q", "-b", "experiment")
    branch = commit(repo, "try it", {"ci/.env": f"API_TOKEN={key}\n"}, TUESDAY)
    git(repo, "checkout", "-q", "main")

    assert history_json(str(repo))["findings"] == []
    assert rows(history_json(str(repo), "--all")) == [
        ("SEC001", "ci/.env", 1, mask(key), branch, TUESDAY)
    ]


def test_sarif_puts_the_commit_in_the_result_and_the_head_in_the_provenance(
    tmp_path: Path,
) -> None:
    """The provenance names the public remote, never the folder on the machine that scanned."""
    key = planted()
    repo = tmp_path / "repo"
    added = commit(repo, "env", {".env": f"API_TOKEN={key}\n"}, MONDAY)
    head = commit(repo, "gone", {".env": None}, TUESDAY)
    git(repo, "remote", "add", "origin", "https://deploy:hunter22@example.invalid/team/app.git")

    document = json.loads(invoke("history", str(repo), "--format", "sarif").stdout)

    assert schema_errors(document) == []
    (run,) = document["runs"]
    assert run["versionControlProvenance"] == [
        {
            "repositoryUri": "https://example.invalid/team/app.git",
            "revisionId": head,
            "branch": "main",
            "mappedTo": {"uriBaseId": "%SRCROOT%"},
        }
    ]
    assert str(tmp_path) not in json.dumps(document)
    (result,) = run["results"]
    assert result["ruleId"] == "SEC001"
    assert result["properties"]["commit"] == added
    assert result["properties"]["authorDate"] == MONDAY


def test_sarif_of_a_repository_without_remote_names_no_folder_of_the_machine(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)

    document = json.loads(invoke("history", str(repo), "--format", "sarif").stdout)

    assert "versionControlProvenance" not in document["runs"][0]
    assert str(tmp_path) not in json.dumps(document)


def test_gitlab_secret_detection_names_the_introducing_commit_not_the_head(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    added = commit(repo, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)
    commit(repo, "gone", {".env": None}, TUESDAY)

    document = json.loads(invoke("history", str(repo), "--format", "gitlab-secrets").stdout)

    (vulnerability,) = document["vulnerabilities"]
    assert vulnerability["location"]["file"] == ".env"
    assert vulnerability["location"]["commit"] == {"sha": added}


def test_a_shallow_clone_is_said_to_hide_older_commits(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    commit(origin, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)
    commit(origin, "docs", {"README.md": "# api\n"}, TUESDAY)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(clone))

    done = invoke("history", str(clone))

    assert done.exit_code == 1
    assert done.stderr.startswith(f"nhiguard: warning: {clone} is a shallow clone: ")
    assert invoke("history", str(origin)).stderr == ""


def test_html_shows_the_introducing_commit(tmp_path: Path) -> None:
    key = planted()
    repo = tmp_path / "repo"
    added = commit(repo, "env", {".env": f"API_TOKEN={key}\n"}, MONDAY)

    page = invoke("history", str(repo), "--format", "html").stdout

    assert f'<code class="commit">{added}</code>' in page
    assert key not in page


def test_history_honours_a_baseline_written_from_the_work_tree(tmp_path: Path) -> None:
    kept, deleted = planted(), planted()
    repo = tmp_path / "repo"
    commit(
        repo, "env", {"a/.env": f"API_TOKEN={kept}\n", "b/.env": f"API_TOKEN={deleted}\n"}, MONDAY
    )
    later = commit(repo, "drop b", {"b/.env": None}, TUESDAY)
    baseline = tmp_path / "baseline.json"
    assert invoke("baseline", str(repo), "-o", str(baseline)).exit_code == 0

    document = history_json(str(repo), "--baseline", str(baseline))

    assert [(f["path"], f["suppression"]) for f in document["findings"]] == [
        ("a/.env", {"kind": "baseline", "reason": f"accepted in the baseline {baseline}"}),
        ("b/.env", None),
    ]
    assert document["scan"]["revision"] == later


def test_a_blob_over_the_size_limit_is_searched_for_known_formats_and_noted_with_its_commit(
    tmp_path: Path,
) -> None:
    key = aws_key()
    repo = tmp_path / "repo"
    dump = f"-- exported with AWS_ACCESS_KEY_ID={key}\n" + "INSERT 1;\n" * 20
    added = commit(
        repo, "dump", {".nhiguard.toml": "max-file-size = 100\n", "data/dump.sql": dump}, MONDAY
    )
    commit(repo, "gone", {"data/dump.sql": None}, TUESDAY)

    document = history_json(str(repo))

    assert rows(document) == [("SEC002", "data/dump.sql", 1, mask(key), added, MONDAY)]
    assert document["notifications"] == [
        {
            "path": "data/dump.sql",
            "kind": "too-large",
            "detail": (
                f"over 100 bytes: searched for known credential formats only (commit {added[:12]})"
            ),
            "line": 0,
        }
    ]
