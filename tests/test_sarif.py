"""The SARIF report, as GitHub code scanning ingests it.

A fixture repository is scanned through the real CLI (`nhiguard scan PATH
--format sarif -o FILE`): the bundled vulnerable example, plus a finding
accepted by an inline ignore, a file Python cannot parse, and a file whose
name needs percent-encoding in a URI. The report must pass the OASIS SARIF
2.1.0 schema (tests/data/README.md says where the copy comes from) and
Microsoft's SARIF Multitool with GitHub's ingestion rules, and must carry
exactly what code scanning shows: rule ids on the right lines, repo-relative
URIs, stable fingerprints, suppressions, severities, tags and help.

The Multitool is installed by `scripts/bootstrap-test-tools.sh`; without it
these tests fail rather than skip.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from external_tools import installed
from sarif_schema import SCHEMA_PATH, schema_errors

from scanner import catalog
from scanner.cli import main
from scanner.model import Adjustment, Evidence, Finding, Location, Related, ScanResult
from scanner.report.sarif import to_sarif

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "vulnerable_app"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
OASIS_SCHEMA_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
MULTITOOL_DEFAULT = (
    REPO / ".tools" / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
)
FINGERPRINT = "nhiguard/v1"
ODD_NAME = "scripts/rotate keys #2.py"
ODD_URI = "scripts/rotate%20keys%20%232.py"
PLANTED_RULES = {"HMAC001", "JWT001", "JWT002", "SEC002"}
REMOTE_TOKEN = "ghp_" + "R3m0t3T0k3n" * 3
REMOTE_WITH_TOKEN = f"https://ci-bot:{REMOTE_TOKEN}@github.com/acme/orders.git"

Json = dict[str, Any]


# --- the fixture repository -------------------------------------------------


def _make_repo(root: Path, ignored_key: str) -> Path:
    shutil.copytree(EXAMPLE, root)
    (root / "app" / "ignored.py").write_text(
        "import hashlib\n"
        "import hmac\n\n\n"
        "def sign_fixture(body: bytes) -> str:\n"
        f'    return hmac.new(b"{ignored_key}", body, hashlib.sha256).hexdigest()'
        "  # nhiguard: ignore[HMAC001] test key\n",
        encoding="utf-8",
    )
    (root / "app" / "broken.py").write_text(
        "import jwt\n\n\ndef claims(token) -> dict\n    return jwt.decode(token)\n",
        encoding="utf-8",
    )
    (root / ODD_NAME).parent.mkdir()
    (root / ODD_NAME).write_text(
        "import jwt\n\n\n"
        "def peek(token):\n"
        '    return jwt.decode(token, options={"verify_signature": False})\n',
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "remote", "add", "origin", REMOTE_WITH_TOKEN], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "fixture"], check=True)
    return root


def _scan(path: Path, out: Path, *, exit_code: int = 1) -> Json:
    outcome = CliRunner().invoke(
        main, ["scan", str(path), "--format", "sarif", "-o", str(out)], catch_exceptions=False
    )
    assert outcome.exit_code == exit_code, outcome.output
    document: Json = json.loads(out.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def ignored_key() -> str:
    return "whsec_" + secrets.token_hex(16)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, ignored_key: str) -> Path:
    return _make_repo(tmp_path_factory.mktemp("sarif") / "repo", ignored_key)


@pytest.fixture(scope="module")
def sarif_file(repo: Path) -> Path:
    out = repo.parent / "out.sarif"
    _scan(repo, out)
    return out


@pytest.fixture(scope="module")
def sarif(sarif_file: Path) -> Json:
    document: Json = json.loads(sarif_file.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def run(sarif: Json) -> Json:
    assert len(sarif["runs"]) == 1
    only: Json = sarif["runs"][0]
    return only


def _rule(run: Json, rule_id: str) -> Json:
    found: list[Json] = [r for r in run["tool"]["driver"]["rules"] if r["id"] == rule_id]
    assert len(found) == 1, rule_id
    return found[0]


def _uri(location: Json) -> str:
    uri: str = location["physicalLocation"]["artifactLocation"]["uri"]
    return uri


def _line(location: Json) -> int:
    line: int = location["physicalLocation"]["region"]["startLine"]
    return line


def _all_locations(run: Json) -> Iterator[Json]:
    for result in run["results"]:
        yield from result["locations"]
        yield from result.get("relatedLocations", [])
    for invocation in run["invocations"]:
        for note in invocation.get("toolExecutionNotifications", []):
            yield from note.get("locations", [])


# --- validators --------------------------------------------------------------


def _multitool() -> Path:
    return installed("SARIF_MULTITOOL", MULTITOOL_DEFAULT, "SARIF Multitool")


def _multitool_findings(sarif_path: Path, output: Path) -> list[str]:
    """Errors and warnings of `Sarif.Multitool validate --rule-kind "Gh;Sarif"`."""
    done = subprocess.run(
        [
            str(_multitool()),
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--level",
            "Error;Warning",
            "--output",
            str(output),
            str(sarif_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        # A .NET single-file app needs libicu unless told to run culture-invariant.
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    log = json.loads(output.read_text(encoding="utf-8-sig"))
    findings = []
    for validation in log["runs"]:
        invocation = validation["invocations"][0]
        assert invocation["executionSuccessful"], invocation
        rules = {r["id"]: r for r in validation["tool"]["driver"].get("rules", [])}
        for result in validation.get("results", []):
            findings.append(
                f"{result.get('level', 'warning')} {result['ruleId']}: "
                + _multitool_message(result, rules.get(result["ruleId"], {}))
            )
    return findings


def _multitool_message(result: Json, rule: Json) -> str:
    message = result["message"]
    if "text" in message:
        return str(message["text"])
    template = rule.get("messageStrings", {}).get(message.get("id"), {}).get("text", "")
    try:
        return str(template.format(*message.get("arguments", [])))
    except (IndexError, KeyError, ValueError):
        return f"{template} {message.get('arguments')}"


# --- the validators accept the report ----------------------------------------


def test_stored_schema_is_the_recorded_copy_of_the_oasis_sarif_2_1_0_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert schema["id"] == OASIS_SCHEMA_ID
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"


def test_report_is_valid_against_the_sarif_2_1_0_schema(sarif: Json) -> None:
    assert schema_errors(sarif) == []


def test_multitool_with_github_rules_reports_no_error_and_no_warning(
    sarif_file: Path, tmp_path: Path
) -> None:
    assert _multitool_findings(sarif_file, tmp_path / "validation.sarif") == []


def test_multitool_check_does_catch_a_rule_github_would_refuse(tmp_path: Path) -> None:
    bare_rule = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x", "version": "1", "rules": [{"id": "X1"}]}},
                "results": [],
            }
        ],
    }
    path = tmp_path / "bare.sarif"
    path.write_text(json.dumps(bare_rule), encoding="utf-8")
    findings = _multitool_findings(path, tmp_path / "validation.sarif")
    assert any(f.startswith("error GH2012:") for f in findings), findings


# --- what code scanning shows -------------------------------------------------


def test_results_are_the_planted_findings_on_their_lines_at_their_levels(run: Json) -> None:
    # Exact for the rules planted here; what other rules find in the example is
    # pinned by their own fixture tests, so a new rule does not break this one.
    found = [
        (r["ruleId"], _uri(r["locations"][0]), _line(r["locations"][0]), r["level"])
        for r in run["results"]
        if r["ruleId"] in PLANTED_RULES
    ]
    assert set(found) == {
        ("HMAC001", "app/auth.py", 7, "error"),
        ("JWT001", "app/auth.py", 15, "error"),
        ("JWT002", "app/auth.py", 19, "error"),
        ("JWT002", "app/auth.py", 23, "error"),
        ("HMAC001", "app/webhooks.py", 9, "error"),
        ("HMAC001", "deploy/.env.production", 3, "error"),
        ("SEC002", "deploy/settings.yaml", 4, "error"),
        ("HMAC001", "app/ignored.py", 6, "error"),
        ("JWT001", ODD_URI, 5, "error"),
    }
    repeated = sorted(key for key, count in Counter(found).items() if count > 1)
    assert repeated == [], "reported more than once: code scanning opens an alert per copy"


def test_each_result_points_at_its_rule_by_index(run: Json) -> None:
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_uris_are_repo_relative_under_srcroot(run: Json, repo: Path) -> None:
    assert run["originalUriBaseIds"] == {
        "%SRCROOT%": {"description": {"text": "The root of the scanned repository."}}
    }
    locations = list(_all_locations(run))
    assert locations
    for location in locations:
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "file:", "..")), artifact


def test_file_name_with_space_and_hash_is_percent_encoded_in_its_uri(run: Json) -> None:
    uris = {_uri(r["locations"][0]) for r in run["results"]}
    assert ODD_URI in uris
    assert ODD_NAME not in uris


def _result_at(run: Json, rule_id: str, uri: str, line: int) -> Json:
    found: list[Json] = [
        r
        for r in run["results"]
        if r["ruleId"] == rule_id
        and _uri(r["locations"][0]) == uri
        and _line(r["locations"][0]) == line
    ]
    assert len(found) == 1, (rule_id, uri, line)
    return found[0]


def test_masked_source_line_is_the_context_region_not_the_region_snippet(run: Json) -> None:
    physical = _result_at(run, "HMAC001", "app/webhooks.py", 9)["locations"][0]["physicalLocation"]
    assert physical["region"] == {"startLine": 9, "startColumn": 21, "endLine": 9, "endColumn": 46}
    assert physical["contextRegion"] == {
        "startLine": 9,
        "snippet": {"text": 'return hmac.new(b"wh********c8", body, hashlib.sha256).hexdigest()'},
    }


def test_use_of_a_constant_key_is_a_related_location_with_its_message(run: Json) -> None:
    related = [
        r["relatedLocations"]
        for r in run["results"]
        if r["ruleId"] == "HMAC001" and _uri(r["locations"][0]) == "app/auth.py"
        if "relatedLocations" in r
    ]
    assert [[(x["id"], x["message"]["text"], _uri(x), _line(x)) for x in r] for r in related] == [
        [(0, "used by jwt.encode", "app/auth.py", 11)]
    ]


def test_a_linked_config_value_points_at_the_code_that_signs_with_it(run: Json) -> None:
    result = _result_at(run, "HMAC001", "deploy/.env.production", 3)
    assert result["message"]["text"].endswith("used as the key of hmac.new at app/webhooks.py:19")
    assert [(x["message"]["text"], _uri(x), _line(x)) for x in result["relatedLocations"]] == [
        ("read as PARTNER_CALLBACK_KEY, the key of hmac.new", "app/webhooks.py", 19)
    ]


def test_every_result_has_a_fingerprint_of_its_own(run: Json) -> None:
    prints = [r["partialFingerprints"][FINGERPRINT] for r in run["results"]]
    assert all(len(p) == 32 and int(p, 16) >= 0 for p in prints)
    assert len(set(prints)) == len(prints)


def test_fingerprints_stay_when_lines_are_inserted_above_the_findings(
    tmp_path: Path, ignored_key: str
) -> None:
    repo = _make_repo(tmp_path / "repo", ignored_key)
    before = _scan(repo, tmp_path / "before.sarif")["runs"][0]["results"]
    auth = repo / "app" / "auth.py"
    auth.write_text(
        "# Owned by the orders team.\n# Reviewed 2024-05.\n\n" + auth.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    after = _scan(repo, tmp_path / "after.sarif")["runs"][0]["results"]

    def keyed(results: list[Json], shift: int) -> dict[tuple[str, str, int], str]:
        return {
            (
                r["ruleId"],
                _uri(r["locations"][0]),
                _line(r["locations"][0])
                - (shift if _uri(r["locations"][0]) == "app/auth.py" else 0),
            ): r["partialFingerprints"][FINGERPRINT]
            for r in results
        }

    assert keyed(after, shift=3) == keyed(before, shift=0)


def test_inline_ignored_finding_carries_an_in_source_suppression(run: Json) -> None:
    suppressed = {
        (r["ruleId"], _uri(r["locations"][0])): r["suppressions"]
        for r in run["results"]
        if "suppressions" in r
    }
    assert suppressed == {
        ("HMAC001", "app/ignored.py"): [
            {"kind": "inSource", "status": "accepted", "justification": "test key"}
        ]
    }


def test_the_commit_and_branch_are_the_version_control_provenance(run: Json, repo: Path) -> None:
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert run["versionControlProvenance"] == [
        {
            "repositoryUri": "https://github.com/acme/orders.git",
            "revisionId": commit,
            "branch": "main",
            "mappedTo": {"uriBaseId": "%SRCROOT%"},
        }
    ]


def test_the_remote_credentials_are_in_no_part_of_the_log(sarif_file: Path) -> None:
    assert REMOTE_TOKEN not in sarif_file.read_text(encoding="utf-8")


def test_the_invocation_says_when_it_ran_and_how_the_gate_ended(run: Json) -> None:
    invocation = run["invocations"][0]
    assert invocation["exitCode"] == 1
    assert invocation["startTimeUtc"].endswith("Z") and invocation["endTimeUtc"].endswith("Z")
    assert invocation["startTimeUtc"] <= invocation["endTimeUtc"]
    audit = run["properties"]["audit"]
    assert audit["gate"] == {"fail_on": "low", "result": "fail", "exit_code": 1}
    assert audit["requested_paths"] == ["."]


def test_no_absolute_path_of_the_scanning_machine_is_in_the_log(
    sarif_file: Path, repo: Path
) -> None:
    text = sarif_file.read_text(encoding="utf-8")
    assert str(repo.resolve()) not in text
    assert repo.resolve().as_uri() not in text


def test_fingerprints_do_not_depend_on_the_organisation_salt(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def prints(salt: str) -> list[str]:
        monkeypatch.setenv("NHIGUARD_SALT", salt)
        results = _scan(repo, tmp_path / f"{salt[:4]}.sarif")["runs"][0]["results"]
        return [r["partialFingerprints"][FINGERPRINT] for r in results]

    assert prints("a" * 32) == prints("b" * 32)


def test_planted_key_appears_only_masked(sarif_file: Path, ignored_key: str) -> None:
    text = sarif_file.read_text(encoding="utf-8")
    assert ignored_key not in text
    assert f'"masked": "{ignored_key[:2]}********{ignored_key[-2:]}"' in text


def test_rules_carry_security_severity_and_tags_for_github(run: Json) -> None:
    jwt001 = _rule(run, "JWT001")
    assert jwt001["properties"]["security-severity"] == "9.1"
    assert jwt001["properties"]["tags"] == [
        "security",
        "external/cwe/cwe-347",
        "owasp-nhi/NHI4:2025",
        "nist-csf/PR.AA-04",
        "nist-csf/PR.AA-03",
    ]
    assert jwt001["defaultConfiguration"] == {"level": "error"}
    for rule in run["tool"]["driver"]["rules"]:
        tags = rule["properties"]["tags"]
        assert tags[0] == "security" and len(tags) <= 20, rule["id"]
        assert 0.0 < float(rule["properties"]["security-severity"]) <= 10.0, rule["id"]


def test_every_rule_has_descriptions_and_markdown_help(run: Json) -> None:
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.id for r in catalog.load())
    for rule in rules:
        assert rule["shortDescription"]["text"], rule["id"]
        assert rule["fullDescription"]["text"], rule["id"]
        assert rule["help"]["text"], rule["id"]
        assert rule["help"]["markdown"].startswith(f"# {rule['id']} "), rule["id"]
        assert rule["helpUri"].endswith(f"/{rule['id']}.md"), rule["id"]


def test_rule_help_leaves_the_example_gallery_to_the_linked_page(run: Json) -> None:
    """Every rule's fake credentials in every run would make other secret scanners flag the report."""
    for rule in run["tool"]["driver"]["rules"]:
        markdown = rule["help"]["markdown"]
        assert "## Use instead" in markdown and "## Mapped controls" in markdown, rule["id"]
        assert "## Examples" not in markdown, rule["id"]
        assert "## Suppressing" not in markdown, rule["id"]


def test_unparsable_file_is_reported_as_a_tool_execution_notification(run: Json) -> None:
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [(n["descriptor"]["id"], n["level"], _uri(n["locations"][0])) for n in notes] == [
        ("parse-error", "warning", "app/broken.py")
    ]
    assert notes[0]["message"]["text"] == (
        "app/broken.py: not analysed, could not be parsed (Python syntax error)."
    )
    descriptors = run["tool"]["driver"]["notifications"]
    assert descriptors[notes[0]["descriptor"]["index"]]["id"] == "parse-error"
    assert all(_uri(r["locations"][0]) != "app/broken.py" for r in run["results"])


def test_scan_without_findings_reports_an_empty_results_list(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "app.py").write_text('import os\n\nKEY = os.environ["JWT_KEY"]\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(clean)], check=True)
    document = _scan(clean, tmp_path / "out.sarif", exit_code=0)
    assert document["runs"][0]["results"] == []
    assert schema_errors(document) == []


def test_hostile_names_keys_and_reasons_still_give_a_report_github_accepts(
    tmp_path: Path,
) -> None:
    # A newline, CR, ESC, a bidi override and a Markdown link, in a path, a key and a reason.
    hostile = "x\n::warning::forged\r\x1b[2K\u202e[click](https://evil.example)"
    repo = tmp_path / "repo"
    (repo / f"deploy{hostile}").mkdir(parents=True)
    (repo / f"deploy{hostile}" / "app.yaml").write_text(
        f'"\u202e[click](https://evil.example) api_token": {secrets.token_hex(16)}Zq\n',
        encoding="utf-8",
    )
    (repo / f"deploy{hostile}" / ".env").write_text(
        f"OTHER_TOKEN={secrets.token_hex(16)}Zq  # nhiguard: ignore[SEC001] {hostile}\n",
        encoding="utf-8",
    )
    out = tmp_path / "hostile.sarif"
    document = _scan(repo, out)
    assert sorted(r["ruleId"] for r in document["runs"][0]["results"]) == ["SEC001", "SEC001"]
    assert schema_errors(document) == []
    assert _multitool_findings(out, tmp_path / "validation.sarif") == []


# --- levels come from each finding's own score --------------------------------


def _finding(**changes: Any) -> Finding:
    base = Finding(
        rule_id="HMAC001",
        path="app/settings.py",
        location=Location(3, 14, 3, 40),
        message="signing key for jwt.encode is hardcoded in the repository",
        snippet='KEY = "ab********yz"',
        fingerprint="0" * 32,
        evidence=Evidence(masked="ab********yz", length=26, digest="d" * 32),
    )
    return replace(base, **changes)


def _sarif_of(finding: Finding) -> Json:
    result = ScanResult(
        root="/src/repo",
        findings=(finding,),
        notifications=(),
        files_scanned=1,
        rules=catalog.load(),
        started_at="2024-01-01T00:00:00+00:00",
        duration_seconds=0.0,
        version="0.0.0",
    )
    document = to_sarif(result)
    assert schema_errors(document) == []
    return document


def test_finding_with_a_lowered_score_is_reported_at_its_own_level() -> None:
    finding = _finding(adjustment=Adjustment(score=5.0, reason="test-only key, never deployed"))
    run = _sarif_of(finding)["runs"][0]
    (sarif_result,) = run["results"]
    assert _rule(run, "HMAC001")["defaultConfiguration"] == {"level": "error"}
    assert sarif_result["level"] == "warning"
    assert sarif_result["properties"]["security-severity"] == "5.0"
    assert sarif_result["properties"]["adjustment"] == "test-only key, never deployed"


def test_related_locations_stop_at_the_100_github_keeps_and_count_the_rest() -> None:
    uses = tuple(
        Related(f"app/use_{n:03}.py", Location(n + 1), "used by jwt.encode") for n in range(130)
    )
    (sarif_result,) = _sarif_of(_finding(related=uses))["runs"][0]["results"]
    related = sarif_result["relatedLocations"]
    assert [(r["id"], _uri(r)) for r in related] == [(n, f"app/use_{n:03}.py") for n in range(100)]
    assert sarif_result["properties"]["relatedLocationsOmitted"] == 30


def test_frameworks_are_sarif_taxonomies_the_driver_declares(run: Json) -> None:
    names = [taxonomy["name"] for taxonomy in run["taxonomies"]]
    declared = [ref["name"] for ref in run["tool"]["driver"]["supportedTaxonomies"]]
    assert names == declared
    nhi = run["taxonomies"][0]
    assert [taxon["id"] for taxon in nhi["taxa"]] == [f"NHI{n}:2025" for n in range(1, 11)]


def test_each_rule_relates_to_its_owasp_nhi_csf_and_cwe_taxa(run: Json) -> None:
    targets = {
        (
            run["taxonomies"][rel["target"]["toolComponent"]["index"]]["name"],
            rel["target"]["id"],
        )
        for rel in _rule(run, "JWT001")["relationships"]
    }
    for taxonomy_name, taxon_id in targets:
        taxonomy = next(t for t in run["taxonomies"] if t["name"] == taxonomy_name)
        assert taxon_id in {taxon["id"] for taxon in taxonomy["taxa"]}
    assert {taxon_id for _, taxon_id in targets} == {"NHI4:2025", "PR.AA-04", "PR.AA-03", "CWE-347"}


def test_over_githubs_result_limit_the_most_severe_are_kept_and_a_notification_says_so(
    repo: Path,
) -> None:
    from scanner import catalog
    from scanner.configuration import Config
    from scanner.engine import scan
    from scanner.report.sarif import to_sarif

    result = scan([repo], Config(), catalog.load(), jobs=1)
    levels = sorted((result.score(f) for f in result.findings), reverse=True)
    limited = to_sarif(result, max_results=2)["runs"][0]
    kept = limited["results"]
    assert len(kept) == 2
    assert sorted(
        _rule(limited, r["ruleId"])["properties"]["security-severity"] for r in kept
    ) == sorted(f"{score:.1f}" for score in levels[:2])
    notes = limited["invocations"][0]["toolExecutionNotifications"]
    assert any("results left out" in n["message"]["text"] for n in notes)
