"""Findings another file confirms or withdraws: the conditions, read as a table."""

from __future__ import annotations

import pytest

from scanner.vouching import Condition, withdrawn


@pytest.mark.parametrize(
    ("condition", "claims", "met"),
    [
        (Condition("f", (), ()), set(), True),
        (Condition("f", (), ("policy:orders/",)), set(), True),
        (Condition("f", (), ("policy:orders/", "policy:/")), {"policy:/"}, False),
        (Condition("f", ("authn:orders/",), ()), set(), False),
        (Condition("f", ("authn:orders/",), ()), {"authn:orders/"}, True),
        (Condition("f", ("authn:orders/",), ("policy:orders/",)), {"authn:orders/", "policy:orders/"}, False),
    ],
    ids=["no-condition", "nothing-withdraws", "withdrawn", "not-confirmed", "confirmed", "confirmed-then-withdrawn"],
)  # fmt: skip
def test_a_condition_is_met_by_the_claims_it_needs_and_none_that_withdraw_it(
    condition: Condition, claims: set[str], met: bool
) -> None:
    assert condition.met(claims) is met


def test_withdrawn_names_the_findings_whose_condition_fails() -> None:
    conditions = [Condition("a", (), ("x",)), Condition("b", ("y",), ()), Condition("c", (), ())]
    assert withdrawn(conditions, {"x"}) == {"a", "b"}
