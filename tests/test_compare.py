"""`nhiguard report new.json --compare old.json`: new, unchanged and fixed, in every format.

A real repository is scanned twice. Between the scans one finding is fixed
(its line removed), one is added, and lines are inserted above the others,
which must stay unchanged: findings are matched by fingerprint, which has no
line number in it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitlab_schema import gitlab_errors
from sarif_schema import schema_errors

from scanner.cli import main

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PEEK = '    return jwt.decode(token, options={"verify_signature": False})\n'


def _code(key: str, fixed: bool, added: bool) -> str:
    return (
        ("# moved down by two lines\n\n" if fixed else "")
        + "import jwt\n\n\n"
        + "def peek(token):\n"
        + PEEK
        + "\n\n"
        + (
            ""
            if fixed
            else f'def issue(claims):\n    return jwt.encode(claims, "{key}", "HS256")\n'
        )
        + ("\n\ndef look(token):\n" + PEEK.replace("token", "token ") if added else "")
    )


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("compare")
    repo = root / "repo"
    repo.mkdir()
    key = "sk_" + secrets.token_hex(20)
    saved = []
    for name, fixed in (("old.json", False), ("new.json", True)):
        (repo / "tokens.py").write_text(_code(key, fixed=fixed, added=fixed), encoding="utf-8")
        out = root / name
        done = CliRunner().invoke(
            main, ["scan", str(repo), "--format", "json", "-o", str(out)], catch_exceptions=False
        )
        assert done.exit_code == 1, done.output
        saved.append(out)
    return saved[1], saved[0]


def _report(results: tuple[Path, Path], output_format: str) -> str:
    new, old = results
    done = CliRunner().invoke(
        main,
        ["report", str(new), "--compare", str(old), "--format", output_format],
        catch_exceptions=False,
    )
    assert done.exit_code == 0, done.output
    return done.stdout


def _changes(document: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [(f["rule_id"], f["line"], f["change"]) for f in document["findings"]]


def test_json_marks_each_finding_and_lists_the_fixed(results: tuple[Path, Path]) -> None:
    document = json.loads(_report(results, "json"))
    assert _changes(document) == [("JWT001", 7, "unchanged"), ("JWT001", 13, "new")]
    comparison = document["comparison"]
    assert (comparison["compared_to"], comparison["new"], comparison["unchanged"]) == (
        "old.json",
        1,
        1,
    )
    assert [(f["rule_id"], f["line"]) for f in comparison["fixed"]] == [("HMAC001", 9)]


def test_without_compare_no_finding_has_a_change(results: tuple[Path, Path]) -> None:
    document = json.loads(results[0].read_text(encoding="utf-8"))
    assert {f["change"] for f in document["findings"]} == {None}
    assert document["comparison"] is None


def test_text_tags_findings_and_names_the_fixed(results: tuple[Path, Path]) -> None:
    text = _report(results, "text")
    assert "[unchanged] JWT001" in text and "[new] JWT001" in text
    assert "Compared to old.json: 1 new, 1 unchanged, 1 fixed." in text
    assert "  fixed: tokens.py:9 HMAC001: " in text


def test_sarif_results_carry_their_baseline_state(results: tuple[Path, Path]) -> None:
    sarif = json.loads(_report(results, "sarif"))
    assert schema_errors(sarif) == []
    run = sarif["runs"][0]
    assert [r["baselineState"] for r in run["results"]] == ["unchanged", "new"]
    assert len(run["properties"]["comparison"]["fixed"]) == 1


def test_gitlab_and_ci_formats_say_new_or_unchanged(results: tuple[Path, Path]) -> None:
    sast = json.loads(_report(results, "gitlab-sast"))
    assert gitlab_errors(sast, "sast") == []
    assert [v["details"]["nhiguard_change"]["value"] for v in sast["vulnerabilities"]] == [
        "unchanged",
        "new",
    ]
    issues = json.loads(_report(results, "codeclimate"))
    assert [i["description"].split()[0] for i in issues] == ["[unchanged]", "[new]"]
    junit = _report(results, "junit")
    assert re.findall(r'message="\[(\w+)\] tokens\.py', junit) == ["unchanged", "new"]
    assert "fixed: tokens.py:9 HMAC001" in junit
    github = _report(results, "github")  # a comma in a property is written %2C
    assert re.findall(r"\(critical%2C (\w+)\)::", github) == ["unchanged", "new"]


def test_html_marks_findings_filters_by_change_and_lists_the_fixed(
    results: tuple[Path, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    page_file.write_text(_report(results, "html"), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        assert page.locator("tbody.finding").count() == 2
        page.select_option("#filter-change", "new")
        assert page.locator("tbody.finding:visible").count() == 1
        assert page.locator("tbody.finding:visible").get_attribute("data-change") == "new"
        assert page.locator("#fixed-table tbody tr").count() == 1
        browser.close()
    assert errors == [] and requests == [page_file.as_uri()]
