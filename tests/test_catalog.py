"""The rule catalog refuses what the docs and analyzers cannot use: unbounded numbers, unsplit limitations."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.catalog import parse
from scanner.errors import CatalogError
from scanner.model import Limitations

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


JWT008_LIMITS = (
    "  false_results: >-\n    Leeway values read from the environment at run time are not judged.\n"
)


def test_limitations_are_read_as_how_it_decides_and_false_results() -> None:
    rule = parse("rules/JWT008.yaml", (RULES / "JWT008.yaml").read_text(encoding="utf-8"))
    assert rule.limitations == Limitations(
        how_it_decides=(
            "jwcrypto's default of 60 seconds is under the default limit and is not reported."
            " Config file keys count only when their name says leeway, or clock skew or clock"
            " tolerance in a JWT, token, OAuth or OIDC section (`JWT_LEEWAY_SECONDS`,"
            " `[jwt] leeway`, `security.jwt.clock-skew`). The unit comes from the value"
            " (`10m`, `PT5M`), then a unit word in the key (`_SECONDS`, `_MS`); otherwise a"
            " number counts seconds, as every JWT library does, except in Spring's"
            " `application*` files, where it counts milliseconds. In gateway and mesh"
            " configurations, Envoy `clock_skew_seconds`, Gloo `clockSkewSeconds` and Emissary"
            " `leewayForExpiresAt` over the limit are reported on their line."
        ),
        false_results="Leeway values read from the environment at run time are not judged.",
    )


@pytest.mark.parametrize(
    ("replaced", "by", "message"),
    [
        pytest.param(
            JWT008_LIMITS,
            "",
            "limitations.false_results: expected a non-empty string",
            id="missing-false-results",
        ),
        pytest.param(
            JWT008_LIMITS,
            JWT008_LIMITS + "  known_misses: none\n",
            "limitations.known_misses: unknown key",
            id="unknown-key",
        ),
    ],
)
def test_limitations_must_be_split_in_two_texts(replaced: str, by: str, message: str) -> None:
    with pytest.raises(CatalogError) as raised:
        parse("rules/JWT008.yaml", jwt008(replaced, by))
    assert str(raised.value) == f"rules/JWT008.yaml: {message}"


def test_one_limitations_text_as_before_the_split_says_how_to_split_it() -> None:
    text = jwt008(JWT008_LIMITS, "").replace(
        "limitations:\n  how_it_decides: >-\n", "limitations: >-\n"
    )
    with pytest.raises(CatalogError) as raised:
        parse("rules/JWT008.yaml", text)
    assert str(raised.value) == (
        "rules/JWT008.yaml: limitations: expected how_it_decides and false_results (split"
        " the text: what the rule judges on purpose, and what it misses or wrongly reports)"
    )
