"""Every example in every rule's YAML, run through the real engine entry.

bad: the rule fires on each line under a `# expect:` naming it, and nowhere else.
good: the rule stays silent. limits: silent for now; when the engine learns the
case this fails, and the example moves to `bad`.

bad and good run again with that rule alone enabled (`enable = ["JWT004"]`): a
rule an analyzer reports but does not list among its rules passes with every
rule on and reports nothing alone, since the engine never runs the analyzer
for it.
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


def _reported(rule: Rule, example: Example, alone: bool = False) -> set[tuple[int, str]]:
    enable = (rule.id,) if alone else ()
    config = Config(enable=enable, rule_parameters={rule.id: dict(example.parameters)})
    outcome = scan_text(example.path, example.code, config, RULES)
    return {(f.location.line, f.rule_id) for f in outcome.findings if alone or f.rule_id == rule.id}


@pytest.mark.parametrize(("rule", "example"), _cases("bad"))
def test_bad_example_is_reported_on_expected_lines(rule: Rule, example: Example) -> None:
    wanted = {pair for pair in expected(example.code) if pair[1] == rule.id}
    assert wanted, "a bad example must mark at least one line with # expect:"
    assert _reported(rule, example) == wanted


@pytest.mark.parametrize(("rule", "example"), _cases("good"))
def test_good_example_is_not_reported(rule: Rule, example: Example) -> None:
    assert _reported(rule, example) == set()


@pytest.mark.parametrize(("rule", "example"), _cases("limits"))
def test_known_miss_stays_missed_until_fixed(rule: Rule, example: Example) -> None:
    assert _reported(rule, example) == set()


@pytest.mark.parametrize(("rule", "example"), _cases("bad"))
def test_bad_example_is_reported_with_only_its_rule_enabled(rule: Rule, example: Example) -> None:
    wanted = {pair for pair in expected(example.code) if pair[1] == rule.id}
    assert _reported(rule, example, alone=True) == wanted


@pytest.mark.parametrize(("rule", "example"), _cases("good"))
def test_good_example_is_not_reported_with_only_its_rule_enabled(
    rule: Rule, example: Example
) -> None:
    assert _reported(rule, example, alone=True) == set()
