"""Drone: `.drone.yml`, step `commands`, `environment` and plugin `settings`.

A stored secret is handed over as `NAME: {from_secret: secret_name}`.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="Drone",
    kind=FileKind.CI,
    document=Document.YAML_PIPELINE,
    file_names=frozenset({".drone.yml"}),
    script_keys=("commands",),
    env_keys=frozenset({"environment", "settings"}),
    reference_keys=frozenset({"from_secret"}),
    predefined=("DRONE_", "CI_"),
)
