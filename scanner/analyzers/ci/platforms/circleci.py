"""CircleCI: any YAML under `.circleci/`, with `run` steps and `environment` blocks.

Secrets are project environment variables and contexts, referenced as `$NAME`;
secondary `docker:` images are throwaway service containers.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="CircleCI",
    kind=FileKind.CI,
    document=Document.YAML_PIPELINE,
    yaml_anywhere_under=(".circleci",),
    script_keys=("run", "command"),  # `run: make` or `run: {command: make}`
    env_keys=frozenset({"environment"}),
    predefined=("CIRCLE_",),
)
