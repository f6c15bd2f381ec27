"""Baselines: accept today's findings once, fail only on new ones, and say which entries are stale.

End to end through the command line in a real git repository: `nhiguard
baseline` writes the file, `nhiguard scan --baseline` (or `baseline =` in
the configuration) reads it. Planted secrets are made per test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from git_repo import commit
from planted import MONDAY, invoke, planted, scan_json

from scanner.masking import mask


def active(document: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [
        (f["rule_id"], f["path"], f["line"]) for f in document["findings"] if not f["suppression"]
    ]


def accepted_in(document: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    return [
        (f["rule_id"], f["path"], f["line"], f["suppression"]["kind"])
        for f in document["findings"]
        if f["suppression"]
    ]


def test_the_baseline_file_holds_rule_path_fingerprint_and_masked_evidence_never_a_value(
    tmp_path: Path,
) -> None:
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {"deploy/.env": f"LOG_LEVEL=info\nAPI_TOKEN={key}\n"}, MONDAY)
    written = tmp_path / "baseline.json"

    done = invoke("baseline", str(repo), "-o", str(written))

    assert (done.exit_code, done.stderr) == (0, f"nhiguard: 1 findings accepted in {written}\n")
    _, document = scan_json(str(repo))
    (finding,) = document["findings"]
    assert json.loads(written.read_text(encoding="utf-8")) == {
        "nhiguard_baseline": 1,
        "accepted": [
            {
                "rule_id": "SEC001",
                "path": "deploy/.env",
                "fingerprint": finding["fingerprint"],
                "evidence": mask(key),
                "length": len(key),
            }
        ],
    }
    assert key not in written.read_text(encoding="utf-8")


def test_a_new_secret_masked_like_the_accepted_one_is_not_accepted(tmp_path: Path) -> None:
    """A masked value keeps only its ends: the length tells a new key from the accepted one."""
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={key}\n"}, MONDAY)
    written = tmp_path / "baseline.json"
    invoke("baseline", str(repo), "-o", str(written))
    rotated = key[:2] + "Q" * 7 + key[2:]  # same ends, so the same mask and fingerprint
    (repo / ".env").write_text(f"API_TOKEN={rotated}\n", encoding="utf-8")

    code, document = scan_json(str(repo), "--baseline", str(written))

    assert code == 1
    assert active(document) == [("SEC001", ".env", 1)]


def test_with_a_salt_the_baseline_tells_apart_secrets_of_the_same_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NHIGUARD_SALT", "an-organisation-salt-of-32-bytes")
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={key}\n"}, MONDAY)
    written = tmp_path / "baseline.json"
    invoke("baseline", str(repo), "-o", str(written))
    (entry,) = json.loads(written.read_text(encoding="utf-8"))["accepted"]
    rotated = key[:2] + "".join(reversed(key[2:-2])) + key[-2:]
    (repo / ".env").write_text(f"API_TOKEN={rotated}\n", encoding="utf-8")

    code, document = scan_json(str(repo), "--baseline", str(written))

    assert len(entry["digest"]) == 32
    assert code == 1
    assert active(document) == [("SEC001", ".env", 1)]


def test_a_scan_with_the_baseline_passes_and_fails_only_on_a_new_finding(tmp_path: Path) -> None:
    old, new = planted(), planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={old}\n"}, MONDAY)
    written = tmp_path / "baseline.json"
    invoke("baseline", str(repo), "-o", str(written))

    assert scan_json(str(repo), "--baseline", str(written))[0] == 0
    (repo / ".env").write_text(f"API_TOKEN={old}\nBILLING_TOKEN={new}\n", encoding="utf-8")
    code, document = scan_json(str(repo), "--baseline", str(written))

    assert code == 1
    assert active(document) == [("SEC001", ".env", 2)]
    assert accepted_in(document) == [("SEC001", ".env", 1, "baseline")]


def test_an_accepted_finding_stays_accepted_when_lines_are_inserted_above_and_edited_below(
    tmp_path: Path,
) -> None:
    key = planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={key}\nLOG_LEVEL=info\n"}, MONDAY)
    written = tmp_path / "baseline.json"
    invoke("baseline", str(repo), "-o", str(written))
    (repo / ".env").write_text(
        f"# billing service\nREGION=eu-west-1\n\nAPI_TOKEN={key}\nLOG_LEVEL=debug\nRETRIES=3\n",
        encoding="utf-8",
    )

    code, document = scan_json(str(repo), "--baseline", str(written))

    assert code == 0
    assert accepted_in(document) == [("SEC001", ".env", 4, "baseline")]
    assert document["notifications"] == []


@pytest.fixture
def removed_since_the_baseline(tmp_path: Path) -> tuple[Path, Path, str]:
    """A baseline accepting two keys of a .env, one of them deleted since: repo, file, that key."""
    kept, removed = planted(), planted()
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={kept}\nBILLING_TOKEN={removed}\n"}, MONDAY)
    written = tmp_path / "baseline.json"
    invoke("baseline", str(repo), "-o", str(written))
    (repo / ".env").write_text(f"API_TOKEN={kept}\n", encoding="utf-8")
    return repo, written, removed


def test_an_entry_no_finding_matches_any_more_is_listed_as_stale(
    removed_since_the_baseline: tuple[Path, Path, str],
) -> None:
    repo, written, removed = removed_since_the_baseline

    code, document = scan_json(str(repo), "--baseline", str(written))

    assert code == 0
    assert document["notifications"] == [
        {
            "path": ".env",
            "kind": "stale-baseline",
            "detail": f"SEC001 {mask(removed)} is accepted but no longer found",
            "line": 0,
        }
    ]


def test_a_stale_entry_is_not_counted_as_a_file_not_fully_analysed(
    removed_since_the_baseline: tuple[Path, Path, str],
) -> None:
    """The file was analysed in full: what went stale is the baseline, and the summary says so."""
    repo, written, removed = removed_since_the_baseline

    _, document = scan_json(str(repo), "--baseline", str(written))
    text = invoke("scan", str(repo), "--baseline", str(written)).stdout

    assert document["summary"]["files_not_fully_analysed"] == 0
    assert "0 files not fully analysed, 1 stale baseline entry." in text
    assert f"  baseline: .env (stale-baseline: SEC001 {mask(removed)} is accepted" in text


def test_an_entry_outside_the_scanned_paths_is_not_stale(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "env", {"a/.env": f"API_TOKEN={planted()}\n", "b/app.py": "x = 1\n"}, MONDAY)
    written = tmp_path / "baseline.json"
    invoke("baseline", str(repo), "-o", str(written))

    code, document = scan_json(str(repo / "b"), "--baseline", str(written))

    assert (code, document["findings"], document["notifications"]) == (0, [], [])


def test_the_configuration_names_the_baseline_relative_to_its_own_folder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)
    invoke("baseline", str(repo), "-o", str(repo / "nhiguard-baseline.json"))
    (repo / ".nhiguard.toml").write_text('baseline = "nhiguard-baseline.json"\n', encoding="utf-8")

    code, document = scan_json(str(repo))

    assert code == 0
    assert accepted_in(document) == [("SEC001", ".env", 1, "baseline")]


def test_writing_the_baseline_again_replaces_the_file_it_scans(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "env", {".env": f"API_TOKEN={planted()}\n"}, MONDAY)
    written = repo / "nhiguard-baseline.json"
    invoke("baseline", str(repo), "-o", str(written))

    done = invoke("baseline", str(repo), "-o", str(written))

    assert done.exit_code == 0
    assert [e["path"] for e in json.loads(written.read_text())["accepted"]] == [".env"]


def test_a_file_that_is_not_a_baseline_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commit(repo, "code", {"app.py": "x = 1\n"}, MONDAY)
    wrong = tmp_path / "report.json"
    wrong.write_text('{"schema_version": "1.1"}\n', encoding="utf-8")

    done = invoke("scan", str(repo), "--baseline", str(wrong))

    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"nhiguard: error: baseline {wrong}: not an nhiguard baseline (version 1)\n"
    )
