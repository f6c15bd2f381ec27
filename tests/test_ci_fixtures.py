"""The gha_workflows fixture repo: exactly the annotated CI findings, per file and line.

Only CI001-CI006 run, so other rules that may fire on the same lines (known
token formats, reuse) stay out of this comparison; tests/test_fixtures.py
checks the whole repo with every rule.
"""

from __future__ import annotations

from collections import Counter

import pytest
from fixture_scan import FIXTURES, FixtureScan, mismatch_table, mismatches, scan_fixture

from scanner.model import Rule

FOLDER = FIXTURES / "gha_workflows"
CI_RULES = ("CI001", "CI002", "CI003", "CI004", "CI005", "CI006")


@pytest.fixture(scope="module")
def outcome(rules: tuple[Rule, ...]) -> FixtureScan:
    return scan_fixture(FOLDER, [r for r in rules if r.id in CI_RULES])


def test_ci_findings_are_exactly_the_annotated_ones(outcome: FixtureScan) -> None:
    rows = mismatches(outcome, CI_RULES)
    if rows:
        pytest.fail(mismatch_table(rows), pytrace=False)


def test_every_pipeline_file_is_fully_analysed(outcome: FixtureScan) -> None:
    assert outcome.unanalysed == ()


@pytest.mark.parametrize("rule_id", CI_RULES)
def test_each_ci_rule_has_positives_and_at_least_as_many_negatives(
    outcome: FixtureScan, rule_id: str
) -> None:
    positives = Counter(t[2] for t in outcome.expected)[rule_id]
    negatives = Counter(t[2] for t in outcome.negatives)[rule_id]
    assert positives >= 1
    assert negatives >= positives, "pin the tricky negatives next to the findings"


def test_every_platform_of_the_fixture_has_findings(outcome: FixtureScan) -> None:
    paths = {t[0] for t in outcome.reported}
    assert {".gitlab-ci.yml", ".circleci/config.yml", "Jenkinsfile"} <= paths
    assert ".github/actions/setup-tools/action.yml" in paths
    assert sum(p.startswith(".github/workflows/") for p in paths) >= 6
