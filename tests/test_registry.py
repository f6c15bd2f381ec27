"""The rule registry agrees with the catalog: same ids, the analyzers the YAML's inputs
promise, parameters typed exactly as the YAML declares them."""

from __future__ import annotations

import dataclasses

import pytest

from scanner import catalog, registry
from scanner.analyzers import ANALYZERS
from scanner.analyzers.base import Context
from scanner.analyzers.python.analyzer import FAMILIES, PythonAnalyzer
from scanner.configuration import Config
from scanner.model import FileKind, Rule
from scanner.scan_settings import Settings

RULES = catalog.load()
_TYPES = {"int": "int", "float": "float", "str": "str", "bool": "bool"}
_TYPES["list[str]"] = "tuple[str, ...]"


def test_registry_holds_exactly_the_catalog_rules() -> None:
    assert sorted(registry.RULES) == [r.id for r in RULES]


@pytest.mark.parametrize(
    "rule", [r for r in RULES if not registry.entry(r.id).cross_file], ids=lambda r: r.id
)
def test_the_analyzers_that_run_a_rule_read_its_yaml_inputs_and_no_others(rule: Rule) -> None:
    # An analyzer may read more kinds than one of its rules (CI003 is GitHub's alone).
    running = [a for a in ANALYZERS if rule.id in a.rules]
    assert set(rule.inputs) <= {k for a in running for k in a.kinds}
    assert all(a.kinds & set(rule.inputs) for a in running)


def test_reuse_reads_only_inputs_whose_findings_carry_secret_evidence() -> None:
    # SEC003 has no analyzer: it compares the keyed digests the masking rules put in evidence.
    masked = {k for a in ANALYZERS for k in a.kinds if a.rules & registry.MASKING}
    for rule in RULES:
        if registry.entry(rule.id).cross_file:
            assert set(rule.inputs) <= masked
            assert not any(rule.id in a.rules for a in ANALYZERS)


def test_every_python_family_and_only_those_is_a_registry_hook() -> None:
    hooks = {h for r in registry.RULES.values() for h in r.hooks if h.startswith(registry.PYTHON)}
    assert hooks == {registry.PYTHON + f.module for f in FAMILIES}
    assert PythonAnalyzer.rules == frozenset().union(*(f.rules for f in FAMILIES))


def test_a_hook_no_rule_names_is_an_error_not_an_empty_rule_set() -> None:
    with pytest.raises(KeyError):
        registry.rules_for("python.decode_call")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_typed_parameters_have_the_yaml_parameters_names_and_types(rule: Rule) -> None:
    fields = {f.name: f.type for f in dataclasses.fields(registry.entry(rule.id).parameters)}
    assert fields == {p.name: _TYPES[p.type] for p in rule.parameters}


def test_typed_parameters_take_their_defaults_from_the_yaml() -> None:
    settings = Settings.build(Config(), RULES)
    context = Context(settings.enabled, settings.parameters)
    assert context.params(registry.JWT007) == registry.TokenLifetimes(3600, 2592000)
    assert context.params(registry.SEC001) == registry.CredentialThresholds(8, 2.5)
    assert context.params(registry.CI001) == registry.CredentialThresholds(8, 2.5)


def test_a_configured_parameter_overrides_only_that_parameter() -> None:
    config = Config(rule_parameters={"JWT007": {"access_max_seconds": 900}})
    settings = Settings.build(config, RULES)
    assert Context(settings.enabled, settings.parameters).params(registry.JWT007) == (
        registry.TokenLifetimes(900, 2592000)
    )


def test_a_context_without_a_parameter_table_runs_rules_at_their_yaml_defaults() -> None:
    assert Context(frozenset({"JWT008"})).params(registry.JWT008) == registry.LeewayLimit(300)


def test_the_engine_properties_name_the_rules_the_engine_once_named_by_id() -> None:
    assert sorted(registry.MASKING) == ["CI001", "HMAC001", "HMAC002", "SEC001", "SEC002", "SEC005"]
    assert sorted(registry.REJUDGED_BY_LINKING) == ["SEC001"]
    assert sorted(registry.STREAMED) == ["SEC002"]


def test_a_detection_made_through_a_rule_names_that_rule() -> None:
    from scanner.model import Location

    detection = registry.JWT009.detect(Location(3, 5), {"header": "alg"})
    assert (detection.rule_id, detection.location, dict(detection.fields)) == (
        "JWT009",
        Location(3, 5),
        {"header": "alg"},
    )


def test_every_kind_an_input_names_exists() -> None:
    assert {k for r in RULES for k in r.inputs} <= set(FileKind)
