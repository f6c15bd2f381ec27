"""Travis CI: `.travis.yml`, whose variables are `NAME=value` strings under `env`.

Secrets are repository settings or `secure:` strings encrypted for the repository.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Document, Platform
from scanner.model import FileKind

# The build lifecycle's phases, each a command or a list of them.
_PHASES = (
    "before_install", "install", "before_script", "script", "after_script", "after_success",
    "after_failure", "before_deploy", "after_deploy", "before_cache",
)  # fmt: skip

PLATFORM = Platform(
    name="Travis CI",
    kind=FileKind.CI,
    document=Document.YAML_PIPELINE,
    file_names=frozenset({".travis.yml"}),
    script_keys=_PHASES,
    env_keys=frozenset({"env", "global"}),  # `env: {global: [...]}`
    predefined=("TRAVIS_",),
)
