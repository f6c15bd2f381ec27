"""A scan compared to an earlier one: which findings are new, unchanged or fixed.

Findings are matched by fingerprint, which holds the rule, the file and the
masked line but no line number: a finding that only moved is unchanged. Only
open findings count: one suppressed since the earlier scan is not "fixed"
in the code but accepted, so it is neither new nor fixed.
"""

from __future__ import annotations

from dataclasses import replace

from scanner.model import Comparison, ScanResult


def compare(current: ScanResult, previous: ScanResult, name: str) -> ScanResult:
    """`current` with its comparison to `previous` (called `name` in the reports)."""
    now = {f.fingerprint for f in current.findings}
    known = frozenset(f.fingerprint for f in previous.active)
    fixed = tuple(f for f in previous.active if f.fingerprint not in now)
    return replace(current, comparison=Comparison(name, known, fixed))
