"""GitHub Actions: workflows under `.github/workflows/` and composite actions.

Secrets reach a workflow only through `${{ secrets.NAME }}` expressions (and
`github.token`); nothing is injected into the environment unasked.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import SHELL_REFERENCES, Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="GitHub Actions",
    kind=FileKind.GITHUB_ACTIONS,
    document=Document.WORKFLOW,
    yaml_under=((".github", "workflows"),),
    named_under=((frozenset({"action.yml", "action.yaml"}), ".github"),),
    script_keys=("run",),
    env_keys=frozenset({"env"}),
    secret_syntax=(*SHELL_REFERENCES, r"\{\{"),  # `${{ secrets.NAME }}`
    predefined=("GITHUB_", "RUNNER_"),
)
