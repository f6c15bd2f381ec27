"""Every rule's examples with that rule alone enabled (`enable = ["JWT004"]`).

A rule an analyzer reports but does not list among its rules passes every
example with all rules on, and reports nothing when a user enables it alone:
the engine never runs the analyzer for it. bad: the rule fires on exactly the
lines its `# expect:` comments name, as with every rule on; good: silent.
"""

from __future__ import annotations

import pytest
from annotations import expected

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Example, Rule

RULES = catalog.load()


def _cases(group: str) -> list[pytest.param]:
    return [
        pytest.param(rule, example, id=f"{rule.id}-{group}-{index}")
        for rule in RULES
        for index, example in enumerate(getattr(rule, group))
    ]


def _reported_alone(rule: Rule, example: Example) -> set[tuple[int, str]]:
    config = Config(enable=(rule.id,), rule_parameters={rule.id: dict(example.parameters)})
    outcome = scan_text(example.path, example.code, config, RULES)
    return {(f.location.line, f.rule_id) for f in outcome.findings}


@pytest.mark.parametrize(("rule", "example"), _cases("bad"))
def test_bad_example_fires_with_only_its_rule_enabled(rule: Rule, example: Example) -> None:
    assert _reported_alone(rule, example) == {p for p in expected(example.code) if p[1] == rule.id}


@pytest.mark.parametrize(("rule", "example"), _cases("good"))
def test_good_example_stays_silent_with_only_its_rule_enabled(rule: Rule, example: Example) -> None:
    assert _reported_alone(rule, example) == set()
