"""The CI systems nhiguard reads: one descriptor module each, registered in `PLATFORMS`.

Discovery asks `platform_for` which system a file belongs to (and so what
kind of file it is); the pipeline analyzer asks the same question to pick
the reader that walks it. The first descriptor that claims a file wins, so
the order below settles overlaps: a GitHub workflow named `.travis.yml` is
a workflow, and a named file inside `.circleci/` is its own system's.
"""

from __future__ import annotations

from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.platforms import (
    azure_pipelines,
    bitbucket_pipelines,
    circleci,
    drone,
    github_actions,
    gitlab_ci,
    jenkins,
    travis_ci,
    woodpecker,
)

PLATFORMS: tuple[Platform, ...] = (
    github_actions.PLATFORM,
    gitlab_ci.PLATFORM,
    travis_ci.PLATFORM,
    azure_pipelines.PLATFORM,
    bitbucket_pipelines.PLATFORM,
    drone.PLATFORM,
    jenkins.PLATFORM,
    woodpecker.PLATFORM,
    circleci.PLATFORM,  # any YAML under `.circleci/`: after the systems known by file name
)


def platform_for(relpath: str) -> Platform | None:
    """The CI system whose pipeline file this is, from its repo-relative path alone."""
    parts = [p for p in relpath.lower().split("/") if p not in ("", ".")]
    return next((p for p in PLATFORMS if p.matches(parts)), None)
