"""Rule id -> the rule in code: what runs it, its typed parameters, what the engine asks of it.

A rule's words, examples and parameter defaults live in `rules/<ID>.yaml`;
this table holds what code must know about it and nothing the YAML says. An
analyzer takes its rule set from here (`rules_for("config")`), so a rule
cannot pass its examples with every rule on yet stay silent when enabled
alone; the engine asks a rule's properties (does it mask secrets, is it a
cross-file pass, may linking re-judge it) instead of naming ids.

Parameters are frozen dataclasses whose fields are the YAML's parameters,
with no defaults of their own: the engine builds each from the YAML's
defaults merged with the user's overrides, so a threshold is written once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from scanner.model import Detection, Location, ParamValue

P = TypeVar("P")

# Hooks: what runs a rule. Python families are named after their module.
PYTHON = "python."
CI = "ci"
CONFIG = "config"
SCRIPTS = "scripts"
SECRET_FORMATS = "secret-formats"
GATEWAY = "gateway"  # gateway, mesh and workload documents (`analyzers/gateway/`)
REUSE = "reuse"  # across every file's findings, after the scan


@dataclass(frozen=True, slots=True)
class NoParameters:
    """The parameters of a rule that has none."""


@dataclass(frozen=True, slots=True)
class CredentialThresholds:
    """When a literal value counts as a credential (SEC001 in config, CI001 in pipelines,
    SEC005 in code and scripts)."""

    min_length: int
    min_entropy: float


@dataclass(frozen=True, slots=True)
class WeakKeys:
    """HMAC002: values everyone knows, and the key size when the algorithm does not say."""

    weak_values: tuple[str, ...]
    default_min_bytes: int


@dataclass(frozen=True, slots=True)
class TokenLifetimes:
    """JWT007: the longest an access or a refresh token may live, in seconds."""

    access_max_seconds: int
    refresh_max_seconds: int


@dataclass(frozen=True, slots=True)
class LeewayLimit:
    """JWT008: the most clock skew a verifier may accept, in seconds."""

    max_leeway_seconds: int


@dataclass(frozen=True, slots=True)
class SensitiveClaims:
    """JWT011: claim names that say their value is a secret."""

    sensitive_claim_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeewayMargin:
    """TOK002: how much more clock skew one validator of an issuer may accept than another."""

    leeway_margin_seconds: int


@dataclass(frozen=True, slots=True)
class ReuseThreshold:
    """SEC003: secrets shorter than this are too common to call reused."""

    min_length: int


@dataclass(frozen=True, slots=True)
class GatewayExemptions:
    """GW001: request paths that are public on purpose (health and readiness probes)."""

    exempt_paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceAccountTokens:
    """K8S001: the longest a projected service-account token may live, in seconds."""

    max_token_seconds: int


@dataclass(frozen=True)
class RuleEntry(Generic[P]):
    """One rule in code: its hooks, its parameters' type, and the properties the engine asks.

    `masks_secrets`: its detections mark where secret values sit, so it runs
    for masking even when disabled. `cross_file`: its findings come from every
    file's findings after the scan, not from an analyzer (reuse compares the
    masking rules' evidence, so they run for it even when disabled). `rejudged_by_linking`:
    a finding of it may be replaced by the signing-key finding linking makes
    of the same value. `streamed`: it needs one line at a time, so a file over
    max-file-size is still searched for it, block by block. `yields_to`: rules
    whose detection of the same secret characters wins over this rule's (a key
    that signs is reported as the signing key it is, not as a credential).
    """

    id: str
    hooks: frozenset[str]
    parameters: type[P]
    masks_secrets: bool = False
    cross_file: bool = False
    rejudged_by_linking: bool = False
    streamed: bool = False
    yields_to: frozenset[str] = frozenset()

    def detect(
        self, location: Location, fields: Mapping[str, str] | None = None, **details: Any
    ) -> Detection:
        """A detection of this rule at `location`, with the facts its message names.

        `details` are `Detection`'s other fields (evidence, secret spans, related places, ...).
        """
        return Detection(self.id, location, {} if fields is None else fields, **details)

    def typed(self, values: Mapping[str, ParamValue]) -> P:
        """The parameters from the YAML's defaults merged with overrides (`Config.parameters_for`)."""
        built: P = self.parameters(**values)
        return built

    def parameters_in(self, parameters: Mapping[str, object]) -> P:
        """This rule's parameters from a scan's table, or the YAML's defaults when it has none."""
        found = parameters.get(self.id)
        if isinstance(found, self.parameters):
            return found
        return _defaults(self.id)  # type: ignore[no-any-return]


def _entry(
    rule_id: str,
    *hooks: str,
    parameters: type[Any] = NoParameters,
    masks_secrets: bool = False,
    cross_file: bool = False,
    rejudged_by_linking: bool = False,
    streamed: bool = False,
    yields_to: tuple[str, ...] = (),
) -> RuleEntry[Any]:
    return RuleEntry(
        rule_id,
        frozenset(hooks),
        parameters,
        masks_secrets=masks_secrets,
        cross_file=cross_file,
        rejudged_by_linking=rejudged_by_linking,
        streamed=streamed,
        yields_to=frozenset(yields_to),
    )


_DECODE = PYTHON + "decode_calls"
_MINTING = PYTHON + "minting"
_SIGNING = PYTHON + "signing_keys"
_SETTINGS = PYTHON + "framework_settings"

JWT001: RuleEntry[NoParameters] = _entry("JWT001", _DECODE)
JWT002: RuleEntry[NoParameters] = _entry("JWT002", _DECODE, _MINTING, GATEWAY)
JWT003: RuleEntry[NoParameters] = _entry("JWT003", _DECODE, _SETTINGS, GATEWAY)
JWT004: RuleEntry[NoParameters] = _entry("JWT004", _DECODE, _SETTINGS, GATEWAY)
JWT005: RuleEntry[NoParameters] = _entry("JWT005", _DECODE, _SETTINGS, GATEWAY)
JWT006: RuleEntry[NoParameters] = _entry("JWT006", _DECODE, _MINTING, GATEWAY)
JWT007: RuleEntry[TokenLifetimes] = _entry(
    "JWT007", _MINTING, _SETTINGS, CONFIG, GATEWAY, parameters=TokenLifetimes
)
JWT008: RuleEntry[LeewayLimit] = _entry(
    "JWT008", _DECODE, _SETTINGS, CONFIG, GATEWAY, parameters=LeewayLimit
)
JWT009: RuleEntry[NoParameters] = _entry("JWT009", PYTHON + "headers")
JWT010: RuleEntry[NoParameters] = _entry("JWT010", PYTHON + "endpoints", CONFIG, GATEWAY)
JWT011: RuleEntry[SensitiveClaims] = _entry("JWT011", _MINTING, parameters=SensitiveClaims)
HMAC001: RuleEntry[NoParameters] = _entry(
    "HMAC001", _SIGNING, _SETTINGS, CONFIG, GATEWAY, masks_secrets=True
)
HMAC002: RuleEntry[WeakKeys] = _entry(
    "HMAC002", _SIGNING, _SETTINGS, CONFIG, GATEWAY, parameters=WeakKeys, masks_secrets=True
)
HMAC003: RuleEntry[NoParameters] = _entry("HMAC003", PYTHON + "mac_compare")
HMAC004: RuleEntry[NoParameters] = _entry("HMAC004", PYTHON + "digests")
SEC001: RuleEntry[CredentialThresholds] = _entry(
    "SEC001",
    CONFIG,
    parameters=CredentialThresholds,
    masks_secrets=True,
    rejudged_by_linking=True,
)
SEC002: RuleEntry[NoParameters] = _entry(
    "SEC002", SECRET_FORMATS, masks_secrets=True, streamed=True, yields_to=("HMAC001", "HMAC002")
)
SEC003: RuleEntry[ReuseThreshold] = _entry(
    "SEC003", REUSE, parameters=ReuseThreshold, cross_file=True
)
SEC004: RuleEntry[NoParameters] = _entry("SEC004", PYTHON + "logging_calls")
SEC005: RuleEntry[CredentialThresholds] = _entry(
    "SEC005",
    PYTHON + "credential_literals",
    SCRIPTS,
    parameters=CredentialThresholds,
    masks_secrets=True,
    yields_to=("HMAC001", "HMAC002"),
)
TOK001: RuleEntry[NoParameters] = _entry("TOK001", PYTHON + "forwarded_tokens", GATEWAY)
# Its analyzers state what each validator checks; the engine compares them after the scan.
TOK002: RuleEntry[LeewayMargin] = _entry("TOK002", _DECODE, GATEWAY, parameters=LeewayMargin)
CI001: RuleEntry[CredentialThresholds] = _entry(
    "CI001", CI, parameters=CredentialThresholds, masks_secrets=True
)
CI002: RuleEntry[NoParameters] = _entry("CI002", CI)
CI003: RuleEntry[NoParameters] = _entry("CI003", CI)
CI004: RuleEntry[NoParameters] = _entry("CI004", CI)
CI005: RuleEntry[NoParameters] = _entry("CI005", CI)
CI006: RuleEntry[NoParameters] = _entry("CI006", CI)
GW001: RuleEntry[GatewayExemptions] = _entry("GW001", GATEWAY, parameters=GatewayExemptions)
K8S001: RuleEntry[ServiceAccountTokens] = _entry("K8S001", GATEWAY, parameters=ServiceAccountTokens)

RULES: Mapping[str, RuleEntry[Any]] = {
    entry.id: entry
    for entry in (
        *(JWT001, JWT002, JWT003, JWT004, JWT005, JWT006),
        *(JWT007, JWT008, JWT009, JWT010, JWT011),
        *(HMAC001, HMAC002, HMAC003, HMAC004),
        *(SEC001, SEC002, SEC003, SEC004, SEC005),
        TOK001,
        TOK002,
        *(CI001, CI002, CI003, CI004, CI005, CI006),
        *(GW001, K8S001),
    )
}
MASKING: frozenset[str] = frozenset(r.id for r in RULES.values() if r.masks_secrets)
REJUDGED_BY_LINKING: frozenset[str] = frozenset(
    r.id for r in RULES.values() if r.rejudged_by_linking
)
STREAMED: frozenset[str] = frozenset(r.id for r in RULES.values() if r.streamed)


def entry(rule_id: str) -> RuleEntry[Any]:
    """The registered rule; a KeyError names an id the catalog has and this table lacks."""
    return RULES[rule_id]


_BY_HOOK: Mapping[str, frozenset[str]] = {
    hook: frozenset(r.id for r in RULES.values() if hook in r.hooks)
    for hook in sorted({h for r in RULES.values() for h in r.hooks})
}


def rules_for(hook: str) -> frozenset[str]:
    """The ids of the rules a hook runs; a hook no rule names is a typo, not an empty set."""
    return _BY_HOOK[hook]


def _defaults(rule_id: str) -> Any:
    """A rule's parameters at the YAML's defaults: for a context built without a scan's table."""
    return _all_defaults()[rule_id]


@functools.cache
def _all_defaults() -> Mapping[str, Any]:
    from scanner import catalog  # read only on this path: a scan hands every worker its table

    return {r.id: RULES[r.id].typed(r.parameter_defaults()) for r in catalog.load()}
