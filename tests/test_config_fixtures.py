"""The config fixture repos: exactly the annotated config findings, per file and line.

Only the config analyzer's rules run, so a rule another analyzer adds on the
same lines stays out of this comparison; tests/test_fixtures.py checks every
repo with every rule. JSON files carry their expectations in the folder's
`expect.yaml` sidecar, read by `fixture_scan` with the inline annotations.
"""

from __future__ import annotations

import pytest
from fixture_scan import (
    FIXTURES,
    SIDECAR,
    FixtureScan,
    Triple,
    mismatch_table,
    mismatches,
    scan_fixture,
)

from scanner.model import Rule
from scanner.registry import CONFIG, rules_for

FOLDERS = ("compose_stack", "helm_chart", "k8s_manifests", "spring_app")
CONFIG_RULES = rules_for(CONFIG)


@pytest.fixture(scope="module", params=FOLDERS)
def outcome(request: pytest.FixtureRequest, rules: tuple[Rule, ...]) -> FixtureScan:
    return scan_fixture(FIXTURES / request.param, [r for r in rules if r.id in CONFIG_RULES])


def _ours(triples: frozenset[Triple] | set[Triple]) -> set[Triple]:
    return {t for t in triples if t[2] in CONFIG_RULES}


def test_config_fixture_reports_exactly_the_annotated_findings(outcome: FixtureScan) -> None:
    rows = mismatches(outcome, CONFIG_RULES)
    if rows:
        pytest.fail(mismatch_table(rows), pytrace=False)


def test_config_fixture_parses_every_file(outcome: FixtureScan) -> None:
    assert outcome.unanalysed == ()


def test_config_fixture_has_more_tricky_negatives_than_findings(outcome: FixtureScan) -> None:
    assert _ours(outcome.expected)
    assert len(_ours(outcome.negatives)) >= len(_ours(outcome.expected))


def test_config_fixtures_cover_every_config_rule(rules: tuple[Rule, ...]) -> None:
    covered: set[str] = set()
    for folder in FOLDERS:
        scanned = scan_fixture(FIXTURES / folder, [r for r in rules if r.id in CONFIG_RULES])
        covered |= {rule for _, _, rule in scanned.reported}
    assert covered == set(CONFIG_RULES)


def test_json_expectations_live_in_the_sidecar() -> None:
    sidecar = FIXTURES / "k8s_manifests" / SIDECAR
    text = sidecar.read_text(encoding="utf-8")
    assert "json/registry-credentials.json" in text
    assert "json/job.json" in text
