"""The byte prefilters only save time: with every one answering yes, findings are the same.

A prefilter that drops a file its analyzer would report on is a silent miss;
this runs every fixture repo, the example app and every rule example once with
the prefilters on and once with each analyzer's `might_report` and the Python
families' prefilter (`PREFILTER.chosen`) forced to yes, and compares every finding field by field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import catalog
from scanner.analyzers import ANALYZERS
from scanner.analyzers.python.analyzer import PREFILTER
from scanner.configuration import Config
from scanner.engine import scan, scan_text
from scanner.model import Finding

ROOT = Path(__file__).parent.parent
RULES = catalog.load()


def _every_finding() -> list[tuple[str, tuple[Finding, ...]]]:
    found = [
        (
            "tree",
            scan([ROOT / "tests/fixtures", ROOT / "examples"], Config(), RULES, jobs=1).findings,
        )
    ]
    for rule in RULES:
        for group in ("bad", "good", "limits"):
            for index, example in enumerate(getattr(rule, group)):
                config = Config(rule_parameters={rule.id: dict(example.parameters)})
                outcome = scan_text(example.path, example.code, config, RULES)
                found.append((f"{rule.id}-{group}-{index}", outcome.findings))
    return found


def _without_prefilters(monkeypatch: pytest.MonkeyPatch) -> None:
    for analyzer in ANALYZERS:
        monkeypatch.setattr(type(analyzer), "might_report", lambda self, data, kind: True)
    monkeypatch.setattr(
        type(PREFILTER), "chosen", lambda self, text, families, *parameters: (list(families), True)
    )


def test_turning_every_prefilter_off_changes_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    filtered = _every_finding()
    assert sum(len(f) for _, f in filtered) > 300  # the fixtures and examples report plenty
    _without_prefilters(monkeypatch)
    assert _every_finding() == filtered
