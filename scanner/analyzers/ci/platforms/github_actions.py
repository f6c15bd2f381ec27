"""GitHub Actions: workflows under `.github/workflows/` and actions anywhere.

An action's metadata file is `action.yml` or `action.yaml` in any folder,
the repository root included (a published action) and `.github/actions/`
(local ones). The reader tells an action from a workflow by its content
(`runs.using`), and walks the steps of a composite action like a job's.

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
    file_names=frozenset({"action.yml", "action.yaml"}),
    script_keys=("run",),
    env_keys=frozenset({"env"}),
    secret_syntax=(*SHELL_REFERENCES, r"\{\{"),  # `${{ secrets.NAME }}`
    predefined=("GITHUB_", "RUNNER_"),
    # docs.pypi.org/trusted-publishers, docs.npmjs.com/trusted-publishers,
    # guides.rubygems.org/trusted-publishing, crates.io/docs/trusted-publishing,
    # learn.microsoft.com/nuget/nuget-org/trusted-publishing
    trusted_publishing=frozenset({"PyPI", "npm", "RubyGems", "crates.io", "NuGet"}),
)
