"""What every worker needs to know about the scan, built once and sent to each worker once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scanner import registry
from scanner.configuration import Config
from scanner.model import Rule


@dataclass(frozen=True, slots=True)
class Settings:
    """The enabled rules, their messages and typed parameters, and the suppression settings.

    Parameters are built here, in the parent, from the YAML's defaults and the
    user's overrides: a worker never reads the catalog.
    """

    enabled: frozenset[str]
    messages: Mapping[str, str]
    names: Mapping[str, str]  # rule id -> rule name: an inline ignore may use either
    parameters: Mapping[str, object]
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    inline_ignores: bool = True
    max_file_size: int = 2 * 1024 * 1024
    reraise: bool = False

    @classmethod
    def build(cls, config: Config, rules: Sequence[Rule], reraise: bool = False) -> Settings:
        enabled = config.enabled_rules(rules)
        return cls(
            enabled=frozenset(r.id for r in enabled),
            messages={r.id: r.message for r in rules},
            names={r.id: r.name for r in rules},
            parameters={
                r.id: registry.entry(r.id).typed(config.parameters_for(r))
                for r in rules
                if r.id in registry.RULES
            },
            per_file_ignores=dict(config.per_file_ignores),
            inline_ignores=config.inline_ignores,
            max_file_size=config.max_file_size,
            reraise=reraise,
        )
