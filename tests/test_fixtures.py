"""Annotated fixture repos: the exact (path, line, rule) set the scanner must report.

Each folder under tests/fixtures/ is a small realistic project. `# expect: ID`
above a line says the scanner reports ID there; `# ok: ID reason` above a line
says it must not. Every unsuppressed finding of any rule must be expected, and
every expectation must be reported; a failure prints the difference as a table.
"""

from __future__ import annotations

import pytest
from fixture_scan import FixtureScan, fixture_folders, mismatch_table, mismatches, scan_fixture

from scanner.model import Rule

FOLDERS = fixture_folders()


@pytest.fixture(scope="module", params=FOLDERS, ids=[f.name for f in FOLDERS])
def outcome(request: pytest.FixtureRequest, rules: tuple[Rule, ...]) -> FixtureScan:
    return scan_fixture(request.param, rules)


def test_fixture_reports_exactly_the_annotated_findings(outcome: FixtureScan) -> None:
    rows = mismatches(outcome)
    if rows:
        pytest.fail(mismatch_table(rows), pytrace=False)


def test_fixture_is_fully_analysed(outcome: FixtureScan) -> None:
    assert outcome.unanalysed == (), "a file the scanner skipped hides its findings"


def test_fixture_annotations_do_not_contradict_each_other(outcome: FixtureScan) -> None:
    assert outcome.expected & outcome.negatives == frozenset()


def test_fixture_has_as_many_deliberate_negatives_as_positives(outcome: FixtureScan) -> None:
    assert outcome.expected, "a fixture repo must expect at least one finding"
    assert len(outcome.negatives) >= len(outcome.expected)
