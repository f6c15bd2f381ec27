"""GitLab CI: `.gitlab-ci.yml`, its global and job `variables` and job scripts.

Secrets are project or group CI/CD variables, injected into every job's
environment and referenced as `$NAME`; a few predefined ones are secrets too.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

PLATFORM = Platform(
    name="GitLab CI",
    kind=FileKind.GITLAB_CI,
    document=Document.GITLAB,
    file_names=frozenset({".gitlab-ci.yml", ".gitlab-ci.yaml"}),
    script_keys=("before_script", "script", "after_script"),
    env_keys=frozenset({"variables"}),
    predefined=("CI_", "GITLAB_"),
    predefined_secrets=frozenset({"CI_JOB_TOKEN", "CI_REGISTRY_PASSWORD", "CI_DEPLOY_PASSWORD"}),
    trusted_publishing=frozenset({"PyPI", "npm"}),  # through `id_tokens`
)
