"""The CI audits: one module per rule, each owning its judgement (zizmor's one audit per file).

| module | rule |
|---|---|
| `ci001_literal_credentials` | CI001 a credential written out in a pipeline |
| `ci002_secrets_in_logs` | CI002 a secret sent to the job log, summary or an artifact |
| `ci003_token_permissions` | CI003 a GitHub token with write-all or default permissions |
| `ci004_untrusted_checkouts` | CI004 a privileged trigger running the pull request's code |
| `ci005_static_cloud_keys` | CI005 a long-lived cloud or registry key where OIDC serves |
| `ci006_secret_overexposure` | CI006 secrets handed to more of the pipeline than needs them |

The readers in `readers/` walk each document shape and call an audit's
hook for each element it judges (`in_workflow`, `in_job`, `in_step`,
`in_block`, ...). Scripts are read once into facts and judged by
`in_script` below, whatever the CI system.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.analyzers.ci.audits import (
    ci001_literal_credentials,
    ci002_secrets_in_logs,
    ci005_static_cloud_keys,
)
from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.script_facts import ScriptFacts
from scanner.analyzers.ci.secret_values import Thresholds
from scanner.model import Detection


def in_script(
    facts: ScriptFacts, thresholds: Thresholds, platform: Platform
) -> Iterator[Detection]:
    """What every CI system's scripts are judged for: CI001, CI002 and CI005."""
    yield from ci001_literal_credentials.in_script(facts, thresholds)
    yield from ci002_secrets_in_logs.in_script(facts)
    yield from ci005_static_cloud_keys.in_script(facts, platform)
