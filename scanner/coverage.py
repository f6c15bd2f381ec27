"""Which framework items a scan tested, and which of them it found violated.

A control matrix row joins one framework item (an OWASP NHI risk, a NIST CSF
2.0 subcategory, a CWE) to the rules of this scan that test it:

- `fail`: at least one unsuppressed finding of one of those rules;
- `pass`: rules that test it ran, and none of them has an unsuppressed finding
  (suppressed findings are counted, but accepted);
- `not covered`: no rule that ran tests it.

Pure functions of a `ScanResult`: rows come in catalog order, then any item a
rule names that the catalog does not know, sorted; rule ids are sorted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from scanner.frameworks import CATALOGS, Catalog, Control, Framework, catalog, mapped_ids
from scanner.model import ScanResult


class Status(str, Enum):
    FAIL = "fail"
    PASS = "pass"
    NOT_COVERED = "not covered"


@dataclass(frozen=True, slots=True)
class Row:
    control: Control
    rules: tuple[str, ...]
    failing_rules: tuple[str, ...]
    findings: int
    suppressed: int

    @property
    def status(self) -> Status:
        if self.findings:
            return Status.FAIL
        if self.rules:
            return Status.PASS
        return Status.NOT_COVERED


@dataclass(frozen=True, slots=True)
class Matrix:
    catalog: Catalog
    rows: tuple[Row, ...]

    def count(self, status: Status) -> int:
        return sum(1 for row in self.rows if row.status is status)


def matrix(result: ScanResult, framework: Framework) -> Matrix:
    known = catalog(framework)
    testing: dict[str, set[str]] = {}
    for rule in result.rules:
        for control_id in mapped_ids(rule.frameworks, framework):
            testing.setdefault(control_id, set()).add(rule.id)
    active = Counter(f.rule_id for f in result.active)
    suppressed = Counter(f.rule_id for f in result.suppressed)
    unknown = sorted(set(testing) - {c.id for c in known.controls})
    controls = known.controls + tuple(Control(framework, i, "") for i in unknown)
    rows = []
    for control in controls:
        rules = tuple(sorted(testing.get(control.id, ())))
        rows.append(
            Row(
                control=control,
                rules=rules,
                failing_rules=tuple(r for r in rules if active[r]),
                findings=sum(active[r] for r in rules),
                suppressed=sum(suppressed[r] for r in rules),
            )
        )
    return Matrix(known, tuple(rows))


def matrices(result: ScanResult) -> tuple[Matrix, ...]:
    """One matrix per framework: OWASP NHI, NIST CSF 2.0, CWE."""
    return tuple(matrix(result, c.framework) for c in CATALOGS)
