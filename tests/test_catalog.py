"""The rule catalog refuses a numeric parameter without a range, so no override is unbounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.catalog import parse
from scanner.errors import CatalogError

RULES = Path(__file__).resolve().parent.parent / "rules"
LEEWAY = "max_leeway_seconds: {type: int, default: 300, min: 0, max: 3153600000,"


def jwt008(replaced: str, by: str) -> str:
    text = (RULES / "JWT008.yaml").read_text(encoding="utf-8")
    assert text.count(replaced) == 1
    return text.replace(replaced, by)


@pytest.mark.parametrize(
    ("replaced", "by", "message"),
    [
        pytest.param(
            LEEWAY,
            "max_leeway_seconds: {type: int, default: 300,",
            "parameters.max_leeway_seconds.min: expected a finite int",
            id="no-range",
        ),
        pytest.param(
            LEEWAY,
            "max_leeway_seconds: {type: int, default: 300, min: 0, max: .inf,",
            "parameters.max_leeway_seconds.max: expected a finite int",
            id="infinite-range",
        ),
        pytest.param(
            LEEWAY,
            "max_leeway_seconds: {type: int, default: 300, min: 10, max: 5,",
            "parameters.max_leeway_seconds.max: expected at least min",
            id="empty-range",
        ),
        pytest.param(
            LEEWAY,
            "max_leeway_seconds: {type: int, default: 300, min: 0, max: 60,",
            "parameters.max_leeway_seconds.default: expected int from 0 to 60",
            id="default-outside-range",
        ),
    ],
)
def test_a_numeric_parameter_needs_a_finite_range_holding_its_default(
    replaced: str, by: str, message: str
) -> None:
    with pytest.raises(CatalogError) as raised:
        parse("rules/JWT008.yaml", jwt008(replaced, by))
    assert str(raised.value) == f"rules/JWT008.yaml: {message}"


def test_an_example_override_outside_the_range_is_refused() -> None:
    text = jwt008(
        "  good:\n",
        "  good:\n    - {path: a.py, why: w, code: x, parameters: {max_leeway_seconds: -1}}\n",
    )
    with pytest.raises(CatalogError) as raised:
        parse("rules/JWT008.yaml", text)
    assert str(raised.value) == (
        "rules/JWT008.yaml: examples.good[0].parameters.max_leeway_seconds:"
        " expected int from 0 to 3153600000"
    )
