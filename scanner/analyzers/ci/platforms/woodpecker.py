"""Woodpecker CI: `.woodpecker.yml` or one pipeline per YAML file in `.woodpecker/`.

Steps run `commands` with an `environment`; plugins take `settings`. A
stored secret is handed over as `NAME: {from_secret: secret_name}` (the
older `secrets: [name]` list is not read). `$${NAME}` escapes the
pre-processor, so the shell expands it at run time.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="Woodpecker CI",
    kind=FileKind.CI,
    document=Document.YAML_PIPELINE,
    file_names=frozenset({".woodpecker.yml", ".woodpecker.yaml"}),
    yaml_under=((".woodpecker",),),
    script_keys=("commands", "entrypoint"),
    env_keys=frozenset({"environment", "settings"}),
    reference_keys=frozenset({"from_secret"}),
    predefined=("CI_", "WOODPECKER_"),
)
