"""Bitbucket Pipelines: `bitbucket-pipelines.yml`, step scripts and pipe `variables`.

Secured repository and deployment variables are referenced as `$NAME`.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="Bitbucket Pipelines",
    kind=FileKind.CI,
    document=Document.YAML_PIPELINE,
    file_names=frozenset({"bitbucket-pipelines.yml"}),
    script_keys=("script", "after-script"),
    env_keys=frozenset({"variables"}),
    predefined=("BITBUCKET_",),
)
