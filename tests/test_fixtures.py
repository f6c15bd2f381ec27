"""Annotated fixture repos: the exact (path, line, rule) set the scanner must report.

Each folder under tests/fixtures/ is a small realistic project. `# expect: ID`
above a line says the scanner reports ID there; `# ok: ID reason` above a line
says it must not. Every unsuppressed finding of any rule must be expected, and
every expectation must be reported; a failure prints the difference as a table.
"""

from __future__ import annotations

import pytest
from fixture_scan import FixtureScan, Triple, fixture_folders, scan_fixture

from scanner.model import Rule

FOLDERS = fixture_folders()


@pytest.fixture(scope="module", params=FOLDERS, ids=[f.name for f in FOLDERS])
def outcome(request: pytest.FixtureRequest, rules: tuple[Rule, ...]) -> FixtureScan:
    return scan_fixture(request.param, rules)


def _table(rows: list[tuple[str, Triple, str]]) -> str:
    header = ("kind", "location", "rule", "note")
    body = [(kind, f"{path}:{line}", rule, note) for kind, (path, line, rule), note in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + f"  {row[3]}"
        for row in [header, *body]
    ]
    return "\n".join(line.rstrip() for line in lines)


def _rows(outcome: FixtureScan) -> list[tuple[str, Triple, str]]:
    rows = [(("missing", t, "expected, not reported")) for t in outcome.missing]
    for triple in outcome.extra:
        kind = "extra (ok)" if triple in outcome.negatives else "extra"
        rows.append((kind, triple, outcome.messages.get(triple, "")))
    return sorted(rows, key=lambda row: (row[1][0], row[1][1], row[1][2], row[0]))


def test_fixture_reports_exactly_the_annotated_findings(outcome: FixtureScan) -> None:
    rows = _rows(outcome)
    if rows:
        pytest.fail(
            f"{len(outcome.missing)} missing, {len(outcome.extra)} extra\n" + _table(rows),
            pytrace=False,
        )


def test_fixture_is_fully_analysed(outcome: FixtureScan) -> None:
    assert outcome.unanalysed == (), "a file the scanner skipped hides its findings"


def test_fixture_annotations_do_not_contradict_each_other(outcome: FixtureScan) -> None:
    assert outcome.expected & outcome.negatives == frozenset()


def test_fixture_has_as_many_deliberate_negatives_as_positives(outcome: FixtureScan) -> None:
    assert outcome.expected, "a fixture repo must expect at least one finding"
    assert len(outcome.negatives) >= len(outcome.expected)
