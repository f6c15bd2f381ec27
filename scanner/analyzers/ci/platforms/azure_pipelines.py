"""Azure Pipelines: `azure-pipelines.yml`, with script steps and task inline scripts.

Variables are a mapping or a list of `- name: X / value: Y`; secret
variables and variable groups are referenced with `$(NAME)` macros, and a
script marks a value secret with `##vso[task.setvariable ...;issecret=true]`.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import SHELL_REFERENCES, Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="Azure Pipelines",
    kind=FileKind.CI,
    document=Document.YAML_PIPELINE,
    file_names=frozenset({"azure-pipelines.yml", "azure-pipelines.yaml"}),
    # `script:` steps and their shorthands; `inlineScript` (AzureCLI), `Inline` (AzurePowerShell)
    script_keys=("script", "bash", "pwsh", "powershell", "inlinescript", "inline"),
    env_keys=frozenset({"env", "variables"}),
    secret_syntax=(*SHELL_REFERENCES, r"\$\("),  # `$(registryPassword)`
)
