"""Which framework items a scan tested, and which of them it found violated.

A control matrix row joins one framework item (an OWASP NHI risk, a NIST CSF
2.0 subcategory, a CWE) to the rules of this scan that test it:

- `fail`: at least one unsuppressed finding of one of those rules;
- `pass`: rules that test it ran on at least one input of a kind they read
  (`inputs` counts them), and none of them has an unsuppressed finding
  (suppressed findings are counted, but accepted). A rule of the row that
  had no input of its kinds checked nothing: it is named in
  `rules_without_input`, so a pass resting on some of the item's rules
  never reads as a pass of all of them;
- `not applicable`: rules that test it ran, but the scan held no input they
  read (no CI file: the CI rules' items), so nothing was checked;
- `not covered`: no rule that ran tests it.

A result saved before inputs were counted has no counts: its rows pass as
they did then, with `inputs` None.

Pure functions of a `ScanResult`: rows come in catalog order, then any item a
rule names that the catalog does not know, sorted; rule ids are sorted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from scanner.frameworks import CATALOGS, Catalog, Control, Framework, catalog, mapped_ids
from scanner.model import FileKind, Notification, NotificationKind, ScanResult

# A file with one of these notes was still analysed (in part, or without git's help);
# so was one whose note is about an ignore comment.
_STILL_CHECKED = frozenset({NotificationKind.NOT_UTF8, NotificationKind.GIT_REFUSED})


class Status(str, Enum):
    FAIL = "fail"
    PASS = "pass"
    NOT_APPLICABLE = "not applicable"
    NOT_COVERED = "not covered"


def checked_inputs(
    files: Iterable[tuple[str, FileKind]], notifications: Iterable[Notification]
) -> dict[FileKind, int]:
    """How many files of each kind the rules analysed: skipped and failed files do not count."""
    unchecked = {
        n.path for n in notifications if n.kind not in _STILL_CHECKED and not n.about_acceptance
    }
    counts = Counter(kind for path, kind in files if path not in unchecked)
    return {kind: counts[kind] for kind in FileKind if counts[kind]}


@dataclass(frozen=True, slots=True)
class Row:
    control: Control
    rules: tuple[str, ...]
    failing_rules: tuple[str, ...]
    findings: int
    suppressed: int
    inputs: int | None = None  # inputs of the kinds its rules read; None when not recorded
    rules_without_input: tuple[str, ...] = ()  # its rules that read no scanned input

    @property
    def status(self) -> Status:
        if self.findings:
            return Status.FAIL
        if not self.rules:
            return Status.NOT_COVERED
        if self.inputs == 0:
            return Status.NOT_APPLICABLE
        return Status.PASS


@dataclass(frozen=True, slots=True)
class Matrix:
    catalog: Catalog
    rows: tuple[Row, ...]

    def count(self, status: Status) -> int:
        return sum(1 for row in self.rows if row.status is status)


def matrix(result: ScanResult, framework: Framework) -> Matrix:
    known = catalog(framework)
    testing: dict[str, set[str]] = {}
    kinds: dict[str, set[FileKind]] = {}
    idle = {rule.id for rule in result.rules if _inputs(result, set(rule.inputs)) == 0}
    for rule in result.rules:
        for control_id in mapped_ids(rule.frameworks, framework):
            testing.setdefault(control_id, set()).add(rule.id)
            kinds.setdefault(control_id, set()).update(rule.inputs)
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
                inputs=_inputs(result, kinds.get(control.id, set())),
                rules_without_input=tuple(r for r in rules if r in idle),
            )
        )
    return Matrix(known, tuple(rows))


def matrices(result: ScanResult) -> tuple[Matrix, ...]:
    """One matrix per framework: OWASP NHI, NIST CSF 2.0, CWE."""
    return tuple(matrix(result, c.framework) for c in CATALOGS)


def _inputs(result: ScanResult, kinds: set[FileKind]) -> int | None:
    if result.inputs is None:
        return None
    return sum(result.inputs.get(kind, 0) for kind in kinds)


def summary(result: ScanResult) -> dict[str, dict[str, dict[str, object]]]:
    """Every framework item's status as JSON and SARIF state it: framework -> id -> facts."""
    return {
        m.catalog.framework.value: {
            row.control.id: {
                "status": row.status.value,
                "rules": list(row.rules),
                "findings": row.findings,
                "suppressed": row.suppressed,
                "inputs_checked": row.inputs,
                "rules_without_input": list(row.rules_without_input),
            }
            for row in m.rows
        }
        for m in matrices(result)
    }
